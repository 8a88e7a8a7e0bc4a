/**
 * The engine as a library: `npm pack` the built package, `npm install <tarball>` it into an empty
 * temp project (from the local npm cache when it holds everything, else from the npm registry),
 * and run a short consumer script there: import the package and a stage subpath, load the shipped
 * data, compute a Sharpe ratio (compared with the same computation from this checkout), check that
 * relative paths resolve under the consumer's folder (never node_modules) and that the optional
 * ml-random-forest backend fails with an install hint; then the README's "Use it as a library"
 * example runs there as an ES module. The installed size must stay <= 100 MB.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, lstatSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadShippedPanel, panelSeries, tickerIndex } from "../../src/data";
import { simpleReturns } from "../../src/features";
import { sharpeRatio } from "../../src/analytics";
import { formatNumber } from "../../src/util/format";

const root = resolve(__dirname, "..", "..");
const MAX_INSTALLED_BYTES = 100 * 1024 * 1024;

function npm(args: string[], cwd: string) {
  return spawnSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
}

/** Bytes of the files under `dir` (symlinks counted as links, not followed). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    total += st.isDirectory() ? treeBytes(path) : st.size;
  }
  return total;
}

const CONSUMER = `
const engine = require("cross-asset-alpha-engine");
const analytics = require("cross-asset-alpha-engine/analytics");
(async () => {
  const panel = await engine.loadShippedPanel({ tickers: ["SPY", "TLT"] });
  const spy = engine.simpleReturns(engine.panelSeries(panel, "close", engine.tickerIndex(panel, "SPY")));
  let optional = "";
  try {
    engine.fitRandomForest([1, 2, 3, 4], [1, 2, 3, 4], { backend: "ml-random-forest", nEstimators: 2 });
  } catch (err) {
    optional = (err instanceof engine.MissingOptionalPackageError ? "MissingOptionalPackageError: " : "other: ") + err.message;
  }
  console.log(JSON.stringify({
    sameFunction: analytics.sharpeRatio === engine.sharpeRatio,
    days: panel.dates.length,
    sharpeSpy: engine.sharpeRatio(spy),
    workspace: engine.workspaceRoot(),
    config: engine.parseStudyConfig({}).regimes.hmm.nComponents,
    optional,
  }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

test("npm pack, npm install <tarball> into an empty project, and a consumer script runs: installed size <= 100 MB", { timeout: 600_000 }, async (t) => {
  assert.ok(existsSync(join(root, "dist", "index.js")), "run npm run build first (npm test does): the package ships dist/");
  const work = mkdtempSync(join(tmpdir(), "cae-pack-"));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  // --ignore-scripts: dist/ is built already; `prepare` would rebuild it
  const pack = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], root);
  assert.equal(pack.status, 0, pack.stderr);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  const paths = packed.files.map((f) => f.path);
  assert.ok(paths.includes("dist/index.js") && paths.includes("LICENSE") && paths.includes("README.md") && paths.includes("data/universes.json"));
  assert.deepEqual(paths.filter((p) => /^(tests|src|notebooks|scripts|bench)\//.test(p)), [], "only dist, data, README, LICENSE ship");

  const project = join(work, "consumer");
  spawnSync("mkdir", [project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  const tarball = join(work, packed.filename);
  let install = npm(["install", "--offline", tarball], project);
  const source = install.status === 0 ? "the local npm cache (--offline)" : "the npm registry";
  if (install.status !== 0) install = npm(["install", "--prefer-offline", tarball], project);
  assert.equal(install.status, 0, `npm install <tarball> failed:\n${install.stderr}`);

  const installed = JSON.parse(readFileSync(join(project, "node_modules", "cross-asset-alpha-engine", "package.json"), "utf8")) as { private?: boolean };
  assert.equal(installed.private, undefined, "publishable: not private");
  for (const optionalPeer of ["tslab", "danfojs-node", "@tensorflow/tfjs", "@duckdb/node-api", "ml-random-forest", "esbuild"]) {
    assert.ok(!existsSync(join(project, "node_modules", optionalPeer)), `${optionalPeer} is not installed with the engine`);
  }
  const bytes = treeBytes(join(project, "node_modules"));
  t.diagnostic(`installed from ${source}: node_modules ${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes} bytes)`);
  assert.ok(bytes <= MAX_INSTALLED_BYTES, `installed size ${(bytes / 1024 / 1024).toFixed(1)} MiB > 100 MiB`);

  writeFileSync(join(project, "consumer.js"), CONSUMER);
  const run = spawnSync(process.execPath, ["consumer.js"], { cwd: project, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { sameFunction: boolean; days: number; sharpeSpy: number; workspace: string; config: number; optional: string };

  // the same computation from this checkout's source
  const panel = await loadShippedPanel({ tickers: ["SPY", "TLT"] });
  assert.equal(out.days, panel.dates.length);
  const expected = sharpeRatio(simpleReturns(panelSeries(panel, "close", tickerIndex(panel, "SPY"))));
  assert.ok(expected > 0.3 && expected < 1.5, `SPY's Sharpe ratio over the shipped years is ${expected}`);
  assert.equal(out.sharpeSpy, expected);
  assert.ok(out.sameFunction, "the /analytics subpath gives the root's function");
  assert.equal(out.config, 3);
  assert.equal(out.workspace, project, "relative paths (study.json, reports/.cache) resolve under the consumer's folder, not node_modules");
  assert.equal(out.optional, 'MissingOptionalPackageError: forest backend "ml-random-forest" needs the optional package "ml-random-forest", which is not installed: run `npm install ml-random-forest`');

  // the README's "Use it as a library" example, as an ES module in the consumer project
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Use it as a library"));
  const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(example, 'README "Use it as a library" has a js example');
  writeFileSync(join(project, "example.mjs"), example);
  const ran = spawnSync(process.execPath, ["example.mjs"], { cwd: project, encoding: "utf8" });
  assert.equal(ran.status, 0, ran.stderr);
  const three = await loadShippedPanel({ tickers: ["SPY", "TLT", "GLD"] });
  const lines = three.tickers.map((ticker) => `${ticker} ${formatNumber(sharpeRatio(simpleReturns(panelSeries(three, "close", tickerIndex(three, ticker)))), 3)}`);
  assert.equal(ran.stdout, lines.map((l) => `${l}\n`).join(""));
  assert.match(lines[0], /^SPY 0\.\d{3}$/);

  const version = spawnSync(join(project, "node_modules", ".bin", "alpha-engine"), ["--version"], { cwd: project, encoding: "utf8" });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /0\.1\.0/);
});

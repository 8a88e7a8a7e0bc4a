/**
 * `npm run docs`: TypeDoc builds the API reference with every warning an error (typedoc.json sets
 * treatWarningsAsErrors), one page per stage, and the configs documented field by field from
 * their zod schemas (typedoc-plugin-zod).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");

test("typedoc builds the API docs with no warnings: every stage, configs from their zod schemas", { timeout: 600_000 }, (t) => {
  const config = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")) as { out: string; treatWarningsAsErrors: boolean; plugin: string[] };
  assert.equal(config.out, "reports/api");
  assert.equal(config.treatWarningsAsErrors, true);
  assert.deepEqual(config.plugin, ["typedoc-plugin-zod"]);
  const out = mkdtempSync(join(tmpdir(), "cae-api-"));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--out", out], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `typedoc failed:\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stdout + r.stderr, /\[warning\]/);
  for (const stage of ["util", "config", "data", "analytics", "features", "regimes", "models", "portfolio", "backtest", "charts", "notebook", "study"]) {
    assert.ok(existsSync(join(out, "modules", `${stage}.html`)), `a page for ${stage}`);
  }
  // ForestConfig is z.infer of ForestConfigSchema: its fields and their schema comments are there
  const text = readFileSync(join(out, "types", "config.ForestConfig.html"), "utf8").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
  assert.match(text, /nEstimators : number Number of trees\./);
  assert.match(text, /backend : &quot;native&quot; \| &quot;ml-random-forest&quot; Which implementation fits the trees/);
  assert.ok(existsSync(join(out, "functions", "util.createProgress.html")), "the progress API is documented");
});

// `alpha-engine update` and `alpha-engine data status` through the built CLI (dist/cli.js) in child
// processes, against the fake Polygon server serving the shipped universe (23 ETFs, the shipped bars
// of 2025-08-01..2025-09-26). Run `npm run build` (or `npx tsc -p tsconfig.json`) first.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakePolygon, type FakePolygon } from "../fixtures/data/fakePolygon";
import { loadShippedBars } from "../../src/data/shipped";
import { loadUniverseFile, resolveUniverse } from "../../src/data/universe";
import { shippedDataDir } from "../../src/data/shipped";

const ROOT = join(__dirname, "..", "..");
const KEY = "pk_CLI_STATUS_TEST_a1b2c3d4e5";
const tmp = mkdtempSync(join(tmpdir(), "caae-status-"));
const TICKERS = resolveUniverse(loadUniverseFile(shippedDataDir()), "cross-asset-core").tickers;
let fake: FakePolygon;

before(async () => {
  fake = await startFakePolygon({ apiKey: KEY });
  for (const t of TICKERS) fake.setBars(t, await loadShippedBars(t, { start: "2025-08-01", end: "2025-09-26", vwap: "missing" }));
});
after(async () => {
  await fake.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** The CLI in a child process (async: the fake server answers from this process). */
function cli(args: string[], env: Record<string, string | undefined> = { POLYGON_API_KEY: KEY }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const fullEnv: Record<string, string | undefined> = { ...process.env, POLYGON_API_KEY: undefined, MASSIVE_API_KEY: undefined, ...env };
    const p = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, env: fullEnv as NodeJS.ProcessEnv });
    let stdout = "", stderr = "";
    p.stdout.on("data", (b) => (stdout += b));
    p.stderr.on("data", (b) => (stderr += b));
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function configFile(name: string, data: Record<string, unknown>): string {
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify({ data: { source: "live", baseUrl: fake.baseUrl, cacheDir: join(tmp, `cache-${name}`), start: "2025-08-01", end: "2025-09-26", rateLimitPerMinute: 10_000, ...data } }));
  return path;
}

test("update fills the cache of the shipped universe (one request per ticker), data status --json lists exactly the nine fields, a second update asks nothing", async () => {
  const config = configFile("core", {});
  fake.requests.length = 0;
  const first = await cli(["update", "--config", config]);
  assert.equal(first.status, 0, first.stderr);
  const progress = first.stderr.split("\n").filter((l) => /^\[\d+\/23\] /.test(l));
  assert.equal(progress.length, 23);
  assert.match(progress[0], /^\[1\/23\] SPY: full, \+40 bars, last bar 2025-09-26, checked through 2025-09-26, current \(1 request\)$/);
  assert.match(first.stdout, /^updated 23 ticker\(s\) of cross-asset-core in [\d.]+ s: 23 request\(s\), 23 current, 0 restated, 0 failed/);
  assert.equal(fake.requests.length, 23);

  const status = await cli(["data", "status", "--config", config, "--json"]);
  assert.equal(status.status, 0, status.stderr);
  const rows = JSON.parse(status.stdout) as Record<string, unknown>[];
  assert.equal(rows.length, 23);
  for (const r of rows) assert.deepEqual(Object.keys(r), ["ticker", "firstBar", "lastBar", "rows", "checkedThrough", "adjustment", "source", "restatements", "current"]);
  assert.deepEqual(rows[0], { ticker: "SPY", firstBar: "2025-08-01", lastBar: "2025-09-26", rows: 40, checkedThrough: "2025-09-26", adjustment: "split", source: `polygon:${fake.baseUrl}`, restatements: 0, current: true });
  assert.deepEqual(rows.map((r) => r.ticker), TICKERS);

  const text = await cli(["data", "status", "--config", config]);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /^ticker\s+first bar\s+last bar\s+rows\s+checked through\s+adjustment\s+source\s+restatements\s+current$/m);
  assert.match(text.stdout, /^23 of 23 current in /m);

  fake.requests.length = 0;
  const again = await cli(["update", "--config", config]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /: 0 request\(s\), 23 current/);
  assert.equal(fake.requests.length, 0);
});

test("update with data.end after the vendor's last bar: nothing new costs one request per ticker, and status says not current", async () => {
  const config = configFile("tail", { end: "2025-09-30" });
  assert.equal((await cli(["update", "--config", config])).status, 0);
  fake.requests.length = 0;
  const again = await cli(["update", "--config", config]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /: 23 request\(s\), 0 current, 0 restated, 0 failed/);
  assert.equal(fake.requests.length, 23);
  assert.ok(fake.requests.every((r) => r.path.endsWith("/2025-09-22/2025-09-30")), "the last 5 cached sessions and the missing tail");
  const rows = JSON.parse((await cli(["data", "status", "--config", config, "--json"])).stdout) as { current: boolean; lastBar: string; checkedThrough: string }[];
  assert.deepEqual([rows[0].current, rows[0].lastBar, rows[0].checkedThrough], [false, "2025-09-26", "2025-09-30"]);
});

test("usage errors exit 2 naming the problem; a missing key exits 1 naming the variables; the key never appears", async () => {
  const config = configFile("errors", {});
  const noSub = await cli(["data", "--config", config]);
  assert.equal(noSub.status, 2);
  assert.match(noSub.stderr, /a sub-command is required: status/);
  const bad = await cli(["data", "stats", "--config", config]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown data sub-command "stats"/);
  const noConfig = await cli(["update"]);
  assert.equal(noConfig.status, 2);
  assert.match(noConfig.stderr, /--config <value> is required/);
  const secret = "pk_SECRET_IN_BASEURL_123";
  const leaky = configFile("leaky", { baseUrl: `https://api.massive.com?apiKey=${secret}` });
  const r = await cli(["update", "--config", leaky]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /data\.baseUrl: must be scheme/);
  assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret));
  const noKey = await cli(["update", "--config", config], {});
  assert.equal(noKey.status, 1);
  assert.match(noKey.stderr, /POLYGON_API_KEY/);
  const withKey = await cli(["update", "--config", config, "--refresh"]);
  assert.ok(!withKey.stderr.includes(KEY) && !withKey.stdout.includes(KEY));
});

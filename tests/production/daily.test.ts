/**
 * The daily cycle as a process: idempotent (the same as-of twice, the same files and rows), and a
 * kill at any point leaves no partial day (rerun it: the journal equals a clean run's). Spawns the
 * built CLI (dist/), on a small slice of the shipped data.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ProductionStore, JOURNAL_TABLES } from "../../src/production/store";
import { createRng } from "../../src/util/rng";

const CLI = resolve(__dirname, "..", "..", "dist", "cli.js");
const DAYS = ["2014-06-02", "2014-06-03", "2014-06-04"];

function configFile(dir: string, memo: string): string {
  const path = join(dir, "config.json");
  writeFileSync(path, JSON.stringify({
    data: { start: "2011-01-03", end: "2014-06-30" },
    regimes: { walkForward: { trainDays: 300, refitEveryDays: 42, nRestarts: 1 }, hmm: { nRestarts: 1 } },
    walkForward: { minTrainDays: 300, retrainEveryDays: 30, maxTrainRows: 3000, model: { forest: { nEstimators: 8, minSamplesLeaf: 50, threads: 1 } } },
    cache: { dir: memo },
    production: { outDir: join(dir, "daily"), database: join(dir, "engine.duckdb"), artifactsDir: join(dir, "artifacts"), riskChecks: { positionCap: { limit: 0.08 } } },
  }));
  return path;
}

/** Run `daily` to the end (or kill it after `killAfterMs`); resolves with the exit code (null when killed). */
function daily(config: string, asOf: string, killAfterMs?: number): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, "daily", "--config", config, "--as-of", asOf], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", fail);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === null && code !== 0) fail(new Error(`daily ${asOf} exited ${code}: ${stderr}`));
      else done(code);
    });
  });
}

/** Every journal and registry row, sorted: what "the same journal" means. */
async function journal(dir: string): Promise<Record<string, string[]>> {
  const store = await ProductionStore.open({ database: join(dir, "engine.duckdb"), artifactsDir: join(dir, "artifacts") });
  try {
    const out: Record<string, string[]> = {};
    for (const table of [...JOURNAL_TABLES, "models", "promotions", "bootstraps"]) {
      out[table] = (await store.query(`SELECT * FROM ${table}`)).map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    store.close();
  }
}

test("daily is idempotent, and a kill at random points then a rerun leaves the journal and files of a clean run", async () => {
  const memo = mkdtempSync(join(tmpdir(), "alpha-memo-"));
  const clean = mkdtempSync(join(tmpdir(), "alpha-clean-"));
  const cleanConfig = configFile(clean, memo);
  const durations: number[] = [];
  for (const day of DAYS) {
    const t0 = Date.now();
    assert.equal(await daily(cleanConfig, day), 0);
    durations.push(Date.now() - t0);
  }
  const expected = await journal(clean);
  assert.equal(expected.days.length, DAYS.length);
  assert.equal(expected.targets.length, DAYS.length * 23);
  assert.ok(expected.risk_checks.length > 0, "the position cap clipped something (a real day's checks are journalled)");

  // idempotency: the last day again
  assert.equal(await daily(cleanConfig, DAYS[2]), 0);
  assert.deepEqual(await journal(clean), expected, "same as-of twice: no duplicate or changed rows");

  const crashed = mkdtempSync(join(tmpdir(), "alpha-crash-"));
  const crashConfig = configFile(crashed, memo);
  const rng = createRng(14);
  for (let k = 0; k < DAYS.length; k++) {
    for (let attempt = 0; attempt < 2; attempt++) await daily(crashConfig, DAYS[k], rng.int(durations[k]));
    assert.equal(await daily(crashConfig, DAYS[k]), 0);
  }
  const got = await journal(crashed);
  // the configs differ only in their folders, which no journal row holds
  assert.deepEqual(got, expected);
  for (const day of DAYS) {
    assert.equal(readFileSync(join(crashed, "daily", day, "orders.csv"), "utf8"), readFileSync(join(clean, "daily", day, "orders.csv"), "utf8"), `orders.csv of ${day}`);
    assert.equal(readFileSync(join(crashed, "daily", day, "targets.json"), "utf8"), readFileSync(join(clean, "daily", day, "targets.json"), "utf8"), `targets.json of ${day}`);
  }
  const orders = readFileSync(join(clean, "daily", DAYS[0], "orders.csv"), "utf8").trim().split("\n");
  assert.equal(orders[0], "ticker,current_weight,target_weight,trade_weight,trade_notional,shares,reason_codes");
  assert.equal(orders.length, 24);
});

/** The production profile's gates and logs: restated bars refuse the day; log lines are JSON. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseProductionRunConfig } from "../../src/production/config";
import { runDailyCycle } from "../../src/production/daily";
import { isoToDay } from "../../src/util/dates";
import { SMALL_STUDY, productionConfig, smallPanel } from "./helpers";

test("production refuses a day when bars the champion was trained on were restated since (and trades on unchanged bars)", async () => {
  const panel = { ...(await smallPanel()), source: "live" as const };
  const memo = mkdtempSync(join(tmpdir(), "alpha-memo-"));
  const { config } = productionConfig({ profile: "production", logLevel: "silent" }, { ...SMALL_STUDY, cache: { dir: memo } });
  const parsed = parseProductionRunConfig(config);
  const today = isoToDay("2014-07-01");
  await runDailyCycle(parsed, "2014-06-26", { panel, today });
  const again = await runDailyCycle(parsed, "2014-06-27", { panel, today });
  assert.equal(again.champion.checks.blocked, null);
  const T = panel.dates.length, spy = panel.tickers.indexOf("SPY");
  const close = panel.close.slice();
  close[spy * T + 100] *= 1.01; // a restatement of SPY's close on a day inside the training window
  await assert.rejects(runDailyCycle(parsed, "2014-06-30", { panel: { ...panel, close }, today }), /the bars up to \d{4}-\d{2}-\d{2} were restated since model [0-9a-f]{12} was trained on them/);
});

test("production logs are pino JSON lines on stderr; research logs are plain lines", () => {
  const src = resolve(__dirname, "..", "..", "src", "production", "log.ts");
  const script = (profile: string) => `const { productionLog } = require(${JSON.stringify(src)}); productionLog({ profile: "${profile}", logLevel: null }).warn("monitor: rolling IC low", { book: "champion", value: -0.1 });`;
  const run = (profile: string) => spawnSync(process.execPath, ["--import", "tsx", "-e", script(profile)], { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "info" } });
  const json = JSON.parse(run("production").stderr.trim());
  assert.equal(json.msg, "monitor: rolling IC low");
  assert.equal(json.level, 40); // pino's warn
  assert.equal(json.book, "champion");
  assert.equal(json.profile, "production");
  assert.equal(run("research").stderr.trim(), 'WARN: monitor: rolling IC low (book=champion value=-0.1)');
  const quiet = spawnSync(process.execPath, ["--import", "tsx", "-e", script("production")], { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "error" } });
  assert.equal(quiet.stderr.trim(), "", "LOG_LEVEL=error silences a warning");
});

test("the refresh step runs first: research and shipped data refresh nothing, and a failing refresh stops the day before anything is written", async () => {
  const { refreshStep } = await import("../../src/production/refresh");
  const { silentLog } = await import("../../src/production/log");
  const research = parseProductionRunConfig({});
  assert.equal(await refreshStep(research, silentLog)(research), undefined);
  const shippedProduction = parseProductionRunConfig({ production: { profile: "production" } });
  assert.equal(await refreshStep(shippedProduction, silentLog)(shippedProduction), undefined);
  const panel = await smallPanel();
  const { config, dir } = productionConfig();
  const calls: unknown[] = [];
  const refreshData = async (c: unknown) => { calls.push(c); throw new Error("vendor down"); };
  await assert.rejects(runDailyCycle(parseProductionRunConfig(config), "2014-06-30", { panel, today: isoToDay("2014-07-01"), refreshData }), /vendor down/);
  assert.equal(calls.length, 1);
  const { existsSync } = await import("node:fs");
  assert.ok(!existsSync(join(dir, "daily", "2014-06-30")), "no files for the day");
});

/** Bad input to the daily cycle: each a clear error naming what is wrong. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../src/config/parse";
import { parseProductionRunConfig } from "../../src/production/config";
import { asOfIndex, runDailyCycle } from "../../src/production/daily";
import { ProductionStore } from "../../src/production/store";
import { findModel, promoteModel } from "../../src/production/registry";
import { compareBooks } from "../../src/production/compare";
import { isoToDay } from "../../src/util/dates";
import { productionConfig, smallPanel } from "./helpers";

test("a missing bar for a member on the as-of day blocks the cycle, naming the ticker and the date", async () => {
  const panel = await smallPanel();
  const T = panel.dates.length, j = panel.tickers.indexOf("XLE");
  const close = panel.close.slice();
  close[j * T + T - 1] = NaN;
  const { config } = productionConfig();
  await assert.rejects(runDailyCycle(parseProductionRunConfig(config), "2014-06-30", { panel: { ...panel, close }, today: isoToDay("2014-07-01") }), /no bar for XLE on 2014-06-30 \(the as-of session\); the cycle is blocked/);
});

test("an as-of in the future, not a session, or beyond the data: clear errors", async () => {
  const panel = await smallPanel();
  const today = isoToDay("2014-07-01");
  assert.throws(() => asOfIndex(panel, "2014-07-02", today), /as-of 2014-07-02 is in the future \(today is 2014-07-01\)/);
  assert.throws(() => asOfIndex(panel, "2014-06-07", today), /as-of 2014-06-07 is not a trading session/);
  assert.throws(() => asOfIndex(panel, "2014-07-04", isoToDay("2015-01-01")), /not a trading session/);
  assert.throws(() => asOfIndex(panel, "2014-07-01", isoToDay("2015-01-01")), /does not cover \(bars from 2011-01-03 to 2014-06-30\)/);
  assert.throws(() => asOfIndex(panel, "June 3", today), /not a date/);
  assert.equal(asOfIndex(panel, "2014-06-30", today), panel.dates.length - 1);
});

test("an unknown model id, and a rollback without an earlier champion: clear errors", async () => {
  const { dir } = productionConfig();
  const store = await ProductionStore.open({ database: join(dir, "db.duckdb"), artifactsDir: join(dir, "artifacts") });
  try {
    await assert.rejects(findModel(store, "abcdef123456"), /unknown model id abcdef123456: no model in the registry has it/);
    await assert.rejects(promoteModel(store, "zz"), /must be 6 to 64 hex digits/);
    await assert.rejects(compareBooks(store), /needs at least 3 sessions journalled for both the champion and the challenger \(found 0\)/);
  } finally {
    store.close();
  }
});

test("a challenger config that fails validation is a ConfigError naming the challenger's field", () => {
  assert.throws(() => parseProductionRunConfig({ production: { challenger: { portfolio: { scheme: "magic" } } } }), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /invalid challenger config: portfolio\.scheme: must be one of "zscore", .* \(got "magic"\)/);
    return true;
  });
  assert.throws(() => parseProductionRunConfig({ production: { challenger: "no-such-file.json" } }), /cannot read the challenger config .*no-such-file\.json/);
  assert.throws(() => parseProductionRunConfig({ production: { profile: "live" } }), /production config: profile: must be one of "research", "production"/);
});

test("the production profile refuses the shipped data", async () => {
  const panel = await smallPanel();
  const { config } = productionConfig({ profile: "production", logLevel: "silent" });
  await assert.rejects(runDailyCycle(parseProductionRunConfig(config), "2014-06-30", { panel, today: isoToDay("2014-07-01") }), /production profile reads live data only/);
  const failed = { ...panel, source: "live" as const, validation: [{ ticker: "GLD", rowsIn: 1, rowsOut: 1, removed: {}, counts: {}, problems: [{ kind: "extreme_return", severity: "error", date: "2014-06-30", message: "x" }] }] } as unknown as typeof panel;
  await assert.rejects(runDailyCycle(parseProductionRunConfig(config), "2014-06-30", { panel: failed, today: isoToDay("2014-07-01") }), /GLD failed validation \(extreme_return\)/);
});

test("compare's Ledoit-Wolf statistic on journalled returns equals the statsmodels-HAC reference", async () => {
  // values: tests/fixtures/analytics/production_stats.json, written by make_production_stats.py (statsmodels S_hac_simple)
  const ref = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "analytics", "production_stats.json"), "utf8"));
  const { dir } = productionConfig();
  const store = await ProductionStore.open({ database: join(dir, "db.duckdb"), artifactsDir: join(dir, "artifacts") });
  try {
    const rows = (book: string, r: number[]) => r.map((x, i) => [book, `d${String(i).padStart(5, "0")}`, x]);
    await store.transaction(async () => {
      await store.insert("days", { columns: ["book", "as_of", "net"], rows: rows("challenger", ref.a) });
      await store.insert("days", { columns: ["book", "as_of", "net"], rows: rows("champion", ref.b) });
    });
    const c = await compareBooks(store, { promotionPValue: 0.05 });
    assert.equal(c.days, ref.a.length);
    for (const key of ["sharpeA", "sharpeB", "difference", "standardError", "tStat", "pValue"] as const) {
      assert.ok(Math.abs(c.test[key] - ref.lw[key]) <= 1e-12 * Math.max(1, Math.abs(ref.lw[key])), `${key}: ${c.test[key]} vs ${ref.lw[key]}`);
    }
    const oneSided = ref.lw.tStat > 0 ? ref.lw.pValue / 2 : 1 - ref.lw.pValue / 2;
    assert.ok(Math.abs(c.oneSidedPValue - oneSided) <= 1e-12);
    assert.equal(c.promote, oneSided <= 0.05);
    assert.match(c.verdict, c.promote ? /^promote the challenger/ : /^keep the champion/);
  } finally {
    store.close();
  }
});

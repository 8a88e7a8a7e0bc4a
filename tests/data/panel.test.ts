// The panel builder and the shipped loaders: alignment without forward fill, counts reported,
// the default study panel, and no look-ahead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPanel, alignmentTable } from "../../src/data/panel";
import { barsBetween, createBars, mergeBars, TYPICAL_PRICE_VWAP } from "../../src/data/bars";
import { listShippedTickers, loadShippedBars, loadShippedPanel } from "../../src/data/shipped";
import { panelSeries, tickerIndex } from "../../src/data/types";
import { dayToIso, isoToDay } from "../../src/util/dates";
import { fixtureBars } from "../fixtures/data/csv";

const d = isoToDay;

test("loadShippedPanel() is the study panel: 23 ETFs x 4,647 NYSE sessions 2007-04-11..2025-09-26, nothing missing", async () => {
  const p = await loadShippedPanel();
  assert.equal(p.universe, "cross-asset-core");
  assert.deepEqual(p.tickers, ["SPY", "QQQ", "IWM", "EFA", "EEM", "XLK", "XLF", "XLE", "XLV", "XLI", "XLP", "XLU", "XLY", "VNQ", "TLT", "IEF", "LQD", "HYG", "GLD", "SLV", "USO", "DBC", "UUP"]);
  assert.equal(p.dates.length, 4647);
  assert.equal(dayToIso(p.dates[0]), "2007-04-11");
  assert.equal(dayToIso(p.dates[4646]), "2025-09-26");
  assert.equal(p.alignment.complete, true);
  assert.equal(p.alignment.totalMissing, 0);
  assert.equal(p.alignment.fill, "none");
  for (const f of ["open", "high", "low", "close", "volume", "vwap"] as const) {
    assert.equal(p[f].length, 23 * 4647);
    assert.ok(p[f].every(Number.isFinite), `${f} has no NaN`);
  }
  assert.deepEqual([...new Set(p.assetClasses)].sort(), ["bond", "commodity", "currency", "equity", "real_estate"]);
  assert.equal(p.assetClasses[tickerIndex(p, "TLT")], "bond");
  assert.ok(p.metadata.every((m) => m.adjustment === "split_dividend"));
});

test("shipped SPY closes equal the source CSV (taa-dashboard, total-return adjusted) on known days", async () => {
  const p = await loadShippedPanel();
  const close = panelSeries(p, "close", tickerIndex(p, "SPY"));
  const at = (iso: string) => close[p.dates.indexOf(d(iso))];
  // ../shared/data/adjusted/SPY.csv rows 2007-04-11, 2020-03-16, 2025-09-26
  assert.equal(at("2007-04-11"), 101.960152);
  assert.equal(at("2020-03-16"), 220.439224);
  assert.equal(at("2025-09-26"), 661.820007);
});

test("shipped VWAP is the typical price, flagged as estimated with the estimator named", async () => {
  const p = await loadShippedPanel({ tickers: ["SPY", "GLD"], start: "2020-01-02", end: "2020-01-31" });
  assert.deepEqual(p.vwapEstimated, [true, true]);
  for (let k = 0; k < p.close.length; k++) assert.equal(p.vwap[k], (p.high[k] + p.low[k] + p.close[k]) / 3);
  const spy = await loadShippedBars("SPY", { start: "2020-01-02", end: "2020-01-03" });
  assert.equal(spy.vwapEstimated, true);
  assert.equal(spy.vwapEstimator, TYPICAL_PRICE_VWAP);
  const raw = await loadShippedBars("SPY", { start: "2020-01-02", end: "2020-01-03", vwap: "missing" });
  assert.equal(raw.vwapEstimated, false);
  assert.ok(Number.isNaN(raw.vwap[0]));
});

test("a missing session stays NaN in every field (never forward-filled) and is counted: FXE lacks 2011-02-17", async () => {
  const p = await loadShippedPanel({ universe: "legacy-2017", start: "2011-02-01", end: "2011-02-28" });
  const j = tickerIndex(p, "FXE");
  const t = p.dates.indexOf(d("2011-02-17"));
  for (const f of ["open", "high", "low", "close", "volume", "vwap"] as const) assert.ok(Number.isNaN(panelSeries(p, f, j)[t]), f);
  assert.ok(Number.isFinite(panelSeries(p, "close", j)[t - 1]));
  const fxe = p.alignment.tickers.find((r) => r.ticker === "FXE")!;
  assert.deepEqual([fxe.missingDays, fxe.insideMissing, fxe.firstMissingDates], [1, 1, ["2011-02-17"]]);
  assert.equal(p.alignment.tickers.find((r) => r.ticker === "SPY")!.missingDays, 0);
  assert.equal(p.alignment.complete, false);
  assert.deepEqual(alignmentTable(p.alignment)["missing (NaN)"], [0, 1, 1]);
});

test("crypto on the NYSE calendar: weekend bars are left out and counted; on the 24/7 calendar equities miss weekends", () => {
  const btc = fixtureBars("crypto/BTCUSD.csv", "X:BTCUSD");
  const spy = fixtureBars("split_adjusted/SPY.csv", "SPY");
  const nyse = buildPanel([spy, btc], { start: "2020-01-01", end: "2020-03-31", assetClasses: ["equity", "crypto"] });
  assert.equal(nyse.dates.length, 62);
  const b = nyse.alignment.tickers[1];
  assert.equal(b.placed, 62);
  assert.equal(b.offCalendar, 91 - 62); // 26 weekend days + 3 NYSE holidays (01-01, 01-20, 02-17)
  assert.deepEqual(b.firstOffCalendarDates.slice(0, 3), ["2020-01-01", "2020-01-04", "2020-01-05"]);
  const all = buildPanel([spy, btc], { calendar: "24/7", start: "2020-01-01", end: "2020-03-31" });
  assert.equal(all.dates.length, 91);
  assert.equal(all.alignment.tickers[0].missingDays, 91 - 62);
  assert.equal(all.alignment.tickers[1].missingDays, 0);
  assert.deepEqual(all.assetClasses, ["equity", "crypto"]);
});

test("leading and trailing missing days are told apart from gaps", () => {
  const spy = fixtureBars("split_adjusted/SPY.csv", "SPY");
  const late = { ...barsBetween(spy, d("2020-06-01"), d("2020-06-30")), ticker: "SPY_JUNE" };
  const p = buildPanel([spy, late], { start: "2020-05-01", end: "2020-07-31" });
  const r = p.alignment.tickers[1];
  assert.equal(r.leadingMissing, 20); // May 2020: 20 sessions (Memorial Day 05-25)
  assert.equal(r.trailingMissing, 22); // July 2020: 22 sessions (07-03 observed)
  assert.equal(r.insideMissing, 0);
});

test("buildPanel at day t ignores later bars: changing every bar after 2020-06-30 leaves earlier rows unchanged", () => {
  const spy = fixtureBars("split_adjusted/SPY.csv", "SPY");
  const cut = d("2020-06-30");
  const changed = createBars("SPY", {
    dates: spy.dates, open: spy.open.map((v, i) => (spy.dates[i] > cut ? v * 3 : v)), high: spy.high.map((v, i) => (spy.dates[i] > cut ? v * 3 : v)),
    low: spy.low, close: spy.close.map((v, i) => (spy.dates[i] > cut ? -1 : v)), volume: spy.volume,
  });
  const a = buildPanel([spy], { start: "2019-01-02", end: "2020-12-31" });
  const b = buildPanel([changed], { start: "2019-01-02", end: "2020-12-31" });
  const T = a.dates.indexOf(cut);
  for (const f of ["open", "high", "low", "close", "volume", "vwap"] as const) assert.deepEqual(Array.from(a[f].subarray(0, T + 1)).map(String), Array.from(b[f].subarray(0, T + 1)).map(String), f);
});

test("buildPanel rejects unsorted bars and duplicate tickers, naming them", () => {
  const bad = createBars("BAD", { dates: [d("2020-01-03"), d("2020-01-02")], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1] });
  assert.throws(() => buildPanel([bad]), /buildPanel: BAD dates are not strictly ascending at 2020-01-02/);
  const spy = fixtureBars("split_adjusted/SPY.csv", "SPY");
  assert.throws(() => buildPanel([spy, spy]), /ticker SPY appears twice/);
});

test("mergeBars (incremental update) joins by date, newer rows win, no duplicate", () => {
  const spy = fixtureBars("split_adjusted/SPY.csv", "SPY");
  const older = barsBetween(spy, undefined, d("2020-06-30"));
  const newer = barsBetween(spy, d("2020-06-29"), undefined);
  const m = mergeBars(older, newer);
  assert.deepEqual(Array.from(m.dates), Array.from(spy.dates));
  assert.deepEqual(Array.from(m.close), Array.from(spy.close));
});

test("shipped datasets: 28 adjusted tickers, crypto, split-only SPY and unadjusted AAPL/USO; unknown tickers are named", async () => {
  assert.equal(listShippedTickers("adjusted").length, 28);
  assert.deepEqual(listShippedTickers("crypto"), ["X:BTCUSD", "X:ETHUSD"]);
  const split = await loadShippedBars("SPY", { dataset: "split_adjusted", start: "2020-03-16", end: "2020-03-16" });
  assert.equal(split.meta.adjustment, "split");
  assert.equal(split.close[0], 239.850006); // ../shared/data/split_adjusted/SPY.csv, 2020-03-16
  const raw = await loadShippedBars("AAPL", { dataset: "unadjusted", start: "2014-06-06", end: "2014-06-09" });
  assert.deepEqual(Array.from(raw.close), [645.57, 93.7]); // the 7:1 split, as traded
  const btc = await loadShippedBars("X:BTCUSD", { start: "2020-02-29", end: "2020-03-01" });
  assert.deepEqual(Array.from(btc.dates, dayToIso), ["2020-02-29", "2020-03-01"]);
  await assert.rejects(loadShippedBars("ZZZZ"), /no shipped bars for "ZZZZ"/);
});

test("the crypto universe aligns on a seven-day calendar with no missing day", async () => {
  const p = await loadShippedPanel({ universe: "crypto", start: "2020-01-01", end: "2020-12-31" });
  assert.equal(p.dates.length, 366);
  assert.equal(p.alignment.complete, true);
  assert.deepEqual(p.assetClasses, ["crypto", "crypto"]);
});

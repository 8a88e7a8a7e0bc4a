import { test } from "node:test";
import assert from "node:assert/strict";
import { advPriceBasis } from "../../src/data/advBasis";
import { loadShippedBars, loadShippedPanel } from "../../src/data/shipped";
import { runBacktest } from "../../src/backtest/engine";
import { parseBacktestConfig } from "../../src/config/backtest";
import { parseStudyConfig } from "../../src/study/config";
import { isoToDay } from "../../src/util/dates";

// tests/fixtures/backtest/adv_basis_reference.py (pandas on ../shared/data/{split_adjusted,adjusted}/SPY.csv):
// SPY's mean close * volume over the 20 sessions through 2009-07-14, and the sqrtAdv impact of a
// 10%-of-NAV trade on $10M at sigma 1%/day, Y = 1, on 2009-07-15 with impactInputTiming "priorDay".
const ADV_SPLIT_ONLY = 18623210293.86815;
const ADV_ADJUSTED = 13859857516.566416;
const IMPACT_SPLIT_ONLY = 7.327785132246258e-6;
const IMPACT_ADJUSTED = 8.494163518213456e-6;

const panelPromise = loadShippedPanel({ tickers: ["SPY", "XLK", "USO"] });

function advThrough(close: ArrayLike<number>, volume: ArrayLike<number>, T: number, j: number, t: number, days = 20): number {
  let sum = 0;
  for (let s = t - days + 1; s <= t; s++) sum += close[j * T + s] * volume[j * T + s];
  return sum / days;
}

test("advPriceBasis(): SPY's ADV$ on split-only bars equals pandas' (and the adjusted basis understates it by the dividends: ratio 0.744 in 2009)", async () => {
  const panel = await panelPromise;
  const T = panel.dates.length;
  const t = panel.dates.indexOf(isoToDay("2009-07-14"));
  const basis = await advPriceBasis(panel);
  const split = advThrough(basis.close, basis.volume, T, 0, t);
  const adjusted = advThrough(panel.close, panel.volume, T, 0, t);
  assert.ok(Math.abs(split / ADV_SPLIT_ONLY - 1) < 1e-12, `split-only ADV$ ${split}, pandas ${ADV_SPLIT_ONLY}`);
  assert.ok(Math.abs(adjusted / ADV_ADJUSTED - 1) < 1e-12, `adjusted ADV$ ${adjusted}, pandas ${ADV_ADJUSTED}`);
  assert.ok(Math.abs(adjusted / split - 0.7442) < 1e-4);
  const kept = await advPriceBasis(panel, { basis: "adjusted" });
  assert.deepEqual(Array.from(kept.close), Array.from(panel.close), "basis adjusted keeps the panel's closes");
  assert.ok(kept.tickers.every((k) => k.basis === "split_dividend"));
});

test("advPriceBasis(): every ticker's basis is stated, day by day where the split-only bars cover only some days, with the reason", async () => {
  const panel = await panelPromise;
  const T = panel.dates.length;
  const { tickers, close, volume } = await advPriceBasis(panel);
  assert.deepEqual(tickers.map((k) => [k.ticker, k.basis]), [["SPY", "split"], ["XLK", "split_dividend"], ["USO", "mixed"]]);
  assert.match(tickers[1].reason, /no split-only bars shipped/);
  for (const [array, own, what] of [[close, panel.close, "closes"], [volume, panel.volume, "volumes"]] as const) {
    assert.ok(array.subarray(T, 2 * T).every((c, t) => Object.is(c, own[T + t])), `XLK: ${what} kept`);
  }
  // USO's split-only file (matdev83) runs 2010-01-04..2025-06-27: the panel's own bars before and after, the file's inside
  const first = panel.dates.indexOf(isoToDay("2010-01-04")), last = panel.dates.indexOf(isoToDay("2025-06-27"));
  const coveredDays = last - first + 1, otherDays = T - coveredDays;
  assert.match(tickers[2].reason, new RegExp(`on ${coveredDays} of the panel's days, 2010-01-04\\.\\.2025-06-27; the panel's own total-return bars on the other ${otherDays} of the panel's days, 2007-04-11\\.\\.`));
  const uso = 2 * T;
  const file = await loadShippedBars("USO", { dataset: "split_adjusted", vwap: "missing" });
  const fileRow = new Map(Array.from(file.dates, (d, i) => [d, i]));
  for (let t = 0; t < T; t++) {
    const inside = t >= first && t <= last;
    const i = fileRow.get(panel.dates[t]);
    assert.equal(inside, i !== undefined, `USO's file has day ${t}`);
    const [c, v] = inside ? [file.close[i!], file.volume[i!]] : [panel.close[uso + t], panel.volume[uso + t]];
    assert.ok(Object.is(close[uso + t], c) && Object.is(volume[uso + t], v), `USO on day ${t}: ${inside ? "the split-only bar" : "the panel's own"}`);
  }
  const bare = await advPriceBasis({ tickers: panel.tickers, dates: panel.dates, close: panel.close, volume: panel.volume });
  assert.ok(bare.tickers.every((k) => k.basis === "unknown"), "a panel without sidecars keeps its prices and says so");
});

test("advPriceBasis() is causal: a panel cut at a day gives the whole panel's ADV$ prices up to that day (later split-only bars change nothing before them)", async () => {
  const panel = await panelPromise;
  const T = panel.dates.length, N = panel.tickers.length;
  const whole = await advPriceBasis(panel);
  for (const cut of [panel.dates.indexOf(isoToDay("2009-12-31")) + 1, panel.dates.indexOf(isoToDay("2016-03-01")) + 1]) {
    const pick = (a: ArrayLike<number>) => Float64Array.from({ length: N * cut }, (_, i) => a[Math.floor(i / cut) * T + (i % cut)]);
    const meta = panel.metadata;
    const early = await advPriceBasis({ tickers: panel.tickers, dates: panel.dates.subarray(0, cut), close: pick(panel.close), volume: pick(panel.volume), metadata: meta });
    assert.deepEqual(Array.from(early.close), Array.from(pick(whole.close)), `closes through day ${cut - 1}`);
    assert.deepEqual(Array.from(early.volume), Array.from(pick(whole.volume)), `volumes through day ${cut - 1}`);
  }
});

test("runBacktest() values ADV$ at market.advClose * advVolume when given: the impact of a trade matches pandas on both bases", async () => {
  const panel = await panelPromise;
  const N = panel.tickers.length, T = panel.dates.length;
  const t0 = panel.dates.indexOf(isoToDay("2009-07-15"));
  const weights = new Float64Array(N * T);
  weights[t0] = 0.1; // SPY, bought at the close of 2009-07-15
  const volatility = new Float64Array(N * T).fill(0.01);
  const options = { commissionBps: 0, halfSpreadBps: 0, impactModel: "sqrtAdv" as const, impactCoefficient: 1, portfolioNotionalUsd: 1e7, advWindowDays: 20, impactInputTiming: "priorDay" as const, volatility };
  const basis = await advPriceBasis(panel);
  const market = { tickers: panel.tickers, dates: panel.dates, close: panel.close, volume: panel.volume };
  const split = runBacktest({ ...market, advClose: basis.close, advVolume: basis.volume }, weights, options).impactCost[t0];
  const adjusted = runBacktest(market, weights, options).impactCost[t0];
  assert.ok(Math.abs(split / IMPACT_SPLIT_ONLY - 1) < 1e-12, `split-only impact ${split}, pandas ${IMPACT_SPLIT_ONLY}`);
  assert.ok(Math.abs(adjusted / IMPACT_ADJUSTED - 1) < 1e-12, `adjusted impact ${adjusted}, pandas ${IMPACT_ADJUSTED}`);
  assert.ok(split < adjusted, "more dollar volume, less impact");
  const run = runBacktest({ ...market, advClose: basis.close, advVolume: basis.volume }, weights, options);
  assert.deepEqual(Array.from(run.grossReturn), Array.from(runBacktest(market, weights, options).grossReturn), "the basis moves costs only, never returns");
  assert.throws(() => runBacktest({ ...market, advClose: basis.close }, weights, options), /advClose and market.advVolume come together/);
});

test("the study's defaults: ADV$ on split-only prices, sigma and ADV$ through t - 1; the backtest schema keeps sameDay for a bare runBacktest", () => {
  const study = parseStudyConfig({});
  assert.equal(study.backtest.advPriceBasis, "splitOnly");
  assert.equal(study.backtest.impactInputTiming, "priorDay");
  assert.equal(parseBacktestConfig({}).impactInputTiming, "sameDay");
  assert.throws(() => parseBacktestConfig({ advPriceBasis: "total" }), /advPriceBasis/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { compareAlphaForecasts, demeanTargetByDay, evaluateAlpha, forecastBuckets, momentumAlpha } from "../../src/models";
import { icByDay, icSummary } from "../../src/analytics";

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol;

// Five tickers, two days, ticker-major (value of ticker j on day t at j * 2 + t).
// Day 0: alpha 1..5 against returns [1, 3, 2, 5, 4]%: IC = 0.08 / sqrt(10 * 0.001) = 0.8; the
//   returns are evenly spaced, so the rank IC is 0.8 too.
// Day 1: alpha [1, 1, 2, 3, 4] (a tie) against [-1, 2, 1, -2, 3]%: IC = 0.024 / sqrt(6.8 * 0.00172)
//   = 0.221918...; ranks [1.5, 1.5, 3, 4, 5] vs [2, 4, 3, 1, 5]: rank IC = 2 / sqrt(9.5 * 10) = 0.205196...
// (Both by hand; confirmed with a plain Python Pearson.)
const day0 = { alpha: [1, 2, 3, 4, 5], ret: [0.01, 0.03, 0.02, 0.05, 0.04] };
const day1 = { alpha: [1, 1, 2, 3, 4], ret: [-0.01, 0.02, 0.01, -0.02, 0.03] };
/** A grid of N tickers and T days. */
const gridOf = (N: number, T: number) => ({ tickers: Array.from({ length: N }, (_, j) => `X${j}`), dates: Int32Array.from({ length: T }, (_, t) => t) });
const grid = gridOf(5, 2);
const alpha = new Float64Array(10), target = new Float64Array(10);
for (let j = 0; j < 5; j++) {
  alpha[j * 2] = day0.alpha[j];
  alpha[j * 2 + 1] = day1.alpha[j];
  target[j * 2] = day0.ret[j];
  target[j * 2 + 1] = day1.ret[j];
}

test("evaluateAlpha: daily IC and rank IC (average ranks for ties), their mean and t-stat, hit rate", () => {
  const ev = evaluateAlpha(alpha, target, grid);
  assert.ok(close(ev.dailyIc[0], 0.8) && close(ev.dailyIc[1], 0.22191801643659267));
  assert.ok(close(ev.dailyRankIc[0], 0.8) && close(ev.dailyRankIc[1], 0.20519567041703082));
  const mean = (0.8 + 0.22191801643659267) / 2;
  const sd = Math.abs(0.8 - 0.22191801643659267) / Math.SQRT2; // n - 1 = 1
  assert.ok(close(ev.icMean, mean) && close(ev.icStd, sd) && close(ev.icTStat, mean / (sd / Math.SQRT2)));
  assert.equal(ev.hitRate, 0.8); // day 0: 5 of 5 signs agree; day 1: 3 of 5
  assert.equal(ev.nPairs, 10);
  assert.equal(ev.nDays, 2);
});

test("evaluateAlpha composes analytics: icByDay for the daily ICs, icSummary for their statistics", () => {
  const ev = evaluateAlpha(alpha, target, grid, { minTickers: 4, horizonDays: 2 });
  const ic = icByDay(alpha, target, grid, { minAssets: 4 }), rank = icByDay(alpha, target, grid, { method: "rank", minAssets: 4 });
  assert.deepEqual(ev.dailyIc, ic);
  assert.deepEqual(ev.dailyRankIc, rank);
  const s = icSummary(ic), r = icSummary(rank);
  assert.deepEqual([ev.icMean, ev.icStd, ev.icTStat, ev.nDays], [s.mean, s.sd, s.tStat, s.days]);
  assert.deepEqual([ev.rankIcMean, ev.rankIcStd, ev.rankIcTStat], [r.mean, r.sd, r.tStat]);
  assert.equal(ev.icTStatNonOverlapping, icSummary(ic, { everyDays: 2 }).tStat);
  assert.equal(ev.icTStatNeweyWest, icSummary(ic, { neweyWestLags: 1 }).tStat);
});

test("evaluateAlpha: R^2 out of sample is against a zero forecast", () => {
  // sse = (0.02 - 0.01)^2 = 1e-4, sum y^2 = 2 * 0.02^2 = 8e-4: R^2 = 1 - 1/8.
  const ev = evaluateAlpha(Float64Array.of(0.01, 0.02), Float64Array.of(0.02, 0.02), gridOf(1, 2), { minTickers: 1 });
  assert.ok(close(ev.r2OutOfSample, 0.875));
  assert.ok(Number.isNaN(ev.icMean), "one ticker: no cross-sectional IC");
});

test("evaluateAlpha: a perfect forecast scores 1; NaN pairs are skipped; thin days give NaN", () => {
  const ev = evaluateAlpha(target, target, grid);
  assert.ok(close(ev.icMean, 1) && close(ev.rankIcMean, 1) && close(ev.r2OutOfSample, 1) && ev.hitRate === 1);
  const holed = alpha.slice();
  holed[0] = NaN; // ticker 0, day 0
  const ev2 = evaluateAlpha(holed, target, grid, { minTickers: 5 });
  assert.ok(Number.isNaN(ev2.dailyIc[0]), "4 pairs < minTickers 5");
  assert.ok(close(ev2.dailyIc[1], 0.22191801643659267));
  assert.equal(ev2.nPairs, 9);
  assert.equal(ev2.nDays, 1);
  assert.ok(Number.isNaN(ev2.icTStat), "one day: no t-stat");
  assert.throws(() => evaluateAlpha(alpha, target.subarray(1), grid), /evaluateAlpha: target has 9 values; its grid is 5 tickers x 2 dates = 10/);
  assert.throws(() => evaluateAlpha(alpha, target, gridOf(2, 5), { mask: new Uint8Array(9) }), /evaluateAlpha: mask has 9 values; its grid is 2 tickers x 5 dates = 10/);
});

test("evaluateAlpha: the non-overlapping t-stat uses every horizonDays-th day", () => {
  // IC alternates 1, -1 ... with horizon 2 only days 0, 2, 4 ... (all +1) count: constant, so t = NaN (sd 0).
  const N = 3, T = 6;
  const a = new Float64Array(N * T), y = new Float64Array(N * T);
  for (let j = 0; j < N; j++) for (let t = 0; t < T; t++) {
    a[j * T + t] = j;
    y[j * T + t] = t % 2 === 0 ? j : -j;
  }
  const ev = evaluateAlpha(a, y, gridOf(N, T), { minTickers: 3, horizonDays: 2 });
  assert.ok(close(ev.icMean, 0));
  assert.ok(Number.isNaN(ev.icTStatNonOverlapping));
});

test("compareAlphaForecasts evaluates every forecast on the pairs all of them cover", () => {
  const b = alpha.slice();
  b[3] = NaN; // ticker 1, day 1
  const cmp = compareAlphaForecasts({ a: alpha, b }, target, grid, { minTickers: 4, scoreOnly: ["b"] });
  assert.equal(cmp.commonPairs, 9);
  assert.deepEqual(cmp.evaluations.map((e) => e.nPairs), [9, 9]);
  assert.deepEqual(cmp.table.model, ["a", "b"]);
  assert.deepEqual(cmp.evaluations[0].dailyIc, cmp.evaluations[1].dailyIc);
  const r2 = cmp.table["R² OOS"] as number[];
  assert.ok(Number.isFinite(r2[0]) && Number.isNaN(r2[1]), "no R^2 shown for a score");
  // the mask acts as if the uncovered pair had no forecast
  const holed = alpha.slice();
  holed[3] = NaN;
  assert.deepEqual(cmp.evaluations[0], evaluateAlpha(holed, target, grid, { minTickers: 4 }));
  assert.throws(() => compareAlphaForecasts({ a: alpha, b: b.subarray(1) }, target, grid), /compareAlphaForecasts: forecast "b" has 9 values; its grid is 5 tickers x 2 dates = 10/);
});

test("momentumAlpha: close(t) / close(t - lookback) - 1 from past closes only, NaN in warm-up and gaps", () => {
  const c = Float64Array.of(100, 110, 121, NaN, 133.1, 100, 100, 100, 100, 100);
  const m = momentumAlpha(c, gridOf(2, 5), { lookbackDays: 2 });
  assert.ok(Number.isNaN(m[0]) && Number.isNaN(m[1]) && Number.isNaN(m[3]));
  assert.ok(close(m[2], 0.21) && close(m[4], 0.1));
  assert.deepEqual(Array.from(m.subarray(7)), [0, 0, 0]);
  const future = c.slice();
  future[4] = 1;
  assert.deepEqual(momentumAlpha(future, gridOf(2, 5), { lookbackDays: 2 }).subarray(0, 4), m.subarray(0, 4));
  assert.throws(() => momentumAlpha(c, gridOf(3, 5), { lookbackDays: 2 }), /momentumAlpha: close has 10 values; its grid is 3 tickers x 5 dates = 15/);
});

test("demeanTargetByDay removes each day's cross-sectional mean and keeps NaN", () => {
  const out = demeanTargetByDay(Float64Array.of(1, 2, 3, NaN, 5, 6), { tickers: ["A", "B", "C"], dates: Int32Array.of(1, 2) });
  assert.deepEqual(Array.from(out), [-2, -2, 0, NaN, 2, 2]);
});

test("forecastBuckets: equal-count buckets by forecast with their mean forecast and realised return", () => {
  const f = Float64Array.of(5, 1, 4, 2, 3, NaN, 6);
  const y = Float64Array.of(50, 10, 40, 20, 30, 99, NaN);
  const b = forecastBuckets(f, y, { buckets: 2 });
  // five finite pairs sorted by forecast: [1,2] and [3,4,5] (the last bucket takes the remainder)
  assert.deepEqual(Array.from(b.count), [2, 3]);
  assert.deepEqual(Array.from(b.meanForecast), [1.5, 4]);
  assert.deepEqual(Array.from(b.meanRealised), [15, 40]);
});

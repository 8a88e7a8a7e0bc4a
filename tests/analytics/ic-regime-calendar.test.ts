import { test } from "node:test";
import assert from "node:assert/strict";
import { icByDay, icSummary, rollingIcMean, monthlyReturns, performanceByRegime, performanceSummary, performanceTable } from "../../src/analytics";
import { isoToDay } from "../../src/util/dates";
import { createRng } from "../../src/util/rng";

const close = (actual: number, expected: number, tol: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} expected ${expected}, got ${actual}`);

/** Ticker-major N x T from per-ticker rows. */
const panel = (rows: number[][]) => Float64Array.from(rows.flat());
/** A grid of N tickers and T days. */
const gridOf = (N: number, T: number) => ({ tickers: Array.from({ length: N }, (_, j) => `X${j}`), dates: Int32Array.from({ length: T }, (_, t) => t) });

test("icByDay: Pearson and rank IC of a 5-ticker, 3-day example by hand", () => {
  // day 0: signal 1..5 vs returns 0.01..0.05 -> both ICs 1
  // day 1: signal 1..5 vs [0.01, 0.02, 0.03, 0.04, 0.50]: same order -> rank IC 1; Pearson 0.7432941 (scipy.stats.pearsonr)
  // day 2: signal [1, 1, 2, 3, 4] (a tie) vs 1..5: ranks [1.5, 1.5, 3, 4, 5] -> Spearman 9.5 / sqrt(9.5 * 10) = 0.9746794
  const signal = panel([[1, 1, 1], [2, 2, 1], [3, 3, 2], [4, 4, 3], [5, 5, 4]]);
  const fwd = panel([[0.01, 0.01, 1], [0.02, 0.02, 2], [0.03, 0.03, 3], [0.04, 0.04, 4], [0.05, 0.5, 5]]);
  const pearson = icByDay(signal, fwd, gridOf(5, 3));
  const rank = icByDay(signal, fwd, gridOf(5, 3), { method: "rank" });
  close(pearson[0], 1, 1e-14);
  close(pearson[1], 0.7432941462471665, 1e-12);
  close(rank[1], 1, 1e-14);
  close(rank[2], 0.9746794344808963, 1e-12);
});

test("icByDay skips NaN pairs and gives NaN below minAssets or on a flat cross-section", () => {
  const signal = panel([[1, 1], [2, 1], [3, 1], [NaN, 1]]);
  const fwd = panel([[0.03, 0.01], [0.02, 0.02], [0.01, 0.03], [0.5, 0.04]]);
  const ic = icByDay(signal, fwd, gridOf(4, 2), { minAssets: 3 });
  close(ic[0], -1, 1e-14); // tickers 0..2 only: perfectly reversed
  assert.ok(Number.isNaN(ic[1]), "flat signal -> NaN, not Infinity");
  assert.ok(Number.isNaN(icByDay(signal, fwd, gridOf(4, 2), { minAssets: 4 })[0]));
  assert.throws(() => icByDay(signal, fwd, gridOf(3, 2)), /icByDay: signal has 8 values; its grid is 3 tickers x 2 dates = 6/);
  assert.throws(() => icByDay(signal, fwd.subarray(1), gridOf(4, 2)), /icByDay: forwardReturn has 7 values; its grid is 4 tickers x 2 dates = 8/);
});

test("icByDay of a signal equal to the forward return is 1; of an independent signal, near 0 on average", () => {
  const rng = createRng(4);
  const N = 30, T = 400;
  const fwd = Float64Array.from({ length: N * T }, () => rng.normal());
  const noise = Float64Array.from({ length: N * T }, () => rng.normal());
  const perfect = icSummary(icByDay(fwd, fwd, gridOf(N, T), { method: "rank" }));
  close(perfect.mean, 1, 1e-12);
  const random = icSummary(icByDay(noise, fwd, gridOf(N, T)));
  assert.ok(Math.abs(random.mean) < 0.03 && Math.abs(random.tStat) < 3, `mean ${random.mean} t ${random.tStat}`);
});

test("icSummary: mean, sd, t-stat by hand, and Newey-West for overlapping ICs", () => {
  // [0.1, 0.3]: mean 0.2, sd 0.1414214, se = sd / sqrt(2) = 0.1 -> t = 2
  const s = icSummary([0.1, NaN, 0.3]);
  close(s.mean, 0.2, 1e-15);
  close(s.sd, Math.SQRT2 / 10, 1e-15);
  close(s.tStat, 2, 1e-12);
  assert.equal(s.days, 2);
  close(s.positiveShare, 1, 0);
  // [1, 2, 3, 4], 1 lag: mean 2.5; gamma0 = 5/4 = 1.25; gamma1 = (-0.5*-1.5 + 0.5*-0.5 + 1.5*0.5) / 4 = 1.25/4 = 0.3125
  // lrv = 1.25 + 2 * (1 - 1/2) * 0.3125 = 1.5625 -> se = sqrt(1.5625 / 4) = 0.625 -> t = 4
  close(icSummary([1, 2, 3, 4], { neweyWestLags: 1 }).tStat, 4, 1e-12);
});

test("icSummary everyDays: the first valid day then every everyDays-th valid one, NaN days not counted", () => {
  // valid days 0.1, 0.2, 0.3, 0.5; every 2nd from the first: 0.1 and 0.3 -> mean 0.2, sd 0.1414214, t = 2
  const s = icSummary([0.1, NaN, 0.2, 0.3, 0.5], { everyDays: 2 });
  close(s.mean, 0.2, 1e-15);
  close(s.sd, Math.SQRT2 / 10, 1e-15);
  close(s.tStat, 2, 1e-12);
  assert.equal(s.days, 2);
  // every 3rd: 0.1 and 0.5 -> mean 0.3
  close(icSummary([0.1, NaN, 0.2, 0.3, 0.5], { everyDays: 3 }).mean, 0.3, 1e-15);
  // one day: its mean, no spread
  const one = icSummary([NaN, 0.4]);
  assert.equal(one.mean, 0.4);
  assert.ok(Number.isNaN(one.sd) && Number.isNaN(one.tStat));
  assert.throws(() => icSummary([0.1, 0.2], { everyDays: 0 }), /icSummary: everyDays must be a positive integer \(got 0\)/);
});

test("rollingIcMean: trailing mean skipping NaN days, NaN until minDays valid days", () => {
  const out = rollingIcMean(Float64Array.of(1, NaN, 3, 5, 7), 3, { minDays: 2 });
  // windows: [1] -> 1 valid; [1, NaN] -> 1; [1, NaN, 3] -> 2; [NaN, 3, 5] -> 4; [3, 5, 7] -> 5
  assert.deepEqual(Array.from(out), [NaN, NaN, 2, 4, 5]);
});

test("performanceByRegime splits returns by the label of each period", () => {
  // regime 0 on days 0 and 2 (0.01, 0.02), regime 1 on day 1 (-0.01), day 3 unknown (NaN label)
  // regime 0: total 1.01 * 1.02 - 1 = 0.0302; mean 0.015 * 252 = 3.78; sd 0.0070711 * sqrt(252) = 0.1122497
  //           Sharpe 0.015 / 0.0070711 * sqrt(252) = 33.6749; share 2/3; contribution 0.03 / 0.02 = 1.5
  const rows = performanceByRegime([0.01, -0.01, 0.02, 0.03], [0, 1, 0, NaN], { labels: ["calm", "stressed", "crisis"] });
  assert.equal(rows.length, 3);
  const [calm, stressed, crisis] = rows;
  assert.equal(calm.label, "calm");
  assert.equal(calm.periods, 2);
  close(calm.totalReturn, 0.0302, 1e-14);
  close(calm.annualizedMean, 3.78, 1e-12);
  close(calm.annualizedVolatility, Math.sqrt(0.00005) * Math.sqrt(252), 1e-12);
  close(calm.sharpe, (0.015 / Math.sqrt(0.00005)) * Math.sqrt(252), 1e-9);
  close(calm.share, 2 / 3, 1e-15);
  close(calm.contribution, 1.5, 1e-12);
  close(stressed.contribution, -0.5, 1e-12);
  close(stressed.hitRate, 0, 0);
  assert.equal(crisis.periods, 0);
  assert.ok(Number.isNaN(crisis.sharpe));
  assert.throws(() => performanceByRegime([0.01], [0.5]), /regime labels must be integers \(got 0.5 at period 0\)/);
});

test("monthlyReturns compounds within calendar months", () => {
  const dates = ["2024-01-30", "2024-01-31", "2024-02-01", "2024-03-15", "2025-01-02"].map(isoToDay);
  const m = monthlyReturns(dates, [0.1, 0.1, -0.5, NaN, 0.2]);
  assert.deepEqual(m.years, [2024, 2025]);
  close(m.values[0], 0.21, 1e-15); // Jan 2024: 1.1 * 1.1 - 1
  close(m.values[1], -0.5, 1e-15); // Feb 2024
  assert.ok(Number.isNaN(m.values[2]), "March has only a NaN day");
  close(m.yearTotals[0], 1.21 * 0.5 - 1, 1e-15);
  close(m.values[12], 0.2, 1e-15);
  assert.ok(Number.isNaN(m.values[13]));
});

test("performanceSummary gathers the metrics; performanceTable lays several side by side", () => {
  const rng = createRng(2);
  const bench = Float64Array.from({ length: 500 }, () => 0.0003 + 0.01 * rng.normal());
  const gross = bench.map((b) => 0.5 * b + 0.0004 + 0.004 * rng.normal());
  const net = gross.map((g) => g - 0.0001);
  const s = performanceSummary(net, { benchmark: bench, grossReturns: gross, turnover: new Float64Array(500).fill(0.2) });
  close(s.costDrag, 0.0252, 1e-12);
  close(s.annualizedTurnover, 50.4, 1e-9);
  assert.ok(Math.abs(s.beta - 0.5) < 0.05, `beta ${s.beta}`);
  assert.equal(s.periods, 500);
  const plain = performanceSummary(bench);
  assert.ok(Number.isNaN(plain.beta) && Number.isNaN(plain.costDrag));
  const table = performanceTable({ strategy: s, benchmark: plain });
  assert.equal(table.metric.length, table.strategy.length);
  assert.equal(table.benchmark[table.metric.indexOf("beta to benchmark")], "–");
  assert.match(String(table.strategy[table.metric.indexOf("cost drag (per year)")]), /^2\.52%$/);
});

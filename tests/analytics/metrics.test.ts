import { test } from "node:test";
import assert from "node:assert/strict";
import {
  annualizedMeanReturn,
  annualizedReturn,
  annualizedTurnover,
  annualizedVolatility,
  benchmarkStats,
  calmarRatio,
  costDrag,
  drawdownSeries,
  equityCurve,
  hitRate,
  maxDrawdown,
  perPeriodRate,
  rollingSharpe,
  sharpeRatio,
  sortinoRatio,
  totalReturn,
} from "../../src/analytics";
import { createRng } from "../../src/util/rng";

const close = (actual: number, expected: number, tol = 1e-12, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what} expected ${expected}, got ${actual}`);

// The worked example used throughout: five daily returns.
//   r = [0.01, -0.02, 0.03, 0.00, 0.01]
//   wealth: 1.01, 0.9898, 1.019494, 1.019494, 1.02968894
//   mean = 0.03 / 5 = 0.006
//   deviations: 0.004, -0.026, 0.024, -0.006, 0.004; squares sum to 0.00132
//   sample variance = 0.00132 / 4 = 0.00033, sd = 0.018165902
const R = Object.freeze([0.01, -0.02, 0.03, 0.0, 0.01]);

test("totalReturn compounds: 1.01 * 0.98 * 1.03 * 1.00 * 1.01 - 1 = 0.02968894", () => {
  close(totalReturn(R), 0.02968894, 1e-14);
  assert.ok(Number.isNaN(totalReturn([])));
  assert.ok(Number.isNaN(totalReturn([NaN, NaN])));
  close(totalReturn([0.1, NaN, -0.1]), -0.01, 1e-15); // NaN skipped: 1.1 * 0.9 - 1
});

test("annualizedReturn is geometric (CAGR): (1 + total)^(252 / n) - 1", () => {
  // 1.02968894^(252 / 5) - 1 = 3.369027892662822 (numpy: np.prod(1 + r) ** (252 / 5) - 1)
  close(annualizedReturn(R), 3.369027892662822, 1e-12);
  // two periods of 1% with 2 periods a year: 1.01^2 - 1 = 0.0201
  close(annualizedReturn([0.01, 0.01], { periodsPerYear: 2 }), 0.0201, 1e-14);
  assert.ok(Number.isNaN(annualizedReturn([-1, 0.1])), "wealth wiped out -> NaN, not -1 or -Infinity");
  // arithmetic mean * 252: 0.006 * 252 = 1.512, larger than the geometric rate per period
  close(annualizedMeanReturn(R), 1.512, 1e-14);
});

test("annualizedVolatility: sample sd (n - 1) times sqrt(252)", () => {
  // sqrt(0.00033) * sqrt(252) = 0.28837475617675
  close(annualizedVolatility(R), 0.28837475617675, 1e-12);
  assert.ok(Number.isNaN(annualizedVolatility([0.01])), "one value -> NaN");
  close(annualizedVolatility([0.01, NaN, -0.01], { periodsPerYear: 1 }), Math.SQRT2 * 0.01, 1e-15);
});

test("sharpeRatio of the worked example: 0.006 / 0.018165902 * sqrt(252) = 5.243177", () => {
  close(sharpeRatio(R), 5.243177385031818, 1e-12);
});

test("sharpeRatio subtracts a per-period risk-free rate from each period", () => {
  // excess = r - 0.001: mean 0.005, sd unchanged 0.018165902 -> 0.005 / 0.018165902 * sqrt(252) = 4.369314
  close(sharpeRatio(R, { riskFree: 0.001 }), 4.369314487526514, 1e-12);
  // the same rate given per period, as an array, gives the same number
  close(sharpeRatio(R, { riskFree: [0.001, 0.001, 0.001, 0.001, 0.001] }), 4.369314487526514, 1e-12);
  // a 4% annual yield as a daily rate: 1.04^(1/252) - 1
  close(perPeriodRate(0.04), Math.pow(1.04, 1 / 252) - 1, 1e-15);
  assert.throws(() => sharpeRatio(R, { riskFree: [0.001] }), /sharpeRatio: riskFree has 1 values where returns have 5/);
});

test("sharpeRatio edge cases: empty, one value, flat, all NaN, leading NaN", () => {
  assert.ok(Number.isNaN(sharpeRatio([])));
  assert.ok(Number.isNaN(sharpeRatio([0.01])));
  assert.ok(Number.isNaN(sharpeRatio([0.01, 0.01, 0.01])), "flat -> NaN, never Infinity");
  assert.ok(Number.isNaN(sharpeRatio([NaN, NaN])));
  close(sharpeRatio([NaN, NaN, ...R]), sharpeRatio(R), 1e-15);
});

test("sortinoRatio: mean excess over downside deviation sqrt(sum min(0, r)^2 / n)", () => {
  // only -0.02 is below 0: downside deviation = sqrt(0.0004 / 5) = 0.0089443
  // 0.006 / 0.0089443 * sqrt(252) = 10.648944 (numpy, same formula)
  close(sortinoRatio(R), 10.648943609579309, 1e-12);
  // [0.02, -0.01, 0.03, -0.02], 1 period a year: mean 0.005, dd = sqrt(0.0005 / 4) = 0.0111803 -> 0.447214
  close(sortinoRatio([0.02, -0.01, 0.03, -0.02], { periodsPerYear: 1 }), 0.005 / Math.sqrt(0.0005 / 4), 1e-12);
  assert.ok(Number.isNaN(sortinoRatio([0.01, 0.02])), "no downside -> NaN");
});

test("maxDrawdown of the worked example: peak 1.01 (day 0), trough 0.9898 (day 1), recovered day 2", () => {
  const dd = maxDrawdown(R);
  close(dd.maxDrawdown, 0.9898 / 1.01 - 1, 1e-15); // = -0.02
  assert.equal(dd.peakIndex, 0);
  assert.equal(dd.troughIndex, 1);
  assert.equal(dd.recoveryIndex, 2);
  assert.equal(dd.longestDrawdownPeriods, 1);
});

test("maxDrawdown finds the worst of two drawdowns and the longest spell separately", () => {
  // wealth: 0.9 | 0.99 | 1.089 (new high) | 0.9801 | 0.88209 | 0.970299 | 1.0673289 (still < 1.089) | 1.17406179
  // first dip: 1 -> 0.9 (-10%), 2 periods under water (days 0, 1)
  // second dip: 1.089 -> 0.88209 = -19%, under water days 3, 4, 5, 6 (4 periods), recovered day 7
  const r = [-0.1, 0.1, 0.1, -0.1, -0.1, 0.1, 0.1, 0.1];
  const dd = maxDrawdown(r);
  close(dd.maxDrawdown, 0.88209 / 1.089 - 1, 1e-14);
  assert.deepEqual([dd.peakIndex, dd.troughIndex, dd.recoveryIndex], [2, 4, 7]);
  assert.deepEqual([dd.longestDrawdownPeriods, dd.longestDrawdownStart, dd.longestDrawdownEnd], [4, 3, 6]);
  // drawdown on day one counts (wealth starts at 1 before period 0)
  const first = maxDrawdown([-0.05, 0.01]);
  assert.equal(first.peakIndex, -1);
  close(first.maxDrawdown, -0.05, 1e-15);
  assert.equal(first.recoveryIndex, -1, "0.95 * 1.01 < 1: never recovered");
  assert.equal(first.longestDrawdownPeriods, 2, "unrecovered spell counts to the end");
});

test("drawdownSeries is <= 0 everywhere and 0 at new highs (random returns)", () => {
  const rng = createRng(3);
  const r = Float64Array.from({ length: 2000 }, () => 0.01 * rng.normal());
  const dd = drawdownSeries(r);
  const w = equityCurve(r);
  let peak = 1;
  for (let i = 0; i < r.length; i++) {
    assert.ok(dd[i] <= 0);
    peak = Math.max(peak, w[i]);
    close(dd[i], w[i] / peak - 1, 1e-12);
  }
  let min = 0;
  for (const x of dd) min = Math.min(min, x);
  close(maxDrawdown(r).maxDrawdown, min, 1e-15);
  assert.deepEqual(Array.from(drawdownSeries([0.1, -0.2, 0.1])).map((x) => +x.toFixed(12)), [0, -0.2, -0.12]);
});

test("calmarRatio: CAGR over |max drawdown|", () => {
  // [0.1, -0.2, 0.1] at 3 periods a year: wealth 0.968 after one year -> CAGR -0.032; max dd -0.2 -> -0.16
  close(calmarRatio([0.1, -0.2, 0.1], { periodsPerYear: 3 }), -0.16, 1e-12);
  assert.ok(Number.isNaN(calmarRatio([0.01, 0.02])), "no drawdown -> NaN, never Infinity");
});

test("hitRate counts positive among non-zero returns by default", () => {
  close(hitRate(R), 3 / 4, 1e-15); // 0.01, 0.03, 0.01 up; -0.02 down; 0 left out
  close(hitRate(R, { excludeZeros: false }), 3 / 5, 1e-15);
  assert.ok(Number.isNaN(hitRate([0, NaN])));
});

test("annualizedTurnover and costDrag add up arithmetically per year", () => {
  close(annualizedTurnover([0.1, 0.3, NaN]), 0.2 * 252, 1e-12);
  // gross - net = 0.001, 0.002 -> mean 0.0015 * 252 = 0.378
  close(costDrag([0.01, 0.02], [0.009, 0.018]), 0.378, 1e-12);
  assert.throws(() => costDrag([0.01], [0.01, 0.02]), /costDrag: gross has 1 returns and net has 2/);
});

test("costDrag invariant: higher costs never raise net return", () => {
  const rng = createRng(11);
  const gross = Float64Array.from({ length: 500 }, () => 0.01 * rng.normal());
  const turnover = Float64Array.from({ length: 500 }, () => rng.next());
  let previous = Infinity;
  for (const costBps of [0, 1, 5, 10, 25]) {
    const net = gross.map((g, i) => g - (turnover[i] * costBps) / 1e4);
    const total = totalReturn(net);
    assert.ok(total <= previous);
    previous = total;
    assert.ok(costDrag(gross, net) >= 0);
  }
});

test("benchmarkStats: beta, alpha, correlation, tracking error, information ratio by hand", () => {
  // b = [0.01, 0.02, 0.01, -0.01] (mean 0.0075), r = [0.02, 0.04, 0.00, -0.02] (mean 0.01)
  // deviations db = [0.0025, 0.0125, 0.0025, -0.0175], dr = [0.01, 0.03, -0.01, -0.03]
  // Sxy = 0.000025 + 0.000375 - 0.000025 + 0.000525 = 0.0009; Sxx = 0.000475
  // beta = 0.0009 / 0.000475 = 1.894737; alpha = 0.01 - 1.894737 * 0.0075 = -0.0042105 per day
  // (scipy.stats.linregress agrees: slope 1.894736842, intercept -0.004210526, r 0.92338)
  const s = benchmarkStats([0.02, 0.04, 0.0, -0.02], [0.01, 0.02, 0.01, -0.01]);
  close(s.beta, 1.894736842105263, 1e-12);
  close(s.alphaPerPeriod, -0.004210526315789474, 1e-12);
  close(s.alphaAnnual, -1.0610526315789472, 1e-12);
  close(s.correlation, 0.9233805168766387, 1e-12);
  // active a = r - b = [0.01, 0.02, -0.01, -0.01]: mean 0.0025, sd 0.015 -> TE 0.2381176, IR 2.6457513
  close(s.trackingError, 0.23811761799581319, 1e-12);
  close(s.informationRatio, 2.64575131106459, 1e-12);
  assert.equal(s.periods, 4);
  // r = 2 b exactly -> beta 2, alpha 0
  const exact = benchmarkStats([0.02, 0.04, 0.0], [0.01, 0.02, 0.0]);
  close(exact.beta, 2, 1e-12);
  close(exact.alphaPerPeriod, 0, 1e-12);
  assert.ok(Number.isNaN(benchmarkStats([0.01, 0.02], [0.01, 0.01]).beta), "flat benchmark -> NaN");
});

test("rollingSharpe at t equals sharpeRatio of the window ending at t, and ignores the future", () => {
  const rng = createRng(5);
  const r = Float64Array.from({ length: 300 }, () => 0.0005 + 0.01 * rng.normal());
  r[40] = NaN;
  const roll = rollingSharpe(r, { windowDays: 60, minPeriods: 50 });
  assert.equal(roll.length, r.length);
  assert.ok(Number.isNaN(roll[49]), "warm-up is NaN: 49 valid returns by t = 49 (day 40 is NaN)");
  for (const t of [50, 60, 100, 299]) close(roll[t], sharpeRatio(r.subarray(Math.max(0, t - 59), t + 1)), 1e-9, `t=${t}`);
  const changed = Float64Array.from(r);
  for (let i = 200; i < 300; i++) changed[i] = 0.05;
  const roll2 = rollingSharpe(changed, { windowDays: 60, minPeriods: 50 });
  for (let t = 0; t < 200; t++) assert.ok(Object.is(roll[t], roll2[t]) || roll[t] === roll2[t], `t=${t} moved`);
});

test("metrics do not mutate their inputs", () => {
  const copy = Array.from(R);
  sharpeRatio(R);
  sortinoRatio(R);
  maxDrawdown(R);
  rollingSharpe(R, { windowDays: 2 });
  assert.deepEqual(Array.from(R), copy); // R is frozen too: a write would have thrown
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { sampleCorrelation, sampleCovariance, sampleStandardDeviation, mean as ssMean } from "simple-statistics";
import {
  ewmMean,
  laggedSeries,
  logReturns,
  rollingBeta,
  rollingCorrelation,
  rollingCovariance,
  rollingMean,
  rollingStd,
  rollingSum,
  rollingZScore,
  simpleReturns,
} from "../../src/features/rolling";
import { createRng } from "../../src/util/rng";

/** |a - b| <= tol * max(1, |b|), with NaN equal to NaN. */
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-10, label = ""): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${label}[${i}]: expected NaN, got ${a}`);
      continue;
    }
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${label}[${i}]: expected ${e}, got ${a}`);
  }
}

/** Plain-loop reference: apply `f` to every full trailing window without NaN, else NaN. */
function naiveWindow(x: ArrayLike<number>, w: number, f: (win: number[]) => number): number[] {
  const out: number[] = [];
  for (let t = 0; t < x.length; t++) {
    if (t < w - 1) {
      out.push(NaN);
      continue;
    }
    const win = Array.from({ length: w }, (_, k) => x[t - w + 1 + k]);
    out.push(win.some(Number.isNaN) ? NaN : f(win));
  }
  return out;
}

function naivePair(x: ArrayLike<number>, y: ArrayLike<number>, w: number, f: (a: number[], b: number[]) => number): number[] {
  const out: number[] = [];
  for (let t = 0; t < x.length; t++) {
    if (t < w - 1) {
      out.push(NaN);
      continue;
    }
    const a = Array.from({ length: w }, (_, k) => x[t - w + 1 + k]);
    const b = Array.from({ length: w }, (_, k) => y[t - w + 1 + k]);
    out.push(a.some(Number.isNaN) || b.some(Number.isNaN) ? NaN : f(a, b));
  }
  return out;
}

function randomSeries(n: number, seed: number, level = 0, scale = 1, nanRate = 0): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.next() < nanRate ? NaN : level + scale * rng.normal();
  return x;
}

const plainSum = (w: number[]) => w.reduce((s, v) => s + v, 0);

test("simpleReturns and logReturns on a hand-computed series", () => {
  const close = Object.freeze([100, 110, 99, 0, 50]) as unknown as number[];
  // by hand: 110/100-1 = 0.1, 99/110-1 = -0.1, 0/99-1 = -1, 50/0 -> NaN (division by zero);
  // over two days: 99/100-1 = -0.01, 0/110-1 = -1, 50/99-1
  assertClose(simpleReturns(close), [NaN, 0.1, -0.1, -1, NaN], 1e-15, "simple");
  assertClose(simpleReturns(close, { lagDays: 2 }), [NaN, NaN, -0.01, -1, 50 / 99 - 1], 1e-15, "simple lag 2");
  assertClose(logReturns(close), [NaN, Math.log(1.1), Math.log(0.9), NaN, NaN], 1e-15, "log");
});

test("rollingSum, rollingMean, rollingStd on a hand-computed series", () => {
  const x = [1, 2, 4, 7, NaN, 3, 5, 6];
  assertClose(rollingSum(x, 3), [NaN, NaN, 7, 13, NaN, NaN, NaN, 14], 1e-15, "sum");
  assertClose(rollingMean(x, 2), [NaN, 1.5, 3, 5.5, NaN, NaN, 4, 5.5], 1e-15, "mean");
  // sample std of [1, 2, 4] = sqrt(((1-7/3)^2 + (2-7/3)^2 + (4-7/3)^2) / 2) = sqrt(7/3)
  const sd = rollingStd(x, 3);
  assert.ok(Math.abs(sd[2] - Math.sqrt(7 / 3)) < 1e-15);
  // [2, 4, 7]: mean 13/3, squared deviations 49/9 + 1/9 + 64/9 = 114/9, / 2 = 19/3
  assert.ok(Math.abs(sd[3] - Math.sqrt(19 / 3)) < 1e-15);
  assert.ok(Number.isNaN(sd[4]) && Number.isNaN(sd[5]) && Number.isNaN(sd[6]));
  assert.ok(Math.abs(sd[7] - 1.5275252316519468) < 1e-15); // R: sd(c(3, 5, 6)) = 1.527525
});

test("rolling windows of length 1 and longer than the series", () => {
  assertClose(rollingSum([3, NaN, 5], 1), [3, NaN, 5], 0, "w=1");
  assertClose(rollingMean([3, NaN, 5], 1), [3, NaN, 5], 0, "w=1 mean");
  assertClose(rollingMean([1, 2], 5), [NaN, NaN], 0, "w>n");
  assert.equal(rollingMean([], 3).length, 0);
});

test("rollingSum/Mean/Std/ZScore equal a plain loop to 1e-10 over many windows, with NaN gaps", () => {
  const x = randomSeries(700, 1, 0.0003, 0.012, 0.01);
  for (const w of [2, 3, 5, 20, 21, 60, 252]) {
    assertClose(rollingSum(x, w), naiveWindow(x, w, plainSum), 1e-10, `sum w=${w}`);
    assertClose(rollingMean(x, w), naiveWindow(x, w, ssMean), 1e-10, `mean w=${w}`);
    assertClose(rollingStd(x, w), naiveWindow(x, w, sampleStandardDeviation), 1e-10, `std w=${w}`);
    const z = naiveWindow(x, w, (win) => (win[win.length - 1] - ssMean(win)) / sampleStandardDeviation(win));
    assertClose(rollingZScore(x, w), z, 1e-10, `z w=${w}`);
  }
});

test("windows at the block edges: a series of exactly one, one and a bit, and two blocks less one day", () => {
  // the kernels loop block by block: the first block, a whole block's last day and a short last block
  for (const [n, w] of [[20, 20], [21, 20], [39, 20], [7, 2], [8, 3]] as const) {
    const x = randomSeries(n, 11 + n, 0, 0.01, 0.05), y = randomSeries(n, 12 + n, 0, 0.01);
    assertClose(rollingSum(x, w), naiveWindow(x, w, plainSum), 1e-12, `sum n=${n} w=${w}`);
    assertClose(rollingMean(x, w), naiveWindow(x, w, ssMean), 1e-12, `mean n=${n} w=${w}`);
    assertClose(rollingStd(x, w), naiveWindow(x, w, sampleStandardDeviation), 1e-12, `std n=${n} w=${w}`);
    assertClose(rollingCovariance(x, y, w), naivePair(x, y, w, sampleCovariance), 1e-12, `cov n=${n} w=${w}`);
  }
});

test("rollingStd does not drift or cancel on long series with a large level (volumes near 1e8)", () => {
  // A naive running sum of squares loses everything here: level^2 = 1e16 swamps variance 1e12.
  const x = randomSeries(20_000, 2, 1e8, 1e6);
  const w = 20;
  const got = rollingStd(x, w);
  const want = naiveWindow(x, w, sampleStandardDeviation);
  for (let t = w - 1; t < x.length; t++) assert.ok(Math.abs(got[t] - want[t]) <= 1e-10 * want[t], `t=${t}: ${got[t]} vs ${want[t]}`);
});

test("rollingStd of a flat window is exactly 0 and its z-score NaN, never Infinity", () => {
  const x = [5, 5, 5, 5, 6];
  // sd(c(5, 5, 6)) = sqrt(1/3)
  assertClose(rollingStd(x, 3), [NaN, NaN, 0, 0, Math.sqrt(1 / 3)], 1e-15, "flat");
  assert.equal(rollingStd(x, 3)[3], 0);
  const z = rollingZScore(x, 3);
  assert.ok(Number.isNaN(z[2]) && Number.isNaN(z[3]));
});

test("rollingCorrelation, rollingBeta, rollingCovariance equal simple-statistics to 1e-10, with NaN gaps", () => {
  const x = randomSeries(600, 3, 0, 0.01, 0.01);
  const noise = randomSeries(600, 4, 0, 0.01);
  const y = x.map((v, i) => 1.3 * v + noise[i]);
  for (const w of [2, 3, 20, 60, 61]) {
    assertClose(rollingCorrelation(x, y, w), naivePair(x, y, w, (a, b) => (w === 2 ? Math.sign((a[1] - a[0]) * (b[1] - b[0])) : sampleCorrelation(a, b))), 1e-10, `corr w=${w}`);
    assertClose(rollingCovariance(x, y, w), naivePair(x, y, w, sampleCovariance), 1e-10, `cov w=${w}`);
    const beta = naivePair(y, x, w, (b, a) => sampleCovariance(a, b) / sampleCovariance(a, a));
    assertClose(rollingBeta(y, x, w), beta, 1e-10, `beta w=${w}`);
  }
});

test("rollingCorrelation and rollingBeta on hand-computed values", () => {
  // y = 2x exactly: correlation 1, beta 2
  assertClose(rollingBeta([2, 4, 6], [1, 2, 3], 3), [NaN, NaN, 2], 1e-15, "beta");
  // window [2, 3, 5] vs [4, 6, 9], by hand: deviations (-4, -1, 5)/3 and (-7, -1, 8)/3, so
  // Sxx = 42/9, Syy = 114/9, Sxy = 69/9 and r = 69 / sqrt(42 * 114) = 0.99717646...
  const r = rollingCorrelation([1, 2, 3, 5], [2, 4, 6, 9], 3);
  assert.ok(Math.abs(r[2] - 1) < 1e-15);
  assert.ok(Math.abs(r[3] - 69 / Math.sqrt(42 * 114)) < 1e-15);
  // a flat regressor: beta and correlation NaN, not Infinity
  assert.ok(Number.isNaN(rollingBeta([1, 2, 3], [1, 1, 1], 3)[2]));
  assert.ok(Number.isNaN(rollingCorrelation([1, 1, 1], [1, 2, 3], 3)[2]));
});

test("rolling functions do not mutate their input and reject bad windows by name", () => {
  const x = Object.freeze([1, 2, 3]) as unknown as number[];
  rollingMean(x, 2);
  rollingStd(x, 2);
  assert.throws(() => rollingStd([1, 2, 3], 1), /rollingStd requires windowDays to be an integer >= 2 \(got 1\)/);
  assert.throws(() => rollingMean([1, 2, 3], 2.5), /rollingMean requires windowDays/);
  assert.throws(() => rollingCorrelation([1, 2], [1, 2, 3], 2), /rollingCorrelation requires series of equal length \(got 2 and 3\)/);
});

test("rolling outputs at t ignore every later value", () => {
  const x = randomSeries(300, 5);
  const y = randomSeries(300, 6);
  const cut = 150;
  const x2 = x.slice(), y2 = y.slice();
  for (let t = cut + 1; t < 300; t++) {
    x2[t] = 100 * Math.random();
    y2[t] = NaN;
  }
  for (const f of [
    (a: Float64Array, b: Float64Array) => rollingStd(a, 20),
    (a: Float64Array, b: Float64Array) => rollingSum(a, 7),
    (a: Float64Array, b: Float64Array) => rollingCorrelation(a, b, 60),
    (a: Float64Array, b: Float64Array) => rollingBeta(b, a, 60),
  ]) {
    const before = f(x, y).subarray(0, cut + 1);
    const after = f(x2, y2).subarray(0, cut + 1);
    assert.deepEqual(after, before);
  }
});

test("ewmMean follows the recursive form and skips NaN", () => {
  assertClose(ewmMean([1, 2, 3], { alpha: 0.5 }), [1, 1.5, 2.25], 0, "alpha");
  assertClose(ewmMean([NaN, 2, NaN, 4], { spanDays: 3 }), [NaN, 2, NaN, 3], 0, "span 3 -> alpha 0.5");
  assertClose(ewmMean([0, 1], { halfLifeDays: 1 }), [0, 0.5], 1e-15, "half-life 1 -> alpha 0.5");
  assert.throws(() => ewmMean([1], {}), /exactly one of alpha, halfLifeDays, spanDays/);
});

test("laggedSeries moves yesterday's value onto today's row", () => {
  assert.deepEqual(Array.from(laggedSeries([1, 2, 3], 1)), [NaN, 1, 2]);
  assert.deepEqual(Array.from(laggedSeries([1, 2, 3], 0)), [1, 2, 3]);
});

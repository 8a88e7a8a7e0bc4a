import { test } from "node:test";
import assert from "node:assert/strict";
import {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  normalCdf,
  normalInverseCdf,
  probabilisticSharpeFromMoments,
  probabilisticSharpeRatio,
  returnMoments,
  sharpeBootstrapInterval,
  sharpeRatio,
} from "../../src/analytics";
import { createRng } from "../../src/util/rng";

const close = (actual: number, expected: number, tol: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} expected ${expected}, got ${actual} (tol ${tol})`);

test("normalCdf matches scipy.stats.norm.cdf to 1e-15 absolute (and the tails relatively)", () => {
  // scipy 1.17: norm.cdf([1, 1.96, -3, -6, -10])
  close(normalCdf(1), 0.8413447460685429, 1e-15);
  close(normalCdf(1.96), 0.9750021048517795, 1e-15);
  close(normalCdf(-3), 0.0013498980316300933, 1e-15);
  close(normalCdf(-6) / 9.865876450376946e-10, 1, 1e-12, "relative, lower tail");
  close(normalCdf(-10) / 7.61985302416047e-24, 1, 1e-12, "relative, far tail");
  assert.equal(normalCdf(0), 0.5);
  assert.ok(Number.isNaN(normalCdf(NaN)));
});

test("normalInverseCdf matches scipy.stats.norm.ppf to 1e-13 and inverts normalCdf", () => {
  close(normalInverseCdf(0.975), 1.959963984540054, 1e-13);
  close(normalInverseCdf(0.99), 2.3263478740408408, 1e-13);
  close(normalInverseCdf(0.3), -0.5244005127080409, 1e-13);
  close(normalInverseCdf(1e-10), -6.361340902404056, 1e-12);
  for (const p of [1e-8, 0.001, 0.02, 0.1, 0.5, 0.7, 0.98, 0.999]) close(normalCdf(normalInverseCdf(p)), p, 1e-15 + 1e-12 * p, `p=${p}`);
  assert.equal(normalInverseCdf(0), -Infinity);
  assert.equal(normalInverseCdf(1), Infinity);
  assert.ok(Number.isNaN(normalInverseCdf(1.5)));
});

test("returnMoments: population skewness and (non-excess) kurtosis, like scipy's defaults", () => {
  // [1, 2, 3, 4]: m2 = 1.25, m4 = (2 * 2.25^2 + 2 * 0.25^2) / 4 = 2.5625 -> kurtosis 2.5625 / 1.5625 = 1.64
  const m = returnMoments([1, 2, 3, 4]);
  close(m.mean, 2.5, 1e-15);
  close(m.sd, Math.sqrt(5 / 3), 1e-15);
  close(m.skewness, 0, 1e-15);
  close(m.kurtosis, 1.64, 1e-14);
});

test("probabilisticSharpeRatio of the worked example by hand", () => {
  // r = [0.01, -0.02, 0.03, 0, 0.01]: SR per day = 0.006 / 0.018165902 = 0.3302891
  // moments (population): m2 = 0.000264, m3 = -7.68e-7, m4 = 1.58113e-7
  //   skew = -7.68e-7 / 0.000264^1.5 = -0.1790422, kurtosis = 1.58113e-7 / 0.000264^2 = 2.2685950
  // PSR(0) = Phi(0.3302891 * sqrt(4) / sqrt(1 + 0.1790422 * 0.3302891 + 1.2685950 / 4 * 0.3302891^2))
  //        = Phi(0.6605783 / 1.0458180) = Phi(0.6316384) = 0.7361884 (scipy: 0.7361883814551732)
  const r = [0.01, -0.02, 0.03, 0.0, 0.01];
  const m = returnMoments(r);
  close(m.skewness, -0.17904216869721143, 1e-12);
  close(m.kurtosis, 2.2685950413223144, 1e-12);
  close(probabilisticSharpeRatio(r), 0.7361883814551732, 1e-12);
  // benchmark given annualised: PSR against its own Sharpe is exactly one half
  close(probabilisticSharpeRatio(r, { benchmarkSharpe: sharpeRatio(r) }), 0.5, 1e-12);
});

test("probabilisticSharpeFromMoments with normal returns: Phi(SR sqrt(n - 1) / sqrt(1 + SR^2 / 2))", () => {
  // SR 0.1 per period, n = 101, skew 0, kurt 3: Phi(0.1 * 10 / sqrt(1.005)) = 0.8407413 (scipy)
  close(probabilisticSharpeFromMoments({ sharpePerPeriod: 0.1, n: 101, skewness: 0, kurtosis: 3 }), 0.8407413278013518, 1e-12);
});

test("PSR invariants: rises with sample length for a positive Sharpe, falls with negative skew", () => {
  const base = { sharpePerPeriod: 0.05, skewness: 0, kurtosis: 3 };
  let previous = 0;
  for (const n of [50, 100, 500, 2000]) {
    const p = probabilisticSharpeFromMoments({ ...base, n });
    assert.ok(p > previous);
    previous = p;
  }
  const normal = probabilisticSharpeFromMoments({ ...base, n: 500 });
  const skewed = probabilisticSharpeFromMoments({ ...base, n: 500, skewness: -2, kurtosis: 9 });
  assert.ok(skewed < normal, "negative skew and fat tails lower the confidence");
});

test("deflated Sharpe: Bailey & Lopez de Prado (2014) numerical example gives 0.9004", () => {
  // The paper's example: N = 100 trials, V[SR] = 1/2 (annualised), best SR = 2.5 annualised,
  // T = 1250 daily observations (250 a year), skewness -3, kurtosis 10.
  // E[max SR] = sqrt(0.5) ((1 - gamma) Phi^-1(0.99) + gamma Phi^-1(1 - 1/(100 e))) = 1.7894 annualised
  //           = 0.1132 per day (the paper's SR0); DSR = Phi((0.1581 - 0.1132) sqrt(1249) / sqrt(1 + 3 * 0.1581 + 9/4 * 0.1581^2))
  //           = 0.9004 (paper); scipy with the same formula: 0.9003968344493903
  const bar = expectedMaxSharpe(100, Math.sqrt(0.5));
  close(bar, 1.7894064662732079, 1e-12);
  close(bar / Math.sqrt(250), 0.1132, 1e-4);
  const dsr = probabilisticSharpeFromMoments({ sharpePerPeriod: 2.5 / Math.sqrt(250), n: 1250, skewness: -3, kurtosis: 10 }, bar / Math.sqrt(250));
  close(dsr, 0.9003968344493903, 1e-12);
  close(dsr, 0.9004, 1e-4);
});

test("deflatedSharpeRatio: one trial is the plain PSR; more trials never raise it", () => {
  const rng = createRng(21);
  const r = Float64Array.from({ length: 1000 }, () => 0.0006 + 0.01 * rng.normal());
  const one = deflatedSharpeRatio(r, { trials: 1 });
  close(one.deflatedSharpe, probabilisticSharpeRatio(r), 1e-15);
  assert.equal(one.expectedMaxSharpe, 0);
  assert.equal(one.varianceSource, "estimator");
  close(one.trialSharpeVariance, 252 / 999, 1e-15);
  let previous = 1;
  for (const trials of [1, 2, 5, 20, 100, 1000]) {
    const d = deflatedSharpeRatio(r, { trials });
    assert.ok(d.deflatedSharpe <= previous, `trials=${trials}`);
    previous = d.deflatedSharpe;
  }
  const fromTrials = deflatedSharpeRatio(r, { trials: 3, trialSharpes: [0.5, 1.0, 1.5] });
  assert.equal(fromTrials.varianceSource, "trials");
  close(fromTrials.trialSharpeVariance, 0.25, 1e-15); // sample variance of 0.5, 1, 1.5
  assert.throws(() => deflatedSharpeRatio(r, { trials: 0 }), /deflatedSharpeRatio: trials must be a finite number >= 1 \(got 0\)/);
});

test("sharpeBootstrapInterval is seeded: same seed, same interval; another seed, another", () => {
  const rng = createRng(8);
  const r = Float64Array.from({ length: 750 }, () => 0.0005 + 0.01 * rng.normal());
  const a = sharpeBootstrapInterval(r, { seed: 1, resamples: 300 });
  const b = sharpeBootstrapInterval(r, { seed: 1, resamples: 300 });
  const c = sharpeBootstrapInterval(r, { seed: 2, resamples: 300 });
  assert.deepEqual(a, b);
  assert.notEqual(a.lower, c.lower);
  close(a.sharpe, sharpeRatio(r), 1e-12);
  assert.ok(a.lower < a.sharpe && a.sharpe < a.upper);
  assert.equal(a.method, "stationary");
  assert.equal(a.meanBlockLength, 9); // round(750^(1/3)) = round(9.09)
});

test("iid bootstrap standard error of Sharpe matches the asymptotic sqrt((1 + SR^2/2) / n) for normal returns", () => {
  // Lo (2002): for iid normal returns, se(SR per period) = sqrt((1 + SR^2 / 2) / n); annualised x sqrt(252).
  const rng = createRng(99);
  const n = 2000;
  const r = Float64Array.from({ length: n }, () => 0.0004 + 0.01 * rng.normal());
  const ci = sharpeBootstrapInterval(r, { method: "iid", resamples: 1000, seed: 3 });
  const sr = ci.sharpe / Math.sqrt(252);
  const expected = Math.sqrt((1 + (sr * sr) / 2) / n) * Math.sqrt(252);
  assert.ok(Math.abs(ci.standardError / expected - 1) < 0.1, `se ${ci.standardError} vs asymptotic ${expected}`);
});

test("stationary bootstrap widens the interval for autocorrelated returns, where iid understates it", () => {
  // AR(1) returns with phi = 0.6: the variance of the mean is (1 + phi) / (1 - phi) = 4x the iid one,
  // so a block bootstrap should give a clearly wider interval than the iid bootstrap.
  const rng = createRng(17);
  const n = 3000;
  const r = new Float64Array(n);
  let e = 0;
  for (let i = 0; i < n; i++) {
    e = 0.6 * e + 0.008 * rng.normal();
    r[i] = 0.0003 + e;
  }
  const iid = sharpeBootstrapInterval(r, { method: "iid", resamples: 400, seed: 1 });
  const block = sharpeBootstrapInterval(r, { method: "stationary", meanBlockLength: 20, resamples: 400, seed: 1 });
  assert.ok(block.upper - block.lower > 1.5 * (iid.upper - iid.lower), `block ${block.upper - block.lower} vs iid ${iid.upper - iid.lower}`);
});

test("sharpeBootstrapInterval rejects bad options naming them", () => {
  assert.throws(() => sharpeBootstrapInterval([0.01, 0.02, -0.01], { confidence: 1.2 }), /sharpeBootstrapInterval: confidence must be in \(0, 1\) \(got 1.2\)/);
  assert.throws(() => sharpeBootstrapInterval([0.01, 0.02, -0.01], { resamples: 3 }), /resamples must be an integer >= 10/);
  const empty = sharpeBootstrapInterval([NaN, 0.01]);
  assert.ok(Number.isNaN(empty.lower) && Number.isNaN(empty.sharpe));
});

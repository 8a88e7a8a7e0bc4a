import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflatedSharpeRatio, effectiveTrials, expectedMaxSharpe, trialCorrelation } from "../../src/analytics";
import { createRng } from "../../src/util/rng";

const close = (actual: number, expected: number, tol: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} expected ${expected}, got ${actual} (tol ${tol})`);

/** The 6 trials x 300 days of tests/fixtures/analytics/trial_returns.csv, one array per trial. */
function fixtureTrials(): Float64Array[] {
  const lines = readFileSync(join(__dirname, "../fixtures/analytics/trial_returns.csv"), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((l) => l.split(",").map(Number));
  return rows[0].map((_, k) => Float64Array.from(rows, (r) => r[k]));
}

/** The M x M identity, and the M x M matrix of ones. */
const identity = (M: number) => Array.from({ length: M }, (_, i) => Float64Array.from({ length: M }, (_, j) => (i === j ? 1 : 0)));
const ones = (M: number) => Array.from({ length: M }, () => new Float64Array(M).fill(1));

// A fixed correlation matrix (tests/fixtures/analytics/effective_trials_reference.py, R4).
const R4 = [
  [1.0, 0.8, 0.3, 0.1],
  [0.8, 1.0, 0.4, 0.2],
  [0.3, 0.4, 1.0, 0.5],
  [0.1, 0.2, 0.5, 1.0],
];

test("effectiveTrials of a fixed 4 x 4 correlation matches numpy.linalg.eigvalsh for every method", () => {
  // effective_trials_reference.py (numpy 1.24.2): eigenvalues 0.1912, 0.4638, 1.1559, 2.1891;
  // Li & Ji 3.0000000000000004, Nyholt 3.405, mean correlation 4 / (1 + 3 * 0.383333) = 1.8604651162790695
  close(effectiveTrials(R4), 3.0000000000000004, 1e-10, "liJi (default)");
  close(effectiveTrials(R4, { method: "liJi" }), 3.0000000000000004, 1e-10, "liJi");
  close(effectiveTrials(R4, { method: "nyholt" }), 3.405, 1e-10, "nyholt");
  close(effectiveTrials(R4, { method: "meanCorrelation" }), 1.8604651162790695, 1e-12, "meanCorrelation");
});

test("trialCorrelation is numpy's corrcoef over each pair's common days; effectiveTrials of it matches numpy", () => {
  // effective_trials_reference.py: pairwise-complete np.corrcoef of trial_returns.csv (3 trials on
  // one factor, 2 on another, 1 independent; NaN days in trials 0 and 3).
  const c = trialCorrelation(fixtureTrials());
  assert.equal(c.length, 6);
  close(c[0][1], 0.8319110302015165, 1e-12, "C[0][1]");
  close(c[0][3], -0.08275297797842175, 1e-12, "C[0][3]");
  close(c[3][4], 0.47197389927605937, 1e-12, "C[3][4]");
  close(c[2][5], 0.028067834258685864, 1e-12, "C[2][5]");
  for (let i = 0; i < 6; i++) {
    assert.equal(c[i][i], 1);
    for (let j = 0; j < 6; j++) assert.equal(c[i][j], c[j][i]);
  }
  close(effectiveTrials(c), 4.999999999999998, 1e-10, "liJi");
  close(effectiveTrials(c, { method: "nyholt" }), 5.223778633426419, 1e-10, "nyholt");
  close(effectiveTrials(c, { method: "meanCorrelation" }), 3.127579923530456, 1e-10, "meanCorrelation");
});

test("effectiveTrials: N for uncorrelated trials, 1 for perfectly correlated ones, every method", () => {
  for (const method of ["liJi", "nyholt", "meanCorrelation"] as const) {
    for (const M of [1, 2, 5, 9, 20]) {
      close(effectiveTrials(identity(M), { method }), M, 1e-10, `${method} identity ${M}`);
      close(effectiveTrials(ones(M), { method }), 1, 1e-10, `${method} ones ${M}`);
    }
  }
  // Perfectly correlated series (one scaled copy of another) through trialCorrelation.
  const rng = createRng(4);
  const base = Float64Array.from({ length: 250 }, () => 0.01 * rng.normal());
  const copies = [1, 2, 0.5, 3].map((k) => Float64Array.from(base, (x) => k * x + 0.001));
  close(effectiveTrials(trialCorrelation(copies)), 1, 1e-10, "copies");
});

test("effectiveTrials stays within [1, M] and falls as a common factor grows (seeded equicorrelated trials)", () => {
  for (const method of ["liJi", "nyholt", "meanCorrelation"] as const) {
    let previous = Infinity;
    for (const rho of [0, 0.2, 0.5, 0.8, 0.95]) {
      const R = Array.from({ length: 9 }, (_, i) => Float64Array.from({ length: 9 }, (_, j) => (i === j ? 1 : rho)));
      const m = effectiveTrials(R, { method });
      assert.ok(m >= 1 - 1e-12 && m <= 9 + 1e-12, `${method} rho ${rho}: ${m}`);
      assert.ok(m <= previous + 1e-12, `${method} rho ${rho}: ${m} after ${previous}`);
      previous = m;
    }
  }
  const rng = createRng(17);
  const factor = Float64Array.from({ length: 500 }, () => rng.normal());
  const trials = Array.from({ length: 8 }, () => Float64Array.from(factor, (f) => 0.9 * f + 0.4 * rng.normal()));
  for (const method of ["liJi", "nyholt", "meanCorrelation"] as const) {
    const m = effectiveTrials(trialCorrelation(trials), { method }); // correlation about 0.83: far fewer than 8
    assert.ok(m >= 1 && m < 4, `${method}, one strong factor: ${m}`);
  }
});

test("effectiveTrials edge cases: no trials, a NaN entry, and the caller's mistakes", () => {
  assert.equal(effectiveTrials([]), 0);
  assert.ok(Number.isNaN(effectiveTrials([[1, NaN], [NaN, 1]])));
  // A flat trial has no correlation: NaN rows, so NaN trials.
  assert.ok(Number.isNaN(effectiveTrials(trialCorrelation([[0.01, 0.02, -0.01], [0, 0, 0]]))));
  assert.throws(() => effectiveTrials([[1, 0.5], [0.4, 1]]), /effectiveTrials: correlation must be symmetric \(entry 0,1 is 0.5, entry 1,0 is 0.4\)/);
  assert.throws(() => effectiveTrials([[1, 0], [0, 2]]), /effectiveTrials: correlation must have a unit diagonal \(entry 1,1 is 2\)/);
  assert.throws(() => effectiveTrials([[1, 0], [0]]), /effectiveTrials: correlation must be square \(2 rows, row 1 has 1 entries\)/);
  assert.throws(() => effectiveTrials(R4, { method: "pca" as never }), /effectiveTrials: method must be "liJi", "nyholt" or "meanCorrelation" \(got pca\)/);
  assert.throws(() => trialCorrelation([[1, 2], [1, 2, 3]]), /trialCorrelation: every series must have the same length \(series 0 has 2, series 1 has 3\)/);
  const frozen = Object.freeze(R4.map((r) => Object.freeze([...r])));
  assert.equal(effectiveTrials(frozen), effectiveTrials(R4));
});

test("expectedMaxSharpe and deflatedSharpeRatio take a fractional effective number of trials", () => {
  // effective_trials_reference.py with scipy.stats.norm.ppf: E[max SR] for N = 14.999999999999998 and
  // N = 2.5 with the sampling sd sqrt(252 / 999) of one Sharpe estimate over 1000 days.
  const sd = Math.sqrt(252 / 999);
  close(expectedMaxSharpe(14.999999999999998, sd), 0.8893208760791138, 1e-10, "N 15");
  close(expectedMaxSharpe(2.5, sd), 0.35782759067113085, 1e-10, "N 2.5");
  // Monotone in N from 1, floored at 0 where the large-N approximation would turn negative.
  let previous = 0;
  for (const N of [1, 1.05, 1.2, 1.5, 2, 2.5, 4, 16.3, 100]) {
    const bar = expectedMaxSharpe(N, sd);
    assert.ok(bar >= previous, `N ${N}: ${bar} after ${previous}`);
    previous = bar;
  }
  assert.equal(expectedMaxSharpe(1.05, sd), 0);
  // scipy brentq: the approximation crosses 0 at N = 1.2835654897275894
  assert.equal(expectedMaxSharpe(1.2835, sd), 0);
  assert.ok(expectedMaxSharpe(1.2837, sd) > 0);
  const rng = createRng(21);
  const r = Float64Array.from({ length: 1000 }, () => 0.0006 + 0.01 * rng.normal());
  const d = deflatedSharpeRatio(r, { trials: 2.5 });
  assert.equal(d.varianceSource, "estimator");
  close(d.expectedMaxSharpe, 0.35782759067113085, 1e-10);
  assert.ok(deflatedSharpeRatio(r, { trials: 2 }).deflatedSharpe >= d.deflatedSharpe);
  assert.ok(d.deflatedSharpe >= deflatedSharpeRatio(r, { trials: 3 }).deflatedSharpe);
  assert.throws(() => expectedMaxSharpe(0.5, sd), /expectedMaxSharpe: trials must be a finite number >= 1 \(got 0.5\)/);
  assert.throws(() => deflatedSharpeRatio(r, { trials: NaN }), /deflatedSharpeRatio: trials must be a finite number >= 1 \(got NaN\)/);
});

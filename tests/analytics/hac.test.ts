import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { benchmarkStats, performanceSummary, sharpeRatio } from "../../src/analytics";
import { bartlettLongRunCovariance, neweyWestAutomaticLags } from "../../src/analytics/hac";
import { createRng } from "../../src/util/rng";

const close = (actual: number, expected: number, tol = 1e-12, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what} expected ${expected}, got ${actual}`);
const relClose = (actual: number, expected: number, tol: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.abs(expected), `${what} expected ${expected}, got ${actual}`);

// 300 synthetic days with autocorrelated, heteroskedastic errors (three NaN days), written by
// tests/fixtures/analytics/hac_reference.py.
const csv = readFileSync(join(__dirname, "..", "fixtures", "analytics", "hac_series.csv"), "utf8").trim().split("\n").slice(1);
const R = Float64Array.from(csv, (line) => Number(line.split(",")[0]));
const B = Float64Array.from(csv, (line) => Number(line.split(",")[1]));
const RF = 0.0001;

test("benchmarkStats' HAC t-statistics match statsmodels' OLS with Newey-West errors to 1e-10", () => {
  // Reference: statsmodels 0.13.5 (numpy 1.24.2), tests/fixtures/analytics/hac_reference.py:
  //   sm.OLS(r - rf, sm.add_constant(b - rf)).fit(cov_type="HAC", cov_kwds={"maxlags": L, "use_correction": False})
  // on the 297 rows without NaN; params are the same for every L.
  const reference = [
    { lags: 0, alphaT: 0.982192234840977, betaT: 5.299364362407128 },
    { lags: 3, alphaT: 0.6447089501622842, betaT: 5.480031037858018 },
    { lags: 5, alphaT: 0.6055367812183353, betaT: 5.6404778500654755 },
    { lags: 12, alphaT: 0.5987502610717109, betaT: 5.914903943655211 },
  ];
  for (const { lags, alphaT, betaT } of reference) {
    const s = benchmarkStats(R, B, { riskFree: RF, hacLags: lags });
    relClose(s.alphaPerPeriod, 0.00041818571061336113, 1e-10, "alpha");
    relClose(s.beta, 0.2596444127795808, 1e-10, "beta");
    relClose(s.alphaTStat, alphaT, 1e-10, `alpha t, L=${lags}`);
    relClose(s.betaTStat, betaT, 1e-10, `beta t, L=${lags}`);
    assert.equal(s.hacLags, lags);
    assert.equal(s.periods, 297);
  }
  // the default is the automatic rule: floor(4 (297 / 100)^(2/9)) = 5
  const auto = benchmarkStats(R, B, { riskFree: RF });
  assert.equal(auto.hacLags, 5);
  assert.equal(auto.alphaTStat, benchmarkStats(R, B, { riskFree: RF, hacLags: 5 }).alphaTStat);
  // numpy: h = y - beta x; h.mean() / h.std(ddof=1) * sqrt(252)
  relClose(auto.residualSharpe, 0.9049953643632218, 1e-10, "residual Sharpe");
});

test("residualSharpe is the Sharpe ratio of the beta-hedged excess returns, alpha included", () => {
  const s = benchmarkStats(R, B, { riskFree: RF });
  const hedged = Float64Array.from(R, (r, t) => r - RF - s.beta * (B[t] - RF));
  close(s.residualSharpe, sharpeRatio(hedged), 1e-12);
  // performanceSummary passes the three figures (and hacLags) through
  const p = performanceSummary(R, { benchmark: B, riskFree: RF, hacLags: 3 });
  const s3 = benchmarkStats(R, B, { riskFree: RF, hacLags: 3 });
  assert.deepEqual([p.betaTStat, p.alphaTStat, p.residualSharpe], [s3.betaTStat, s3.alphaTStat, s3.residualSharpe]);
  assert.ok(Number.isNaN(performanceSummary(R).betaTStat), "no benchmark -> NaN");
});

test("an exact fit r = 2b has beta 2, NaN t-statistics and a NaN residual Sharpe (zero residual variance)", () => {
  const b = [0.01, -0.02, 0.015, 0.003, -0.007, 0.012];
  const s = benchmarkStats(b.map((x) => 2 * x), b);
  assert.equal(s.beta, 2);
  assert.equal(s.alphaPerPeriod, 0);
  assert.ok(Number.isNaN(s.residualSharpe) && Number.isNaN(s.betaTStat) && Number.isNaN(s.alphaTStat));
});

test("the t-statistics and the residual Sharpe are scale-free; negating the strategy flips their signs", () => {
  const rng = createRng(13);
  const b = Float64Array.from({ length: 500 }, () => 0.01 * rng.normal());
  const r = Float64Array.from(b, (x) => 0.0003 + 0.4 * x + 0.005 * rng.normal());
  const base = benchmarkStats(r, b, { hacLags: 4 });
  for (const c of [0.01, 3, 250]) {
    const scaledR = benchmarkStats(Float64Array.from(r, (x) => c * x), b, { hacLags: 4 });
    close(scaledR.beta, c * base.beta, 1e-12, `beta, c=${c}`);
    close(scaledR.betaTStat, base.betaTStat, 1e-10, `beta t, r * ${c}`);
    close(scaledR.alphaTStat, base.alphaTStat, 1e-10, `alpha t, r * ${c}`);
    close(scaledR.residualSharpe, base.residualSharpe, 1e-10, `residual Sharpe, r * ${c}`);
    const scaledB = benchmarkStats(r, Float64Array.from(b, (x) => c * x), { hacLags: 4 });
    close(scaledB.beta, base.beta / c, 1e-12, `beta, b * ${c}`);
    close(scaledB.betaTStat, base.betaTStat, 1e-10, `beta t, b * ${c}`);
    close(scaledB.alphaTStat, base.alphaTStat, 1e-10, `alpha t, b * ${c}`);
  }
  const negated = benchmarkStats(Float64Array.from(r, (x) => -x), b, { hacLags: 4 });
  close(negated.betaTStat, -base.betaTStat, 1e-12);
  close(negated.alphaTStat, -base.alphaTStat, 1e-12);
  close(negated.residualSharpe, -base.residualSharpe, 1e-12);
  // a constant added to r moves alpha only: the residuals, hence beta's t, stay
  const shifted = benchmarkStats(Float64Array.from(r, (x) => x + 0.001), b, { hacLags: 4 });
  close(shifted.betaTStat, base.betaTStat, 1e-9);
  assert.ok(shifted.alphaTStat > base.alphaTStat);
});

test("benchmarkStats rejects a hacLags that is not a non-negative integer", () => {
  assert.throws(() => benchmarkStats(R, B, { hacLags: -1 }), /benchmarkStats: hacLags must be a non-negative integer \(got -1\)/);
  assert.throws(() => benchmarkStats(R, B, { hacLags: 2.5 }), /hacLags must be a non-negative integer/);
});

test("neweyWestAutomaticLags is floor(4 (n / 100)^(2/9))", () => {
  // 4 * 3^(2/9) = 5.10, 4 * 40.77^(2/9) = 9.06, 4 * 0.5^(2/9) = 3.43
  assert.deepEqual([300, 4077, 50, 100, 0].map(neweyWestAutomaticLags), [5, 9, 3, 4, 0]);
});

test("bartlettLongRunCovariance: by hand, lag 0 is the mean outer product, symmetric, lags capped at n - 1", () => {
  // [1, -1, 1, -1], L = 1: gamma_0 = 1, gamma_1 = -3/4, weight 1/2 -> 1 + 2 * 1/2 * (-3/4) = 0.25
  assert.deepEqual(Array.from(bartlettLongRunCovariance([1, -1, 1, -1], { dims: 1, lags: 1 })), [0.25]);
  const rng = createRng(2);
  const h = Float64Array.from({ length: 2 * 50 }, () => rng.normal());
  const zero = bartlettLongRunCovariance(h, { dims: 2, lags: 0 });
  let s01 = 0;
  for (let t = 0; t < 50; t++) s01 += h[2 * t] * h[2 * t + 1];
  close(zero[1], s01 / 50, 1e-14);
  const six = bartlettLongRunCovariance(h, { dims: 2, lags: 6 });
  assert.equal(six[1], six[2]);
  // two rows: lags beyond 1 add nothing but change the weight 1 - 1 / (L + 1)
  const two = [1, 2, 3, 4];
  const cov = bartlettLongRunCovariance(two, { dims: 2, lags: 5 });
  // Gamma_0 = ([1,2][1,2]' + [3,4][3,4]') / 2 = [[5, 7], [7, 10]]; Gamma_1 = [3,4][1,2]' / 2 = [[1.5, 3], [2, 4]]
  // w_1 = 5/6: Omega = Gamma_0 + 5/6 (Gamma_1 + Gamma_1') = [[7.5, 11.1667], [11.1667, 16.6667]]
  close(cov[0], 5 + (5 / 6) * 3, 1e-14);
  close(cov[1], 7 + (5 / 6) * 5, 1e-14);
  close(cov[3], 10 + (5 / 6) * 8, 1e-14);
  assert.throws(() => bartlettLongRunCovariance([1, 2, 3], { dims: 2, lags: 1 }), /n rows of dims values/);
});

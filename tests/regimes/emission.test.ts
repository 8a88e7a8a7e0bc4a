// The Gaussian emission kernels at d = 4 (the unrolled full-covariance path) against direct formulas.
import { test } from "node:test";
import assert from "node:assert/strict";
import { accumulateEmissionStats, createEmissionCache, createEmissionStats, logDensityInto, prepareEmission } from "../../src/regimes/emission";
import { createRng } from "../../src/util/rng";

const d = 4, K = 3, T = 50;
const rng = createRng(11);
const X = new Float64Array(T * d);
for (let i = 0; i < X.length; i++) X[i] = rng.normal();
X[7 * d + 2] = NaN; // rows 7 and 30 are missing observations
X[30 * d] = NaN;
const means = Float64Array.from({ length: K * d }, () => rng.normal());
// Sigma_k = A A^T + 0.5 I: symmetric positive definite
const covars = new Float64Array(K * d * d);
for (let k = 0; k < K; k++) {
  const A = Array.from({ length: d * d }, () => rng.normal());
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = i === j ? 0.5 : 0;
    for (let m = 0; m < d; m++) s += A[i * d + m] * A[j * d + m];
    covars[k * d * d + i * d + j] = s;
  }
}

/** log N(x | mu, Sigma) by Gaussian elimination on Sigma (no Cholesky): the textbook formula. */
function logNormalDirect(x: ArrayLike<number>, mu: ArrayLike<number>, S: number[]): number {
  const a = S.slice(), b = Array.from({ length: d }, (_, i) => x[i] - mu[i]), diff = b.slice();
  let logDet = 0;
  for (let c = 0; c < d; c++) {
    logDet += Math.log(a[c * d + c]);
    for (let r = c + 1; r < d; r++) {
      const f = a[r * d + c] / a[c * d + c];
      for (let j = c; j < d; j++) a[r * d + j] -= f * a[c * d + j];
      b[r] -= f * b[c];
    }
  }
  const sol = new Array(d).fill(0);
  for (let r = d - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < d; j++) s -= a[r * d + j] * sol[j];
    sol[r] = s / a[r * d + r];
  }
  let q = 0;
  for (let i = 0; i < d; i++) q += diff[i] * sol[i];
  return -0.5 * (d * Math.log(2 * Math.PI) + logDet + q);
}

test("logDensityInto at d = 4, full covariances, equals the Gaussian log-density; missing rows are 0 and flagged", () => {
  const cache = createEmissionCache(K, d);
  assert.equal(prepareEmission("full", covars, K, d, cache), -1);
  const logB = new Float64Array(T * K), missing = new Uint8Array(T);
  const nMissing = logDensityInto(X, T, d, K, "full", means, cache, logB, new Float64Array(d), missing);
  assert.equal(nMissing, 2);
  for (let t = 0; t < T; t++) {
    assert.equal(missing[t], t === 7 || t === 30 ? 1 : 0);
    for (let k = 0; k < K; k++) {
      const got = logB[t * K + k];
      if (missing[t]) assert.equal(got, 0);
      else {
        const want = logNormalDirect(X.subarray(t * d, t * d + d), means.subarray(k * d, k * d + d), Array.from(covars.subarray(k * d * d, (k + 1) * d * d)));
        assert.ok(Math.abs(got - want) <= 1e-10 * Math.max(1, Math.abs(want)), `row ${t} state ${k}: ${got} vs ${want}`);
      }
    }
  }
});

test("accumulateEmissionStats at d = 4, full, equals the posterior-weighted sums; the upper triangle stays 0", () => {
  const complete = X.map((v) => (v === v ? v : 0.25));
  const gamma = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    const a = rng.next(), b = rng.next() * (1 - a);
    gamma.set(t === 3 ? [0, 1, 0] : [a, b, 1 - a - b], t * K); // a zero weight is skipped
  }
  const stats = createEmissionStats(K, d);
  stats.obs2.fill(9); // stale values from a previous iteration must not survive
  accumulateEmissionStats(complete, gamma, T, d, K, "full", stats);
  for (let k = 0; k < K; k++) {
    let post = 0;
    const obs = new Array(d).fill(0), obs2 = new Array(d * d).fill(0);
    for (let t = 0; t < T; t++) {
      const g = gamma[t * K + k];
      post += g;
      for (let i = 0; i < d; i++) {
        obs[i] += g * complete[t * d + i];
        for (let j = 0; j <= i; j++) obs2[i * d + j] += g * complete[t * d + i] * complete[t * d + j];
      }
    }
    assert.ok(Math.abs(stats.post[k] - post) <= 1e-12);
    for (let i = 0; i < d; i++) assert.ok(Math.abs(stats.obs[k * d + i] - obs[i]) <= 1e-12);
    for (let i = 0; i < d * d; i++) assert.ok(Math.abs(stats.obs2[k * d * d + i] - obs2[i]) <= 1e-12, `state ${k} entry ${i}: ${stats.obs2[k * d * d + i]} vs ${obs2[i]}`);
  }
});

test("the scaled forward-backward at K = 3 (unrolled) agrees with the log-space implementation", async () => {
  const { createHmmWorkspace, forwardScaled, backwardScaled, forwardBackwardLog } = await import("../../src/regimes/forwardBackward");
  const n = 200;
  const ws = createHmmWorkspace(n, K);
  for (let i = 0; i < n * K; i++) ws.logB[i] = -3 * rng.next() - (i % 3 === 1 ? 2 : 0);
  const startprob = Float64Array.of(0.5, 0.3, 0.2);
  const transmat = Float64Array.of(0.9, 0.07, 0.03, 0.05, 0.9, 0.05, 0.02, 0.08, 0.9);
  const ll = forwardScaled(startprob, transmat, ws, n);
  backwardScaled(transmat, ws, n, true);
  const alpha = Float64Array.from(ws.alpha), gamma = Float64Array.from(ws.gamma), xi = Float64Array.from(ws.xiSum);
  const llLog = forwardBackwardLog(startprob, transmat, ws, n, true, true);
  assert.ok(Math.abs(ll - llLog) <= 1e-9 * Math.abs(llLog), `${ll} vs ${llLog}`);
  for (let i = 0; i < n * K; i++) {
    assert.ok(Math.abs(alpha[i] - ws.alpha[i]) <= 1e-12, `alpha[${i}]`);
    assert.ok(Math.abs(gamma[i] - ws.gamma[i]) <= 1e-12, `gamma[${i}]`);
  }
  let xiTotal = 0;
  for (let i = 0; i < K * K; i++) {
    assert.ok(Math.abs(xi[i] - ws.xiSum[i]) <= 1e-9, `xiSum[${i}]: ${xi[i]} vs ${ws.xiSum[i]}`);
    xiTotal += xi[i];
  }
  assert.ok(Math.abs(xiTotal - (n - 1)) <= 1e-9, `expected transitions sum to T - 1 (got ${xiTotal})`);
});

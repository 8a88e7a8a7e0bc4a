import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createGaussianHmm,
  hmmAic,
  hmmBic,
  hmmExpectedDurations,
  hmmFilter,
  hmmFreeParameters,
  hmmPermuteStates,
  hmmPosteriors,
  hmmSample,
  hmmScore,
  hmmStationaryDistribution,
  hmmStateOrder,
  hmmViterbi,
} from "../../src/regimes/model";
import { fitGaussianHmm } from "../../src/regimes/fit";
import { GaussianHMM } from "../../src/regimes/gaussianHmmClass";
import type { GaussianHmm } from "../../src/regimes/types";
import { HmmFitConfigSchema, parseHmmConfig } from "../../src/config/regimes";
import { createHmmWorkspace, forwardBackwardLog, forwardScaled, backwardScaled } from "../../src/regimes/forwardBackward";

// A small 2-state, 2-feature model: every quantity can be checked by enumerating all 2^T paths.
const small = createGaussianHmm({
  covarianceType: "full",
  startprob: [0.6, 0.4],
  transmat: [
    [0.9, 0.1],
    [0.2, 0.8],
  ],
  means: [
    [0, 0],
    [1, -1],
  ],
  covars: [
    [
      [1, 0.3],
      [0.3, 0.5],
    ],
    [
      [2, -0.4],
      [-0.4, 1],
    ],
  ],
});
const xs = Float64Array.from([0.1, -0.2, 1.2, -0.7, 0.9, -1.4, -0.3, 0.2, 2.5, -2, 0.4, 0.1]); // 6 rows x 2

/** Bivariate normal density written out (independent of the Cholesky code). */
function density(m: GaussianHmm, k: number, x0: number, x1: number): number {
  const [a, b, , c] = m.covars.subarray(k * 4, k * 4 + 4);
  const det = a * c - b * b;
  const e0 = x0 - m.means[k * 2];
  const e1 = x1 - m.means[k * 2 + 1];
  const q = (c * e0 * e0 - 2 * b * e0 * e1 + a * e1 * e1) / det;
  return Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
}

/** Joint probability of every path, by brute force. */
function enumerate(m: GaussianHmm, X: Float64Array) {
  const T = X.length / 2;
  const paths: { path: number[]; p: number }[] = [];
  for (let code = 0; code < 2 ** T; code++) {
    const path = Array.from({ length: T }, (_, t) => (code >> t) & 1);
    let p = m.startprob[path[0]] * density(m, path[0], X[0], X[1]);
    for (let t = 1; t < T; t++) p *= m.transmat[path[t - 1] * 2 + path[t]] * density(m, path[t], X[2 * t], X[2 * t + 1]);
    paths.push({ path, p });
  }
  return paths;
}

test("hmmScore, hmmPosteriors, hmmFilter and hmmViterbi equal brute-force enumeration of all paths (1e-12)", () => {
  const paths = enumerate(small, xs);
  const total = paths.reduce((s, q) => s + q.p, 0);
  assert.ok(Math.abs(hmmScore(small, xs) - Math.log(total)) < 1e-12);
  const post = hmmPosteriors(small, xs);
  for (let t = 0; t < 6; t++) {
    const p1 = paths.filter((q) => q.path[t] === 1).reduce((s, q) => s + q.p, 0) / total;
    assert.ok(Math.abs(post[t * 2 + 1] - p1) < 1e-12, `smoothed t=${t}`);
  }
  // filtered at t = smoothed of the series cut at t
  const filt = hmmFilter(small, xs);
  for (let t = 0; t < 6; t++) {
    const cut = enumerate(small, xs.subarray(0, 2 * (t + 1)));
    const z = cut.reduce((s, q) => s + q.p, 0);
    const p1 = cut.filter((q) => q.path[t] === 1).reduce((s, q) => s + q.p, 0) / z;
    assert.ok(Math.abs(filt[t * 2 + 1] - p1) < 1e-12, `filtered t=${t}`);
  }
  const best = paths.reduce((a, b) => (b.p > a.p ? b : a));
  const v = hmmViterbi(small, xs);
  assert.deepEqual(Array.from(v.path), best.path);
  assert.ok(Math.abs(v.logProb - Math.log(best.p)) < 1e-12);
});

test("filter() at t ignores later observations; the smoothed posteriors do not", () => {
  const { X } = hmmSample(small, 300, { seed: 11 });
  const changed = Float64Array.from(X);
  for (let i = 150 * 2; i < changed.length; i++) changed[i] = changed[i] * -3 + 5; // rewrite the future
  const a = hmmFilter(small, X);
  const b = hmmFilter(small, changed);
  for (let i = 0; i < 150 * 2; i++) assert.equal(a[i], b[i], `filtered entry ${i} moved`);
  const sa = hmmPosteriors(small, X);
  const sb = hmmPosteriors(small, changed);
  let moved = 0;
  for (let i = 0; i < 150 * 2; i++) moved = Math.max(moved, Math.abs(sa[i] - sb[i]));
  assert.ok(moved > 1e-3, `smoothed posteriors before t should move when the future changes (max change ${moved})`);
});

test("posterior and filtered rows sum to 1; the last filtered row equals the last smoothed row", () => {
  const { X } = hmmSample(small, 500, { seed: 2 });
  const post = hmmPosteriors(small, X);
  const filt = hmmFilter(small, X);
  for (let t = 0; t < 500; t++) {
    assert.ok(Math.abs(post[2 * t] + post[2 * t + 1] - 1) < 1e-12);
    assert.ok(Math.abs(filt[2 * t] + filt[2 * t + 1] - 1) < 1e-12);
  }
  assert.ok(Math.abs(post[998] - filt[998]) < 1e-12);
});

test("the log-space fallback agrees with the scaled forward-backward (1e-10)", () => {
  const { X } = hmmSample(small, 400, { seed: 5 });
  const scaled = createHmmWorkspace(400, 2);
  const logws = createHmmWorkspace(400, 2);
  // the same log-densities (written out, not from emission.ts) in both workspaces
  for (const ws of [scaled, logws]) {
    for (let t = 0; t < 400; t++) for (let k = 0; k < 2; k++) ws.logB[t * 2 + k] = Math.log(density(small, k, X[2 * t], X[2 * t + 1]));
  }
  const ll1 = forwardScaled(small.startprob, small.transmat, scaled, 400);
  backwardScaled(small.transmat, scaled, 400, true);
  const ll2 = forwardBackwardLog(small.startprob, small.transmat, logws, 400, true, true);
  assert.ok(Math.abs(ll1 - ll2) < 1e-10 * Math.abs(ll1));
  for (let i = 0; i < 800; i++) {
    assert.ok(Math.abs(scaled.gamma[i] - logws.gamma[i]) < 1e-10);
    assert.ok(Math.abs(scaled.alpha[i] - logws.alpha[i]) < 1e-10);
  }
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(scaled.xiSum[i] - logws.xiSum[i]) < 1e-8);
});

test("an observation only an unreachable state explains falls back to log space and stays finite", () => {
  // state 1 can never be entered; row 2 sits 60 standard deviations from state 0 but near state 1
  const m = createGaussianHmm({ covarianceType: "diag", startprob: [1, 0], transmat: [[1, 0], [0.5, 0.5]], means: [[0], [60]], covars: [[1], [1]] });
  const X = [0.1, -0.3, 59, 0.2];
  const ll = hmmScore(m, X);
  const direct = [0.1, -0.3, 59, 0.2].reduce((s, x) => s - 0.5 * Math.log(2 * Math.PI) - 0.5 * x * x, 0);
  assert.ok(Math.abs(ll - direct) < 1e-9, `${ll} vs ${direct}`);
  const f = hmmFilter(m, X);
  assert.deepEqual(Array.from(f), [1, 0, 1, 0, 1, 0, 1, 0]);
});

test("EM never lowers the log-likelihood, and a sample's parameters are recovered", () => {
  // well separated: state 1 sits 3 standard deviations away
  const separated = createGaussianHmm({ ...small, means: [0, 0, 3, -3] });
  const { X, states } = hmmSample(separated, 4000, { seed: 21 });
  for (const type of ["full", "diag", "spherical", "tied"] as const) {
    const fit = fitGaussianHmm(X, 2, { nComponents: 2, covarianceType: type, seed: 1, nRestarts: 2 });
    const h = fit.fit.history;
    for (let i = 1; i < h.length; i++) assert.ok(h[i] >= h[i - 1] - 1e-8 * Math.abs(h[i - 1]), `${type}: history fell at ${i}`);
    assert.ok(fit.fit.converged, `${type} converged`);
    if (type === "full") {
      // state 0 = lower variance of feature 0 = the generator's state 0
      assert.ok(Math.abs(fit.transmat[0] - 0.9) < 0.02 && Math.abs(fit.transmat[3] - 0.8) < 0.03, `transmat ${fit.transmat}`);
      assert.ok(Math.abs(fit.means[2] - 3) < 0.1 && Math.abs(fit.means[3] + 3) < 0.1, `means ${fit.means}`);
      assert.ok(Math.abs(fit.covars[4] - 2) < 0.2, `covars ${fit.covars}`);
      const path = hmmViterbi(fit, X).path;
      let hit = 0;
      for (let t = 0; t < 4000; t++) if (path[t] === states[t]) hit++;
      assert.ok(hit / 4000 > 0.97, `accuracy ${hit / 4000}`);
    }
    if (type === "spherical") for (let k = 0; k < 2; k++) assert.equal(fit.covars[k * 4], fit.covars[k * 4 + 3]);
    if (type === "tied") assert.deepEqual(Array.from(fit.covars.subarray(0, 4)), Array.from(fit.covars.subarray(4, 8)));
    if (type !== "full" && type !== "tied") assert.equal(fit.covars[1], 0);
  }
});

test("same seed, same fit bit for bit; the best restart has the highest log-likelihood", () => {
  const { X } = hmmSample(small, 800, { seed: 4 });
  const a = fitGaussianHmm(X, 2, { nComponents: 3, seed: 9, nRestarts: 4 });
  const b = fitGaussianHmm(X, 2, { nComponents: 3, seed: 9, nRestarts: 4 });
  assert.deepEqual(Array.from(a.means), Array.from(b.means));
  assert.deepEqual(Array.from(a.covars), Array.from(b.covars));
  assert.equal(a.fit.restarts.length, 4);
  for (const r of a.fit.restarts) assert.ok(r.logLikelihood <= a.fit.logLikelihood);
  assert.equal(a.fit.restarts[a.fit.bestRestart].logLikelihood, a.fit.logLikelihood);
  assert.equal(hmmScore(a, X), a.fit.logLikelihood);
});

test("fitGaussianHmm's defaults are HmmFitConfig's: no options fits exactly like the parsed defaults", () => {
  const { X } = hmmSample(small, 300, { seed: 8 });
  const defaults = HmmFitConfigSchema.parse({});
  const a = fitGaussianHmm(X, 2);
  const b = fitGaussianHmm(X, 2, defaults);
  assert.deepEqual(Array.from(a.means), Array.from(b.means));
  assert.equal(a.fit.logLikelihood, b.fit.logLikelihood);
  assert.equal(a.nComponents, defaults.nComponents);
  assert.equal(a.covarianceType, defaults.covarianceType);
  assert.equal(a.fit.restarts.length, defaults.nRestarts);
  assert.equal(a.fit.stateOrder.by, defaults.stateOrder);
});

test("fitGaussianHmm names a bad option as a config field, with the range and the value given", () => {
  const { X } = hmmSample(small, 100, { seed: 1 });
  assert.throws(() => fitGaussianHmm(X, 2, { nComponents: 0 }), /invalid fitGaussianHmm config: nComponents: must be >= 1 \(got 0\)/);
  assert.throws(() => fitGaussianHmm(X, 2, { covarianceType: "banded" as "full" }), /covarianceType: must be one of "full", "diag", "spherical", "tied" \(got "banded"\)/);
  assert.throws(() => fitGaussianHmm(X, 2, { stickiness: 1.5 }), /stickiness: must be <= 1 \(got 1.5\)/);
  assert.throws(() => fitGaussianHmm(X, 2, { nIters: 5 } as object), /unknown field\(s\) nIters/);
  assert.throws(() => fitGaussianHmm(X, 2, { nRestarts: 0 }), /nRestarts = 0 needs initParams or warmStart/);
  // tol -Infinity (never converge: run every iteration, for benchmarks) is a fit option, not a study setting
  assert.equal(fitGaussianHmm(X, 2, { tol: -Infinity, nIter: 5, nRestarts: 1 }).fit.nIter, 5);
  assert.throws(() => parseHmmConfig({ tol: -Infinity }), /invalid hmm config: tol: must be >= 0/);
});

test("fitting does not mutate its input", () => {
  const { X } = hmmSample(small, 300, { seed: 8 });
  const copy = Float64Array.from(X);
  fitGaussianHmm(X, 2, { nComponents: 2, nRestarts: 1 });
  hmmFilter(small, X);
  hmmPosteriors(small, X);
  assert.deepEqual(X, copy);
});

test("relabelling states leaves the likelihood unchanged and permutes the posteriors", () => {
  const { X } = hmmSample(small, 200, { seed: 3 });
  const swapped = hmmPermuteStates(small, [1, 0]);
  assert.ok(Math.abs(hmmScore(swapped, X) - hmmScore(small, X)) < 1e-9);
  const a = hmmPosteriors(small, X);
  const b = hmmPosteriors(swapped, X);
  for (let t = 0; t < 200; t++) assert.ok(Math.abs(a[2 * t] - b[2 * t + 1]) < 1e-12);
  assert.deepEqual(hmmStateOrder(swapped), [1, 0]); // variance 2 sits at label 0 after the swap
});

test("free parameters, AIC and BIC follow hmmlearn's count", () => {
  const base = { nComponents: 3, nFeatures: 4 } as const;
  // hmmlearn: full 50 and diag 32 (reference json n_free_params); spherical 2 + 6 + 12 + 3; tied 2 + 6 + 12 + 10
  assert.equal(hmmFreeParameters({ ...base, covarianceType: "full" }), 50);
  assert.equal(hmmFreeParameters({ ...base, covarianceType: "diag" }), 32);
  assert.equal(hmmFreeParameters({ ...base, covarianceType: "spherical" }), 23);
  assert.equal(hmmFreeParameters({ ...base, covarianceType: "tied" }), 30);
  const ll = hmmScore(small, xs);
  const p = hmmFreeParameters(small); // 1 + 2 + 4 + 6 = 13
  assert.equal(p, 13);
  assert.ok(Math.abs(hmmAic(small, xs) - (-2 * ll + 2 * 13)) < 1e-12);
  assert.ok(Math.abs(hmmBic(small, xs) - (-2 * ll + 13 * Math.log(6))) < 1e-12);
});

test("expected durations are 1 / (1 - A_kk); the stationary distribution of a 2-state chain is (b, a) / (a + b)", () => {
  // by hand: A = [[0.9, 0.1], [0.2, 0.8]]: durations 10 and 5 days; pi = (0.2, 0.1) / 0.3
  const dur = hmmExpectedDurations(small);
  assert.ok(Math.abs(dur[0] - 10) < 1e-12 && Math.abs(dur[1] - 5) < 1e-12);
  const pi = hmmStationaryDistribution(small);
  assert.ok(Math.abs(pi[0] - 2 / 3) < 1e-12 && Math.abs(pi[1] - 1 / 3) < 1e-12);
  const absorbing = createGaussianHmm({ covarianceType: "diag", startprob: [1], transmat: [[1]], means: [[0]], covars: [[1]] });
  assert.ok(Number.isNaN(hmmExpectedDurations(absorbing)[0]));
});

test("a leading NaN warm-up is skipped and an interior NaN row is a missing observation", () => {
  const { X } = hmmSample(small, 50, { seed: 6 });
  const withWarmup = new Float64Array(2 * 53).fill(NaN);
  withWarmup.set(X, 6);
  const f0 = hmmFilter(small, X);
  const f1 = hmmFilter(small, withWarmup);
  for (let i = 0; i < 6; i++) assert.ok(Number.isNaN(f1[i]));
  for (let i = 0; i < 100; i++) assert.equal(f1[i + 6], f0[i]);
  assert.equal(hmmScore(small, withWarmup), hmmScore(small, X));
  const gap = Float64Array.from(X);
  gap[20] = NaN; // row 10
  const fg = hmmFilter(small, gap);
  assert.ok(Number.isNaN(fg[20]) && Number.isNaN(fg[21]));
  const v = hmmViterbi(small, gap).path;
  assert.equal(v[10], -1);
  // a missing row carries no evidence: the score is that of the chain marginalised over row 10
  assert.ok(hmmScore(small, gap) > hmmScore(small, X) - 50 && Number.isFinite(hmmScore(small, gap)));
});

test("degenerate input gives errors that say what was expected and what arrived", () => {
  const good = hmmSample(small, 100, { seed: 1 }).X;
  const withNaN = Float64Array.from(good);
  withNaN[2 * 17 + 1] = NaN;
  assert.throws(() => fitGaussianHmm(withNaN, 2, { featureNames: ["ret", "logvol"] }), /fitGaussianHmm: X\[row 17, column 1 \("logvol"\)\] is NaN/);
  const constant = Float64Array.from(good);
  for (let t = 0; t < 100; t++) constant[2 * t] = 0.5;
  assert.throws(() => fitGaussianHmm(constant, 2), /fitGaussianHmm: column 0 is constant \(every row = 0.5\)/);
  assert.throws(() => fitGaussianHmm(good.subarray(0, 4), 2, { nComponents: 3 }), /fewer rows \(2\) than states \(nComponents = 3\)/);
  assert.throws(() => fitGaussianHmm(good.subarray(0, 5), 2), /not a multiple of nFeatures = 2/);
  assert.throws(
    () => createGaussianHmm({ covarianceType: "diag", startprob: [0.5, 0.47], transmat: [[1, 0], [0, 1]], means: [[0], [1]], covars: [[1], [1]] }),
    /startprob must sum to 1 \(got 0.9700\)/,
  );
  assert.throws(
    () => createGaussianHmm({ covarianceType: "full", startprob: [1], transmat: [[1]], means: [[0, 0]], covars: [[[1, 2], [2, 1]]] }),
    /covars of state 0 are not positive definite/,
  );
  assert.throws(() => hmmFilter(small, [1, 2, 3]), /hmmFilter: X has 3 values, not a multiple of the model's 2 features/);
});

test("GaussianHMM (the hmmlearn-shaped class) wraps the same functions", () => {
  const { X } = hmmSample(small, 600, { seed: 12 });
  const hmm = new GaussianHMM({ nComponents: 2, seed: 1, nRestarts: 2 }).fit(X, 2);
  assert.equal(hmm.score(X), hmmScore(hmm.model, X));
  assert.deepEqual(hmm.predict(X), hmmViterbi(hmm.model, X).path);
  assert.deepEqual(hmm.filter(X), hmmFilter(hmm.model, X));
  assert.equal(hmm.sample(10, { seed: 1 }).X.length, 20);
  const loaded = GaussianHMM.fromParams({ covarianceType: "full", startprob: small.startprob, transmat: small.transmat, means: small.means, covars: small.covars });
  assert.equal(loaded.score(xs), hmmScore(small, xs));
  assert.throws(() => new GaussianHMM().score(xs), /call fit\(X, nFeatures\)/);
});

test("hmmSample is seeded and follows the model's state frequencies", () => {
  const a = hmmSample(small, 20000, { seed: 7 });
  const b = hmmSample(small, 20000, { seed: 7 });
  assert.deepEqual(a.X, b.X);
  let ones = 0;
  for (const s of a.states) ones += s;
  assert.ok(Math.abs(ones / 20000 - 1 / 3) < 0.03, `share of state 1: ${ones / 20000}`);
});

/**
 * Building, checking and using a Gaussian HMM: pure functions of (model, observations).
 * Observations are a row-major Float64Array (or plain array) of T rows by `model.nFeatures`.
 *
 * Missing data: a row with any NaN is a missing observation. Leading missing rows (a feature
 * warm-up) are skipped: the chain starts at the first complete row with `startprob`. A missing row
 * inside the series carries no evidence (its emission is 1 for every state), so the chain just
 * moves through the transition matrix there. Per-row outputs keep their length and are NaN
 * (state -1) on missing rows.
 */
import { createRng } from "../util/rng";
import { choleskyInto } from "./linalg";
import { createEmissionCache, logDensityInto, prepareEmission } from "./emission";
import { createHmmWorkspace, inferStates, type HmmWorkspace } from "./forwardBackward";
import { viterbiDecode } from "./viterbi";
import { HMM_COVARIANCE_TYPES, type GaussianHmm, type HmmCovarianceType, type HmmStateOrder } from "./types";

type Nested = ArrayLike<number> | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];

/** Parameters as they arrive from JSON or hmmlearn: flat or nested arrays; covars in full or native shape. */
export interface GaussianHmmParams {
  readonly covarianceType: HmmCovarianceType;
  readonly startprob: Nested;
  readonly transmat: Nested;
  readonly means: Nested;
  /** K x d x d full matrices, or hmmlearn's native shape (`_covars_`): diag K x d, spherical K, tied d x d. */
  readonly covars: Nested;
}

function flatten(x: Nested): Float64Array {
  const out: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "number") out.push(v);
    else if (v !== null && typeof v === "object" && "length" in (v as object)) {
      const a = v as ArrayLike<unknown>;
      for (let i = 0; i < a.length; i++) walk(a[i]);
    } else throw new Error(`createGaussianHmm: expected numbers, got ${JSON.stringify(v)}`);
  };
  walk(x);
  return Float64Array.from(out);
}

/**
 * A checked, frozen Gaussian HMM from its parameters (for example hmmlearn's fitted `startprob_`,
 * `transmat_`, `means_`, `covars_`). Copies its inputs.
 * @throws naming the parameter when a size is wrong, a probability is negative, a row does not
 *   sum to 1 (within 1e-6), or a covariance is not symmetric positive definite
 * @example createGaussianHmm({ covarianceType: "diag", startprob: [1], transmat: [[1]], means: [[0]], covars: [[1]] })
 */
export function createGaussianHmm(params: GaussianHmmParams): GaussianHmm {
  const covarianceType = params.covarianceType;
  if (!HMM_COVARIANCE_TYPES.includes(covarianceType)) throw new Error(`createGaussianHmm: covarianceType must be one of ${HMM_COVARIANCE_TYPES.join(", ")} (got ${JSON.stringify(covarianceType)})`);
  const startprob = flatten(params.startprob);
  const K = startprob.length;
  if (K < 1) throw new Error("createGaussianHmm: startprob is empty (need one probability per state)");
  const transmat = flatten(params.transmat);
  if (transmat.length !== K * K) throw new Error(`createGaussianHmm: transmat must have ${K} x ${K} = ${K * K} entries for ${K} states (got ${transmat.length})`);
  const means = flatten(params.means);
  if (means.length % K !== 0 || means.length === 0) throw new Error(`createGaussianHmm: means must have K x d entries with K = ${K} (got ${means.length})`);
  const d = means.length / K;
  const covars = expandCovars(flatten(params.covars), covarianceType, K, d);
  checkProbabilities(startprob, "startprob");
  for (let i = 0; i < K; i++) checkProbabilities(transmat.subarray(i * K, (i + 1) * K), `transmat row ${i}`);
  for (let i = 0; i < means.length; i++) {
    if (!Number.isFinite(means[i])) throw new Error(`createGaussianHmm: means[${Math.floor(i / d)}][${i % d}] is ${means[i]} (must be finite)`);
  }
  checkCovars(covars, covarianceType, K, d, "createGaussianHmm");
  return freezeModel({ covarianceType, nComponents: K, nFeatures: d, startprob, transmat, means, covars });
}

export function freezeModel<M extends GaussianHmm>(model: M): M {
  return Object.freeze(model);
}

function checkProbabilities(p: Float64Array, name: string): void {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0) || !Number.isFinite(p[i])) throw new Error(`createGaussianHmm: ${name} has entry ${i} = ${p[i]} (must be a probability >= 0)`);
    s += p[i];
  }
  if (Math.abs(s - 1) > 1e-6) throw new Error(`createGaussianHmm: ${name} must sum to 1 (got ${s.toFixed(4)})`);
}

function expandCovars(c: Float64Array, type: HmmCovarianceType, K: number, d: number): Float64Array {
  const dd = d * d;
  if (c.length === K * dd) return c;
  const out = new Float64Array(K * dd);
  const native = type === "diag" ? K * d : type === "spherical" ? K : type === "tied" ? dd : K * dd;
  if (c.length !== native) {
    throw new Error(`createGaussianHmm: covars for "${type}" must have ${K * dd} entries (K x d x d) or ${native} (hmmlearn's native shape), got ${c.length}`);
  }
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let v = 0;
        if (type === "tied") v = c[i * d + j];
        else if (i === j) v = type === "diag" ? c[k * d + i] : c[k];
        out[k * dd + i * d + j] = v;
      }
    }
  }
  return out;
}

/** Throws when a covariance is not symmetric positive definite or breaks its type's constraint. */
export function checkCovars(covars: Float64Array, type: HmmCovarianceType, K: number, d: number, fn: string): void {
  const dd = d * d;
  const chol = new Float64Array(dd);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = covars[k * dd + i * d + j];
        if (!Number.isFinite(v)) throw new Error(`${fn}: covars[${k}][${i}][${j}] is ${v} (must be finite)`);
        const tol = 1e-10 * (Math.abs(v) + 1);
        if (Math.abs(v - covars[k * dd + j * d + i]) > tol) throw new Error(`${fn}: covars of state ${k} are not symmetric at [${i}][${j}]`);
        if (i !== j && (type === "diag" || type === "spherical") && v !== 0) throw new Error(`${fn}: "${type}" covars of state ${k} must be diagonal (got ${v} at [${i}][${j}])`);
        if (i === j && type === "spherical" && Math.abs(v - covars[k * dd]) > tol) throw new Error(`${fn}: "spherical" covars of state ${k} must have one variance on the diagonal`);
        if (type === "tied" && k > 0 && Math.abs(v - covars[i * d + j]) > tol) throw new Error(`${fn}: "tied" covars must be the same matrix for every state (state ${k} differs at [${i}][${j}])`);
      }
    }
    if (!choleskyInto(covars, k * dd, d, chol, 0)) throw new Error(`${fn}: covars of state ${k} are not positive definite`);
  }
}

/** The observations as a Float64Array, checked against the model's feature count. */
function asRows(model: GaussianHmm, X: ArrayLike<number>, fn: string): { x: Float64Array; T: number } {
  const d = model.nFeatures;
  if (X.length % d !== 0) throw new Error(`${fn}: X has ${X.length} values, not a multiple of the model's ${d} features (row-major T x d expected)`);
  const x = X instanceof Float64Array ? X : Float64Array.from(X);
  return { x, T: X.length / d };
}

interface Inference {
  readonly T: number;
  /** First complete row; rows before it are warm-up and excluded. */
  readonly first: number;
  readonly ws: HmmWorkspace;
  readonly logLik: number;
  readonly nMissing: number;
}

function firstCompleteRow(x: Float64Array, T: number, d: number): number {
  for (let t = 0; t < T; t++) {
    let ok = true;
    for (let f = 0; f < d; f++) if (x[t * d + f] !== x[t * d + f]) ok = false;
    if (ok) return t;
  }
  return T;
}

/** Log-densities and forward(-backward) over the rows from the first complete one. */
function infer(model: GaussianHmm, X: ArrayLike<number>, fn: string, backward: boolean): Inference | { T: number; first: number; ws: null } {
  const { x, T } = asRows(model, X, fn);
  const K = model.nComponents;
  const d = model.nFeatures;
  const first = firstCompleteRow(x, T, d);
  const n = T - first;
  if (n === 0) return { T, first, ws: null };
  const ws = createHmmWorkspace(n, K);
  const cache = createEmissionCache(K, d);
  const bad = prepareEmission(model.covarianceType, model.covars, K, d, cache);
  if (bad >= 0) throw new Error(`${fn}: covars of state ${bad} are not positive definite`);
  const nMissing = logDensityInto(x.subarray(first * d), n, d, K, model.covarianceType, model.means, cache, ws.logB, new Float64Array(d), ws.missing);
  const logLik = inferStates(model.startprob, model.transmat, ws, n, backward, false);
  return { T, first, ws, logLik, nMissing };
}

function perRow(res: Inference | { T: number; first: number; ws: null }, K: number, source: "alpha" | "gamma"): Float64Array {
  const out = new Float64Array(res.T * K).fill(NaN);
  if (res.ws === null) return out;
  const src = res.ws[source];
  const n = res.T - res.first;
  for (let t = 0; t < n; t++) {
    if (res.ws.missing[t]) continue;
    for (let k = 0; k < K; k++) out[(res.first + t) * K + k] = src[t * K + k];
  }
  return out;
}

/**
 * Log-likelihood log P(x_1..x_T | model) by the forward algorithm (hmmlearn's `score`), over
 * the complete rows (missing rows contribute nothing). NaN when no row is complete.
 */
export function hmmScore(model: GaussianHmm, X: ArrayLike<number>): number {
  const res = infer(model, X, "hmmScore", false);
  return res.ws === null ? NaN : (res as Inference).logLik;
}

/**
 * Causal (filtered) state probabilities P(state_t = k | x_1..x_t), T x K row-major, from the
 * forward pass only: row t never depends on rows after t. This is what a backtest may use.
 */
export function hmmFilter(model: GaussianHmm, X: ArrayLike<number>): Float64Array {
  return perRow(infer(model, X, "hmmFilter", false), model.nComponents, "alpha");
}

/**
 * Smoothed posteriors P(state_t = k | x_1..x_T), T x K row-major (hmmlearn's `predict_proba`):
 * they use the whole series, the future included, so they are for description, never for trading.
 */
export function hmmPosteriors(model: GaussianHmm, X: ArrayLike<number>): Float64Array {
  return perRow(infer(model, X, "hmmPosteriors", true), model.nComponents, "gamma");
}

/**
 * The most likely state path (Viterbi; hmmlearn's `decode` / `predict`) and its joint log
 * probability. Uses the whole series (look-ahead). Missing rows get state -1.
 */
export function hmmViterbi(model: GaussianHmm, X: ArrayLike<number>): { path: Int32Array; logProb: number } {
  const { x, T } = asRows(model, X, "hmmViterbi");
  const K = model.nComponents;
  const d = model.nFeatures;
  const first = firstCompleteRow(x, T, d);
  const path = new Int32Array(T).fill(-1);
  const n = T - first;
  if (n === 0) return { path, logProb: NaN };
  const cache = createEmissionCache(K, d);
  const bad = prepareEmission(model.covarianceType, model.covars, K, d, cache);
  if (bad >= 0) throw new Error(`hmmViterbi: covars of state ${bad} are not positive definite`);
  const logB = new Float64Array(n * K);
  const missing = new Uint8Array(n);
  logDensityInto(x.subarray(first * d), n, d, K, model.covarianceType, model.means, cache, logB, new Float64Array(d), missing);
  const res = viterbiDecode(model.startprob, model.transmat, logB, n, K);
  for (let t = 0; t < n; t++) path[first + t] = missing[t] ? -1 : res.path[t];
  return { path, logProb: res.logProb };
}

/**
 * Number of free parameters, counted as hmmlearn's `_get_n_fit_scalars_per_param`:
 * (K - 1) start + K (K - 1) transitions + K d means + covariances
 * (full K d (d + 1) / 2, diag K d, spherical K, tied d (d + 1) / 2).
 * @example hmmFreeParameters(fullModelWith3States4Features) // => 50
 */
export function hmmFreeParameters(model: Pick<GaussianHmm, "nComponents" | "nFeatures" | "covarianceType">): number {
  const K = model.nComponents;
  const d = model.nFeatures;
  const cov = { full: (K * d * (d + 1)) / 2, diag: K * d, spherical: K, tied: (d * (d + 1)) / 2 }[model.covarianceType];
  return K - 1 + K * (K - 1) + K * d + cov;
}

/** Number of complete rows of X (those the likelihood counts). */
function completeRows(model: GaussianHmm, X: ArrayLike<number>): number {
  const d = model.nFeatures;
  let n = 0;
  for (let t = 0; t * d < X.length; t++) {
    let ok = true;
    for (let f = 0; f < d; f++) if (X[t * d + f] !== X[t * d + f]) ok = false;
    if (ok) n++;
  }
  return n;
}

/** Akaike information criterion -2 log L + 2 p (lower is better), as hmmlearn's `aic`. */
export function hmmAic(model: GaussianHmm, X: ArrayLike<number>): number {
  return -2 * hmmScore(model, X) + 2 * hmmFreeParameters(model);
}

/** Bayesian information criterion -2 log L + p ln(n), n = complete rows (hmmlearn's `bic`). */
export function hmmBic(model: GaussianHmm, X: ArrayLike<number>): number {
  return -2 * hmmScore(model, X) + hmmFreeParameters(model) * Math.log(completeRows(model, X));
}

/**
 * Expected time spent in each state per visit, 1 / (1 - A_kk) steps (the mean of the geometric
 * sojourn distribution). NaN for an absorbing state (A_kk = 1).
 */
export function hmmExpectedDurations(model: GaussianHmm): Float64Array {
  const K = model.nComponents;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const stay = model.transmat[k * K + k];
    out[k] = stay < 1 ? 1 / (1 - stay) : NaN;
  }
  return out;
}

/**
 * Long-run share of time in each state: the stationary distribution pi = pi A, by power
 * iteration from uniform (1e-13 convergence, at most 100,000 steps).
 */
export function hmmStationaryDistribution(model: GaussianHmm): Float64Array {
  const K = model.nComponents;
  const A = model.transmat;
  let p = new Float64Array(K).fill(1 / K);
  let q = new Float64Array(K);
  for (let it = 0; it < 100_000; it++) {
    q.fill(0);
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) q[j] += p[i] * A[i * K + j];
    let diff = 0;
    for (let k = 0; k < K; k++) diff += Math.abs(q[k] - p[k]);
    [p, q] = [q, p];
    if (diff < 1e-13) break;
  }
  return p;
}

/**
 * Draw `nSamples` rows from the model: states from startprob then transmat, observations
 * x = mu_k + L_k z with z standard normal (L_k the Cholesky factor). Seeded: same seed, same draws.
 */
export function hmmSample(model: GaussianHmm, nSamples: number, { seed = 0 }: { seed?: number } = {}): { X: Float64Array; states: Int32Array } {
  if (!Number.isInteger(nSamples) || nSamples < 0) throw new Error(`hmmSample: nSamples must be a whole number >= 0 (got ${nSamples})`);
  const rng = createRng(seed);
  const K = model.nComponents;
  const d = model.nFeatures;
  const dd = d * d;
  const L = new Float64Array(K * dd);
  for (let k = 0; k < K; k++) if (!choleskyInto(model.covars, k * dd, d, L, k * dd)) throw new Error(`hmmSample: covars of state ${k} are not positive definite`);
  const X = new Float64Array(nSamples * d);
  const states = new Int32Array(nSamples);
  const z = new Float64Array(d);
  const draw = (p: Float64Array, off: number): number => {
    let u = rng.next();
    for (let k = 0; k < K - 1; k++) {
      u -= p[off + k];
      if (u < 0) return k;
    }
    return K - 1;
  };
  let s = 0;
  for (let t = 0; t < nSamples; t++) {
    s = t === 0 ? draw(model.startprob, 0) : draw(model.transmat, s * K);
    states[t] = s;
    for (let f = 0; f < d; f++) z[f] = rng.normal();
    for (let i = 0; i < d; i++) {
      let v = model.means[s * d + i];
      for (let j = 0; j <= i; j++) v += L[s * dd + i * d + j] * z[j];
      X[t * d + i] = v;
    }
  }
  return { X, states };
}

/**
 * The same model with states relabelled: new state i is old state `order[i]`. Likelihoods,
 * filtered and smoothed probabilities are unchanged up to the relabelling.
 */
export function hmmPermuteStates<M extends GaussianHmm>(model: M, order: readonly number[]): M {
  const K = model.nComponents;
  const d = model.nFeatures;
  const dd = d * d;
  const seen = new Set(order);
  if (order.length !== K || seen.size !== K || order.some((k) => !(k >= 0 && k < K && Number.isInteger(k)))) {
    throw new Error(`hmmPermuteStates: order must be a permutation of 0..${K - 1} (got [${order.join(", ")}])`);
  }
  const startprob = new Float64Array(K);
  const transmat = new Float64Array(K * K);
  const means = new Float64Array(K * d);
  const covars = new Float64Array(K * dd);
  for (let i = 0; i < K; i++) {
    const a = order[i];
    startprob[i] = model.startprob[a];
    for (let j = 0; j < K; j++) transmat[i * K + j] = model.transmat[a * K + order[j]];
    means.set(model.means.subarray(a * d, (a + 1) * d), i * d);
    covars.set(model.covars.subarray(a * dd, (a + 1) * dd), i * dd);
  }
  return freezeModel({ ...model, startprob, transmat, means, covars });
}

/**
 * The label order a rule gives: "variance" sorts states by the variance of feature `feature`
 * (calm to turbulent), "mean" by its mean, "none" keeps them; ties are broken by the other measure,
 * then by the current index, so the order is total and deterministic.
 */
export function hmmStateOrder(model: GaussianHmm, { by = "variance", feature = 0 }: { by?: HmmStateOrder; feature?: number } = {}): number[] {
  const K = model.nComponents;
  const d = model.nFeatures;
  if (!(Number.isInteger(feature) && feature >= 0 && feature < d)) throw new Error(`hmmStateOrder: feature must be a column index in 0..${d - 1} (got ${feature})`);
  const order = Array.from({ length: K }, (_, k) => k);
  if (by === "none") return order;
  const variance = (k: number) => model.covars[(k * d + feature) * d + feature];
  const mean = (k: number) => model.means[k * d + feature];
  const [primary, secondary] = by === "variance" ? [variance, mean] : [mean, variance];
  return order.sort((a, b) => primary(a) - primary(b) || secondary(a) - secondary(b) || a - b);
}

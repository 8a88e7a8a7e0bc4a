/**
 * Fitting a Gaussian HMM by Baum-Welch (EM), with several restarts.
 *
 * The EM skeleton is written once here; the Gaussian emission model (emission.ts) supplies the
 * log-densities, the sufficient statistics and the means/covariances M-step. One iteration is
 * exactly hmmlearn 0.3's `_BaseHMM.fit` step: E-step with the current parameters (its
 * log-likelihood goes into the history), M-step, then stop when the gain is below `tol`. Started
 * from hmmlearn's initial parameters, the history and the fitted parameters match hmmlearn's.
 *
 * What hmmlearn lacks and this adds: seeded k-means initialisation with a sticky transition
 * matrix, several restarts keeping the best log-likelihood, a warm start from a previous model,
 * states ordered by a stated rule, and clear errors for data EM cannot fit.
 */
import { createRng, type Rng } from "../util/rng";
import {
  accumulateEmissionStats,
  createEmissionCache,
  createEmissionStats,
  emissionMStep,
  initialCovarsInto,
  logDensityInto,
  prepareEmission,
  type EmissionPriors,
} from "./emission";
import { createHmmWorkspace, inferStates, type HmmWorkspace } from "./forwardBackward";
import { kMeans } from "./kmeans";
import { checkCovars, freezeModel, hmmPermuteStates, hmmStateOrder } from "./model";
import { HmmFitConfigSchema, type HmmFitConfigInput } from "../config/regimes";
import { parseConfig } from "../config/parse";
import type { FittedGaussianHmm, GaussianHmm, HmmCovarianceType, HmmRestartRecord, HmmStateOrder } from "./types";

/**
 * Options of `fitGaussianHmm`: the settings of HmmFitConfig (src/config/regimes.ts, where every
 * default is written; all optional here) plus what no config holds: starting parameters and names.
 */
export type GaussianHmmFitOptions = HmmFitConfigInput & {
  /**
   * Start one extra restart from these parameters (hmmlearn's init_params without their letters);
   * what is not given is initialised as usual. Arrays are in GaussianHmm's layout.
   */
  initParams?: { startprob?: ArrayLike<number>; transmat?: ArrayLike<number>; means?: ArrayLike<number>; covars?: ArrayLike<number> };
  /** Start one extra restart from a previous model (same K, d and type), e.g. the last walk-forward fit. */
  warmStart?: GaussianHmm;
  /** Column names for error messages. */
  featureNames?: readonly string[];
};

/** The fit's settings, resolved from HmmFitConfig. */
export interface Resolved {
  K: number;
  type: HmmCovarianceType;
  nIter: number;
  tol: number;
  minCovar: number;
  priors: EmissionPriors;
  startprobPrior: number;
  transmatPrior: number;
  stickiness: number;
}

const PRECISION = Math.sqrt(2.220446049250313e-16); // hmmlearn's wiggle room for "log-likelihood fell"

/**
 * Fit a Gaussian HMM to the rows of X (row-major T x nFeatures, no NaN) by EM from several
 * starting points, keeping the restart with the highest final log-likelihood; its states are then
 * ordered by `stateOrder`. Returns a frozen model with its diagnostics in `fit`.
 * Options are parsed through HmmFitConfig, where their defaults live (default: see HmmFitConfig).
 * @throws ConfigError naming a bad option; an Error naming the problem when X has NaN or infinite values, fewer rows than states, or a constant column
 * @example const model = fitGaussianHmm(X, 4, { seed: 1 }); model.fit.converged // => true
 */
export function fitGaussianHmm(X: ArrayLike<number>, nFeatures: number, options: GaussianHmmFitOptions = {}): FittedGaussianHmm {
  const fit = prepareHmmFit(X, nFeatures, options);
  const outcomes: HmmRestartOutcome[] = [];
  for (let r = 0; r < fit.starts.length; r++) outcomes.push(runHmmRestart(fit, r));
  return bestHmmRestart(fit, outcomes);
}

/** One restart's starting point: k-means from a seed, or the given or warm parameters. */
export interface HmmStart {
  readonly init: HmmRestartRecord["init"];
  readonly seed: number | null;
}

/**
 * A checked fit, ready for its restarts: the observations, the resolved settings and the starts in
 * their order (given, warm, then the k-means seeds drawn from `seed`). Internal: lets the
 * walk-forward run each restart on its own (on worker threads) and still pick the model
 * `fitGaussianHmm` would.
 */
export interface PreparedHmmFit {
  readonly x: Float64Array;
  readonly T: number;
  readonly d: number;
  readonly cfg: Resolved;
  readonly seed: number;
  readonly kmeansInits: number;
  readonly stateOrder: HmmStateOrder;
  readonly orderFeature: number;
  readonly starts: readonly HmmStart[];
  readonly initParams?: GaussianHmmFitOptions["initParams"];
  readonly warmStart?: GaussianHmm;
  /** Scratch shared by the restarts run on this thread (created on first use). */
  scratch?: { ws: HmmWorkspace; em: EmState };
}

/** What one restart ends with: its parameters, its record and its EM diagnostics. */
export interface HmmRestartOutcome {
  readonly params: Params;
  readonly record: HmmRestartRecord;
  readonly history: number[];
  readonly warnings: string[];
  readonly logLik: number;
  readonly nIter: number;
  readonly converged: boolean;
}

/** Parse and check a fit (every error `fitGaussianHmm` throws for bad options or data is thrown here). */
export function prepareHmmFit(X: ArrayLike<number>, nFeatures: number, options: GaussianHmmFitOptions = {}): PreparedHmmFit {
  const fn = "fitGaussianHmm";
  const { initParams, warmStart, featureNames, ...settings } = options;
  const {
    nComponents: K,
    covarianceType: type,
    nIter,
    tol,
    minCovar,
    covarsPrior,
    covarsWeight,
    meansPrior,
    meansWeight,
    startprobPrior,
    transmatPrior,
    nRestarts,
    kmeansInits,
    seed,
    stickiness,
    stateOrder,
    orderFeature,
  } = parseConfig(HmmFitConfigSchema, settings, fn);
  const d = nFeatures;
  if (!Number.isInteger(d) || d < 1) throw new Error(`${fn}: nFeatures must be a whole number >= 1 (got ${d})`);
  if (nRestarts === 0 && !initParams && !warmStart) throw new Error(`${fn}: nRestarts = 0 needs initParams or warmStart to start from`);
  if (X.length % d !== 0) throw new Error(`${fn}: X has ${X.length} values, not a multiple of nFeatures = ${d} (row-major T x d expected)`);
  const T = X.length / d;
  const x = X instanceof Float64Array ? X : Float64Array.from(X);
  const colName = (f: number) => (featureNames?.[f] !== undefined ? `column ${f} ("${featureNames[f]}")` : `column ${f}`);
  checkObservations(x, T, d, K, colName, fn);
  if (warmStart && (warmStart.nComponents !== K || warmStart.nFeatures !== d || warmStart.covarianceType !== type)) {
    throw new Error(`${fn}: warmStart has K = ${warmStart.nComponents}, d = ${warmStart.nFeatures}, "${warmStart.covarianceType}"; the fit asks for K = ${K}, d = ${d}, "${type}"`);
  }
  const cfg: Resolved = {
    K,
    type,
    nIter,
    tol,
    minCovar,
    priors: { meansPrior, meansWeight, covarsPrior, covarsWeight },
    startprobPrior,
    transmatPrior,
    stickiness,
  };
  const rng = createRng(seed);
  const starts: HmmStart[] = [];
  if (initParams) starts.push({ init: "given", seed: null });
  if (warmStart) starts.push({ init: "warm", seed: null });
  for (let r = 0; r < nRestarts; r++) starts.push({ init: "kmeans", seed: rng.int(2 ** 31) });
  return { x, T, d, cfg, seed, kmeansInits, stateOrder, orderFeature, starts, initParams, warmStart };
}

/** Run restart `r` of a prepared fit: initialise it, then EM to convergence. */
export function runHmmRestart(fit: PreparedHmmFit, r: number): HmmRestartOutcome {
  const { x, T, d, cfg } = fit;
  const K = cfg.K;
  fit.scratch ??= { ws: createHmmWorkspace(T, K), em: createEmState(K, d) };
  const start = fit.starts[r];
  const p = newParams(K, d);
  if (start.init === "warm") {
    const w = fit.warmStart!;
    p.startprob.set(w.startprob);
    p.transmat.set(w.transmat);
    p.means.set(w.means);
    p.covars.set(w.covars);
  } else {
    defaultInit(x, T, d, cfg, p, createRng(start.seed ?? fit.seed), fit.kmeansInits);
    if (start.init === "given") applyGiven(fit.initParams!, p, K, d, cfg.type, "fitGaussianHmm");
  }
  const run = runEm(x, T, d, cfg, p, fit.scratch.ws, fit.scratch.em);
  return { params: p, record: { seed: start.seed, init: start.init, logLikelihood: run.logLik, nIter: run.nIter, converged: run.converged }, ...run };
}

/**
 * The fitted model from every restart's outcome (in the order of `fit.starts`): the highest final
 * log-likelihood (the earlier restart on a tie), states ordered by `stateOrder`, frozen.
 */
export function bestHmmRestart(fit: PreparedHmmFit, outcomes: readonly HmmRestartOutcome[]): FittedGaussianHmm {
  const fn = "fitGaussianHmm";
  let bestIndex = 0;
  for (let r = 1; r < outcomes.length; r++) if (outcomes[r].logLik > outcomes[bestIndex].logLik) bestIndex = r;
  const b = outcomes[bestIndex];
  if (!Number.isFinite(b.logLik)) throw new Error(`${fn}: every restart ended with a log-likelihood of ${b.logLik}; check the data for extreme values`);
  const { K, type, nIter } = fit.cfg;
  const fitted: GaussianHmm = { covarianceType: type, nComponents: K, nFeatures: fit.d, ...b.params };
  const order = hmmStateOrder(fitted, { by: fit.stateOrder, feature: fit.orderFeature });
  const ordered = hmmPermuteStates(fitted, order);
  return freezeModel({
    ...ordered,
    fit: Object.freeze({
      logLikelihood: b.logLik,
      history: b.history,
      nIter: b.nIter,
      converged: b.converged,
      hitIterCap: !b.converged && b.nIter === nIter,
      warnings: b.warnings,
      restarts: outcomes.map((o) => o.record),
      bestRestart: bestIndex,
      nObservations: fit.T,
      stateOrder: { by: fit.stateOrder, feature: fit.orderFeature, order },
    }),
  });
}

function checkObservations(x: Float64Array, T: number, d: number, K: number, colName: (f: number) => string, fn: string): void {
  if (T < K) throw new Error(`${fn}: fewer rows (${T}) than states (nComponents = ${K}); need at least one row per state`);
  const mean = new Float64Array(d);
  for (let t = 0; t < T; t++) {
    for (let f = 0; f < d; f++) {
      const v = x[t * d + f];
      if (!Number.isFinite(v)) throw new Error(`${fn}: X[row ${t}, ${colName(f)}] is ${v}; drop incomplete rows (for example a feature warm-up) before fitting`);
      mean[f] += v;
    }
  }
  for (let f = 0; f < d; f++) {
    const m = mean[f] / T;
    let ss = 0;
    for (let t = 0; t < T; t++) ss += (x[t * d + f] - m) ** 2;
    // relative test: a column whose spread is at rounding level of its level is constant
    if (!(Math.sqrt(ss / T) > 1e-12 * Math.max(1, Math.abs(m)))) {
      throw new Error(`${fn}: ${colName(f)} is constant (every row = ${x[f]}); a constant feature carries no regime information and makes the covariances singular: drop it`);
    }
  }
}

/** One restart's parameters (GaussianHmm's arrays). */
export interface Params {
  startprob: Float64Array;
  transmat: Float64Array;
  means: Float64Array;
  covars: Float64Array;
}

function newParams(K: number, d: number): Params {
  return { startprob: new Float64Array(K), transmat: new Float64Array(K * K), means: new Float64Array(K * d), covars: new Float64Array(K * d * d) };
}

/** Uniform start, sticky transitions, k-means means, hmmlearn's pooled initial covariance. */
function defaultInit(x: Float64Array, T: number, d: number, cfg: Resolved, p: Params, rng: Rng, kmeansInits: number): void {
  const K = cfg.K;
  p.startprob.fill(1 / K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) p.transmat[i * K + j] = K === 1 ? 1 : i === j ? cfg.stickiness : (1 - cfg.stickiness) / (K - 1);
  p.means.set(kMeans(x, T, d, K, rng, { nInit: kmeansInits }).centers);
  initialCovarsInto(x, T, d, K, cfg.type, cfg.minCovar, p.covars);
}

function applyGiven(g: NonNullable<GaussianHmmFitOptions["initParams"]>, p: Params, K: number, d: number, type: HmmCovarianceType, fn: string): void {
  const put = (name: keyof Params, v: ArrayLike<number> | undefined) => {
    if (v === undefined) return;
    if (v.length !== p[name].length) throw new Error(`${fn}: initParams.${name} must have ${p[name].length} entries (got ${v.length})`);
    p[name].set(v);
  };
  put("startprob", g.startprob);
  put("transmat", g.transmat);
  put("means", g.means);
  put("covars", g.covars);
  if (g.covars) checkCovars(p.covars, type, K, d, `${fn}: initParams`);
}

/** Buffers of one EM run besides the workspace: allocated once per fit. */
export interface EmState {
  cache: ReturnType<typeof createEmissionCache>;
  stats: ReturnType<typeof createEmissionStats>;
  diff: Float64Array;
  prevCovars: Float64Array;
  prevMeans: Float64Array;
  row: Float64Array;
}

function createEmState(K: number, d: number): EmState {
  return {
    cache: createEmissionCache(K, d),
    stats: createEmissionStats(K, d),
    diff: new Float64Array(d),
    prevCovars: new Float64Array(K * d * d),
    prevMeans: new Float64Array(K * d),
    row: new Float64Array(K),
  };
}

/** E-step: log-densities, forward-backward; returns the log-likelihood (gamma and xiSum in ws). */
function eStep(x: Float64Array, T: number, d: number, cfg: Resolved, p: Params, ws: HmmWorkspace, em: EmState, withBackward: boolean): number {
  const bad = prepareEmission(cfg.type, p.covars, cfg.K, d, em.cache);
  if (bad >= 0) return NaN;
  logDensityInto(x, T, d, cfg.K, cfg.type, p.means, em.cache, ws.logB, em.diff, ws.missing);
  return inferStates(p.startprob, p.transmat, ws, T, withBackward, withBackward);
}

function runEm(
  x: Float64Array,
  T: number,
  d: number,
  cfg: Resolved,
  p: Params,
  ws: HmmWorkspace,
  em: EmState,
): { history: number[]; warnings: string[]; logLik: number; nIter: number; converged: boolean } {
  const K = cfg.K;
  const dd = d * d;
  const history: number[] = [];
  const warnings: string[] = [];
  let converged = false;
  let iter = 0;
  for (; iter < cfg.nIter; ) {
    const ll = eStep(x, T, d, cfg, p, ws, em, true);
    if (!Number.isFinite(ll)) {
      warnings.push(`EM stopped at iteration ${iter}: log-likelihood is ${ll} (a covariance collapsed or the data has extreme values)`);
      return { history, warnings, logLik: -Infinity, nIter: iter, converged: false };
    }
    accumulateEmissionStats(x, ws.gamma, T, d, K, cfg.type, em.stats);
    // M-step: start and transition probabilities with Dirichlet priors; zeros stay zero (hmmlearn)
    mStepProbabilities(p.startprob, ws.gamma, 0, K, cfg.startprobPrior, em.row);
    for (let i = 0; i < K; i++) mStepProbabilities(p.transmat, ws.xiSum, i * K, K, cfg.transmatPrior, em.row, i * K);
    em.prevCovars.set(p.covars);
    em.prevMeans.set(p.means);
    const empty = emissionMStep(em.stats, d, K, cfg.type, cfg.priors, p.means, p.covars);
    for (const k of empty) {
      if (cfg.type !== "tied") p.covars.set(em.prevCovars.subarray(k * dd, (k + 1) * dd), k * dd);
      warnings.push(`state ${k} received no weight at iteration ${iter}: kept its previous mean and covariance`);
    }
    repairCovariances(p.covars, cfg, d, em, iter, warnings);
    iter++;
    if (history.length > 0) {
      const delta = ll - history[history.length - 1];
      if (delta < -PRECISION) warnings.push(`log-likelihood fell at iteration ${iter - 1}: ${ll} < ${history[history.length - 1]} (delta ${delta.toExponential(3)})`);
      history.push(ll);
      if (delta < cfg.tol) {
        converged = true;
        break;
      }
    } else history.push(ll);
  }
  if (!converged) {
    const n = history.length;
    const gain = n >= 2 ? history[n - 1] - history[n - 2] : NaN;
    warnings.push(`EM did not converge in ${cfg.nIter} iterations (last gain ${gain.toExponential(3)} >= tol ${cfg.tol})`);
  }
  const logLik = eStep(x, T, d, cfg, p, ws, em, false);
  return { history, warnings, logLik: Number.isFinite(logLik) ? logLik : -Infinity, nIter: iter, converged };
}

/**
 * p_j = max(prior - 1 + count_j, 0) where p_j was non-zero (hmmlearn keeps structural zeros), then
 * normalised. A row whose counts are all zero keeps its previous values.
 */
function mStepProbabilities(target: Float64Array, counts: Float64Array, countOff: number, K: number, prior: number, row: Float64Array, targetOff = 0): void {
  let s = 0;
  for (let j = 0; j < K; j++) {
    const v = target[targetOff + j] === 0 ? 0 : Math.max(prior - 1 + counts[countOff + j], 0);
    row[j] = v;
    s += v;
  }
  if (!(s > 0)) return;
  for (let j = 0; j < K; j++) target[targetOff + j] = row[j] / s;
}

/** Add minCovar to the diagonal of any covariance that is not positive definite, until it is. */
function repairCovariances(covars: Float64Array, cfg: Resolved, d: number, em: EmState, iter: number, warnings: string[]): void {
  const K = cfg.K;
  const dd = d * d;
  for (let attempt = 0; attempt < 60; attempt++) {
    const bad = prepareEmission(cfg.type, covars, K, d, em.cache);
    if (bad < 0) return;
    const step = Math.max(cfg.minCovar, 1e-10) * 2 ** attempt;
    const states = cfg.type === "tied" ? Array.from({ length: K }, (_, k) => k) : [bad];
    for (const k of states) for (let f = 0; f < d; f++) covars[k * dd + f * d + f] += step;
    if (attempt === 0) warnings.push(`covariance of state ${bad} was not positive definite at iteration ${iter}: added ${step} to its diagonal`);
  }
}

/**
 * The shapes of the regime stage. A Gaussian HMM is plain data: typed arrays in row-major
 * order, so a model can be stored as JSON, loaded from hmmlearn's fitted parameters, compared
 * number by number, and passed to the pure functions of this folder.
 */

/**
 * How each state's covariance is parameterised (hmmlearn's names):
 * `full` one free symmetric matrix per state; `diag` one diagonal per state;
 * `spherical` one variance per state shared by every feature; `tied` one full matrix shared by all states.
 */
export type HmmCovarianceType = "full" | "diag" | "spherical" | "tied";

/** Every covariance type a fit accepts, in hmmlearn's names. */
export const HMM_COVARIANCE_TYPES: readonly HmmCovarianceType[] = ["full", "diag", "spherical", "tied"];

/**
 * A Gaussian hidden Markov model with K states over d features.
 * Every array is row-major: `transmat[i * K + j]` = P(state j at t+1 | state i at t),
 * `means[k * d + f]`, `covars[(k * d + f) * d + g]`. `covars` always holds K full d x d
 * matrices whatever the covariance type (zeros off the diagonal for diag/spherical,
 * K equal copies for tied), like hmmlearn's public `covars_` property.
 */
export interface GaussianHmm {
  readonly covarianceType: HmmCovarianceType;
  readonly nComponents: number;
  readonly nFeatures: number;
  readonly startprob: Float64Array;
  readonly transmat: Float64Array;
  readonly means: Float64Array;
  readonly covars: Float64Array;
}

/** One random restart of `fitGaussianHmm`. */
export interface HmmRestartRecord {
  /** Seed of this restart's initialisation (k-means), or null when it started from given parameters. */
  readonly seed: number | null;
  /** How it started: "kmeans", "given" (initParams) or "warm" (a previous model). */
  readonly init: "kmeans" | "given" | "warm";
  /** Log-likelihood of the final parameters (the score of the returned model for the best restart). */
  readonly logLikelihood: number;
  readonly nIter: number;
  readonly converged: boolean;
}

/** What EM did: enough to judge whether to trust the fit. */
export interface HmmFitDiagnostics {
  /** Log-likelihood of the returned parameters on the training data (natural log, summed over rows). */
  readonly logLikelihood: number;
  /**
   * Log-likelihood at each EM iteration of the best restart, computed in the E-step before that
   * iteration's M-step (hmmlearn's `monitor_.history` convention: entry 0 is the starting point).
   */
  readonly history: readonly number[];
  /** EM iterations (M-steps) of the best restart. */
  readonly nIter: number;
  /** True when the gain in log-likelihood fell below `tol` before `nIter` ran out. */
  readonly converged: boolean;
  readonly hitIterCap: boolean;
  /** Non-fatal problems: log-likelihood decreases, no convergence, an emptied state, a covariance repaired. */
  readonly warnings: readonly string[];
  readonly restarts: readonly HmmRestartRecord[];
  /** Index into `restarts` of the returned model. */
  readonly bestRestart: number;
  readonly nObservations: number;
  /** How states were ordered after fitting, and the permutation applied (new label i = fitted state order[i]). */
  readonly stateOrder: { readonly by: HmmStateOrder; readonly feature: number; readonly order: readonly number[] };
}

/** A fitted model: the parameters plus how they were found. */
export interface FittedGaussianHmm extends GaussianHmm {
  readonly fit: HmmFitDiagnostics;
}

/**
 * Rule that fixes label order after a fit, so that label 0 means the same thing across fits and
 * restarts: "variance" (ascending variance of one feature: calm to turbulent), "mean" (ascending
 * mean of one feature) or "none" (EM's own order, which depends on the initialisation).
 */
export type HmmStateOrder = "variance" | "mean" | "none";

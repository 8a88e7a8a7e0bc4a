/**
 * Regimes: in, market-level regime features (row-major T x d typed arrays, built from the panel by
 * `regimeFeatureMatrix`); out, a Gaussian hidden Markov model fitted by EM (hmmlearn-compatible
 * M-step and priors, k-means starts, restarts), per-day regime probabilities - filtered (causal,
 * P(regime_t | data up to t), for models and backtests) or smoothed (look-ahead, for description) -
 * Viterbi paths, BIC-based choice of the number of regimes, and `walkForwardRegimes`, the causal
 * day-by-day probabilities from periodic refits that later stages consume. Labels are ordered calm
 * to turbulent (variance of the benchmark return) so that label 0 means the same in every fit.
 */
export type { GaussianHmm, FittedGaussianHmm, HmmCovarianceType, HmmFitDiagnostics, HmmRestartRecord, HmmStateOrder } from "./types";
export { HMM_COVARIANCE_TYPES } from "./types";
export { fitGaussianHmm } from "./fit";
export type { GaussianHmmFitOptions } from "./fit";
export {
  createGaussianHmm,
  hmmScore,
  hmmFilter,
  hmmPosteriors,
  hmmViterbi,
  hmmFreeParameters,
  hmmAic,
  hmmBic,
  hmmExpectedDurations,
  hmmStationaryDistribution,
  hmmSample,
  hmmPermuteStates,
  hmmStateOrder,
} from "./model";
export type { GaussianHmmParams } from "./model";
export { kMeans } from "./kmeans";
export type { KMeansResult } from "./kmeans";
export { fitHmmScaler, applyHmmScaler } from "./scaler";
export type { HmmScaler } from "./scaler";
export { regimeNames, regimeArgmax, regimeAgreement } from "./labels";
export { GaussianHMM } from "./gaussianHmmClass";
export {
  fitRegimeModel,
  regimeFilter,
  regimePosteriors,
  regimeViterbi,
  regimeScore,
  regimeSummary,
  selectRegimeModel,
  RegimeDetector,
} from "./regimeModel";
export type { RegimeFeatures, RegimeModel, RegimeSelectionRow, RegimeDetectorOptions } from "./regimeModel";
export { regimeFeatureMatrix, regimeFeatureColumn } from "./regimeFeatures";
export type { RegimeFeatureOptions, RegimeFeatureMatrix } from "./regimeFeatures";
export { walkForwardRegimes, panelWalkForwardRegimes, rescaleHmm } from "./walkForward";
export type { WalkForwardRegimeOptions, WalkForwardRegimeFit, WalkForwardRegimes } from "./walkForward";

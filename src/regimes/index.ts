/**
 * Regimes: in, market-level regime features (row-major T x d typed arrays with their names, built
 * from the panel by `regimeFeatureMatrix`); out, a fitted regime model (the features' scaler plus a
 * Gaussian hidden Markov model fitted by EM: hmmlearn-compatible M-step and priors, k-means starts,
 * restarts), per-day regime probabilities - filtered (causal, P(regime_t | data up to t), for models
 * and backtests) or smoothed (look-ahead, for description) - Viterbi paths, expected durations, a
 * per-regime summary in the features' own units, BIC-based choice of the number of regimes, and
 * `walkForwardRegimes`, the causal day-by-day probabilities from periodic refits that later stages
 * consume. Labels are ordered calm to turbulent (variance of the benchmark return) so that label 0
 * means the same in every fit.
 *
 * One way in: the `regime*` functions over a `RegimeModel` (a frozen plain object), and
 * `RegimeDetector`, a class facade in the original design's shape over the same functions. The
 * Gaussian HMM itself (`fitGaussianHmm`, the `hmm*` functions, the hmmlearn-shaped class) is the
 * machinery underneath and is imported from its module by the tests.
 *
 * Typical use:
 *   const features = regimeFeatureMatrix(panel);             // SPY return, volatility, momentum, credit
 *   const model = fitRegimeModel(features, { nComponents: 2 });
 *   const p = regimeFilter(model, features);                 // T x K, causal
 */
// Features and the fitted model.
export { regimeFeatureMatrix, regimeFeatureColumn } from "./regimeFeatures";
export type { RegimeFeatureOptions, RegimeFeatureMatrix } from "./regimeFeatures";
export {
  fitRegimeModel,
  regimeFilter,
  regimePosteriors,
  regimeViterbi,
  regimeScore,
  regimeExpectedDurations,
  regimeSummary,
  selectRegimeModel,
  RegimeDetector,
} from "./regimeModel";
export type { RegimeFeatures, RegimeModel, RegimeSelectionRow, RegimeDetectorOptions } from "./regimeModel";
// The causal walk-forward.
export { walkForwardRegimes, panelWalkForwardRegimes } from "./walkForward";
export type { WalkForwardRegimeOptions, WalkForwardRegimeFit, WalkForwardRegimes } from "./walkForward";
// Labels.
export { regimeNames, regimeArgmax, regimeAgreement } from "./labels";
// What a fitted model holds (its HMM in standardised units, the scaler, the fit diagnostics).
export { HMM_COVARIANCE_TYPES } from "./types";
export type { GaussianHmm, FittedGaussianHmm, HmmCovarianceType, HmmFitDiagnostics, HmmRestartRecord, HmmStateOrder } from "./types";
export type { GaussianHmmFitOptions } from "./fit";
export type { HmmScaler } from "./scaler";

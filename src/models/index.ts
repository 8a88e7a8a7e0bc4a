/**
 * Models: in, a feature panel (dates x tickers x features, ticker-major typed arrays), a forward
 * return target of the same shape and, optionally, filtered regime probabilities (dates x K);
 * out, out-of-sample alpha forecasts per date and ticker from a walk-forward of the regime-aware
 * alpha model, the folds that made them, feature importances, and their evaluation (R^2, IC,
 * rank IC, hit rate) against a momentum baseline. Underneath sits our own random forest on typed
 * arrays (histogram splits, flat trees, worker threads), with `ml-random-forest` selectable as a
 * backend behind the same interface; its binning and split kernels stay internal.
 *
 * Typical use:
 *   const target = forwardReturnTarget(panel, 5);
 *   const wf = walkForwardAlpha(computeFeatures(panel), target, regimes.filtered); // regimes: panelWalkForwardRegimes
 *   const evaluation = evaluateAlpha(wf.alpha, target.values, panel);                    // out-of-sample IC, R^2, hit rate
 */
// The regime-aware alpha model and its walk-forward.
export { walkForwardAlpha, walkForwardSchedule, demeanTargetByDay, featureSelectionTable } from "./walkForward";
export type { AlphaFeaturePanel, WalkForwardWindow, WalkForwardFold, WalkForwardAlphaResult, WalkForwardHooks, FeatureSelectionTable } from "./walkForward";
// Feature selection inside a training window (walkForward.featureSelection).
export { pairwiseCorrelation, correlationClusters, chooseClusterRepresentatives, selectWindowFeatures } from "./featureSelection";
export type { WindowFeatureSelection, WindowFeatureSelectionOptions } from "./featureSelection";
export { AlphaModel, fitAlphaModel, predictAlphaModel, alphaModelImportanceTable, alphaImportanceTable } from "./alphaModel";
export type { AlphaModelFit, AlphaPrediction, AlphaModelOptions } from "./alphaModel";
// Evaluation and the momentum baseline.
export { evaluateAlpha, compareAlphaForecasts, momentumAlpha, forecastBuckets } from "./evaluation";
export type { AlphaEvaluation, AlphaEvaluationOptions, AlphaComparison, ForecastBuckets } from "./evaluation";
// The random forest.
export { fitRandomForest, predictRandomForest, forestR2 } from "./forest";
export type { NativeForest, RandomForestModel } from "./forest";
export type { MlRandomForestModel } from "./mlrf";
export { RandomForestRegressor } from "./regressor";
export { forestPermutationImportance } from "./importance";
export type { PermutationImportance } from "./importance";
export { closeForestPool } from "./forestPool";

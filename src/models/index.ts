/**
 * Models: in, a feature panel (dates x tickers x features, ticker-major typed arrays), a forward
 * return target of the same shape and, optionally, filtered regime probabilities (dates x K);
 * out, out-of-sample alpha forecasts per date and ticker from a walk-forward of the regime-aware
 * alpha model, the folds that made them, feature importances, and their evaluation (R^2, IC,
 * rank IC, hit rate) against a momentum baseline. Underneath sits our own random forest on typed
 * arrays (histogram splits, flat trees, worker threads), with `ml-random-forest` selectable as a
 * backend behind the same interface.
 */
export { featureBinEdges, binMatrix, MISSING_BIN, BINS_PER_FEATURE } from "./binning";
export type { BinnedMatrix } from "./binning";
export { fitRandomForest, fitForestOnBins, predictRandomForest, forestR2, resolveMaxFeatures } from "./forest";
export type { NativeForest, RandomForestModel } from "./forest";
export type { MlRandomForestModel } from "./mlrf";
export { closeForestPool } from "./forestPool";
export { forestPermutationImportance } from "./importance";
export type { PermutationImportance } from "./importance";
export { RandomForestRegressor } from "./regressor";
export { AlphaModel, fitAlphaModel, predictAlphaModel, alphaModelImportanceTable, alphaImportanceTable } from "./alphaModel";
export type { AlphaModelFit, AlphaPrediction, AlphaModelOptions } from "./alphaModel";
export { walkForwardAlpha, walkForwardSchedule, demeanTargetByDay } from "./walkForward";
export type { AlphaFeaturePanel, WalkForwardWindow, WalkForwardFold, WalkForwardAlphaResult, WalkForwardHooks } from "./walkForward";
export { evaluateAlpha, compareAlphaForecasts, momentumAlpha, forecastBuckets } from "./evaluation";
export type { AlphaEvaluation, AlphaEvaluationOptions, AlphaComparison, ForecastBuckets } from "./evaluation";

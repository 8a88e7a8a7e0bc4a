/**
 * Features: in, a `Panel` of aligned daily bars (ticker-major typed columns); out, a
 * `FeaturePanel` (the same dates x tickers, one ticker-major Float64Array per named feature),
 * forward-return targets, the design matrix for the models, and a leakage audit that proves no
 * feature at day t moves when bars after t change. The rolling primitives underneath
 * (`rollingMean`, `rollingStd`, `rollingCorrelation`, `rollingBeta`, ...) are exported for other
 * stages (the regime features use them), and `summary` turns a panel into tables, histograms
 * and a rank-correlation matrix for notebook 02.
 *
 * Typical use:
 *   const fp = computeFeatures(panel);                        // 34 features, default windows
 *   const y = forwardReturns(panel, 1);                       // target: close t -> close t+1
 *   const { X, y: yRows, rowDay } = featureMatrix(fp, { target: y }); // rows by day, then ticker
 */
export * from "./rolling";
export * from "./technical";
export * from "./microstructure";
export * from "./crossAsset";
export * from "./targets";
export * from "./panel";
export * from "./leakage";
export * from "./summary";
export type { FeatureContext, FeatureDefinition, FeatureEntry, FeatureFamily } from "./definition";

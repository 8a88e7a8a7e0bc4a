/**
 * Features: in, a `Panel` of aligned daily bars (ticker-major typed columns); out, a
 * `FeaturePanel` (the same dates x tickers, one ticker-major Float64Array per named feature),
 * forward-return targets, the design matrix for the models, and a leakage audit that proves no
 * feature at day t moves when bars after t change. The per-series feature functions (`rsi`,
 * `realizedVolatility`, `vwapDeviation`, ...) and the rolling primitives underneath
 * (`rollingMean`, `rollingStd`, `rollingCorrelation`, `rollingBeta`, ...) take one series and
 * return a new one of the same length, NaN in warm-up; `summary` turns a feature panel into
 * tables, histograms and a rank-correlation matrix for notebook 02. The scratch-buffer kernels
 * (`*Into`) that `computeFeatures` runs on stay internal.
 *
 * Typical use:
 *   const fp = computeFeatures(panel);                        // 34 features, default windows
 *   const y = forwardReturns(panel, 1);                       // target: close t -> close t+1
 *   const { X, y: yRows, rowDay } = featureMatrix(fp, { target: y }); // rows by day, then ticker
 */
// The feature panel and the design matrix.
export { computeFeatures, featureIndex, featureSeries, featureMatrix, usableFeatureCount, FEATURE_REGISTRY } from "./panel";
export type { FeaturePanel, FeatureInfo, FeatureMatrix, FeatureMatrixOptions } from "./panel";
export { TECHNICAL_FEATURES } from "./technical";
export { MICROSTRUCTURE_FEATURES } from "./microstructure";
export { CROSS_ASSET_FEATURES } from "./crossAsset";
export type { FeatureContext, FeatureDefinition, FeatureEntry, FeatureFamily, FeatureGroup } from "./definition";
// Targets and the leakage audit.
export { forwardReturns, forwardReturnTargets, forwardReturnTarget } from "./targets";
export type { HorizonTarget } from "./targets";
export { leakageAudit } from "./leakage";
export type { LeakageAuditOptions, LeakageReport, LeakageViolation, NamedPanelColumns } from "./leakage";
// Per-series features.
export { realizedVolatility, relativeStrength, volatilityPersistence, movingAverageDistance, rsi, parkinsonVolatility, garmanKlassVolatility } from "./technical";
export { vwapDeviation, priceImprovement, volumeZScore, volumePriceCorrelation, amihudIlliquidity, overnightGap, intradayReturn } from "./microstructure";
export { crossSectionalRank, crossSectionalDispersion, riskOnOffComposite } from "./crossAsset";
export type { RiskComponent } from "./crossAsset";
// Rolling primitives.
export {
  simpleReturns,
  logReturns,
  laggedSeries,
  rollingSum,
  rollingMean,
  rollingStd,
  rollingZScore,
  rollingCorrelation,
  rollingBeta,
  rollingCovariance,
  ewmMean,
} from "./rolling";
// Summaries for notebook 02.
export { featureSummaryTable, featureHistoryTable, featureHistograms, featureCorrelationMatrix } from "./summary";
export type { FeatureHistogram } from "./summary";

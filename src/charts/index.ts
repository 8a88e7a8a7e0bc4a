/**
 * Chart builders: one function per chart, each returning a Plotly `Figure` for `show(figure)` in
 * a notebook or for the CLI's HTML report. In: what the stages computed (series on epoch-day
 * dates, panels, tables, fitted models' numbers); out: a plain Figure object (data + layout), in
 * the house theme. No statistics are computed here: builders only arrange them for display, and
 * long daily series are thinned to a few thousand points per trace. The theme and the thinning
 * helpers underneath stay internal.
 */
export type { Figure } from "./figure";
export { lineChart } from "./basic";
// Data (notebook 01).
export { candlestickVolumeChart, rebasedPriceChart, coverageHeatmap } from "./data";
// Features (notebook 02).
export { featureDistributionsChart, featureCorrelationHeatmap, crossAssetSignalsChart, featureIcChart } from "./features";
export type { HistogramInput, IcBarInput } from "./features";
// Regimes (notebook 03).
export {
  regimeFeaturesChart,
  regimeBicChart,
  regimeShadedPriceChart,
  transitionMatrixHeatmap,
  filteredVsSmoothedChart,
  regimeProbabilityChart,
  regimeDurationChart,
} from "./regimes";
// Models (notebook 04).
export { walkForwardScheduleChart, icOverTimeChart, featureImportanceChart, regimeImportanceChart, predictedVsRealisedChart, modelComparisonChart, featureSelectionHeatmap } from "./models";
export type { ScheduleFold } from "./models";
// Portfolio and backtest (notebook 05).
export { exposureChart, turnoverCostChart, positionsHeatmap, dayWeightsChart } from "./portfolio";
export type { PortfolioChartOptions, PositionsHeatmapOptions, DayWeightsChartOptions } from "./portfolio";
// Performance (notebook 06).
export { equityCurveChart, drawdownChart, rollingSharpeChart, monthlyReturnsHeatmap, regimeReturnsChart, costSensitivityChart, sharpeIntervalChart } from "./performance";
export type { SeriesChartOptions } from "./performance";
export { sweepParameterChart, sweepHeatmap } from "./sweep";

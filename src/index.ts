/**
 * Cross-Asset Alpha Engine: the public API, grouped by pipeline stage, every name listed.
 *
 *   data -> features -> regimes -> models -> portfolio -> backtest -> analytics
 *
 * with the study (all stages in one call), charts and the notebook display extension on the side,
 * and config (one schema per stage) and util (dates, the seeded rng) underneath. Each group below
 * is that stage's public surface; `cross-asset-alpha-engine/<stage>` (e.g. `/analytics`) offers the
 * same names alone, and each `src/<stage>/index.ts` opens with what goes in and what comes out.
 * Kernels that write into scratch buffers, test hooks and per-module helpers are not exported here;
 * the tests import them from their modules.
 */

// Util: epoch-day dates, the seeded random number generator, progress, number formatting, optional packages.
export {
  isoToDay, dayToIso, weekday, yearMonth, dayToDate,
  createRng,
  createProgress, showProgress, progressCallback, progressListener, progressEvent, progressLine, formatDuration,
  requireOptional, MissingOptionalPackageError, workspaceRoot,
  formatNumber, formatFixed, columnFormatter, decimalsFor, hoverValue, FLOAT_NOISE,
} from "./util";
export type { Rng } from "./util";
export type { ProgressEvent, ProgressReporter, ProgressMode, ProgressOptions, NumberFormatOptions, HoverUnit } from "./util";

// Config: one zod schema per stage with its defaults, their parsers, ConfigError.
export {
  ConfigError, parseConfig, withDefaults,
  DataConfigSchema, parseDataConfig, InlineUniverseSchema, UNIVERSE_ASSET_CLASSES,
  FeaturesConfigSchema, parseFeaturesConfig,
  HmmConfigSchema, HmmFitConfigSchema, RegimeFeatureConfigSchema, RegimeFeatureMatrixConfigSchema,
  RegimeSelectionConfigSchema, RegimeWalkForwardConfigSchema, WalkForwardRegimesConfigSchema,
  RegimeConfigSchema, parseHmmConfig, parseRegimeConfig,
  ForestConfigSchema, ModelConfigSchema, WalkForwardConfigSchema, FeatureSelectionConfigSchema, parseFeatureSelectionConfig, parseForestConfig, parseModelConfig,
  parseWalkForwardConfig,
  PortfolioConfigSchema, parsePortfolioConfig,
  BacktestConfigSchema, parseBacktestConfig,
  ProductionConfigSchema, RiskChecksConfigSchema, MonitoringConfigSchema, parseProductionConfig,
} from "./config";
export type {
  DeepPartial,
  DataConfig, InlineUniverse,
  FeaturesConfig, FeaturesConfigInput,
  HmmConfig, HmmConfigInput, HmmFitConfig, HmmFitConfigInput, RegimeFeatureConfig,
  RegimeFeatureMatrixConfigInput, RegimeSelectionConfig, RegimeSelectionConfigInput, RegimeWalkForwardConfig,
  WalkForwardRegimesConfigInput, RegimeConfig, RegimeConfigInput,
  ForestConfig, ForestConfigInput, ModelConfig, ModelConfigInput, WalkForwardConfig, WalkForwardConfigInput, FeatureSelectionConfig, FeatureSelectionConfigInput,
  PortfolioConfig, PortfolioConfigInput,
  BacktestConfig, BacktestConfigInput, AdvPriceBasisName,
  ProductionConfig, ProductionConfigInput, RiskChecksConfig, RiskChecksConfigInput, MonitoringConfig,
} from "./config";

// Data: the shared shapes (Bars, Panel), bars, calendars, the shipped data, panels, universes,
// validation, coverage, the Parquet cache, and the live Polygon/Massive client.
export {
  PANEL_FIELDS, panelSeries, tickerIndex, panelGrid, panelShape,
  createBars, barCount, barsBetween, sliceBars, mergeBars, barsToRows, withTypicalPriceVwap, BAR_COLUMNS,
  TYPICAL_PRICE_VWAP,
  usEquitySessions, cryptoSessions, tradingSessions, calendarForTicker, isNyseSession, nyseHolidays,
  NYSE_SPECIAL_CLOSURES,
  loadShippedBars, loadShippedPanel, listShippedTickers, shippedDataDir,
  loadDataPanel,
  advPriceBasis,
  buildPanel, alignmentTable,
  loadUniverseFile, parseUniverseFile, resolveUniverse, resolveDataUniverse, inlineUniverse, universeFromTickers, INLINE_UNIVERSE_NAME,
  readBarFile, BarFileError, importBarFiles, importReportTable, BarImportError,
  validateBars, validationProblemTable, validationSummaryTable,
  monthlyCoverage, rebasedCloses,
  readBarsCache, writeBarsCache, readCacheMetadata, cachePaths,
  createPolygonClient, apiKeyFromEnv,
  createRateLimiter, createSharedRateLimiter,
  PolygonError, PolygonAuthError, PolygonNotFoundError, PolygonEmptyResultError, PolygonMalformedResponseError,
  PolygonRetryExhaustedError, PolygonHttpError,
  fetchBarsCached, polygonCacheDir, lastSettledDay,
  dataStatus, TICKER_STATUS_FIELDS,
  updateUniverseCache,
} from "./data";
export type {
  AssetClass, Bars, Panel, PanelField, PanelGrid, PanelShape,
  BarColumn, BarColumnsInput,
  CalendarName,
  ShippedBars, ShippedPanel, LoadShippedBarsOptions, LoadShippedPanelOptions,
  DataPanel, LoadDataPanelOptions,
  AdvBasisPanel, AdvPriceBasis, AdvPriceBasisOptions, TickerAdvBasis,
  AlignmentReport, BuildPanelOptions, TickerAlignment,
  Universe, UniverseFile, UniverseMember,
  BarFileContents, BarFileLayout, ImportAdjustment, ImportBarFilesOptions, ImportedFile, ImportReport,
  ProblemKind, ValidateOptions, ValidationProblem, ValidationReport,
  MonthlyCoverage,
  AdjustmentBasis, CacheMetadata, CacheMetadataInput, CacheRead,
  PolygonClient, PolygonClientOptions, FetchBarsOptions, FetchStats,
  DataClock, RateLimiter,
  PolygonErrorKind,
  CachedFetchOptions, CachedFetchResult,
  TickerStatus, DataStatusOptions,
  UpdateOptions, UpdateReport, TickerUpdate,
  Restatement, SourceIssue,
  RemovalReason,
} from "./data";

// Features: the feature panel and design matrix, targets, the leakage audit, per-series features,
// rolling primitives, and the summaries of notebook 02.
export {
  computeFeatures, featureIndex, featureSeries, featureMatrix, usableFeatureCount, FEATURE_REGISTRY,
  TECHNICAL_FEATURES,
  MICROSTRUCTURE_FEATURES,
  CROSS_ASSET_FEATURES,
  forwardReturns, forwardReturnTargets, forwardReturnTarget,
  leakageAudit,
  realizedVolatility, relativeStrength, volatilityPersistence, movingAverageDistance, rsi, parkinsonVolatility,
  garmanKlassVolatility,
  vwapDeviation, priceImprovement, volumeZScore, volumePriceCorrelation, amihudIlliquidity, overnightGap,
  intradayReturn,
  crossSectionalRank, crossSectionalDispersion, riskOnOffComposite,
  simpleReturns, logReturns, laggedSeries, rollingSum, rollingMean, rollingStd, rollingZScore,
  rollingCorrelation, rollingBeta, rollingCovariance, ewmMean,
  featureSummaryTable, featureHistoryTable, featureHistograms, featureCorrelationMatrix,
} from "./features";
export type {
  FeaturePanel, FeatureInfo, FeatureMatrix, FeatureMatrixOptions,
  FeatureContext, FeatureDefinition, FeatureEntry, FeatureFamily, FeatureGroup,
  LeakageAuditOptions, LeakageReport, LeakageViolation, NamedPanelColumns,
  RiskComponent,
  FeatureHistogram,
  HorizonTarget,
} from "./features";

// Regimes: regime features, the fitted regime model (functions and the RegimeDetector facade),
// the causal walk-forward, labels, and the shapes a fitted model holds.
export {
  regimeFeatureMatrix, regimeFeatureColumn,
  fitRegimeModel, regimeFilter, regimePosteriors, regimeViterbi, regimeScore, regimeExpectedDurations,
  regimeSummary, selectRegimeModel, RegimeDetector,
  walkForwardRegimes, panelWalkForwardRegimes,
  regimeNames, regimeArgmax, regimeAgreement,
  HMM_COVARIANCE_TYPES,
} from "./regimes";
export type {
  RegimeFeatureOptions, RegimeFeatureMatrix,
  RegimeFeatures, RegimeModel, RegimeSelectionRow, RegimeDetectorOptions,
  WalkForwardRegimeOptions, WalkForwardRegimeFit, WalkForwardRegimes,
  GaussianHmm, FittedGaussianHmm, HmmCovarianceType, HmmFitDiagnostics, HmmRestartRecord, HmmStateOrder,
  GaussianHmmFitOptions,
  HmmScaler,
} from "./regimes";

// Models: the regime-aware alpha model and its walk-forward, the evaluation against momentum,
// and the random forest.
export {
  walkForwardAlpha, walkForwardSchedule, demeanTargetByDay, featureSelectionTable,
  pairwiseCorrelation, correlationClusters, chooseClusterRepresentatives, selectWindowFeatures,
  AlphaModel, fitAlphaModel, predictAlphaModel, alphaModelImportanceTable, alphaImportanceTable,
  evaluateAlpha, compareAlphaForecasts, momentumAlpha, forecastBuckets,
  fitRandomForest, predictRandomForest, forestR2,
  RandomForestRegressor,
  forestPermutationImportance,
  closeForestPool,
} from "./models";
export type {
  AlphaFeaturePanel, WalkForwardWindow, WalkForwardFold, WalkForwardAlphaResult, WalkForwardHooks, FeatureSelectionTable,
  WindowFeatureSelection, WindowFeatureSelectionOptions,
  AlphaModelFit, AlphaPrediction, AlphaModelOptions,
  AlphaEvaluation, AlphaEvaluationOptions, AlphaComparison, ForecastBuckets,
  NativeForest, RandomForestModel,
  MlRandomForestModel,
  PermutationImportance,
} from "./models";

// Portfolio: target weights that satisfy position caps, gross and net limits; trailing volatility; Ledoit-Wolf covariance and equal risk contribution; exposures.
export {
  constructPortfolio, PortfolioConstructor, PortfolioInfeasibleError,
  projectPortfolioWeights, PROJECTION_TOLERANCE,
  projectNeutralWeights, betaPanel,
  trailingVolatilityPanel,
  ledoitWolfCovariance, equalRiskContributionWeights,
  equalWeights, weightExtremes, exposureSummary,
} from "./portfolio";
export type {
  PortfolioResult, ConstructPortfolioOptions, PortfolioGrid,
  ProjectionOptions, NeutralProjectionOptions, BetaPanelOptions, HeldWeights,
  TrailingVolatilityOptions,
  SampleShape, LedoitWolfEstimate, EqualRiskContributionOptions,
  WeightExtremes, ExposureSummary,
} from "./portfolio";

// Backtest: daily gross and net returns with commission, spread and impact costs; the look-ahead lag.
export {
  runBacktest, BacktestEngine,
  backtestTradeCost,
  lagPanel,
  backtestPortfolioVariants,
} from "./backtest";
export type {
  BacktestMarket, BacktestOptions, BacktestResult,
  TradeCost, TradeMarket,
  PortfolioBacktestVariant, PortfolioBacktestVariantsOptions, PortfolioBacktestVariantResult,
} from "./backtest";

// Analytics: returns, ratios, drawdowns, trading statistics, IC, per-regime and monthly returns,
// the normal distribution, and the significance of the Sharpe ratio.
export {
  perPeriodRate, totalReturn, annualizedReturn, annualizedMeanReturn, annualizedVolatility, equityCurve,
  sharpeRatio, sortinoRatio, calmarRatio, rollingSharpe,
  drawdownSeries, maxDrawdown,
  hitRate, annualizedTurnover, costDrag,
  benchmarkStats,
  icByDay, icSummary, rollingIcMean,
  performanceByRegime,
  monthlyReturns,
  normalPdf, normalCdf, normalInverseCdf,
  excessKurtosis,
  returnMoments, probabilisticSharpeFromMoments, probabilisticSharpeRatio, expectedMaxSharpe,
  deflatedSharpeRatio, sharpeBootstrapInterval,
  trialCorrelation, effectiveTrials,
  sharpeDifferenceTest, populationStabilityIndex,
  performanceSummary, performanceTable, PERFORMANCE_ROWS,
} from "./analytics";
export type {
  SharpeDifferenceOptions, SharpeDifferenceTest, PsiOptions,
  RiskFree,
  RatioOptions,
  MaxDrawdownResult,
  BenchmarkStats, BenchmarkOptions,
  IcOptions, IcSummary, IcSummaryOptions,
  EffectiveTrialsMethod,
  RegimePerformance,
  MonthlyReturns,
  ReturnMoments, PsrOptions, DsrOptions, DsrResult, BootstrapOptions, BootstrapInterval,
  PerformanceSummary, SummaryOptions,
} from "./analytics";

// Study: the study's config, runStudy, its views, summary and report, provenance, look-ahead check.
export {
  StudyConfigSchema, parseStudyConfig, loadStudyConfig, studyAlphaNames, momentumAlphaName,
  runStudy, studyLookAhead,
  studyPeriod, studyFigures, studyPerformanceTable, studyVariantsTable, studyRegimeTable,
  studySignificanceTable,
  studySignificanceCaption,
  studyIcTable,
  studySummaryObject, studySummaryJson, studyReportBlocks, studyReport,
  studyReportHtml, textBlock,
  buildProvenance, panelDataProvenance, provenanceMarkdown, provenanceHtml,
  lookAheadCheck,
  checkStudyTickers,
} from "./study";
export type {
  StudyConfig, StudyConfigInput, StudyAlphaName, MomentumAlphaName,
  StudyResult, StudySummary, StudyRegimes, StudyModels, StudyVariant, CostSweep, StudyCurves, RunStudyOptions,
  StudyPeriod, StudyFigures,
  ReportBlock,
  Provenance, DataProvenance,
  LookAheadCheck, LookAheadCheckOptions,
} from "./study";

// Charts: one Plotly figure builder per chart, by notebook.
export {
  lineChart,
  candlestickVolumeChart, rebasedPriceChart, coverageHeatmap,
  featureDistributionsChart, featureCorrelationHeatmap, crossAssetSignalsChart, featureIcChart,
  regimeFeaturesChart, regimeBicChart, regimeShadedPriceChart, transitionMatrixHeatmap, filteredVsSmoothedChart,
  regimeProbabilityChart, regimeDurationChart,
  walkForwardScheduleChart, icOverTimeChart, featureImportanceChart, regimeImportanceChart,
  predictedVsRealisedChart, modelComparisonChart, featureSelectionHeatmap,
  exposureChart, turnoverCostChart, positionsHeatmap, dayWeightsChart,
  equityCurveChart, drawdownChart, rollingSharpeChart, monthlyReturnsHeatmap, regimeReturnsChart,
  costSensitivityChart, sharpeIntervalChart,
  sweepParameterChart, sweepHeatmap,
} from "./charts";
export type {
  Figure,
  HistogramInput, IcBarInput,
  ScheduleFold,
  PortfolioChartOptions, PositionsHeatmapOptions, DayWeightsChartOptions,
  SeriesChartOptions,
} from "./charts";

// Notebook: the tslab display extension (show, showTable, showMarkdown) and report HTML.
export {
  show, figureHtml, plotlyScriptTag, plotlyJsVersion, describeFigure, PLOTLY_MIME, setupNotebook, displayDataFramesAsTables,
  showTable, showMarkdown, tableHtml, tableText, toColumnTable,
  inKernel,
} from "./notebook";
export type {
  ColumnTable, TableOptions,
  SetupNotebookOptions, DanfoModule,
} from "./notebook";

// Sweep: many study configurations on every core (worker threads) or on a cluster (BullMQ on Redis).
export {
  SweepConfigSchema, SweepRunConfigSchema, SweepWorkerConfigSchema, parseSweepConfig, loadSweepConfig,
  sweepTrials, sweepTrialId, sweepIndices, gridPoint, gridSize,
  sweepUpstream, sweepUpstreamKey, shareUpstream, evaluateTrials, loadSweepData,
  sweepResultsCsv, sweepSignificance, sweepCellMeans, pathLabels, SWEEP_METRIC_COLUMNS,
  runSweep, writeSweepOutputs, sweepReport, sweepSignificanceText,
  runTrialsOnQueue, startSweepWorker, sweepQueueName, redisConnection, trialJobId,
  createTrialPool,
} from "./sweep";
export type {
  SweepConfig, SweepConfigInput, LoadedSweepConfig, SweepRunConfig, SweepRunConfigInput, SweepWorkerConfig, SweepWorkerConfigInput,
  SweepTrial, SweepUpstream, SweepData, TrialMetrics, TrialOutcome, UpstreamRun, UpstreamConfig,
  SweepSignificance, SweepResult, SweepWorker, TrialPool,
} from "./sweep";

// Production: the daily cycle, replay, registry, journal, pre-trade checks and monitoring.
export {
  parseProductionRunConfig, loadProductionRunConfig,
  truncatePanel, cyclePanel, forecastDay, settleDay, bootstrapBook, dayColumn,
  BookState, computeBookDay, CycleBlockedError, barsHash, modelConfigKeys, artifactIdOf,
  preTradeChecks, averageDollarVolume,
  ProductionStore, JOURNAL_TABLES,
  monitorDay,
  productionLog, silentLog,
  runDailyCycle, openProductionStore, runReplay, asOfIndex, returnsCsv, orderLines, CHAMPION, CHALLENGER,
  listModels, findModel, promoteModel, rollbackChampion,
  compareBooks, monitorState, monitorSeries,
  refreshStep, studyReturnsCsv,
} from "./production";
export type {
  ProductionRunConfig,
  CycleModels, CycleForecast, CyclePanel, SettledDay, BookBootstrap,
  BookDay, NewModel,
  PreTradeInputs, PreTradeResult, RiskCheckOutcome,
  ModelRow, PromotionRow, StoreLocation, TableRows, JournalTable,
  MonitorReading,
  ProductionLog,
  DailyOptions, DailyResult, ReplayResult, RefreshData,
  RegistryEntry, BookComparison,
} from "./production";

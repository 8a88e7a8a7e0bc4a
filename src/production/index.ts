/**
 * Production: the research engine run as a daily process. In: a production config (a study config
 * with a `production` section: profile, paths, pre-trade checks, monitoring thresholds, an optional
 * challenger), the bars up to the as-of day. Out: `<outDir>/<as-of>/orders.csv` and `targets.json`,
 * and in one DuckDB file the model registry (content-addressed artifacts), the journal (targets,
 * orders, forecasts, regime probabilities, realised returns, risk-check outcomes) and the
 * monitoring readings. The daily cycle is the study's pipeline cut at the as-of day, so a replay of
 * past sessions returns exactly the backtest's daily returns.
 */
export { parseProductionRunConfig, loadProductionRunConfig } from "./config";
export type { ProductionRunConfig } from "./config";
export { truncatePanel, cyclePanel, forecastDay, settleDay, bootstrapBook, dayColumn } from "./cycle";
export type { CycleModels, CycleForecast, CyclePanel, SettledDay, BookBootstrap } from "./cycle";
export { BookState, computeBookDay, CycleBlockedError, barsHash, modelConfigKeys, artifactIdOf } from "./book";
export type { BookDay, NewModel } from "./book";
export { preTradeChecks, averageDollarVolume } from "./risk";
export type { PreTradeInputs, PreTradeResult, RiskCheckOutcome } from "./risk";
export { ProductionStore, JOURNAL_TABLES } from "./store";
export type { ModelRow, PromotionRow, StoreLocation, TableRows, JournalTable } from "./store";
export { monitorDay } from "./monitor";
export type { MonitorReading } from "./monitor";
export { productionLog, silentLog } from "./log";
export type { ProductionLog } from "./log";
export { runDailyCycle, openProductionStore, runReplay, asOfIndex, returnsCsv, orderLines, CHAMPION, CHALLENGER } from "./daily";
export type { DailyOptions, DailyResult, ReplayResult, RefreshData } from "./daily";
export { listModels, findModel, promoteModel, rollbackChampion } from "./registry";
export type { RegistryEntry } from "./registry";
export { compareBooks, monitorState, monitorSeries } from "./compare";
export type { BookComparison } from "./compare";
export { refreshStep } from "./refresh";
export { studyReturnsCsv } from "./returns";

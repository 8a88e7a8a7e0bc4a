/**
 * Data stage: the only I/O in the engine. In: tickers and a date range (and, for live data, a
 * Polygon/Massive API key from the environment). Out: `Bars` per ticker (typed columns, exchange-local
 * epoch-day dates) and `Panel`s aligned on one trading calendar with an alignment report; plus the
 * validation report, universes, trading calendars, monthly coverage, and the Parquet bar cache they
 * all share. Everything runs offline on the shipped dataset in `data/` (`loadShippedPanel()` with no
 * arguments is the study panel); `loadDataPanel(config)` is the one entry that also fetches.
 *
 * Typical use:
 *   const panel = await loadShippedPanel();                 // 23 ETFs on NYSE sessions
 *   const spy = panelSeries(panel, "close", tickerIndex(panel, "SPY"));
 */
// The shared shapes every stage consumes.
export { PANEL_FIELDS, panelSeries, tickerIndex, panelGrid, panelShape } from "./types";
export type { AssetClass, Bars, Panel, PanelField, PanelGrid, PanelShape } from "./types";
// Bars of one ticker.
export { createBars, barCount, barsBetween, sliceBars, mergeBars, barsToRows, withTypicalPriceVwap, BAR_COLUMNS, TYPICAL_PRICE_VWAP } from "./bars";
export type { BarColumn, BarColumnsInput } from "./bars";
// Trading calendars.
export { usEquitySessions, cryptoSessions, tradingSessions, calendarForTicker, isNyseSession, nyseHolidays, NYSE_SPECIAL_CLOSURES } from "./calendar";
export type { CalendarName } from "./calendar";
// The shipped dataset, panels and their loading.
export { loadShippedBars, loadShippedPanel, listShippedTickers, shippedDataDir } from "./shipped";
export type { ShippedBars, ShippedPanel, LoadShippedBarsOptions, LoadShippedPanelOptions } from "./shipped";
export { loadDataPanel } from "./load";
export type { DataPanel, LoadDataPanelOptions } from "./load";
export { buildPanel, alignmentTable } from "./panel";
export type { AlignmentReport, BuildPanelOptions, TickerAlignment } from "./panel";
// Universes.
export { loadUniverseFile, parseUniverseFile, resolveUniverse } from "./universe";
export type { Universe, UniverseFile, UniverseMember } from "./universe";
// Validation and coverage.
export { validateBars, validationProblemTable, validationSummaryTable } from "./validate";
export type { ProblemKind, ValidateOptions, ValidationProblem, ValidationReport } from "./validate";
export { monthlyCoverage, rebasedCloses } from "./coverage";
export type { MonthlyCoverage } from "./coverage";
// The Parquet bar cache.
export { readBarsCache, writeBarsCache, readCacheMetadata, cachePaths } from "./cache";
export type { AdjustmentBasis, CacheMetadata, CacheMetadataInput, CacheRead } from "./cache";
// Live data: the Polygon/Massive client, its errors, and the cache-through fetch.
export { createPolygonClient, apiKeyFromEnv } from "./client";
export type { PolygonClient, PolygonClientOptions, FetchBarsOptions, FetchStats } from "./client";
export { createRateLimiter, createSharedRateLimiter } from "./rateLimiter";
export type { DataClock, RateLimiter } from "./rateLimiter";
export {
  PolygonError,
  PolygonAuthError,
  PolygonNotFoundError,
  PolygonEmptyResultError,
  PolygonMalformedResponseError,
  PolygonRetryExhaustedError,
  PolygonHttpError,
} from "./errors";
export type { PolygonErrorKind } from "./errors";
export { fetchBarsCached, polygonCacheDir, lastSettledDay } from "./store";
export type { CachedFetchOptions, CachedFetchResult } from "./store";
// Keeping the live cache current: status and update of a config's universe.
export { dataStatus, TICKER_STATUS_FIELDS } from "./status";
export type { TickerStatus, DataStatusOptions } from "./status";
export { updateUniverseCache } from "./update";
export type { UpdateOptions, UpdateReport, TickerUpdate } from "./update";
export type { Restatement, SourceIssue } from "./cache";
export type { RemovalReason } from "./validate";

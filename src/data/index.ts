/**
 * Data stage: the only I/O in the engine. In: tickers and a date range (and, for live data, a
 * Polygon/Massive API key from the environment). Out: `Bars` per ticker (typed columns, exchange-local
 * dates) and `Panel`s aligned on one trading calendar with an alignment report; plus the validation
 * report, universes, trading calendars, and the Parquet bar cache they all share. Everything runs
 * offline on the shipped dataset in `data/` (`loadShippedPanel()` with no arguments is the study panel).
 * The shared shapes (`Bars`, `Panel`, `panelSeries`, `tickerIndex`) are in `./types`.
 */
export * from "./bars";
export * from "./calendar";
export * from "./cache";
export * from "./universe";
export * from "./panel";
export * from "./shipped";
export * from "./validate";
export * from "./redact";
export * from "./errors";
export * from "./rateLimiter";
export * from "./polygonSchema";
export * from "./client";
export * from "./store";
export * from "./coverage";
export * from "./load";

/**
 * Bring the live cache of a config's universe up to the last closed session (or data.end): one
 * `fetchBarsCached` per ticker, in universe order, with one progress line each. The rate limit is
 * shared by every process updating the same cache folder (a window file, `<cacheDir>/rate-limit.json`). When nothing is new
 * that is one request per ticker (the overlap window), or none for a ticker already checked through
 * the last settled day.
 */
import { join } from "node:path";
import type { Restatement } from "./cache";
import { createPolygonClient, type PolygonClientOptions } from "./client";
import { PolygonAuthError } from "./errors";
import { createSharedRateLimiter } from "./rateLimiter";
import { fetchBarsCached, polygonCacheDir, type CachedFetchResult } from "./store";
import { configUniverse, isCurrent } from "./status";
import { validateBars, type ValidationReport } from "./validate";
import type { DataConfig } from "../config/data";

export interface UpdateOptions {
  /** Fetch every ticker's whole range again, ignoring the cache (default false). */
  refresh?: boolean;
  /** One progress line per ticker, and the cache's own notes (restatements, stale temp files). Default: nowhere. */
  log?: (line: string) => void;
  /** Clock: which sessions have closed, and the sidecars' fetchedAt (default: now). */
  now?: () => Date;
  /** fetch implementation (default the global fetch). */
  fetch?: typeof fetch;
  /** Further client options (an API key, a clock, jitter); the config's settings win for the rest. */
  client?: Omit<PolygonClientOptions, "baseUrl" | "adjusted" | "rateLimitPerMinute" | "maxRetries" | "retryBaseDelayMs" | "retryMaxDelayMs" | "timeoutMs" | "pageLimit" | "fetch" | "log">;
  /** Folder of universes.json (default the shipped data folder). */
  dataDir?: string;
  /** Called after each ticker (for a progress bar): tickers done, in all, and the ticker. */
  onTicker?: (done: number, total: number, ticker: string) => void;
}

/** What one ticker's update did. */
export interface TickerUpdate {
  ticker: string;
  /** The cache's action, or "failed" (then `error` says why and the cached file is unchanged). */
  action: CachedFetchResult["action"] | "failed";
  requests: number;
  /** Bars added to the cache (negative when a restatement dropped bars). */
  barsAdded: number;
  rows: number;
  lastBar: string | null;
  checkedThrough: string | null;
  /** The last closed session of the range has its bar. */
  current: boolean;
  /** The restatement found (then the ticker was fetched whole again), else null. */
  restatement: Restatement | null;
  /** Validation of the cached range, the client's notes on the bars included; null when failed. */
  validation: ValidationReport | null;
  error: string | null;
}

export interface UpdateReport {
  universe: string;
  /** The basis folder written (e.g. `.cache/bars/polygon-adjusted`). */
  cacheDir: string;
  tickers: TickerUpdate[];
  /** HTTP requests in all. */
  requests: number;
  failed: number;
  restated: number;
}

/**
 * Update the live cache of `config`'s universe (see the module comment). A ticker that fails (the
 * vendor keeps erroring, an unknown ticker) is reported and the others go on; a missing or rejected
 * API key stops the update at once.
 * @throws PolygonAuthError when there is no key or it is refused
 * @example const report = await updateUniverseCache(parseDataConfig({ source: "live" }), { log: console.error })
 */
export async function updateUniverseCache(config: DataConfig, options: UpdateOptions = {}): Promise<UpdateReport> {
  const { refresh = false, log = () => undefined, now = () => new Date(), dataDir } = options;
  const universe = configUniverse(config, dataDir);
  // One window per cache folder, shared by every process updating it (they share the key, as a rule).
  const rateLimiter = options.client?.rateLimiter ?? createSharedRateLimiter(join(config.cacheDir, "rate-limit.json"), config.rateLimitPerMinute, { marginMs: config.rateLimitMarginMs });
  const client = createPolygonClient({ ...options.client, ...config, rateLimiter, fetch: options.fetch, log });
  const tickers: TickerUpdate[] = [];
  const total = universe.tickers.length;
  for (const [k, ticker] of universe.tickers.entries()) {
    let entry: TickerUpdate;
    try {
      const r = await fetchBarsCached(client, ticker, config.start, config.end, {
        cacheDir: config.cacheDir, refresh, log, now: () => now().getTime(), overlapSessions: config.overlapSessions, settleMinutes: config.settleMinutes,
      });
      const validation = validateBars(r.bars, { calendar: universe.calendar, sourceIssues: r.meta.sourceIssues }).report;
      entry = {
        ticker, action: r.action, requests: r.requests, barsAdded: r.barsAdded, rows: r.meta.rowCount, lastBar: r.meta.lastDate,
        checkedThrough: r.meta.checkedThrough ?? null, current: isCurrent(config, ticker, r.meta, now().getTime()), restatement: r.restatement, validation, error: null,
      };
    } catch (err) {
      if (err instanceof PolygonAuthError && err.kind !== "not_entitled") throw err;
      entry = {
        ticker, action: "failed", requests: 0, barsAdded: 0, rows: 0, lastBar: null, checkedThrough: null, current: false, restatement: null, validation: null,
        error: client.redact((err as Error).message),
      };
    }
    tickers.push(entry);
    log(progressLine(entry, k + 1, total));
    options.onTicker?.(k + 1, total, ticker);
  }
  return {
    universe: universe.name,
    cacheDir: polygonCacheDir(config.cacheDir, config.adjusted),
    tickers,
    requests: tickers.reduce((s, t) => s + t.requests, 0),
    failed: tickers.filter((t) => t.action === "failed").length,
    restated: tickers.filter((t) => t.action === "restated").length,
  };
}

/** `[3/23] QQQ: incremental, +1 bar, last bar 2025-09-26, checked through 2025-09-26, current (1 request)`. */
function progressLine(t: TickerUpdate, k: number, total: number): string {
  const head = `[${k}/${total}] ${t.ticker}:`;
  if (t.action === "failed") return `${head} FAILED: ${t.error}`;
  const added = t.barsAdded === 0 ? "no new bar" : `${t.barsAdded > 0 ? "+" : ""}${t.barsAdded} bar${Math.abs(t.barsAdded) === 1 ? "" : "s"}`;
  const issues = t.validation ? t.validation.problems.filter((p) => p.severity === "error" || p.kind === "source_issue").length : 0;
  return `${head} ${t.action}${t.restatement ? ` (restated from ${t.restatement.date}: ${t.restatement.field})` : ""}, ${added}, last bar ${t.lastBar ?? "none"}, checked through ${t.checkedThrough ?? "never"}, ${t.current ? "current" : "NOT current"}${issues ? `, ${issues} validation problem(s)` : ""} (${t.requests} request${t.requests === 1 ? "" : "s"})`;
}

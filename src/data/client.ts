/**
 * A small Polygon/Massive REST client for daily bars: fetch + zod, nothing else.
 *
 * `GET {baseUrl}/v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}?adjusted=..&sort=asc&limit=..`
 * with the key in an `Authorization: Bearer` header (never in the URL). It follows `next_url`
 * (reusing its path and query under our own base URL, the key sent again as the header), checks
 * `adjusted` on every page, validates every body with zod, and joins the pages in order without
 * duplicates. Each request waits for the client-side rate limiter, has a timeout (AbortController,
 * covering the body too), and is retried on 429, 5xx, timeouts, dropped connections and truncated
 * JSON with exponential backoff and full jitter, honouring `Retry-After`. 401/403/404 fail at once.
 * A range that has sessions but comes back empty is asked once more (with a warning) and then raises
 * `PolygonEmptyResultError` unless `allowEmpty`.
 *
 * The key never leaves the header: errors and log lines are built from redacted URLs and redacted
 * again before they are thrown or printed.
 *
 * This file holds the public client, the retry loop of one page, pagination and the conversion to
 * bars; URLs, redaction, the backoff policy, one attempt and response validation are in ./polygonRequest.
 */
import type { Bars } from "./types";
import { createBars } from "./bars";
import type { SourceIssue } from "./cache";
import { PolygonAuthError, PolygonEmptyResultError, PolygonMalformedResponseError, PolygonRetryExhaustedError } from "./errors";
import { barDay, type PolygonAggBar, type PolygonAggsResponse } from "./polygonSchema";
import {
  aggregatesUrl, backoffMs, busyServerWaitMs, isIndexTicker, keyRedactor, nextPageUrl, readAggsResponse, requestOnce, throwRedacted,
  type Redactor, type RetryableFault, type RetryPolicy,
} from "./polygonRequest";
import { createRateLimiter, systemDataClock, type DataClock, type RateLimiter } from "./rateLimiter";
import { calendarForTicker, tradingSessions } from "./calendar";
import { dayToIso, isoToDay } from "../util/dates";
import { parseDataConfig, type DataConfig } from "../config/data";

export interface PolygonClientOptions extends Partial<Pick<DataConfig, "baseUrl" | "adjusted" | "rateLimitPerMinute" | "rateLimitMarginMs" | "maxRetries" | "retryBaseDelayMs" | "retryMaxDelayMs" | "timeoutMs" | "pageLimit">> {
  /** The API key. Default: POLYGON_API_KEY, else MASSIVE_API_KEY, from `env`. */
  apiKey?: string;
  /** Environment to read the key from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Clock for the rate limiter and backoff waits (default: real time). Timeouts always use real time. */
  clock?: DataClock;
  /** Uniform [0, 1) source for jitter (default Math.random; tests pass a seeded rng's next). */
  random?: () => number;
  /** fetch implementation (default the global fetch). */
  fetch?: typeof fetch;
  /** Where log lines go (already redacted). Default: nowhere. */
  log?: (line: string) => void;
  /** Share one limiter between clients (e.g. one key used by several). */
  rateLimiter?: RateLimiter;
}

export interface FetchBarsOptions {
  /** Override the client's adjusted flag for this call. */
  adjusted?: boolean;
  /** Return empty bars instead of throwing when a range with sessions has none (incremental updates near today). */
  allowEmpty?: boolean;
}

export interface FetchStats {
  /** HTTP requests made (pages plus retries). */
  requests: number;
  pages: number;
  retries: number;
  /** Non-fatal problems (an empty page retried, duplicate bars across pages dropped), redacted. */
  warnings: string[];
  /** The problems in the bars themselves, dated, for the validation report (duplicates dropped, re-sorted, out of range). */
  issues: SourceIssue[];
}

export interface PolygonClient {
  /** Daily bars of one ticker, `from` and `to` inclusive ISO dates, dates in the ticker's exchange time zone. */
  fetchDailyBars(ticker: string, from: string, to: string, options?: FetchBarsOptions): Promise<{ bars: Bars; stats: FetchStats }>;
  readonly baseUrl: string;
  readonly adjusted: boolean;
  /** Redact this client's key from any text (for callers that print their own messages). */
  redact(text: string): string;
}

/** API key from the environment: POLYGON_API_KEY, else MASSIVE_API_KEY (undefined when neither is set). */
export function apiKeyFromEnv(env: Record<string, string | undefined> = process.env): string | undefined {
  const key = env.POLYGON_API_KEY?.trim() || env.MASSIVE_API_KEY?.trim();
  return key || undefined;
}

const TICKER_RE = /^[A-Za-z0-9.:\-^]+$/;

/**
 * Create a client. Options not given take the `DataConfig` defaults (5 requests/min plus a 250 ms
 * margin per window, 4 retries, 1 s base backoff, 30 s timeout, https://api.massive.com). The rate
 * limiter is per process unless `rateLimiter` is a shared one (createSharedRateLimiter).
 * @throws PolygonAuthError (kind "missing_key") when no key is given or set in the environment
 */
export function createPolygonClient(options: PolygonClientOptions = {}): PolygonClient {
  const cfg = parseDataConfig({
    baseUrl: options.baseUrl, adjusted: options.adjusted, rateLimitPerMinute: options.rateLimitPerMinute, rateLimitMarginMs: options.rateLimitMarginMs, maxRetries: options.maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs, retryMaxDelayMs: options.retryMaxDelayMs, timeoutMs: options.timeoutMs, pageLimit: options.pageLimit,
  });
  const key = options.apiKey ?? apiKeyFromEnv(options.env ?? process.env);
  if (!key) throw new PolygonAuthError("missing_key", "createPolygonClient: no API key: set POLYGON_API_KEY (or MASSIVE_API_KEY) in the environment, or pass apiKey");
  const clock = options.clock ?? systemDataClock;
  const redact = keyRedactor(key);
  const ctx: ClientContext = {
    cfg,
    key,
    retry: { maxRetries: cfg.maxRetries, retryBaseDelayMs: cfg.retryBaseDelayMs, retryMaxDelayMs: cfg.retryMaxDelayMs, random: options.random ?? Math.random },
    clock,
    fetch: options.fetch ?? fetch,
    limiter: options.rateLimiter ?? createRateLimiter(cfg.rateLimitPerMinute, clock, cfg.rateLimitMarginMs),
    redact,
    log: (line) => options.log?.(redact(line)),
  };
  return {
    baseUrl: cfg.baseUrl,
    adjusted: cfg.adjusted,
    redact,
    fetchDailyBars: (ticker, from, to, fetchOptions = {}) => fetchDailyBars(ctx, ticker, from, to, fetchOptions),
  };
}

/** One client's settings and services, resolved once by createPolygonClient. */
interface ClientContext {
  readonly cfg: DataConfig;
  readonly key: string;
  readonly retry: RetryPolicy;
  /** The rate limiter's and backoff's clock. */
  readonly clock: DataClock;
  readonly fetch: typeof fetch;
  readonly limiter: RateLimiter;
  readonly redact: Redactor;
  /** Redacts, then hands the line to the caller's log. */
  readonly log: (line: string) => void;
}

/** The client's fetchDailyBars: check the arguments, read every page, ask again once when a range with sessions came back empty. */
async function fetchDailyBars(ctx: ClientContext, ticker: string, from: string, to: string, options: FetchBarsOptions): Promise<{ bars: Bars; stats: FetchStats }> {
  if (!TICKER_RE.test(ticker)) throw new Error(`fetchDailyBars: ticker ${JSON.stringify(ticker)} has characters a Polygon ticker cannot have`);
  const fromDay = isoToDay(from), toDay = isoToDay(to);
  if (toDay < fromDay) throw new Error(`fetchDailyBars(${ticker}): to ${to} is before from ${from}`);
  const adjusted = options.adjusted ?? ctx.cfg.adjusted;
  const stats: FetchStats = { requests: 0, pages: 0, retries: 0, warnings: [], issues: [] };
  let raw = await fetchRange(ctx, ticker, from, to, adjusted, stats);
  if (raw.length === 0 && rangeHasSessions(ticker, fromDay, toDay, Date.now())) {
    // Spurious empty OK responses happen under load: ask once more before believing it.
    stats.warnings.push(ctx.redact(`${ticker}: no bars for ${from}..${to} although the range has sessions; asked again`));
    ctx.log(stats.warnings[stats.warnings.length - 1]);
    raw = await fetchRange(ctx, ticker, from, to, adjusted, stats);
    if (raw.length === 0 && !options.allowEmpty) {
      throwRedacted(ctx.redact, PolygonEmptyResultError, "empty", `${ticker}: no bars for ${from}..${to} (twice) although the range has sessions; check the ticker and the plan's history`, { ticker });
    }
  }
  const bars = toBars(ticker, raw, fromDay, toDay, stats);
  ctx.log(`polygon ${ticker}: ${bars.dates.length} bars ${from}..${to} in ${stats.pages} page(s), ${stats.requests} request(s)`);
  return { bars, stats };
}

/**
 * All pages of one range, in order: follows next_url (under our base URL), refuses a page already
 * read, and checks every page's adjusted flag (index tickers have none).
 */
async function fetchRange(ctx: ClientContext, ticker: string, from: string, to: string, adjusted: boolean, stats: FetchStats): Promise<PolygonAggBar[]> {
  const { cfg, redact } = ctx;
  const isIndex = isIndexTicker(ticker);
  let url = aggregatesUrl(cfg.baseUrl, ticker, from, to, adjusted, cfg.pageLimit);
  const out: PolygonAggBar[] = [];
  const seenUrls = new Set<string>();
  for (;;) {
    if (seenUrls.has(url)) throwRedacted(redact, PolygonMalformedResponseError, "malformed", `${ticker}: next_url repeats a page already read (${url})`, { ticker, url });
    seenUrls.add(url);
    const body = await getPage(ctx, ticker, url, stats);
    stats.pages++;
    if (!isIndex && body.adjusted !== adjusted) {
      throwRedacted(redact, PolygonMalformedResponseError, "malformed", `${ticker}: page ${stats.pages} says adjusted=${String(body.adjusted)}, we asked for adjusted=${adjusted} at ${url}`, { ticker, url, requestId: body.request_id });
    }
    const results = body.results ?? [];
    if (body.resultsCount !== results.length && results.length > 0) {
      ctx.log(`polygon ${ticker}: page ${stats.pages} resultsCount ${body.resultsCount} but ${results.length} results; using the results`);
    }
    for (const r of results) out.push(r);
    if (!body.next_url) break;
    url = nextPageUrl(cfg.baseUrl, body.next_url);
  }
  return out;
}

/**
 * One page: each attempt waits for the rate limiter, then GETs with a timeout; faults worth it are
 * retried (waitBeforeRetry) up to maxRetries times. Returns the parsed, validated body.
 * @throws at once on a fatal response; PolygonRetryExhaustedError (or PolygonMalformedResponseError
 *   when the last fault was a malformed body) when the retries run out
 */
async function getPage(ctx: ClientContext, ticker: string, url: string, stats: FetchStats): Promise<PolygonAggsResponse> {
  const { cfg, redact } = ctx;
  const shown = redact(url);
  let last: RetryableFault = { kind: "network", status: undefined, message: "", busy: false };
  for (let attempt = 0; attempt <= cfg.maxRetries; attempt++) {
    if (attempt > 0) stats.retries++;
    await ctx.limiter.acquire();
    stats.requests++;
    const result = await requestOnce(ctx.fetch, url, ctx.key, cfg.timeoutMs);
    const outcome = result.fault ? result : readAggsResponse({ ticker, url, shown, attempts: attempt + 1, redact }, result.response);
    if (!outcome.fault) return outcome.page;
    last = outcome.fault;
    await waitBeforeRetry(ctx, ticker, shown, attempt, last);
  }
  const Cls = last.kind === "malformed" ? PolygonMalformedResponseError : PolygonRetryExhaustedError;
  return throwRedacted(redact, Cls, last.kind, `${ticker}: gave up after ${cfg.maxRetries + 1} attempts; last: ${last.message} at ${shown}`, { ticker, url, status: last.status, attempts: cfg.maxRetries + 1 });
}

/**
 * Log a failed attempt and wait before the next one (not after the last): a busy server (429, 5xx)
 * waits its Retry-After or the backoff, capped, and the log line says how long; timeouts, dropped
 * connections and cut-off bodies wait the full-jitter backoff.
 */
async function waitBeforeRetry(ctx: ClientContext, ticker: string, shown: string, attempt: number, fault: RetryableFault): Promise<void> {
  const more = attempt < ctx.cfg.maxRetries;
  if (fault.busy) {
    const wait = busyServerWaitMs(ctx.retry, attempt, fault.retryAfterMs);
    ctx.log(`polygon ${ticker}: attempt ${attempt + 1} ${fault.message}; waiting ${Math.round(wait)} ms${fault.retryAfterMs !== undefined ? " (Retry-After)" : ""} (${shown})`);
    if (more) await ctx.clock.sleep(wait);
    return;
  }
  ctx.log(`polygon ${ticker}: attempt ${attempt + 1} ${fault.message} (${shown})`);
  if (more) await ctx.clock.sleep(backoffMs(ctx.retry, attempt));
}

/** Whether [fromDay, toDay] contains a session of the ticker's calendar strictly before today (UTC). */
function rangeHasSessions(ticker: string, fromDay: number, toDay: number, nowMs: number): boolean {
  const lastFull = Math.min(toDay, Math.floor(nowMs / 86_400_000) - 1);
  if (lastFull < fromDay) return false;
  const start = Math.max(fromDay, isoToDay("1973-01-01"));
  return start <= lastFull && tradingSessions(calendarForTicker(ticker), start, lastFull).length > 0;
}

/**
 * Bars from raw results: dates from `t`, sorted (stable), duplicates (same day) dropped keeping the
 * last, as validateBars does (a vendor appends corrections, so the later row is the newer one).
 * Bars outside the asked range are kept (they are real bars the server sent). Each of these is a
 * warning and a dated `SourceIssue`.
 */
function toBars(ticker: string, raw: readonly PolygonAggBar[], fromDay: number, toDay: number, stats: FetchStats): Bars {
  const rows = raw.map((r) => ({ r, day: barDay(ticker, r.t) }));
  const issue = (kind: SourceIssue["kind"], day: number, message: string) => {
    stats.warnings.push(message);
    stats.issues.push({ kind, date: dayToIso(day), message });
  };
  let firstUnsorted = -1;
  for (let i = 1; i < rows.length; i++) if (rows[i].day < rows[i - 1].day) { firstUnsorted = i; break; }
  if (firstUnsorted >= 0) {
    issue("resorted", rows[firstUnsorted].day, `${ticker}: bars arrived out of order (first: ${dayToIso(rows[firstUnsorted].day)} after ${dayToIso(rows[firstUnsorted - 1].day)}); sorted by date`);
    rows.sort((a, b) => a.day - b.day); // stable: equal days keep their arrival order
  }
  const keep: typeof rows = [];
  const dupDays: number[] = [], outsideDays: number[] = [];
  for (const row of rows) {
    if (row.day < fromDay || row.day > toDay) outsideDays.push(row.day);
    if (keep.length && keep[keep.length - 1].day === row.day) {
      dupDays.push(row.day);
      keep[keep.length - 1] = row;
      continue;
    }
    keep.push(row);
  }
  if (dupDays.length) issue("duplicate_dropped", dupDays[0], `${ticker}: ${dupDays.length} duplicate bar(s) across pages dropped (same date, last kept; first ${dayToIso(dupDays[0])})`);
  if (outsideDays.length) issue("out_of_range", outsideDays[0], `${ticker}: ${outsideDays.length} bar(s) outside the asked range ${dayToIso(fromDay)}..${dayToIso(toDay)} (kept; first ${dayToIso(outsideDays[0])})`);
  const n = keep.length;
  const col = (f: (r: PolygonAggBar) => number | undefined) => Float64Array.from(keep, ({ r }) => f(r) ?? NaN);
  return createBars(ticker, {
    dates: Int32Array.from(keep, (x) => x.day),
    open: col((r) => r.o), high: col((r) => r.h), low: col((r) => r.l), close: col((r) => r.c),
    volume: n ? col((r) => r.v) : [], vwap: n ? col((r) => r.vw) : [], transactions: n ? col((r) => r.n) : [],
  });
}

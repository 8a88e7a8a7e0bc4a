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
 */
import type { Bars } from "./types";
import { createBars } from "./bars";
import {
  PolygonAuthError, PolygonEmptyResultError, PolygonError, PolygonHttpError, PolygonMalformedResponseError,
  PolygonNotFoundError, PolygonRetryExhaustedError, type PolygonErrorKind,
} from "./errors";
import { PolygonAggsResponseSchema, PolygonErrorBodySchema, barDay, type PolygonAggBar } from "./polygonSchema";
import { createRateLimiter, systemDataClock, type DataClock, type RateLimiter } from "./rateLimiter";
import { redactSecrets, redactUrl } from "./redact";
import { calendarForTicker, tradingSessions } from "./calendar";
import { dayToIso, isoToDay } from "../util/dates";
import { parseDataConfig, type DataConfig } from "../config/data";

export interface PolygonClientOptions extends Partial<Pick<DataConfig, "baseUrl" | "adjusted" | "rateLimitPerMinute" | "maxRetries" | "retryBaseDelayMs" | "retryMaxDelayMs" | "timeoutMs" | "pageLimit">> {
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
 * Create a client. Options not given take the `DataConfig` defaults (5 requests/min, 4 retries,
 * 1 s base backoff, 30 s timeout, https://api.massive.com).
 * @throws PolygonAuthError (kind "missing_key") when no key is given or set in the environment
 */
export function createPolygonClient(options: PolygonClientOptions = {}): PolygonClient {
  const cfg = parseDataConfig({
    baseUrl: options.baseUrl, adjusted: options.adjusted, rateLimitPerMinute: options.rateLimitPerMinute, maxRetries: options.maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs, retryMaxDelayMs: options.retryMaxDelayMs, timeoutMs: options.timeoutMs, pageLimit: options.pageLimit,
  });
  const key = options.apiKey ?? apiKeyFromEnv(options.env ?? process.env);
  if (!key) throw new PolygonAuthError("missing_key", "createPolygonClient: no API key: set POLYGON_API_KEY (or MASSIVE_API_KEY) in the environment, or pass apiKey");
  const clock = options.clock ?? systemDataClock;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const limiter = options.rateLimiter ?? createRateLimiter(cfg.rateLimitPerMinute, clock);
  const redact = (text: string) => redactUrl(redactSecrets(text, [key]), [key]);
  const log = (line: string) => options.log?.(redact(line));
  const base = cfg.baseUrl;

  /** Full jitter: uniform in [0, min(cap, base * 2^attempt)]. */
  const backoffMs = (attempt: number) => random() * Math.min(cfg.retryMaxDelayMs, cfg.retryBaseDelayMs * 2 ** attempt);

  function fail(Cls: typeof PolygonError, kind: PolygonErrorKind, message: string, details: PolygonError["details"]): never {
    throw new Cls(kind, redact(message), { ...details, url: details.url === undefined ? undefined : redact(details.url) });
  }

  /** One page: GET with limiter, timeout and retries. Returns the parsed, validated body. */
  async function getPage(ticker: string, url: string, stats: FetchStats) {
    const shown = redact(url);
    let lastKind: PolygonErrorKind = "network";
    let lastMessage = "";
    let lastStatus: number | undefined;
    for (let attempt = 0; attempt <= cfg.maxRetries; attempt++) {
      if (attempt > 0) stats.retries++;
      await limiter.acquire();
      stats.requests++;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), cfg.timeoutMs);
      let status = 0;
      let retryAfterMs: number | undefined;
      let location: string | null = null;
      let text: string;
      try {
        const res = await doFetch(url, { headers: { Authorization: `Bearer ${key}`, Accept: "application/json" }, signal: controller.signal, redirect: "manual" });
        status = res.status;
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), clock.now());
        location = res.headers.get("location");
        text = await res.text(); // the timeout still runs: a body that stalls is aborted too
      } catch (err) {
        clearTimeout(timer);
        const timedOut = controller.signal.aborted;
        lastKind = timedOut ? "timeout" : "network";
        lastStatus = status || undefined;
        lastMessage = timedOut ? `no complete response within ${cfg.timeoutMs} ms` : `connection failed: ${describe(err)}`;
        log(`polygon ${ticker}: attempt ${attempt + 1} ${lastMessage} (${shown})`);
        if (attempt < cfg.maxRetries) await clock.sleep(backoffMs(attempt));
        continue;
      }
      clearTimeout(timer);

      if (status === 200) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          // A cut-off body (proxy hiccup) parses as nothing; worth another try.
          lastKind = "malformed";
          lastStatus = 200;
          lastMessage = `body is not JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 60))})`;
          log(`polygon ${ticker}: attempt ${attempt + 1} ${lastMessage} (${shown})`);
          if (attempt < cfg.maxRetries) await clock.sleep(backoffMs(attempt));
          continue;
        }
        const parsed = PolygonAggsResponseSchema.safeParse(json);
        if (!parsed.success) {
          const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
          fail(PolygonMalformedResponseError, "malformed", `${ticker}: response does not match the aggregates schema (${issues}) at ${shown}`, { ticker, url, status, attempts: attempt + 1 });
        }
        const body = parsed.data;
        if (body.status !== "OK" && body.status !== "DELAYED") {
          fail(PolygonHttpError, "api", `${ticker}: API status "${body.status}" at ${shown}`, { ticker, url, status, attempts: attempt + 1, requestId: body.request_id });
        }
        return body;
      }

      const errBody = PolygonErrorBodySchema.safeParse(safeJson(text));
      const apiMessage = errBody.success ? (errBody.data.error ?? errBody.data.message ?? "") : "";
      const requestId = errBody.success ? errBody.data.request_id : undefined;
      const what = `HTTP ${status}${apiMessage ? `: ${apiMessage}` : ""}`;
      if (status === 401) fail(PolygonAuthError, "auth", `${ticker}: ${what} (check POLYGON_API_KEY) at ${shown}`, { ticker, url, status, attempts: attempt + 1, requestId });
      if (status === 403) fail(PolygonAuthError, "not_entitled", `${ticker}: ${what} (the plan does not cover this data or range; not retried) at ${shown}`, { ticker, url, status, attempts: attempt + 1, requestId });
      if (status === 404) fail(PolygonNotFoundError, "not_found", `${ticker}: ${what} (unknown ticker or path) at ${shown}`, { ticker, url, status, attempts: attempt + 1, requestId });
      if (status >= 300 && status < 400) {
        // Not followed: a redirect to another host would carry the key away. Point baseUrl at it instead.
        fail(PolygonHttpError, "http", `${ticker}: HTTP ${status} redirect${location ? ` to ${location}` : ""} (not followed; set baseUrl to the new host) at ${shown}`, { ticker, url, status, attempts: attempt + 1 });
      }
      if (status === 429 || status >= 500) {
        lastKind = status === 429 ? "rate_limited" : "server";
        lastStatus = status;
        lastMessage = what;
        const wait = Math.min(cfg.retryMaxDelayMs, retryAfterMs ?? backoffMs(attempt));
        log(`polygon ${ticker}: attempt ${attempt + 1} ${what}; waiting ${Math.round(wait)} ms${retryAfterMs !== undefined ? " (Retry-After)" : ""} (${shown})`);
        if (attempt < cfg.maxRetries) await clock.sleep(wait);
        continue;
      }
      fail(PolygonHttpError, "http", `${ticker}: ${what} at ${shown}`, { ticker, url, status, attempts: attempt + 1, requestId });
    }
    const Cls = lastKind === "malformed" ? PolygonMalformedResponseError : PolygonRetryExhaustedError;
    return fail(Cls, lastKind, `${ticker}: gave up after ${cfg.maxRetries + 1} attempts; last: ${lastMessage} at ${shown}`, { ticker, url, status: lastStatus, attempts: cfg.maxRetries + 1 });
  }

  /** All pages of one range, in order. */
  async function fetchRange(ticker: string, from: string, to: string, adjusted: boolean, stats: FetchStats): Promise<PolygonAggBar[]> {
    const isIndex = ticker.startsWith("I:");
    const query = new URLSearchParams();
    if (!isIndex) query.set("adjusted", String(adjusted)); // indices take no adjusted parameter
    query.set("sort", "asc");
    query.set("limit", String(cfg.pageLimit));
    // The prefix colon stays literal (X:BTCUSD), as the official clients send it.
    let url = `${base}/v2/aggs/ticker/${encodeURIComponent(ticker).replace(/%3A/gi, ":")}/range/1/day/${from}/${to}?${query}`;
    const out: PolygonAggBar[] = [];
    const seenUrls = new Set<string>();
    for (;;) {
      if (seenUrls.has(url)) fail(PolygonMalformedResponseError, "malformed", `${ticker}: next_url repeats a page already read (${url})`, { ticker, url });
      seenUrls.add(url);
      const body = await getPage(ticker, url, stats);
      stats.pages++;
      if (!isIndex && body.adjusted !== adjusted) {
        fail(PolygonMalformedResponseError, "malformed", `${ticker}: page ${stats.pages} says adjusted=${String(body.adjusted)}, we asked for adjusted=${adjusted} at ${url}`, { ticker, url, requestId: body.request_id });
      }
      const results = body.results ?? [];
      if (body.resultsCount !== results.length && results.length > 0) {
        log(`polygon ${ticker}: page ${stats.pages} resultsCount ${body.resultsCount} but ${results.length} results; using the results`);
      }
      for (const r of results) out.push(r);
      if (!body.next_url) break;
      url = nextPageUrl(base, body.next_url);
    }
    return out;
  }

  return {
    baseUrl: base,
    adjusted: cfg.adjusted,
    redact,
    async fetchDailyBars(ticker, from, to, options = {}) {
      if (!TICKER_RE.test(ticker)) throw new Error(`fetchDailyBars: ticker ${JSON.stringify(ticker)} has characters a Polygon ticker cannot have`);
      const fromDay = isoToDay(from), toDay = isoToDay(to);
      if (toDay < fromDay) throw new Error(`fetchDailyBars(${ticker}): to ${to} is before from ${from}`);
      const adjusted = options.adjusted ?? cfg.adjusted;
      const stats: FetchStats = { requests: 0, pages: 0, retries: 0, warnings: [] };
      let raw = await fetchRange(ticker, from, to, adjusted, stats);
      if (raw.length === 0 && rangeHasSessions(ticker, fromDay, toDay, Date.now())) {
        // Spurious empty OK responses happen under load: ask once more before believing it.
        stats.warnings.push(redact(`${ticker}: no bars for ${from}..${to} although the range has sessions; asked again`));
        log(stats.warnings[stats.warnings.length - 1]);
        raw = await fetchRange(ticker, from, to, adjusted, stats);
        if (raw.length === 0 && !options.allowEmpty) {
          fail(PolygonEmptyResultError, "empty", `${ticker}: no bars for ${from}..${to} (twice) although the range has sessions; check the ticker and the plan's history`, { ticker });
        }
      }
      const bars = toBars(ticker, raw, fromDay, toDay, stats);
      log(`polygon ${ticker}: ${bars.dates.length} bars ${from}..${to} in ${stats.pages} page(s), ${stats.requests} request(s)`);
      return { bars, stats };
    },
  };
}

/**
 * The URL of the next page: path and query of `next_url` under our base URL (the server's host may
 * differ from ours, e.g. api.polygon.io vs api.massive.com, and never carries the key). Any `apiKey`
 * parameter is removed: the key goes in the header only.
 */
export function nextPageUrl(baseUrl: string, nextUrl: string): string {
  const u = new URL(nextUrl);
  for (const k of [...u.searchParams.keys()]) if (/^api[_-]?key$/i.test(k)) u.searchParams.delete(k);
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  const path = basePath && u.pathname.startsWith(basePath + "/") ? u.pathname.slice(basePath.length) : u.pathname;
  return `${baseUrl}${path}${u.search}`;
}

/** Retry-After as ms to wait: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Whether [fromDay, toDay] contains a session of the ticker's calendar strictly before today (UTC). */
function rangeHasSessions(ticker: string, fromDay: number, toDay: number, nowMs: number): boolean {
  const lastFull = Math.min(toDay, Math.floor(nowMs / 86_400_000) - 1);
  if (lastFull < fromDay) return false;
  const start = Math.max(fromDay, isoToDay("1973-01-01"));
  return start <= lastFull && tradingSessions(calendarForTicker(ticker), start, lastFull).length > 0;
}

/**
 * Bars from raw results: dates from `t`, sorted, duplicates (same day) dropped keeping the first.
 * Bars outside the asked range are kept (they are real bars the server sent) with a warning.
 */
function toBars(ticker: string, raw: readonly PolygonAggBar[], fromDay: number, toDay: number, stats: FetchStats): Bars {
  const rows = raw.map((r) => ({ r, day: barDay(ticker, r.t) }));
  let sorted = true;
  for (let i = 1; i < rows.length; i++) if (rows[i].day < rows[i - 1].day) { sorted = false; break; }
  if (!sorted) {
    stats.warnings.push(`${ticker}: bars arrived out of order; sorted by date`);
    rows.sort((a, b) => a.day - b.day);
  }
  const keep: typeof rows = [];
  let dups = 0, outside = 0;
  for (const row of rows) {
    if (row.day < fromDay || row.day > toDay) outside++;
    if (keep.length && keep[keep.length - 1].day === row.day) { dups++; continue; }
    keep.push(row);
  }
  if (dups) stats.warnings.push(`${ticker}: ${dups} duplicate bar(s) across pages dropped (same date, first kept)`);
  if (outside) stats.warnings.push(`${ticker}: ${outside} bar(s) outside the asked range ${dayToIso(fromDay)}..${dayToIso(toDay)} (kept)`);
  const n = keep.length;
  const col = (f: (r: PolygonAggBar) => number | undefined) => Float64Array.from(keep, ({ r }) => f(r) ?? NaN);
  return createBars(ticker, {
    dates: Int32Array.from(keep, (x) => x.day),
    open: col((r) => r.o), high: col((r) => r.h), low: col((r) => r.l), close: col((r) => r.c),
    volume: n ? col((r) => r.v) : [], vwap: n ? col((r) => r.vw) : [], transactions: n ? col((r) => r.n) : [],
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause ? ` (${e.cause.code ?? e.cause.message ?? ""})` : "";
  return `${e?.message ?? String(err)}${cause}`;
}

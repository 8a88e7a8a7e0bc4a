/**
 * The pieces of one Polygon/Massive aggregates request (./client puts them together): the URLs and
 * the key's redaction, the retry and backoff policy, one HTTP attempt with its timeout, and the
 * validation of a response. Internal to the data stage (not exported from its index).
 */
import {
  PolygonAuthError, PolygonError, PolygonHttpError, PolygonMalformedResponseError, PolygonNotFoundError,
  type PolygonErrorKind,
} from "./errors";
import { PolygonAggsResponseSchema, PolygonErrorBodySchema, type PolygonAggsResponse } from "./polygonSchema";
import { redactSecrets, redactUrl } from "./redact";

// --- URLs and redaction ---

/** Removes the key (plain or URL-encoded, and any apiKey-like URL parameter) from a text. */
export type Redactor = (text: string) => string;

/** The redactor of one key: every message, log line and URL shown goes through it. */
export function keyRedactor(key: string): Redactor {
  return (text) => redactUrl(redactSecrets(text, [key]), [key]);
}

/**
 * The first page's URL of a daily-bars range: `{baseUrl}/v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}`
 * with adjusted (not for index tickers, I:..., which take no such parameter), sort=asc and limit.
 * The prefix colon stays literal (X:BTCUSD), as the official clients send it. No key: it goes in the header.
 * @example aggregatesUrl("https://api.massive.com", "X:BTCUSD", "2020-01-01", "2020-03-31", true, 50000)
 *   // => "https://api.massive.com/v2/aggs/ticker/X:BTCUSD/range/1/day/2020-01-01/2020-03-31?adjusted=true&sort=asc&limit=50000"
 */
export function aggregatesUrl(baseUrl: string, ticker: string, from: string, to: string, adjusted: boolean, pageLimit: number): string {
  const query = new URLSearchParams();
  if (!isIndexTicker(ticker)) query.set("adjusted", String(adjusted));
  query.set("sort", "asc");
  query.set("limit", String(pageLimit));
  return `${baseUrl}/v2/aggs/ticker/${encodeURIComponent(ticker).replace(/%3A/gi, ":")}/range/1/day/${from}/${to}?${query}`;
}

/** Index tickers (I:SPX) take no adjusted parameter, and their pages carry no meaningful adjusted flag. */
export function isIndexTicker(ticker: string): boolean {
  return ticker.startsWith("I:");
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

// --- Retry and backoff ---

/** How often and how long to retry (a DataConfig's fields), and the jitter source. */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Uniform [0, 1). */
  readonly random: () => number;
}

/** Full jitter: uniform in [0, min(cap, base * 2^attempt)] (attempt 0 is the first try). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return policy.random() * Math.min(policy.retryMaxDelayMs, policy.retryBaseDelayMs * 2 ** attempt);
}

/** Wait after a 429 or 5xx: the server's Retry-After when it sent one, else the backoff; never above the cap. */
export function busyServerWaitMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number {
  return Math.min(policy.retryMaxDelayMs, retryAfterMs ?? backoffMs(policy, attempt));
}

/** Retry-After as ms to wait: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * A failed attempt worth another try: what went wrong, for the log and for the error raised when
 * the retries run out. `busy` (429, 5xx) waits per busyServerWaitMs, the others per backoffMs.
 */
export interface RetryableFault {
  readonly kind: PolygonErrorKind;
  readonly status: number | undefined;
  readonly message: string;
  readonly busy: boolean;
  readonly retryAfterMs?: number;
}

// --- One attempt ---

/** A response read to its end: status, the headers we use, and the body text. */
export interface CompleteResponse {
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  readonly location: string | null;
  readonly text: string;
}

/** An attempt's result: the complete response, or the fault to retry. Tagged, so no body field can be mistaken for a fault. */
export type AttemptResult = { readonly response: CompleteResponse; readonly fault?: undefined } | { readonly fault: RetryableFault; readonly response?: undefined };

/** A response's meaning: the validated page, or the fault to retry. */
export type PageOutcome = { readonly page: PolygonAggsResponse; readonly fault?: undefined } | { readonly fault: RetryableFault; readonly page?: undefined };

/**
 * One GET with the key in the Authorization header, redirects not followed, and a timeout
 * (AbortController) that covers the body too: a body that stalls is aborted as well.
 * @returns the complete response, or the timeout or dropped connection as a retryable fault
 */
export async function requestOnce(
  doFetch: typeof fetch,
  url: string,
  key: string,
  timeoutMs: number,
): Promise<AttemptResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status = 0;
  try {
    const res = await doFetch(url, { headers: { Authorization: `Bearer ${key}`, Accept: "application/json" }, signal: controller.signal, redirect: "manual" });
    status = res.status;
    // Wall-clock time: an HTTP-date Retry-After is a calendar time (the data clock is monotonic).
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Date.now());
    const location = res.headers.get("location");
    const text = await res.text(); // the timeout still runs
    return { response: { status, retryAfterMs, location, text } };
  } catch (err) {
    const timedOut = controller.signal.aborted;
    return {
      fault: {
        kind: timedOut ? "timeout" : "network",
        status: status || undefined,
        message: timedOut ? `no complete response within ${timeoutMs} ms` : `connection failed: ${describe(err)}`,
        busy: false,
      },
    };
  } finally {
    clearTimeout(timer);
  }
}

// --- Validation of a response ---

/** What a response is checked against: the page asked for, for messages and error details. */
export interface PageRequest {
  readonly ticker: string;
  readonly url: string;
  /** `url` redacted (for messages). */
  readonly shown: string;
  /** 1-based number of this attempt. */
  readonly attempts: number;
  readonly redact: Redactor;
}

/** Throw a Polygon error with its message and URL redacted. */
export function throwRedacted(redact: Redactor, Cls: typeof PolygonError, kind: PolygonErrorKind, message: string, details: PolygonError["details"]): never {
  throw new Cls(kind, redact(message), { ...details, url: details.url === undefined ? undefined : redact(details.url) });
}

/**
 * The validated aggregates page of a complete response, or the fault to retry. A 200 whose body is
 * not JSON (cut off by a proxy) is retried; one that does not match the schema, or says an API
 * status other than OK/DELAYED, fails. 429 and 5xx are retried; 401, 403, 404, redirects (a
 * redirect to another host would carry the key away) and any other status fail at once.
 * @throws PolygonAuthError, PolygonNotFoundError, PolygonHttpError or PolygonMalformedResponseError, redacted
 */
export function readAggsResponse(req: PageRequest, res: CompleteResponse): PageOutcome {
  return res.status === 200 ? readAggsPage(req, res.text) : { fault: readErrorResponse(req, res) };
}

/** The body of a 200: JSON, the aggregates schema, API status OK or DELAYED. */
function readAggsPage(req: PageRequest, text: string): PageOutcome {
  const { ticker, url, shown, attempts, redact } = req;
  const status = 200;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A cut-off body (proxy hiccup) parses as nothing; worth another try.
    return { fault: { kind: "malformed", status, message: `body is not JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 60))})`, busy: false } };
  }
  const parsed = PolygonAggsResponseSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throwRedacted(redact, PolygonMalformedResponseError, "malformed", `${ticker}: response does not match the aggregates schema (${issues}) at ${shown}`, { ticker, url, status, attempts });
  }
  const body = parsed.data;
  if (body.status !== "OK" && body.status !== "DELAYED") {
    throwRedacted(redact, PolygonHttpError, "api", `${ticker}: API status "${body.status}" at ${shown}`, { ticker, url, status, attempts, requestId: body.request_id });
  }
  return { page: body };
}

/** A response other than 200: the fault to retry (429, 5xx), else thrown with the API's own message when it sent one. */
function readErrorResponse(req: PageRequest, res: CompleteResponse): RetryableFault {
  const { ticker, url, shown, attempts, redact } = req;
  const { status, location } = res;
  const errBody = PolygonErrorBodySchema.safeParse(safeJson(res.text));
  const apiMessage = errBody.success ? (errBody.data.error ?? errBody.data.message ?? "") : "";
  const requestId = errBody.success ? errBody.data.request_id : undefined;
  const what = `HTTP ${status}${apiMessage ? `: ${apiMessage}` : ""}`;
  const details = { ticker, url, status, attempts, requestId };
  if (status === 401) throwRedacted(redact, PolygonAuthError, "auth", `${ticker}: ${what} (check POLYGON_API_KEY) at ${shown}`, details);
  if (status === 403) throwRedacted(redact, PolygonAuthError, "not_entitled", `${ticker}: ${what} (the plan does not cover this data or range; not retried) at ${shown}`, details);
  if (status === 404) throwRedacted(redact, PolygonNotFoundError, "not_found", `${ticker}: ${what} (unknown ticker or path) at ${shown}`, details);
  if (status >= 300 && status < 400) {
    // Not followed: a redirect to another host would carry the key away. Point baseUrl at it instead.
    throwRedacted(redact, PolygonHttpError, "http", `${ticker}: HTTP ${status} redirect${location ? ` to ${location}` : ""} (not followed; set baseUrl to the new host) at ${shown}`, { ticker, url, status, attempts });
  }
  if (status === 429 || status >= 500) {
    return { kind: status === 429 ? "rate_limited" : "server", status, message: what, busy: true, retryAfterMs: res.retryAfterMs };
  }
  return throwRedacted(redact, PolygonHttpError, "http", `${ticker}: ${what} at ${shown}`, details);
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

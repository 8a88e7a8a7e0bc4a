/**
 * Typed errors of the Polygon/Massive client. Each names the ticker, the (redacted) URL and, where
 * there is one, the HTTP status; `kind` tells callers what happened without parsing messages, and
 * `retryable` whether trying again later could help. Messages never contain the API key: the client
 * builds them from redacted URLs and redacts them once more before throwing.
 */

export type PolygonErrorKind =
  | "missing_key" // no key in the options or the environment
  | "auth" // 401: unknown or missing key
  | "not_entitled" // 403: the plan does not cover this data (not transient)
  | "not_found" // 404: unknown ticker or path
  | "empty" // 200 with no bars for a range that has sessions (after one retry)
  | "malformed" // body is not JSON, or not the documented shape
  | "rate_limited" // 429 and the retry budget is spent
  | "server" // 5xx and the retry budget is spent
  | "timeout" // no complete response within timeoutMs, retry budget spent
  | "network" // connection refused/reset/dropped mid-body, retry budget spent
  | "http" // any other HTTP status
  | "api"; // 200 whose status field is not OK/DELAYED

/** Base class of every client error: `kind` says what happened, `retryable` whether a later try could help. */
export class PolygonError extends Error {
  constructor(
    readonly kind: PolygonErrorKind,
    message: string,
    readonly details: {
      readonly ticker?: string;
      readonly url?: string;
      readonly status?: number;
      readonly attempts?: number;
      readonly requestId?: string;
    } = {},
  ) {
    super(message);
    this.name = "PolygonError";
  }
  /** Whether the same request could succeed later (rate limits, outages, timeouts). */
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "server" || this.kind === "timeout" || this.kind === "network";
  }
}

/** 401/403 or no key: fail fast, never retried. */
export class PolygonAuthError extends PolygonError {
  override name = "PolygonAuthError";
}
/** 404: unknown ticker or path. */
export class PolygonNotFoundError extends PolygonError {
  override name = "PolygonNotFoundError";
}
/** No bars where sessions exist (checked once more before giving up). */
export class PolygonEmptyResultError extends PolygonError {
  override name = "PolygonEmptyResultError";
}
/** Body not JSON, or JSON of the wrong shape (zod's complaint in the message). */
export class PolygonMalformedResponseError extends PolygonError {
  override name = "PolygonMalformedResponseError";
}
/** 429 / 5xx / timeout / dropped connection after the retry budget. */
export class PolygonRetryExhaustedError extends PolygonError {
  override name = "PolygonRetryExhaustedError";
}
/** Another HTTP status, or a non-OK status field. */
export class PolygonHttpError extends PolygonError {
  override name = "PolygonHttpError";
}

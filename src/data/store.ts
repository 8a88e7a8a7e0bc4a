/**
 * Bars through the cache: read what is cached, ask the vendor only for what is not known yet, check
 * an overlap window for restatements, write back atomically, one process at a time per ticker.
 *
 * The cache folder is split by basis (`<cacheDir>/polygon-adjusted`, `<cacheDir>/polygon-unadjusted`):
 * Polygon's split-adjusted history changes after every split, so adjusted and raw bars never share a
 * file, and the sidecar's `fetchedAt` says how old an adjusted history is.
 *
 * What the sidecar promises (and what the old `requestedTo` did not): `lastDate` is the last bar we
 * hold, `checkedThrough` the last day the vendor was asked about after that day's session had closed
 * and settled. A session that has not closed is never asked for (Polygon answers 403 or a partial bar
 * before the close) and never counted as checked; days after the last bar are asked for again on every
 * update until a bar arrives, so a vendor that publishes late is caught on the next update.
 *
 * Restatements: an incremental update re-fetches the last `overlapSessions` cached bars with the new
 * days (one request) and compares them with the cache. Any difference (a split re-adjustment, a
 * dividend, a corrected bar) means the cached history is on another basis than the vendor's now:
 * the whole ticker is fetched again, never merged, so a 2:1 split can never leave a fake -50% day.
 * The difference is logged and kept in the sidecar's `restatements`.
 *
 * Concurrency: every read-modify-write of a ticker holds a lock (proper-lockfile: an atomic mkdir
 * of `<stem>.lock`, its mtime refreshed while held, stale after 20 s if the holder died). A second
 * process waits, then reads what the first wrote and, when that is current, makes no request.
 * Temporary files a killed writer left are removed under the lock.
 */
import { promises as fs } from "node:fs";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import type { Bars } from "./types";
import { barsBetween, emptyBars, mergeBars } from "./bars";
import { cacheFileStem, readBarsCache, readCacheMetadata, removeStaleTempFiles, writeBarsCache, type CacheMetadata, type Restatement, type SourceIssue } from "./cache";
import { calendarForTicker, isNyseSession, type CalendarName } from "./calendar";
import type { PolygonClient } from "./client";
import { newYorkDay } from "./polygonSchema";
import { redactUrl } from "./redact";
import { parseDataConfig } from "../config/data";
import { dayToIso, isoToDay } from "../util/dates";

const DAY_MS = 86_400_000;
/** Sidecars keep at most this many source issues (the newest). */
const MAX_SOURCE_ISSUES = 200;

export interface CachedFetchOptions {
  /** Cache root (the basis subfolder is added). */
  cacheDir: string;
  /** Ignore the cache and fetch the whole range again (default false). */
  refresh?: boolean;
  /** Clock in epoch ms, for `fetchedAt` and for which sessions have closed (default Date.now). */
  now?: () => number;
  /** Log line sink (lines are redacted by the client). */
  log?: (line: string) => void;
  /** Cached sessions re-fetched and compared on an incremental update (default: DataConfig.overlapSessions). */
  overlapSessions?: number;
  /** Minutes after the close before a day counts as checked (default: DataConfig.settleMinutes). */
  settleMinutes?: number;
}

export interface CachedFetchResult {
  /** Bars from..to (inclusive). */
  bars: Bars;
  meta: CacheMetadata;
  /**
   * "cache": no request (checked through the last settled day, last session present);
   * "incremental": the overlap window plus the days after the last bar, merged;
   * "restated": the overlap window differed from the cache, the whole ticker was fetched again;
   * "full": the whole range (absent, corrupt, refresh, or a cache starting after `from`).
   */
  action: "cache" | "incremental" | "restated" | "full";
  /** Why the cache was not used as is (e.g. the corrupt file's reason); null on a hit. */
  reason: string | null;
  requests: number;
  /** Bars added to the cache by this call (0 on a hit; may be negative when a restatement dropped bars). */
  barsAdded: number;
  /** The restatement found by this call, else null. */
  restatement: Restatement | null;
  /** The client's notes on the bars of this call (duplicates dropped, re-sorted, out of range). */
  sourceIssues: SourceIssue[];
}

/** Folder of one basis inside a cache root. */
export function polygonCacheDir(cacheDir: string, adjusted: boolean): string {
  return join(cacheDir, adjusted ? "polygon-adjusted" : "polygon-unadjusted");
}

/**
 * The last day whose daily bar is final at `nowMs`: for XNYS the New York date once 16:00 New York
 * plus `settleMinutes` has passed (else the day before; early closes are treated as 16:00), for
 * 24/7 (crypto, UTC bars) the UTC day that ended at least `settleMinutes` ago. An epoch day; it
 * need not be a session.
 * @example lastSettledDay("XNYS", Date.parse("2024-03-15T19:00:00Z"), 60) // => 2024-03-14 (15:00 New York)
 */
export function lastSettledDay(calendar: CalendarName, nowMs: number, settleMinutes: number): number {
  if (calendar === "24/7") return Math.floor((nowMs - settleMinutes * 60_000) / DAY_MS) - 1;
  // Shifting by the close plus the settle turns "after today's close" into "today's New York date".
  return newYorkDay(nowMs - (16 * 60 + settleMinutes) * 60_000);
}

/** The last session of a calendar on or before a day. */
export function lastSessionOnOrBefore(calendar: CalendarName, day: number): number {
  if (calendar === "24/7") return day;
  let d = day;
  while (!isNyseSession(d)) d--;
  return d;
}

/**
 * Run `fn` holding the lock of one ticker in a cache folder (created if needed). Waits up to about
 * ten minutes for another holder (a rate-limited fetch can take minutes); a lock whose holder died
 * is taken over after 20 s.
 * @throws when the lock cannot be had, or was lost while held (then the result is not trusted)
 */
export async function withTickerLock<T>(dir: string, ticker: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(dir, { recursive: true });
  let compromised: Error | null = null;
  const release = await lockfile.lock(join(dir, cacheFileStem(ticker)), {
    realpath: false,
    stale: 20_000,
    update: 5_000,
    retries: { retries: 600, factor: 1.2, minTimeout: 20, maxTimeout: 1_000 },
    onCompromised: (err) => void (compromised = err),
  });
  try {
    const out = await fn();
    if (compromised) throw new Error(`cache lock of ${ticker} in ${dir} was lost while held: ${(compromised as Error).message}`);
    return out;
  } finally {
    if (!compromised) await release();
  }
}

/**
 * Daily bars of one ticker from..to via the cache (see the module comment for what is asked when).
 * A corrupt or truncated cache file (hash or row count mismatch) is never used: the whole range is
 * fetched again and the file replaced.
 * @example const { bars, action } = await fetchBarsCached(client, "SPY", "2024-01-02", "2024-12-31", { cacheDir: ".cache/bars" })
 */
export async function fetchBarsCached(client: PolygonClient, ticker: string, from: string, to: string, options: CachedFetchOptions): Promise<CachedFetchResult> {
  const dir = polygonCacheDir(options.cacheDir, client.adjusted);
  return withTickerLock(dir, ticker, () => fetchUnderLock(client, dir, ticker, from, to, options));
}

async function fetchUnderLock(client: PolygonClient, dir: string, ticker: string, from: string, to: string, options: CachedFetchOptions): Promise<CachedFetchResult> {
  const defaults = parseDataConfig({});
  const { refresh = false, now = Date.now, log = () => undefined, overlapSessions = defaults.overlapSessions, settleMinutes = defaults.settleMinutes } = options;
  const fromDay = isoToDay(from), toDay = isoToDay(to);
  if (toDay < fromDay) throw new Error(`fetchBarsCached(${ticker}): to ${to} is before from ${from}`);
  const removed = await removeStaleTempFiles(dir, ticker);
  if (removed.length) log(`cache ${ticker}: removed ${removed.length} temporary file(s) of an interrupted write (${removed.join(", ")})`);

  const calendar = calendarForTicker(ticker);
  const settled = lastSettledDay(calendar, now(), settleMinutes);
  const target = Math.min(toDay, settled);
  const cached = refresh ? ({ status: "missing", ticker } as const) : await readBarsCache(dir, ticker);
  const previous = cached.status === "ok" ? cached.meta : await readCacheMetadata(dir, ticker);
  const history = previous?.restatements ?? [];

  const write = (bars: Bars, coveredFrom: number, checked: number, extra: { restatements: Restatement[]; sourceIssues: SourceIssue[] }) =>
    writeBarsCache(dir, bars, {
      requestedFrom: dayToIso(coveredFrom),
      requestedTo: dayToIso(checked),
      checkedThrough: dayToIso(checked),
      adjusted: client.adjusted,
      adjustment: client.adjusted ? "split" : "none",
      adjustmentNote: client.adjusted ? "split-adjusted by Polygon/Massive (adjusted=true); dividends NOT adjusted" : "as traded (adjusted=false)",
      fetchedAt: new Date(now()).toISOString(),
      source: { kind: "polygon", origin: redactUrl(client.baseUrl), path: "/v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}" },
      calendar,
      restatements: extra.restatements,
      sourceIssues: extra.sourceIssues.slice(-MAX_SOURCE_ISSUES),
    });
  const result = (bars: Bars, meta: CacheMetadata, r: Omit<CachedFetchResult, "bars" | "meta">): CachedFetchResult => ({ bars: barsBetween(bars, fromDay, toDay), meta, ...r });
  const full = async (rangeFrom: number, rangeTo: number, action: "full" | "restated", reason: string, restatement: Restatement | null, rowsBefore: number, requestsBefore: number): Promise<CachedFetchResult> => {
    if (rangeTo < rangeFrom) {
      // Nothing has settled in the range yet: nothing to ask, nothing to write.
      return { bars: emptyBars(ticker), meta: previous ?? placeholderMeta(ticker, client), action, reason: `${reason}; no settled day in ${dayToIso(rangeFrom)}..${to} yet`, requests: requestsBefore, barsAdded: 0, restatement, sourceIssues: [] };
    }
    const { bars, stats } = await client.fetchDailyBars(ticker, dayToIso(rangeFrom), dayToIso(rangeTo));
    const meta = await write(bars, rangeFrom, rangeTo, { restatements: restatement ? [...history, restatement] : history, sourceIssues: stats.issues });
    return result(bars, meta, { action, reason, requests: requestsBefore + stats.requests, barsAdded: bars.dates.length - rowsBefore, restatement, sourceIssues: stats.issues });
  };

  if (cached.status !== "ok" || isoToDay(cached.meta.requestedFrom ?? cached.meta.firstDate ?? to) > fromDay) {
    let reason = refresh ? "refresh requested" : "not cached";
    if (cached.status === "corrupt") {
      reason = `cache file corrupt (${cached.reason}); refetching`;
      log(`cache ${ticker}: ${reason}`);
    }
    let rangeTo = target;
    if (cached.status === "ok") {
      reason = `cache starts ${cached.meta.requestedFrom ?? cached.meta.firstDate}, after ${from}; fetching the whole range`;
      rangeTo = Math.max(target, Math.min(checkedThroughDay(cached.meta, cached.bars), settled));
    }
    return full(fromDay, rangeTo, "full", reason, null, cached.status === "ok" ? cached.bars.dates.length : 0, 0);
  }

  const { bars: old, meta } = cached;
  const coveredFrom = isoToDay(meta.requestedFrom ?? meta.firstDate ?? from);
  const checked = checkedThroughDay(meta, old);
  const n = old.dates.length;
  const lastBar = n ? old.dates[n - 1] : null;
  const tailSession = target >= coveredFrom ? lastSessionOnOrBefore(calendar, target) : null;
  const tailMissing = tailSession !== null && tailSession >= coveredFrom && (lastBar === null || lastBar < tailSession);
  const hit = () => result(old, meta, { action: "cache", reason: null, requests: 0, barsAdded: 0, restatement: null, sourceIssues: [] });
  if (checked >= target && !tailMissing) return hit();

  // From the overlap window (or the day after the last bar) to the last settled day: one request when nothing is new.
  const overlapFrom = n && overlapSessions > 0 ? old.dates[Math.max(0, n - overlapSessions)] : null;
  const fetchFrom = overlapFrom ?? (lastBar === null ? coveredFrom : lastBar + 1);
  if (fetchFrom > target) return hit();
  const { bars: fresh, stats } = await client.fetchDailyBars(ticker, dayToIso(fetchFrom), dayToIso(target), { allowEmpty: overlapFrom === null });

  if (overlapFrom !== null) {
    const diff = overlapDifference(old, fresh, overlapFrom, lastBar!);
    if (diff) {
      const restatement: Restatement = { detectedAt: new Date(now()).toISOString(), windowFrom: dayToIso(overlapFrom), windowTo: dayToIso(lastBar!), ...diff };
      const what = `${diff.differences} of the last ${n - old.dates.indexOf(overlapFrom)} cached bar(s) differ from the vendor's (first: ${diff.date} ${diff.field} cached ${diff.cached} vendor ${diff.vendor})`;
      log(`cache ${ticker}: restatement: ${what}; fetching the whole history again`);
      return full(coveredFrom, Math.max(target, Math.min(checked, settled)), "restated", `restatement: ${what}`, restatement, n, stats.requests);
    }
  }
  const merged = mergeBars(old, fresh);
  const sourceIssues = [...(meta.sourceIssues ?? []), ...stats.issues];
  const written = await write(merged, coveredFrom, Math.max(checked, target), { restatements: history, sourceIssues });
  const added = merged.dates.length - n;
  return result(merged, written, {
    action: "incremental",
    reason: `checked through ${dayToIso(checked)}; asked ${dayToIso(fetchFrom)}..${dayToIso(target)}`,
    requests: stats.requests,
    barsAdded: added,
    restatement: null,
    sourceIssues: stats.issues,
  });
}

/** The sidecar's checkedThrough; for files written before it existed, the last bar (so the tail is asked again). */
function checkedThroughDay(meta: CacheMetadata, bars: Bars): number {
  if (meta.checkedThrough) return isoToDay(meta.checkedThrough);
  const n = bars.dates.length;
  return n ? bars.dates[n - 1] : isoToDay(meta.requestedFrom ?? "1970-01-02") - 1;
}

/** A sidecar stand-in for a result with nothing written (a range with no settled day yet). */
function placeholderMeta(ticker: string, client: PolygonClient): CacheMetadata {
  return {
    format: "cross-asset-alpha-engine/bars@1", symbol: ticker, firstDate: null, lastDate: null, requestedFrom: null, requestedTo: null,
    checkedThrough: null, adjusted: client.adjusted, adjustment: client.adjusted ? "split" : "none", adjustmentNote: "nothing fetched yet",
    fetchedAt: new Date(0).toISOString(), rowCount: 0, contentHash: `sha256:${"0".repeat(64)}`,
    source: { kind: "polygon", origin: redactUrl(client.baseUrl) }, vwap: "none", transactions: "none", calendar: calendarForTicker(ticker),
  };
}

/** How an overlap window differs: the count and the first difference (a side without a bar is null). */
export interface OverlapDifference {
  differences: number;
  date: string;
  field: string;
  cached: number | null;
  vendor: number | null;
}

const COMPARED = ["open", "high", "low", "close", "volume", "vwap", "transactions"] as const;

/**
 * Differences between cached and fresh bars dated fromDay..toDay: a date on one side only, or any
 * column not identical (NaN equals NaN; values round-trip the cache bit for bit, so no tolerance).
 * Null when the window matches.
 */
export function overlapDifference(cached: Bars, fresh: Bars, fromDay: number, toDay: number): OverlapDifference | null {
  const a = barsBetween(cached, fromDay, toDay), b = barsBetween(fresh, fromDay, toDay);
  type Difference = Omit<OverlapDifference, "differences">;
  // JSON (the sidecar) has no NaN: a missing value is null.
  const num = (v: number) => (Number.isNaN(v) ? null : v);
  const found: Difference[] = [];
  let i = 0, j = 0;
  while (i < a.dates.length || j < b.dates.length) {
    const da = i < a.dates.length ? a.dates[i] : Infinity, db = j < b.dates.length ? b.dates[j] : Infinity;
    if (da < db) { found.push({ date: dayToIso(da), field: "date", cached: num(a.close[i]), vendor: null }); i++; continue; }
    if (db < da) { found.push({ date: dayToIso(db), field: "date", cached: null, vendor: num(b.close[j]) }); j++; continue; }
    for (const f of COMPARED) {
      const x = a[f][i], y = b[f][j];
      if (x !== y && !(x !== x && y !== y)) { found.push({ date: dayToIso(da), field: f, cached: num(x), vendor: num(y) }); break; }
    }
    i++; j++;
  }
  return found.length ? { differences: found.length, ...found[0] } : null;
}

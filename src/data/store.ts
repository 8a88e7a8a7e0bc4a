/**
 * Bars through the cache: read what is cached, fetch only what is missing, write back atomically.
 *
 * The cache folder is split by basis (`<cacheDir>/polygon-adjusted`, `<cacheDir>/polygon-unadjusted`):
 * Polygon's split-adjusted history changes after every split, so adjusted and raw bars never share a
 * file, and the sidecar's `fetchedAt` says how old an adjusted history is.
 */
import { join } from "node:path";
import type { Bars } from "./types";
import { barsBetween, mergeBars } from "./bars";
import { readBarsCache, writeBarsCache, type CacheMetadata } from "./cache";
import { calendarForTicker } from "./calendar";
import type { PolygonClient } from "./client";
import { redactUrl } from "./redact";
import { dayToIso, isoToDay } from "../util/dates";

export interface CachedFetchOptions {
  /** Cache root (the basis subfolder is added). */
  cacheDir: string;
  /** Ignore the cache and fetch the whole range again (default false). */
  refresh?: boolean;
  /** Clock for `fetchedAt` (default Date.now). */
  now?: () => number;
  /** Log line sink (lines are redacted by the client). */
  log?: (line: string) => void;
}

export interface CachedFetchResult {
  /** Bars from..to (inclusive). */
  bars: Bars;
  meta: CacheMetadata;
  /** "cache": no request; "incremental": only days after the last cached bar; "full": the whole range (absent, corrupt, or older start). */
  action: "cache" | "incremental" | "full";
  /** Why the cache was not used as is (e.g. the corrupt file's reason); null on a hit. */
  reason: string | null;
  requests: number;
}

/** Folder of one basis inside a cache root. */
export function polygonCacheDir(cacheDir: string, adjusted: boolean): string {
  return join(cacheDir, adjusted ? "polygon-adjusted" : "polygon-unadjusted");
}

/**
 * Daily bars of one ticker from..to via the cache. A corrupt or truncated cache file (hash or row
 * count mismatch) is never used: the whole range is fetched again and the file replaced.
 * @example const { bars, action } = await fetchBarsCached(client, "SPY", "2024-01-02", "2024-12-31", { cacheDir: ".cache/bars" })
 */
export async function fetchBarsCached(client: PolygonClient, ticker: string, from: string, to: string, options: CachedFetchOptions): Promise<CachedFetchResult> {
  const { cacheDir, refresh = false, now = Date.now, log = () => undefined } = options;
  const fromDay = isoToDay(from), toDay = isoToDay(to);
  const dir = polygonCacheDir(cacheDir, client.adjusted);
  const cached = refresh ? ({ status: "missing", ticker } as const) : await readBarsCache(dir, ticker);

  let base: Bars | null = null;
  let coveredFrom = fromDay, coveredTo = toDay;
  let fetchFrom = from;
  let action: CachedFetchResult["action"] = "full";
  let reason: string | null = refresh ? "refresh requested" : null;
  if (cached.status === "corrupt") {
    reason = `cache file corrupt (${cached.reason}); refetching`;
    log(`cache ${ticker}: ${reason}`);
  } else if (cached.status === "missing") {
    reason ??= "not cached";
  } else {
    const m = cached.meta;
    const cFrom = isoToDay(m.requestedFrom ?? m.firstDate ?? to);
    const cTo = isoToDay(m.requestedTo ?? m.lastDate ?? from);
    if (cFrom <= fromDay && cTo >= toDay) {
      return { bars: barsBetween(cached.bars, fromDay, toDay), meta: m, action: "cache", reason: null, requests: 0 };
    }
    if (cFrom <= fromDay) {
      // Incremental: only the days after the last cached bar (or after the cached range when it ended on holidays).
      const lastBar = cached.bars.dates.length ? cached.bars.dates[cached.bars.dates.length - 1] : cFrom - 1;
      base = cached.bars;
      fetchFrom = dayToIso(Math.min(lastBar, cTo) + 1);
      coveredFrom = cFrom;
      action = "incremental";
      reason = `cache ends ${dayToIso(cTo)}; fetching ${fetchFrom}..${to}`;
    } else {
      reason = `cache starts ${dayToIso(cFrom)}, after ${from}; fetching the whole range`;
      coveredTo = Math.max(toDay, cTo);
    }
  }
  const fetchTo = dayToIso(coveredTo);
  const { bars: fresh, stats } = await client.fetchDailyBars(ticker, fetchFrom, fetchTo, { allowEmpty: action === "incremental" });
  const merged = base ? mergeBars(base, fresh) : fresh;
  const meta = await writeBarsCache(dir, merged, {
    requestedFrom: dayToIso(coveredFrom),
    requestedTo: fetchTo,
    adjusted: client.adjusted,
    adjustment: client.adjusted ? "split" : "none",
    adjustmentNote: client.adjusted ? "split-adjusted by Polygon/Massive (adjusted=true); dividends NOT adjusted" : "as traded (adjusted=false)",
    fetchedAt: new Date(now()).toISOString(),
    source: { kind: "polygon", origin: redactUrl(client.baseUrl), path: "/v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}" },
    calendar: calendarForTicker(ticker),
  });
  return { bars: barsBetween(merged, fromDay, toDay), meta, action, reason, requests: stats.requests };
}

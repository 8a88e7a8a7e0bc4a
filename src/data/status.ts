/**
 * What the live cache holds for a config's universe, ticker by ticker, and whether it is current
 * (the last closed session of the range has its bar). Reads only; makes no request.
 */
import { promises as fs } from "node:fs";
import { readBarsCache, type AdjustmentBasis, type CacheMetadata, type CacheRead } from "./cache";
import { calendarForTicker } from "./calendar";
import { lastSessionOnOrBefore, lastSettledDay, polygonCacheDir, withTickerLock } from "./store";
import { loadUniverseFile, resolveUniverse, type Universe } from "./universe";
import { shippedDataDir } from "./shipped";
import type { DataConfig } from "../config/data";
import { dayToIso, isoToDay } from "../util/dates";

/** One ticker of `dataStatus`: dates are YYYY-MM-DD, null where the cache has nothing. */
export interface TickerStatus {
  ticker: string;
  firstBar: string | null;
  lastBar: string | null;
  rows: number;
  /** The last day the vendor was asked about after it had settled (older files: the last bar). */
  checkedThrough: string | null;
  adjustment: AdjustmentBasis | null;
  /** "<kind>:<origin>", e.g. "polygon:https://api.massive.com". */
  source: string | null;
  /** Restatements the overlap check has seen (each led to a full refetch). */
  restatements: number;
  /** The last closed session of data.start..data.end (up to now) has its bar. */
  current: boolean;
  /** Why the ticker has no usable file ("not cached", or the corrupt file's reason); null when fine. */
  problem: string | null;
}

/** The fields `alpha-engine data status --json` prints, in order. */
export const TICKER_STATUS_FIELDS = ["ticker", "firstBar", "lastBar", "rows", "checkedThrough", "adjustment", "source", "restatements", "current"] as const;

export interface DataStatusOptions {
  /** Clock (default: now), for which sessions have closed. */
  now?: () => Date;
  /** Folder of universes.json (default the shipped data folder). */
  dataDir?: string;
}

/** The universe a data config names (resolved from the universes file). */
export function configUniverse(config: DataConfig, dataDir: string = shippedDataDir()): Universe {
  return resolveUniverse(loadUniverseFile(dataDir), config.universe);
}

/**
 * The last session of data.start..data.end that has closed and settled at `nowMs` on a ticker's
 * calendar (an epoch day), or null when none has yet.
 */
export function lastClosedSessionInRange(config: DataConfig, ticker: string, nowMs: number): number | null {
  const calendar = calendarForTicker(ticker);
  const target = Math.min(isoToDay(config.end), lastSettledDay(calendar, nowMs, config.settleMinutes));
  if (target < isoToDay(config.start)) return null;
  const session = lastSessionOnOrBefore(calendar, target);
  return session >= isoToDay(config.start) ? session : null;
}

/** Whether cached bars reach the range's last closed session (a range with none closed yet is current when cached). */
export function isCurrent(config: DataConfig, ticker: string, meta: Pick<CacheMetadata, "lastDate"> | null, nowMs: number): boolean {
  if (!meta) return false;
  const session = lastClosedSessionInRange(config, ticker, nowMs);
  if (session === null) return true;
  return meta.lastDate !== null && isoToDay(meta.lastDate) >= session;
}

/**
 * Per ticker of the config's universe: first and last bar, rows, checked-through date, adjustment
 * basis, source, restatements seen, and whether it is current. Each file is read whole and proven
 * (hash, row count) under the ticker's lock, so an update running beside it is never half-seen.
 * @example (await dataStatus(parseDataConfig({ source: "live" }))).filter((s) => !s.current)
 */
export async function dataStatus(config: DataConfig, options: DataStatusOptions = {}): Promise<TickerStatus[]> {
  const { now = () => new Date(), dataDir } = options;
  const universe = configUniverse(config, dataDir);
  const dir = polygonCacheDir(config.cacheDir, config.adjusted);
  const exists = await fs.stat(dir).then(() => true, () => false);
  const out: TickerStatus[] = [];
  for (const ticker of universe.tickers) {
    const read: CacheRead = exists ? await readLocked(dir, ticker) : { status: "missing", ticker };
    out.push(tickerStatus(config, ticker, read, now().getTime()));
  }
  return out;
}

async function readLocked(dir: string, ticker: string): Promise<CacheRead> {
  try {
    return await withTickerLock(dir, ticker, () => readBarsCache(dir, ticker));
  } catch (err) {
    // A read-only cache cannot hold a lock file: read it as it is.
    if (["EACCES", "EROFS", "EPERM"].includes((err as NodeJS.ErrnoException).code ?? "")) return readBarsCache(dir, ticker);
    throw err;
  }
}

function tickerStatus(config: DataConfig, ticker: string, read: CacheRead, nowMs: number): TickerStatus {
  if (read.status !== "ok") {
    return {
      ticker, firstBar: null, lastBar: null, rows: 0, checkedThrough: null, adjustment: null, source: null, restatements: 0, current: false,
      problem: read.status === "missing" ? "not cached" : `corrupt: ${read.reason}`,
    };
  }
  const { meta, bars } = read;
  const n = bars.dates.length;
  return {
    ticker,
    firstBar: n ? dayToIso(bars.dates[0]) : null,
    lastBar: n ? dayToIso(bars.dates[n - 1]) : null,
    rows: n,
    checkedThrough: meta.checkedThrough ?? meta.lastDate,
    adjustment: meta.adjustment,
    source: `${meta.source.kind}:${meta.source.origin}`,
    restatements: meta.restatements?.length ?? 0,
    current: isCurrent(config, ticker, meta, nowMs),
    problem: null,
  };
}

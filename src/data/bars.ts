/**
 * Building, slicing and joining `Bars` (one ticker's daily bars as typed columns).
 * Every function returns new arrays; inputs are never mutated.
 */
import type { Bars } from "./types";
import { dayToIso } from "../util/dates";

/** The name we give the only VWAP estimator the engine uses, shown wherever an estimate is used. */
export const TYPICAL_PRICE_VWAP = "typical price (high + low + close) / 3";

/** Columns of a Bars object that hold one number per bar. */
export const BAR_COLUMNS = ["open", "high", "low", "close", "volume", "vwap", "transactions"] as const;
export type BarColumn = (typeof BAR_COLUMNS)[number];

/** Plain columns accepted by `createBars` (any array-like; missing vwap/transactions become NaN). */
export interface BarColumnsInput {
  dates: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume?: ArrayLike<number>;
  vwap?: ArrayLike<number>;
  transactions?: ArrayLike<number>;
}

/**
 * Typed `Bars` from plain columns. Copies every column (the result owns its arrays).
 * Does not sort or validate (see `validateBars`); it only checks that the columns have one length.
 * @throws naming the ticker and the column when lengths differ
 * @example createBars("SPY", { dates: [18263], open: [1], high: [2], low: [0.5], close: [1.5] })
 */
export function createBars(
  ticker: string,
  columns: BarColumnsInput,
  { vwapEstimated = false, vwapEstimator = null }: { vwapEstimated?: boolean; vwapEstimator?: string | null } = {},
): Bars {
  const n = columns.dates.length;
  const copy = (name: BarColumn, src: ArrayLike<number> | undefined): Float64Array => {
    if (src === undefined) return new Float64Array(n).fill(NaN);
    if (src.length !== n) throw new Error(`createBars(${ticker}): column ${name} has ${src.length} values, dates has ${n}`);
    return Float64Array.from(src);
  };
  return {
    ticker,
    dates: Int32Array.from(columns.dates),
    open: copy("open", columns.open),
    high: copy("high", columns.high),
    low: copy("low", columns.low),
    close: copy("close", columns.close),
    volume: copy("volume", columns.volume),
    vwap: copy("vwap", columns.vwap),
    transactions: copy("transactions", columns.transactions),
    vwapEstimated,
    vwapEstimator: vwapEstimated ? vwapEstimator : null,
  };
}

/** Zero bars for a ticker. */
export function emptyBars(ticker: string): Bars {
  return createBars(ticker, { dates: [], open: [], high: [], low: [], close: [] });
}

/** Number of bars. */
export function barCount(bars: Pick<Bars, "dates">): number {
  return bars.dates.length;
}

/** True when the source supplied no VWAP at all (every value NaN). */
export function hasNoVwap(bars: Pick<Bars, "vwap">): boolean {
  for (let i = 0; i < bars.vwap.length; i++) if (bars.vwap[i] === bars.vwap[i]) return false;
  return true;
}

/**
 * Fill VWAP with the typical price (H + L + C) / 3 where the source has none, and say so:
 * the result has `vwapEstimated: true` and `vwapEstimator` naming the estimator. Bars that already
 * carry a real VWAP are returned unchanged (the same object). A VWAP is either all real or all
 * estimated per ticker, never mixed, so downstream code can trust the flag.
 */
export function withTypicalPriceVwap(bars: Bars): Bars {
  if (!hasNoVwap(bars)) return bars;
  const n = bars.dates.length;
  const vwap = new Float64Array(n);
  for (let i = 0; i < n; i++) vwap[i] = (bars.high[i] + bars.low[i] + bars.close[i]) / 3;
  return { ...bars, vwap, vwapEstimated: true, vwapEstimator: TYPICAL_PRICE_VWAP };
}

/** Index of the first bar with date >= day (dates ascending); n when none. */
export function firstBarOnOrAfter(dates: ArrayLike<number>, day: number): number {
  let lo = 0, hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows [from, to) of every column, copied. */
export function sliceBars(bars: Bars, from: number, to: number): Bars {
  const s = (a: Float64Array) => a.slice(from, to);
  return {
    ...bars,
    dates: bars.dates.slice(from, to),
    open: s(bars.open), high: s(bars.high), low: s(bars.low), close: s(bars.close),
    volume: s(bars.volume), vwap: s(bars.vwap), transactions: s(bars.transactions),
  };
}

/** Bars with startDay <= date <= endDay (epoch days, both inclusive; omit either for open-ended). */
export function barsBetween(bars: Bars, startDay?: number, endDay?: number): Bars {
  const from = startDay === undefined ? 0 : firstBarOnOrAfter(bars.dates, startDay);
  const to = endDay === undefined ? bars.dates.length : firstBarOnOrAfter(bars.dates, endDay + 1);
  return sliceBars(bars, from, Math.max(from, to));
}

/** Rows picked by index (in the given order), copied. */
export function pickBars(bars: Bars, rows: ArrayLike<number>): Bars {
  const n = rows.length;
  const pick = (a: ArrayLike<number>, out: Float64Array | Int32Array) => {
    for (let i = 0; i < n; i++) out[i] = a[rows[i]];
    return out;
  };
  return {
    ...bars,
    dates: pick(bars.dates, new Int32Array(n)) as Int32Array,
    open: pick(bars.open, new Float64Array(n)) as Float64Array,
    high: pick(bars.high, new Float64Array(n)) as Float64Array,
    low: pick(bars.low, new Float64Array(n)) as Float64Array,
    close: pick(bars.close, new Float64Array(n)) as Float64Array,
    volume: pick(bars.volume, new Float64Array(n)) as Float64Array,
    vwap: pick(bars.vwap, new Float64Array(n)) as Float64Array,
    transactions: pick(bars.transactions, new Float64Array(n)) as Float64Array,
  };
}

/**
 * Join cached bars with newer bars (incremental update): rows of `newer` replace rows of `older`
 * on the same date; the result is sorted by date with no duplicate. Both must be of one ticker.
 * The VWAP flags come from `newer` when it has rows, else from `older`.
 */
export function mergeBars(older: Bars, newer: Bars): Bars {
  if (older.ticker !== newer.ticker) throw new Error(`mergeBars: tickers differ (${older.ticker} vs ${newer.ticker})`);
  if (newer.dates.length === 0) return older;
  if (older.dates.length === 0) return newer;
  const byDate = new Map<number, [Bars, number]>();
  for (let i = 0; i < older.dates.length; i++) byDate.set(older.dates[i], [older, i]);
  for (let i = 0; i < newer.dates.length; i++) byDate.set(newer.dates[i], [newer, i]);
  const days = [...byDate.keys()].sort((a, b) => a - b);
  const n = days.length;
  const out = createBars(older.ticker, { dates: days, open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n), vwap: new Float64Array(n), transactions: new Float64Array(n) }, { vwapEstimated: newer.vwapEstimated, vwapEstimator: newer.vwapEstimator });
  for (let k = 0; k < n; k++) {
    const [src, i] = byDate.get(days[k])!;
    for (const c of BAR_COLUMNS) (out[c] as Float64Array)[k] = src[c][i];
  }
  return out;
}

/** A small row view of bars for tables and error messages (ISO dates). */
export function barsToRows(bars: Bars, { limit = Infinity }: { limit?: number } = {}): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (let i = 0; i < Math.min(bars.dates.length, limit); i++) {
    rows.push({
      date: dayToIso(bars.dates[i]), open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i],
      volume: bars.volume[i], vwap: bars.vwap[i], transactions: bars.transactions[i],
    });
  }
  return rows;
}

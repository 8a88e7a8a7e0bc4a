/**
 * The shapes of Polygon/Massive aggregate responses (zod), and turning bars' `t` into trading dates.
 * Facts from ../shared/polygon-api.md: `o h l c t` required per bar, `v` a float (crypto volumes are
 * fractional; indices have none), `vw` and `n` optional; envelope keys required except `results`
 * (absent or null when empty) and `next_url`; unknown keys pass through.
 */
import { z } from "zod";

export const PolygonAggBarSchema = z
  .object({
    // finite(): JSON.parse turns 1e999 into Infinity, which z.number() alone lets through.
    o: z.number().finite(),
    h: z.number().finite(),
    l: z.number().finite(),
    c: z.number().finite(),
    t: z.number().int().finite(),
    v: z.number().finite().optional(),
    vw: z.number().finite().optional(),
    n: z.number().finite().optional(),
    otc: z.boolean().optional(),
    T: z.string().optional(),
  })
  .passthrough();
export type PolygonAggBar = z.infer<typeof PolygonAggBarSchema>;

export const PolygonAggsResponseSchema = z
  .object({
    ticker: z.string().optional(),
    status: z.string(),
    adjusted: z.boolean().optional(),
    queryCount: z.number().int().nonnegative().optional(),
    resultsCount: z.number().int().nonnegative(),
    request_id: z.string(),
    count: z.number().optional(),
    results: z.array(PolygonAggBarSchema).nullish(),
    next_url: z.string().url().nullish(),
  })
  .passthrough();
export type PolygonAggsResponse = z.infer<typeof PolygonAggsResponseSchema>;

/** Error bodies carry the message under `error` or `message`. */
export const PolygonErrorBodySchema = z.object({ status: z.string().optional(), request_id: z.string().optional(), error: z.string().optional(), message: z.string().optional() }).passthrough();

const nyFormatter = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * The New York calendar date of an instant, as an epoch day. Uses the IANA zone through Intl, never
 * the machine's local zone (the classic off-by-one: 2020-01-02T05:00Z is 2020-01-02 in New York but
 * 2020-01-01 in Los Angeles and would be wrong on any machine west of New York).
 * @example newYorkDay(1577941200000) // => 18263 (2020-01-02)
 */
export function newYorkDay(epochMs: number): number {
  // Daily bars of every ticker share their `t` (midnight New York), and formatToParts costs ~30 us:
  // remember the answers (bounded).
  const known = nyDayMemo.get(epochMs);
  if (known !== undefined) return known;
  if (nyDayMemo.size >= 200_000) nyDayMemo.clear();
  const day = newYorkDayUncached(epochMs);
  nyDayMemo.set(epochMs, day);
  return day;
}

const nyDayMemo = new Map<number, number>();

function newYorkDayUncached(epochMs: number): number {
  const parts = nyFormatter.formatToParts(new Date(epochMs));
  let y = 0, m = 0, d = 0;
  for (const p of parts) {
    if (p.type === "year") y = Number(p.value);
    else if (p.type === "month") m = Number(p.value);
    else if (p.type === "day") d = Number(p.value);
  }
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** The UTC calendar date of an instant, as an epoch day. */
export function utcEpochDay(epochMs: number): number {
  return Math.floor(epochMs / 86_400_000);
}

/**
 * Trading date of a daily bar from its `t`: UTC for crypto (`X:`) and forex (`C:`), whose daily
 * bars start at UTC midnight; America/New_York for everything else (stocks, ETFs, indices), whose
 * bars start at New York midnight (grouped-daily bars at 16:00 New York map to the same day).
 */
export function barDay(ticker: string, epochMs: number): number {
  return ticker.startsWith("X:") || ticker.startsWith("C:") ? utcEpochDay(epochMs) : newYorkDay(epochMs);
}

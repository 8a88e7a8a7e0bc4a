/**
 * Calendar aggregation of daily returns: compounded month by month, for the monthly heatmap.
 */
import { yearMonth } from "../util/dates";

export interface MonthlyReturns {
  /** Calendar years covered, ascending. */
  years: number[];
  /** Row-major years.length x 12: the compounded return of (year, month); NaN where no valid day. */
  values: Float64Array;
  /** Compounded return of each year (over its valid days). */
  yearTotals: Float64Array;
}

/**
 * Compound daily returns into calendar months: prod(1 + r) - 1 over the valid days of each
 * month. Dates are epoch days (see util/dates), ascending, one per return.
 * @example monthlyReturns([isoToDay("2024-01-02"), isoToDay("2024-01-03")], [0.1, 0.1]).values[0] // => 0.21
 */
export function monthlyReturns(dates: ArrayLike<number>, returns: ArrayLike<number>): MonthlyReturns {
  if (dates.length !== returns.length) throw new Error(`monthlyReturns: ${dates.length} dates and ${returns.length} returns; they must align`);
  if (dates.length === 0) return { years: [], values: new Float64Array(0), yearTotals: new Float64Array(0) };
  const first = yearMonth(dates[0]).year;
  const last = yearMonth(dates[dates.length - 1]).year;
  if (last < first) throw new Error("monthlyReturns: dates must be ascending");
  const Y = last - first + 1;
  const wealth = new Float64Array(Y * 12).fill(1);
  const seen = new Uint8Array(Y * 12);
  for (let i = 0; i < dates.length; i++) {
    const r = returns[i];
    if (r !== r) continue;
    const { year, month } = yearMonth(dates[i]);
    const cell = (year - first) * 12 + month - 1;
    if (cell < 0 || cell >= Y * 12) throw new Error(`monthlyReturns: dates must be ascending (day ${dates[i]} at ${i})`);
    wealth[cell] *= 1 + r;
    seen[cell] = 1;
  }
  const values = new Float64Array(Y * 12);
  const yearTotals = new Float64Array(Y);
  for (let y = 0; y < Y; y++) {
    let w = 1, any = false;
    for (let m = 0; m < 12; m++) {
      const c = y * 12 + m;
      values[c] = seen[c] ? wealth[c] - 1 : NaN;
      if (seen[c]) { w *= wealth[c]; any = true; }
    }
    yearTotals[y] = any ? w - 1 : NaN;
  }
  return { years: Array.from({ length: Y }, (_, y) => first + y), values, yearTotals };
}

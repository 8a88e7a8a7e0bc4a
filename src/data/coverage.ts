/**
 * Summaries of a panel for inspection (notebook 01): missing sessions per ticker and month, and
 * closes rebased to 1 for comparing paths. Pure functions of the panel.
 */
import { panelShape, type Panel } from "./types";
import { yearMonth } from "../util/dates";

export interface MonthlyCoverage {
  /** "YYYY-MM", ascending: the months of the panel's calendar. */
  readonly months: readonly string[];
  readonly tickers: readonly string[];
  /** Sessions in each month. */
  readonly sessions: readonly number[];
  /** missing[j][m]: sessions of month m where ticker j has no close (NaN). */
  readonly missing: readonly (readonly number[])[];
}

/**
 * Missing closes per ticker and calendar month (the coverage heatmap's numbers).
 * @example monthlyCoverage(panel).missing[tickerIndex(panel, "FXE")] // 1 in 2011-02
 */
export function monthlyCoverage(panel: Pick<Panel, "dates" | "tickers" | "close">): MonthlyCoverage {
  const { T } = panelShape(panel.close, panel, "monthlyCoverage: close");
  const monthOf = new Int32Array(T);
  const months: string[] = [];
  const sessions: number[] = [];
  let prev = "";
  for (let t = 0; t < T; t++) {
    const { year, month } = yearMonth(panel.dates[t]);
    const key = `${year}-${String(month).padStart(2, "0")}`;
    if (key !== prev) { months.push(key); sessions.push(0); prev = key; }
    monthOf[t] = months.length - 1;
    sessions[months.length - 1]++;
  }
  const missing = panel.tickers.map((_, j) => {
    const row = new Array<number>(months.length).fill(0);
    for (let t = 0; t < T; t++) if (Number.isNaN(panel.close[j * T + t])) row[monthOf[t]]++;
    return row;
  });
  return { months, tickers: [...panel.tickers], sessions, missing };
}

/**
 * Closes divided by each ticker's first finite close (a growth-of-1 path; on total-return adjusted
 * data, the total return). Ticker-major like the panel; NaN where the close is NaN or before the
 * first close.
 */
export function rebasedCloses(panel: Pick<Panel, "dates" | "tickers" | "close">): Float64Array {
  const { N, T } = panelShape(panel.close, panel, "rebasedCloses: close");
  const out = new Float64Array(N * T).fill(NaN);
  for (let j = 0; j < N; j++) {
    let base = NaN;
    for (let t = 0; t < T; t++) {
      const c = panel.close[j * T + t];
      if (base !== base && c === c) base = c;
      out[j * T + t] = c / base;
    }
  }
  return out;
}

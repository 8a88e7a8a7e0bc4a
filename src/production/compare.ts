/**
 * Champion against challenger on the days both were journalled: the difference of their net
 * Sharpe ratios with Ledoit and Wolf's (2008) HAC test (`sharpeDifferenceTest`), which holds for
 * autocorrelated, fat-tailed, correlated daily returns, and the promotion rule's verdict: promote
 * the challenger when its Sharpe is higher with a one-sided p-value at most `promotionPValue`.
 */
import { sharpeDifferenceTest, type SharpeDifferenceTest } from "../analytics/sharpeDifference";
import type { ProductionStore } from "./store";
import { isoToDay } from "../util/dates";

/** The comparison of the two books. */
export interface BookComparison {
  /** Paired sessions compared (first and last ISO day). */
  readonly days: number;
  readonly from: string | null;
  readonly to: string | null;
  /** Mean daily net return difference, challenger - champion. */
  readonly meanDifference: number;
  /** The test of sharpe(challenger) = sharpe(champion): A = challenger, B = champion. */
  readonly test: SharpeDifferenceTest;
  /** One-sided p-value of "the challenger's Sharpe is higher". */
  readonly oneSidedPValue: number;
  readonly promote: boolean;
  readonly verdict: string;
}

/**
 * Compare the journalled net returns of the challenger with the champion's, day by day.
 * @throws when fewer than 3 sessions have both books (no challenger configured, or not yet run)
 */
export async function compareBooks(store: ProductionStore, { promotionPValue = 0.05 }: { promotionPValue?: number } = {}): Promise<BookComparison> {
  const rows = await store.query<{ as_of: string; a: number; b: number }>(
    `SELECT c.as_of, c.net AS a, p.net AS b FROM days c JOIN days p ON c.as_of = p.as_of
     WHERE c.book = 'challenger' AND p.book = 'champion' ORDER BY c.as_of`,
  );
  if (rows.length < 3) throw new Error(`compare: needs at least 3 sessions journalled for both the champion and the challenger (found ${rows.length}); name a challenger in the config's production section and run daily or replay`);
  const a = rows.map((r) => r.a), b = rows.map((r) => r.b);
  const test = sharpeDifferenceTest(a, b);
  const oneSided = test.tStat > 0 ? test.pValue / 2 : 1 - test.pValue / 2;
  const promote = oneSided <= promotionPValue;
  const meanDifference = a.reduce((s, x, i) => s + x - b[i], 0) / a.length;
  const verdict = promote
    ? `promote the challenger: its Sharpe ${test.sharpeA.toFixed(2)} beats the champion's ${test.sharpeB.toFixed(2)} (difference ${test.difference.toFixed(2)}, HAC t ${test.tStat.toFixed(2)}, one-sided p ${oneSided.toFixed(3)} <= ${promotionPValue})`
    : `keep the champion: challenger Sharpe ${test.sharpeA.toFixed(2)} against ${test.sharpeB.toFixed(2)} (difference ${test.difference.toFixed(2)}, HAC t ${test.tStat.toFixed(2)}, one-sided p ${oneSided.toFixed(3)} > ${promotionPValue})`;
  return { days: rows.length, from: rows[0].as_of, to: rows[rows.length - 1].as_of, meanDifference, test, oneSidedPValue: oneSided, promote, verdict };
}

/** The latest monitoring readings of every book (the last journalled day of each). */
export async function monitorState(store: ProductionStore): Promise<{ book: string; asOf: string; metric: string; value: number; threshold: number; breached: boolean; message: string }[]> {
  return store.query(
    `SELECT m.book, m.as_of AS "asOf", m.metric, m.value, m.threshold, m.breached, m.message FROM monitoring m
     JOIN (SELECT book, max(as_of) AS last FROM days GROUP BY book) d ON m.book = d.book AND m.as_of = d.last ORDER BY m.book, m.metric`,
  );
}

/**
 * One monitoring metric of a book over time, for a chart: `metric` may be a LIKE pattern
 * ("psi:%"), then `aggregate` (default "max") combines the matches of each day.
 */
export async function monitorSeries(store: ProductionStore, metric: string, { book = "champion", aggregate = "max" }: { book?: string; aggregate?: "max" | "avg" | "min" } = {}): Promise<{ dates: Int32Array; values: Float64Array }> {
  const rows = await store.query<{ as_of: string; v: number }>(`SELECT as_of, ${aggregate}(value) AS v FROM monitoring WHERE book = ? AND metric LIKE ? GROUP BY as_of ORDER BY as_of`, [book, metric]);
  return { dates: Int32Array.from(rows, (r) => isoToDay(r.as_of)), values: Float64Array.from(rows, (r) => r.v) };
}

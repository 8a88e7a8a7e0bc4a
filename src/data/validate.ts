/**
 * Validation of one ticker's bars: every problem named with ticker, date and field; rows removed only
 * for stated reasons and counted.
 *
 * Removed (the row cannot be used):           Flagged, kept (worth a look, not wrong per se):
 * - duplicate date (the last row is kept)     - OHLC inconsistent: low > min(open, close) or
 * - a price missing (NaN), infinite or <= 0    high < max(open, close) (rounding in adjusted data)
 * - negative volume; infinite volume, or NaN  - missing session vs the trading calendar (a gap)
 *   volume where the column has volumes
 *                                             - bar on a day that is not a session
 * Fixed and flagged: unsorted dates (sorted).  - extreme close-to-close move (possible unadjusted split)
 *                                             - flat bar O = H = L = C (no trade / stale quote)
 *                                             - zero volume
 */
import type { Bars } from "./types";
import { pickBars } from "./bars";
import type { SourceIssue } from "./cache";
import { tradingSessions, type CalendarName } from "./calendar";
import { dayToIso } from "../util/dates";

export type ProblemKind =
  | "duplicate_date" | "unsorted_dates" | "bad_price" | "negative_volume" | "bad_volume" | "source_issue"
  | "ohlc_inconsistent" | "missing_session" | "off_calendar" | "extreme_return" | "flat_bar" | "zero_volume";

export interface ValidationProblem {
  readonly ticker: string;
  /** ISO date of the bar (for a missing session: the session without a bar). */
  readonly date: string;
  /** Column concerned: "date", "open", "high", "low", "close", "volume". */
  readonly field: string;
  readonly kind: ProblemKind;
  /** "error": the row was removed or reordered; "warning": kept, probably wrong; "info": kept, usually real. */
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  /** The offending value where there is one (a return, a price). */
  readonly value?: number;
}

/** Why a row was removed. */
export type RemovalReason = "duplicate_date" | "bad_price" | "negative_volume" | "bad_volume";

export interface ValidationReport {
  readonly ticker: string;
  readonly rowsIn: number;
  readonly rowsOut: number;
  /** Removed rows by reason; rowsIn - rowsOut = the sum. */
  readonly removed: Readonly<Partial<Record<RemovalReason, number>>>;
  /** Problems by kind (counts). */
  readonly counts: Readonly<Partial<Record<ProblemKind, number>>>;
  readonly problems: readonly ValidationProblem[];
}

export interface ValidateOptions {
  /** Calendar for gap checks: "XNYS", "24/7", explicit epoch days, or null to skip (default "XNYS", "24/7" for X: tickers). */
  calendar?: CalendarName | Int32Array | null;
  /** |close / previous close - 1| above this is flagged (default 0.25). */
  extremeReturn?: number;
  /** Cap on problems listed per kind (counts stay exact; default 1000). */
  maxProblemsPerKind?: number;
  /** What the client noticed while fetching these bars (duplicates it dropped, re-sorting, out-of-range bars): listed as `source_issue` warnings. */
  sourceIssues?: readonly SourceIssue[];
}

/** Common split ratios (new shares per old); a move near 1/r or r suggests an unadjusted split. */
const SPLIT_RATIOS = [2, 3, 4, 5, 7, 8, 10, 15, 20, 1.5];

/**
 * A hint when a price ratio is within 6% (in log terms) of a common split ratio. Pass the overnight
 * ratio (open / previous close) and the close-to-close ratio: a split shows most cleanly overnight
 * (AAPL opened at 50.50 on 2000-06-21 after closing at 101.00: exactly 1/2, while the close-to-close
 * ratio was 0.55 after a 10% rally). Only a hint: a real crash can look the same (AAPL 2000-09-29).
 * Returns "" when no ratio is near.
 */
export function splitHint(...ratios: number[]): string {
  let best = "", bestDist = Math.log(1.06);
  for (const ratio of ratios) {
    if (!(ratio > 0)) continue;
    for (const r of SPLIT_RATIOS) {
      const down = Math.abs(Math.log(ratio * r)), up = Math.abs(Math.log(ratio / r));
      const [fwd, rev, frac] = r === 1.5 ? ["3:2", "2:3", "2/3"] : [`${r}:1`, `1:${r}`, `1/${r}`];
      if (down < bestDist) { bestDist = down; best = ` (about ${frac}: a ${fwd} split not adjusted?)`; }
      if (up < bestDist) { bestDist = up; best = ` (about x${r}: a ${rev} reverse split not adjusted?)`; }
    }
  }
  return best;
}

/**
 * Validate bars and return the cleaned bars with a report. The input is not modified.
 * @example const { bars, report } = validateBars(raw); report.removed // => { duplicate_date: 1 }
 */
export function validateBars(input: Bars, options: ValidateOptions = {}): { bars: Bars; report: ValidationReport } {
  const ticker = input.ticker;
  const { calendar = ticker.startsWith("X:") ? "24/7" : "XNYS", extremeReturn = 0.25, maxProblemsPerKind = 1000, sourceIssues = [] } = options;
  const problems: ValidationProblem[] = [];
  const counts: Partial<Record<ProblemKind, number>> = {};
  const removed: Partial<Record<RemovalReason, number>> = {};
  const add = (p: Omit<ValidationProblem, "ticker">) => {
    counts[p.kind] = (counts[p.kind] ?? 0) + 1;
    if (counts[p.kind]! <= maxProblemsPerKind) problems.push({ ticker, ...p });
  };
  const n = input.dates.length;
  for (const issue of sourceIssues) add({ date: issue.date, field: "date", kind: "source_issue", severity: "warning", message: issue.message });
  // A column that is NaN throughout is a source without volume (indices); a NaN among volumes is a bad row.
  let hasVolume = false;
  for (let i = 0; i < n && !hasVolume; i++) hasVolume = input.volume[i] === input.volume[i];

  // 1. Order: sort (stable) when needed, flag each out-of-order row.
  const order = Array.from({ length: n }, (_, i) => i);
  let unsorted = false;
  for (let i = 1; i < n; i++) {
    if (input.dates[i] < input.dates[i - 1]) {
      unsorted = true;
      add({ date: dayToIso(input.dates[i]), field: "date", kind: "unsorted_dates", severity: "error", message: `${ticker} ${dayToIso(input.dates[i])} comes after ${dayToIso(input.dates[i - 1])}; sorted` });
    }
  }
  if (unsorted) order.sort((a, b) => input.dates[a] - input.dates[b] || a - b);

  // 2. Removals: duplicates (keep the last row of a date: vendors append corrections), bad prices, negative volume.
  const keep: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const d = input.dates[i];
    const iso = dayToIso(d);
    if (k + 1 < n && input.dates[order[k + 1]] === d) {
      removed.duplicate_date = (removed.duplicate_date ?? 0) + 1;
      add({ date: iso, field: "date", kind: "duplicate_date", severity: "error", message: `${ticker} ${iso} appears more than once; the last row is kept` });
      continue;
    }
    let bad = "";
    for (const f of ["open", "high", "low", "close"] as const) {
      const v = input[f][i];
      if (!(v > 0) || v === Infinity) { bad = f; break; }
    }
    if (bad) {
      removed.bad_price = (removed.bad_price ?? 0) + 1;
      const v = input[bad as "open"][i];
      add({ date: iso, field: bad, kind: "bad_price", severity: "error", value: v, message: `${ticker} ${iso} ${bad} is ${v} (must be a positive finite number); row removed` });
      continue;
    }
    if (input.volume[i] < 0) {
      removed.negative_volume = (removed.negative_volume ?? 0) + 1;
      add({ date: iso, field: "volume", kind: "negative_volume", severity: "error", value: input.volume[i], message: `${ticker} ${iso} volume ${input.volume[i]} < 0; row removed` });
      continue;
    }
    const vol = input.volume[i];
    if (vol === Infinity || (hasVolume && vol !== vol)) {
      removed.bad_volume = (removed.bad_volume ?? 0) + 1;
      add({ date: iso, field: "volume", kind: "bad_volume", severity: "error", value: vol, message: `${ticker} ${iso} volume is ${vol} (must be a finite number); row removed` });
      continue;
    }
    keep.push(i);
  }
  const bars = pickBars(input, keep);
  const m = bars.dates.length;

  // 3. Flags on the kept rows.
  for (let i = 0; i < m; i++) {
    const iso = dayToIso(bars.dates[i]);
    const o = bars.open[i], h = bars.high[i], l = bars.low[i], c = bars.close[i];
    // A relative tolerance of 1e-9 keeps float noise of adjusted series out of the report.
    const tol = 1e-9 * h;
    if (l > Math.min(o, c) + tol) add({ date: iso, field: "low", kind: "ohlc_inconsistent", severity: "warning", value: l, message: `${ticker} ${iso} low ${l} > min(open ${o}, close ${c})` });
    if (h < Math.max(o, c) - tol) add({ date: iso, field: "high", kind: "ohlc_inconsistent", severity: "warning", value: h, message: `${ticker} ${iso} high ${h} < max(open ${o}, close ${c})` });
    if (o === h && h === l && l === c) add({ date: iso, field: "close", kind: "flat_bar", severity: "info", value: c, message: `${ticker} ${iso} open = high = low = close = ${c} (no trade or stale quote?)` });
    if (bars.volume[i] === 0) add({ date: iso, field: "volume", kind: "zero_volume", severity: "info", value: 0, message: `${ticker} ${iso} volume is 0` });
    if (i > 0) {
      const ratio = c / bars.close[i - 1];
      const ret = ratio - 1;
      if (Math.abs(ret) > extremeReturn) {
        add({ date: iso, field: "close", kind: "extreme_return", severity: "warning", value: ret, message: `${ticker} ${iso} close-to-close ${(ret * 100).toFixed(1)}%${splitHint(o / bars.close[i - 1], ratio)}` });
      }
    }
  }

  // 4. Calendar: sessions without a bar between the first and last bar, bars on non-sessions.
  if (calendar !== null && m > 0) {
    const first = bars.dates[0], last = bars.dates[m - 1];
    const sessions = calendar instanceof Int32Array ? calendar.filter((d) => d >= first && d <= last) : tradingSessions(calendar, Math.max(first, 1096), last);
    let s = 0;
    for (let i = 0; i < m; i++) {
      const d = bars.dates[i];
      while (s < sessions.length && sessions[s] < d) {
        const iso = dayToIso(sessions[s++]);
        add({ date: iso, field: "date", kind: "missing_session", severity: "warning", message: `${ticker} has no bar on session ${iso}` });
      }
      if (s < sessions.length && sessions[s] === d) s++;
      else if (d >= 1096 || calendar instanceof Int32Array) add({ date: dayToIso(d), field: "date", kind: "off_calendar", severity: "warning", message: `${ticker} has a bar on ${dayToIso(d)}, which is not a session` });
    }
  }

  return { bars, report: { ticker, rowsIn: n, rowsOut: m, removed, counts, problems } };
}

/** Several reports as one table (one row per problem) for `showTable`; `kinds` filters. */
export function validationProblemTable(reports: readonly ValidationReport[], { kinds, limit = 200 }: { kinds?: readonly ProblemKind[]; limit?: number } = {}): Record<string, string[]> {
  const rows = reports.flatMap((r) => r.problems).filter((p) => !kinds || kinds.includes(p.kind)).slice(0, limit);
  return {
    ticker: rows.map((p) => p.ticker),
    date: rows.map((p) => p.date),
    field: rows.map((p) => p.field),
    kind: rows.map((p) => p.kind),
    severity: rows.map((p) => p.severity),
    message: rows.map((p) => p.message),
  };
}

/** One summary row per ticker: rows in/out, removals and problem counts by kind. */
export function validationSummaryTable(reports: readonly ValidationReport[]): Record<string, (string | number)[]> {
  const kinds: ProblemKind[] = ["duplicate_date", "unsorted_dates", "bad_price", "negative_volume", "bad_volume", "source_issue", "ohlc_inconsistent", "missing_session", "off_calendar", "extreme_return", "flat_bar", "zero_volume"];
  const table: Record<string, (string | number)[]> = {
    ticker: reports.map((r) => r.ticker),
    "rows in": reports.map((r) => r.rowsIn),
    "rows out": reports.map((r) => r.rowsOut),
    removed: reports.map((r) => Object.entries(r.removed).map(([k, v]) => `${k} ${v}`).join(", ") || "none"),
  };
  for (const k of kinds) table[k] = reports.map((r) => r.counts[k] ?? 0);
  return table;
}

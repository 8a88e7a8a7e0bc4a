/**
 * Aligning many tickers on one trading calendar: the panel builder.
 *
 * Each ticker's bars are placed on the calendar's sessions between start and end. A session
 * without a bar stays NaN in every field (never forward-filled: a price carried into a missing day
 * would invent a zero return); a bar on a day that is not a session (a crypto weekend on the US
 * equity calendar, a vendor's stray holiday row) is left out of the panel. Both are counted per
 * ticker in the `AlignmentReport`, with the first missing dates named, so nothing vanishes silently.
 */
import type { AssetClass, Bars, Panel } from "./types";
import { tradingSessions, type CalendarName } from "./calendar";
import { guessAssetClass } from "./universe";
import { dayToIso, isoToDay } from "../util/dates";

/** Per-ticker outcome of aligning its bars on the panel calendar. */
export interface TickerAlignment {
  readonly ticker: string;
  /** Bars given. */
  readonly bars: number;
  /** Bars placed on a session of the panel. */
  readonly placed: number;
  /** Sessions without a bar (NaN in the panel) = leading + inside + trailing. */
  readonly missingDays: number;
  /** Missing sessions before the ticker's first bar in range (it had not started yet). */
  readonly leadingMissing: number;
  /** Missing sessions between the first and last placed bar: real gaps. */
  readonly insideMissing: number;
  /** Missing sessions after its last bar in range (it had stopped, or the data ends). */
  readonly trailingMissing: number;
  /** Bars inside [start, end] on a day that is not a session: left out of the panel. */
  readonly offCalendar: number;
  /** Bars outside [start, end]. */
  readonly outOfRange: number;
  /** Up to 10 missing sessions, ISO dates, for the report. */
  readonly firstMissingDates: readonly string[];
  /** Up to 10 off-calendar bar dates. */
  readonly firstOffCalendarDates: readonly string[];
}

export interface AlignmentReport {
  /** Calendar name, or "custom" when an explicit day array was given. */
  readonly calendar: CalendarName | "custom";
  readonly start: string;
  readonly end: string;
  readonly sessions: number;
  readonly tickers: readonly TickerAlignment[];
  /** Sum of missingDays over tickers (NaN cells in every field). */
  readonly totalMissing: number;
  /** True when every ticker has a bar on every session. */
  readonly complete: boolean;
  /** Always "none": the builder never fills a missing bar. Stated so reports can show it. */
  readonly fill: "none";
}

export interface BuildPanelOptions {
  /** "XNYS" (US equity sessions, the default), "24/7" (every day), or explicit ascending epoch days. */
  calendar?: CalendarName | Int32Array;
  /** First and last day (ISO or epoch day, inclusive). Default: the earliest and latest bar over all tickers. */
  start?: string | number;
  end?: string | number;
  /** Asset class per ticker, in the order of `bars` (default guessed from the ticker: X: crypto, C: fx, else equity). */
  assetClasses?: readonly AssetClass[];
}

const toDay = (d: string | number) => (typeof d === "string" ? isoToDay(d) : d);

/**
 * Build a ticker-major panel from per-ticker bars (see `Panel` in types.ts).
 * Each ticker's bars must be strictly ascending by date (validate first with `validateBars`).
 * @returns the panel plus `alignment`, the per-ticker count of missing and left-out bars
 * @throws naming the ticker when its dates are not strictly ascending, or on a duplicate ticker
 * @example buildPanel([spyBars, tltBars], { start: "2020-01-02", end: "2020-12-31" }).alignment.complete
 */
export function buildPanel(bars: readonly Bars[], options: BuildPanelOptions = {}): Panel & { alignment: AlignmentReport } {
  const { calendar = "XNYS", assetClasses } = options;
  if (bars.length === 0) throw new Error("buildPanel: no tickers given");
  if (assetClasses && assetClasses.length !== bars.length) throw new Error(`buildPanel: assetClasses has ${assetClasses.length} entries for ${bars.length} tickers`);
  const tickers = bars.map((b) => b.ticker);
  const dup = tickers.find((t, i) => tickers.indexOf(t) !== i);
  if (dup) throw new Error(`buildPanel: ticker ${dup} appears twice`);
  for (const b of bars) {
    for (let i = 1; i < b.dates.length; i++) {
      if (b.dates[i] <= b.dates[i - 1]) throw new Error(`buildPanel: ${b.ticker} dates are not strictly ascending at ${dayToIso(b.dates[i])} (run validateBars first)`);
    }
  }

  let dates: Int32Array;
  let calendarName: CalendarName | "custom";
  // The range asked for: bars inside it but not on a session count as off-calendar, outside it as out of range.
  let rangeLo: number, rangeHi: number;
  if (calendar instanceof Int32Array) {
    rangeLo = options.start === undefined ? (calendar.length ? calendar[0] : 0) : toDay(options.start);
    rangeHi = options.end === undefined ? (calendar.length ? calendar[calendar.length - 1] : -1) : toDay(options.end);
    dates = calendar.filter((d) => d >= rangeLo && d <= rangeHi);
    calendarName = "custom";
  } else {
    let lo = Infinity, hi = -Infinity;
    for (const b of bars) if (b.dates.length) { lo = Math.min(lo, b.dates[0]); hi = Math.max(hi, b.dates[b.dates.length - 1]); }
    const start = options.start === undefined ? lo : toDay(options.start);
    const end = options.end === undefined ? hi : toDay(options.end);
    if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error("buildPanel: no bars and no start/end: cannot tell the date range");
    dates = tradingSessions(calendar, start, end);
    calendarName = calendar;
    rangeLo = start;
    rangeHi = end;
  }
  const T = dates.length;
  const N = bars.length;
  const first = T ? dates[0] : 0, last = T ? dates[T - 1] : -1;
  const fields = { open: new Float64Array(N * T).fill(NaN), high: new Float64Array(N * T).fill(NaN), low: new Float64Array(N * T).fill(NaN), close: new Float64Array(N * T).fill(NaN), volume: new Float64Array(N * T).fill(NaN), vwap: new Float64Array(N * T).fill(NaN) };
  const reports: TickerAlignment[] = [];

  for (let j = 0; j < N; j++) {
    const b = bars[j];
    const base = j * T;
    let t = 0, placed = 0, offCalendar = 0, outOfRange = 0;
    const offDates: string[] = [];
    const present = new Uint8Array(T);
    // Merge-walk: both the bars and the sessions ascend.
    for (let i = 0; i < b.dates.length; i++) {
      const d = b.dates[i];
      if (d < rangeLo || d > rangeHi) { outOfRange++; continue; }
      while (t < T && dates[t] < d) t++;
      if (t < T && dates[t] === d) {
        const k = base + t;
        fields.open[k] = b.open[i]; fields.high[k] = b.high[i]; fields.low[k] = b.low[i];
        fields.close[k] = b.close[i]; fields.volume[k] = b.volume[i]; fields.vwap[k] = b.vwap[i];
        present[t] = 1;
        placed++;
      } else {
        offCalendar++;
        if (offDates.length < 10) offDates.push(dayToIso(d));
      }
    }
    let firstT = -1, lastT = -1;
    for (let s = 0; s < T; s++) if (present[s]) { if (firstT < 0) firstT = s; lastT = s; }
    const missingDates: string[] = [];
    let inside = 0;
    for (let s = 0; s < T; s++) {
      if (present[s]) continue;
      if (missingDates.length < 10) missingDates.push(dayToIso(dates[s]));
      if (s > firstT && s < lastT) inside++;
    }
    const leading = firstT < 0 ? T : firstT;
    const trailing = firstT < 0 ? 0 : T - 1 - lastT;
    reports.push({
      ticker: b.ticker, bars: b.dates.length, placed, missingDays: T - placed, leadingMissing: leading, insideMissing: inside,
      trailingMissing: trailing, offCalendar, outOfRange, firstMissingDates: missingDates, firstOffCalendarDates: offDates,
    });
  }
  const totalMissing = reports.reduce((s, r) => s + r.missingDays, 0);
  return {
    dates,
    tickers,
    assetClasses: assetClasses ? [...assetClasses] : tickers.map(guessAssetClass),
    ...fields,
    vwapEstimated: bars.map((b) => b.vwapEstimated),
    alignment: {
      calendar: calendarName,
      start: T ? dayToIso(first) : "",
      end: T ? dayToIso(last) : "",
      sessions: T,
      tickers: reports,
      totalMissing,
      complete: totalMissing === 0,
      fill: "none",
    },
  };
}

/**
 * The alignment report as table columns (one row per ticker) for `showTable`.
 */
export function alignmentTable(report: AlignmentReport): Record<string, (string | number)[]> {
  return {
    ticker: report.tickers.map((r) => r.ticker),
    bars: report.tickers.map((r) => r.bars),
    placed: report.tickers.map((r) => r.placed),
    "missing (NaN)": report.tickers.map((r) => r.missingDays),
    "of which gaps": report.tickers.map((r) => r.insideMissing),
    "off calendar (left out)": report.tickers.map((r) => r.offCalendar),
    "first missing": report.tickers.map((r) => r.firstMissingDates.slice(0, 3).join(", ")),
  };
}

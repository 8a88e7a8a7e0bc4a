/**
 * The one number formatter behind tables, reports and chart hover labels (Intl.NumberFormat,
 * en-US: "," groups thousands, "." marks decimals; d3-format is ESM-only, which the CommonJS
 * build cannot require).
 *
 * A column is formatted with one number of decimals for all its cells, chosen from its largest
 * magnitude, so that 0.049% and 0.22% read as 0.05% and 0.22%, not ragged. `digits` is the count
 * of significant digits that largest value keeps, above 1,000 as below (digits 6: 12,345.7).
 * Float noise (|x| < 1e-12, e.g. 2.776e-16 left by a subtraction) is shown as 0, and a value
 * that rounds to zero never shows a minus sign. NaN, null and undefined are "–", infinities
 * "∞" / "−∞".
 */

/** Below this magnitude a value is float noise and shown as 0. */
export const FLOAT_NOISE = 1e-12;

/** How a column of numbers is shown; every field says its default. */
export interface NumberFormatOptions {
  /** Significant digits of the column's largest magnitude (default 4). */
  digits?: number;
  /** Fixed decimals instead of the `digits` rule (default: from `digits`). */
  decimals?: number;
  /** Show x 100 with a "%" suffix (default false). */
  percent?: boolean;
  /** Group thousands with "," (default true). */
  grouping?: boolean;
}

const formatters = new Map<string, Intl.NumberFormat>();

function intlFormat(decimals: number, grouping: boolean): Intl.NumberFormat {
  const key = `${decimals}:${grouping}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Decimals that give the largest magnitude `maxAbs` its `digits` significant digits:
 * digits - 1 - floor(log10(maxAbs)), at least 0 and at most 12; 0 for a column of zeros.
 * @example decimalsFor(0.22, 2) // => 2
 * @example decimalsFor(12345.678, 6) // => 1
 */
export function decimalsFor(maxAbs: number, digits = 4): number {
  if (!(maxAbs >= FLOAT_NOISE) || !Number.isFinite(maxAbs)) return 0;
  return Math.min(12, Math.max(0, digits - 1 - Math.floor(Math.log10(maxAbs))));
}

/** The text of a value that is not a finite number. */
function nonFinite(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  return x > 0 ? "∞" : "−∞";
}

/**
 * One cell's text with `decimals` fixed decimals (percent: x 100 and "%").
 * @example formatFixed(0.00049, 2, { percent: true }) // => "0.05%"
 * @example formatFixed(2.776e-16, 2) // => "0.00"
 */
export function formatFixed(x: number | null | undefined, decimals: number, { percent = false, grouping = true }: Pick<NumberFormatOptions, "percent" | "grouping"> = {}): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return nonFinite(x);
  const v = Math.abs(x) < FLOAT_NOISE ? 0 : percent ? x * 100 : x;
  const text = intlFormat(decimals, grouping).format(v);
  // -0.0001 rounded to "-0.00" is zero: no minus sign (Intl's signDisplay "negative" is too new for our lib types)
  return `${/^-[0.,]+$/.test(text) ? text.slice(1) : text}${percent ? "%" : ""}`;
}

/** True when every finite value of the column is a whole number (counts, years, days). */
function allWhole(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v) && !Number.isInteger(v)) return false;
  }
  return true;
}

/**
 * A formatter for one column: the same decimals for every cell, from the column's largest
 * finite magnitude (float noise ignored) and `digits`, or `decimals` when given; a column of
 * whole numbers gets none. Non-numbers in the column are ignored when choosing.
 * @example const f = columnFormatter([0.00049, 0.0022], { percent: true, digits: 2 }); [f(0.00049), f(0.0022)] // => ["0.05%", "0.22%"]
 */
export function columnFormatter(values: ArrayLike<unknown>, options: NumberFormatOptions = {}): (x: number | null | undefined) => string {
  const { digits = 4, percent = false, grouping = true } = options;
  let decimals = options.decimals;
  if (decimals === undefined) {
    if (!percent && allWhole(values)) decimals = 0;
    else {
      let maxAbs = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v === "number" && Number.isFinite(v) && Math.abs(v) >= FLOAT_NOISE) maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      decimals = decimalsFor(percent ? maxAbs * 100 : maxAbs, digits);
    }
  }
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= 20)) throw new Error(`columnFormatter: decimals must be a whole number 0..20 (got ${decimals})`);
  const fixed = decimals;
  return (x) => formatFixed(x, fixed, { percent, grouping });
}

/**
 * One number alone, by the column rule applied to itself: `digits` significant digits (default
 * 4), whole numbers without decimals, thousands grouped.
 * @example formatNumber(0.123456) // => "0.1235"
 * @example formatNumber(1234.5678, 6) // => "1,234.57"
 * @example formatNumber(2.776e-16) // => "0"
 */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return nonFinite(x);
  return columnFormatter([x], { digits })(x);
}

/** What a chart value is: decides its hover format. */
export type HoverUnit = "number" | "percent" | "fraction-as-percent" | "bps" | "integer";

/**
 * A d3-format specifier for a Plotly hover template or `hoverformat`, with the unit's suffix:
 * "number" → ",.{d}f", "percent" (values already x 100) → ",.{d}f" + "%", "fraction-as-percent"
 * (0.05 shown as 5.00%) → ".{d}%", "bps" → ",.{d}f" + " bp", "integer" → ",d".
 * @example hoverValue("y", "fraction-as-percent", 2) // => "%{y:.2%}"
 * @example hoverValue("z", "percent", 1) // => "%{z:,.1f}%"
 */
export function hoverValue(variable: string, unit: HoverUnit, decimals = 2): string {
  switch (unit) {
    case "integer":
      return `%{${variable}:,d}`;
    case "fraction-as-percent":
      return `%{${variable}:.${decimals}%}`;
    case "percent":
      return `%{${variable}:,.${decimals}f}%`;
    case "bps":
      return `%{${variable}:,.${decimals}f} bp`;
    default:
      return `%{${variable}:,.${decimals}f}`;
  }
}

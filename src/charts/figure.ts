/**
 * The figure every chart builder returns: Plotly's own shape, so `show` (src/notebook) and the
 * study's HTML report (src/study) draw it without conversion. Charts build figures; the notebook
 * layer only displays them, so this type lives here and src/notebook imports it.
 */

/** A Plotly figure as plotly.js takes it. Typed arrays are welcome in traces. */
export interface Figure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/**
 * Significant digits a figure's numbers keep when it is written out for display (notebook outputs,
 * reports): 7, about single precision, far below what a chart can show and a third of the bytes of
 * the 17 digits JSON.stringify writes. Integers (counts, volumes, epoch milliseconds) stay exact.
 */
export const FIGURE_SIGNIFICANT_DIGITS = 7;

/**
 * A figure number as it is written for display: non-integers rounded to FIGURE_SIGNIFICANT_DIGITS
 * significant digits, integers and non-finite values unchanged.
 * @example roundForDisplay(0.1 + 0.2) // => 0.3
 * @example roundForDisplay(1234.56789012) // => 1234.568
 */
export function roundForDisplay(x: number): number {
  return Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(FIGURE_SIGNIFICANT_DIGITS));
}

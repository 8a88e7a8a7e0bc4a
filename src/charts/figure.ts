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

import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { sendBundle } from "./kernel";
import { toJsonText, toJsonValue } from "./json";
import type { Figure } from "../charts/figure";

/** The MIME type of a Plotly figure in a Jupyter display bundle (JupyterLab and VS Code render it). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * The official partial bundle we embed: plotly.js's "cartesian" distribution (1.5 MB minified,
 * against 4.9 MB for the full one). It registers bar, box, contour, heatmap, histogram(2d), image,
 * pie, scatter, scatterternary and violin; tests/notebook/display-bundle.test.ts checks that every
 * trace type the chart builders use is among them.
 */
const PLOTLY_PACKAGE = "plotly.js-cartesian-dist-min";

/** Fired on `window` once the embedded library has defined `window.Plotly`; waiting charts draw then. */
const READY_EVENT = "alpha-engine:plotly-ready";

const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

let plotlySource: string | null = null;

/** plotly.js (the cartesian partial bundle, already minified by Plotly), read once. */
export function plotlyJsSource(): string {
  if (plotlySource === null) plotlySource = readFileSync(require.resolve(PLOTLY_PACKAGE), "utf8");
  return plotlySource;
}

/** The plotly.js version shipped with the engine. */
export function plotlyJsVersion(): string {
  return (require(`${PLOTLY_PACKAGE}/package.json`) as { version: string }).version;
}

/**
 * A <script> element that defines `window.Plotly` from the embedded library, offline, then tells
 * every chart on the page that waits for it. AMD and CommonJS globals are shadowed so that classic
 * Notebook's RequireJS does not capture the UMD bundle (plotly.py solves the same problem with a
 * `define` wrapper). MathJax in the page is left alone: no chart uses LaTeX labels.
 */
export function plotlyScriptTag(): string {
  const source = plotlyJsSource().replace(/<\/script/gi, "<\\/script");
  return (
    `<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: "local"};\n` +
    `(function () { var define = undefined, module = undefined, exports = undefined;\n${source}\n}).call(window);\n` +
    `window.dispatchEvent(new Event("${READY_EVENT}"));</script>`
  );
}

/**
 * HTML that draws the figure: a div plus a script that draws at once when `window.Plotly` is on the
 * page, or else when the library arrives (the ready event of `plotlyScriptTag`), in whatever order the
 * outputs of a reopened notebook render. The figure's numbers are rounded for display (see toJsonText),
 * and an array several traces share (the dates of 23 price lines) is written once (see sharedArrays).
 */
export function figureHtml(figure: Figure, { divId = newDivId() }: { divId?: string } = {}): string {
  const height = typeof figure.layout?.height === "number" ? `${figure.layout.height}px` : "450px";
  const { shared, data } = sharedArrays(figure.data);
  const payload = toJsonText({ ...figurePayload(figure), data }, { forScript: true, forDisplay: true });
  return (
    `<div id="${divId}" class="plotly-graph-div" style="height:${height}; width:100%;"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var shared = ${toJsonText(shared, { forScript: true, forDisplay: true })};\n` +
    `  var fig = ${payload};\n` +
    `  fig.data.forEach(function (t) { for (var k in t) if (t[k] && typeof t[k].${SHARED_KEY} === "number") t[k] = shared[t[k].${SHARED_KEY}].slice(); });\n` +
    `  var el = document.getElementById("${divId}");\n` +
    `  function draw() { if (!el || !el.isConnected) return; el.textContent = ""; window.Plotly.newPlot(el, fig.data, fig.layout, fig.config); }\n` +
    `  if (window.Plotly) { draw(); return; }\n` +
    `  el.textContent = "Waiting for plotly.js: run the notebook's first code cell (setupNotebook()).";\n` +
    `  window.addEventListener("${READY_EVENT}", draw, { once: true });\n` +
    `})();</script>`
  );
}

/** Marks a trace field whose array is stored once in the figure script's `shared` list. */
const SHARED_KEY = "sharedArray";
/** Arrays shorter than this are cheaper to repeat than to reference. */
const SHARED_MIN_LENGTH = 32;

/**
 * The traces with every top-level array that occurs in more than one place (same values, as they
 * will be written) replaced by `{ sharedArray: k }`, and the list of those arrays.
 */
function sharedArrays(traces: readonly Record<string, unknown>[]): { shared: unknown[]; data: Record<string, unknown>[] } {
  const isArray = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  const keyOf = (v: ArrayLike<unknown>) => toJsonText(v, { forDisplay: true });
  const uses = new Map<string, number>();
  for (const trace of traces) {
    for (const v of Object.values(trace)) {
      if (!isArray(v) || v.length < SHARED_MIN_LENGTH) continue;
      const key = keyOf(v);
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  const index = new Map<string, number>();
  const shared: unknown[] = [];
  const data = traces.map((trace) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(trace)) {
      const key = isArray(v) && v.length >= SHARED_MIN_LENGTH ? keyOf(v) : null;
      if (key === null || (uses.get(key) ?? 0) < 2) {
        out[k] = v;
        continue;
      }
      if (!index.has(key)) {
        index.set(key, shared.length);
        shared.push(v);
      }
      out[k] = { [SHARED_KEY]: index.get(key) };
    }
    return out;
  });
  return { shared, data };
}

function figurePayload(figure: Figure): Record<string, unknown> {
  return { data: figure.data, layout: figure.layout ?? {}, config: { ...DEFAULT_CONFIG, ...(figure.config ?? {}) } };
}

function newDivId(): string {
  return `plot-${randomBytes(6).toString("hex")}`;
}

/**
 * Show a Plotly figure inline. The output carries the Plotly MIME type (JupyterLab, VS Code), an
 * HTML fallback (classic Notebook, nbconvert HTML) that draws with the plotly.js `setupNotebook()`
 * put on the page, and a one-line text description. The library itself is never in a chart's
 * output, so re-running a chart cell cannot take it away from the others. Outside a notebook it
 * prints the description.
 */
export function show(figure: Figure): void {
  const bundle = {
    [PLOTLY_MIME]: toJsonValue(figurePayload(figure), { forDisplay: true }),
    "text/html": figureHtml(figure),
    "text/plain": describeFigure(figure),
  };
  if (!sendBundle(bundle)) console.log(describeFigure(figure));
}

/** "Figure: <title> (3 traces)". */
export function describeFigure(figure: Figure): string {
  const title = figure.layout?.title;
  const text = typeof title === "string" ? title : typeof title === "object" && title && "text" in title ? String((title as { text: unknown }).text) : "untitled";
  return `Figure: ${text} (${figure.data.length} trace${figure.data.length === 1 ? "" : "s"})`;
}

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { sendBundle } from "./kernel";
import { toJsonText, toJsonValue } from "./json";
import type { Figure } from "../charts/figure";

/** The MIME type of a Plotly figure in a Jupyter display bundle (JupyterLab and VS Code render it). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

let plotlySource: string | null = null;
let plotlyEmbedded = false;

/**
 * plotly.js from the `plotly.js-dist` package, read once: the copy minified at build time
 * (dist/vendor, see scripts/vendor-plotly.mjs), or the package's own bundle if that is missing.
 */
export function plotlyJsSource(): string {
  if (plotlySource === null) {
    const minified = join(__dirname, "..", "vendor", "plotly.min.js");
    plotlySource = readFileSync(existsSync(minified) ? minified : require.resolve("plotly.js-dist"), "utf8");
  }
  return plotlySource;
}

/** The plotly.js version shipped with the engine. */
export function plotlyJsVersion(): string {
  return (require("plotly.js-dist/package.json") as { version: string }).version;
}

/**
 * A <script> element that defines `window.Plotly` from the embedded library, offline.
 * AMD and CommonJS globals are shadowed so that classic Notebook's RequireJS does not
 * capture the UMD bundle (plotly.py solves the same problem with a `define` wrapper).
 */
export function plotlyScriptTag(): string {
  const source = plotlyJsSource().replace(/<\/script/gi, "<\\/script");
  return (
    `<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: "local"};\n` +
    `(function () { var define = undefined, module = undefined, exports = undefined;\n${source}\n}).call(window);</script>`
  );
}

/**
 * HTML that draws the figure: a div plus a script that waits for `window.Plotly`.
 * With `includePlotly`, the library itself is embedded in front of it.
 */
export function figureHtml(figure: Figure, { includePlotly = false, divId = newDivId() } = {}): string {
  const height = typeof figure.layout?.height === "number" ? `${figure.layout.height}px` : "450px";
  const payload = toJsonText(
    { data: figure.data, layout: figure.layout ?? {}, config: { ...DEFAULT_CONFIG, ...(figure.config ?? {}) } },
    { forScript: true },
  );
  const draw =
    `<div id="${divId}" class="plotly-graph-div" style="height:${height}; width:100%;"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var fig = ${payload};\n` +
    `  function draw() { window.Plotly.newPlot("${divId}", fig.data, fig.layout, fig.config); }\n` +
    `  if (window.Plotly) { draw(); return; }\n` +
    `  var tries = 0, timer = setInterval(function () {\n` +
    `    if (window.Plotly) { clearInterval(timer); draw(); } else if (++tries > 600) { clearInterval(timer);\n` +
    `      document.getElementById("${divId}").textContent = "plotly.js did not load: run the notebook's first chart cell again"; }\n` +
    `  }, 50);\n` +
    `})();</script>`;
  return includePlotly ? `${plotlyScriptTag()}\n${draw}` : draw;
}

function newDivId(): string {
  return `plot-${randomBytes(6).toString("hex")}`;
}

/**
 * Show a Plotly figure inline. The output carries the Plotly MIME type (JupyterLab, VS Code),
 * an HTML fallback with plotly.js embedded once per kernel session (classic Notebook,
 * nbconvert HTML), and a one-line text description. Outside a notebook it prints that line.
 */
export function show(figure: Figure): void {
  const includePlotly = !plotlyEmbedded;
  const bundle = {
    [PLOTLY_MIME]: toJsonValue({ data: figure.data, layout: figure.layout ?? {}, config: { ...DEFAULT_CONFIG, ...(figure.config ?? {}) } }),
    "text/html": figureHtml(figure, { includePlotly }),
    "text/plain": describeFigure(figure),
  };
  if (sendBundle(bundle)) plotlyEmbedded = true;
  else console.log(describeFigure(figure));
}

/** Force the next `show` to embed plotly.js again (after clearing the cell that carried it). */
export function reembedPlotly(): void {
  plotlyEmbedded = false;
}

/** "Figure: <title> (3 traces)". */
export function describeFigure(figure: Figure): string {
  const title = figure.layout?.title;
  const text = typeof title === "string" ? title : typeof title === "object" && title && "text" in title ? String((title as { text: unknown }).text) : "untitled";
  return `Figure: ${text} (${figure.data.length} trace${figure.data.length === 1 ? "" : "s"})`;
}

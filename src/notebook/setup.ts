/**
 * The setup call of a notebook's first code cell, after plotly.py's offline notebook mode
 * (`init_notebook_mode(connected=False)`): the library goes into this cell's output, once per run of
 * the cell, and every chart output draws from whatever copy is on the page. Re-running the cell
 * embeds it again; re-running a chart cell touches nothing but that chart. A notebook saved and
 * reopened (trusted) draws again because the first cell's output still carries the library.
 */
import { sendBundle } from "./kernel";
import { plotlyJsVersion, plotlyScriptTag } from "./plotly";
import { displayDataFramesAsTables, type DanfoModule } from "./dataframe";

/** Options of `setupNotebook`. */
export interface SetupNotebookOptions {
  /** The danfo module (`import * as dfd from "danfojs-node"`) whose frames should show as tables; default: the one already loaded, if any. */
  danfo?: DanfoModule;
}

/**
 * Put plotly.js on the notebook page (in this cell's output, no CDN) and make danfo DataFrames
 * display as tables. Call it in the first code cell. Outside a kernel it only prints a line.
 * @example setupNotebook() // first code cell; then show(figure) in any cell, in any order
 */
export function setupNotebook({ danfo }: SetupNotebookOptions = {}): void {
  displayDataFramesAsTables(danfo);
  const line = `plotly.js ${plotlyJsVersion()} (cartesian bundle) embedded offline for this notebook's charts`;
  const html = `${plotlyScriptTag()}\n<div style="font:11px system-ui,sans-serif;color:#888">${line}</div>`;
  if (!sendBundle({ "text/html": html, "text/plain": line })) console.log(line);
}

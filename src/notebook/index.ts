/**
 * The tslab display extension. In: Plotly figures (from src/charts), column tables or danfo
 * DataFrames, markdown strings, long-running loops. Out: Jupyter display bundles that render
 * offline in JupyterLab, classic Notebook, VS Code and nbconvert HTML (plotly.js travels inside
 * the output of the first cell's `setupNotebook()`, no CDN), or plain text outside a kernel; plus the HTML of figures and tables for
 * reports. The kernel channel underneath (and its test hook) stays internal.
 */
export { show, figureHtml, plotlyScriptTag, plotlyJsVersion, describeFigure, PLOTLY_MIME } from "./plotly";
export { setupNotebook } from "./setup";
export type { SetupNotebookOptions } from "./setup";
export { displayDataFramesAsTables } from "./dataframe";
export type { DanfoModule } from "./dataframe";
export type { Figure } from "../charts/figure";
export { showTable, showMarkdown, tableHtml, tableText, formatNumber, toColumnTable } from "./table";
export type { ColumnTable, TableOptions } from "./table";
export { progress } from "./progress";
export type { Progress, ProgressOptions } from "./progress";
export { inKernel } from "./kernel";

/**
 * `npm run report`: execute every notebook in notebooks/ in order and leave the executed
 * notebooks and their HTML renderings in reports/. Stops at the first failing cell and shows
 * which notebook and cell failed.
 */
import { join } from "node:path";
import { INSTALL_HINT, ROOT, executeNotebook, listNotebooks, nbconvertVersion, renderHtml } from "./jupyter";

const outDir = join(ROOT, "reports");
const only = process.argv.slice(2);

const version = nbconvertVersion();
if (!version) {
  console.error(`npm run report: 'jupyter nbconvert' was not found.\n${INSTALL_HINT}`);
  process.exit(1);
}
console.log(`nbconvert ${version}; writing to ${outDir}`);

const notebooks = listNotebooks().filter((p) => only.length === 0 || only.some((o) => p.includes(o)));
for (const notebook of notebooks) {
  const name = notebook.split("/").pop();
  process.stdout.write(`running ${name} ... `);
  const run = executeNotebook(notebook, outDir);
  if (!run.ok) {
    console.log("FAILED");
    console.error(`\nnotebook ${name} failed after ${run.seconds.toFixed(1)} s:\n${run.failure}`);
    process.exit(1);
  }
  const html = renderHtml(run.executedPath, outDir);
  if (!html.ok) {
    console.log("FAILED (HTML)");
    console.error(`\nnbconvert could not render ${name} to HTML:\n${html.error}`);
    process.exit(1);
  }
  console.log(`ok in ${run.seconds.toFixed(1)} s -> ${html.htmlPath.replace(`${ROOT}/`, "")}`);
}
console.log(`done: ${notebooks.length} notebooks; open reports/*.html`);

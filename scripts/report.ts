/**
 * `npm run report`: execute every notebook in notebooks/ in order and leave the executed
 * notebooks (signed as trusted, so Notebook draws their charts when they are opened) and their HTML
 * renderings in reports/ (offline: MathJax staged in reports/mathjax/), with reports/index.html linking them.
 * Stops at the first failing cell and shows which notebook and cell failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INSTALL_HINT, ROOT, executeNotebook, listNotebooks, nbconvertVersion, readNotebook, renderHtml, trustNotebook, tslabBinary, cellSource } from "./jupyter";

const outDir = join(ROOT, "reports");
const only = process.argv.slice(2);

if (!existsSync(tslabBinary())) {
  console.error("npm run report: the tslab kernel is not installed in node_modules; run `npm ci` first.");
  process.exit(1);
}
const version = nbconvertVersion();
if (!version) {
  console.error(`npm run report: 'jupyter nbconvert' was not found.\n${INSTALL_HINT}`);
  process.exit(1);
}
console.log(`nbconvert ${version}; writing to ${outDir}`);

const notebooks = listNotebooks().filter((p) => only.length === 0 || only.some((o) => p.includes(o)));
const done: { name: string; title: string; seconds: number }[] = [];
for (const notebook of notebooks) {
  const name = notebook.split("/").pop()!;
  process.stdout.write(`running ${name} ... `);
  const run = executeNotebook(notebook, outDir);
  if (!run.ok) {
    console.log("FAILED");
    console.error(`\nnotebook ${name} failed after ${run.seconds.toFixed(1)} s:\n${run.failure}`);
    process.exit(1);
  }
  const trusted = trustNotebook(run.executedPath);
  if (!trusted.ok) {
    console.log("FAILED (trust)");
    console.error(`\ncould not sign ${name} as trusted:\n${trusted.error}`);
    process.exit(1);
  }
  const html = renderHtml(run.executedPath, outDir);
  if (!html.ok) {
    console.log("FAILED (HTML)");
    console.error(`\nnbconvert could not render ${name} to HTML:\n${html.error}`);
    process.exit(1);
  }
  const firstCell = readNotebook(notebook).cells[0];
  const title = (firstCell ? cellSource(firstCell) : name).split("\n")[0].replace(/^#+\s*/, "");
  done.push({ name: name.replace(/\.ipynb$/, ""), title, seconds: run.seconds });
  console.log(`ok in ${run.seconds.toFixed(1)} s -> ${html.htmlPath.replace(`${ROOT}/`, "")} (${(statSync(html.htmlPath).size / 1e6).toFixed(2)} MB)`);
}

if (only.length === 0) {
  // The same study without Jupyter (the CLI); its expensive steps come from notebook 05's memo.
  process.stdout.write("running alpha-engine run --config study.json ... ");
  const cli = spawnSync(process.execPath, [join(ROOT, "dist", "cli.js"), "run", "--config", join(ROOT, "study.json"), "--out", join(outDir, "study")], { cwd: ROOT, encoding: "utf8" });
  if (cli.status !== 0) {
    console.log("FAILED");
    console.error(cli.stderr);
    process.exit(1);
  }
  console.log("ok -> reports/study/report.html, reports/study/summary.json");
  const rows = [
    ...done.map((d) => `<li><a href="${d.name}.html">${escapeHtml(d.title)}</a> <small>(${d.seconds.toFixed(0)} s)</small></li>`),
    `<li><a href="study/report.html">The whole study in one page (the CLI's report)</a> and its numbers, <a href="study/summary.json">summary.json</a></li>`,
  ].join("\n");
  writeFileSync(
    join(outDir, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>Cross-Asset Alpha Engine: study reports</title>` +
      `<body style="font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:40px auto">` +
      `<h1>Cross-Asset Alpha Engine: study reports</h1><p>Rendered ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC from the notebooks, in order.</p><ol>\n${rows}\n</ol></body>`,
  );
}
console.log(`done: ${notebooks.length} notebooks; open reports/index.html`);

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

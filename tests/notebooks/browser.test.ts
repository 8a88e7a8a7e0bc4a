/**
 * Interactive use, as a user meets it: Debian's classic Notebook server on 127.0.0.1 with the
 * project's kernel, driven in the system Chromium through puppeteer-core. Open a small notebook
 * (setupNotebook() first, then three charts), run all, re-run a chart cell three times and the setup
 * cell once, save, reload:
 * every chart has its .main-svg each time. Then the saved notebook rendered to HTML opens with the
 * network blocked and draws its charts and its math. Jupyter's config, data and runtime dirs are
 * temporary (never the user's). Skipped, saying what to install, where Notebook, Chromium or
 * puppeteer-core is missing, except under CI (CI set), where it fails instead.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "puppeteer-core";
import { KERNEL_NAME, ROOT, readNotebook, renderHtml, writeKernelSpec } from "../../scripts/jupyter";
import { notebookJson, md, code } from "../../scripts/nbformat";
import { chromiumPath, hasPuppeteer, launchChromium, openOffline } from "./browser";

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

const notebookServer = spawnSync("jupyter", ["notebook", "--version"], { encoding: "utf8" }).status === 0;
const chromium = chromiumPath();
const missing = [
  notebookServer ? "" : "the classic Notebook server (apt-get install jupyter-notebook)",
  chromium ? "" : "Chromium (apt-get install chromium)",
  hasPuppeteer() ? "" : "puppeteer-core (npm ci)",
].filter(Boolean);
const ci = Boolean(process.env.CI);
const skip = missing.length > 0 && !ci ? `needs ${missing.join(", ")}` : false;
if (skip) console.log(`# skipped: the real-browser notebook test ${skip}`);

const CHART_CELLS = [2, 3, 5];
const cells = [
  md("# Browser test\nA formula to typeset: $\\sigma_{20} = \\sqrt{252}\\,\\mathrm{sd}(r)$."),
  code('import { setupNotebook, show, lineChart, createRng } from "cross-asset-alpha-engine";\nsetupNotebook();\nconst rng = createRng(3);\nconst days = Array.from({ length: 60 }, (_, i) => 19000 + i);'),
  code('show(lineChart(days, { a: days.map(() => rng.normal()) }, { title: "first chart" }));'),
  code('show(lineChart(days, { b: days.map((_, i) => i) }, { title: "second chart" }));'),
  md("Between the charts."),
  code('show(lineChart(days, { c: days.map((_, i) => -i) }, { title: "third chart" }));'),
];

let work = "";
let server: ChildProcess | null = null;
let closeBrowser: (() => Promise<void>) | null = null;
let browser: Browser | null = null;
let base = "";
const token = randomBytes(16).toString("hex");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Temporary Jupyter dirs, the project's kernel on JUPYTER_PATH, nothing of the user's. */
function isolatedEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("JUPYTER")) delete env[key];
  return {
    ...env,
    JUPYTER_CONFIG_DIR: join(dir, "config"),
    JUPYTER_DATA_DIR: join(dir, "data"),
    JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
    JUPYTER_PATH: writeKernelSpec(join(dir, "kernels")),
    IPYTHONDIR: join(dir, "ipython"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

before(async () => {
  if (skip) return;
  work = mkdtempSync(join(tmpdir(), "notebook-browser-"));
  const notebooks = join(work, "notebooks");
  mkdirSync(notebooks);
  // the kernel resolves "cross-asset-alpha-engine" from the notebook's folder, as in notebooks/
  symlinkSync(join(ROOT, "node_modules"), join(notebooks, "node_modules"));
  const nb = JSON.parse(notebookJson(cells));
  nb.metadata.kernelspec.name = KERNEL_NAME;
  writeFileSync(join(notebooks, "charts.ipynb"), JSON.stringify(nb, null, 1));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(
    "jupyter",
    ["notebook", "--no-browser", "--ip", "127.0.0.1", "--port", String(port), "--port-retries=0", `--NotebookApp.token=${token}`, `--NotebookApp.notebook_dir=${notebooks}`, ...(process.getuid?.() === 0 ? ["--allow-root"] : [])],
    { env: isolatedEnv(work), stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  server.stderr!.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${base}/api/status?token=${token}`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the Notebook server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const launched = await launchChromium(chromium!);
  browser = launched.browser;
  closeBrowser = launched.close;
});

after(async () => {
  await closeBrowser?.();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server!.once("exit", r));
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Charts drawn per chart cell, in cell order (cells by index), and the count of .main-svg in all. */
function chartsPerCell(page: Page): Promise<number[]> {
  return page.evaluate((indices: number[]) => {
    const all = window.Jupyter.notebook.get_cells();
    return indices.map((i: number) => all[i].output_area.element[0].querySelectorAll(".js-plotly-plot .main-svg").length > 0 ? 1 : 0);
  }, CHART_CELLS);
}

async function waitForKernel(page: Page): Promise<void> {
  await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected?.() && window.Jupyter.notebook._fully_loaded, { timeout: 120_000, polling: 200 });
}

/** Wait until no code cell is running or queued (the prompt shows "*" while it is). */
async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.Jupyter.notebook.get_cells().every((c: any) => c.cell_type !== "code" || (c.input_prompt_number !== "*" && c.input_prompt_number !== undefined && c.input_prompt_number !== null)),
    { timeout: 180_000, polling: 250 },
  );
}

async function waitDrawn(page: Page): Promise<number[]> {
  await page
    .waitForFunction((n: number) => document.querySelectorAll(".js-plotly-plot .main-svg").length > 0 && document.querySelectorAll(".js-plotly-plot").length >= n && [...document.querySelectorAll(".js-plotly-plot")].every((p: any) => p.querySelector(".main-svg")), { timeout: 60_000, polling: 250 }, CHART_CELLS.length)
    .catch(() => undefined); // the assertion below says which cell is blank
  return chartsPerCell(page);
}

test("classic Notebook: run all, re-run a chart cell, save, reload: every chart is drawn each time", { skip, timeout: 600_000 }, async () => {
  assert.deepEqual(missing, [], `needs ${missing.join(", ")}`);
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/notebooks/charts.ipynb?token=${token}`, { waitUntil: "load", timeout: 120_000 });
  await waitForKernel(page);
  await page.evaluate(() => window.Jupyter.notebook.execute_all_cells());
  await waitIdle(page);
  assert.deepEqual(await waitDrawn(page), [1, 1, 1], "after run all");

  for (let k = 0; k < 3; k++) {
    await page.evaluate((i: number) => window.Jupyter.notebook.execute_cells([i]), CHART_CELLS[0]);
    await waitIdle(page);
  }
  assert.deepEqual(await waitDrawn(page), [1, 1, 1], "after re-running the first chart cell three times");
  await page.evaluate(() => window.Jupyter.notebook.execute_cells([1]));
  await waitIdle(page);
  assert.deepEqual(await waitDrawn(page), [1, 1, 1], "after re-running the setup cell (plotly.js embedded again)");

  await page.evaluate(() => window.Jupyter.notebook.save_notebook());
  await page.waitForFunction(() => window.Jupyter.notebook.dirty === false, { timeout: 120_000, polling: 250 }); // a loaded machine saves slowly
  const saved = readNotebook(join(work, "notebooks", "charts.ipynb"));
  const htmlOf = (i: number) => (saved.cells[i].outputs ?? []).map((o) => String((o.data?.["text/html"] as string | string[] | undefined) ?? "")).join("");
  assert.ok(htmlOf(1).includes("window.PlotlyConfig"), "the setup cell's output carries plotly.js");
  for (const i of CHART_CELLS) assert.ok(!htmlOf(i).includes("window.PlotlyConfig") && htmlOf(i).includes("plotly-graph-div"), `chart cell ${i} carries its figure, not the library`);

  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => window.Jupyter?.notebook?._fully_loaded, { timeout: 120_000, polling: 200 });
  assert.equal(await page.evaluate(() => window.Jupyter.notebook.trusted), true, "the notebook the server saved is trusted");
  assert.deepEqual(await waitDrawn(page), [1, 1, 1], "after save and reload");
  assert.deepEqual(errors, [], "no script error on the page");
  await page.evaluate(() => window.Jupyter.notebook.session.delete());
  await page.close();

  // the saved notebook as a report: offline, every chart and the formula drawn, light
  const outDir = join(work, "report");
  mkdirSync(outDir);
  const html = renderHtml(join(work, "notebooks", "charts.ipynb"), outDir);
  assert.ok(html.ok, html.error);
  const size = statSync(html.htmlPath).size;
  assert.ok(size < 2.5e6, `report is ${(size / 1e6).toFixed(2)} MB`);
  const shown = await openOffline(browser!, html.htmlPath);
  assert.deepEqual(shown.blocked, [], "nothing is fetched from the network");
  assert.equal(shown.figures, 3);
  assert.equal(shown.drawn, 3, "every chart drawn offline");
  assert.ok(shown.math >= 1, "the formula is typeset by the local MathJax");
  assert.equal(shown.rawMath, 0, "no $...$ left untypeset");
  assert.doesNotMatch(readFileSync(html.htmlPath, "utf8"), /<script[^>]+src="(?!mathjax\/)/, "the only script loaded by URL is the staged MathJax");
});

/**
 * The notebooks as a user meets them: committed without outputs, executed top to bottom
 * headlessly with nbconvert (every cell without error, every chart cell with a Plotly output),
 * rendered to HTML, and the HTML drawn by headless Chromium with the network cut off.
 * Without Jupyter the execution tests fail under CI=true and are skipped elsewhere,
 * saying what to install; likewise for Chromium.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INSTALL_HINT, ROOT, cellSource, executeNotebook, listNotebooks, nbconvertVersion, readNotebook, renderHtml } from "../../scripts/jupyter";
import { PLOTLY_MIME } from "../../src/notebook/plotly";
import { notebookJson, md, code } from "../../scripts/nbformat";

const notebooks = listNotebooks();
const CHART_CALL = /(^|[^.\w])show\(/m;

test("the study has its notebooks in order, starting with 00_overview", () => {
  const names = notebooks.map((p) => p.split("/").pop());
  assert.equal(names[0], "00_overview.ipynb");
  names.forEach((name, i) => assert.ok(name!.startsWith(String(i).padStart(2, "0")), `${name} is out of sequence`));
});

for (const path of notebooks) {
  const name = path.split("/").pop()!;
  test(`${name} is committed without outputs, on the alpha-engine kernel, opening with markdown`, () => {
    const nb = readNotebook(path);
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      assert.deepEqual(cell.outputs, [], `${name} cell ${i} has outputs`);
      assert.equal((cell as { execution_count?: unknown }).execution_count, null, `${name} cell ${i} has an execution count`);
    }
    assert.equal((nb.metadata.kernelspec as { name: string }).name, "alpha-engine");
    assert.equal(nb.cells[0].cell_type, "markdown", "first cell states the question");
  });
}

const jupyter = nbconvertVersion();
const chromium = ["chromium", "chromium-browser", "google-chrome"].find((b) => spawnSync("which", [b]).status === 0) ?? null;
const ci = process.env.CI === "true";

function missing(what: string, hint: string): string | false {
  if (ci) return false; // under CI the test runs and fails loudly below
  console.log(`# skipped: ${what} not found. ${hint}`);
  return `${what} not installed`;
}

describe("notebooks run headlessly", { skip: jupyter ? false : missing("jupyter nbconvert", INSTALL_HINT) }, () => {
  const outDir = mkdtempSync(join(tmpdir(), "notebooks-"));
  const htmlFiles: { name: string; html: string; charts: number }[] = [];

  test("jupyter nbconvert is available", () => assert.ok(jupyter, INSTALL_HINT));

  test("a failing cell stops the run and is reported with its source and error", () => {
    const broken = join(outDir, "99_broken.ipynb");
    writeFileSync(broken, notebookJson([md("# broken"), code("const before = 1;"), code('throw new Error("boom at cell 2");'), code("const after = 2;")]));
    const run = executeNotebook(broken, join(outDir, "broken-out"));
    assert.equal(run.ok, false);
    assert.match(run.failure ?? "", /throw new Error\("boom at cell 2"\)/);
    assert.match(run.failure ?? "", /boom at cell 2/);
  });

  test("a cell that does not compile or throws at run time is reported with what tslab printed", () => {
    const broken = join(outDir, "98_type_error.ipynb");
    writeFileSync(broken, notebookJson([md("# type error"), code('const n: number = "not a number";')]));
    const typeError = executeNotebook(broken, join(outDir, "type-error-out"));
    assert.equal(typeError.ok, false);
    assert.match(typeError.failure ?? "", /cell 1 printed:[\s\S]*not assignable to type 'number'/);
    const shorthand = join(outDir, "97_reference_error.ipynb");
    writeFileSync(shorthand, notebookJson([md("# reference error"), code("const names = ['a'];"), code("const o = { names };\nconsole.log(o);")]));
    const referenceError = executeNotebook(shorthand, join(outDir, "reference-error-out"));
    assert.equal(referenceError.ok, false);
    assert.match(referenceError.failure ?? "", /cell 2 printed:[\s\S]*ReferenceError: names is not defined/);
  });

  for (const path of notebooks) {
    const name = path.split("/").pop()!;
    test(`${name} executes top to bottom; every chart cell shows a Plotly figure`, () => {
      assert.ok(jupyter, INSTALL_HINT);
      const run = executeNotebook(path, outDir);
      assert.ok(run.ok, `${name} failed:\n${run.failure}`);
      const executed = readNotebook(run.executedPath);
      let charts = 0;
      for (const [i, cell] of executed.cells.entries()) {
        if (cell.cell_type !== "code") continue;
        const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
        assert.equal(errors.length, 0, `${name} cell ${i}: ${errors.map((e) => `${e.ename}: ${e.evalue}`).join("; ")}`);
        if (CHART_CALL.test(cellSource(cell))) {
          const plots = (cell.outputs ?? []).filter((o) => o.data && PLOTLY_MIME in o.data);
          assert.ok(plots.length > 0, `${name} cell ${i} calls show( but has no Plotly output:\n${cellSource(cell)}`);
          charts += plots.length;
        }
      }
      const html = renderHtml(run.executedPath, outDir);
      assert.ok(html.ok, `${name} did not render to HTML: ${html.error}`);
      const page = readFileSync(html.htmlPath, "utf8");
      assert.doesNotMatch(page, /<script[^>]+src="https?:[^"]*plotly/i, `${name} loads plotly.js from the network`);
      if (charts > 0) assert.match(page, /window\.PlotlyConfig/, `${name} does not embed plotly.js`);
      htmlFiles.push({ name, html: html.htmlPath, charts });
    });
  }

  describe("rendered reports draw their charts offline in headless Chromium", { skip: chromium ? false : missing("chromium", "Install Debian's chromium package (apt-get install chromium).") }, () => {
    test("every figure of every report becomes an SVG plot", () => {
      assert.ok(chromium, "chromium is needed (apt-get install chromium)");
      assert.ok(htmlFiles.length > 0, "no rendered report to check");
      for (const { name, html, charts } of htmlFiles) {
        assert.ok(existsSync(html));
        const dom = dumpDom(chromium, html);
        const drawn = (dom.match(/class="[^"]*js-plotly-plot/g) ?? []).length;
        assert.ok(dom.includes('class="main-svg"') || charts === 0, `${name}: no .main-svg drawn`);
        assert.equal(drawn, charts, `${name}: ${drawn} of ${charts} figures drawn`);
      }
    });

    test("the CLI's one-page study report draws all its figures offline", () => {
      assert.ok(chromium, "chromium is needed (apt-get install chromium)");
      const out = join(outDir, "study");
      // dist, like the notebooks: notebook 05 left the expensive steps in the memo
      const cli = spawnSync(process.execPath, [join(ROOT, "dist", "cli.js"), "run", "--config", join(ROOT, "study.json"), "--out", out], { cwd: ROOT, encoding: "utf8" });
      assert.equal(cli.status, 0, cli.stderr);
      const html = join(out, "report.html");
      const figures = (readFileSync(html, "utf8").match(/id="fig-\d+"/g) ?? []).length;
      const dom = dumpDom(chromium, html);
      assert.ok(figures >= 10, `only ${figures} figures in the report`);
      assert.equal((dom.match(/class="[^"]*js-plotly-plot/g) ?? []).length, figures, "every figure drawn");
    });
  });
});

/** The page's DOM after scripts ran, with every network request refused. */
function dumpDom(browser: string, htmlPath: string): string {
  const profile = mkdtempSync(join(tmpdir(), "chromium-"));
  const r = spawnSync(
    browser,
    [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
      `--user-data-dir=${profile}`, "--virtual-time-budget=20000", "--dump-dom", `file://${htmlPath}`,
    ],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
  );
  assert.equal(r.status, 0, `chromium failed on ${htmlPath}: ${r.stderr?.slice(-500)}`);
  return r.stdout;
}

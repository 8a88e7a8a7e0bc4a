/**
 * Reports are signed as trusted (scripts/report.ts through trustNotebook), so classic Notebook runs
 * their HTML outputs, plotly.js and the charts, when they are opened. Checked with nbformat's own
 * notary, in a temporary Jupyter data dir (never the user's signature database).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INSTALL_HINT, nbconvertVersion, trustNotebook } from "../../scripts/jupyter";
import { notebookJson, md, code } from "../../scripts/nbformat";

const jupyter = nbconvertVersion();
const skip = jupyter || process.env.CI ? false : "jupyter nbconvert not installed";
if (skip) console.log(`# skipped: ${INSTALL_HINT}`);

const CHECK = "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\nprint(NotebookNotary().check_signature(nbformat.read(sys.argv[1], as_version=4)))";

test("trustNotebook() signs an executed notebook so that Jupyter's notary trusts it", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "trust-"));
  try {
    const env = { ...process.env, JUPYTER_DATA_DIR: join(dir, "data"), JUPYTER_CONFIG_DIR: join(dir, "config") };
    const path = join(dir, "chart.ipynb");
    const nb = JSON.parse(notebookJson([md("# t"), code("1")]));
    nb.cells[1].outputs = [{ output_type: "display_data", metadata: {}, data: { "text/html": "<script>window.x = 1</script>", "text/plain": "x" } }];
    writeFileSync(path, JSON.stringify(nb));
    const python = spawnSync("python3", ["-c", "import nbformat"]).status === 0 ? "python3" : "/usr/bin/python3";
    const check = () => spawnSync(python, ["-c", CHECK, path], { encoding: "utf8", env }).stdout.trim();
    assert.equal(check(), "False", "an unsigned notebook with HTML output is not trusted");
    const r = trustNotebook(path, env);
    assert.ok(r.ok, r.error);
    assert.equal(check(), "True");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

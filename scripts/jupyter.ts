/**
 * Running notebooks headlessly: the kernel spec, finding Jupyter, executing a notebook with
 * nbconvert and rendering it to HTML. Shared by `npm run report` and the notebook tests.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { slimReportHtml } from "./slimHtml";

export const ROOT = resolve(__dirname, "..");
export const NOTEBOOK_DIR = join(ROOT, "notebooks");
export const KERNEL_NAME = "tslab";
/** Kernel specs written by `writeKernelSpec`, found through JUPYTER_PATH; git-ignored. */
export const LOCAL_JUPYTER_DIR = join(ROOT, ".jupyter");

export const INSTALL_HINT = [
  "Jupyter with nbconvert is needed to run the notebooks. Install one of:",
  "  conda env create -f environment.yml && conda activate alpha-engine   (see README)",
  "  sudo apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel   (Debian/Ubuntu)",
  "  pip install nbconvert nbclient ipykernel",
].join("\n");

/** The project's own tslab, so no global install is needed. */
export function tslabBinary(): string {
  return join(ROOT, "node_modules", "tslab", "bin", "tslab");
}

/** The kernel spec JSON that starts the project's tslab (argv split as tslab's installer does). */
export function kernelSpec(): Record<string, unknown> {
  return {
    argv: [process.execPath, tslabBinary(), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (tslab, alpha engine)",
    language: "typescript",
  };
}

/** Write the kernel spec under `<dir>/kernels/tslab/` and return `dir` (for JUPYTER_PATH). */
export function writeKernelSpec(dir = LOCAL_JUPYTER_DIR): string {
  const kernelDir = join(dir, "kernels", KERNEL_NAME);
  mkdirSync(kernelDir, { recursive: true });
  writeFileSync(join(kernelDir, "kernel.json"), JSON.stringify(kernelSpec(), null, 2));
  return dir;
}

/** The nbconvert version, or null when `jupyter nbconvert` is not available. */
export function nbconvertVersion(): string | null {
  const r = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Notebooks in run order (file names sorted: 00_..., 01_..., ...). */
export function listNotebooks(dir = NOTEBOOK_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d\d_.*\.ipynb$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export interface RunResult {
  ok: boolean;
  notebook: string;
  executedPath: string;
  seconds: number;
  /** On failure: the failing cell's source and the error, as nbclient reported them. */
  failure?: string;
}

/** Environment for Jupyter commands: the project's kernel spec first on JUPYTER_PATH. */
export function jupyterEnv(): NodeJS.ProcessEnv {
  const jupyterPath = [writeKernelSpec(), process.env.JUPYTER_PATH].filter(Boolean).join(":");
  // Cells run with the notebook's folder as cwd; keep the key out of every output by never printing env.
  return { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}

/** `jupyter nbconvert --execute` of one notebook into `<outDir>/<name>` on the project's tslab kernel. */
function nbconvertExecute(notebook: string, outDir: string, name: string, timeoutSeconds: number, allowErrors: boolean) {
  return spawnSync(
    "jupyter",
    [
      "nbconvert", "--to", "notebook", "--execute", ...(allowErrors ? ["--allow-errors"] : []),
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
      "--ExecutePreprocessor.startup_timeout=120",
      "--output-dir", outDir, "--output", name, notebook,
    ],
    { encoding: "utf8", env: jupyterEnv(), cwd: NOTEBOOK_DIR, maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Execute one notebook with nbconvert into `outDir`; stops at the first failing cell. */
export function executeNotebook(notebook: string, outDir: string, { timeoutSeconds = 900 } = {}): RunResult {
  mkdirSync(outDir, { recursive: true });
  const name = notebook.split("/").pop()!;
  const started = Date.now();
  const r = nbconvertExecute(notebook, outDir, name, timeoutSeconds, false);
  const seconds = (Date.now() - started) / 1000;
  const executedPath = join(outDir, name);
  if (r.status === 0) return { ok: true, notebook: name, executedPath, seconds };
  const failure = extractFailure(r.stderr || r.error?.message || "");
  return { ok: false, notebook: name, executedPath, seconds, failure: failure + failedCellOutput(notebook, outDir, failure, timeoutSeconds) };
}

/**
 * tslab reports both TypeScript compile errors and runtime exceptions with an empty error message
 * and writes the diagnostics to the cell's stderr stream, which nbclient's exception leaves out.
 * So after a failure, run the notebook once more with errors allowed and return what the failing
 * cell (found by the source nbclient quoted) printed: "error TS2339: ..." or "ReferenceError: ...".
 */
function failedCellOutput(notebook: string, outDir: string, failure: string, timeoutSeconds: number): string {
  const quoted = /following cell:\n-+\n([\s\S]*?)\n-+\n/.exec(failure)?.[1]?.trim();
  if (!quoted) return "";
  const name = `failed-${notebook.split("/").pop()!}`;
  const r = nbconvertExecute(notebook, outDir, name, timeoutSeconds, true);
  const executedPath = join(outDir, name);
  try {
    if (r.status !== 0) return "";
    const cells = readNotebook(executedPath).cells;
    const index = cells.findIndex((c) => c.cell_type === "code" && cellSource(c).trim() === quoted);
    if (index < 0) return "";
    const printed = (cells[index].outputs ?? [])
      .filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
      .map((o) => (o.output_type === "error" ? `${o.ename ?? "Error"}: ${o.evalue ?? ""}\n` : Array.isArray(o.text) ? o.text.join("") : (o.text ?? "")))
      .join("")
      .trim();
    return printed ? `\ncell ${index} printed:\n${printed.length > 4000 ? `${printed.slice(0, 4000)}\n…` : printed}` : "";
  } catch {
    return "";
  } finally {
    rmSync(executedPath, { force: true });
  }
}

/** nbclient's CellExecutionError names the cell source between dashed lines, then the error. */
function extractFailure(stderr: string): string {
  const at = stderr.indexOf("An error occurred while executing the following cell");
  const text = at >= 0 ? stderr.slice(at) : stderr.split("\n").slice(-40).join("\n");
  return text.length > 6000 ? `${text.slice(0, 6000)}\n…` : text;
}

/** nbconvert's lab template without RequireJS and with MathJax 3 from `mathjax/` beside the HTML. */
export const OFFLINE_TEMPLATE = join(ROOT, "scripts", "nbconvert", "offline.html.j2");
/** Where a rendered report finds MathJax, relative to the report: staged by `stageMathJax`. */
export const MATHJAX_URL = "mathjax/tex-svg.js";

/**
 * Copy MathJax 3 (the `mathjax` package: the TeX-to-SVG component, which needs no font files, and
 * the TeX extensions it loads on demand) to `<outDir>/mathjax/`, so reports typeset their formulas
 * offline from files inside their own folder. Skipped when that version is already there.
 */
export function stageMathJax(outDir: string): string {
  const pkg = dirname(require.resolve("mathjax/package.json"));
  const version = (JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { version: string }).version;
  const target = join(outDir, "mathjax");
  const stamp = join(target, "VERSION");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === version) return target;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, "input", "tex"), { recursive: true });
  cpSync(join(pkg, "es5", "tex-svg.js"), join(target, "tex-svg.js"));
  cpSync(join(pkg, "es5", "input", "tex", "extensions"), join(target, "input", "tex", "extensions"), { recursive: true });
  cpSync(join(pkg, "LICENSE"), join(target, "LICENSE"));
  writeFileSync(stamp, version);
  return target;
}

/**
 * Render an executed notebook to HTML in `outDir`, fully offline: plotly.js travels inside the first
 * cell's output (setupNotebook), MathJax is the staged local copy, nothing else is loaded; the
 * template's stylesheet is cut to the rules the page uses (slimReportHtml).
 */
export function renderHtml(executedPath: string, outDir: string): { ok: boolean; htmlPath: string; error?: string } {
  stageMathJax(outDir);
  const r = spawnSync(
    "jupyter",
    ["nbconvert", "--to", "html", "--template-file", OFFLINE_TEMPLATE, `--HTMLExporter.mathjax_url=${MATHJAX_URL}`, "--output-dir", outDir, executedPath],
    { encoding: "utf8", env: jupyterEnv(), maxBuffer: 64 * 1024 * 1024 },
  );
  const htmlPath = executedPath.replace(/\.ipynb$/, ".html").replace(/^.*\//, `${outDir}/`);
  if (r.status !== 0) return { ok: false, htmlPath, error: r.stderr.split("\n").slice(-20).join("\n") };
  const slim = `${htmlPath}.${process.pid}.tmp`;
  writeFileSync(slim, slimReportHtml(readFileSync(htmlPath, "utf8")));
  renameSync(slim, htmlPath);
  return { ok: true, htmlPath };
}

/**
 * Sign an executed notebook as trusted (`jupyter trust`), so Notebook runs its HTML outputs (the
 * plotly.js of the first cell, the charts) when it is opened; an unsigned notebook opens with its
 * charts blank. Signatures go to the Jupyter data dir of `env` (the user's, unless overridden).
 * Debian ships nbformat without the `jupyter trust` entry point, so `python3 -m nbformat.sign`
 * (with the interpreter that runs `jupyter`) is the fallback.
 */
export function trustNotebook(path: string, env: NodeJS.ProcessEnv = jupyterEnv()): { ok: boolean; error?: string } {
  const trust = spawnSync("jupyter", ["trust", path], { encoding: "utf8", env });
  if (trust.status === 0) return { ok: true };
  const python = jupyterPython();
  const sign = spawnSync(python, ["-m", "nbformat.sign", path], { encoding: "utf8", env });
  return sign.status === 0 ? { ok: true } : { ok: false, error: `jupyter trust: ${trust.stderr?.trim() || trust.error?.message}; ${python} -m nbformat.sign: ${sign.stderr?.trim() || sign.error?.message}` };
}

/** The Python interpreter of the `jupyter` command (its #! line), or python3. */
function jupyterPython(): string {
  const which = spawnSync("which", ["jupyter"], { encoding: "utf8" });
  const path = which.status === 0 ? which.stdout.trim() : "";
  const shebang = path ? /^#!\s*(\S+)/.exec(readFileSync(path, "utf8").split("\n")[0]) : null;
  return shebang && !shebang[1].endsWith("/env") ? shebang[1] : "python3";
}

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; name?: string; data?: Record<string, unknown>; ename?: string; evalue?: string; text?: string | string[] }[];
}

export function readNotebook(path: string): { cells: NotebookCell[]; metadata: Record<string, unknown> } {
  return JSON.parse(readFileSync(path, "utf8"));
}

export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

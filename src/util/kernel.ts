/**
 * The one seam between the engine and the tslab kernel.
 *
 * tslab's public `display.raw(type, content)` sends a single MIME type per output, but an
 * offline-safe chart needs a bundle (`application/vnd.plotly.v1+json` for JupyterLab and
 * VS Code, `text/html` for classic Notebook and nbconvert, `text/plain` for terminals).
 * tslab routes every display through `jupyter.lastWriteDisplayData(message, update)`,
 * which takes a full Jupyter `display_data` content object; calling it directly sends a
 * multi-MIME bundle. We look the module up in `require.cache` only, so outside a running
 * kernel (CLI, tests) nothing of tslab or ZeroMQ is loaded and `sendBundle` returns false.
 * tslab is pinned to an exact version in package.json because this is not public API;
 * tests/notebook/kernel.test.ts checks the function is still where we expect it.
 */

export type MimeBundle = Record<string, unknown>;

type WriteDisplayData = (
  content: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

let overrideWriter: WriteDisplayData | null | undefined;

function kernelWriter(): WriteDisplayData | null {
  if (overrideWriter !== undefined) return overrideWriter;
  const loaded = tslabJupyterModule();
  const write = loaded?.exports?.lastWriteDisplayData as WriteDisplayData | null | undefined;
  return typeof write === "function" ? write : null;
}

const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * tslab's jupyter module if a kernel loaded it: the copy this package resolves (the repository's
 * own tslab), else any copy in require.cache (a user's global tslab running a project that
 * installed the engine as a dependency, where `tslab` does not resolve from here).
 */
function tslabJupyterModule(): NodeJS.Module | undefined {
  try {
    const own = require.cache[require.resolve("tslab/dist/jupyter")];
    if (own) return own;
  } catch {
    /* tslab is an optional peer: not installed next to the engine */
  }
  for (const key of Object.keys(require.cache)) if (TSLAB_JUPYTER.test(key)) return require.cache[key];
  return undefined;
}

/** True inside a running tslab kernel (a cell is executing and can display). */
export function inKernel(): boolean {
  return kernelWriter() !== null;
}

/**
 * Send one display bundle. With `displayId`, the first call creates the output and later calls
 * with `update: true` replace it in place. Returns false when not running inside tslab.
 */
export function sendBundle(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): boolean {
  const write = kernelWriter();
  if (!write) return false;
  write({ data, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update ?? false);
  return true;
}

/** For tests: capture bundles as if a kernel were running (pass null to simulate "no kernel", undefined to restore). */
export function setKernelWriterForTesting(writer: WriteDisplayData | null | undefined): void {
  overrideWriter = writer;
}

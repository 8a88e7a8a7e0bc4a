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
  let path: string;
  try {
    path = require.resolve("tslab/dist/jupyter");
  } catch {
    return null;
  }
  const loaded = require.cache[path];
  const write = loaded?.exports?.lastWriteDisplayData as WriteDisplayData | null | undefined;
  return typeof write === "function" ? write : null;
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

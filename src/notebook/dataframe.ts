/**
 * danfo.js DataFrames and Series shown as tables. tslab prints a cell's last expression with
 * `console.log`, which formats objects through Node's `util.inspect`, so a `[util.inspect.custom]`
 * method on danfo's prototypes is the display hook: inside a kernel it sends the table (HTML and
 * text) as a display output and prints a one-line summary; outside, it prints the text table.
 * danfojs-node is not a dependency of the engine (it takes seconds to load and pulls TensorFlow):
 * we patch the classes the caller passes, or the module when the notebook has already loaded it.
 */
import { inspect } from "node:util";
import { inKernel } from "./kernel";
import { showTable, tableText, type ColumnTable } from "./table";

/** What we need of the danfo module: its two table classes. */
export interface DanfoModule {
  DataFrame: abstract new (...args: never[]) => unknown;
  Series?: abstract new (...args: never[]) => unknown;
}

const PATCHED = Symbol.for("alpha-engine:table-display");

/**
 * Make danfo DataFrames and Series render as tables when a cell's last expression is one, or
 * when they are passed to `console.log`. Pass the module (`import * as dfd from "danfojs-node"`);
 * without it, the danfojs-node the process has already loaded is used, if any.
 * @returns true when a danfo module was found and patched (again calls are harmless)
 */
export function displayDataFramesAsTables(danfo: DanfoModule | undefined = loadedDanfo()): boolean {
  if (!danfo || typeof danfo.DataFrame !== "function") return false;
  for (const cls of [danfo.DataFrame, danfo.Series]) {
    if (typeof cls !== "function") continue;
    const proto = cls.prototype as Record<symbol, unknown>;
    if (proto[PATCHED]) continue;
    proto[PATCHED] = true;
    proto[inspect.custom] = function (this: FrameLike & { constructor: { name: string } }, depth: number, options: { depth?: number | null }) {
      // Only the object being printed is shown as a table; a frame nested in another object stays a tag.
      const topLevel = depth === (options.depth ?? 2) || options.depth === null;
      if (!topLevel) return summary(this);
      const table = asTable(this);
      if (!inKernel()) return tableText(table);
      showTable(table);
      return summary(this);
    };
  }
  return true;
}

interface FrameLike {
  columns: string[];
  values: unknown[];
  index?: unknown[];
  shape?: unknown;
}

/**
 * A DataFrame as is (toColumnTable reads it); a Series as its index and one column. A Series' default
 * name is "0", and an integer-like key would sort before the index column in a JS object, so an
 * unnamed Series' column is called "value".
 */
function asTable(frame: FrameLike): FrameLike | ColumnTable {
  const isSeries = (frame as { $isSeries?: boolean }).$isSeries === true;
  if (!isSeries) return frame;
  const name = /^\d+$/.test(String(frame.columns[0] ?? "0")) ? "value" : String(frame.columns[0]);
  const values = frame.values as ColumnTable[string];
  const index = frame.index ?? [];
  return index.every((v, i) => v === i) ? { [name]: values } : { "": index as ColumnTable[string], [name]: values };
}

function summary(frame: { shape?: unknown; constructor: { name: string } }): string {
  const shape = Array.isArray(frame.shape) ? frame.shape : [];
  return `[${frame.constructor.name} ${shape.join(" × ")}]`;
}

/** danfojs-node from the module cache, never loaded here. */
function loadedDanfo(): DanfoModule | undefined {
  let path: string;
  try {
    path = require.resolve("danfojs-node");
  } catch {
    return undefined;
  }
  return require.cache[path]?.exports as DanfoModule | undefined;
}

/**
 * Importing a folder of bar files (one per ticker, .csv or .parquet, see barFile.ts) into a dataset
 * folder a study reads with `data.source: "files"`: each file read, adjusted as asked, validated
 * (`validateBars`: every removed row counted with its reason) and written in the cache's own
 * format (`writeBarsCache`: Parquet + JSON sidecar, atomic) with its provenance in the sidecar:
 * source name, the file's SHA-256, adjustment basis, import time, the validation counts.
 *
 * All or nothing: every file is read and checked before anything is written, so a folder with one
 * unusable file leaves the dataset folder as it was, and the error lists every such file.
 */
import { promises as fs } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Bars } from "./types";
import { writeBarsCache, type AdjustmentBasis, type CacheMetadata } from "./cache";
import { validateBars, type ValidationReport } from "./validate";
import { BarFileError, readBarFile, type BarFileContents, type BarFileLayout } from "./barFile";
import type { CalendarName } from "./calendar";
import { dayToIso } from "../util/dates";

/** What the files' prices are adjusted for: `total` back-adjusts OHLC by Adj Close / Close where there is an Adj Close. */
export type ImportAdjustment = "split" | "total" | "none";

export interface ImportBarFilesOptions {
  /**
   * "split" (default): prices as in the file, taken as split-adjusted (Yahoo's Close, Polygon's
   * adjusted=true). "total": with an Adj Close column, open, high, low, close and vwap are multiplied
   * by Adj Close / Close (total-return back-adjusted, like yfinance auto_adjust); without one, the
   * prices are taken as total-return adjusted already (Stooq). "none": as traded.
   */
  adjustment?: ImportAdjustment;
  /** Trading calendar of the bars: "XNYS" (default) or "24x7" ("24/7"): dates of epoch timestamps and the gap check follow it. */
  calendar?: "XNYS" | "24x7" | "24/7";
  /** Name of the source recorded in every sidecar (default "files:<folder name>"). */
  sourceName?: string;
  /** Clock of the import time (tests). */
  now?: () => Date;
  /** Called after each file is read (for a progress bar): files read, in all, and the file name. */
  onFile?: (done: number, total: number, file: string) => void;
}

/** One file's import: where it came from, what was done, what validation removed. */
export interface ImportedFile {
  readonly ticker: string;
  readonly file: string;
  readonly layout: BarFileLayout;
  readonly sha256: string;
  readonly adjustment: AdjustmentBasis;
  readonly adjustmentNote: string;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly validation: ValidationReport;
  readonly notes: readonly string[];
  /** The sidecar written. */
  readonly meta: CacheMetadata;
}

export interface ImportReport {
  readonly folder: string;
  readonly out: string;
  readonly sourceName: string;
  readonly importedAt: string;
  readonly calendar: CalendarName;
  readonly files: readonly ImportedFile[];
  /** Files of the folder that are not .csv or .parquet (listed, never silently skipped). */
  readonly ignored: readonly string[];
}

/** Every file that could not be used, each a `BarFileError` (file, line, field); nothing was written. */
export class BarImportError extends Error {
  constructor(readonly errors: readonly BarFileError[]) {
    super(`import: ${errors.length} file${errors.length === 1 ? "" : "s"} cannot be used, nothing written:\n${errors.map((e) => `  ${e.message}`).join("\n")}`);
    this.name = "BarImportError";
  }
}

const ADJUSTMENT_BASIS: Record<ImportAdjustment, AdjustmentBasis> = { split: "split", total: "split_dividend", none: "none" };

/** Bars back-adjusted to total return: O, H, L, C and vwap times Adj Close / Close (NaN where either is missing). */
function backAdjusted(bars: Bars, adjClose: Float64Array): Bars {
  const n = bars.dates.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = adjClose[i] / bars.close[i];
  const times = (a: Float64Array) => a.map((v, i) => v * f[i]);
  return { ...bars, open: times(bars.open), high: times(bars.high), low: times(bars.low), close: times(bars.close), vwap: times(bars.vwap) };
}

/** The adjusted bars of a file and the sentence saying what was done. */
function adjust(contents: BarFileContents, adjustment: ImportAdjustment): { bars: Bars; note: string; notes: string[] } {
  const notes: string[] = [];
  if (adjustment === "total") {
    if (contents.adjClose) return { bars: backAdjusted(contents.bars, contents.adjClose), note: "split and dividend adjusted: open, high, low, close and vwap back-adjusted by the file's Adj Close / Close", notes };
    notes.push("no Adj Close column: prices taken as total-return adjusted already");
    return { bars: contents.bars, note: "split and dividend adjusted (total-return), as stated at import (--adjustment total), prices as in the file", notes };
  }
  if (contents.adjClose) notes.push(`Adj Close not used (--adjustment ${adjustment})`);
  const note = adjustment === "split" ? "split-adjusted, dividends not adjusted, as stated at import (--adjustment split)" : "as traded, not adjusted, as stated at import (--adjustment none)";
  return { bars: contents.bars, note, notes };
}

/**
 * Import every .csv and .parquet file of `folder` into the dataset folder `out` (created if needed).
 * @throws BarImportError listing every unusable file (file, line, field) before anything is written;
 *   an Error when the folder cannot be read, holds no bar file, or two files are the same ticker
 * @example const report = await importBarFiles("my-csvs", "datasets/mine", { adjustment: "total" }); report.files[0].rowsOut
 */
export async function importBarFiles(folder: string, out: string, options: ImportBarFilesOptions = {}): Promise<ImportReport> {
  const { adjustment = "split", now = () => new Date() } = options;
  const calendar: CalendarName = options.calendar === undefined || options.calendar === "XNYS" ? "XNYS" : "24/7";
  const dir = resolve(folder);
  let names: string[];
  try {
    names = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  } catch (err) {
    throw new Error(`import: cannot read the folder ${folder}: ${(err as Error).message}`);
  }
  const barFiles = names.filter((f) => /\.(csv|parquet)$/i.test(f));
  const ignored = names.filter((f) => !barFiles.includes(f));
  if (barFiles.length === 0) throw new Error(`import: ${folder} holds no .csv or .parquet file (it has ${names.length ? names.join(", ") : "nothing"})`);
  const sourceName = options.sourceName ?? `files:${basename(dir)}`;
  const importedAt = now().toISOString();

  const errors: BarFileError[] = [];
  const read: BarFileContents[] = [];
  for (const name of barFiles) {
    try {
      read.push(await readBarFile(join(dir, name), { calendar }));
    } catch (err) {
      if (err instanceof BarFileError) errors.push(err);
      else throw err;
    }
    options.onFile?.(read.length + errors.length, barFiles.length, name);
  }
  const byTicker = new Map<string, string>();
  for (const c of read) {
    const other = byTicker.get(c.ticker);
    if (other) errors.push(new BarFileError(c.file, 0, "(file)", `holds ${c.ticker}, and so does ${other}: keep one file per ticker`));
    byTicker.set(c.ticker, c.file);
  }
  if (errors.length) throw new BarImportError(errors);

  const files: ImportedFile[] = [];
  const prepared = read.map((c) => {
    const a = adjust(c, adjustment);
    const v = validateBars(a.bars, { calendar });
    return { c, a, v };
  });
  for (const { c, a, v } of prepared) {
    const n = v.bars.dates.length;
    const meta = await writeBarsCache(out, v.bars, {
      requestedFrom: n ? dayToIso(v.bars.dates[0]) : null,
      requestedTo: n ? dayToIso(v.bars.dates[n - 1]) : null,
      adjusted: adjustment !== "none",
      adjustment: ADJUSTMENT_BASIS[adjustment],
      adjustmentNote: a.note,
      fetchedAt: importedAt,
      source: {
        kind: "file",
        origin: sourceName,
        path: c.file,
        note: `imported by alpha-engine import (${c.layout} layout)`,
        fileSha256: c.sha256,
        importedAt,
        layout: c.layout,
        validation: { rowsIn: v.report.rowsIn, rowsOut: v.report.rowsOut, removed: v.report.removed },
      },
      calendar,
    });
    files.push({
      ticker: c.ticker, file: c.file, layout: c.layout, sha256: c.sha256,
      adjustment: ADJUSTMENT_BASIS[adjustment], adjustmentNote: a.note,
      rowsIn: v.report.rowsIn, rowsOut: v.report.rowsOut, firstDate: meta.firstDate, lastDate: meta.lastDate,
      validation: v.report, notes: [...c.notes, ...a.notes], meta,
    });
  }
  return { folder: dir, out: resolve(out), sourceName, importedAt, calendar, files, ignored };
}

/** The validation report of an import, one row per ticker: rows in, rows out, removed by reason, warnings by kind. */
export function importReportTable(report: ImportReport): Record<string, (string | number)[]> {
  const warnings = (r: ValidationReport) =>
    Object.entries(r.counts)
      .filter(([k]) => !(k in r.removed))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none";
  return {
    ticker: report.files.map((f) => f.ticker),
    file: report.files.map((f) => f.file),
    layout: report.files.map((f) => f.layout),
    "rows in": report.files.map((f) => f.rowsIn),
    "rows out": report.files.map((f) => f.rowsOut),
    removed: report.files.map((f) => Object.entries(f.validation.removed).map(([k, v]) => `${k} ${v}`).join(", ") || "none"),
    flagged: report.files.map((f) => warnings(f.validation)),
    first: report.files.map((f) => f.firstDate ?? ""),
    last: report.files.map((f) => f.lastDate ?? ""),
  };
}

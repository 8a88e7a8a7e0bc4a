/** `alpha-engine import`: a folder of bar files (one per ticker) into a dataset folder a study reads. */
import { type CliCommand, UsageError, stringOption } from "./command";

const ADJUSTMENTS = ["split", "total", "none"] as const;
const CALENDARS = ["XNYS", "24x7", "24/7"] as const;

export const importCommand: CliCommand = {
  name: "import",
  summary: "import a folder of CSV/Parquet bar files (one per ticker) into a dataset folder",
  usage: `usage: alpha-engine import <folder> --out <dataset folder> [--adjustment split|total|none] [--calendar XNYS|24x7] [--source-name TEXT] [--json]

  <folder>       one file per ticker, .csv or .parquet; the ticker is the file name (or the file's ticker column).
                 Headers in any case: date|timestamp, open, high, low, close, volume, Adj Close, vwap, transactions
                 (Yahoo, Stooq and Polygon flat-file layouts are recognised)
  --out          the dataset folder to write (Parquet + JSON sidecar per ticker); a study reads it with
                 "data": { "source": "files", "dir": "<dataset folder>" }
  --adjustment   what the prices are adjusted for (default split). total: with Adj Close, open/high/low/close
                 are back-adjusted by Adj Close / Close; without it, the prices are taken as total-return already
  --calendar     XNYS (default, NYSE sessions) or 24x7 (every day: crypto)
  --source-name  the source recorded in every sidecar (default files:<folder name>)
  --json         print the report as JSON instead of a table

Prints the validation report (rows in, rows out, removed rows per reason, flags per ticker). Exits 1,
writing nothing, when a file cannot be used, naming the file, the line and the field.`,
  allowPositionals: true,
  options: {
    out: { type: "string" },
    adjustment: { type: "string", default: "split" },
    calendar: { type: "string", default: "XNYS" },
    "source-name": { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values, positionals) {
    if (positionals.length !== 1) throw new UsageError(`give exactly one folder of bar files (got ${positionals.length ? positionals.join(" ") : "none"})`);
    const out = stringOption(values, "out", true);
    const adjustment = stringOption(values, "adjustment", true);
    const calendar = stringOption(values, "calendar", true);
    if (!(ADJUSTMENTS as readonly string[]).includes(adjustment)) throw new UsageError(`--adjustment must be one of ${ADJUSTMENTS.join(", ")} (got "${adjustment}")`);
    if (!(CALENDARS as readonly string[]).includes(calendar)) throw new UsageError(`--calendar must be XNYS or 24x7 (got "${calendar}")`);
    // Imported here so that `alpha-engine --help` answers without loading the engine.
    const { importBarFiles, importReportTable, BarImportError } = await import("../data/import");
    const { tableText } = await import("../notebook/table");
    const { progressListener } = await import("../util/progress");
    const started = Date.now();
    let report: Awaited<ReturnType<typeof importBarFiles>>;
    try {
      report = await importBarFiles(positionals[0], out, {
        adjustment: adjustment as (typeof ADJUSTMENTS)[number],
        calendar: calendar as (typeof CALENDARS)[number],
        sourceName: stringOption(values, "source-name"),
        onFile: progressListener("import: reading files"),
      });
    } catch (err) {
      if (err instanceof BarImportError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
    const seconds = (Date.now() - started) / 1000;
    if (values.json === true) {
      const files = report.files.map(({ meta: _meta, validation, ...f }) => ({ ...f, removed: validation.removed, counts: validation.counts }));
      console.log(JSON.stringify({ ...report, files }, null, 2));
    } else {
      console.log(tableText(importReportTable(report), { maxRows: 10_000, caption: `import ${report.folder} -> ${report.out} (${report.sourceName}, ${report.calendar})` }));
      for (const f of report.files) for (const note of f.notes) console.log(`${f.ticker}: ${note}`);
      if (report.ignored.length) console.log(`not bar files, not imported: ${report.ignored.join(", ")}`);
    }
    const rows = report.files.reduce((s, f) => s + f.rowsIn, 0);
    console.error(`imported ${report.files.length} tickers, ${rows} rows in ${seconds.toFixed(2)} s: ${report.out}`);
    return 0;
  },
};

/**
 * Reading one file of daily bars someone already has: a CSV (parsed by csv-parse, never split on
 * commas: quoted fields, a byte-order mark and CRLF endings are the library's business) or a
 * Parquet file, in any of the common layouts, into `Bars`. Header names are matched
 * case-insensitively, ignoring spaces, underscores and angle brackets:
 *
 *   Yahoo     Date,Open,High,Low,Close,Adj Close,Volume
 *   Stooq     Date,Open,High,Low,Close,Volume             (also <DATE>,<OPEN>,... and YYYYMMDD dates)
 *   Polygon   ticker,volume,open,close,high,low,window_start,transactions   (flat files, window_start in ns)
 *   generic   date|timestamp, open, high, low, close, volume, vwap, transactions
 *
 * Dates: YYYY-MM-DD (a time after it is ignored: the date is taken as written), YYYYMMDD, or an epoch
 * timestamp in s, ms, us or ns (told apart by magnitude), mapped to the New York calendar date for
 * XNYS and the UTC date for 24/7, as the Polygon client does. Empty cells and "null", "NaN", "NA"
 * are missing values (NaN: validation then removes a row without a price, and counts it); any other
 * text that is not a finite number stops the file with a `BarFileError` naming file, line and field.
 */
import { promises as fs } from "node:fs";
import { basename, extname } from "node:path";
import { parse } from "csv-parse/sync";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import type { Bars } from "./types";
import { createBars } from "./bars";
import { bytesSha256, cacheFileStem, stemNamesTicker } from "./cache";
import { newYorkDay, utcEpochDay } from "./polygonSchema";
import type { CalendarName } from "./calendar";
import { isoToDay } from "../util/dates";

/** A file that cannot be used: which file, which line (1-based, the header is line 1; 0 for the whole file) and which field. */
export class BarFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ""}: ${field}: ${reason}`);
    this.name = "BarFileError";
  }
}

/** The layouts told apart (for the report; reading is the same header matching for all). */
export type BarFileLayout = "yahoo" | "stooq" | "polygon-flat" | "generic";

/** What a bar file's columns mean, and the bars read from it (prices as in the file, not yet adjusted). */
export interface BarFileContents {
  readonly ticker: string;
  readonly file: string;
  readonly layout: BarFileLayout;
  /** "sha256:<hex>" of the file's bytes. */
  readonly sha256: string;
  readonly bars: Bars;
  /** The file's Adj Close column (NaN where empty), or null when it has none. */
  readonly adjClose: Float64Array | null;
  /** Columns present that no role uses, and roles absent (volume, vwap, transactions). */
  readonly notes: readonly string[];
}

type Role = "date" | "open" | "high" | "low" | "close" | "adjClose" | "volume" | "vwap" | "transactions" | "ticker";

/** Header aliases of each role, in priority order (normalised: lower case, letters and digits only). */
const ROLE_ALIASES: Record<Role, readonly string[]> = {
  date: ["date", "timestamp", "windowstart", "datetime", "time", "day", "t"],
  open: ["open", "o"],
  high: ["high", "h"],
  low: ["low", "l"],
  close: ["close", "c"],
  adjClose: ["adjclose", "adjustedclose"],
  volume: ["volume", "vol", "v"],
  vwap: ["vwap", "vw"],
  transactions: ["transactions", "trades", "n"],
  ticker: ["ticker", "symbol"],
};
const REQUIRED: readonly Role[] = ["date", "open", "high", "low", "close"];
const MISSING = new Set(["", "null", "nan", "na", "n/a", "none", "-"]);

const normaliseHeader = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A cell as read: text from a CSV, or a value from Parquet (number, bigint, Date, string, null). */
type Cell = string | number | bigint | Date | null | undefined;

/** The rows of a file as cells under a header, with each row's line (or row) number for messages. */
interface RawTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** The line (1-based, header = 1) of data row r, for messages; for Parquet, r + 1. */
  readonly lineOf: (row: number) => number;
}

/** Which column index plays each role; throws naming the file and the header when a required one is absent. */
function mapColumns(header: readonly string[], file: string): { index: Partial<Record<Role, number>>; unused: string[] } {
  const norm = header.map(normaliseHeader);
  const index: Partial<Record<Role, number>> = {};
  const used = new Set<number>();
  for (const role of Object.keys(ROLE_ALIASES) as Role[]) {
    for (const alias of ROLE_ALIASES[role]) {
      const hits = norm.flatMap((h, i) => (h === alias && !used.has(i) ? [i] : []));
      if (hits.length > 1) throw new BarFileError(file, 1, header[hits[1]], `the header names this column twice (columns ${hits.map((i) => i + 1).join(" and ")})`);
      if (hits.length === 1) {
        index[role] = hits[0];
        used.add(hits[0]);
        break;
      }
    }
  }
  for (const role of REQUIRED) {
    if (index[role] === undefined) {
      throw new BarFileError(file, 1, role, `no ${role} column (the header has ${header.map((h) => JSON.stringify(h)).join(", ")}; expected ${ROLE_ALIASES[role].slice(0, 3).join(" or ")}, any case)`);
    }
  }
  return { index, unused: header.filter((_, i) => !used.has(i)) };
}

/**
 * A CSV file's header and rows (csv-parse: BOM accepted, blank lines skipped; cells are trimmed by
 * their parsers). Line numbers are only needed for an error message, so they are found then, by
 * parsing again with csv-parse's `info` (which costs about a third of the parse): a quoted field may
 * span lines and blank lines are skipped, so a record's index alone does not give its line.
 */
function csvTable(text: string, file: string): RawTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true });
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new BarFileError(file, e.lines ?? 0, "(row)", `not a readable CSV: ${e.message}`);
  }
  if (records.length === 0) throw new BarFileError(file, 0, "(file)", "is empty (no header)");
  let lines: number[] | null = null;
  const lineOf = (row: number) => {
    lines ??= (parse(text, { bom: true, skip_empty_lines: true, info: true }) as unknown as { info: { lines: number } }[]).map((r) => r.info.lines);
    return lines[row + 1];
  };
  return { header: records[0].map((h) => h.trim()), rows: records.slice(1), lineOf };
}

/** A Parquet file's columns and rows, read with hyparquet (any column names; dates may be DATE, TIMESTAMP, integers or text). */
async function parquetTable(bytes: Uint8Array, file: string): Promise<RawTable> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let header: string[];
  let objects: Record<string, Cell>[];
  try {
    const metadata = parquetMetadata(buffer);
    header = metadata.schema.slice(1).map((s) => s.name);
    objects = (await parquetReadObjects({ file: buffer, metadata })) as Record<string, Cell>[];
  } catch (err) {
    throw new BarFileError(file, 0, "(file)", `not a readable Parquet file: ${(err as Error).message}`);
  }
  return { header, rows: objects.map((o) => header.map((h) => o[h])), lineOf: (row) => row + 1 };
}

/** Epoch milliseconds of a numeric timestamp, its unit told by magnitude (s, ms, us, ns). */
function epochMs(x: number): number {
  const a = Math.abs(x);
  if (a >= 1e17) return x / 1e6; // nanoseconds (Polygon flat files' window_start)
  if (a >= 1e14) return x / 1e3; // microseconds
  if (a >= 1e11) return x; // milliseconds (Polygon REST `t`)
  return x * 1000; // seconds
}

/**
 * The epoch day of a date cell, or a reason it is not one. ISO dates keep the date as written (a
 * time or zone after it is ignored); numbers are timestamps mapped to the calendar's local date.
 */
function cellDay(cell: Cell, calendar: CalendarName): number | string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "an invalid date" : utcEpochDay(cell.getTime());
  if (typeof cell === "bigint") cell = Number(cell);
  const toDay = (ms: number) => (calendar === "24/7" ? utcEpochDay(ms) : newYorkDay(ms));
  if (typeof cell === "number") return Number.isFinite(cell) ? toDay(epochMs(cell)) : `${cell} is not a timestamp`;
  const s = (cell ?? "").trim();
  if (s === "") return "is empty";
  let iso: string | null = null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(s);
  if (m) iso = m[1];
  else if (/^\d{8}$/.test(s) && s >= "19000101" && s <= "21001231") iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  else if (/^-?\d+(\.\d+)?$/.test(s)) return toDay(epochMs(Number(s)));
  if (iso === null) return `"${s}" is not YYYY-MM-DD, YYYYMMDD or an epoch timestamp`;
  try {
    return isoToDay(iso);
  } catch {
    return `"${s}" is not a calendar date`;
  }
}

/** A number cell: NaN when missing, the value when finite, else a reason. */
function cellNumber(cell: Cell): number | string {
  if (cell === null || cell === undefined) return NaN;
  if (typeof cell === "number") return Number.isFinite(cell) || Number.isNaN(cell) ? cell : `${cell} is not a finite number`;
  if (typeof cell === "bigint") return Number(cell);
  if (cell instanceof Date) return `a date (${cell.toISOString()}) where a number belongs`;
  const s = cell.trim();
  if (s === "") return NaN; // Number("") is 0
  const x = Number(s);
  if (x === x) return Number.isFinite(x) ? x : `"${s}" is not a finite number`;
  if (MISSING.has(s.toLowerCase())) return NaN;
  return `"${s}" is not a number`;
}

function layoutOf(index: Partial<Record<Role, number>>, header: readonly string[]): BarFileLayout {
  if (index.adjClose !== undefined) return "yahoo";
  if (index.date !== undefined && normaliseHeader(header[index.date]) === "windowstart") return "polygon-flat";
  if (index.volume !== undefined && index.vwap === undefined && index.transactions === undefined && header.length === 6) return "stooq";
  return "generic";
}

/**
 * Read one bar file (.csv or .parquet). The ticker is the file name without its extension, or the
 * file's ticker column when it has one (so `X_BTCUSD.csv` may hold X:BTCUSD): every row must name
 * the same ticker, whose file-name form is the file's name. Rows are returned in file order (not
 * sorted, not validated: `validateBars` does that and counts what it removes).
 * @throws BarFileError naming the file, the line and the field: unreadable file, a required column
 *   (date, open, high, low, close) absent, a date that is not one, a number that is not finite
 */
export async function readBarFile(path: string, { calendar = "XNYS" }: { calendar?: CalendarName } = {}): Promise<BarFileContents> {
  const file = basename(path);
  const ext = extname(file).toLowerCase();
  if (ext !== ".csv" && ext !== ".parquet") throw new BarFileError(file, 0, "(file)", "is neither .csv nor .parquet");
  const bytes = await fs.readFile(path);
  const table = ext === ".csv" ? csvTable(bytes.toString("utf8"), file) : await parquetTable(bytes, file);
  const { index, unused } = mapColumns(table.header, file);
  const n = table.rows.length;
  const col = (role: Role) => (index[role] === undefined ? null : new Float64Array(n));
  const dates = new Int32Array(n);
  const open = col("open")!, high = col("high")!, low = col("low")!, close = col("close")!;
  const adjClose = col("adjClose"), volume = col("volume"), vwap = col("vwap"), transactions = col("transactions");
  const numeric: [Role, Float64Array | null][] = [["open", open], ["high", high], ["low", low], ["close", close], ["adjClose", adjClose], ["volume", volume], ["vwap", vwap], ["transactions", transactions]];
  const stem = file.slice(0, -ext.length);
  let ticker: string | null = null;
  for (let r = 0; r < n; r++) {
    const row = table.rows[r];
    const at = (role: Role) => row[index[role]!];
    const day = cellDay(at("date"), calendar);
    if (typeof day === "string") throw new BarFileError(file, table.lineOf(r), table.header[index.date!].trim(), `date ${day}`);
    dates[r] = day;
    for (const [role, out] of numeric) {
      if (!out) continue;
      const v = cellNumber(at(role));
      if (typeof v === "string") throw new BarFileError(file, table.lineOf(r), table.header[index[role]!].trim(), v);
      out[r] = v;
    }
    if (index.ticker !== undefined) {
      const t = String(at("ticker") ?? "").trim();
      if (ticker === null) ticker = t;
      else if (t !== ticker) throw new BarFileError(file, table.lineOf(r), table.header[index.ticker].trim(), `"${t}" after "${ticker}": one file holds one ticker (split the file by ticker)`);
    }
  }
  if (ticker !== null && !stemNamesTicker(stem, ticker)) {
    throw new BarFileError(file, n > 0 ? table.lineOf(0) : 0, table.header[index.ticker!].trim(), `the file name says "${stem}" but the rows say "${ticker}": rename the file ${cacheFileStem(ticker)}${ext}`);
  }
  const notes: string[] = [];
  if (unused.length) notes.push(`columns not used: ${unused.join(", ")}`);
  const absent = (["volume", "vwap", "transactions"] as const).filter((role) => index[role] === undefined);
  if (absent.length) notes.push(`no ${absent.join(", ")} column${absent.length > 1 ? "s" : ""} (NaN)`);
  const bars = createBars(ticker || stem, { dates, open, high, low, close, volume: volume ?? undefined, vwap: vwap ?? undefined, transactions: transactions ?? undefined });
  return { ticker: bars.ticker, file, layout: layoutOf(index, table.header), sha256: bytesSha256(bytes), bars, adjClose, notes };
}

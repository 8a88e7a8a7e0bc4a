import { sendBundle } from "./kernel";
import { escapeHtml } from "../util/html";
import { columnFormatter, formatNumber } from "../util/format";

type Cell = number | string | boolean | null | undefined;
/** Our column table: column name -> values, all columns the same length. */
export type ColumnTable = Record<string, ArrayLike<Cell>>;

/** The part of a danfo.js DataFrame we read (columns and row-major values). */
interface DataFrameLike {
  columns: string[];
  values: unknown[];
  index?: unknown[];
}

export interface TableOptions {
  /** Significant digits of each number column's largest magnitude; the column's decimals follow (default 4, see util/format). */
  digits?: number;
  /** Fixed decimals: one number for every number column, or per column name (default: from `digits`). */
  decimals?: number | Readonly<Record<string, number>>;
  /** Rows shown before the table is cut (head and tail shown, default 40). */
  maxRows?: number;
  /** A caption above the table. */
  caption?: string;
  /** Columns whose numbers are shown as percentages (x 100, "%" suffix). */
  percent?: readonly string[];
}

/** Accept our column table or a danfo DataFrame; return a column table. */
export function toColumnTable(table: ColumnTable | DataFrameLike): ColumnTable {
  if (isDataFrame(table)) {
    const out: ColumnTable = {};
    const rows = table.values as unknown[][];
    // A default 0..n-1 index says nothing; a labelled one (dates, tickers) is the first column.
    const index = table.index;
    if (index && !index.every((v, i) => v === i)) out[""] = index as Cell[];
    table.columns.forEach((name, c) => {
      out[name] = rows.map((row) => (Array.isArray(row) ? (row[c] as Cell) : (row as Cell)));
    });
    return out;
  }
  return table;
}

function isDataFrame(t: unknown): t is DataFrameLike {
  return typeof t === "object" && t !== null && Array.isArray((t as DataFrameLike).columns) && Array.isArray((t as DataFrameLike).values);
}

function rowCount(table: ColumnTable): number {
  const lengths = Object.entries(table).map(([name, col]) => [name, col.length] as const);
  if (lengths.length === 0) return 0;
  const n = lengths[0][1];
  const bad = lengths.find(([, len]) => len !== n);
  if (bad) throw new Error(`table column "${bad[0]}" has ${bad[1]} rows where "${lengths[0][0]}" has ${n}`);
  return n;
}

/** True for a column whose cells are numbers (NaN, null and undefined allowed): right-aligned. */
function isNumberColumn(col: ArrayLike<Cell>): boolean {
  let numbers = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (typeof v === "number") numbers++;
    else if (v !== null && v !== undefined) return false;
  }
  return numbers > 0;
}

const FORMATTED_NUMBER = /^(?:[-+−]?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?(?:%|x)?|–|∞|−∞)$/;

/** A column of text cells each of which is a formatted number (or "–"), with at least one number. */
function isFormattedNumberColumn(col: ArrayLike<unknown>): boolean {
  let numbers = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (typeof v !== "string" || !FORMATTED_NUMBER.test(v)) return false;
    if (v !== "–") numbers++;
  }
  return numbers > 0;
}

/** Each column's cell text, numbers by one formatter per column (fixed decimals, util/format). */
function columnCells(table: ColumnTable, options: TableOptions): Record<string, { numeric: boolean; text: (i: number) => string }> {
  const { digits = 4, decimals, percent = [] } = options;
  const out: Record<string, { numeric: boolean; text: (i: number) => string }> = {};
  for (const [name, col] of Object.entries(table)) {
    // numbers, or text that is already a formatted number ("12.34%", "4,077", "–"): right-aligned alike
    const numeric = isNumberColumn(col) || isFormattedNumberColumn(col);
    const fixed = typeof decimals === "number" ? decimals : decimals?.[name];
    const format = numeric && isNumberColumn(col) ? columnFormatter(col, { digits, decimals: fixed, percent: percent.includes(name) }) : null;
    out[name] = {
      numeric,
      text: (i) => {
        const v = col[i];
        if (typeof v === "number") return format ? format(v) : formatNumber(v, digits);
        if (v === null || v === undefined) return "–";
        return String(v);
      },
    };
  }
  return out;
}

function shownRows(n: number, maxRows: number): (number | null)[] {
  if (n <= maxRows) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil(maxRows / 2);
  const tail = maxRows - head;
  return [...Array.from({ length: head }, (_, i) => i), null, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

/** The table as HTML: numbers right-aligned and formatted, long tables cut with an ellipsis row. */
export function tableHtml(input: ColumnTable | DataFrameLike, options: TableOptions = {}): string {
  const { maxRows = 40, caption } = options;
  const table = toColumnTable(input);
  const names = Object.keys(table);
  const n = rowCount(table);
  const cells = columnCells(table, options);
  const style =
    "<style>.cae-table{border-collapse:collapse;font:12px/1.4 system-ui,sans-serif;margin:4px 0}" +
    ".cae-table th,.cae-table td{padding:3px 8px;border-bottom:1px solid #ddd}" +
    ".cae-table th{background:#f5f5f5}.cae-table .num{text-align:right;font-variant-numeric:tabular-nums}.cae-table .txt{text-align:left}" +
    ".cae-caption{font:600 12px/1.4 system-ui,sans-serif;padding:4px 0;max-width:60em}</style>";
  const head = `<tr>${names.map((c) => `<th class="${cells[c].numeric ? "num" : "txt"}">${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = shownRows(n, maxRows)
    .map((i) => {
      if (i === null) return `<tr>${names.map((c) => `<td class="${cells[c].numeric ? "num" : "txt"}">…</td>`).join("")}</tr>`;
      return `<tr>${names.map((c) => `<td class="${cells[c].numeric ? "num" : "txt"}">${escapeHtml(cells[c].text(i))}</td>`).join("")}</tr>`;
    })
    .join("");
  // a block above the table, not a <caption>, which would wrap to the table's width
  const cap = caption ? `<div class="cae-caption">${escapeHtml(caption)}</div>` : "";
  const footer = n > maxRows ? `<div style="font:11px system-ui;color:#666">${n.toLocaleString("en-US")} rows × ${names.length} columns</div>` : "";
  return `${style}${cap}<table class="cae-table"><thead>${head}</thead><tbody>${body}</tbody></table>${footer}`;
}

/** The table as aligned plain text, for terminals and the text/plain fallback. */
export function tableText(input: ColumnTable | DataFrameLike, options: TableOptions = {}): string {
  const { maxRows = 40, caption } = options;
  const table = toColumnTable(input);
  const names = Object.keys(table);
  const cells = columnCells(table, options);
  const rows = shownRows(rowCount(table), maxRows).map((i) => names.map((c) => (i === null ? "…" : cells[c].text(i))));
  const widths = names.map((c, k) => Math.max(c.length, ...rows.map((r) => r[k].length)));
  // numbers (and percentages) right-aligned, text left-aligned, as in the HTML
  const line = (texts: string[]) => texts.map((s, k) => (cells[names[k]].numeric ? s.padStart(widths[k]) : s.padEnd(widths[k]))).join("  ").trimEnd();
  return [caption ?? "", line(names), ...rows.map(line)].filter((s) => s !== "").join("\n");
}

/** Show a table inline (HTML with a text fallback); outside a notebook it prints the text. */
export function showTable(table: ColumnTable | DataFrameLike, options: TableOptions = {}): void {
  const text = tableText(table, options);
  if (!sendBundle({ "text/html": tableHtml(table, options), "text/plain": text })) console.log(text);
}

/** Show a markdown string inline (for computed prose such as a findings summary). */
export function showMarkdown(markdown: string): void {
  if (!sendBundle({ "text/markdown": markdown, "text/plain": markdown })) console.log(markdown);
}

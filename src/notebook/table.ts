import { sendBundle } from "./kernel";
import { escapeHtml } from "../util/html";

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
  /** Significant decimals for numbers that are not whole (default 4). */
  digits?: number;
  /** Rows shown before the table is cut (head and tail shown, default 40). */
  maxRows?: number;
  /** A caption above the table. */
  caption?: string;
  /** Columns whose numbers are shown as percentages (x 100, "%" suffix). */
  percent?: readonly string[];
}

/**
 * A number for a human: thousands separators for large values, `digits` significant decimals
 * for small ones, "–" for NaN / null, exponent form for very large or very small magnitudes.
 */
export function formatNumber(x: number, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString("en-US");
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-4 || ax >= 1e12)) return x.toExponential(Math.max(0, digits - 1));
  if (ax >= 1000) return x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return x.toLocaleString("en-US", { maximumSignificantDigits: digits, useGrouping: false });
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

function formatCell(v: Cell, digits: number, percent: boolean): string {
  if (typeof v === "number") return percent && Number.isFinite(v) ? `${formatNumber(v * 100, digits)}%` : formatNumber(v, digits);
  if (v === null || v === undefined) return "–";
  return String(v);
}

function shownRows(n: number, maxRows: number): (number | null)[] {
  if (n <= maxRows) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil(maxRows / 2);
  const tail = maxRows - head;
  return [...Array.from({ length: head }, (_, i) => i), null, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

/** The table as HTML: numbers right-aligned and formatted, long tables cut with an ellipsis row. */
export function tableHtml(input: ColumnTable | DataFrameLike, options: TableOptions = {}): string {
  const { digits = 4, maxRows = 40, caption, percent = [] } = options;
  const table = toColumnTable(input);
  const names = Object.keys(table);
  const n = rowCount(table);
  const style =
    "<style>.cae-table{border-collapse:collapse;font:12px/1.4 system-ui,sans-serif;margin:4px 0}" +
    ".cae-table th,.cae-table td{padding:3px 8px;border-bottom:1px solid #ddd}" +
    ".cae-table th{text-align:right;background:#f5f5f5}.cae-table td.num{text-align:right;font-variant-numeric:tabular-nums}" +
    ".cae-table caption{text-align:left;font-weight:600;padding:4px 0}</style>";
  const head = `<tr>${names.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = shownRows(n, maxRows)
    .map((i) => {
      if (i === null) return `<tr>${names.map(() => "<td>…</td>").join("")}</tr>`;
      return `<tr>${names
        .map((c) => {
          const v = table[c][i];
          return `<td class="${typeof v === "number" ? "num" : "txt"}">${escapeHtml(formatCell(v, digits, percent.includes(c)))}</td>`;
        })
        .join("")}</tr>`;
    })
    .join("");
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : "";
  const footer = n > maxRows ? `<div style="font:11px system-ui;color:#666">${n.toLocaleString("en-US")} rows × ${names.length} columns</div>` : "";
  return `${style}<table class="cae-table">${cap}<thead>${head}</thead><tbody>${body}</tbody></table>${footer}`;
}

/** The table as aligned plain text, for terminals and the text/plain fallback. */
export function tableText(input: ColumnTable | DataFrameLike, options: TableOptions = {}): string {
  const { digits = 4, maxRows = 40, caption, percent = [] } = options;
  const table = toColumnTable(input);
  const names = Object.keys(table);
  const rows = shownRows(rowCount(table), maxRows).map((i) =>
    names.map((c) => (i === null ? "…" : formatCell(table[c][i], digits, percent.includes(c)))),
  );
  const widths = names.map((c, k) => Math.max(c.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((s, k) => s.padStart(widths[k])).join("  ");
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

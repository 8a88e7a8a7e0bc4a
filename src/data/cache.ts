/**
 * The bar cache on disk: one snappy-compressed Parquet file per ticker plus a JSON sidecar.
 *
 *   <dir>/<stem>.parquet   columns date (INT32, logical DATE = epoch days), open, high, low, close,
 *                          volume, vwap, transactions (DOUBLE, NaN where the source has nothing)
 *   <dir>/<stem>.json      `CacheMetadata`: symbol, range, adjusted flag and adjustment basis,
 *                          fetched-at, row count, SHA-256 of the Parquet bytes, source
 *
 * Writes are atomic (temporary file in the same folder, then rename: a reader sees the old file or
 * the new one, never half of one). The Parquet file is written before its sidecar, so a crash between
 * the two leaves a sidecar whose hash no longer matches: `readBarsCache` reports it `corrupt` and the
 * caller refetches. The shipped dataset in `data/` and the client's cache use this same format.
 *
 * This is the only module that touches Parquet; readers elsewhere call `readBarsCache`.
 */
import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parquetMetadata, parquetRead } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { Bars } from "./types";
import { dayToIso } from "../util/dates";

/** Format tag written in every sidecar; bump when the layout changes. */
export const BARS_CACHE_FORMAT = "cross-asset-alpha-engine/bars@1";

/**
 * What the prices are adjusted for. Polygon's `adjusted=true` is `split` (dividends never);
 * Yahoo's auto-adjusted series are `split_dividend` (total-return back-adjusted); raw is `none`.
 */
export const AdjustmentBasisSchema = z.enum(["split_dividend", "split", "none"]);
export type AdjustmentBasis = z.infer<typeof AdjustmentBasisSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const CacheMetadataShape = z
  .object({
    format: z.literal(BARS_CACHE_FORMAT),
    /** The ticker as the vendor spells it (e.g. "SPY", "X:BTCUSD"). */
    symbol: z.string().min(1),
    /** First and last bar dates (null when the file has no rows). */
    firstDate: isoDate.nullable(),
    lastDate: isoDate.nullable(),
    /** The range that was asked for (the cache covers it even where no bars exist, e.g. holidays). */
    requestedFrom: isoDate.nullable(),
    requestedTo: isoDate.nullable(),
    /** The vendor's adjusted flag (Polygon `adjusted`). */
    adjusted: z.boolean(),
    adjustment: AdjustmentBasisSchema,
    /** Human-readable statement of the basis, shown in notebooks. */
    adjustmentNote: z.string(),
    /** When the bars were fetched or built (ISO timestamp, UTC). */
    fetchedAt: z.string(),
    rowCount: z.number().int().nonnegative(),
    /** "sha256:<hex>" of the Parquet file's bytes. */
    contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    /** Where the bars came from. Never contains an API key (URLs are stored without query strings). */
    source: z
      .object({
        kind: z.enum(["polygon", "file"]),
        /** e.g. "https://api.massive.com" or "guydekowski/market-lab". */
        origin: z.string(),
        path: z.string().optional(),
        commit: z.string().optional(),
        note: z.string().optional(),
      })
      .passthrough(),
    /** Whether the file's vwap / transactions columns hold the source's values ("source") or NaN ("none"). */
    vwap: z.enum(["source", "none"]),
    transactions: z.enum(["source", "none"]),
    /** Calendar the dates follow: US equity sessions or every day (crypto). */
    calendar: z.enum(["XNYS", "24/7"]),
  });
/** The sidecar schema; unknown keys pass through (a newer writer may add some). */
export const CacheMetadataSchema = CacheMetadataShape.passthrough();
export type CacheMetadata = z.infer<typeof CacheMetadataShape>;

/** The fields a writer supplies; the rest (format, symbol, dates, count, hash) are derived from the bars. */
export type CacheMetadataInput = Omit<CacheMetadata, "format" | "symbol" | "firstDate" | "lastDate" | "rowCount" | "contentHash" | "vwap" | "transactions">;

/** Result of reading one ticker from the cache: never throws for a bad file, it says why. */
export type CacheRead =
  | { status: "ok"; bars: Bars; meta: CacheMetadata }
  | { status: "missing"; ticker: string }
  | { status: "corrupt"; ticker: string; reason: string };

/** File name stem for a ticker: characters other than letters, digits, dot and dash become "_" ("X:BTCUSD" -> "X_BTCUSD"). */
export function cacheFileStem(ticker: string): string {
  if (!ticker) throw new Error("cacheFileStem: empty ticker");
  return ticker.replace(/[^A-Za-z0-9.\-]/g, "_");
}

/** Paths of a ticker's Parquet file and sidecar inside a cache folder. */
export function cachePaths(dir: string, ticker: string): { parquet: string; sidecar: string } {
  const stem = cacheFileStem(ticker);
  return { parquet: join(dir, `${stem}.parquet`), sidecar: join(dir, `${stem}.json`) };
}

function allNaN(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === a[i]) return false;
  return true;
}

/** "sha256:<hex>" of some bytes. */
export function bytesSha256(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

const SCHEMA = [
  { name: "root", num_children: 8 },
  { name: "date", type: "INT32", repetition_type: "REQUIRED", converted_type: "DATE", logical_type: { type: "DATE" } },
  ...["open", "high", "low", "close", "volume", "vwap", "transactions"].map((name) => ({ name, type: "DOUBLE", repetition_type: "REQUIRED" })),
] as const;

/**
 * Encode bars as a snappy Parquet file (in memory). Doubles use BYTE_STREAM_SPLIT encoding, which
 * lets snappy find the repeated exponent bytes of prices (about 15% smaller than PLAIN on daily bars).
 * `kv` is stored in the file footer (we put the symbol and basis there too, for other readers).
 */
export function barsToParquet(bars: Bars, kv: Record<string, string> = {}): Uint8Array {
  const dbl = (name: string, data: Float64Array) => ({ name, data, encoding: "BYTE_STREAM_SPLIT" as const });
  const buf = parquetWriteBuffer({
    codec: "SNAPPY",
    schema: SCHEMA as unknown as Parameters<typeof parquetWriteBuffer>[0]["schema"],
    columnData: [
      { name: "date", data: bars.dates },
      dbl("open", bars.open), dbl("high", bars.high), dbl("low", bars.low), dbl("close", bars.close),
      dbl("volume", bars.volume), dbl("vwap", bars.vwap), dbl("transactions", bars.transactions),
    ],
    kvMetadata: Object.entries(kv).map(([key, value]) => ({ key, value })),
    createdBy: "cross-asset-alpha-engine (hyparquet-writer)",
  });
  return new Uint8Array(buf);
}

/**
 * Decode a bars Parquet file written by `barsToParquet` (or any file with those column names:
 * date as DATE/INT32 epoch days, prices as DOUBLE; vwap and transactions optional).
 * @throws naming the ticker when a required column is missing or lengths disagree
 */
export async function parquetToBars(bytes: Uint8Array, ticker: string): Promise<Bars> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const n = Number(metadata.num_rows);
  const names = metadata.schema.slice(1).map((s) => s.name);
  for (const need of ["date", "open", "high", "low", "close"]) {
    if (!names.includes(need)) throw new Error(`parquetToBars(${ticker}): column "${need}" is missing (have ${names.join(", ")})`);
  }
  const cols: Record<string, Float64Array> = {};
  for (const name of names) cols[name] = new Float64Array(n).fill(NaN);
  const dates = new Int32Array(n);
  await parquetRead({
    file,
    metadata,
    parsers: { dateFromDays: (d: number) => d },
    onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
      const target = columnName === "date" ? dates : cols[columnName];
      if (!target) return;
      const len = Math.min(rowEnd, n) - rowStart;
      for (let i = 0; i < len; i++) target[rowStart + i] = Number(columnData[i]);
    },
  });
  const nan = () => new Float64Array(n).fill(NaN);
  const vwap = cols.vwap ?? nan();
  return {
    ticker,
    dates,
    open: cols.open, high: cols.high, low: cols.low, close: cols.close,
    volume: cols.volume ?? nan(), vwap, transactions: cols.transactions ?? nan(),
    vwapEstimated: false,
    vwapEstimator: null,
  };
}

/** Write bytes to `path` atomically: a temporary file in the same folder, fsync, then rename. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await fs.open(tmp, "w");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Write one ticker's bars to the cache (Parquet, then sidecar; each atomically) and return the sidecar.
 * Bars whose vwap is an estimate are refused: the cache stores only what the source gave.
 * @throws when `bars.vwapEstimated` is true, or on I/O errors
 */
export async function writeBarsCache(dir: string, bars: Bars, input: CacheMetadataInput): Promise<CacheMetadata> {
  if (bars.vwapEstimated) throw new Error(`writeBarsCache(${bars.ticker}): refusing to store an estimated VWAP (${bars.vwapEstimator}); cache the source's columns only`);
  await fs.mkdir(dir, { recursive: true });
  const n = bars.dates.length;
  const partial = {
    format: BARS_CACHE_FORMAT,
    symbol: bars.ticker,
    firstDate: n ? dayToIso(bars.dates[0]) : null,
    lastDate: n ? dayToIso(bars.dates[n - 1]) : null,
    ...input,
    rowCount: n,
    vwap: allNaN(bars.vwap) ? "none" : "source",
    transactions: allNaN(bars.transactions) ? "none" : "source",
  } as const;
  const bytes = barsToParquet(bars, {
    "caae.symbol": bars.ticker,
    "caae.adjustment": input.adjustment,
    "caae.source": `${input.source.kind}:${input.source.origin}`,
  });
  const meta = CacheMetadataSchema.parse({ ...partial, contentHash: bytesSha256(bytes) });
  const paths = cachePaths(dir, bars.ticker);
  await writeFileAtomic(paths.parquet, bytes);
  await writeFileAtomic(paths.sidecar, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

/** Read and check just the sidecar of a ticker (no Parquet decoding). */
export async function readCacheMetadata(dir: string, ticker: string): Promise<CacheMetadata | null> {
  try {
    const text = await fs.readFile(cachePaths(dir, ticker).sidecar, "utf8");
    return CacheMetadataSchema.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * Read one ticker from the cache and prove it whole: the sidecar parses, the Parquet bytes hash to
 * the sidecar's `contentHash`, the file's row count and the decoded columns match `rowCount`, and the
 * dates ascend strictly. Anything else is `corrupt` with the reason (a truncated write, a hand edit);
 * the caller refetches rather than using it.
 */
export async function readBarsCache(dir: string, ticker: string): Promise<CacheRead> {
  const paths = cachePaths(dir, ticker);
  let sidecarText: string;
  try {
    sidecarText = await fs.readFile(paths.sidecar, "utf8");
  } catch {
    return { status: "missing", ticker };
  }
  let meta: CacheMetadata;
  try {
    meta = CacheMetadataSchema.parse(JSON.parse(sidecarText));
  } catch (err) {
    return { status: "corrupt", ticker, reason: `sidecar ${paths.sidecar} does not parse: ${(err as Error).message.slice(0, 200)}` };
  }
  if (meta.symbol !== ticker) return { status: "corrupt", ticker, reason: `sidecar is for ${meta.symbol}, not ${ticker}` };
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(paths.parquet);
  } catch {
    return { status: "corrupt", ticker, reason: `sidecar present but ${paths.parquet} is missing` };
  }
  const hash = bytesSha256(bytes);
  if (hash !== meta.contentHash) return { status: "corrupt", ticker, reason: `content hash mismatch (${bytes.byteLength} bytes on disk; sidecar ${meta.contentHash.slice(0, 19)}..., file ${hash.slice(0, 19)}...)` };
  let bars: Bars;
  try {
    bars = await parquetToBars(bytes, ticker);
  } catch (err) {
    return { status: "corrupt", ticker, reason: `Parquet does not decode: ${(err as Error).message.slice(0, 200)}` };
  }
  if (bars.dates.length !== meta.rowCount) return { status: "corrupt", ticker, reason: `row count ${bars.dates.length} differs from sidecar ${meta.rowCount}` };
  for (let i = 1; i < bars.dates.length; i++) {
    if (bars.dates[i] <= bars.dates[i - 1]) return { status: "corrupt", ticker, reason: `dates not strictly ascending at row ${i} (${dayToIso(bars.dates[i])})` };
  }
  return { status: "ok", bars, meta };
}

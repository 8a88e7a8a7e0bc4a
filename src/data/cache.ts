/**
 * The bar cache on disk: one snappy-compressed Parquet file per ticker plus a JSON sidecar.
 *
 *   <dir>/<stem>.parquet   columns date (INT32, logical DATE = epoch days), open, high, low, close,
 *                          volume, vwap, transactions (DOUBLE, NaN where the source has nothing)
 *   <dir>/<stem>.json      `CacheMetadata`: symbol, range, adjusted flag and adjustment basis,
 *                          fetched-at, row count, SHA-256 of the Parquet bytes, source
 *
 * `<stem>` is `cacheFileStem(ticker)`: an injective, folder-safe encoding of the ticker (files named
 * by the older lossy rule, e.g. `X_BTCUSD`, are still read when their sidecar names the ticker, and
 * replaced on the next write).
 *
 * Writes are atomic (temporary file in the same folder, then rename: a reader sees the old file or
 * the new one, never half of one). The Parquet file is written before its sidecar, so a crash between
 * the two leaves a sidecar whose hash no longer matches: `readBarsCache` reports it `corrupt` and the
 * caller refetches. The shipped dataset in `data/` and the client's cache use this same format.
 *
 * This is the only module that touches Parquet; readers elsewhere call `readBarsCache`.
 */
import { atomicTempPath, writeFileAtomic } from "../util/atomicFile";
import { createHash } from "node:crypto";
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

/** One difference between the cache and the vendor, found by the overlap check of an update. */
export const RestatementSchema = z.object({
  /** When it was seen (ISO timestamp, UTC). */
  detectedAt: z.string(),
  /** The overlap window compared (ISO dates). */
  windowFrom: isoDate,
  windowTo: isoDate,
  /** Bars that differed (or were only on one side) in the window. */
  differences: z.number().int().positive(),
  /** The first difference: date, field, cached value, vendor value (null where a side has no bar). */
  date: isoDate,
  field: z.string(),
  cached: z.number().nullable(),
  vendor: z.number().nullable(),
}).passthrough();
export type Restatement = z.infer<typeof RestatementSchema>;

/** A problem the client noticed in the vendor's response; copied into the validation report. */
export const SourceIssueSchema = z.object({
  kind: z.enum(["duplicate_dropped", "resorted", "out_of_range"]),
  /** ISO date of the (first) bar concerned. */
  date: isoDate,
  message: z.string(),
}).passthrough();
export type SourceIssue = z.infer<typeof SourceIssueSchema>;

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
    /**
     * Live cache: the last day the vendor was asked about after that day's session had closed and
     * settled (bars up to here are what the vendor had). Absent in files written before it existed:
     * readers then take `lastDate`, so an unreceived tail is asked for again.
     */
    checkedThrough: isoDate.nullable().optional(),
    /** Live cache: every restatement the overlap check saw (newest last), each followed by a full refetch. */
    restatements: z.array(RestatementSchema).optional(),
    /** Live cache: what the client noticed while fetching these bars (duplicates dropped, re-sorted or out-of-range bars). */
    sourceIssues: z.array(SourceIssueSchema).optional(),
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

// Windows device names: a file "CON.json" cannot exist there, so their first letter is escaped.
const RESERVED_STEM = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * File name stem for a ticker: an injective, folder-safe encoding. Upper-case letters, digits and
 * "-" stay; "." stays except in first place (no hidden files, no "." or ".."); every other byte of
 * the UTF-8 form becomes "_" and two upper-case hex digits ("_" itself is "_5F"). Lower-case letters
 * are escaped too, so two tickers never collide on a case-insensitive file system (macOS, Windows).
 * Different tickers always give different stems, and no stem holds a path separator.
 * @throws when the ticker is empty or its stem would pass 200 bytes
 * @example cacheFileStem("X:BTCUSD") // => "X_3ABTCUSD"; cacheFileStem("^GSPC") // => "_5EGSPC"
 */
export function cacheFileStem(ticker: string): string {
  if (!ticker) throw new Error("cacheFileStem: empty ticker");
  let out = "";
  const bytes = Buffer.from(ticker, "utf8");
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const keep = (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || (b === 0x2e && i > 0);
    out += keep ? String.fromCharCode(b) : `_${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  if (RESERVED_STEM.test(out)) out = `_${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}`;
  if (out.length > 200) throw new Error(`cacheFileStem: ticker ${JSON.stringify(ticker.slice(0, 40))}... is too long for a file name (${out.length} bytes encoded)`);
  return out;
}

/** The stem of the first cache format (lossy: "X:BTCUSD" and "X_BTCUSD" shared a file); read as a fallback only. */
function legacyCacheFileStem(ticker: string): string {
  return ticker.replace(/[^A-Za-z0-9.\-]/g, "_");
}

/**
 * Whether a file stem names this ticker: the ticker itself, its cache stem, or the first cache
 * format's stem (so files named "X_BTCUSD" by older versions or by hand still import as X:BTCUSD).
 */
export function stemNamesTicker(stem: string, ticker: string): boolean {
  return stem === ticker || stem === cacheFileStem(ticker) || stem === legacyCacheFileStem(ticker);
}

/** Paths of a ticker's Parquet file and sidecar inside a cache folder. */
export function cachePaths(dir: string, ticker: string): { parquet: string; sidecar: string } {
  const stem = cacheFileStem(ticker);
  return { parquet: join(dir, `${stem}.parquet`), sidecar: join(dir, `${stem}.json`) };
}

/** Paths under the old naming rule, when they differ from `cachePaths` and stay inside the folder; else null. */
function legacyCachePaths(dir: string, ticker: string): { parquet: string; sidecar: string } | null {
  const stem = legacyCacheFileStem(ticker);
  if (stem === cacheFileStem(ticker) || stem.startsWith(".")) return null;
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

/**
 * Remove the temporary files a killed write of this ticker left in a cache folder (names as
 * `atomicTempPath` makes them). Call it only while holding the ticker's lock: then no live writer
 * owns any of them. Returns the names removed.
 */
export async function removeStaleTempFiles(dir: string, ticker: string): Promise<string[]> {
  const stems = [cacheFileStem(ticker), legacyCacheFileStem(ticker)];
  const pattern = new RegExp(`^(?:${stems.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\.(?:parquet|json)\\.\\d+\\.[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed = names.filter((n) => pattern.test(n));
  for (const n of removed) await fs.rm(join(dir, n), { force: true });
  return removed;
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
  // Migration: a file of this ticker under the old name is now superseded.
  const legacy = legacyCachePaths(dir, bars.ticker);
  if (legacy && (await readSidecarAt(legacy.sidecar))?.symbol === bars.ticker) {
    await fs.rm(legacy.sidecar, { force: true });
    await fs.rm(legacy.parquet, { force: true });
  }
  return meta;
}

async function readSidecarAt(path: string): Promise<CacheMetadata | null> {
  try {
    return CacheMetadataSchema.parse(JSON.parse(await fs.readFile(path, "utf8")));
  } catch {
    return null;
  }
}

/** Read and check just the sidecar of a ticker (no Parquet decoding); the old file name is a fallback. */
export async function readCacheMetadata(dir: string, ticker: string): Promise<CacheMetadata | null> {
  const meta = await readSidecarAt(cachePaths(dir, ticker).sidecar);
  if (meta) return meta;
  const legacy = legacyCachePaths(dir, ticker);
  const old = legacy ? await readSidecarAt(legacy.sidecar) : null;
  return old?.symbol === ticker ? old : null;
}

/** The files holding a ticker: the current name, else the old name when its sidecar is that ticker's. */
async function locateCacheFiles(dir: string, ticker: string): Promise<{ parquet: string; sidecar: string }> {
  const paths = cachePaths(dir, ticker);
  const legacy = legacyCachePaths(dir, ticker);
  if (!legacy) return paths;
  try {
    await fs.access(paths.sidecar);
    return paths;
  } catch {
    return (await readSidecarAt(legacy.sidecar))?.symbol === ticker ? legacy : paths;
  }
}

/**
 * Read one ticker from the cache and prove it whole: the sidecar parses, the Parquet bytes hash to
 * the sidecar's `contentHash`, the file's row count and the decoded columns match `rowCount`, and the
 * dates ascend strictly. Anything else is `corrupt` with the reason (a truncated write, a hand edit);
 * the caller refetches rather than using it.
 */
export async function readBarsCache(dir: string, ticker: string): Promise<CacheRead> {
  const paths = await locateCacheFiles(dir, ticker);
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

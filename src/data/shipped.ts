/**
 * The shipped dataset: real daily bars committed in `data/` (same Parquet + sidecar format as the
 * client's cache), so every test, benchmark and notebook runs offline.
 *
 *   data/adjusted/<T>.parquet    28 tickers, split + dividend adjusted (total-return basis)
 *   data/crypto/X_BTCUSD.parquet X:BTCUSD, X:ETHUSD, seven-day weeks (UTC dates)
 *   data/unadjusted/<T>.parquet  AAPL, USO as traded, with their split jumps (for split detection)
 *   data/universes.json          named universes (the default: cross-asset-core, 23 ETFs)
 *   data/SOURCES.md              where every file came from
 *
 * None of these sources has a VWAP: loaders fill it with the typical price and say so
 * (`vwapEstimated: true`, `vwapEstimator`), unless `vwap: "missing"` asks for NaN.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AssetClass, Bars, Panel } from "./types";
import { cachePaths, readBarsCache, type CacheMetadata } from "./cache";
import { barsBetween, withTypicalPriceVwap } from "./bars";
import { buildPanel, type AlignmentReport } from "./panel";
import type { CalendarName } from "./calendar";
import { guessAssetClass, loadUniverseFile, resolveUniverse } from "./universe";
import { isoToDay } from "../util/dates";

/** The repository's `data/` folder (resolved from this file: src/data or dist/data -> ../../data). */
export function shippedDataDir(): string {
  return resolve(__dirname, "..", "..", "data");
}

/** Bars plus the sidecar they were read with (symbol, range, adjustment basis, source, hash). */
export type ShippedBars = Bars & { readonly meta: CacheMetadata };

export interface LoadShippedBarsOptions {
  /** Dataset folder: "adjusted" (default; "crypto" for X: tickers), "unadjusted", "crypto". */
  dataset?: string;
  /** Inclusive ISO date range (default: the whole file). */
  start?: string;
  end?: string;
  /** "estimate" (default) fills VWAP with the typical price and flags it; "missing" keeps NaN. */
  vwap?: "estimate" | "missing";
  /** Override the data folder (default `shippedDataDir()`). */
  dataDir?: string;
}

// Decoded files, checked once per file version: loading the default panel many times (tests,
// notebooks) should not decode and hash the same Parquet files again, and a process that lives on
// (a sweep's queue worker) must see a file rewritten under it. Callers always get copies.
const memo = new Map<string, { stamp: string; bars: Promise<{ bars: Bars; meta: CacheMetadata }> }>();

/** Forget the decoded shipped files (benchmarks measuring a cold load). */
export function clearShippedDataMemo(): void {
  memo.clear();
}

/**
 * What identifies a version of a ticker's two files without reading them: the size, modification
 * time and inode of each. A write replaces both (atomically, by rename), so a new version has a new stamp.
 */
function fileStamp(dir: string, ticker: string): string {
  const stamp = (path: string) => {
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? `${st.size}:${st.mtimeMs}:${st.ino}` : "none";
  };
  const { parquet, sidecar } = cachePaths(dir, ticker);
  return `${stamp(parquet)}/${stamp(sidecar)}`;
}

function readShipped(dir: string, ticker: string): Promise<{ bars: Bars; meta: CacheMetadata }> {
  const key = `${dir}\u0000${ticker}`;
  const stamp = fileStamp(dir, ticker);
  const held = memo.get(key);
  if (held?.stamp === stamp) return held.bars;
  const bars = readBarsCache(dir, ticker).then((r) => {
    if (r.status === "ok") return { bars: r.bars, meta: r.meta };
    if (memo.get(key)?.bars === bars) memo.delete(key);
    if (r.status === "missing") {
      const have = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)) : [];
      throw new Error(`loadShippedBars: no shipped bars for "${ticker}" in ${dir} (have: ${have.join(", ") || "nothing"})`);
    }
    throw new Error(`loadShippedBars: shipped file for "${ticker}" is corrupt: ${r.reason}`);
  });
  memo.set(key, { stamp, bars });
  return bars;
}

/**
 * One ticker's shipped bars (verified against its sidecar's hash and row count).
 * @throws naming the ticker and the folder when it is not shipped, or the reason when the file is damaged
 * @example const spy = await loadShippedBars("SPY", { start: "2020-01-02" }); spy.meta.adjustment // => "split_dividend"
 */
export async function loadShippedBars(ticker: string, options: LoadShippedBarsOptions = {}): Promise<ShippedBars> {
  const { dataset = ticker.startsWith("X:") ? "crypto" : "adjusted", start, end, vwap = "estimate", dataDir = shippedDataDir() } = options;
  const { bars, meta } = await readShipped(join(dataDir, dataset), ticker);
  const ranged = barsBetween(bars, start === undefined ? undefined : isoToDay(start), end === undefined ? undefined : isoToDay(end));
  const out = vwap === "estimate" ? withTypicalPriceVwap(ranged) : ranged;
  return { ...out, meta };
}

export interface LoadShippedPanelOptions {
  /** Universe name in data/universes.json (default: the file's default, "cross-asset-core"). */
  universe?: string;
  /** Explicit tickers instead of the universe's members (asset classes looked up in the universes file). */
  tickers?: string[];
  /** Inclusive ISO range (default: the universe's, 2007-04-11 to 2025-09-26 for the default). */
  start?: string;
  end?: string;
  /** Override the data folder (default `shippedDataDir()`). */
  dataDir?: string;
  /** Dataset folder (default: the universe's). */
  dataset?: string;
  /** Calendar (default: the universe's; "24/7" when every ticker is crypto). */
  calendar?: CalendarName;
  /** VWAP policy, as for loadShippedBars (default "estimate"). */
  vwap?: "estimate" | "missing";
}

/** A shipped panel: the aligned fields, the alignment report, and each ticker's sidecar (adjustment basis, source). */
export type ShippedPanel = Panel & {
  readonly alignment: AlignmentReport;
  readonly universe: string | null;
  readonly metadata: readonly CacheMetadata[];
};

/**
 * The study's panel from the shipped data. With no arguments: the 23 ETFs of `cross-asset-core`,
 * total-return adjusted closes, NYSE sessions 2007-04-11 to 2025-09-26 (4,647 days, no missing bar),
 * VWAP estimated by the typical price (`vwapEstimated` true for every ticker).
 * Missing sessions stay NaN and are counted in `alignment` (never forward-filled).
 * @example const panel = await loadShippedPanel(); panel.alignment.complete // => true
 */
export async function loadShippedPanel(options: LoadShippedPanelOptions = {}): Promise<ShippedPanel> {
  const dataDir = options.dataDir ?? shippedDataDir();
  const file = loadUniverseFile(dataDir);
  const universe = resolveUniverse(file, options.universe ?? file.default);
  const tickers = options.tickers ?? [...universe.tickers];
  if (tickers.length === 0) throw new Error("loadShippedPanel: tickers is empty");
  const classOf = (t: string): AssetClass => {
    const inUniverse = universe.members.find((m) => m.ticker === t);
    if (inUniverse) return inUniverse.assetClass;
    for (const name of Object.keys(file.universes)) {
      const m = file.universes[name].members.find((x) => x.ticker === t);
      if (m) return m.assetClass;
    }
    return guessAssetClass(t);
  };
  const start = options.start ?? universe.start ?? undefined;
  const end = options.end ?? universe.end ?? undefined;
  const calendar = options.calendar ?? (options.tickers && tickers.every((t) => t.startsWith("X:")) ? "24/7" : universe.calendar);
  const loaded = await Promise.all(
    tickers.map((t) =>
      loadShippedBars(t, {
        dataDir,
        dataset: options.dataset ?? (options.tickers && t.startsWith("X:") ? "crypto" : options.tickers ? undefined : universe.dataset),
        start,
        end,
        vwap: options.vwap,
      }),
    ),
  );
  const panel = buildPanel(loaded, { calendar, start, end, assetClasses: tickers.map(classOf) });
  return { ...panel, universe: options.tickers ? null : universe.name, metadata: loaded.map((b) => b.meta) };
}

/** Tickers available in one shipped dataset folder (the `symbol` of each sidecar, e.g. "X:BTCUSD"), sorted. */
export function listShippedTickers(dataset = "adjusted", dataDir = shippedDataDir()): string[] {
  const dir = join(dataDir, dataset);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { symbol: string }).symbol)
    .sort();
}

/**
 * One entry point for a study's panel: the shipped files (offline, the default), a dataset folder
 * written by `alpha-engine import` ("files"), or the live API through the Parquet cache, chosen by
 * `DataConfig.source`. The universe is the config's: named (shipped or your universes file) or inline.
 */
import { existsSync, readdirSync } from "node:fs";
import type { Bars } from "./types";
import { buildPanel } from "./panel";
import { loadShippedBars, loadShippedPanel, shippedDataDir, type ShippedPanel } from "./shipped";
import { resolveDataUniverse, type Universe } from "./universe";
import { createPolygonClient, type PolygonClientOptions } from "./client";
import { fetchBarsCached } from "./store";
import { validateBars, type ValidationReport } from "./validate";
import { barsBetween, withTypicalPriceVwap } from "./bars";
import { readBarsCache, type CacheMetadata } from "./cache";
import type { DataConfig } from "../config/data";
import { isoToDay } from "../util/dates";

export type DataPanel = ShippedPanel & {
  /** Where the bars came from this time. */
  readonly source: "shipped" | "live" | "files";
  /** Validation of each ticker's bars (live and files; run `validateBars` on shipped bars yourself). */
  readonly validation: readonly ValidationReport[];
};

export interface LoadDataPanelOptions {
  /** Log sink (lines are redacted). */
  log?: (line: string) => void;
  /** Extra client options (tests: a fake server's clock, fetch). */
  client?: Omit<PolygonClientOptions, "baseUrl" | "adjusted" | "rateLimitPerMinute" | "maxRetries" | "retryBaseDelayMs" | "retryMaxDelayMs" | "timeoutMs" | "pageLimit">;
  /** Folder of the shipped data and its universes.json (default the shipped data folder). */
  dataDir?: string;
}

/**
 * The panel a config asks for. `source: "shipped"` reads data/ (total-return adjusted, VWAP
 * estimated); `source: "files"` reads the dataset folder `data.dir` (what `alpha-engine import`
 * wrote: the basis its sidecars state), validates each ticker and aligns the cleaned bars;
 * `source: "live"` fetches the universe's tickers from Polygon/Massive through the cache in
 * `cacheDir` (split-adjusted only, the API's basis; real VWAP), validates and aligns likewise. Live
 * needs POLYGON_API_KEY (or MASSIVE_API_KEY) and, at 5 requests a minute, about a minute per five
 * tickers on the first run. Members that list late or delist early leave NaN outside their bars.
 * @throws PolygonAuthError when live is asked for without a key; an Error naming the ticker, the
 *   universe and the folder when a member has no bars there, or none between data.start and data.end
 */
export async function loadDataPanel(config: DataConfig, options: LoadDataPanelOptions = {}): Promise<DataPanel> {
  const { log = () => undefined } = options;
  const dataDir = options.dataDir ?? shippedDataDir();
  if (config.source === "shipped" && typeof config.universe === "string" && config.universesFile === null) {
    const p = await loadShippedPanel({ universe: config.universe, start: config.start, end: config.end, dataDir: options.dataDir });
    return { ...p, source: "shipped", validation: [] };
  }
  const universe = resolveDataUniverse(config, dataDir);
  if (config.source === "shipped") {
    const loaded = await Promise.all(
      universe.tickers.map((t) => loadShippedBars(t, { dataDir, dataset: t.startsWith("X:") ? "crypto" : universe.dataset, start: config.start, end: config.end })),
    );
    loaded.forEach((b) => requireBarsInRange(b, universe, config, `the shipped data (${dataDir})`));
    const panel = buildPanel(loaded, { calendar: universe.calendar, start: config.start, end: config.end, assetClasses: universe.assetClasses });
    return { ...panel, universe: universe.name, metadata: loaded.map((b) => b.meta), source: "shipped", validation: [] };
  }
  const cleaned: Bars[] = [];
  const metadata: CacheMetadata[] = [];
  const validation: ValidationReport[] = [];
  const client = config.source === "live" ? createPolygonClient({ ...options.client, ...config, log: options.client?.log ?? log }) : null;
  for (const ticker of universe.tickers) {
    let bars: Bars, meta: CacheMetadata;
    if (client) {
      const r = await fetchBarsCached(client, ticker, config.start, config.end, { cacheDir: config.cacheDir, log, overlapSessions: config.overlapSessions, settleMinutes: config.settleMinutes });
      log(`${ticker}: ${r.bars.dates.length} bars (${r.action}${r.reason ? `: ${r.reason}` : ""})`);
      ({ bars, meta } = r);
    } else {
      ({ bars, meta } = await readDatasetBars(config.dir!, ticker, universe));
      bars = barsBetween(bars, isoToDay(config.start), isoToDay(config.end));
      requireBarsInRange(bars, universe, config, `data.dir ${config.dir}`, meta);
    }
    const v = validateBars(bars, { calendar: universe.calendar, sourceIssues: meta.sourceIssues });
    cleaned.push(withTypicalPriceVwap(v.bars));
    metadata.push(meta);
    validation.push(v.report);
  }
  const panel = buildPanel(cleaned, { calendar: universe.calendar, start: config.start, end: config.end, assetClasses: universe.assetClasses });
  return { ...panel, universe: universe.name, metadata, source: config.source, validation };
}

/** One ticker of an imported dataset folder, or an error saying what to import. */
async function readDatasetBars(dir: string, ticker: string, universe: Universe): Promise<{ bars: Bars; meta: CacheMetadata }> {
  const r = await readBarsCache(dir, ticker);
  if (r.status === "ok") return r;
  if (r.status === "corrupt") throw new Error(`data.dir: the bars of "${ticker}" in ${dir} are damaged (${r.reason}); import them again with alpha-engine import <folder> --out ${dir}`);
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)) : null;
  throw new Error(
    `data.dir: no bars for "${ticker}" (a member of universe ${universe.name}) in ${dir} ` +
      `(${have === null ? "the folder does not exist" : `have: ${have.join(", ") || "nothing"}`}): import its file with alpha-engine import <folder> --out ${dir}, or remove it from data.universe`,
  );
}

/** A member without a single bar between data.start and data.end is a config mistake, not a ragged panel. */
function requireBarsInRange(bars: Bars, universe: Universe, config: Pick<DataConfig, "start" | "end">, where: string, meta?: CacheMetadata): void {
  if (bars.dates.length > 0) return;
  const span = meta && meta.firstDate ? ` (its bars run ${meta.firstDate} to ${meta.lastDate})` : "";
  throw new Error(`data: "${bars.ticker}" (universe ${universe.name}) has no bar between data.start ${config.start} and data.end ${config.end} in ${where}${span}: widen the range or remove it from the universe`);
}


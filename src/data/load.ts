/**
 * One entry point for a study's panel: the shipped files (offline, the default) or the live API
 * through the Parquet cache, chosen by `DataConfig.source`.
 */
import type { Bars } from "./types";
import { buildPanel } from "./panel";
import { loadShippedPanel, shippedDataDir, type ShippedPanel } from "./shipped";
import { loadUniverseFile, resolveUniverse } from "./universe";
import { createPolygonClient, type PolygonClientOptions } from "./client";
import { fetchBarsCached } from "./store";
import { validateBars, type ValidationReport } from "./validate";
import { withTypicalPriceVwap } from "./bars";
import type { CacheMetadata } from "./cache";
import type { DataConfig } from "../config/data";

export type DataPanel = ShippedPanel & {
  /** Where the bars came from this time. */
  readonly source: "shipped" | "live";
  /** Validation of each ticker's bars (live only; run `validateBars` on shipped bars yourself). */
  readonly validation: readonly ValidationReport[];
};

export interface LoadDataPanelOptions {
  /** Log sink (lines are redacted). */
  log?: (line: string) => void;
  /** Extra client options (tests: a fake server's clock, fetch). */
  client?: Omit<PolygonClientOptions, "baseUrl" | "adjusted" | "rateLimitPerMinute" | "maxRetries" | "retryBaseDelayMs" | "retryMaxDelayMs" | "timeoutMs" | "pageLimit">;
  /** Folder of universes.json (default the shipped data folder). */
  dataDir?: string;
}

/**
 * The panel a config asks for. `source: "shipped"` reads data/ (total-return adjusted, VWAP
 * estimated); `source: "live"` fetches the universe's tickers from Polygon/Massive through the cache
 * in `cacheDir` (split-adjusted only, the API's basis; real VWAP), validates each ticker and aligns
 * the cleaned bars. Live needs POLYGON_API_KEY (or MASSIVE_API_KEY) and, at 5 requests a minute,
 * about a minute per five tickers on the first run.
 * @throws PolygonAuthError when live is asked for without a key
 */
export async function loadDataPanel(config: DataConfig, options: LoadDataPanelOptions = {}): Promise<DataPanel> {
  const { log = () => undefined } = options;
  if (config.source === "shipped") {
    const p = await loadShippedPanel({ universe: config.universe, start: config.start, end: config.end, dataDir: options.dataDir });
    return { ...p, source: "shipped", validation: [] };
  }
  const universe = resolveUniverse(loadUniverseFile(options.dataDir ?? shippedDataDir()), config.universe);
  const client = createPolygonClient({ ...options.client, ...config, log: options.client?.log ?? log });
  const cleaned: Bars[] = [];
  const metadata: CacheMetadata[] = [];
  const validation: ValidationReport[] = [];
  for (const ticker of universe.tickers) {
    const r = await fetchBarsCached(client, ticker, config.start, config.end, { cacheDir: config.cacheDir, log, overlapSessions: config.overlapSessions, settleMinutes: config.settleMinutes });
    log(`${ticker}: ${r.bars.dates.length} bars (${r.action}${r.reason ? `: ${r.reason}` : ""})`);
    const v = validateBars(r.bars, { calendar: universe.calendar, sourceIssues: r.meta.sourceIssues });
    cleaned.push(withTypicalPriceVwap(v.bars));
    metadata.push(r.meta);
    validation.push(v.report);
  }
  const panel = buildPanel(cleaned, { calendar: universe.calendar, start: config.start, end: config.end, assetClasses: universe.assetClasses });
  return { ...panel, universe: universe.name, metadata, source: "live", validation };
}

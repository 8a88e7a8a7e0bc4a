/**
 * The data refresh step of the daily cycle. Research and the shipped data have nothing to refresh;
 * under the production profile with live data it is the data stage's live-cache update, and a
 * ticker that failed to update stops the cycle (production does not trade on data it could not
 * bring up to date).
 */
import { updateUniverseCache } from "../data/update";
import type { ProductionRunConfig } from "./config";
import type { ProductionLog } from "./log";

/**
 * The refresh step for a config: a no-op for the research profile or shipped data; production with
 * `data.source: "live"` runs `updateUniverseCache(config.study.data, { log })`.
 * @throws (from the step) naming the tickers whose update failed
 */
export function refreshStep(config: ProductionRunConfig, log: ProductionLog): (config: ProductionRunConfig) => Promise<unknown> {
  if (config.production.profile !== "production" || config.study.data.source !== "live") return async () => undefined;
  return async (c) => {
    const report = await updateUniverseCache(c.study.data, { log: (line) => log.info(line) });
    if (report.failed > 0) {
      const failed = report.tickers.filter((t) => t.action === "failed").map((t) => t.ticker);
      throw new Error(`daily: the live-cache update failed for ${failed.join(", ")}; the production profile does not trade on data it could not refresh`);
    }
    return report;
  };
}

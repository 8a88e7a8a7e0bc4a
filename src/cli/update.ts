/** `alpha-engine update`: bring the live cache of the config's universe up to the last closed session. */
import { type CliCommand, stringOption } from "./command";
import { readDataConfig } from "./dataConfig";

export const updateCommand: CliCommand = {
  name: "update",
  summary: "bring the live cache up to the last closed session (or data.end), one line per ticker",
  usage: `usage: alpha-engine update --config <study.json> [--refresh]

  --config   the study config (JSON); only its "data" section is used: universe, start, end, cacheDir,
             baseUrl, rate limit, overlapSessions (default 5), settleMinutes (default 240)
  --refresh  fetch every ticker's whole range again, ignoring the cache

Needs POLYGON_API_KEY (or MASSIVE_API_KEY). A session counts as checked once 16:00 New York plus
data.settleMinutes has passed. Every update re-fetches the last data.overlapSessions cached bars
with the new days (one request per ticker when nothing is new) and refetches a ticker whole when
they differ (a split, a dividend, a corrected bar). Exit 1 when a ticker failed.`,
  options: {
    config: { type: "string" },
    refresh: { type: "boolean", default: false },
  },
  async run(values) {
    const config = await readDataConfig(stringOption(values, "config", true));
    const { updateUniverseCache } = await import("../data");
    const started = Date.now();
    // the per-ticker lines are the progress off a terminal; on one, a bar as well
    const { progressListener } = await import("../util/progress");
    const onTicker = progressListener("update", { mode: process.stderr.isTTY ? "bar" : "silent" });
    const report = await updateUniverseCache(config, { refresh: values.refresh === true, log: (line) => console.error(line), onTicker });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const current = report.tickers.filter((t) => t.current).length;
    console.log(`updated ${report.tickers.length} ticker(s) of ${report.universe} in ${seconds} s: ${report.requests} request(s), ${current} current, ${report.restated} restated, ${report.failed} failed (${report.cacheDir})`);
    return report.failed ? 1 : 0;
  },
};

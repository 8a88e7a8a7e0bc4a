/** `alpha-engine run`: the whole study without Jupyter. */
import { mkdirSync } from "node:fs";
import { writeFileAtomicSync } from "../util/atomicFile";
import { resolve } from "node:path";
import { type CliCommand, UsageError, stringOption } from "./command";
import { readConfigFile } from "./configFile";

export const runCommand: CliCommand = {
  name: "run",
  summary: "run the whole study and write summary.json and report.html",
  usage: `usage: alpha-engine run --config <study.json> [--out <dir>] [--no-cache] [--tickers A,B,C] [--start YYYY-MM-DD] [--end YYYY-MM-DD]

  --config    the study config (JSON; see study.json at the project root). Missing fields take defaults.
  --out       where summary.json and report.html go (default reports/study)
  --no-cache  recompute every step (ignore and do not write reports/.cache)
  --tickers   study these tickers instead of data.universe (an inline universe; asset classes from the
              universes files where known, else "equity", with a note)
  --start     override data.start
  --end       override data.end`,
  options: {
    config: { type: "string" },
    out: { type: "string", default: "reports/study" },
    "no-cache": { type: "boolean", default: false },
    tickers: { type: "string" },
    start: { type: "string" },
    end: { type: "string" },
  },
  async run(values) {
    const configPath = stringOption(values, "config", true);
    const raw = readConfigFile(configPath);
    // Imported here so that `alpha-engine --help` answers without loading the engine.
    const { runStudy, parseStudyConfig, studySummaryJson, studyReport } = await import("../study");
    const { ConfigError } = await import("../config");
    const overridden = await withCommandLineData(raw, values);
    let config: ReturnType<typeof parseStudyConfig>;
    try {
      config = parseStudyConfig(overridden);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    if (values["no-cache"] === true) config.cache.enabled = false;
    const started = Date.now();
    // the refits report on stderr: an in-place bar on a terminal, plain lines in a log
    const { showProgress } = await import("../util/progress");
    let result: Awaited<ReturnType<typeof runStudy>>;
    try {
      result = await runStudy(config, { log: (line) => console.error(line), onProgress: showProgress() });
    } catch (err) {
      // A ticker the config names that the universe lacks is a config mistake: exit 2, like a bad field.
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    const out = resolve(stringOption(values, "out", true));
    mkdirSync(out, { recursive: true });
    writeFileAtomicSync(resolve(out, "summary.json"), studySummaryJson(result));
    writeFileAtomicSync(resolve(out, "report.html"), studyReport(result));
    const { studyReturnsCsv } = await import("../production/returns");
    writeFileAtomicSync(resolve(out, "returns.csv"), studyReturnsCsv(result));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.error(`study done in ${seconds} s: ${resolve(out, "summary.json")}, ${resolve(out, "report.html")}`);
    console.error(result.summary.lookAhead.verdict);
    return 0;
  },
};

/**
 * The raw config with `--tickers`, `--start` and `--end` written into its `data` section (the
 * schema then checks them like any field). `--tickers` becomes an inline universe whose asset
 * classes come from the shipped universes file and `data.universesFile` where they list the ticker.
 */
async function withCommandLineData(raw: Record<string, unknown>, values: Parameters<CliCommand["run"]>[0]): Promise<Record<string, unknown>> {
  const tickers = stringOption(values, "tickers"), start = stringOption(values, "start"), end = stringOption(values, "end");
  if (tickers === undefined && start === undefined && end === undefined) return raw;
  const rawData = raw.data;
  if (rawData !== undefined && (rawData === null || typeof rawData !== "object" || Array.isArray(rawData))) throw new UsageError("data: must be an object");
  const data: Record<string, unknown> = { ...(rawData as Record<string, unknown> | undefined) };
  if (start !== undefined) data.start = start;
  if (end !== undefined) data.end = end;
  if (tickers !== undefined) {
    const list = tickers.split(",").map((t) => t.trim()).filter((t) => t.length > 0);
    if (list.length === 0) throw new UsageError(`--tickers needs at least one ticker (got "${tickers}")`);
    const { loadUniverseFile, shippedDataDir, universeFromTickers } = await import("../data");
    const files = [loadUniverseFile(shippedDataDir())];
    if (typeof data.universesFile === "string") files.unshift(loadUniverseFile(data.universesFile));
    let made: ReturnType<typeof universeFromTickers>;
    try {
      made = universeFromTickers(list, files);
    } catch (err) {
      throw new UsageError(`--tickers: ${(err as Error).message}`);
    }
    for (const note of made.notes) console.error(`note: ${note}; give it in an inline data.universe to choose another class`);
    data.universe = made.universe;
  }
  return { ...raw, data };
}

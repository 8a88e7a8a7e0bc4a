/** `alpha-engine run`: the whole study without Jupyter. */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type CliCommand, UsageError, stringOption } from "./command";
import { readConfigFile } from "./configFile";

export const runCommand: CliCommand = {
  name: "run",
  summary: "run the whole study and write summary.json and report.html",
  usage: `usage: alpha-engine run --config <study.json> [--out <dir>] [--no-cache]

  --config    the study config (JSON; see study.json at the project root). Missing fields take defaults.
  --out       where summary.json and report.html go (default reports/study)
  --no-cache  recompute every step (ignore and do not write reports/.cache)`,
  options: {
    config: { type: "string" },
    out: { type: "string", default: "reports/study" },
    "no-cache": { type: "boolean", default: false },
  },
  async run(values) {
    const configPath = stringOption(values, "config", true);
    const raw = readConfigFile(configPath);
    // Imported here so that `alpha-engine --help` answers without loading the engine.
    const { runStudy, parseStudyConfig, studySummaryJson, studyReport } = await import("../study");
    const { ConfigError } = await import("../config");
    let config: ReturnType<typeof parseStudyConfig>;
    try {
      config = parseStudyConfig(raw);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    if (values["no-cache"] === true) config.cache.enabled = false;
    const started = Date.now();
    const result = await runStudy(config, { log: (line) => console.error(line) });
    const out = resolve(stringOption(values, "out", true));
    mkdirSync(out, { recursive: true });
    writeFileSync(resolve(out, "summary.json"), studySummaryJson(result));
    writeFileSync(resolve(out, "report.html"), studyReport(result));
    const { studyReturnsCsv } = await import("../production/returns");
    writeFileSync(resolve(out, "returns.csv"), studyReturnsCsv(result));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.error(`study done in ${seconds} s: ${resolve(out, "summary.json")}, ${resolve(out, "report.html")}`);
    console.error(result.summary.lookAhead.verdict);
    return 0;
  },
};

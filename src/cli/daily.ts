/** `alpha-engine daily`: one daily cycle after the close of the as-of session. */
import { type CliCommand, type CliValues, UsageError, stringOption } from "./command";
import { readConfigFile } from "./configFile";
import type { ProductionRunConfig } from "../production/config";

/** The production config of `--config` (a study config with a `production` section); a bad field is a UsageError (exit 2). */
export async function readProductionConfig(values: CliValues): Promise<ProductionRunConfig> {
  const path = stringOption(values, "config", true);
  const raw = readConfigFile(path);
  const { loadProductionRunConfig } = await import("../production/config");
  const { ConfigError } = await import("../config/parse");
  try {
    return loadProductionRunConfig(path, raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

export const dailyCommand: CliCommand = {
  name: "daily",
  summary: "run the daily cycle for one session: orders.csv, targets.json and the journal",
  usage: `usage: alpha-engine daily --config <file> [--as-of YYYY-MM-DD] [--json]

  --config  a study config with a "production" section (profile, outDir, database, riskChecks, monitoring, challenger)
  --as-of   the session to run, after its close (default the last session of the data)
  --json    print the day's summary as JSON`,
  options: {
    config: { type: "string" },
    "as-of": { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values) {
    const config = await readProductionConfig(values);
    const { runDailyCycle, productionLog, refreshStep } = await import("../production");
    const log = productionLog(config.production);
    const asOf = stringOption(values, "as-of");
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be YYYY-MM-DD (got "${asOf}")`);
    try {
      const day = await runDailyCycle(config, asOf, { log, refreshData: refreshStep(config, log) });
      const c = day.champion;
      const summary = { asOf: day.asOf, orders: day.files.orders, targets: day.files.targets, gross: c.settled.gross, net: c.settled.net, cost: c.settled.cost, blocked: c.checks.blocked, retrainingDay: c.forecast.retrainingDay, alphaModel: c.alphaModelId, warnings: day.monitoring.filter((m) => m.breached).map((m) => m.message) };
      if (values.json === true) console.log(JSON.stringify(summary, null, 2));
      else console.log(`${day.asOf}: ${day.files.orders}${c.checks.blocked ? ` (BLOCKED: ${c.checks.blocked})` : ""}`);
      return c.checks.blocked ? 1 : 0;
    } catch (err) {
      log.error((err as Error).message);
      return 1;
    }
  },
};

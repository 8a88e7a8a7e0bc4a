/** `alpha-engine sweep`: many study configurations on every core, or on a cluster through a Redis queue. */
import { type CliCommand, type CliValues, UsageError, stringOption } from "./command";

/** A whole-number option, or a UsageError naming it. */
export function integerOption(values: CliValues, name: string): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number (got "${text}")`);
  return Number(text);
}

/** A message with the password of any redis:// URL in it masked (a bad --queue is echoed by its error). */
export function withoutRedisPassword(message: string): string {
  return message.replace(/(rediss?:\/\/)[^@/\s"]*@/g, "$1***@");
}

export const sweepCommand: CliCommand = {
  name: "sweep",
  summary: "run a grid of study configurations and write results.csv and report.html",
  usage: `usage: alpha-engine sweep --config <sweep.json> [--workers N] [--queue redis://host:port] [--out <dir>]

  --config      the sweep: { "base": <study config or its path, relative to this file>,
                "grid": { "<config path>": [values...] }, "random": { "samples": n, "seed": s } }
  --workers     worker threads on this machine (default 1)
  --queue       put the trials on a BullMQ queue on this Redis and wait for
                \`alpha-engine worker\` processes (on any machine) to run them
  --queue-name  the queue's name (default alpha-engine-sweep)
  --out         where results.csv and report.html go (default reports/sweep)
  --no-cache    recompute the regimes and forests (ignore and do not write reports/.cache)
  --json        print the best trial and its deflated Sharpe ratios as JSON`,
  options: {
    config: { type: "string" },
    workers: { type: "string" },
    queue: { type: "string" },
    "queue-name": { type: "string" },
    out: { type: "string", default: "reports/sweep" },
    "no-cache": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
  async run(values) {
    const configPath = stringOption(values, "config", true);
    // Imported here so that `alpha-engine --help` answers without loading the engine.
    const { loadSweepConfig, runSweep, writeSweepOutputs, sweepSignificanceText, sweepTrials, SweepRunConfigSchema } = await import("../sweep");
    const { ConfigError, parseConfig } = await import("../config");
    let sweep: ReturnType<typeof loadSweepConfig>;
    let runConfig: ReturnType<typeof SweepRunConfigSchema.parse>;
    try {
      sweep = loadSweepConfig(configPath);
      runConfig = parseConfig(SweepRunConfigSchema, { workers: integerOption(values, "workers"), queue: stringOption(values, "queue") ?? null, queueName: stringOption(values, "queue-name") }, "sweep options");
      if (values["no-cache"] === true) sweep = { ...sweep, base: { ...sweep.base, cache: { ...(sweep.base.cache as Record<string, unknown> | undefined), enabled: false } } };
      // every trial validated before any runs (runSweep does it again, cheaply)
      sweepTrials(sweep, sweep.base);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(withoutRedisPassword(err.message));
      throw err;
    }
    const { progressListener } = await import("../util/progress");
    const result = await runSweep(sweep, runConfig, { log: (line) => console.error(line), onTrials: progressListener("sweep: trials") });
    const files = await writeSweepOutputs(result, stringOption(values, "out", true));
    console.error(`sweep done in ${result.seconds.toFixed(1)} s: ${files.csv}, ${files.html}`);
    const text = sweepSignificanceText(result);
    if (values.json === true) {
      const s = result.significance;
      console.log(JSON.stringify({ trials: result.trials.length, best: { id: s.bestId, values: result.trials[s.bestIndex].values, metrics: result.outcomes[s.bestIndex].metrics }, deflatedSharpe: s.deflated.deflatedSharpe, deflatedSharpeEffective: s.deflatedEffective.deflatedSharpe, effectiveTrials: s.deflatedEffective.effectiveTrials, files }, null, 2));
    } else console.error(text);
    return 0;
  },
};

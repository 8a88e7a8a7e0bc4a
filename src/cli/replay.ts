/** `alpha-engine replay`: the daily cycle over past sessions, one at a time (paper trading on history). */
import { mkdirSync } from "node:fs";
import { writeFileAtomicSync } from "../util/atomicFile";
import { dirname, resolve } from "node:path";
import { type CliCommand, UsageError, stringOption } from "./command";
import { readProductionConfig } from "./daily";

export const replayCommand: CliCommand = {
  name: "replay",
  summary: "run the daily cycle for every session of a period; write its returns (date,gross,net,cost)",
  usage: `usage: alpha-engine replay --config <file> --from YYYY-MM-DD --to YYYY-MM-DD [--out <file>]

  --config  a study config with a "production" section
  --from    first session (inclusive)
  --to      last session (inclusive)
  --out     the returns file (default reports/replay/returns.csv)`,
  options: {
    config: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    out: { type: "string", default: "reports/replay/returns.csv" },
  },
  async run(values) {
    const config = await readProductionConfig(values);
    const from = stringOption(values, "from", true), to = stringOption(values, "to", true);
    for (const [name, v] of [["from", from], ["to", to]]) if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--${name} must be YYYY-MM-DD (got "${v}")`);
    const { runReplay, productionLog, refreshStep } = await import("../production");
    const log = productionLog(config.production);
    try {
      const started = Date.now();
      const { progressListener } = await import("../util/progress");
      const replay = await runReplay(config, from, to, { log, refreshData: refreshStep(config, log), onDay: progressListener("replay") });
      const out = resolve(stringOption(values, "out", true));
      mkdirSync(dirname(out), { recursive: true });
      writeFileAtomicSync(out, replay.returnsCsv);
      log.info(`replay: ${replay.days.length} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s; returns in ${out}`);
      return 0;
    } catch (err) {
      log.error((err as Error).message);
      return 1;
    }
  },
};

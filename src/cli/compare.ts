/** `alpha-engine compare`: champion against challenger on the journal, with the promotion verdict. */
import type { CliCommand } from "./command";
import { readProductionConfig } from "./daily";

export const compareCommand: CliCommand = {
  name: "compare",
  summary: "compare the challenger with the champion (Ledoit-Wolf HAC Sharpe-difference test) and give the promotion verdict",
  usage: `usage: alpha-engine compare --config <file> [--json]

  --config  a study config with a "production" section naming a challenger
  --json    machine-readable output`,
  options: {
    config: { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values) {
    const config = await readProductionConfig(values);
    const { openProductionStore, compareBooks } = await import("../production");
    const store = await openProductionStore(config);
    try {
      const c = await compareBooks(store, { promotionPValue: config.production.promotionPValue });
      if (values.json === true) console.log(JSON.stringify(c, null, 2));
      else console.log(`${c.days} sessions (${c.from} to ${c.to}); ${c.verdict}`);
      return 0;
    } catch (err) {
      console.error(`compare: ${(err as Error).message}`);
      return 1;
    } finally {
      store.close();
    }
  },
};

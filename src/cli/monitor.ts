/** `alpha-engine monitor`: the latest monitoring readings of every book, breaches first. */
import type { CliCommand } from "./command";
import { readProductionConfig } from "./daily";

export const monitorCommand: CliCommand = {
  name: "monitor",
  summary: "print the current monitoring state (live IC, P&L percentile, PSI, regime shift, freshness, costs)",
  usage: `usage: alpha-engine monitor --config <file> [--json]

  --config  a study config with a "production" section
  --json    machine-readable output`,
  options: {
    config: { type: "string" },
    json: { type: "boolean", default: false },
  },
  async run(values) {
    const config = await readProductionConfig(values);
    const { openProductionStore, monitorState } = await import("../production");
    const store = await openProductionStore(config);
    try {
      const rows = await monitorState(store);
      if (values.json === true) console.log(JSON.stringify(rows, null, 2));
      else {
        if (rows.length === 0) console.log("no monitoring yet: run daily or replay first");
        for (const r of [...rows].sort((a, b) => Number(b.breached) - Number(a.breached))) console.log(`${r.breached ? "WARN" : "ok  "} ${r.book} ${r.asOf} ${r.message}`);
      }
      return rows.some((r) => r.breached) ? 1 : 0;
    } finally {
      store.close();
    }
  },
};

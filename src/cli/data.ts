/** `alpha-engine data status`: what the live cache holds for the config's universe. */
import { type CliCommand, UsageError, stringOption } from "./command";
import { readDataConfig } from "./dataConfig";

export const dataCommand: CliCommand = {
  name: "data",
  summary: "data status: per ticker, what the live cache holds and whether it is current",
  usage: `usage: alpha-engine data status --config <study.json> [--json]

  status     per ticker of the config's universe (data.universe): first bar, last bar, rows, the day
             the cache was checked through, adjustment basis, source, restatements seen, and whether
             it is current (the last closed session of data.start..data.end has its bar). Reads the
             live cache (data.cacheDir); makes no request.
  --config   the study config (JSON); only its "data" section is used
  --json     print a JSON array of {ticker, firstBar, lastBar, rows, checkedThrough, adjustment,
             source, restatements, current} (dates YYYY-MM-DD, null where nothing is cached)`,
  options: {
    config: { type: "string" },
    json: { type: "boolean", default: false },
  },
  allowPositionals: true,
  async run(values, positionals) {
    const [sub, ...extra] = positionals;
    if (sub === undefined) throw new UsageError("a sub-command is required: status");
    if (sub !== "status") throw new UsageError(`unknown data sub-command "${sub}" (have: status)`);
    if (extra.length) throw new UsageError(`unexpected argument(s) after "status": ${extra.join(" ")}`);
    const config = await readDataConfig(stringOption(values, "config", true));
    const { dataStatus, TICKER_STATUS_FIELDS } = await import("../data");
    const rows = await dataStatus(config);
    if (values.json === true) {
      const picked = rows.map((r) => Object.fromEntries(TICKER_STATUS_FIELDS.map((f) => [f, r[f]])));
      console.log(JSON.stringify(picked, null, 2));
      return 0;
    }
    const table = [
      ["ticker", "first bar", "last bar", "rows", "checked through", "adjustment", "source", "restatements", "current"],
      ...rows.map((r) => [
        r.ticker, r.firstBar ?? "-", r.lastBar ?? "-", String(r.rows), r.checkedThrough ?? "-", r.adjustment ?? "-", r.source ?? "-",
        String(r.restatements), r.current ? "yes" : r.problem ? `no (${r.problem})` : "no",
      ]),
    ];
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    for (const row of table) console.log(row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join("  "));
    const stale = rows.filter((r) => !r.current).length;
    console.log(`\n${rows.length - stale} of ${rows.length} current in ${config.cacheDir}${stale ? "; run alpha-engine update --config <file>" : ""}`);
    return 0;
  },
};

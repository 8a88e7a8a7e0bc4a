#!/usr/bin/env node
/**
 * `alpha-engine`: the study without Jupyter.
 *
 *   npx alpha-engine run --config study.json [--out reports/study] [--no-cache]
 *
 * Runs the whole pipeline on the shipped data (data -> features -> regimes -> models ->
 * portfolio -> backtest -> analytics), then writes `<out>/summary.json` (the numbers and the
 * provenance) and `<out>/report.html` (one self-contained page: plotly.js embedded once, no CDN).
 * Exit code 0 on success, 1 on a failed run, 2 on a usage error or an invalid config.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const USAGE = `usage: alpha-engine run --config <study.json> [--out <dir>] [--no-cache]

  --config  the study config (JSON; see study.json at the project root). Missing fields take defaults.
  --out     where summary.json and report.html go (default reports/study)
  --no-cache  recompute every step (ignore and do not write reports/.cache)`;

export interface CliArgs {
  command: "run" | "help";
  config: string | null;
  out: string;
  cache: boolean;
}

/** Parse the command line; throws a usage message naming the bad argument. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { command: "help", config: null, out: "reports/study", cache: true };
  const rest = [...argv];
  const command = rest.shift();
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return args;
  if (command !== "run") throw new Error(`alpha-engine: unknown command "${command}"\n${USAGE}`);
  args.command = "run";
  while (rest.length) {
    const flag = rest.shift()!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = () => {
      const v = inline ?? rest.shift();
      if (v === undefined || v.startsWith("--")) throw new Error(`alpha-engine: ${name} needs a value\n${USAGE}`);
      return v;
    };
    if (name === "--config") args.config = value();
    else if (name === "--out") args.out = value();
    else if (name === "--no-cache") args.cache = false;
    else throw new Error(`alpha-engine: unknown option "${flag}"\n${USAGE}`);
  }
  if (!args.config) throw new Error(`alpha-engine: run needs --config <file>\n${USAGE}`);
  return args;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (args.command === "help") {
    console.log(USAGE);
    return 0;
  }
  // Imported here so that `alpha-engine --help` answers without loading the engine.
  const { runStudy, parseStudyConfig, studySummaryJson, studyReport } = await import("./study");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(args.config!), "utf8"));
  } catch (err) {
    console.error(`alpha-engine: cannot read config ${args.config}: ${(err as Error).message}`);
    return 2;
  }
  let config: ReturnType<typeof parseStudyConfig>;
  try {
    config = parseStudyConfig(raw);
  } catch (err) {
    console.error(`alpha-engine: ${(err as Error).message}`);
    return 2;
  }
  if (!args.cache) config.cache.enabled = false;
  const started = Date.now();
  const result = await runStudy(config, { log: (line) => console.error(line) });
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, "summary.json"), studySummaryJson(result));
  writeFileSync(resolve(out, "report.html"), studyReport(result));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(`study done in ${seconds} s: ${resolve(out, "summary.json")}, ${resolve(out, "report.html")}`);
  console.error(result.summary.lookAhead.verdict);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? `alpha-engine: ${err.message}` : err);
      process.exit(1);
    },
  );
}

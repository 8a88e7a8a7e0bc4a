/**
 * The whole study on the shipped data without Jupyter (what `alpha-engine run` does), memo off:
 * load, features, walk-forward regimes and alpha model, portfolio, backtest, variants, cost sweep,
 * look-ahead check and analytics. One cold run (about 10 to 12 s on two cores); `study.seconds_memo` is the
 * same with the expensive steps read from the memo, as notebooks 05-06 meet it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStudy } from "../src/study";
import { medianSeconds, entry, type BenchEntry } from "./harness";

export async function run(): Promise<BenchEntry[]> {
  const cold = await medianSeconds(() => runStudy({ cache: { enabled: false } }), { runs: 1, warmup: false });
  const dir = mkdtempSync(join(tmpdir(), "bench-memo-"));
  try {
    await runStudy({ cache: { dir } });
    const warm = await medianSeconds(() => runStudy({ cache: { dir } }), { runs: 3, warmup: false });
    return [entry("study.seconds", cold, "s"), entry("study.seconds_memo", warm, "s")];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

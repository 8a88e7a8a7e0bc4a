/** Shared set-up of the production tests: a small shipped panel and a fast study config. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadShippedPanel } from "../../src/data/shipped";
import type { DataPanel } from "../../src/data/load";

/** Ten tickers (every one the features and regimes name), 2011 to mid-2014: about 880 sessions. */
export const TICKERS = ["SPY", "TLT", "GLD", "USO", "UUP", "HYG", "IEF", "QQQ", "EFA", "XLE"];

export async function smallPanel(): Promise<DataPanel> {
  const panel = await loadShippedPanel({ tickers: TICKERS, start: "2011-01-03", end: "2014-06-30" });
  return { source: "shipped", validation: [], ...panel };
}

/** A study small enough for a test: short windows, few trees, retraining every 30 sessions. */
export const SMALL_STUDY = {
  regimes: { walkForward: { trainDays: 300, refitEveryDays: 42, nRestarts: 1 }, hmm: { nRestarts: 1 } },
  walkForward: { minTrainDays: 300, retrainEveryDays: 30, maxTrainRows: 3000, model: { forest: { nEstimators: 8, minSamplesLeaf: 50, threads: 1 } } },
  variants: { alphas: ["regime-aware forest"], schemes: ["zscore"] },
  analytics: { costSweepBps: [0, 1] },
  cache: { enabled: false },
};

/** A production config on the small study, writing under a fresh temp folder. */
export function productionConfig(extra: Record<string, unknown> = {}, study: Record<string, unknown> = SMALL_STUDY): { config: Record<string, unknown>; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "alpha-production-"));
  return { dir, config: { ...study, production: { outDir: join(dir, "daily"), database: join(dir, "engine.duckdb"), artifactsDir: join(dir, "artifacts"), ...extra } } };
}

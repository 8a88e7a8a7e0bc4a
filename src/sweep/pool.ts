/**
 * The sweep's pool of worker threads (piscina). Under tsx (tests, scripts run from TypeScript) the
 * threads load `trialWorker.ts` through the tsx hooks they inherit; compiled, `trialWorker.js`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Piscina } from "piscina";
import type { TrialOutcome } from "./evaluate";
import type { TrialTask } from "./trialWorker";

/** A fixed-size pool running `TrialTask`s. */
export interface TrialPool {
  run(task: TrialTask): Promise<TrialOutcome[]>;
  destroy(): Promise<void>;
}

function workerFile(): string {
  const js = join(__dirname, "trialWorker.js");
  if (__filename.endsWith(".js") && existsSync(js)) return js;
  return join(__dirname, "trialWorker.ts");
}

/**
 * A pool of exactly `threads` worker threads (started at once, so a sweep's first tasks do not
 * wait for threads to start one by one).
 */
export function createTrialPool(threads: number): TrialPool {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`createTrialPool: threads must be an integer >= 1 (got ${threads})`);
  const pool = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  return {
    run: (task) => pool.run(task) as Promise<TrialOutcome[]>,
    destroy: () => pool.destroy(),
  };
}

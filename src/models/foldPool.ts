/**
 * The walk-forward's folds on several cores, behind a synchronous call.
 *
 * Growing one fold's trees on two threads hands work over 40 times a fold and leaves the second
 * core idle while this thread bins, predicts and gathers training rows (about a fifth of a fold);
 * measured on the shipped study, two threads grew its forests barely faster than one. Whole folds
 * parallelise without those gaps: a fold reads the shared day-major design and writes only its
 * own test days (./fold), so folds go to a shared atomic counter that this thread and the workers
 * claim from, and each fold's forests grow on the thread that claimed it (one tree thread per
 * fold: `capForestThreads(1)` in the workers). Results are the same for any number of threads: a
 * fold is computed by the same code from the same inputs wherever it runs, and the records are put
 * back in window order.
 *
 * The workers are util/workerPool.ts's (process-wide, unref'd), as for the forest's trees and the
 * HMM's restarts: SharedArrayBuffer inputs and forecasts, Atomics.wait plus receiveMessageOnPort.
 * Worker entry: compiled `foldWorker.js` next to this file, or `foldWorker.ts` under tsx. When no
 * worker can start, this thread runs every fold.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { WalkForwardConfig } from "../config/models";
import { WorkerPool } from "../util/workerPool";
import { capForestThreads } from "./forest";
import { runFold, type FittedFold, type WalkForwardDesign, type WalkForwardForecast } from "./fold";
import type { WalkForwardWindow } from "./walkForward";

/** What a worker receives: one walk-forward's design, windows and forecast buffers, all shared. */
export interface FoldJob {
  readonly jobId: number;
  readonly design: WalkForwardDesign;
  readonly windows: readonly WalkForwardWindow[];
  readonly cfg: WalkForwardConfig;
  readonly featureNames: readonly string[];
  readonly dates: Int32Array;
  readonly forecast: WalkForwardForecast;
  /** [0] next window to claim, [1] windows posted by workers. */
  readonly control: Int32Array;
}

interface FoldJobResult {
  readonly jobId: number;
  readonly index: number;
  /** Null when the window had too few rows to train. */
  readonly fitted?: FittedFold | null;
  readonly error?: string;
}

const pool = new WorkerPool(__dirname, "foldWorker");
let nextJobId = 1;
/** Give up on workers that posted nothing for this long (a crashed worker would otherwise hang the walk-forward). */
const STALL_MS = 10 * 60 * 1000;

/** Terminate the pool's workers (they are unref'd, so this is only needed to free them early). */
export async function closeFoldPool(): Promise<void> {
  await pool.close();
}

/** A copy in shared memory (or the array itself when it is shared already). */
function shared<T extends Float64Array | Int32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** The same forecast buffers in shared memory, filled as they are now. */
export function sharedForecast(forecast: WalkForwardForecast): WalkForwardForecast {
  return { alphaOverall: shared(forecast.alphaOverall), alphaRegime: forecast.alphaRegime && shared(forecast.alphaRegime), foldOfDay: shared(forecast.foldOfDay) };
}

/**
 * Run every window with this thread plus up to threads - 1 workers, writing the forecasts into
 * `forecast` (which must be in shared memory: `sharedForecast`). Entry i of the result is window
 * i's fitted fold, or null when it had too few rows; `onDone(count)` is called as folds finish.
 * Same result as `runFold` window by window on this thread.
 */
export function runFoldsInPool(
  design: WalkForwardDesign,
  windows: readonly WalkForwardWindow[],
  cfg: WalkForwardConfig,
  featureNames: readonly string[],
  dates: Int32Array,
  forecast: WalkForwardForecast,
  threads: number,
  onDone: (count: number) => void,
): (FittedFold | null)[] {
  const n = windows.length;
  const workers = pool.ensure(threads - 1);
  const job: FoldJob = {
    jobId: nextJobId++,
    design: {
      ...design,
      X: shared(design.X),
      usable: shared(design.usable),
      labelled: shared(design.labelled),
      trainingTarget: shared(design.trainingTarget),
      regimeProbs: design.regimeProbs && shared(design.regimeProbs),
    },
    windows,
    cfg,
    featureNames,
    dates,
    forecast,
    control: new Int32Array(new SharedArrayBuffer(8)),
  };
  if (workers.length > 0) for (const w of workers) w.worker.postMessage(job);

  const out: (FittedFold | null)[] = new Array(n);
  let have = 0;
  let error: string | null = null;
  const drain = (): number => {
    let got = 0;
    for (const w of workers) {
      for (let r = receiveMessageOnPort(w.port); r !== undefined; r = receiveMessageOnPort(w.port)) {
        const msg = r.message as FoldJobResult;
        if (msg.jobId !== job.jobId) continue;
        if (msg.error !== undefined) error ??= msg.error;
        else out[msg.index] = msg.fitted ?? null;
        got++;
      }
    }
    return got;
  };
  const control = job.control;
  const uncapped = capForestThreads(1); // this thread's folds grow their trees here, like the workers'
  try {
    for (;;) {
      const i = Atomics.add(control, 0, 1);
      if (i >= n) break;
      out[i] = runFold(job.design, windows[i], cfg, featureNames, dates, forecast);
      have += 1 + drain();
      if (error !== null) break;
      onDone(have);
    }
  } catch (err) {
    Atomics.store(control, 0, n); // hand out no more folds
    throw err;
  } finally {
    capForestThreads(uncapped);
  }
  // Every window is claimed: wait for the ones workers took.
  let last = Date.now();
  // A fold that failed stops the walk-forward at once: the folds left unclaimed will never be posted.
  while (have < n && error === null) {
    const posted = Atomics.load(control, 1);
    const got = drain();
    if (got > 0) {
      have += got;
      last = Date.now();
      onDone(have);
      continue;
    }
    if (Date.now() - last > STALL_MS) throw new Error("walkForwardAlpha: fold workers stopped responding");
    Atomics.wait(control, 1, posted, 200);
  }
  if (error !== null) {
    Atomics.store(control, 0, n);
    throw new Error(error);
  }
  return out;
}

/** The worker side: run claimed folds of each job and post them. Called by foldWorker. */
export function serveFoldJobs(port: MessagePort, onJob: (listener: (job: FoldJob) => void) => void): void {
  onJob((job) => {
    const n = job.windows.length;
    for (;;) {
      const i = Atomics.add(job.control, 0, 1);
      if (i >= n) break;
      let msg: FoldJobResult;
      try {
        msg = { jobId: job.jobId, index: i, fitted: runFold(job.design, job.windows[i], job.cfg, job.featureNames, job.dates, job.forecast) };
      } catch (err) {
        Atomics.store(job.control, 0, n);
        msg = { jobId: job.jobId, index: i, error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(msg);
      Atomics.add(job.control, 1, 1);
      Atomics.notify(job.control, 1);
    }
  });
}

/**
 * The k-means restarts of a walk-forward's refits on several cores, behind a synchronous call.
 *
 * A refit's k-means restarts depend only on its own training rows and the seed, never on the
 * previous fit (only the warm start does), so every restart of every refit is known before the
 * first one runs. The workers claim them in refit order from the front; `result(task)` returns a
 * restart's outcome, running the unclaimed ones up to it here when the workers are behind. When a
 * worker has the task it needs, this thread takes one from the back (the last refits' restarts,
 * needed last) instead of waiting: taking the next one from the front, as it did, sent this thread
 * ahead on cold restarts while the warm starts, which depend on the previous fit and run in order
 * on this thread, fell behind, and the workers then sat idle through the last refits' warm starts
 * (on the shipped study about a tenth of the regimes step). The unclaimed tasks stay one contiguous range:
 * a claim is an atomic compare-and-swap on the task's own flag. Each restart is
 * computed by the same code from the same inputs wherever it runs, so the fits are the same for
 * any number of threads (a test checks 1 against 3).
 *
 * The workers are util/workerPool.ts's (process-wide, unref'd), as for the forest's trees:
 * SharedArrayBuffer inputs, Atomics.wait plus receiveMessageOnPort. Worker entry: compiled
 * `restartWorker.js` next to this file, or `restartWorker.ts` under tsx. When no worker can start, this
 * thread runs every restart.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { WorkerPool, type PoolWorker } from "../util/workerPool";
import { prepareHmmFit, runHmmRestart, type GaussianHmmFitOptions, type HmmRestartOutcome, type PreparedHmmFit } from "./fit";

/** The restarts of one walk-forward: every refit's standardised training rows and the fit settings. */
export interface RestartJob {
  readonly jobId: number;
  /** Every refit's standardised rows, concatenated (row-major, d columns). */
  readonly rows: Float64Array;
  /** Refit i's rows are rows[offsets[i] .. offsets[i + 1]). */
  readonly offsets: Float64Array;
  readonly d: number;
  /** fitGaussianHmm's options for the cold (k-means only) fit of every refit. */
  readonly settings: GaussianHmmFitOptions;
  /** Task k = restart restartOf[k] of refit refitOf[k]. */
  readonly refitOf: Int32Array;
  readonly restartOf: Int32Array;
  /** [0] next task to claim from the front, [1] tasks posted by workers. */
  readonly control: Int32Array;
  /** 1 where a thread has claimed the task (claims swap 0 for 1, so no task runs twice). */
  readonly claimed: Int32Array;
}

/** The next unclaimed task from the front, or -1 when none is left (then all are claimed: they form one range). */
function claimFront(job: Pick<RestartJob, "control" | "claimed">): number {
  const t = Atomics.add(job.control, 0, 1);
  return t < job.claimed.length && Atomics.compareExchange(job.claimed, t, 0, 1) === 0 ? t : -1;
}

interface RestartJobResult {
  readonly jobId: number;
  readonly task: number;
  readonly outcome?: HmmRestartOutcome;
  readonly error?: string;
}

const pool = new WorkerPool(__dirname, "restartWorker");
let nextJobId = 1;
/** Give up on workers that posted nothing for this long (a crashed worker would otherwise hang the walk-forward). */
const STALL_MS = 10 * 60 * 1000;

/** Terminate the pool's workers (they are unref'd, so this is only needed to free them early). */
export async function closeRestartPool(): Promise<void> {
  await pool.close();
}

/** The prepared cold fit of one refit, kept while consecutive tasks use it (its scratch is reused). */
class ColdFits {
  private refit = -1;
  private fit: PreparedHmmFit | null = null;
  constructor(private readonly job: Pick<RestartJob, "rows" | "offsets" | "d" | "settings">) {}
  get(refit: number): PreparedHmmFit {
    if (this.refit !== refit || this.fit === null) {
      const { rows, offsets, d, settings } = this.job;
      this.fit = prepareHmmFit(rows.subarray(offsets[refit], offsets[refit + 1]), d, settings);
      this.refit = refit;
    }
    return this.fit;
  }
}

function runTask(job: Pick<RestartJob, "refitOf" | "restartOf">, fits: ColdFits, task: number): HmmRestartOutcome {
  return runHmmRestart(fits.get(job.refitOf[task]), job.restartOf[task]);
}

/** Restart outcomes of one walk-forward, computed on this thread and up to threads - 1 workers. */
export class RestartPool {
  private readonly job: RestartJob;
  private readonly workers: PoolWorker[];
  private readonly outcomes: (HmmRestartOutcome | undefined)[];
  private readonly errors: (string | undefined)[];
  private readonly local: ColdFits;
  /** The prepared fit of the refit whose restarts this thread takes from the back. */
  private readonly localBack: ColdFits;
  private readonly nTasks: number;
  /** Tasks at and above this one were claimed from the back (only this thread claims there). */
  private back: number;

  /**
   * @param rows every refit's standardised training rows, concatenated; refit i's are rows[offsets[i] .. offsets[i + 1])
   * @param restarts k-means restarts per refit (the tasks: refit 0's restarts first)
   */
  constructor(rows: Float64Array, offsets: Float64Array, d: number, settings: GaussianHmmFitOptions, restarts: number, threads: number) {
    const nRefits = offsets.length - 1;
    this.nTasks = nRefits * restarts;
    const refitOf = new Int32Array(this.nTasks), restartOf = new Int32Array(this.nTasks);
    for (let k = 0; k < this.nTasks; k++) {
      refitOf[k] = Math.floor(k / restarts);
      restartOf[k] = k % restarts;
    }
    this.workers = threads > 1 ? pool.ensure(threads - 1) : [];
    const sharedRows = this.workers.length > 0 ? new Float64Array(new SharedArrayBuffer(rows.byteLength)) : rows;
    if (sharedRows !== rows) sharedRows.set(rows);
    const claimed = new Int32Array(this.workers.length > 0 ? new SharedArrayBuffer(4 * this.nTasks) : new ArrayBuffer(4 * this.nTasks));
    this.job = { jobId: nextJobId++, rows: sharedRows, offsets, d, settings, refitOf, restartOf, control: new Int32Array(new SharedArrayBuffer(8)), claimed };
    this.outcomes = new Array(this.nTasks);
    this.errors = new Array(this.nTasks);
    this.local = new ColdFits(this.job);
    this.localBack = new ColdFits(this.job);
    this.back = this.nTasks;
    for (const w of this.workers) w.worker.postMessage(this.job);
  }

  /** The outcome of task `k` (restart k % restarts of refit floor(k / restarts)); throws the error it ended with. */
  result(k: number): HmmRestartOutcome {
    const control = this.job.control;
    let last = Date.now();
    while (this.outcomes[k] === undefined && this.errors[k] === undefined) {
      // Task k unclaimed: the workers are behind, so run the front ones (up to k) here.
      const front = Atomics.load(this.job.claimed, k) === 0 ? claimFront(this.job) : -1;
      if (front >= 0) {
        this.run(front, this.local);
        continue;
      }
      const posted = Atomics.load(control, 1);
      if (this.drain() > 0) {
        last = Date.now();
        continue;
      }
      // A worker has task k: run one from the back meanwhile, or wait when none is left.
      const back = this.claimBack();
      if (back >= 0) {
        this.run(back, this.localBack);
        continue;
      }
      if (Date.now() - last > STALL_MS) throw new Error("walkForwardRegimes: HMM restart workers stopped responding");
      Atomics.wait(control, 1, posted, 200);
    }
    if (this.errors[k] !== undefined) throw new Error(this.errors[k]);
    return this.outcomes[k]!;
  }

  private run(task: number, fits: ColdFits): void {
    try {
      this.outcomes[task] = runTask(this.job, fits, task);
    } catch (err) {
      this.errors[task] = err instanceof Error ? err.message : String(err);
    }
  }

  /** The last unclaimed task, or -1 when none is left. */
  private claimBack(): number {
    if (this.back <= 0) return -1;
    const t = this.back - 1;
    if (Atomics.compareExchange(this.job.claimed, t, 0, 1) !== 0) {
      this.back = 0; // the front reached it: every task is claimed
      return -1;
    }
    this.back = t;
    return t;
  }

  /** Stop handing out tasks (after an error: the workers finish the one they have and stop). */
  close(): void {
    Atomics.store(this.job.control, 0, this.nTasks);
  }

  private drain(): number {
    let got = 0;
    for (const w of this.workers) {
      for (let r = receiveMessageOnPort(w.port); r !== undefined; r = receiveMessageOnPort(w.port)) {
        const msg = r.message as RestartJobResult;
        if (msg.jobId !== this.job.jobId) continue;
        if (msg.error !== undefined) this.errors[msg.task] = msg.error;
        else this.outcomes[msg.task] = msg.outcome;
        got++;
      }
    }
    return got;
  }
}

/** The worker side: run claimed restarts of each job and post them. Called by restartWorker. */
export function serveRestartJobs(port: MessagePort, onJob: (listener: (job: RestartJob) => void) => void): void {
  onJob((job) => {
    const fits = new ColdFits(job);
    for (;;) {
      const t = claimFront(job);
      if (t < 0) break;
      let msg: RestartJobResult;
      try {
        msg = { jobId: job.jobId, task: t, outcome: runTask(job, fits, t) };
      } catch (err) {
        msg = { jobId: job.jobId, task: t, error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(msg);
      Atomics.add(job.control, 1, 1);
      Atomics.notify(job.control, 1);
    }
  });
}

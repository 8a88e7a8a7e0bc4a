/**
 * Sweeps on a cluster, through BullMQ on Redis. The coordinator puts one job per trial on the
 * queue, with the trial id as the job id: BullMQ keeps one job per id, so a trial is never run
 * for two results, and adding a sweep again finds the trials already done. Workers on any number
 * of machines (`alpha-engine worker`) pull trials and return their outcomes; the coordinator reads
 * them back and writes the same results.csv as a local run.
 *
 * A worker that dies mid-trial loses nothing: its lock on the job lapses (`lockDurationMs`), another
 * worker's stalled-job check moves the job back to the queue, and it runs again elsewhere. The
 * queue's name carries the engine's code hash, so workers running other code never take a trial
 * (the coordinator says which queue it waits on).
 */
import type { ConnectionOptions } from "bullmq";
import { availableParallelism } from "node:os";
import { parseConfig } from "../config/parse";
import { parseStudyConfig } from "../study/config";
import { decodeMemo, encodeMemo, engineCodeHash } from "../study/run/memo";
import { SweepWorkerConfigSchema, type SweepWorkerConfigInput } from "./config";
import type { TrialOutcome } from "./evaluate";
import { createTrialPool } from "./pool";
import { sweepTrialId, type SweepTrial } from "./trials";

/** What a job carries: the trial's id, its parsed config, and the coordinator's key of the trial's data. */
interface TrialJobData {
  readonly id: string;
  readonly config: unknown;
  readonly dataKey: string;
}

/**
 * A trial's job id: the trial id and the data's key. The same config on other bars (updated since,
 * or another vendor's) is another job, so a sweep run again after the data changed never reads the
 * results computed on the old bars.
 */
export function trialJobId(trialId: string, dataKey: string): string {
  return `${trialId}-${dataKey.slice(0, 12)}`;
}

/** The BullMQ connection of a redis:// URL (commands wait for a reconnect instead of failing, as BullMQ's workers require). */
export function redisConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}

/** The queue a sweep's trials go on: the configured name and the first 12 hex digits of the engine's code hash. */
export function sweepQueueName(queueName: string): string {
  return `${queueName}-${engineCodeHash().slice(0, 12)}`;
}

/** A redis URL as it may be printed: any password replaced. */
function shownUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}

/**
 * Run trials on the queue and wait for every outcome, in the trials' order; `onDone(count)` is
 * called as outcomes arrive.
 * @throws naming the trial when it failed on every attempt, with the worker's reason
 */
export async function runTrialsOnQueue(
  trials: readonly (SweepTrial & { readonly dataKey: string })[],
  { url, queueName, attempts, pollMs, log = () => undefined, onDone }: { url: string; queueName: string; attempts: number; pollMs: number; log?: (line: string) => void; onDone?: (done: number) => void },
): Promise<TrialOutcome[]> {
  const { Job, Queue } = await import("bullmq"); // loaded on use: the library's root stays light
  const name = sweepQueueName(queueName);
  const queue = new Queue<TrialJobData, string>(name, { connection: redisConnection(url) });
  try {
    await queue.addBulk(
      trials.map((t) => ({
        name: "trial",
        data: { id: t.id, config: t.config, dataKey: t.dataKey },
        // no backoff: a retried trial is a dead worker's, not a flaky computation's
        opts: { jobId: trialJobId(t.id, t.dataKey), attempts, removeOnComplete: false, removeOnFail: false },
      })),
    );
    log(`sweep: ${trials.length} trials on queue ${name} at ${shownUrl(url)}; start workers with: alpha-engine worker --queue <url>${queueName === "alpha-engine-sweep" ? "" : ` --queue-name ${queueName}`}`);
    const outcomes = new Map<string, TrialOutcome>();
    const jobIds = new Map(trials.map((t) => [t.id, trialJobId(t.id, t.dataKey)]));
    let pending = trials.map((t) => t.id);
    while (pending.length > 0) {
      const still: string[] = [];
      for (const id of pending) {
        const jobId = jobIds.get(id)!;
        // The state first, then the job: a job read before it finishes has no return value yet, even
        // when it has finished by the time its state is asked (BullMQ moves a job to completed and
        // stores its return value in one step).
        const state = await queue.getJobState(jobId);
        if (state === "unknown") throw new Error(`sweep: trial ${id} vanished from queue ${name} (removed by someone else?)`);
        if (state !== "completed" && state !== "failed") {
          still.push(id);
          continue;
        }
        const job = await Job.fromId<TrialJobData, string>(queue, jobId);
        if (!job) throw new Error(`sweep: trial ${id} vanished from queue ${name} (removed by someone else?)`);
        if (state === "failed") throw new Error(`sweep: trial ${id} failed on the queue after ${job.attemptsMade} attempt(s): ${job.failedReason}`);
        const outcome = decodeMemo(job.returnvalue) as TrialOutcome | null;
        if (outcome?.id !== id) throw new Error(`sweep: the queue returned ${outcome ? `trial ${outcome.id}` : "no outcome"} for trial ${id}`);
        outcomes.set(id, outcome);
      }
      if (still.length < pending.length) {
        log(`sweep: ${trials.length - still.length}/${trials.length} trials done`);
        onDone?.(trials.length - still.length);
      }
      pending = still;
      if (pending.length > 0) await new Promise((r) => setTimeout(r, pollMs));
    }
    return trials.map((t) => outcomes.get(t.id) as TrialOutcome);
  } finally {
    await queue.close();
  }
}

/** A running queue worker. */
export interface SweepWorker {
  /** Stop taking trials, finish the running ones, and release the threads. */
  close(): Promise<void>;
}

/**
 * Pull trials from the queue and evaluate them, `concurrency` at a time, each on its own thread
 * (the thread computes the trial's upstream once per group, through the study's memo, whose folder
 * is this machine's `memoDir`). With more than one trial at a time, each trial's forests grow on
 * cores / concurrency threads, so that trials x forest threads stay within the machine's cores.
 */
export async function startSweepWorker(
  options: SweepWorkerConfigInput,
  { log = () => undefined, memoDir = null, dataDir }: { log?: (line: string) => void; memoDir?: string | null; dataDir?: string } = {},
): Promise<SweepWorker> {
  const cfg = parseConfig(SweepWorkerConfigSchema, options, "sweep worker");
  const { Worker } = await import("bullmq");
  const name = sweepQueueName(cfg.queueName);
  const pool = createTrialPool(cfg.concurrency);
  const forestThreads = cfg.concurrency > 1 ? Math.max(1, Math.floor(availableParallelism() / cfg.concurrency)) : null;
  const worker = new Worker<TrialJobData, string>(
    name,
    async (job) => {
      const { id, dataKey } = job.data;
      const config = parseStudyConfig(job.data.config);
      if (sweepTrialId(config) !== id) throw new Error(`trial ${id}: its config hashes to ${sweepTrialId(config)} here (another engine version?)`);
      config.cache = { ...config.cache, dir: memoDir };
      if (forestThreads !== null) config.walkForward.model.forest.threads = forestThreads;
      log(`worker: trial ${id} started (attempt ${job.attemptsMade + 1})`);
      const [outcome] = await pool.run({ trials: [{ id, config }], dataDir, dataKey });
      log(`worker: trial ${id} done, net Sharpe ${outcome.metrics.netSharpe.toFixed(3)}`);
      return encodeMemo(outcome);
    },
    {
      connection: redisConnection(cfg.queue),
      concurrency: cfg.concurrency,
      lockDuration: cfg.lockDurationMs,
      stalledInterval: cfg.stalledIntervalMs,
      maxStalledCount: cfg.maxStalledCount,
    },
  );
  worker.on("failed", (job, err) => log(`worker: trial ${job?.data.id ?? "?"} failed: ${err.message}`));
  worker.on("error", (err) => log(`worker: ${err.message}`));
  await worker.waitUntilReady();
  log(`worker: waiting for trials on queue ${name} at ${shownUrl(cfg.queue)} (${cfg.concurrency} at a time)`);
  return {
    async close() {
      await worker.close();
      await pool.destroy();
    },
  };
}

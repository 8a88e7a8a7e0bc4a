/**
 * Growing a forest's trees on several cores, behind a synchronous call.
 *
 * A pool of worker threads lives for the whole process (unref'd: it never keeps it alive). A fit
 * puts its binned matrix, targets and rows in SharedArrayBuffers and posts one job to every
 * worker; then every thread, this one included, claims tree indices from a shared atomic counter
 * until none is left, so a slow or busy core simply grows fewer trees. Workers post each finished
 * tree on their own MessagePort; this thread, once out of trees, blocks in `Atomics.wait` and
 * collects them with `receiveMessageOnPort`. Each tree is grown from its own seed, so the forest
 * is the same whichever thread grew which tree.
 *
 * Worker entry: compiled, `forestWorker.js` next to this file; under tsx (tests, benchmarks run
 * from TypeScript) a small eval'd script registers tsx's CommonJS hook and loads `forestWorker.ts`.
 * When neither can start, the workers never claim a tree and this thread grows them all.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { WorkerPool, type PoolWorker } from "../util/workerPool";
import type { BinnedMatrix } from "./binning";
import { binColumns, growTree, TreeWorkspace, type FlatTree, type TreeGrowth } from "./tree";

/** What a worker receives for one fit. */
export interface ForestJob {
  readonly jobId: number;
  readonly bins: Uint8Array;
  /** The same bins feature-major (see ./tree binColumns). */
  readonly columns: Uint8Array;
  readonly binCount: Int32Array;
  readonly binEdges: Float64Array;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly y: Float64Array;
  readonly rows: Int32Array;
  readonly seeds: Float64Array;
  readonly growth: TreeGrowth;
  /** [0] next tree to claim, [1] trees posted by workers. */
  readonly control: Int32Array;
}

/** What a worker posts per tree. */
export interface ForestJobResult {
  readonly jobId: number;
  readonly index: number;
  readonly tree?: FlatTree;
  readonly error?: string;
}

const pool = new WorkerPool(__dirname, "forestWorker");
let nextJobId = 1;
/** Give up on workers that posted nothing for this long (a crashed worker would otherwise hang the fit). */
const STALL_MS = 10 * 60 * 1000;

/** Terminate the pool's workers (they are unref'd, so this is only needed to free them early). */
export async function closeForestPool(): Promise<void> {
  await pool.close();
}

function shared<T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (buf: SharedArrayBuffer) => T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = make(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * Grow `seeds.length` trees using this thread plus up to threads - 1 workers.
 * Same result as growing them one by one here.
 */
export function growTreesInPool(binned: BinnedMatrix, y: Float64Array, rows: Int32Array, growth: TreeGrowth, seeds: Float64Array, threads: number): FlatTree[] {
  const nTrees = seeds.length;
  const workers = pool.ensure(threads - 1);
  const ws = new TreeWorkspace(rows.length, binned.nFeatures);
  const columns = binColumns(binned);
  const out: FlatTree[] = new Array(nTrees);
  if (workers.length === 0) {
    for (let t = 0; t < nTrees; t++) out[t] = growTree(binned, y, rows, growth, seeds[t], ws, columns);
    return out;
  }
  const job: ForestJob = {
    jobId: nextJobId++,
    bins: shared(binned.bins, (b) => new Uint8Array(b)),
    columns: shared(columns, (b) => new Uint8Array(b)),
    binCount: shared(binned.binCount, (b) => new Int32Array(b)),
    binEdges: shared(binned.binEdges, (b) => new Float64Array(b)),
    nRows: binned.nRows,
    nFeatures: binned.nFeatures,
    y: shared(y, (b) => new Float64Array(b)),
    rows: shared(rows, (b) => new Int32Array(b)),
    seeds: shared(seeds, (b) => new Float64Array(b)),
    growth,
    control: new Int32Array(new SharedArrayBuffer(8)),
  };
  for (const w of workers) w.worker.postMessage(job);

  const control = job.control;
  let have = 0;
  let error: string | null = null;
  const take = (msg: ForestJobResult): void => {
    if (msg.jobId !== job.jobId) return;
    if (msg.error !== undefined) error ??= msg.error;
    else out[msg.index] = msg.tree!;
    have++;
  };
  const drain = (): void => {
    for (const w of workers) {
      for (let r = receiveMessageOnPort(w.port); r !== undefined; r = receiveMessageOnPort(w.port)) take(r.message as ForestJobResult);
    }
  };
  // This thread claims trees like any worker.
  for (;;) {
    const t = Atomics.add(control, 0, 1);
    if (t >= nTrees) break;
    out[t] = growTree(binned, y, rows, growth, seeds[t], ws, columns);
    have++;
  }
  // Every tree is claimed now; wait for the ones workers took.
  let last = Date.now();
  while (have < nTrees) {
    const posted = Atomics.load(control, 1);
    const before = have;
    drain();
    if (have >= nTrees) break;
    if (have > before) last = Date.now();
    else if (Date.now() - last > STALL_MS) throw new Error("fitRandomForest: forest workers stopped responding");
    Atomics.wait(control, 1, posted, 200);
  }
  if (error !== null) throw new Error(`fitRandomForest: a forest worker failed: ${error}`);
  return out;
}

/** The worker side: grow claimed trees of each job and post them. Called by forestWorker. */
export function serveForestJobs(port: MessagePort, onJob: (listener: (job: ForestJob) => void) => void): void {
  let ws: TreeWorkspace | null = null;
  onJob((job) => {
    const binned: BinnedMatrix = { nRows: job.nRows, nFeatures: job.nFeatures, bins: job.bins, binCount: job.binCount, binEdges: job.binEdges };
    const nTrees = job.seeds.length;
    for (;;) {
      const t = Atomics.add(job.control, 0, 1);
      if (t >= nTrees) break;
      let msg: ForestJobResult;
      let transfer: ArrayBuffer[] = [];
      try {
        if (!ws || ws.maxRows < job.rows.length || ws.nFeatures !== job.nFeatures) ws = new TreeWorkspace(job.rows.length, job.nFeatures);
        const tree = growTree(binned, job.y, job.rows, job.growth, job.seeds[t], ws, job.columns);
        msg = { jobId: job.jobId, index: t, tree };
        transfer = [tree.feature, tree.threshold, tree.thresholdBin, tree.left, tree.missingLeft, tree.value, tree.importance, tree.oobRows, tree.oobPrediction].map(
          (a) => a.buffer as ArrayBuffer,
        );
      } catch (err) {
        msg = { jobId: job.jobId, index: t, error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(msg, transfer);
      Atomics.add(job.control, 1, 1);
      Atomics.notify(job.control, 1);
    }
  });
}

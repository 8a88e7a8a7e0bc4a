/**
 * A process-wide pool of worker threads for synchronous fan-out (the forest's trees, the HMM's
 * restarts): workers are started once, unref'd (they never keep the process alive), and each gets
 * a MessagePort the caller polls with receiveMessageOnPort. Hand-written rather than piscina
 * because the callers block on results inside a synchronous fit: a promise-based pool cannot be
 * waited on there.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";

/** One started worker and the port it posts its results to. */
export interface PoolWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/** Workers running `<dir>/<script>.js` (compiled) or `.ts` (under tsx, for tests and notebooks). */
export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private unavailable = false;

  constructor(
    private readonly dir: string,
    private readonly script: string,
  ) {}

  private entry(): { script: string; eval: boolean } | null {
    const js = join(this.dir, `${this.script}.js`);
    if (__filename.endsWith(".js") && existsSync(js)) return { script: js, eval: false };
    const ts = join(this.dir, `${this.script}.ts`);
    if (!existsSync(ts)) return null;
    try {
      const api = require.resolve("tsx/cjs/api");
      return { script: `require(${JSON.stringify(api)}).register();require(${JSON.stringify(ts)});`, eval: true };
    } catch {
      return null;
    }
  }

  /** Start workers until the pool has `size` (or report none when they cannot start). */
  ensure(size: number): PoolWorker[] {
    if (this.unavailable) return [];
    const entry = this.entry();
    if (!entry) {
      this.unavailable = true;
      return [];
    }
    while (this.workers.length < size) {
      const { port1, port2 } = new MessageChannel();
      let worker: Worker;
      try {
        worker = new Worker(entry.script, { eval: entry.eval, workerData: { port: port2 }, transferList: [port2] });
      } catch {
        this.unavailable = true;
        break;
      }
      worker.on("error", () => {
        // A worker that fails to load never claims a task; drop it so later jobs do not wait on it.
        const i = this.workers.findIndex((w) => w.worker === worker);
        if (i >= 0) this.workers.splice(i, 1);
      });
      worker.unref();
      port1.unref();
      this.workers.push({ worker, port: port1 });
    }
    return this.workers.slice(0, size);
  }

  /** Terminate the workers (they are unref'd, so this is only needed to free them early). */
  async close(): Promise<void> {
    const all = this.workers.splice(0, this.workers.length);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }
}

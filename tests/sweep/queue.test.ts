// A sweep on a real Redis (Debian's redis-server on 127.0.0.1, a free port) with two worker
// processes: one is killed mid-trial, its trial is retried by the other, and results.csv equals
// a local run's byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSweep, writeSweepOutputs } from "../../src/sweep/run";
import { runTrialsOnQueue } from "../../src/sweep/queue";
import { sweepTrials } from "../../src/sweep/trials";

const ROOT = join(__dirname, "..", "..");
const SMALL = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "sweep", "small-study.json"), "utf8")) as Record<string, unknown>;
const hasRedis = spawnSync("redis-server", ["--version"], { encoding: "utf8" }).status === 0;
const skip = !hasRedis && !process.env.CI ? "redis-server is not installed (apt-get install redis-server); CI installs it" : false;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process whose stderr lines are collected, and a wait for a line matching a pattern. */
function start(command: string, args: string[]): { child: ChildProcess; lines: string[]; waitFor: (re: RegExp, ms?: number) => Promise<RegExpMatchArray> } {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let buffer = "";
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const waitFor = (re: RegExp, ms = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const seen = lines.map((l) => l.match(re)).find(Boolean);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${ms} ms; got:\n${lines.join("\n")}`)), ms);
      waiters.push({ re, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return { child, lines, waitFor };
}

function stop(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

test("a queue sweep with two workers, one killed mid-trial, gives the local run's results.csv", { skip, timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "cae-queue-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = start("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
  const workers: ReturnType<typeof start>[] = [];
  try {
    await redis.waitFor(/Ready to accept connections/);
    const base = { ...SMALL, cache: { dir: join(dir, "memo-local") } };
    const sweep = { base, grid: { "portfolio.maxPosition": [0.05, 0.1, 0.2], "backtest.rebalanceEveryDays": [1, 5] } };
    const local = await writeSweepOutputs(await runSweep(sweep, { workers: 1 }), join(dir, "local"));

    // each worker its own (cold) memo, as on separate machines: the killed one is computing its first upstream
    const workerArgs = (name: string) => ["--import", "tsx", join(ROOT, "src", "cli.ts"), "worker", "--queue", url, "--cache-dir", join(dir, `memo-${name}`), "--lock-ms", "1500", "--stalled-ms", "500"];
    workers.push(start(process.execPath, workerArgs("a")), start(process.execPath, workerArgs("b")));
    await Promise.all(workers.map((w) => w.waitFor(/^worker: waiting for trials/)));
    const [a, b] = workers;
    const progress: number[] = [];
    const coordinator = runSweep(sweep, { queue: url, pollMs: 100 }, { onTrials: (done) => progress.push(done) });
    const [, killedId] = await a.waitFor(/^worker: trial ([0-9a-f]{16}) started/);
    await stop(a.child, "SIGKILL");
    assert.ok(!a.lines.some((l) => l.includes(`trial ${killedId} done`)), "killed mid-trial");

    const result = await coordinator;
    const queued = await writeSweepOutputs(result, join(dir, "queued"));
    assert.equal(readFileSync(queued.csv, "utf8"), readFileSync(local.csv, "utf8"));
    // the dead worker's trial ran again on the other worker, and every trial ran to one result
    assert.ok(b.lines.some((l) => l.includes(`trial ${killedId} started`)), `worker b never ran ${killedId}:\n${b.lines.join("\n")}`);
    const done = b.lines.filter((l) => / done, /.test(l)).map((l) => l.match(/trial ([0-9a-f]{16})/)?.[1]);
    assert.equal(new Set(done).size, 6);
    assert.equal(result.outcomes.length, 6);
    assert.equal(progress[0], 0);
    assert.equal(progress.at(-1), 6);
    assert.ok(progress.length >= 3 && progress.every((d, i) => i === 0 || d > progress[i - 1]), `progress as trials arrive: ${progress.join(", ")}`);

    // adding the same sweep again finds every trial done: nothing runs twice
    const startedBefore = b.lines.filter((l) => / started /.test(l)).length;
    const again = await runSweep(sweep, { queue: url, pollMs: 100 });
    assert.deepEqual(again.outcomes.map((o) => o.metrics), result.outcomes.map((o) => o.metrics));
    assert.equal(b.lines.filter((l) => / started /.test(l)).length, startedBefore);

    // a coordinator whose bars are not the workers': the trial fails on the queue, naming both data keys
    const [trial] = sweepTrials({ grid: { "portfolio.maxPosition": [0.15] } }, base);
    const otherBars = "fedcba987654".padEnd(64, "0");
    await assert.rejects(
      runTrialsOnQueue([{ ...trial, dataKey: otherBars }], { url, queueName: "alpha-engine-sweep", attempts: 1, pollMs: 100 }),
      new RegExp(`trial ${trial.id} failed on the queue after 1 attempt\\(s\\): trial ${trial.id}: this machine's data differ from the coordinator's \\(data key [0-9a-f]{12} here, fedcba987654 there\\)`),
    );
  } finally {
    await Promise.all(workers.map((w) => stop(w.child)));
    await stop(redis.child);
    rmSync(dir, { recursive: true, force: true });
  }
});

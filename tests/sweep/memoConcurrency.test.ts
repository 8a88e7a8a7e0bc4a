// Sweep workers on threads of one process share the study's memo folder: many threads writing the
// same entries at the same moment never fail, never leave a temp file, and every entry reads back whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { memoized } from "../../src/study/run/memo";

const MEMO = join(__dirname, "..", "..", "src", "study", "run", "memo.ts");
const THREADS = 4, ROUNDS = 25, LENGTH = 50_000;

// Each thread waits at a shared barrier before each round, then misses and writes the same key as the
// others, on a frozen clock (the worst case of two threads writing in the same millisecond).
const script = `
const { workerData, parentPort } = require("node:worker_threads");
require(${JSON.stringify(require.resolve("tsx/cjs/api"))}).register();
const { memoized } = require(${JSON.stringify(MEMO)});
const { dir, rounds, length, threads, barrier } = workerData;
const gate = new Int32Array(barrier);
Date.now = () => 0; // every write in the same millisecond: temp names must not rely on the clock
let errors = [];
for (let r = 0; r < rounds; r++) {
  if (Atomics.add(gate, r, 1) + 1 < threads) while (Atomics.load(gate, r) < threads) Atomics.wait(gate, r, Atomics.load(gate, r), 5);
  else Atomics.notify(gate, r);
  try {
    memoized("race", { round: r }, () => ({ values: Float64Array.from({ length }, (_, i) => r + i / length) }), { dir });
  } catch (err) { errors.push(err.message); }
}
parentPort.postMessage(errors);
`;

test("memoized: threads writing the same entries at once all succeed and leave whole entries, no temp files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cae-memo-race-"));
  try {
    const barrier = new SharedArrayBuffer(4 * ROUNDS);
    const runs = Array.from({ length: THREADS }, () =>
      new Promise<string[]>((resolve, reject) => {
        const w = new Worker(script, { eval: true, workerData: { dir, rounds: ROUNDS, length: LENGTH, threads: THREADS, barrier } });
        w.once("message", resolve);
        w.once("error", reject);
      }),
    );
    const errors = (await Promise.all(runs)).flat();
    assert.deepEqual(errors, []);
    const files = readdirSync(dir);
    assert.deepEqual(files.filter((f) => f.endsWith(".tmp")), []);
    assert.equal(files.length, ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const entry = memoized("race", { round: r }, () => assert.fail(`round ${r} missed: the entry is not whole`), { dir });
      assert.equal(entry.hit, true);
      const values = (entry.value as { values: Float64Array }).values;
      assert.equal(values.length, LENGTH);
      assert.equal(values[LENGTH - 1], r + (LENGTH - 1) / LENGTH);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

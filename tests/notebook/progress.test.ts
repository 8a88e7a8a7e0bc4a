import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { progress } from "../../src/notebook/progress";
import { setKernelWriterForTesting } from "../../src/notebook/kernel";

afterEach(() => setKernelWriterForTesting(undefined));

test("progress() in a kernel updates one display in place", () => {
  const sent: { id?: string; update: boolean }[] = [];
  setKernelWriterForTesting((content, update) => sent.push({ id: content.transient.display_id, update }));
  const p = progress("fitting", 3, { intervalMs: 0 });
  p.tick();
  p.tick();
  p.done();
  assert.equal(sent.length, 3);
  assert.equal(new Set(sent.map((s) => s.id)).size, 1, "one display id throughout");
  assert.deepEqual(sent.map((s) => s.update), [false, true, true]);
});

test("progress() without a TTY writes a line per 10% and a final line", () => {
  setKernelWriterForTesting(null);
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WritableStream;
  const p = progress("walk-forward", 100, { intervalMs: 0, stream });
  for (let i = 0; i < 100; i++) p.tick();
  p.done();
  assert.equal(lines.length, 11 + 1, "0%..100% in tens, then done");
  assert.match(lines[lines.length - 1], /^walk-forward: 100\/100 \(100%\) done in \d+\.\d s\n$/);
});

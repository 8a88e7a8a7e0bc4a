import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createProgress, formatDuration, progressCallback, progressListener, progressEvent, progressLine, showProgress, type ProgressEvent } from "../../src/util/progress";
import { setKernelWriterForTesting } from "../../src/util/kernel";

afterEach(() => setKernelWriterForTesting(undefined));

/** A clock the test moves by hand. */
function fakeClock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function captureStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 120, write: (s: string) => (chunks.push(s), true), on: () => stream, cursorTo: () => true, clearLine: () => true, moveCursor: () => true };
  return { stream: stream as unknown as NodeJS.WritableStream & { isTTY?: boolean }, chunks };
}

test("formatDuration(ms) reads as seconds, minutes or hours; NaN is not known yet", () => {
  assert.equal(formatDuration(0), "0.0 s");
  assert.equal(formatDuration(12345), "12.3 s");
  assert.equal(formatDuration(59949), "59.9 s");
  assert.equal(formatDuration(125000), "2 min 05 s");
  assert.equal(formatDuration(3723000), "1 h 02 min");
  assert.equal(formatDuration(NaN), "–");
});

test("progressEvent() extrapolates the mean time per unit: 2 of 4 done in 1 s leaves 1 s", () => {
  assert.deepEqual(progressEvent("refits", 2, 4, 0, 1000), { step: "refits", done: 2, total: 4, elapsedMs: 1000, etaMs: 1000 });
  assert.ok(Number.isNaN(progressEvent("refits", 0, 4, 0, 1000).etaMs), "no estimate before the first unit");
  assert.equal(progressEvent("refits", 4, 4, 0, 1000).etaMs, 0);
});

test("progressLine() shows step, count, percent, elapsed and remaining; a finished line the total time", () => {
  const e: ProgressEvent = { step: "regimes: HMM refits", done: 7, total: 62, elapsedMs: 200, etaMs: 1571.4 };
  assert.equal(progressLine(e), "regimes: HMM refits: 7/62 (11%) · elapsed 0.2 s · left 1.6 s");
  assert.equal(progressLine({ ...e, done: 62, etaMs: 0, elapsedMs: 6300 }, { finished: true }), "regimes: HMM refits: 62/62 (100%) · done in 6.3 s");
  assert.equal(progressLine({ ...e, done: 0, etaMs: NaN, elapsedMs: 0 }, { detail: "SPY" }), "regimes: HMM refits: 0/62 (0%) · elapsed 0.0 s · left – · SPY");
});

test("createProgress() in a kernel updates one display in place, with the count, elapsed and remaining time", () => {
  const sent: { id?: string; update: boolean; text: string; html: string }[] = [];
  setKernelWriterForTesting((content, update) =>
    sent.push({ id: content.transient.display_id, update, text: String(content.data["text/plain"]), html: String(content.data["text/html"]) }),
  );
  const clock = fakeClock();
  const bar = createProgress({ label: "fitting", total: 4, intervalMs: 0, now: clock.now });
  clock.advance(500);
  bar.tick();
  clock.advance(500);
  bar.tick();
  clock.advance(1000);
  bar.finish();
  assert.equal(new Set(sent.map((s) => s.id)).size, 1, "one display id throughout");
  assert.deepEqual(sent.map((s) => s.update), [false, true, true, true]);
  assert.deepEqual(sent.map((s) => s.text), [
    "fitting: 0/4 (0%) · elapsed 0.0 s · left –",
    "fitting: 1/4 (25%) · elapsed 0.5 s · left 1.5 s",
    "fitting: 2/4 (50%) · elapsed 1.0 s · left 1.0 s",
    "fitting: 4/4 (100%) · done in 2.0 s",
  ]);
  assert.match(sent[2].html, /width:50\.0%/);
  assert.match(sent[3].html, /width:100\.0%;height:10px;background:#2ca02c/);
});

test("createProgress() in a kernel redraws at most once per intervalMs, but always the first and the last state", () => {
  const sent: string[] = [];
  setKernelWriterForTesting((content) => sent.push(String(content.data["text/plain"])));
  const clock = fakeClock();
  const bar = createProgress({ label: "x", total: 100, intervalMs: 200, now: clock.now });
  for (let i = 0; i < 100; i++) {
    clock.advance(10); // 1 s in all: 5 redraws at 200 ms
    bar.tick();
  }
  bar.finish();
  assert.deepEqual(sent, [
    "x: 0/100 (0%) · elapsed 0.0 s · left –",
    "x: 20/100 (20%) · elapsed 0.2 s · left 0.8 s",
    "x: 40/100 (40%) · elapsed 0.4 s · left 0.6 s",
    "x: 60/100 (60%) · elapsed 0.6 s · left 0.4 s",
    "x: 80/100 (80%) · elapsed 0.8 s · left 0.2 s",
    "x: 100/100 (100%) · elapsed 1.0 s · left 0.0 s",
    "x: 100/100 (100%) · done in 1.0 s",
  ]);
});

test("createProgress() without a TTY writes a line per 10% and a final line", () => {
  setKernelWriterForTesting(null);
  const { stream, chunks } = captureStream(false);
  const clock = fakeClock();
  const bar = createProgress({ label: "walk-forward", total: 20, stream, now: clock.now });
  for (let i = 0; i < 20; i++) {
    clock.advance(100);
    bar.tick();
  }
  bar.finish();
  assert.equal(chunks.length, 11 + 1, "0%..100% in tens, then done");
  assert.equal(chunks[1], "walk-forward: 2/20 (10%) · elapsed 0.2 s · left 1.8 s\n");
  assert.equal(chunks[chunks.length - 1], "walk-forward: 20/20 (100%) · done in 2.0 s\n");
});

test("createProgress() on a TTY draws one line in place with cli-progress (carriage returns, no newline per update)", () => {
  setKernelWriterForTesting(null);
  const { stream, chunks } = captureStream(true);
  const bar = createProgress({ label: "sweep", total: 3, stream });
  bar.tick();
  bar.tick();
  bar.finish();
  const out = chunks.join("");
  assert.match(out, /sweep \[[^\]]+\] 3\/3 \(100%\) · done in \d+\.\d s/);
  assert.ok(!/sweep: \d/.test(out), "not the plain-lines format");
  assert.ok((out.match(/\n/g) ?? []).length <= 1, "a single line redrawn, one newline at the end");
});

test("createProgress() counts never move back, never pass the total, and nothing draws after finish", () => {
  setKernelWriterForTesting(null);
  const { stream, chunks } = captureStream(false);
  const bar = createProgress({ label: "x", total: 10, stream, now: () => 0 });
  bar.update(5);
  bar.update(3);
  bar.tick(20);
  bar.finish();
  bar.tick();
  bar.finish();
  assert.deepEqual(chunks, ["x: 0/10 (0%) · elapsed 0.0 s · left –\n", "x: 5/10 (50%) · elapsed 0.0 s · left 0.0 s\n", "x: 10/10 (100%) · elapsed 0.0 s · left 0.0 s\n", "x: 10/10 (100%) · done in 0.0 s\n"]);
});

test("createProgress() rejects a total that is not a whole number >= 0, naming the label", () => {
  assert.throws(() => createProgress({ label: "import", total: -1, mode: "silent" }), /createProgress: total must be a whole number >= 0 \(got -1\) for "import"/);
  assert.throws(() => createProgress({ label: "import", total: 2.5, mode: "silent" }), /got 2\.5/);
});

test("progressCallback() turns (done, total) hooks into events timed from its creation; none without a listener", () => {
  assert.equal(progressCallback("s", undefined), undefined);
  const clock = fakeClock(0);
  const events: ProgressEvent[] = [];
  const cb = progressCallback("regimes: HMM refits", (e) => events.push(e), clock.now)!;
  clock.advance(300);
  cb(1, 3);
  clock.advance(300);
  cb(2, 3);
  assert.deepEqual(events, [
    { step: "regimes: HMM refits", done: 1, total: 3, elapsedMs: 300, etaMs: 600 },
    { step: "regimes: HMM refits", done: 2, total: 3, elapsedMs: 600, etaMs: 300 },
  ]);
});

test("showProgress() gives each step its own display and finishes it when the count reaches the total", () => {
  setKernelWriterForTesting(null);
  const { stream, chunks } = captureStream(false);
  const listen = showProgress({ stream, now: () => 0 });
  for (const step of ["regimes", "models"]) for (let done = 0; done <= 2; done++) listen({ step, done, total: 2, elapsedMs: 0, etaMs: NaN });
  assert.deepEqual(
    chunks.map((c) => c.replace(/ · .*/s, "")),
    ["regimes: 0/2 (0%)", "regimes: 1/2 (50%)", "regimes: 2/2 (100%)", "models: 0/2 (0%)", "models: 1/2 (50%)", "models: 2/2 (100%)"],
  );
  assert.match(chunks[2], /done in/);
  assert.match(chunks[5], /done in/);
});

test("progressListener(label) draws one display, made at the first count and finished at the total", () => {
  const { stream, chunks } = captureStream(false);
  const onStep = progressListener("update", { stream, now: () => 0 });
  for (let k = 1; k <= 10; k++) onStep(k, 10, `T${k}`);
  const text = chunks.join("");
  assert.equal((text.match(/update: 10\/10/g) ?? []).length >= 1, true, text);
  assert.equal((text.match(/update: 0\/10/g) ?? []).length, 1, "one display, started once");
  assert.match(chunks[chunks.length - 1], /done/);
});

/**
 * One progress reporter for every long step (walk-forward refits, imports, updates, replays,
 * sweeps). It lives in util, the first layer, so that every stage can report; the display follows
 * where the code runs:
 * - in a tslab notebook, one output updated in place (a Jupyter display id) with the step, the
 *   count, the elapsed and the remaining time, as tqdm does in Python notebooks;
 * - on a terminal, one in-place bar drawn by `cli-progress`;
 * - in a log (no TTY: CI, a pipe), plain lines, one per 10% and a last one, so logs stay short.
 */
import { SingleBar } from "cli-progress";
import { escapeHtml } from "./html";
import { inKernel, sendBundle } from "./kernel";
import { randomBytes } from "node:crypto";

/** Where a long step stands: what `RunStudyOptions.onProgress` and `ProgressReporter` callers receive. */
export interface ProgressEvent {
  /** The step's name, e.g. "regimes: HMM refits". */
  readonly step: string;
  /** Units finished so far (0 ... total). */
  readonly done: number;
  readonly total: number;
  /** Milliseconds since the step started. */
  readonly elapsedMs: number;
  /** Estimated milliseconds left (elapsed / done x remaining); NaN before the first unit is done. */
  readonly etaMs: number;
}

/** A running progress display; see `createProgress`. */
export interface ProgressReporter {
  /** Advance by `units` (default 1), optionally saying what is being done. */
  tick(units?: number, detail?: string): void;
  /** Set the count of finished units (it never moves back). */
  update(done: number, detail?: string): void;
  /** Mark the step finished: the count reaches the total and the final line shows the elapsed time. */
  finish(detail?: string): void;
}

/** How progress is shown: "auto" picks "notebook" in a tslab kernel, "bar" on a TTY, else "lines". */
export type ProgressMode = "auto" | "notebook" | "bar" | "lines" | "silent";

/** Options of `createProgress`; every field says its default. */
export interface ProgressOptions {
  /** What is being done, shown before the count (required). */
  label: string;
  /** Units of work in all (required; 0 shows a finished bar). */
  total: number;
  /** Where terminal and log output goes (default process.stderr, so stdout stays machine-readable). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Display (default "auto"). */
  mode?: ProgressMode;
  /** Minimum milliseconds between notebook redraws (default 200); the first and last always draw. */
  intervalMs?: number;
  /** The clock, for tests (default Date.now). */
  now?: () => number;
}

/**
 * Time for a human: "0.4 s", "12.3 s", "2 min 05 s", "1 h 02 min"; "–" for NaN (not known yet).
 * @example formatDuration(125000) // => "2 min 05 s"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalSeconds = Math.round(s);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, "0")} s`;
  const minutes = Math.round(totalSeconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/**
 * The event of a step that started at `startedMs` and has `done` of `total` units finished at `nowMs`.
 * The remaining time extrapolates the mean time per unit so far.
 * @example progressEvent("refits", 2, 4, 0, 1000) // => { step: "refits", done: 2, total: 4, elapsedMs: 1000, etaMs: 1000 }
 */
export function progressEvent(step: string, done: number, total: number, startedMs: number, nowMs: number): ProgressEvent {
  const elapsedMs = Math.max(0, nowMs - startedMs);
  const etaMs = done > 0 ? (elapsedMs / done) * Math.max(0, total - done) : NaN;
  return { step, done, total, elapsedMs, etaMs };
}

/**
 * The one-line text of an event: `label: done/total (pct%) · elapsed 1.2 s · left 3.4 s`, or
 * `label: total/total (100%) · done in 4.6 s` when finished.
 * @example progressLine({ step: "refits", done: 2, total: 4, elapsedMs: 1000, etaMs: 1000 }) // => "refits: 2/4 (50%) · elapsed 1.0 s · left 1.0 s"
 */
export function progressLine(event: ProgressEvent, { finished = false, detail }: { finished?: boolean; detail?: string } = {}): string {
  const pct = event.total > 0 ? Math.floor((100 * Math.min(event.done, event.total)) / event.total) : 100;
  const times = finished ? `done in ${formatDuration(event.elapsedMs)}` : `elapsed ${formatDuration(event.elapsedMs)} · left ${formatDuration(event.etaMs)}`;
  return `${event.step}: ${event.done}/${event.total} (${pct}%) · ${times}${detail ? ` · ${detail}` : ""}`;
}

/** The notebook display of an event: the line above a bar, as HTML. */
function progressHtml(event: ProgressEvent, line: string, finished: boolean): string {
  const fraction = event.total > 0 ? Math.min(1, event.done / event.total) : 1;
  return (
    `<div class="cae-progress" style="font:12px system-ui,sans-serif;margin:2px 0">` +
    `<div style="display:inline-block;vertical-align:middle;width:240px;height:10px;background:#e6e6e6;border-radius:5px;margin-right:8px">` +
    `<div style="width:${(fraction * 100).toFixed(1)}%;height:10px;background:${finished ? "#2ca02c" : "#1f77b4"};border-radius:5px"></div></div>` +
    `<span style="vertical-align:middle;font-variant-numeric:tabular-nums">${escapeHtml(line)}</span></div>`
  );
}

/**
 * Start a progress display for a step of `total` units.
 * @example
 * const bar = createProgress({ label: "import", total: tickers.length });
 * for (const t of tickers) { await importTicker(t); bar.tick(1, t); }
 * bar.finish();
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const { label, total, stream = process.stderr, intervalMs = 200, now = Date.now } = options;
  if (!(Number.isInteger(total) && total >= 0)) throw new Error(`createProgress: total must be a whole number >= 0 (got ${total}) for "${label}"`);
  const mode = resolveMode(options.mode ?? "auto", stream);
  const started = now();
  let done = 0;
  let finished = false;
  const draw = drawer(mode, label, total, stream, intervalMs, now);
  draw(progressEvent(label, 0, total, started, started), false, undefined);
  const set = (value: number, detail: string | undefined) => {
    if (finished) return;
    done = Math.min(total, Math.max(done, value));
    draw(progressEvent(label, done, total, started, now()), false, detail);
  };
  return {
    tick: (units = 1, detail) => set(done + units, detail),
    update: (value, detail) => set(value, detail),
    finish: (detail) => {
      if (finished) return;
      finished = true;
      done = total;
      draw(progressEvent(label, done, total, started, now()), true, detail);
    },
  };
}

function resolveMode(mode: ProgressMode, stream: { isTTY?: boolean }): Exclude<ProgressMode, "auto"> {
  if (mode !== "auto") return mode;
  if (inKernel()) return "notebook";
  return stream.isTTY ? "bar" : "lines";
}

type Draw = (event: ProgressEvent, finished: boolean, detail: string | undefined) => void;

function drawer(mode: Exclude<ProgressMode, "auto">, label: string, total: number, stream: NodeJS.WritableStream, intervalMs: number, now: () => number): Draw {
  if (mode === "silent") return () => undefined;
  if (mode === "notebook") {
    const displayId = `cae-progress-${randomBytes(6).toString("hex")}`;
    let created = false;
    let lastDraw = -Infinity;
    return (event, finished, detail) => {
      const t = now();
      if (created && !finished && t - lastDraw < intervalMs) return;
      lastDraw = t;
      const line = progressLine(event, { finished, detail });
      sendBundle({ "text/html": progressHtml(event, line, finished), "text/plain": line }, { displayId, update: created });
      created = true;
    };
  }
  if (mode === "lines") {
    let lastDecile = -1;
    return (event, finished, detail) => {
      const decile = total > 0 ? Math.floor((10 * event.done) / total) : 10;
      if (!finished && decile <= lastDecile) return;
      if (!finished) lastDecile = decile;
      stream.write(`${progressLine(event, { finished, detail })}\n`);
    };
  }
  // A TTY: cli-progress redraws one line in place (throttled by its own fps) and restores the cursor.
  const bar = new SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total} ({percentage}%) · {times}{detail}`,
    hideCursor: true,
    barsize: 24,
    barCompleteChar: "\u2588",
    barIncompleteChar: "\u2591",
    fps: 10,
  });
  let started = false;
  return (event, finished, detail) => {
    const payload = {
      times: finished ? `done in ${formatDuration(event.elapsedMs)}` : `elapsed ${formatDuration(event.elapsedMs)} · left ${formatDuration(event.etaMs)}`,
      detail: detail ? ` · ${detail}` : "",
    };
    if (!started) {
      bar.start(total, event.done, payload);
      started = true;
    } else bar.update(event.done, payload);
    if (finished) bar.stop();
  };
}

/**
 * A `(done, total)` callback (the shape of the walk-forward hooks) that forwards `ProgressEvent`s
 * of `step` to `onProgress`, timing the step from this call (make it when the step starts);
 * undefined when there is no listener, so the step skips the work.
 * @example walkForwardRegimes(x, { onFit: progressCallback("regimes: HMM refits", onProgress) })
 */
export function progressCallback(step: string, onProgress: ((event: ProgressEvent) => void) | undefined, now: () => number = Date.now): ((done: number, total: number) => void) | undefined {
  if (!onProgress) return undefined;
  const started = now();
  return (done, total) => onProgress(progressEvent(step, done, total, started, now()));
}

/**
 * An `onProgress` listener that shows each step of a run (`runStudy`'s refits, a sweep's jobs)
 * with its own `createProgress` display, one after the other; a step finishes when its count
 * reaches its total.
 * @param options the `createProgress` options other than label and total
 * @example await runStudy(config, { onProgress: showProgress() })
 */
export function showProgress(options: Omit<ProgressOptions, "label" | "total"> = {}): (event: ProgressEvent) => void {
  const bars = new Map<string, ProgressReporter>();
  return (event) => {
    let bar = bars.get(event.step);
    if (!bar) bars.set(event.step, (bar = createProgress({ ...options, label: event.step, total: event.total })));
    if (event.done >= event.total) bar.finish();
    else bar.update(event.done);
  };
}

/**
 * A `(done, total, detail?)` listener that draws one progress display, created on the first call
 * (when the total is known) and finished when done reaches the total: for commands whose steps
 * report counts (update, import, replay, sweep).
 * @example updateUniverseCache(config, { onTicker: progressListener("update") })
 */
export function progressListener(label: string, options: Omit<ProgressOptions, "label" | "total"> = {}): (done: number, total: number, detail?: string) => void {
  let bar: ProgressReporter | null = null;
  return (done, total, detail) => {
    bar ??= createProgress({ ...options, label, total });
    bar.update(done, detail);
    if (done >= total) bar.finish(detail);
  };
}

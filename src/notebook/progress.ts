import { randomBytes } from "node:crypto";
import { inKernel, sendBundle } from "./kernel";

export interface Progress {
  /** Advance by `steps` (default 1), optionally naming what is being done. */
  tick(steps?: number, detail?: string): void;
  /** Mark the work finished (shows the elapsed time). */
  done(detail?: string): void;
}

export interface ProgressOptions {
  /** Minimum milliseconds between redraws (default 200). */
  intervalMs?: number;
  /** Where plain-text progress goes outside a notebook (default process.stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * A progress indicator for long steps. In a tslab notebook it is one output that updates in
 * place (a display id, as tslab's `newDisplay()` uses); in a terminal it redraws one line;
 * in a log (no TTY, e.g. CI) it writes a line at each 10% so logs stay short.
 */
export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const { intervalMs = 200, stream = process.stderr } = options;
  const started = Date.now();
  const displayId = `progress-${randomBytes(6).toString("hex")}`;
  const kernel = inKernel();
  let count = 0;
  let lastDraw = -Infinity;
  let lastDecile = -1;
  let created = false;

  const render = (detail: string | undefined, finished: boolean) => {
    const fraction = total > 0 ? Math.min(1, count / total) : 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const text = `${label}: ${count}/${total} (${Math.round(fraction * 100)}%)${finished ? ` done in ${seconds} s` : ""}${detail ? ` · ${detail}` : ""}`;
    if (kernel) {
      const bar =
        `<div style="font:12px system-ui,sans-serif">${escape(text)}</div>` +
        `<div style="width:320px;height:8px;background:#eee;border-radius:4px"><div style="width:${(fraction * 100).toFixed(1)}%;height:8px;background:${finished ? "#2ca02c" : "#1f77b4"};border-radius:4px"></div></div>`;
      sendBundle({ "text/html": bar, "text/plain": text }, { displayId, update: created });
      created = true;
    } else if (stream.isTTY) {
      stream.write(`\r${text}${finished ? "\n" : ""}`);
    } else {
      const decile = Math.floor(fraction * 10);
      if (finished || decile > lastDecile) stream.write(`${text}\n`);
      lastDecile = decile;
    }
  };

  return {
    tick(steps = 1, detail) {
      count += steps;
      const now = Date.now();
      if (now - lastDraw >= intervalMs) {
        lastDraw = now;
        render(detail, false);
      }
    },
    done(detail) {
      count = Math.max(count, total);
      render(detail, true);
    },
  };
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

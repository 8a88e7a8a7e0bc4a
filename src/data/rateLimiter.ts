/**
 * Time and waiting, injectable so tests control them, and the client-side rate limiters: one per
 * process (`createRateLimiter`, the client's default) and one shared by every process that names the
 * same file (`createSharedRateLimiter`, what `updateUniverseCache` uses, in the cache folder).
 */
import { promises as fs } from "node:fs";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";
import { z } from "zod";

/** A clock: current time in ms and a way to wait. Tests pass a manual clock; the default is the real one. */
export interface DataClock {
  now(): number;
  /** Resolve after `ms` milliseconds (0 or less: on the next tick). */
  sleep(ms: number): Promise<void>;
}

/**
 * Real time: `now` is monotonic (performance.now() from the process's time origin), so a wall-clock
 * step (NTP, a manual change) can neither shrink a rate-limit window nor stretch a wait.
 */
export const systemDataClock: DataClock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A manual clock for tests: time moves only when something sleeps (each sleep advances `now` by its
 * duration and resolves at once), so a rate-limited run of minutes takes microseconds and the test can
 * read exactly when each request was let through.
 */
export function manualDataClock(startMs = 0): DataClock & { readonly sleeps: number[] } {
  let t = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => {
      const d = Math.max(0, ms);
      sleeps.push(d);
      t += d;
    },
  };
}

export interface RateLimiter {
  /** Wait until one more request is allowed, then count it. Calls are served in order. */
  acquire(): Promise<void>;
  /** Times (clock ms) of the requests let through so far, oldest first (kept for one window). */
  readonly recent: readonly number[];
}

/**
 * Sliding-window limiter: at most `limit` requests in any window of `windowMs`, where for a rate of
 * r requests per minute limit = max(1, floor(r)) and windowMs = 60000 * limit / r + marginMs (so
 * 5/min is 5 per 60 s, 0.5/min is 1 per 120 s; the margin absorbs timer and network jitter between
 * our clock and the server's). Unlike a token bucket it never lets 2x the rate through across a
 * window boundary, which is what a server counting per minute would punish with 429s. Per process:
 * two processes with one key each keep their own count (see createSharedRateLimiter).
 * @throws when requestsPerMinute is not a positive number or marginMs is negative
 */
export function createRateLimiter(requestsPerMinute: number, clock: DataClock = systemDataClock, marginMs = 0): RateLimiter {
  const { limit, windowMs } = slidingWindow("createRateLimiter", requestsPerMinute, marginMs);
  const starts: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const take = async () => {
    for (;;) {
      const now = clock.now();
      while (starts.length && starts[0] <= now - windowMs) starts.shift();
      if (starts.length < limit) {
        starts.push(now);
        return;
      }
      await clock.sleep(starts[0] + windowMs - now);
    }
  };
  return {
    acquire() {
      const next = queue.then(take);
      queue = next.catch(() => undefined);
      return next;
    },
    get recent() {
      return starts;
    },
  };
}

function slidingWindow(fn: string, requestsPerMinute: number, marginMs: number): { limit: number; windowMs: number } {
  if (!(requestsPerMinute > 0) || !Number.isFinite(requestsPerMinute)) throw new Error(`${fn}: requestsPerMinute must be a positive number (got ${requestsPerMinute})`);
  if (!(marginMs >= 0) || !Number.isFinite(marginMs)) throw new Error(`${fn}: marginMs must be a finite number >= 0 (got ${marginMs})`);
  const limit = Math.max(1, Math.floor(requestsPerMinute));
  return { limit, windowMs: (60_000 * limit) / requestsPerMinute + marginMs };
}

const SharedWindowSchema = z.object({ starts: z.array(z.number().finite()) });

/**
 * The sliding-window limiter of createRateLimiter, its window kept in a JSON file that every
 * process naming the same path shares: each acquire takes the file's lock (proper-lockfile), drops
 * starts older than the window, and either records its own start or waits for the oldest to leave.
 * Times are the clock's (default: wall-clock `Date.now()`, the only clock processes share; the
 * margin covers small steps). An unreadable file counts as empty (a crash mid-write loses at most one
 * window's history, so the margin should stay).
 * @example const limiter = createSharedRateLimiter(".cache/bars/rate-limit.json", 5, { marginMs: 250 })
 */
export function createSharedRateLimiter(path: string, requestsPerMinute: number, { clock = wallDataClock, marginMs = 0 }: { clock?: DataClock; marginMs?: number } = {}): RateLimiter {
  const { limit, windowMs } = slidingWindow("createSharedRateLimiter", requestsPerMinute, marginMs);
  let recent: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const take = async () => {
    await fs.mkdir(dirname(path), { recursive: true });
    for (;;) {
      const release = await lockfile.lock(path, { realpath: false, stale: 10_000, retries: { retries: 200, minTimeout: 10, maxTimeout: 200 } });
      let waitMs = 0;
      try {
        const now = clock.now();
        const starts = (await readStarts(path)).filter((t) => t > now - windowMs && t <= now + windowMs);
        if (starts.length < limit) {
          starts.push(now);
          const tmp = `${path}.${process.pid}.tmp`;
          await fs.writeFile(tmp, JSON.stringify({ starts }));
          await fs.rename(tmp, path);
          recent = starts;
          return;
        }
        waitMs = starts[0] + windowMs - now;
      } finally {
        await release();
      }
      await clock.sleep(waitMs);
    }
  };
  return {
    acquire() {
      const next = queue.then(take);
      queue = next.catch(() => undefined);
      return next;
    },
    get recent() {
      return recent;
    },
  };
}

async function readStarts(path: string): Promise<number[]> {
  try {
    const parsed = SharedWindowSchema.safeParse(JSON.parse(await fs.readFile(path, "utf8")));
    return parsed.success ? parsed.data.starts.sort((a, b) => a - b) : [];
  } catch {
    return [];
  }
}

/** Wall-clock time (shared between processes) with real waits. */
const wallDataClock: DataClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

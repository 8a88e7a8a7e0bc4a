/**
 * Time and waiting, injectable so tests control them, and the client-side rate limiter.
 */

/** A clock: current time in ms and a way to wait. Tests pass a manual clock; the default is the real one. */
export interface DataClock {
  now(): number;
  /** Resolve after `ms` milliseconds (0 or less: on the next tick). */
  sleep(ms: number): Promise<void>;
}

export const systemDataClock: DataClock = {
  now: () => Date.now(),
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
 * r requests per minute limit = max(1, floor(r)) and windowMs = 60000 * limit / r (so 5/min is
 * 5 per 60 s, 0.5/min is 1 per 120 s). Unlike a token bucket it never lets 2x the rate through across
 * a window boundary, which is what a server counting per minute would punish with 429s.
 * @throws when requestsPerMinute is not a positive number
 */
export function createRateLimiter(requestsPerMinute: number, clock: DataClock = systemDataClock): RateLimiter {
  if (!(requestsPerMinute > 0) || !Number.isFinite(requestsPerMinute)) throw new Error(`createRateLimiter: requestsPerMinute must be a positive number (got ${requestsPerMinute})`);
  const limit = Math.max(1, Math.floor(requestsPerMinute));
  const windowMs = (60_000 * limit) / requestsPerMinute;
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

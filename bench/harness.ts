/** What every benchmark returns; `reports/bench.json` is an array of these. */
export interface BenchEntry {
  name: string;
  value: number;
  unit: string;
  /** The reference figure (e.g. scikit-learn's time) or null where there is none. */
  reference: number | null;
  /** value / reference, or null. */
  ratio: number | null;
}

export function entry(name: string, value: number, unit: string, reference: number | null = null): BenchEntry {
  return { name, value, unit, reference, ratio: reference === null ? null : value / reference };
}

/** Median wall time in seconds of `runs` calls of `fn` (after one warm-up call unless `warmup` is false). */
export async function medianSeconds(fn: () => unknown, { runs = 3, warmup = true } = {}): Promise<number> {
  if (warmup) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Peak resident set size growth while `fn` runs, in MB (sampled every 20 ms). */
export async function peakRssMb(fn: () => unknown): Promise<number> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - base) / 1e6;
}

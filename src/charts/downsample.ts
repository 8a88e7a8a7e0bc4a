/**
 * Preparing long numeric series for a Plotly trace, one way for every chart: fewer points, and
 * null where a value is missing (Plotly draws null as a gap). Two ways to shorten, for two purposes:
 * - `thinIndices` samples: every step-th point plus the last, for levels and states (prices, wealth,
 *   probabilities, IC), where a drawn point should be a value the series really took and the line
 *   should end on the latest one.
 * - `bucketMeans` averages equal buckets of consecutive points, for flows and positions (turnover,
 *   costs, exposure, weights), where a one-day spike must still move its bucket; sampling every
 *   k-th day would drop it, or alias with a periodic rebalance.
 */

/**
 * Indices 0, step, 2 step, ... and always the last (n - 1), in order, for a trace of about
 * `maxPoints` points (at most maxPoints + 1). Pass `step` instead to sample every step-th point.
 * @param n length of the series
 * @returns all of 0..n-1 when n <= maxPoints; empty for n = 0
 * @example Array.from(thinIndices(10, { maxPoints: 4 })) // => [0, 3, 6, 9]
 */
export function thinIndices(n: number, { maxPoints = 2500, step = Math.max(1, Math.ceil(n / maxPoints)) }: { maxPoints?: number; step?: number } = {}): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return Int32Array.from(out);
}

/** What `bucketMeans` returns: the means and where each bucket sits on the series. */
export interface BucketMeans {
  /** Points per bucket (the last bucket may hold fewer); 1 when the series fits in `maxPoints`. */
  readonly bucketSize: number;
  /** Index of each bucket's last point: the day its mean is known, where to draw it. */
  readonly lastIndex: Int32Array;
  /** Mean of each bucket times `scale`; NaN values skipped, an all-NaN bucket gives null (a gap). */
  readonly means: (number | null)[];
}

/**
 * Means over equal buckets of consecutive points, at most `maxPoints` buckets: bucket b holds
 * points [b * size, min(n, (b + 1) * size)) with size = ceil(n / maxPoints). Each mean is
 * (sum / count) * scale over the bucket's non-NaN values.
 * @example bucketMeans([1, 3, NaN, 4, 6], { maxPoints: 3 }).means // => [2, 4, 6]
 */
export function bucketMeans(y: ArrayLike<number>, { maxPoints = 1500, scale = 1 }: { maxPoints?: number; scale?: number } = {}): BucketMeans {
  const n = y.length;
  const bucketSize = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const count = Math.ceil(n / bucketSize);
  const lastIndex = new Int32Array(count);
  const means: (number | null)[] = [];
  for (let b = 0; b < count; b++) {
    const end = Math.min(n, (b + 1) * bucketSize);
    let sum = 0, valid = 0;
    for (let i = b * bucketSize; i < end; i++) {
      const v = y[i];
      if (v === v) {
        sum += v;
        valid++;
      }
    }
    lastIndex[b] = end - 1;
    means.push(valid === 0 ? null : (sum / valid) * scale);
  }
  return { bucketSize, lastIndex, means };
}

/** The value, or null when it is NaN or infinite: how a chart marks a missing point (a gap). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

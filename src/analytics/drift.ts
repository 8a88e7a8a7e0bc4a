/**
 * Feature drift: the population stability index (PSI) of live values against the values a model
 * was trained on. Bins are the training sample's quantiles, so each holds about 1/bins of it;
 * PSI = sum_i (p_i - q_i) ln(p_i / q_i), with live shares p_i and training shares q_i floored at
 * `floor` so an empty bin gives a large finite value instead of infinity. Rules of thumb: < 0.1
 * stable, 0.1-0.25 moderate shift, > 0.25 large shift.
 */

export interface PsiOptions {
  /** Quantile bins of the training sample (default 10). */
  readonly bins?: number;
  /** Smallest share used in the logarithm (default 1e-4). */
  readonly floor?: number;
}

/**
 * PSI of `actual` (live) against `expected` (training). NaN values are not observations (a feature
 * before an asset lists) and are left out of both samples; NaN when either has no finite value.
 * @example populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4], { bins: 2 }) // => 0
 */
export function populationStabilityIndex(expected: ArrayLike<number>, actual: ArrayLike<number>, { bins = 10, floor = 1e-4 }: PsiOptions = {}): number {
  if (!Number.isInteger(bins) || bins < 2) throw new Error(`populationStabilityIndex: bins must be an integer >= 2 (got ${bins})`);
  const train = Float64Array.from(expected).filter(Number.isFinite).sort();
  const live = Float64Array.from(actual).filter(Number.isFinite);
  if (train.length === 0 || live.length === 0) return NaN;
  // Interior edges at the training quantiles k / bins (nearest rank); a value equal to an edge goes
  // to the upper bin, as numpy.searchsorted(edges, x, side="right") does.
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) edges.push(train[Math.min(train.length - 1, Math.floor((k * train.length) / bins))]);
  const share = (sample: Float64Array) => {
    const counts = new Float64Array(bins);
    for (const x of sample) {
      let lo = 0, hi = edges.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (edges[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      counts[lo]++;
    }
    return counts.map((c) => Math.max(c / sample.length, floor));
  };
  const q = share(train), p = share(live);
  let psi = 0;
  for (let i = 0; i < bins; i++) psi += (p[i] - q[i]) * Math.log(p[i] / q[i]);
  return psi;
}

/**
 * Heteroskedasticity- and autocorrelation-consistent (HAC) long-run covariance, Newey-West with
 * the Bartlett kernel: the one implementation behind the Newey-West IC t-statistic (ic.ts) and
 * the HAC standard errors of the CAPM regression (benchmark.ts).
 */

/**
 * Newey and West's (1994) automatic lag for the Bartlett kernel: floor(4 (n / 100)^(2/9)), the
 * rule statsmodels applies when no `maxlags` is given.
 * @example neweyWestAutomaticLags(300) // => 5
 * @example neweyWestAutomaticLags(4077) // => 9
 */
export function neweyWestAutomaticLags(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`neweyWestAutomaticLags: n must be a non-negative integer (got ${n})`);
  return Math.floor(4 * Math.pow(n / 100, 2 / 9));
}

/**
 * Bartlett-kernel long-run covariance of n score vectors of length `dims` (row-major, row t at
 * t * dims), with autocovariances over n and the mean not removed (pass centred scores):
 *   Omega = Gamma_0 + sum_{l=1..L} w_l (Gamma_l + Gamma_l'),  Gamma_l = (1/n) sum_{t>=l} h_t h_{t-l}',
 *   w_l = 1 - l / (L + 1),
 * with L = `lags` capped at n - 1. Times n this is statsmodels' S_hac_simple, the middle of the sandwich.
 * @returns the dims x dims matrix, row-major
 * @example bartlettLongRunCovariance([1, -1, 1, -1], { dims: 1, lags: 1 }) // => [0.25] (1 + 2 * 0.5 * (-3/4))
 */
export function bartlettLongRunCovariance(scores: ArrayLike<number>, { dims, lags }: { dims: number; lags: number }): Float64Array {
  if (!Number.isInteger(dims) || dims < 1 || scores.length % dims !== 0) {
    throw new Error(`bartlettLongRunCovariance: scores must hold n rows of dims values (got ${scores.length} values, dims ${dims})`);
  }
  if (!Number.isInteger(lags) || lags < 0) throw new Error(`bartlettLongRunCovariance: lags must be a non-negative integer (got ${lags})`);
  const n = scores.length / dims;
  const omega = new Float64Array(dims * dims);
  if (n === 0) return omega.fill(NaN);
  const gamma = new Float64Array(dims * dims); // un-normalised autocovariance sum_t h_t h_{t-l}'
  for (let l = 0; l <= Math.min(lags, n - 1); l++) {
    gamma.fill(0);
    for (let t = l; t < n; t++) {
      for (let a = 0; a < dims; a++) {
        const ha = scores[t * dims + a];
        for (let b = 0; b < dims; b++) gamma[a * dims + b] += ha * scores[(t - l) * dims + b];
      }
    }
    if (l === 0) {
      for (let i = 0; i < dims * dims; i++) omega[i] = gamma[i] / n;
      continue;
    }
    const w = 1 - l / (lags + 1);
    for (let a = 0; a < dims; a++) {
      for (let b = 0; b < dims; b++) omega[a * dims + b] += w * ((gamma[a * dims + b] + gamma[b * dims + a]) / n);
    }
  }
  return omega;
}

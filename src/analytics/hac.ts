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
 * Autocovariance matrices Gamma_0 .. Gamma_L of n score vectors of length `dims` (row-major, row t
 * at t * dims), each (1/n) sum_{t>=l} h_t h_{t-l}', mean not removed (pass centred scores); L =
 * `lags` capped at n - 1. Computed once, they serve every lag-weighting scheme (`longRunCovariance`).
 * @returns one dims x dims row-major matrix per lag 0 .. L
 * @example scoreAutocovariances([1, -1, 1, -1], { dims: 1, lags: 1 }) // => [[1], [-0.75]]
 */
export function scoreAutocovariances(scores: ArrayLike<number>, { dims, lags }: { dims: number; lags: number }): Float64Array[] {
  if (!Number.isInteger(dims) || dims < 1 || scores.length % dims !== 0) {
    throw new Error(`scoreAutocovariances: scores must hold n rows of dims values (got ${scores.length} values, dims ${dims})`);
  }
  if (!Number.isInteger(lags) || lags < 0) throw new Error(`scoreAutocovariances: lags must be a non-negative integer (got ${lags})`);
  const n = scores.length / dims;
  const out: Float64Array[] = [];
  for (let l = 0; l <= Math.min(lags, n - 1); l++) {
    const gamma = new Float64Array(dims * dims); // sum_t h_t h_{t-l}', then over n
    for (let t = l; t < n; t++) {
      for (let a = 0; a < dims; a++) {
        const ha = scores[t * dims + a];
        for (let b = 0; b < dims; b++) gamma[a * dims + b] += ha * scores[(t - l) * dims + b];
      }
    }
    for (let i = 0; i < gamma.length; i++) gamma[i] /= n;
    out.push(gamma);
  }
  return out;
}

/** Bartlett (Newey-West) lag weights for `lags` lags: w_l = 1 - l / (lags + 1). */
export function bartlettWeight(lags: number): (l: number) => number {
  return (l) => 1 - l / (lags + 1);
}

/**
 * Long-run covariance from autocovariances: Omega = Gamma_0 + sum_{l=1..L} w_l (Gamma_l + Gamma_l'),
 * L = `lags` capped at the lags given. Bartlett weights give Newey-West; uniform weights (w = 1)
 * Hansen-Hodrick, which is not guaranteed positive.
 * @returns the dims x dims matrix, row-major; NaN when `gammas` is empty (no observations)
 */
export function longRunCovariance(gammas: readonly Float64Array[], lags: number, weight: (l: number) => number): Float64Array {
  if (gammas.length === 0) return Float64Array.of(NaN);
  const dims = Math.round(Math.sqrt(gammas[0].length));
  const omega = Float64Array.from(gammas[0]);
  for (let l = 1; l <= Math.min(lags, gammas.length - 1); l++) {
    const w = weight(l), g = gammas[l];
    for (let a = 0; a < dims; a++) {
      for (let b = 0; b < dims; b++) omega[a * dims + b] += w * (g[a * dims + b] + g[b * dims + a]);
    }
  }
  return omega;
}

/**
 * Bartlett-kernel (Newey-West) long-run covariance of n score vectors of length `dims` (row-major),
 * centred scores, autocovariances over n, L = `lags` capped at n - 1:
 *   Omega = Gamma_0 + sum_{l=1..L} (1 - l / (L + 1)) (Gamma_l + Gamma_l').
 * Times n this is statsmodels' S_hac_simple, the middle of the sandwich.
 * @returns the dims x dims matrix, row-major
 * @example bartlettLongRunCovariance([1, -1, 1, -1], { dims: 1, lags: 1 }) // => [0.25] (1 + 2 * 0.5 * (-3/4))
 */
export function bartlettLongRunCovariance(scores: ArrayLike<number>, { dims, lags }: { dims: number; lags: number }): Float64Array {
  if (!Number.isInteger(dims) || dims < 1 || scores.length % dims !== 0) {
    throw new Error(`bartlettLongRunCovariance: scores must hold n rows of dims values (got ${scores.length} values, dims ${dims})`);
  }
  if (!Number.isInteger(lags) || lags < 0) throw new Error(`bartlettLongRunCovariance: lags must be a non-negative integer (got ${lags})`);
  if (scores.length === 0) return new Float64Array(dims * dims).fill(NaN);
  return longRunCovariance(scoreAutocovariances(scores, { dims, lags }), lags, bartlettWeight(lags));
}

/**
 * Shrinkage covariance of asset returns: the Ledoit-Wolf (2004) estimator with the scaled-identity
 * target, the covariance the equal-risk-contribution scheme solves on (riskParity.ts).
 */

/** The shape of a sample matrix: `observations` rows (days) of `assets` columns, row-major. */
export interface SampleShape {
  readonly observations: number;
  readonly assets: number;
}

/** A Ledoit-Wolf covariance estimate. */
export interface LedoitWolfEstimate {
  /** Shrunk covariance, assets x assets row-major: (1 - shrinkage) S + shrinkage * mu * I. */
  readonly covariance: Float64Array;
  /** Shrinkage intensity in [0, 1] toward the target (0 = the sample covariance S). */
  readonly shrinkage: number;
  /** Scale of the target mu * I: the mean sample variance, trace(S) / assets. */
  readonly targetVariance: number;
}

/**
 * Ledoit-Wolf (2004, "A well-conditioned estimator for large-dimensional covariance matrices")
 * shrinkage covariance of a sample, rows = observations, row-major: `returns[o * assets + i]`.
 *
 * Target: the scaled identity mu * I, mu = trace(S) / p (not the constant-correlation target of
 * Ledoit-Wolf's "Honey, I shrunk the sample covariance matrix"). S is the maximum-likelihood sample
 * covariance of the demeaned columns (divisor n). With X the demeaned sample:
 *   delta = ||S - mu I||_F^2 / p,   beta = min(delta, (sum_o ||x_o x_o' - S||_F^2) / (n^2 p)),
 *   shrinkage = beta / delta (0 when delta = 0),
 * the same arithmetic as sklearn.covariance.LedoitWolf (assume_centered=False), which it matches
 * to rounding (tests/portfolio/covariance.test.ts). Every value must be finite.
 * @throws when the shape disagrees with the data, fewer than 2 observations, or a value is not finite
 * @example ledoitWolfCovariance([0.01, 0.02, -0.01, 0, 0.02, 0.01], { observations: 3, assets: 2 }).shrinkage // => 0.641025... (sklearn: 0.6410256410256416)
 */
export function ledoitWolfCovariance(returns: ArrayLike<number>, shape: SampleShape): LedoitWolfEstimate {
  const fn = "ledoitWolfCovariance";
  const { observations: n, assets: p } = shape;
  if (!(Number.isInteger(n) && Number.isInteger(p) && n >= 2 && p >= 1)) throw new Error(`${fn}: needs >= 2 observations of >= 1 assets (got ${n} x ${p})`);
  if (returns.length !== n * p) throw new Error(`${fn}: returns has ${returns.length} values; the shape is ${n} observations x ${p} assets = ${n * p}`);
  for (let k = 0; k < returns.length; k++) if (!Number.isFinite(returns[k])) throw new Error(`${fn}: returns must be finite (got ${returns[k]} at observation ${Math.floor(k / p)}, asset ${k % p})`);
  const x = Float64Array.from(returns);
  const covariance = new Float64Array(p * p);
  const { shrinkage, targetVariance } = ledoitWolfInto(x, n, p, covariance);
  return { covariance, shrinkage, targetVariance };
}

/**
 * The kernel of `ledoitWolfCovariance` on preallocated buffers: demeans `x` (n x p row-major) in
 * place and writes the shrunk covariance into `cov[0 .. p*p)`. No checks; values must be finite.
 */
export function ledoitWolfInto(x: Float64Array, n: number, p: number, cov: Float64Array): { shrinkage: number; targetVariance: number } {
  // demean each column (two-pass mean)
  for (let i = 0; i < p; i++) {
    let mean = 0;
    for (let o = 0; o < n; o++) mean += x[o * p + i];
    mean /= n;
    for (let o = 0; o < n; o++) x[o * p + i] -= mean;
  }
  // S = X'X / n (lower triangle, mirrored) and sum_o ||x_o x_o'||_F^2 = sum_o (sum_i x_oi^2)^2
  let sumSquaredNorms = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) cov[i * p + j] = 0;
  for (let o = 0; o < n; o++) {
    const row = o * p;
    let norm2 = 0;
    for (let i = 0; i < p; i++) {
      const xi = x[row + i];
      norm2 += xi * xi;
      for (let j = 0; j <= i; j++) cov[i * p + j] += xi * x[row + j];
    }
    sumSquaredNorms += norm2 * norm2;
  }
  let trace = 0, frobenius2 = 0; // trace(S), ||S||_F^2
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const s = cov[i * p + j] / n;
      cov[i * p + j] = s;
      cov[j * p + i] = s;
      frobenius2 += i === j ? s * s : 2 * s * s;
    }
    trace += cov[i * p + i];
  }
  const mu = trace / p;
  // delta = ||S - mu I||^2 / p; sum_o ||x_o x_o' - S||^2 / n^2 = (sum_o ||x_o||^4 / n - ||S||^2) / n
  const delta = (frobenius2 - 2 * mu * trace + p * mu * mu) / p;
  const beta = Math.min(delta, (sumSquaredNorms / n - frobenius2) / (n * p));
  const shrinkage = delta > 0 ? Math.max(0, beta) / delta : 0;
  for (let k = 0; k < p * p; k++) cov[k] *= 1 - shrinkage;
  for (let i = 0; i < p; i++) cov[i * p + i] += shrinkage * mu;
  return { shrinkage, targetVariance: mu };
}

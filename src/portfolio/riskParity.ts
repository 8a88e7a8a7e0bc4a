/**
 * Equal risk contribution (ERC, "true risk parity"): the long-only weights whose every asset
 * contributes the same share of portfolio variance, w_i (Sigma w)_i = w' Sigma w / n, on a full
 * covariance matrix (Maillard, Roncalli and Teiletche 2010). Solved as Spinu (2013) does: the
 * unique minimiser y > 0 of the strictly convex
 *     f(y) = y' Sigma y / 2 - sum_i log y_i
 * has y_i (Sigma y)_i = 1 for every i, so w = y / sum(y) is the ERC portfolio. f is self-concordant,
 * so damped Newton steps (step 1 / (1 + lambda), lambda the Newton decrement) stay in y > 0 and
 * converge globally, quadratically near the solution.
 */
import { choleskyInto } from "../regimes/linalg";

/** Options of `equalRiskContributionWeights`. */
export interface EqualRiskContributionOptions {
  /** Stop when every risk contribution is within this relative distance of the mean (default 1e-12). */
  tolerance?: number;
  /** Most Newton steps before giving up (default 100; a few dozen suffice). */
  maxIterations?: number;
}

/**
 * Long-only equal-risk-contribution weights (summing to 1) of a covariance matrix (assets x
 * assets, row-major, symmetric positive definite): w_i (Sigma w)_i equal for every i. For two
 * assets, or any uniform correlation, w_i is proportional to 1 / sigma_i; for a diagonal Sigma too.
 * @throws when the matrix is not square, not finite, not positive definite, or the solve does not converge
 * @example equalRiskContributionWeights([0.04, 0.006, 0.006, 0.01], 2) // => [1/3, 2/3] (1/sigma with sigma 0.2 and 0.1)
 */
export function equalRiskContributionWeights(covariance: ArrayLike<number>, assets: number, { tolerance = 1e-12, maxIterations = 100 }: EqualRiskContributionOptions = {}): Float64Array {
  const fn = "equalRiskContributionWeights";
  if (!(Number.isInteger(assets) && assets >= 1)) throw new Error(`${fn}: assets must be an integer >= 1 (got ${assets})`);
  if (covariance.length !== assets * assets) throw new Error(`${fn}: covariance has ${covariance.length} values for ${assets} x ${assets} assets`);
  for (let k = 0; k < covariance.length; k++) if (!Number.isFinite(covariance[k])) throw new Error(`${fn}: covariance must be finite (got ${covariance[k]} at ${k})`);
  if (!choleskyInto(covariance, 0, assets, new Float64Array(assets * assets), 0)) throw new Error(`${fn}: covariance is not positive definite`);
  const solver = new EqualRiskContributionSolver(assets);
  const w = new Float64Array(assets);
  const status = solver.solve(covariance, assets, w, tolerance, maxIterations);
  if (status === ERC_NOT_POSITIVE_DEFINITE) throw new Error(`${fn}: covariance is not positive definite`);
  if (status === ERC_NOT_CONVERGED) throw new Error(`${fn}: no convergence to relative tolerance ${tolerance} in ${maxIterations} Newton steps`);
  return w;
}

export const ERC_OK = 0, ERC_NOT_POSITIVE_DEFINITE = 1, ERC_NOT_CONVERGED = 2;

/** Spinu's damped Newton on preallocated buffers for up to `capacity` assets (the constructor's per-day solve). */
export class EqualRiskContributionSolver {
  private readonly y: Float64Array;
  private readonly sy: Float64Array;
  private readonly g: Float64Array;
  private readonly h: Float64Array;
  private readonly l: Float64Array;
  private readonly step: Float64Array;

  constructor(capacity: number) {
    this.y = new Float64Array(capacity);
    this.sy = new Float64Array(capacity);
    this.g = new Float64Array(capacity);
    this.h = new Float64Array(capacity * capacity);
    this.l = new Float64Array(capacity * capacity);
    this.step = new Float64Array(capacity);
  }

  /**
   * ERC weights of the n x n row-major `cov` into `w[0 .. n)` (sum 1); returns an ERC_* code.
   * Converged when max_i |y_i (Sigma y)_i - 1| <= tolerance (all contributions equal to it).
   */
  solve(cov: ArrayLike<number>, n: number, w: Float64Array, tolerance: number, maxIterations: number): number {
    const { y, sy, g, h, l, step } = this;
    // start at inverse volatility scaled so that y' Sigma y = n (the solution's value)
    for (let i = 0; i < n; i++) {
      const v = cov[i * n + i];
      if (!(v > 0)) return ERC_NOT_POSITIVE_DEFINITE;
      y[i] = 1 / Math.sqrt(v);
    }
    let quad = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += cov[i * n + j] * y[j];
      quad += y[i] * s;
    }
    if (!(quad > 0)) return ERC_NOT_POSITIVE_DEFINITE;
    const scale = Math.sqrt(n / quad);
    for (let i = 0; i < n; i++) y[i] *= scale;

    for (let iteration = 0; ; iteration++) {
      // Sigma y, the gradient g = Sigma y - 1 / y and the largest |y_i (Sigma y)_i - 1|
      let worst = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += cov[i * n + j] * y[j];
        sy[i] = s;
        g[i] = s - 1 / y[i];
        const gap = Math.abs(y[i] * s - 1);
        if (gap > worst) worst = gap;
      }
      if (worst <= tolerance) break;
      if (iteration >= maxIterations) return ERC_NOT_CONVERGED;
      // Hessian Sigma + diag(1 / y^2); Newton step H^-1 g by Cholesky
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) h[i * n + j] = cov[i * n + j];
        h[i * n + i] += 1 / (y[i] * y[i]);
      }
      if (!choleskyInto(h, 0, n, l, 0)) return ERC_NOT_POSITIVE_DEFINITE;
      for (let i = 0; i < n; i++) {
        let s = g[i];
        for (let k = 0; k < i; k++) s -= l[i * n + k] * step[k];
        step[i] = s / l[i * n + i];
      }
      let decrement2 = 0; // lambda^2 = g' H^-1 g = |L^-1 g|^2
      for (let i = 0; i < n; i++) decrement2 += step[i] * step[i];
      for (let i = n - 1; i >= 0; i--) {
        let s = step[i];
        for (let k = i + 1; k < n; k++) s -= l[k * n + i] * step[k];
        step[i] = s / l[i * n + i];
      }
      const lambda = Math.sqrt(decrement2);
      const damping = lambda > 0.25 ? 1 / (1 + lambda) : 1; // damped phase, then pure Newton
      for (let i = 0; i < n; i++) {
        const next = y[i] - damping * step[i];
        y[i] = next > 0 ? next : y[i] / 2; // cannot happen for a damped step; a guard for rounding
      }
    }
    let sum = 0;
    for (let i = 0; i < n; i++) sum += y[i];
    for (let i = 0; i < n; i++) w[i] = y[i] / sum;
    return ERC_OK;
  }
}

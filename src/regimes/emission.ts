/**
 * The Gaussian emission model, the only part of the HMM that knows observations are Gaussian.
 * The EM skeleton (em.ts) calls it for three things, as hmmlearn's `_BaseHMM` calls its subclass:
 * the log-density of every row under every state (E-step input), the sufficient statistics
 * weighted by the posteriors, and the M-step for means and covariances with hmmlearn's priors.
 *
 * Covariances are kept as K full d x d matrices (see types.ts) whatever the type; the type only
 * decides how the M-step constrains them and which log-density kernel runs.
 */
import type { HmmCovarianceType } from "./types";
import { choleskyInto, logDetFromCholesky, lowerInverseInto } from "./linalg";

const LOG_2PI = Math.log(2 * Math.PI);

/** Per-state quantities the log-density needs, computed once per parameter set. */
export interface EmissionCache {
  /** full/tied: inverse Cholesky factors L^-1 (K d x d); diag/spherical: 1 / variance (K x d). */
  readonly whiten: Float64Array;
  /** -0.5 (d log 2 pi + log det Sigma_k), per state. */
  readonly logNorm: Float64Array;
  readonly chol: Float64Array;
}

export function createEmissionCache(K: number, d: number): EmissionCache {
  return { whiten: new Float64Array(K * d * d), logNorm: new Float64Array(K), chol: new Float64Array(d * d) };
}

/**
 * Fill `cache` from `covars` (K full matrices). Returns the index of the first state whose
 * covariance is not positive definite, or -1 when all are.
 */
export function prepareEmission(covarianceType: HmmCovarianceType, covars: Float64Array, K: number, d: number, cache: EmissionCache): number {
  const { whiten, logNorm, chol } = cache;
  const dd = d * d;
  for (let k = 0; k < K; k++) {
    if (covarianceType === "diag" || covarianceType === "spherical") {
      let logDet = 0;
      for (let f = 0; f < d; f++) {
        const v = covars[k * dd + f * d + f];
        if (!(v > 0) || !Number.isFinite(v)) return k;
        whiten[k * d + f] = 1 / v;
        logDet += Math.log(v);
      }
      logNorm[k] = -0.5 * (d * LOG_2PI + logDet);
    } else {
      if (!choleskyInto(covars, k * dd, d, chol, 0)) return k;
      lowerInverseInto(chol, 0, d, whiten, k * dd);
      logNorm[k] = -0.5 * (d * LOG_2PI + logDetFromCholesky(chol, 0, d));
    }
  }
  return -1;
}

/**
 * log N(x_t | mu_k, Sigma_k) for every row t and state k into `logB` (T x K, row-major).
 * Full/tied: z = L_k^-1 (x - mu_k), log p = logNorm_k - |z|^2 / 2 (the Cholesky form: no inverse
 * of Sigma, no determinant of it). A row with any NaN is a missing observation: its row of logB
 * is 0 for every state (it carries no evidence), and `missing[t]` is set to 1.
 * @returns the number of missing rows
 */
export function logDensityInto(
  X: ArrayLike<number>,
  T: number,
  d: number,
  K: number,
  covarianceType: HmmCovarianceType,
  means: Float64Array,
  cache: EmissionCache,
  logB: Float64Array,
  diff: Float64Array,
  missing: Uint8Array,
): number {
  const { whiten, logNorm } = cache;
  const dd = d * d;
  const diagonal = covarianceType === "diag" || covarianceType === "spherical";
  if (d === 4 && !diagonal) return logDensityFull4(X, T, K, means, cache, logB, missing);
  let nMissing = 0;
  for (let t = 0; t < T; t++) {
    const row = t * d;
    let isMissing = false;
    for (let f = 0; f < d; f++) {
      const x = X[row + f];
      if (x !== x) isMissing = true;
    }
    if (isMissing) {
      missing[t] = 1;
      nMissing++;
      for (let k = 0; k < K; k++) logB[t * K + k] = 0;
      continue;
    }
    missing[t] = 0;
    for (let k = 0; k < K; k++) {
      let q = 0; // Mahalanobis distance squared
      if (diagonal) {
        for (let f = 0; f < d; f++) {
          const e = X[row + f] - means[k * d + f];
          q += e * e * whiten[k * d + f];
        }
      } else {
        for (let f = 0; f < d; f++) diff[f] = X[row + f] - means[k * d + f];
        const w = k * dd;
        for (let i = 0; i < d; i++) {
          let z = 0;
          for (let j = 0; j <= i; j++) z += whiten[w + i * d + j] * diff[j];
          q += z * z;
        }
      }
      logB[t * K + k] = logNorm[k] - 0.5 * q;
    }
  }
  return nMissing;
}

/** Posterior-weighted sums the M-step needs (hmmlearn's `stats` for GaussianHMM). */
export interface EmissionStats {
  /** sum_t gamma_tk (K) */
  readonly post: Float64Array;
  /** sum_t gamma_tk x_t (K x d) */
  readonly obs: Float64Array;
  /** diag/spherical: sum_t gamma_tk x_tf^2 (K x d); full/tied: sum_t gamma_tk x_t x_t^T (K x d x d, lower triangle filled) */
  readonly obs2: Float64Array;
}

export function createEmissionStats(K: number, d: number): EmissionStats {
  return { post: new Float64Array(K), obs: new Float64Array(K * d), obs2: new Float64Array(K * d * d) };
}

/** Accumulate the sufficient statistics from the posteriors `gamma` (T x K) of complete rows X (T x d). */
export function accumulateEmissionStats(
  X: ArrayLike<number>,
  gamma: Float64Array,
  T: number,
  d: number,
  K: number,
  covarianceType: HmmCovarianceType,
  stats: EmissionStats,
): void {
  const { post, obs, obs2 } = stats;
  post.fill(0);
  obs.fill(0);
  obs2.fill(0);
  const dd = d * d;
  const diagonal = covarianceType === "diag" || covarianceType === "spherical";
  if (d === 4 && !diagonal) {
    accumulateFull4(X, gamma, T, K, stats);
    return;
  }
  for (let t = 0; t < T; t++) {
    const row = t * d;
    for (let k = 0; k < K; k++) {
      const g = gamma[t * K + k];
      if (g === 0) continue;
      post[k] += g;
      const o = k * d;
      if (diagonal) {
        for (let f = 0; f < d; f++) {
          const x = X[row + f];
          const gx = g * x;
          obs[o + f] += gx;
          obs2[o + f] += gx * x;
        }
      } else {
        const m = k * dd;
        for (let i = 0; i < d; i++) {
          const gx = g * X[row + i];
          obs[o + i] += gx;
          for (let j = 0; j <= i; j++) obs2[m + i * d + j] += gx * X[row + j];
        }
      }
    }
  }
}

/**
 * logDensityInto for d = 4 with full (or tied) covariances, the regime stage's usual shape: the
 * same arithmetic in the same order, unrolled, one state at a time with its whitening matrix and
 * mean in locals (the generic loops spend most of their time on loop control at d = 4). Readable
 * form: diff = x - mu_k; z_i = sum_{j <= i} L^-1_ij diff_j; q = sum_i z_i^2; logB = logNorm_k - q / 2.
 */
function logDensityFull4(X: ArrayLike<number>, T: number, K: number, means: Float64Array, cache: EmissionCache, logB: Float64Array, missing: Uint8Array): number {
  const { whiten, logNorm } = cache;
  let nMissing = 0;
  for (let t = 0; t < T; t++) {
    const r = t * 4;
    const x0 = X[r], x1 = X[r + 1], x2 = X[r + 2], x3 = X[r + 3];
    const isMissing = x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3;
    missing[t] = isMissing ? 1 : 0;
    if (isMissing) {
      nMissing++;
      for (let k = 0; k < K; k++) logB[t * K + k] = 0;
    }
  }
  for (let k = 0; k < K; k++) {
    const w = k * 16, m = k * 4;
    const w00 = whiten[w], w10 = whiten[w + 4], w11 = whiten[w + 5], w20 = whiten[w + 8], w21 = whiten[w + 9], w22 = whiten[w + 10];
    const w30 = whiten[w + 12], w31 = whiten[w + 13], w32 = whiten[w + 14], w33 = whiten[w + 15];
    const m0 = means[m], m1 = means[m + 1], m2 = means[m + 2], m3 = means[m + 3];
    const norm = logNorm[k];
    for (let t = 0; t < T; t++) {
      if (missing[t] === 1) continue;
      const r = t * 4;
      const d0 = X[r] - m0, d1 = X[r + 1] - m1, d2 = X[r + 2] - m2, d3 = X[r + 3] - m3;
      // each z starts from 0 as in the generic loop (0 + a = a, and the sign of a zero vanishes in z * z)
      const z0 = w00 * d0;
      const z1 = w10 * d0 + w11 * d1;
      const z2 = w20 * d0 + w21 * d1 + w22 * d2;
      const z3 = w30 * d0 + w31 * d1 + w32 * d2 + w33 * d3;
      const q = z0 * z0 + z1 * z1 + z2 * z2 + z3 * z3;
      logB[t * K + k] = norm - 0.5 * q;
    }
  }
  return nMissing;
}

/**
 * accumulateEmissionStats for d = 4, full (or tied): the same sums in the same order (each over t
 * ascending), one state at a time in locals instead of read-modify-writes of the stats arrays.
 * Readable form: post_k += g; obs_k,i += g x_i; obs2_k,ij += (g x_i) x_j for j <= i.
 */
function accumulateFull4(X: ArrayLike<number>, gamma: Float64Array, T: number, K: number, stats: EmissionStats): void {
  const { post, obs, obs2 } = stats;
  for (let k = 0; k < K; k++) {
    let p = 0, o0 = 0, o1 = 0, o2 = 0, o3 = 0;
    let s00 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s22 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (let t = 0; t < T; t++) {
      const g = gamma[t * K + k];
      if (g === 0) continue;
      const r = t * 4;
      const x0 = X[r], x1 = X[r + 1], x2 = X[r + 2], x3 = X[r + 3];
      p += g;
      const g0 = g * x0, g1 = g * x1, g2 = g * x2, g3 = g * x3;
      o0 += g0;
      s00 += g0 * x0;
      o1 += g1;
      s10 += g1 * x0;
      s11 += g1 * x1;
      o2 += g2;
      s20 += g2 * x0;
      s21 += g2 * x1;
      s22 += g2 * x2;
      o3 += g3;
      s30 += g3 * x0;
      s31 += g3 * x1;
      s32 += g3 * x2;
      s33 += g3 * x3;
    }
    post[k] = p;
    const o = k * 4, m = k * 16;
    obs[o] = o0;
    obs[o + 1] = o1;
    obs[o + 2] = o2;
    obs[o + 3] = o3;
    obs2[m] = s00;
    obs2[m + 4] = s10;
    obs2[m + 5] = s11;
    obs2[m + 8] = s20;
    obs2[m + 9] = s21;
    obs2[m + 10] = s22;
    obs2[m + 12] = s30;
    obs2[m + 13] = s31;
    obs2[m + 14] = s32;
    obs2[m + 15] = s33;
  }
}

export interface EmissionPriors {
  /** Added to every state's mean numerator with weight `meansWeight` (hmmlearn `means_prior`; default: see HmmFitConfig). */
  readonly meansPrior: number;
  readonly meansWeight: number;
  /** hmmlearn `covars_prior` (default: see HmmFitConfig): added to the scatter numerator (every entry, for full/tied). */
  readonly covarsPrior: number;
  /** hmmlearn `covars_weight` (default: see HmmFitConfig): adds max(w - 1, 0) (diag/spherical) or max(w - d, 0) (full/tied) to the denominator. */
  readonly covarsWeight: number;
}

/**
 * The M-step for means and covariances, exactly as hmmlearn 0.3's `GaussianHMM._do_mstep`:
 *   mu_k = (w_m m_0 + sum gamma x) / (w_m + sum gamma)
 *   diag: var_kf = (prior + w_m (mu - m_0)^2 + S2 - 2 mu S1 + mu^2 N) / max(max(w_c - 1, 0) + N, 1e-5)
 *   full: Sigma_k = (prior + w_m (mu - m_0)(mu - m_0)^T + S2 - S1 mu^T - mu S1^T + N mu mu^T) / (max(w_c - d, 0) + N)
 *   (the scalar prior lands on every entry, off-diagonals included); spherical averages the
 *   diagonal; tied pools the numerators and N over states.
 * A state with no posterior weight keeps its mean (hmmlearn would produce NaN); the caller then
 * repairs its covariance. Writes `means` and `covars` in place (the working copies of EM).
 * @returns indices of states with no weight
 */
export function emissionMStep(
  stats: EmissionStats,
  d: number,
  K: number,
  covarianceType: HmmCovarianceType,
  priors: EmissionPriors,
  means: Float64Array,
  covars: Float64Array,
): number[] {
  const { post, obs, obs2 } = stats;
  const { meansPrior, meansWeight, covarsPrior, covarsWeight } = priors;
  const dd = d * d;
  const empty: number[] = [];
  for (let k = 0; k < K; k++) {
    const denom = meansWeight + post[k];
    if (!(denom > 0)) {
      empty.push(k);
      continue;
    }
    for (let f = 0; f < d; f++) means[k * d + f] = (meansWeight * meansPrior + obs[k * d + f]) / denom;
  }
  if (covarianceType === "diag" || covarianceType === "spherical") {
    const extra = Math.max(covarsWeight - 1, 0);
    for (let k = 0; k < K; k++) {
      const N = post[k];
      const cd = Math.max(extra + N, 1e-5);
      let avg = 0;
      for (let f = 0; f < d; f++) {
        const mu = means[k * d + f];
        const md = mu - meansPrior;
        const cn = meansWeight * md * md + obs2[k * d + f] - 2 * mu * obs[k * d + f] + mu * mu * N;
        const v = (covarsPrior + cn) / cd;
        avg += v;
        for (let g = 0; g < d; g++) covars[k * dd + f * d + g] = f === g ? v : 0;
      }
      if (covarianceType === "spherical") {
        avg /= d;
        for (let f = 0; f < d; f++) covars[k * dd + f * d + f] = avg;
      }
    }
    return empty;
  }
  const extra = Math.max(covarsWeight - d, 0);
  let totalN = 0;
  for (let k = 0; k < K; k++) {
    const N = post[k];
    totalN += N;
    for (let i = 0; i < d; i++) {
      const mi = means[k * d + i];
      const oi = obs[k * d + i];
      for (let j = 0; j <= i; j++) {
        const mj = means[k * d + j];
        const oj = obs[k * d + j];
        // c_n = w_m (mu - m0)(mu - m0)^T + S2 - S1 mu^T - mu S1^T + N mu mu^T (hmmlearn's order of terms)
        const cn = meansWeight * (mi - meansPrior) * (mj - meansPrior) + obs2[k * dd + i * d + j] - oi * mj - mi * oj + mi * mj * N;
        if (covarianceType === "full") {
          const v = (covarsPrior + cn) / (extra + N);
          covars[k * dd + i * d + j] = v;
          covars[k * dd + j * d + i] = v;
        } else {
          // tied: pool numerators in state 0's slot, divide once below
          if (k === 0) covars[i * d + j] = cn;
          else covars[i * d + j] += cn;
        }
      }
    }
  }
  if (covarianceType === "tied") {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        const v = (covarsPrior + covars[i * d + j]) / (extra + totalN);
        for (let k = 0; k < K; k++) {
          covars[k * dd + i * d + j] = v;
          covars[k * dd + j * d + i] = v;
        }
      }
    }
  }
  return empty;
}

/**
 * Initial covariances as hmmlearn: the sample covariance of all rows (n - 1) plus `minCovar` on the
 * diagonal, given to every state in the shape of the covariance type (its diagonal for diag, the
 * mean of its diagonal for spherical).
 */
export function initialCovarsInto(X: ArrayLike<number>, T: number, d: number, K: number, covarianceType: HmmCovarianceType, minCovar: number, covars: Float64Array): void {
  const mean = new Float64Array(d);
  for (let t = 0; t < T; t++) for (let f = 0; f < d; f++) mean[f] += X[t * d + f];
  for (let f = 0; f < d; f++) mean[f] /= T;
  const c = new Float64Array(d * d);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < d; i++) {
      const ei = X[t * d + i] - mean[i];
      for (let j = 0; j <= i; j++) c[i * d + j] += ei * (X[t * d + j] - mean[j]);
    }
  }
  const n1 = Math.max(T - 1, 1);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const v = c[i * d + j] / n1 + (i === j ? minCovar : 0);
      c[i * d + j] = v;
      c[j * d + i] = v;
    }
  }
  let avg = 0;
  for (let f = 0; f < d; f++) avg += c[f * d + f] / d;
  const dd = d * d;
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let v = c[i * d + j];
        if (covarianceType === "diag") v = i === j ? v : 0;
        else if (covarianceType === "spherical") v = i === j ? avg : 0;
        covars[k * dd + i * d + j] = v;
      }
    }
  }
}

/**
 * How many independent trials a set of correlated ones is worth, for the deflated Sharpe ratio.
 * Configurations that share their signals have highly correlated returns: counting each as a trial
 * overstates how many independent draws the best one was picked from. The effective number of
 * independent trials M_eff is estimated from the correlation matrix R (M x M) of the trials' daily
 * returns; every method gives M for uncorrelated trials (R = I) and 1 for perfectly correlated ones.
 *
 * - "liJi" (Li & Ji 2005, "Adjusting multiple testing in multilocus analyses using the eigenvalues
 *   of a correlation matrix", Heredity 95: 221-227): M_eff = sum_i f(|lambda_i|) over the
 *   eigenvalues of R, f(x) = I(x >= 1) + (x - floor(x)). Each eigenvalue of at least one counts as
 *   one trial, plus its fractional part. f jumps at integers, so an eigenvalue within 1e-9 M of an
 *   integer (rounding noise of the eigen solver) is taken as that integer. As the eigenvalues of R
 *   sum to M, for a positive semi-definite R this is the integer M - sum_i max(0, floor(lambda_i) - 1):
 *   each eigenvalue of 2 or more takes back all but one of the trials it absorbs.
 * - "nyholt" (Nyholt 2004, "A simple correction for multiple testing for single-nucleotide
 *   polymorphisms in linkage disequilibrium with each other", Am J Hum Genet 74: 765-769):
 *   M_eff = 1 + (M - 1) (1 - Var(lambda) / M), Var the sample variance (M - 1) of the eigenvalues.
 * - "meanCorrelation": M / (1 + (M - 1) rho_bar), rho_bar the mean off-diagonal correlation (the
 *   number of independent draws with the same variance of the mean as M equicorrelated ones,
 *   Kish's design effect); clipped to [1, M].
 */
import { pearsonPairwiseComplete } from "../util/correlation";

/** Estimators of the effective number of independent trials (see the module docblock). */
export type EffectiveTrialsMethod = "liJi" | "nyholt" | "meanCorrelation";

/**
 * Pearson correlation matrix of the trials' return series, each pair over the days where both are
 * valid (pairwise complete). Row i, column j is the correlation of trial i with trial j; the
 * diagonal is 1 (NaN for a trial with fewer than two valid days or a flat series).
 * @returns M rows of M numbers; NaN where a pair has fewer than two common days or either side is flat
 * @example trialCorrelation([[1, 2, 3], [2, 4, 7]]) // => [[1, 0.9934], [0.9934, 1]]
 */
export function trialCorrelation(returns: readonly ArrayLike<number>[]): Float64Array[] {
  const M = returns.length;
  const T = M ? returns[0].length : 0;
  for (let i = 0; i < M; i++) {
    if (returns[i].length !== T) throw new Error(`trialCorrelation: every series must have the same length (series 0 has ${T}, series ${i} has ${returns[i].length})`);
  }
  const out = Array.from({ length: M }, () => new Float64Array(M).fill(NaN));
  for (let i = 0; i < M; i++) {
    for (let j = i; j < M; j++) {
      const r = pearsonPairwiseComplete(returns[i], 0, returns[j], 0, T, 1);
      if (r !== r) continue;
      out[i][j] = out[j][i] = i === j ? 1 : r;
    }
  }
  return out;
}

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method (rotations until the off-diagonal
 * mass is below 1e-30 of the total), in descending order. Small matrices only (a few dozen rows).
 */
function symmetricEigenvalues(rows: readonly ArrayLike<number>[]): Float64Array {
  const M = rows.length;
  const a = rows.map((r) => Float64Array.from(r));
  let total = 0;
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) total += a[i][j] * a[i][j];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) off += 2 * a[i][j] * a[i][j];
    if (!(off > 1e-30 * total)) break;
    for (let p = 0; p < M; p++) {
      for (let q = p + 1; q < M; q++) {
        const apq = a[p][q];
        if (apq === 0) continue;
        // Rotation angle zeroing a[p][q] (Golub & Van Loan, Algorithm 8.4.1: the symmetric Schur step).
        const tau = (a[q][q] - a[p][p]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t), s = t * c;
        for (let k = 0; k < M; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < M; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from(a, (r, i) => r[i]).sort().reverse();
}

/**
 * Effective number of independent trials from the trials' correlation matrix (M rows of M numbers,
 * symmetric, unit diagonal), by `method` (default "liJi"; see the module docblock for each formula
 * and its reference). Between 1 and M for a valid correlation matrix; may be fractional.
 * @returns NaN when any entry is NaN (a trial without enough valid days); 0 for no trials
 * @throws when the matrix is not square, not symmetric (1e-10) or its diagonal is not 1 (1e-10)
 * @example effectiveTrials([[1, 0], [0, 1]]) // => 2
 * @example effectiveTrials([[1, 1], [1, 1]]) // => 1
 */
export function effectiveTrials(correlation: readonly ArrayLike<number>[], { method = "liJi" }: { method?: EffectiveTrialsMethod } = {}): number {
  const M = correlation.length;
  if (method !== "liJi" && method !== "nyholt" && method !== "meanCorrelation") {
    throw new Error(`effectiveTrials: method must be "liJi", "nyholt" or "meanCorrelation" (got ${String(method)})`);
  }
  let hasNaN = false;
  for (let i = 0; i < M; i++) {
    const row = correlation[i];
    if (row.length !== M) throw new Error(`effectiveTrials: correlation must be square (${M} rows, row ${i} has ${row.length} entries)`);
    for (let j = 0; j < M; j++) {
      const v = row[j];
      if (v !== v) { hasNaN = true; continue; }
      const w = correlation[j][i];
      if (w === w && Math.abs(v - w) > 1e-10) throw new Error(`effectiveTrials: correlation must be symmetric (entry ${i},${j} is ${v}, entry ${j},${i} is ${w})`);
    }
    if (row[i] === row[i] && Math.abs(row[i] - 1) > 1e-10) throw new Error(`effectiveTrials: correlation must have a unit diagonal (entry ${i},${i} is ${row[i]})`);
  }
  if (hasNaN) return NaN;
  if (M <= 1) return M;
  if (method === "meanCorrelation") {
    let sum = 0;
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) if (i !== j) sum += correlation[i][j];
    const rhoBar = sum / (M * (M - 1));
    const denominator = 1 + (M - 1) * rhoBar;
    return denominator > 0 ? Math.min(M, Math.max(1, M / denominator)) : M;
  }
  const lambda = symmetricEigenvalues(correlation);
  if (method === "liJi") {
    // sum f(|l|) = sum |l| - sum (floor|l| - I(|l| >= 1)), and sum |l| = trace + 2 sum max(0, -l):
    // the same sum, with the eigen solver's rounding kept out of the integer part.
    let trace = 0, negative = 0, whole = 0;
    for (let i = 0; i < M; i++) trace += correlation[i][i];
    for (const l of lambda) {
      // f jumps at every integer (f(2 - e) ~ 2, f(2) = 1): snap rounding noise onto the integer.
      const raw = Math.abs(l), nearest = Math.round(raw);
      const x = Math.abs(raw - nearest) < 1e-9 * M ? nearest : raw;
      if (l < 0) negative += x; // x is 0 when -l is rounding noise
      whole += Math.floor(x) - (x >= 1 ? 1 : 0);
    }
    return trace + 2 * negative - whole;
  }
  // Nyholt: the eigenvalues of a correlation matrix sum to M, so their mean is 1.
  let ss = 0;
  for (const l of lambda) ss += (l - 1) * (l - 1);
  return 1 + (M - 1) * (1 - ss / (M - 1) / M);
}

/**
 * Names for ordered regimes. With the default order (ascending variance of the first feature,
 * the benchmark's daily return) label 0 is the calmest regime and label K - 1 the most turbulent.
 */

/**
 * Display names for K states ordered calm to turbulent: 2 -> calm, turbulent; 3 -> calm, normal,
 * turbulent; 4 -> calm, normal, stressed, turbulent; more -> calm, state 1 ... state K-2, turbulent.
 */
export function regimeNames(nComponents: number): string[] {
  const K = nComponents;
  if (K === 1) return ["single"];
  if (K === 2) return ["calm", "turbulent"];
  if (K === 3) return ["calm", "normal", "turbulent"];
  if (K === 4) return ["calm", "normal", "stressed", "turbulent"];
  return Array.from({ length: K }, (_, k) => (k === 0 ? "calm" : k === K - 1 ? "turbulent" : `state ${k}`));
}

/**
 * The most probable regime of each row of a T x K probability matrix (arg max, lowest label on
 * ties); -1 where the row has a NaN (before the first fit, on incomplete rows).
 * @example regimeArgmax([0.2, 0.8, NaN, NaN], 2) // => [1, -1]
 */
export function regimeArgmax(probabilities: ArrayLike<number>, nComponents: number): Int32Array {
  const K = nComponents;
  const T = Math.floor(probabilities.length / K);
  const out = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    let best = -1;
    let bp = -Infinity;
    for (let k = 0; k < K; k++) {
      const p = probabilities[t * K + k];
      if (p !== p) {
        best = -1;
        break;
      }
      if (p > bp) {
        bp = p;
        best = k;
      }
    }
    out[t] = best;
  }
  return out;
}

/**
 * Share of rows on which two label series agree, over rows where both are known (>= 0);
 * NaN when no row is. E.g. causal (filtered) labels against look-ahead (smoothed) ones.
 * @example regimeAgreement([0, 1, 1, -1], [0, 1, 0, 2]) // => 0.6667 (2 of 3 known rows)
 */
export function regimeAgreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`regimeAgreement requires label series of equal length (got ${a.length} and ${b.length})`);
  let n = 0;
  let same = 0;
  for (let t = 0; t < a.length; t++) {
    if (a[t] < 0 || b[t] < 0) continue;
    n++;
    if (a[t] === b[t]) same++;
  }
  return n === 0 ? NaN : same / n;
}

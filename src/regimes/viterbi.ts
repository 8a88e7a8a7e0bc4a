/**
 * Viterbi decoding in log space: the single most likely state path (Rabiner 1989, section III.B).
 * delta_t(j) = max_i [delta_{t-1}(i) + log A_ij] + log b_t(j); ties go to the lowest state index,
 * as numpy's argmax in hmmlearn does.
 */
export function viterbiDecode(
  startprob: Float64Array,
  transmat: Float64Array,
  logB: Float64Array,
  T: number,
  K: number,
): { path: Int32Array; logProb: number } {
  const path = new Int32Array(T);
  if (T === 0) return { path, logProb: 0 };
  const logA = new Float64Array(K * K);
  for (let i = 0; i < K * K; i++) logA[i] = Math.log(transmat[i]);
  let prev = new Float64Array(K);
  let cur = new Float64Array(K);
  const back = K <= 255 ? new Uint8Array(T * K) : new Int32Array(T * K);
  for (let k = 0; k < K; k++) prev[k] = Math.log(startprob[k]) + logB[k];
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < K; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < K; i++) {
        const v = prev[i] + logA[i * K + j];
        if (v > best) {
          best = v;
          arg = i;
        }
      }
      cur[j] = best + logB[t * K + j];
      back[t * K + j] = arg;
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  let best = -Infinity;
  let arg = 0;
  for (let k = 0; k < K; k++) {
    if (prev[k] > best) {
      best = prev[k];
      arg = k;
    }
  }
  path[T - 1] = arg;
  for (let t = T - 1; t > 0; t--) path[t - 1] = back[t * K + path[t]];
  return { path, logProb: best };
}

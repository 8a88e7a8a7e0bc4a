/**
 * Forward-backward in scaled form (Rabiner 1989, section V.A), with a log-space fallback.
 *
 * Emissions enter as b_t(k) = exp(log p(x_t | k) - m_t), m_t = max_k log p(x_t | k), so the largest
 * is 1 and nothing underflows for lack of range. The forward pass keeps alpha-hat_t =
 * P(state_t | x_1..x_t), normalised by c_t; the log-likelihood is sum_t (log c_t + m_t). The
 * backward pass reuses the c_t, so gamma_t = alpha-hat_t * beta-hat_t and
 * xi_t(i, j) = alpha-hat_t(i) A_ij b_{t+1}(j) beta-hat_{t+1}(j) / c_{t+1}.
 * When a c_t underflows (possible only with zeros in the transition matrix and an observation
 * that only an unreachable state explains), the same quantities are recomputed in log space, as
 * hmmlearn's "log" implementation does throughout.
 *
 * All buffers come from the caller (a Workspace), so EM allocates nothing per iteration.
 */

/** Buffers for a sequence of T rows and K states, reused across EM iterations and restarts. */
export interface HmmWorkspace {
  readonly T: number;
  readonly K: number;
  readonly logB: Float64Array; // T x K log-densities
  readonly B: Float64Array; // T x K scaled emissions
  readonly rowMax: Float64Array; // T
  readonly alpha: Float64Array; // T x K
  readonly beta: Float64Array; // T x K
  readonly gamma: Float64Array; // T x K
  readonly scale: Float64Array; // T: c_t
  readonly xiSum: Float64Array; // K x K
  readonly missing: Uint8Array; // T
  readonly tmp: Float64Array; // K
}

export function createHmmWorkspace(T: number, K: number): HmmWorkspace {
  return {
    T,
    K,
    logB: new Float64Array(T * K),
    B: new Float64Array(T * K),
    rowMax: new Float64Array(T),
    alpha: new Float64Array(T * K),
    beta: new Float64Array(T * K),
    gamma: new Float64Array(T * K),
    scale: new Float64Array(T),
    xiSum: new Float64Array(K * K),
    missing: new Uint8Array(T),
    tmp: new Float64Array(Math.max(K, 1) * 2),
  };
}

// Below this a scale factor has lost precision (doubles go subnormal near 2.2e-308).
const SCALE_FLOOR = 1e-290;

/**
 * Scaled forward pass over rows [0, T) of the workspace: fills `alpha` (filtered probabilities)
 * and `scale`; `logB` must be filled. Returns the log-likelihood, or NaN when a scale factor
 * underflowed (the caller then uses `forwardLog`).
 */
export function forwardScaled(startprob: Float64Array, transmat: Float64Array, ws: HmmWorkspace, T: number): number {
  const { K, logB, B, rowMax, alpha, scale } = ws;
  if (K === 3) return forwardScaled3(startprob, transmat, ws, T);
  let logLik = 0;
  for (let t = 0; t < T; t++) {
    const o = t * K;
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (logB[o + k] > m) m = logB[o + k];
    if (m === -Infinity || m !== m) return NaN;
    rowMax[t] = m;
    for (let k = 0; k < K; k++) B[o + k] = Math.exp(logB[o + k] - m);
    let c = 0;
    if (t === 0) {
      for (let k = 0; k < K; k++) {
        const a = startprob[k] * B[k];
        alpha[k] = a;
        c += a;
      }
    } else {
      const p = o - K;
      for (let j = 0; j < K; j++) {
        let s = 0;
        for (let i = 0; i < K; i++) s += alpha[p + i] * transmat[i * K + j];
        const a = s * B[o + j];
        alpha[o + j] = a;
        c += a;
      }
    }
    if (!(c > SCALE_FLOOR) || c === Infinity) return NaN;
    const inv = 1 / c;
    for (let k = 0; k < K; k++) alpha[o + k] *= inv;
    scale[t] = c;
    logLik += Math.log(c) + m;
  }
  return logLik;
}

/**
 * Scaled backward pass, then the smoothed posteriors `gamma` (rows normalised to sum to 1) and,
 * when `withXi`, the expected transition counts `xiSum` = sum_t xi_t. Needs `forwardScaled` first.
 */
export function backwardScaled(transmat: Float64Array, ws: HmmWorkspace, T: number, withXi: boolean): void {
  const { K, B, alpha, beta, gamma, scale, xiSum, tmp } = ws;
  const last = (T - 1) * K;
  for (let k = 0; k < K; k++) beta[last + k] = 1;
  if (withXi) xiSum.fill(0);
  if (K === 3) backwardScaled3(transmat, ws, T, withXi);
  else for (let t = T - 2; t >= 0; t--) {
    const o = t * K;
    const n = o + K;
    const invC = 1 / scale[t + 1];
    // tmp_j = b_{t+1}(j) beta_{t+1}(j) / c_{t+1}, shared by beta_t and xi_t
    for (let j = 0; j < K; j++) tmp[j] = B[n + j] * beta[n + j] * invC;
    for (let i = 0; i < K; i++) {
      let s = 0;
      const ai = alpha[o + i];
      for (let j = 0; j < K; j++) {
        const v = transmat[i * K + j] * tmp[j];
        s += v;
        if (withXi) xiSum[i * K + j] += ai * v;
      }
      beta[o + i] = s;
    }
  }
  for (let t = 0; t < T; t++) {
    const o = t * K;
    let s = 0;
    for (let k = 0; k < K; k++) {
      const g = alpha[o + k] * beta[o + k];
      gamma[o + k] = g;
      s += g;
    }
    const inv = 1 / s;
    for (let k = 0; k < K; k++) gamma[o + k] *= inv;
  }
}

/**
 * forwardScaled for K = 3: the same arithmetic in the same order, unrolled, with the transition
 * matrix and the previous row's alpha in locals (at K = 3 the generic loops are mostly loop
 * control). Readable form: forwardScaled's loop body.
 */
function forwardScaled3(startprob: Float64Array, transmat: Float64Array, ws: HmmWorkspace, T: number): number {
  const { logB, B, rowMax, alpha, scale } = ws;
  const t00 = transmat[0], t01 = transmat[1], t02 = transmat[2];
  const t10 = transmat[3], t11 = transmat[4], t12 = transmat[5];
  const t20 = transmat[6], t21 = transmat[7], t22 = transmat[8];
  let a0 = 0, a1 = 0, a2 = 0; // alpha-hat of the previous row
  let logLik = 0;
  for (let t = 0; t < T; t++) {
    const o = t * 3;
    const l0 = logB[o], l1 = logB[o + 1], l2 = logB[o + 2];
    let m = -Infinity;
    if (l0 > m) m = l0;
    if (l1 > m) m = l1;
    if (l2 > m) m = l2;
    if (m === -Infinity || m !== m) return NaN;
    rowMax[t] = m;
    const b0 = Math.exp(l0 - m), b1 = Math.exp(l1 - m), b2 = Math.exp(l2 - m);
    B[o] = b0;
    B[o + 1] = b1;
    B[o + 2] = b2;
    let n0: number, n1: number, n2: number;
    if (t === 0) {
      n0 = startprob[0] * b0;
      n1 = startprob[1] * b1;
      n2 = startprob[2] * b2;
    } else {
      // s_j = sum_i alpha_{t-1}(i) A_ij, summed from i = 0 as the generic loop does (0 + x = x)
      n0 = (a0 * t00 + a1 * t10 + a2 * t20) * b0;
      n1 = (a0 * t01 + a1 * t11 + a2 * t21) * b1;
      n2 = (a0 * t02 + a1 * t12 + a2 * t22) * b2;
    }
    const c = n0 + n1 + n2;
    if (!(c > SCALE_FLOOR) || c === Infinity) return NaN;
    const inv = 1 / c;
    a0 = n0 * inv;
    a1 = n1 * inv;
    a2 = n2 * inv;
    alpha[o] = a0;
    alpha[o + 1] = a1;
    alpha[o + 2] = a2;
    scale[t] = c;
    logLik += Math.log(c) + m;
  }
  return logLik;
}

/**
 * backwardScaled's backward recursion (and xi counts) for K = 3, unrolled, in the same order; the
 * caller has set the last beta row to 1 and cleared xiSum, and computes gamma afterwards.
 */
function backwardScaled3(transmat: Float64Array, ws: HmmWorkspace, T: number, withXi: boolean): void {
  const { B, alpha, beta, scale, xiSum } = ws;
  const t00 = transmat[0], t01 = transmat[1], t02 = transmat[2];
  const t10 = transmat[3], t11 = transmat[4], t12 = transmat[5];
  const t20 = transmat[6], t21 = transmat[7], t22 = transmat[8];
  let x00 = 0, x01 = 0, x02 = 0, x10 = 0, x11 = 0, x12 = 0, x20 = 0, x21 = 0, x22 = 0;
  let e0 = 1, e1 = 1, e2 = 1; // beta-hat of the next row
  for (let t = T - 2; t >= 0; t--) {
    const o = t * 3;
    const n = o + 3;
    const invC = 1 / scale[t + 1];
    // tmp_j = b_{t+1}(j) beta_{t+1}(j) / c_{t+1}
    const q0 = B[n] * e0 * invC, q1 = B[n + 1] * e1 * invC, q2 = B[n + 2] * e2 * invC;
    const v00 = t00 * q0, v01 = t01 * q1, v02 = t02 * q2;
    const v10 = t10 * q0, v11 = t11 * q1, v12 = t12 * q2;
    const v20 = t20 * q0, v21 = t21 * q1, v22 = t22 * q2;
    e0 = v00 + v01 + v02;
    e1 = v10 + v11 + v12;
    e2 = v20 + v21 + v22;
    beta[o] = e0;
    beta[o + 1] = e1;
    beta[o + 2] = e2;
    if (withXi) {
      const a0 = alpha[o], a1 = alpha[o + 1], a2 = alpha[o + 2];
      x00 += a0 * v00;
      x01 += a0 * v01;
      x02 += a0 * v02;
      x10 += a1 * v10;
      x11 += a1 * v11;
      x12 += a1 * v12;
      x20 += a2 * v20;
      x21 += a2 * v21;
      x22 += a2 * v22;
    }
  }
  if (withXi) {
    xiSum[0] = x00;
    xiSum[1] = x01;
    xiSum[2] = x02;
    xiSum[3] = x10;
    xiSum[4] = x11;
    xiSum[5] = x12;
    xiSum[6] = x20;
    xiSum[7] = x21;
    xiSum[8] = x22;
  }
}

function logSumExp(v: Float64Array, n: number): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (v[i] > m) m = v[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(v[i] - m);
  return m + Math.log(s);
}

/**
 * Log-space forward-backward (hmmlearn's "log" implementation): slower (one exp per transition)
 * but immune to underflow. Fills `alpha` with the filtered probabilities, `gamma` with the smoothed
 * ones and, when `withXi`, `xiSum`; returns the log-likelihood. Uses `B` and `beta` as scratch
 * for log alpha and log beta.
 */
export function forwardBackwardLog(startprob: Float64Array, transmat: Float64Array, ws: HmmWorkspace, T: number, withBackward: boolean, withXi: boolean): number {
  const { K, logB, alpha, beta, gamma, xiSum, tmp } = ws;
  const la = ws.B; // log alpha
  const lb = beta; // log beta
  const logA = new Float64Array(K * K);
  for (let i = 0; i < K * K; i++) logA[i] = Math.log(transmat[i]);
  for (let k = 0; k < K; k++) la[k] = Math.log(startprob[k]) + logB[k];
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < K; j++) {
      for (let i = 0; i < K; i++) tmp[i] = la[(t - 1) * K + i] + logA[i * K + j];
      la[t * K + j] = logSumExp(tmp, K) + logB[t * K + j];
    }
  }
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) tmp[k] = la[t * K + k];
    const z = logSumExp(tmp, K);
    for (let k = 0; k < K; k++) alpha[t * K + k] = Math.exp(la[t * K + k] - z);
  }
  for (let k = 0; k < K; k++) tmp[k] = la[(T - 1) * K + k];
  const logLik = logSumExp(tmp, K);
  if (!withBackward) return logLik;
  for (let k = 0; k < K; k++) lb[(T - 1) * K + k] = 0;
  for (let t = T - 2; t >= 0; t--) {
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) tmp[j] = logA[i * K + j] + logB[(t + 1) * K + j] + lb[(t + 1) * K + j];
      lb[t * K + i] = logSumExp(tmp, K);
    }
  }
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) tmp[k] = la[t * K + k] + lb[t * K + k];
    const z = logSumExp(tmp, K);
    for (let k = 0; k < K; k++) gamma[t * K + k] = Math.exp(la[t * K + k] + lb[t * K + k] - z);
  }
  if (withXi) {
    xiSum.fill(0);
    for (let t = 0; t < T - 1; t++) {
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < K; j++) {
          xiSum[i * K + j] += Math.exp(la[t * K + i] + logA[i * K + j] + logB[(t + 1) * K + j] + lb[(t + 1) * K + j] - logLik);
        }
      }
    }
  }
  return logLik;
}

/**
 * The E-step's inference: filtered (`alpha`), and when asked smoothed (`gamma`) and transition
 * counts (`xiSum`), for rows [0, T) with `logB` already filled. Scaled first, log space on underflow.
 * @returns the log-likelihood of the rows
 */
export function inferStates(startprob: Float64Array, transmat: Float64Array, ws: HmmWorkspace, T: number, withBackward: boolean, withXi: boolean): number {
  const ll = forwardScaled(startprob, transmat, ws, T);
  if (ll === ll) {
    if (withBackward) backwardScaled(transmat, ws, T, withXi);
    return ll;
  }
  return forwardBackwardLog(startprob, transmat, ws, T, withBackward, withXi);
}

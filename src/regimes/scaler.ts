/**
 * Standardisation of regime features, fitted on a training window only (scikit-learn's
 * StandardScaler: mean and population standard deviation, ddof 0). Applying a scaler fitted on
 * rows up to t to later rows is what keeps a walk-forward study free of look-ahead.
 */

/** Per-feature mean and scale (population standard deviation) of the training rows. */
export interface HmmScaler {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Mean and population standard deviation of each column over the complete rows (rows with a NaN
 * are skipped) of X (row-major, `nFeatures` columns).
 * @throws when fewer than two rows are complete, or a column is constant (naming it)
 */
export function fitHmmScaler(X: ArrayLike<number>, nFeatures: number, { names }: { names?: readonly string[] } = {}): HmmScaler {
  const d = nFeatures;
  if (X.length % d !== 0) throw new Error(`fitHmmScaler: X has ${X.length} values, not a multiple of nFeatures = ${d}`);
  const T = X.length / d;
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  let n = 0;
  for (let t = 0; t < T; t++) {
    let ok = true;
    for (let f = 0; f < d; f++) if (!Number.isFinite(X[t * d + f])) ok = false;
    if (!ok) continue;
    n++;
    for (let f = 0; f < d; f++) {
      const x = X[t * d + f];
      const delta = x - mean[f]; // Welford
      mean[f] += delta / n;
      m2[f] += delta * (x - mean[f]);
    }
  }
  if (n < 2) throw new Error(`fitHmmScaler: needs at least 2 complete rows, got ${n} of ${T}`);
  const scale = new Float64Array(d);
  for (let f = 0; f < d; f++) {
    scale[f] = Math.sqrt(m2[f] / n);
    if (!(scale[f] > 1e-12 * Math.max(1, Math.abs(mean[f])))) {
      const name = names?.[f] !== undefined ? ` ("${names[f]}")` : "";
      throw new Error(`fitHmmScaler: column ${f}${name} is constant on the training rows (= ${mean[f]}); drop it`);
    }
  }
  return Object.freeze({ mean, scale });
}

/** (x - mean) / scale for every row; NaN stays NaN. Returns a new array. */
export function applyHmmScaler(scaler: HmmScaler, X: ArrayLike<number>): Float64Array {
  const d = scaler.mean.length;
  if (X.length % d !== 0) throw new Error(`applyHmmScaler: X has ${X.length} values, not a multiple of the scaler's ${d} features`);
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const f = i % d;
    out[i] = (X[i] - scaler.mean[f]) / scaler.scale[f];
  }
  return out;
}

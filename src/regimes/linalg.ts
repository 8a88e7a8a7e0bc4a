/**
 * Small dense linear algebra for d x d covariance matrices (d is the number of regime
 * features, a handful), row-major in Float64Array with an offset so K matrices can live in one
 * buffer. Written out because d is tiny: a library call would cost more than the arithmetic.
 */

/**
 * Cholesky factor L (lower, A = L L^T) of the symmetric matrix at `a[aOff ..]` into `l[lOff ..]`
 * (upper part zeroed). Reads only the lower triangle of A.
 * @returns false when A is not numerically positive definite (a pivot <= 0 or not finite)
 */
export function choleskyInto(a: ArrayLike<number>, aOff: number, d: number, l: Float64Array, lOff: number): boolean {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[aOff + i * d + j];
      for (let k = 0; k < j; k++) s -= l[lOff + i * d + k] * l[lOff + j * d + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        l[lOff + i * d + i] = Math.sqrt(s);
      } else {
        l[lOff + i * d + j] = s / l[lOff + j * d + j];
      }
    }
    for (let j = i + 1; j < d; j++) l[lOff + i * d + j] = 0;
  }
  return true;
}

/**
 * Inverse of a lower-triangular L (at `l[lOff ..]`) into `out[oOff ..]`, also lower triangular,
 * by forward substitution column by column. Then z = L^-1 (x - mu) gives the Mahalanobis term |z|^2.
 */
export function lowerInverseInto(l: Float64Array, lOff: number, d: number, out: Float64Array, oOff: number): void {
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) {
      if (i < j) {
        out[oOff + i * d + j] = 0;
        continue;
      }
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= l[lOff + i * d + k] * out[oOff + k * d + j];
      out[oOff + i * d + j] = s / l[lOff + i * d + i];
    }
  }
}

/** log det(A) = 2 sum log L_ii from A's Cholesky factor at `l[lOff ..]`. */
export function logDetFromCholesky(l: Float64Array, lOff: number, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(l[lOff + i * d + i]);
  return 2 * s;
}

/**
 * Correlation kernels. The prefix kernels serve the information coefficient (a correlation over the
 * first m entries of reused buffers, day after day); the pairwise-complete one serves correlation
 * matrices of series with gaps (the trials' returns, the features of a training window).
 */

/**
 * Pearson correlation of the first m values of x and y (two passes: means, then co-moments).
 * @returns NaN when either side is flat
 * @example pearsonPrefix(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 7), 3) // => 0.9934
 */
export function pearsonPrefix(x: Float64Array, y: Float64Array, m: number): number {
  let mx = 0, my = 0;
  for (let i = 0; i < m; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= m;
  my /= m;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < m; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * Ranks 1..m of the first m values into `ranks`, ties sharing their average rank (Spearman's
 * convention). `order` is scratch of length >= m.
 * @example averageRanksPrefix(Float64Array.of(3, 1, 3), 3, out, order) // out => [2.5, 1, 2.5]
 */
export function averageRanksPrefix(values: Float64Array, m: number, ranks: Float64Array, order: Int32Array): void {
  for (let i = 0; i < m; i++) order[i] = i;
  const idx = order.subarray(0, m).sort((a, b) => values[a] - values[b]);
  let i = 0;
  while (i < m) {
    let k = i;
    while (k + 1 < m && values[idx[k + 1]] === values[idx[i]]) k++;
    const rank = (i + k) / 2 + 1; // average of positions i..k, 1-based
    for (let q = i; q <= k; q++) ranks[idx[q]] = rank;
    i = k + 1;
  }
}

/**
 * Pearson correlation of two strided series on the positions where both are finite-valued (not
 * NaN): x[xOffset + k * stride] against y[yOffset + k * stride] for k < n (pairwise complete, as
 * pandas `DataFrame.corr()`). Two passes: means, then co-moments about the pair's own means; the
 * result is clamped to [-1, 1].
 * @returns NaN when fewer than two common positions or either side is flat on them
 * @example pearsonPairwiseComplete([1, 2, NaN, 3], 0, [2, 4, 5, 7], 0, 4, 1) // => 0.9934 (positions 0, 1, 3)
 */
export function pearsonPairwiseComplete(x: ArrayLike<number>, xOffset: number, y: ArrayLike<number>, yOffset: number, n: number, stride: number): number {
  let m = 0, mx = 0, my = 0;
  for (let k = 0; k < n; k++) {
    const a = x[xOffset + k * stride], b = y[yOffset + k * stride];
    if (a !== a || b !== b) continue;
    m++;
    mx += a;
    my += b;
  }
  if (m < 2) return NaN;
  mx /= m;
  my /= m;
  let sxy = 0, sxx = 0, syy = 0;
  for (let k = 0; k < n; k++) {
    const a = x[xOffset + k * stride], b = y[yOffset + k * stride];
    if (a !== a || b !== b) continue;
    const dx = a - mx, dy = b - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : NaN;
}

/**
 * The correlation kernels of the information coefficient, shared by the model evaluation and the
 * analytics: both compute, day after day, a correlation over the first m entries of reused buffers.
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

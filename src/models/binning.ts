/**
 * Feature binning for the histogram tree builder.
 *
 * Each feature's finite training values are cut into at most `maxBins` (<= 255) bins at
 * quantiles of the training rows; the cut between two neighbouring values a < b is their
 * midpoint (a/2 + b/2, falling back to a when rounding lands on b), as scikit-learn places its
 * thresholds. A feature with at most `maxBins` distinct values gets one bin per value, so the
 * binned tree sees exactly the splits an exact tree would. NaN goes to the reserved bin 255.
 *
 * Bin of a value x = the number of edges strictly below x, so `bin(x) <= b` exactly when
 * `x <= edge[b]`: a split found on bins is applied to raw values with the raw edge as threshold,
 * and prediction never needs the bins.
 */

import { createRng } from "../util/rng";

/** Bin index reserved for missing values (NaN). Value bins are 0 .. 254. */
export const MISSING_BIN = 255;
/** Bins per feature in a histogram, including the missing bin. */
export const BINS_PER_FEATURE = 256;

/** A row-major matrix of bin indices plus the edges that map bins back to raw thresholds. */
export interface BinnedMatrix {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Row-major bin indices, `bins[i * nFeatures + f]`; MISSING_BIN where the value is NaN. */
  readonly bins: Uint8Array;
  /** Number of value bins of each feature (0 when the feature is NaN in every row). */
  readonly binCount: Int32Array;
  /** `binEdges[f * 256 + b]`: upper edge of bin b of feature f (x <= edge means bin <= b); +Infinity for the last bin. */
  readonly binEdges: Float64Array;
}

/**
 * Bin edges of every feature from the rows `rows` (all rows when null) of a row-major matrix.
 * Quantile cuts over the sorted finite values; ties are kept in one bin. With `sampleRows`, only a
 * seeded random sample of that many rows is sorted (values outside it still bin correctly: they
 * fall between the sample's edges).
 * @throws when maxBins is not an integer in [2, 255]
 */
export function featureBinEdges(
  X: ArrayLike<number>,
  nFeatures: number,
  { maxBins = 255, rows = null, sampleRows = null, seed = 0 }: { maxBins?: number; rows?: ArrayLike<number> | null; sampleRows?: number | null; seed?: number } = {},
): { binCount: Int32Array; binEdges: Float64Array } {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new Error(`featureBinEdges: maxBins must be an integer in [2, 255] (got ${maxBins})`);
  }
  let nRows = rows ? rows.length : X.length / nFeatures;
  if (sampleRows !== null && nRows > sampleRows) {
    // A seeded uniform sample of rows (partial Fisher-Yates), kept in ascending order.
    const rng = createRng(seed);
    const all = rows ? Int32Array.from(rows) : Int32Array.from({ length: nRows }, (_, i) => i);
    for (let i = 0; i < sampleRows; i++) {
      const j = i + rng.int(nRows - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    rows = all.subarray(0, sampleRows).sort();
    nRows = sampleRows;
  }
  const binCount = new Int32Array(nFeatures);
  const binEdges = new Float64Array(nFeatures * BINS_PER_FEATURE).fill(Infinity);
  // One sequential pass over X fills every column (column-major copy), NaN left out.
  const cols = new Float64Array(nRows * nFeatures);
  const finite = new Int32Array(nFeatures);
  for (let i = 0; i < nRows; i++) {
    const base = (rows ? rows[i] : i) * nFeatures;
    for (let f = 0; f < nFeatures; f++) {
      const x = X[base + f];
      if (x === x) cols[f * nRows + finite[f]++] = x;
    }
  }
  for (let f = 0; f < nFeatures; f++) {
    const n = finite[f];
    if (n === 0) continue;
    const sorted = cols.subarray(f * nRows, f * nRows + n).sort();
    const off = f * BINS_PER_FEATURE;
    let nb = 0;
    // Candidate cut positions: index k means "cut between sorted[k-1] and sorted[k]".
    // With few distinct values every change of value is a cut; otherwise cut at quantiles,
    // moved forward to the next change of value when the quantile falls inside a run of ties.
    let distinct = 1;
    for (let i = 1; i < n && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
    if (distinct <= maxBins) {
      for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) binEdges[off + nb++] = midpoint(sorted[i - 1], sorted[i]);
    } else {
      let last = 0; // cuts must move strictly forward
      for (let b = 1; b < maxBins; b++) {
        let k = Math.floor((b * n) / maxBins);
        if (k <= last) k = last + 1;
        while (k < n && sorted[k] === sorted[k - 1]) k++;
        if (k >= n) break;
        binEdges[off + nb++] = midpoint(sorted[k - 1], sorted[k]);
        last = k;
      }
    }
    binEdges[off + nb] = Infinity;
    binCount[f] = nb + 1;
  }
  return { binCount, binEdges };
}

/** scikit-learn's threshold between neighbouring sorted values a < b. */
function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m >= b || !Number.isFinite(m) ? a : m;
}

/**
 * Bin the rows `rows` (all when null) of a row-major matrix with given edges: a new
 * BinnedMatrix whose row i is input row rows[i]. Values beyond the training range fall in the
 * first or last bin; NaN goes to MISSING_BIN.
 */
export function binMatrix(
  X: ArrayLike<number>,
  nFeatures: number,
  edges: { binCount: Int32Array; binEdges: Float64Array },
  { rows = null, out = null }: { rows?: ArrayLike<number> | null; out?: Uint8Array | null } = {},
): BinnedMatrix {
  const nRows = rows ? rows.length : X.length / nFeatures;
  const bins = out ?? new Uint8Array(nRows * nFeatures);
  const { binCount, binEdges } = edges; // eslint-disable-line
  // Edges past the last bin are +Infinity (see featureBinEdges), so a fixed 8-step search over
  // all 256 slots finds the number of edges below x (the lower bound) without data-dependent exits.
  // Row-major loops: X is read and bins written sequentially.
  for (let i = 0; i < nRows; i++) {
    const base = (rows ? rows[i] : i) * nFeatures;
    const outBase = i * nFeatures;
    for (let f = 0; f < nFeatures; f++) {
      const x = X[base + f];
      if (x !== x) {
        bins[outBase + f] = MISSING_BIN;
        continue;
      }
      const off = f * BINS_PER_FEATURE;
      // Unrolled and branch-free: each comparison sets one bit of b (4x faster than branching).
      let b = (binEdges[off + 127] < x) as unknown as number << 7;
      b |= (binEdges[off + b + 63] < x) as unknown as number << 6;
      b |= (binEdges[off + b + 31] < x) as unknown as number << 5;
      b |= (binEdges[off + b + 15] < x) as unknown as number << 4;
      b |= (binEdges[off + b + 7] < x) as unknown as number << 3;
      b |= (binEdges[off + b + 3] < x) as unknown as number << 2;
      b |= (binEdges[off + b + 1] < x) as unknown as number << 1;
      b |= (binEdges[off + b] < x) as unknown as number;
      bins[outBase + f] = b;
    }
  }
  return { nRows, nFeatures, bins, binCount, binEdges };
}

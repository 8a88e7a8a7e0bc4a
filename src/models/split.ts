/**
 * The split search of one tree node (see ./tree for the algorithm and its semantics): per-feature
 * histograms of a node's rows, the scan of a histogram (or of a small node's sorted rows) for the
 * best threshold, and the children's histograms by the subtraction trick. These are the forest's
 * inner loops; ./tree's `growTree` calls `findBestSplit` and `childHistograms` once per node.
 */
import type { Rng } from "../util/rng";
import type { TreeGrowth, TreeWorkspace } from "./tree";

// Local copies of ./binning's MISSING_BIN and BINS_PER_FEATURE (a test checks they agree): under
// tsx an imported constant is a getter call, which costs real time in the inner loops.
const MISSING_BIN = 255;
const BINS_PER_FEATURE = 256;
/** Histogram stride per feature: 256 bins x (packed count and weight, weighted sum). */
const STRIDE = BINS_PER_FEATURE * 2;
/**
 * A histogram bin keeps its distinct-row count and its weight in one double, count * 2^26 +
 * weight: each row adds 2^26 + w. Counts and weights are integers below 2^26 (a tree's total
 * weight is its number of rows, see MAX_TREE_ROWS), so the packed sums, their differences (the
 * subtraction trick) and the unpacked parts are exact: the same integers as two separate sums,
 * for two thirds of the histogram's memory and additions.
 */
const COUNT_UNIT = 67108864;
const COUNT_SCALE = 1 / COUNT_UNIT;
/** Most rows a tree can be grown from (the packed histogram's limit, 2^26). */
const MAX_TREE_ROWS = COUNT_UNIT;
/** Threshold bin meaning "every non-missing value goes left" (a missing-versus-present split). */
const ALL_VALUES = 255;
/**
 * Nodes with at most this many distinct rows skip histograms: bucketing their rows' bins per feature
 * costs less than zeroing, subtracting and scanning 255 bins for every feature. Deep nodes are
 * mostly this small, so this matters most for small data sets. (Not a free tuning knob: a
 * subtracted histogram's sums differ in the last bits from a direct sum, so moving it moves splits.)
 */
const SMALL_NODE_ROWS = 64;
/**
 * Full-mode histograms summed from at most this many rows record the bins they touch, so that the
 * next clear and the subtraction trick visit only those bins instead of all p x 256 (a node of a
 * few hundred rows touches a small share of them, and clearing and subtracting every bin cost more
 * than the fill). Subtracting an untouched (zero) bin changes nothing, so the histograms are the
 * same to the bit either way.
 */
const SPARSE_HISTOGRAM_ROWS = 256;
// Exported by name from local constants: compiled to CommonJS, an `export const` is read through
// `exports.` at every use, and these are read in the inner loops.
export { STRIDE, COUNT_UNIT, MAX_TREE_ROWS, ALL_VALUES, SMALL_NODE_ROWS, SPARSE_HISTOGRAM_ROWS };

/** Best split found for a node. */
export interface SplitChoice {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: number;
  hadMissing: number;
}

/** What the split search needs at every node of one tree: fixed per tree, made once by growTree. */
export interface SplitSearch {
  /** The binned matrix's row-major bins, its feature count p and its bins used per feature. */
  readonly bins: Uint8Array;
  /** The same bins feature-major (`columns[f * nRows + row]`, see ./tree binColumns), and the matrix's row count. */
  readonly columns: Uint8Array;
  readonly nRows: number;
  readonly p: number;
  readonly binCount: Int32Array;
  /** Features tried per split (1 .. p). */
  readonly mtry: number;
  /**
   * Full mode: every node keeps histograms of all features, so the larger child comes from
   * subtraction. Worth it when most features are scanned anyway; with few features per split it
   * is cheaper to sum just the drawn features of each node directly.
   */
  readonly fullMode: boolean;
  readonly minSamplesLeaf: number;
  /** The tree's rng (feature draws). */
  readonly rng: Rng;
  /** Scratch: the features drawn in one round. */
  readonly drawn: Int32Array;
  /** Output of findBestSplit (overwritten at every node). */
  readonly best: SplitChoice;
}

/** Histogram ids of a split node's children (-1: none), written by childHistograms. */
export interface ChildHistograms {
  left: number;
  right: number;
}

/**
 * Best split of the node whose rows are ws.seg*[lo..hi), over drawn features: from histograms, or
 * by bucketing a small node's rows. Writes it to `search.best` (feature -1 when no candidate).
 * `maxFeatures` features are drawn without replacement (Fisher-Yates on ws.featOrder); more rounds
 * are drawn only while some drawn features were constant in the node.
 * @param h the node's histogram id, -1 when it has none yet
 * @returns the node's histogram id afterwards (acquired here when one was needed), -1 for none
 */
export function findBestSplit(ws: TreeWorkspace, search: SplitSearch, h: number, lo: number, hi: number, W: number, S: number): number {
  const { bins, columns, nRows, p, binCount, mtry, fullMode, minSamplesLeaf, rng, drawn, best } = search;
  const { segRow, segW, segS, featOrder } = ws;
  const c = hi - lo;
  best.gain = -Infinity;
  best.feature = -1;
  const small = c <= SMALL_NODE_ROWS;
  if (fullMode && !small && h < 0) {
    h = ws.acquire();
    buildFullHistogram(ws, h, bins, p, segRow, segW, segS, lo, hi);
  }
  if (mtry === p) {
    if (small) for (let f = 0; f < p; f++) scanSmallNode(ws, columns, nRows, f, lo, hi, W, S, minSamplesLeaf, best);
    else for (let f = 0; f < p; f++) scanHistogram(ws, ws.hist(h), f, binCount[f], c, W, S, minSamplesLeaf, best);
    return h;
  }
  for (let f = 0; f < p; f++) featOrder[f] = f;
  let k = 0;
  let visited = 0;
  while (visited < mtry && k < p) {
    // Draw (without replacement) as many features as are still wanted; more rounds only when some were constant.
    const want = mtry - visited;
    let nd = 0;
    for (; nd < want && k < p; k++) {
      const j = k + rng.int(p - k); // Fisher-Yates
      const f = featOrder[j];
      featOrder[j] = featOrder[k];
      featOrder[k] = f;
      drawn[nd++] = f;
    }
    if (small) {
      for (let q = 0; q < nd; q++) if (scanSmallNode(ws, columns, nRows, drawn[q], lo, hi, W, S, minSamplesLeaf, best)) visited++;
    } else {
      if (!fullMode) {
        if (h < 0) h = ws.acquire();
        buildHistogram(ws.hist(h), drawn, nd, bins, p, segRow, segW, segS, lo, hi);
        ws.touchedCount[h] = -1; // only the drawn features were cleared and summed
      }
      const H = ws.hist(h);
      for (let q = 0; q < nd; q++) if (scanHistogram(ws, H, drawn[q], binCount[drawn[q]], c, W, S, minSamplesLeaf, best)) visited++;
    }
  }
  return h;
}

/** Whether a child node of `rows` distinct rows at `depth` will be split from a histogram (so it is worth building one). */
function needsHistogram(rows: number, depth: number, growth: TreeGrowth): boolean {
  return depth < growth.maxDepth && rows >= growth.minSamplesSplit && rows >= 2 * growth.minSamplesLeaf && rows > SMALL_NODE_ROWS;
}

/**
 * Children's histograms (full mode), for children that will be split and are not small: sum the
 * smaller child, and get the larger one as parent minus smaller. The parent's histogram `h` is
 * reused for the larger child or released; the children's rows are ws.seg*[lo..mid) and [mid..hi).
 */
export function childHistograms(
  ws: TreeWorkspace,
  search: SplitSearch,
  h: number,
  lo: number,
  mid: number,
  hi: number,
  childDepth: number,
  growth: TreeGrowth,
  out: ChildHistograms,
): void {
  const { bins, p } = search;
  const { segRow, segW, segS } = ws;
  const cL = mid - lo, cR = hi - mid;
  const needL = needsHistogram(cL, childDepth, growth), needR = needsHistogram(cR, childDepth, growth);
  out.left = -1;
  out.right = -1;
  if (!(search.fullMode && h >= 0 && (needL || needR))) {
    ws.release(h);
    return;
  }
  const smallIsLeft = cL <= cR;
  const needSmall = smallIsLeft ? needL : needR;
  const needLarge = smallIsLeft ? needR : needL;
  const hs = ws.acquire();
  if (smallIsLeft) buildFullHistogram(ws, hs, bins, p, segRow, segW, segS, lo, mid);
  else buildFullHistogram(ws, hs, bins, p, segRow, segW, segS, mid, hi);
  let hLarge = -1;
  if (needLarge) {
    const Hp = ws.hist(h), Hs = ws.hist(hs);
    const touched = ws.touchedCount[hs];
    if (touched < 0) for (let k = 0, n = Hp.length; k < n; k++) Hp[k] -= Hs[k];
    else {
      // Only the small child's touched bins: elsewhere Hs is 0 and Hp - 0 is Hp, bit for bit.
      // The parent's touched list (if any) still covers the larger child's non-zero bins.
      const list = ws.touchedBins(hs);
      for (let t = 0; t < touched; t++) {
        const k = list[t];
        Hp[k] -= Hs[k];
        Hp[k + 1] -= Hs[k + 1];
      }
    }
    hLarge = h;
  } else ws.release(h);
  let hSmall = hs;
  if (!needSmall) {
    ws.release(hs);
    hSmall = -1;
  }
  out.left = smallIsLeft ? hSmall : hLarge;
  out.right = smallIsLeft ? hLarge : hSmall;
}

/**
 * Clear histogram `h` and fill all p features from segment rows lo..hi (full mode), the same sums
 * as buildHistogram(..., null, ...). The clear visits only the bins the previous build touched when
 * it recorded them; a build over at most SPARSE_HISTOGRAM_ROWS rows records its own touched bins
 * (first touch: the bin's count is still 0), a larger one marks them unknown (-1).
 */
function buildFullHistogram(ws: TreeWorkspace, h: number, bins: Uint8Array, p: number, segRow: Int32Array, segW: Float64Array, segS: Float64Array, lo: number, hi: number): void {
  const H = ws.hist(h);
  const counts = ws.touchedCount;
  if (hi - lo > SPARSE_HISTOGRAM_ROWS) {
    buildHistogram(H, null, p, bins, p, segRow, segW, segS, lo, hi); // clears all bins itself
    counts[h] = -1;
    return;
  }
  const list = ws.touchedBins(h);
  const before = counts[h];
  if (before < 0) H.fill(0);
  else
    for (let t = 0; t < before; t++) {
      const k = list[t];
      H[k] = 0;
      H[k + 1] = 0;
    }
  let n = 0;
  let i = lo;
  // Two rows per step, as in buildHistogram: a shared bin still adds row i before row i + 1.
  for (; i + 1 < hi; i += 2) {
    const base0 = segRow[i] * p, base1 = segRow[i + 1] * p;
    const c0 = COUNT_UNIT + segW[i], s0 = segS[i], c1 = COUNT_UNIT + segW[i + 1], s1 = segS[i + 1];
    for (let f = 0, off = 0; f < p; f++, off += STRIDE) {
      const k0 = off + bins[base0 + f] * 2;
      if (H[k0] === 0) list[n++] = k0;
      H[k0] += c0;
      H[k0 + 1] += s0;
      const k1 = off + bins[base1 + f] * 2;
      if (H[k1] === 0) list[n++] = k1;
      H[k1] += c1;
      H[k1 + 1] += s1;
    }
  }
  if (i < hi) {
    const base = segRow[i] * p;
    const c = COUNT_UNIT + segW[i], s = segS[i];
    for (let f = 0, off = 0; f < p; f++, off += STRIDE) {
      const k = off + bins[base + f] * 2;
      if (H[k] === 0) list[n++] = k;
      H[k] += c;
      H[k + 1] += s;
    }
  }
  counts[h] = n;
}

/**
 * Zero and fill the histograms of `features` (or all p features when null) from segment rows lo..hi.
 * Layout: H[f * 512 + bin * 2 + {0: distinct rows * 2^26 + weight (COUNT_UNIT), 1: weighted target sum}].
 */
function buildHistogram(
  H: Float64Array,
  features: Int32Array | null,
  nf: number,
  bins: Uint8Array,
  p: number,
  segRow: Int32Array,
  segW: Float64Array,
  segS: Float64Array,
  lo: number,
  hi: number,
): void {
  if (features === null) {
    H.fill(0);
    let i = lo;
    // Two rows per step, as below.
    for (; i + 1 < hi; i += 2) {
      const base0 = segRow[i] * p, base1 = segRow[i + 1] * p;
      const c0 = COUNT_UNIT + segW[i], s0 = segS[i], c1 = COUNT_UNIT + segW[i + 1], s1 = segS[i + 1];
      for (let f = 0, off = 0; f < p; f++, off += STRIDE) {
        const k0 = off + bins[base0 + f] * 2;
        H[k0] += c0;
        H[k0 + 1] += s0;
        const k1 = off + bins[base1 + f] * 2;
        H[k1] += c1;
        H[k1 + 1] += s1;
      }
    }
    if (i < hi) {
      const base = segRow[i] * p;
      const c = COUNT_UNIT + segW[i], s = segS[i];
      for (let f = 0, off = 0; f < p; f++, off += STRIDE) {
        const k = off + bins[base + f] * 2;
        H[k] += c;
        H[k + 1] += s;
      }
    }
    return;
  }
  for (let q = 0; q < nf; q++) H.fill(0, features[q] * STRIDE, (features[q] + 1) * STRIDE);
  // Two rows per step: their updates are independent unless they share a bin, and then the sums
  // still add in segment order (row i before row i + 1), so the result is the same to the bit.
  let i = lo;
  for (; i + 3 < hi; i += 4) {
    const base0 = segRow[i] * p, base1 = segRow[i + 1] * p, base2 = segRow[i + 2] * p, base3 = segRow[i + 3] * p;
    const c0 = COUNT_UNIT + segW[i], s0 = segS[i], c1 = COUNT_UNIT + segW[i + 1], s1 = segS[i + 1];
    const c2 = COUNT_UNIT + segW[i + 2], s2 = segS[i + 2], c3 = COUNT_UNIT + segW[i + 3], s3 = segS[i + 3];
    for (let q = 0; q < nf; q++) {
      const f = features[q];
      const off = f * STRIDE;
      const k0 = off + bins[base0 + f] * 2;
      H[k0] += c0;
      H[k0 + 1] += s0;
      const k1 = off + bins[base1 + f] * 2;
      H[k1] += c1;
      H[k1 + 1] += s1;
      const k2 = off + bins[base2 + f] * 2;
      H[k2] += c2;
      H[k2 + 1] += s2;
      const k3 = off + bins[base3 + f] * 2;
      H[k3] += c3;
      H[k3 + 1] += s3;
    }
  }
  for (; i < hi; i++) {
    const base = segRow[i] * p;
    const c = COUNT_UNIT + segW[i], s = segS[i];
    for (let q = 0; q < nf; q++) {
      const f = features[q];
      const k = f * STRIDE + bins[base + f] * 2;
      H[k] += c;
      H[k + 1] += s;
    }
  }
}

/**
 * Scan one feature's histogram of a node: the same search as scanGroups, reading the non-empty
 * bins straight from the histogram (no copy; this is the hot loop of large nodes).
 */
function scanHistogram(ws: TreeWorkspace, H: Float64Array, f: number, nb: number, cT: number, wT: number, sT: number, minLeaf: number, best: SplitChoice): boolean {
  const off = f * STRIDE;
  const mi = off + MISSING_BIN * 2;
  const pM = H[mi];
  if (pM > 0) {
    // Rare in practice: delegate to the general scan over compacted groups.
    const { gBin, gC, gW, gS } = ws;
    let ng = 0;
    for (let b = 0; b < nb; b++) {
      const k = off + b * 2;
      const pb = H[k];
      if (pb === 0) continue;
      const cb = Math.floor(pb * COUNT_SCALE);
      gBin[ng] = b;
      gC[ng] = cb;
      gW[ng] = pb - cb * COUNT_UNIT;
      gS[ng] = H[k + 1];
      ng++;
    }
    const cM = Math.floor(pM * COUNT_SCALE);
    return scanGroups(ws, ng, f, cM, pM - cM * COUNT_UNIT, H[mi + 1], cT, wT, sT, minLeaf, best);
  }
  // No NaN: candidates between consecutive non-empty bins prev < b, threshold bin mid-gap. The
  // packed running sum pL = cL * 2^26 + wL (wL < 2^26) compares with count bounds directly.
  let pL = 0, sL = 0;
  let prev = -1;
  let groups = 0;
  let bestGain = best.gain;
  let bestBin = -1;
  const pMinLeft = minLeaf * COUNT_UNIT; // cL >= minLeaf
  const pPastLeft = (cT - minLeaf + 1) * COUNT_UNIT; // cL > cT - minLeaf: the right side is too small
  for (let b = 0; b < nb; b++) {
    const k = off + b * 2;
    const pb = H[k];
    if (pb === 0) continue;
    groups++;
    if (prev >= 0 && pL >= pMinLeft) {
      if (pL >= pPastLeft) break; // the right side only shrinks from here
      const wL = pL - Math.floor(pL * COUNT_SCALE) * COUNT_UNIT;
      const sR = sT - sL, wR = wT - wL;
      const gain = (sL * sL) / wL + (sR * sR) / wR;
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = (prev + b - 1) >> 1;
      }
    }
    pL += pb;
    sL += H[k + 1];
    prev = b;
  }
  if (bestBin >= 0) {
    best.gain = bestGain;
    best.feature = f;
    best.bin = bestBin;
    best.missingLeft = 0;
    best.hadMissing = 0;
  }
  return groups >= 2;
}

/**
 * The same groups for a small node, without a 255-bin histogram: its rows' sums go to per-bin
 * buckets in row order (so every group adds its rows in segment order, as a histogram does), and a
 * 256-bit bitmap of the bins seen lists the non-empty ones in ascending order by bit scans, so the
 * cost is linear in the node's rows (an insertion sort of the rows was a tenth of a fit). The
 * buckets and the bitmap are zero again on return.
 */
function scanSmallNode(ws: TreeWorkspace, columns: Uint8Array, n: number, f: number, lo: number, hi: number, wT: number, sT: number, minLeaf: number, best: SplitChoice): boolean {
  const { bucket, present, gBin, gC, gW, gS, segRow, segW, segS } = ws;
  const col = f * n;
  for (let i = lo; i < hi; i++) {
    const b = columns[col + segRow[i]];
    const k = b * 3;
    bucket[k] += 1;
    bucket[k + 1] += segW[i];
    bucket[k + 2] += segS[i];
    present[b >> 4] |= 1 << (b & 15);
  }
  let cM = 0, wM = 0, sM = 0;
  if (present[15] & 0x8000) {
    // the last bit: MISSING_BIN
    const k = MISSING_BIN * 3;
    cM = bucket[k];
    wM = bucket[k + 1];
    sM = bucket[k + 2];
    bucket[k] = 0;
    bucket[k + 1] = 0;
    bucket[k + 2] = 0;
    present[15] &= 0x7fff;
  }
  let ng = 0;
  // 16-bit words keep -bits (the lowest set bit) in int32 range.
  for (let word = 0; word < 16; word++) {
    let bits = present[word];
    if (bits === 0) continue;
    present[word] = 0;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const b = (word << 4) | (31 - Math.clz32(low));
      const k = b * 3;
      gBin[ng] = b;
      gC[ng] = bucket[k];
      gW[ng] = bucket[k + 1];
      gS[ng] = bucket[k + 2];
      ng++;
      bucket[k] = 0;
      bucket[k + 1] = 0;
      bucket[k + 2] = 0;
    }
  }
  return scanGroups(ws, ng, f, cM, wM, sM, hi - lo, wT, sT, minLeaf, best);
}

/**
 * Find feature f's split maximising S_L^2/W_L + S_R^2/W_R (the squared-error decrease plus a node
 * constant) over its non-empty bins `ws.g*[0..ng)` (ascending bins) and its missing-value totals.
 * Candidates sit between consecutive non-empty bins; the threshold bin is the middle of the empty
 * gap, so the raw threshold falls about midway between the neighbouring training values, as in an
 * exact tree. With NaN in the node, both sides are tried for them, and "NaN versus the rest" too.
 * Updates `best` when a candidate beats it (ties keep the earlier candidate).
 * @returns true when the feature is not constant in the node (it counts towards maxFeatures)
 */
function scanGroups(ws: TreeWorkspace, ng: number, f: number, cM: number, wM: number, sM: number, cT: number, wT: number, sT: number, minLeaf: number, best: SplitChoice): boolean {
  const { gBin, gC, gW, gS } = ws;
  const cN = cT - cM, wN = wT - wM, sN = sT - sM;
  let cL = 0, wL = 0, sL = 0;
  let bestGain = best.gain;
  let bestBin = -1, bestMl = 0;
  for (let g = 0; g < ng - 1; g++) {
    cL += gC[g];
    wL += gW[g];
    sL += gS[g];
    const tb = (gBin[g] + gBin[g + 1] - 1) >> 1; // middle of the gap between this bin and the next non-empty one
    if (cM === 0) {
      const cR = cN - cL;
      if (cL >= minLeaf && cR >= minLeaf) {
        const sR = sN - sL;
        const gain = (sL * sL) / wL + (sR * sR) / (wN - wL);
        if (gain > bestGain) {
          bestGain = gain;
          bestBin = tb;
          bestMl = 0;
        }
      }
      continue;
    }
    // NaN left
    if (cL + cM >= minLeaf && cN - cL >= minLeaf) {
      const sl = sL + sM, sr = sN - sL;
      const gain = (sl * sl) / (wL + wM) + (sr * sr) / (wN - wL);
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = tb;
        bestMl = 1;
      }
    }
    // NaN right
    if (cL >= minLeaf && cN - cL + cM >= minLeaf) {
      const sr = sT - sL;
      const gain = (sL * sL) / wL + (sr * sr) / (wT - wL);
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = tb;
        bestMl = 0;
      }
    }
  }
  // NaN versus every present value.
  if (cM > 0 && ng > 0 && cN >= minLeaf && cM >= minLeaf) {
    const gain = (sN * sN) / wN + (sM * sM) / wM;
    if (gain > bestGain) {
      bestGain = gain;
      bestBin = ALL_VALUES;
      bestMl = 0;
    }
  }
  if (bestBin >= 0) {
    best.gain = bestGain;
    best.feature = f;
    best.bin = bestBin;
    best.missingLeft = bestMl;
    best.hadMissing = cM > 0 ? 1 : 0;
  }
  return ng + (cM > 0 ? 1 : 0) >= 2;
}

/**
 * One regression tree grown on binned features: the kernel the forest runs once per tree
 * (on the main thread or in a worker).
 *
 * Split algorithm: histogram binning (LightGBM-style), not scikit-learn's exact presorted splits.
 * Why: with at most 255 bins per feature, finding a node's best split costs one pass over its
 * rows to fill per-bin sums plus a scan of 255 bins per feature, instead of a sort (or a
 * presorted-index partition) per feature per node; and a child's histogram is the parent's minus
 * its sibling's (the subtraction trick), so only the smaller child is ever summed. Everything
 * lives in a few typed arrays, which V8 runs at near-native speed. The cost: thresholds are
 * restricted to bin edges (quantiles of the training rows). With 255 bins this changes test R^2
 * by well under 0.01 on the reference data (see tests/models/forest.test.ts).
 *
 * Semantics follow scikit-learn's DecisionTreeRegressor (criterion "squared_error"):
 * - bootstrap is drawn as per-row counts (weights); `minSamplesLeaf` and `minSamplesSplit` count
 *   distinct rows, as scikit-learn's splitter does; node values are weighted means;
 * - a node is a leaf when depth = maxDepth, it has fewer than minSamplesSplit or 2*minSamplesLeaf
 *   rows, its targets are constant, or no split improves the squared error;
 * - `maxFeatures` features are drawn at each node without replacement; drawing continues past
 *   features constant in the node until that many non-constant ones were tried (or none is left);
 * - impurity importance adds each split's weighted squared-error decrease to its feature.
 * Missing values (NaN) have their own bin; a split sends them to whichever side gives the larger
 * decrease (LightGBM and scikit-learn >= 1.3 do the same); where a node saw no NaN for its split
 * feature, NaN follows the child with more rows.
 */
import { createRng } from "../util/rng";
import type { BinnedMatrix } from "./binning";

// Local copies of ./binning's MISSING_BIN and BINS_PER_FEATURE (a test checks they agree): under
// tsx an imported constant is a getter call, which costs real time in the inner loops.
const MISSING_BIN = 255;
const BINS_PER_FEATURE = 256;
/** Histogram stride per feature: 256 bins x (count, weight, weighted sum). */
const STRIDE = BINS_PER_FEATURE * 3;
/** Threshold bin meaning "every non-missing value goes left" (a missing-versus-present split). */
const ALL_VALUES = 255;
/**
 * Nodes with at most this many distinct rows skip histograms: sorting their rows' bins per feature
 * costs less than zeroing, subtracting and scanning 255 bins for every feature. Deep nodes are
 * mostly this small, so this matters most for small data sets.
 */
const SMALL_NODE_ROWS = 64;

/** Growth settings of one tree, already resolved to counts. */
export interface TreeGrowth {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  /** Features tried per split (1 .. nFeatures). */
  readonly maxFeatures: number;
  readonly bootstrap: boolean;
  /** Record out-of-bag rows and predict them (only needed for the out-of-bag score). */
  readonly outOfBag: boolean;
}

/** One fitted tree in flat arrays. Node 0 is the root; children of node i are left[i] and left[i] + 1. */
export interface FlatTree {
  readonly nodeCount: number;
  /** Split feature, or -1 for a leaf. */
  readonly feature: Int32Array;
  /** Raw threshold: x <= threshold goes left. */
  readonly threshold: Float64Array;
  /** Threshold as a bin index (for predicting on binned rows). */
  readonly thresholdBin: Uint8Array;
  readonly left: Int32Array;
  /** 1 when a missing value goes left. */
  readonly missingLeft: Uint8Array;
  /** Weighted mean target of the node's training rows (the prediction at a leaf). */
  readonly value: Float64Array;
  /** Weighted squared-error decrease by feature (unnormalised). */
  readonly importance: Float64Array;
  /** Rows (ids into the binned matrix) not drawn by the bootstrap, and this tree's prediction for each. */
  readonly oobRows: Int32Array;
  readonly oobPrediction: Float64Array;
  readonly depth: number;
  readonly leaves: number;
}

/**
 * Scratch memory reused across the trees of one fit (per thread): row segments, histogram pool
 * and growable node arrays. Not shared between threads.
 */
export class TreeWorkspace {
  segRow: Int32Array;
  segW: Float64Array;
  segS: Float64Array;
  tmpRow: Int32Array;
  tmpW: Float64Array;
  tmpS: Float64Array;
  counts: Int32Array;
  featOrder: Int32Array;
  /** Non-empty bins of one feature in one node, in bin order (the scan's input). */
  gBin = new Int32Array(BINS_PER_FEATURE);
  gC = new Float64Array(BINS_PER_FEATURE);
  gW = new Float64Array(BINS_PER_FEATURE);
  gS = new Float64Array(BINS_PER_FEATURE);
  /** Sort keys (bin << 16 | position) of a small node. */
  keys = new Int32Array(SMALL_NODE_ROWS);
  private hists: Float64Array[] = [];
  private free: number[] = [];
  // node arrays (grown on demand)
  cap = 0;
  feature = new Int32Array(0);
  thrBin = new Uint8Array(0);
  left = new Int32Array(0);
  missLeft = new Uint8Array(0);
  value = new Float64Array(0);
  nodeW = new Float64Array(0);
  nodeS = new Float64Array(0);
  nodeQ = new Float64Array(0);

  constructor(
    readonly maxRows: number,
    readonly nFeatures: number,
  ) {
    this.segRow = new Int32Array(maxRows);
    this.segW = new Float64Array(maxRows);
    this.segS = new Float64Array(maxRows);
    this.tmpRow = new Int32Array(maxRows);
    this.tmpW = new Float64Array(maxRows);
    this.tmpS = new Float64Array(maxRows);
    this.counts = new Int32Array(maxRows);
    this.featOrder = new Int32Array(nFeatures);
    this.grow(256);
  }

  /** A histogram buffer id; its content is garbage until built. */
  acquire(): number {
    if (this.free.length) return this.free.pop()!;
    this.hists.push(new Float64Array(this.nFeatures * STRIDE));
    return this.hists.length - 1;
  }
  release(id: number): void {
    if (id >= 0) this.free.push(id);
  }
  hist(id: number): Float64Array {
    return this.hists[id];
  }
  /** Make room for node ids < n. */
  ensure(n: number): void {
    if (n > this.cap) this.grow(Math.max(n, this.cap * 2));
  }
  private grow(cap: number): void {
    const copy = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.feature = copy(this.feature, (n) => new Int32Array(n));
    this.thrBin = copy(this.thrBin, (n) => new Uint8Array(n));
    this.left = copy(this.left, (n) => new Int32Array(n));
    this.missLeft = copy(this.missLeft, (n) => new Uint8Array(n));
    this.value = copy(this.value, (n) => new Float64Array(n));
    this.nodeW = copy(this.nodeW, (n) => new Float64Array(n));
    this.nodeS = copy(this.nodeS, (n) => new Float64Array(n));
    this.nodeQ = copy(this.nodeQ, (n) => new Float64Array(n));
    this.cap = cap;
  }
}

/**
 * m draws with replacement from 0..m-1, counted into `counts`. The generator is a local sfc32
 * (the same algorithm as util/rng) seeded from the tree's rng, inlined because the bootstrap is
 * a tenth of a small tree's time when every draw is a closure call.
 */
function drawBootstrap(counts: Int32Array, m: number, next: () => number): void {
  let a = (next() * 4294967296) >>> 0, b = (next() * 4294967296) >>> 0, c = (next() * 4294967296) >>> 0, d = 1;
  for (let k = 0; k < m; k++) {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    counts[Math.floor((t / 4294967296) * m)]++;
  }
}

/** Best split found for a node. */
interface SplitChoice {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: number;
  hadMissing: number;
}

/**
 * Grow one tree on the rows `rows` of a binned matrix.
 * @param data binned features (row-major)
 * @param y targets, indexed like the binned rows
 * @param rows candidate training rows (ids into `data`); the bootstrap draws rows.length of them
 * @param growth resolved settings
 * @param seed this tree's seed (bootstrap and feature draws)
 * @param ws scratch memory with maxRows >= rows.length
 */
export function growTree(data: BinnedMatrix, y: Float64Array, rows: Int32Array, growth: TreeGrowth, seed: number, ws: TreeWorkspace): FlatTree {
  const p = data.nFeatures;
  const bins = data.bins;
  const binCount = data.binCount;
  const m = rows.length;
  const rng = createRng(seed);
  const { maxDepth, minSamplesLeaf, minSamplesSplit, bootstrap } = growth;
  const mtry = Math.min(p, Math.max(1, growth.maxFeatures));
  // Full mode: every node keeps histograms of all features, so the larger child comes from
  // subtraction. Worth it when most features are scanned anyway; with few features per split it
  // is cheaper to sum just the drawn features of each node directly.
  const fullMode = 2 * mtry >= p;
  const { segRow, segW, segS, tmpRow, tmpW, tmpS, counts, featOrder } = ws;

  // 1. Bootstrap as counts: distinct drawn rows carry their count as weight; undrawn rows are out of bag.
  let d = 0;
  let nOob = 0;
  const oobTmp = ws.tmpRow; // reused below only after the oob list is copied out
  if (bootstrap) {
    counts.fill(0, 0, m);
    drawBootstrap(counts, m, rng.next);
    for (let i = 0; i < m; i++) {
      const c = counts[i];
      const r = rows[i];
      if (c > 0) {
        segRow[d] = r;
        segW[d] = c;
        segS[d] = c * y[r];
        d++;
      } else if (growth.outOfBag) oobTmp[nOob++] = r;
    }
  } else {
    for (let i = 0; i < m; i++) {
      const r = rows[i];
      segRow[i] = r;
      segW[i] = 1;
      segS[i] = y[r];
    }
    d = m;
  }
  const oobRows = oobTmp.slice(0, nOob);

  const importance = new Float64Array(p);
  ws.ensure(1);
  let W0 = 0, S0 = 0, Q0 = 0;
  for (let i = 0; i < d; i++) {
    W0 += segW[i];
    S0 += segS[i];
    Q0 += segS[i] * y[segRow[i]];
  }
  ws.nodeW[0] = W0;
  ws.nodeS[0] = S0;
  ws.nodeQ[0] = Q0;
  let nNodes = 1;
  let maxDepthSeen = 0;
  let leaves = 0;

  // Depth-first stack of pending nodes: id, row segment, depth, histogram buffer (-1: none yet).
  const stack: number[] = [0, 0, d, 0, -1];
  const best: SplitChoice = { gain: -Infinity, feature: -1, bin: 0, missingLeft: 0, hadMissing: 0 };
  const drawn = new Int32Array(p);

  while (stack.length) {
    let h = stack.pop()!;
    const depth = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const node = stack.pop()!;
    const c = hi - lo;
    const W = ws.nodeW[node], S = ws.nodeS[node], Q = ws.nodeQ[node];
    ws.value[node] = S / W;
    ws.feature[node] = -1;
    // reset every field a leaf keeps: the workspace is reused across trees, and a stale value
    // would make the stored forest depend on which thread grew which tree before
    ws.missLeft[node] = 0;
    ws.thrBin[node] = 0;
    ws.left[node] = -1;
    if (depth > maxDepthSeen) maxDepthSeen = depth;
    const base = (S * S) / W;
    // Leaf tests before any histogram work; constant targets: impurity (Q - S^2/W)/W ~ 0.
    if (depth >= maxDepth || c < minSamplesSplit || c < 2 * minSamplesLeaf || Q - base <= 1e-12 * Q) {
      ws.release(h);
      leaves++;
      continue;
    }

    // 2. Best split over drawn features: from histograms, or by sorting a small node's rows.
    best.gain = -Infinity;
    best.feature = -1;
    const small = c <= SMALL_NODE_ROWS;
    if (fullMode && !small && h < 0) {
      h = ws.acquire();
      buildHistogram(ws.hist(h), null, p, bins, p, segRow, segW, segS, lo, hi);
    }
    if (mtry === p) {
      if (small) for (let f = 0; f < p; f++) scanSmallNode(ws, bins, p, f, lo, hi, W, S, minSamplesLeaf, best);
      else for (let f = 0; f < p; f++) scanHistogram(ws, ws.hist(h), f, binCount[f], c, W, S, minSamplesLeaf, best);
    } else {
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
          for (let q = 0; q < nd; q++) if (scanSmallNode(ws, bins, p, drawn[q], lo, hi, W, S, minSamplesLeaf, best)) visited++;
        } else {
          if (!fullMode) {
            if (h < 0) h = ws.acquire();
            buildHistogram(ws.hist(h), drawn, nd, bins, p, segRow, segW, segS, lo, hi);
          }
          const H = ws.hist(h);
          for (let q = 0; q < nd; q++) if (scanHistogram(ws, H, drawn[q], binCount[drawn[q]], c, W, S, minSamplesLeaf, best)) visited++;
        }
      }
    }

    const improvement = best.gain - base;
    if (best.feature < 0 || !(improvement > 0)) {
      ws.release(h);
      leaves++;
      continue;
    }

    // 3. Stable partition of the segment; exact child sums accumulate on the way.
    const f = best.feature, tb = best.bin, ml = best.missingLeft;
    let l = lo, r = 0;
    let WL = 0, SL = 0, QL = 0, WR = 0, SR = 0, QR = 0;
    for (let i = lo; i < hi; i++) {
      const row = segRow[i];
      const b = bins[row * p + f];
      const w = segW[i], s = segS[i];
      const q = s * y[row];
      if (b === MISSING_BIN ? ml === 1 : b <= tb) {
        segRow[l] = row;
        segW[l] = w;
        segS[l] = s;
        l++;
        WL += w;
        SL += s;
        QL += q;
      } else {
        tmpRow[r] = row;
        tmpW[r] = w;
        tmpS[r] = s;
        r++;
        WR += w;
        SR += s;
        QR += q;
      }
    }
    segRow.set(tmpRow.subarray(0, r), l);
    segW.set(tmpW.subarray(0, r), l);
    segS.set(tmpS.subarray(0, r), l);

    ws.ensure(nNodes + 2);
    const L = nNodes, R = nNodes + 1;
    nNodes += 2;
    ws.feature[node] = f;
    ws.thrBin[node] = tb;
    ws.left[node] = L;
    // No NaN seen for this feature here: NaN at prediction follows the child with more rows.
    ws.missLeft[node] = best.hadMissing ? ml : l - lo >= hi - l ? 1 : 0;
    ws.nodeW[L] = WL;
    ws.nodeS[L] = SL;
    ws.nodeQ[L] = QL;
    ws.nodeW[R] = WR;
    ws.nodeS[R] = SR;
    ws.nodeQ[R] = QR;
    importance[f] += improvement;

    // 4. Children's histograms (full mode), for children that will be split and are not small:
    // sum the smaller child, and get the larger one as parent minus smaller.
    const cL = l - lo, cR = hi - l;
    const needs = (cc: number): boolean => depth + 1 < maxDepth && cc >= minSamplesSplit && cc >= 2 * minSamplesLeaf && cc > SMALL_NODE_ROWS;
    const needL = needs(cL), needR = needs(cR);
    let hL = -1, hR = -1;
    if (fullMode && h >= 0 && (needL || needR)) {
      const smallIsLeft = cL <= cR;
      const needSmall = smallIsLeft ? needL : needR;
      const needLarge = smallIsLeft ? needR : needL;
      const hs = ws.acquire();
      if (smallIsLeft) buildHistogram(ws.hist(hs), null, p, bins, p, segRow, segW, segS, lo, l);
      else buildHistogram(ws.hist(hs), null, p, bins, p, segRow, segW, segS, l, hi);
      let hLarge = -1;
      if (needLarge) {
        const Hp = ws.hist(h), Hs = ws.hist(hs);
        for (let k = 0, n = Hp.length; k < n; k++) Hp[k] -= Hs[k];
        hLarge = h;
      } else ws.release(h);
      let hSmall = hs;
      if (!needSmall) {
        ws.release(hs);
        hSmall = -1;
      }
      hL = smallIsLeft ? hSmall : hLarge;
      hR = smallIsLeft ? hLarge : hSmall;
    } else ws.release(h);
    // Push right first so the left subtree is grown first (node ids do not depend on the order).
    stack.push(R, l, hi, depth + 1, hR);
    stack.push(L, lo, l, depth + 1, hL);
  }

  // 5. Flatten: copy the used part of the node arrays, map bins to raw thresholds.
  const feature = ws.feature.slice(0, nNodes);
  const thresholdBin = ws.thrBin.slice(0, nNodes);
  const left = ws.left.slice(0, nNodes);
  const missingLeft = ws.missLeft.slice(0, nNodes);
  const value = ws.value.slice(0, nNodes);
  const threshold = new Float64Array(nNodes);
  for (let i = 0; i < nNodes; i++) {
    const fi = feature[i];
    if (fi < 0) {
      left[i] = -1;
      continue;
    }
    threshold[i] = thresholdBin[i] === ALL_VALUES ? Infinity : data.binEdges[fi * BINS_PER_FEATURE + thresholdBin[i]];
  }

  // 6. Out-of-bag predictions of this tree, walking the binned rows.
  const oobPrediction = new Float64Array(nOob);
  for (let k = 0; k < nOob; k++) {
    const base = oobRows[k] * p;
    let i = 0;
    while (feature[i] >= 0) {
      const b = bins[base + feature[i]];
      i = (b === MISSING_BIN ? missingLeft[i] === 1 : b <= thresholdBin[i]) ? left[i] : left[i] + 1;
    }
    oobPrediction[k] = value[i];
  }

  return { nodeCount: nNodes, feature, threshold, thresholdBin, left, missingLeft, value, importance, oobRows, oobPrediction, depth: maxDepthSeen, leaves };
}

/**
 * Zero and fill the histograms of `features` (or all p features when null) from segment rows lo..hi.
 * Layout: H[f * 768 + bin * 3 + {0: distinct rows, 1: weight, 2: weighted target sum}].
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
    for (let i = lo; i < hi; i++) {
      const base = segRow[i] * p;
      const w = segW[i], s = segS[i];
      for (let f = 0, off = 0; f < p; f++, off += STRIDE) {
        const k = off + bins[base + f] * 3;
        H[k] += 1;
        H[k + 1] += w;
        H[k + 2] += s;
      }
    }
    return;
  }
  for (let q = 0; q < nf; q++) H.fill(0, features[q] * STRIDE, (features[q] + 1) * STRIDE);
  for (let i = lo; i < hi; i++) {
    const base = segRow[i] * p;
    const w = segW[i], s = segS[i];
    for (let q = 0; q < nf; q++) {
      const f = features[q];
      const k = f * STRIDE + bins[base + f] * 3;
      H[k] += 1;
      H[k + 1] += w;
      H[k + 2] += s;
    }
  }
}

/**
 * Scan one feature's histogram of a node: the same search as scanGroups, reading the non-empty
 * bins straight from the histogram (no copy; this is the hot loop of large nodes).
 */
function scanHistogram(ws: TreeWorkspace, H: Float64Array, f: number, nb: number, cT: number, wT: number, sT: number, minLeaf: number, best: SplitChoice): boolean {
  const off = f * STRIDE;
  const mi = off + MISSING_BIN * 3;
  const cM = H[mi];
  if (cM > 0) {
    // Rare in practice: delegate to the general scan over compacted groups.
    const { gBin, gC, gW, gS } = ws;
    let ng = 0;
    for (let b = 0; b < nb; b++) {
      const k = off + b * 3;
      if (H[k] === 0) continue;
      gBin[ng] = b;
      gC[ng] = H[k];
      gW[ng] = H[k + 1];
      gS[ng] = H[k + 2];
      ng++;
    }
    return scanGroups(ws, ng, f, cM, H[mi + 1], H[mi + 2], cT, wT, sT, minLeaf, best);
  }
  // No NaN: candidates between consecutive non-empty bins prev < b, threshold bin mid-gap.
  let cL = 0, wL = 0, sL = 0;
  let prev = -1;
  let groups = 0;
  let bestGain = best.gain;
  let bestBin = -1;
  const cMaxLeft = cT - minLeaf;
  for (let b = 0; b < nb; b++) {
    const k = off + b * 3;
    const cb = H[k];
    if (cb === 0) continue;
    groups++;
    if (prev >= 0 && cL >= minLeaf) {
      if (cL > cMaxLeft) break; // the right side only shrinks from here
      const sR = sT - sL;
      const gain = (sL * sL) / wL + (sR * sR) / (wT - wL);
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = (prev + b - 1) >> 1;
      }
    }
    cL += cb;
    wL += H[k + 1];
    sL += H[k + 2];
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
 * The same groups for a small node, without a histogram: sort its rows by bin (insertion sort of
 * keys bin << 16 | position; at most SMALL_NODE_ROWS of them) and merge equal bins.
 */
function scanSmallNode(ws: TreeWorkspace, bins: Uint8Array, p: number, f: number, lo: number, hi: number, wT: number, sT: number, minLeaf: number, best: SplitChoice): boolean {
  const { keys, gBin, gC, gW, gS, segRow, segW, segS } = ws;
  const c = hi - lo;
  for (let k = 0; k < c; k++) {
    const key = (bins[segRow[lo + k] * p + f] << 16) | k;
    let j = k - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  let ng = 0;
  let cM = 0, wM = 0, sM = 0;
  let prevBin = -1;
  for (let k = 0; k < c; k++) {
    const b = keys[k] >>> 16;
    const i = lo + (keys[k] & 0xffff);
    if (b === MISSING_BIN) {
      cM++;
      wM += segW[i];
      sM += segS[i];
      continue;
    }
    if (b !== prevBin) {
      gBin[ng] = b;
      gC[ng] = 0;
      gW[ng] = 0;
      gS[ng] = 0;
      ng++;
      prevBin = b;
    }
    gC[ng - 1] += 1;
    gW[ng - 1] += segW[i];
    gS[ng - 1] += segS[i];
  }
  return scanGroups(ws, ng, f, cM, wM, sM, c, wT, sT, minLeaf, best);
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

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
 *
 * This file grows the tree (bootstrap, the node stack, partitions, the flat result); the split
 * search and the histograms are in ./split.
 */
import { createRng, type Rng } from "../util/rng";
import type { BinnedMatrix } from "./binning";
import { ALL_VALUES, childHistograms, findBestSplit, MAX_TREE_ROWS, SPARSE_HISTOGRAM_ROWS, STRIDE, type ChildHistograms, type SplitChoice, type SplitSearch } from "./split";

// Local copies of ./binning's MISSING_BIN and BINS_PER_FEATURE (a test checks they agree): under
// tsx an imported constant is a getter call, which costs real time in the inner loops.
const MISSING_BIN = 255;
const BINS_PER_FEATURE = 256;

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
  /** A small node's per-bin sums (bin * 3 + {count, weight, weighted sum}) and its bitmap of non-empty bins; zero between uses. */
  bucket = new Float64Array(BINS_PER_FEATURE * 3);
  present = new Int32Array(BINS_PER_FEATURE / 16);
  private hists: Float64Array[] = [];
  /**
   * Per histogram: offsets (f * STRIDE + bin * 2) of the bins a sparse build touched, and how many
   * (-1: unknown, clear it all). A histogram summed from few rows touches few of its p x 256 bins,
   * so clearing and subtracting just those costs less than the fill itself (see ./split).
   */
  private touched: Int32Array[] = [];
  /** Touched-bin counts, one per histogram (-1: unknown). */
  touchedCount = new Int32Array(8);
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
    this.touched.push(new Int32Array(this.nFeatures * SPARSE_HISTOGRAM_ROWS));
    const id = this.hists.length - 1;
    if (id >= this.touchedCount.length) {
      const counts = new Int32Array(this.touchedCount.length * 2);
      counts.set(this.touchedCount);
      this.touchedCount = counts;
    }
    this.touchedCount[id] = 0; // a new buffer is all zeros
    return id;
  }
  release(id: number): void {
    if (id >= 0) this.free.push(id);
  }
  hist(id: number): Float64Array {
    return this.hists[id];
  }
  /** The touched-bin offsets of histogram `id` (valid up to touchedCount[id]). */
  touchedBins(id: number): Int32Array {
    return this.touched[id];
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

const columnCache = new WeakMap<BinnedMatrix, Uint8Array>();

/**
 * The bins of a binned matrix feature-major, `columns[f * nRows + i]`, made once per matrix (a
 * BinnedMatrix is not modified after it is made). The histograms read whole rows and want the
 * row-major bins; the partitions and small nodes read one feature of scattered rows, and in
 * row-major order each such read is a cache miss, which made the partition a tenth of a fit.
 */
export function binColumns(data: BinnedMatrix): Uint8Array {
  let columns = columnCache.get(data);
  if (columns) return columns;
  const { nRows: n, nFeatures: p, bins } = data;
  columns = new Uint8Array(n * p);
  for (let i = 0; i < n; i++) {
    const base = i * p;
    for (let f = 0, o = i; f < p; f++, o += n) columns[o] = bins[base + f];
  }
  columnCache.set(data, columns);
  return columns;
}

/**
 * Grow one tree on the rows `rows` of a binned matrix.
 * @param data binned features (row-major)
 * @param y targets, indexed like the binned rows
 * @param rows candidate training rows (ids into `data`); the bootstrap draws rows.length of them
 * @param growth resolved settings
 * @param seed this tree's seed (bootstrap and feature draws)
 * @param ws scratch memory with maxRows >= rows.length
 * @param columns the same bins feature-major (`binColumns(data)`)
 */
export function growTree(data: BinnedMatrix, y: Float64Array, rows: Int32Array, growth: TreeGrowth, seed: number, ws: TreeWorkspace, columns: Uint8Array): FlatTree {
  const p = data.nFeatures;
  if (rows.length >= MAX_TREE_ROWS) throw new Error(`fitRandomForest: at most ${MAX_TREE_ROWS - 1} training rows per tree (got ${rows.length})`);
  const rng = createRng(seed);
  const { maxDepth, minSamplesLeaf, minSamplesSplit } = growth;
  const mtry = Math.min(p, Math.max(1, growth.maxFeatures));
  const search: SplitSearch = {
    bins: data.bins, columns, nRows: data.nRows, p, binCount: data.binCount, mtry, fullMode: 2 * mtry >= p, minSamplesLeaf, rng,
    drawn: new Int32Array(p), best: { gain: -Infinity, feature: -1, bin: 0, missingLeft: 0, hadMissing: 0 },
  };
  const best = search.best;
  const { distinctRows: d, oobRows } = drawTrainingRows(ws, y, rows, growth, rng);
  const importance = new Float64Array(p);
  writeRootSums(ws, y, d);
  let nNodes = 1;
  let maxDepthSeen = 0;
  let leaves = 0;

  // Depth-first stack of pending nodes: id, row segment, depth, histogram buffer (-1: none yet).
  const stack: number[] = [0, 0, d, 0, -1];
  const kids: ChildHistograms = { left: -1, right: -1 };
  while (stack.length) {
    let h = stack.pop()!;
    const depth = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const node = stack.pop()!;
    const c = hi - lo;
    const W = ws.nodeW[node], S = ws.nodeS[node], Q = ws.nodeQ[node];
    writeLeaf(ws, node);
    if (depth > maxDepthSeen) maxDepthSeen = depth;
    const base = (S * S) / W;
    // Leaf tests before any histogram work; constant targets: impurity (Q - S^2/W)/W ~ 0.
    if (depth >= maxDepth || c < minSamplesSplit || c < 2 * minSamplesLeaf || Q - base <= 1e-12 * Q) {
      ws.release(h);
      leaves++;
      continue;
    }
    h = findBestSplit(ws, search, h, lo, hi, W, S);
    const improvement = best.gain - base;
    if (best.feature < 0 || !(improvement > 0)) {
      ws.release(h);
      leaves++;
      continue;
    }
    ws.ensure(nNodes + 2);
    const L = nNodes, R = nNodes + 1;
    nNodes += 2;
    const mid = partitionNode(ws, columns, data.nRows, y, best, lo, hi, L, R);
    writeSplit(ws, node, best, L, mid - lo, hi - mid);
    importance[best.feature] += improvement;
    childHistograms(ws, search, h, lo, mid, hi, depth + 1, growth, kids);
    // Push right first so the left subtree is grown first (node ids do not depend on the order).
    stack.push(R, mid, hi, depth + 1, kids.right);
    stack.push(L, lo, mid, depth + 1, kids.left);
  }

  const flat = flattenNodes(ws, nNodes, data.binEdges);
  const oobPrediction = predictRows(flat, data.bins, p, oobRows);
  return { nodeCount: nNodes, ...flat, importance, oobRows, oobPrediction, depth: maxDepthSeen, leaves };
}

/**
 * The root's row segment ws.seg*[0..d): the bootstrap as counts (distinct drawn rows carry their
 * count as weight; undrawn rows are out of bag), or every row with weight 1 without bootstrap.
 * @returns the number of distinct training rows d, and the out-of-bag rows when growth.outOfBag
 */
function drawTrainingRows(ws: TreeWorkspace, y: Float64Array, rows: Int32Array, growth: TreeGrowth, rng: Rng): { distinctRows: number; oobRows: Int32Array } {
  const { segRow, segW, segS, counts } = ws;
  const m = rows.length;
  let d = 0;
  let nOob = 0;
  const oobTmp = ws.tmpRow; // reused by partitions only after the oob list is copied out
  if (growth.bootstrap && !growth.outOfBag) {
    counts.fill(0, 0, m);
    drawBootstrap(counts, m, rng.next);
    // branch-free: every row is written at slot d, which only a drawn row keeps (a third of rows
    // are not drawn, too many for the branch predictor; this loop took 10% of a study's forest time)
    for (let i = 0; i < m; i++) {
      const c = counts[i];
      const r = rows[i];
      segRow[d] = r;
      segW[d] = c;
      segS[d] = c * y[r];
      d += +(c > 0);
    }
  } else if (growth.bootstrap) {
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
  return { distinctRows: d, oobRows: oobTmp.slice(0, nOob) };
}

/** Node 0's weight, weighted target sum and weighted sum of squares over the root segment 0..d. */
function writeRootSums(ws: TreeWorkspace, y: Float64Array, d: number): void {
  const { segRow, segW, segS } = ws;
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
}

/**
 * Write `node` as a leaf: its value (the weighted mean S/W) and empty split fields. Every node
 * starts so; writeSplit overwrites the split fields of a node that is split. All fields are reset
 * because the workspace is reused across trees, and a stale value would make the stored forest
 * depend on which thread grew which tree before.
 */
function writeLeaf(ws: TreeWorkspace, node: number): void {
  ws.value[node] = ws.nodeS[node] / ws.nodeW[node];
  ws.feature[node] = -1;
  ws.missLeft[node] = 0;
  ws.thrBin[node] = 0;
  ws.left[node] = -1;
}

/**
 * Write `node`'s split: feature, threshold bin, left child, and where NaN goes. Where the node saw
 * no NaN for its split feature, NaN at prediction follows the child with more rows.
 */
function writeSplit(ws: TreeWorkspace, node: number, best: SplitChoice, left: number, leftRows: number, rightRows: number): void {
  ws.feature[node] = best.feature;
  ws.thrBin[node] = best.bin;
  ws.left[node] = left;
  ws.missLeft[node] = best.hadMissing ? best.missingLeft : leftRows >= rightRows ? 1 : 0;
}

/**
 * Stable partition of the segment ws.seg*[lo..hi) by the split `best`: left rows first, in their
 * order, then right rows. The children's exact sums (weight, weighted target sum, weighted sum of
 * squares) accumulate on the way and are written to nodes L and R.
 * @returns mid: the left child's rows are lo..mid, the right child's mid..hi
 */
function partitionNode(ws: TreeWorkspace, columns: Uint8Array, n: number, y: Float64Array, best: SplitChoice, lo: number, hi: number, L: number, R: number): number {
  const { segRow, segW, segS, tmpRow, tmpW, tmpS } = ws;
  const f = best.feature, tb = best.bin, ml = best.missingLeft;
  const col = f * n;
  let l = lo, r = 0;
  let WL = 0, SL = 0, QL = 0, WR = 0, SR = 0, QR = 0;
  for (let i = lo; i < hi; i++) {
    const row = segRow[i];
    const b = columns[col + row];
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
  ws.nodeW[L] = WL;
  ws.nodeS[L] = SL;
  ws.nodeQ[L] = QL;
  ws.nodeW[R] = WR;
  ws.nodeS[R] = SR;
  ws.nodeQ[R] = QR;
  return l;
}

/** The node arrays of a flat tree, without its fit diagnostics. */
type FlatNodes = Pick<FlatTree, "feature" | "threshold" | "thresholdBin" | "left" | "missingLeft" | "value">;

/** Copy the used part of the workspace's node arrays out, and map threshold bins to raw thresholds. */
function flattenNodes(ws: TreeWorkspace, nNodes: number, binEdges: Float64Array): FlatNodes {
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
    threshold[i] = thresholdBin[i] === ALL_VALUES ? Infinity : binEdges[fi * BINS_PER_FEATURE + thresholdBin[i]];
  }
  return { feature, threshold, thresholdBin, left, missingLeft, value };
}

/** The tree's prediction for binned rows `rowIds` (its out-of-bag rows), walking their bins. */
function predictRows(tree: FlatNodes, bins: Uint8Array, p: number, rowIds: Int32Array): Float64Array {
  const { feature, thresholdBin, left, missingLeft, value } = tree;
  const out = new Float64Array(rowIds.length);
  for (let k = 0; k < rowIds.length; k++) {
    const base = rowIds[k] * p;
    let i = 0;
    while (feature[i] >= 0) {
      const b = bins[base + feature[i]];
      i = (b === MISSING_BIN ? missingLeft[i] === 1 : b <= thresholdBin[i]) ? left[i] : left[i] + 1;
    }
    out[k] = value[i];
  }
  return out;
}

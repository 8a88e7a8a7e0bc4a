/**
 * Random forest regression on typed arrays: fit, predict, out-of-bag score, impurity importance.
 *
 * Data: X is row-major, `X[i * p + f]` (n rows x p features, p = X.length / y.length); y has n
 * finite targets. NaN features are allowed (trees route them, see ./tree). A fitted native forest
 * is plain data: every tree's nodes concatenated in flat typed arrays, so prediction is an
 * iterative walk with no objects, and the model can be copied, stored or compared bit for bit.
 */
import { availableParallelism } from "node:os";
import { parseForestConfig, type ForestConfig, type ForestConfigInput } from "../config/models";
import { createRng } from "../util/rng";
import { binMatrix, featureBinEdges, type BinnedMatrix } from "./binning";
import { growTreesInPool } from "./forestPool";
import { binColumns, growTree, TreeWorkspace, type FlatTree, type TreeGrowth } from "./tree";
import { fitMlRandomForest, predictMlRandomForest, type MlRandomForestModel } from "./mlrf";

/** A fitted forest of our own implementation. Node i of the forest: children left[i] and left[i] + 1. */
export interface NativeForest {
  readonly backend: "native";
  readonly nFeatures: number;
  readonly nEstimators: number;
  /** Tree t owns nodes treeOffsets[t] .. treeOffsets[t + 1] - 1; its root is treeOffsets[t]. */
  readonly treeOffsets: Int32Array;
  /** Split feature of each node, -1 at a leaf. */
  readonly feature: Int32Array;
  /** x <= threshold goes left. */
  readonly threshold: Float64Array;
  /** Forest-wide index of the left child (right = left + 1); -1 at a leaf. */
  readonly left: Int32Array;
  /** 1 when NaN goes left. */
  readonly missingLeft: Uint8Array;
  /** Mean training target of the node (the leaf's prediction). */
  readonly value: Float64Array;
  /** Impurity (mean decrease in squared error) importance, scikit-learn's definition; sums to 1 (zeros when no tree split). */
  readonly featureImportance: Float64Array;
  /** Out-of-bag R^2 over rows out of bag for at least one tree; NaN without bootstrap or oobScore. */
  readonly oobScore: number;
  /** Out-of-bag prediction of each training row (NaN where a row was in every bootstrap sample); null when not computed. */
  readonly oobPrediction: Float64Array | null;
  readonly meanDepth: number;
  readonly meanLeaves: number;
  readonly nTrainRows: number;
  /** The resolved hyper-parameters. */
  readonly config: ForestConfig;
}

/** A fitted forest of either backend; use `predictRandomForest` on it. */
export type RandomForestModel = NativeForest | MlRandomForestModel;

/** Features tried per split for p features. */
export function resolveMaxFeatures(maxFeatures: ForestConfig["maxFeatures"], p: number): number {
  if (maxFeatures === "all") return p;
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(p)));
  return Math.min(p, Math.max(1, Math.floor(maxFeatures * p)));
}

/** Check shapes and targets; returns p. */
export function checkDesign(fn: string, X: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = y.length;
  if (n < 2) throw new Error(`${fn}: needs at least 2 training rows (got ${n})`);
  const p = X.length / n;
  if (!Number.isInteger(p) || p < 1) throw new Error(`${fn}: X.length (${X.length}) must be a positive multiple of y.length (${n}): X is row-major n x p`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new Error(`${fn}: y[${i}] is ${y[i]}; targets must be finite`);
  }
  return p;
}

/**
 * Fit a random forest regressor (scikit-learn's RandomForestRegressor, squared error).
 * Trees are grown on 255-bin histograms (see ./tree for why, and how close to exact splits);
 * each tree's seed is drawn from `seed`, so the forest does not depend on how many threads grew it.
 * @param X row-major n x p features (NaN allowed)
 * @param y n finite targets
 * @param options hyper-parameters (see ForestConfigSchema); backend "ml-random-forest" fits the
 *   `ml-random-forest` package instead (slow; no NaN; its own approximations, see ./mlrf)
 * @throws ConfigError for a bad option; Error naming the row for a non-finite target
 * @example
 * const forest = fitRandomForest(X, y, { nEstimators: 100, maxDepth: 8, minSamplesLeaf: 5, seed: 0 });
 * const yHat = predictRandomForest(forest, Xtest);
 */
export function fitRandomForest(X: ArrayLike<number>, y: ArrayLike<number>, options: ForestConfigInput = {}): RandomForestModel {
  const config = parseForestConfig(options);
  const p = checkDesign("fitRandomForest", X, y);
  if (config.backend === "ml-random-forest") return fitMlRandomForest(X, y, p, config);
  const edges = featureBinEdges(X, p, { maxBins: config.maxBins, sampleRows: config.binSampleRows, seed: config.seed });
  const binned = binMatrix(X, p, edges);
  const yy = y instanceof Float64Array ? y : Float64Array.from(y);
  return fitForestOnBins(binned, yy, null, config);
}

/**
 * Fit a native forest on already binned rows: `rows` (ids into `binned` and `y`; all when null).
 * Lets several forests share one binning (the alpha model's overall and regime forests).
 * `y` must be finite on the rows used; `config` is a parsed config (`parseForestConfig(...)`).
 */
export function fitForestOnBins(binned: BinnedMatrix, y: Float64Array, rows: Int32Array | null, config: ForestConfig): NativeForest {
  const p = binned.nFeatures;
  const useRows = rows ?? Int32Array.from({ length: binned.nRows }, (_, i) => i);
  const m = useRows.length;
  if (m < 2) throw new Error(`fitRandomForest: needs at least 2 training rows (got ${m})`);
  const growth: TreeGrowth = {
    maxDepth: config.maxDepth ?? Infinity,
    minSamplesLeaf: config.minSamplesLeaf,
    minSamplesSplit: config.minSamplesSplit,
    maxFeatures: resolveMaxFeatures(config.maxFeatures, p),
    bootstrap: config.bootstrap,
    outOfBag: config.bootstrap && config.oobScore,
  };
  const nTrees = config.nEstimators;
  const master = createRng(config.seed);
  const seeds = new Float64Array(nTrees);
  for (let t = 0; t < nTrees; t++) seeds[t] = Math.floor(master.next() * 4294967296);

  const threads = resolveThreads(config.threads, nTrees, m, growth, p);
  let trees: FlatTree[];
  if (threads > 1) {
    trees = growTreesInPool(binned, y, useRows, growth, seeds, threads);
  } else {
    const ws = new TreeWorkspace(m, p);
    const columns = binColumns(binned);
    trees = new Array(nTrees);
    for (let t = 0; t < nTrees; t++) trees[t] = growTree(binned, y, useRows, growth, seeds[t], ws, columns);
  }
  return assembleForest(trees, binned, y, useRows, config);
}

let threadCap = Infinity;

/**
 * Cap the threads of every forest fitted on this thread from now on, whatever their config says:
 * set to 1 in threads that are themselves one of several running in parallel (the fold pool's
 * workers, and this thread while it runs folds beside them), so that they do not start workers of
 * their own. The forests are the same either way. Returns the previous cap (Infinity: none).
 */
export function capForestThreads(cap: number): number {
  if (!(cap === Infinity || (Number.isInteger(cap) && cap >= 1))) throw new Error(`capForestThreads: cap must be an integer >= 1 or Infinity (got ${cap})`);
  const previous = threadCap;
  threadCap = cap;
  return previous;
}

/** The thread count a forest of `threads` config gets on this thread ("auto": every core, within the cap). */
export function forestThreadsHere(threads: ForestConfig["threads"]): number {
  return Math.min(threads === "auto" ? availableParallelism() : threads, threadCap);
}

/**
 * Threads worth using. Handing a job to the pool costs well under a millisecond once it is up, and
 * starting it (50-200 ms, once per process) never delays a fit: this thread grows trees meanwhile
 * and workers join when ready. So workers pay off from fits of a few tens of milliseconds
 * (work estimate >= 5e6 histogram updates: rows x features scanned x levels x trees).
 */
function resolveThreads(threads: ForestConfig["threads"], nTrees: number, m: number, growth: TreeGrowth, p: number): number {
  const cores = Math.min(availableParallelism(), threadCap);
  if (threads !== "auto") return Math.min(threads, nTrees, threadCap);
  if (cores < 2 || nTrees < 4) return 1;
  const levels = Math.min(growth.maxDepth, Math.max(1, Math.log2(m / growth.minSamplesLeaf)));
  const perSplit = 2 * growth.maxFeatures >= p ? p / 2 : growth.maxFeatures;
  const work = nTrees * m * perSplit * levels;
  return work >= 5e6 ? Math.min(cores, nTrees) : 1;
}

function assembleForest(trees: FlatTree[], binned: BinnedMatrix, y: Float64Array, rows: Int32Array, config: ForestConfig): NativeForest {
  const p = binned.nFeatures;
  const nTrees = trees.length;
  const treeOffsets = new Int32Array(nTrees + 1);
  for (let t = 0; t < nTrees; t++) treeOffsets[t + 1] = treeOffsets[t] + trees[t].nodeCount;
  const total = treeOffsets[nTrees];
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const missingLeft = new Uint8Array(total);
  const value = new Float64Array(total);
  const importance = new Float64Array(p);
  let depthSum = 0, leafSum = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = trees[t];
    const off = treeOffsets[t];
    feature.set(tr.feature, off);
    threshold.set(tr.threshold, off);
    missingLeft.set(tr.missingLeft, off);
    value.set(tr.value, off);
    for (let i = 0; i < tr.nodeCount; i++) left[off + i] = tr.left[i] < 0 ? -1 : tr.left[i] + off;
    // scikit-learn: each tree's importances normalised to sum 1, averaged, normalised again.
    let s = 0;
    for (let f = 0; f < p; f++) s += tr.importance[f];
    if (s > 0) for (let f = 0; f < p; f++) importance[f] += tr.importance[f] / s;
    depthSum += tr.depth;
    leafSum += tr.leaves;
  }
  let s = 0;
  for (let f = 0; f < p; f++) s += importance[f];
  if (s > 0) for (let f = 0; f < p; f++) importance[f] /= s;

  // Out of bag: average, over the trees that did not draw a row, of their predictions (tree order fixed).
  let oobScore = NaN;
  let oobPrediction: Float64Array | null = null;
  if (config.bootstrap && config.oobScore) {
    const slot = new Int32Array(binned.nRows).fill(-1);
    for (let i = 0; i < rows.length; i++) slot[rows[i]] = i;
    const sum = new Float64Array(rows.length);
    const count = new Int32Array(rows.length);
    for (const tr of trees) {
      for (let k = 0; k < tr.oobRows.length; k++) {
        const i = slot[tr.oobRows[k]];
        sum[i] += tr.oobPrediction[k];
        count[i]++;
      }
    }
    oobPrediction = new Float64Array(rows.length);
    let n = 0, mean = 0;
    for (let i = 0; i < rows.length; i++) {
      if (count[i] === 0) {
        oobPrediction[i] = NaN;
        continue;
      }
      oobPrediction[i] = sum[i] / count[i];
      mean += (y[rows[i]] - mean) / ++n;
    }
    let sse = 0, sst = 0;
    for (let i = 0; i < rows.length; i++) {
      if (count[i] === 0) continue;
      const yi = y[rows[i]];
      sse += (yi - oobPrediction[i]) ** 2;
      sst += (yi - mean) ** 2;
    }
    oobScore = n >= 2 && sst > 0 ? 1 - sse / sst : NaN;
  }

  return {
    backend: "native",
    nFeatures: p,
    nEstimators: nTrees,
    treeOffsets,
    feature,
    threshold,
    left,
    missingLeft,
    value,
    featureImportance: importance,
    oobScore,
    oobPrediction,
    meanDepth: depthSum / nTrees,
    meanLeaves: leafSum / nTrees,
    nTrainRows: rows.length,
    config,
  };
}

/**
 * Predict n rows (row-major n x p, NaN allowed): the mean of the trees' leaf values.
 * @throws when X.length is not a multiple of the forest's feature count
 */
export function predictRandomForest(model: RandomForestModel, X: ArrayLike<number>): Float64Array {
  const p = model.nFeatures;
  if (X.length % p !== 0) throw new Error(`predictRandomForest: X.length (${X.length}) is not a multiple of the forest's ${p} features`);
  if (model.backend === "ml-random-forest") return predictMlRandomForest(model, X);
  const n = X.length / p;
  const out = new Float64Array(n);
  const { treeOffsets, feature, threshold, left, missingLeft, value } = model;
  const nTrees = model.nEstimators;
  for (let i = 0; i < n; i++) {
    const base = i * p;
    let sum = 0;
    for (let t = 0; t < nTrees; t++) {
      let node = treeOffsets[t];
      let f = feature[node];
      while (f >= 0) {
        const x = X[base + f];
        node = x <= threshold[node] || (x !== x && missingLeft[node] === 1) ? left[node] : left[node] + 1;
        f = feature[node];
      }
      sum += value[node];
    }
    out[i] = sum / nTrees;
  }
  return out;
}

/** Coefficient of determination 1 - SSE/SST (scikit-learn's r2_score); NaN pairs skipped; NaN when SST = 0 or fewer than 2 pairs. */
export function forestR2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let n = 0, mean = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const a = yTrue[i], b = yPred[i];
    if (a !== a || b !== b) continue;
    mean += (a - mean) / ++n;
  }
  let sse = 0, sst = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const a = yTrue[i], b = yPred[i];
    if (a !== a || b !== b) continue;
    sse += (a - b) ** 2;
    sst += (a - mean) ** 2;
  }
  return n < 2 || sst === 0 ? NaN : 1 - sse / sst;
}

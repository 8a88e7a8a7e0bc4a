/**
 * Feature selection inside one training window (the walk-forward's `featureSelection`).
 *
 * Everything here sees only the rows it is given (a fold's training rows), so selection adds no
 * look-ahead beyond what those rows carry. Three steps:
 * 1. cluster: features linked when |Pearson correlation| on the rows is >= a threshold, clusters
 *    the connected components (single linkage), so near-copies of one signal form one cluster;
 * 2. score: impurity importance of a forest on all rows ("importance"), or permutation importance
 *    of a forest fitted on the earlier days and scored on the later ones, with a purge between
 *    them so no fitted label overlaps the scored returns ("permutation");
 * 3. choose: each cluster is credited once, through its best-scoring member, and the members
 *    standing for the topK best clusters are kept.
 */
import { pearsonPairwiseComplete } from "../util/correlation";
import type { FeatureSelectionConfig, ForestConfig } from "../config/models";
import { fitRandomForest } from "./forest";
import { forestPermutationImportance } from "./importance";

/** One window's selection: scores, clusters and the features chosen (indices into its columns). */
export interface WindowFeatureSelection {
  readonly method: "importance" | "permutation";
  /** Score of every feature: impurity importance, or mean drop in R^2 when shuffled on the inner validation rows. */
  readonly scores: Float64Array;
  /** Cluster of every feature, numbered 0, 1, ... in order of each cluster's first feature. */
  readonly clusters: Int32Array;
  /** Chosen features, ascending: the best member of each of the topK best clusters. */
  readonly selected: Int32Array;
  /** Rows the scoring forest was fitted on, and rows scored by permutation (0 for "importance"). */
  readonly fitRows: number;
  readonly validationRows: number;
}

/** What `selectWindowFeatures` needs besides the rows: the selection settings, the forest, the purge and a seed. */
export interface WindowFeatureSelectionOptions {
  readonly selection: FeatureSelectionConfig;
  /** Parsed forest hyper-parameters of the scoring forest (the fold's model forest). */
  readonly forest: ForestConfig;
  /** Days between the last fitted label's day and the first validation day, minus one: horizonDays + embargoDays. */
  readonly purgeDays: number;
  /** Seed of the scoring forest; the shuffles use seed + 1. */
  readonly seed: number;
}

/**
 * Pearson correlation of every pair of columns of row-major n x p `X`, each pair on the rows where
 * both are finite (pandas `DataFrame.corr()`'s pairwise-complete definition).
 * @returns row-major p x p; NaN where a pair has fewer than 2 common rows or a column is constant on them
 * @example pairwiseCorrelation([1, 2, 2, 4, 3, 7], 2) // => [1, 0.9934.., 0.9934.., 1]
 */
export function pairwiseCorrelation(X: ArrayLike<number>, p: number): Float64Array {
  if (!Number.isInteger(p) || p < 1 || X.length % p !== 0) throw new Error(`pairwiseCorrelation: X.length (${X.length}) must be a multiple of p (${p}): X is row-major n x p`);
  const n = X.length / p;
  const corr = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) corr[a * p + b] = corr[b * p + a] = pearsonPairwiseComplete(X, a, X, b, n, p);
  }
  return corr;
}

/**
 * Single-linkage clusters of p features at |rho| >= threshold: a and b share a cluster when a chain
 * of pairs, each with |correlation| >= threshold, joins them (NaN correlations never link). The
 * same partition as scipy's `fcluster(linkage(1 - |rho|, "single"), 1 - threshold, "distance")`.
 * @param corr row-major p x p correlations (pairwiseCorrelation)
 * @returns cluster of each feature, numbered 0, 1, ... in order of each cluster's first feature
 * @example correlationClusters([1, 0.95, 0, 0.95, 1, 0, 0, 0, 1], 3, 0.9) // => [0, 0, 1]
 */
export function correlationClusters(corr: ArrayLike<number>, p: number, threshold: number): Int32Array {
  if (corr.length !== p * p) throw new Error(`correlationClusters: corr.length (${corr.length}) must be p x p = ${p * p}`);
  const parent = Int32Array.from({ length: p }, (_, f) => f);
  const root = (f: number): number => {
    while (parent[f] !== f) f = parent[f] = parent[parent[f]];
    return f;
  };
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++) {
      if (!(Math.abs(corr[a * p + b]) >= threshold)) continue; // NaN: no link
      const ra = root(a), rb = root(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const clusters = new Int32Array(p);
  const idOfRoot = new Int32Array(p).fill(-1);
  let next = 0;
  for (let f = 0; f < p; f++) {
    const r = root(f);
    if (idOfRoot[r] < 0) idOfRoot[r] = next++;
    clusters[f] = idOfRoot[r];
  }
  return clusters;
}

/**
 * The topK best clusters, each credited once through its best-scoring member: per cluster the
 * member with the highest score (ties: the lower index), clusters ranked by that score (ties: the
 * lower member index), NaN scores ranked last.
 * @returns the chosen members, ascending (all clusters' members when there are at most topK clusters)
 * @example chooseClusterRepresentatives([0.5, 0.6, 0.1, 0.3], [0, 0, 1, 2], 2) // => [1, 3]
 */
export function chooseClusterRepresentatives(scores: ArrayLike<number>, clusters: ArrayLike<number>, topK: number): Int32Array {
  const p = scores.length;
  if (clusters.length !== p) throw new Error(`chooseClusterRepresentatives: ${clusters.length} clusters for ${p} scores`);
  const key = (f: number) => (scores[f] === scores[f] ? scores[f] : -Infinity);
  const best = new Map<number, number>();
  for (let f = 0; f < p; f++) {
    const c = clusters[f];
    const held = best.get(c);
    if (held === undefined || key(f) > key(held)) best.set(c, f);
  }
  const members = [...best.values()].sort((a, b) => key(b) - key(a) || a - b);
  return Int32Array.from(members.slice(0, topK)).sort();
}

/**
 * Choose the features of one training window (see the module comment for the three steps).
 * @param X row-major n x p training features (NaN allowed)
 * @param y n finite training labels
 * @param rowDay day index of each row, ascending (the inner split of "permutation" is by day)
 * @throws when selection.method is "none" (nothing to choose) or shapes disagree
 */
export function selectWindowFeatures(X: Float64Array, y: Float64Array, rowDay: Int32Array, options: WindowFeatureSelectionOptions): WindowFeatureSelection {
  const { selection, forest, purgeDays, seed } = options;
  if (selection.method === "none") throw new Error('selectWindowFeatures: method "none" selects nothing; use every feature instead');
  const n = y.length;
  if (rowDay.length !== n || n === 0 || X.length % n !== 0) throw new Error(`selectWindowFeatures: X (${X.length}), y (${n}) and rowDay (${rowDay.length}) disagree`);
  const p = X.length / n;
  const clusters = correlationClusters(pairwiseCorrelation(X, p), p, selection.correlationThreshold);
  const forestConfig = { ...forest, seed };
  const minRows = Math.max(2, 2 * forest.minSamplesLeaf);

  if (selection.method === "permutation") {
    // Inner split by day: the latest validationFraction of the window's days are scored; the
    // fitted rows end purgeDays before them, so no fitted label's horizon reaches the scored returns.
    const first = rowDay[0], last = rowDay[n - 1];
    const validationDays = Math.max(1, Math.round(selection.validationFraction * (last - first + 1)));
    const validationStart = last + 1 - validationDays;
    const fitEnd = validationStart - purgeDays;
    let fitRows = 0, validationFrom = n;
    for (let i = 0; i < n; i++) {
      if (rowDay[i] <= fitEnd) fitRows = i + 1;
      if (rowDay[i] >= validationStart && validationFrom === n) validationFrom = i;
    }
    const validationRows = n - validationFrom;
    if (fitRows >= minRows && validationRows >= 2) {
      const model = fitRandomForest(X.subarray(0, fitRows * p), y.subarray(0, fitRows), forestConfig);
      const perm = forestPermutationImportance(model, X.subarray(validationFrom * p), y.subarray(validationFrom), { nRepeats: selection.nRepeats, seed: seed + 1 });
      const scores = perm.importanceMean;
      return { method: "permutation", scores, clusters, selected: chooseClusterRepresentatives(scores, clusters, selection.topK), fitRows, validationRows };
    }
    // too few rows on one side of the inner split: fall back to impurity importance on all rows
  }
  const model = fitRandomForest(X, y, forestConfig);
  const scores = model.featureImportance;
  return { method: "importance", scores, clusters, selected: chooseClusterRepresentatives(scores, clusters, selection.topK), fitRows: n, validationRows: 0 };
}

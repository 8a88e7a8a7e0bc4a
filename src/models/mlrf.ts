/**
 * The `ml-random-forest` package behind the forest interface, for cross-checking our own trees.
 *
 * It is slow (about 100 s for 100 trees on 1,000 x 30 here, against about 1 s for scikit-learn),
 * and its model differs from scikit-learn's in ways we can only approximate:
 * - `maxFeatures` picks features once per tree, not per split;
 * - it has no minimum leaf size: a node with at most `minNumSamples` rows is a leaf, and we pass
 *   max(minSamplesSplit - 1, 2 * minSamplesLeaf - 1), the smallest node our settings could split;
 * - it cannot take NaN features.
 * Our seed goes to its Mersenne Twister, so its fits are reproducible but not equal to ours.
 */
import type { ForestConfig } from "../config/models";
import { requireOptional } from "../util/optional";

/** The part of the package's `RandomForestRegression` we use (declared here so our types do not need the package installed). */
export interface MlRandomForestEstimator {
  train(rows: number[][], y: number[]): void;
  predict(rows: number[][]): number[];
  predictOOB(): number[];
}

type RandomForestRegressionClass = new (options: unknown) => MlRandomForestEstimator;

/** The package is an optional peer dependency: loaded on the first fit, with an install hint if absent. */
function loadRandomForestRegression(): RandomForestRegressionClass {
  return requireOptional<{ RandomForestRegression: RandomForestRegressionClass }>("ml-random-forest", 'forest backend "ml-random-forest"').RandomForestRegression;
}

/** A forest fitted by `ml-random-forest`. */
export interface MlRandomForestModel {
  readonly backend: "ml-random-forest";
  readonly nFeatures: number;
  readonly nEstimators: number;
  /** The package's fitted object. */
  readonly estimator: MlRandomForestEstimator;
  /** The package's importance (normalised to sum 1); NaN where it could not compute it. */
  readonly featureImportance: Float64Array;
  readonly oobScore: number;
  readonly oobPrediction: Float64Array | null;
  readonly nTrainRows: number;
  readonly config: ForestConfig;
}

function toRows(X: ArrayLike<number>, p: number, fn: string): number[][] {
  const n = X.length / p;
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(p);
    for (let f = 0; f < p; f++) {
      const x = X[i * p + f];
      if (x !== x) throw new Error(`${fn}: backend "ml-random-forest" cannot take NaN features (row ${i}, feature ${f})`);
      r[f] = x;
    }
    rows[i] = r;
  }
  return rows;
}

export function fitMlRandomForest(X: ArrayLike<number>, y: ArrayLike<number>, p: number, config: ForestConfig): MlRandomForestModel {
  const k = config.maxFeatures === "all" ? p : config.maxFeatures === "sqrt" ? Math.max(1, Math.floor(Math.sqrt(p))) : Math.max(1, Math.floor(config.maxFeatures * p));
  // The package reads a value in (0, 1] as a fraction and floors fraction * p; aim mid-integer.
  const fraction = k >= p ? 1 : (k + 0.5) / p;
  const wantOob = config.bootstrap && config.oobScore;
  const RandomForestRegression = loadRandomForestRegression();
  const make = (noOOB: boolean): MlRandomForestEstimator =>
    new RandomForestRegression({
      nEstimators: config.nEstimators,
      maxFeatures: fraction,
      replacement: false,
      seed: config.seed | 0,
      useSampleBagging: config.bootstrap,
      noOOB,
      treeOptions: {
        maxDepth: config.maxDepth ?? Infinity,
        minNumSamples: Math.max(config.minSamplesSplit - 1, 2 * config.minSamplesLeaf - 1),
      },
    });
  const rows = toRows(X, p, "fitRandomForest");
  const yy = Array.from(y);
  let estimator = make(!wantOob);
  let oobAvailable = wantOob;
  try {
    estimator.train(rows, yy);
  } catch (err) {
    // The package's out-of-bag step throws when some row was drawn by every tree (likely with
    // few trees); refit without it (same seed, same trees) and report no out-of-bag score.
    if (!wantOob) throw err;
    estimator = make(true);
    estimator.train(rows, yy);
    oobAvailable = false;
  }

  let featureImportance: Float64Array;
  try {
    featureImportance = Float64Array.from((estimator as unknown as { featureImportance(): number[] }).featureImportance());
  } catch {
    featureImportance = new Float64Array(p).fill(NaN);
  }
  let oobPrediction: Float64Array | null = null;
  let oobScore = NaN;
  if (oobAvailable) {
    oobPrediction = Float64Array.from(estimator.predictOOB(), (v) => (Number.isFinite(v) ? v : NaN));
    let n = 0, mean = 0;
    for (let i = 0; i < yy.length; i++) if (oobPrediction[i] === oobPrediction[i]) mean += (yy[i] - mean) / ++n;
    let sse = 0, sst = 0;
    for (let i = 0; i < yy.length; i++) {
      if (oobPrediction[i] !== oobPrediction[i]) continue;
      sse += (yy[i] - oobPrediction[i]) ** 2;
      sst += (yy[i] - mean) ** 2;
    }
    oobScore = n >= 2 && sst > 0 ? 1 - sse / sst : NaN;
  }
  return { backend: "ml-random-forest", nFeatures: p, nEstimators: config.nEstimators, estimator, featureImportance, oobScore, oobPrediction, nTrainRows: yy.length, config };
}

export function predictMlRandomForest(model: MlRandomForestModel, X: ArrayLike<number>): Float64Array {
  return Float64Array.from(model.estimator.predict(toRows(X, model.nFeatures, "predictRandomForest")));
}

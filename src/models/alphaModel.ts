/**
 * The regime-aware alpha model, in the original design's shape: one overall forest fitted on every training
 * row, plus one forest per regime fitted on the rows whose most likely regime (by the filtered
 * probabilities of that day) is that regime, where the regime has at least `minRegimeSamples`
 * rows (and at least 2 x minSamplesLeaf, so that a tree can split at all; a regime forest in
 * which no tree split is dropped). Prediction blends the regime forests by the filtered regime probabilities of the day being
 * predicted, or takes the most likely regime's forest; the overall forest stands in wherever a
 * regime has no forest or the probabilities are unknown (NaN).
 *
 * The probabilities must be filtered ones, P(regime_t | data up to t): smoothed probabilities use
 * later data and would leak the future into both training labels and predictions.
 */
import { parseModelConfig, type ModelConfig, type ModelConfigInput } from "../config/models";
import { regimeArgmax } from "../regimes/labels";
import { binMatrix, featureBinEdges } from "./binning";
import { checkDesign, fitForestOnBins, fitRandomForest, predictRandomForest, type RandomForestModel } from "./forest";

/** A fitted alpha model: plain data. */
export interface AlphaModelFit {
  readonly featureNames: readonly string[];
  readonly nFeatures: number;
  /** Number of regimes K of the probabilities it was trained with (0 without regimes). */
  readonly nRegimes: number;
  readonly overall: RandomForestModel;
  /** Forest of regime k, or null where regime k had too few rows for a forest that splits (see fitAlphaModel). */
  readonly regimeForests: readonly (RandomForestModel | null)[];
  /** Training rows whose most likely regime is k. */
  readonly regimeRowCounts: Int32Array;
  readonly nTrainRows: number;
  readonly config: ModelConfig;
}

/** What `predictAlphaModel` returns. */
export interface AlphaPrediction {
  /** The regime-aware forecast (per `regimeBlend`); equals `overall` without regime probabilities. */
  readonly alpha: Float64Array;
  /** The overall forest's forecast. */
  readonly overall: Float64Array;
  /** Most likely regime of each row (-1 where the probabilities are NaN or absent). */
  readonly regime: Int32Array;
}

/** Options of `fitAlphaModel`: the model config plus feature names for the importance tables. */
export type AlphaModelOptions = ModelConfigInput & { featureNames?: readonly string[] };

function regimeCount(fn: string, probs: ArrayLike<number> | null, n: number): number {
  if (probs === null) return 0;
  const K = probs.length / n;
  if (!Number.isInteger(K) || K < 1) throw new Error(`${fn}: regimeProbs.length (${probs.length}) must be a positive multiple of the ${n} rows (row-major n x K)`);
  return K;
}

/**
 * Fit the overall forest and one forest per regime with enough rows.
 * @param X row-major n x p features (NaN allowed)
 * @param y n finite targets (forward returns)
 * @param regimeProbs row-major n x K filtered regime probabilities of each row's day, or null for the overall model only
 * @param options ModelConfig fields (forest, minRegimeSamples, regimeBlend) and featureNames
 * @example
 * const model = fitAlphaModel(X, y, probs, { minRegimeSamples: 50, featureNames });
 * const { alpha } = predictAlphaModel(model, Xnew, probsNew);
 */
export function fitAlphaModel(X: ArrayLike<number>, y: ArrayLike<number>, regimeProbs: ArrayLike<number> | null, options: AlphaModelOptions = {}): AlphaModelFit {
  const { featureNames, ...rest } = options;
  const config = parseModelConfig(rest);
  const p = checkDesign("fitAlphaModel", X, y);
  const n = y.length;
  const names = featureNames ? [...featureNames] : Array.from({ length: p }, (_, f) => `x${f}`);
  if (names.length !== p) throw new Error(`fitAlphaModel: ${names.length} featureNames for ${p} features`);
  const K = regimeCount("fitAlphaModel", regimeProbs, n);
  const regimes = regimeProbs === null ? new Int32Array(n).fill(-1) : regimeArgmax(regimeProbs, K);
  const regimeRowCounts = new Int32Array(K);
  for (let i = 0; i < n; i++) if (regimes[i] >= 0) regimeRowCounts[regimes[i]]++;

  const forestSeed = config.forest.seed;
  // A regime forest needs minRegimeSamples rows, and enough for one split to leave
  // minSamplesLeaf rows on each side: with fewer, every tree is a single leaf.
  const minRows = Math.max(2, config.minRegimeSamples, 2 * config.forest.minSamplesLeaf);
  const regimeForests: (RandomForestModel | null)[] = new Array(K).fill(null);
  let overall: RandomForestModel;
  if (config.forest.backend === "native") {
    // One binning (edges from all training rows) shared by the overall and the regime forests.
    const binned = binMatrix(X, p, featureBinEdges(X, p, { maxBins: config.forest.maxBins, sampleRows: config.forest.binSampleRows, seed: config.forest.seed }));
    const yy = Float64Array.from(y);
    overall = fitForestOnBins(binned, yy, null, config.forest);
    for (let k = 0; k < K; k++) {
      if (regimeRowCounts[k] < minRows) continue;
      const rows = new Int32Array(regimeRowCounts[k]);
      for (let i = 0, m = 0; i < n; i++) if (regimes[i] === k) rows[m++] = i;
      const forest = fitForestOnBins(binned, yy, rows, { ...config.forest, seed: forestSeed + 1 + k });
      // a forest in which no tree could split predicts one number for every row: it knows the
      // regime's mean return but nothing about the assets, and blended in it would flatten the
      // cross-section the portfolio ranks; the overall forest stands in instead
      regimeForests[k] = forest.meanLeaves > 1 ? forest : null;
    }
  } else {
    overall = fitRandomForest(X, y, config.forest);
    for (let k = 0; k < K; k++) {
      if (regimeRowCounts[k] < minRows) continue;
      const m = regimeRowCounts[k];
      const Xk = new Float64Array(m * p);
      const yk = new Float64Array(m);
      for (let i = 0, r = 0; i < n; i++) {
        if (regimes[i] !== k) continue;
        for (let f = 0; f < p; f++) Xk[r * p + f] = X[i * p + f];
        yk[r++] = y[i];
      }
      regimeForests[k] = fitRandomForest(Xk, yk, { ...config.forest, seed: forestSeed + 1 + k });
    }
  }
  return { featureNames: names, nFeatures: p, nRegimes: K, overall, regimeForests, regimeRowCounts, nTrainRows: n, config };
}

/**
 * Forecast n rows.
 * "probabilityWeighted": sum_k P(k) * forecast of regime k's forest (overall forest for regimes without one);
 * "mostLikely": the most likely regime's forest, or the overall forest when it has none.
 * Rows whose probabilities are NaN, or all rows when `regimeProbs` is null, get the overall forecast.
 * @param regimeProbs row-major n x K filtered probabilities of each row's day (same K as in training), or null
 */
export function predictAlphaModel(model: AlphaModelFit, X: ArrayLike<number>, regimeProbs: ArrayLike<number> | null = null): AlphaPrediction {
  const p = model.nFeatures;
  if (X.length % p !== 0) throw new Error(`predictAlphaModel: X.length (${X.length}) is not a multiple of the model's ${p} features`);
  const n = X.length / p;
  const overall = predictRandomForest(model.overall, X);
  const K = model.nRegimes;
  if (regimeProbs === null || K === 0 || n === 0) return { alpha: overall.slice(), overall, regime: new Int32Array(n).fill(-1) };
  if (regimeProbs.length !== n * K) throw new Error(`predictAlphaModel: regimeProbs.length (${regimeProbs.length}) must be ${n} rows x ${K} regimes`);
  const regime = regimeArgmax(regimeProbs, K);
  const byRegime = model.regimeForests.map((forest) => (forest ? predictRandomForest(forest, X) : overall));
  const alpha = new Float64Array(n);
  const weighted = model.config.regimeBlend === "probabilityWeighted";
  for (let i = 0; i < n; i++) {
    if (regime[i] < 0) {
      alpha[i] = overall[i];
      continue;
    }
    if (!weighted) {
      alpha[i] = byRegime[regime[i]][i];
      continue;
    }
    // Filtered probabilities sum to 1 up to rounding; normalise anyway so the blend is a weighted mean.
    let sum = 0, wsum = 0;
    for (let k = 0; k < K; k++) {
      const w = regimeProbs[i * K + k];
      sum += w * byRegime[k][i];
      wsum += w;
    }
    alpha[i] = wsum > 0 ? sum / wsum : overall[i];
  }
  return { alpha, overall, regime };
}

/**
 * Feature importance table of a fitted alpha model: one row per feature (sorted by overall
 * importance, largest first), a column for the overall forest and one per regime ("regime k";
 * NaN where the regime has no forest). Impurity importance, each column summing to 1.
 * Plain column table: pass it to showTable.
 */
export function alphaModelImportanceTable(model: AlphaModelFit): Record<string, (string | number)[]> {
  return alphaImportanceTable(
    model.featureNames,
    model.overall.featureImportance,
    model.regimeForests.map((f) => (f ? f.featureImportance : null)),
  );
}

/** The same table from importance vectors (e.g. averaged over walk-forward folds). */
export function alphaImportanceTable(
  featureNames: readonly string[],
  overall: ArrayLike<number>,
  byRegime: readonly (ArrayLike<number> | null)[],
): Record<string, (string | number)[]> {
  const order = Array.from(featureNames, (_, f) => f).sort((a, b) => (overall[b] || 0) - (overall[a] || 0) || a - b);
  const table: Record<string, (string | number)[]> = {
    feature: order.map((f) => featureNames[f]),
    overall: order.map((f) => overall[f]),
  };
  byRegime.forEach((imp, k) => {
    table[`regime ${k}`] = order.map((f) => (imp ? imp[f] : NaN));
  });
  return table;
}

/**
 * The original design's `AlphaModel` shape: `new AlphaModel(config).fit(X, y, regimeProbs).predict(X, regimeProbs)`,
 * with the overall `model` and the per-regime `regimeModels` exposed, and `getFeatureImportance()`.
 * A facade over fitAlphaModel / predictAlphaModel; the fitted model is plain data (`fitted`).
 */
export class AlphaModel {
  readonly config: ModelConfig;
  private fit_: AlphaModelFit | null = null;

  constructor(config: ModelConfigInput = {}) {
    this.config = parseModelConfig(config);
  }

  fit(X: ArrayLike<number>, y: ArrayLike<number>, regimeProbs: ArrayLike<number> | null = null, featureNames?: readonly string[]): this {
    this.fit_ = fitAlphaModel(X, y, regimeProbs, { ...this.config, featureNames });
    return this;
  }

  get isFitted(): boolean {
    return this.fit_ !== null;
  }

  /** @throws before fit */
  get fitted(): AlphaModelFit {
    if (!this.fit_) throw new Error("AlphaModel: call fit() before predicting");
    return this.fit_;
  }

  /** The overall forest. */
  get model(): RandomForestModel {
    return this.fitted.overall;
  }

  /** Regime index -> its forest, for regimes that have one. */
  get regimeModels(): Map<number, RandomForestModel> {
    const m = new Map<number, RandomForestModel>();
    this.fitted.regimeForests.forEach((f, k) => f && m.set(k, f));
    return m;
  }

  /** Regime-aware forecast (the overall one when regimeProbs is null). */
  predict(X: ArrayLike<number>, regimeProbs: ArrayLike<number> | null = null): Float64Array {
    return predictAlphaModel(this.fitted, X, regimeProbs).alpha;
  }

  /** Importance table: overall and per regime. */
  getFeatureImportance(): Record<string, (string | number)[]> {
    return alphaModelImportanceTable(this.fitted);
  }
}

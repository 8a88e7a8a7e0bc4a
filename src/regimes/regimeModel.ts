/**
 * A regime model: the scaler fitted on the training rows plus a Gaussian HMM fitted on the
 * standardised training rows, with the feature names. In: raw regime features (row-major T x d,
 * e.g. from `regimeFeatureMatrix`). Out: per-day regime probabilities (filtered = causal, or
 * smoothed = look-ahead), labels, and a per-regime summary in the features' own units.
 */
import { RegimeSelectionConfigSchema, type RegimeSelectionConfigInput } from "../config/regimes";
import { parseConfig } from "../config/parse";
import { fitGaussianHmm, type GaussianHmmFitOptions } from "./fit";
import { hmmAic, hmmBic, hmmExpectedDurations, hmmFilter, hmmFreeParameters, hmmPosteriors, hmmScore, hmmStationaryDistribution, hmmViterbi } from "./model";
import { applyHmmScaler, fitHmmScaler, type HmmScaler } from "./scaler";
import { regimeArgmax, regimeNames } from "./labels";
import type { FittedGaussianHmm } from "./types";
import { dayToIso } from "../util/dates";

/** Regime features: row-major T x d values with their column names (and optionally dates). */
export interface RegimeFeatures {
  /** Row-major T x d, d = names.length; NaN in warm-up rows. */
  readonly X: Float64Array;
  readonly names: readonly string[];
  /** Epoch days, one per row (for error messages and charts). */
  readonly dates?: Int32Array;
}

export interface RegimeModel {
  readonly names: readonly string[];
  /** Fitted on the training rows only. */
  readonly scaler: HmmScaler;
  /** The HMM in standardised units, states ordered calm to turbulent by default. */
  readonly hmm: FittedGaussianHmm;
  /** Training rows used: [firstRow, endRow) of the features given to `fitRegimeModel`. */
  readonly firstRow: number;
  readonly endRow: number;
  readonly nObservations: number;
  readonly logLikelihood: number;
  readonly nParameters: number;
  readonly bic: number;
  readonly aic: number;
}

function rowLabel(features: RegimeFeatures, t: number): string {
  return features.dates ? `row ${t} (${dayToIso(features.dates[t])})` : `row ${t}`;
}

/** Number of rows; throws when X does not have names.length columns. */
export function regimeRowCount(features: RegimeFeatures, fn: string): number {
  const d = features.names.length;
  if (d < 1) throw new Error(`${fn}: features.names is empty (need one name per column)`);
  if (features.X.length % d !== 0) throw new Error(`${fn}: features.X has ${features.X.length} values, not a multiple of ${d} names`);
  const T = features.X.length / d;
  if (features.dates && features.dates.length !== T) throw new Error(`${fn}: features.dates has ${features.dates.length} entries for ${T} rows`);
  return T;
}

function rowComplete(X: ArrayLike<number>, t: number, d: number): boolean {
  for (let f = 0; f < d; f++) if (!Number.isFinite(X[t * d + f])) return false;
  return true;
}

/**
 * Fit the scaler and the HMM on the rows [startRow, endRow) of the features (default all).
 * Leading incomplete rows (a warm-up) are skipped; an incomplete row after the first complete one
 * is an error naming the row, its date and the feature.
 */
export function fitRegimeModel(
  features: RegimeFeatures,
  options: GaussianHmmFitOptions & { startRow?: number; endRow?: number } = {},
): RegimeModel {
  const { startRow, endRow, ...fitOptions } = options;
  const train = standardisedTrainingRows(features, { startRow, endRow });
  const hmm = fitGaussianHmm(train.Z, features.names.length, { featureNames: features.names, ...fitOptions });
  return regimeModelFromHmm(features.names, train, hmm);
}

/** The training rows of a regime model, checked and standardised by a scaler fitted on them. */
export interface StandardisedTrainingRows {
  readonly scaler: HmmScaler;
  /** The standardised complete rows [firstRow, endRow), row-major. */
  readonly Z: Float64Array;
  readonly firstRow: number;
  readonly endRow: number;
}

/**
 * fitRegimeModel's first half: the rows [startRow, endRow) after the leading warm-up, checked
 * (an incomplete row after the first complete one throws, naming the row, its date and the
 * feature), the scaler fitted on them and the standardised rows.
 */
export function standardisedTrainingRows(features: RegimeFeatures, { startRow = 0, endRow }: { startRow?: number; endRow?: number } = {}): StandardisedTrainingRows {
  const fn = "fitRegimeModel";
  const T = regimeRowCount(features, fn);
  const d = features.names.length;
  const end = endRow ?? T;
  if (!(Number.isInteger(startRow) && Number.isInteger(end) && 0 <= startRow && startRow <= end && end <= T)) {
    throw new Error(`${fn}: need 0 <= startRow <= endRow <= ${T} (got ${startRow}, ${end})`);
  }
  let first = startRow;
  while (first < end && !rowComplete(features.X, first, d)) first++;
  if (first === end) throw new Error(`${fn}: no complete row in rows ${startRow}..${end - 1} (every row has a NaN)`);
  for (let t = first; t < end; t++) {
    if (!rowComplete(features.X, t, d)) {
      let f = 0;
      while (Number.isFinite(features.X[t * d + f])) f++;
      throw new Error(`${fn}: ${rowLabel(features, t)} has ${features.X[t * d + f]} in "${features.names[f]}" after the warm-up; fill or drop it before fitting`);
    }
  }
  const raw = features.X.subarray(first * d, end * d);
  const scaler = fitHmmScaler(raw, d, { names: features.names });
  return { scaler, Z: applyHmmScaler(scaler, raw), firstRow: first, endRow: end };
}

/** fitRegimeModel's second half: the frozen model from its training rows and its fitted HMM. */
export function regimeModelFromHmm(names: readonly string[], train: StandardisedTrainingRows, hmm: FittedGaussianHmm): RegimeModel {
  const n = train.endRow - train.firstRow;
  const nParameters = hmmFreeParameters(hmm);
  const ll = hmm.fit.logLikelihood;
  return Object.freeze({
    names: [...names],
    scaler: train.scaler,
    hmm,
    firstRow: train.firstRow,
    endRow: train.endRow,
    nObservations: n,
    logLikelihood: ll,
    nParameters,
    bic: -2 * ll + nParameters * Math.log(n),
    aic: -2 * ll + 2 * nParameters,
  });
}

function standardise(model: RegimeModel, features: RegimeFeatures | ArrayLike<number>, fn: string): Float64Array {
  const X = "X" in features ? features.X : features;
  if ("names" in features && features.names.join("\u0000") !== model.names.join("\u0000")) {
    throw new Error(`${fn}: features are [${features.names.join(", ")}], the model was fitted on [${model.names.join(", ")}]`);
  }
  return applyHmmScaler(model.scaler, X);
}

/** Causal regime probabilities P(regime_t | rows up to t), T x K; NaN on incomplete rows. */
export function regimeFilter(model: RegimeModel, features: RegimeFeatures | ArrayLike<number>): Float64Array {
  return hmmFilter(model.hmm, standardise(model, features, "regimeFilter"));
}

/** Smoothed regime probabilities P(regime_t | all rows), T x K: they look ahead; describe, never trade. */
export function regimePosteriors(model: RegimeModel, features: RegimeFeatures | ArrayLike<number>): Float64Array {
  return hmmPosteriors(model.hmm, standardise(model, features, "regimePosteriors"));
}

/** Most likely regime path (Viterbi; look-ahead), -1 on incomplete rows. */
export function regimeViterbi(model: RegimeModel, features: RegimeFeatures | ArrayLike<number>): Int32Array {
  return hmmViterbi(model.hmm, standardise(model, features, "regimeViterbi")).path;
}

/** Log-likelihood, BIC and AIC of the model on the given rows (standardised with its own scaler). */
export function regimeScore(model: RegimeModel, features: RegimeFeatures | ArrayLike<number>): { logLikelihood: number; bic: number; aic: number } {
  const Z = standardise(model, features, "regimeScore");
  return { logLikelihood: hmmScore(model.hmm, Z), bic: hmmBic(model.hmm, Z), aic: hmmAic(model.hmm, Z) };
}

/**
 * Expected days per visit of each regime, 1 / (1 - A_kk) (the mean of the geometric sojourn
 * distribution), in the model's regime order; NaN for an absorbing regime (A_kk = 1).
 * @example regimeExpectedDurations(model) // => [10, 4] when model.hmm.transmat is [[0.9, 0.1], [0.25, 0.75]]
 */
export function regimeExpectedDurations(model: RegimeModel): Float64Array {
  return hmmExpectedDurations(model.hmm);
}

/**
 * Per-regime description in the features' own units, as a column table: name, expected duration
 * (days per visit), long-run share of days, then mean and standard deviation of each feature
 * (mu * scale + mean, sqrt(Sigma_ff) * scale). When `returnFeature` is given (a column of daily
 * returns), also its annualised mean (x periodsPerYear) and volatility (x sqrt(periodsPerYear)).
 */
export function regimeSummary(
  model: RegimeModel,
  { returnFeature = 0, periodsPerYear = 252 }: { returnFeature?: number | null; periodsPerYear?: number } = {},
): Record<string, (string | number)[]> {
  const K = model.hmm.nComponents;
  const d = model.hmm.nFeatures;
  const dur = regimeExpectedDurations(model);
  const share = hmmStationaryDistribution(model.hmm);
  const names = regimeNames(K);
  const table: Record<string, (string | number)[]> = {
    regime: names.map((n, k) => `${k} ${n}`),
    "expected duration (days)": Array.from(dur),
    "long-run share": Array.from(share),
  };
  const mean = (k: number, f: number) => model.hmm.means[k * d + f] * model.scaler.scale[f] + model.scaler.mean[f];
  const std = (k: number, f: number) => Math.sqrt(model.hmm.covars[(k * d + f) * d + f]) * model.scaler.scale[f];
  if (returnFeature !== null) {
    table[`annualised mean of ${model.names[returnFeature]}`] = names.map((_, k) => mean(k, returnFeature) * periodsPerYear);
    table[`annualised volatility of ${model.names[returnFeature]}`] = names.map((_, k) => std(k, returnFeature) * Math.sqrt(periodsPerYear));
  }
  for (let f = 0; f < d; f++) {
    table[`${model.names[f]} mean`] = names.map((_, k) => mean(k, f));
    table[`${model.names[f]} std`] = names.map((_, k) => std(k, f));
  }
  return table;
}

/** One row of a selection table. */
export interface RegimeSelectionRow {
  readonly nComponents: number;
  readonly logLikelihood: number;
  readonly nParameters: number;
  readonly bic: number;
  readonly aic: number;
  readonly converged: boolean;
}

/**
 * Fit one regime model per number of states in [minComponents, maxComponents] on the same rows and
 * pick the lowest BIC (-2 log L + p ln n, hmmlearn's parameter count). Range default: see
 * RegimeSelectionConfig; a bad range throws ConfigError naming it.
 */
export function selectRegimeModel(
  features: RegimeFeatures,
  options: GaussianHmmFitOptions & RegimeSelectionConfigInput & { startRow?: number; endRow?: number } = {},
): { best: RegimeModel; table: RegimeSelectionRow[]; models: RegimeModel[] } {
  const { minComponents: min, maxComponents: max, ...fitOptions } = options;
  const { minComponents, maxComponents } = parseConfig(RegimeSelectionConfigSchema, { minComponents: min, maxComponents: max }, "selectRegimeModel");
  const models: RegimeModel[] = [];
  for (let K = minComponents; K <= maxComponents; K++) models.push(fitRegimeModel(features, { ...fitOptions, nComponents: K }));
  const table = models.map((m) => ({
    nComponents: m.hmm.nComponents,
    logLikelihood: m.logLikelihood,
    nParameters: m.nParameters,
    bic: m.bic,
    aic: m.aic,
    converged: m.hmm.fit.converged,
  }));
  let best = models[0];
  for (const m of models) if (m.bic < best.bic) best = m;
  return { best, table, models };
}

/**
 * Options of the RegimeDetector facade: the fit options (nComponents fixes K) plus how K is
 * chosen: selectBy "fixed" (the default) or "bic", which picks K in [minComponents,
 * maxComponents] by BIC. Default: see HmmFitConfig and RegimeSelectionConfig.
 */
export type RegimeDetectorOptions = GaussianHmmFitOptions & RegimeSelectionConfigInput & { selectBy?: "fixed" | "bic" };

/**
 * The original design's `RegimeDetector` shape over the functions above: `fit(features)`,
 * `predictRegimes(features)`, `predictProba(features)`. Predictions are causal (filtered) unless
 * asked otherwise, because that is what a backtest may use.
 * @example new RegimeDetector({ selectBy: "bic" }).fit(features).predictProba(features)
 */
export class RegimeDetector {
  readonly options: RegimeDetectorOptions;
  private fitted: RegimeModel | null = null;
  private selectionTable: RegimeSelectionRow[] | null = null;

  constructor(options: RegimeDetectorOptions = {}) {
    this.options = { ...options };
  }

  /** Fit on all rows of `features` (leading warm-up rows skipped); selects K by BIC when asked. */
  fit(features: RegimeFeatures): this {
    const { selectBy = "fixed", minComponents, maxComponents, ...fitOptions } = this.options;
    if (selectBy === "bic") {
      const sel = selectRegimeModel(features, { ...fitOptions, minComponents, maxComponents });
      this.fitted = sel.best;
      this.selectionTable = sel.table;
    } else {
      this.fitted = fitRegimeModel(features, fitOptions);
      this.selectionTable = null;
    }
    return this;
  }

  /** The fitted model (scaler, HMM, BIC); throws before `fit`. */
  get model(): RegimeModel {
    if (!this.fitted) throw new Error("RegimeDetector: call fit(features) first");
    return this.fitted;
  }

  /** BIC by number of states from the last fit with selectBy "bic", else null. */
  get selection(): readonly RegimeSelectionRow[] | null {
    return this.selectionTable;
  }

  /** T x K regime probabilities: filtered (causal) by default, smoothed with `{ smoothed: true }`. */
  predictProba(features: RegimeFeatures, { smoothed = false }: { smoothed?: boolean } = {}): Float64Array {
    return smoothed ? regimePosteriors(this.model, features) : regimeFilter(this.model, features);
  }

  /**
   * One regime label per row (-1 on incomplete rows): "filtered" = argmax of the causal
   * probabilities (default), "smoothed" = argmax of the smoothed ones, "viterbi" = the most likely path.
   */
  predictRegimes(features: RegimeFeatures, { method = "filtered" }: { method?: "filtered" | "smoothed" | "viterbi" } = {}): Int32Array {
    if (method === "viterbi") return regimeViterbi(this.model, features);
    return regimeArgmax(this.predictProba(features, { smoothed: method === "smoothed" }), this.model.hmm.nComponents);
  }
}

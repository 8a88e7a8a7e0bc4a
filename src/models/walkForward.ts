/**
 * Walk-forward training of the alpha model without leakage.
 *
 * Timeline (day indices of the panel). The label of day s is the h-day forward return from close
 * s to close s + h (h = horizonDays), so it is known only at the close of day s + h. A model
 * refitted at the close of day t0 predicts days t0 .. t0 + R - 1 (R = retrainEveryDays). It may
 * train only on labels known at t0, and none of them may overlap the returns being predicted
 * (those start at close t0): so training days end at
 *
 *     trainEnd = t0 - h - embargoDays          (label of trainEnd ends at close t0 - embargoDays)
 *
 * which is the purge of Lopez de Prado (Advances in Financial ML, ch. 7) for a walk-forward,
 * where every test window lies after its training window; the embargo widens the gap. Expanding
 * windows start at the first labelled day, rolling ones `trainDays` before trainEnd. The first
 * model needs `minTrainDays` labelled days; every date after the first window gets a forecast
 * from exactly one model, recorded in `foldOfDay`.
 *
 * Rows are (ticker, day) pairs. A row is used, for training or prediction, when at least
 * `minFeatureCoverage` of its features are finite; it trains only with a finite label. Features
 * at day t must themselves use data up to t only (the feature stage's leakage audit proves it);
 * regime probabilities must be filtered (forward pass only), never smoothed.
 *
 * The target carries its horizon (`HorizonTarget`, e.g. `forwardReturnTarget(panel, 5)`), and it
 * must equal `horizonDays`: a 5-day target purged as a 1-day one would leak four days of labels.
 *
 * Feature selection (`featureSelection`, off by default) happens inside each fold, on that fold's
 * training rows only (see ./featureSelection): the fold's forests, overall and per regime, then
 * train and predict on the chosen features, recorded in `WalkForwardFold.selectedFeatures`
 * (`featureSelectionTable` gives the fold x feature table).
 */
import { parseWalkForwardConfig, type WalkForwardConfig, type WalkForwardConfigInput } from "../config/models";
import { panelShape, type PanelGrid, type PanelShape } from "../data/types";
import type { HorizonTarget } from "../features/targets";
import type { AlphaModelFit } from "./alphaModel";
import type { WindowFeatureSelection } from "./featureSelection";
import { runFold, writeFoldForecast, type WalkForwardDesign, type WalkForwardForecast } from "./fold";
import { runFoldsInPool, sharedForecast } from "./foldPool";
import { forestThreadsHere } from "./forest";

/**
 * What the walk-forward needs from a feature panel (the feature stage's `FeaturePanel` has this
 * shape): per feature, a ticker-major Float64Array of tickers.length x dates.length values.
 */
export interface AlphaFeaturePanel {
  readonly dates: Int32Array;
  readonly tickers: readonly string[];
  readonly names: readonly string[];
  /** values[f][j * T + t]: feature f of ticker j on day t. */
  readonly values: readonly Float64Array[];
}

/** One refit of the walk-forward: its windows as day indices (inclusive start, exclusive end for tests). */
export interface WalkForwardWindow {
  readonly fold: number;
  /** First and last (inclusive) day whose labels train this model. */
  readonly trainStart: number;
  readonly trainEnd: number;
  /** Days this model predicts: testStart <= t < testEnd. */
  readonly testStart: number;
  readonly testEnd: number;
}

/** A fitted fold: its window, dates, sizes and importances. */
export interface WalkForwardFold extends WalkForwardWindow {
  readonly trainStartDate: number;
  readonly trainEndDate: number;
  readonly testStartDate: number;
  /** Last predicted day (inclusive), epoch day. */
  readonly testEndDate: number;
  /** Usable training rows in the window, and how many were used after subsampling. */
  readonly trainRowsAvailable: number;
  readonly trainRows: number;
  /** Rows predicted in the test window. */
  readonly testRows: number;
  /** Training rows per most likely regime, and whether that regime got its own forest. */
  readonly regimeRows: readonly number[];
  readonly regimeModelled: readonly boolean[];
  /**
   * Features (indices into the result's featureNames, ascending) this fold's forests used: all
   * without feature selection, else the ones chosen on this fold's training rows.
   */
  readonly selectedFeatures: Int32Array;
  /** How they were chosen (scores, correlation clusters, inner split sizes), or null without feature selection. */
  readonly featureSelection: WindowFeatureSelection | null;
  /** Impurity importance of the overall forest, and of each regime's forest (null without one); 0 for features not selected. */
  readonly importance: Float64Array;
  readonly regimeImportance: readonly (Float64Array | null)[];
  /** Out-of-bag R^2 of the overall forest on its training rows. */
  readonly oobScore: number;
}

export interface WalkForwardAlphaResult {
  readonly dates: Int32Array;
  readonly tickers: readonly string[];
  readonly featureNames: readonly string[];
  /**
   * The forecast, ticker-major N x T like the panel: regime-aware when regime probabilities were
   * given, else the overall forest's. NaN where no model predicted (before the first window,
   * rows with too few finite features).
   */
  readonly alpha: Float64Array;
  /** The overall forest's forecast (ticker-major N x T). */
  readonly alphaOverall: Float64Array;
  /** The regime-aware forecast (ticker-major N x T), or null without regime probabilities. */
  readonly alphaRegime: Float64Array | null;
  /** The label the models were trained on (ticker-major N x T): the target, demeaned per day when config.target = "demeaned". */
  readonly trainingTarget: Float64Array;
  /** Fold whose model predicted day t, -1 where none did. */
  readonly foldOfDay: Int32Array;
  readonly folds: readonly WalkForwardFold[];
  /**
   * Mean over folds of the overall forest's importance; per regime, the mean over folds where it
   * had a forest (null if never). Each renormalised to sum 1.
   */
  readonly meanImportance: Float64Array;
  readonly meanRegimeImportance: readonly (Float64Array | null)[];
  /** The last fold's fitted model (to forecast beyond the panel), on that fold's selectedFeatures (its featureNames say which). */
  readonly lastModel: AlphaModelFit | null;
  readonly nRegimes: number;
  readonly config: WalkForwardConfig;
  /** Wall time spent fitting and predicting, seconds (not part of the deterministic output). */
  readonly seconds: number;
  /** Threads the folds ran on (1: one after the other); the forecasts are the same for any count. */
  readonly threads: number;
}

/** Hooks for long runs (e.g. a notebook progress bar). */
export interface WalkForwardHooks {
  onFold?: (done: number, total: number) => void;
  /**
   * Run the schedule's last fold only (the one that forecasts the panel's last day): the daily
   * cycle. `storedModel(fold)` returns a model to use as is (the registry's champion; the result
   * then has no fold record), or undefined to fit the fold with the rows and seed the full
   * walk-forward uses (a retraining). Days of other folds stay NaN.
   */
  lastFoldOnly?: { readonly storedModel?: (fold: number) => AlphaModelFit | undefined };
}

/**
 * The refit schedule over a panel of `dayCount` days (its dates.length): one window per refit.
 * Pure arithmetic on day indices 0 .. dayCount - 1, so it takes the count, not the dates; every
 * day argument and window field is such an index.
 * @param firstLabelledDay first day with a usable training row (expanding windows start there)
 * @example walkForwardSchedule(1000, { minTrainDays: 500, retrainEveryDays: 100, horizonDays: 5 })[0]
 *   // => { fold: 0, trainStart: 0, trainEnd: 499, testStart: 504, testEnd: 604 }
 */
export function walkForwardSchedule(
  dayCount: number,
  config: WalkForwardConfigInput = {},
  { firstLabelledDay = 0 }: { firstLabelledDay?: number } = {},
): WalkForwardWindow[] {
  const cfg = parseWalkForwardConfig(config);
  const gap = cfg.horizonDays + cfg.embargoDays;
  const windows: WalkForwardWindow[] = [];
  // First refit: the window [firstLabelledDay, t0 - gap] must hold minTrainDays days.
  let t0 = firstLabelledDay + cfg.minTrainDays - 1 + gap;
  for (let fold = 0; t0 < dayCount; fold++, t0 += cfg.retrainEveryDays) {
    const trainEnd = t0 - gap;
    const trainStart = cfg.window === "rolling" ? Math.max(firstLabelledDay, trainEnd - cfg.trainDays + 1) : firstLabelledDay;
    windows.push({ fold, trainStart, trainEnd, testStart: t0, testEnd: Math.min(dayCount, t0 + cfg.retrainEveryDays) });
  }
  return windows;
}

/**
 * Walk-forward study of the alpha model on a feature panel.
 * @param features the panel's features (FeaturePanel shape: values[f] ticker-major N x T)
 * @param horizonTarget forward returns (values ticker-major N x T, NaN where unknown) and their horizon,
 *   which must equal config.horizonDays: the purge is that many days (`forwardReturnTarget` builds one)
 * @param regimeProbs filtered regime probabilities, row-major T x K (NaN rows allowed: no regime that day), or null
 * @param config WalkForwardConfig (see its docs for defaults)
 * @returns out-of-sample forecasts for every day after the first window, the folds that made them, importances
 * @throws on shape mismatches (naming the argument), unknown feature names, a target horizon other
 *   than config.horizonDays, or a bad config field
 */
export function walkForwardAlpha(
  features: AlphaFeaturePanel,
  horizonTarget: HorizonTarget,
  regimeProbs: Float64Array | null,
  config: WalkForwardConfigInput = {},
  hooks: WalkForwardHooks = {},
): WalkForwardAlphaResult {
  const started = Date.now();
  const cfg = parseWalkForwardConfig(config);
  if (horizonTarget.horizonDays !== cfg.horizonDays) {
    throw new Error(`walkForwardAlpha: the target's horizon is ${horizonTarget.horizonDays} days but config.horizonDays is ${cfg.horizonDays}; they must be equal (the purge drops horizonDays days of training labels)`);
  }
  const target = horizonTarget.values;
  const shape = panelShape(target, features, "walkForwardAlpha: target");
  const featureIdx = selectFeatures(features, cfg.featureNames);
  const featureNames = featureIdx.map((f) => features.names[f]);
  const K = regimeProbs === null ? 0 : regimeCount(regimeProbs, shape);
  const trainingTarget = cfg.target === "demeaned" ? demeanTargetByDay(target, features) : target.slice();
  const design = walkForwardDesign(features, featureIdx, trainingTarget, regimeProbs, K, shape, cfg.minFeatureCoverage, lastFoldDays(features, featureIdx, trainingTarget, shape, cfg, hooks));

  const { N, T } = shape;
  const windows = design.firstLabelledDay < 0 ? [] : walkForwardSchedule(T, cfg, { firstLabelledDay: design.firstLabelledDay });
  const only = hooks.lastFoldOnly;
  const threads = only === undefined ? foldThreads(windows, N, cfg) : 1;
  const blank: WalkForwardForecast = {
    alphaOverall: new Float64Array(N * T).fill(NaN),
    alphaRegime: K > 0 ? new Float64Array(N * T).fill(NaN) : null,
    foldOfDay: new Int32Array(T).fill(-1),
  };
  const forecast = threads > 1 ? sharedForecast(blank) : blank;
  const folds: WalkForwardFold[] = [];
  let lastModel: AlphaModelFit | null = null;
  if (threads > 1) {
    hooks.onFold?.(0, windows.length);
    const fitted = runFoldsInPool(design, windows, cfg, featureNames, features.dates, forecast, threads, (done) => hooks.onFold?.(done, windows.length));
    for (const fold of fitted) {
      if (fold === null) continue;
      lastModel = fold.model;
      folds.push(fold.record);
    }
  } else {
    for (const w of only === undefined ? windows : windows.slice(-1)) {
      hooks.onFold?.(folds.length, windows.length);
      const stored = only?.storedModel?.(w.fold);
      if (stored !== undefined) {
        const columns = cfg.featureSelection.method === "none" ? null : stored.featureNames.map((name) => featureNames.indexOf(name));
        lastModel = stored;
        writeFoldForecast(stored, design, w, forecast, columns);
        continue;
      }
      const fold = runFold(design, w, cfg, featureNames, features.dates, forecast);
      if (fold === null) continue;
      lastModel = fold.model;
      folds.push(fold.record);
    }
  }
  hooks.onFold?.(windows.length, windows.length);

  const F = featureIdx.length;
  const meanImportance = meanImportanceOf(folds.map((fold) => fold.importance), F);
  const meanRegimeImportance: (Float64Array | null)[] = [];
  for (let k = 0; k < K; k++) {
    const withModel = folds.flatMap((fold) => (fold.regimeImportance[k] ? [fold.regimeImportance[k]!] : []));
    meanRegimeImportance.push(withModel.length ? meanImportanceOf(withModel, F) : null);
  }

  // out of shared memory (slice copies into a plain buffer): callers may transfer or store them
  const alphaOverall = forecast.alphaOverall.slice(), alphaRegime = forecast.alphaRegime?.slice() ?? null, foldOfDay = forecast.foldOfDay.slice();
  return {
    dates: features.dates,
    tickers: features.tickers,
    featureNames,
    alpha: alphaRegime ?? alphaOverall,
    alphaOverall,
    alphaRegime,
    trainingTarget,
    foldOfDay,
    folds,
    meanImportance,
    meanRegimeImportance,
    lastModel,
    nRegimes: K,
    config: cfg,
    seconds: (Date.now() - started) / 1000,
    threads,
  };
}

/**
 * Threads for the folds: every core the forest config allows (forest.threads, "auto" = all) when
 * there are at least two folds and their forests are big enough to repay starting workers (rows x
 * trees over all folds >= 1e6, about a second of fitting); else 1 (folds in turn, each forest on
 * its own threads as configured). The forecasts are the same either way.
 */
function foldThreads(windows: readonly WalkForwardWindow[], N: number, cfg: WalkForwardConfig): number {
  const forest = cfg.model.forest;
  if (forest.backend !== "native" || windows.length < 2) return 1;
  const threads = Math.min(forestThreadsHere(forest.threads), windows.length);
  if (threads < 2) return 1;
  let rows = 0;
  for (const w of windows) rows += Math.min(cfg.maxTrainRows ?? Infinity, (w.trainEnd - w.trainStart + 1) * N);
  return rows * forest.nEstimators >= 1e6 ? threads : 1;
}

/** Indices into features.names of the selected features (all when `featureNames` is null), each checked to lie on the panel's grid. */
function selectFeatures(features: AlphaFeaturePanel, featureNames: readonly string[] | null): number[] {
  if (features.values.length !== features.names.length) throw new Error(`walkForwardAlpha: features has ${features.names.length} names but ${features.values.length} value arrays`);
  const featureIdx = (featureNames ?? features.names).map((name) => {
    const f = features.names.indexOf(name);
    if (f < 0) throw new Error(`walkForwardAlpha: feature "${name}" is not in the panel (have: ${features.names.join(", ")})`);
    panelShape(features.values[f], features, `walkForwardAlpha: feature "${name}"`);
    return f;
  });
  if (featureIdx.length === 0) throw new Error("walkForwardAlpha: no features selected");
  return featureIdx;
}

/** K of row-major T x K regime probabilities (one row per date, not a ticker panel). */
function regimeCount(regimeProbs: Float64Array, { T }: PanelShape): number {
  const K = regimeProbs.length / T;
  if (!Number.isInteger(K) || K < 1) throw new Error(`walkForwardAlpha: regimeProbs.length (${regimeProbs.length}) must be dates x K = ${T} x K (row-major)`);
  return K;
}

/**
 * With `lastFoldOnly`, the days the last fold reads: its test days when a stored model predicts,
 * its training and test days when it is fitted (null: every day). The first labelled day that
 * places the schedule is found by a scan from day 0, which stops at the first labelled row.
 */
function lastFoldDays(
  features: AlphaFeaturePanel,
  featureIdx: readonly number[],
  trainingTarget: Float64Array,
  shape: PanelShape,
  cfg: WalkForwardConfig,
  hooks: WalkForwardHooks,
): { lo: number; hi: number; firstLabelledDay: number } | null {
  const only = hooks.lastFoldOnly;
  if (only === undefined) return null;
  const { N, T } = shape;
  const F = featureIdx.length;
  const minFinite = Math.max(1, Math.ceil(cfg.minFeatureCoverage * F - 1e-9));
  let first = -1;
  for (let t = 0; t < T && first < 0; t++) {
    for (let j = 0; j < N && first < 0; j++) {
      const y = trainingTarget[j * T + t];
      if (!(y === y && Number.isFinite(y))) continue;
      let finite = 0;
      for (let q = 0; q < F; q++) if (features.values[featureIdx[q]][j * T + t] === features.values[featureIdx[q]][j * T + t]) finite++;
      if (finite >= minFinite) first = t;
    }
  }
  if (first < 0) return { lo: 0, hi: 0, firstLabelledDay: -1 };
  const windows = walkForwardSchedule(T, cfg, { firstLabelledDay: first });
  if (windows.length === 0) return { lo: 0, hi: 0, firstLabelledDay: first };
  const last = windows[windows.length - 1];
  const stored = only.storedModel?.(last.fold) !== undefined;
  return { lo: stored ? last.testStart : last.trainStart, hi: last.testEnd, firstLabelledDay: first };
}

/**
 * The day-major design of the walk-forward: features copied row by row, and which rows are usable
 * and labelled; with `days`, only the rows of days lo..hi-1 (the others stay unusable) and the
 * first labelled day as given.
 */
function walkForwardDesign(
  features: AlphaFeaturePanel,
  featureIdx: readonly number[],
  trainingTarget: Float64Array,
  regimeProbs: Float64Array | null,
  K: number,
  shape: PanelShape,
  minFeatureCoverage: number,
  days: { lo: number; hi: number; firstLabelledDay: number } | null = null,
): WalkForwardDesign {
  const { N, T } = shape;
  const F = featureIdx.length;
  const X = new Float64Array(T * N * F);
  const usable = new Uint8Array(T * N);
  const minFinite = Math.ceil(minFeatureCoverage * F - 1e-9);
  const lo = days ? days.lo : 0, hi = days ? days.hi : T;
  for (let t = lo; t < hi; t++) {
    for (let j = 0; j < N; j++) {
      const r = t * N + j;
      let finite = 0;
      for (let q = 0; q < F; q++) {
        const v = features.values[featureIdx[q]][j * T + t];
        X[r * F + q] = v;
        if (v === v) finite++;
      }
      usable[r] = finite >= Math.max(1, minFinite) ? 1 : 0;
    }
  }
  const labelled = new Uint8Array(T * N);
  let firstLabelledDay = -1;
  for (let t = lo; t < hi; t++) {
    for (let j = 0; j < N; j++) {
      const r = t * N + j;
      const y = trainingTarget[j * T + t];
      if (usable[r] && y === y && Number.isFinite(y)) {
        labelled[r] = 1;
        if (firstLabelledDay < 0) firstLabelledDay = t;
      }
    }
  }
  if (days) firstLabelledDay = days.firstLabelledDay;
  return { shape, F, K, X, usable, labelled, firstLabelledDay, trainingTarget, regimeProbs };
}

/** Which features each fold used: the fold x feature table of the walk-forward's feature selection. */
export interface FeatureSelectionTable {
  readonly featureNames: readonly string[];
  /** Fold number and first predicted day (epoch day) of each row. */
  readonly folds: Int32Array;
  readonly testStartDates: Int32Array;
  /** selected[i * F + q] = 1 when fold row i used feature q (row-major folds x F). */
  readonly selected: Uint8Array;
  /** Share of folds that used each feature. */
  readonly frequency: Float64Array;
}

/**
 * The fold x feature selection table of a walk-forward (every cell 1 without feature selection).
 * @example featureSelectionTable(wf).frequency // share of folds that kept each of wf.featureNames
 */
export function featureSelectionTable(result: Pick<WalkForwardAlphaResult, "featureNames" | "folds">): FeatureSelectionTable {
  const F = result.featureNames.length, n = result.folds.length;
  const selected = new Uint8Array(n * F);
  const frequency = new Float64Array(F);
  result.folds.forEach((fold, i) => {
    for (const q of fold.selectedFeatures) {
      selected[i * F + q] = 1;
      frequency[q] += 1 / n;
    }
  });
  return {
    featureNames: result.featureNames,
    folds: Int32Array.from(result.folds, (f) => f.fold),
    testStartDates: Int32Array.from(result.folds, (f) => f.testStartDate),
    selected,
    frequency,
  };
}

/** Mean over folds of F importances, renormalised to sum 1 (a fold whose forest never split contributes zeros). */
function meanImportanceOf(vectors: readonly Float64Array[], F: number): Float64Array {
  const mean = new Float64Array(F);
  for (const v of vectors) for (let q = 0; q < F; q++) mean[q] += v[q];
  let sum = 0;
  for (let q = 0; q < F; q++) sum += mean[q];
  if (sum > 0) for (let q = 0; q < F; q++) mean[q] /= sum;
  return mean;
}

/**
 * Each day's cross-sectional mean removed from a ticker-major N x T panel laid out on `grid` (NaN
 * stays NaN; a day with no finite value stays NaN). Uses only same-day values, so it adds no look-ahead.
 * @example demeanTargetByDay([1, 2, 3, NaN], { tickers: ["A", "B"], dates: Int32Array.of(1, 2) }) // => [-1, 0, 1, NaN]
 */
export function demeanTargetByDay(values: ArrayLike<number>, grid: PanelGrid): Float64Array {
  const { N, T } = panelShape(values, grid, "demeanTargetByDay: values");
  const out = new Float64Array(N * T);
  for (let t = 0; t < T; t++) {
    let sum = 0, n = 0;
    for (let j = 0; j < N; j++) {
      const v = values[j * T + t];
      if (v === v) {
        sum += v;
        n++;
      }
    }
    const mean = n > 0 ? sum / n : NaN;
    for (let j = 0; j < N; j++) out[j * T + t] = values[j * T + t] - mean;
  }
  return out;
}

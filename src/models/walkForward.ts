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
import { createRng } from "../util/rng";
import { fitAlphaModel, predictAlphaModel, type AlphaModelFit } from "./alphaModel";
import { selectWindowFeatures, type WindowFeatureSelection } from "./featureSelection";

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

/** Seed of fold `fold`'s forests: a hash of the study seed and the fold, so folds differ and runs repeat. */
function foldSeed(seed: number, fold: number): number {
  let h = Math.imul((seed | 0) ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(fold + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 1; // non-negative 31-bit
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
  const forecast: WalkForwardForecast = {
    alphaOverall: new Float64Array(N * T).fill(NaN),
    alphaRegime: K > 0 ? new Float64Array(N * T).fill(NaN) : null,
    foldOfDay: new Int32Array(T).fill(-1),
  };
  const folds: WalkForwardFold[] = [];
  const windows = design.firstLabelledDay < 0 ? [] : walkForwardSchedule(T, cfg, { firstLabelledDay: design.firstLabelledDay });
  let lastModel: AlphaModelFit | null = null;
  const only = hooks.lastFoldOnly;
  for (const w of only === undefined ? windows : windows.slice(-1)) {
    hooks.onFold?.(folds.length, windows.length);
    const stored = only?.storedModel?.(w.fold);
    if (stored !== undefined) {
      const model = stored;
      const columns = cfg.featureSelection.method === "none" ? null : model.featureNames.map((name) => featureNames.indexOf(name));
      lastModel = model;
      writeFoldForecast(model, design, w, forecast, columns);
      continue;
    }
    const train = foldTrainingSet(design, w, cfg);
    if (train === null) continue;
    const selection = selectFoldFeatures(train, design, w, cfg);
    const columns = selection ? Array.from(selection.selected) : null;
    const model = fitFold(columns ? trainingColumns(train, design.F, columns) : train, w, cfg, columns ? columns.map((q) => featureNames[q]) : featureNames);
    lastModel = model;
    const testRows = writeFoldForecast(model, design, w, forecast, columns);
    folds.push(foldRecord(w, features.dates, train, testRows, model, design.F, selection));
  }
  hooks.onFold?.(windows.length, windows.length);

  const F = featureIdx.length;
  const meanImportance = meanImportanceOf(folds.map((fold) => fold.importance), F);
  const meanRegimeImportance: (Float64Array | null)[] = [];
  for (let k = 0; k < K; k++) {
    const withModel = folds.flatMap((fold) => (fold.regimeImportance[k] ? [fold.regimeImportance[k]!] : []));
    meanRegimeImportance.push(withModel.length ? meanImportanceOf(withModel, F) : null);
  }

  const { alphaOverall, alphaRegime, foldOfDay } = forecast;
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
  };
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
 * The walk-forward's inputs rearranged day-major: row r = t * N + j (ticker j, day t), so a day
 * range is a contiguous row range.
 */
interface WalkForwardDesign {
  readonly shape: PanelShape;
  /** Features selected, and regimes (0 without regime probabilities). */
  readonly F: number;
  readonly K: number;
  /** X[r * F + q]: selected feature q of row r. */
  readonly X: Float64Array;
  /** 1 where the row has enough finite features to be used (train or predict). */
  readonly usable: Uint8Array;
  /** 1 where the row is usable and has a finite training label. */
  readonly labelled: Uint8Array;
  /** First day with a labelled row, -1 when none. */
  readonly firstLabelledDay: number;
  /** The training label, ticker-major like the target. */
  readonly trainingTarget: Float64Array;
  /** Row-major T x K, or null. */
  readonly regimeProbs: Float64Array | null;
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

/** One fold's training set: rows (day-major ids), their features, labels and regime probabilities. */
interface FoldTrainingSet {
  /** Labelled rows in the training window, before subsampling. */
  readonly available: number;
  readonly rows: Int32Array;
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly regimeProbs: Float64Array | null;
}

/**
 * The training set of window `w`: the labelled rows of days trainStart..trainEnd, chronological,
 * subsampled to maxTrainRows. The purge lives in the window (trainEnd = testStart - h - embargo),
 * so no training label overlaps the returns this fold predicts.
 * @returns null when fewer rows than a forest can split are available (the fold is skipped)
 */
function foldTrainingSet(design: WalkForwardDesign, w: WalkForwardWindow, cfg: WalkForwardConfig): FoldTrainingSet | null {
  const { shape: { N, T }, F, K, X, labelled, trainingTarget, regimeProbs } = design;
  const minRows = Math.max(2, 2 * cfg.model.forest.minSamplesLeaf);
  const lo = w.trainStart * N, hi = (w.trainEnd + 1) * N;
  let available = 0;
  for (let r = lo; r < hi; r++) available += labelled[r];
  if (available < minRows) return null;
  let rows = new Int32Array(available);
  for (let r = lo, m = 0; r < hi; r++) if (labelled[r]) rows[m++] = r;
  if (cfg.maxTrainRows !== null && available > cfg.maxTrainRows) rows = subsampleRows(rows, cfg.maxTrainRows, foldSeed(cfg.seed, w.fold));
  const m = rows.length;
  const Xtr = new Float64Array(m * F);
  const ytr = new Float64Array(m);
  const ptr = K > 0 ? new Float64Array(m * K) : null;
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    const t = (r / N) | 0, j = r - t * N;
    Xtr.set(X.subarray(r * F, (r + 1) * F), i * F);
    ytr[i] = trainingTarget[j * T + t];
    if (ptr) ptr.set(regimeProbs!.subarray(t * K, (t + 1) * K), i * K);
  }
  return { available, rows, X: Xtr, y: ytr, regimeProbs: ptr };
}

/** Fit the alpha model of window `w` on its training set, with this fold's forest seed. */
function fitFold(train: Pick<FoldTrainingSet, "X" | "y" | "regimeProbs">, w: WalkForwardWindow, cfg: WalkForwardConfig, featureNames: readonly string[]): AlphaModelFit {
  return fitAlphaModel(train.X, train.y, train.regimeProbs, {
    ...cfg.model,
    forest: { ...cfg.model.forest, seed: foldSeed(cfg.model.forest.seed, w.fold) },
    featureNames,
  });
}

/**
 * The features window `w`'s forests use, chosen on its training rows only (null without feature
 * selection: every feature). Seeds derive from featureSelection.seed and the fold.
 */
function selectFoldFeatures(train: FoldTrainingSet, design: WalkForwardDesign, w: WalkForwardWindow, cfg: WalkForwardConfig): WindowFeatureSelection | null {
  if (cfg.featureSelection.method === "none") return null;
  const N = design.shape.N;
  const rowDay = Int32Array.from(train.rows, (r) => (r / N) | 0);
  return selectWindowFeatures(train.X, train.y, rowDay, {
    selection: cfg.featureSelection,
    forest: cfg.model.forest,
    purgeDays: cfg.horizonDays + cfg.embargoDays,
    seed: foldSeed(cfg.featureSelection.seed, w.fold),
  });
}

/** The training set restricted to `columns` of its F features (row-major, columns in the given order). */
function trainingColumns(train: FoldTrainingSet, F: number, columns: readonly number[]): FoldTrainingSet {
  return { ...train, X: pickColumns(train.X, F, columns) };
}

/** Row-major n x F `X` restricted to `columns`. */
function pickColumns(X: Float64Array, F: number, columns: readonly number[]): Float64Array {
  const n = X.length / F, C = columns.length;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) out[i * C + c] = X[i * F + columns[c]];
  return out;
}

/** The forecasts being filled in, fold by fold (ticker-major N x T, and the fold of each day). */
interface WalkForwardForecast {
  readonly alphaOverall: Float64Array;
  readonly alphaRegime: Float64Array | null;
  readonly foldOfDay: Int32Array;
}

/**
 * Predict every usable row of window `w`'s test days with its model and write the forecasts (and
 * the fold of those days) into `out`; `columns` are the features the model was fitted on (null: all).
 * @returns the number of rows predicted
 */
function writeFoldForecast(model: AlphaModelFit, design: WalkForwardDesign, w: WalkForwardWindow, out: WalkForwardForecast, columns: readonly number[] | null): number {
  const { shape: { N, T }, F, K, X, usable, regimeProbs } = design;
  let nTest = 0;
  for (let r = w.testStart * N; r < w.testEnd * N; r++) nTest += usable[r];
  const Xte = new Float64Array(nTest * F);
  const pte = K > 0 ? new Float64Array(nTest * K) : null;
  const testRows = new Int32Array(nTest);
  for (let r = w.testStart * N, i = 0; r < w.testEnd * N; r++) {
    if (!usable[r]) continue;
    const t = (r / N) | 0;
    testRows[i] = r;
    Xte.set(X.subarray(r * F, (r + 1) * F), i * F);
    if (pte) pte.set(regimeProbs!.subarray(t * K, (t + 1) * K), i * K);
    i++;
  }
  const pred = predictAlphaModel(model, columns ? pickColumns(Xte, F, columns) : Xte, pte);
  for (let i = 0; i < nTest; i++) {
    const r = testRows[i];
    const t = (r / N) | 0, j = r - t * N;
    out.alphaOverall[j * T + t] = pred.overall[i];
    if (out.alphaRegime) out.alphaRegime[j * T + t] = pred.alpha[i];
  }
  for (let t = w.testStart; t < w.testEnd; t++) out.foldOfDay[t] = w.fold;
  return nTest;
}

/** The record of a fitted fold: its window as day indices and dates, its sizes, features and importances (over all F features). */
function foldRecord(
  w: WalkForwardWindow,
  dates: Int32Array,
  train: FoldTrainingSet,
  testRows: number,
  model: AlphaModelFit,
  F: number,
  selection: WindowFeatureSelection | null,
): WalkForwardFold {
  const selectedFeatures = selection ? selection.selected : Int32Array.from({ length: F }, (_, q) => q);
  // importances of a forest on the selected features, spread back over all F (0 where not selected)
  const overAll = (v: Float64Array): Float64Array => {
    if (!selection) return v;
    const out = new Float64Array(F);
    selectedFeatures.forEach((q, c) => (out[q] = v[c]));
    return out;
  };
  return {
    ...w,
    trainStartDate: dates[w.trainStart],
    trainEndDate: dates[w.trainEnd],
    testStartDate: dates[w.testStart],
    testEndDate: dates[w.testEnd - 1],
    trainRowsAvailable: train.available,
    trainRows: train.rows.length,
    testRows,
    regimeRows: Array.from(model.regimeRowCounts),
    regimeModelled: model.regimeForests.map((f) => f !== null),
    selectedFeatures,
    featureSelection: selection,
    importance: overAll(model.overall.featureImportance),
    regimeImportance: model.regimeForests.map((f) => (f ? overAll(f.featureImportance) : null)),
    oobScore: model.overall.oobScore,
  };
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

/** A seeded uniform subsample of `count` rows without replacement (partial Fisher-Yates), returned in ascending order. */
function subsampleRows(rows: Int32Array, count: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const a = rows.slice();
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.subarray(0, count).sort();
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

/**
 * One fold of the walk-forward (./walkForward): its training set, feature selection, alpha model,
 * test forecasts and record. A fold reads only the shared day-major design and writes only its own
 * test days, so folds are independent of one another: ./foldPool runs them on several threads
 * with the same results as one after the other.
 */
import type { WalkForwardConfig } from "../config/models";
import type { PanelShape } from "../data/types";
import { createRng } from "../util/rng";
import { fitAlphaModel, predictAlphaModel, type AlphaModelFit } from "./alphaModel";
import { selectWindowFeatures, type WindowFeatureSelection } from "./featureSelection";
import type { WalkForwardFold, WalkForwardWindow } from "./walkForward";

/** Seed of fold `fold`'s forests: a hash of the study seed and the fold, so folds differ and runs repeat. */
function foldSeed(seed: number, fold: number): number {
  let h = Math.imul((seed | 0) ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(fold + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 1; // non-negative 31-bit
}

/**
 * The walk-forward's inputs rearranged day-major: row r = t * N + j (ticker j, day t), so a day
 * range is a contiguous row range.
 */
export interface WalkForwardDesign {
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

/** One fold's training set: rows (day-major ids), their features, labels and regime probabilities. */
export interface FoldTrainingSet {
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
export function foldTrainingSet(design: WalkForwardDesign, w: WalkForwardWindow, cfg: WalkForwardConfig): FoldTrainingSet | null {
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
export function fitFold(train: Pick<FoldTrainingSet, "X" | "y" | "regimeProbs">, w: WalkForwardWindow, cfg: WalkForwardConfig, featureNames: readonly string[]): AlphaModelFit {
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
export function selectFoldFeatures(train: FoldTrainingSet, design: WalkForwardDesign, w: WalkForwardWindow, cfg: WalkForwardConfig): WindowFeatureSelection | null {
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
export interface WalkForwardForecast {
  readonly alphaOverall: Float64Array;
  readonly alphaRegime: Float64Array | null;
  readonly foldOfDay: Int32Array;
}

/**
 * Predict every usable row of window `w`'s test days with its model and write the forecasts (and
 * the fold of those days) into `out`; `columns` are the features the model was fitted on (null: all).
 * @returns the number of rows predicted
 */
export function writeFoldForecast(model: AlphaModelFit, design: WalkForwardDesign, w: WalkForwardWindow, out: WalkForwardForecast, columns: readonly number[] | null): number {
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
export function foldRecord(
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

/** A fitted fold: its record and model. */
export interface FittedFold {
  readonly record: WalkForwardFold;
  readonly model: AlphaModelFit;
}

/**
 * Train window `w`'s model (after its feature selection, if any), write its test forecasts into
 * `forecast`, and return its record and model; null when the window has too few rows to train.
 */
export function runFold(design: WalkForwardDesign, w: WalkForwardWindow, cfg: WalkForwardConfig, featureNames: readonly string[], dates: Int32Array, forecast: WalkForwardForecast): FittedFold | null {
  const train = foldTrainingSet(design, w, cfg);
  if (train === null) return null;
  const selection = selectFoldFeatures(train, design, w, cfg);
  const columns = selection ? Array.from(selection.selected) : null;
  const model = fitFold(columns ? trainingColumns(train, design.F, columns) : train, w, cfg, columns ? columns.map((q) => featureNames[q]) : featureNames);
  const testRows = writeFoldForecast(model, design, w, forecast, columns);
  return { record: foldRecord(w, dates, train, testRows, model, design.F, selection), model };
}

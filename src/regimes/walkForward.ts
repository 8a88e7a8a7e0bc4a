/**
 * Walk-forward regimes: the regime probabilities a trader could have had each day.
 *
 * At each refit date r (every `refitEveryDays` rows once `trainDays` complete rows exist) the
 * scaler and the HMM are fitted on the training rows up to and including r. For every day t from
 * r until the next refit, the probabilities are that model's filtered P(regime_t | rows up to t),
 * run forward from the start of its training window. So row t depends only on rows <= t: change
 * any later row and rows <= t stay the same (a test proves it). Labels keep their meaning across
 * refits because every fit orders its states by the same rule (calm to turbulent by default).
 */
import { dayToIso } from "../util/dates";
import type { Panel } from "../data/types";
import { HmmFitConfigSchema, WalkForwardRegimesConfigSchema, parseRegimeConfig, type RegimeConfig, type WalkForwardRegimesConfigInput } from "../config/regimes";
import { parseConfig } from "../config/parse";
import { regimeFeatureMatrix, type RegimeFeatureMatrix } from "./regimeFeatures";
import { availableParallelism } from "node:os";
import { bestHmmRestart, prepareHmmFit, runHmmRestart, type GaussianHmmFitOptions, type HmmRestartOutcome } from "./fit";
import { regimeArgmax } from "./labels";
import { freezeModel } from "./model";
import { regimeFilter, regimeModelFromHmm, regimeRowCount, standardisedTrainingRows, type RegimeFeatures, type RegimeModel, type StandardisedTrainingRows } from "./regimeModel";
import { RestartPool } from "./restartPool";
import type { HmmScaler } from "./scaler";
import type { GaussianHmm } from "./types";

/**
 * Options of `walkForwardRegimes`: the schedule (trainDays, refitEveryDays, window, nRestarts per
 * refit, warmStart) and the HMM settings, all optional. Default: see WalkForwardRegimesConfig and
 * HmmFitConfig (src/config/regimes.ts).
 */
export type WalkForwardRegimeOptions = WalkForwardRegimesConfigInput &
  Omit<GaussianHmmFitOptions, "initParams" | "warmStart" | "featureNames" | "nRestarts"> & {
    /** Called after each fit (for a progress bar). */
    onFit?: (done: number, total: number) => void;
    /**
     * A model already fitted at this refit row (e.g. one the production registry stored when that
     * day was live): used as is instead of refitting, so a daily cycle only runs the forward pass.
     * It must be the fit this walk-forward would make there; undefined means fit it.
     */
    fittedModel?: (refitRow: number) => RegimeModel | undefined;
    /**
     * Filtered probabilities computed earlier for a fit's rows, keyed by the caller: a daily
     * process over one panel passes the same map every day, so only the current fit (whose rows
     * grow by one a day) is filtered again. Entries hold rows [refitRow, validUntil) of a fit taken
     * from `fittedModel`, and are valid only for the same features.
     */
    filteredCache?: Map<string, Float64Array>;
  };

/** One refit of the walk-forward. */
export interface WalkForwardRegimeFit {
  /** Row of the refit date: the model uses rows up to and including it. */
  readonly refitRow: number;
  /** Epoch day of the refit row, or null when the features have no dates. */
  readonly refitDay: number | null;
  /** Training rows [trainStart, refitRow]. */
  readonly trainStart: number;
  /** The model serves rows [refitRow, validUntil). */
  readonly validUntil: number;
  /** Incomplete rows inside the training window, left out of the fit. */
  readonly droppedRows: number;
  readonly model: RegimeModel;
}

export interface WalkForwardRegimes {
  readonly names: readonly string[];
  readonly dates: Int32Array | null;
  readonly nComponents: number;
  /** T x K row-major causal probabilities; NaN before the first fit and on incomplete rows. */
  readonly filtered: Float64Array;
  /** Most probable regime per row from `filtered`; -1 where it is NaN. */
  readonly labels: Int32Array;
  /** Index into `fits` of the model behind each row; -1 before the first fit. */
  readonly fitIndex: Int32Array;
  readonly fits: readonly WalkForwardRegimeFit[];
  /** First row with probabilities (the first refit row), or T when there is none. */
  readonly firstRow: number;
}

/**
 * Causal walk-forward regime probabilities over all rows of `features` (see the module comment).
 * Options default: see WalkForwardRegimesConfig and HmmFitConfig.
 * @throws ConfigError naming an option out of range; an Error when fewer than `trainDays` complete rows exist
 * @example walkForwardRegimes(regimeFeatureMatrix(panel), { refitEveryDays: 21, seed: 7 }).filtered
 */
export function walkForwardRegimes(features: RegimeFeatures, options: WalkForwardRegimeOptions = {}): WalkForwardRegimes {
  const fn = "walkForwardRegimes";
  const { trainDays, refitEveryDays, window, nRestarts, warmStart, threads, onFit, fittedModel, filteredCache, ...hmmOptions } = options;
  const schedule = parseConfig(WalkForwardRegimesConfigSchema, { trainDays, refitEveryDays, window, nRestarts, warmStart, threads }, fn);
  const hmm = parseConfig(HmmFitConfigSchema, { ...hmmOptions, nRestarts: schedule.nRestarts }, fn);
  const T = regimeRowCount(features, fn);
  const d = features.names.length;
  const K = hmm.nComponents;
  const X = features.X;
  const complete = new Uint8Array(T);
  for (let t = 0; t < T; t++) {
    let ok = 1;
    for (let f = 0; f < d; f++) if (!Number.isFinite(X[t * d + f])) ok = 0;
    complete[t] = ok;
  }
  // first refit: the row at which `trainDays` complete rows have been seen
  let seen = 0;
  let firstComplete = -1;
  let firstRefit = -1;
  for (let t = 0; t < T && firstRefit < 0; t++) {
    if (!complete[t]) continue;
    if (firstComplete < 0) firstComplete = t;
    if (++seen === schedule.trainDays) firstRefit = t;
  }
  if (firstRefit < 0) throw new Error(`${fn}: needs trainDays = ${schedule.trainDays} complete rows, the features have ${seen} of ${T}`);

  const refitRows: number[] = [];
  for (let r = firstRefit; r < T; r += schedule.refitEveryDays) refitRows.push(r);
  const filtered = new Float64Array(T * K).fill(NaN);
  const fitIndex = new Int32Array(T).fill(-1);
  const fits: WalkForwardRegimeFit[] = [];
  const refitLabel = (r: number) => `refit at row ${r}${features.dates ? ` (${dayToIso(features.dates[r])})` : ""}`;
  // Every refit's window and standardised training rows first: its k-means restarts need nothing
  // else, so they can all start at once (./restartPool); only the warm start waits for the previous fit.
  const windows: { trainStart: number; validUntil: number; dropped: number; train: StandardisedTrainingRows }[] = [];
  for (let i = 0; i < refitRows.length; i++) {
    const r = refitRows[i];
    const validUntil = i + 1 < refitRows.length ? refitRows[i + 1] : T;
    let trainStart = firstComplete;
    if (schedule.window === "rolling") {
      // the last `trainDays` complete rows up to r
      let n = 0;
      for (let t = r; t >= firstComplete; t--) {
        if (complete[t] && ++n === schedule.trainDays) {
          trainStart = t;
          break;
        }
      }
    }
    let dropped = 0;
    for (let t = trainStart; t <= r; t++) if (!complete[t]) dropped++;
    const rows = dropped === 0 ? { X: X.subarray(trainStart * d, (r + 1) * d), names: features.names } : completeRows(X, d, trainStart, r + 1, features.names);
    try {
      windows.push({ trainStart, validUntil, dropped, train: standardisedTrainingRows(rows) });
    } catch (err) {
      throw new Error(`${fn}: ${refitLabel(r)} failed: ${(err as Error).message}`);
    }
  }
  // Refits whose model the caller already has (fittedModel) are not fitted: only the others go to the pool.
  const stored = refitRows.map((r) => fittedModel?.(r));
  const toFit = windows.map((_, i) => i).filter((i) => stored[i] === undefined);
  const poolSlot = new Int32Array(windows.length).fill(-1);
  toFit.forEach((i, slot) => (poolSlot[i] = slot));
  const offsets = new Float64Array(toFit.length + 1);
  for (let s = 0; s < toFit.length; s++) offsets[s + 1] = offsets[s] + windows[toFit[s]].train.Z.length;
  const allRows = new Float64Array(offsets[toFit.length]);
  for (let s = 0; s < toFit.length; s++) allRows.set(windows[toFit[s]].train.Z, offsets[s]);
  const coldSettings = { ...hmm, featureNames: features.names };
  const restarts = schedule.nRestarts;
  const nThreads = schedule.threads === "auto" ? (toFit.length * restarts >= 4 ? availableParallelism() : 1) : schedule.threads;
  const pool = new RestartPool(allRows, offsets, d, coldSettings, restarts, nThreads);
  let previous: RegimeModel | null = null;
  try {
    for (let i = 0; i < refitRows.length; i++) {
      const r = refitRows[i];
      const { trainStart, validUntil, dropped, train } = windows[i];
      let model: RegimeModel;
      const given = stored[i];
      if (given !== undefined) model = given;
      else try {
        // The same restarts, in the same order, as fitGaussianHmm with this warm start: warm first, then k-means.
        const warm = schedule.warmStart && previous ? rescaleHmm(previous.hmm, previous.scaler, train.scaler) : undefined;
        const fit = prepareHmmFit(train.Z, d, { ...coldSettings, warmStart: warm });
        const outcomes: HmmRestartOutcome[] = warm ? [runHmmRestart(fit, 0)] : [];
        for (let j = 0; j < restarts; j++) outcomes.push(pool.result(poolSlot[i] * restarts + j));
        model = regimeModelFromHmm(features.names, train, bestHmmRestart(fit, outcomes));
      } catch (err) {
        throw new Error(`${fn}: ${refitLabel(r)} failed: ${(err as Error).message}`);
      }
      // filtered probabilities for rows [r, validUntil), run forward from the window start
      const cacheKey = given !== undefined && filteredCache ? `${r}:${validUntil}:${trainStart}` : null;
      let rows = cacheKey !== null ? filteredCache!.get(cacheKey) : undefined;
      if (rows === undefined) {
        const probs = regimeFilter(model, X.subarray(trainStart * d, validUntil * d));
        rows = probs.slice((r - trainStart) * K, (validUntil - trainStart) * K);
        if (cacheKey !== null) filteredCache!.set(cacheKey, rows);
      }
      for (let t = r; t < validUntil; t++) fitIndex[t] = i;
      filtered.set(rows, r * K);
      fits.push(Object.freeze({ refitRow: r, refitDay: features.dates ? features.dates[r] : null, trainStart, validUntil, droppedRows: dropped, model }));
      previous = model;
      onFit?.(i + 1, refitRows.length);
    }
  } finally {
    pool.close();
  }
  return Object.freeze({
    names: [...features.names],
    dates: features.dates ?? null,
    nComponents: K,
    filtered,
    labels: regimeArgmax(filtered, K),
    fitIndex,
    fits,
    firstRow: firstRefit,
  });
}

function completeRows(X: Float64Array, d: number, start: number, end: number, names: readonly string[]): RegimeFeatures {
  const rows: number[] = [];
  for (let t = start; t < end; t++) {
    let ok = true;
    for (let f = 0; f < d; f++) if (!Number.isFinite(X[t * d + f])) ok = false;
    if (ok) for (let f = 0; f < d; f++) rows.push(X[t * d + f]);
  }
  return { X: Float64Array.from(rows), names };
}

/**
 * A standardised-unit HMM re-expressed under another scaler: the same distribution of raw features.
 * mu' = (mu s + m - m') / s', Sigma'_ij = Sigma_ij s_i s_j / (s'_i s'_j).
 */
export function rescaleHmm(model: GaussianHmm, from: HmmScaler, to: HmmScaler): GaussianHmm {
  const K = model.nComponents;
  const d = model.nFeatures;
  const means = new Float64Array(K * d);
  const covars = new Float64Array(K * d * d);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < d; i++) {
      means[k * d + i] = (model.means[k * d + i] * from.scale[i] + from.mean[i] - to.mean[i]) / to.scale[i];
      for (let j = 0; j < d; j++) {
        const o = (k * d + i) * d + j;
        covars[o] = (model.covars[o] * from.scale[i] * from.scale[j]) / (to.scale[i] * to.scale[j]);
      }
    }
  }
  return freezeModel({
    covarianceType: model.covarianceType,
    nComponents: K,
    nFeatures: d,
    startprob: Float64Array.from(model.startprob),
    transmat: Float64Array.from(model.transmat),
    means,
    covars,
  });
}

/**
 * The study's causal regimes in one call: parse a RegimeConfig (defaults filled), build the regime
 * features from the panel, run the walk-forward with the HMM settings. Row t of `filtered` is the
 * panel's day t. This is what the alpha models and the backtest consume.
 * @example const { filtered, labels, nComponents } = panelWalkForwardRegimes(panel, { hmm: { nComponents: 4 } })
 */
export function panelWalkForwardRegimes(
  panel: Panel,
  config: unknown = {},
  { onFit, fittedModel, filteredCache }: Pick<WalkForwardRegimeOptions, "onFit" | "fittedModel" | "filteredCache"> = {},
): WalkForwardRegimes & { readonly features: RegimeFeatureMatrix; readonly config: RegimeConfig } {
  const cfg = parseRegimeConfig(config);
  const features = regimeFeatureMatrix(panel, cfg.features);
  // the walk-forward's restarts per refit replace the whole-sample fit's nRestarts
  const wf = walkForwardRegimes(features, { ...cfg.hmm, ...cfg.walkForward, onFit, fittedModel, filteredCache });
  return Object.freeze({ ...wf, features, config: cfg });
}

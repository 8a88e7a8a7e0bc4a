/**
 * The study's two expensive steps, memoised on disk (memo.ts) and keyed by their config and the
 * data's memo key: the walk-forward regimes (filtered, causal probabilities) and the walk-forward
 * forests (overall and regime-aware). Then every alpha the study can trade, the momentum baseline
 * beside the forests, and their out-of-sample comparison.
 */
import type { DataPanel } from "../../data/load";
import type { FeaturePanel } from "../../features/panel";
import type { HorizonTarget } from "../../features/targets";
import { panelGrid } from "../../data/types";
import { panelWalkForwardRegimes } from "../../regimes/walkForward";
import { regimeNames } from "../../regimes/labels";
import { walkForwardAlpha, type WalkForwardHooks } from "../../models/walkForward";
import { compareAlphaForecasts, momentumAlpha, type AlphaComparison } from "../../models/evaluation";
import { momentumAlphaName, type StudyAlphaName, type StudyConfig } from "../config";
import { memoized, type MemoResult } from "./memo";
import type { StudyModels, StudyRegimes } from "./types";

/** The walk-forward regimes of the panel (from the memo when this config and data were seen). */
export function studyRegimes(
  panel: DataPanel,
  dataKey: string,
  config: Pick<StudyConfig, "regimes" | "cache">,
  { onFit }: { onFit?: (done: number, total: number) => void } = {},
): MemoResult<StudyRegimes> {
  return memoized("regimes", { regimes: config.regimes, data: dataKey }, () => {
    const wf = panelWalkForwardRegimes(panel, config.regimes, { onFit });
    return {
      names: regimeNames(wf.nComponents),
      nComponents: wf.nComponents,
      filtered: wf.filtered,
      labels: wf.labels,
      firstRow: wf.firstRow,
      refitDays: Int32Array.from(wf.fits, (f) => panel.dates[f.refitRow]),
    } satisfies StudyRegimes;
  }, config.cache);
}

/** The walk-forward forests' forecasts (ticker-major N x T) and their models, as the memo keeps them. */
export interface StudyForests {
  /** The regime-aware forecast (the overall one when the walk-forward got no regime probabilities). */
  readonly alphaRegime: Float64Array;
  readonly alphaOverall: Float64Array;
  readonly models: StudyModels;
}

/** The walk-forward forests on the features, the target and the filtered regimes (from the memo when seen). */
export function studyForests(
  features: FeaturePanel,
  target: HorizonTarget,
  regimes: StudyRegimes,
  dataKey: string,
  config: Pick<StudyConfig, "features" | "regimes" | "walkForward" | "cache">,
  hooks: WalkForwardHooks = {},
): MemoResult<StudyForests> {
  return memoized("alpha", { features: config.features, regimes: config.regimes, walkForward: config.walkForward, data: dataKey }, () => {
    const wf = walkForwardAlpha(features, target, regimes.filtered, config.walkForward, hooks);
    return {
      alphaRegime: wf.alphaRegime ?? wf.alphaOverall,
      alphaOverall: wf.alphaOverall,
      models: { featureNames: wf.featureNames, folds: wf.folds, meanImportance: wf.meanImportance, meanRegimeImportance: wf.meanRegimeImportance, seconds: wf.seconds } satisfies StudyModels,
    };
  }, config.cache);
}

/** Every alpha the study can trade, in the order of `studyAlphaNames`: the two forests and the momentum baseline. */
export function studyAlphas(panel: DataPanel, forests: StudyForests, config: Pick<StudyConfig, "momentumLookbackDays">): Record<StudyAlphaName, Float64Array> {
  return {
    "regime-aware forest": forests.alphaRegime,
    "overall forest": forests.alphaOverall,
    [momentumAlphaName(config.momentumLookbackDays)]: momentumAlpha(panel.close, panelGrid(panel), { lookbackDays: config.momentumLookbackDays }),
  };
}

/** The alphas' out-of-sample forecast quality on their common pairs, against the model's h-day target. */
export function compareStudyAlphas(
  alphas: Readonly<Record<StudyAlphaName, Float64Array>>,
  target: Float64Array,
  panel: DataPanel,
  config: Pick<StudyConfig, "walkForward" | "momentumLookbackDays">,
): AlphaComparison {
  // the momentum score ranks assets but is not in return units: no R^2 for it
  const momentum = momentumAlphaName(config.momentumLookbackDays);
  return compareAlphaForecasts(alphas, target, panelGrid(panel), { horizonDays: config.walkForward.horizonDays, scoreOnly: [momentum] });
}

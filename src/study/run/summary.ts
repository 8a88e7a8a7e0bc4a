/**
 * The study's headline statistics (`StudySummary`, what summary.json holds besides the provenance),
 * all over the evaluation period: performance of the strategy, before costs, of the benchmark and
 * of the equal-weight book; by regime; the significance of the Sharpe ratio with every variant
 * counted as a trial; the traded alpha's IC; exposure; costs; and the look-ahead check.
 */
import type { BacktestResult } from "../../backtest/engine";
import type { DataPanel } from "../../data/load";
import type { PortfolioResult } from "../../portfolio/constructor";
import { panelGrid, type PanelGrid } from "../../data/types";
import { forwardReturns } from "../../features/targets";
import { exposureSummary, weightExtremes } from "../../portfolio/exposure";
import { performanceSummary } from "../../analytics/summary";
import { performanceByRegime } from "../../analytics/regime";
import { annualizedMeanReturn } from "../../analytics/returns";
import { deflatedSharpeRatio, probabilisticSharpeRatio, sharpeBootstrapInterval } from "../../analytics/significance";
import { icByDay, icSummary } from "../../analytics/ic";
import { effectiveTrials, trialCorrelation, type EffectiveTrialsMethod } from "../../analytics/trials";
import { dayToIso } from "../../util/dates";
import type { StudyConfig } from "../config";
import type { LookAheadCheck } from "./lookahead";
import { dailyRiskFree, fromStart } from "./period";
import type { StudyResult, StudySummary, StudyVariant } from "./types";

/** What the headline statistics are computed from: the study's results so far, and its look-ahead check. */
export type StudySummaryInputs = Pick<
  StudyResult,
  "panel" | "target" | "alphas" | "regimes" | "portfolio" | "backtest" | "periodStart" | "benchmarkReturns" | "equalWeightReturns" | "regimeOfReturn" | "variants" | "advBasis"
> & { readonly lookAhead: LookAheadCheck; readonly features: StudySummary["features"] };

/** Every headline number of the study, from `periodStart` to the last day. */
export function studySummary(run: StudySummaryInputs, config: StudyConfig): StudySummary {
  const { panel, backtest, periodStart: start } = run;
  const T = panel.dates.length;
  const riskFree = dailyRiskFree(config);
  const net = fromStart(backtest.netReturn, start);
  const gross = fromStart(backtest.grossReturn, start);
  const bench = fromStart(run.benchmarkReturns, start);
  return {
    period: { start: dayToIso(panel.dates[start]), end: dayToIso(panel.dates[T - 1]), days: T - start },
    strategy: performanceSummary(net, { riskFree, benchmark: bench, grossReturns: gross, turnover: fromStart(backtest.turnover, start) }),
    gross: performanceSummary(gross, { riskFree, benchmark: bench }),
    benchmark: performanceSummary(bench, { riskFree }),
    equalWeight: performanceSummary(fromStart(run.equalWeightReturns, start), { riskFree, benchmark: bench }),
    byRegime: performanceByRegime(net, fromStart(run.regimeOfReturn, start), { labels: run.regimes.names, riskFree }),
    significance: studySignificance(net, run.variants, config),
    ic: studyIc(run.alphas[config.alpha], run.target, panel, start, config),
    exposure: studyExposure(run.portfolio, backtest, panelGrid(panel), start),
    costs: { ...studyCosts(backtest, start), advBasis: run.advBasis.tickers },
    lookAhead: run.lookAhead,
    features: run.features,
  };
}

/**
 * The trials the deflated Sharpe ratio counts: every backtested variant plus the configurations
 * declared in `analytics.extraTrials`, with the variants' Sharpe ratios for their spread (two at least).
 * @example studyTrials([{ sharpe: 0.5 }, { sharpe: 0.2 }], { analytics: { extraTrials: 10 } }) // => { trials: 12, trialSharpes: [0.5, 0.2] }
 */
export function studyTrials(
  variants: readonly Pick<StudyVariant, "sharpe">[],
  config: { readonly analytics: Pick<StudyConfig["analytics"], "extraTrials"> },
): { trials: number; trialSharpes: number[] | undefined } {
  return { trials: variants.length + config.analytics.extraTrials, trialSharpes: variants.length >= 2 ? variants.map((v) => v.sharpe) : undefined };
}

/** How the study estimates the effective number of independent variants (Li & Ji 2005; see `effectiveTrials`). */
const EFFECTIVE_TRIALS_METHOD: EffectiveTrialsMethod = "liJi";

/**
 * The effective number of independent trials: the variants' M_eff from the correlation matrix of
 * their daily net returns (`effectiveTrials`), plus the declared `analytics.extraTrials`, which have
 * no returns to correlate and so each count as one independent trial (the conservative choice).
 * At least 1.
 * @example studyEffectiveTrials([{ netReturns: a }, { netReturns: a }], { analytics: { extraTrials: 10 } }) // => { effectiveTrials: 11, ... }
 */
export function studyEffectiveTrials(
  variants: readonly Pick<StudyVariant, "netReturns">[],
  config: { readonly analytics: Pick<StudyConfig["analytics"], "extraTrials"> },
  method: EffectiveTrialsMethod = EFFECTIVE_TRIALS_METHOD,
): { effectiveTrials: number; effectiveVariantTrials: number; variants: number; declaredTrials: number; method: EffectiveTrialsMethod; meanCorrelation: number } {
  const correlation = trialCorrelation(variants.map((v) => v.netReturns));
  const M = variants.length;
  let sum = 0;
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) if (i !== j) sum += correlation[i][j];
  const variantTrials = effectiveTrials(correlation, { method });
  const declared = config.analytics.extraTrials;
  return {
    effectiveTrials: Math.max(1, (variantTrials === variantTrials ? variantTrials : M) + declared),
    effectiveVariantTrials: variantTrials,
    variants: M,
    declaredTrials: declared,
    method,
    meanCorrelation: M >= 2 ? sum / (M * (M - 1)) : NaN,
  };
}

/**
 * Bootstrap interval, PSR and DSR of the net returns' Sharpe ratio. Two DSRs: `deflated` counts
 * every variant and declared configuration as a trial, with the variants' spread of Sharpe ratios
 * as the trials' variance; `deflatedEffective` (the headline) counts the effective number of
 * independent trials, each with the sampling variance of one Sharpe estimate under the null
 * (periodsPerYear / (n - 1)): correlated variants are fewer independent trials than their count,
 * and their spread understates the spread independent trials would have.
 */
function studySignificance(net: Float64Array, variants: readonly StudyVariant[], config: StudyConfig): StudySummary["significance"] {
  const riskFree = dailyRiskFree(config);
  const effective = studyEffectiveTrials(variants, config);
  return {
    bootstrap: sharpeBootstrapInterval(net, { resamples: config.analytics.bootstrapResamples, seed: config.analytics.bootstrapSeed, riskFree }),
    probabilisticSharpe: probabilisticSharpeRatio(net, { riskFree }),
    deflated: deflatedSharpeRatio(net, { ...studyTrials(variants, config), riskFree }),
    deflatedEffective: { ...deflatedSharpeRatio(net, { trials: effective.effectiveTrials, riskFree }), ...effective },
  };
}

/** IC of the traded alpha over the period against the next day's return and the model's h-day one. */
function studyIc(alpha: Float64Array, target: Float64Array, panel: DataPanel, start: number, config: StudyConfig): StudySummary["ic"] {
  const horizon = config.walkForward.horizonDays;
  const grid = panelGrid(panel);
  const nextDay = forwardReturns(panel, 1);
  return {
    nextDay: icSummary(fromStart(icByDay(alpha, nextDay, grid), start)),
    // overlapping h-day returns: h - 1 Newey-West lags in tStat, Hansen-Hodrick over h - 1 lags beside it
    horizon: icSummary(fromStart(icByDay(alpha, target, grid), start), { neweyWestLags: horizon - 1, overlapDays: horizon }),
    horizonDays: horizon,
  };
}

/** The target weights' extremes on every day, and the held positions' exposure over the period. */
function studyExposure(portfolio: Pick<PortfolioResult, "weights">, backtest: BacktestResult, grid: PanelGrid, start: number): StudySummary["exposure"] {
  return {
    target: weightExtremes(portfolio.weights, grid),
    held: {
      ...exposureSummary(fromStart(backtest.grossExposure, start), fromStart(backtest.netExposure, start)),
      maxAbsWeight: weightExtremes(backtest.positions, grid).maxAbsWeight,
    },
  };
}

/** Each kind of trading cost over the period, as a fraction of NAV a year. */
function studyCosts(backtest: BacktestResult, start: number): Omit<StudySummary["costs"], "advBasis"> {
  return {
    commission: annualizedMeanReturn(fromStart(backtest.commissionCost, start)),
    spread: annualizedMeanReturn(fromStart(backtest.spreadCost, start)),
    impact: annualizedMeanReturn(fromStart(backtest.impactCost, start)),
    total: annualizedMeanReturn(fromStart(backtest.totalCost, start)),
  };
}

/**
 * The evaluation period of a study (from the first day that ends with a position) and the daily
 * risk-free rate every statistic of the study is judged against.
 */
import type { BacktestResult } from "../../backtest/engine";
import { perPeriodRate } from "../../analytics/returns";
import type { StudyConfig } from "../config";

/**
 * Index of the evaluation period's first day: the first day that ends with a position.
 * @throws when the strategy never holds a position (then there is nothing to evaluate)
 */
export function evaluationStart(backtest: Pick<BacktestResult, "firstPositionIndex">): number {
  if (backtest.firstPositionIndex < 0) throw new Error("runStudy: the strategy never holds a position (no alpha forecasts?); nothing to evaluate");
  return backtest.firstPositionIndex;
}

/** A per-day series over the evaluation period: a view from `start` (no copy). */
export function fromStart<A extends Float64Array | Int32Array>(series: A, start: number): A {
  return series.subarray(start) as A;
}

/** The study's daily risk-free rate, from `analytics.riskFreeAnnual`. */
export function dailyRiskFree(config: Pick<StudyConfig, "analytics">): number {
  return perPeriodRate(config.analytics.riskFreeAnnual);
}

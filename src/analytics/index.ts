/**
 * Analytics: how good was it, and how much should we believe it. In: per-period (daily) simple
 * returns of a strategy as typed arrays (NaN where a day has none), optionally a benchmark,
 * gross returns, turnover, regime labels, or a signal panel with its forward returns. Out: plain
 * numbers and small plain objects: performance metrics, drawdowns, IC series, per-regime tables,
 * and the significance of the Sharpe ratio (bootstrap interval, PSR, DSR, the effective number of
 * independent trials).
 *
 * Conventions, used everywhere in this folder:
 * - Returns are simple periodic returns r = P_t / P_{t-1} - 1, not log returns.
 * - `periodsPerYear` defaults to 252 trading days.
 * - Total and annualised return are **geometric**: prod(1 + r) - 1 and (1 + total)^(252 / n) - 1
 *   (CAGR). Sharpe and Sortino use the **arithmetic** mean excess return per period, annualised by
 *   sqrt(252); `annualizedMeanReturn` is mean * 252. Cost drag, turnover and alpha add up
 *   arithmetically per year (mean * 252).
 * - Volatility is the sample standard deviation (n - 1) times sqrt(252).
 * - The risk-free rate is **per period** (a daily rate for daily returns), a constant or one value
 *   per period; `perPeriodRate(0.04)` converts an annual yield. Sortino's target is that rate.
 * - Drawdowns are measured on compounded wealth starting at 1 before the first period.
 * - NaN policy: summary metrics skip NaN (a NaN day compounds as flat); per-period series keep
 *   their length; a division by zero gives NaN, never Infinity.
 */
export { perPeriodRate, totalReturn, annualizedReturn, annualizedMeanReturn, annualizedVolatility, equityCurve } from "./returns";
export type { RiskFree } from "./returns";
export { sharpeRatio, sortinoRatio, calmarRatio, rollingSharpe } from "./ratios";
export type { RatioOptions } from "./ratios";
export { drawdownSeries, maxDrawdown } from "./drawdown";
export type { MaxDrawdownResult } from "./drawdown";
export { hitRate, annualizedTurnover, costDrag } from "./trading";
export { benchmarkStats } from "./benchmark";
export type { BenchmarkStats, BenchmarkOptions } from "./benchmark";
export { icByDay, icSummary, rollingIcMean } from "./ic";
export type { IcOptions, IcSummary, IcSummaryOptions } from "./ic";
export { trialCorrelation, effectiveTrials } from "./trials";
export type { EffectiveTrialsMethod } from "./trials";
export { performanceByRegime } from "./regime";
export type { RegimePerformance } from "./regime";
export { monthlyReturns } from "./calendar";
export type { MonthlyReturns } from "./calendar";
export { normalPdf, normalCdf, normalInverseCdf } from "./normal";
export {
  returnMoments,
  probabilisticSharpeFromMoments,
  probabilisticSharpeRatio,
  expectedMaxSharpe,
  deflatedSharpeRatio,
  sharpeBootstrapInterval,
} from "./significance";
export type { ReturnMoments, PsrOptions, DsrOptions, DsrResult, BootstrapOptions, BootstrapInterval } from "./significance";
export { excessKurtosis } from "./moments";
export { sharpeDifferenceTest } from "./sharpeDifference";
export type { SharpeDifferenceOptions, SharpeDifferenceTest } from "./sharpeDifference";
export { populationStabilityIndex } from "./drift";
export type { PsiOptions } from "./drift";
export { performanceSummary, performanceTable, PERFORMANCE_ROWS } from "./summary";
export type { PerformanceSummary, SummaryOptions } from "./summary";

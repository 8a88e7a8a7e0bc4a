/**
 * Every headline metric of one return series in one object, and a table of several series side
 * by side for notebooks and the report. Conventions as in analytics/index.ts.
 */
import { formatFixed } from "../util/format";
import { benchmarkStats } from "./benchmark";
import { maxDrawdown } from "./drawdown";
import { calmarRatio, sharpeRatio, sortinoRatio } from "./ratios";
import { annualizedMeanReturn, annualizedReturn, annualizedVolatility, totalReturn, type RiskFree } from "./returns";
import { annualizedTurnover, costDrag, hitRate } from "./trading";

export interface PerformanceSummary {
  /** Valid periods. */
  periods: number;
  totalReturn: number;
  /** Geometric (CAGR). */
  annualizedReturn: number;
  /** Arithmetic mean times periodsPerYear. */
  annualizedMeanReturn: number;
  annualizedVolatility: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  maxDrawdown: number;
  /** Longest spell under water, in periods. */
  maxDrawdownPeriods: number;
  hitRate: number;
  /** NaN unless `turnover` was given. */
  annualizedTurnover: number;
  /** NaN unless `grossReturns` was given. */
  costDrag: number;
  /** NaN unless `benchmark` was given. */
  beta: number;
  alphaAnnual: number;
  /** HAC (Newey-West) t-statistics of beta and alpha, and the Sharpe ratio of the beta-hedged returns (`benchmarkStats`). */
  betaTStat: number;
  alphaTStat: number;
  residualSharpe: number;
  informationRatio: number;
  correlation: number;
}

export interface SummaryOptions {
  /** Benchmark returns aligned with the returns, for beta, alpha and information ratio. */
  benchmark?: ArrayLike<number>;
  /** Returns before costs, aligned, for the cost drag. */
  grossReturns?: ArrayLike<number>;
  /** Per-period turnover, aligned. */
  turnover?: ArrayLike<number>;
  /** Lags of the HAC t-statistics of beta and alpha (default: `benchmarkStats`' automatic rule). */
  hacLags?: number;
  riskFree?: RiskFree;
  periodsPerYear?: number;
}

/** All headline metrics of a return series (usually the net returns of a backtest). */
export function performanceSummary(returns: ArrayLike<number>, options: SummaryOptions = {}): PerformanceSummary {
  const { benchmark, grossReturns, turnover, hacLags, riskFree = 0, periodsPerYear = 252 } = options;
  let periods = 0;
  for (let i = 0; i < returns.length; i++) if (returns[i] === returns[i]) periods++;
  const dd = maxDrawdown(returns);
  const rel = benchmark ? benchmarkStats(returns, benchmark, { riskFree, periodsPerYear, hacLags }) : null;
  return {
    periods,
    totalReturn: totalReturn(returns),
    annualizedReturn: annualizedReturn(returns, { periodsPerYear }),
    annualizedMeanReturn: annualizedMeanReturn(returns, { periodsPerYear }),
    annualizedVolatility: annualizedVolatility(returns, { periodsPerYear }),
    sharpe: sharpeRatio(returns, { riskFree, periodsPerYear }),
    sortino: sortinoRatio(returns, { riskFree, periodsPerYear }),
    calmar: calmarRatio(returns, { periodsPerYear }),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownPeriods: dd.longestDrawdownPeriods,
    hitRate: hitRate(returns),
    annualizedTurnover: turnover ? annualizedTurnover(turnover, { periodsPerYear }) : NaN,
    costDrag: grossReturns ? costDrag(grossReturns, returns, { periodsPerYear }) : NaN,
    beta: rel ? rel.beta : NaN,
    alphaAnnual: rel ? rel.alphaAnnual : NaN,
    betaTStat: rel ? rel.betaTStat : NaN,
    alphaTStat: rel ? rel.alphaTStat : NaN,
    residualSharpe: rel ? rel.residualSharpe : NaN,
    informationRatio: rel ? rel.informationRatio : NaN,
    correlation: rel ? rel.correlation : NaN,
  };
}

/** Row labels of `performanceTable`, with whether each is shown as a percentage. */
export const PERFORMANCE_ROWS: readonly { key: keyof PerformanceSummary; label: string; percent: boolean }[] = [
  { key: "totalReturn", label: "total return", percent: true },
  { key: "annualizedReturn", label: "annualised return (geometric)", percent: true },
  { key: "annualizedVolatility", label: "annualised volatility", percent: true },
  { key: "sharpe", label: "Sharpe (annualised)", percent: false },
  { key: "sortino", label: "Sortino (annualised)", percent: false },
  { key: "calmar", label: "Calmar", percent: false },
  { key: "maxDrawdown", label: "max drawdown", percent: true },
  { key: "maxDrawdownPeriods", label: "longest drawdown (days)", percent: false },
  { key: "hitRate", label: "hit rate", percent: true },
  { key: "annualizedTurnover", label: "turnover (x NAV per year)", percent: false },
  { key: "costDrag", label: "cost drag (per year)", percent: true },
  { key: "beta", label: "beta to benchmark", percent: false },
  { key: "betaTStat", label: "beta t-stat (HAC)", percent: false },
  { key: "alphaAnnual", label: "alpha (annual, arithmetic)", percent: true },
  { key: "alphaTStat", label: "alpha t-stat (HAC)", percent: false },
  { key: "residualSharpe", label: "residual Sharpe (beta-hedged)", percent: false },
  { key: "informationRatio", label: "information ratio", percent: false },
  { key: "periods", label: "days", percent: false },
];

/**
 * Several summaries side by side as a column table: a "metric" column and one column per
 * series. Each row is one metric, so each cell is formatted text with one format per row: percent
 * rows as "12.34%", counts as grouped integers ("4,077"), the others with `digits` fixed decimals;
 * "–" where a metric does not apply. Tables right-align such columns like numbers.
 * @example performanceTable({ strategy: s, benchmark: b }) // => { metric: [...], strategy: ["12.34%", ..., "0.568", ...], benchmark: [...] }
 */
export function performanceTable(summaries: Record<string, PerformanceSummary>, { digits = 3 } = {}): Record<string, string[]> {
  const out: Record<string, string[]> = { metric: PERFORMANCE_ROWS.map((r) => r.label) };
  for (const [name, s] of Object.entries(summaries)) {
    out[name] = PERFORMANCE_ROWS.map(({ key, percent }) => {
      const v = s[key];
      if (percent) return formatFixed(v, 2, { percent: true });
      return formatFixed(v, COUNT_ROWS.has(key) ? 0 : digits);
    });
  }
  return out;
}

/** Rows of `performanceTable` that count days: no decimals. */
const COUNT_ROWS: ReadonlySet<keyof PerformanceSummary> = new Set(["maxDrawdownPeriods", "periods"]);

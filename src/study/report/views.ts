/**
 * Views of a finished study for notebooks 05-06 and the CLI report: the evaluation period's series
 * (no copies: subarrays of the study's own), its figures, and its tables. Nothing here computes a
 * statistic: every number, the charts' series included (`study.curves`), comes from `runStudy`;
 * the views only arrange and label them.
 */
import type { Figure } from "../../charts/figure";
import type { ColumnTable } from "../../notebook/table";
import { performanceTable } from "../../analytics/summary";
import { excessKurtosis } from "../../analytics/moments";
import {
  costSensitivityChart,
  drawdownChart,
  equityCurveChart,
  monthlyReturnsHeatmap,
  regimeReturnsChart,
  rollingSharpeChart,
  sharpeIntervalChart,
} from "../../charts/performance";
import { exposureChart, positionsHeatmap, turnoverCostChart } from "../../charts/portfolio";
import type { StudyResult } from "../run/types";

/** The study's series over its evaluation period (from the first day that ends with a position). */
export interface StudyPeriod {
  readonly dates: Int32Array;
  readonly net: Float64Array;
  readonly gross: Float64Array;
  readonly benchmark: Float64Array;
  readonly equalWeight: Float64Array;
  /** The net returns of the same backtest with every signal one more day late. */
  readonly lagged: Float64Array;
  /** Regime known at the previous close, per day (-1 unknown). */
  readonly regime: Int32Array;
  /** The backtest's per-day series over the period, in the shape the portfolio charts take. */
  readonly backtest: {
    readonly tickers: readonly string[];
    readonly dates: Int32Array;
    readonly grossExposure: Float64Array;
    readonly netExposure: Float64Array;
    readonly turnover: Float64Array;
    readonly commissionCost: Float64Array;
    readonly spreadCost: Float64Array;
    readonly impactCost: Float64Array;
    readonly positions: Float64Array;
  };
}

/** The evaluation period of a study as views (positions are copied: they are ticker-major). */
export function studyPeriod(study: StudyResult): StudyPeriod {
  const s = study.periodStart;
  const b = study.backtest;
  const N = b.tickers.length, T = b.dates.length, n = T - s;
  const positions = new Float64Array(N * n);
  for (let j = 0; j < N; j++) positions.set(b.positions.subarray(j * T + s, (j + 1) * T), j * n);
  const dates = b.dates.subarray(s);
  return {
    dates,
    net: b.netReturn.subarray(s),
    gross: b.grossReturn.subarray(s),
    benchmark: study.benchmarkReturns.subarray(s),
    equalWeight: study.equalWeightReturns.subarray(s),
    lagged: study.laggedBacktest.netReturn.subarray(s),
    regime: study.regimeOfReturn.subarray(s),
    backtest: {
      tickers: b.tickers,
      dates,
      grossExposure: b.grossExposure.subarray(s),
      netExposure: b.netExposure.subarray(s),
      turnover: b.turnover.subarray(s),
      commissionCost: b.commissionCost.subarray(s),
      spreadCost: b.spreadCost.subarray(s),
      impactCost: b.impactCost.subarray(s),
      positions,
    },
  };
}

/** Every chart of the study's reports, built from the study's own numbers. */
export interface StudyFigures {
  equity: Figure;
  drawdown: Figure;
  rollingSharpe: Figure;
  exposure: Figure;
  turnoverCosts: Figure;
  positions: Figure;
  monthly: Figure;
  byRegime: Figure;
  costSweep: Figure;
  sharpeInterval: Figure;
}

/**
 * Bars of a per-day chart of `days` days, each bucket a whole number of rebalance cycles of about
 * a month (20 days or more): a bucket that holds a rebalance day or not would alias.
 * @example rebalanceCycleBuckets(100, 5) // => 5 (buckets of 20 days)
 */
export function rebalanceCycleBuckets(days: number, rebalanceEveryDays: number): number {
  return Math.ceil(days / (rebalanceEveryDays * Math.ceil(20 / rebalanceEveryDays)));
}

/** The study's figures (see `StudyFigures`); the strategy line is always the first trace. */
export function studyFigures(study: StudyResult): StudyFigures {
  const p = studyPeriod(study);
  const c = study.curves;
  const bench = study.config.benchmark;
  const { bootstrap, deflated, deflatedEffective } = study.summary.significance;
  return {
    equity: equityCurveChart(p.dates, {
      "strategy (net of costs)": c.wealth.net,
      "strategy (before costs)": c.wealth.gross,
      [`${bench} buy and hold`]: c.wealth.benchmark,
      "equal weight, all assets": c.wealth.equalWeight,
    }, { title: "Growth of $1 (log scale)" }),
    drawdown: drawdownChart(p.dates, { "strategy (net)": c.drawdown.net, [bench]: c.drawdown.benchmark }, { title: "Drawdown from the running peak" }),
    rollingSharpe: rollingSharpeChart(p.dates, { "strategy (net)": c.rollingSharpe.net, [bench]: c.rollingSharpe.benchmark }, { windowDays: c.rollingSharpe.windowDays }),
    exposure: exposureChart(p.backtest, { title: "Gross and net exposure after each close" }),
    turnoverCosts: turnoverCostChart(p.backtest, {
      title: "Daily turnover and trading costs by kind",
      maxPoints: rebalanceCycleBuckets(p.dates.length, study.config.backtest.rebalanceEveryDays),
    }),
    positions: positionsHeatmap(p.backtest, { title: "Positions over time (% of NAV)" }),
    monthly: monthlyReturnsHeatmap(c.monthly, { title: "Monthly net returns (%)" }),
    byRegime: regimeReturnsChart(study.summary.byRegime, { title: "Net returns by regime (filtered regime at the previous close)" }),
    costSweep: costSensitivityChart(
      study.costSweep.costBps,
      { [`with ${study.config.backtest.impactModel} impact`]: study.costSweep.withImpact, "linear costs only": study.costSweep.linearOnly },
      { title: "Net Sharpe ratio against the cost level", xTitle: "commission + half spread (bps per unit traded)" },
    ),
    sharpeInterval: sharpeIntervalChart(
      { "strategy (net)": bootstrap },
      { title: `Sharpe ratio with its ${Math.round(bootstrap.confidence * 100)}% stationary-bootstrap interval`, markers: {
        [`E[max SR], ${Number(deflatedEffective.effectiveTrials.toFixed(1))} independent (headline)`]: deflatedEffective.expectedMaxSharpe,
        [`E[max SR], ${deflated.trials} trials`]: deflated.expectedMaxSharpe,
      } },
    ),
  };
}

/** Strategy, gross, benchmark and equal weight side by side (`performanceTable`). */
export function studyPerformanceTable(study: StudyResult): ColumnTable {
  const s = study.summary;
  return performanceTable({
    "strategy (net)": s.strategy,
    "strategy (gross)": s.gross,
    [`${study.config.benchmark} buy and hold`]: s.benchmark,
    "equal weight": s.equalWeight,
  });
}

/** One row per backtested variant: the trials the deflated Sharpe ratio counts. */
export function studyVariantsTable(study: StudyResult): ColumnTable {
  const v = study.variants;
  return {
    variant: v.map((x) => (x.headline ? `${x.name} (headline)` : x.name)),
    "net Sharpe": v.map((x) => x.sharpe),
    "annual return": v.map((x) => x.annualizedReturn),
    "turnover (x NAV / yr)": v.map((x) => x.annualizedTurnover),
    "cost drag / yr": v.map((x) => x.costDrag),
  };
}

/** Performance by regime as a table (from `summary.byRegime`). */
export function studyRegimeTable(study: StudyResult): ColumnTable {
  const rows = study.summary.byRegime;
  return {
    regime: rows.map((r) => r.label),
    days: rows.map((r) => r.periods),
    "share of days": rows.map((r) => r.share),
    "annualised mean": rows.map((r) => r.annualizedMean),
    "annualised volatility": rows.map((r) => r.annualizedVolatility),
    Sharpe: rows.map((r) => r.sharpe),
    "hit rate": rows.map((r) => r.hitRate),
    "share of P&L": rows.map((r) => r.contribution),
  };
}

/** The significance of the Sharpe ratio: bootstrap interval, PSR and both DSRs, one row each (the caption is `studySignificanceCaption`). */
export function studySignificanceTable(study: StudyResult): ColumnTable {
  const { bootstrap: b, probabilisticSharpe, deflated: d, deflatedEffective: e } = study.summary.significance;
  return {
    measure: [
      "Sharpe ratio (annualised, net)",
      `bootstrap ${Math.round(b.confidence * 100)}% interval (stationary, mean block ${b.meanBlockLength} days, ${b.resamples} resamples)`,
      "probabilistic Sharpe ratio P(SR > 0)",
      `headline: effective independent trials (${e.method === "liJi" ? "Li & Ji 2005" : e.method} M_eff of ${e.variants} variants, mean correlation ${e.meanCorrelation.toFixed(2)}, + ${e.declaredTrials} declared)`,
      "headline: expected maximum Sharpe of that many independent trials (variance of one Sharpe estimate)",
      "headline: deflated Sharpe ratio P(SR > E[max SR]), effective trials",
      `trials counted (${study.variants.length} variants + ${study.config.analytics.extraTrials} declared)`,
      "expected maximum Sharpe of that many trials (variance across the variants' Sharpes)",
      "deflated Sharpe ratio P(SR > E[max SR]), every trial counted",
      "skewness, excess kurtosis of daily net returns",
    ],
    value: [
      b.sharpe.toFixed(3),
      `${b.lower.toFixed(3)} to ${b.upper.toFixed(3)}`,
      probabilisticSharpe.toFixed(3),
      `${Number(e.effectiveTrials.toFixed(2))} (variants ${Number(e.effectiveVariantTrials.toFixed(2))})`,
      `${e.expectedMaxSharpe.toFixed(3)} (variance ${e.trialSharpeVariance.toFixed(3)})`,
      e.deflatedSharpe.toFixed(3),
      String(d.trials),
      `${d.expectedMaxSharpe.toFixed(3)} (variance ${d.trialSharpeVariance.toFixed(3)})`,
      d.deflatedSharpe.toFixed(3),
      `${d.skewness.toFixed(2)}, ${excessKurtosis(d.kurtosis).toFixed(2)}`,
    ],
  };
}

/** The significance table's caption: which deflated Sharpe ratio is the headline, and why. */
export function studySignificanceCaption(study: StudyResult): string {
  const { deflated: d, deflatedEffective: e } = study.summary.significance;
  return (
    "Headline DSR: the effective number of independent trials (from the correlation of the variants' daily returns), each with the sampling variance of one Sharpe estimate. " +
    `The variants share their alphas: they are fewer independent trials than their count, and the spread of their Sharpe ratios (variance ${d.trialSharpeVariance.toFixed(3)}) ` +
    `understates what independent trials would show (${e.trialSharpeVariance.toFixed(3)}), so counting every trial with that spread sets the bar too low.`
  );
}

/**
 * The traded alpha's IC against the next day's and the model's h-day forward return, one row each.
 * Headline t-stat: Hansen-Hodrick (uniform weights on the h - 1 lags the overlap creates); Newey-West
 * with h - 1 lags and at the automatic bandwidth beside it.
 */
export function studyIcTable(study: StudyResult): ColumnTable {
  const { nextDay, horizon, horizonDays } = study.summary.ic;
  const rows = [nextDay, horizon];
  return {
    "forward return": ["next day", `${horizonDays} days (overlapping)`],
    "mean IC": rows.map((r) => r.mean),
    "t (Hansen-Hodrick, headline)": rows.map((r) => r.tStatHansenHodrick),
    "t (Newey-West, h - 1 lags)": [nextDay.tStat, horizon.tStat],
    "t (Newey-West, automatic)": rows.map((r) => r.tStatNeweyWestAuto),
    "automatic lags": rows.map((r) => r.neweyWestAutoLags),
    "share of days > 0": rows.map((r) => r.positiveShare),
    days: rows.map((r) => r.days),
  };
}

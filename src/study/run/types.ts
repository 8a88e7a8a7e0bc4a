/**
 * The shapes of a study's results: what `runStudy` returns and what the reporting side
 * (src/study/report) arranges into tables, figures, summary.json and the HTML report.
 */
import type { AlphaComparison } from "../../models/evaluation";
import type { WalkForwardFold } from "../../models/walkForward";
import type { BacktestResult } from "../../backtest/engine";
import type { PortfolioResult } from "../../portfolio/constructor";
import type { DataPanel } from "../../data/load";
import type { ProgressEvent } from "../../util/progress";
import type { AdvPriceBasis, TickerAdvBasis } from "../../data/advBasis";
import type { PerformanceSummary } from "../../analytics/summary";
import type { RegimePerformance } from "../../analytics/regime";
import type { BootstrapInterval, DsrResult } from "../../analytics/significance";
import type { IcSummary } from "../../analytics/ic";
import type { EffectiveTrialsMethod } from "../../analytics/trials";
import type { MonthlyReturns } from "../../analytics/calendar";
import type { StudyAlphaName, StudyConfig } from "../config";
import type { LookAheadCheck } from "./lookahead";
import type { Provenance } from "./provenance";

/** The walk-forward regimes as the study keeps them (the fitted models themselves are not kept). */
export interface StudyRegimes {
  readonly names: readonly string[];
  readonly nComponents: number;
  /** T x K row-major filtered (causal) probabilities; NaN before the first fit. */
  readonly filtered: Float64Array;
  /** Most probable filtered regime per day; -1 before the first fit. */
  readonly labels: Int32Array;
  /** First day with probabilities. */
  readonly firstRow: number;
  /** Epoch day of every refit. */
  readonly refitDays: Int32Array;
}

/** The walk-forward alpha model as the study keeps it. */
export interface StudyModels {
  readonly featureNames: readonly string[];
  readonly folds: readonly WalkForwardFold[];
  readonly meanImportance: Float64Array;
  readonly meanRegimeImportance: readonly (Float64Array | null)[];
  /** Wall time of the walk-forward when it was computed (a memo hit keeps the original figure). */
  readonly seconds: number;
}

/** One backtested variant of the grid (alpha x scheme), the study's "configurations tried". */
export interface StudyVariant {
  readonly name: string;
  readonly alpha: StudyAlphaName;
  readonly scheme: string;
  /** Net daily returns over the evaluation period. */
  readonly netReturns: Float64Array;
  readonly sharpe: number;
  readonly annualizedReturn: number;
  readonly annualizedTurnover: number;
  readonly costDrag: number;
  /** The headline strategy's variant. */
  readonly headline: boolean;
}

/** Net Sharpe ratio against the linear cost level. */
export interface CostSweep {
  /** Commission + half spread, bps per unit traded, at each level. */
  readonly costBps: readonly number[];
  /** With the configured impact model on top. */
  readonly withImpact: Float64Array;
  /** Linear costs only. */
  readonly linearOnly: Float64Array;
  /** Gross (no cost at all), for reference. */
  readonly grossSharpe: number;
}

/** Every headline number of the study (what `summary.json` holds, besides the provenance). */
export interface StudySummary {
  readonly period: { start: string; end: string; days: number };
  readonly strategy: PerformanceSummary;
  readonly gross: PerformanceSummary;
  readonly benchmark: PerformanceSummary;
  readonly equalWeight: PerformanceSummary;
  readonly byRegime: readonly RegimePerformance[];
  readonly significance: {
    readonly bootstrap: BootstrapInterval;
    readonly probabilisticSharpe: number;
    /** Every variant and declared configuration a trial; the variants' spread of Sharpe ratios as the trials' variance. */
    readonly deflated: DsrResult;
    /**
     * The headline DSR: the effective number of independent trials (`studyEffectiveTrials`), each
     * with the sampling variance of one Sharpe estimate (`varianceSource: "estimator"`).
     */
    readonly deflatedEffective: DsrResult & {
      readonly effectiveTrials: number;
      readonly effectiveVariantTrials: number;
      readonly variants: number;
      readonly declaredTrials: number;
      readonly method: EffectiveTrialsMethod;
      readonly meanCorrelation: number;
    };
  };
  /** IC of the traded alpha against the 1-day (next close) and the model's h-day forward return. */
  readonly ic: { readonly nextDay: IcSummary; readonly horizon: IcSummary; readonly horizonDays: number };
  /**
   * `target`: the constructor's weights on every day (what the constraints bind). `held`: the
   * positions after each close over the period, which drift with prices between rebalances.
   */
  readonly exposure: {
    readonly target: { maxAbsWeight: number; maxGross: number; maxAbsNet: number };
    readonly held: { meanGross: number; meanNet: number; maxGross: number; maxAbsNet: number; maxAbsWeight: number };
  };
  /** Costs per year as fractions of NAV; `advBasis`: the prices each ticker's ADV$ was valued at (backtest.advPriceBasis). */
  readonly costs: { commission: number; spread: number; impact: number; total: number; advBasis: readonly TickerAdvBasis[] };
  readonly lookAhead: LookAheadCheck;
  /** The feature panel: how many features were computed, and each one the config asked for but the run could not compute, with the reason. */
  readonly features: { readonly computed: number; readonly skipped: readonly { readonly feature: string; readonly reason: string }[] };
}

/**
 * The per-day series the charts draw, over the evaluation period (one value per period day),
 * computed by the running side so that the reporting side only arranges them.
 */
export interface StudyCurves {
  /** Growth of 1 (compounded, `equityCurve`). */
  readonly wealth: { readonly net: Float64Array; readonly gross: Float64Array; readonly benchmark: Float64Array; readonly equalWeight: Float64Array };
  /** Drawdown from the running peak of that wealth (`drawdownSeries`, <= 0). */
  readonly drawdown: { readonly net: Float64Array; readonly benchmark: Float64Array };
  /** Trailing `windowDays` Sharpe ratio (`rollingSharpe`, the config's risk-free rate). */
  readonly rollingSharpe: { readonly windowDays: number; readonly net: Float64Array; readonly benchmark: Float64Array };
  /** Net returns compounded by calendar month (`monthlyReturns`). */
  readonly monthly: MonthlyReturns;
}

export interface StudyResult {
  readonly config: StudyConfig;
  readonly provenance: Provenance;
  readonly panel: DataPanel;
  readonly featureNames: readonly string[];
  /** Forward returns over the model's horizon (ticker-major), the alpha model's target. */
  readonly target: Float64Array;
  readonly regimes: StudyRegimes;
  readonly models: StudyModels;
  /** Every alpha the study can trade, ticker-major N x T, NaN where none. */
  readonly alphas: Readonly<Record<StudyAlphaName, Float64Array>>;
  /** Out-of-sample comparison of the alphas on their common (ticker, day) pairs. */
  readonly alphaComparison: AlphaComparison;
  /** Trailing daily volatility the constructor divided by (ticker-major). */
  readonly volatility: Float64Array;
  readonly portfolio: PortfolioResult;
  /** The closes and volumes ADV$ was valued at in every backtest, and each ticker's basis (`backtest.advPriceBasis`). */
  readonly advBasis: AdvPriceBasis;
  readonly backtest: BacktestResult;
  /** The same backtest with every signal `lookAhead.extraLagDays` days later. */
  readonly laggedBacktest: BacktestResult;
  /** Index of the first day of the evaluation period (the first day ending with a position). */
  readonly periodStart: number;
  /** Daily returns over the whole calendar (NaN on day 0): the benchmark, and an equal-weight, daily-rebalanced book of every asset. */
  readonly benchmarkReturns: Float64Array;
  readonly equalWeightReturns: Float64Array;
  /** Regime label of each day's return: the filtered regime known at the previous close (-1 unknown). */
  readonly regimeOfReturn: Int32Array;
  readonly variants: readonly StudyVariant[];
  readonly costSweep: CostSweep;
  readonly summary: StudySummary;
  /** The charts' series over the evaluation period. */
  readonly curves: StudyCurves;
  /** Wall time of each step in this run, seconds (not part of the deterministic output). */
  readonly timings: Readonly<Record<string, number>>;
}

export interface RunStudyOptions {
  /** Progress lines (one per step). */
  log?: (line: string) => void;
  /** Override the data folder (default the shipped `data/`). */
  dataDir?: string;
  /**
   * A panel to study instead of loading one from `config.data` (your own bars, or a perturbed copy
   * in a look-ahead test). It needs the cache sidecars in `metadata` for the provenance.
   */
  panel?: Omit<DataPanel, "source" | "validation"> & Partial<Pick<DataPanel, "source" | "validation">>;
  /**
   * Called as the long steps advance: step "regimes: HMM refits" after each walk-forward HMM refit,
   * step "models: forest refits" before each walk-forward fold and once at the end (nothing when a
   * step comes from the memo). `showProgress()` (util) draws them: a bar in a notebook or on a
   * terminal, plain lines in a log.
   */
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * The whole study in one call: data -> features -> regimes -> alpha models -> portfolio ->
 * backtest -> analytics, on the shipped data by default. Notebooks 05 and 06 and the CLI all run
 * this function, so the numbers in every report are the same numbers.
 *
 * Timing, end to end: the features, the walk-forward regime probabilities and the walk-forward
 * alpha forecasts of day t use bars up to t only (each stage's tests prove it); the weights of day
 * t are built from those, and earn the return from close t to close t + 1 in the backtest. The
 * look-ahead check reruns portfolio and backtest with every signal delayed one more day.
 *
 * The two expensive steps (walk-forward regimes and alpha model, about 20 s together) are memoised
 * on disk (memo.ts), keyed by their config, the data's content hashes and the engine's code.
 */
import type { AlphaComparison } from "../models/evaluation";
import type { WalkForwardFold } from "../models/walkForward";
import type { BacktestResult } from "../backtest/engine";
import type { PortfolioResult } from "../portfolio/constructor";
import type { DataPanel } from "../data/load";
import type { PerformanceSummary } from "../analytics/summary";
import type { RegimePerformance } from "../analytics/regime";
import type { BootstrapInterval, DsrResult } from "../analytics/significance";
import type { IcSummary } from "../analytics/ic";
import { loadDataPanel } from "../data/load";
import { panelGrid, panelSeries, tickerIndex } from "../data/types";
import { computeFeatures } from "../features/panel";
import { forwardReturns } from "../features/targets";
import { simpleReturns } from "../features/rolling";
import { panelWalkForwardRegimes } from "../regimes/walkForward";
import { regimeNames } from "../regimes/labels";
import { walkForwardAlpha } from "../models/walkForward";
import { compareAlphaForecasts, momentumAlpha } from "../models/evaluation";
import { constructPortfolio } from "../portfolio/constructor";
import { trailingVolatilityPanel } from "../portfolio/volatility";
import { equalWeights, exposureSummary, weightExtremes } from "../portfolio/exposure";
import { runBacktest } from "../backtest/engine";
import { lagPanel } from "../backtest/lag";
import { performanceSummary } from "../analytics/summary";
import { performanceByRegime } from "../analytics/regime";
import { sharpeRatio } from "../analytics/ratios";
import { annualizedMeanReturn, perPeriodRate } from "../analytics/returns";
import { deflatedSharpeRatio, probabilisticSharpeRatio, sharpeBootstrapInterval } from "../analytics/significance";
import { icByDay, icSummary } from "../analytics/ic";
import { dayToIso } from "../util/dates";
import { momentumAlphaName, parseStudyConfig, type StudyAlphaName, type StudyConfig } from "./config";
import { lookAheadCheck, type LookAheadCheck } from "./lookahead";
import { memoized, memoKey } from "./memo";
import { buildProvenance, panelDataProvenance, type Provenance } from "./provenance";

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
    readonly deflated: DsrResult;
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
  readonly costs: { commission: number; spread: number; impact: number; total: number };
  readonly lookAhead: LookAheadCheck;
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
}

/**
 * The study's look-ahead check on one alpha: build the portfolio and backtest it as given and with
 * the alpha delayed `extraLagDays` more days, and compare the net Sharpe ratios from `periodStart`.
 * A deliberately leaky alpha (e.g. tomorrow's return) is flagged; an honest one is not.
 */
export function studyLookAhead(
  market: Pick<DataPanel, "tickers" | "dates" | "close" | "volume">,
  alpha: Float64Array,
  volatility: Float64Array,
  config: Pick<StudyConfig, "portfolio" | "backtest" | "lookAhead">,
  { periodStart, base }: { periodStart?: number; base?: BacktestResult } = {},
): { check: LookAheadCheck; base: BacktestResult; lagged: BacktestResult } {
  const run = (signal: Float64Array) =>
    runBacktest(market, constructPortfolio(market, signal, volatility, config.portfolio).weights, { ...config.backtest, volatility });
  const baseRun = base ?? run(alpha);
  const lagged = run(lagPanel(alpha, market, config.lookAhead.extraLagDays));
  const start = Math.max(0, periodStart ?? baseRun.firstPositionIndex);
  const check = lookAheadCheck(baseRun.netReturn.subarray(start), lagged.netReturn.subarray(start), { maxSharpeDrop: config.lookAhead.maxSharpeDrop });
  return { check, base: baseRun, lagged };
}

/**
 * Run the whole study. `config` may be a partial study config (missing fields take the defaults)
 * or a parsed `StudyConfig`, e.g. `loadStudyConfig()`.
 * @example const study = await runStudy({}); study.summary.strategy.sharpe
 */
export async function runStudy(configInput: unknown = {}, { log = () => undefined, dataDir, panel: given }: RunStudyOptions = {}): Promise<StudyResult> {
  const config = parseStudyConfig(configInput);
  const timings: Record<string, number> = {};
  const step = <T>(name: string, f: () => T): T => {
    const t0 = Date.now();
    const value = f();
    timings[name] = (Date.now() - t0) / 1000;
    return value;
  };
  const memo = { enabled: config.cache.enabled, ...(config.cache.dir ? { dir: config.cache.dir } : {}) };

  const t0 = Date.now();
  const panel: DataPanel = given ? { source: "shipped", validation: [], ...given } : await loadDataPanel(config.data, { log, dataDir });
  timings.data = (Date.now() - t0) / 1000;
  const N = panel.tickers.length, T = panel.dates.length;
  const benchIndex = tickerIndex(panel, config.benchmark);
  const dataProvenance = panelDataProvenance(panel);
  // The memo key of the data: the values themselves (hashed), not the files they came from, so a
  // panel given by the caller or perturbed in a test can never be served another panel's results.
  const dataKey = memoKey({ tickers: panel.tickers, dates: panel.dates, fields: [panel.open, panel.high, panel.low, panel.close, panel.volume, panel.vwap] });
  const grid = panelGrid(panel);
  log(`data: ${N} tickers x ${T} days (${dayToIso(panel.dates[0])} to ${dayToIso(panel.dates[T - 1])}, ${panel.source})`);

  const features = step("features", () => computeFeatures(panel, config.features));
  const target = forwardReturns(panel, config.walkForward.horizonDays);
  log(`features: ${features.names.length} per ticker and day`);

  const regimeMemo = step("regimes", () => memoized("regimes", { regimes: config.regimes, data: dataKey }, () => {
    const wf = panelWalkForwardRegimes(panel, config.regimes);
    return {
      names: regimeNames(wf.nComponents),
      nComponents: wf.nComponents,
      filtered: wf.filtered,
      labels: wf.labels,
      firstRow: wf.firstRow,
      refitDays: Int32Array.from(wf.fits, (f) => panel.dates[f.refitRow]),
    } satisfies StudyRegimes;
  }, memo));
  const regimes = regimeMemo.value;
  log(`regimes: ${regimes.refitDays.length} walk-forward HMM refits${regimeMemo.hit ? " (from the memo)" : ""}`);

  const alphaMemo = step("models", () => memoized("alpha", { features: config.features, regimes: config.regimes, walkForward: config.walkForward, data: dataKey }, () => {
    const wf = walkForwardAlpha(features, target, regimes.filtered, config.walkForward);
    return {
      alphaRegime: wf.alphaRegime ?? wf.alphaOverall,
      alphaOverall: wf.alphaOverall,
      models: { featureNames: wf.featureNames, folds: wf.folds, meanImportance: wf.meanImportance, meanRegimeImportance: wf.meanRegimeImportance, seconds: wf.seconds } satisfies StudyModels,
    };
  }, memo));
  const models = alphaMemo.value.models;
  log(`models: ${models.folds.length} walk-forward refits${alphaMemo.hit ? " (from the memo)" : ""}`);

  const momentumName = momentumAlphaName(config.momentumLookbackDays);
  const alphas: Record<StudyAlphaName, Float64Array> = {
    "regime-aware forest": alphaMemo.value.alphaRegime,
    "overall forest": alphaMemo.value.alphaOverall,
    [momentumName]: momentumAlpha(panel.close, grid, { lookbackDays: config.momentumLookbackDays }),
  };
  const alphaComparison = compareAlphaForecasts(alphas, target, grid, { horizonDays: config.walkForward.horizonDays, scoreOnly: [momentumName] });

  const volatility = trailingVolatilityPanel(panel.close, grid, { windowDays: config.volatilityWindowDays });
  const alpha = alphas[config.alpha];
  const portfolio = step("portfolio", () => constructPortfolio(panel, alpha, volatility, config.portfolio));
  const backtest = step("backtest", () => runBacktest(panel, portfolio.weights, { ...config.backtest, volatility }));
  if (backtest.firstPositionIndex < 0) throw new Error("runStudy: the strategy never holds a position (no alpha forecasts?); nothing to evaluate");
  const start = backtest.firstPositionIndex;
  const period = <A extends Float64Array | Int32Array>(x: A): A => x.subarray(start) as A;
  log(`backtest: trading from ${dayToIso(panel.dates[start])}, ${T - start} days`);

  const benchmarkReturns = simpleReturns(panelSeries(panel, "close", benchIndex));
  const equalWeight = runBacktest(panel, equalWeights(panel.close, grid), { commissionBps: 0, halfSpreadBps: 0, impactModel: "none" });
  const equalWeightReturns = Float64Array.from(equalWeight.netReturn, (r, t) => (t === 0 ? NaN : r));
  const regimeOfReturn = new Int32Array(T).fill(-1);
  for (let t = 1; t < T; t++) regimeOfReturn[t] = regimes.labels[t - 1];

  const riskFree = perPeriodRate(config.analytics.riskFreeAnnual);
  const analyticsOptions = { riskFree };
  const lookAheadRun = step("lookAhead", () => studyLookAhead(panel, alpha, volatility, config, { periodStart: start, base: backtest }));

  const variants = step("variants", () => {
    const out: StudyVariant[] = [];
    const add = (a: StudyAlphaName, scheme: StudyConfig["portfolio"]["scheme"]) => {
      const headline = a === config.alpha && scheme === config.portfolio.scheme;
      const run = headline ? backtest : runBacktest(panel, constructPortfolio(panel, alphas[a], volatility, { ...config.portfolio, scheme }).weights, { ...config.backtest, volatility });
      const s = performanceSummary(period(run.netReturn), { ...analyticsOptions, grossReturns: period(run.grossReturn), turnover: period(run.turnover) });
      out.push({ name: `${a} · ${scheme}`, alpha: a, scheme, netReturns: period(run.netReturn), sharpe: s.sharpe, annualizedReturn: s.annualizedReturn, annualizedTurnover: s.annualizedTurnover, costDrag: s.costDrag, headline });
    };
    for (const a of config.variants.alphas) for (const scheme of config.variants.schemes) add(a, scheme);
    // the headline strategy is a configuration tried even when the grid leaves it out
    if (!out.some((v) => v.headline)) add(config.alpha, config.portfolio.scheme);
    return out;
  });

  const costSweep = step("costSweep", (): CostSweep => {
    const sharpeAt = (bps: number, impact: boolean) => {
      const run = runBacktest(panel, portfolio.weights, { ...config.backtest, commissionBps: 0, halfSpreadBps: bps, impactModel: impact ? config.backtest.impactModel : "none", volatility });
      return sharpeRatio(period(run.netReturn), analyticsOptions);
    };
    const levels = [...config.analytics.costSweepBps].sort((a, b) => a - b);
    return {
      costBps: levels,
      withImpact: Float64Array.from(levels, (b) => sharpeAt(b, true)),
      linearOnly: Float64Array.from(levels, (b) => sharpeAt(b, false)),
      grossSharpe: sharpeRatio(period(backtest.grossReturn), analyticsOptions),
    };
  });

  const net = period(backtest.netReturn);
  const bench = period(benchmarkReturns);
  const trials = variants.length + config.analytics.extraTrials;
  const horizon = config.walkForward.horizonDays;
  const nextDay = forwardReturns(panel, 1);
  const summary: StudySummary = {
    period: { start: dayToIso(panel.dates[start]), end: dayToIso(panel.dates[T - 1]), days: T - start },
    strategy: performanceSummary(net, { ...analyticsOptions, benchmark: bench, grossReturns: period(backtest.grossReturn), turnover: period(backtest.turnover) }),
    gross: performanceSummary(period(backtest.grossReturn), { ...analyticsOptions, benchmark: bench }),
    benchmark: performanceSummary(bench, analyticsOptions),
    equalWeight: performanceSummary(period(equalWeightReturns), { ...analyticsOptions, benchmark: bench }),
    byRegime: performanceByRegime(net, period(regimeOfReturn), { labels: regimes.names, riskFree }),
    significance: {
      bootstrap: sharpeBootstrapInterval(net, { resamples: config.analytics.bootstrapResamples, seed: config.analytics.bootstrapSeed, riskFree }),
      probabilisticSharpe: probabilisticSharpeRatio(net, { riskFree }),
      deflated: deflatedSharpeRatio(net, { trials, trialSharpes: variants.length >= 2 ? variants.map((v) => v.sharpe) : undefined, riskFree }),
    },
    ic: {
      nextDay: icSummary(period(icByDay(alpha, nextDay, grid))),
      horizon: icSummary(period(icByDay(alpha, target, grid)), { neweyWestLags: horizon - 1 }),
      horizonDays: horizon,
    },
    exposure: {
      target: weightExtremes(portfolio.weights, grid),
      held: { ...exposureSummary(period(backtest.grossExposure), period(backtest.netExposure)), maxAbsWeight: weightExtremes(backtest.positions, grid).maxAbsWeight },
    },
    costs: {
      commission: annualizedMeanReturn(period(backtest.commissionCost)),
      spread: annualizedMeanReturn(period(backtest.spreadCost)),
      impact: annualizedMeanReturn(period(backtest.impactCost)),
      total: annualizedMeanReturn(period(backtest.totalCost)),
    },
    lookAhead: lookAheadRun.check,
  };
  log(`study: net Sharpe ${summary.strategy.sharpe.toFixed(2)}, look-ahead check ${summary.lookAhead.flagged ? "FLAGGED" : "passed"}`);

  const provenance = buildProvenance({
    config,
    seeds: {
      "regimes.hmm.seed": config.regimes.hmm.seed,
      "walkForward.seed": config.walkForward.seed,
      "walkForward.model.forest.seed": config.walkForward.model.forest.seed,
      "analytics.bootstrapSeed": config.analytics.bootstrapSeed,
    },
    data: dataProvenance,
  });

  return {
    config,
    provenance,
    panel,
    featureNames: features.names,
    target,
    regimes,
    models,
    alphas,
    alphaComparison,
    volatility,
    portfolio,
    backtest,
    laggedBacktest: lookAheadRun.lagged,
    periodStart: start,
    benchmarkReturns,
    equalWeightReturns,
    regimeOfReturn,
    variants,
    costSweep,
    summary,
    timings,
  };
}

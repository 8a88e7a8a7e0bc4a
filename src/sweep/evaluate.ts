/**
 * One trial's numbers, split where the study's cost splits. Upstream (data, features, walk-forward
 * regimes and forests: seconds to minutes) depends only on the data, features, regimes,
 * walkForward and momentumLookbackDays sections, so trials equal there share it: it is computed
 * once per group (and memoised on disk by the study's own memo). Downstream (volatility,
 * construction, backtest, the strategy's statistics: a fraction of a second) runs per trial.
 * Both halves call the study's own step functions, so a trial's numbers are the numbers
 * `runStudy` reports for that config (summary.strategy), bit for bit (a test checks).
 */
import type { Panel } from "../data/types";
import { performanceSummary } from "../analytics/summary";
import type { StudyAlphaName, StudyConfig } from "../study/config";
import { loadStudyData, studyFeatures } from "../study/run/data";
import { memoKey } from "../study/run/memo";
import { dailyRiskFree, evaluationStart, fromStart } from "../study/run/period";
import { backtestWeights, referenceReturns, studyMarket, studyPortfolio, studyVolatility } from "../study/run/trading";
import { advPriceBasis } from "../data/advBasis";
import type { AdvPriceBasisName } from "../config/backtest";
import { studyAlphas, studyForests, studyRegimes } from "../study/run/walkForward";
import type { CacheMetadata } from "../data/cache";
import type { PortfolioResult } from "../portfolio/constructor";

/** The sections of a study config that the upstream half reads. */
// benchmark is here only because the data step checks every ticker a stage names up front; it
// is not part of the upstream key (it changes the analytics, not the data, features or forests).
export type UpstreamConfig = Pick<StudyConfig, "data" | "features" | "regimes" | "walkForward" | "momentumLookbackDays" | "cache" | "benchmark">;

/** What every trial of an upstream group shares: the panel and every alpha the study can trade. */
export interface SweepUpstream {
  /** `sweepUpstreamKey` of the configs that share it. */
  readonly key: string;
  /** `SweepData.dataKey` (loadSweepData) of the data it was computed from. */
  readonly dataKey: string;
  /** The panel without its file metadata (what construction and the backtest read). */
  readonly panel: Panel;
  readonly alphas: Readonly<Record<StudyAlphaName, Float64Array>>;
  /** The closes and volumes ADV$ is valued at, under each backtest.advPriceBasis (a trial parameter). */
  readonly adv: Readonly<Record<AdvPriceBasisName, { readonly close: Float64Array; readonly volume: Float64Array }>>;
}

const ADV_BASES: readonly AdvPriceBasisName[] = ["splitOnly", "adjusted"];

/** The strategy's statistics of one trial, over its evaluation period (the columns of results.csv). */
export interface TrialMetrics {
  readonly netSharpe: number;
  readonly beta: number;
  /** Annual alpha to the benchmark (arithmetic, mean x 252). */
  readonly alpha: number;
  readonly residualSharpe: number;
  /** One-way turnover, multiples of NAV a year. */
  readonly turnover: number;
  /** Cost drag, fraction of NAV a year. */
  readonly costs: number;
  /** Worst drawdown of compounded wealth (<= 0). */
  readonly maxDrawdown: number;
}

/** One evaluated trial: its statistics and its net daily returns on the whole calendar (NaN before its evaluation period), for the trials' correlation in the effective-trials DSR. */
export interface TrialOutcome {
  readonly id: string;
  readonly metrics: TrialMetrics;
  readonly netReturns: Float64Array;
}

/**
 * The key of a config's upstream half: configs with equal keys share data, features, regimes and
 * forests. The memo folder is left out (it changes where results are kept, not what they are).
 */
export function sweepUpstreamKey(config: UpstreamConfig): string {
  return memoKey({ data: config.data, features: config.features, regimes: config.regimes, walkForward: config.walkForward, momentumLookbackDays: config.momentumLookbackDays });
}

/** What computing an upstream half did: the result, the panel's file metadata, and whether each expensive step came from the memo. */
export interface UpstreamRun {
  readonly upstream: SweepUpstream;
  readonly metadata: readonly CacheMetadata[];
  readonly memoHits: { readonly regimes: boolean; readonly models: boolean };
}

/** A config's data as every trial reads it: the panel, its ADV$ prices under each basis, and their key. */
export interface SweepData {
  readonly panel: Awaited<ReturnType<typeof loadStudyData>>["panel"];
  /** The study's key of the bars (the memo's). */
  readonly barsKey: string;
  readonly adv: SweepUpstream["adv"];
  /**
   * The bars' key and the split-only ADV$ prices, hashed: equal keys, equal trial results. A queue
   * worker checks its own against the coordinator's, so that a machine with other bars (not yet
   * updated, another vendor's files) fails a trial instead of returning other numbers for it.
   */
  readonly dataKey: string;
}

/** Load the data of a config (the study's data step, and the ADV$ prices of every basis). */
export async function loadSweepData(config: Pick<UpstreamConfig, "data" | "features" | "regimes" | "benchmark">, { dataDir }: { dataDir?: string } = {}): Promise<SweepData> {
  const { panel, dataKey: barsKey } = await loadStudyData(config, { dataDir });
  const adv = {} as Record<AdvPriceBasisName, { close: Float64Array; volume: Float64Array }>;
  for (const basis of ADV_BASES) {
    const { close, volume } = await advPriceBasis(panel, { basis, dataDir });
    adv[basis] = { close, volume };
  }
  return { panel, barsKey, adv, dataKey: memoKey({ bars: barsKey, splitOnly: [adv.splitOnly.close, adv.splitOnly.volume] }) };
}

/**
 * The upstream half of a config: the study's data, features, walk-forward regimes and forests
 * (each expensive step through the study's memo) and its alphas.
 */
export async function sweepUpstream(config: UpstreamConfig, { dataDir }: { dataDir?: string } = {}): Promise<UpstreamRun> {
  const { panel, barsKey, adv, dataKey } = await loadSweepData(config, { dataDir });
  const { features, target } = studyFeatures(panel, config);
  const regimes = studyRegimes(panel, barsKey, config);
  const forests = studyForests(features, target, regimes.value, barsKey, config);
  const { metadata, source: _source, validation: _validation, universe: _universe, ...market } = panel as typeof panel & { universe?: string };
  return {
    upstream: { key: sweepUpstreamKey(config), dataKey, panel: market, alphas: studyAlphas(panel, forests.value, config), adv },
    metadata,
    memoHits: { regimes: regimes.hit, models: forests.hit },
  };
}

/**
 * The same upstream with every typed array moved into shared memory, so that worker threads
 * receive it without a copy (a structured clone of a SharedArrayBuffer shares it).
 */
export function shareUpstream(upstream: SweepUpstream): SweepUpstream {
  const share = <A extends Float64Array | Int32Array>(a: A): A => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const copy = new (a.constructor as new (b: SharedArrayBuffer) => A)(new SharedArrayBuffer(a.byteLength));
    copy.set(a as never);
    return copy;
  };
  const p = upstream.panel;
  const panel: Panel = { ...p, dates: share(p.dates), open: share(p.open), high: share(p.high), low: share(p.low), close: share(p.close), volume: share(p.volume), vwap: share(p.vwap) };
  const alphas = Object.fromEntries(Object.entries(upstream.alphas).map(([name, a]) => [name, share(a)])) as Record<StudyAlphaName, Float64Array>;
  const adv = Object.fromEntries(Object.entries(upstream.adv).map(([basis, a]) => [basis, { close: share(a.close), volume: share(a.volume) }])) as SweepUpstream["adv"];
  return { key: upstream.key, dataKey: upstream.dataKey, panel, alphas, adv };
}

/**
 * The key of the sections a trial's weights depend on beyond its upstream: trials with equal keys
 * (say a grid over `backtest.*` alone) hold the same book, so one construction serves them all.
 * The ADV$ basis is not here: construction never reads ADV$, only the backtest's costs do.
 */
export function trialPortfolioKey(config: Pick<StudyConfig, "alpha" | "volatilityWindowDays" | "benchmark" | "portfolio">): string {
  return memoKey({ alpha: config.alpha, volatilityWindowDays: config.volatilityWindowDays, benchmark: config.benchmark, portfolio: config.portfolio });
}

/**
 * The downstream half of many trials over one upstream, returned in the order given: each trial's
 * portfolio, backtest and strategy statistics exactly as `runStudy` computes them. What trials
 * share beyond the upstream (the volatility of one window, the benchmark's returns, the book of one
 * `trialPortfolioKey`) is computed once. Trials run grouped by that key, so only one book is held at
 * a time; every step is a pure function of its inputs, so the order changes no number.
 * @throws naming the trial when its config does not belong to this upstream, or when a step fails
 */
export function evaluateTrials(upstream: SweepUpstream, trials: readonly { id: string; config: StudyConfig }[]): TrialOutcome[] {
  const { panel } = upstream;
  const volatilities = new Map<number, Float64Array>();
  const benchmarks = new Map<string, Float64Array>();
  const keys = trials.map(({ config }) => trialPortfolioKey(config));
  const order = groupByKey(trials.map((_, k) => k), (k) => keys[k]).flat();
  let book: { key: string; portfolio: PortfolioResult } | null = null;
  const outcomes: TrialOutcome[] = new Array(trials.length);
  for (const k of order) {
    const { id, config } = trials[k];
    if (sweepUpstreamKey(config) !== upstream.key) throw new Error(`evaluateTrials: trial ${id} has another upstream (data, features, regimes, walkForward or momentumLookbackDays) than the one given`);
    try {
      let volatility = volatilities.get(config.volatilityWindowDays);
      if (!volatility) volatilities.set(config.volatilityWindowDays, (volatility = studyVolatility(panel, config)));
      let benchmark = benchmarks.get(config.benchmark);
      if (!benchmark) benchmarks.set(config.benchmark, (benchmark = referenceReturns(panel, config).benchmarkReturns));
      const market = studyMarket(panel, upstream.adv[config.backtest.advPriceBasis]);
      if (book?.key !== keys[k]) book = { key: keys[k], portfolio: studyPortfolio(market, upstream.alphas[config.alpha], volatility, config) };
      const backtest = backtestWeights(market, book.portfolio.weights, volatility, config);
      const start = evaluationStart(backtest);
      // the same call as the study summary's `strategy`
      const s = performanceSummary(fromStart(backtest.netReturn, start), {
        riskFree: dailyRiskFree(config),
        benchmark: fromStart(benchmark, start),
        grossReturns: fromStart(backtest.grossReturn, start),
        turnover: fromStart(backtest.turnover, start),
      });
      const netReturns = Float64Array.from(backtest.netReturn, (r, t) => (t < start ? NaN : r));
      const metrics: TrialMetrics = {
        netSharpe: s.sharpe,
        beta: s.beta,
        alpha: s.alphaAnnual,
        residualSharpe: s.residualSharpe,
        turnover: s.annualizedTurnover,
        costs: s.costDrag,
        maxDrawdown: s.maxDrawdown,
      };
      outcomes[k] = { id, metrics, netReturns };
    } catch (err) {
      throw new Error(`sweep trial ${id}: ${(err as Error).message}`);
    }
  }
  return outcomes;
}

/** `items` grouped by `key`: groups in the order of their first items, items in the given order within each. */
export function groupByKey<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

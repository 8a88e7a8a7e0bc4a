/**
 * The study's trading steps: the volatility the constructor divides by, the headline portfolio's
 * backtest, the reference books (the benchmark and an equal-weight book of every asset), the
 * regime each day's return was earned in, the variant grid (every alpha with every scheme, the
 * trials of the deflated Sharpe ratio) and the cost sweep of the headline portfolio.
 *
 * Timing: the weights of day t are built from the alpha and volatility of day t and earn the
 * return from close t to close t + 1 in the backtest.
 */
import type { DataPanel } from "../../data/load";
import { panelGrid, panelSeries, tickerIndex, type Panel } from "../../data/types";
import { simpleReturns } from "../../features/rolling";
import { constructPortfolio, type PortfolioResult } from "../../portfolio/constructor";
import { betaPanel, type BetaPanelOptions } from "../../portfolio/beta";
import type { HeldWeights } from "../../portfolio/betaFeedback";
import { trailingVolatilityPanel } from "../../portfolio/volatility";
import { equalWeights } from "../../portfolio/exposure";
import { runBacktest, type BacktestMarket, type BacktestResult } from "../../backtest/engine";
import type { AdvPriceBasis } from "../../data/advBasis";
import { performanceSummary } from "../../analytics/summary";
import { sharpeRatio } from "../../analytics/ratios";
import type { StudyAlphaName, StudyConfig } from "../config";
import { dailyRiskFree, fromStart } from "./period";
import { memoKey } from "./memo";
import type { CostSweep, StudyVariant } from "./types";

/**
 * What the constructor and the backtest read of a panel; `advClose` and `advVolume` (both or
 * neither) are the prices ADV$ is valued at (`studyMarket`, backtest.advPriceBasis).
 */
export type StudyMarket = Pick<DataPanel, "tickers" | "dates" | "close" | "volume" | "assetClasses"> & Pick<BacktestMarket, "advClose" | "advVolume">;

/** The panel with the closes and volumes its ADV$ is valued at, as every backtest of the study reads it. */
export function studyMarket(panel: StudyMarket, advBasis: Pick<AdvPriceBasis, "close" | "volume">): StudyMarket {
  return { tickers: panel.tickers, dates: panel.dates, close: panel.close, volume: panel.volume, assetClasses: panel.assetClasses, advClose: advBasis.close, advVolume: advBasis.volume };
}

/** Trailing daily volatility of every ticker (ticker-major), over `volatilityWindowDays`. */
export function studyVolatility(panel: Pick<DataPanel, "tickers" | "dates" | "close">, config: Pick<StudyConfig, "volatilityWindowDays">): Float64Array {
  return trailingVolatilityPanel(panel.close, panelGrid(panel), { windowDays: config.volatilityWindowDays });
}

/** Backtest of a weight panel with the study's costs (the impact model reads `volatility`). */
export function backtestWeights(market: StudyMarket, weights: Float64Array, volatility: Float64Array, config: Pick<StudyConfig, "backtest">): BacktestResult {
  return runBacktest(market, weights, { ...config.backtest, volatility });
}

/** Beta panels per close panel and estimator settings, with the key of the closes they were computed from. */
const betaCache = new WeakMap<Float64Array, Map<string, { closeKey: string; beta: Float64Array }>>();
/** Settings kept per close panel: a sweep over the beta window holds a few at once. */
const BETA_CACHE_ENTRIES = 4;

/**
 * `betaPanel` of the market's closes, computed once per thread for each close panel and settings:
 * the study's headline, its look-ahead rerun and its eight variants, and every trial of a sweep,
 * hold the same betas (about 20 ms a panel on the shipped data). A hit must match the memo's key of
 * the closes (SHA-256 of their bits, about 1 ms), so a panel changed in place (as the look-ahead
 * tests change future bars) is recomputed, never served stale; the caller must not write into the
 * panel it gets.
 */
function cachedBetaPanel(market: StudyMarket, options: BetaPanelOptions): Float64Array {
  const close = market.close;
  if (!(close instanceof Float64Array)) return betaPanel(close, market, options);
  const key = JSON.stringify([options.benchmark, options.betaWindowDays, options.betaShrinkage, options.betaEstimator ?? "ols", options.betaLagDays ?? 1, market.tickers]);
  const closeKey = memoKey(close);
  let entries = betaCache.get(close);
  const hit = entries?.get(key);
  if (hit && hit.closeKey === closeKey) return hit.beta;
  const beta = betaPanel(close, market, options);
  if (!entries) betaCache.set(close, (entries = new Map()));
  entries.delete(key);
  entries.set(key, { closeKey, beta });
  if (entries.size > BETA_CACHE_ENTRIES) entries.delete(entries.keys().next().value as string);
  return beta;
}

/**
 * Target weights of an alpha under `config.portfolio`; with `betaNeutral`, each asset's beta to the
 * study's `benchmark` (`betaPanel`, trailing `betaWindowDays`, known at t) is computed here.
 */
export function studyPortfolio(
  market: StudyMarket,
  alpha: Float64Array,
  volatility: Float64Array,
  config: Pick<StudyConfig, "portfolio" | "benchmark">,
  heldWeights: HeldWeights | null = null,
): PortfolioResult {
  const beta = config.portfolio.betaNeutral ? cachedBetaPanel(market, { ...config.portfolio, benchmark: config.benchmark }) : null;
  return constructPortfolio(market, alpha, volatility, { ...config.portfolio, beta, close: market.close, benchmark: config.benchmark, heldWeights });
}

/** Portfolio of an alpha under `config.portfolio`, backtested with the study's costs. */
export function backtestAlpha(market: StudyMarket, alpha: Float64Array, volatility: Float64Array, config: Pick<StudyConfig, "portfolio" | "backtest" | "benchmark">): BacktestResult {
  return backtestWeights(market, studyPortfolio(market, alpha, volatility, config).weights, volatility, config);
}

/** The reference books over the whole calendar (NaN on day 0): the benchmark held, and equal weights in every asset rebalanced daily at no cost. */
export function referenceReturns(panel: Panel, config: Pick<StudyConfig, "benchmark">): { benchmarkReturns: Float64Array; equalWeightReturns: Float64Array } {
  const benchmarkReturns = simpleReturns(panelSeries(panel, "close", tickerIndex(panel, config.benchmark)));
  const equalWeight = runBacktest(panel, equalWeights(panel.close, panelGrid(panel)), { commissionBps: 0, halfSpreadBps: 0, impactModel: "none" });
  // day 0 earns nothing: no close before it
  const equalWeightReturns = Float64Array.from(equalWeight.netReturn, (r, t) => (t === 0 ? NaN : r));
  return { benchmarkReturns, equalWeightReturns };
}

/**
 * The regime each day's return was earned in: the filtered label known at the previous close
 * (the return of day t runs from close t - 1 to close t); -1 on day 0 and where it is unknown.
 * @example regimeOfReturns(Int32Array.of(-1, 0, 2)) // => [-1, -1, 0]
 */
export function regimeOfReturns(labels: Int32Array): Int32Array {
  const T = labels.length;
  const out = new Int32Array(T).fill(-1);
  for (let t = 1; t < T; t++) out[t] = labels[t - 1];
  return out;
}

/**
 * Every alpha of `variants.alphas` with every scheme of `variants.schemes`, backtested with the
 * headline's costs and caps, judged from `periodStart`. The headline strategy is always one of
 * them (its backtest is `headline`'s, not recomputed), even when the grid leaves it out.
 */
export function studyVariants(
  market: StudyMarket,
  alphas: Readonly<Record<StudyAlphaName, Float64Array>>,
  volatility: Float64Array,
  headline: BacktestResult,
  periodStart: number,
  config: Pick<StudyConfig, "alpha" | "portfolio" | "backtest" | "variants" | "analytics" | "benchmark">,
): StudyVariant[] {
  const riskFree = dailyRiskFree(config);
  const out: StudyVariant[] = [];
  const add = (a: StudyAlphaName, scheme: StudyConfig["portfolio"]["scheme"]) => {
    const isHeadline = a === config.alpha && scheme === config.portfolio.scheme;
    const run = isHeadline ? headline : backtestAlpha(market, alphas[a], volatility, { backtest: config.backtest, benchmark: config.benchmark, portfolio: { ...config.portfolio, scheme } });
    const net = fromStart(run.netReturn, periodStart);
    const s = performanceSummary(net, { riskFree, grossReturns: fromStart(run.grossReturn, periodStart), turnover: fromStart(run.turnover, periodStart) });
    out.push({ name: `${a} · ${scheme}`, alpha: a, scheme, netReturns: net, sharpe: s.sharpe, annualizedReturn: s.annualizedReturn, annualizedTurnover: s.annualizedTurnover, costDrag: s.costDrag, headline: isHeadline });
  };
  for (const a of config.variants.alphas) for (const scheme of config.variants.schemes) add(a, scheme);
  if (!out.some((v) => v.headline)) add(config.alpha, config.portfolio.scheme);
  return out;
}

/**
 * The headline portfolio's net Sharpe ratio from `periodStart` at each linear cost level of
 * `analytics.costSweepBps` (as half spread, no commission), with the configured impact model and
 * without; and its gross Sharpe ratio.
 */
export function studyCostSweep(
  market: StudyMarket,
  portfolio: Pick<PortfolioResult, "weights">,
  backtest: Pick<BacktestResult, "grossReturn">,
  volatility: Float64Array,
  periodStart: number,
  config: Pick<StudyConfig, "backtest" | "analytics">,
): CostSweep {
  const riskFree = dailyRiskFree(config);
  const sharpeAt = (bps: number, impact: boolean) => {
    const run = runBacktest(market, portfolio.weights, { ...config.backtest, commissionBps: 0, halfSpreadBps: bps, impactModel: impact ? config.backtest.impactModel : "none", volatility });
    return sharpeRatio(fromStart(run.netReturn, periodStart), { riskFree });
  };
  const levels = [...config.analytics.costSweepBps].sort((a, b) => a - b);
  return {
    costBps: levels,
    withImpact: Float64Array.from(levels, (b) => sharpeAt(b, true)),
    linearOnly: Float64Array.from(levels, (b) => sharpeAt(b, false)),
    grossSharpe: sharpeRatio(fromStart(backtest.grossReturn, periodStart), { riskFree }),
  };
}

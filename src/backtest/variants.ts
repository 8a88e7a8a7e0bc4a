/**
 * Many portfolio and backtest variants over the same alphas and prices, in one pass over the days.
 *
 * A sweep over construction and cost settings (caps, gross, net, scheme, costs, rebalance
 * schedule, no-trade band) would otherwise run `constructPortfolio` then `runBacktest` per variant:
 * each transposes the alpha, volatility and close panels into day-major blocks, writes an N*T
 * weight panel, transposes it back, and writes an N*T position panel. Here each block of DAY_BLOCK
 * days of alpha, volatility and closes is gathered once; every variant's day constructor writes its
 * weights into a day-major block that its day simulator reads directly, and variants with the same
 * impact inputs share one block of sqrtAdv impact scales. The numbers are those of
 * the one-at-a-time calls, computed by the same day kernels in the same order (a test checks every
 * series to 1e-12; they agree to the last bit).
 */
import type { PortfolioConfig, PortfolioConfigInput } from "../config/portfolio";
import type { BacktestConfigInput } from "../config/backtest";
import { scatterDayBlock, DAY_BLOCK } from "../portfolio/layout";
import { PortfolioRun, type ConstructPortfolioOptions, type PortfolioGrid } from "../portfolio/constructor";
import { BacktestRun, type BacktestMarket, type BacktestResult } from "./engine";

/** One variant: its portfolio and backtest settings (every field optional; defaults from the schemas). */
export interface PortfolioBacktestVariant {
  readonly portfolio?: PortfolioConfigInput;
  readonly backtest?: BacktestConfigInput;
}

/** Options of `backtestPortfolioVariants`, shared by every variant. */
export interface PortfolioBacktestVariantsOptions {
  /** Per-ticker caps (see constructPortfolio's `maxPositionByTicker`); default none. */
  readonly maxPositionByTicker?: ArrayLike<number>;
  /** Each ticker's beta per day (ticker-major N*T), needed by variants with `betaNeutral`; default null. */
  readonly beta?: ArrayLike<number> | null;
  /** Ticker of the benchmark the betas are to, needed by variants with `betaFeedbackDays`. */
  readonly benchmark?: string;
  /** Keep each variant's weight and position panels (N*T each); default false (empty arrays). */
  readonly keepPanels?: boolean;
}

/** What one variant gives: its construction diagnostics and its backtest. */
export interface PortfolioBacktestVariantResult {
  readonly portfolio: {
    readonly config: PortfolioConfig;
    /** Target weights (ticker-major N*T) with `keepPanels`, else an empty array. */
    readonly weights: Float64Array;
    readonly tradeableCount: Int32Array;
    readonly cappedCount: Int32Array;
    readonly grossBinding: Uint8Array;
    readonly betaTarget: Float64Array;
    readonly betaFeedbackFallbackDays: number;
  };
  /** runBacktest's result; `positions` is empty unless `keepPanels`. */
  readonly backtest: BacktestResult;
}

/**
 * Construct and backtest every variant over the same alpha, volatility and market, in one pass
 * (see the module comment): equal to `constructPortfolio(market, alpha, volatility,
 * { ...portfolio, maxPositionByTicker, beta, close: market.close })` then `runBacktest(market,
 * weights, { ...backtest, volatility })` per variant, as the study's `backtestAlpha` does.
 * @param volatility daily volatility (ticker-major N*T): the sizing input and the sqrtAdv impact's sigma, as in the study; null for
 *   schemes that size without it (the impact then uses runBacktest's default trailing volatility)
 * @throws what constructPortfolio or runBacktest would throw for the first variant that fails, prefixed with its index
 * @example
 * const [tight, loose] = backtestPortfolioVariants(panel, alpha, vol, [{ portfolio: { maxPosition: 0.05 } }, { portfolio: { maxPosition: 0.2 } }]);
 * tight.backtest.netReturn // the same as runBacktest(panel, constructPortfolio(panel, alpha, vol, { maxPosition: 0.05 }).weights, { volatility: vol }).netReturn
 */
export function backtestPortfolioVariants(
  market: BacktestMarket & PortfolioGrid,
  alpha: ArrayLike<number>,
  volatility: ArrayLike<number> | null,
  variants: readonly PortfolioBacktestVariant[],
  { maxPositionByTicker, beta = null, benchmark, keepPanels = false }: PortfolioBacktestVariantsOptions = {},
): PortfolioBacktestVariantResult[] {
  const fn = "backtestPortfolioVariants";
  const tagged = <T>(v: number, make: () => T): T => {
    try {
      return make();
    } catch (err) {
      if (err instanceof Error) err.message = `${fn}: variant ${v}: ${err.message}`;
      throw err;
    }
  };
  const portfolioOptions: ConstructPortfolioOptions = { maxPositionByTicker, beta, benchmark, close: market.close };
  const portfolios = variants.map((v, i) => tagged(i, () => new PortfolioRun(market, alpha, volatility, { ...v.portfolio, ...portfolioOptions })));
  const backtests = variants.map((v, i) => tagged(i, () => new BacktestRun(market, { ...v.backtest, ...(volatility === null ? {} : { volatility }) })));
  for (let i = 1; i < variants.length; i++) {
    portfolios[i].shareInputs(portfolios[0]);
    backtests[i].shareCloses(backtests[0]);
    for (let j = 0; j < i && !backtests[i].shareImpactScale(backtests[j]); j++);
  }
  for (let i = 0; i < variants.length; i++) backtests[i].day.blockTarget = portfolios[i].day.blockWeights;
  const { N, T } = portfolios.length > 0 ? portfolios[0].shape : { N: 0, T: 0 };
  const shape = { N, T };
  const weights = variants.map(() => new Float64Array(keepPanels ? N * T : 0));
  const positions = variants.map(() => new Float64Array(keepPanels ? N * T : 0));
  for (let t0 = 0; t0 < T; t0 += DAY_BLOCK) {
    const count = Math.min(DAY_BLOCK, T - t0);
    for (let i = 0; i < variants.length; i++) {
      tagged(i, () => portfolios[i].block(t0, count));
      tagged(i, () => backtests[i].block(t0, count));
      if (keepPanels) {
        scatterDayBlock(portfolios[i].day.blockWeights, shape, t0, count, weights[i]);
        scatterDayBlock(backtests[i].day.blockPositions, shape, t0, count, positions[i]);
      }
    }
  }
  return variants.map((_, i) => {
    const p = portfolios[i];
    return {
      portfolio: { config: p.config, weights: weights[i], tradeableCount: p.tradeableCount, cappedCount: p.cappedCount, grossBinding: p.grossBinding, betaTarget: p.betaTarget, betaFeedbackFallbackDays: p.betaFeedbackFallbackDays },
      backtest: backtests[i].result(positions[i]),
    };
  });
}

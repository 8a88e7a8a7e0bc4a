/**
 * Trading costs, every one a fraction of NAV for a trade of |trade| (a fraction of NAV).
 *
 * - commission = commissionBps * 1e-4 * |trade|
 * - half spread = halfSpreadBps * 1e-4 * |trade|
 * - impact, "sqrtAdv" (the square-root law): the price moves against the trade by
 *       Y * sigma_daily * sqrt(Q / ADV$)        (a fraction of price)
 *   where Q = |trade| * portfolioNotionalUsd is the trade's dollar notional, ADV$ the asset's average
 *   daily dollar volume (USD per day, so Q / ADV$ is the trade's share of a day's volume), sigma_daily
 *   its daily return volatility (fraction per day) and Y = impactCoefficient (dimensionless, of order
 *   one). Paid on the traded notional, the cost as a fraction of NAV is
 *       impact = |trade| * Y * sigma_daily * sqrt(|trade| * portfolioNotionalUsd / ADV$).
 * - impact, "sqrtTrade": the original design's impactCoefficient * |trade|^0.5, unitless (it ignores the asset's
 *   liquidity and volatility and the portfolio's size); kept only to compare with the original design.
 */
import type { BacktestConfig } from "../config/backtest";

/** One trade's costs split by kind, each a fraction of NAV. */
export interface TradeCost {
  commission: number;
  spread: number;
  impact: number;
  total: number;
}

/** Market inputs of one trade's impact. */
export interface TradeMarket {
  /** Daily return volatility of the asset (fraction per day); sqrtAdv only. */
  volatilityDaily?: number;
  /** Average daily dollar volume of the asset (USD per day); sqrtAdv only. */
  advUsd?: number;
}

/**
 * The cost of trading |trade| (fraction of NAV) in one asset under a backtest config (formulas in
 * this file's header). The backtest inlines the same arithmetic in its loop; this is the readable
 * form, for notebooks and tests.
 * @throws when the sqrtAdv model lacks a positive ADV$ or a finite volatility for a non-zero trade
 * @example backtestTradeCost(0.1, { commissionBps: 1, halfSpreadBps: 2, impactModel: "none" }) // => { commission: 1e-5, spread: 2e-5, impact: 0, total: 3e-5 }
 */
export function backtestTradeCost(
  trade: number,
  config: Pick<BacktestConfig, "commissionBps" | "halfSpreadBps" | "impactModel"> & Partial<Pick<BacktestConfig, "impactCoefficient" | "portfolioNotionalUsd">>,
  { volatilityDaily = NaN, advUsd = NaN }: TradeMarket = {},
): TradeCost {
  const size = Math.abs(trade);
  const commission = config.commissionBps * 1e-4 * size;
  const spread = config.halfSpreadBps * 1e-4 * size;
  const coefficient = config.impactCoefficient ?? 1;
  let impact = 0;
  if (size > 0 && config.impactModel === "sqrtAdv") {
    if (!(advUsd > 0)) throw new Error(`backtestTradeCost: sqrtAdv impact needs ADV$ > 0 (got ${advUsd})`);
    if (!(volatilityDaily >= 0)) throw new Error(`backtestTradeCost: sqrtAdv impact needs a daily volatility >= 0 (got ${volatilityDaily})`);
    const notional = config.portfolioNotionalUsd ?? 10_000_000;
    impact = size * coefficient * volatilityDaily * Math.sqrt((size * notional) / advUsd);
  } else if (size > 0 && config.impactModel === "sqrtTrade") {
    impact = coefficient * Math.sqrt(size);
  }
  return { commission, spread, impact, total: commission + spread + impact };
}

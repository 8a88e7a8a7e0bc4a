/**
 * Backtest. In: a market (the panel's close, and volume for ADV$) and target weights, ticker-major
 * N*T, decided at each close. Out: per day the gross and net return, commission, spread and impact
 * costs, turnover, gross and net exposure, the NAV, and the positions held (N*T). Weights decided
 * at the close of t earn the return from close t to close t + 1; positions drift with prices
 * between trades. `backtestPortfolioVariants` constructs and backtests many portfolio/backtest variants
 * over the same alphas and prices in one pass. Also the look-ahead lag: any panel-shaped signal delayed by whole days (`lagPanel`).
 */
export { runBacktest, BacktestEngine } from "./engine";
export type { BacktestMarket, BacktestOptions, BacktestResult } from "./engine";
export { backtestTradeCost } from "./costs";
export type { TradeCost, TradeMarket } from "./costs";
export { lagPanel } from "./lag";
export { backtestPortfolioVariants } from "./variants";
export type { PortfolioBacktestVariant, PortfolioBacktestVariantsOptions, PortfolioBacktestVariantResult } from "./variants";

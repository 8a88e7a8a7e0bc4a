/**
 * Portfolio construction. In: daily alpha scores and daily volatilities, ticker-major N*T on the
 * panel's tickers and dates (NaN = no view / no data: not held). Out: target weights N*T
 * (fractions of NAV) that satisfy every position cap, the gross limit and the net target together,
 * to 1e-12, because each day's raw weights are projected exactly (least squares) onto that
 * constraint set (projection.ts documents the method). Schemes: z-score / volatility sizing
 * (optionally square-root-z sizing), top/bottom-k long-short, inverse-volatility sizing, and equal
 * risk contribution (true risk parity: Ledoit-Wolf covariance, Spinu's Newton solve) within each leg.
 * Also the trailing volatility both this stage and the backtest's impact model use, and the
 * exposure of weight panels (equal weights, extremes and means of gross and net exposure).
 * Optionally (betaNeutral, groupNeutral) the book's beta to a benchmark and every group's net are
 * held at 0 too, jointly with the other constraints (equalities.ts), from each asset's trailing,
 * shrunk beta (beta.ts); with betaFeedbackDays the beta is held at minus the book's own realised
 * beta beyond its ex-ante beta instead (betaFeedback.ts).
 */
export { constructPortfolio, PortfolioConstructor, PortfolioInfeasibleError } from "./constructor";
export type { PortfolioResult, ConstructPortfolioOptions, PortfolioGrid } from "./constructor";
export { projectPortfolioWeights, PROJECTION_TOLERANCE } from "./projection";
export type { ProjectionOptions } from "./projection";
export { projectNeutralWeights } from "./equalities";
export type { NeutralProjectionOptions } from "./equalities";
export { betaPanel } from "./beta";
export type { BetaPanelOptions } from "./beta";
export type { HeldWeights } from "./betaFeedback";
export { trailingVolatilityPanel } from "./volatility";
export type { TrailingVolatilityOptions } from "./volatility";
export { ledoitWolfCovariance } from "./covariance";
export type { SampleShape, LedoitWolfEstimate } from "./covariance";
export { equalRiskContributionWeights } from "./riskParity";
export type { EqualRiskContributionOptions } from "./riskParity";
export { equalWeights, weightExtremes, exposureSummary } from "./exposure";
export type { WeightExtremes, ExposureSummary } from "./exposure";

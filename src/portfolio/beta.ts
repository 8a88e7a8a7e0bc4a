/**
 * Each asset's beta to a benchmark, day by day and causally: what the beta-neutral constructor
 * holds at zero (`betaNeutral` of PortfolioConfigSchema).
 */
import { panelShape, tickerIndex, type PanelGrid } from "../data/types";
import type { PortfolioConfig } from "../config/portfolio";
import { laggedSeries, rollingBeta, simpleReturns } from "../features/rolling";

/** Options of `betaPanel`: the benchmark's ticker and the estimator, window and shrinkage of a `PortfolioConfig`. */
export type BetaPanelOptions = Pick<PortfolioConfig, "betaWindowDays" | "betaShrinkage"> & Partial<Pick<PortfolioConfig, "betaEstimator" | "betaLagDays">> & {
  /** Ticker of the benchmark, one of the grid's (the study's: `benchmark` of StudyConfigSchema). */
  benchmark: string;
};

/**
 * Trailing beta of every ticker to the benchmark, ticker-major N*T on the close's grid:
 *
 *     beta_OLS(j, t)    = cov(r_j, r_b) / var(r_b)  over the `betaWindowDays` daily simple returns ending at t,
 *     beta_Dimson(j, t) = sum over L = 0..betaLagDays of cov(r_j(s), r_b(s - L)) / var(r_b(s - L)), same window of s,
 *     beta(j, t)        = (1 - betaShrinkage) * beta_raw(j, t) + betaShrinkage          (Blume, toward 1)
 *
 * with beta_raw the OLS slope (`betaEstimator` "ols", the default) or Dimson's (1979) sum of the
 * slopes on the same-day and lagged benchmark returns ("dimson"; each slope simple, which is Dimson's
 * multiple-regression sum when the benchmark's returns are serially uncorrelated). The returns of
 * day t run from close t - 1 to close t and the lagged benchmark returns are older still, so
 * beta(j, t) uses closes up to t only: it is known at the close of t. NaN where the window is not
 * full of valid returns of both the asset and the (lagged) benchmark (warm-up, a missing close in
 * the window) or the benchmark is flat. The benchmark's own OLS beta is 1 (to rounding); its Dimson
 * beta is 1 plus its own autocorrelation slopes.
 * @throws when the benchmark is not one of the grid's tickers
 * @example betaPanel(close, panel, { benchmark: "SPY", betaWindowDays: 252, betaShrinkage: 1 / 3 })
 */
export function betaPanel(
  close: ArrayLike<number>,
  grid: PanelGrid,
  { benchmark, betaWindowDays, betaShrinkage, betaEstimator = "ols", betaLagDays = 1 }: BetaPanelOptions,
): Float64Array {
  const { N, T } = panelShape(close, grid, "betaPanel: close");
  const b = tickerIndex(grid, benchmark);
  const series = (j: number) => Float64Array.from({ length: T }, (_, t) => close[j * T + t]);
  const market = simpleReturns(series(b));
  const regressors = betaEstimator === "dimson" ? Array.from({ length: betaLagDays + 1 }, (_, lag) => laggedSeries(market, lag)) : [market];
  const out = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    const asset = simpleReturns(series(j));
    const slopes = regressors.map((x) => rollingBeta(asset, x, betaWindowDays));
    for (let t = 0; t < T; t++) {
      let beta = 0;
      for (const slope of slopes) beta += slope[t];
      out[j * T + t] = (1 - betaShrinkage) * beta + betaShrinkage;
    }
  }
  return out;
}

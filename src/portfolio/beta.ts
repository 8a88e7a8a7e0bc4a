/**
 * Each asset's beta to a benchmark, day by day and causally: what the beta-neutral constructor
 * holds at zero (`betaNeutral` of PortfolioConfigSchema).
 */
import { panelShape, tickerIndex, type PanelGrid } from "../data/types";
import type { PortfolioConfig } from "../config/portfolio";
import { rollingBeta, simpleReturns } from "../features/rolling";

/** Options of `betaPanel`: the benchmark's ticker and the window and shrinkage of a `PortfolioConfig`. */
export type BetaPanelOptions = Pick<PortfolioConfig, "betaWindowDays" | "betaShrinkage"> & {
  /** Ticker of the benchmark, one of the grid's (the study's: `benchmark` of StudyConfigSchema). */
  benchmark: string;
};

/**
 * Trailing beta of every ticker to the benchmark, ticker-major N*T on the close's grid:
 *
 *     beta_OLS(j, t) = cov(r_j, r_b) / var(r_b)  over the `betaWindowDays` daily simple returns ending at t,
 *     beta(j, t)     = (1 - betaShrinkage) * beta_OLS(j, t) + betaShrinkage          (Blume, toward 1)
 *
 * The returns of day t run from close t - 1 to close t, so beta(j, t) uses closes up to t only:
 * it is known at the close of t. NaN where the window is not full of valid returns of both the
 * asset and the benchmark (warm-up, a missing close in the window) or the benchmark is flat.
 * The benchmark's own beta is 1 (to rounding).
 * @throws when the benchmark is not one of the grid's tickers
 * @example betaPanel(close, panel, { benchmark: "SPY", betaWindowDays: 252, betaShrinkage: 1 / 3 })
 */
export function betaPanel(close: ArrayLike<number>, grid: PanelGrid, { benchmark, betaWindowDays, betaShrinkage }: BetaPanelOptions): Float64Array {
  const { N, T } = panelShape(close, grid, "betaPanel: close");
  const b = tickerIndex(grid, benchmark);
  const series = (j: number) => Float64Array.from({ length: T }, (_, t) => close[j * T + t]);
  const market = simpleReturns(series(b));
  const out = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    const beta = rollingBeta(simpleReturns(series(j)), market, betaWindowDays);
    for (let t = 0; t < T; t++) out[j * T + t] = (1 - betaShrinkage) * beta[t] + betaShrinkage;
  }
  return out;
}

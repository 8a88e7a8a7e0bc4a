/**
 * Trailing daily volatility of every ticker of a panel, the per-asset risk the constructor divides
 * by and the square-root impact model scales by.
 */
import { panelShape, type PanelGrid } from "../data/types";

/** Options of `trailingVolatilityPanel`. */
export interface TrailingVolatilityOptions {
  /** Returns in the trailing window, ending at day t inclusive (the study's: volatilityWindowDays of StudyConfigSchema). */
  windowDays: number;
  /** Fewest valid returns in the window for a value; fewer gives NaN (default 1). */
  minPeriods?: number;
}

/**
 * Trailing daily volatility, ticker-major N*T on the close's grid: the root mean square of the
 * close-to-close simple returns of the last `windowDays` days up to and including t,
 * sqrt(sum r^2 / n) (zero-mean convention, as RiskMetrics: over a month the mean daily return is
 * noise next to its volatility). Only bars up to t are used, so it is known at the close of t.
 * A return needs two consecutive valid closes of that ticker's series (a NaN close breaks the chain:
 * the return into and out of it are NaN). NaN where fewer than `minPeriods` returns are valid.
 * @example trailingVolatilityPanel(new Float64Array([100, 101, 99.99]), { tickers: ["A"], dates: Int32Array.of(1, 2, 3) }, { windowDays: 2 }) // => [NaN, 0.01, 0.01]
 */
export function trailingVolatilityPanel(
  close: ArrayLike<number>,
  grid: PanelGrid,
  { windowDays, minPeriods = 1 }: TrailingVolatilityOptions,
): Float64Array {
  const { N, T } = panelShape(close, grid, "trailingVolatilityPanel: close");
  if (!(windowDays >= 1)) throw new Error(`trailingVolatilityPanel: windowDays must be >= 1 (got ${windowDays})`);
  const out = new Float64Array(N * T);
  const squares = new Float64Array(T); // one ticker's r^2, NaN where no return
  for (let j = 0; j < N; j++) {
    const base = j * T;
    let sum = 0, n = 0;
    squares[0] = NaN;
    for (let t = 0; t < T; t++) {
      if (t > 0) {
        const r = close[base + t] / close[base + t - 1] - 1;
        squares[t] = r * r; // NaN when either close is NaN
      }
      const add = squares[t];
      if (add === add) {
        sum += add;
        n++;
      }
      if (t >= windowDays) {
        const drop = squares[t - windowDays];
        if (drop === drop) {
          sum -= drop;
          n--;
        }
      }
      // a running sum of squares can drift below zero by rounding once big values leave the window
      out[base + t] = n >= minPeriods && n > 0 ? Math.sqrt(sum > 0 ? sum / n : 0) : NaN;
    }
  }
  return out;
}

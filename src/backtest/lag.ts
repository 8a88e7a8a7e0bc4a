/**
 * The look-ahead lag of a whole study: trade every signal later than it claims to be known. An
 * honest daily signal loses little (its information is still fresh a day later); a signal that
 * peeked at the next day's return loses nearly everything, because the peek was its edge.
 */
import { panelShape, type PanelGrid } from "../data/types";

/**
 * A panel-shaped array (alpha, weights) delayed by `days` trading days on its grid:
 * out[j*T + t] = values[j*T + t - days], and NaN for the first `days` days of every ticker, where
 * the delayed signal does not exist yet. NaN means "no view / not held": the constructor leaves
 * such an asset out and the backtest holds it flat.
 * @throws when `days` is not a whole number >= 0, or the values are not laid out on the grid
 * @example lagPanel([1, 2, 3, 4, 5, 6], { tickers: ["A", "B"], dates: Int32Array.of(1, 2, 3) }, 1) // => [NaN, 1, 2, NaN, 4, 5]
 */
export function lagPanel(values: ArrayLike<number>, grid: PanelGrid, days: number): Float64Array {
  const { N, T } = panelShape(values, grid, "lagPanel: values");
  if (!Number.isInteger(days) || days < 0) throw new Error(`lagPanel: days must be a whole number >= 0 (got ${days})`);
  const out = new Float64Array(N * T).fill(NaN);
  for (let j = 0; j < N; j++) {
    const base = j * T;
    for (let t = days; t < T; t++) out[base + t] = values[base + t - days];
  }
  return out;
}

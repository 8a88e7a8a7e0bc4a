/**
 * The two shapes every stage shares.
 *
 * `Bars`: one ticker's daily bars as typed columns, ascending by date.
 * `Panel`: many tickers aligned on one trading calendar, each field a ticker-major
 * Float64Array of length tickers.length * dates.length: the value of ticker j on day t
 * is `field[j * T + t]` (T = dates.length), so one ticker's series is the contiguous
 * slice `field.subarray(j * T, (j + 1) * T)`. A missing bar is NaN in every field.
 */

export type AssetClass = "equity" | "bond" | "commodity" | "currency" | "stock" | "crypto" | "fx" | "index" | "real_estate";

export interface Bars {
  readonly ticker: string;
  /** Exchange-local trading dates as epoch days (see util/dates). Strictly ascending. */
  readonly dates: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Volume-weighted average price; NaN where unknown. See `vwapEstimated`. */
  readonly vwap: Float64Array;
  /** Number of trades; NaN where the source has none. */
  readonly transactions: Float64Array;
  /** True when `vwap` is not the source's own but an estimate (the estimator is named in `vwapEstimator`). */
  readonly vwapEstimated: boolean;
  /** e.g. "typical price (high + low + close) / 3"; null when the vwap is the source's own. */
  readonly vwapEstimator: string | null;
}

/** The per-bar fields a Panel carries, each a ticker-major N x T Float64Array. */
export const PANEL_FIELDS = ["open", "high", "low", "close", "volume", "vwap"] as const;
export type PanelField = (typeof PANEL_FIELDS)[number];

export interface Panel {
  /** Trading calendar as epoch days, strictly ascending. */
  readonly dates: Int32Array;
  readonly tickers: readonly string[];
  readonly assetClasses: readonly AssetClass[];
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly vwap: Float64Array;
  /** Per ticker: whether its vwap column is an estimate. */
  readonly vwapEstimated: readonly boolean[];
}

/**
 * The grid a panel-shaped array is laid out on: N = tickers.length series of T = dates.length days,
 * ticker-major (ticker j, day t at j * T + t). A `Panel` is a grid, and so is any
 * `{ tickers, dates }` taken from one. Functions over N x T arrays take the grid right after the values
 * (`fn(values, grid, options)`),
 * never bare counts, so a caller cannot swap N and T; `panelShape` is the one shape check.
 */
export interface PanelGrid {
  readonly tickers: readonly string[];
  readonly dates: Int32Array;
}

/** N (tickers) and T (dates) of a grid, as checked by `panelShape`; kernels take this, never two bare numbers. */
export interface PanelShape {
  readonly N: number;
  readonly T: number;
}

/**
 * Check that `values` is laid out on `grid` (length N x T) and return N and T: the one shape check
 * of the engine, with one message. `what` names the caller and the argument, e.g. "icByDay: signal".
 * @throws when the length is not tickers x dates
 * @example panelShape(new Float64Array(6), { tickers: ["A", "B"], dates: Int32Array.of(1, 2, 3) }, "f: x") // => { N: 2, T: 3 }
 */
export function panelShape(values: ArrayLike<number>, grid: PanelGrid, what: string): PanelShape {
  const N = grid.tickers.length, T = grid.dates.length;
  if (values.length !== N * T) {
    throw new Error(`${what} has ${values.length} values; its grid is ${N} tickers x ${T} dates = ${N * T}`);
  }
  return { N, T };
}

/** The grid of a panel (its tickers and dates), without the fields. */
export function panelGrid(panel: PanelGrid): PanelGrid {
  return { tickers: panel.tickers, dates: panel.dates };
}

/** One ticker's series of a panel field, as a view (no copy). */
export function panelSeries(panel: Panel, field: PanelField, tickerIndex: number): Float64Array {
  const T = panel.dates.length;
  return panel[field].subarray(tickerIndex * T, (tickerIndex + 1) * T);
}

/** Index of a ticker in a panel; throws naming the ticker when it is absent. */
export function tickerIndex(panel: Pick<Panel, "tickers">, ticker: string): number {
  const j = panel.tickers.indexOf(ticker);
  if (j < 0) throw new Error(`ticker "${ticker}" is not in the panel (have: ${panel.tickers.join(", ")})`);
  return j;
}

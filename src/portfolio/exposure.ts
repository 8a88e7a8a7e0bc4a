/**
 * Exposure of weight panels: the equal-weight book of every priced asset, and the extremes and
 * means of the gross (sum |w|) and net (sum w) exposure a portfolio runs.
 */
import { panelShape, type PanelGrid } from "../data/types";

/**
 * Equal weights 1/n over the assets with a close > 0 each day, ticker-major N*T on the close's grid;
 * 0 elsewhere (a day without any close is flat).
 * @example equalWeights([1, 1, NaN, 1], { tickers: ["A", "B"], dates: Int32Array.of(1, 2) }) // => [1, 0.5, 0, 0.5]
 */
export function equalWeights(close: ArrayLike<number>, grid: PanelGrid): Float64Array {
  const { N, T } = panelShape(close, grid, "equalWeights: close");
  const w = new Float64Array(N * T);
  for (let t = 0; t < T; t++) {
    let n = 0;
    for (let j = 0; j < N; j++) if (close[j * T + t] > 0) n++;
    for (let j = 0; j < N; j++) if (close[j * T + t] > 0) w[j * T + t] = 1 / n;
  }
  return w;
}

/** Largest absolute value of a series, 0 when empty; NaN values never win (NaN > m is false). */
function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m) m = a;
  }
  return m;
}

/** Arithmetic mean over every value (sum / length, no NaN skipped: exposure series have none). */
function meanOf(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return sum / x.length;
}

/** Extremes of a weight panel over its days. */
export interface WeightExtremes {
  /** Largest |w| of any asset on any day. */
  readonly maxAbsWeight: number;
  /** Largest daily gross exposure sum_i |w_i|. */
  readonly maxGross: number;
  /** Largest daily |net exposure| |sum_i w_i|. */
  readonly maxAbsNet: number;
}

/**
 * Largest |weight|, daily gross and |net| exposure of a weight panel (ticker-major N*T on `grid`),
 * e.g. to confirm the constructor's caps, gross limit and net target held on every day.
 * @example weightExtremes([0.5, -0.25, -0.5, 0.5], { tickers: ["A", "B"], dates: Int32Array.of(1, 2) }) // => { maxAbsWeight: 0.5, maxGross: 1, maxAbsNet: 0.25 }
 */
export function weightExtremes(weights: ArrayLike<number>, grid: PanelGrid): WeightExtremes {
  const { N, T } = panelShape(weights, grid, "weightExtremes: weights");
  // per day, summed over tickers in ticker order
  const gross = new Float64Array(T), net = new Float64Array(T);
  for (let j = 0; j < N; j++) {
    for (let t = 0; t < T; t++) {
      const w = weights[j * T + t];
      gross[t] += Math.abs(w);
      net[t] += w;
    }
  }
  return { maxAbsWeight: maxAbs(weights), maxGross: maxAbs(gross), maxAbsNet: maxAbs(net) };
}

/** Mean and extreme daily exposure of the positions a portfolio held. */
export interface ExposureSummary {
  readonly meanGross: number;
  readonly meanNet: number;
  readonly maxGross: number;
  /** Largest |net exposure|. */
  readonly maxAbsNet: number;
}

/**
 * Mean and largest daily gross and net exposure from per-day series (e.g. a backtest's
 * `grossExposure` and `netExposure` over its trading period), fractions of NAV.
 * @example exposureSummary([1, 0.8], [0.1, -0.3]) // => { meanGross: 0.9, meanNet: -0.1, maxGross: 1, maxAbsNet: 0.3 }
 */
export function exposureSummary(grossExposure: ArrayLike<number>, netExposure: ArrayLike<number>): ExposureSummary {
  if (grossExposure.length !== netExposure.length) {
    throw new Error(`exposureSummary: grossExposure has ${grossExposure.length} days and netExposure ${netExposure.length}; they must align`);
  }
  return { meanGross: meanOf(grossExposure), meanNet: meanOf(netExposure), maxGross: maxAbs(grossExposure), maxAbsNet: maxAbs(netExposure) };
}

/**
 * Daily-bar "microstructure-inspired" features: what one day's open, high, low, close, volume
 * and VWAP say about who traded and how hard. These are daily proxies, never intraday
 * measurements. Where the VWAP is an estimate (the shipped Yahoo-derived bars have none, so
 * the data layer estimates it from high, low and close), every VWAP feature is an estimate
 * too: the feature panel marks them (`FeatureInfo.vwapEstimated`).
 * Same NaN policy as `rolling.ts`. `MICROSTRUCTURE_FEATURES` (at the end) lists the panel's
 * microstructure features built on them.
 */
import { assertWindowDays, rollingCorrelationInto, rollingMomentsInto, rollingSumInto, simpleReturnsInto } from "./rolling";
import type { FeatureContext, FeatureEntry } from "./definition";

function f64(x: ArrayLike<number>): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}

/**
 * Deviation of the close from the day's VWAP: close / vwap - 1 (positive: the day closed above
 * its average traded price).
 * @example vwapDeviation([101], [100]) // => [0.01]
 */
export function vwapDeviation(close: ArrayLike<number>, vwap: ArrayLike<number>): Float64Array {
  const out = new Float64Array(close.length);
  vwapDeviationInto(f64(close), f64(vwap), out);
  return out;
}

export function vwapDeviationInto(close: Float64Array, vwap: Float64Array, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) {
    if (vwap[t] === 0) out[t] = NaN;
    else out[t] = close[t] / vwap[t] - 1;
  }
}

/**
 * Where the close sits against the VWAP in units of the day's range: (close - vwap) / (high - low).
 * The "price improvement" a buyer at VWAP got over one at the close, scaled by how far the day
 * moved. NaN on a zero-range day.
 * @example priceImprovement([102], [100], [104], [99]) // => [0.4]
 */
export function priceImprovement(close: ArrayLike<number>, vwap: ArrayLike<number>, high: ArrayLike<number>, low: ArrayLike<number>): Float64Array {
  const out = new Float64Array(close.length);
  priceImprovementInto(f64(close), f64(vwap), f64(high), f64(low), out);
  return out;
}

export function priceImprovementInto(close: Float64Array, vwap: Float64Array, high: Float64Array, low: Float64Array, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) {
    const range = high[t] - low[t];
    if (range === 0) out[t] = NaN;
    else out[t] = (close[t] - vwap[t]) / range;
  }
}

/**
 * Volume z-score: (volume_t - mean) / sd over the trailing `windowDays` volumes, today's
 * included (known at the close). NaN for a flat window.
 */
export function volumeZScore(volume: ArrayLike<number>, { windowDays = 20 }: { windowDays?: number } = {}): Float64Array {
  assertWindowDays("volumeZScore", windowDays, 2);
  const v = f64(volume);
  const out = new Float64Array(v.length);
  volumeZScoreInto(v, windowDays, out, new Float64Array(v.length));
  return out;
}

export function volumeZScoreInto(volume: Float64Array, windowDays: number, out: Float64Array, work: Float64Array): void {
  rollingMomentsInto(volume, windowDays, work, out);
  for (let t = 0; t < out.length; t++) {
    const sd = out[t];
    if (sd > 0) out[t] = (volume[t] - work[t]) / sd;
    else out[t] = NaN;
  }
}

/**
 * Volume-price correlation: the correlation over `windowDays` of daily returns with daily log
 * volume changes ln(volume_t / volume_(t-1)). Positive: volume rises on up days. A zero-volume
 * bar has no log change, so its windows are NaN.
 */
export function volumePriceCorrelation(returns: ArrayLike<number>, volume: ArrayLike<number>, { windowDays = 20 }: { windowDays?: number } = {}): Float64Array {
  assertWindowDays("volumePriceCorrelation", windowDays, 2);
  const r = f64(returns), v = f64(volume);
  const out = new Float64Array(r.length);
  volumePriceCorrelationInto(r, v, windowDays, out, new Float64Array(r.length));
  return out;
}

export function volumePriceCorrelationInto(returns: Float64Array, volume: Float64Array, windowDays: number, out: Float64Array, work: Float64Array): void {
  const n = returns.length;
  for (let t = 0; t < n; t++) {
    const a = t === 0 ? NaN : volume[t - 1], b = volume[t];
    if (a > 0 && b > 0) work[t] = Math.log(b / a);
    else work[t] = NaN;
  }
  rollingCorrelationInto(work, returns, windowDays, out);
}

/**
 * Amihud (2002) illiquidity: the mean over `windowDays` of |r_t| / (close_t * volume_t), in
 * return per $1M traded (scaled by 1e6 so typical ETF values are readable). A zero dollar
 * volume is a division by zero: NaN, and so is every window holding it.
 */
export function amihudIlliquidity(returns: ArrayLike<number>, close: ArrayLike<number>, volume: ArrayLike<number>, { windowDays = 20 }: { windowDays?: number } = {}): Float64Array {
  assertWindowDays("amihudIlliquidity", windowDays);
  const r = f64(returns);
  const out = new Float64Array(r.length);
  amihudIlliquidityInto(r, f64(close), f64(volume), windowDays, out, new Float64Array(r.length));
  return out;
}

export function amihudIlliquidityInto(returns: Float64Array, close: Float64Array, volume: Float64Array, windowDays: number, out: Float64Array, work: Float64Array): void {
  const n = returns.length;
  for (let t = 0; t < n; t++) {
    const dollars = close[t] * volume[t];
    if (dollars === 0) work[t] = NaN;
    else work[t] = (1e6 * Math.abs(returns[t])) / dollars;
  }
  rollingSumInto(work, windowDays, out);
  const inv = 1 / windowDays;
  for (let t = 0; t < n; t++) out[t] *= inv;
}

/**
 * Overnight gap: open_t / close_(t-1) - 1 (news that arrived while the market was shut).
 * @example overnightGap([100, 103], [101, 102]) // => [NaN, 0.0198...]
 */
export function overnightGap(open: ArrayLike<number>, close: ArrayLike<number>): Float64Array {
  const out = new Float64Array(open.length);
  overnightGapInto(f64(open), f64(close), out);
  return out;
}

export function overnightGapInto(open: Float64Array, close: Float64Array, out: Float64Array): void {
  if (out.length > 0) out[0] = NaN; // no previous close
  for (let t = 1; t < out.length; t++) {
    const prev = close[t - 1];
    if (prev === 0) out[t] = NaN;
    else out[t] = open[t] / prev - 1;
  }
}

/**
 * Intraday return: close_t / open_t - 1. Together with the overnight gap it composes the
 * close-to-close return: (1 + gap) * (1 + intraday) = 1 + r.
 * @example intradayReturn([100], [101]) // => [0.01]
 */
export function intradayReturn(open: ArrayLike<number>, close: ArrayLike<number>): Float64Array {
  const out = new Float64Array(open.length);
  intradayReturnInto(f64(open), f64(close), out);
  return out;
}

export function intradayReturnInto(open: Float64Array, close: Float64Array, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) {
    if (open[t] === 0) out[t] = NaN;
    else out[t] = close[t] / open[t] - 1;
  }
}

/** Said in the description of every VWAP feature when some ticker's VWAP is an estimate. */
function vwapCaveat(ctx: FeatureContext): string {
  return ctx.anyVwapEstimated ? " (VWAP estimated where panel.vwapEstimated says so)" : "";
}

/**
 * The microstructure features of the feature panel, in panel order: VWAP deviation and momentum,
 * price improvement, volume z-score, volume-price correlation, Amihud illiquidity, overnight gap
 * and intraday return. Per-ticker series; nothing crosses tickers.
 */
export const MICROSTRUCTURE_FEATURES: readonly FeatureEntry[] = [
  {
    group: "microstructure",
    name: () => "vwap_dev",
    description: (ctx) => `close / vwap - 1${vwapCaveat(ctx)}`,
    warmupDays: () => 0,
    usesVwap: true,
    compute: (ctx) => ctx.perTicker((j, out) => vwapDeviationInto(ctx.column("close", j), ctx.column("vwap", j), out)),
  },
  {
    group: "microstructure",
    name: (cfg) => `vwap_mom_${cfg.vwapMomentumDays}d`,
    description: (ctx) => `vwap_t / vwap_(t-${ctx.config.vwapMomentumDays}) - 1${vwapCaveat(ctx)}`,
    warmupDays: (cfg) => cfg.vwapMomentumDays,
    usesVwap: true,
    compute: (ctx) => ctx.perTicker((j, out) => simpleReturnsInto(ctx.column("vwap", j), ctx.config.vwapMomentumDays, out)),
  },
  {
    group: "microstructure",
    name: () => "price_improvement",
    description: (ctx) => `(close - vwap) / (high - low)${vwapCaveat(ctx)}`,
    warmupDays: () => 0,
    usesVwap: true,
    compute: (ctx) => ctx.perTicker((j, out) => priceImprovementInto(ctx.column("close", j), ctx.column("vwap", j), ctx.column("high", j), ctx.column("low", j), out)),
  },
  {
    group: "microstructure",
    name: (cfg) => `volume_z_${cfg.volumeZDays}d`,
    description: ({ config: cfg }) => `(volume - mean) / sd over ${cfg.volumeZDays} days, today included`,
    warmupDays: (cfg) => cfg.volumeZDays - 1,
    compute: (ctx) => ctx.perTicker((j, out) => volumeZScoreInto(ctx.column("volume", j), ctx.config.volumeZDays, out, ctx.work[0])),
  },
  {
    group: "microstructure",
    name: (cfg) => `vol_price_corr_${cfg.volPriceCorrDays}d`,
    description: ({ config: cfg }) => `correlation of daily returns with log volume changes over ${cfg.volPriceCorrDays} days`,
    warmupDays: (cfg) => cfg.volPriceCorrDays,
    compute: (ctx) => {
      const r1 = ctx.returns(1);
      return ctx.perTicker((j, out) => volumePriceCorrelationInto(ctx.row(r1, j), ctx.column("volume", j), ctx.config.volPriceCorrDays, out, ctx.work[0]));
    },
  },
  {
    group: "microstructure",
    name: (cfg) => `amihud_${cfg.amihudDays}d`,
    description: ({ config: cfg }) => `Amihud illiquidity: mean |r| per $1M of close x volume over ${cfg.amihudDays} days`,
    warmupDays: (cfg) => cfg.amihudDays,
    compute: (ctx) => {
      const r1 = ctx.returns(1);
      return ctx.perTicker((j, out) => amihudIlliquidityInto(ctx.row(r1, j), ctx.column("close", j), ctx.column("volume", j), ctx.config.amihudDays, out, ctx.work[0]));
    },
  },
  {
    group: "microstructure",
    name: () => "overnight_gap",
    description: () => "open_t / close_(t-1) - 1",
    warmupDays: () => 1,
    compute: (ctx) => ctx.perTicker((j, out) => overnightGapInto(ctx.column("open", j), ctx.column("close", j), out)),
  },
  {
    group: "microstructure",
    name: () => "intraday_ret",
    description: () => "close_t / open_t - 1",
    warmupDays: () => 0,
    compute: (ctx) => ctx.perTicker((j, out) => intradayReturnInto(ctx.column("open", j), ctx.column("close", j), out)),
  },
];

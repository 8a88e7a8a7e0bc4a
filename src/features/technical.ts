/**
 * Technical features of one ticker's daily bars: momentum, realised and range-based
 * volatility, moving-average distance, RSI. Each takes columns (Float64Array or any
 * array-like), returns a new Float64Array of the same length, and follows the NaN policy of
 * `rolling.ts` (warm-up NaN, a NaN input makes its windows NaN, x / 0 is NaN).
 * The `...Into` variants write into a caller's array; the feature panel uses them to avoid
 * allocating one array per ticker per feature, and `TECHNICAL_FEATURES` (at the end) lists the
 * panel's technical features built on them.
 */
import { assertWindowDays, rollingCorrelationInto, rollingMomentsInto, rollingSumInto, rollingSumPairInto } from "./rolling";
import type { FeatureContext, FeatureEntry } from "./definition";

function f64(x: ArrayLike<number>): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}

/**
 * Annualised realised volatility: the sample standard deviation (n - 1) of daily returns over
 * `windowDays`, times sqrt(periodsPerYear). With simple returns from closes, the first value
 * appears at t = windowDays (the first return is at t = 1).
 * @example realizedVolatility(simpleReturns(close), { windowDays: 20 })
 */
export function realizedVolatility(
  returns: ArrayLike<number>,
  { windowDays = 20, periodsPerYear = 252 }: { windowDays?: number; periodsPerYear?: number } = {},
): Float64Array {
  assertWindowDays("realizedVolatility", windowDays, 2);
  const out = new Float64Array(returns.length);
  realizedVolatilityInto(f64(returns), windowDays, periodsPerYear, out);
  return out;
}

export function realizedVolatilityInto(returns: Float64Array, windowDays: number, periodsPerYear: number, out: Float64Array): void {
  rollingMomentsInto(returns, windowDays, null, out, Math.sqrt(periodsPerYear));
}

/**
 * Relative strength of a short-horizon return against a long-horizon one:
 * shortRet / d, where d is longRet with its magnitude floored at `floor` (sign kept; 0 counts as
 * positive). The plain ratio explodes when the long return crosses zero; the floor bounds the
 * result by |shortRet| / floor and keeps its sign meaningful ("same direction" is positive).
 * @example relativeStrength([0.02, 0.02], [0.04, 0.001], { floor: 0.01 }) // => [0.5, 2]
 */
export function relativeStrength(shortRet: ArrayLike<number>, longRet: ArrayLike<number>, { floor = 0.01 }: { floor?: number } = {}): Float64Array {
  if (!(floor > 0)) throw new Error(`relativeStrength requires floor > 0 (got ${floor})`);
  const out = new Float64Array(shortRet.length);
  relativeStrengthInto(f64(shortRet), f64(longRet), floor, out);
  return out;
}

export function relativeStrengthInto(shortRet: Float64Array, longRet: Float64Array, floor: number, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) {
    const d = longRet[t], s = shortRet[t];
    // NaN in either stays NaN (a NaN d fails both comparisons, the division keeps NaN)
    if (d >= 0) out[t] = d < floor ? s / floor : s / d;
    else out[t] = d > -floor ? s / -floor : s / d;
  }
}

/**
 * Volatility persistence: the correlation over `windowDays` of |r_t| with |r_(t-1)|, i.e. the
 * lag-1 autocorrelation of absolute returns (volatility clustering; near 0 for i.i.d. returns).
 * First value at t = windowDays + 1 for returns from closes.
 */
export function volatilityPersistence(returns: ArrayLike<number>, { windowDays = 60 }: { windowDays?: number } = {}): Float64Array {
  assertWindowDays("volatilityPersistence", windowDays, 2);
  const r = f64(returns);
  const out = new Float64Array(r.length);
  volatilityPersistenceInto(r, windowDays, out, new Float64Array(r.length), new Float64Array(r.length));
  return out;
}

export function volatilityPersistenceInto(returns: Float64Array, windowDays: number, out: Float64Array, absNow: Float64Array, absPrev: Float64Array): void {
  const n = returns.length;
  for (let t = 0; t < n; t++) {
    absNow[t] = Math.abs(returns[t]);
    if (t === 0) absPrev[t] = NaN;
    else absPrev[t] = Math.abs(returns[t - 1]);
  }
  rollingCorrelationInto(absPrev, absNow, windowDays, out);
}

/**
 * Distance of the close from its simple moving average: close / SMA_windowDays - 1.
 * @example movingAverageDistance([1, 2, 3], { windowDays: 3 }) // => [NaN, NaN, 0.5]
 */
export function movingAverageDistance(close: ArrayLike<number>, { windowDays = 20 }: { windowDays?: number } = {}): Float64Array {
  assertWindowDays("movingAverageDistance", windowDays);
  const c = f64(close);
  const out = new Float64Array(c.length);
  movingAverageDistanceInto(c, windowDays, out);
  return out;
}

export function movingAverageDistanceInto(close: Float64Array, windowDays: number, out: Float64Array): void {
  rollingSumInto(close, windowDays, out);
  const inv = 1 / windowDays;
  for (let t = 0; t < out.length; t++) {
    const ma = out[t] * inv;
    if (ma === 0) out[t] = NaN;
    else out[t] = close[t] / ma - 1;
  }
}

/**
 * Relative strength index, Cutler's form: 100 * G / (G + L), where G and L are the sums of the
 * up-moves and down-moves of the close over the last `windowDays` changes (Wilder's original
 * smooths them recursively instead, which gives the series an infinite memory and lets one
 * missing bar poison it for ever; Cutler's does not). Needs windowDays + 1 closes.
 * @returns NaN in warm-up, around NaN closes, and for a flat window (G + L = 0)
 * @example rsi([1, 2, 1, 3], { windowDays: 3 }) // => [NaN, NaN, NaN, 75]
 */
export function rsi(close: ArrayLike<number>, { windowDays = 14 }: { windowDays?: number } = {}): Float64Array {
  assertWindowDays("rsi", windowDays);
  const c = f64(close);
  const out = new Float64Array(c.length);
  rsiInto(c, windowDays, out, new Float64Array(c.length), new Float64Array(c.length));
  return out;
}

export function rsiInto(close: Float64Array, windowDays: number, out: Float64Array, gains: Float64Array, losses: Float64Array): void {
  const n = close.length;
  for (let t = 0; t < n; t++) {
    const d = t === 0 ? NaN : close[t] - close[t - 1];
    if (d > 0) {
      gains[t] = d;
      losses[t] = 0;
    } else if (d < 0) {
      gains[t] = 0;
      losses[t] = -d;
    } else if (d === d) {
      gains[t] = 0;
      losses[t] = 0;
    } else {
      gains[t] = NaN;
      losses[t] = NaN;
    }
  }
  rollingSumPairInto(gains, losses, windowDays, out, losses); // in place is allowed
  for (let t = 0; t < n; t++) {
    const g = out[t], total = g + losses[t];
    if (total > 0) out[t] = (100 * g) / total;
    else out[t] = NaN;
  }
}

/**
 * Parkinson (1980) range volatility, annualised:
 * sqrt( mean over windowDays of ln(high / low)^2 / (4 ln 2) * periodsPerYear ).
 * @returns NaN where high or low is <= 0 or NaN in the window
 */
export function parkinsonVolatility(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  { windowDays = 20, periodsPerYear = 252 }: { windowDays?: number; periodsPerYear?: number } = {},
): Float64Array {
  assertWindowDays("parkinsonVolatility", windowDays);
  const out = new Float64Array(high.length);
  parkinsonVolatilityInto(f64(high), f64(low), windowDays, periodsPerYear, out, new Float64Array(high.length));
  return out;
}

export function parkinsonVolatilityInto(high: Float64Array, low: Float64Array, windowDays: number, periodsPerYear: number, out: Float64Array, work: Float64Array): void {
  const n = high.length;
  for (let t = 0; t < n; t++) {
    const h = high[t], l = low[t];
    const u = h > 0 && l > 0 ? Math.log(h / l) : NaN;
    work[t] = u * u;
  }
  rollingSumInto(work, windowDays, out);
  const k = periodsPerYear / (4 * Math.LN2 * windowDays);
  for (let t = 0; t < n; t++) out[t] = Math.sqrt(out[t] * k);
}

/**
 * Garman-Klass (1980) OHLC volatility, annualised:
 * sqrt( mean over windowDays of [0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2] * periodsPerYear ).
 * @returns NaN where a price is <= 0 or NaN in the window, or where the mean is negative
 *   (only possible with inconsistent bars whose close lies outside the high-low range)
 */
export function garmanKlassVolatility(
  open: ArrayLike<number>,
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  { windowDays = 20, periodsPerYear = 252 }: { windowDays?: number; periodsPerYear?: number } = {},
): Float64Array {
  assertWindowDays("garmanKlassVolatility", windowDays);
  const out = new Float64Array(close.length);
  garmanKlassVolatilityInto(f64(open), f64(high), f64(low), f64(close), windowDays, periodsPerYear, out, new Float64Array(close.length));
  return out;
}

export function garmanKlassVolatilityInto(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  windowDays: number,
  periodsPerYear: number,
  out: Float64Array,
  work: Float64Array,
): void {
  const n = close.length;
  const c2 = 2 * Math.LN2 - 1;
  for (let t = 0; t < n; t++) {
    const o = open[t], h = high[t], l = low[t], c = close[t];
    if (o > 0 && h > 0 && l > 0 && c > 0) {
      const hl = Math.log(h / l), co = Math.log(c / o);
      work[t] = 0.5 * hl * hl - c2 * co * co;
    } else work[t] = NaN;
  }
  rollingSumInto(work, windowDays, out);
  const k = periodsPerYear / windowDays;
  for (let t = 0; t < n; t++) {
    const v = out[t] * k;
    if (v >= 0) out[t] = Math.sqrt(v);
    else out[t] = NaN;
  }
}

/**
 * Parkinson and Garman-Klass volatilities in one pass, sharing ln(high / low) (the panel needs
 * both; a logarithm costs more than everything else here). Same definitions as the two above.
 */
export function rangeVolatilitiesInto(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  windowDays: number,
  periodsPerYear: number,
  outParkinson: Float64Array,
  outGarmanKlass: Float64Array,
): void {
  const n = close.length;
  const c2 = 2 * Math.LN2 - 1;
  // per-bar terms go into the outputs, then are summed over the window in place
  for (let t = 0; t < n; t++) {
    const o = open[t], h = high[t], l = low[t], c = close[t];
    const hl = h > 0 && l > 0 ? Math.log(h / l) : NaN;
    const hl2 = hl * hl;
    outParkinson[t] = hl2;
    if (o > 0 && c > 0) {
      const co = Math.log(c / o);
      outGarmanKlass[t] = 0.5 * hl2 - c2 * co * co;
    } else outGarmanKlass[t] = NaN;
  }
  rollingSumPairInto(outParkinson, outGarmanKlass, windowDays, outParkinson, outGarmanKlass);
  const kp = periodsPerYear / (4 * Math.LN2 * windowDays), kg = periodsPerYear / windowDays;
  for (let t = 0; t < n; t++) {
    outParkinson[t] = Math.sqrt(outParkinson[t] * kp);
    const v = outGarmanKlass[t] * kg;
    if (v >= 0) outGarmanKlass[t] = Math.sqrt(v);
    else outGarmanKlass[t] = NaN;
  }
}

/**
 * The technical features of the feature panel, in panel order: returns, momentum acceleration,
 * relative strength, realised volatilities and their ratio, volatility persistence, moving-average
 * distances, RSI, range volatilities. Per-ticker series; nothing crosses tickers.
 */
export const TECHNICAL_FEATURES: readonly FeatureEntry[] = [
  {
    windows: (cfg) => cfg.returnHorizons,
    feature: (h) => ({
      group: "technical",
      name: () => `ret_${h}d`,
      description: () => `simple return over ${h} days: close_t / close_(t-${h}) - 1`,
      warmupDays: () => h,
      compute: (ctx) => ctx.returns(h),
    }),
  },
  {
    group: "technical",
    name: () => "mom_accel",
    description: ({ config: cfg }) => `momentum acceleration: ret_${cfg.momAccelShortDays}d - ret_${cfg.momAccelLongDays}d`,
    warmupDays: (cfg) => Math.max(cfg.momAccelShortDays, cfg.momAccelLongDays),
    compute: (ctx) => {
      const s = ctx.returns(ctx.config.momAccelShortDays), l = ctx.returns(ctx.config.momAccelLongDays);
      return ctx.perTicker((j, out) => differenceInto(ctx.row(s, j), ctx.row(l, j), out));
    },
  },
  {
    group: "technical",
    name: (cfg) => `rel_strength_${cfg.relStrengthShortDays}_${cfg.relStrengthLongDays}`,
    description: ({ config: cfg }) =>
      `ret_${cfg.relStrengthShortDays}d / ret_${cfg.relStrengthLongDays}d, the denominator's magnitude floored at ${cfg.relStrengthFloor} (sign kept)`,
    warmupDays: (cfg) => Math.max(cfg.relStrengthShortDays, cfg.relStrengthLongDays),
    compute: (ctx) => {
      const s = ctx.returns(ctx.config.relStrengthShortDays), l = ctx.returns(ctx.config.relStrengthLongDays);
      return ctx.perTicker((j, out) => relativeStrengthInto(ctx.row(s, j), ctx.row(l, j), ctx.config.relStrengthFloor, out));
    },
  },
  {
    windows: (cfg) => cfg.volWindows,
    feature: (w) => ({
      group: "technical",
      name: () => `vol_${w}d`,
      description: ({ config: cfg }) => `realised volatility: sample sd of daily returns over ${w} days x sqrt(${cfg.periodsPerYear})`,
      warmupDays: () => w,
      compute: (ctx) => realizedVolatilities(ctx, w),
    }),
  },
  {
    group: "technical",
    name: (cfg) => `vol_ratio_${cfg.volRatioShortDays}_${cfg.volRatioLongDays}`,
    description: ({ config: cfg }) => `vol_${cfg.volRatioShortDays}d / vol_${cfg.volRatioLongDays}d (NaN when vol_${cfg.volRatioLongDays}d is 0)`,
    warmupDays: (cfg) => Math.max(cfg.volRatioShortDays, cfg.volRatioLongDays),
    compute: (ctx) => {
      const vs = realizedVolatilities(ctx, ctx.config.volRatioShortDays), vl = realizedVolatilities(ctx, ctx.config.volRatioLongDays);
      return ctx.perTicker((j, out) => ratioInto(ctx.row(vs, j), ctx.row(vl, j), out));
    },
  },
  {
    group: "technical",
    name: (cfg) => `vol_persistence_${cfg.volPersistenceDays}d`,
    description: ({ config: cfg }) => `correlation of |r_t| with |r_(t-1)| over ${cfg.volPersistenceDays} days (volatility clustering)`,
    warmupDays: (cfg) => cfg.volPersistenceDays + 1,
    compute: (ctx) => {
      const r1 = ctx.returns(1);
      return ctx.perTicker((j, out) => volatilityPersistenceInto(ctx.row(r1, j), ctx.config.volPersistenceDays, out, ctx.work[0], ctx.work[1]));
    },
  },
  {
    windows: (cfg) => cfg.maWindows,
    feature: (w) => ({
      group: "technical",
      name: () => `ma_dist_${w}d`,
      description: () => `close / SMA_${w} - 1`,
      warmupDays: () => w - 1,
      compute: (ctx) => ctx.perTicker((j, out) => movingAverageDistanceInto(ctx.column("close", j), w, out)),
    }),
  },
  {
    group: "technical",
    name: (cfg) => `rsi_${cfg.rsiDays}d`,
    description: ({ config: cfg }) => `Cutler's RSI: 100 x up-moves / (up + down moves) over ${cfg.rsiDays} days`,
    warmupDays: (cfg) => cfg.rsiDays,
    compute: (ctx) => ctx.perTicker((j, out) => rsiInto(ctx.column("close", j), ctx.config.rsiDays, out, ctx.work[0], ctx.work[1])),
  },
  {
    group: "technical",
    name: (cfg) => `parkinson_vol_${cfg.rangeVolDays}d`,
    description: ({ config: cfg }) => `Parkinson range volatility over ${cfg.rangeVolDays} days, annualised`,
    warmupDays: (cfg) => cfg.rangeVolDays - 1,
    compute: (ctx) => rangeVolatilities(ctx).parkinson,
  },
  {
    group: "technical",
    name: (cfg) => `garman_klass_vol_${cfg.rangeVolDays}d`,
    description: ({ config: cfg }) => `Garman-Klass OHLC volatility over ${cfg.rangeVolDays} days, annualised`,
    warmupDays: (cfg) => cfg.rangeVolDays - 1,
    compute: (ctx) => rangeVolatilities(ctx).garmanKlass,
  },
];

/** out = a - b, elementwise (momentum acceleration here, the benchmark-relative strength in crossAsset.ts). */
export function differenceInto(a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = a[t] - b[t];
}

/** out = a / b, elementwise; NaN where b is 0. */
function ratioInto(a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let t = 0; t < out.length; t++) {
    if (b[t] === 0) out[t] = NaN;
    else out[t] = a[t] / b[t];
  }
}

/** vol_<w>d of every ticker, computed once per call: the volatility ratio reuses it. */
function realizedVolatilities(ctx: FeatureContext, w: number): Float64Array {
  return ctx.cached(`realizedVolatility ${w}`, () => {
    const r1 = ctx.returns(1);
    return ctx.perTicker((j, out) => realizedVolatilityInto(ctx.row(r1, j), w, ctx.config.periodsPerYear, out));
  });
}

/** Parkinson and Garman-Klass volatilities of every ticker, from one pass over the bars. */
function rangeVolatilities(ctx: FeatureContext): { parkinson: Float64Array; garmanKlass: Float64Array } {
  return ctx.cached("rangeVolatilities", () => {
    const { N, T } = ctx.shape;
    const w = ctx.config.rangeVolDays;
    const parkinson = new Float64Array(N * T), garmanKlass = new Float64Array(N * T);
    for (let j = 0; j < N; j++) {
      const s = j * T, e = s + T;
      rangeVolatilitiesInto(ctx.column("open", j), ctx.column("high", j), ctx.column("low", j), ctx.column("close", j), w, ctx.config.periodsPerYear, parkinson.subarray(s, e), garmanKlass.subarray(s, e));
    }
    return { parkinson, garmanKlass };
  });
}

/**
 * Information coefficient (IC) of a signal: each day, the cross-sectional correlation between
 * the signal across tickers and the forward return it is meant to predict. Pearson IC uses the
 * values, rank IC (Spearman) their ranks (ties get the average rank). Inputs are ticker-major
 * like a Panel field: the value of ticker j on day t is at [j * T + t].
 */
import { averageRanksPrefix, pearsonPrefix } from "../util/correlation";

export interface IcOptions {
  /** Number of tickers N; the inputs hold N * T values (required). */
  tickerCount: number;
  /** "pearson" (default) or "rank" (Spearman). */
  method?: "pearson" | "rank";
  /** Fewest tickers with both values for a day to get an IC (default 5); fewer gives NaN. */
  minAssets?: number;
}

/**
 * One IC per day: the correlation across tickers of `signal[j, t]` with `forwardReturn[j, t]`,
 * using the tickers where both are valid. Align the inputs first: the forward return at t must be
 * the return earned after the signal at t is known (close t to close t + h).
 * @returns a Float64Array of length T; NaN where fewer than `minAssets` pairs or a flat cross-section
 */
export function icByDay(signal: ArrayLike<number>, forwardReturn: ArrayLike<number>, options: IcOptions): Float64Array {
  const { tickerCount: N, method = "pearson", minAssets = 5 } = options;
  if (!Number.isInteger(N) || N < 1) throw new Error(`icByDay: tickerCount must be a positive integer (got ${N})`);
  if (signal.length !== forwardReturn.length) {
    throw new Error(`icByDay: signal has ${signal.length} values and forwardReturn ${forwardReturn.length}; they must align`);
  }
  if (signal.length % N !== 0) throw new Error(`icByDay: ${signal.length} values is not a multiple of tickerCount ${N}`);
  if (method !== "pearson" && method !== "rank") throw new Error(`icByDay: method must be "pearson" or "rank" (got ${String(method)})`);
  const T = signal.length / N;
  const out = new Float64Array(T).fill(NaN);
  const xs = new Float64Array(N), ys = new Float64Array(N);
  const rx = new Float64Array(N), ry = new Float64Array(N);
  const order = new Int32Array(N);
  for (let t = 0; t < T; t++) {
    let m = 0;
    for (let j = 0; j < N; j++) {
      const x = signal[j * T + t], y = forwardReturn[j * T + t];
      if (x !== x || y !== y) continue;
      xs[m] = x;
      ys[m] = y;
      m++;
    }
    if (m < minAssets || m < 2) continue;
    if (method === "rank") {
      averageRanksPrefix(xs, m, rx, order);
      averageRanksPrefix(ys, m, ry, order);
      out[t] = pearsonPrefix(rx, ry, m);
    } else {
      out[t] = pearsonPrefix(xs, ys, m);
    }
  }
  return out;
}

export interface IcSummary {
  /** Mean daily IC. */
  mean: number;
  /** Sample standard deviation of daily IC (n - 1). */
  sd: number;
  /** mean / standard error; Newey-West standard error when `neweyWestLags` > 0. */
  tStat: number;
  /** mean / sd: the IC's own information ratio per day. */
  icir: number;
  /** Share of days with a positive IC. */
  positiveShare: number;
  /** Days with a valid IC. */
  days: number;
}

/**
 * Mean, spread and t-statistic of a daily IC series (NaN days skipped). For an h-day forward
 * return the daily ICs overlap and are autocorrelated; pass `neweyWestLags: h - 1` so the t-stat
 * uses a Newey-West (Bartlett kernel) long-run variance instead of the iid one.
 * @returns NaN fields when fewer than two valid days
 * @example icSummary([0.1, 0.3]).tStat // => 2 (mean 0.2, sd 0.141421, se 0.1)
 */
export function icSummary(ic: ArrayLike<number>, { neweyWestLags = 0 } = {}): IcSummary {
  if (!Number.isInteger(neweyWestLags) || neweyWestLags < 0) throw new Error(`icSummary: neweyWestLags must be a non-negative integer (got ${neweyWestLags})`);
  const v: number[] = [];
  for (let i = 0; i < ic.length; i++) if (ic[i] === ic[i]) v.push(ic[i]);
  const n = v.length;
  if (n < 2) return { mean: NaN, sd: NaN, tStat: NaN, icir: NaN, positiveShare: n ? (v[0] > 0 ? 1 : 0) : NaN, days: n };
  let mean = 0, positives = 0;
  for (const x of v) { mean += x; if (x > 0) positives++; }
  mean /= n;
  let ss = 0;
  for (const x of v) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  let se: number;
  if (neweyWestLags === 0) {
    se = sd / Math.sqrt(n);
  } else {
    // Long-run variance: gamma_0 + 2 sum_l (1 - l / (L + 1)) gamma_l, autocovariances with 1/n.
    let lrv = ss / n;
    for (let l = 1; l <= Math.min(neweyWestLags, n - 1); l++) {
      let g = 0;
      for (let i = l; i < n; i++) g += (v[i] - mean) * (v[i - l] - mean);
      lrv += 2 * (1 - l / (neweyWestLags + 1)) * (g / n);
    }
    se = lrv > 0 ? Math.sqrt(lrv / n) : NaN;
  }
  return { mean, sd, tStat: se > 0 ? mean / se : NaN, icir: sd > 0 ? mean / sd : NaN, positiveShare: positives / n, days: n };
}

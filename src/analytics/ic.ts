/**
 * Information coefficient (IC) of a signal: each day, the cross-sectional correlation between
 * the signal across tickers and the forward return it is meant to predict. Pearson IC uses the
 * values, rank IC (Spearman) their ranks (ties get the average rank). Inputs are ticker-major
 * on a grid like a Panel field: the value of ticker j on day t is at [j * T + t]. Also the
 * summaries of a daily IC series: mean, spread and t-statistics (iid, Newey-West, and from
 * non-overlapping days), and its trailing mean over time.
 */
import { panelShape, type PanelGrid } from "../data/types";
import { averageRanksPrefix, pearsonPrefix } from "../util/correlation";
import { bartlettLongRunCovariance } from "./hac";

export interface IcOptions {
  /** "pearson" (default) or "rank" (Spearman). */
  method?: "pearson" | "rank";
  /** Fewest tickers with both values for a day to get an IC (default 5); fewer gives NaN. */
  minAssets?: number;
}

/**
 * One IC per day: the correlation across tickers of `signal[j, t]` with `forwardReturn[j, t]`,
 * using the tickers where both are valid, both laid out on `grid`. Align the inputs first: the
 * forward return at t must be the return earned after the signal at t is known (close t to close t + h).
 * @returns a Float64Array of length T; NaN where fewer than `minAssets` pairs or a flat cross-section
 * @example icByDay(signal, forwardReturns(panel, 5), panel, { method: "rank" })
 */
export function icByDay(signal: ArrayLike<number>, forwardReturn: ArrayLike<number>, grid: PanelGrid, { method = "pearson", minAssets = 5 }: IcOptions = {}): Float64Array {
  const { N, T } = panelShape(signal, grid, "icByDay: signal");
  panelShape(forwardReturn, grid, "icByDay: forwardReturn");
  if (method !== "pearson" && method !== "rank") throw new Error(`icByDay: method must be "pearson" or "rank" (got ${String(method)})`);
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
 * Mean, spread and t-statistic of a daily IC series (NaN days skipped): the one implementation of
 * IC statistics. For an h-day forward return the daily ICs overlap and are autocorrelated: either
 * pass `neweyWestLags: h - 1` so the t-stat uses a Newey-West (Bartlett kernel) long-run variance
 * instead of the iid one, or `everyDays: h` to keep only days whose labels do not overlap (the
 * first valid day, then every h-th valid day after it), where the iid t-stat applies.
 * @returns NaN fields when fewer than two days are taken
 * @example icSummary([0.1, 0.3]).tStat // => 2 (mean 0.2, sd 0.141421, se 0.1)
 * @example icSummary([0.1, NaN, 0.2, 0.3, 0.5], { everyDays: 2 }).days // => 2 (0.1 and 0.3 taken)
 */
export function icSummary(ic: ArrayLike<number>, { neweyWestLags = 0, everyDays = 1 }: { neweyWestLags?: number; everyDays?: number } = {}): IcSummary {
  if (!Number.isInteger(neweyWestLags) || neweyWestLags < 0) throw new Error(`icSummary: neweyWestLags must be a non-negative integer (got ${neweyWestLags})`);
  if (!Number.isInteger(everyDays) || everyDays < 1) throw new Error(`icSummary: everyDays must be a positive integer (got ${everyDays})`);
  const v: number[] = [];
  let sinceLast = everyDays; // take the first valid day, then every everyDays-th valid day
  for (let i = 0; i < ic.length; i++) {
    if (ic[i] !== ic[i]) continue;
    if (sinceLast < everyDays) {
      sinceLast++;
      continue;
    }
    sinceLast = 1;
    v.push(ic[i]);
  }
  const n = v.length;
  if (n < 2) return { mean: n ? v[0] : NaN, sd: NaN, tStat: NaN, icir: NaN, positiveShare: n ? (v[0] > 0 ? 1 : 0) : NaN, days: n };
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
    const lrv = bartlettLongRunCovariance(Float64Array.from(v, (x) => x - mean), { dims: 1, lags: neweyWestLags })[0];
    se = lrv > 0 ? Math.sqrt(lrv / n) : NaN;
  }
  return { mean, sd, tStat: se > 0 ? mean / se : NaN, icir: sd > 0 ? mean / sd : NaN, positiveShare: positives / n, days: n };
}

/**
 * Trailing mean of a daily IC series over `windowDays` days (NaN days skipped inside the window),
 * for charts of IC over time. NaN until the window holds `minDays` valid days (default half the
 * window). Day t uses days t - windowDays + 1 .. t only.
 * @example rollingIcMean([1, NaN, 3, 5, 7], 3, { minDays: 2 }) // => [NaN, NaN, 2, 4, 5]
 */
export function rollingIcMean(dailyIc: ArrayLike<number>, windowDays: number, { minDays = Math.ceil(windowDays / 2) }: { minDays?: number } = {}): Float64Array {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new Error(`rollingIcMean: windowDays must be a positive integer (got ${windowDays})`);
  const n = dailyIc.length;
  const out = new Float64Array(n).fill(NaN);
  let sum = 0, count = 0;
  for (let t = 0; t < n; t++) {
    const v = dailyIc[t];
    if (v === v) {
      sum += v;
      count++;
    }
    if (t >= windowDays) {
      const old = dailyIc[t - windowDays];
      if (old === old) {
        sum -= old;
        count--;
      }
    }
    if (count >= Math.max(1, minDays)) out[t] = sum / count;
  }
  return out;
}

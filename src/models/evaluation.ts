/**
 * Out-of-sample evaluation of alpha forecasts against realised forward returns, both ticker-major
 * N x T panels. Conventions:
 * - R^2 out of sample is against a zero forecast, 1 - sum (y - f)^2 / sum y^2, pooled over every
 *   (ticker, day) pair (Gu, Kelly and Xiu 2020; Campbell and Thompson 2008 use the historical
 *   mean instead). It is negative for any forecast worse than "no move"; it only makes sense for
 *   forecasts in return units (not for a momentum score).
 * - IC of day t: Pearson correlation across tickers of forecast and realised return; rank IC:
 *   Spearman (Pearson of average ranks). Days with fewer than `minTickers` pairs are NaN.
 *   Mean, sample standard deviation (n - 1) and t-stat = mean / (sd / sqrt(days)) over valid days.
 *   With an h-day target, consecutive days' ICs overlap, so this t-stat overstates significance by
 *   roughly sqrt(h); `icTStatNonOverlapping` uses every h-th day only.
 * - Hit rate: share of pairs where forecast and realised return have the same sign (zeros skipped).
 */
import { averageRanksPrefix, pearsonPrefix } from "../util/correlation";

/** Evaluation of one forecast panel. */
export interface AlphaEvaluation {
  /** (ticker, day) pairs where forecast and target are both finite. */
  readonly nPairs: number;
  /** Days with a valid IC. */
  readonly nDays: number;
  readonly r2OutOfSample: number;
  readonly icMean: number;
  readonly icStd: number;
  readonly icTStat: number;
  /** t-stat from every horizonDays-th valid day (non-overlapping labels). */
  readonly icTStatNonOverlapping: number;
  readonly rankIcMean: number;
  readonly rankIcStd: number;
  readonly rankIcTStat: number;
  readonly hitRate: number;
  /** IC and rank IC by day (length T, NaN where invalid). */
  readonly dailyIc: Float64Array;
  readonly dailyRankIc: Float64Array;
}

export interface AlphaEvaluationOptions {
  /** Fewest tickers with both values for a day's IC (default 5). */
  minTickers?: number;
  /** Horizon of the target in days, for the non-overlapping t-stat (default 1). */
  horizonDays?: number;
  /** Only pairs where mask[j * T + t] is 1 count (default: all). */
  mask?: Uint8Array | null;
}

function meanStdT(x: Float64Array, step = 1): { mean: number; std: number; t: number; n: number } {
  let n = 0, mean = 0, m2 = 0;
  let sinceLast = step; // take the first valid day, then every step-th valid day
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (sinceLast < step) {
      sinceLast++;
      continue;
    }
    sinceLast = 1;
    const d = v - mean; // Welford
    mean += d / ++n;
    m2 += d * (v - mean);
  }
  const std = n >= 2 ? Math.sqrt(m2 / (n - 1)) : NaN;
  const t = n >= 2 && std > 0 ? mean / (std / Math.sqrt(n)) : NaN;
  return { mean: n > 0 ? mean : NaN, std, t, n };
}

/**
 * IC, rank IC, R^2 out of sample and hit rate of a forecast panel (see the module docs for the
 * conventions). NaN pairs are skipped.
 * @param alpha forecasts, ticker-major N x T
 * @param target realised forward returns over the forecast horizon, ticker-major N x T
 * @param nDays T
 */
export function evaluateAlpha(alpha: ArrayLike<number>, target: ArrayLike<number>, nDays: number, { minTickers = 5, horizonDays = 1, mask = null }: AlphaEvaluationOptions = {}): AlphaEvaluation {
  const T = nDays;
  if (alpha.length !== target.length) throw new Error(`evaluateAlpha: alpha.length (${alpha.length}) differs from target.length (${target.length})`);
  const N = alpha.length / T;
  if (!Number.isInteger(N)) throw new Error(`evaluateAlpha: length ${alpha.length} is not tickers x ${T} days`);
  if (mask && mask.length !== alpha.length) throw new Error(`evaluateAlpha: mask.length (${mask.length}) differs from alpha.length (${alpha.length})`);
  const dailyIc = new Float64Array(T).fill(NaN);
  const dailyRankIc = new Float64Array(T).fill(NaN);
  const a = new Float64Array(N), b = new Float64Array(N), ra = new Float64Array(N), rb = new Float64Array(N);
  const order = new Int32Array(N);
  let nPairs = 0, sse = 0, sst = 0, hits = 0, signed = 0;
  for (let t = 0; t < T; t++) {
    let n = 0;
    for (let j = 0; j < N; j++) {
      const k = j * T + t;
      const f = alpha[k], y = target[k];
      if (f !== f || y !== y || (mask && !mask[k])) continue;
      a[n] = f;
      b[n] = y;
      n++;
      sse += (y - f) * (y - f);
      sst += y * y;
      if (f !== 0 && y !== 0) {
        signed++;
        if (f > 0 === y > 0) hits++;
      }
    }
    nPairs += n;
    if (n < Math.max(2, minTickers)) continue;
    dailyIc[t] = pearsonPrefix(a, b, n);
    averageRanksPrefix(a, n, ra, order);
    averageRanksPrefix(b, n, rb, order);
    dailyRankIc[t] = pearsonPrefix(ra, rb, n);
  }
  const ic = meanStdT(dailyIc);
  const icNo = meanStdT(dailyIc, Math.max(1, horizonDays));
  const ric = meanStdT(dailyRankIc);
  return {
    nPairs,
    nDays: ic.n,
    r2OutOfSample: nPairs > 0 && sst > 0 ? 1 - sse / sst : NaN,
    icMean: ic.mean,
    icStd: ic.std,
    icTStat: ic.t,
    icTStatNonOverlapping: icNo.t,
    rankIcMean: ric.mean,
    rankIcStd: ric.std,
    rankIcTStat: ric.t,
    hitRate: signed > 0 ? hits / signed : NaN,
    dailyIc,
    dailyRankIc,
  };
}

/** Result of `compareAlphaForecasts`: one evaluation per forecast, on their common pairs. */
export interface AlphaComparison {
  readonly names: readonly string[];
  readonly evaluations: readonly AlphaEvaluation[];
  /** Pairs where every forecast and the target are finite. */
  readonly commonPairs: number;
  /** Column table (one row per forecast) for showTable. */
  readonly table: Record<string, (string | number)[]>;
}

/**
 * Evaluate several forecast panels on the same (ticker, day) pairs, those where all of them and
 * the target are finite, so differences come from the forecasts and not from coverage.
 * `scoreOnly` names forecasts that rank assets but are not in return units (a momentum score):
 * the table shows no R^2 for them (their evaluation still carries it).
 * @example compareAlphaForecasts({ overall, regimeAware, momentum20d }, target, T, { horizonDays: 5 })
 */
export function compareAlphaForecasts(
  forecasts: Record<string, ArrayLike<number>>,
  target: ArrayLike<number>,
  nDays: number,
  { minTickers = 5, horizonDays = 1, scoreOnly = [] }: { minTickers?: number; horizonDays?: number; scoreOnly?: readonly string[] } = {},
): AlphaComparison {
  const names = Object.keys(forecasts);
  if (names.length === 0) throw new Error("compareAlphaForecasts: no forecasts given");
  const mask = new Uint8Array(target.length);
  let commonPairs = 0;
  for (let k = 0; k < target.length; k++) {
    if (target[k] !== target[k]) continue;
    let ok = 1;
    for (const name of names) {
      const f = forecasts[name];
      if (f.length !== target.length) throw new Error(`compareAlphaForecasts: forecast "${name}" has length ${f.length}, target ${target.length}`);
      if (f[k] !== f[k]) {
        ok = 0;
        break;
      }
    }
    mask[k] = ok;
    commonPairs += ok;
  }
  const evaluations = names.map((name) => evaluateAlpha(forecasts[name], target, nDays, { minTickers, horizonDays, mask }));
  const table: Record<string, (string | number)[]> = {
    model: names,
    "R² OOS": evaluations.map((e, i) => (scoreOnly.includes(names[i]) ? NaN : e.r2OutOfSample)),
    "IC mean": evaluations.map((e) => e.icMean),
    "IC t": evaluations.map((e) => e.icTStat),
    "IC t (non-overlap)": evaluations.map((e) => e.icTStatNonOverlapping),
    "rank IC mean": evaluations.map((e) => e.rankIcMean),
    "rank IC t": evaluations.map((e) => e.rankIcTStat),
    "hit rate": evaluations.map((e) => e.hitRate),
    days: evaluations.map((e) => e.nDays),
    pairs: evaluations.map((e) => e.nPairs),
  };
  return { names, evaluations, commonPairs, table };
}

/**
 * The baseline forecast: trailing momentum, close(t) / close(t - lookbackDays) - 1 per ticker,
 * ticker-major N x T like the close panel. Uses closes up to t only; NaN in warm-up or where
 * either close is missing or not positive.
 */
export function momentumAlpha(close: ArrayLike<number>, nDays: number, { lookbackDays = 20 }: { lookbackDays?: number } = {}): Float64Array {
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1) throw new Error(`momentumAlpha: lookbackDays must be a positive integer (got ${lookbackDays})`);
  const N = close.length / nDays;
  if (!Number.isInteger(N)) throw new Error(`momentumAlpha: close.length (${close.length}) is not tickers x ${nDays} days`);
  const out = new Float64Array(close.length).fill(NaN);
  for (let j = 0; j < N; j++) {
    for (let t = lookbackDays; t < nDays; t++) {
      const now = close[j * nDays + t], then = close[j * nDays + t - lookbackDays];
      if (now > 0 && then > 0) out[j * nDays + t] = now / then - 1;
    }
  }
  return out;
}

/**
 * Trailing mean of a daily IC series over `windowDays` days (NaN days skipped inside the window),
 * for charts of IC over time. NaN until the window holds `minDays` valid days (default half the
 * window). Day t uses days t - windowDays + 1 .. t only.
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

/** Mean forecast and mean realised return per forecast bucket (see `forecastBuckets`). */
export interface ForecastBuckets {
  readonly meanForecast: Float64Array;
  readonly meanRealised: Float64Array;
  readonly count: Int32Array;
}

/**
 * Pool every (ticker, day) pair with both values finite, sort by forecast, cut into `buckets`
 * equal-count groups (the last takes the remainder), and average forecast and realised return in
 * each: a calibrated forecast has meanRealised rising with meanForecast, on the diagonal.
 */
export function forecastBuckets(alpha: ArrayLike<number>, target: ArrayLike<number>, { buckets = 10 }: { buckets?: number } = {}): ForecastBuckets {
  if (alpha.length !== target.length) throw new Error(`forecastBuckets: alpha.length (${alpha.length}) differs from target.length (${target.length})`);
  const idx: number[] = [];
  for (let k = 0; k < alpha.length; k++) if (alpha[k] === alpha[k] && target[k] === target[k]) idx.push(k);
  idx.sort((a, b) => alpha[a] - alpha[b] || a - b);
  const meanForecast = new Float64Array(buckets).fill(NaN);
  const meanRealised = new Float64Array(buckets).fill(NaN);
  const count = new Int32Array(buckets);
  const size = Math.floor(idx.length / buckets);
  if (size === 0) return { meanForecast, meanRealised, count };
  for (let b = 0; b < buckets; b++) {
    const lo = b * size, hi = b === buckets - 1 ? idx.length : lo + size;
    let sf = 0, sr = 0;
    for (let i = lo; i < hi; i++) {
      sf += alpha[idx[i]];
      sr += target[idx[i]];
    }
    count[b] = hi - lo;
    meanForecast[b] = sf / (hi - lo);
    meanRealised[b] = sr / (hi - lo);
  }
  return { meanForecast, meanRealised, count };
}

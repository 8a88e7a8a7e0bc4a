/**
 * Out-of-sample evaluation of alpha forecasts against realised forward returns, both ticker-major
 * N x T panels. Conventions:
 * - R^2 out of sample is against a zero forecast, 1 - sum (y - f)^2 / sum y^2, pooled over every
 *   (ticker, day) pair (Gu, Kelly and Xiu 2020; Campbell and Thompson 2008 use the historical
 *   mean instead). It is negative for any forecast worse than "no move"; it only makes sense for
 *   forecasts in return units (not for a momentum score).
 * - IC of day t: Pearson correlation across tickers of forecast and realised return; rank IC:
 *   Spearman (Pearson of average ranks), both by `icByDay` (analytics). Days with fewer than
 *   `minTickers` pairs are NaN. Mean, sample standard deviation (n - 1) and t-stat =
 *   mean / (sd / sqrt(days)) over valid days, by `icSummary` (analytics). With an h-day target,
 *   consecutive days' ICs overlap, so this t-stat overstates significance by roughly sqrt(h):
 *   `icTStatNonOverlapping` uses every h-th valid day only, and `icTStatNeweyWest` the
 *   Newey-West t with h - 1 lags, the figure the study's summary reports.
 * - Hit rate: share of pairs where forecast and realised return have the same sign (zeros skipped).
 */
import { panelShape, type PanelGrid } from "../data/types";
import { icByDay, icSummary } from "../analytics/ic";

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
  /** Newey-West t-stat with horizonDays - 1 lags (as in the study's summary). */
  readonly icTStatNeweyWest: number;
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

/**
 * IC, rank IC, R^2 out of sample and hit rate of a forecast panel (see the module docs for the
 * conventions). NaN pairs are skipped.
 * @param alpha forecasts, ticker-major N x T on `grid`
 * @param target realised forward returns over the forecast horizon, ticker-major N x T on `grid`
 * @param grid the tickers and dates both are laid out on (a Panel fits)
 * @example evaluateAlpha(alpha, forwardReturns(panel, 5), panel, { horizonDays: 5 }).rankIcMean
 */
export function evaluateAlpha(alpha: ArrayLike<number>, target: ArrayLike<number>, grid: PanelGrid, { minTickers = 5, horizonDays = 1, mask = null }: AlphaEvaluationOptions = {}): AlphaEvaluation {
  const { N, T } = panelShape(alpha, grid, "evaluateAlpha: alpha");
  panelShape(target, grid, "evaluateAlpha: target");
  if (mask) panelShape(mask, grid, "evaluateAlpha: mask");
  // a masked-out pair is no forecast, for the IC as for the pooled statistics
  const forecast = mask ? Float64Array.from(alpha, (f, k) => (mask[k] ? f : NaN)) : alpha;
  // pooled over (ticker, day) pairs, day by day
  let nPairs = 0, sse = 0, sst = 0, hits = 0, signed = 0;
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < N; j++) {
      const k = j * T + t;
      const f = forecast[k], y = target[k];
      if (f !== f || y !== y) continue;
      nPairs++;
      sse += (y - f) * (y - f);
      sst += y * y;
      if (f !== 0 && y !== 0) {
        signed++;
        if (f > 0 === y > 0) hits++;
      }
    }
  }
  const dailyIc = icByDay(forecast, target, grid, { minAssets: minTickers });
  const dailyRankIc = icByDay(forecast, target, grid, { method: "rank", minAssets: minTickers });
  const h = Math.max(1, horizonDays);
  const ic = icSummary(dailyIc);
  const icNo = icSummary(dailyIc, { everyDays: h });
  const icNw = icSummary(dailyIc, { neweyWestLags: h - 1 });
  const ric = icSummary(dailyRankIc);
  return {
    nPairs,
    nDays: ic.days,
    r2OutOfSample: nPairs > 0 && sst > 0 ? 1 - sse / sst : NaN,
    icMean: ic.mean,
    icStd: ic.sd,
    icTStat: ic.tStat,
    icTStatNonOverlapping: icNo.tStat,
    icTStatNeweyWest: icNw.tStat,
    rankIcMean: ric.mean,
    rankIcStd: ric.sd,
    rankIcTStat: ric.tStat,
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
 * @example compareAlphaForecasts({ overall, regimeAware, momentum20d }, target, panel, { horizonDays: 5 })
 */
export function compareAlphaForecasts(
  forecasts: Record<string, ArrayLike<number>>,
  target: ArrayLike<number>,
  grid: PanelGrid,
  { minTickers = 5, horizonDays = 1, scoreOnly = [] }: { minTickers?: number; horizonDays?: number; scoreOnly?: readonly string[] } = {},
): AlphaComparison {
  const names = Object.keys(forecasts);
  if (names.length === 0) throw new Error("compareAlphaForecasts: no forecasts given");
  panelShape(target, grid, "compareAlphaForecasts: target");
  for (const name of names) panelShape(forecasts[name], grid, `compareAlphaForecasts: forecast "${name}"`);
  const mask = new Uint8Array(target.length);
  let commonPairs = 0;
  for (let k = 0; k < target.length; k++) {
    if (target[k] !== target[k]) continue;
    let ok = 1;
    for (const name of names) {
      const f = forecasts[name];
      if (f[k] !== f[k]) {
        ok = 0;
        break;
      }
    }
    mask[k] = ok;
    commonPairs += ok;
  }
  const evaluations = names.map((name) => evaluateAlpha(forecasts[name], target, grid, { minTickers, horizonDays, mask }));
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
 * ticker-major N x T on the close's grid. Uses closes up to t only; NaN in warm-up or where
 * either close is missing or not positive.
 * @example momentumAlpha(panel.close, panel, { lookbackDays: 20 })
 */
export function momentumAlpha(close: ArrayLike<number>, grid: PanelGrid, { lookbackDays }: { lookbackDays: number }): Float64Array {
  const { N, T } = panelShape(close, grid, "momentumAlpha: close");
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1) throw new Error(`momentumAlpha: lookbackDays must be a positive integer (got ${lookbackDays})`);
  const out = new Float64Array(close.length).fill(NaN);
  for (let j = 0; j < N; j++) {
    for (let t = lookbackDays; t < T; t++) {
      const now = close[j * T + t], then = close[j * T + t - lookbackDays];
      if (now > 0 && then > 0) out[j * T + t] = now / then - 1;
    }
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

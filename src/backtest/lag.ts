/**
 * The look-ahead check of a whole study: trade every signal one day later than it claims to be
 * known. An honest daily signal loses little (its information is still fresh a day later); a signal
 * that peeked at the next day's return loses nearly everything, because the peek was its edge.
 */
import { runBacktest, type BacktestMarket, type BacktestOptions, type BacktestResult } from "./engine";

/**
 * Weights delayed by `days` trading days, ticker-major N*T like the input: out[j*T + t] =
 * weights[j*T + t - days], and 0 (flat) for the first `days` days, where the delayed signal does not
 * exist yet. NaN stays NaN (not held, as in the backtest).
 * @throws when `days` is not a whole number >= 0 or the length is not a multiple of `dayCount`
 * @example lagWeights(new Float64Array([1, 2, 3, 4, 5, 6]), 1, { dayCount: 3 }) // => [0, 1, 2, 0, 4, 5]
 */
export function lagWeights(weights: ArrayLike<number>, days: number, { dayCount }: { dayCount: number }): Float64Array {
  if (!Number.isInteger(days) || days < 0) throw new Error(`lagWeights: days must be a whole number >= 0 (got ${days})`);
  const T = dayCount;
  if (!(Number.isInteger(T) && T > 0) || weights.length % T !== 0) {
    throw new Error(`lagWeights: weights have ${weights.length} values, not a multiple of dayCount ${T}`);
  }
  const N = weights.length / T;
  const out = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    const base = j * T;
    for (let t = days; t < T; t++) out[base + t] = weights[base + t - days];
  }
  return out;
}

/** The study's backtest and the same with every weight traded `extraLagDays` later. */
export interface LaggedBacktestPair {
  readonly extraLagDays: number;
  readonly base: BacktestResult;
  readonly lagged: BacktestResult;
}

/**
 * Run the backtest twice, as given and with the weights delayed by `extraLagDays` (default 1), for the
 * look-ahead check: compare the two net return series (e.g. their Sharpe ratios). A collapse when
 * lagged one more day means the signal used information from after the close it trades at.
 */
export function laggedBacktestPair(
  market: BacktestMarket,
  weights: ArrayLike<number>,
  { extraLagDays = 1, ...options }: BacktestOptions & { extraLagDays?: number } = {},
): LaggedBacktestPair {
  const base = runBacktest(market, weights, options);
  const lagged = runBacktest(market, lagWeights(weights, extraLagDays, { dayCount: market.dates.length }), options);
  return { extraLagDays, base, lagged };
}

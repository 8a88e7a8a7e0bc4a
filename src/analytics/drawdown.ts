/**
 * Drawdowns of the compounded wealth path. Wealth starts at 1 before the first period, so a
 * loss on day one is already a drawdown. A NaN return leaves wealth unchanged.
 */

/**
 * Drawdown at each period: w_t / max(1, max_{k<=t} w_k) - 1, with w the compounded wealth.
 * Always <= 0; 0 at a new high. Same length as the input.
 * @example drawdownSeries([0.1, -0.2, 0.1]) // => [0, -0.2, -0.12]
 */
export function drawdownSeries(returns: ArrayLike<number>): Float64Array {
  const out = new Float64Array(returns.length);
  let wealth = 1;
  let peak = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r === r) wealth *= 1 + r;
    if (wealth > peak) peak = wealth;
    out[i] = wealth / peak - 1;
  }
  return out;
}

export interface MaxDrawdownResult {
  /** Worst peak-to-trough loss of wealth, <= 0 (e.g. -0.25 = a 25% loss); NaN without valid returns. */
  maxDrawdown: number;
  /** Period of the peak before the worst trough; -1 means the starting wealth (before period 0). */
  peakIndex: number;
  /** Period of the worst trough. */
  troughIndex: number;
  /** First period after the trough back at the peak's wealth; -1 if never recovered. */
  recoveryIndex: number;
  /**
   * Longest spell under water, in periods: consecutive periods whose wealth is below the
   * previous peak (the recovery period itself is not counted). An unrecovered spell counts to the end.
   */
  longestDrawdownPeriods: number;
  /** First and last period of that spell (-1 when there is none). */
  longestDrawdownStart: number;
  longestDrawdownEnd: number;
}

/**
 * The maximum drawdown, where it happened, and the longest time spent under water.
 * @example maxDrawdown([0.1, -0.2, 0.1, 0.2]).maxDrawdown // => -0.2 (peak 1.1 at 0, trough 0.88 at 1, recovered at 3)
 */
export function maxDrawdown(returns: ArrayLike<number>): MaxDrawdownResult {
  let wealth = 1, peak = 1, peakAt = -1;
  let worst = 0, worstPeak = -1, worstTrough = -1, worstPeakWealth = 1;
  let valid = 0;
  let run = 0, runStart = -1, longest = 0, longestStart = -1, longestEnd = -1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r === r) { wealth *= 1 + r; valid++; }
    if (wealth >= peak) {
      peak = wealth; // the latest period at the high is where the next decline starts from
      peakAt = i;
      run = 0;
    } else {
      if (run === 0) runStart = i;
      run++;
      if (run > longest) { longest = run; longestStart = runStart; longestEnd = i; }
      const dd = wealth / peak - 1;
      if (dd < worst) { worst = dd; worstPeak = peakAt; worstTrough = i; worstPeakWealth = peak; }
    }
  }
  let recovery = -1;
  if (worstTrough >= 0) {
    let w = 1; // second pass: wealth again from the start, to find the first period back at the peak
    for (let i = 0; i < returns.length; i++) {
      const r = returns[i];
      if (r === r) w *= 1 + r;
      if (i > worstTrough && w >= worstPeakWealth) { recovery = i; break; }
    }
  }
  return {
    maxDrawdown: valid === 0 ? NaN : worst,
    peakIndex: worstTrough < 0 ? -1 : worstPeak,
    troughIndex: worstTrough,
    recoveryIndex: recovery,
    longestDrawdownPeriods: longest,
    longestDrawdownStart: longestStart,
    longestDrawdownEnd: longestEnd,
  };
}

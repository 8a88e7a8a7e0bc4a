/**
 * Return aggregates of periodic simple returns: compounding, annualisation, volatility.
 * Conventions (see analytics/index.ts): simple returns, geometric compounding for
 * wealth and annualised return, sample standard deviation (n - 1) for volatility,
 * 252 periods a year unless `periodsPerYear` says otherwise. NaN returns are skipped
 * (equivalent to a flat day for compounding).
 */

/** Per-period risk-free rate: a constant, or one value per period aligned with the returns. */
export type RiskFree = number | ArrayLike<number>;

/** Risk-free rate of period i (NaN in an array gives NaN, which makes the period skipped). */
export function riskFreeAt(riskFree: RiskFree, i: number): number {
  return typeof riskFree === "number" ? riskFree : riskFree[i];
}

/** Throws unless a per-period risk-free array has the returns' length. */
export function checkRiskFree(fn: string, riskFree: RiskFree, n: number): void {
  if (typeof riskFree !== "number" && riskFree.length !== n) {
    throw new Error(`${fn}: riskFree has ${riskFree.length} values where returns have ${n}; pass one per period or a constant`);
  }
}

/**
 * An annual rate as the equivalent per-period rate, compounding: (1 + annual)^(1 / periodsPerYear) - 1.
 * Use it to turn a 4% T-bill yield into the per-day `riskFree` that Sharpe and Sortino expect.
 * @example perPeriodRate(0.04) // => 0.00015564... (daily, 252 days)
 */
export function perPeriodRate(annualRate: number, { periodsPerYear = 252 } = {}): number {
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}

/**
 * Total compounded return: prod(1 + r_i) - 1 over the valid returns.
 * @returns NaN when no return is valid
 * @example totalReturn([0.1, -0.1]) // => -0.01
 */
export function totalReturn(returns: ArrayLike<number>): number {
  let wealth = 1;
  let n = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r !== r) continue;
    wealth *= 1 + r;
    n++;
  }
  return n === 0 ? NaN : wealth - 1;
}

/**
 * Annualised geometric return (CAGR): (1 + total)^(periodsPerYear / n) - 1, with n the number
 * of valid returns. Geometric, because that is what an investor compounding the strategy earns;
 * the arithmetic mean times 252 (`annualizedMeanReturn`) is larger by about variance / 2.
 * @returns NaN when no return is valid, or when wealth went to zero or below
 * @example annualizedReturn([0.01, 0.01], { periodsPerYear: 2 }) // => 0.0201
 */
export function annualizedReturn(returns: ArrayLike<number>, { periodsPerYear = 252 } = {}): number {
  let logWealth = 0;
  let n = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r !== r) continue;
    logWealth += Math.log1p(r); // sum of log growth: stable over thousands of periods
    n++;
  }
  if (n === 0 || !Number.isFinite(logWealth)) return NaN;
  return Math.expm1((logWealth * periodsPerYear) / n);
}

/**
 * Annualised arithmetic mean return: mean(r) * periodsPerYear. The numerator of the Sharpe ratio.
 * @returns NaN when no return is valid
 */
export function annualizedMeanReturn(returns: ArrayLike<number>, { periodsPerYear = 252 } = {}): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r !== r) continue;
    sum += r;
    n++;
  }
  return n === 0 ? NaN : (sum / n) * periodsPerYear;
}

/**
 * Annualised volatility: sample standard deviation (n - 1, Welford) times sqrt(periodsPerYear).
 * @returns NaN when fewer than two valid returns
 * @example annualizedVolatility([0.01, -0.01], { periodsPerYear: 1 }) // => 0.014142...
 */
export function annualizedVolatility(returns: ArrayLike<number>, { periodsPerYear = 252 } = {}): number {
  let n = 0, mean = 0, m2 = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i];
    if (x !== x) continue;
    const d = x - mean; // Welford update
    mean += d / ++n;
    m2 += d * (x - mean);
  }
  return n < 2 ? NaN : Math.sqrt(m2 / (n - 1)) * Math.sqrt(periodsPerYear);
}

/**
 * Wealth path of $1 compounded by the returns: w_i = prod_{k<=i} (1 + r_k). Same length as the
 * input; a NaN return leaves wealth unchanged (the series stays defined once it starts).
 * @example equityCurve([0.1, NaN, -0.1]) // => Float64Array [1.1, 1.1, 0.99]
 */
export function equityCurve(returns: ArrayLike<number>, { start = 1 } = {}): Float64Array {
  const out = new Float64Array(returns.length);
  let wealth = start;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r === r) wealth *= 1 + r;
    out[i] = wealth;
  }
  return out;
}

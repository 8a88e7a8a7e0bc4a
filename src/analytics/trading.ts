/**
 * Trading statistics: hit rate, turnover and the drag of costs on returns. Arithmetic
 * annualisation (mean per period times periodsPerYear) because turnover and costs add up over a
 * year, they do not compound.
 */

/**
 * Share of periods with a positive return. By default, periods with a return of exactly zero
 * (no position, e.g. before the first signal) are left out: they are neither hits nor misses.
 * @returns NaN when no period counts
 * @example hitRate([0.01, -0.02, 0, 0.03]) // => 2 / 3
 */
export function hitRate(returns: ArrayLike<number>, { excludeZeros = true } = {}): number {
  let hits = 0, n = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r !== r || (excludeZeros && r === 0)) continue;
    n++;
    if (r > 0) hits++;
  }
  return n === 0 ? NaN : hits / n;
}

/**
 * Annualised turnover: mean per-period turnover times periodsPerYear. With the backtest's
 * turnover (sum over assets of |trade| as a fraction of NAV, one-way), 1.0 a day means the whole
 * book's value traded every day, 252 a year.
 * @returns NaN when no value is valid
 * @example annualizedTurnover([0.1, 0.3], { periodsPerYear: 252 }) // => 50.4
 */
export function annualizedTurnover(turnover: ArrayLike<number>, { periodsPerYear = 252 } = {}): number {
  let sum = 0, n = 0;
  for (let i = 0; i < turnover.length; i++) {
    const x = turnover[i];
    if (x !== x) continue;
    sum += x;
    n++;
  }
  return n === 0 ? NaN : (sum / n) * periodsPerYear;
}

/**
 * Annual cost drag: mean(gross_i - net_i) * periodsPerYear over periods where both are valid;
 * the return per year that costs took away (arithmetic, so it adds to net to give gross).
 * @returns NaN when no period has both
 * @example costDrag([0.01, 0.02], [0.009, 0.018], { periodsPerYear: 252 }) // => 0.378
 */
export function costDrag(grossReturns: ArrayLike<number>, netReturns: ArrayLike<number>, { periodsPerYear = 252 } = {}): number {
  if (grossReturns.length !== netReturns.length) {
    throw new Error(`costDrag: gross has ${grossReturns.length} returns and net has ${netReturns.length}; they must align`);
  }
  let sum = 0, n = 0;
  for (let i = 0; i < grossReturns.length; i++) {
    const d = grossReturns[i] - netReturns[i];
    if (d !== d) continue;
    sum += d;
    n++;
  }
  return n === 0 ? NaN : (sum / n) * periodsPerYear;
}

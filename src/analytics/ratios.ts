/**
 * Risk-adjusted return ratios: Sharpe, Sortino, Calmar, and a rolling Sharpe series.
 * Risk-free rates are per period (a daily rate for daily returns; `perPeriodRate` converts an
 * annual yield), either one constant or one value per period; the excess return of period i is
 * r_i - rf_i. Annualisation multiplies the per-period ratio by sqrt(periodsPerYear) (252).
 */
import { annualizedReturn, checkRiskFree, riskFreeAt, type RiskFree } from "./returns";
import { maxDrawdown } from "./drawdown";

export interface RatioOptions {
  /** Per-period risk-free rate: a constant or one per period (default 0). */
  riskFree?: RiskFree;
  /** Periods in a year, for annualisation (default 252 trading days). */
  periodsPerYear?: number;
}

/**
 * Annualised Sharpe ratio of periodic simple returns: mean excess return over its sample
 * standard deviation (n - 1), times sqrt(periodsPerYear). NaN values are skipped.
 * @returns NaN when fewer than two valid returns or zero volatility
 * @example sharpeRatio([0.01, -0.02, 0.03, 0, 0.01]) // => 5.2431... (mean 0.006, sd 0.018166)
 */
export function sharpeRatio(returns: ArrayLike<number>, { riskFree = 0, periodsPerYear = 252 }: RatioOptions = {}): number {
  checkRiskFree("sharpeRatio", riskFree, returns.length);
  let n = 0, mean = 0, m2 = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i] - riskFreeAt(riskFree, i);
    if (x !== x) continue; // NaN: skip
    const d = x - mean; // Welford update
    mean += d / ++n;
    m2 += d * (x - mean);
  }
  return n < 2 || m2 <= 0 ? NaN : (mean / Math.sqrt(m2 / (n - 1))) * Math.sqrt(periodsPerYear);
}

/**
 * Annualised Sortino ratio: mean excess return over the downside deviation, times
 * sqrt(periodsPerYear). The target (minimum acceptable return) is the risk-free rate. Downside
 * deviation follows Sortino & Price (1994): sqrt( sum_i min(0, r_i - rf_i)^2 / n ) over all n
 * valid periods (periods above target count as zero shortfall, they are not dropped).
 * @returns NaN when fewer than two valid returns or no period below target
 * @example sortinoRatio([0.02, -0.01, 0.03, -0.02], { periodsPerYear: 1 }) // => 0.4472... (mean 0.005, downside dev sqrt(0.0005/4) = 0.01118)
 */
export function sortinoRatio(returns: ArrayLike<number>, { riskFree = 0, periodsPerYear = 252 }: RatioOptions = {}): number {
  checkRiskFree("sortinoRatio", riskFree, returns.length);
  let n = 0, sum = 0, shortfall2 = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i] - riskFreeAt(riskFree, i);
    if (x !== x) continue;
    n++;
    sum += x;
    if (x < 0) shortfall2 += x * x;
  }
  if (n < 2 || shortfall2 === 0) return NaN;
  return (sum / n / Math.sqrt(shortfall2 / n)) * Math.sqrt(periodsPerYear);
}

/**
 * Calmar ratio: annualised geometric return (CAGR) over the magnitude of the maximum drawdown,
 * both over the whole sample (the original definition uses the last 36 months; we use all data).
 * @returns NaN when there is no drawdown or no valid return
 * @example calmarRatio([0.1, -0.2, 0.1], { periodsPerYear: 3 }) // => -0.032 / 0.2 = -0.16
 */
export function calmarRatio(returns: ArrayLike<number>, { periodsPerYear = 252 } = {}): number {
  const cagr = annualizedReturn(returns, { periodsPerYear });
  const dd = maxDrawdown(returns).maxDrawdown;
  return dd === 0 || dd !== dd ? NaN : cagr / -dd;
}

/**
 * Rolling annualised Sharpe ratio over the last `windowDays` periods ending at each period
 * (inclusive), so the value at t uses returns up to t only. Same length as the input; NaN until
 * the window holds `minPeriods` valid returns (default: the whole window), NaN where the
 * window's volatility is zero. Running sums of x and x^2 (O(n)); the variance is clamped at 0.
 */
export function rollingSharpe(
  returns: ArrayLike<number>,
  { windowDays = 126, minPeriods = windowDays, riskFree = 0, periodsPerYear = 252 }: RatioOptions & { windowDays?: number; minPeriods?: number } = {},
): Float64Array {
  if (!(windowDays >= 2) || !Number.isInteger(windowDays)) throw new Error(`rollingSharpe: windowDays must be an integer >= 2 (got ${windowDays})`);
  if (!(minPeriods >= 2)) throw new Error(`rollingSharpe: minPeriods must be >= 2 (got ${minPeriods})`);
  checkRiskFree("rollingSharpe", riskFree, returns.length);
  const n = returns.length;
  const out = new Float64Array(n).fill(NaN);
  const excess = new Float64Array(n);
  for (let i = 0; i < n; i++) excess[i] = returns[i] - riskFreeAt(riskFree, i);
  let count = 0, sum = 0, sum2 = 0;
  const annual = Math.sqrt(periodsPerYear);
  for (let i = 0; i < n; i++) {
    const x = excess[i];
    if (x === x) { count++; sum += x; sum2 += x * x; }
    if (i >= windowDays) {
      const y = excess[i - windowDays]; // leaves the window
      if (y === y) { count--; sum -= y; sum2 -= y * y; }
    }
    if (count >= minPeriods) {
      const mean = sum / count;
      const variance = Math.max(0, (sum2 - sum * mean) / (count - 1));
      out[i] = variance > 1e-30 ? (mean / Math.sqrt(variance)) * annual : NaN;
    }
  }
  return out;
}

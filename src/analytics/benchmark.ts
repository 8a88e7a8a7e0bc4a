/**
 * Relative performance against a benchmark: CAPM beta and alpha, correlation, tracking error,
 * information ratio. Periods where either series (or the risk-free rate) is NaN are skipped.
 */
import { checkRiskFree, riskFreeAt, type RiskFree } from "./returns";

export interface BenchmarkStats {
  /** OLS slope of excess strategy returns on excess benchmark returns: cov / var (n - 1 both). */
  beta: number;
  /** Intercept per period: mean(r - rf) - beta * mean(b - rf). */
  alphaPerPeriod: number;
  /** alphaPerPeriod * periodsPerYear (arithmetic). */
  alphaAnnual: number;
  /** Pearson correlation of the two return series. */
  correlation: number;
  /** Annualised sample standard deviation of the active return r - b. */
  trackingError: number;
  /** Annualised mean active return over tracking error. */
  informationRatio: number;
  /** Periods used. */
  periods: number;
}

/**
 * Beta and alpha of a strategy to a benchmark (the CAPM regression
 * r - rf = alpha + beta (b - rf) + e, by ordinary least squares), with the related statistics.
 * @returns every field NaN when fewer than two common periods or a flat benchmark
 * @example benchmarkStats([0.02, 0.04, 0.00], [0.01, 0.02, 0.00]).beta // => 2 (r = 2b exactly)
 */
export function benchmarkStats(
  returns: ArrayLike<number>,
  benchmark: ArrayLike<number>,
  { riskFree = 0, periodsPerYear = 252 }: { riskFree?: RiskFree; periodsPerYear?: number } = {},
): BenchmarkStats {
  if (returns.length !== benchmark.length) {
    throw new Error(`benchmarkStats: returns have ${returns.length} periods and the benchmark ${benchmark.length}; they must align`);
  }
  checkRiskFree("benchmarkStats", riskFree, returns.length);
  // One pass of Welford-style co-moment updates for x = b - rf, y = r - rf and a = r - b.
  let n = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, ma = 0, saa = 0;
  for (let i = 0; i < returns.length; i++) {
    const rf = riskFreeAt(riskFree, i);
    const y = returns[i] - rf;
    const x = benchmark[i] - rf;
    if (x !== x || y !== y) continue;
    n++;
    const dx = x - mx, dy = y - my;
    mx += dx / n;
    my += dy / n;
    sxx += dx * (x - mx);
    syy += dy * (y - my);
    sxy += dx * (y - my);
    const a = y - x, da = a - ma;
    ma += da / n;
    saa += da * (a - ma);
  }
  if (n < 2 || sxx <= 0) {
    return { beta: NaN, alphaPerPeriod: NaN, alphaAnnual: NaN, correlation: NaN, trackingError: NaN, informationRatio: NaN, periods: n };
  }
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  const te = Math.sqrt(saa / (n - 1));
  return {
    beta,
    alphaPerPeriod: alpha,
    alphaAnnual: alpha * periodsPerYear,
    correlation: syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN,
    trackingError: te * Math.sqrt(periodsPerYear),
    informationRatio: te > 0 ? (ma / te) * Math.sqrt(periodsPerYear) : NaN,
    periods: n,
  };
}

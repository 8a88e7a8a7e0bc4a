/**
 * Relative performance against a benchmark: CAPM beta and alpha with their HAC t-statistics, the
 * Sharpe ratio of the market-hedged returns, correlation, tracking error, information ratio.
 * Periods where either series (or the risk-free rate) is NaN are skipped.
 */
import { bartlettLongRunCovariance, neweyWestAutomaticLags } from "./hac";
import { checkRiskFree, riskFreeAt, type RiskFree } from "./returns";

export interface BenchmarkStats {
  /** OLS slope of excess strategy returns on excess benchmark returns: cov / var (n - 1 both). */
  beta: number;
  /** Intercept per period: mean(r - rf) - beta * mean(b - rf). */
  alphaPerPeriod: number;
  /** alphaPerPeriod * periodsPerYear (arithmetic). */
  alphaAnnual: number;
  /** beta over its Newey-West (HAC) standard error: the t-statistic of beta = 0. */
  betaTStat: number;
  /** alphaPerPeriod over its Newey-West (HAC) standard error: the t-statistic of alpha = 0. */
  alphaTStat: number;
  /**
   * Annualised Sharpe ratio of the market-hedged excess returns h = (r - rf) - beta (b - rf), alpha
   * included: mean(h) / sd(h) (n - 1) * sqrt(periodsPerYear). NaN when h is constant (an exact fit).
   */
  residualSharpe: number;
  /** Lags of the Bartlett kernel behind the t-statistics (the `hacLags` option or the automatic rule). */
  hacLags: number;
  /** Pearson correlation of the two return series. */
  correlation: number;
  /** Annualised sample standard deviation of the active return r - b. */
  trackingError: number;
  /** Annualised mean active return over tracking error. */
  informationRatio: number;
  /** Periods used. */
  periods: number;
}

/** Options of `benchmarkStats`. */
export interface BenchmarkOptions {
  riskFree?: RiskFree;
  periodsPerYear?: number;
  /**
   * Lags L of the Newey-West (Bartlett kernel) standard errors of alpha and beta. Default: Newey and
   * West's (1994) automatic rule floor(4 (n / 100)^(2/9)) for n valid periods (9 for 4,077 days).
   */
  hacLags?: number;
}

/**
 * Beta and alpha of a strategy to a benchmark (the CAPM regression
 * r - rf = alpha + beta (b - rf) + e, by ordinary least squares), with the related statistics.
 * The t-statistics use the HAC sandwich Var(alpha, beta) = (X'X)^-1 S (X'X)^-1 with X = [1, b - rf],
 * S = n * Omega and Omega the Bartlett long-run covariance of the scores (e_t, (b_t - rf) e_t) at
 * `hacLags` lags (analytics/hac.ts), without a small-sample correction: statsmodels'
 * `OLS(...).fit(cov_type="HAC", cov_kwds={"maxlags": L, "use_correction": False})`.
 * @returns every field NaN when fewer than two common periods or a flat benchmark; t-statistics NaN
 *   when the fit is exact (zero standard error)
 * @example benchmarkStats([0.02, 0.04, 0.00], [0.01, 0.02, 0.00]).beta // => 2 (r = 2b exactly; residualSharpe NaN)
 */
export function benchmarkStats(returns: ArrayLike<number>, benchmark: ArrayLike<number>, options: BenchmarkOptions = {}): BenchmarkStats {
  const { riskFree = 0, periodsPerYear = 252, hacLags } = options;
  if (returns.length !== benchmark.length) {
    throw new Error(`benchmarkStats: returns have ${returns.length} periods and the benchmark ${benchmark.length}; they must align`);
  }
  checkRiskFree("benchmarkStats", riskFree, returns.length);
  if (hacLags !== undefined && (!Number.isInteger(hacLags) || hacLags < 0)) {
    throw new Error(`benchmarkStats: hacLags must be a non-negative integer (got ${hacLags})`);
  }
  // One pass of Welford-style co-moment updates for x = b - rf, y = r - rf and a = r - b.
  const xs: number[] = [], ys: number[] = [];
  let n = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, ma = 0, saa = 0;
  for (let i = 0; i < returns.length; i++) {
    const rf = riskFreeAt(riskFree, i);
    const y = returns[i] - rf;
    const x = benchmark[i] - rf;
    if (x !== x || y !== y) continue;
    xs.push(x);
    ys.push(y);
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
  const lags = hacLags ?? neweyWestAutomaticLags(n);
  if (n < 2 || sxx <= 0) {
    return {
      beta: NaN, alphaPerPeriod: NaN, alphaAnnual: NaN, betaTStat: NaN, alphaTStat: NaN, residualSharpe: NaN, hacLags: lags,
      correlation: NaN, trackingError: NaN, informationRatio: NaN, periods: n,
    };
  }
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  const te = Math.sqrt(saa / (n - 1));
  const { alphaSe, betaSe } = capmHacErrors(xs, ys, { alpha, beta, meanX: mx, sxx, lags });
  // Hedged excess returns h = y - beta x (Welford mean and n - 1 variance).
  let mh = 0, shh = 0;
  for (let t = 0; t < n; t++) {
    const h = ys[t] - beta * xs[t], dh = h - mh;
    mh += dh / (t + 1);
    shh += dh * (h - mh);
  }
  return {
    beta,
    alphaPerPeriod: alpha,
    alphaAnnual: alpha * periodsPerYear,
    betaTStat: betaSe > 0 ? beta / betaSe : NaN,
    alphaTStat: alphaSe > 0 ? alpha / alphaSe : NaN,
    residualSharpe: shh > 0 ? (mh / Math.sqrt(shh / (n - 1))) * Math.sqrt(periodsPerYear) : NaN,
    hacLags: lags,
    correlation: syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN,
    trackingError: te * Math.sqrt(periodsPerYear),
    informationRatio: te > 0 ? (ma / te) * Math.sqrt(periodsPerYear) : NaN,
    periods: n,
  };
}

/**
 * HAC standard errors of the OLS intercept and slope of y on [1, x]: the square roots of the
 * diagonal of A S A, A = (X'X)^-1 = [[sum x^2, -sum x], [-sum x, n]] / (n sxx), S = n * Omega.
 */
function capmHacErrors(
  xs: readonly number[],
  ys: readonly number[],
  { alpha, beta, meanX, sxx, lags }: { alpha: number; beta: number; meanX: number; sxx: number; lags: number },
): { alphaSe: number; betaSe: number } {
  const n = xs.length;
  const scores = new Float64Array(2 * n); // row t: (e_t, x_t e_t)
  for (let t = 0; t < n; t++) {
    const e = ys[t] - alpha - beta * xs[t];
    scores[2 * t] = e;
    scores[2 * t + 1] = xs[t] * e;
  }
  const omega = bartlettLongRunCovariance(scores, { dims: 2, lags });
  // (X'X)^-1 from the centred moments: sum x^2 = sxx + n meanX^2, det = n sxx.
  const a00 = (sxx + n * meanX * meanX) / (n * sxx), a01 = -meanX / sxx, a11 = 1 / sxx;
  const s00 = n * omega[0], s01 = n * omega[1], s11 = n * omega[3];
  // diag(A S A) for symmetric A = [[a00, a01], [a01, a11]] and S = [[s00, s01], [s01, s11]]
  const varAlpha = a00 * a00 * s00 + 2 * a00 * a01 * s01 + a01 * a01 * s11;
  const varBeta = a01 * a01 * s00 + 2 * a01 * a11 * s01 + a11 * a11 * s11;
  return { alphaSe: varAlpha > 0 ? Math.sqrt(varAlpha) : NaN, betaSe: varBeta > 0 ? Math.sqrt(varBeta) : NaN };
}

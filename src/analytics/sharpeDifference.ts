/**
 * Is one strategy's Sharpe ratio higher than another's, on the same days? Ledoit and Wolf (2008,
 * "Robust performance hypothesis testing with the Sharpe ratio", J. Empirical Finance 15) apply the
 * delta method to v = (mu_a, mu_b, E[a^2], E[b^2]) with a HAC covariance of the moment scores, so
 * the test holds for autocorrelated, fat-tailed and correlated returns, where the Jobson-Korkie /
 * Memmel test does not. We use their HAC variant with the Bartlett kernel at Newey-West's automatic
 * lag (their paper prefers a prewhitened QS kernel; Bartlett is the one HAC kernel of this
 * library, analytics/hac.ts, and is consistent under the same conditions).
 */
import { bartlettLongRunCovariance, neweyWestAutomaticLags } from "./hac";
import { normalCdf } from "./normal";

export interface SharpeDifferenceOptions {
  /** HAC lags; default Newey-West's automatic lag for the sample size. */
  readonly lags?: number;
  /** Periods per year for the annualised Sharpe ratios and difference (default 252). */
  readonly periodsPerYear?: number;
}

export interface SharpeDifferenceTest {
  /** Paired observations used. */
  readonly n: number;
  readonly lags: number;
  /** Annualised Sharpe ratios (population standard deviation, as in Ledoit and Wolf). */
  readonly sharpeA: number;
  readonly sharpeB: number;
  /** sharpeA - sharpeB, annualised. */
  readonly difference: number;
  /** HAC standard error of the difference, annualised. */
  readonly standardError: number;
  readonly tStat: number;
  /** Two-sided p-value of H0: equal Sharpe ratios, from the normal limit. */
  readonly pValue: number;
}

/**
 * Ledoit-Wolf (2008) HAC test of equal Sharpe ratios for two return series on the same dates.
 * Throws when the lengths differ or a value is not finite (name the index): the pairing matters.
 * @example sharpeDifferenceTest(championNet, challengerNet).pValue
 */
export function sharpeDifferenceTest(a: ArrayLike<number>, b: ArrayLike<number>, { lags, periodsPerYear = 252 }: SharpeDifferenceOptions = {}): SharpeDifferenceTest {
  if (a.length !== b.length) throw new Error(`sharpeDifferenceTest: the series must be paired day by day (got ${a.length} and ${b.length} values)`);
  const n = a.length;
  if (n < 3) throw new Error(`sharpeDifferenceTest: needs at least 3 paired returns (got ${n})`);
  let sa = 0, sb = 0, saa = 0, sbb = 0;
  for (let t = 0; t < n; t++) {
    const x = a[t], y = b[t];
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`sharpeDifferenceTest: return ${t} is not finite (a ${x}, b ${y})`);
    sa += x; sb += y; saa += x * x; sbb += y * y;
  }
  const muA = sa / n, muB = sb / n, gammaA = saa / n, gammaB = sbb / n;
  const varA = gammaA - muA * muA, varB = gammaB - muB * muB;
  if (!(varA > 0) || !(varB > 0)) throw new Error("sharpeDifferenceTest: a series has zero variance");
  const L = lags ?? neweyWestAutomaticLags(n);
  const scores = new Float64Array(n * 4);
  for (let t = 0; t < n; t++) {
    const x = a[t], y = b[t];
    scores.set([x - muA, y - muB, x * x - gammaA, y * y - gammaB], t * 4);
  }
  const psi = bartlettLongRunCovariance(scores, { dims: 4, lags: L });
  // Gradient of f(v) = muA / sqrt(gammaA - muA^2) - muB / sqrt(gammaB - muB^2).
  const gradient = [gammaA / varA ** 1.5, -gammaB / varB ** 1.5, -muA / (2 * varA ** 1.5), muB / (2 * varB ** 1.5)];
  let quadratic = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) quadratic += gradient[i] * psi[i * 4 + j] * gradient[j];
  const scale = Math.sqrt(periodsPerYear);
  const difference = (muA / Math.sqrt(varA) - muB / Math.sqrt(varB)) * scale;
  const standardError = Math.sqrt(quadratic / n) * scale;
  const tStat = difference / standardError;
  return {
    n, lags: L,
    sharpeA: (muA / Math.sqrt(varA)) * scale,
    sharpeB: (muB / Math.sqrt(varB)) * scale,
    difference, standardError, tStat,
    pValue: 2 * (1 - normalCdf(Math.abs(tStat))),
  };
}

/**
 * Performance split by market regime: the same return series, grouped by the regime label of
 * each period. Align the labels first: the label of period i must be the regime known when the
 * position that earned return i was taken (the filtered regime at the previous close), never a
 * smoothed or later label.
 */
import { checkRiskFree, riskFreeAt, type RiskFree } from "./returns";

export interface RegimePerformance {
  /** Regime number (0 = the first state in the HMM's stable order). */
  regime: number;
  /** Display name (from `labels`, else "regime k"). */
  label: string;
  /** Periods with this regime and a valid return. */
  periods: number;
  /** periods / all periods with a known regime and a valid return. */
  share: number;
  /** Arithmetic mean return times periodsPerYear. */
  annualizedMean: number;
  /** Sample standard deviation times sqrt(periodsPerYear). */
  annualizedVolatility: number;
  /** Annualised Sharpe ratio of the regime's excess returns. */
  sharpe: number;
  /** Share of non-zero returns that were positive. */
  hitRate: number;
  /** Compounded return over the regime's periods only. */
  totalReturn: number;
  /** Sum of the regime's returns over the sum of all returns with a known regime (arithmetic share of the P&L). */
  contribution: number;
}

/**
 * One row per regime, in regime order; regimes that never occur get a row with zero periods.
 * Labels that are NaN or negative (unknown, e.g. before the first regime fit) are left out.
 * @example performanceByRegime([0.01, -0.01, 0.02], [0, 1, 0])[0].totalReturn // => 1.01 * 1.02 - 1 = 0.0302
 */
export function performanceByRegime(
  returns: ArrayLike<number>,
  regimes: ArrayLike<number>,
  { labels, riskFree = 0, periodsPerYear = 252 }: { labels?: readonly string[]; riskFree?: RiskFree; periodsPerYear?: number } = {},
): RegimePerformance[] {
  if (returns.length !== regimes.length) {
    throw new Error(`performanceByRegime: returns have ${returns.length} periods and regimes ${regimes.length}; they must align`);
  }
  checkRiskFree("performanceByRegime", riskFree, returns.length);
  let K = labels?.length ?? 0;
  for (let i = 0; i < regimes.length; i++) {
    const k = regimes[i];
    if (k === k && k >= 0) {
      if (!Number.isInteger(k)) throw new Error(`performanceByRegime: regime labels must be integers (got ${k} at period ${i})`);
      K = Math.max(K, k + 1);
    }
  }
  const count = new Float64Array(K), mean = new Float64Array(K), m2 = new Float64Array(K);
  const exMean = new Float64Array(K), exM2 = new Float64Array(K);
  const sum = new Float64Array(K), logWealth = new Float64Array(K), hits = new Float64Array(K), nonZero = new Float64Array(K);
  let total = 0, allSum = 0;
  for (let i = 0; i < returns.length; i++) {
    const k = regimes[i], r = returns[i];
    if (!(k >= 0) || r !== r) continue;
    const x = r - riskFreeAt(riskFree, i);
    if (x !== x) continue;
    const c = ++count[k];
    const d = r - mean[k]; // Welford on raw returns (volatility) and on excess returns (Sharpe)
    mean[k] += d / c;
    m2[k] += d * (r - mean[k]);
    const dx = x - exMean[k];
    exMean[k] += dx / c;
    exM2[k] += dx * (x - exMean[k]);
    sum[k] += r;
    logWealth[k] += Math.log1p(r);
    if (r !== 0) { nonZero[k]++; if (r > 0) hits[k]++; }
    total++;
    allSum += r;
  }
  const annual = Math.sqrt(periodsPerYear);
  const rows: RegimePerformance[] = [];
  for (let k = 0; k < K; k++) {
    const n = count[k];
    const sd = n > 1 ? Math.sqrt(m2[k] / (n - 1)) : NaN;
    const exSd = n > 1 ? Math.sqrt(exM2[k] / (n - 1)) : NaN;
    rows.push({
      regime: k,
      label: labels?.[k] ?? `regime ${k}`,
      periods: n,
      share: total > 0 ? n / total : NaN,
      annualizedMean: n > 0 ? mean[k] * periodsPerYear : NaN,
      annualizedVolatility: sd * annual,
      sharpe: exSd > 0 ? (exMean[k] / exSd) * annual : NaN,
      hitRate: nonZero[k] > 0 ? hits[k] / nonZero[k] : NaN,
      totalReturn: n > 0 ? Math.expm1(logWealth[k]) : NaN,
      contribution: allSum !== 0 ? sum[k] / allSum : NaN,
    });
  }
  return rows;
}

/**
 * How much to believe a Sharpe ratio: a bootstrap confidence interval, the probabilistic Sharpe
 * ratio (PSR) and the deflated Sharpe ratio (DSR).
 *
 * - Bootstrap: the default is the **stationary bootstrap** (Politis & Romano 1994): resample
 *   blocks of consecutive days with geometric lengths (mean `meanBlockLength`), wrapping around
 *   the end. Daily strategy returns have volatility clustering and some autocorrelation, which an
 *   iid bootstrap would destroy, giving intervals that are too narrow. `method: "iid"` is there to
 *   compare. The interval is the percentile interval of the resampled annualised Sharpe ratios.
 * - PSR (Bailey & Lopez de Prado 2012, "The Sharpe ratio efficient frontier"):
 *   PSR(SR*) = Phi( (SR - SR*) sqrt(n - 1) / sqrt(1 - g3 SR + (g4 - 1) / 4 SR^2) ), with SR the
 *   per-period (not annualised) Sharpe ratio, g3 the skewness and g4 the kurtosis (3 for a normal)
 *   of the returns. Skewness and kurtosis are the moment (population, biased) estimators, as in
 *   scipy.stats' defaults that the authors' code uses. It is the probability that the true Sharpe
 *   exceeds SR*, given the sample length and the shape of the returns.
 * - DSR (Bailey & Lopez de Prado 2014, "The deflated Sharpe ratio"): PSR with SR* set to the
 *   Sharpe ratio one expects from the best of N unskilled trials,
 *   E[max SR] = sqrt(V) ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e))), gamma the
 *   Euler-Mascheroni constant, V the variance of the Sharpe ratios across the trials. N may be an
 *   effective number of independent trials (`effectiveTrials` in ./trials.ts): correlated trials
 *   count for less, and then V is best the sampling variance of one Sharpe estimate (the
 *   "estimator" source below) rather than the correlated trials' own spread.
 */
import { createRng } from "../util/rng";
import { normalCdf, normalInverseCdf } from "./normal";
import { checkRiskFree, riskFreeAt, type RiskFree } from "./returns";

const EULER_GAMMA = 0.5772156649015329;

export interface ReturnMoments {
  /** Valid (non-NaN) periods. */
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1). */
  sd: number;
  /** Moment skewness m3 / m2^1.5 (population, biased). */
  skewness: number;
  /** Moment kurtosis m4 / m2^2 (population, biased; 3 for a normal, not excess). */
  kurtosis: number;
}

/**
 * Mean, standard deviation, skewness and kurtosis of the valid values (two passes).
 * @example returnMoments([1, 2, 3, 4]) // => { n: 4, mean: 2.5, sd: 1.2909..., skewness: 0, kurtosis: 1.64 }
 */
export function returnMoments(values: ArrayLike<number>): ReturnMoments {
  let n = 0, sum = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) { n++; sum += values[i]; }
  if (n === 0) return { n, mean: NaN, sd: NaN, skewness: NaN, kurtosis: NaN };
  const mean = sum / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== x) continue;
    const d = x - mean, d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { n, mean, sd, skewness: m2 > 0 ? m3 / Math.pow(m2, 1.5) : NaN, kurtosis: m2 > 0 ? m4 / (m2 * m2) : NaN };
}

/** Excess returns r_i - rf_i as a new array (NaN where either is NaN). */
function excessReturns(fn: string, returns: ArrayLike<number>, riskFree: RiskFree): Float64Array {
  checkRiskFree(fn, riskFree, returns.length);
  const out = new Float64Array(returns.length);
  for (let i = 0; i < returns.length; i++) out[i] = returns[i] - riskFreeAt(riskFree, i);
  return out;
}

/**
 * PSR from summary statistics: the probability that the true per-period Sharpe exceeds
 * `benchmarkPerPeriod`, given an observed per-period Sharpe `sharpePerPeriod` over `n` periods
 * with the given skewness and (non-excess) kurtosis.
 * @returns NaN when n < 2 or the variance term is not positive
 * @example probabilisticSharpeFromMoments({ sharpePerPeriod: 0.1, n: 101, skewness: 0, kurtosis: 3 }, 0) // => Phi(1 / sqrt(1.005)) = 0.8404...
 */
export function probabilisticSharpeFromMoments(
  { sharpePerPeriod, n, skewness, kurtosis }: { sharpePerPeriod: number; n: number; skewness: number; kurtosis: number },
  benchmarkPerPeriod = 0,
): number {
  const sr = sharpePerPeriod;
  const v = 1 - skewness * sr + ((kurtosis - 1) / 4) * sr * sr;
  if (!(n >= 2) || !(v > 0) || sr !== sr) return NaN;
  return normalCdf(((sr - benchmarkPerPeriod) * Math.sqrt(n - 1)) / Math.sqrt(v));
}

export interface PsrOptions {
  /** The Sharpe ratio to beat, annualised like every Sharpe we report (default 0). */
  benchmarkSharpe?: number;
  /** Per-period risk-free rate (default 0). */
  riskFree?: RiskFree;
  periodsPerYear?: number;
}

/**
 * Probabilistic Sharpe ratio of a return series against an annualised benchmark Sharpe
 * (converted to per period by dividing by sqrt(periodsPerYear)). See the module docblock.
 * @returns a probability in [0, 1]; NaN when fewer than three valid returns or zero volatility
 */
export function probabilisticSharpeRatio(returns: ArrayLike<number>, { benchmarkSharpe = 0, riskFree = 0, periodsPerYear = 252 }: PsrOptions = {}): number {
  const m = returnMoments(excessReturns("probabilisticSharpeRatio", returns, riskFree));
  if (m.n < 3 || !(m.sd > 0)) return NaN;
  return probabilisticSharpeFromMoments({ sharpePerPeriod: m.mean / m.sd, n: m.n, skewness: m.skewness, kurtosis: m.kurtosis }, benchmarkSharpe / Math.sqrt(periodsPerYear));
}

/**
 * Expected maximum Sharpe ratio among `trials` independent unskilled trials whose Sharpe ratios
 * have standard deviation `sharpeStd` (any units; the result has the same). One trial: 0. `trials`
 * may be fractional (an effective number of independent trials, `effectiveTrials`); the formula is
 * floored at 0, which only binds below 1.2836 trials.
 * @example expectedMaxSharpe(100, Math.sqrt(0.5)) // => 1.7891... (annualised, Bailey & Lopez de Prado 2014 example)
 */
export function expectedMaxSharpe(trials: number, sharpeStd: number): number {
  if (!(trials >= 1) || !Number.isFinite(trials)) throw new Error(`expectedMaxSharpe: trials must be a finite number >= 1 (got ${trials})`);
  if (!(sharpeStd >= 0)) throw new Error(`expectedMaxSharpe: sharpeStd must be >= 0 (got ${sharpeStd})`);
  if (trials === 1) return 0;
  // The approximation is for many trials; for an effective count just above 1 it would turn negative.
  return Math.max(0, sharpeStd * ((1 - EULER_GAMMA) * normalInverseCdf(1 - 1 / trials) + EULER_GAMMA * normalInverseCdf(1 - 1 / (trials * Math.E))));
}

export interface DsrOptions {
  /**
   * Number of configurations tried before picking this one (required, >= 1). Be honest. May be
   * fractional: an effective number of independent trials (`effectiveTrials`).
   */
  trials: number;
  /**
   * Variance of the annualised Sharpe ratios across the trials. When neither this nor
   * `trialSharpes` is given, the variance of the Sharpe estimator itself under the null
   * (1 / (n - 1) per period, times periodsPerYear) stands in: what the spread of N trials would
   * be if every one were pure noise.
   */
  trialSharpeVariance?: number;
  /** Annualised Sharpe ratios of the trials, to estimate their variance (sample, n - 1). */
  trialSharpes?: ArrayLike<number>;
  riskFree?: RiskFree;
  periodsPerYear?: number;
}

export interface DsrResult {
  /** The deflated Sharpe ratio: probability that the true Sharpe exceeds the best-of-N-noise Sharpe. */
  deflatedSharpe: number;
  /** The plain PSR against zero, for comparison. */
  probabilisticSharpe: number;
  /** Observed annualised Sharpe ratio. */
  sharpe: number;
  /** E[max SR] over the trials, annualised: the bar the observed Sharpe must clear. */
  expectedMaxSharpe: number;
  trials: number;
  /** Variance of annualised Sharpe ratios across trials that was used. */
  trialSharpeVariance: number;
  /** Where that variance came from. */
  varianceSource: "given" | "trials" | "estimator";
  /** Valid periods, skewness and kurtosis of the excess returns. */
  n: number;
  skewness: number;
  kurtosis: number;
}

/**
 * Deflated Sharpe ratio of a return series, given how many configurations were tried.
 * See the module docblock for the formula and `DsrOptions` for the variance across trials.
 */
export function deflatedSharpeRatio(returns: ArrayLike<number>, options: DsrOptions): DsrResult {
  const { trials, trialSharpeVariance, trialSharpes, riskFree = 0, periodsPerYear = 252 } = options;
  if (!(trials >= 1) || !Number.isFinite(trials)) throw new Error(`deflatedSharpeRatio: trials must be a finite number >= 1 (got ${trials})`);
  const m = returnMoments(excessReturns("deflatedSharpeRatio", returns, riskFree));
  const srPerPeriod = m.sd > 0 ? m.mean / m.sd : NaN;
  let variance: number;
  let source: DsrResult["varianceSource"];
  if (trialSharpeVariance !== undefined) {
    if (!(trialSharpeVariance >= 0)) throw new Error(`deflatedSharpeRatio: trialSharpeVariance must be >= 0 (got ${trialSharpeVariance})`);
    variance = trialSharpeVariance;
    source = "given";
  } else if (trialSharpes !== undefined && returnMoments(trialSharpes).n >= 2) {
    const sd = returnMoments(trialSharpes).sd;
    variance = sd * sd;
    source = "trials";
  } else {
    variance = m.n > 1 ? periodsPerYear / (m.n - 1) : NaN;
    source = "estimator";
  }
  const annual = Math.sqrt(periodsPerYear);
  const bar = variance === variance ? expectedMaxSharpe(trials, Math.sqrt(variance)) : NaN;
  const moments = { sharpePerPeriod: srPerPeriod, n: m.n, skewness: m.skewness, kurtosis: m.kurtosis };
  return {
    deflatedSharpe: m.n >= 3 ? probabilisticSharpeFromMoments(moments, bar / annual) : NaN,
    probabilisticSharpe: m.n >= 3 ? probabilisticSharpeFromMoments(moments, 0) : NaN,
    sharpe: srPerPeriod * annual,
    expectedMaxSharpe: bar,
    trials,
    trialSharpeVariance: variance,
    varianceSource: source,
    n: m.n,
    skewness: m.skewness,
    kurtosis: m.kurtosis,
  };
}

export interface BootstrapOptions {
  /** Number of resampled series (default 1000). */
  resamples?: number;
  /** Coverage of the interval (default 0.95). */
  confidence?: number;
  /** Seed of the resampling (default 7). */
  seed?: number;
  /** "stationary" (default, blocks of geometric length) or "iid" (single days). */
  method?: "stationary" | "iid";
  /** Mean block length in periods for the stationary bootstrap (default round(n^(1/3)), at least 1). */
  meanBlockLength?: number;
  riskFree?: RiskFree;
  periodsPerYear?: number;
}

export interface BootstrapInterval {
  /** Annualised Sharpe of the original series. */
  sharpe: number;
  lower: number;
  upper: number;
  /** Standard deviation of the resampled Sharpe ratios. */
  standardError: number;
  confidence: number;
  method: "stationary" | "iid";
  meanBlockLength: number;
  resamples: number;
  seed: number;
}

/**
 * Bootstrap confidence interval for the annualised Sharpe ratio (percentile method, R-7
 * quantiles of the resampled Sharpe ratios). NaN returns are dropped before resampling.
 * Seeded: the same inputs and seed give the same interval.
 */
export function sharpeBootstrapInterval(returns: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapInterval {
  const { resamples = 1000, confidence = 0.95, seed = 7, method = "stationary", riskFree = 0, periodsPerYear = 252 } = options;
  if (!Number.isInteger(resamples) || resamples < 10) throw new Error(`sharpeBootstrapInterval: resamples must be an integer >= 10 (got ${resamples})`);
  if (!(confidence > 0 && confidence < 1)) throw new Error(`sharpeBootstrapInterval: confidence must be in (0, 1) (got ${confidence})`);
  if (method !== "stationary" && method !== "iid") throw new Error(`sharpeBootstrapInterval: method must be "stationary" or "iid" (got ${String(method)})`);
  const excess = excessReturns("sharpeBootstrapInterval", returns, riskFree);
  const v: number[] = [];
  for (let i = 0; i < excess.length; i++) if (excess[i] === excess[i]) v.push(excess[i]);
  const n = v.length;
  const blockLength = method === "iid" ? 1 : options.meanBlockLength ?? Math.max(1, Math.round(Math.cbrt(n)));
  if (!(blockLength >= 1)) throw new Error(`sharpeBootstrapInterval: meanBlockLength must be >= 1 (got ${blockLength})`);
  const annual = Math.sqrt(periodsPerYear);
  const base = { confidence, method, meanBlockLength: blockLength, resamples, seed };
  if (n < 3) return { sharpe: NaN, lower: NaN, upper: NaN, standardError: NaN, ...base };
  const rng = createRng(seed);
  const newBlock = 1 / blockLength;
  const stats = new Float64Array(resamples);
  let valid = 0;
  for (let b = 0; b < resamples; b++) {
    let pos = rng.int(n);
    let count = 0, mean = 0, m2 = 0;
    for (let i = 0; i < n; i++) {
      const x = v[pos];
      const d = x - mean; // Welford update
      mean += d / ++count;
      m2 += d * (x - mean);
      // Stationary bootstrap: with probability 1/L start a new block at a random day, else continue (wrapping).
      pos = rng.next() < newBlock ? rng.int(n) : pos + 1 === n ? 0 : pos + 1;
    }
    if (m2 > 0) stats[valid++] = (mean / Math.sqrt(m2 / (n - 1))) * annual;
  }
  const sorted = stats.subarray(0, valid).sort();
  const alpha = (1 - confidence) / 2;
  let mean = 0;
  for (let i = 0; i < valid; i++) mean += sorted[i];
  mean /= valid;
  let ss = 0;
  for (let i = 0; i < valid; i++) ss += (sorted[i] - mean) ** 2;
  const original = returnMoments(v);
  return {
    sharpe: original.sd > 0 ? (original.mean / original.sd) * annual : NaN,
    lower: quantileSorted(sorted, alpha),
    upper: quantileSorted(sorted, 1 - alpha),
    standardError: valid > 1 ? Math.sqrt(ss / (valid - 1)) : NaN,
    ...base,
  };
}

/** R-7 (linear interpolation, numpy's default) quantile of sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

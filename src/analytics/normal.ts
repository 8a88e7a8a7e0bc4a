/**
 * The standard normal distribution to double precision, for the significance tests (PSR, DSR).
 * simple-statistics' `cumulativeStdNormalProbability` reads a 4-decimal table and its `probit`
 * inherits the error function's ~1e-7; the Sharpe tests want better, so we compute our own.
 */

const LOG_SQRT_2PI = 0.9189385332046727; // log(sqrt(2 pi))

/** Standard normal density phi(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/**
 * Standard normal CDF Phi(x). Central region: Marsaglia's Taylor series (J. Stat. Softw. 11(4),
 * 2004), Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3*5) + ...). Tails (|x| > 5): the Laplace
 * continued fraction of the Mills ratio, so tail probabilities keep their relative precision.
 * @example normalCdf(1.96) // => 0.9750021048517795
 */
export function normalCdf(x: number): number {
  if (x !== x) return NaN;
  if (x > 5) return 1 - upperTail(x);
  if (x < -5) return upperTail(-x);
  return 0.5 + centralSeries(x);
}

/** Phi(x) - 1/2 by Marsaglia's series, for |x| <= 5. */
function centralSeries(x: number): number {
  let s = x, t = 0, b = x;
  const q = x * x;
  for (let i = 1; s !== t; ) {
    t = s;
    i += 2;
    b *= q / i;
    s = t + b;
  }
  return s * Math.exp(-0.5 * q - LOG_SQRT_2PI);
}

/** 1 - Phi(x) without cancellation for large x. */
function normalSurvival(x: number): number {
  if (x > 5) return upperTail(x);
  if (x < -5) return 1 - upperTail(-x);
  return 0.5 - centralSeries(x);
}

/** 1 - Phi(x) for x > 0 by the continued fraction phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))). */
function upperTail(x: number): number {
  if (x > 40) return 0;
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / f; // backward evaluation; 120 terms is ample for x > 5
  return normalPdf(x) / f;
}

// Acklam's rational approximation (relative error < 1.15e-9), refined below by one Halley step.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Inverse standard normal CDF (the probit, Phi^-1(p)): Acklam's algorithm plus one Halley
 * refinement step against `normalCdf`, which brings it to about full double precision.
 * @returns -Infinity at 0, Infinity at 1, NaN outside [0, 1]
 * @example normalInverseCdf(0.975) // => 1.959963984540054
 */
export function normalInverseCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  // Halley step on f(x) = Phi(x) - p; in the upper half use the tail form (1 - p) - Q(x) for precision.
  const e = x > 0 ? 1 - p - normalSurvival(x) : normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

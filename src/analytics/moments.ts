/**
 * Conversions between the conventions of distribution moments. `returnMoments` (significance.ts)
 * reports the moment kurtosis m4 / m2^2, 3 for a normal; tables and prose usually quote the excess.
 */

/**
 * Excess kurtosis: a (non-excess) kurtosis minus 3, the kurtosis of a normal distribution; 0 for
 * a normal, > 0 for fat tails. NaN stays NaN.
 * @example excessKurtosis(returnMoments([1, 2, 3, 4]).kurtosis) // => -1.36
 */
export function excessKurtosis(kurtosis: number): number {
  return kurtosis - 3;
}

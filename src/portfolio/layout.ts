/**
 * Moving between the panel's ticker-major layout (value of ticker j on day t at j*T + t) and
 * day-major blocks (day k of the block at k*N + j), for loops that walk day by day across tickers.
 * Reading a ticker-major array across tickers for one day jumps T*8 bytes per ticker: every read
 * touches another cache line and memory page. Copying B days at a time reads each ticker's B days
 * as one contiguous run instead, so the day loop then works on contiguous memory.
 */
import type { PanelShape } from "../data/types";

/** Days per block: B * N doubles per block buffer (32 * 500 * 8 = 128 kB stays in L2). */
export const DAY_BLOCK = 32;

/**
 * dst[k*N + j] = src[j*T + t0 + k] for k < count (count <= the block size dst was made for).
 * Four tickers per step, so each day's four writes land side by side in one cache line instead of
 * four; the readable form is the remainder loop.
 */
export function gatherDayBlock(src: ArrayLike<number>, { N, T }: PanelShape, t0: number, count: number, dst: Float64Array): void {
  let j = 0;
  for (; j + 3 < N; j += 4) {
    const from0 = j * T + t0, from1 = from0 + T, from2 = from1 + T, from3 = from2 + T;
    for (let k = 0, q = j; k < count; k++, q += N) {
      dst[q] = src[from0 + k];
      dst[q + 1] = src[from1 + k];
      dst[q + 2] = src[from2 + k];
      dst[q + 3] = src[from3 + k];
    }
  }
  for (; j < N; j++) {
    const from = j * T + t0;
    for (let k = 0, q = j; k < count; k++, q += N) dst[q] = src[from + k];
  }
}

/** dst[j*T + t0 + k] = src[k*N + j] for k < count: the inverse of `gatherDayBlock` (four tickers per step likewise). */
export function scatterDayBlock(src: Float64Array, { N, T }: PanelShape, t0: number, count: number, dst: Float64Array): void {
  let j = 0;
  for (; j + 3 < N; j += 4) {
    const to0 = j * T + t0, to1 = to0 + T, to2 = to1 + T, to3 = to2 + T;
    for (let k = 0, q = j; k < count; k++, q += N) {
      dst[to0 + k] = src[q];
      dst[to1 + k] = src[q + 1];
      dst[to2 + k] = src[q + 2];
      dst[to3 + k] = src[q + 3];
    }
  }
  for (; j < N; j++) {
    const to = j * T + t0;
    for (let k = 0, q = j; k < count; k++, q += N) dst[to + k] = src[q];
  }
}

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

/** dst[k*N + j] = src[j*T + t0 + k] for k < count (count <= the block size dst was made for). */
export function gatherDayBlock(src: ArrayLike<number>, { N, T }: PanelShape, t0: number, count: number, dst: Float64Array): void {
  for (let j = 0; j < N; j++) {
    const from = j * T + t0;
    for (let k = 0, q = j; k < count; k++, q += N) dst[q] = src[from + k];
  }
}

/** dst[j*T + t0 + k] = src[k*N + j] for k < count: the inverse of `gatherDayBlock`. */
export function scatterDayBlock(src: Float64Array, { N, T }: PanelShape, t0: number, count: number, dst: Float64Array): void {
  for (let j = 0; j < N; j++) {
    const to = j * T + t0;
    for (let k = 0, q = j; k < count; k++, q += N) dst[to + k] = src[q];
  }
}

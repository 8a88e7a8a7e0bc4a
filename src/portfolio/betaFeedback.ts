/**
 * The beta-neutral book's hedge of its own realised beta (`betaFeedbackDays` of PortfolioConfigSchema).
 *
 * A book held at sum_i w_i beta_i = 0 is neutral only as far as the trailing betas are right, and a
 * forecast can favour exactly the assets whose beta is about to rise (on cross-asset-with-stocks the
 * beta-neutral book kept a realised beta of 0.015, HAC t 3.1, under every trailing estimator tried).
 * The miss is measured on the book itself: the slope, on the benchmark's returns, of what the book
 * earned beyond its ex-ante beta,
 *
 *     u(s) = sum_j w_j(s - 1) r_j(s) - [sum_j w_j(s - 1) beta_j(s - 1)] r_b(s),
 *     b(t) = cov(u, r_b) / var(r_b)  over the days s in (t - W, t] where both are known,
 *
 * and the next target holds the book's beta at -b(t). u(s) uses closes up to s, so b(t), and with it
 * day t's target, is known at the close of t. The book's weights enter through the ex-ante beta
 * they had, not through earlier targets, so a book whose past weights were altered (a blocked trade
 * in production) is measured as it was held.
 */
import { tickerIndex, type PanelGrid } from "../data/types";
import { simpleReturns } from "../features/rolling";

/** Days of u needed in the window before a hedge is taken: half of it (0 until then). */
const MIN_WINDOW_SHARE = 0.5;

/** Earlier weights for `betaFeedbackDays` to measure instead of a run's own: ticker-major N x `days` (production's journal of targets). */
export interface HeldWeights {
  /** Weights of days 0 .. days - 1, ticker-major (`weights[j * days + t]`). */
  readonly weights: ArrayLike<number>;
  /** How many days they cover; later days use the run's own weights. */
  readonly days: number;
}

/**
 * Day-by-day state of the hedge: `target(t)` for t = 0, 1, ... in order, each followed by
 * `record(weights of day t)`. Internal to the constructor (not in the stage index).
 */
export class BetaFeedback {
  private readonly excess: Float64Array; // u(s), NaN where unknown
  private readonly market: Float64Array; // r_b(s)
  private readonly previous: Float64Array; // w(t - 1), every ticker
  private readonly minDays: number;
  private next = 0;

  constructor(
    private readonly close: ArrayLike<number>,
    private readonly beta: ArrayLike<number>,
    grid: PanelGrid,
    benchmark: string,
    private readonly windowDays: number,
    private readonly held: HeldWeights | null,
  ) {
    const N = grid.tickers.length, T = grid.dates.length;
    const b = tickerIndex(grid, benchmark);
    this.excess = new Float64Array(T).fill(NaN);
    this.market = simpleReturns(Float64Array.from({ length: T }, (_, t) => close[b * T + t]));
    this.previous = new Float64Array(N);
    this.minDays = Math.ceil(MIN_WINDOW_SHARE * windowDays);
    if (held !== null && held.weights.length !== N * held.days) {
      throw new Error(`constructPortfolio: heldWeights has ${held.weights.length} values for ${N} tickers x ${held.days} days`);
    }
  }

  /** Day t's beta target -b(t), from u up to t (0 while fewer than half the window's days are known). */
  target(t: number): number {
    if (t !== this.next) throw new Error(`BetaFeedback: day ${t} asked after day ${this.next - 1} (days go in order)`);
    if (t > 0) this.excess[t] = this.bookExcess(t);
    const { excess, market } = this;
    const from = Math.max(1, t - this.windowDays + 1);
    let n = 0, mx = 0, my = 0;
    for (let s = from; s <= t; s++) {
      const y = excess[s], x = market[s];
      if (y !== y || x !== x) continue;
      n++;
      mx += x;
      my += y;
    }
    if (n < this.minDays) return 0;
    mx /= n;
    my /= n;
    let sxy = 0, sxx = 0;
    for (let s = from; s <= t; s++) {
      const y = excess[s], x = market[s];
      if (y !== y || x !== x) continue;
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) * (x - mx);
    }
    return sxx > 0 ? -sxy / sxx : 0;
  }

  /** Day t's weights (N, every ticker, 0 = not held), read by day t + 1's target. */
  record(weights: ArrayLike<number>, offset: number): void {
    const { previous } = this;
    for (let j = 0; j < previous.length; j++) previous[j] = weights[offset + j];
    this.next++;
  }

  /** u(t): the book of t - 1 (held weights where given) over close t - 1 to close t, beyond its ex-ante beta. */
  private bookExcess(t: number): number {
    const { close, beta, previous, held } = this;
    const N = previous.length, T = this.market.length;
    const fromHeld = held !== null && t - 1 < held.days;
    let earned = 0, exAnte = 0;
    for (let j = 0; j < N; j++) {
      const w = fromHeld ? held.weights[j * held.days + t - 1] : previous[j];
      if (w === 0) continue;
      const r = close[j * T + t] / close[j * T + t - 1] - 1;
      const bj = beta[j * T + t - 1];
      if (r !== r || bj !== bj || w !== w) return NaN;
      earned += w * r;
      exAnte += w * bj;
    }
    return earned - exAnte * this.market[t];
  }
}

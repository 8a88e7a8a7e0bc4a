/**
 * Targets: forward returns. The feature row at day t predicts the return from close t to
 * close t + h, so a target looks h days ahead by construction and must never be used as a
 * feature (the leakage audit flags it). The last h days of every ticker have no known target
 * yet: they are NaN (marked, never filled), and `featureMatrix` drops those rows.
 *
 * Caution for walk-forward splits: a training row at day t with an h-day target uses closes up
 * to t + h, so the last h training days overlap the test period; purge them (or embargo h days).
 */
import { panelShape, type Panel } from "../data/types";

/**
 * Forward simple returns over `horizonDays`, ticker-major like the panel:
 * out[j * T + t] = close[j, t + h] / close[j, t] - 1; NaN for t + h >= T (not yet known), where
 * either close is NaN, and where close[j, t] is 0.
 * @example forwardReturns(panel, 1) // row t: tomorrow's close-to-close return
 */
export function forwardReturns(panel: Pick<Panel, "dates" | "tickers" | "close">, horizonDays = 1): Float64Array {
  if (!Number.isInteger(horizonDays) || horizonDays < 1) throw new Error(`forwardReturns requires an integer horizonDays >= 1 (got ${horizonDays})`);
  const close = panel.close;
  const { N, T } = panelShape(close, panel, "forwardReturns: close");
  const out = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    const base = j * T;
    for (let t = 0; t < T; t++) {
      if (t + horizonDays >= T) {
        out[base + t] = NaN;
        continue;
      }
      const c0 = close[base + t];
      if (c0 === 0) out[base + t] = NaN; // a NaN branch of its own: see rolling.ts
      else out[base + t] = close[base + t + horizonDays] / c0 - 1;
    }
  }
  return out;
}

/** A forward-return target and its horizon: what the walk-forward needs to purge its training labels. */
export interface HorizonTarget {
  /** Ticker-major N x T forward returns (NaN where not yet known). */
  readonly values: Float64Array;
  /** The label of day t is the return from close t to close t + horizonDays. */
  readonly horizonDays: number;
}

/**
 * `forwardReturns(panel, horizonDays)` together with its horizon, the target `walkForwardAlpha` takes.
 * @example walkForwardAlpha(features, forwardReturnTarget(panel, 5), probs, { horizonDays: 5 })
 */
export function forwardReturnTarget(panel: Pick<Panel, "dates" | "tickers" | "close">, horizonDays: number): HorizonTarget {
  return { values: forwardReturns(panel, horizonDays), horizonDays };
}

/** Forward returns for several horizons, named `fwd_ret_<h>d` (default horizons 1 and 5). */
export function forwardReturnTargets(
  panel: Pick<Panel, "dates" | "tickers" | "close">,
  { horizonsDays = [1, 5] }: { horizonsDays?: readonly number[] } = {},
): { names: string[]; values: Float64Array[] } {
  return {
    names: horizonsDays.map((h) => `fwd_ret_${h}d`),
    values: horizonsDays.map((h) => forwardReturns(panel, h)),
  };
}

import { z } from "zod";
import { parseConfig } from "./parse";

/**
 * How the backtest trades and what trading costs (see `runBacktest` in src/backtest). Every
 * cost is a fraction of NAV per day; bps fields are per unit of traded notional (1 bp = 1e-4).
 */
export const BacktestConfigSchema = z
  .object({
    /** Broker commission, bps of traded notional (default 0.5). */
    commissionBps: z.number().nonnegative().max(1000).default(0.5),
    /** Half the bid-ask spread paid on every trade, bps of traded notional (default 1). */
    halfSpreadBps: z.number().nonnegative().max(1000).default(1),
    /**
     * Market impact model.
     * "sqrtAdv" (default): cost fraction of the traded notional = impactCoefficient * sigma_daily *
     *   sqrt(|trade notional| / ADV$), the square-root law; needs volume (ADV) and volatility.
     * "sqrtTrade": the original design's unitless impactCoefficient * |trade|^0.5 (trade as a fraction of NAV),
     *   charged as a fraction of NAV per asset; kept for comparison only.
     * "none": no impact.
     */
    impactModel: z.enum(["sqrtAdv", "sqrtTrade", "none"]).default("sqrtAdv"),
    /** sqrtAdv: the dimensionless constant Y of the square-root law (default 1, order one empirically). sqrtTrade: its coefficient. */
    impactCoefficient: z.number().nonnegative().default(1),
    /** Capital the weights apply to, in USD, so that a trade's share of ADV$ is meaningful (default $10M, constant). */
    portfolioNotionalUsd: z.number().positive().default(10_000_000),
    /** Trailing window of the average daily dollar volume (close * volume), days up to and including t (default 20). */
    advWindowDays: z.number().int().positive().default(20),
    /**
     * Which day's sigma and ADV$ the sqrtAdv impact of a trade at the close of t uses.
     * "sameDay" (default): sigma_t and ADV$ over the `advWindowDays` days through t, day t's own
     *   close and volume included (known only once day t's bar is complete).
     * "priorDay": sigma_{t-1} and ADV$ through t - 1, known before the trade, so the cost model is as
     *   causal as the signal (no trade can be costed on the first day).
     */
    impactInputTiming: z.enum(["sameDay", "priorDay"]).default("sameDay"),
    /**
     * The prices ADV$ (the sqrtAdv impact's dollar volume) is valued at, in a study (`runStudy`; a
     * bare `runBacktest` uses the market it is given, `advClose`/`advVolume` or else close and volume).
     * "splitOnly" (default): split-only closes times their own volume, Polygon's basis, the dollars
     *   that actually traded; total-return closes understate early dollar volume (SPY's close ratio
     *   is 0.743 in 2009) and so overstate impact. Tickers whose panel is already split-only or
     *   unadjusted use it; tickers loaded total-return adjusted use the shipped split-only bars
     *   (data/split_adjusted) on each day those hold a bar, and the adjusted basis on the other days
     *   (the choice looks at that day's bars only: causal). The study's summary lists each ticker's
     *   basis (`costs.advBasis`: "split", "mixed" or "split_dividend").
     * "adjusted": close times volume of the panel as loaded.
     */
    advPriceBasis: z.enum(["splitOnly", "adjusted"]).default("splitOnly"),
    /** Trailing window of the daily volatility estimate used by sqrtAdv when none is supplied (default 20). */
    impactVolWindowDays: z.number().int().min(1).default(20),
    /** Trade every k-th day (day index t with t % k === rebalanceOffsetDays; default 1 = daily). Positions drift in between. */
    rebalanceEveryDays: z.number().int().positive().default(1),
    /** Which day of each k-day cycle trades (default 0). */
    rebalanceOffsetDays: z.number().int().nonnegative().default(0),
    /** No-trade band in weight units: an asset whose |target - drifted| <= band is not traded that day (default 0). */
    noTradeBand: z.number().nonnegative().max(1).default(0),
  })
  .strict()
  .refine((c) => c.rebalanceOffsetDays < c.rebalanceEveryDays, {
    message: "rebalanceOffsetDays must be < rebalanceEveryDays",
    path: ["rebalanceOffsetDays"],
  });

export type BacktestConfig = z.output<typeof BacktestConfigSchema>;
export type BacktestConfigInput = z.input<typeof BacktestConfigSchema>;
/** The prices ADV$ is valued at (backtest.advPriceBasis). */
export type AdvPriceBasisName = BacktestConfig["advPriceBasis"];

/** Validate a backtest config and fill its defaults; throws ConfigError naming the bad field. */
export function parseBacktestConfig(input?: unknown): BacktestConfig {
  return parseConfig(BacktestConfigSchema, input, "backtest");
}

import { z } from "zod";
import { parseConfig } from "./parse";

/**
 * How the portfolio constructor turns a daily alpha cross-section into target weights
 * (see `constructPortfolio` in src/portfolio). Weights are fractions of NAV: 0.1 = 10% long.
 */
export const PortfolioConfigSchema = z
  .object({
    /**
     * "zscore" (default): z-score the alpha cross-section, divide by volatility, scale by `baseSize`.
     * "topBottomK": equal weights, long the `topK` highest alphas, short the `topK` lowest.
     * "inverseVolatility": sign(alpha) / volatility, scaled so that gross = `maxGross` (inverse-volatility
     *   sizing, sometimes called naive risk parity: it ignores correlations).
     * "equalRiskContribution": true risk parity. The assets above the cross-sectional mean alpha form
     *   the long leg, those below it the short leg; within each leg, the long-only weights whose every
     *   asset contributes the same share of the leg's variance (equal risk contribution, Spinu's
     *   convex formulation solved by Newton) on the Ledoit-Wolf covariance (scaled-identity target)
     *   of the last `covarianceWindowDays` daily returns through t; the long leg scaled to
     *   (maxGross + netExposure) / 2 and the short leg to (maxGross - netExposure) / 2 (netExposure
     *   null: 0), so the book meets the gross and net targets before the projection. Needs the closes.
     * Every scheme ends with the same exact projection onto the caps, gross limit and net target.
     */
    scheme: z.enum(["zscore", "topBottomK", "inverseVolatility", "equalRiskContribution"]).default("zscore"),
    /**
     * zscore scheme: weight of a one-sigma signal in an asset whose daily volatility equals
     * `referenceVolatilityDaily`, before the constraints (default 0.05 = 5% of NAV).
     */
    baseSize: z.number().nonnegative().default(0.05),
    /** Daily volatility (fraction per day) at which an asset gets exactly `baseSize` per unit z (default 0.01, ~16% a year). */
    referenceVolatilityDaily: z.number().positive().default(0.01),
    /** Cross-sectional z-scores are clipped to +-zScoreCap before sizing (default 3). */
    zScoreCap: z.number().positive().default(3),
    /**
     * zscore scheme: false (default) sizes w ~ z / sigma (each position's stand-alone volatility
     * proportional to |z|); true sizes w ~ sign(z) sqrt(|z|) / sigma, so that each position's share of
     * portfolio variance would be proportional to |z| if the assets were uncorrelated (a sizing rule
     * on volatilities alone, formerly `riskParity`; for risk contributions on the full covariance
     * see the "equalRiskContribution" scheme).
     */
    sqrtZSizing: z.boolean().default(false),
    /** equalRiskContribution scheme: daily returns, through t, of the Ledoit-Wolf covariance (default 252); an asset trades once it has this many. */
    covarianceWindowDays: z.number().int().min(2).max(2520).default(252),
    /** topBottomK scheme: names per leg (default 5; fewer when fewer than 2k assets are tradeable that day). */
    topK: z.number().int().positive().default(5),
    /** Cap on every |weight| (default 0.1 = 10% of NAV). */
    maxPosition: z.number().positive().max(10).default(0.1),
    /** Cap on gross exposure sum |w| (default 1 = 100% of NAV). */
    maxGross: z.number().positive().max(100).default(1),
    /** Net exposure sum w held exactly each day (default 0, dollar neutral; market neutral needs betaNeutral too); null leaves it free. */
    netExposure: z.number().min(-100).max(100).nullable().default(0),
    /** Days with fewer tradeable assets than this are flat (default 2: a z-score needs two). */
    minAssets: z.number().int().positive().default(2),
    /**
     * Hold the book's beta to the benchmark at 0 each day, jointly with the caps, gross limit and net
     * target (default false): sum_i w_i beta_i = 0 with beta_i the asset's trailing, shrunk beta
     * (`betaPanel`). Assets without a beta that day (too little history) are not held.
     */
    betaNeutral: z.boolean().default(false),
    /**
     * How each asset's trailing beta is estimated (`betaPanel`).
     * "ols" (default): the slope of the asset's daily returns on the benchmark's same-day returns.
     * "dimson": Dimson's (1979) sum of slopes on the benchmark's returns of the same day and of the
     *   `betaLagDays` days before (each a simple slope over the same window), for assets whose closes
     *   respond to the benchmark with a delay. On the shipped study it was tried and not adopted: the
     *   OLS-hedged book's net returns have no slope on the previous day's benchmark return (0.0003,
     *   t 0.08, cross-asset-with-stocks), so there is no delay to correct.
     */
    betaEstimator: z.enum(["ols", "dimson"]).default("ols"),
    /** "dimson" estimator: lagged benchmark returns added to the same-day slope (default 1). */
    betaLagDays: z.number().int().min(1).max(5).default(1),
    /** Daily simple returns in the trailing beta window, ending at day t (default 252, a year). */
    betaWindowDays: z.number().int().min(2).default(252),
    /**
     * Blume shrinkage of the OLS beta toward 1: beta = (1 - betaShrinkage) * beta_OLS + betaShrinkage
     * (default 1/3: Blume 1971, the 0.67 / 0.33 "adjusted beta"; 0 = raw OLS beta). With a net target
     * s, sum w beta = (1 - k) sum w beta_OLS + k s, so under the default net 0 the shrinkage does not
     * change the neutral book; it does when the net is free or non-zero.
     */
    betaShrinkage: z.number().min(0).max(1).default(1 / 3),
    /**
     * betaNeutral only: also hedge the beta the book showed beyond its ex-ante beta, measured on its
     * own returns over this many trailing days (default null: off; the study's default is 252). Day
     * t's target becomes sum_i w_i beta_i = -b(t), b(t) the slope on the benchmark's returns of the
     * book's returns beyond its ex-ante beta, closes up to t only (src/portfolio/betaFeedback.ts).
     * Trailing betas miss where a forecast favours assets whose beta is about to change; this
     * corrects the miss the book itself shows. Needs the closes and the benchmark (`constructPortfolio`'s
     * `close` and `benchmark`).
     */
    betaFeedbackDays: z.number().int().min(20).max(2520).nullable().default(null),
    /**
     * Group neutrality (default null: none): the weights of every group sum to 0 each day.
     * "assetClass" groups by the panel's asset classes; an object maps tickers to group names
     * (tickers it leaves out are in no group).
     */
    groupNeutral: z.union([z.null(), z.literal("assetClass"), z.record(z.string(), z.string())]).default(null),
  })
  .strict();

export type PortfolioConfig = z.output<typeof PortfolioConfigSchema>;
export type PortfolioConfigInput = z.input<typeof PortfolioConfigSchema>;

/** Validate a portfolio config and fill its defaults; throws ConfigError naming the bad field. */
export function parsePortfolioConfig(input?: unknown): PortfolioConfig {
  return parseConfig(PortfolioConfigSchema, input, "portfolio");
}

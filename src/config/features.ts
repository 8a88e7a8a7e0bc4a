import { z } from "zod";
import { parseConfig } from "./parse";

/**
 * Feature configuration: windows (in trading days), the benchmark and the cross-asset tickers,
 * and which feature groups are on. Feature names carry their windows (`vol_20d`,
 * `beta_spy_60d`), so changing a window changes the name, never silently the meaning.
 */
const days = (min: number, fallback: number) => z.number().int().min(min).max(2520).default(fallback);
const ticker = (fallback: string) => z.string().min(1).default(fallback);
/** A cross-asset ticker whose features may be skipped: null switches them off (listed as skipped in the run's log, summary and report). */
const optionalTicker = (fallback: string) => z.string().min(1).nullable().default(fallback);

/** The feature stage's settings and their defaults; parse with `parseFeaturesConfig`. */
export const FeaturesConfigSchema = z
  .object({
    /** Which groups to compute (default: all three). */
    groups: z
      .object({
        technical: z.boolean().default(true),
        microstructure: z.boolean().default(true),
        crossAsset: z.boolean().default(true),
      })
      .strict()
      .default({}),
    /** Simple-return horizons, one feature `ret_<h>d` each (default 1, 5, 20, 60). */
    returnHorizons: z.array(days(1, 1)).min(1).default([1, 5, 20, 60]),
    /** mom_accel = ret_<short>d - ret_<long>d (default 5 and 20). */
    momAccelShortDays: days(1, 5),
    momAccelLongDays: days(1, 20),
    /** rel_strength_<short>_<long> = ret_short / ret_long with a floored denominator (default 20, 60). */
    relStrengthShortDays: days(1, 20),
    relStrengthLongDays: days(1, 60),
    /** Smallest |ret_long| used as the denominator, keeping its sign (default 0.01 = 1%). */
    relStrengthFloor: z.number().positive().max(1).default(0.01),
    /** Realised volatility windows, `vol_<w>d`, annualised with sqrt(periodsPerYear) (default 5, 20, 60). */
    volWindows: z.array(days(2, 20)).min(1).default([5, 20, 60]),
    /** vol_ratio_<short>_<long> (default 5 and 20; both must be among volWindows). */
    volRatioShortDays: days(2, 5),
    volRatioLongDays: days(2, 20),
    /** vol_persistence_<w>d: correlation of |r_t| with |r_(t-1)| over w days (default 60). */
    volPersistenceDays: days(3, 60),
    /** ma_dist_<w>d = close / SMA_w - 1 (default 20, 50). */
    maWindows: z.array(days(1, 20)).default([20, 50]),
    /** rsi_<w>d, Cutler's RSI (simple averages of gains and losses) (default 14). */
    rsiDays: days(1, 14),
    /** parkinson_vol_<w>d and garman_klass_vol_<w>d (default 20). */
    rangeVolDays: days(1, 20),
    /** vwap_mom_<w>d (default 5). */
    vwapMomentumDays: days(1, 5),
    /** volume_z_<w>d (default 20). */
    volumeZDays: days(2, 20),
    /** vol_price_corr_<w>d: correlation of returns with log volume changes (default 20). */
    volPriceCorrDays: days(2, 20),
    /** amihud_<w>d: mean |r| per $1M traded (default 20). */
    amihudDays: days(1, 20),
    /** Benchmark for relative strength, beta and correlation (default SPY). */
    benchmark: ticker("SPY"),
    /** rel_strength_<bench>_<w>d = ret_w - benchmark ret_w (default 20). */
    benchRelStrengthDays: days(1, 20),
    /** beta_<bench>_<w>d and corr_<bench>_<w>d on daily returns (default 60). */
    betaDays: days(2, 60),
    /** xs_rank_mom_<w>d: cross-sectional percentile rank of ret_w (default 20). */
    xsRankDays: days(1, 20),
    /** dispersion_<w>d: cross-sectional standard deviation of ret_w (default 20). */
    dispersionDays: days(1, 20),
    /** stock_bond_corr_<w>d between these two (default SPY, TLT, 60); null for either skips it and the equity-bond part of risk_on_off. */
    stockTicker: optionalTicker("SPY"),
    bondTicker: optionalTicker("TLT"),
    stockBondCorrDays: days(2, 60),
    /** gold_mom, oil_mom, dollar_mom over macroMomentumDays (default GLD, USO, UUP, 20); null skips that one. */
    goldTicker: optionalTicker("GLD"),
    oilTicker: optionalTicker("USO"),
    dollarTicker: optionalTicker("UUP"),
    macroMomentumDays: days(1, 20),
    /** Trailing window of the z-scores inside risk_on_off (default 252). */
    riskOnOffZDays: days(2, 252),
    /** Annualisation of volatilities (default 252). */
    periodsPerYear: z.number().positive().default(252),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const key of ["volRatioShortDays", "volRatioLongDays"] as const) {
      if (!c.volWindows.includes(c[key])) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `must be one of volWindows [${c.volWindows.join(", ")}]` });
      }
    }
    for (const key of ["volWindows", "returnHorizons", "maWindows"] as const) {
      if (new Set(c[key]).size !== c[key].length) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: "must not repeat a window" });
    }
  });

export type FeaturesConfig = z.output<typeof FeaturesConfigSchema>;
export type FeaturesConfigInput = z.input<typeof FeaturesConfigSchema>;

/** Validate and default a feature configuration; throws ConfigError naming the bad field. */
export function parseFeaturesConfig(input?: unknown): FeaturesConfig {
  return parseConfig(FeaturesConfigSchema, input, "features");
}

/**
 * Configuration of the regime stage: the Gaussian HMM (`HmmConfig`) and the regime study around it
 * (`RegimeConfig`: features, choice of the number of states, walk-forward schedule). Defaults
 * follow hmmlearn where it has one (minCovar 1e-3, covarsPrior 1e-2, covarsWeight 1) and the
 * reference fits otherwise (nIter 100, tol 1e-4).
 */
import { z } from "zod";
import { parseConfig } from "./parse";

export const HmmConfig = z
  .object({
    /** Number of hidden states K. */
    nComponents: z.number().int().min(1).max(20).default(3),
    covarianceType: z.enum(["full", "diag", "spherical", "tied"]).default("full"),
    /** Maximum EM iterations per restart. */
    nIter: z.number().int().min(1).max(10_000).default(100),
    /** Stop when one EM iteration gains less log-likelihood than this. */
    tol: z.number().min(0).default(1e-4),
    /** Added to the initial covariance diagonal; the repair step for a covariance that lost positive definiteness. */
    minCovar: z.number().min(0).default(1e-3),
    /** hmmlearn covars_prior: added to every entry of the scatter numerator in the M-step. */
    covarsPrior: z.number().min(0).default(1e-2),
    /** hmmlearn covars_weight. */
    covarsWeight: z.number().min(0).default(1),
    /** Random restarts from k-means starts; the best log-likelihood is kept. */
    nRestarts: z.number().int().min(1).max(100).default(5),
    /** Diagonal of the initial transition matrix. */
    stickiness: z.number().min(0).max(1).default(0.9),
    seed: z.number().int().default(0),
    /** Label order: by the variance (calm to turbulent) or mean of `orderFeature`, or none. */
    stateOrder: z.enum(["variance", "mean", "none"]).default("variance"),
    orderFeature: z.number().int().min(0).default(0),
  })
  .strict();
export type HmmConfig = z.output<typeof HmmConfig>;

export const RegimeConfig = z
  .object({
    hmm: HmmConfig.default({}),
    features: z
      .object({
        benchmark: z.string().min(1).default("SPY"),
        /** Credit signal: high-yield minus Treasury log return over creditWindowDays; null leaves it out. */
        credit: z.object({ risky: z.string().min(1), safe: z.string().min(1) }).strict().nullable().default({ risky: "HYG", safe: "IEF" }),
        creditWindowDays: z.number().int().min(1).max(756).default(20),
        /** Bond leg of an optional stock-bond correlation feature (e.g. "TLT"); null leaves it out. */
        bond: z.string().min(1).nullable().default(null),
        volWindowDays: z.number().int().min(2).max(756).default(20),
        momentumWindowDays: z.number().int().min(1).max(756).default(20),
        correlationWindowDays: z.number().int().min(2).max(756).default(60),
      })
      .strict()
      .default({}),
    selection: z
      .object({
        /** Range of K compared by BIC. */
        minComponents: z.number().int().min(1).max(20).default(2),
        maxComponents: z.number().int().min(1).max(20).default(5),
      })
      .strict()
      .refine((s) => s.minComponents <= s.maxComponents, { message: "minComponents must be <= maxComponents" })
      .default({}),
    walkForward: z
      .object({
        /** Complete rows in the first training window (every window when rolling). */
        trainDays: z.number().int().min(20).default(756),
        refitEveryDays: z.number().int().min(1).default(63),
        window: z.enum(["expanding", "rolling"]).default("expanding"),
        /** Restarts per refit (plus a warm start from the previous fit). */
        nRestarts: z.number().int().min(1).max(100).default(2),
      })
      .strict()
      .default({}),
  })
  .strict();
export type RegimeConfig = z.output<typeof RegimeConfig>;

/** Validated HMM settings with defaults; throws ConfigError naming the field and range. */
export function parseHmmConfig(input: unknown): HmmConfig {
  return parseConfig(HmmConfig, input, "hmm");
}

/** Validated regime-stage settings with defaults; throws ConfigError naming the field and range. */
export function parseRegimeConfig(input: unknown): RegimeConfig {
  return parseConfig(RegimeConfig, input, "regime");
}

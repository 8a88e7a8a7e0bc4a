/**
 * Configuration of the regime stage: the Gaussian HMM (`HmmConfig`) and the regime study around it
 * (`RegimeConfig`: features, choice of the number of states, walk-forward schedule). Defaults
 * follow hmmlearn where it has one (minCovar 1e-3, covarsPrior 1e-2, covarsWeight 1) and the
 * reference fits otherwise (nIter 100, tol 1e-4).
 *
 * These schemas are the only place a regime default is written: `fitGaussianHmm`,
 * `regimeFeatureMatrix`, `selectRegimeModel` and `walkForwardRegimes` parse their options through
 * them. A function's schema (`HmmFitConfig`, ...) extends the study's with the settings a study
 * leaves alone (hmmlearn's other priors, the annualisation), so the study config stays as it is.
 */
import { z } from "zod";
import { parseConfig } from "./parse";

/** Random restarts from k-means starts; the best log-likelihood is kept. */
const kMeansRestarts = (min: number) => z.number().int().min(min).max(100).default(5);
/** EM stops when one iteration gains less log-likelihood than this (tighter than hmmlearn's 1e-2). */
const emTolerance = (min: number) => z.number().min(min).default(1e-4);

/** The Gaussian HMM as a study sets it (K, covariance type, EM and restarts, seed); parse with `parseHmmConfig`. */
export const HmmConfigSchema = z
  .object({
    /** Number of hidden states K. */
    nComponents: z.number().int().min(1).max(20).default(3),
    /** How each state's covariance is parameterised (hmmlearn's names; see HmmCovarianceType). */
    covarianceType: z.enum(["full", "diag", "spherical", "tied"]).default("full"),
    /** Maximum EM iterations per restart. */
    nIter: z.number().int().min(1).max(10_000).default(100),
    /** Stop when one EM iteration gains less log-likelihood than this (tighter than hmmlearn's 1e-2). */
    tol: emTolerance(0),
    /** Added to the initial covariance diagonal; the repair step for a covariance that lost positive definiteness. */
    minCovar: z.number().min(0).default(1e-3),
    /** hmmlearn covars_prior: added to every entry of the scatter numerator in the M-step. */
    covarsPrior: z.number().min(0).default(1e-2),
    /** hmmlearn covars_weight. */
    covarsWeight: z.number().min(0).default(1),
    /** Random restarts from k-means starts; the best log-likelihood is kept. */
    nRestarts: kMeansRestarts(1),
    /** Diagonal of the initial transition matrix. */
    stickiness: z.number().min(0).max(1).default(0.9),
    /** Seed of every restart's random choices: the same seed gives the same fit. */
    seed: z.number().int().default(0),
    /** Label order: by the variance (calm to turbulent) or mean of `orderFeature`, or none. */
    stateOrder: z.enum(["variance", "mean", "none"]).default("variance"),
    /** Feature (column) the label order uses. */
    orderFeature: z.number().int().min(0).default(0),
  })
  .strict();
export type HmmConfig = z.output<typeof HmmConfigSchema>;
export type HmmConfigInput = z.input<typeof HmmConfigSchema>;

/**
 * Every setting of `fitGaussianHmm`: HmmConfig plus hmmlearn's remaining priors and the k-means
 * runs per restart. nRestarts may be 0 here: a fit that starts only from given parameters or a
 * warm start (hmmlearn's init_params = "").
 */
export const HmmFitConfigSchema = HmmConfigSchema.extend({
  nRestarts: kMeansRestarts(0),
  /** -Infinity runs every one of nIter iterations (a benchmark of the EM step). */
  tol: emTolerance(-Infinity),
  /** hmmlearn `means_prior` and `means_weight`: the prior mean and its weight in the means M-step (0 = none). */
  meansPrior: z.number().default(0),
  meansWeight: z.number().min(0).default(0),
  /** Dirichlet concentration of the start and transition priors (hmmlearn `startprob_prior`, `transmat_prior`; 1 = no prior). */
  startprobPrior: z.number().min(0).default(1),
  transmatPrior: z.number().min(0).default(1),
  /** k-means runs per restart (the best inertia is kept). */
  kmeansInits: z.number().int().min(1).max(100).default(1),
});
export type HmmFitConfig = z.output<typeof HmmFitConfigSchema>;
export type HmmFitConfigInput = z.input<typeof HmmFitConfigSchema>;

/** The market-level regime features (see `regimeFeatureMatrix`). */
export const RegimeFeatureConfigSchema = z
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
  .strict();
export type RegimeFeatureConfig = z.output<typeof RegimeFeatureConfigSchema>;

/** `regimeFeatureMatrix`'s options: the feature config plus the annualisation of the volatility. */
export const RegimeFeatureMatrixConfigSchema = RegimeFeatureConfigSchema.extend({
  periodsPerYear: z.number().positive().default(252),
});
export type RegimeFeatureMatrixConfigInput = z.input<typeof RegimeFeatureMatrixConfigSchema>;

/** Range of the number of states K compared by BIC (`selectRegimeModel`). */
export const RegimeSelectionConfigSchema = z
  .object({
    minComponents: z.number().int().min(1).max(20).default(2),
    maxComponents: z.number().int().min(1).max(20).default(5),
  })
  .strict()
  .refine((s) => s.minComponents <= s.maxComponents, (s) => ({ message: `must be >= minComponents (${s.minComponents})`, path: ["maxComponents"] }));
export type RegimeSelectionConfig = z.output<typeof RegimeSelectionConfigSchema>;
export type RegimeSelectionConfigInput = z.input<typeof RegimeSelectionConfigSchema>;

/** The walk-forward schedule of `walkForwardRegimes`. */
export const RegimeWalkForwardConfigSchema = z
  .object({
    /** Complete rows in the first training window (every window when rolling). */
    trainDays: z.number().int().min(20).default(756),
    /** Rows between refits. */
    refitEveryDays: z.number().int().min(1).default(63),
    /** "expanding" trains on every row since the first complete one; "rolling" on the last `trainDays` rows. */
    window: z.enum(["expanding", "rolling"]).default("expanding"),
    /** Restarts per refit (plus a warm start from the previous fit). */
    nRestarts: z.number().int().min(1).max(100).default(2),
  })
  .strict();
export type RegimeWalkForwardConfig = z.output<typeof RegimeWalkForwardConfigSchema>;

/** `walkForwardRegimes`'s schedule options: the walk-forward config plus the warm start. */
export const WalkForwardRegimesConfigSchema = RegimeWalkForwardConfigSchema.extend({
  /** Also start each refit from the previous fit's parameters (re-expressed in the new scaler's units). */
  warmStart: z.boolean().default(true),
  /**
   * Threads for the refits' k-means restarts (this one plus workers); the fits are the same for any
   * number. "auto" (default) = every core when there are at least 4 restarts to share.
   */
  threads: z.union([z.number().int().min(1).max(256), z.literal("auto")]).default("auto"),
});
export type WalkForwardRegimesConfigInput = z.input<typeof WalkForwardRegimesConfigSchema>;

/** The regime stage as a study runs it (`panelWalkForwardRegimes`, notebook 03). */
export const RegimeConfigSchema = z
  .object({
    hmm: HmmConfigSchema.default({}),
    features: RegimeFeatureConfigSchema.default({}),
    selection: RegimeSelectionConfigSchema.default({}),
    walkForward: RegimeWalkForwardConfigSchema.default({}),
  })
  .strict();
export type RegimeConfig = z.output<typeof RegimeConfigSchema>;
export type RegimeConfigInput = z.input<typeof RegimeConfigSchema>;

/** Validated HMM settings with defaults; throws ConfigError naming the field and range. */
export function parseHmmConfig(input: unknown): HmmConfig {
  return parseConfig(HmmConfigSchema, input, "hmm");
}

/** Validated regime-stage settings with defaults; throws ConfigError naming the field and range. */
export function parseRegimeConfig(input: unknown): RegimeConfig {
  return parseConfig(RegimeConfigSchema, input, "regime");
}

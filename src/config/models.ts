import { z } from "zod";
import { parseConfig } from "./parse";

/**
 * Random forest hyper-parameters (scikit-learn's names in camelCase). `defaults` lets the alpha
 * model carry its own defaults (small, shallow, large leaves: noisy daily returns) while
 * `fitRandomForest` keeps scikit-learn's.
 */
function forestSchema(defaults: {
  nEstimators: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  maxFeatures: number | "sqrt" | "all";
  oobScore: boolean;
  binSampleRows: number | null;
}) {
  return z
    .object({
      /** Which implementation fits the trees: our histogram forest ("native", default) or the `ml-random-forest` package (slow; for cross-checks). */
      backend: z.enum(["native", "ml-random-forest"]).default("native"),
      /** Number of trees. */
      nEstimators: z.number().int().min(1).max(100_000).default(defaults.nEstimators),
      /** Maximum depth (root = depth 0); null grows until the leaf limits stop it. */
      maxDepth: z.number().int().min(1).max(64).nullable().default(defaults.maxDepth),
      /** Fewest distinct training rows in a leaf. */
      minSamplesLeaf: z.number().int().min(1).default(defaults.minSamplesLeaf),
      /** Fewest distinct training rows in a node for it to be split (default 2). */
      minSamplesSplit: z.number().int().min(2).default(2),
      /** Features tried per split: a fraction in (0, 1] of them (at least one), "sqrt" (floor of the square root), or "all". */
      maxFeatures: z.union([z.number().gt(0).lte(1), z.enum(["sqrt", "all"])]).default(defaults.maxFeatures),
      /** Each tree sees a bootstrap sample (n draws with replacement) of the training rows (default true). */
      bootstrap: z.boolean().default(true),
      /** Seed of the bootstrap and feature draws: the same seed gives the same forest, bit for bit (default 0). */
      seed: z.number().int().default(0),
      /** Histogram bins per feature, 2..255 (default 255); features with fewer distinct values get one bin per value. */
      maxBins: z.number().int().min(2).max(255).default(255),
      /**
       * Bin edges come from at most this many rows (a seeded random sample; null = all rows), like
       * LightGBM's bin_construct_sample_cnt: sorting every column of every fit is a large share of
       * a small fit's time, and 255 quantiles need far fewer than all rows to be placed well.
       */
      binSampleRows: z.number().int().min(255).nullable().default(defaults.binSampleRows),
      /** Compute the out-of-bag R^2 and predictions (needs bootstrap). */
      oobScore: z.boolean().default(defaults.oobScore),
      /**
       * Threads that grow trees: 1 = this thread only; n > 1 = this thread plus n - 1 workers;
       * "auto" (default) = every core, but only when the fit is large enough to repay handing work to workers.
       * In a walk-forward (`walkForwardAlpha`) with enough folds, the same threads run whole folds in
       * parallel instead, each fold's forests on one thread. The forest is identical whatever the thread count.
       */
      threads: z.union([z.number().int().min(1).max(256), z.literal("auto")]).default("auto"),
    })
    .strict();
}

/** Hyper-parameters of `fitRandomForest` / `RandomForestRegressor`; defaults are scikit-learn's RandomForestRegressor's. */
export const ForestConfigSchema = forestSchema({ nEstimators: 100, maxDepth: null, minSamplesLeaf: 1, maxFeatures: "all", oobScore: true, binSampleRows: 200_000 });
export type ForestConfig = z.output<typeof ForestConfigSchema>;
export type ForestConfigInput = z.input<typeof ForestConfigSchema>;

/** Validate forest hyper-parameters and fill defaults; throws ConfigError naming the bad field. */
export function parseForestConfig(input?: unknown): ForestConfig {
  return parseConfig(ForestConfigSchema, input, "forest");
}

/**
 * The regime-aware alpha model (`fitAlphaModel` / `AlphaModel`): one overall forest plus one per
 * regime with enough training rows.
 */
export const ModelConfigSchema = z
  .object({
    /**
     * Forest of every model. Alpha defaults: 40 trees of depth 5 with at least 200 rows per leaf,
     * a third of the features per split, no out-of-bag score. Daily returns are mostly noise:
     * leaves of 200 rows average it out, and with leaves that large 32 leaves (depth 5) is all
     * 10,000 rows can fill; past about 40 trees the forest's forecast barely moves, while every tree
     * costs time in each of the walk-forward's ~60 refits. The out-of-bag R^2 is off because with
     * overlapping multi-day labels an out-of-bag row's neighbours (almost the same label) are in
     * the bag, so it flatters the model; it also costs a fifth of the fit. Bin edges from 4,000
     * sampled rows (about 16 per bin) instead of all 10,000: a quarter of each refit's time saved.
     */
    forest: forestSchema({ nEstimators: 40, maxDepth: 5, minSamplesLeaf: 200, maxFeatures: 0.33, oobScore: false, binSampleRows: 4000 }).default({}),
    /** A regime gets its own forest only with at least this many training rows (default 50), and at least 2 x forest.minSamplesLeaf (fewer cannot split). */
    minRegimeSamples: z.number().int().min(1).default(50),
    /**
     * How regime forests combine at prediction time.
     * "probabilityWeighted" (default): sum over regimes of P(regime | data up to t) times that regime's
     *   forecast (the overall forest stands in for regimes without a forest).
     * "mostLikely": the forest of the most probable regime, or the overall forest when it has none.
     */
    regimeBlend: z.enum(["probabilityWeighted", "mostLikely"]).default("probabilityWeighted"),
  })
  .strict();
export type ModelConfig = z.output<typeof ModelConfigSchema>;
export type ModelConfigInput = z.input<typeof ModelConfigSchema>;

/** Validate an alpha-model config and fill defaults; throws ConfigError naming the bad field. */
export function parseModelConfig(input?: unknown): ModelConfig {
  return parseConfig(ModelConfigSchema, input, "model");
}

/**
 * Feature selection inside each walk-forward training window (`walkForwardAlpha`), on that fold's
 * training rows only. Features are first clustered by absolute correlation (single linkage: a
 * chain of pairs with |rho| >= correlationThreshold forms one cluster), each feature is scored,
 * each cluster is credited once (its best-scoring member stands for it), and the best `topK`
 * clusters' members are the features the fold's forests (overall and per regime) use.
 */
export const FeatureSelectionConfigSchema = z
  .object({
    /**
     * "none" (default): every feature. "importance": rank by the impurity importance of a forest
     * (the fold's model forest) fitted on all the fold's training rows. "permutation": fit that
     * forest on the earlier training days, then rank by permutation importance (drop in R^2) on
     * the later ones, a purge of horizonDays + embargoDays days between the two.
     */
    method: z.enum(["none", "importance", "permutation"]).default("none"),
    /** Clusters (hence features) kept per fold (default 15); all when there are fewer clusters. */
    topK: z.number().int().min(1).default(15),
    /** Features whose |Pearson correlation| on the training rows is at least this are linked into one cluster (default 0.9; 1 = only exact collinearity). */
    correlationThreshold: z.number().min(0).max(1).default(0.9),
    /** "permutation": share of the training window's days, the latest ones, scored by permutation (default 0.3). */
    validationFraction: z.number().gt(0).lt(1).default(0.3),
    /** "permutation": shuffles per feature (default 3). */
    nRepeats: z.number().int().min(1).default(3),
    /** Seed of the selection forest and the shuffles; each fold's seeds are derived from it and the fold (default 0). */
    seed: z.number().int().default(0),
  })
  .strict();
export type FeatureSelectionConfig = z.output<typeof FeatureSelectionConfigSchema>;
export type FeatureSelectionConfigInput = z.input<typeof FeatureSelectionConfigSchema>;

/** Validate a feature-selection config and fill defaults; throws ConfigError naming the bad field. */
export function parseFeatureSelectionConfig(input?: unknown): FeatureSelectionConfig {
  return parseConfig(FeatureSelectionConfigSchema, input, "featureSelection");
}

/**
 * Walk-forward training of the alpha model (`walkForwardAlpha`). Days are trading days (rows of
 * the panel). Defaults keep the whole study on the shipped data (about 25 tickers x 4,600 days,
 * ~30 features) to a few seconds of model fitting: retrain quarterly, a capped number of training
 * rows per fit (a seeded random subsample of the window), and the alpha model's small forests.
 */
export const WalkForwardConfigSchema = z
  .object({
    /** "expanding" (default): train on every labelled day so far; "rolling": only the last `trainDays`. */
    window: z.enum(["expanding", "rolling"]).default("expanding"),
    /** Labelled training days needed before the first prediction (default 504, two years). */
    minTrainDays: z.number().int().min(1).default(504),
    /** Length of the rolling window in days (default 1260, five years); ignored when expanding. */
    trainDays: z.number().int().min(1).default(1260),
    /** Refit every this many days; each model predicts the days until the next refit (default 63, a quarter). */
    retrainEveryDays: z.number().int().min(1).default(63),
    /**
     * Horizon of the target in days (default 5): the label of day s is the return from close s to
     * close s + h, known only at close s + h. It must equal the horizon of the target passed in.
     * Training rows end h days before each test window starts (the purge), so no training label
     * overlaps the period being predicted.
     */
    horizonDays: z.number().int().min(1).default(5),
    /** Extra days dropped between the purged training window and the test window (default 0). */
    embargoDays: z.number().int().min(0).default(0),
    /** At most this many training rows per fit: a seeded uniform subsample of the window (default 10,000; null = all). */
    maxTrainRows: z.number().int().min(100).nullable().default(10_000),
    /** A (ticker, day) row is used, for training or prediction, only when at least this fraction of its features is finite (default 0.8). */
    minFeatureCoverage: z.number().min(0).max(1).default(0.8),
    /**
     * Training label: "raw" forward returns, or "demeaned" (each day's cross-sectional mean removed,
     * which takes the market out of the label; the forecast is then a relative return). Default "raw".
     */
    target: z.enum(["raw", "demeaned"]).default("raw"),
    /** Features to use by name (default: every feature of the panel). */
    featureNames: z.array(z.string()).nullable().default(null),
    /** Seed of the training-row subsample; each fold's forests get seeds derived from it and the fold (default 0). */
    seed: z.number().int().default(0),
    model: ModelConfigSchema.default({}),
    /** Feature selection inside each training window (default method "none": every feature). */
    featureSelection: FeatureSelectionConfigSchema.default({}),
  })
  .strict();
export type WalkForwardConfig = z.output<typeof WalkForwardConfigSchema>;
export type WalkForwardConfigInput = z.input<typeof WalkForwardConfigSchema>;

/** Validate a walk-forward config and fill defaults; throws ConfigError naming the bad field. */
export function parseWalkForwardConfig(input?: unknown): WalkForwardConfig {
  return parseConfig(WalkForwardConfigSchema, input, "walkForward");
}

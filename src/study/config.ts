/**
 * The study's one configuration object: every stage's config (each with its own schema and
 * defaults, see src/config) plus the study's own choices: the benchmark, the variants that count
 * as "configurations tried" for the deflated Sharpe ratio, the cost sweep, the look-ahead check and
 * the memo of expensive steps. The study's schema composes the stages' schemas and writes only the
 * defaults where the study differs from a stage (`withDefaults`); every other default is the
 * stage's. `study.json` at the project root is the study the reports run, its main choices spelled
 * out; parsed, it equals the defaults (a test checks). `loadStudyConfig()` reads it.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { ConfigError, parseConfig, withDefaults } from "../config/parse";
import { DataConfigSchema } from "../config/data";
import { FeaturesConfigSchema } from "../config/features";
import { RegimeConfigSchema } from "../config/regimes";
import { WalkForwardConfigSchema } from "../config/models";
import { PortfolioConfigSchema } from "../config/portfolio";
import { BacktestConfigSchema } from "../config/backtest";
import { workspaceRoot } from "../util/workspace";

/** The two forest alphas of the walk-forward model. */
const FOREST_ALPHAS = ["regime-aware forest", "overall forest"] as const;

/** Name of the momentum baseline alpha: its lookback is part of the name, so a new lookback gets a new name. */
export type MomentumAlphaName = `momentum ${number}d`;

/** Alpha forecasts the study can trade: the two forests and the momentum baseline. */
export type StudyAlphaName = (typeof FOREST_ALPHAS)[number] | MomentumAlphaName;

/** The momentum baseline's name for a lookback, e.g. "momentum 20d". */
export function momentumAlphaName(lookbackDays: number): MomentumAlphaName {
  return `momentum ${lookbackDays}d`;
}

/**
 * The alphas a study with this config can trade, in the study's order; the momentum name follows
 * `momentumLookbackDays`.
 * @example studyAlphaNames({ momentumLookbackDays: 60 }) // => ["regime-aware forest", "overall forest", "momentum 60d"]
 */
export function studyAlphaNames(config: Pick<StudyConfig, "momentumLookbackDays">): StudyAlphaName[] {
  return [...FOREST_ALPHAS, momentumAlphaName(config.momentumLookbackDays)];
}

const alphaName = z
  .string()
  .refine((s): s is StudyAlphaName => (FOREST_ALPHAS as readonly string[]).includes(s) || /^momentum [1-9]\d*d$/.test(s), {
    message: `must be one of ${FOREST_ALPHAS.map((a) => JSON.stringify(a)).join(", ")} or "momentum <momentumLookbackDays>d"`,
  });

/** Portfolio schemes the variant grid can use (those of PortfolioConfig). */
const SCHEMES = ["zscore", "topBottomK", "inverseVolatility", "equalRiskContribution"] as const;
/** The variant grid's default schemes (equalRiskContribution is opt-in: list it in variants.schemes). */
const DEFAULT_VARIANT_SCHEMES: (typeof SCHEMES)[number][] = ["zscore", "topBottomK", "inverseVolatility"];

/** The whole-study look-ahead check (`studyLookAhead`, `lookAheadCheck`). */
export const LookAheadConfigSchema = z
  .object({
    /** Extra days every signal is delayed in the check (default 1). */
    extraLagDays: z.number().int().min(1).max(20).default(1),
    /** Fall in annualised Sharpe beyond which the check flags look-ahead (default 1). */
    maxSharpeDrop: z.number().positive().default(1),
  })
  .strict();

export type LookAheadConfig = z.output<typeof LookAheadConfigSchema>;
export type LookAheadConfigInput = z.input<typeof LookAheadConfigSchema>;

/** The on-disk memo of the study's expensive steps (`memoized`). */
export const MemoConfigSchema = z
  .object({
    /** Memoise the walk-forward regimes and alpha model on disk (default true; keyed by config, data and code). */
    enabled: z.boolean().default(true),
    /** Folder of the memo (default null: reports/.cache at the project root, `DEFAULT_MEMO_DIR`). */
    dir: z.string().min(1).nullable().default(null),
  })
  .strict();

export type MemoConfig = z.output<typeof MemoConfigSchema>;
export type MemoConfigInput = z.input<typeof MemoConfigSchema>;

/** The whole study: each stage's schema with the study's own choices, plus the variant grid; parse with `parseStudyConfig`. */
export const StudyConfigSchema = z
  .object({
    /** Title of the reports. */
    title: z.string().min(1).default("Cross-asset alpha study"),
    data: DataConfigSchema.default({}),
    features: FeaturesConfigSchema.default({}),
    /**
     * The study's regime model (notebook 03): its own seed, and fewer k-means restarts than the
     * HMM's default for the whole-sample fit (the walk-forward's restarts per refit are
     * regimes.walkForward.nRestarts).
     */
    regimes: withDefaults(RegimeConfigSchema, { hmm: { nRestarts: 3, seed: 7 } }).default({}),
    /** The alpha model's walk-forward; its horizonDays is the target's horizon. */
    walkForward: WalkForwardConfigSchema.default({}),
    /**
     * Beta-neutral (and dollar-neutral): every day the book's beta to the benchmark, sum w_i beta_i
     * with each asset's trailing 252-day OLS beta, is held at 0 jointly with the caps and the gross
     * limit. A dollar-neutral book of these assets is not market-neutral: on the shipped study its
     * net returns had a beta of 0.145 (HAC t 6.2) to SPY. The trailing betas still miss where the
     * forecast favours assets whose beta is changing (on cross-asset-with-stocks the book kept a
     * beta of 0.015, HAC t 3.1), so the book also hedges its own realised beta beyond its ex-ante
     * beta over the last 252 days (betaFeedbackDays).
     */
    portfolio: withDefaults(PortfolioConfigSchema, { betaNeutral: true, betaFeedbackDays: 252 }).default({}),
    /**
     * Trades every 5th day: a 5-day forecast is held for 5 days. Trading it every day to chase its
     * day-to-day noise turns over the book more than 100 times a year, and the costs of that eat
     * the whole edge. The impact of a trade uses sigma and ADV$ known before it (through t - 1),
     * so the cost model is as causal as the signal.
     */
    backtest: withDefaults(BacktestConfigSchema, { rebalanceEveryDays: 5, impactInputTiming: "priorDay" }).default({}),
    /** Trailing window (days) of the volatility the constructor divides alpha by (default 20). */
    volatilityWindowDays: z.number().int().min(2).max(756).default(20),
    /** The alpha the headline strategy trades (default the regime-aware forest); the momentum one is "momentum <momentumLookbackDays>d". */
    alpha: alphaName.default("regime-aware forest"),
    /** Buy-and-hold benchmark for beta, alpha and the equity chart (default SPY; must be in the universe). */
    benchmark: z.string().min(1).default("SPY"),
    /** Lookback of the momentum baseline alpha (default 20 days); it names the alpha, e.g. "momentum 20d". */
    momentumLookbackDays: z.number().int().min(1).max(756).default(20),
    analytics: z
      .object({
        /** Annual risk-free rate, converted to a daily rate for Sharpe and Sortino (default 0: returns are judged as excess returns of a self-financing long-short book). */
        riskFreeAnnual: z.number().min(-0.5).max(0.5).default(0),
        /** Trailing window of the rolling Sharpe ratio (default 252 days). */
        rollingSharpeDays: z.number().int().min(20).max(2520).default(252),
        /** Resamples of the stationary bootstrap of the Sharpe ratio (default 2000). */
        bootstrapResamples: z.number().int().min(100).max(100_000).default(2000),
        bootstrapSeed: z.number().int().default(7),
        /**
         * Configurations tried beyond the variant grid before settling on this one (development
         * runs, parameter changes). They add to the grid's count in the deflated Sharpe ratio.
         * Default 32: an honest count of what building the study took (about 10 development runs,
         * then 10 alternatives tried on the same data: two feature-selection methods, the ERC
         * scheme, prior-day cost inputs, beta and group neutrality, three beta windows; then 12 beta
         * estimators for the beta-neutral book: Dimson with 1, 2 and 3 lags, Dimson 1 and 2 lags on
         * 504 days, exponentially weighted betas with half-lives 21 and 63 days, Vasicek shrinkage
         * toward asset-class and pooled priors, OLS on 756 days, the expanding-window beta and its
         * half-half blend with the 252-day one); raise it if you tune more.
         */
        extraTrials: z.number().int().min(0).max(1_000_000).default(32),
        /** Linear cost levels of the sweep: commission + half spread, bps per unit traded (default 0 to 50). */
        costSweepBps: z.array(z.number().min(0).max(1000)).min(2).default([0, 1, 2, 3, 5, 10, 20, 50]),
      })
      .strict()
      .default({}),
    /**
     * The variants backtested beside the headline strategy (same costs and caps): every alpha with
     * every scheme. They are the study's trials for the deflated Sharpe ratio.
     */
    variants: z
      .object({
        /** Default: every alpha of `studyAlphaNames(config)`. */
        alphas: z.array(alphaName).min(1).optional(),
        schemes: z.array(z.enum(SCHEMES)).min(1).default([...DEFAULT_VARIANT_SCHEMES]),
      })
      .strict()
      .default({}),
    lookAhead: LookAheadConfigSchema.default({}),
    cache: MemoConfigSchema.default({}),
  })
  .strict()
  .transform((c, ctx) => {
    // The momentum alpha's name carries its lookback, so the default variant list and every name
    // given are checked against the names of this config.
    const names: readonly string[] = studyAlphaNames(c);
    const checkName = (name: string, path: (string | number)[]) => {
      if (names.includes(name)) return;
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: `must be one of ${names.map((n) => JSON.stringify(n)).join(", ")} (momentumLookbackDays ${c.momentumLookbackDays})` });
    };
    checkName(c.alpha, ["alpha"]);
    c.variants.alphas?.forEach((a, i) => checkName(a, ["variants", "alphas", i]));
    const { alphas = studyAlphaNames(c), schemes } = c.variants;
    return { ...c, variants: { alphas, schemes } };
  });

export type StudyConfig = z.output<typeof StudyConfigSchema>;
export type StudyConfigInput = z.input<typeof StudyConfigSchema>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function notAnObject(v: unknown): string {
  return `must be an object (got ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v})`;
}

/**
 * Validate a study config (e.g. the parsed study.json) and fill every default: a partial config
 * takes the study's defaults field by field. Throws ConfigError naming the field, e.g.
 * `invalid study config: portfolio.maxPosition: must be <= 10 (got 20)`.
 * @example parseStudyConfig({ portfolio: { maxPosition: 0.05 } }).walkForward.horizonDays // => 5
 */
export function parseStudyConfig(input?: unknown): StudyConfig {
  if (input !== undefined && input !== null && !isPlainObject(input)) throw new ConfigError("study", [{ path: "(root)", message: notAnObject(input) }]);
  return parseConfig(StudyConfigSchema, input ?? {}, "study");
}


/**
 * Read and parse a study config file: `path` (relative paths from `workspaceRoot()`: the project root
 * of a checkout, so a notebook run from notebooks/ and a script run from the root read the same file;
 * the working directory when the engine is installed as a dependency), by default the
 * project's study.json. A UTF-8 byte-order mark is accepted. A file that cannot be read, is not
 * JSON or is not a JSON object, or fails the schema, throws ConfigError naming the file.
 * @example loadStudyConfig().regimes.hmm.nComponents // => 3
 */
export function loadStudyConfig(path = "study.json"): StudyConfig {
  const file = isAbsolute(path) ? path : resolve(workspaceRoot(), path);
  const configName = `study (${file})`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new ConfigError(configName, [{ path: "(file)", message: (err as Error).message }]);
  }
  if (!isPlainObject(raw)) throw new ConfigError(configName, [{ path: "(root)", message: notAnObject(raw) }]);
  return parseConfig(StudyConfigSchema, raw, configName);
}

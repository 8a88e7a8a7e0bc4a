/**
 * The study's one configuration object: every stage's config (each with its own schema and
 * defaults, see src/config) plus the study's own choices: the benchmark, the variants that count
 * as "configurations tried" for the deflated Sharpe ratio, the cost sweep, the look-ahead check and
 * the memo of expensive steps. `study.json` at the project root is the study the reports run, its
 * main choices spelled out; parsed, it equals the defaults (a test checks).
 */
import { z } from "zod";
import { ConfigError, parseConfig } from "../config/parse";
import { DataConfigSchema } from "../config/data";
import { TechnicalConfigSchema } from "../config/technical";
import { RegimeConfig } from "../config/regimes";
import { WalkForwardConfigSchema } from "../config/models";
import { PortfolioConfigSchema } from "../config/portfolio";
import { BacktestConfigSchema } from "../config/backtest";

/** Alpha forecasts the study can trade. */
export const STUDY_ALPHAS = ["regime-aware forest", "overall forest", "momentum 20d"] as const;
export type StudyAlphaName = (typeof STUDY_ALPHAS)[number];

/** Portfolio schemes the variant grid can use (those of PortfolioConfig). */
const SCHEMES = ["zscore", "topBottomK", "inverseVolatility"] as const;

export const StudyConfigSchema = z
  .object({
    /** Title of the reports. */
    title: z.string().min(1).default("Cross-asset alpha study"),
    data: DataConfigSchema.default({}),
    features: TechnicalConfigSchema.default({}),
    regimes: RegimeConfig.default({}),
    /** The alpha model's walk-forward; its horizonDays is the target's horizon. */
    walkForward: WalkForwardConfigSchema.default({}),
    portfolio: PortfolioConfigSchema.default({}),
    backtest: BacktestConfigSchema.default({}),
    /** Trailing window (days) of the volatility the constructor divides alpha by (default 20). */
    volatilityWindowDays: z.number().int().min(2).max(756).default(20),
    /** The alpha the headline strategy trades (default the regime-aware forest). */
    alpha: z.enum(STUDY_ALPHAS).default("regime-aware forest"),
    /** Buy-and-hold benchmark for beta, alpha and the equity chart (default SPY; must be in the universe). */
    benchmark: z.string().min(1).default("SPY"),
    /** Lookback of the momentum baseline alpha (default 20 days). */
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
         * Default 10: an honest guess at what building the study took; raise it if you tune more.
         */
        extraTrials: z.number().int().min(0).max(1_000_000).default(10),
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
        alphas: z.array(z.enum(STUDY_ALPHAS)).min(1).default([...STUDY_ALPHAS]),
        schemes: z.array(z.enum(SCHEMES)).min(1).default([...SCHEMES]),
      })
      .strict()
      .default({}),
    lookAhead: z
      .object({
        /** Extra days every signal is delayed in the check (default 1). */
        extraLagDays: z.number().int().min(1).max(20).default(1),
        /** Fall in annualised Sharpe beyond which the check flags look-ahead (default 1). */
        maxSharpeDrop: z.number().positive().default(1),
      })
      .strict()
      .default({}),
    cache: z
      .object({
        /** Memoise the walk-forward regimes and alpha model on disk (default true; keyed by config, data and code). */
        enabled: z.boolean().default(true),
        /** Folder of the memo (default reports/.cache at the project root). */
        dir: z.string().min(1).nullable().default(null),
      })
      .strict()
      .default({}),
  })
  .strict();

export type StudyConfig = z.output<typeof StudyConfigSchema>;
export type StudyConfigInput = z.input<typeof StudyConfigSchema>;

/**
 * The study's defaults where they differ from each stage's own: the regime model of notebook 03
 * (three states, three k-means restarts, seed 7, two restarts per quarterly refit) and the
 * features' cross-asset tickers spelled out. A user's config is merged over these, field by field.
 */
export const STUDY_DEFAULTS = {
  features: { benchmark: "SPY", stockTicker: "SPY", bondTicker: "TLT", goldTicker: "GLD", oilTicker: "USO", dollarTicker: "UUP" },
  regimes: {
    features: { benchmark: "SPY", credit: { risky: "HYG", safe: "IEF" } },
    hmm: { nComponents: 3, covarianceType: "full", nRestarts: 3, seed: 7 },
    walkForward: { trainDays: 756, refitEveryDays: 63, window: "expanding", nRestarts: 2 },
  },
  walkForward: { horizonDays: 5, window: "expanding", minTrainDays: 504, retrainEveryDays: 63, maxTrainRows: 10_000, seed: 0 },
  // A 5-day forecast is held for 5 days: trading it every day to chase its day-to-day noise turns
  // over the book more than 100 times a year, and the costs of that eat the whole edge.
  backtest: { rebalanceEveryDays: 5 },
} as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `override` merged over `base`, recursively for plain objects; arrays and values replace. */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeConfig(base[key], value);
  return out;
}

/**
 * Validate a study config (e.g. the parsed study.json), merged over `STUDY_DEFAULTS`, and fill
 * every default. Throws ConfigError naming the field, e.g.
 * `invalid study config: portfolio.maxPosition: must be <= 10 (got 20)`.
 * @example parseStudyConfig({ portfolio: { maxPosition: 0.05 } }).walkForward.horizonDays // => 5
 */
export function parseStudyConfig(input?: unknown): StudyConfig {
  if (input !== undefined && input !== null && !isPlainObject(input)) {
    throw new ConfigError("study", [{ path: "(root)", message: `must be an object (got ${Array.isArray(input) ? "an array" : typeof input})` }]);
  }
  return parseConfig(StudyConfigSchema, mergeConfig(STUDY_DEFAULTS, input ?? {}), "study");
}

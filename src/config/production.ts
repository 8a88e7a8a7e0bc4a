import { z } from "zod";
import { parseConfig } from "./parse";

/** What a breached pre-trade check does: "clip" the targets back inside the limit (a reason code per ticker), or "block" the whole cycle. */
const breachAction = z.enum(["clip", "block"]);

/** One limit with its action; `limit: null` turns the check off. */
function limitCheck(defaultAction: "clip" | "block") {
  return z
    .object({
      /** The limit (null = check off, the default). */
      limit: z.number().min(0).nullable().default(null),
      /** What a breach does (default per check). */
      action: breachAction.default(defaultAction),
    })
    .strict()
    .default({});
}

/**
 * Pre-trade risk checks of the daily cycle (`preTradeChecks`), applied in this order to the target
 * weights the portfolio constructor gave. Every limit is off by default: the portfolio's own caps
 * (`portfolio.maxPosition`, `maxGross`, `netExposure`) already hold them, and a check that clips
 * changes what the book trades, so it must be asked for. Data freshness and a missing bar on the
 * as-of day always block under the production profile.
 */
export const RiskChecksConfigSchema = z
  .object({
    /** |w_i| <= limit for every ticker (clip: to +-limit; reason POSITION_CAP). */
    positionCap: limitCheck("clip"),
    /** sum |w| <= limit (clip: scale every weight down; reason GROSS_CAP). */
    gross: limitCheck("clip"),
    /** |sum w| <= limit (clip: shift every weight by the same amount; reason NET_CAP). */
    net: limitCheck("clip"),
    /** |sum w_i beta_i| <= limit, beta to the study's benchmark (clip: remove the excess along beta; reason BETA_CAP). */
    beta: limitCheck("clip"),
    /** One-way daily turnover sum |target - current| <= limit (clip: scale every trade down; reason TURNOVER_CAP). */
    turnover: limitCheck("clip"),
    /** |trade_i| x notional <= limit x ADV$_i (mean close x volume over `advWindowDays`; clip the trade; reason ADV_CAP). */
    advShare: limitCheck("clip"),
    /** Days of ADV$ behind the ADV check (default 20). */
    advWindowDays: z.number().int().min(1).default(20),
    /**
     * Data freshness: calendar days from the member's last bar to the as-of day allowed (default
     * 0: every member must have a bar on the as-of session). A breach blocks (STALE_DATA) under
     * the production profile and is recorded under research.
     */
    maxStalenessDays: z.number().int().min(0).default(0),
  })
  .strict();
export type RiskChecksConfig = z.output<typeof RiskChecksConfigSchema>;
export type RiskChecksConfigInput = z.input<typeof RiskChecksConfigSchema>;

/** Monitoring thresholds (`monitorJournal`); a crossing logs a warning and is stored in the journal. */
export const MonitoringConfigSchema = z
  .object({
    /** Sessions of the rolling live IC (default 63). */
    icWindowDays: z.number().int().min(5).default(63),
    /** Warn when the rolling live IC falls below this (default -0.05). */
    minRollingIc: z.number().default(-0.05),
    /** Warn when the day's net return lies outside [p, 1 - p] of the backtest's distribution (default 0.01). */
    pnlTailProbability: z.number().gt(0).lt(0.5).default(0.01),
    /** Warn when a feature's population stability index against its training window exceeds this (default 0.25, the usual "major shift"). */
    maxPsi: z.number().gt(0).default(0.25),
    /** Bins of the PSI (default 10, deciles of the training window). */
    psiBins: z.number().int().min(2).default(10),
    /** Warn when the total-variation distance between today's and yesterday's regime probabilities exceeds this (default 0.5). */
    maxRegimeShift: z.number().gt(0).max(1).default(0.5),
    /** Warn when realised costs over the IC window exceed the backtest's by this factor (default 1.5). */
    maxCostRatio: z.number().gt(0).default(1.5),
  })
  .strict();
export type MonitoringConfig = z.output<typeof MonitoringConfigSchema>;

/**
 * The production half of a config file (its `production` section): the profile, where the daily
 * files and the database go, the pre-trade checks, monitoring thresholds, the challenger and
 * the promotion rule.
 */
export const ProductionConfigSchema = z
  .object({
    /**
     * "research" (default): today's behaviour on the shipped or cached data, human-readable logs,
     * breaches recorded but data gates only warn. "production": live or files data only, refuses
     * data that failed validation, is stale, or was restated since training; every check enforced;
     * JSON log lines.
     */
    profile: z.enum(["research", "production"]).default("research"),
    /** Log level (default null: LOG_LEVEL from the environment, else "info"). */
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).nullable().default(null),
    /** Folder of the daily files `<outDir>/<as-of>/orders.csv` and `targets.json` (default reports/daily). */
    outDir: z.string().min(1).default("reports/daily"),
    /** The DuckDB file holding the registry, the journal and the monitoring (default reports/production/engine.duckdb). */
    database: z.string().min(1).default("reports/production/engine.duckdb"),
    /** Folder of the content-addressed model artifacts (default reports/production/artifacts). */
    artifactsDir: z.string().min(1).default("reports/production/artifacts"),
    /** A newly trained model becomes the champion at once (default true); false: it waits for `models promote`. */
    autoPromote: z.boolean().default(true),
    /** Book size in dollars for trade notionals and shares (default null: the backtest's portfolioNotionalUsd). */
    bookNotionalUsd: z.number().positive().nullable().default(null),
    riskChecks: RiskChecksConfigSchema.default({}),
    monitoring: MonitoringConfigSchema.default({}),
    /**
     * A challenger: a study config (object) or the path of one, relative to the config file, run
     * in shadow on the same data; null (default) for none.
     */
    challenger: z.union([z.string().min(1), z.record(z.unknown())]).nullable().default(null),
    /** Promotion rule of `compare`: promote the challenger when its Sharpe beats the champion's with this one-sided p-value or less (default 0.05). */
    promotionPValue: z.number().gt(0).lt(1).default(0.05),
  })
  .strict();
export type ProductionConfig = z.output<typeof ProductionConfigSchema>;
export type ProductionConfigInput = z.input<typeof ProductionConfigSchema>;

/** Validate a config file's `production` section and fill defaults; throws ConfigError naming the bad field. */
export function parseProductionConfig(input?: unknown): ProductionConfig {
  return parseConfig(ProductionConfigSchema, input, "production");
}

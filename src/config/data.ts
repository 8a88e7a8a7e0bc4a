import { z } from "zod";
import { parseConfig } from "./parse";
import { isoToDay } from "../util/dates";

/**
 * Data configuration: where bars come from (the Polygon/Massive REST API or the shipped files),
 * how politely we ask (rate limit, retries, timeout), where the Parquet cache lives, and which
 * universe and date range a study uses. The API key is never part of the config: the client reads
 * it from the environment (POLYGON_API_KEY or MASSIVE_API_KEY) so it cannot end up in a saved config.
 */
// A real calendar date: "2024-02-30" matches the pattern but is no day, and must fail here, naming the field.
/** A calendar date written YYYY-MM-DD ("2024-02-30" fails): the one date schema of the configs and the universe files. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be an ISO date YYYY-MM-DD")
  .refine((s) => {
    try {
      isoToDay(s);
      return true;
    } catch {
      return false;
    }
  }, "must be a calendar date (YYYY-MM-DD that exists)");

/** The asset classes a universe member may have (the `AssetClass` of src/data/types.ts). */
export const UNIVERSE_ASSET_CLASSES = ["equity", "bond", "commodity", "currency", "stock", "crypto", "fx", "index", "real_estate"] as const;

/**
 * A universe written into the config instead of named: its members and their calendar.
 * `calendar` is "XNYS" (NYSE sessions, the default) or "24x7" (every day, crypto); "24/7" is
 * accepted too and is what the parsed config holds.
 */
export const InlineUniverseSchema = z
  .object({
    members: z
      .array(z.object({ ticker: z.string().min(1), assetClass: z.enum(UNIVERSE_ASSET_CLASSES), name: z.string().default("") }).strict())
      .min(1),
    calendar: z
      .enum(["XNYS", "24x7", "24/7"])
      .default("XNYS")
      .transform((c): "XNYS" | "24/7" => (c === "XNYS" ? "XNYS" : "24/7")),
    description: z.string().default(""),
  })
  .strict()
  .superRefine((u, ctx) => {
    const seen = new Set<string>();
    u.members.forEach((m, i) => {
      if (seen.has(m.ticker)) ctx.addIssue({ code: "custom", path: ["members", i, "ticker"], message: `"${m.ticker}" is listed twice` });
      seen.add(m.ticker);
    });
  });

/** A parsed inline universe (calendar "XNYS" or "24/7"). */
export type InlineUniverse = z.output<typeof InlineUniverseSchema>;

/** The data stage's settings and their defaults; parse with `parseDataConfig`. */
export const DataConfigSchema = z
  .object({
    /** REST base URL, no trailing slash (default https://api.massive.com; https://api.polygon.io serves the same paths). */
    baseUrl: z
      .string()
      .url()
      .regex(/^https?:\/\/[^?#]*[^/?#]$/, "must be scheme://host[/path] without a trailing slash, query or fragment")
      .default("https://api.massive.com"),
    /** Polygon `adjusted` flag: split-adjusted bars (true, the default) or as traded (false). Dividends are never adjusted by the API. */
    adjusted: z.boolean().default(true),
    /** Client-side rate limit in requests per minute (default 5, the free tier). */
    rateLimitPerMinute: z.number().positive().max(100_000).default(5),
    /** Retries after the first attempt for 429, 5xx, timeouts and dropped connections (default 4). */
    maxRetries: z.number().int().min(0).max(20).default(4),
    /** First backoff delay in ms; doubles each retry, with full jitter (default 1000). */
    retryBaseDelayMs: z.number().min(0).max(600_000).default(1000),
    /** Cap on any single backoff delay, Retry-After included (default 60000). */
    retryMaxDelayMs: z.number().min(0).max(3_600_000).default(60_000),
    /** Per-request timeout in ms (default 30000). */
    timeoutMs: z.number().int().positive().max(600_000).default(30_000),
    /** Bars per page requested (`limit`; Polygon's maximum 50000 is the default; `next_url` is still followed). */
    pageLimit: z.number().int().min(1).max(50_000).default(50_000),
    /** Folder of the Parquet bar cache (default ".cache/bars", relative to the working directory). */
    cacheDir: z.string().min(1).default(".cache/bars"),
    /**
     * The study's tickers: a universe name from the universes file (default "cross-asset-core"), or
     * an inline `{ members: [{ ticker, assetClass, name? }], calendar: "XNYS" | "24x7" }`.
     * Members may list late or delist early: the panel is ragged, NaN where a member has no bar.
     */
    universe: z.union([z.string().min(1), InlineUniverseSchema]).default("cross-asset-core"),
    /** Your own universes file (same format as data/universes.json, relative to the working directory); null (default) uses the shipped one. */
    universesFile: z.string().min(1).nullable().default(null),
    /** Study date range, inclusive (default 2007-04-11 to 2025-09-26: every default ticker has every session). */
    start: IsoDateSchema.default("2007-04-11"),
    end: IsoDateSchema.default("2025-09-26"),
    /**
     * "shipped" reads data/ only (default, offline); "live" fetches through the cache when an API key
     * is set; "files" reads a dataset folder written by `alpha-engine import` (set `dir`).
     */
    source: z.enum(["shipped", "live", "files"]).default("shipped"),
    /** The dataset folder of `source: "files"` (the `--out` of `alpha-engine import`); null (default) otherwise. */
    dir: z.string().min(1).nullable().default(null),
    /** Live cache: the last N cached sessions re-fetched and compared on every update, to catch restatements (default 5; 0 turns the check off). */
    overlapSessions: z.number().int().min(0).max(250).default(5),
    /** Live cache: minutes after the 16:00 New York close (UTC midnight for crypto) before a day counts as checked (default 240: after-hours trades until 20:00 settle). */
    settleMinutes: z.number().int().min(0).max(1440).default(240),
    /** Added to every rate-limit window, in ms, against clock and network jitter (default 250: 5/min is 5 per 60.25 s). */
    rateLimitMarginMs: z.number().min(0).max(60_000).default(250),
  })
  .strict()
  .refine((c) => c.start <= c.end, { message: "end must not be before start", path: ["end"] })
  .refine((c) => c.source !== "files" || c.dir !== null, { message: 'source "files" needs data.dir: the dataset folder written by `alpha-engine import <folder> --out <dir>`', path: ["dir"] })
  .refine((c) => c.retryBaseDelayMs <= c.retryMaxDelayMs, { message: "must be >= retryBaseDelayMs", path: ["retryMaxDelayMs"] });

export type DataConfig = z.output<typeof DataConfigSchema>;

/**
 * Parse a data config, filling defaults. Throws ConfigError naming the field, e.g.
 * `invalid data config: rateLimitPerMinute: must be > 0 (got 0)`.
 * @example parseDataConfig({ adjusted: false }).baseUrl // => "https://api.massive.com"
 */
export function parseDataConfig(input: unknown = {}): DataConfig {
  return parseConfig(DataConfigSchema, input, "data");
}

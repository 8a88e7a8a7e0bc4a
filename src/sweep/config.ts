/**
 * The sweep's one configuration object (sweep.json): the study every trial starts from (`base`,
 * a study config or the path of one), the grid of values to try at config paths, and optionally a
 * seeded random sample of that grid instead of all of it. Defaults live here and only here.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { ConfigError, parseConfig } from "../config/parse";

/** A grid value: anything JSON can spell (numbers, strings, booleans, null, arrays and objects replace the field whole). */
const gridValue: z.ZodType<unknown> = z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.unknown())]);

/** Config paths are dot-separated field names, e.g. "portfolio.maxPosition". */
const configPath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, "must be a dot-separated config path such as portfolio.maxPosition");

/** A sweep: `base` study, `grid` of values per config path, optional `random` sample of the grid. */
export const SweepConfigSchema = z
  .object({
    /** The study every trial starts from: a study config object, or the path of one (relative to the sweep file). Default {}: the study's defaults. */
    base: z.union([z.record(z.unknown()), z.string().min(1)]).default({}),
    /** Values to try per config path; the trials are every combination (the last path varies fastest). At least one path. */
    grid: z
      .record(z.array(gridValue).min(1))
      .superRefine((grid, ctx) => {
        for (const key of Object.keys(grid)) {
          const check = configPath.safeParse(key);
          if (!check.success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: check.error.issues[0].message });
        }
        if (Object.keys(grid).length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must vary at least one config path" });
      }),
    /** Instead of every combination, `samples` distinct combinations drawn with `seed` (all of them when the grid has no more). Default: none, the whole grid. */
    random: z
      .object({
        samples: z.number().int().min(1).max(1_000_000),
        seed: z.number().int().default(0),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SweepConfig = z.output<typeof SweepConfigSchema>;
export type SweepConfigInput = z.input<typeof SweepConfigSchema>;

/**
 * Validate a sweep config and fill defaults. Throws ConfigError naming the field, e.g.
 * `invalid sweep config: grid.portfolio.maxPosition: must be >= 1 (got [])` (one value at least).
 * @example parseSweepConfig({ grid: { "portfolio.maxPosition": [0.05, 0.1] } }).base // => {}
 */
export function parseSweepConfig(input?: unknown): SweepConfig {
  return parseConfig(SweepConfigSchema, input, "sweep");
}

/** How the trials of a sweep are run and where their shared work is cached; the CLI's flags fill it. */
export const SweepRunConfigSchema = z
  .object({
    /** Worker threads running trials on this machine (default 1: this thread only). */
    workers: z.number().int().min(1).max(256).default(1),
    /** Redis URL of a BullMQ queue (redis://host:port); null (default) runs every trial on this machine. */
    queue: z.string().regex(/^rediss?:\/\/[^/\s]+(\/\d+)?$/, "must be redis://host:port").nullable().default(null),
    /** Name of the BullMQ queue coordinator and workers share (default "alpha-engine-sweep"). */
    queueName: z.string().regex(/^[A-Za-z0-9_-]+$/).default("alpha-engine-sweep"),
    /** Milliseconds between the coordinator's polls of the queue for finished trials (default 250). */
    pollMs: z.number().int().min(10).max(60_000).default(250),
    /** Attempts per trial on the queue before it fails the sweep (default 5: a worker that dies costs one). */
    attempts: z.number().int().min(1).max(100).default(5),
  })
  .strict();

export type SweepRunConfig = z.output<typeof SweepRunConfigSchema>;
export type SweepRunConfigInput = z.input<typeof SweepRunConfigSchema>;

/**
 * A queue worker's settings (`alpha-engine worker`). BullMQ's lock on a job is renewed while the
 * worker lives; when a worker dies its lock lapses after `lockDurationMs` and another worker's
 * stalled-job check (every `stalledIntervalMs`) puts the job back on the queue.
 */
export const SweepWorkerConfigSchema = z
  .object({
    /** Redis URL of the queue (redis://host:port). */
    queue: z.string().regex(/^rediss?:\/\/[^/\s]+(\/\d+)?$/, "must be redis://host:port"),
    queueName: z.string().regex(/^[A-Za-z0-9_-]+$/).default("alpha-engine-sweep"),
    /** Trials this worker runs at once, each on its own thread (default 1). */
    concurrency: z.number().int().min(1).max(256).default(1),
    /** Lock on a running trial, renewed at half this period (default 30000 ms, BullMQ's). */
    lockDurationMs: z.number().int().min(100).default(30_000),
    /** How often this worker looks for trials whose worker died (default 30000 ms, BullMQ's). */
    stalledIntervalMs: z.number().int().min(100).default(30_000),
    /** Times a trial may be found stalled before it fails (default 3; BullMQ's default 1 would fail a trial after one dead worker). */
    maxStalledCount: z.number().int().min(0).default(3),
  })
  .strict();

export type SweepWorkerConfig = z.output<typeof SweepWorkerConfigSchema>;
export type SweepWorkerConfigInput = z.input<typeof SweepWorkerConfigSchema>;

/** A sweep config whose base study is an object (a path read, `loadSweepConfig`). */
export type LoadedSweepConfig = Omit<SweepConfig, "base"> & { readonly base: Record<string, unknown> };

/**
 * Read a sweep file: the JSON object, parsed, with a string `base` read as a study config file
 * relative to the sweep file's folder. Throws ConfigError naming the file and the field.
 * @example loadSweepConfig("sweep.json").grid
 */
export function loadSweepConfig(path: string): LoadedSweepConfig {
  const file = resolve(path);
  const sweep = parseConfig(SweepConfigSchema, readJsonObject(file, `sweep (${file})`), `sweep (${file})`);
  if (typeof sweep.base !== "string") return { ...sweep, base: sweep.base };
  const baseFile = isAbsolute(sweep.base) ? sweep.base : resolve(dirname(file), sweep.base);
  return { ...sweep, base: readJsonObject(baseFile, `sweep (${file}) base (${baseFile})`) };
}

function readJsonObject(file: string, configName: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new ConfigError(configName, [{ path: "(file)", message: (err as Error).message }]);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(configName, [{ path: "(root)", message: "must be a JSON object" }]);
  return raw as Record<string, unknown>;
}

/**
 * The trials of a sweep: every combination of the grid's values (or a seeded sample of them), each
 * set into the base study config and parsed, so that every trial is validated before any runs.
 * A trial's id is the hash of its parsed config: the same configuration is the same trial, on any
 * machine and in any sweep.
 */
import { ConfigError } from "../config/parse";
import { memoKey } from "../study/run/memo";
import { parseStudyConfig, type StudyConfig } from "../study/config";
import { createRng } from "../util/rng";
import type { SweepConfig } from "./config";

/** One configuration of a sweep. */
export interface SweepTrial {
  /** Position in grid order (0-based). */
  readonly index: number;
  /** Hash of the parsed config (`sweepTrialId`). */
  readonly id: string;
  /** The value of each varied path, in the grid's order. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly config: StudyConfig;
}

/**
 * The id of a trial: the first 16 hex digits of the SHA-256 of its parsed config's canonical JSON.
 * The `cache` section is left out: where a machine keeps its memo does not change a result, and a
 * trial must have the same id on every machine of a cluster.
 * @example sweepTrialId(parseStudyConfig({})) // => "3f1c..." (16 hex digits)
 */
export function sweepTrialId(config: StudyConfig): string {
  const { cache: _machineLocal, ...rest } = config;
  return memoKey(rest).slice(0, 16);
}

/** Number of combinations of a grid (the product of its value counts). */
export function gridSize(grid: SweepConfig["grid"]): number {
  return Object.values(grid).reduce((n, values) => n * values.length, 1);
}

/**
 * The values of combination `index` of the grid, the last path varying fastest.
 * @example gridPoint({ a: [1, 2], b: ["x", "y", "z"] }, 4) // => { a: 2, b: "y" }
 */
export function gridPoint(grid: SweepConfig["grid"], index: number): Record<string, unknown> {
  const paths = Object.keys(grid);
  const out: Record<string, unknown> = {};
  let rest = index;
  for (let k = paths.length - 1; k >= 0; k--) {
    const values = grid[paths[k]];
    out[paths[k]] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  // keep the grid's order of paths in the object
  return Object.fromEntries(paths.map((p) => [p, out[p]]));
}

/**
 * Which combinations a sweep runs, in ascending order: all of them, or `random.samples` distinct
 * ones drawn with `random.seed` (Floyd's sampling without replacement, so a huge grid costs only
 * the samples drawn).
 */
export function sweepIndices(sweep: Pick<SweepConfig, "grid" | "random">): number[] {
  const total = gridSize(sweep.grid);
  if (!sweep.random || sweep.random.samples >= total) return Array.from({ length: total }, (_, i) => i);
  const rng = createRng(sweep.random.seed);
  const chosen = new Set<number>();
  for (let j = total - sweep.random.samples; j < total; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** A copy of `base` with `value` at the dot-separated `path` (objects on the way are copied, missing ones created). */
function withValueAt(base: Record<string, unknown>, path: string, value: unknown, label: string): Record<string, unknown> {
  const keys = path.split(".");
  const root: Record<string, unknown> = { ...base };
  let node = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node[keys[i]];
    if (next === undefined) node[keys[i]] = {};
    else if (next === null || typeof next !== "object" || Array.isArray(next)) {
      throw new ConfigError(`sweep ${label}`, [{ path, message: `${keys.slice(0, i + 1).join(".")} is ${JSON.stringify(next)} in the base config, not an object of fields` }]);
    } else node[keys[i]] = { ...(next as Record<string, unknown>) };
    node = node[keys[i]] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = structuredClone(value);
  return root;
}

/** "trial 3 (portfolio.maxPosition=0.05, backtest.rebalanceEveryDays=5)". */
function trialLabel(index: number, values: Readonly<Record<string, unknown>>): string {
  return `trial ${index} (${Object.entries(values).map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(", ")})`;
}

/**
 * Every trial of a sweep, parsed: the base config with each combination's values set at their
 * paths. All are validated before this returns, so a sweep never fails halfway on a bad value.
 * Duplicate configurations (a grid value equal to the default beside the default itself) are kept
 * once, under their first index.
 * @throws ConfigError naming the trial, its values and the field, e.g.
 *   `invalid sweep trial 1 (portfolio.maxPosition=20) config: portfolio.maxPosition: must be <= 10 (got 20)`;
 *   a path the study config does not have fails the same way (`unknown field(s)`).
 */
export function sweepTrials(sweep: Pick<SweepConfig, "grid" | "random">, base: Record<string, unknown>): SweepTrial[] {
  const trials: SweepTrial[] = [];
  const seen = new Set<string>();
  for (const index of sweepIndices(sweep)) {
    const values = gridPoint(sweep.grid, index);
    const label = trialLabel(index, values);
    let raw = base;
    for (const [path, value] of Object.entries(values)) raw = withValueAt(raw, path, value, label);
    let config: StudyConfig;
    try {
      config = parseStudyConfig(raw);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(`sweep ${label}`, err.issues);
      throw err;
    }
    const id = sweepTrialId(config);
    if (seen.has(id)) continue;
    seen.add(id);
    trials.push({ index, id, values, config });
  }
  return trials;
}

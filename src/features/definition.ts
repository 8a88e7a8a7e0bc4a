/**
 * What a feature definition is, and the context its compute function reads. Each group file
 * (technical.ts, microstructure.ts, crossAsset.ts) lists its definitions; `computeFeatures`
 * walks the concatenation in order, so adding a feature touches one file. The context computes
 * shared intermediates (returns over h days, a one-pass pair of outputs) once per call and
 * hands the same array to every feature that asks.
 */
import { panelShape, type Panel, type PanelField, type PanelShape } from "../data/types";
import type { FeaturesConfig } from "../config/features";
import { simpleReturnsInto } from "./rolling";

export type FeatureGroup = "technical" | "microstructure" | "cross_asset";

/** Everything a feature's compute function may read: the panel, the config, and shared series. */
export interface FeatureContext {
  readonly panel: Panel;
  readonly config: FeaturesConfig;
  /** N tickers x T days of the panel. */
  readonly shape: PanelShape;
  /** At least one ticker's VWAP is an estimate (VWAP features say so in their description). */
  readonly anyVwapEstimated: boolean;
  /** Simple returns close_t / close_(t-h) - 1 of every ticker, ticker-major; computed once per h. */
  returns(h: number): Float64Array;
  /** An intermediate shared by several features (one pass, two outputs), computed on first use under `key`. */
  cached<V>(key: string, compute: () => V): V;
  /** Ticker j's row of a ticker-major array, as a view. */
  row(values: Float64Array, j: number): Float64Array;
  /** Ticker j's series of a panel field, as a view. */
  column(field: PanelField, j: number): Float64Array;
  /** A new ticker-major array; `fill(j, out_j, base)` writes ticker j's row (base = j * T). */
  perTicker(fill: (j: number, out: Float64Array, base: number) => void): Float64Array;
  /** A market-wide day series (length T) copied to every ticker's row. */
  broadcast(series: Float64Array): Float64Array;
  /** Index of a ticker in the panel, -1 when absent (cross-asset features skip then). */
  indexOf(ticker: string | null): number;
  /** Two day-length scratch arrays for kernels; their contents mean nothing between calls. */
  readonly work: readonly [Float64Array, Float64Array];
}

/** One feature: its name, what it is, and how to compute it from the context. */
export interface FeatureDefinition {
  readonly group: FeatureGroup;
  /** Names carry their windows and tickers (`vol_20d`, `beta_spy_60d`). */
  readonly name: (cfg: FeaturesConfig) => string;
  /** One line: the formula, in words. */
  readonly description: (ctx: FeatureContext) => string;
  /** First valid day index on a complete, gap-free series (see `FeatureInfo.warmupDays`). */
  readonly warmupDays: (cfg: FeaturesConfig) => number;
  /** A market-wide signal: the same value for every ticker on a day (default false). */
  readonly broadcast?: boolean;
  /** Built on the VWAP column (default false). */
  readonly usesVwap?: boolean;
  /** Why this panel cannot supply the feature (a missing ticker), or undefined when it can. */
  readonly unavailable?: (ctx: FeatureContext) => string | undefined;
  /** Ticker-major values (tickers x dates); may be a shared array from the context, never mutated after. */
  readonly compute: (ctx: FeatureContext) => Float64Array;
}

/** A family of features, one per window the config lists (ret_<h>d for each return horizon). */
export interface FeatureFamily {
  /** The windows, in the order the features appear. */
  readonly windows: (cfg: FeaturesConfig) => readonly number[];
  readonly feature: (windowDays: number) => FeatureDefinition;
}

/** An entry of a group's list: a single feature or a family. */
export type FeatureEntry = FeatureDefinition | FeatureFamily;

/** The definitions an entry stands for under `cfg`, in order. */
export function expandFeatureEntry(entry: FeatureEntry, cfg: FeaturesConfig): readonly FeatureDefinition[] {
  return "windows" in entry ? entry.windows(cfg).map((w) => entry.feature(w)) : [entry];
}

/**
 * The reason a feature needing these tickers cannot be computed on the panel: the first one
 * switched off in the config (null: "bond ticker is off (features.bondTicker: null)") or missing,
 * with its role ("benchmark SPY is not in the panel"), or undefined when all are there.
 */
export function missingTicker(ctx: FeatureContext, needs: readonly (readonly [role: string, ticker: string | null, configKey?: string])[]): string | undefined {
  for (const [role, ticker, configKey] of needs) {
    if (ticker === null) return `${role} is off (features.${configKey ?? role}: null)`;
    if (ctx.indexOf(ticker) < 0) return `${role} ${ticker} is not in the panel`;
  }
  return undefined;
}

/**
 * The context of one `computeFeatures` call on `panel` (its fields already checked against the grid).
 * @example const ctx = createFeatureContext(panel, parseFeaturesConfig()); ctx.returns(20)
 */
export function createFeatureContext(panel: Panel, config: FeaturesConfig): FeatureContext {
  const shape = panelShape(panel.close, panel, "computeFeatures: panel.close");
  const { N, T } = shape;
  const NT = N * T;
  const cache = new Map<string, unknown>();
  const returns = new Map<number, Float64Array>();
  const row = (values: Float64Array, j: number) => values.subarray(j * T, (j + 1) * T);
  const perTicker = (fill: (j: number, out: Float64Array, base: number) => void): Float64Array => {
    const out = new Float64Array(NT);
    for (let j = 0; j < N; j++) fill(j, out.subarray(j * T, (j + 1) * T), j * T);
    return out;
  };
  return {
    panel,
    config,
    shape,
    anyVwapEstimated: panel.vwapEstimated.some(Boolean),
    returns(h) {
      let r = returns.get(h);
      if (!r) {
        r = perTicker((j, out) => simpleReturnsInto(row(panel.close, j), h, out));
        returns.set(h, r);
      }
      return r;
    },
    cached<V>(key: string, compute: () => V): V {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as V;
    },
    row,
    column: (field, j) => row(panel[field], j),
    perTicker,
    broadcast(series) {
      const out = new Float64Array(NT);
      for (let j = 0; j < N; j++) out.set(series, j * T);
      return out;
    },
    indexOf: (ticker) => (ticker === null ? -1 : panel.tickers.indexOf(ticker)),
    work: [new Float64Array(T), new Float64Array(T)],
  };
}

/**
 * The feature panel: every feature of every ticker on every day, computed from a `Panel` in
 * one call. Layout mirrors the panel's: one ticker-major Float64Array per feature, the value of
 * ticker j on day t at `values[f][j * T + t]`. Market-wide signals (stock-bond correlation,
 * gold/oil/dollar momentum, risk-on/off, dispersion) are broadcast: every ticker's row on a day
 * carries the same value, so a model sees them next to the ticker's own features.
 * The catalogue lives with the code: each group file lists its feature definitions, and
 * `computeFeatures` walks `FEATURE_REGISTRY`, their concatenation, in order.
 */
import { PANEL_FIELDS, panelShape, type Panel } from "../data/types";
import { dayToIso } from "../util/dates";
import { parseFeaturesConfig, type FeaturesConfig, type FeaturesConfigInput } from "../config/features";
import { createFeatureContext, expandFeatureEntry, type FeatureEntry, type FeatureGroup } from "./definition";
import { TECHNICAL_FEATURES } from "./technical";
import { MICROSTRUCTURE_FEATURES } from "./microstructure";
import { CROSS_ASSET_FEATURES } from "./crossAsset";

export type { FeatureGroup } from "./definition";

/** Every feature the panel can carry, in panel order: the group lists one after the other. */
export const FEATURE_REGISTRY: readonly FeatureEntry[] = [...TECHNICAL_FEATURES, ...MICROSTRUCTURE_FEATURES, ...CROSS_ASSET_FEATURES];

/** The config switch of each group. */
const GROUP_SWITCH: Record<FeatureGroup, keyof FeaturesConfig["groups"]> = { technical: "technical", microstructure: "microstructure", cross_asset: "crossAsset" };

/** What a feature is; the panel carries one per name, in the same order. */
export interface FeatureInfo {
  readonly name: string;
  readonly group: FeatureGroup;
  /** One line: the formula, in words. */
  readonly description: string;
  /**
   * Leading NaN days on a complete, gap-free series: the first value appears at day index
   * `warmupDays` (e.g. 20 for ret_20d, which needs the close 20 days back).
   */
  readonly warmupDays: number;
  /** A market-wide signal: the same value for every ticker on a day. */
  readonly broadcast: boolean;
  /** Built on the VWAP column. */
  readonly usesVwap: boolean;
  /** Built on a VWAP that is an estimate for at least one ticker (see `Panel.vwapEstimated`): a proxy of a proxy. */
  readonly vwapEstimated: boolean;
}

export interface FeaturePanel {
  /** The panel's trading calendar (epoch days). */
  readonly dates: Int32Array;
  readonly tickers: readonly string[];
  readonly names: readonly string[];
  /** One ticker-major Float64Array (tickers x dates) per name. */
  readonly values: readonly Float64Array[];
  readonly features: readonly FeatureInfo[];
  /**
   * Per feature (same order as names): how many values are finite (usable). Counted on first
   * read: the count reads every value of the panel again (a tenth of computeFeatures' time),
   * and the study never asks for it.
   */
  readonly usableCounts: Int32Array;
  /** Features the configuration asked for but the panel cannot supply (e.g. no TLT for the stock-bond correlation). */
  readonly skipped: readonly { name: string; reason: string }[];
  readonly config: FeaturesConfig;
}

/**
 * Compute every configured feature for every ticker and day of `panel`.
 * Feature names carry their windows and, for benchmark-relative ones, the benchmark
 * (`beta_spy_60d`). Cross-asset features whose ticker is missing from the panel are left out
 * and listed in `skipped` with the reason; the benchmark-relative ones need the benchmark.
 * Features come in `FEATURE_REGISTRY` order. Nothing at day t depends on a bar after t (see `leakageAudit`).
 * @throws when a panel field does not have tickers x dates values (names the field)
 * @example const fp = computeFeatures(panel); featureSeries(fp, "vol_20d", "SPY")
 */
export function computeFeatures(panel: Panel, config?: FeaturesConfigInput | FeaturesConfig): FeaturePanel {
  const cfg = parseFeaturesConfig(config ?? {});
  assertPanelValid(panel);
  const ctx = createFeatureContext(panel, cfg);
  const names: string[] = [];
  const values: Float64Array[] = [];
  const features: FeatureInfo[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const entry of FEATURE_REGISTRY) {
    for (const def of expandFeatureEntry(entry, cfg)) {
      if (!cfg.groups[GROUP_SWITCH[def.group]]) continue;
      const name = def.name(cfg);
      const reason = def.unavailable?.(ctx);
      if (reason !== undefined) {
        skipped.push({ name, reason });
        continue;
      }
      if (names.includes(name)) throw new Error(`computeFeatures: two features are named "${name}"; give them different windows`);
      const usesVwap = def.usesVwap ?? false;
      // key order as before the registry (broadcast first): JSON of the infos stays byte-identical
      const info: FeatureInfo = {
        broadcast: def.broadcast ?? false,
        name,
        group: def.group,
        description: def.description(ctx),
        warmupDays: def.warmupDays(cfg),
        usesVwap,
        vwapEstimated: usesVwap && ctx.anyVwapEstimated,
      };
      values.push(def.compute(ctx));
      names.push(name);
      features.push(Object.freeze(info));
    }
  }
  let usableCounts: Int32Array | undefined;
  const { N, T } = ctx.shape;
  return Object.freeze({
    dates: panel.dates,
    tickers: panel.tickers,
    names,
    values,
    features,
    get usableCounts(): Int32Array {
      // a broadcast feature's rows are copies of one day series: count that one
      usableCounts ??= Int32Array.from(values, (v, f) => (features[f].broadcast ? N * finiteCount(v.subarray(0, T)) : finiteCount(v)));
      return usableCounts;
    },
    skipped,
    config: cfg,
  });
}

/**
 * How many values are finite: x - x is 0, NaN and Infinity give NaN. Four counters, so the
 * loop's increments do not wait on each other (this runs over every value of the panel). The
 * tail loop always gets one to four values, never none: V8 optimises this function on lengths
 * that are multiples of four, and a tail it had never run would send it back to the interpreter.
 */
function finiteCount(v: Float64Array): number {
  const n = v.length, n4 = n === 0 ? 0 : n - 1 - ((n - 1) % 4);
  let k0 = 0, k1 = 0, k2 = 0, k3 = 0, i = 0;
  for (; i < n4; i += 4) {
    const a = v[i], b = v[i + 1], c = v[i + 2], d = v[i + 3];
    if (a - a === 0) k0++;
    if (b - b === 0) k1++;
    if (c - c === 0) k2++;
    if (d - d === 0) k3++;
  }
  for (; i < n; i++) if (v[i] - v[i] === 0) k0++;
  return k0 + k1 + k2 + k3;
}

/** Every field on the panel's grid, one VWAP flag per ticker, and an ascending calendar. */
function assertPanelValid(panel: Panel): void {
  for (const field of PANEL_FIELDS) panelShape(panel[field], panel, `computeFeatures: panel.${field}`);
  const N = panel.tickers.length, T = panel.dates.length;
  if (panel.vwapEstimated.length !== N) throw new Error(`computeFeatures: panel.vwapEstimated has ${panel.vwapEstimated.length} entries, expected ${N}`);
  for (let t = 1; t < T; t++) {
    if (panel.dates[t] <= panel.dates[t - 1]) throw new Error(`computeFeatures: panel.dates must be strictly ascending (${dayToIso(panel.dates[t - 1])} then ${dayToIso(panel.dates[t])})`);
  }
}

/** Index of a feature name; throws naming it and listing the available ones. */
export function featureIndex(fp: Pick<FeaturePanel, "names">, name: string): number {
  const f = fp.names.indexOf(name);
  if (f < 0) throw new Error(`feature "${name}" is not in the feature panel (have: ${fp.names.join(", ")})`);
  return f;
}

/** One ticker's series of one feature, as a view (no copy) of length dates.length. */
export function featureSeries(fp: FeaturePanel, name: string, ticker: string): Float64Array {
  const f = featureIndex(fp, name);
  const j = fp.tickers.indexOf(ticker);
  if (j < 0) throw new Error(`featureSeries: ticker "${ticker}" is not in the feature panel (have: ${fp.tickers.join(", ")})`);
  const T = fp.dates.length;
  return fp.values[f].subarray(j * T, (j + 1) * T);
}

/** Usable (finite) values of one feature, over all tickers or for one. */
export function usableFeatureCount(fp: FeaturePanel, name: string, ticker?: string): number {
  const f = featureIndex(fp, name);
  if (ticker === undefined) return fp.usableCounts[f];
  return finiteCount(featureSeries(fp, name, ticker));
}

/** Rows of the design matrix, ordered by day then ticker. */
export interface FeatureMatrix {
  /** Row-major rows x cols. */
  readonly X: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly names: readonly string[];
  /** Day index (into the feature panel's `dates`) of each row. */
  readonly rowDay: Int32Array;
  /** Ticker index (into `tickers`) of each row. */
  readonly rowTicker: Int32Array;
  /** Target per row when one was given, else null. */
  readonly y: Float64Array | null;
  /**
   * Rows of day index d are dayRowStart[d - dayStart] ... dayRowStart[d - dayStart + 1] - 1,
   * so a walk-forward split by day is a contiguous row range (length dayEnd - dayStart + 1).
   */
  readonly dayRowStart: Int32Array;
  readonly dayStart: number;
  readonly dayEnd: number;
}

export interface FeatureMatrixOptions {
  /** Columns, in this order (default: every feature). */
  names?: readonly string[];
  /** Half-open range of day indexes [start, end) (default: all days). */
  dayRange?: readonly [number, number];
  /** A ticker-major target (e.g. forwardReturns(panel, 1)) to carry along as `y`. */
  target?: Float64Array;
  /** Drop rows with any NaN feature, or a NaN target when one is given (default true). */
  dropIncomplete?: boolean;
}

/**
 * The design matrix for the models: one row per (day, ticker), ordered by day then ticker.
 * With the default `dropIncomplete`, rows with a NaN feature (warm-up) or an unknown target
 * (the last h days) are left out.
 * @example const { X, y, rowDay } = featureMatrix(fp, { target: forwardReturns(panel, 1) })
 */
export function featureMatrix(fp: FeaturePanel, { names = fp.names, dayRange, target, dropIncomplete = true }: FeatureMatrixOptions = {}): FeatureMatrix {
  const T = fp.dates.length, N = fp.tickers.length;
  const cols = names.length;
  const columns = names.map((n) => fp.values[featureIndex(fp, n)]);
  const [d0, d1] = dayRange ?? [0, T];
  if (!(Number.isInteger(d0) && Number.isInteger(d1) && 0 <= d0 && d0 <= d1 && d1 <= T)) {
    throw new Error(`featureMatrix: dayRange must be integers with 0 <= start <= end <= ${T} (got [${d0}, ${d1}])`);
  }
  if (target) panelShape(target, fp, "featureMatrix: target");
  // First pass: which rows survive, so the output is allocated once at its final size.
  const keep = new Uint8Array((d1 - d0) * N);
  let rows = 0;
  for (let t = d0; t < d1; t++) {
    for (let j = 0; j < N; j++) {
      const i = j * T + t;
      let ok = true;
      if (dropIncomplete) {
        if (target && target[i] !== target[i]) ok = false;
        for (let c = 0; ok && c < cols; c++) if (columns[c][i] !== columns[c][i]) ok = false;
      }
      if (ok) {
        keep[(t - d0) * N + j] = 1;
        rows++;
      }
    }
  }
  const X = new Float64Array(rows * cols);
  const rowDay = new Int32Array(rows), rowTicker = new Int32Array(rows);
  const y = target ? new Float64Array(rows) : null;
  const dayRowStart = new Int32Array(d1 - d0 + 1);
  let r = 0;
  for (let t = d0; t < d1; t++) {
    dayRowStart[t - d0] = r;
    for (let j = 0; j < N; j++) {
      if (!keep[(t - d0) * N + j]) continue;
      const i = j * T + t;
      for (let c = 0; c < cols; c++) X[r * cols + c] = columns[c][i];
      rowDay[r] = t;
      rowTicker[r] = j;
      if (y) y[r] = target![i];
      r++;
    }
  }
  dayRowStart[d1 - d0] = r;
  return { X, rows, cols, names: [...names], rowDay, rowTicker, y, dayRowStart, dayStart: d0, dayEnd: d1 };
}

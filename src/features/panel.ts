/**
 * The feature panel: every feature of every ticker on every day, computed from a `Panel` in
 * one call. Layout mirrors the panel's: one ticker-major Float64Array per feature, the value of
 * ticker j on day t at `values[f][j * T + t]`. Market-wide signals (stock-bond correlation,
 * gold/oil/dollar momentum, risk-on/off, dispersion) are broadcast: every ticker's row on a day
 * carries the same value, so a model sees them next to the ticker's own features.
 */
import type { Panel } from "../data/types";
import { dayToIso } from "../util/dates";
import { parseTechnicalConfig, type TechnicalConfig, type TechnicalConfigInput } from "../config/technical";
import { rollingMomentsInto, rollingPairInto, simpleReturnsInto } from "./rolling";
import {
  movingAverageDistanceInto,
  rangeVolatilitiesInto,
  realizedVolatilityInto,
  relativeStrengthInto,
  rsiInto,
  volatilityPersistenceInto,
} from "./technical";
import {
  amihudIlliquidityInto,
  intradayReturnInto,
  overnightGapInto,
  priceImprovementInto,
  volumePriceCorrelationInto,
  volumeZScoreInto,
  vwapDeviationInto,
} from "./microstructure";
import { crossSectionalDispersion, crossSectionalRank, riskOnOffComposite, type RiskComponent } from "./crossAsset";

export type FeatureGroup = "technical" | "microstructure" | "cross_asset";

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
  /** Per feature (same order as names): how many values are finite (usable). */
  readonly usableCounts: Int32Array;
  /** Features the configuration asked for but the panel cannot supply (e.g. no TLT for the stock-bond correlation). */
  readonly skipped: readonly { name: string; reason: string }[];
  readonly config: TechnicalConfig;
}

/**
 * Compute every configured feature for every ticker and day of `panel`.
 * Feature names carry their windows and, for benchmark-relative ones, the benchmark
 * (`beta_spy_60d`). Cross-asset features whose ticker is missing from the panel are left out
 * and listed in `skipped` with the reason; the benchmark-relative ones need the benchmark.
 * Nothing at day t depends on a bar after t (see `leakageAudit`).
 * @throws when a panel field does not have tickers x dates values (names the field)
 * @example const fp = computeFeatures(panel); featureSeries(fp, "vol_20d", "SPY")
 */
export function computeFeatures(panel: Panel, config?: TechnicalConfigInput | TechnicalConfig): FeaturePanel {
  const cfg = parseTechnicalConfig(config ?? {});
  const T = panel.dates.length, N = panel.tickers.length;
  assertPanelShape(panel);
  const NT = N * T;

  const names: string[] = [];
  const values: Float64Array[] = [];
  const features: FeatureInfo[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const anyVwapEstimated = panel.vwapEstimated.some(Boolean);
  const add = (info: Omit<FeatureInfo, "usesVwap" | "vwapEstimated" | "broadcast"> & Partial<FeatureInfo>, v: Float64Array): void => {
    if (names.includes(info.name)) throw new Error(`computeFeatures: two features are named "${info.name}"; give them different windows`);
    const usesVwap = info.usesVwap ?? false;
    names.push(info.name);
    values.push(v);
    features.push(Object.freeze({ broadcast: false, ...info, usesVwap, vwapEstimated: usesVwap && anyVwapEstimated }));
  };
  // Run `fn(j, out_j, base)` for every ticker j into a new ticker-major array.
  const perTicker = (fn: (j: number, out: Float64Array, base: number) => void): Float64Array => {
    const out = new Float64Array(NT);
    for (let j = 0; j < N; j++) fn(j, out.subarray(j * T, (j + 1) * T), j * T);
    return out;
  };
  const col = (field: Float64Array, j: number) => field.subarray(j * T, (j + 1) * T);
  const work = [new Float64Array(T), new Float64Array(T)];

  // Simple returns over every horizon any feature needs, computed once.
  const horizons = new Set<number>([1, ...cfg.returnHorizons, cfg.momAccelShortDays, cfg.momAccelLongDays, cfg.relStrengthShortDays, cfg.relStrengthLongDays]);
  horizons.add(cfg.benchRelStrengthDays).add(cfg.xsRankDays).add(cfg.dispersionDays).add(cfg.macroMomentumDays);
  const returns = new Map<number, Float64Array>();
  for (const h of horizons) returns.set(h, perTicker((j, out) => simpleReturnsInto(col(panel.close, j), h, out)));
  const ret = (h: number) => returns.get(h)!;
  const r1 = ret(1);

  if (cfg.groups.technical) {
    for (const h of cfg.returnHorizons) add({ name: `ret_${h}d`, group: "technical", description: `simple return over ${h} days: close_t / close_(t-${h}) - 1`, warmupDays: h }, ret(h));
    {
      const s = ret(cfg.momAccelShortDays), l = ret(cfg.momAccelLongDays);
      const v = new Float64Array(NT);
      for (let i = 0; i < NT; i++) v[i] = s[i] - l[i];
      add({ name: "mom_accel", group: "technical", description: `momentum acceleration: ret_${cfg.momAccelShortDays}d - ret_${cfg.momAccelLongDays}d`, warmupDays: Math.max(cfg.momAccelShortDays, cfg.momAccelLongDays) }, v);
    }
    {
      const s = cfg.relStrengthShortDays, l = cfg.relStrengthLongDays;
      add(
        {
          name: `rel_strength_${s}_${l}`,
          group: "technical",
          description: `ret_${s}d / ret_${l}d, the denominator's magnitude floored at ${cfg.relStrengthFloor} (sign kept)`,
          warmupDays: Math.max(s, l),
        },
        perTicker((j, out, base) => relativeStrengthInto(ret(s).subarray(base, base + T), ret(l).subarray(base, base + T), cfg.relStrengthFloor, out)),
      );
    }
    for (const w of cfg.volWindows) {
      add(
        { name: `vol_${w}d`, group: "technical", description: `realised volatility: sample sd of daily returns over ${w} days x sqrt(${cfg.periodsPerYear})`, warmupDays: w },
        perTicker((j, out, base) => realizedVolatilityInto(r1.subarray(base, base + T), w, cfg.periodsPerYear, out)),
      );
    }
    {
      const s = cfg.volRatioShortDays, l = cfg.volRatioLongDays;
      const vs = values[names.indexOf(`vol_${s}d`)], vl = values[names.indexOf(`vol_${l}d`)];
      const v = new Float64Array(NT);
      for (let i = 0; i < NT; i++) v[i] = vl[i] === 0 ? NaN : vs[i] / vl[i];
      add({ name: `vol_ratio_${s}_${l}`, group: "technical", description: `vol_${s}d / vol_${l}d (NaN when vol_${l}d is 0)`, warmupDays: Math.max(s, l) }, v);
    }
    add(
      {
        name: `vol_persistence_${cfg.volPersistenceDays}d`,
        group: "technical",
        description: `correlation of |r_t| with |r_(t-1)| over ${cfg.volPersistenceDays} days (volatility clustering)`,
        warmupDays: cfg.volPersistenceDays + 1,
      },
      perTicker((j, out, base) => volatilityPersistenceInto(r1.subarray(base, base + T), cfg.volPersistenceDays, out, work[0], work[1])),
    );
    for (const w of cfg.maWindows) {
      add(
        { name: `ma_dist_${w}d`, group: "technical", description: `close / SMA_${w} - 1`, warmupDays: w - 1 },
        perTicker((j, out) => movingAverageDistanceInto(col(panel.close, j), w, out)),
      );
    }
    add(
      { name: `rsi_${cfg.rsiDays}d`, group: "technical", description: `Cutler's RSI: 100 x up-moves / (up + down moves) over ${cfg.rsiDays} days`, warmupDays: cfg.rsiDays },
      perTicker((j, out) => rsiInto(col(panel.close, j), cfg.rsiDays, out, work[0], work[1])),
    );
    const w = cfg.rangeVolDays;
    const parkinson = new Float64Array(NT), garmanKlass = new Float64Array(NT);
    for (let j = 0; j < N; j++) {
      const s = j * T, e = s + T;
      rangeVolatilitiesInto(col(panel.open, j), col(panel.high, j), col(panel.low, j), col(panel.close, j), w, cfg.periodsPerYear, parkinson.subarray(s, e), garmanKlass.subarray(s, e));
    }
    add({ name: `parkinson_vol_${w}d`, group: "technical", description: `Parkinson range volatility over ${w} days, annualised`, warmupDays: w - 1 }, parkinson);
    add({ name: `garman_klass_vol_${w}d`, group: "technical", description: `Garman-Klass OHLC volatility over ${w} days, annualised`, warmupDays: w - 1 }, garmanKlass);
  }

  if (cfg.groups.microstructure) {
    const est = anyVwapEstimated ? " (VWAP estimated where panel.vwapEstimated says so)" : "";
    add(
      { name: "vwap_dev", group: "microstructure", description: `close / vwap - 1${est}`, warmupDays: 0, usesVwap: true },
      perTicker((j, out) => vwapDeviationInto(col(panel.close, j), col(panel.vwap, j), out)),
    );
    add(
      { name: `vwap_mom_${cfg.vwapMomentumDays}d`, group: "microstructure", description: `vwap_t / vwap_(t-${cfg.vwapMomentumDays}) - 1${est}`, warmupDays: cfg.vwapMomentumDays, usesVwap: true },
      perTicker((j, out) => simpleReturnsInto(col(panel.vwap, j), cfg.vwapMomentumDays, out)),
    );
    add(
      { name: "price_improvement", group: "microstructure", description: `(close - vwap) / (high - low)${est}`, warmupDays: 0, usesVwap: true },
      perTicker((j, out) => priceImprovementInto(col(panel.close, j), col(panel.vwap, j), col(panel.high, j), col(panel.low, j), out)),
    );
    add(
      { name: `volume_z_${cfg.volumeZDays}d`, group: "microstructure", description: `(volume - mean) / sd over ${cfg.volumeZDays} days, today included`, warmupDays: cfg.volumeZDays - 1 },
      perTicker((j, out) => volumeZScoreInto(col(panel.volume, j), cfg.volumeZDays, out, work[0])),
    );
    add(
      {
        name: `vol_price_corr_${cfg.volPriceCorrDays}d`,
        group: "microstructure",
        description: `correlation of daily returns with log volume changes over ${cfg.volPriceCorrDays} days`,
        warmupDays: cfg.volPriceCorrDays,
      },
      perTicker((j, out, base) => volumePriceCorrelationInto(r1.subarray(base, base + T), col(panel.volume, j), cfg.volPriceCorrDays, out, work[0])),
    );
    add(
      { name: `amihud_${cfg.amihudDays}d`, group: "microstructure", description: `Amihud illiquidity: mean |r| per $1M of close x volume over ${cfg.amihudDays} days`, warmupDays: cfg.amihudDays },
      perTicker((j, out, base) => amihudIlliquidityInto(r1.subarray(base, base + T), col(panel.close, j), col(panel.volume, j), cfg.amihudDays, out, work[0])),
    );
    add(
      { name: "overnight_gap", group: "microstructure", description: "open_t / close_(t-1) - 1", warmupDays: 1 },
      perTicker((j, out) => overnightGapInto(col(panel.open, j), col(panel.close, j), out)),
    );
    add(
      { name: "intraday_ret", group: "microstructure", description: "close_t / open_t - 1", warmupDays: 0 },
      perTicker((j, out) => intradayReturnInto(col(panel.open, j), col(panel.close, j), out)),
    );
  }

  if (cfg.groups.crossAsset) {
    const idx = (ticker: string) => panel.tickers.indexOf(ticker);
    const daySeries = (x: Float64Array, j: number) => x.subarray(j * T, (j + 1) * T);
    const broadcast = (series: Float64Array): Float64Array => {
      const out = new Float64Array(NT);
      for (let j = 0; j < N; j++) out.set(series, j * T);
      return out;
    };
    const missing = (name: string, ticker: string, role: string) => skipped.push({ name, reason: `${role} ${ticker} is not in the panel` });

    const b = idx(cfg.benchmark);
    const bench = cfg.benchmark.toLowerCase();
    const rsName = `rel_strength_${bench}_${cfg.benchRelStrengthDays}d`;
    const betaName = `beta_${bench}_${cfg.betaDays}d`, corrName = `corr_${bench}_${cfg.betaDays}d`;
    if (b < 0) {
      for (const name of [rsName, betaName, corrName]) missing(name, cfg.benchmark, "benchmark");
    } else {
      const h = cfg.benchRelStrengthDays;
      const rb = daySeries(ret(h), b);
      add(
        { name: rsName, group: "cross_asset", description: `ret_${h}d - ret_${h}d of ${cfg.benchmark}`, warmupDays: h },
        perTicker((j, out, base) => {
          const r = ret(h);
          for (let t = 0; t < T; t++) out[t] = r[base + t] - rb[t];
        }),
      );
      const beta = new Float64Array(NT), corr = new Float64Array(NT);
      const rb1 = daySeries(r1, b);
      for (let j = 0; j < N; j++) {
        const s = j * T, e = s + T;
        rollingPairInto(rb1, r1.subarray(s, e), cfg.betaDays, { beta: beta.subarray(s, e), correlation: corr.subarray(s, e) });
      }
      add({ name: betaName, group: "cross_asset", description: `OLS beta of daily returns on ${cfg.benchmark}'s over ${cfg.betaDays} days`, warmupDays: cfg.betaDays }, beta);
      add({ name: corrName, group: "cross_asset", description: `correlation of daily returns with ${cfg.benchmark}'s over ${cfg.betaDays} days`, warmupDays: cfg.betaDays }, corr);
    }

    add(
      { name: `xs_rank_mom_${cfg.xsRankDays}d`, group: "cross_asset", description: `cross-sectional percentile rank of ret_${cfg.xsRankDays}d across the panel's tickers (0, 1]`, warmupDays: cfg.xsRankDays },
      crossSectionalRank(ret(cfg.xsRankDays), N),
    );

    const sb = `stock_bond_corr_${cfg.stockBondCorrDays}d`;
    const js = idx(cfg.stockTicker), jb = idx(cfg.bondTicker);
    if (js < 0 || jb < 0) missing(sb, js < 0 ? cfg.stockTicker : cfg.bondTicker, js < 0 ? "stock ticker" : "bond ticker");
    else {
      const c = new Float64Array(T);
      rollingPairInto(daySeries(r1, js), daySeries(r1, jb), cfg.stockBondCorrDays, { correlation: c });
      add(
        { name: sb, group: "cross_asset", description: `correlation of ${cfg.stockTicker} and ${cfg.bondTicker} daily returns over ${cfg.stockBondCorrDays} days (broadcast)`, warmupDays: cfg.stockBondCorrDays, broadcast: true },
        broadcast(c),
      );
    }

    const m = cfg.macroMomentumDays;
    const macro: [string, string][] = [["gold", cfg.goldTicker], ["oil", cfg.oilTicker], ["dollar", cfg.dollarTicker]];
    for (const [label, ticker] of macro) {
      const name = `${label}_mom_${m}d`;
      const j = idx(ticker);
      if (j < 0) missing(name, ticker, `${label} ticker`);
      else add({ name, group: "cross_asset", description: `ret_${m}d of ${ticker} (broadcast)`, warmupDays: m, broadcast: true }, broadcast(daySeries(ret(m), j)));
    }

    // Risk-on/off: equities beating bonds (+), gold rising (-), the dollar rising (-), equity volatility (-).
    const components: RiskComponent[] = [];
    const left: string[] = [];
    const rm = ret(m);
    if (js >= 0 && jb >= 0) {
      const s = daySeries(rm, js), bnd = daySeries(rm, jb);
      components.push({ name: `${cfg.stockTicker} - ${cfg.bondTicker} ret_${m}d`, sign: 1, series: s.map((v, t) => v - bnd[t]) });
    } else left.push("equity minus bond momentum");
    const jg = idx(cfg.goldTicker), jd = idx(cfg.dollarTicker);
    if (jg >= 0) components.push({ name: `${cfg.goldTicker} ret_${m}d`, sign: -1, series: daySeries(rm, jg) });
    else left.push("gold momentum");
    if (jd >= 0) components.push({ name: `${cfg.dollarTicker} ret_${m}d`, sign: -1, series: daySeries(rm, jd) });
    else left.push("dollar momentum");
    if (js >= 0) {
      const v = new Float64Array(T);
      rollingMomentsInto(daySeries(r1, js), m, null, v);
      components.push({ name: `${cfg.stockTicker} vol_${m}d`, sign: -1, series: v });
    } else left.push("equity volatility");
    if (components.length === 0) skipped.push({ name: "risk_on_off", reason: `none of ${cfg.stockTicker}, ${cfg.bondTicker}, ${cfg.goldTicker}, ${cfg.dollarTicker} is in the panel` });
    else {
      add(
        {
          name: "risk_on_off",
          group: "cross_asset",
          description:
            `mean of ${cfg.riskOnOffZDays}-day z-scores of ${components.map((c) => `${c.sign > 0 ? "+" : "-"}(${c.name})`).join(", ")} (broadcast)` +
            (left.length ? `; left out for missing tickers: ${left.join(", ")}` : ""),
          warmupDays: m + cfg.riskOnOffZDays - 1,
          broadcast: true,
        },
        broadcast(riskOnOffComposite(components, { zWindowDays: cfg.riskOnOffZDays })),
      );
    }

    add(
      { name: `dispersion_${cfg.dispersionDays}d`, group: "cross_asset", description: `cross-sectional sd of ret_${cfg.dispersionDays}d across the panel's tickers (broadcast)`, warmupDays: cfg.dispersionDays, broadcast: true },
      broadcast(crossSectionalDispersion(ret(cfg.dispersionDays), N)),
    );
  }

  const usableCounts = new Int32Array(values.length);
  for (let f = 0; f < values.length; f++) {
    const v = values[f];
    let k = 0;
    for (let i = 0; i < v.length; i++) if (v[i] - v[i] === 0) k++; // finite: x - x is 0, NaN/Infinity give NaN
    usableCounts[f] = k;
  }
  return Object.freeze({ dates: panel.dates, tickers: panel.tickers, names, values, features, usableCounts, skipped, config: cfg });
}

function assertPanelShape(panel: Panel): void {
  const T = panel.dates.length, N = panel.tickers.length;
  for (const field of ["open", "high", "low", "close", "volume", "vwap"] as const) {
    const got = panel[field]?.length;
    if (got !== N * T) throw new Error(`computeFeatures: panel.${field} has ${got} values, expected ${N} tickers x ${T} dates = ${N * T}`);
  }
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
  const s = featureSeries(fp, name, ticker);
  let k = 0;
  for (let t = 0; t < s.length; t++) if (s[t] - s[t] === 0) k++;
  return k;
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
  if (target && target.length !== N * T) throw new Error(`featureMatrix: target has ${target.length} values, expected ${N} tickers x ${T} dates = ${N * T}`);
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

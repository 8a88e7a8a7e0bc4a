/**
 * Cross-asset and cross-sectional features: ranks and dispersion across the tickers of a panel
 * on each day, and the risk-on/risk-off composite from market-wide series. Ranks and dispersion
 * are summaries across tickers, so they skip a ticker that is NaN on that day (a ticker that
 * has not started trading yet) rather than blanking the whole day.
 * Panel-shaped inputs are ticker-major (ticker j, day t at [j * T + t]) on a `PanelGrid`, like `Panel`.
 * `CROSS_ASSET_FEATURES` (at the end) lists the panel's cross-asset features.
 */
import { panelShape, type PanelGrid } from "../data/types";
import type { FeaturesConfig } from "../config/features";
import { missingTicker, type FeatureContext, type FeatureDefinition, type FeatureEntry } from "./definition";
import { rollingCorrelationInto, rollingMomentsInto, rollingPairInto } from "./rolling";
import { differenceInto } from "./technical";

/**
 * Cross-sectional percentile rank per day (pandas `rank(axis=1, pct=True)`): the average
 * 1-based rank among the tickers valid that day (ties share their mean rank), divided by how
 * many are valid. Values lie in (0, 1]; the largest gets 1. NaN where the ticker's value is NaN.
 * @param values ticker-major on `grid`, length tickers x dates
 * @example crossSectionalRank([1, 5, 3, 3], { tickers: ["A", "B"], dates: Int32Array.of(0, 1) }) // => [0.5, 1, 1, 0.75]
 */
export function crossSectionalRank(values: ArrayLike<number>, grid: PanelGrid): Float64Array {
  const { N, T } = panelShape(values, grid, "crossSectionalRank: values");
  const x = values instanceof Float64Array ? values : Float64Array.from(values);
  const out = new Float64Array(x.length);
  rankDays(x, out, N, T);
  return out;
}

/**
 * Percentile ranks of every day of ticker-major `values` into `out`. Each day is sorted starting
 * from the previous day's order: the values of slow signals swap few places from one day to the
 * next, so an insertion sort finishes in about O(N) a day; fast ones swap many, and a merge sort
 * (`mergeSortPairs`) costs less. On 500 random-walk tickers a day swaps 6.7N pairs for 250-day
 * returns, 25N for 20-day ones and 125N for daily ones, and the two sorts cost the same near 8N.
 * Both sorts count the day's swaps (its inversions), and the next day picks by that count: the
 * insertion sort after a day of at most 8N (handing over to the merge sort past 8N), else the merge sort.
 * Ties (equal values, -0 and +0 included) end up adjacent and share their mean rank. Day t of
 * ticker j is at j * T + t: a day touches one cache line per ticker, and the next seven days
 * reuse those lines.
 */
function rankDays(values: Float64Array, out: Float64Array, N: number, T: number): void {
  const order = new Int32Array(N); // the tickers valid on the previous day, by ascending value
  const sorted = new Float64Array(N); // their values, in the same order
  const member = new Uint8Array(N); // 1 for the tickers in `order`
  const spareOrder = new Int32Array(N), spareSorted = new Float64Array(N); // the merge sort's other half
  let m = 0;
  let inversions = 0; // the previous day's, in the order it started from
  for (let t = 0; t < T; t++) {
    // Yesterday's order with the tickers that turned NaN dropped, the newly valid ones appended.
    let k = 0;
    for (let i = 0; i < m; i++) {
      const j = order[i], v = values[j * T + t];
      if (v === v) {
        order[k] = j;
        sorted[k++] = v;
      } else member[j] = 0;
    }
    for (let j = 0; j < N; j++) {
      const v = values[j * T + t];
      if (v !== v) out[j * T + t] = NaN;
      else if (member[j] === 0) {
        member[j] = 1;
        order[k] = j;
        sorted[k++] = v;
      }
    }
    m = k;
    const budget = 8 * m + 64;
    if (inversions <= budget) {
      inversions = insertionSortPairs(sorted, order, 0, m, budget);
      if (inversions > budget) inversions += mergeSortPairs(sorted, order, spareSorted, spareOrder, m);
    } else inversions = mergeSortPairs(sorted, order, spareSorted, spareOrder, m);
    // A run of equal values shares the mean of its 1-based ranks.
    let start = 0;
    while (start < m) {
      const v = sorted[start];
      let end = start + 1;
      while (end < m && sorted[end] === v) end++;
      const pct = (start + 1 + end) / 2 / m;
      for (let i = start; i < end; i++) out[order[i] * T + t] = pct;
      start = end;
    }
  }
}

/**
 * Insertion-sorts the (value, ticker) pairs at lo .. hi - 1 by value, ascending (not NaN), until
 * more than `budget` places have moved. Returns the places moved, each one an inversion undone: at
 * most `budget` when sorted, more when it stopped (the pairs are then partly sorted).
 */
function insertionSortPairs(sorted: Float64Array, order: Int32Array, lo: number, hi: number, budget: number): number {
  let moves = 0;
  for (let i = lo + 1; i < hi; i++) {
    const v = sorted[i];
    if (!(v < sorted[i - 1])) continue;
    const j = order[i];
    let p = i;
    do {
      sorted[p] = sorted[p - 1];
      order[p] = order[p - 1];
      p--;
    } while (p > lo && v < sorted[p - 1]);
    sorted[p] = v;
    order[p] = j;
    moves += i - p;
    if (moves > budget) return moves;
  }
  return moves;
}

/** Length of the runs `mergeSortPairs` insertion-sorts before merging. */
const MERGE_RUN = 16;

/**
 * Sorts the first m (value, ticker) pairs of `sorted` and `order` by value, ascending (not NaN):
 * a bottom-up merge sort of insertion-sorted runs of 16, through the spare arrays and back. A
 * merge whose halves are already in order is a copy, so a nearly sorted day costs little more
 * than one pass. Returns the inversions it undid (pairs out of order). Hand-written because
 * `Float64Array.prototype.sort` cannot carry the tickers along.
 */
function mergeSortPairs(sorted: Float64Array, order: Int32Array, spareSorted: Float64Array, spareOrder: Int32Array, m: number): number {
  let inversions = 0;
  for (let lo = 0; lo < m; lo += MERGE_RUN) inversions += insertionSortPairs(sorted, order, lo, lo + MERGE_RUN < m ? lo + MERGE_RUN : m, Infinity);
  let fromSorted = sorted, fromOrder = order, toSorted = spareSorted, toOrder = spareOrder;
  for (let width = MERGE_RUN; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = lo + width < m ? lo + width : m, hi = lo + 2 * width < m ? lo + 2 * width : m;
      let a = lo, b = mid, d = lo;
      if (mid < hi && fromSorted[mid - 1] > fromSorted[mid]) {
        while (a < mid && b < hi) {
          const x = fromSorted[a], y = fromSorted[b];
          if (x <= y) {
            toSorted[d] = x;
            toOrder[d++] = fromOrder[a++];
          } else {
            inversions += mid - a; // y is below every value left in the first half
            toSorted[d] = y;
            toOrder[d++] = fromOrder[b++];
          }
        }
      }
      for (; a < mid; a++, d++) {
        toSorted[d] = fromSorted[a];
        toOrder[d] = fromOrder[a];
      }
      for (; b < hi; b++, d++) {
        toSorted[d] = fromSorted[b];
        toOrder[d] = fromOrder[b];
      }
    }
    const s = fromSorted, o = fromOrder;
    fromSorted = toSorted;
    fromOrder = toOrder;
    toSorted = s;
    toOrder = o;
  }
  if (fromSorted !== sorted) {
    for (let i = 0; i < m; i++) {
      sorted[i] = fromSorted[i];
      order[i] = fromOrder[i];
    }
  }
  return inversions;
}

/**
 * Cross-sectional dispersion per day: the sample standard deviation (n - 1) of the tickers'
 * values that day, NaN tickers skipped; NaN when fewer than two are valid.
 * @param values ticker-major on `grid`, length tickers x dates
 * @returns one value per day (length dates)
 * @example crossSectionalDispersion([0.01, 0.03, -0.01, 0.05], { tickers: ["A", "B"], dates: Int32Array.of(0, 1) }) // => [0.01414..., 0.05657...]
 */
export function crossSectionalDispersion(values: ArrayLike<number>, grid: PanelGrid): Float64Array {
  const { N, T } = panelShape(values, grid, "crossSectionalDispersion: values");
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let n = 0, sum = 0;
    for (let j = 0; j < N; j++) {
      const v = values[j * T + t];
      if (v === v) {
        n++;
        sum += v;
      }
    }
    if (n < 2) {
      out[t] = NaN;
      continue;
    }
    const mean = sum / n; // two-pass: squares of deviations from the mean, over n - 1
    let ss = 0;
    for (let j = 0; j < N; j++) {
      const v = values[j * T + t];
      if (v === v) ss += (v - mean) * (v - mean);
    }
    out[t] = Math.sqrt(ss / (n - 1));
  }
  return out;
}

/** One input of the risk-on/risk-off composite: a market-wide daily series and its sign. */
export interface RiskComponent {
  readonly name: string;
  /** +1 when a high value means risk-on (equities beating bonds), -1 when it means risk-off (rising gold). */
  readonly sign: 1 | -1;
  readonly series: ArrayLike<number>;
}

/**
 * Risk-on/risk-off composite: each component is z-scored against its own trailing
 * `zWindowDays` history (today included), signed, and the z-scores are averaged. Positive:
 * markets are behaving risk-on relative to the last year. NaN on a day where any component's
 * z-score is NaN (warm-up, a gap, a flat window).
 * @example riskOnOffComposite([{ name: "eq-bond", sign: 1, series: eqMinusBond }], { zWindowDays: 252 })
 */
export function riskOnOffComposite(components: readonly RiskComponent[], { zWindowDays = 252 }: { zWindowDays?: number } = {}): Float64Array {
  if (components.length === 0) throw new Error("riskOnOffComposite requires at least one component (got 0)");
  const T = components[0].series.length;
  for (const c of components) {
    if (c.series.length !== T) throw new Error(`riskOnOffComposite: component "${c.name}" has ${c.series.length} days, expected ${T}`);
  }
  const out = new Float64Array(T);
  const mean = new Float64Array(T), sd = new Float64Array(T);
  const k = 1 / components.length;
  for (const c of components) {
    const x = c.series instanceof Float64Array ? c.series : Float64Array.from(c.series);
    rollingMomentsInto(x, zWindowDays, mean, sd);
    for (let t = 0; t < T; t++) {
      const z = sd[t] > 0 ? (x[t] - mean[t]) / sd[t] : NaN;
      out[t] += c.sign * z * k;
    }
  }
  return out;
}

const benchmarkNeeded = (ctx: FeatureContext) => missingTicker(ctx, [["benchmark", ctx.config.benchmark]]);

/** Beta and correlation of every ticker's daily returns on the benchmark's, from one pass. */
function benchmarkPair(ctx: FeatureContext): { beta: Float64Array; correlation: Float64Array } {
  return ctx.cached("benchmarkPair", () => {
    const { N, T } = ctx.shape;
    const r1 = ctx.returns(1);
    const beta = new Float64Array(N * T), correlation = new Float64Array(N * T);
    const rb1 = ctx.row(r1, ctx.indexOf(ctx.config.benchmark));
    for (let j = 0; j < N; j++) {
      const s = j * T, e = s + T;
      rollingPairInto(rb1, r1.subarray(s, e), ctx.config.betaDays, { beta: beta.subarray(s, e), correlation: correlation.subarray(s, e) });
    }
    return { beta, correlation };
  });
}

/** `<label>_mom_<m>d`: one macro ticker's momentum, broadcast to every ticker. */
function macroMomentum(label: string, configKey: "goldTicker" | "oilTicker" | "dollarTicker"): FeatureDefinition {
  const tickerOf = (cfg: FeaturesConfig) => cfg[configKey];
  return {
    group: "cross_asset",
    name: (cfg) => `${label}_mom_${cfg.macroMomentumDays}d`,
    description: ({ config: cfg }) => `ret_${cfg.macroMomentumDays}d of ${tickerOf(cfg)} (broadcast)`,
    warmupDays: (cfg) => cfg.macroMomentumDays,
    broadcast: true,
    unavailable: (ctx) => missingTicker(ctx, [[`${label} ticker`, tickerOf(ctx.config), configKey]]),
    compute: (ctx) => ctx.broadcast(ctx.row(ctx.returns(ctx.config.macroMomentumDays), ctx.indexOf(tickerOf(ctx.config)))),
  };
}

/**
 * The inputs of risk_on_off that the panel has: equities beating bonds (+), gold rising (-), the
 * dollar rising (-), equity volatility (-); and, in words, the ones left out for a missing ticker.
 */
function riskComponents(ctx: FeatureContext): { components: RiskComponent[]; left: string[] } {
  return ctx.cached("riskComponents", () => {
    const cfg = ctx.config, T = ctx.shape.T;
    const m = cfg.macroMomentumDays;
    const js = ctx.indexOf(cfg.stockTicker), jb = ctx.indexOf(cfg.bondTicker);
    const components: RiskComponent[] = [];
    const left: string[] = [];
    const rm = ctx.returns(m);
    if (js >= 0 && jb >= 0) {
      const s = ctx.row(rm, js), bnd = ctx.row(rm, jb);
      components.push({ name: `${cfg.stockTicker} - ${cfg.bondTicker} ret_${m}d`, sign: 1, series: s.map((v, t) => v - bnd[t]) });
    } else left.push("equity minus bond momentum");
    const jg = ctx.indexOf(cfg.goldTicker), jd = ctx.indexOf(cfg.dollarTicker);
    if (jg >= 0) components.push({ name: `${cfg.goldTicker} ret_${m}d`, sign: -1, series: ctx.row(rm, jg) });
    else left.push("gold momentum");
    if (jd >= 0) components.push({ name: `${cfg.dollarTicker} ret_${m}d`, sign: -1, series: ctx.row(rm, jd) });
    else left.push("dollar momentum");
    if (js >= 0) {
      const v = new Float64Array(T);
      rollingMomentsInto(ctx.row(ctx.returns(1), js), m, null, v);
      components.push({ name: `${cfg.stockTicker} vol_${m}d`, sign: -1, series: v });
    } else left.push("equity volatility");
    return { components, left };
  });
}

/**
 * The cross-asset features of the feature panel, in panel order: relative strength, beta and
 * correlation against the benchmark, the cross-sectional momentum rank, and the market-wide
 * (broadcast) signals: stock-bond correlation, gold/oil/dollar momentum, risk-on/off, dispersion.
 * A feature whose ticker is missing from the panel is skipped with the reason.
 */
export const CROSS_ASSET_FEATURES: readonly FeatureEntry[] = [
  {
    group: "cross_asset",
    name: (cfg) => `rel_strength_${cfg.benchmark.toLowerCase()}_${cfg.benchRelStrengthDays}d`,
    description: ({ config: cfg }) => `ret_${cfg.benchRelStrengthDays}d - ret_${cfg.benchRelStrengthDays}d of ${cfg.benchmark}`,
    warmupDays: (cfg) => cfg.benchRelStrengthDays,
    unavailable: benchmarkNeeded,
    compute: (ctx) => {
      const r = ctx.returns(ctx.config.benchRelStrengthDays);
      const rb = ctx.row(r, ctx.indexOf(ctx.config.benchmark));
      return ctx.perTicker((j, out) => differenceInto(ctx.row(r, j), rb, out));
    },
  },
  {
    group: "cross_asset",
    name: (cfg) => `beta_${cfg.benchmark.toLowerCase()}_${cfg.betaDays}d`,
    description: ({ config: cfg }) => `OLS beta of daily returns on ${cfg.benchmark}'s over ${cfg.betaDays} days`,
    warmupDays: (cfg) => cfg.betaDays,
    unavailable: benchmarkNeeded,
    compute: (ctx) => benchmarkPair(ctx).beta,
  },
  {
    group: "cross_asset",
    name: (cfg) => `corr_${cfg.benchmark.toLowerCase()}_${cfg.betaDays}d`,
    description: ({ config: cfg }) => `correlation of daily returns with ${cfg.benchmark}'s over ${cfg.betaDays} days`,
    warmupDays: (cfg) => cfg.betaDays,
    unavailable: benchmarkNeeded,
    compute: (ctx) => benchmarkPair(ctx).correlation,
  },
  {
    group: "cross_asset",
    name: (cfg) => `xs_rank_mom_${cfg.xsRankDays}d`,
    description: ({ config: cfg }) => `cross-sectional percentile rank of ret_${cfg.xsRankDays}d across the panel's tickers (0, 1]`,
    warmupDays: (cfg) => cfg.xsRankDays,
    compute: (ctx) => crossSectionalRank(ctx.returns(ctx.config.xsRankDays), ctx.panel),
  },
  {
    group: "cross_asset",
    name: (cfg) => `stock_bond_corr_${cfg.stockBondCorrDays}d`,
    description: ({ config: cfg }) => `correlation of ${cfg.stockTicker} and ${cfg.bondTicker} daily returns over ${cfg.stockBondCorrDays} days (broadcast)`,
    warmupDays: (cfg) => cfg.stockBondCorrDays,
    broadcast: true,
    unavailable: (ctx) => missingTicker(ctx, [["stock ticker", ctx.config.stockTicker, "stockTicker"], ["bond ticker", ctx.config.bondTicker, "bondTicker"]]),
    compute: (ctx) => {
      const r1 = ctx.returns(1);
      const c = new Float64Array(ctx.shape.T);
      rollingCorrelationInto(ctx.row(r1, ctx.indexOf(ctx.config.stockTicker)), ctx.row(r1, ctx.indexOf(ctx.config.bondTicker)), ctx.config.stockBondCorrDays, c);
      return ctx.broadcast(c);
    },
  },
  macroMomentum("gold", "goldTicker"),
  macroMomentum("oil", "oilTicker"),
  macroMomentum("dollar", "dollarTicker"),
  {
    group: "cross_asset",
    name: () => "risk_on_off",
    description: (ctx) => {
      const { components, left } = riskComponents(ctx);
      return (
        `mean of ${ctx.config.riskOnOffZDays}-day z-scores of ${components.map((c) => `${c.sign > 0 ? "+" : "-"}(${c.name})`).join(", ")} (broadcast)` +
        (left.length ? `; left out for missing tickers: ${left.join(", ")}` : "")
      );
    },
    warmupDays: (cfg) => cfg.macroMomentumDays + cfg.riskOnOffZDays - 1,
    broadcast: true,
    unavailable: (ctx) => {
      const cfg = ctx.config;
      if (riskComponents(ctx).components.length > 0) return undefined;
      const named = [cfg.stockTicker, cfg.bondTicker, cfg.goldTicker, cfg.dollarTicker].filter((t) => t !== null);
      return named.length ? `none of ${named.join(", ")} is in the panel (stock, bond, gold and dollar tickers)` : "the stock, bond, gold and dollar tickers are all off (null)";
    },
    compute: (ctx) => ctx.broadcast(riskOnOffComposite(riskComponents(ctx).components, { zWindowDays: ctx.config.riskOnOffZDays })),
  },
  {
    group: "cross_asset",
    name: (cfg) => `dispersion_${cfg.dispersionDays}d`,
    description: ({ config: cfg }) => `cross-sectional sd of ret_${cfg.dispersionDays}d across the panel's tickers (broadcast)`,
    warmupDays: (cfg) => cfg.dispersionDays,
    broadcast: true,
    compute: (ctx) => ctx.broadcast(crossSectionalDispersion(ctx.returns(ctx.config.dispersionDays), ctx.panel)),
  },
];

/**
 * The prices a panel's dollar volume is valued at. A total-return adjusted close is the traded
 * price scaled down by every later dividend, so close * volume on that basis understates the
 * dollars that traded, the more so the earlier the day (SPY's adjusted/split-only close ratio
 * averages 0.743 in 2009). Dollar volume is priced from split-only bars instead, each ticker's
 * close times its own volume from the same file (vendors differ on split bases, so a close from
 * one file and a volume from another can be off by a split factor).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { dayToIso } from "../util/dates";
import type { AdjustmentBasis, CacheMetadata } from "./cache";
import { listShippedTickers, loadShippedBars, shippedDataDir } from "./shipped";
import { panelShape, type PanelGrid } from "./types";

/** The shipped folder of split-only bars (Polygon's `adjusted=true` basis). */
const SPLIT_ONLY_DATASET = "split_adjusted";

/** One ticker's dollar-volume basis: the adjustment of the close it is priced at, and why. */
export interface TickerAdvBasis {
  readonly ticker: string;
  /**
   * "split" (split-only, the traded dollars), "none" (as traded), "split_dividend" (total-return
   * adjusted, understated), "mixed" (split-only on the days the split-only bars cover, total-return
   * adjusted on the others), "unknown" (a panel without sidecars).
   */
  readonly basis: AdjustmentBasis | "mixed" | "unknown";
  /** Where the prices came from, or why the split-only bars were not used. */
  readonly reason: string;
}

/** Closes and volumes to value dollar volume at, on the panel's grid, with each ticker's basis. */
export interface AdvPriceBasis {
  /** Ticker-major N*T closes for dollar volume (the panel's own where it keeps its basis). */
  readonly close: Float64Array;
  /** Ticker-major N*T volumes from the same bars as `close`. */
  readonly volume: Float64Array;
  /** Per ticker, in grid order. */
  readonly tickers: readonly TickerAdvBasis[];
}

/** What `advPriceBasis` reads of a panel: its grid, close, volume and each ticker's sidecar. */
export type AdvBasisPanel = PanelGrid & {
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
  /** Each ticker's sidecar (its adjustment basis); a panel without them keeps its own prices ("unknown"). */
  readonly metadata?: readonly Pick<CacheMetadata, "adjustment">[];
};

/** Options of `advPriceBasis`. */
export interface AdvPriceBasisOptions {
  /** "splitOnly" (default) replaces total-return closes by shipped split-only bars where they cover the panel; "adjusted" keeps the panel's. */
  basis?: "splitOnly" | "adjusted";
  /** Folder of the shipped data (default `shippedDataDir()`). */
  dataDir?: string;
}

/**
 * The closes and volumes dollar volume (ADV$) is valued at, per ticker:
 * - the panel's own when `basis` is "adjusted", when its bars are already split-only or as traded,
 *   or when it carries no sidecars (basis "unknown");
 * - for a total-return adjusted ticker, day by day: the shipped split-only bars (data/split_adjusted),
 *   close and volume from that file, on each day they hold a bar with a positive close and a volume,
 *   the panel's own on the others. The choice on day t looks at day t's bars only (a file that
 *   starts in 2010 does not change 2008's costs, and whether it reaches next year does not change
 *   this year's), so the costs stay as causal as the signal. Basis "split" when every day the panel
 *   has a close is covered, "mixed" (with the days) when some are, "split_dividend" (with why) when
 *   none are. Nothing falls back silently: every ticker's basis and reason are returned.
 * @example (await advPriceBasis(await loadShippedPanel())).tickers[0] // => { ticker: "SPY", basis: "split", reason: "split-only bars (data/split_adjusted)" }
 */
export async function advPriceBasis(panel: AdvBasisPanel, { basis = "splitOnly", dataDir = shippedDataDir() }: AdvPriceBasisOptions = {}): Promise<AdvPriceBasis> {
  const { N, T } = panelShape(panel.close, panel, "advPriceBasis: close");
  panelShape(panel.volume, panel, "advPriceBasis: volume");
  const close = Float64Array.from(panel.close);
  const volume = Float64Array.from(panel.volume);
  const shipped = existsSync(join(dataDir, SPLIT_ONLY_DATASET)) ? new Set(listShippedTickers(SPLIT_ONLY_DATASET, dataDir)) : new Set<string>();
  const tickers: TickerAdvBasis[] = [];
  for (let j = 0; j < N; j++) {
    const ticker = panel.tickers[j];
    const own = panel.metadata?.[j]?.adjustment;
    if (own === undefined) {
      tickers.push({ ticker, basis: "unknown", reason: "the panel carries no sidecar for it: its own close and volume" });
      continue;
    }
    if (basis === "adjusted" || own !== "split_dividend") {
      tickers.push({ ticker, basis: own, reason: basis === "adjusted" ? "advPriceBasis \"adjusted\": the panel's close and volume" : "the panel's own bars" });
      continue;
    }
    if (!shipped.has(ticker)) {
      tickers.push({ ticker, basis: own, reason: `no split-only bars shipped (data/${SPLIT_ONLY_DATASET})` });
      continue;
    }
    const bars = await loadShippedBars(ticker, { dataset: SPLIT_ONLY_DATASET, dataDir, vwap: "missing" });
    const row = new Map<number, number>();
    for (let i = 0; i < bars.dates.length; i++) row.set(bars.dates[i], i);
    const covered: number[] = [], missing: number[] = [];
    for (let t = 0; t < T; t++) {
      if (!(panel.close[j * T + t] === panel.close[j * T + t])) continue; // no bar in the panel: nothing to value
      const i = row.get(panel.dates[t]);
      if (i === undefined || !(bars.close[i] > 0) || !(bars.volume[i] >= 0)) {
        missing.push(t);
        continue;
      }
      covered.push(t);
      close[j * T + t] = bars.close[i];
      volume[j * T + t] = bars.volume[i];
    }
    const source = `split-only bars (data/${SPLIT_ONLY_DATASET})`;
    const span = (days: number[]) => `${days.length} of the panel's days, ${dayToIso(panel.dates[days[0]])}..${dayToIso(panel.dates[days[days.length - 1]])}`;
    if (missing.length === 0) tickers.push({ ticker, basis: "split", reason: source });
    else if (covered.length === 0) tickers.push({ ticker, basis: own, reason: `${source} cover none of the panel's days` });
    else tickers.push({ ticker, basis: "mixed", reason: `${source} on ${span(covered)}; the panel's own total-return bars on the other ${span(missing)}` });
  }
  return { close, volume, tickers };
}

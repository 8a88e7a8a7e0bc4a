/**
 * Portfolio and backtest charts for notebook 05 and the CLI report: exposures over time, turnover
 * and costs by kind, a positions heatmap and one day's weights. Builders take what the backtest
 * (`BacktestResult`) or the constructor (`PortfolioResult`) returned and only arrange it; long daily
 * series are shown as means over equal buckets of consecutive days, so every trace stays under
 * `maxPoints` and a spike still moves its bucket (thinning to every k-th day would drop it).
 */
import type { Figure } from "./figure";
import { dayToIso } from "../util/dates";
import { hoverValue } from "../util/format";
import { PALETTE, baseLayout } from "./theme";
import { bucketMeans, type BucketMeans } from "./downsample";

/** The ISO date of each bucket's last day (what the bucket's value is known at). */
function bucketDates(dates: ArrayLike<number>, buckets: BucketMeans): string[] {
  return Array.from(buckets.lastIndex, (i) => dayToIso(dates[i]));
}

/** The title's note when the series were averaged, e.g. " (mean over 5-day buckets)". */
function bucketNote(buckets: BucketMeans): string {
  return buckets.bucketSize > 1 ? ` (mean over ${buckets.bucketSize}-day buckets)` : "";
}

function checkLength(fn: string, name: string, y: ArrayLike<number>, n: number): void {
  if (y.length !== n) throw new Error(`${fn}: ${name} has ${y.length} values for ${n} dates`);
}

/** Options shared by the time-series builders. */
export interface PortfolioChartOptions {
  title?: string;
  /** Most points per trace (default 1500); longer series are averaged over buckets of days. */
  maxPoints?: number;
}

/**
 * Gross (sum |w|) and net (sum w) exposure of the positions after each close, in % of NAV.
 * @param result a `BacktestResult` or anything with dates, grossExposure and netExposure
 */
export function exposureChart(
  result: { readonly dates: ArrayLike<number>; readonly grossExposure: ArrayLike<number>; readonly netExposure: ArrayLike<number> },
  { title = "Exposure", maxPoints = 1500 }: PortfolioChartOptions = {},
): Figure {
  const n = result.dates.length;
  checkLength("exposureChart", "grossExposure", result.grossExposure, n);
  checkLength("exposureChart", "netExposure", result.netExposure, n);
  const gross = bucketMeans(result.grossExposure, { maxPoints, scale: 100 });
  const net = bucketMeans(result.netExposure, { maxPoints, scale: 100 });
  const x = bucketDates(result.dates, gross);
  return {
    data: [
      { type: "scatter", mode: "lines", name: "gross", x, y: gross.means, line: { width: 1.5, color: PALETTE[0] } },
      { type: "scatter", mode: "lines", name: "net", x, y: net.means, line: { width: 1.5, color: PALETTE[1] } },
    ],
    layout: baseLayout({ title: { text: title + bucketNote(gross) }, yaxis: { title: { text: "% of NAV" }, zerolinecolor: "#999" } }),
  };
}

/**
 * Turnover (top panel, one-way, % of NAV per day) and trading costs split into commission, half
 * spread and market impact (bottom panel, stacked, bps of NAV per day).
 * @param result a `BacktestResult` or anything with dates, turnover and the three cost series
 */
export function turnoverCostChart(
  result: {
    readonly dates: ArrayLike<number>;
    readonly turnover: ArrayLike<number>;
    readonly commissionCost: ArrayLike<number>;
    readonly spreadCost: ArrayLike<number>;
    readonly impactCost: ArrayLike<number>;
  },
  { title = "Turnover and trading costs", maxPoints = 1500 }: PortfolioChartOptions = {},
): Figure {
  const n = result.dates.length;
  for (const key of ["turnover", "commissionCost", "spreadCost", "impactCost"] as const) checkLength("turnoverCostChart", key, result[key], n);
  const turnover = bucketMeans(result.turnover, { maxPoints, scale: 100 });
  const x = bucketDates(result.dates, turnover);
  const cost = (name: string, y: ArrayLike<number>, color: string) => ({
    type: "scatter",
    mode: "lines",
    name,
    x,
    y: bucketMeans(y, { maxPoints, scale: 1e4 }).means,
    stackgroup: "costs",
    line: { width: 0.8, color },
    yaxis: "y2",
  });
  return {
    data: [
      { type: "scatter", mode: "lines", name: "turnover", x, y: turnover.means, line: { width: 1.2, color: PALETTE[0] } },
      cost("commission", result.commissionCost, PALETTE[2]),
      cost("half spread", result.spreadCost, PALETTE[3]),
      cost("impact", result.impactCost, PALETTE[1]),
    ],
    layout: baseLayout({
      title: { text: title + bucketNote(turnover) },
      height: 520,
      // two panels on one shared date axis: turnover above, stacked costs below
      xaxis: { anchor: "y2" },
      yaxis: { title: { text: "turnover, % of NAV" }, domain: [0.55, 1] },
      yaxis2: { title: { text: "cost, bps of NAV" }, domain: [0, 0.45], anchor: "x" },
    }),
  };
}

/** Options of `positionsHeatmap`. */
export interface PositionsHeatmapOptions {
  title?: string;
  /** Most time columns (default 300); longer histories are averaged over buckets of days. */
  maxColumns?: number;
}

/**
 * Positions as a ticker x time heatmap (weights in % of NAV; red short, blue long, white flat),
 * averaged over buckets of days when the history is long.
 * @param result a `BacktestResult` (positions) or `PortfolioResult` (weights): tickers, dates and
 *   one ticker-major N*T array
 */
export function positionsHeatmap(
  result: { readonly tickers: readonly string[]; readonly dates: ArrayLike<number>; readonly positions?: ArrayLike<number>; readonly weights?: ArrayLike<number> },
  { title = "Positions", maxColumns = 300 }: PositionsHeatmapOptions = {},
): Figure {
  const values = result.positions ?? result.weights;
  const N = result.tickers.length, T = result.dates.length;
  if (values === undefined) throw new Error("positionsHeatmap: needs positions (a BacktestResult) or weights (a PortfolioResult)");
  if (values.length !== N * T) throw new Error(`positionsHeatmap: ${values.length} values for ${N} tickers x ${T} dates`);
  const rows = result.tickers.map((_, j) => bucketMeans(rowView(values, j * T, T), { maxPoints: maxColumns, scale: 100 }));
  const z = rows.map((row) => row.means);
  let extreme = 0;
  for (const row of z) for (const v of row) if (v !== null) extreme = Math.max(extreme, Math.abs(v));
  // every row has the same buckets (same length, same maxColumns): the heatmap's columns
  const buckets = rows[0] ?? bucketMeans(new Float64Array(T), { maxPoints: maxColumns });
  return {
    data: [
      {
        type: "heatmap",
        x: bucketDates(result.dates, buckets),
        y: result.tickers.slice(),
        z,
        zmin: -extreme || -1,
        zmax: extreme || 1,
        colorscale: "RdBu",
        reversescale: true, // plotly's RdBu puts red at the top; here longs are blue and shorts red, as in dayWeightsChart
        colorbar: { title: { text: "% NAV" } },
        hovertemplate: `%{y} %{x}: ${hoverValue("z", "percent", 2)}<extra></extra>`,
      },
    ],
    layout: baseLayout({ title: { text: title + bucketNote(buckets) }, height: Math.max(320, 60 + 16 * N), hovermode: "closest", yaxis: { autorange: "reversed", automargin: true } }),
  };
}

/** Index access into one ticker's contiguous slice, without copying. */
function rowView(values: ArrayLike<number>, offset: number, length: number): ArrayLike<number> {
  if (ArrayBuffer.isView(values)) return (values as Float64Array).subarray(offset, offset + length);
  return Array.prototype.slice.call(values, offset, offset + length) as number[];
}

/** Options of `dayWeightsChart`. */
export interface DayWeightsChartOptions {
  title?: string;
  /** Leave out tickers whose weight is exactly 0 that day (default true). */
  hideFlat?: boolean;
}

/**
 * One day's weights as horizontal bars, largest long at the top, in % of NAV.
 * @param result a `BacktestResult` (positions) or `PortfolioResult` (weights)
 * @param day an epoch day of `result.dates` or an ISO date string
 * @throws when the date is not in the result
 */
export function dayWeightsChart(
  result: { readonly tickers: readonly string[]; readonly dates: ArrayLike<number>; readonly positions?: ArrayLike<number>; readonly weights?: ArrayLike<number> },
  day: number | string,
  { title, hideFlat = true }: DayWeightsChartOptions = {},
): Figure {
  const values = result.positions ?? result.weights;
  const N = result.tickers.length, T = result.dates.length;
  if (values === undefined) throw new Error("dayWeightsChart: needs positions (a BacktestResult) or weights (a PortfolioResult)");
  if (values.length !== N * T) throw new Error(`dayWeightsChart: ${values.length} values for ${N} tickers x ${T} dates`);
  const iso = typeof day === "string" ? day : dayToIso(day);
  let t = -1;
  for (let k = 0; k < T; k++) if (dayToIso(result.dates[k]) === iso) t = k;
  if (t < 0) throw new Error(`dayWeightsChart: ${iso} is not one of the result's dates`);
  const rows = result.tickers
    .map((ticker, j) => ({ ticker, w: values[j * T + t] }))
    .filter((r) => !hideFlat || r.w !== 0)
    .sort((a, b) => a.w - b.w);
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        y: rows.map((r) => r.ticker),
        x: rows.map((r) => r.w * 100),
        marker: { color: rows.map((r) => (r.w >= 0 ? PALETTE[0] : PALETTE[1])) },
        hovertemplate: `%{y}: ${hoverValue("x", "percent", 2)}<extra></extra>`,
      },
    ],
    layout: baseLayout({
      title: { text: title ?? `Weights on ${iso}` },
      height: Math.max(300, 60 + 18 * rows.length),
      hovermode: "closest",
      showlegend: false,
      xaxis: { title: { text: "% of NAV" }, zerolinecolor: "#999" },
      yaxis: { automargin: true },
    }),
  };
}

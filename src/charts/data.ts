/**
 * Charts of the data stage (notebook 01): candlesticks with volume for one ticker, rebased prices of
 * a universe, and the coverage heatmap (missing sessions by ticker and month). Builders only arrange
 * what src/data computed; long daily series are thinned to every n-th session for lean reports.
 */
import type { Figure } from "./figure";
import type { Bars } from "../data/types";
import type { MonthlyCoverage } from "../data/coverage";
import { dayToIso, weekday } from "../util/dates";
import { baseLayout, PALETTE } from "./theme";
import { finiteOrNull, thinIndices } from "./downsample";

/**
 * OHLC candlesticks over volume bars (two stacked panels sharing the date axis) for one ticker.
 * Pass the bars to show (e.g. one year via `barsBetween`); more than `maxBars` keeps the last ones.
 * Each candle is a bar from open to close (green when close >= open, red otherwise) with a line
 * from low to high: Plotly's `candlestick` trace is not in the cartesian bundle the reports embed
 * (src/notebook/plotly.ts), and bars plus lines draw the same picture with the traces it has.
 */
export function candlestickVolumeChart(bars: Bars, { title = `${bars.ticker}: daily bars`, maxBars = 600 }: { title?: string; maxBars?: number } = {}): Figure {
  const n = bars.dates.length;
  const from = Math.max(0, n - maxBars);
  const idx = Array.from({ length: n - from }, (_, k) => from + k);
  const x = idx.map((i) => dayToIso(bars.dates[i]));
  const rising = idx.map((i) => bars.close[i] >= bars.open[i]);
  const colour = rising.map((r) => (r ? UP : DOWN));
  // Weekdays without a bar (holidays) are cut from the axis like weekends, so candles stay evenly spaced.
  const have = new Set(idx.map((i) => bars.dates[i]));
  const holidays: string[] = [];
  if (idx.length) for (let day = bars.dates[from]; day <= bars.dates[n - 1]; day++) if (weekday(day) % 6 !== 0 && !have.has(day)) holidays.push(dayToIso(day));
  const value = (a: ArrayLike<number>, i: number) => finiteOrNull(a[i]);
  /** One line trace of low-high wicks for the rising (or falling) candles; null breaks the line between candles. */
  const wicks = (up: boolean): Record<string, unknown> => {
    const wx: (string | null)[] = [], wy: (number | null)[] = [];
    idx.forEach((i, k) => {
      if (rising[k] !== up) return;
      wx.push(x[k], x[k], null);
      wy.push(value(bars.low, i), value(bars.high, i), null);
    });
    return { type: "scatter", mode: "lines", name: up ? "range (rising)" : "range (falling)", x: wx, y: wy, line: { color: up ? UP : DOWN, width: 1 }, hoverinfo: "skip", yaxis: "y" };
  };
  return {
    data: [
      {
        type: "bar", name: bars.ticker, x,
        base: idx.map((i) => finiteOrNull(Math.min(bars.open[i], bars.close[i]))),
        y: idx.map((i) => finiteOrNull(Math.abs(bars.close[i] - bars.open[i]))),
        customdata: idx.map((i) => [value(bars.open, i), value(bars.high, i), value(bars.low, i), value(bars.close, i)]),
        hovertemplate: "open %{customdata[0]:.2f}<br>high %{customdata[1]:.2f}<br>low %{customdata[2]:.2f}<br>close %{customdata[3]:.2f}<extra></extra>",
        marker: { color: colour, line: { color: colour, width: 1 } }, yaxis: "y",
      },
      { type: "bar", name: "volume", x, y: idx.map((i) => finiteOrNull(bars.volume[i])), marker: { color: colour, opacity: 0.6 }, yaxis: "y2" },
      wicks(true),
      wicks(false),
    ],
    layout: baseLayout({
      title: { text: title },
      height: 520,
      showlegend: false,
      hovermode: "x",
      barmode: "overlay",
      bargap: 0.3,
      xaxis: { type: "date", rangebreaks: [{ bounds: ["sat", "mon"] }, { values: holidays }] },
      yaxis: { domain: [0.3, 1], title: { text: "price" } },
      yaxis2: { domain: [0, 0.22], title: { text: "volume" } },
    }),
  };
}

const UP = "#2ca02c";
const DOWN = "#d62728";

/**
 * One line per ticker of rebased prices (ticker-major values as from `rebasedCloses`), log scale,
 * thinned to every `everyNth` session (default 5: weekly) plus the last.
 */
export function rebasedPriceChart(
  dates: ArrayLike<number>,
  tickers: readonly string[],
  values: ArrayLike<number>,
  { title = "Growth of 1 (total return)", everyNth = 5, logY = true }: { title?: string; everyNth?: number; logY?: boolean } = {},
): Figure {
  const T = dates.length;
  const rows = thinIndices(T, { step: everyNth });
  const x = Array.from(rows, (t) => dayToIso(dates[t]));
  return {
    data: tickers.map((name, j) => ({
      type: "scatter", mode: "lines", name, x, y: Array.from(rows, (t) => finiteOrNull(values[j * T + t])),
      line: { width: 1.2, color: PALETTE[j % PALETTE.length] }, connectgaps: false,
    })),
    layout: baseLayout({ title: { text: title }, height: 560, yaxis: { type: logY ? "log" : "linear", title: { text: "value of 1 invested" } }, legend: { orientation: "v", x: 1.02, y: 1 }, margin: { r: 90 } }),
  };
}

/** Heatmap of missing sessions per ticker (rows) and month (columns); white = complete. */
export function coverageHeatmap(coverage: MonthlyCoverage, { title = "Coverage: missing sessions per month" }: { title?: string } = {}): Figure {
  const z = coverage.missing.map((row) => row.map((v, m) => (coverage.sessions[m] ? v / coverage.sessions[m] : null)));
  // Counts in customdata and the sentence in one template: a hover string per cell would be most of the report's bytes.
  const customdata = coverage.missing.map((row) => row.map((v, m) => [v, coverage.sessions[m]]));
  return {
    data: [{
      type: "heatmap", x: coverage.months, y: coverage.tickers, z, customdata, hovertemplate: "%{y} %{x}: %{customdata[0]} of %{customdata[1]} sessions missing<extra></extra>", zmin: 0, zmax: 1,
      colorscale: [[0, "#ffffff"], [0.0001, "#fde0c5"], [0.5, "#f08a4b"], [1, "#b2182b"]],
      colorbar: { title: { text: "share missing" }, tickformat: ".0%" }, xgap: 0, ygap: 1,
    }],
    layout: baseLayout({ title: { text: title }, height: 140 + 18 * coverage.tickers.length, hovermode: "closest", yaxis: { autorange: "reversed" }, xaxis: { type: "category", nticks: 24 } }),
  };
}

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
 */
export function candlestickVolumeChart(bars: Bars, { title = `${bars.ticker}: daily bars`, maxBars = 600 }: { title?: string; maxBars?: number } = {}): Figure {
  const n = bars.dates.length;
  const from = Math.max(0, n - maxBars);
  const idx = Array.from({ length: n - from }, (_, k) => from + k);
  const x = idx.map((i) => dayToIso(bars.dates[i]));
  const up = idx.map((i) => (bars.close[i] >= bars.open[i] ? "#2ca02c" : "#d62728"));
  // Weekdays without a bar (holidays) are cut from the axis like weekends, so candles stay evenly spaced.
  const have = new Set(idx.map((i) => bars.dates[i]));
  const holidays: string[] = [];
  if (idx.length) for (let day = bars.dates[from]; day <= bars.dates[n - 1]; day++) if (weekday(day) % 6 !== 0 && !have.has(day)) holidays.push(dayToIso(day));
  return {
    data: [
      {
        type: "candlestick", name: bars.ticker, x,
        open: idx.map((i) => finiteOrNull(bars.open[i])), high: idx.map((i) => finiteOrNull(bars.high[i])), low: idx.map((i) => finiteOrNull(bars.low[i])), close: idx.map((i) => finiteOrNull(bars.close[i])),
        increasing: { line: { color: "#2ca02c" } }, decreasing: { line: { color: "#d62728" } }, yaxis: "y",
      },
      { type: "bar", name: "volume", x, y: idx.map((i) => finiteOrNull(bars.volume[i])), marker: { color: up, opacity: 0.6 }, yaxis: "y2" },
    ],
    layout: baseLayout({
      title: { text: title },
      height: 520,
      showlegend: false,
      hovermode: "x",
      xaxis: { rangeslider: { visible: false }, type: "date", rangebreaks: [{ bounds: ["sat", "mon"] }, { values: holidays }] },
      yaxis: { domain: [0.3, 1], title: { text: "price" } },
      yaxis2: { domain: [0, 0.22], title: { text: "volume" } },
    }),
  };
}

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
  const text = coverage.missing.map((row, j) => row.map((v, m) => `${coverage.tickers[j]} ${coverage.months[m]}: ${v} of ${coverage.sessions[m]} sessions missing`));
  return {
    data: [{
      type: "heatmap", x: coverage.months, y: coverage.tickers, z, text, hoverinfo: "text", zmin: 0, zmax: 1,
      colorscale: [[0, "#ffffff"], [0.0001, "#fde0c5"], [0.5, "#f08a4b"], [1, "#b2182b"]],
      colorbar: { title: { text: "share missing" }, tickformat: ".0%" }, xgap: 0, ygap: 1,
    }],
    layout: baseLayout({ title: { text: title }, height: 140 + 18 * coverage.tickers.length, hovermode: "closest", yaxis: { autorange: "reversed" }, xaxis: { type: "category", nticks: 24 } }),
  };
}

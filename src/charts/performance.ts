/**
 * Performance charts for notebooks 05 and 06 and the CLI report: equity curves, drawdowns,
 * rolling Sharpe, the monthly returns heatmap, returns by regime, and the cost sensitivity sweep.
 * Builders only arrange what analytics computed; long daily series are thinned for display
 * (every k-th day, the last day always kept) so each trace stays under `maxPoints`.
 */
import type { Figure } from "./figure";
import type { MonthlyReturns } from "../analytics/calendar";
import type { RegimePerformance } from "../analytics/regime";
import { dayToIso } from "../util/dates";
import { hoverValue } from "../util/format";
import { PALETTE, baseLayout } from "./theme";
import { finiteOrNull, thinIndices } from "./downsample";

/** Thinned x (ISO dates) and y arrays; NaN becomes null so Plotly leaves a gap. */
function thinned(dates: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): { x: string[]; y: (number | null)[] } {
  if (y.length !== dates.length) throw new Error(`performance chart: a series has ${y.length} values for ${dates.length} dates`);
  const idx = thinIndices(dates.length, { maxPoints });
  return { x: Array.from(idx, (i) => dayToIso(dates[i])), y: Array.from(idx, (i) => finiteOrNull(y[i])) };
}

export interface SeriesChartOptions {
  title?: string;
  /** Most points per trace (default 2500). */
  maxPoints?: number;
}

/**
 * Growth of $1: one line per named wealth series (strategy, benchmark, equal weight ...), log scale
 * by default so equal percentage moves look equal across the years.
 */
export function equityCurveChart(
  dates: ArrayLike<number>,
  wealth: Record<string, ArrayLike<number>>,
  { title = "Growth of $1", logY = true, maxPoints = 2500 }: SeriesChartOptions & { logY?: boolean } = {},
): Figure {
  return {
    data: Object.entries(wealth).map(([name, w], k) => ({
      type: "scatter",
      mode: "lines",
      name,
      ...thinned(dates, w, maxPoints),
      line: { width: k === 0 ? 2 : 1.3, color: PALETTE[k % PALETTE.length] },
    })),
    layout: baseLayout({ title: { text: title }, yaxis: { title: { text: "wealth ($)" }, type: logY ? "log" : "linear" } }),
  };
}

/** Drawdown from the running peak (as returned by `drawdownSeries`), filled down from zero, in percent. */
export function drawdownChart(dates: ArrayLike<number>, drawdowns: Record<string, ArrayLike<number>>, { title = "Drawdown", maxPoints = 2500 }: SeriesChartOptions = {}): Figure {
  return {
    data: Object.entries(drawdowns).map(([name, dd], k) => {
      const { x, y } = thinned(dates, dd, maxPoints);
      return {
        type: "scatter",
        mode: "lines",
        name,
        x,
        y: y.map((v) => (v === null ? null : v * 100)),
        fill: k === 0 ? "tozeroy" : "none",
        line: { width: 1.2, color: PALETTE[k % PALETTE.length] },
      };
    }),
    layout: baseLayout({ title: { text: title }, yaxis: { title: { text: "drawdown (%)" }, ticksuffix: "%", zerolinecolor: "#999" } }),
  };
}

/** Rolling annualised Sharpe ratio (from `rollingSharpe`), with the zero line drawn. */
export function rollingSharpeChart(
  dates: ArrayLike<number>,
  series: Record<string, ArrayLike<number>>,
  { title = "Rolling Sharpe ratio", windowDays, maxPoints = 2500 }: SeriesChartOptions & { windowDays?: number } = {},
): Figure {
  return {
    data: Object.entries(series).map(([name, s], k) => ({
      type: "scatter",
      mode: "lines",
      name,
      ...thinned(dates, s, maxPoints),
      line: { width: 1.3, color: PALETTE[k % PALETTE.length] },
    })),
    layout: baseLayout({
      title: { text: windowDays ? `${title} (${windowDays}-day window, annualised)` : title },
      yaxis: { title: { text: "Sharpe (annualised)" }, zerolinecolor: "#666", zerolinewidth: 1.5 },
    }),
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Monthly returns heatmap (years down, months across, plus the year's total), in percent, on a
 * red-white-green scale centred at zero and symmetric so that colour intensity compares across cells.
 */
export function monthlyReturnsHeatmap(monthly: MonthlyReturns, { title = "Monthly returns" }: { title?: string } = {}): Figure {
  const z: (number | null)[][] = [];
  const text: string[][] = [];
  let extreme = 0;
  monthly.years.forEach((_, y) => {
    const row: (number | null)[] = [];
    const labels: string[] = [];
    for (let m = 0; m < 13; m++) {
      const v = m < 12 ? monthly.values[y * 12 + m] : monthly.yearTotals[y];
      const pct = finiteOrNull(v * 100);
      row.push(pct);
      labels.push(pct === null ? "" : pct.toFixed(1));
      if (pct !== null && m < 12) extreme = Math.max(extreme, Math.abs(pct));
    }
    z.push(row);
    text.push(labels);
  });
  const bound = extreme || 1;
  return {
    data: [
      {
        type: "heatmap",
        x: [...MONTHS, "Year"],
        y: monthly.years.map(String),
        z,
        text,
        texttemplate: "%{text}",
        textfont: { size: 9 },
        zmin: -bound,
        zmax: bound,
        colorscale: [
          [0, "#b2182b"],
          [0.5, "#ffffff"],
          [1, "#1a9850"],
        ],
        colorbar: { title: { text: "%" }, ticksuffix: "%" },
        hovertemplate: `%{y} %{x}: ${hoverValue("z", "percent", 2)}<extra></extra>`,
      },
    ],
    layout: baseLayout({
      title: { text: title },
      height: Math.max(300, 60 + 22 * monthly.years.length),
      hovermode: "closest",
      yaxis: { autorange: "reversed", type: "category" },
      xaxis: { side: "top", type: "category" },
      margin: { l: 50, t: 70, b: 20 },
    }),
  };
}

/**
 * Returns by regime: annualised mean return and volatility per regime as grouped bars (percent),
 * with the Sharpe ratio, days and share of time in the hover and the bar labels.
 */
export function regimeReturnsChart(rows: readonly RegimePerformance[], { title = "Returns by regime" }: { title?: string } = {}): Figure {
  const x = rows.map((r) => r.label);
  const pct = (v: number) => finiteOrNull(v * 100);
  const custom = rows.map((r) => [r.sharpe, r.periods, r.share * 100]);
  return {
    data: [
      {
        type: "bar",
        name: "annualised mean return",
        x,
        y: rows.map((r) => pct(r.annualizedMean)),
        customdata: custom,
        text: rows.map((r) => (r.sharpe === r.sharpe ? `SR ${r.sharpe.toFixed(2)}` : "")),
        textposition: "outside",
        marker: { color: PALETTE[0] },
        hovertemplate: "%{x}: mean %{y:.1f}%/yr · Sharpe %{customdata[0]:.2f} · %{customdata[1]} days (%{customdata[2]:.0f}%)<extra></extra>",
      },
      {
        type: "bar",
        name: "annualised volatility",
        x,
        y: rows.map((r) => pct(r.annualizedVolatility)),
        marker: { color: PALETTE[7] },
        hovertemplate: `%{x}: volatility ${hoverValue("y", "percent", 1)}/yr<extra></extra>`,
      },
    ],
    layout: baseLayout({ title: { text: title }, barmode: "group", hovermode: "closest", yaxis: { title: { text: "% per year" }, ticksuffix: "%", zerolinecolor: "#666" } }),
  };
}

/**
 * Cost sensitivity sweep: net Sharpe ratio (y) against the cost level (x, basis points), one line
 * per named series; where the lines cross zero the strategy stops paying for its trading.
 */
export function costSensitivityChart(
  costBps: ArrayLike<number>,
  netSharpe: Record<string, ArrayLike<number>>,
  { title = "Net Sharpe ratio vs cost level", xTitle = "cost level (bps per unit traded)" }: { title?: string; xTitle?: string } = {},
): Figure {
  const x = Array.from(costBps);
  return {
    data: Object.entries(netSharpe).map(([name, s], k) => {
      if (s.length !== x.length) throw new Error(`costSensitivityChart: series "${name}" has ${s.length} values for ${x.length} cost levels`);
      return {
        type: "scatter",
        mode: "lines+markers",
        name,
        x,
        y: Array.from(s, finiteOrNull),
        line: { width: 1.6, color: PALETTE[k % PALETTE.length] },
        hovertemplate: `${name}: ${hoverValue("x", "bps", 1)} -> Sharpe ${hoverValue("y", "number", 2)}<extra></extra>`,
      };
    }),
    layout: baseLayout({
      title: { text: title },
      hovermode: "closest",
      xaxis: { title: { text: xTitle } },
      yaxis: { title: { text: "net Sharpe (annualised)" }, zerolinecolor: "#666", zerolinewidth: 1.5 },
    }),
  };
}

/**
 * The bootstrap distribution summary of the Sharpe ratio as a dot with its interval, one row per
 * named strategy, and optional vertical markers (e.g. the DSR bar E[max SR]).
 */
export function sharpeIntervalChart(
  intervals: Record<string, { sharpe: number; lower: number; upper: number }>,
  { title = "Sharpe ratio with bootstrap interval", markers = {} }: { title?: string; markers?: Record<string, number> } = {},
): Figure {
  const names = Object.keys(intervals);
  const data: Record<string, unknown>[] = [
    {
      type: "scatter",
      mode: "markers",
      name: "Sharpe (annualised)",
      y: names,
      x: names.map((n) => intervals[n].sharpe),
      marker: { size: 10, color: PALETTE[0] },
      error_x: {
        type: "data",
        symmetric: false,
        array: names.map((n) => intervals[n].upper - intervals[n].sharpe),
        arrayminus: names.map((n) => intervals[n].sharpe - intervals[n].lower),
        thickness: 1.5,
        width: 6,
      },
    },
  ];
  // Markers are vertical lines across the whole plot (shapes in paper coordinates), labelled on top.
  const entries = Object.entries(markers).filter(([, v]) => v === v);
  const shapes = entries.map(([, value], k) => ({ type: "line", xref: "x", yref: "paper", x0: value, x1: value, y0: 0, y1: 1, line: { dash: "dash", width: 1.5, color: PALETTE[(k + 1) % PALETTE.length] } }));
  const annotations = entries.map(([label, value], k) => ({ x: value, y: 1, xref: "x", yref: "paper", yanchor: "bottom", text: label, showarrow: false, font: { size: 11, color: PALETTE[(k + 1) % PALETTE.length] } }));
  return {
    data,
    layout: baseLayout({
      title: { text: title },
      height: Math.max(260, 120 + 40 * names.length),
      hovermode: "closest",
      shapes,
      annotations,
      xaxis: { title: { text: "Sharpe ratio (annualised)" }, zeroline: true, zerolinecolor: "#666" },
      yaxis: { type: "category", automargin: true },
    }),
  };
}

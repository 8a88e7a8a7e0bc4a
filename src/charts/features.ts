/**
 * Charts of the feature stage (notebook 02). Builders only arrange what src/features (and
 * src/analytics for the IC) computed: pooled histograms, the rank-correlation heatmap, the
 * cross-asset signals over time, the information coefficient per feature. Long daily series are
 * thinned to at most `maxPoints` points per trace (every n-th day, the last day kept).
 */
import type { Figure } from "./figure";
import { dayToIso } from "../util/dates";
import { baseLayout, PALETTE } from "./theme";
import { finiteOrNull, thinIndices } from "./downsample";

/** What featureDistributionsChart draws per feature (featureHistograms returns these). */
export interface HistogramInput {
  readonly name: string;
  readonly edges: ArrayLike<number>;
  readonly counts: ArrayLike<number>;
  readonly clipped?: number;
}

/** Small multiples: one bar histogram per feature, `columns` across. */
export function featureDistributionsChart(
  histograms: readonly HistogramInput[],
  { title = "Feature distributions (pooled over tickers and days)", columns = 5 }: { title?: string; columns?: number } = {},
): Figure {
  const n = histograms.length;
  const rows = Math.ceil(n / columns);
  const axes: Record<string, unknown> = {};
  const data = histograms.map((h, i) => {
    const axis = i === 0 ? "" : String(i + 1);
    axes[`xaxis${axis}`] = { tickfont: { size: 8 }, nticks: 4 };
    axes[`yaxis${axis}`] = { showticklabels: false };
    const centers = Array.from(h.counts, (_, b) => (h.edges[b] + h.edges[b + 1]) / 2);
    return {
      type: "bar",
      name: h.name,
      x: centers,
      y: Array.from(h.counts),
      xaxis: `x${axis}`,
      yaxis: `y${axis}`,
      marker: { color: PALETTE[0] },
      width: h.edges.length > 1 ? h.edges[1] - h.edges[0] : undefined,
    };
  });
  const layout = baseLayout({
    title: { text: title },
    height: 130 * rows + 80,
    showlegend: false,
    hovermode: "closest",
    grid: { rows, columns, pattern: "independent", xgap: 0.12, ygap: 0.45 },
    annotations: histograms.map((h, i) => ({
      text: h.clipped ? `${h.name} (${h.clipped} clipped)` : h.name,
      font: { size: 10 },
      showarrow: false,
      xref: `x${i === 0 ? "" : i + 1} domain`,
      yref: `y${i === 0 ? "" : i + 1} domain`,
      x: 0.5,
      y: 1.18,
      xanchor: "center",
    })),
    ...axes,
  });
  return { data, layout };
}

/** A symmetric correlation matrix (row-major k x k) as a red-blue heatmap on [-1, 1]. */
export function featureCorrelationHeatmap(
  names: readonly string[],
  matrix: ArrayLike<number>,
  { title = "Rank correlation between features" }: { title?: string } = {},
): Figure {
  const k = names.length;
  const z = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => finiteOrNull(matrix[a * k + b])));
  return {
    data: [
      {
        type: "heatmap",
        x: [...names],
        y: [...names],
        z,
        zmin: -1,
        zmax: 1,
        colorscale: "RdBu",
        reversescale: true,
        hovertemplate: "%{y} vs %{x}: %{z:.2f}<extra></extra>",
      },
    ],
    layout: baseLayout({
      title: { text: title },
      height: 300 + 16 * k,
      hovermode: "closest",
      xaxis: { tickfont: { size: 9 }, tickangle: -60 },
      yaxis: { tickfont: { size: 9 }, autorange: "reversed" },
      margin: { l: 150, b: 150 },
    }),
  };
}

/** Daily market-wide signals stacked in panels sharing the date axis. */
export function crossAssetSignalsChart(
  dates: ArrayLike<number>,
  series: readonly { name: string; values: ArrayLike<number> }[],
  { title = "Cross-asset signals", maxPoints = 1500 }: { title?: string; maxPoints?: number } = {},
): Figure {
  const d = series.length;
  const idx = thinIndices(dates.length, { maxPoints });
  const x = Array.from(idx, (t) => dayToIso(dates[t]));
  const gap = 0.03;
  const h = (1 - gap * (d - 1)) / d;
  const axes: Record<string, unknown> = {};
  const data = series.map((s, f) => {
    const axis = f === 0 ? "" : String(f + 1);
    const top = 1 - f * (h + gap);
    axes[`yaxis${axis}`] = { domain: [top - h, top], title: { text: s.name, font: { size: 10 } }, zerolinecolor: "#bbb" };
    axes[`xaxis${axis}`] = { anchor: `y${axis}`, matches: f === 0 ? undefined : "x", showticklabels: f === d - 1 };
    return {
      type: "scatter",
      mode: "lines",
      name: s.name,
      x,
      y: Array.from(idx, (t) => finiteOrNull(s.values[t])),
      xaxis: `x${axis}`,
      yaxis: `y${axis}`,
      line: { width: 1, color: PALETTE[f % PALETTE.length] },
    };
  });
  return { data, layout: baseLayout({ title: { text: title }, height: 130 * d + 90, showlegend: false, hovermode: "x", ...axes }) };
}

/** One bar per feature: its mean daily IC, with +-2 standard errors, sorted by IC. */
export interface IcBarInput {
  readonly name: string;
  readonly meanIc: number;
  /** Standard error of the mean IC; drawn as +-2 se. */
  readonly se?: number;
  /** Shown in the hover text. */
  readonly tStat?: number;
}

/** Horizontal bars of mean IC per feature (green positive, red negative), largest on top. */
export function featureIcChart(
  rows: readonly IcBarInput[],
  { title = "Rank IC with the next-day return", xTitle = "mean daily rank IC" }: { title?: string; xTitle?: string } = {},
): Figure {
  const sorted = rows.filter((r) => Number.isFinite(r.meanIc)).sort((a, b) => a.meanIc - b.meanIc);
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        y: sorted.map((r) => r.name),
        x: sorted.map((r) => r.meanIc),
        error_x: { type: "data", array: sorted.map((r) => (r.se !== undefined && Number.isFinite(r.se) ? 2 * r.se : 0)), visible: true, color: "#777", thickness: 1 },
        marker: { color: sorted.map((r) => (r.meanIc >= 0 ? "#2ca02c" : "#d62728")) },
        text: sorted.map((r) => (r.tStat !== undefined && Number.isFinite(r.tStat) ? `t = ${r.tStat.toFixed(1)}` : "")),
        hovertemplate: "%{y}: %{x:.4f} (%{text})<extra></extra>",
        textposition: "none",
      },
    ],
    layout: baseLayout({
      title: { text: title },
      height: 120 + 18 * sorted.length,
      hovermode: "closest",
      showlegend: false,
      xaxis: { title: { text: xTitle }, zerolinecolor: "#999" },
      yaxis: { tickfont: { size: 10 }, automargin: true },
      margin: { l: 160, b: 50 },
    }),
  };
}

/**
 * The sweep report's charts: each trial's net Sharpe ratio against one varied parameter, and the
 * mean over trials on a grid of two parameters. The statistics come computed (src/sweep).
 */
import type { Figure } from "./figure";
import { finiteOrNull } from "./downsample";
import { baseLayout } from "./theme";

/**
 * One marker per trial: the value of `path` it ran with (a category, in the grid's order) and its
 * metric. `best` (a trial index) is drawn apart, so the reader sees where the winner sits.
 */
export function sweepParameterChart(
  path: string,
  categories: readonly string[],
  trialValues: readonly string[],
  metric: ArrayLike<number>,
  { metricName = "net Sharpe ratio", best = -1 }: { metricName?: string; best?: number } = {},
): Figure {
  const x = Array.from(trialValues);
  const y = Array.from(metric, finiteOrNull);
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "markers", name: "trials", x, y, marker: { size: 7, opacity: 0.6 }, hovertemplate: `${path} = %{x}<br>${metricName} %{y:.3f}<extra></extra>` },
  ];
  if (best >= 0) data.push({ type: "scatter", mode: "markers", name: "best trial", x: [x[best]], y: [y[best]], marker: { size: 12, symbol: "star" } });
  return {
    data,
    layout: baseLayout({
      title: { text: `${metricName} by ${path}` },
      hovermode: "closest",
      xaxis: { title: { text: path }, type: "category", categoryorder: "array", categoryarray: [...categories] },
      yaxis: { title: { text: metricName } },
    }),
  };
}

/** A metric's mean over the trials of each cell of two varied parameters (rows y, columns x); empty cells blank. */
export function sweepHeatmap(
  xPath: string,
  yPath: string,
  cells: { readonly x: readonly string[]; readonly y: readonly string[]; readonly z: readonly ArrayLike<number>[] },
  { metricName = "net Sharpe ratio" }: { metricName?: string } = {},
): Figure {
  return {
    data: [
      {
        type: "heatmap",
        x: [...cells.x],
        y: [...cells.y],
        z: cells.z.map((row) => Array.from(row, finiteOrNull)),
        colorscale: "RdBu",
        zmid: 0,
        colorbar: { title: { text: metricName } },
        hovertemplate: `${xPath} = %{x}<br>${yPath} = %{y}<br>${metricName} %{z:.3f}<extra></extra>`,
      },
    ],
    layout: baseLayout({
      title: { text: `Mean ${metricName}: ${yPath} x ${xPath}` },
      hovermode: "closest",
      xaxis: { title: { text: xPath }, type: "category" },
      yaxis: { title: { text: yPath }, type: "category" },
    }),
  };
}

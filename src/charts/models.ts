/**
 * Charts of the alpha models (notebook 04): the walk-forward schedule, out-of-sample IC over time,
 * feature importance overall and per regime, predicted versus realised returns, and the model
 * comparison. Builders only arrange what src/models computed (folds, rollingIcMean,
 * forecastBuckets, compareAlphaForecasts, featureSelectionTable); scatter clouds are thinned to at
 * most `maxPoints`.
 */
import type { FeatureSelectionTable } from "../models/walkForward";
import type { Figure } from "./figure";
import { dayToIso } from "../util/dates";
import { PALETTE, baseLayout } from "./theme";
import { finiteOrNull, thinIndices } from "./downsample";

/** The parts of a walk-forward fold the schedule chart draws (WalkForwardFold has them). */
export interface ScheduleFold {
  readonly fold: number;
  readonly trainStartDate: number;
  readonly trainEndDate: number;
  readonly testStartDate: number;
  readonly testEndDate: number;
  readonly trainRows?: number;
}

/**
 * Walk-forward schedule as a Gantt chart: one row per refit, its training window (blue), the
 * purge gap (grey) and the days it predicts (orange). Segments are drawn as lines with gaps, so
 * three traces carry every fold.
 */
export function walkForwardScheduleChart(folds: readonly ScheduleFold[], { title = "Walk-forward schedule" }: { title?: string } = {}): Figure {
  const segs = (from: (f: ScheduleFold) => number, to: (f: ScheduleFold) => number) => {
    const x: (string | null)[] = [], y: (number | null)[] = [];
    for (const f of folds) {
      x.push(dayToIso(from(f)), dayToIso(to(f)), null);
      y.push(f.fold, f.fold, null);
    }
    return { x, y };
  };
  const line = (name: string, color: string, width: number, xy: { x: (string | null)[]; y: (number | null)[] }) => ({
    type: "scatter",
    mode: "lines",
    name,
    ...xy,
    line: { color, width },
    hoverinfo: "x+name",
  });
  return {
    data: [
      line("training labels", PALETTE[0], 5, segs((f) => f.trainStartDate, (f) => f.trainEndDate)),
      line("purge (label horizon)", "#999", 5, segs((f) => f.trainEndDate, (f) => f.testStartDate)),
      line("predicted days", PALETTE[3], 5, segs((f) => f.testStartDate, (f) => f.testEndDate)),
    ],
    layout: baseLayout({
      title: { text: title },
      height: Math.min(700, 220 + 6 * folds.length),
      hovermode: "closest",
      yaxis: { title: { text: "refit" }, autorange: "reversed", zeroline: false },
    }),
  };
}

/**
 * Out-of-sample IC over time: one line per model (for example the trailing mean from
 * `rollingIcMean`), with the zero line. Every k-th day (and the last) is drawn when there are more than maxPoints.
 */
export function icOverTimeChart(
  dates: ArrayLike<number>,
  series: Record<string, ArrayLike<number>>,
  { title = "Out-of-sample IC over time", yTitle = "IC", maxPoints = 1500 }: { title?: string; yTitle?: string; maxPoints?: number } = {},
): Figure {
  const n = dates.length;
  const idx = thinIndices(n, { maxPoints });
  const x = Array.from(idx, (i) => dayToIso(dates[i]));
  return {
    data: Object.entries(series).map(([name, s], k) => {
      if (s.length !== n) throw new Error(`icOverTimeChart: series "${name}" has ${s.length} values for ${n} dates`);
      return { type: "scatter", mode: "lines", name, x, y: Array.from(idx, (i) => finiteOrNull(s[i])), line: { width: 1.4, color: PALETTE[k % PALETTE.length] } };
    }),
    layout: baseLayout({ title: { text: title }, yaxis: { title: { text: yTitle }, zerolinecolor: "#888", zerolinewidth: 1.5 } }),
  };
}

/** Horizontal bars of one importance vector, largest on top, the `top` largest only (default 20). */
export function featureImportanceChart(
  featureNames: readonly string[],
  importance: ArrayLike<number>,
  { title = "Feature importance", top = 20, xTitle = "impurity importance (share)" }: { title?: string; top?: number; xTitle?: string } = {},
): Figure {
  const order = Array.from(featureNames, (_, f) => f)
    .filter((f) => importance[f] === importance[f])
    .sort((a, b) => importance[b] - importance[a] || a - b)
    .slice(0, top)
    .reverse();
  return {
    data: [{ type: "bar", orientation: "h", x: order.map((f) => importance[f]), y: order.map((f) => featureNames[f]), marker: { color: PALETTE[0] }, name: "importance" }],
    layout: baseLayout({
      title: { text: title },
      height: Math.max(300, 120 + 22 * order.length),
      hovermode: "closest",
      margin: { l: 170 },
      showlegend: false,
      xaxis: { title: { text: xTitle } },
    }),
  };
}

/**
 * Importance per regime: grouped horizontal bars, one colour per model (overall and each regime
 * with a forest), for the `top` features by overall importance.
 */
export function regimeImportanceChart(
  featureNames: readonly string[],
  overall: ArrayLike<number>,
  byRegime: readonly (ArrayLike<number> | null)[],
  { title = "Feature importance by regime", top = 15, regimeNames }: { title?: string; top?: number; regimeNames?: readonly string[] } = {},
): Figure {
  const order = Array.from(featureNames, (_, f) => f)
    .sort((a, b) => (overall[b] || 0) - (overall[a] || 0) || a - b)
    .slice(0, top)
    .reverse();
  const y = order.map((f) => featureNames[f]);
  const data: Record<string, unknown>[] = [{ type: "bar", orientation: "h", name: "overall", x: order.map((f) => overall[f]), y, marker: { color: "#555" } }];
  byRegime.forEach((imp, k) => {
    if (!imp) return;
    data.push({ type: "bar", orientation: "h", name: regimeNames?.[k] ?? `regime ${k}`, x: order.map((f) => imp[f]), y, marker: { color: PALETTE[k % PALETTE.length] } });
  });
  return {
    data,
    layout: baseLayout({
      title: { text: title },
      barmode: "group",
      height: Math.max(350, 140 + 12 * order.length * data.length),
      hovermode: "closest",
      margin: { l: 170 },
      xaxis: { title: { text: "impurity importance (share)" } },
    }),
  };
}

/**
 * Predicted versus realised forward return, two panels. Left: a thinned cloud of (forecast,
 * realised) pairs (every k-th finite pair and the last, about maxPoints). Right, when given: the bucket means
 * from `forecastBuckets` (mean realised against mean forecast per forecast bucket) with the
 * diagonal, on their own scale, since bucket means are far smaller than single outcomes.
 */
export function predictedVsRealisedChart(
  predicted: ArrayLike<number>,
  realised: ArrayLike<number>,
  { title = "Predicted vs realised", buckets, maxPoints = 3000, percent = true }: { title?: string; buckets?: { meanForecast: ArrayLike<number>; meanRealised: ArrayLike<number> }; maxPoints?: number; percent?: boolean } = {},
): Figure {
  if (predicted.length !== realised.length) throw new Error(`predictedVsRealisedChart: ${predicted.length} forecasts for ${realised.length} outcomes`);
  const scale = percent ? 100 : 1;
  const finite: number[] = [];
  for (let k = 0; k < predicted.length; k++) if (predicted[k] === predicted[k] && realised[k] === realised[k]) finite.push(k);
  const shown = thinIndices(finite.length, { maxPoints });
  const px = Array.from(shown, (i) => predicted[finite[i]] * scale);
  const py = Array.from(shown, (i) => realised[finite[i]] * scale);
  const unit = percent ? " (%)" : "";
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "markers", name: `pairs (${shown.length} of ${finite.length})`, x: px, y: py, marker: { size: 3, opacity: 0.35, color: PALETTE[0] } },
  ];
  const axes: Record<string, unknown> = {
    xaxis: { title: { text: `predicted${unit}` }, zerolinecolor: "#ccc", domain: buckets ? [0, 0.55] : [0, 1] },
    yaxis: { title: { text: `realised${unit}` } },
  };
  if (buckets) {
    const bx = Array.from(buckets.meanForecast, (v) => v * scale), by = Array.from(buckets.meanRealised, (v) => v * scale);
    data.push({ type: "scatter", mode: "lines+markers", name: "bucket means", x: bx, y: by, xaxis: "x2", yaxis: "y2", line: { color: PALETTE[1], width: 2.5 }, marker: { size: 7 } });
    const finiteX = bx.filter(Number.isFinite);
    const lo = Math.min(...finiteX), hi = Math.max(...finiteX);
    data.push({ type: "scatter", mode: "lines", name: "realised = predicted", x: [lo, hi], y: [lo, hi], xaxis: "x2", yaxis: "y2", line: { color: "#888", dash: "dot", width: 1 } });
    axes.xaxis2 = { title: { text: `mean predicted per bucket${unit}` }, domain: [0.65, 1], anchor: "y2", zerolinecolor: "#ccc" };
    axes.yaxis2 = { title: { text: `mean realised${unit}` }, anchor: "x2" };
  }
  return { data, layout: baseLayout({ title: { text: title }, hovermode: "closest", ...axes }) };
}

/**
 * Model comparison: mean IC and mean rank IC per model as grouped bars, the t-stats in the hover
 * (from `compareAlphaForecasts(...).evaluations`).
 */
export function modelComparisonChart(
  names: readonly string[],
  evaluations: readonly { icMean: number; icTStat: number; rankIcMean: number; rankIcTStat: number }[],
  { title = "Out-of-sample IC by model" }: { title?: string } = {},
): Figure {
  const bar = (name: string, color: string, y: number[], t: number[]) => ({
    type: "bar",
    name,
    x: [...names],
    y,
    text: t.map((v) => `t = ${v.toFixed(2)}`),
    hovertemplate: "%{x}: %{y:.4f} (%{text})<extra></extra>",
    marker: { color },
  });
  return {
    data: [
      bar("mean IC", PALETTE[0], evaluations.map((e) => e.icMean), evaluations.map((e) => e.icTStat)),
      bar("mean rank IC", PALETTE[2], evaluations.map((e) => e.rankIcMean), evaluations.map((e) => e.rankIcTStat)),
    ],
    layout: baseLayout({ title: { text: title }, barmode: "group", hovermode: "closest", yaxis: { title: { text: "correlation" }, zerolinecolor: "#888" } }),
  };
}

/**
 * Which features each walk-forward refit kept (from `featureSelectionTable`): a heatmap with one
 * row per feature, most often selected on top (ties in the table's feature order), and one column
 * per refit, labelled by its first predicted day; 1 (blue) = selected, 0 (light grey) = not.
 * z[r][i] is row r's feature in fold row i of the table.
 */
export function featureSelectionHeatmap(table: FeatureSelectionTable, { title = "Features selected per refit" }: { title?: string } = {}): Figure {
  const F = table.featureNames.length, n = table.folds.length;
  if (table.selected.length !== n * F) throw new Error(`featureSelectionHeatmap: selected has ${table.selected.length} cells for ${n} folds x ${F} features`);
  const order = Array.from(table.featureNames, (_, q) => q).sort((a, b) => table.frequency[b] - table.frequency[a] || a - b);
  const x = Array.from(table.testStartDates, (d) => dayToIso(d));
  const y = order.map((q) => table.featureNames[q]);
  const z = order.map((q) => Array.from({ length: n }, (_, i) => table.selected[i * F + q]));
  const text = order.map((q) => Array.from({ length: n }, (_, i) =>
    `${table.featureNames[q]}, refit ${table.folds[i]} (from ${x[i]}): ${table.selected[i * F + q] ? "selected" : "not selected"}; kept in ${(100 * table.frequency[q]).toFixed(0)}% of refits`));
  return {
    data: [{
      type: "heatmap", x, y, z, text, hoverinfo: "text", zmin: 0, zmax: 1, showscale: false,
      colorscale: [[0, "#eeeeee"], [0.5, "#eeeeee"], [0.5, PALETTE[0]], [1, PALETTE[0]]], xgap: 1, ygap: 1,
    }],
    layout: baseLayout({
      title: { text: title },
      height: Math.max(300, 140 + 16 * F),
      hovermode: "closest",
      margin: { l: 170 },
      xaxis: { type: "category", nticks: 12, title: { text: "refit (first predicted day)" } },
      yaxis: { autorange: "reversed", type: "category" },
    }),
  };
}

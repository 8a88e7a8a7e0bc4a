/**
 * Charts of the regime stage (notebook 03). Builders only arrange what src/regimes computed:
 * features, BIC by number of states, the benchmark shaded by regime, the transition matrix,
 * filtered vs smoothed probabilities, expected durations. Long daily series are thinned to at
 * most `maxPoints` points per trace (every n-th day; regime shading keeps every switch).
 */
import type { Figure } from "./figure";
import { dayToIso } from "../util/dates";
import { baseLayout } from "./theme";
import { finiteOrNull, thinIndices } from "./downsample";

/** One colour per regime, calm (green) to turbulent (red). */
export function regimeColors(nComponents: number): string[] {
  const sets: Record<number, string[]> = {
    1: ["#1f77b4"],
    2: ["#2ca02c", "#d62728"],
    3: ["#2ca02c", "#e6a100", "#d62728"],
    4: ["#2ca02c", "#1f77b4", "#ff7f0e", "#d62728"],
    5: ["#2ca02c", "#1f77b4", "#e6a100", "#ff7f0e", "#d62728"],
  };
  return sets[nComponents] ?? Array.from({ length: nComponents }, (_, k) => `hsl(${Math.round(120 - (120 * k) / Math.max(1, nComponents - 1))}, 65%, 42%)`);
}

/** The regime features over time, one small panel per feature (row-major T x d input). */
export function regimeFeaturesChart(
  dates: ArrayLike<number>,
  names: readonly string[],
  X: ArrayLike<number>,
  { title = "Regime features", maxPoints = 2500 }: { title?: string; maxPoints?: number } = {},
): Figure {
  const d = names.length;
  const T = dates.length;
  const idx = thinIndices(T, { maxPoints });
  const x = Array.from(idx, (t) => dayToIso(dates[t]));
  const gap = 0.03;
  const h = (1 - gap * (d - 1)) / d;
  const axes: Record<string, unknown> = {};
  const data = names.map((name, f) => {
    const axis = f === 0 ? "" : String(f + 1);
    const top = 1 - f * (h + gap);
    axes[`yaxis${axis}`] = { domain: [top - h, top], title: { text: name, font: { size: 10 } } };
    axes[`xaxis${axis}`] = { anchor: `y${axis}`, matches: f === 0 ? undefined : "x", showticklabels: f === d - 1 };
    return { type: "scatter", mode: "lines", name, x, y: Array.from(idx, (t) => finiteOrNull(X[t * d + f])), xaxis: `x${axis}`, yaxis: `y${axis}`, line: { width: 1 } };
  });
  return { data, layout: baseLayout({ title: { text: title }, height: 150 * d + 90, showlegend: false, hovermode: "x", ...axes }) };
}

/** BIC (and AIC) by number of states; lower is better, the chosen K marked. */
export function regimeBicChart(
  rows: readonly { nComponents: number; bic: number; aic?: number }[],
  { title = "Information criteria by number of regimes", selected }: { title?: string; selected?: number } = {},
): Figure {
  const x = rows.map((r) => r.nComponents);
  const data: Record<string, unknown>[] = [{ type: "scatter", mode: "lines+markers", name: "BIC", x, y: rows.map((r) => r.bic) }];
  if (rows.every((r) => r.aic !== undefined)) data.push({ type: "scatter", mode: "lines+markers", name: "AIC", x, y: rows.map((r) => r.aic), line: { dash: "dot" } });
  const chosen = rows.find((r) => r.nComponents === selected);
  if (chosen) data.push({ type: "scatter", mode: "markers", name: `chosen K = ${selected}`, x: [selected], y: [chosen.bic], marker: { size: 14, symbol: "circle-open", color: "#000", line: { width: 2 } } });
  return { data, layout: baseLayout({ title: { text: title }, xaxis: { title: { text: "number of regimes K" }, dtick: 1 }, yaxis: { title: { text: "criterion (lower is better)" } }, hovermode: "closest" }) };
}

/**
 * The benchmark's price with the background shaded by regime label (one rectangle per run of
 * equal labels; -1 = unknown, unshaded).
 */
export function regimeShadedPriceChart(
  dates: ArrayLike<number>,
  price: ArrayLike<number>,
  labels: ArrayLike<number>,
  { title = "Benchmark price by regime", names, logY = true, maxPoints = 2500, priceName = "price" }: { title?: string; names?: readonly string[]; logY?: boolean; maxPoints?: number; priceName?: string } = {},
): Figure {
  const T = dates.length;
  let K = 0;
  for (let t = 0; t < T; t++) K = Math.max(K, labels[t] + 1);
  const colors = regimeColors(Math.max(K, 1));
  const shapes: Record<string, unknown>[] = [];
  let start = 0;
  for (let t = 1; t <= T; t++) {
    if (t === T || labels[t] !== labels[start]) {
      const k = labels[start];
      if (k >= 0) {
        shapes.push({
          type: "rect",
          xref: "x",
          yref: "paper",
          x0: dayToIso(dates[start]),
          x1: dayToIso(dates[Math.min(t, T - 1)]),
          y0: 0,
          y1: 1,
          fillcolor: colors[k],
          opacity: 0.22,
          line: { width: 0 },
          layer: "below",
        });
      }
      start = t;
    }
  }
  const regimeLabel = (k: number) => names?.[k] ?? `regime ${k}`;
  // legend entries for the shading colours
  const legend = Array.from({ length: K }, (_, k) => ({ type: "scatter", mode: "markers", name: regimeLabel(k), x: [null], y: [null], marker: { size: 12, symbol: "square", color: colors[k], opacity: 0.5 } }));
  const idx = thinIndices(T, { maxPoints });
  const price0 = { type: "scatter", mode: "lines", name: priceName, x: Array.from(idx, (t) => dayToIso(dates[t])), y: Array.from(idx, (t) => finiteOrNull(price[t])), line: { color: "#222", width: 1.2 } };
  return { data: [price0, ...legend], layout: baseLayout({ title: { text: title }, shapes, yaxis: { type: logY ? "log" : "linear", title: { text: priceName } } }) };
}

/** The transition matrix as an annotated heatmap: row = today's regime, column = tomorrow's. */
export function transitionMatrixHeatmap(transmat: ArrayLike<number>, names: readonly string[], { title = "Transition probabilities" }: { title?: string } = {}): Figure {
  const K = names.length;
  const z = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => transmat[i * K + j]));
  const annotations = z.flatMap((row, i) =>
    row.map((v, j) => ({ x: names[j], y: names[i], text: v.toFixed(3), showarrow: false, font: { color: v > 0.6 ? "#fff" : "#000" } })),
  );
  return {
    data: [{ type: "heatmap", z, x: [...names], y: [...names], colorscale: "Blues", zmin: 0, zmax: 1, colorbar: { title: { text: "P" } } }],
    layout: baseLayout({
      title: { text: title },
      annotations,
      height: 140 + 70 * K,
      xaxis: { title: { text: "to (tomorrow)" }, side: "bottom" },
      yaxis: { title: { text: "from (today)" }, autorange: "reversed" },
      hovermode: "closest",
    }),
  };
}

/**
 * Filtered (causal) against smoothed (look-ahead) probability of one regime over time, on one
 * axis: the smoothed line reacts before the data could have told anyone.
 */
export function filteredVsSmoothedChart(
  dates: ArrayLike<number>,
  filtered: ArrayLike<number>,
  smoothed: ArrayLike<number>,
  nComponents: number,
  {
    regime = nComponents - 1,
    regimeName,
    title,
    from,
    to,
    maxPoints = 2500,
  }: { regime?: number; regimeName?: string; title?: string; /** First ISO date shown. */ from?: string; /** Last ISO date shown. */ to?: string; maxPoints?: number } = {},
): Figure {
  const K = nComponents;
  const name = regimeName ?? `regime ${regime}`;
  // display window: rows whose date lies in [from, to]
  let lo = 0;
  let hi = dates.length;
  if (from !== undefined) while (lo < hi && dayToIso(dates[lo]) < from) lo++;
  if (to !== undefined) while (hi > lo && dayToIso(dates[hi - 1]) > to) hi--;
  const idx = thinIndices(hi - lo, { maxPoints });
  const x = Array.from(idx, (i) => dayToIso(dates[lo + i]));
  return {
    data: [
      { type: "scatter", mode: "lines", name: `smoothed P(${name}) - uses the future`, x, y: Array.from(idx, (i) => finiteOrNull(smoothed[(lo + i) * K + regime])), line: { color: "#9467bd", width: 1.2, dash: "dot" } },
      { type: "scatter", mode: "lines", name: `filtered P(${name}) - data up to t`, x, y: Array.from(idx, (i) => finiteOrNull(filtered[(lo + i) * K + regime])), line: { color: "#d62728", width: 1.4 } },
    ],
    layout: baseLayout({ title: { text: title ?? `Filtered vs smoothed probability of the ${name} regime` }, yaxis: { range: [-0.02, 1.02], title: { text: "probability" } } }),
  };
}

/** Regime probabilities over time as stacked areas (rows T x K sum to 1). */
export function regimeProbabilityChart(
  dates: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  names: readonly string[],
  { title = "Regime probabilities", maxPoints = 2500 }: { title?: string; maxPoints?: number } = {},
): Figure {
  const K = names.length;
  const T = dates.length;
  const colors = regimeColors(K);
  const idx = thinIndices(T, { maxPoints });
  const x = Array.from(idx, (t) => dayToIso(dates[t]));
  return {
    data: names.map((name, k) => ({
      type: "scatter",
      mode: "lines",
      name,
      x,
      y: Array.from(idx, (t) => finiteOrNull(probabilities[t * K + k])),
      stackgroup: "p",
      line: { width: 0.5, color: colors[k] },
      fillcolor: colors[k],
    })),
    layout: baseLayout({ title: { text: title }, yaxis: { range: [0, 1], title: { text: "probability" } } }),
  };
}

/** Expected days per visit of each regime, 1 / (1 - A_kk), as bars. */
export function regimeDurationChart(names: readonly string[], durationsDays: ArrayLike<number>, { title = "Expected regime duration" }: { title?: string } = {}): Figure {
  return {
    data: [
      {
        type: "bar",
        x: [...names],
        y: Array.from(durationsDays, finiteOrNull),
        marker: { color: regimeColors(names.length) },
        text: Array.from(durationsDays, (v) => (Number.isFinite(v) ? `${v.toFixed(1)} d` : "absorbing")),
        textposition: "outside",
      },
    ],
    layout: baseLayout({ title: { text: title }, yaxis: { title: { text: "trading days per visit" } }, showlegend: false, hovermode: "closest" }),
  };
}

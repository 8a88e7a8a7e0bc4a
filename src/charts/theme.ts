/** Shared look of every chart: one palette, one font, one margin, so the reports read as one. */
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, x: 0.01, xanchor: "left" },
    font: { family: "system-ui, -apple-system, Segoe UI, sans-serif", size: 12 },
    margin: { l: 60, r: 20, t: 50, b: 45 },
    height: 420,
    hovermode: "x unified",
    legend: { orientation: "h", y: -0.15 },
    colorway: PALETTE,
    template: { layout: { plot_bgcolor: "#fff", paper_bgcolor: "#fff" } },
    xaxis: { gridcolor: "#eee" },
    yaxis: { gridcolor: "#eee", zerolinecolor: "#ccc" },
    ...extra,
  };
}

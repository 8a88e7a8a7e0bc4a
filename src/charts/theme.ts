/** Shared look of every chart: one palette, one font, one margin, so the reports read as one. */
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Style of every x axis (xaxis, xaxis2, ...) unless a builder says otherwise. */
const X_AXIS = { gridcolor: "#eee" };
/**
 * Style of every y axis (yaxis, yaxis2, ...) unless a builder says otherwise. Hover values keep
 * 4 significant digits, trailing zeros trimmed (d3-format ",.4~r"; the axis's ticksuffix, e.g.
 * "%", follows them), not the 7 or 17 digits of the data.
 */
const Y_AXIS = { gridcolor: "#eee", zerolinecolor: "#ccc", hoverformat: ",.4~r" };

/** The house layout; `baseLayout` merges a builder's overrides into a fresh copy. */
function houseLayout(): Record<string, unknown> {
  return {
    title: { text: "", x: 0.01, xanchor: "left" },
    font: { family: "system-ui, -apple-system, Segoe UI, sans-serif", size: 12 },
    margin: { l: 60, r: 20, t: 50, b: 45 },
    height: 420,
    hovermode: "x unified",
    // namelength -1: hover labels show whole trace names (plotly cuts them at 15 characters)
    hoverlabel: { namelength: -1 },
    legend: { orientation: "h", y: -0.15 },
    colorway: PALETTE,
    template: { layout: { plot_bgcolor: "#fff", paper_bgcolor: "#fff" } },
    xaxis: { ...X_AXIS },
    yaxis: { ...Y_AXIS },
  };
}

const AXIS_KEY = /^([xy])axis\d*$/;

/**
 * The house layout with a builder's overrides deep-merged in: nested objects merge key by key (so
 * `{ yaxis: { title: { text: "%" } } }` keeps the house grid colour), anything else, arrays
 * included, replaces. Every axis the overrides name (yaxis2, xaxis3, ...) starts from the house
 * axis style too, so multi-panel charts look like single-panel ones.
 * @example baseLayout({ title: { text: "Drawdown" }, yaxis: { ticksuffix: "%" } }).yaxis // => { gridcolor: "#eee", zerolinecolor: "#ccc", hoverformat: ",.4~r", ticksuffix: "%" }
 */
export function baseLayout(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const layout = houseLayout();
  for (const key of Object.keys(overrides)) {
    const axis = AXIS_KEY.exec(key);
    if (axis && !(key in layout)) layout[key] = { ...(axis[1] === "x" ? X_AXIS : Y_AXIS) };
  }
  return deepMerge(layout, overrides);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A new object: `over` merged into `base`, plain objects recursively, every other value replacing. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isPlainObject(prior) && isPlainObject(value) ? deepMerge(prior, value) : isPlainObject(value) ? deepMerge({}, value) : value;
  }
  return out;
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { baseLayout, PALETTE } from "../../src/charts/theme";
import { drawdownChart } from "../../src/charts/performance";
import { turnoverCostChart } from "../../src/charts/portfolio";

test("baseLayout: a nested override keeps its sibling keys", () => {
  const layout = baseLayout({ title: { text: "Drawdown" }, yaxis: { title: { text: "%" } }, margin: { l: 150 } });
  assert.deepEqual(layout.title, { text: "Drawdown", x: 0.01, xanchor: "left" });
  assert.deepEqual(layout.yaxis, { gridcolor: "#eee", zerolinecolor: "#ccc", hoverformat: ",.4~r", title: { text: "%" } });
  assert.deepEqual(layout.margin, { l: 150, r: 20, t: 50, b: 45 });
  assert.equal(layout.height, 420, "untouched house keys stay");
  assert.deepEqual(layout.template, { layout: { plot_bgcolor: "#fff", paper_bgcolor: "#fff" } });
});

test("baseLayout: scalars and arrays replace, they are not merged", () => {
  const layout = baseLayout({ height: 520, colorway: ["#000"], yaxis: { zerolinecolor: "#999", domain: [0, 0.5] }, legend: { orientation: "v" } });
  assert.equal(layout.height, 520);
  assert.deepEqual(layout.colorway, ["#000"]);
  assert.deepEqual(layout.yaxis, { gridcolor: "#eee", zerolinecolor: "#999", hoverformat: ",.4~r", domain: [0, 0.5] });
  assert.deepEqual(layout.legend, { orientation: "v", y: -0.15 });
  assert.deepEqual(baseLayout().colorway, PALETTE);
});

test("baseLayout: every axis the overrides name starts from the house axis style", () => {
  const layout = baseLayout({ yaxis3: { domain: [0, 0.3] }, xaxis2: { anchor: "y2" } });
  assert.deepEqual(layout.yaxis3, { gridcolor: "#eee", zerolinecolor: "#ccc", hoverformat: ",.4~r", domain: [0, 0.3] });
  assert.deepEqual(layout.xaxis2, { gridcolor: "#eee", anchor: "y2" });
  assert.equal("yaxis2" in layout, false, "no axis the builder did not ask for");
});

test("baseLayout returns fresh objects: neither the overrides nor the next layout share its parts", () => {
  const overrides = { yaxis: { title: { text: "a" } } };
  const first = baseLayout(overrides);
  (first.yaxis as Record<string, unknown>).gridcolor = "#f00";
  ((first.yaxis as { title: { text: string } }).title).text = "b";
  assert.deepEqual(overrides, { yaxis: { title: { text: "a" } } });
  assert.equal((baseLayout().yaxis as Record<string, unknown>).gridcolor, "#eee");
});

test("chart builders state only what differs from the house layout", () => {
  const dates = Int32Array.from({ length: 30 }, (_, t) => 19000 + t);
  const dd = drawdownChart(dates, { s: new Float64Array(30) });
  assert.deepEqual(dd.layout!.yaxis, { gridcolor: "#eee", zerolinecolor: "#999", hoverformat: ",.4~r", title: { text: "drawdown (%)" }, ticksuffix: "%" });
  const zeros = new Float64Array(30);
  const tc = turnoverCostChart({ dates, turnover: zeros, commissionCost: zeros, spreadCost: zeros, impactCost: zeros });
  assert.deepEqual(tc.layout!.yaxis2, { gridcolor: "#eee", zerolinecolor: "#ccc", hoverformat: ",.4~r", title: { text: "cost, bps of NAV" }, domain: [0, 0.45], anchor: "x" });
  assert.deepEqual(tc.layout!.xaxis, { gridcolor: "#eee", anchor: "y2" });
});

test("charts build figures without the notebook display layer: no src/charts module imports src/notebook", () => {
  const dir = join(__dirname, "..", "..", "src", "charts");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    assert.doesNotMatch(readFileSync(join(dir, file), "utf8"), /from "\.\.\/notebook/, file);
  }
});

test("baseLayout: hover labels keep whole trace names and y values 4 significant digits (d3-format)", () => {
  const layout = baseLayout();
  assert.deepEqual(layout.hoverlabel, { namelength: -1 });
  assert.equal((layout.yaxis as Record<string, unknown>).hoverformat, ",.4~r");
});

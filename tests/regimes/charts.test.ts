import { test } from "node:test";
import assert from "node:assert/strict";
import {
  filteredVsSmoothedChart,
  regimeBicChart,
  regimeDurationChart,
  regimeFeaturesChart,
  regimeProbabilityChart,
  regimeShadedPriceChart,
  transitionMatrixHeatmap,
  regimeColors,
} from "../../src/charts/regimes";

const dates = Int32Array.from({ length: 10 }, (_, t) => 19000 + t);

test("regimeShadedPriceChart draws one rectangle per run of equal labels, none for unknown (-1)", () => {
  const labels = [-1, -1, 0, 0, 2, 2, 2, 1, 0, 0];
  const fig = regimeShadedPriceChart(dates, Float64Array.from({ length: 10 }, (_, t) => 100 + t), labels, { names: ["calm", "normal", "turbulent"] });
  const shapes = (fig.layout as { shapes: { x0: string; x1: string; fillcolor: string }[] }).shapes;
  assert.equal(shapes.length, 4);
  assert.deepEqual(shapes.map((s) => s.fillcolor), [regimeColors(3)[0], regimeColors(3)[2], regimeColors(3)[1], regimeColors(3)[0]]);
  assert.deepEqual([shapes[0].x0, shapes[0].x1], ["2022-01-10", "2022-01-12"]); // day 19000 = 2022-01-08; rows 2..4: the rectangle ends where the next run starts
  assert.deepEqual(fig.data.slice(1).map((d) => d.name), ["calm", "normal", "turbulent"]);
});

test("long series are thinned to at most maxPoints (+ the last point) per trace", () => {
  const T = 5000;
  const many = Int32Array.from({ length: T }, (_, t) => 10000 + t);
  const probs = new Float64Array(T * 2).fill(0.5);
  const fig = filteredVsSmoothedChart(many, probs, probs, 2, { maxPoints: 1000 });
  for (const trace of fig.data) assert.ok((trace.x as unknown[]).length <= 1001);
  assert.equal((fig.data[0].x as string[]).at(-1), "2011-01-25"); // last day kept (day 14999)
  const window = filteredVsSmoothedChart(many, probs, probs, 2, { from: "2000-01-01", to: "2000-01-31" });
  assert.deepEqual([(window.data[0].x as string[])[0], (window.data[0].x as string[]).at(-1)], ["2000-01-01", "2000-01-31"]);
  const area = regimeProbabilityChart(many, probs, ["calm", "turbulent"], { maxPoints: 2500 });
  assert.equal((area.data[0].y as number[]).length, 2501); // every 2nd of 5,000 days, plus the last
});

test("transitionMatrixHeatmap shows the matrix row = from, column = to; duration bars carry their values", () => {
  const fig = transitionMatrixHeatmap([0.9, 0.1, 0.2, 0.8], ["calm", "turbulent"]);
  assert.deepEqual(fig.data[0].z, [[0.9, 0.1], [0.2, 0.8]]);
  const bars = regimeDurationChart(["calm", "turbulent"], [10, NaN]);
  assert.deepEqual(bars.data[0].y, [10, null]);
  assert.deepEqual(bars.data[0].text, ["10.0 d", "absorbing"]);
});

test("regimeFeaturesChart has one panel per feature; NaN becomes a gap; the BIC chart marks the chosen K", () => {
  const X = Float64Array.from({ length: 20 }, (_, i) => (i < 2 ? NaN : i));
  const fig = regimeFeaturesChart(dates, ["a", "b"], X);
  assert.equal(fig.data.length, 2);
  assert.deepEqual((fig.data[1].y as (number | null)[]).slice(0, 2), [null, 3]);
  const bic = regimeBicChart([{ nComponents: 2, bic: 10, aic: 8 }, { nComponents: 3, bic: 7, aic: 5 }], { selected: 3 });
  assert.deepEqual(bic.data.at(-1)!.y, [7]);
});

// The sweep report's two chart builders (src/charts/sweep.ts): they arrange, never compute.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sweepHeatmap, sweepParameterChart } from "../../src/charts/sweep";

test("sweepParameterChart: one marker per trial on the grid's category order, the best trial apart, NaN as a gap", () => {
  const fig = sweepParameterChart("portfolio.maxPosition", ["0.05", "0.1"], ["0.05", "0.1", "0.05"], Float64Array.of(0.2, NaN, 0.5), { best: 2 });
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].x, ["0.05", "0.1", "0.05"]);
  assert.deepEqual(fig.data[0].y, [0.2, null, 0.5]);
  assert.deepEqual(fig.data[1].x, ["0.05"]);
  assert.deepEqual(fig.data[1].y, [0.5]);
  const xaxis = (fig.layout as { xaxis: { categoryarray: string[]; type: string } }).xaxis;
  assert.deepEqual(xaxis.categoryarray, ["0.05", "0.1"]);
  assert.equal(xaxis.type, "category");
  assert.equal(sweepParameterChart("a", ["1"], ["1"], [0.1]).data.length, 1, "no best trial, no star");
});

test("sweepHeatmap: rows y, columns x, empty cells blank, diverging colours centred on 0", () => {
  const fig = sweepHeatmap("b", "a", { x: ["1", "5"], y: ["zscore", "topBottomK"], z: [Float64Array.of(1, 2), Float64Array.of(NaN, -1)] });
  const trace = fig.data[0] as { z: (number | null)[][]; x: string[]; y: string[]; zmid: number };
  assert.deepEqual(trace.z, [[1, 2], [null, -1]]);
  assert.deepEqual(trace.x, ["1", "5"]);
  assert.deepEqual(trace.y, ["zscore", "topBottomK"]);
  assert.equal(trace.zmid, 0);
});

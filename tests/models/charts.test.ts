import { test } from "node:test";
import assert from "node:assert/strict";
import {
  featureImportanceChart,
  featureSelectionHeatmap,
  icOverTimeChart,
  modelComparisonChart,
  predictedVsRealisedChart,
  regimeImportanceChart,
  walkForwardScheduleChart,
} from "../../src/charts/models";

test("walkForwardScheduleChart: training, purge and test segments of every fold in three traces", () => {
  const folds = [
    { fold: 0, trainStartDate: 18000, trainEndDate: 18499, testStartDate: 18504, testEndDate: 18603 },
    { fold: 1, trainStartDate: 18000, trainEndDate: 18599, testStartDate: 18604, testEndDate: 18703 },
  ];
  const fig = walkForwardScheduleChart(folds);
  assert.equal(fig.data.length, 3);
  assert.deepEqual(fig.data[0].x, ["2019-04-14", "2020-08-25", null, "2019-04-14", "2020-12-03", null]);
  assert.deepEqual(fig.data[2].y, [0, 0, null, 1, 1, null]);
});

test("icOverTimeChart thins long series to maxPoints, keeps the last day, and draws NaN as gaps", () => {
  const dates = Int32Array.from({ length: 1000 }, (_, i) => 18000 + i);
  const ic = Float64Array.from({ length: 1000 }, (_, i) => (i < 10 ? NaN : i / 1000));
  const fig = icOverTimeChart(dates, { overall: ic, regime: ic }, { maxPoints: 100 });
  assert.equal(fig.data.length, 2);
  const x = fig.data[0].x as string[], y = fig.data[0].y as (number | null)[];
  assert.ok(x.length <= 101 && x.at(-1) === "2022-01-07");
  assert.equal(y[0], null);
  assert.throws(() => icOverTimeChart(dates, { bad: ic.subarray(1) }), /series "bad" has 999 values for 1000 dates/);
});

test("featureImportanceChart: the top features, largest on top; regimeImportanceChart: a bar trace per regime with a forest", () => {
  const fig = featureImportanceChart(["a", "b", "c"], Float64Array.of(0.2, 0.5, 0.3), { top: 2 });
  assert.deepEqual(fig.data[0].y, ["c", "b"]);
  const byRegime = regimeImportanceChart(["a", "b", "c"], Float64Array.of(0.2, 0.5, 0.3), [Float64Array.of(0.1, 0.1, 0.8), null]);
  assert.deepEqual(byRegime.data.map((d) => d.name), ["overall", "regime 0"]);
});

test("predictedVsRealisedChart: at most maxPoints finite pairs, in percent, with bucket means and the diagonal", () => {
  const n = 10_000;
  const f = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i / n / 100));
  const fig = predictedVsRealisedChart(f, f, { maxPoints: 500, buckets: { meanForecast: Float64Array.of(0.001, 0.002), meanRealised: Float64Array.of(0.0, 0.003) } });
  const px = fig.data[0].x as number[];
  assert.ok(px.length <= 501, "every k-th finite pair plus the last");
  assert.ok(px.every(Number.isFinite));
  assert.equal(px.at(-1), f[n - 1] * 100, "the last finite pair is shown, off the stride");
  assert.match(String(fig.data[0].name), /^pairs \(\d+ of 8571\)$/);
  assert.deepEqual(fig.data[1].y, [0, 0.3]);
  assert.equal(fig.data[1].xaxis, "x2", "bucket means on their own axes");
  assert.equal(fig.data.length, 3);
});

test("modelComparisonChart: mean IC and mean rank IC bars per model", () => {
  const fig = modelComparisonChart(["overall", "momentum"], [
    { icMean: 0.02, icTStat: 2.1, rankIcMean: 0.015, rankIcTStat: 1.9 },
    { icMean: 0.01, icTStat: 0.9, rankIcMean: 0.012, rankIcTStat: 1.1 },
  ]);
  assert.deepEqual(fig.data[0].y, [0.02, 0.01]);
  assert.deepEqual(fig.data[1].text, ["t = 1.90", "t = 1.10"]);
});

test("featureSelectionHeatmap: a row per feature, most often selected first (ties in table order), a column per refit labelled by its first predicted day", () => {
  // Folds x features (a, b, c, d), row-major: refit 3 kept a and c, refit 4 kept c and d, refit 5 kept c.
  const table = {
    featureNames: ["a", "b", "c", "d"],
    folds: Int32Array.of(3, 4, 5),
    testStartDates: Int32Array.of(18504, 18567, 18630),
    selected: Uint8Array.of(1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0),
    frequency: Float64Array.of(1 / 3, 0, 1, 1 / 3),
  };
  const fig = featureSelectionHeatmap(table);
  assert.equal(fig.data.length, 1);
  const h = fig.data[0];
  assert.equal(h.type, "heatmap");
  assert.deepEqual(h.y, ["c", "a", "d", "b"]);
  assert.deepEqual(h.x, ["2020-08-30", "2020-11-01", "2021-01-03"]);
  assert.deepEqual(h.z, [[1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 0]]);
  assert.equal((h.text as string[][])[1][0], "a, refit 3 (from 2020-08-30): selected; kept in 33% of refits");
  assert.deepEqual([h.zmin, h.zmax], [0, 1]);
  assert.throws(() => featureSelectionHeatmap({ ...table, selected: table.selected.subarray(1) }), /selected has 11 cells for 3 folds x 4 features/);
});

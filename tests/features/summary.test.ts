import { test } from "node:test";
import assert from "node:assert/strict";
import { sampleRankCorrelation, quantile } from "simple-statistics";
import { computeFeatures, featureSeries } from "../../src/features/panel";
import { featureCorrelationMatrix, featureHistograms, featureHistoryTable, featureSummaryTable } from "../../src/features/summary";
import { crossAssetSignalsChart, featureCorrelationHeatmap, featureDistributionsChart, featureIcChart } from "../../src/charts/features";
import { fixturePanel } from "../fixtures/features/realPanel";

const fp = computeFeatures(fixturePanel());

test("featureSummaryTable: one row per feature, statistics of the ticker's finite history", () => {
  const table = featureSummaryTable(fp, "TLT");
  assert.equal(table.feature.length, fp.names.length);
  const f = fp.names.indexOf("vol_20d");
  const s = Array.from(featureSeries(fp, "vol_20d", "TLT")).filter(Number.isFinite);
  assert.equal(table.usable_days[f], 505 - 20);
  assert.equal(table.latest[f], s[s.length - 1]);
  assert.ok(Math.abs((table.mean[f] as number) - s.reduce((a, b) => a + b, 0) / s.length) < 1e-12);
  // simple-statistics' quantile is R-7 as well
  assert.ok(Math.abs((table.p95[f] as number) - quantile(s, 0.95)) < 1e-12);
  assert.equal(table.vwap_estimated[fp.names.indexOf("vwap_dev")], true);
  assert.throws(() => featureSummaryTable(fp, "XYZ"), /featureSummaryTable: ticker "XYZ" is not in the feature panel/);
});

test("featureHistoryTable: the last days of chosen features, dated", () => {
  const t = featureHistoryTable(fp, "SPY", { names: ["ret_1d", "rsi_14d"], lastDays: 3 });
  assert.deepEqual(t.date, ["2020-12-29", "2020-12-30", "2020-12-31"]);
  assert.equal(t.ret_1d[2], featureSeries(fp, "ret_1d", "SPY")[504]);
  assert.deepEqual(Object.keys(t), ["date", "ret_1d", "rsi_14d"]);
});

test("featureHistograms: counts plus clipped add up to the finite values", () => {
  const [h] = featureHistograms(fp, { names: ["ret_1d"], bins: 20 });
  const total = Array.from(h.counts).reduce((a, b) => a + b, 0) + h.clipped;
  assert.equal(total, 9 * 504);
  assert.equal(h.total, 9 * 504);
  assert.equal(h.edges.length, 21);
  assert.ok(h.clipped > 0 && h.clipped < 0.02 * h.total);
  assert.throws(() => featureHistograms(fp, { bins: 0 }), /bins >= 1 \(got 0\)/);
});

test("featureCorrelationMatrix is Spearman's rho on the complete rows (checked with simple-statistics)", () => {
  const names = ["ret_20d", "xs_rank_mom_20d", "vol_20d", "parkinson_vol_20d"];
  const { matrix, rows } = featureCorrelationMatrix(fp, { names });
  assert.equal(rows, 9 * (505 - 20));
  const col = (name: string) => {
    const out: number[] = [];
    const T = 505;
    const v = fp.values[fp.names.indexOf(name)];
    for (let t = 20; t < T; t++) for (let j = 0; j < 9; j++) out.push(v[j * T + t]);
    return out;
  };
  const rho = sampleRankCorrelation(col("vol_20d"), col("parkinson_vol_20d"));
  assert.ok(Math.abs(matrix[2 * 4 + 3] - rho) < 1e-10, `${matrix[2 * 4 + 3]} vs ${rho}`);
  assert.equal(matrix[0], 1);
  assert.equal(matrix[1 * 4 + 0], matrix[0 * 4 + 1]);
  // realised and range-based volatility agree closely; ranks of momentum track momentum
  assert.ok(matrix[2 * 4 + 3] > 0.8 && matrix[0 * 4 + 1] > 0.5);
});

test("feature charts are Plotly figures with one trace per input and no non-finite numbers", () => {
  const hists = featureHistograms(fp, { names: ["ret_1d", "vol_20d", "risk_on_off"] });
  const dist = featureDistributionsChart(hists);
  assert.equal(dist.data.length, 3);
  const cm = featureCorrelationMatrix(fp, { names: ["ret_1d", "vol_20d"] });
  const heat = featureCorrelationHeatmap(cm.names, cm.matrix);
  assert.equal((heat.data[0].z as number[][]).length, 2);
  const dates = fp.dates;
  const sig = crossAssetSignalsChart(dates, [{ name: "stock-bond", values: featureSeries(fp, "stock_bond_corr_60d", "SPY") }], { maxPoints: 100 });
  assert.ok((sig.data[0].x as string[]).length <= 101);
  assert.equal((sig.data[0].x as string[]).at(-1), "2020-12-31");
  const ic = featureIcChart([{ name: "a", meanIc: 0.02, se: 0.01, tStat: 2 }, { name: "b", meanIc: -0.01 }, { name: "c", meanIc: NaN }]);
  assert.deepEqual(ic.data[0].y, ["b", "a"]);
  for (const fig of [dist, heat, sig, ic]) {
    const json = JSON.stringify(fig);
    assert.ok(!/NaN|Infinity/.test(json), "figures carry null, never NaN");
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { AlphaModel, alphaModelImportanceTable, fitAlphaModel, predictAlphaModel, predictRandomForest } from "../../src/models";
import { regimeArgmax } from "../../src/regimes/labels";
import { createRng } from "../../src/util/rng";

const FOREST = { nEstimators: 15, maxDepth: 4, minSamplesLeaf: 20, maxFeatures: "all", threads: 1 } as const;

/** Rows in two regimes: y = +2 x0 in regime 0, -2 x0 in regime 1, plus noise. */
function regimeData(n: number, seed: number) {
  const rng = createRng(seed);
  const p = 3, K = 2;
  const X = new Float64Array(n * p), y = new Float64Array(n), probs = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < p; f++) X[i * p + f] = rng.normal();
    const k = i % 2;
    probs[i * K + k] = 0.8;
    probs[i * K + 1 - k] = 0.2;
    y[i] = (k === 0 ? 2 : -2) * X[i * p] + 0.3 * rng.normal();
  }
  return { X, y, probs, p, K };
}

/** regimeData with regime 1 kept on its first `rare` rows only (the rest moved to regime 0). */
function rareRegime(rare: number) {
  const { X, y, probs } = regimeData(400, 1);
  const p2 = probs.slice();
  let kept = 0;
  for (let i = 0; i < 400; i++) {
    if (regimeArgmax(p2.subarray(i * 2, i * 2 + 2), 2)[0] === 1 && kept++ >= rare) {
      p2[i * 2] = 0.8;
      p2[i * 2 + 1] = 0.2;
    }
  }
  return { X, y, probs: p2 };
}

test("fitAlphaModel: a forest per regime only where the regime has at least minRegimeSamples rows", () => {
  const { X, y, probs } = rareRegime(100);
  const model = fitAlphaModel(X, y, probs, { forest: FOREST, minRegimeSamples: 150 });
  assert.deepEqual(Array.from(model.regimeRowCounts), [300, 100]);
  assert.notEqual(model.regimeForests[0], null);
  assert.equal(model.regimeForests[1], null);
  const lower = fitAlphaModel(X, y, probs, { forest: FOREST, minRegimeSamples: 50 });
  assert.notEqual(lower.regimeForests[1], null);
});

test("fitAlphaModel: no regime forest that cannot split (fewer than 2 x minSamplesLeaf rows, or no tree split)", () => {
  // 30 rows with leaves of at least 20: no split can leave 20 on both sides
  const small = rareRegime(30);
  assert.equal(fitAlphaModel(small.X, small.y, small.probs, { forest: FOREST, minRegimeSamples: 10 }).regimeForests[1], null);
  // 45 rows pass the count, but a bootstrap sample holds about 28 distinct rows: no tree can split
  const { X, y, probs } = rareRegime(45);
  const model = fitAlphaModel(X, y, probs, { forest: FOREST, minRegimeSamples: 10 });
  assert.equal(model.regimeRowCounts[1], 45);
  assert.equal(model.regimeForests[1], null);
  // the same rows without bootstrap can split, and keep their forest
  const whole = fitAlphaModel(X, y, probs, { forest: { ...FOREST, bootstrap: false }, minRegimeSamples: 10 });
  assert.notEqual(whole.regimeForests[1], null);
});

test("predictAlphaModel: mostLikely takes the regime's forest, probabilityWeighted blends by the filtered probabilities", () => {
  const { X, y, probs } = regimeData(600, 2);
  const model = fitAlphaModel(X, y, probs, { forest: FOREST, regimeBlend: "probabilityWeighted" });
  const Xq = X.subarray(0, 30), pq = Float64Array.of(0.7, 0.3, 0.1, 0.9, NaN, NaN, 0.5, 0.5, 1, 0, 0, 1, 0.25, 0.75, 0.6, 0.4, 0.3, 0.7, 0.9, 0.1);
  const f0 = predictRandomForest(model.regimeForests[0]!, Xq);
  const f1 = predictRandomForest(model.regimeForests[1]!, Xq);
  const overall = predictRandomForest(model.overall, Xq);
  const weighted = predictAlphaModel(model, Xq, pq);
  const likely = predictAlphaModel({ ...model, config: { ...model.config, regimeBlend: "mostLikely" } }, Xq, pq);
  for (let i = 0; i < 10; i++) {
    const a = pq[2 * i], b = pq[2 * i + 1];
    if (Number.isNaN(a)) {
      assert.equal(weighted.alpha[i], overall[i], "NaN probabilities: overall forest");
      assert.equal(likely.alpha[i], overall[i]);
      continue;
    }
    assert.ok(Math.abs(weighted.alpha[i] - (a * f0[i] + b * f1[i]) / (a + b)) < 1e-12);
    assert.equal(likely.alpha[i], a >= b ? f0[i] : f1[i]);
  }
  assert.deepEqual(weighted.overall, overall);
  assert.deepEqual(predictAlphaModel(model, Xq, null).alpha, overall);
});

test("fitAlphaModel: regime forests learn opposite slopes the overall forest averages away", () => {
  const train = regimeData(2000, 3), test = regimeData(1000, 4);
  const model = fitAlphaModel(train.X, train.y, train.probs, { forest: FOREST, regimeBlend: "mostLikely" });
  const pred = predictAlphaModel(model, test.X, test.probs);
  const corr = (a: Float64Array) => {
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < a.length; i++) {
      sab += a[i] * test.y[i];
      saa += a[i] * a[i];
      sbb += test.y[i] * test.y[i];
    }
    return sab / Math.sqrt(saa * sbb);
  };
  assert.ok(corr(pred.alpha) > 0.8, `regime-aware correlation ${corr(pred.alpha)}`);
  assert.ok(Math.abs(corr(pred.overall)) < 0.3, `overall correlation ${corr(pred.overall)}`);
});

test("alphaModelImportanceTable: features sorted by overall importance, a column per regime, NaN where no forest", () => {
  const { X, y, probs } = regimeData(600, 5);
  const model = fitAlphaModel(X, y, probs, { forest: FOREST, featureNames: ["mom", "vol", "gap"], minRegimeSamples: 301 });
  const table = alphaModelImportanceTable(model);
  assert.deepEqual(Object.keys(table), ["feature", "overall", "regime 0", "regime 1"]);
  assert.equal(table.feature[0], "mom");
  const overall = table.overall as number[];
  for (let i = 1; i < overall.length; i++) assert.ok(overall[i - 1] >= overall[i]);
  assert.ok((table["regime 0"] as number[]).every(Number.isNaN));
});

test("AlphaModel (the original design's shape) equals fitAlphaModel/predictAlphaModel and exposes regimeModels", () => {
  const { X, y, probs } = regimeData(500, 6);
  const m = new AlphaModel({ forest: FOREST }).fit(X, y, probs, ["a", "b", "c"]);
  assert.deepEqual(m.predict(X, probs), predictAlphaModel(fitAlphaModel(X, y, probs, { forest: FOREST }), X, probs).alpha);
  assert.deepEqual([...m.regimeModels.keys()], [0, 1]);
  assert.equal(m.getFeatureImportance().feature.length, 3);
  assert.throws(() => new AlphaModel().predict(X), /call fit\(\) before predicting/);
  assert.throws(() => fitAlphaModel(X, y, probs.subarray(0, 7)), /regimeProbs.length \(7\) must be a positive multiple of the 500 rows/);
  assert.throws(() => fitAlphaModel(X, y, null, { minRegimeSamples: 0 }), /invalid model config: minRegimeSamples: must be >= 1/);
});

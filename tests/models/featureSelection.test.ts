import { test } from "node:test";
import assert from "node:assert/strict";
import {
  chooseClusterRepresentatives, correlationClusters, featureSelectionTable, pairwiseCorrelation, selectWindowFeatures, walkForwardAlpha,
  type WalkForwardAlphaResult,
} from "../../src/models";
import { parseFeatureSelectionConfig, parseForestConfig, type WalkForwardConfigInput } from "../../src/config";
import { createRng } from "../../src/util/rng";
import { FAST_WALK_FORWARD, TEST_HORIZON_DAYS, syntheticStudy } from "./synthetic";

test("pairwiseCorrelation: Pearson on each pair's complete rows, as scipy.stats.pearsonr on them", () => {
  const X = [
    [0.5, 1.2, -0.3, 2.0, 0.1],
    [1.5, 2.9, 0.4, NaN, -0.7],
    [-0.2, -0.1, 1.1, 1.0, 0.3],
    [2.2, 4.1, -1.0, 0.5, 0.9],
    [0.9, 2.0, 0.0, 1.5, NaN],
    [-1.1, -2.0, 0.7, 3.0, -0.2],
    [0.3, 0.8, NaN, 2.5, 0.4],
    [1.8, 3.5, -0.6, 0.0, 0.8],
  ].flat();
  // tests/fixtures/models/feature_selection.py ("corr")
  const reference = [
    1.0, 0.9984077912092328, -0.7827301666256894, -0.8028883045789306, 0.39364476188685527,
    0.9984077912092328, 0.9999999999999997, -0.7751118080111427, -0.8039957340496077, 0.3985563226231237,
    -0.7827301666256894, -0.7751118080111427, 1.0, 0.5211404663005668, -0.6335603315177573,
    -0.8028883045789306, -0.8039957340496077, 0.5211404663005668, 1.0, -0.8517792149929757,
    0.39364476188685527, 0.3985563226231237, -0.6335603315177573, -0.8517792149929757, 1.0,
  ];
  const corr = pairwiseCorrelation(X, 5);
  reference.forEach((r, i) => assert.ok(Math.abs(corr[i] - r) < 1e-12, `corr[${i}] = ${corr[i]}, scipy ${r}`));
  // a constant column has no correlation; too few common rows neither
  assert.ok(Number.isNaN(pairwiseCorrelation([1, 5, 2, 5, 3, 5], 2)[1]));
  assert.throws(() => pairwiseCorrelation([1, 2, 3], 2), /pairwiseCorrelation: X.length \(3\) must be a multiple of p \(2\)/);
});

test("correlationClusters: the partition of scipy's single linkage on 1 - |rho| cut at 1 - threshold", () => {
  // tests/fixtures/models/feature_selection.py: "C", and fcluster's labels renumbered by first member
  const C = [
    [1.0, 0.9805, 0.0845, 0.0771, 0.0598, -0.0948],
    [0.9805, 1.0, 0.0805, 0.0729, 0.0637, -0.0935],
    [0.0845, 0.0805, 1.0, 0.9717, 0.851, 0.0406],
    [0.0771, 0.0729, 0.9717, 1.0, 0.8332, 0.0484],
    [0.0598, 0.0637, 0.851, 0.8332, 1.0, 0.0508],
    [-0.0948, -0.0935, 0.0406, 0.0484, 0.0508, 1.0],
  ].flat();
  const scipy: [number, number[]][] = [
    [0.95, [0, 0, 1, 1, 2, 3]],
    [0.9, [0, 0, 1, 1, 2, 3]],
    [0.8, [0, 0, 1, 1, 1, 2]],
    [0.5, [0, 0, 1, 1, 1, 2]],
    [0.09, [0, 0, 1, 1, 1, 0]],
    [0.08, [0, 0, 0, 0, 0, 0]],
  ];
  for (const [threshold, labels] of scipy) assert.deepEqual(Array.from(correlationClusters(C, 6, threshold)), labels, `threshold ${threshold}`);
  // NaN never links
  assert.deepEqual(Array.from(correlationClusters([1, NaN, NaN, 1], 2, 0)), [0, 1]);
});

test("chooseClusterRepresentatives credits each cluster once, through its best member", () => {
  // clusters {0, 1} (best 1: 0.6), {2} (0.1), {3} (0.3): the two best clusters are {0, 1} and {3}
  assert.deepEqual(Array.from(chooseClusterRepresentatives([0.5, 0.6, 0.1, 0.3], [0, 0, 1, 2], 2)), [1, 3]);
  // ties go to the lower index; NaN ranks last; fewer clusters than topK: every cluster's best
  assert.deepEqual(Array.from(chooseClusterRepresentatives([0.2, 0.2, NaN, 0.2], [0, 0, 1, 2], 2)), [0, 3]);
  assert.deepEqual(Array.from(chooseClusterRepresentatives([0.2, 0.9, NaN], [0, 0, 1], 5)), [1, 2]);
});

test("selectWindowFeatures (permutation): the inner split scores the latest days, the fitted ones end a purge earlier", () => {
  // 100 days x 3 rows; validation = round(0.3 x 100) = 30 days (70..99); fitted days 0..65 (purge 5: 70 - 5 = 65)
  const rng = createRng(4);
  const n = 300, p = 3;
  const rowDay = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 3));
  const X = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => X[i * p] + 0.1 * rng.normal());
  const options = {
    selection: parseFeatureSelectionConfig({ method: "permutation", topK: 1, validationFraction: 0.3 }),
    forest: parseForestConfig({ nEstimators: 10, maxDepth: 3, minSamplesLeaf: 5, threads: 1 }),
    purgeDays: 5,
    seed: 3,
  };
  const s = selectWindowFeatures(X, y, rowDay, options);
  assert.equal(s.method, "permutation");
  assert.equal(s.fitRows, 66 * 3);
  assert.equal(s.validationRows, 30 * 3);
  assert.deepEqual(Array.from(s.selected), [0]);
  assert.ok(s.scores[0] > 0.5 && Math.abs(s.scores[1]) < 0.05, `scores ${Array.from(s.scores)}`);
  assert.deepEqual(selectWindowFeatures(X, y, rowDay, options), s); // seeded: same result
  assert.throws(() => selectWindowFeatures(X, y, rowDay, { ...options, selection: parseFeatureSelectionConfig({}) }), /method "none" selects nothing/);
  // too few fitted rows for a split (2 x minSamplesLeaf = 400 > 198): impurity importance on all rows instead, and said so
  const fallback = selectWindowFeatures(X, y, rowDay, { ...options, forest: parseForestConfig({ nEstimators: 10, maxDepth: 3, minSamplesLeaf: 200, threads: 1 }) });
  assert.equal(fallback.method, "importance");
  assert.equal(fallback.fitRows, 300);
  assert.equal(fallback.validationRows, 0);
});

// The walk-forward with selection: syntheticStudy's regime signal on f0 plus a steady one, f1 a
// near-copy of f0 (|rho| about 0.99), f2 a weaker steady signal, f3..f5 noise.
const H = TEST_HORIZON_DAYS;
const CONFIG = FAST_WALK_FORWARD;
const study = plantedStudy();

function plantedStudy() {
  const s = syntheticStudy({ N: 8, T: 600, F: 6, horizonDays: H, beta: 0.5, seed: 2 });
  const rng = createRng(11);
  const values = s.panel.values.map((v) => v.slice());
  const target = s.target.slice();
  for (let i = 0; i < target.length; i++) {
    values[1][i] = values[0][i] + 0.1 * rng.normal(); // NaN stays NaN
    target[i] += 0.4 * values[0][i] + 0.3 * values[2][i];
  }
  return { ...s, panel: { ...s.panel, values }, target };
}

const run = (config: WalkForwardConfigInput, inputs: { panel: typeof study.panel; target: Float64Array; probs: Float64Array } = study): WalkForwardAlphaResult =>
  walkForwardAlpha(inputs.panel, { values: inputs.target, horizonDays: H }, inputs.probs, config);
const byMethod = {
  importance: run({ ...CONFIG, featureSelection: { method: "importance", topK: 2 } }),
  permutation: run({ ...CONFIG, featureSelection: { method: "permutation", topK: 2 } }),
};

test("walkForwardAlpha with feature selection: one of a correlated pair, the planted signals, topK per fold", () => {
  for (const [method, wf] of Object.entries(byMethod)) {
    assert.ok(wf.folds.length >= 6);
    for (const fold of wf.folds) {
      const chosen = Array.from(fold.selectedFeatures);
      assert.equal(fold.featureSelection!.method, method);
      assert.deepEqual(Array.from(fold.featureSelection!.clusters), [0, 0, 1, 2, 3, 4], `fold ${fold.fold}: f0 and f1 cluster`);
      // f2 and exactly one of the pair f0/f1, every fold
      assert.equal(chosen.length, 2);
      assert.ok(chosen.includes(2) && (chosen.includes(0) !== chosen.includes(1)), `${method} fold ${fold.fold} chose ${chosen}`);
      // the forests saw only the chosen features: no importance elsewhere
      fold.importance.forEach((v, q) => chosen.includes(q) || assert.equal(v, 0));
    }
    const table = featureSelectionTable(wf);
    assert.deepEqual(table.featureNames, wf.featureNames);
    assert.equal(table.selected.length, wf.folds.length * 6);
    wf.folds.forEach((fold, i) => assert.deepEqual(Array.from(table.selected.subarray(i * 6, i * 6 + 6), (v, q) => (v ? q : -1)).filter((q) => q >= 0), Array.from(fold.selectedFeatures)));
    assert.equal(table.frequency[2], 1);
    assert.ok(Math.abs(table.frequency[0] + table.frequency[1] - 1) < 1e-12);
  }
  // without clustering (only exact collinearity links), the near-copy is credited twice
  const unclustered = run({ ...CONFIG, featureSelection: { method: "importance", topK: 2, correlationThreshold: 1 } });
  assert.ok(unclustered.folds.some((f) => Array.from(f.selectedFeatures).join() === "0,1"), "f0 and f1 both chosen somewhere without clustering");
});

test('walkForwardAlpha: featureSelection method "none" is the default, every feature in every fold', () => {
  const plain = run(CONFIG);
  const none = run({ ...CONFIG, featureSelection: { method: "none", topK: 2 } });
  assert.deepEqual(none.alpha, plain.alpha);
  assert.deepEqual(none.folds, plain.folds);
  for (const fold of plain.folds) {
    assert.deepEqual(Array.from(fold.selectedFeatures), [0, 1, 2, 3, 4, 5]);
    assert.equal(fold.featureSelection, null);
  }
  assert.ok(featureSelectionTable(plain).selected.every((v) => v === 1));
});

/** Change what fold `fold` may not know: labels of days after its trainEnd, features and regime probabilities after trainEnd outside its test window. */
function perturbBeyondTraining(trainEnd: number, testStart: number, testEnd: number, seed: number) {
  const rng = createRng(seed);
  const { N, T, K } = study;
  const target = study.target.slice();
  const values = study.panel.values.map((v) => v.slice());
  const probs = study.probs.slice();
  const hidden = (s: number) => s > trainEnd && (s < testStart || s >= testEnd);
  for (let j = 0; j < N; j++) {
    for (let s = trainEnd + 1; s < T - H; s++) target[j * T + s] = rng.normal() * 3;
    for (let s = 0; s < T; s++) if (hidden(s)) for (const v of values) v[j * T + s] = rng.normal();
  }
  for (let s = 0; s < T; s++) if (hidden(s)) for (let k = 0; k < K; k++) probs[s * K + k] = k === 0 ? 1 : 0;
  return { target, panel: { ...study.panel, values }, probs };
}

test("feature selection uses nothing after the fold's training end: same selection, same forests, same forecasts", () => {
  const { N, T } = study;
  for (const [method, base] of Object.entries(byMethod)) {
    for (const k of [2, 5]) {
      const fold = base.folds[k];
      const p = perturbBeyondTraining(fold.trainEnd, fold.testStart, fold.testEnd, 100 + k);
      const again = run({ ...CONFIG, featureSelection: { method: method as "importance" | "permutation", topK: 2 } }, p);
      // the fold's selection (scores, clusters, chosen) and its forests' importances, bit for bit
      assert.deepEqual(again.folds[k], fold, `${method} fold ${k} changed with data after its training end`);
      // and its forecasts, and every forecast up to its training end (days trainEnd + 1 .. testStart - 1
      // are the previous fold's, made from their features, which were changed)
      for (let j = 0; j < N; j++) {
        for (let t = 0; t < fold.testEnd; t++) {
          if (t > fold.trainEnd && t < fold.testStart) continue;
          assert.ok(Object.is(again.alpha[j * T + t], base.alpha[j * T + t]), `${method}: forecast of day ${t} moved`);
          assert.ok(Object.is(again.alphaOverall[j * T + t], base.alphaOverall[j * T + t]));
        }
      }
      // the perturbation is real: later folds see it
      assert.notDeepEqual(again.folds.at(-1)!.featureSelection!.scores, base.folds.at(-1)!.featureSelection!.scores);
    }
  }
});

test("feature selection: the same seed gives the same result on one thread or four; another selection seed other scores", () => {
  const threaded = (threads: number, seed = 0) =>
    run({ ...CONFIG, model: { forest: { ...CONFIG.model.forest, threads } }, featureSelection: { method: "permutation", topK: 2, seed } });
  const one = threaded(1), four = threaded(4);
  assert.deepEqual(four.alpha, one.alpha);
  assert.deepEqual(
    four.folds.map((f) => f.featureSelection),
    one.folds.map((f) => f.featureSelection),
  );
  assert.deepEqual(one.alpha, byMethod.permutation.alpha);
  assert.notDeepEqual(threaded(1, 9).folds[0].featureSelection!.scores, one.folds[0].featureSelection!.scores);
});

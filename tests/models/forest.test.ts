import { test } from "node:test";
import assert from "node:assert/strict";
import { fitRandomForest, forestPermutationImportance, forestR2, predictRandomForest, RandomForestRegressor, type NativeForest } from "../../src/models";
import { BINS_PER_FEATURE, MISSING_BIN, binMatrix, featureBinEdges } from "../../src/models/binning";
import { resolveMaxFeatures } from "../../src/models/forest";
import { createRng } from "../../src/util/rng";
import { ALL_VALUES, findBestSplit, SMALL_NODE_ROWS, type SplitSearch } from "../../src/models/split";
import { binColumns, TreeWorkspace } from "../../src/models/tree";
import { loadReferenceRuns, loadReferenceSet } from "./referenceData";

// scikit-learn's settings in ../shared/reference/rf_results.json (rf_params).
const SKLEARN = { nEstimators: 100, maxDepth: 8, minSamplesLeaf: 5, maxFeatures: "all", bootstrap: true, seed: 0 } as const;

const test5000 = loadReferenceSet("rf_test.csv");
const runs = loadReferenceRuns();

function native(model: ReturnType<typeof fitRandomForest>): NativeForest {
  assert.equal(model.backend, "native");
  return model as NativeForest;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

for (const [k, name] of [
  [0, "rf_train_n1000.csv"],
  [1, "rf_train_n5000.csv"],
] as const) {
  test(`fitRandomForest on ${name}: test R^2 within 0.01 of scikit-learn's, same predictions and importances`, () => {
    const train = loadReferenceSet(name);
    const forest = native(fitRandomForest(train.X, train.y, { ...SKLEARN, threads: 1 }));
    const pred = predictRandomForest(forest, test5000.X);
    const r2 = forestR2(test5000.y, pred);
    // scikit-learn 1.2.1: r2_test 0.4832 (n=1,000), 0.5391 (n=5,000); rf_results.json.
    assert.ok(Math.abs(r2 - runs[k].r2_test) <= 0.01, `R^2 ${r2.toFixed(4)} vs scikit-learn ${runs[k].r2_test.toFixed(4)}`);
    // Both forests estimate the same function: their test predictions agree closely.
    assert.ok(correlation(pred, runs[k].pred_test) > 0.98, "prediction correlation with scikit-learn");
    // Impurity importances: same top three (x0, x4, x3), each within 0.02 of scikit-learn's.
    const order = Array.from(forest.featureImportance, (_, f) => f).sort((a, b) => forest.featureImportance[b] - forest.featureImportance[a]);
    assert.deepEqual(order.slice(0, 3), runs[k].top5_features.slice(0, 3));
    for (let f = 0; f < 30; f++) assert.ok(Math.abs(forest.featureImportance[f] - runs[k].feature_importances[f]) < 0.02, `importance of x${f}`);
    assert.ok(Math.abs(forest.featureImportance.reduce((s, v) => s + v, 0) - 1) < 1e-12);
    assert.equal(forest.meanDepth, 8);
    // Out-of-bag R^2 estimates the test R^2 (within 0.05 here).
    assert.ok(Math.abs(forest.oobScore - r2) < 0.05, `oob ${forest.oobScore} vs test ${r2}`);
  });
}

test("fitRandomForest: the same seed gives the same forest bit for bit, another seed another forest", () => {
  const train = loadReferenceSet("rf_train_n1000.csv");
  const opts = { nEstimators: 20, maxDepth: 6, minSamplesLeaf: 5, maxFeatures: "sqrt", threads: 1 } as const;
  const a = native(fitRandomForest(train.X, train.y, { ...opts, seed: 7 }));
  const b = native(fitRandomForest(train.X, train.y, { ...opts, seed: 7 }));
  const c = native(fitRandomForest(train.X, train.y, { ...opts, seed: 8 }));
  assert.deepEqual(a, b);
  assert.deepEqual(predictRandomForest(a, test5000.X), predictRandomForest(b, test5000.X));
  assert.notDeepEqual(a.threshold, c.threshold);
});

test("fitRandomForest: worker threads grow the same forest as one thread", () => {
  const train = loadReferenceSet("rf_train_n1000.csv");
  const opts = { nEstimators: 24, maxDepth: 8, minSamplesLeaf: 5, seed: 3 } as const;
  const one = native(fitRandomForest(train.X, train.y, { ...opts, threads: 1 }));
  const two = native(fitRandomForest(train.X, train.y, { ...opts, threads: 2 }));
  assert.deepEqual(two, { ...one, config: { ...one.config, threads: 2 } });
});

test("fitRandomForest: leaves carry no split data, so a forest does not depend on which thread grew which tree", () => {
  // Trees share a workspace per thread; a leaf that kept a field of an earlier tree's split node
  // made the stored forest differ between thread counts when the machine was busy.
  const train = loadReferenceSet("rf_train_n1000.csv");
  const forest = native(fitRandomForest(train.X, train.y, { nEstimators: 12, maxDepth: 6, minSamplesLeaf: 5, seed: 5, threads: 1 }));
  let leaves = 0;
  for (let i = 0; i < forest.feature.length; i++) {
    if (forest.feature[i] >= 0) continue;
    leaves++;
    assert.equal(forest.missingLeft[i], 0, `leaf ${i} keeps missingLeft`);
    assert.equal(forest.left[i], -1, `leaf ${i} keeps a child`);
    assert.ok(Number.isNaN(forest.threshold[i]) || forest.threshold[i] === 0, `leaf ${i} keeps a threshold ${forest.threshold[i]}`);
  }
  assert.ok(leaves > 100);
});

test("fitRandomForest on a step: one split at the midpoint 3.5, leaves 0 and 10", () => {
  // By hand: the only error-free split of y = [0,0,0,10,10,10] is between x = 3 and x = 4.
  const X = Float64Array.of(1, 2, 3, 4, 5, 6);
  const y = Float64Array.of(0, 0, 0, 10, 10, 10);
  const forest = native(fitRandomForest(X, y, { nEstimators: 1, bootstrap: false, threads: 1 }));
  assert.equal(forest.feature[0], 0);
  assert.equal(forest.threshold[0], 3.5);
  assert.deepEqual(Array.from(forest.value), [5, 0, 10]);
  assert.deepEqual(Array.from(predictRandomForest(forest, Float64Array.of(3.5, 3.51, -100, 100))), [0, 10, 0, 10]);
  assert.ok(Number.isNaN(forest.oobScore), "no out-of-bag score without bootstrap");
});

test("fitRandomForest: constant target or constant features give a single leaf", () => {
  const X = Float64Array.from({ length: 20 }, (_, i) => i);
  const flat = native(fitRandomForest(X, new Float64Array(20).fill(2), { nEstimators: 3, threads: 1 }));
  assert.deepEqual(Array.from(flat.feature), [-1, -1, -1]);
  assert.deepEqual(Array.from(predictRandomForest(flat, Float64Array.of(-5, 50))), [2, 2]);
  const y = Float64Array.from({ length: 20 }, (_, i) => i % 3);
  const constX = native(fitRandomForest(new Float64Array(20).fill(1), y, { nEstimators: 2, bootstrap: false, threads: 1 }));
  assert.deepEqual(Array.from(constX.feature), [-1, -1]);
});

test("fitRandomForest: every leaf holds at least minSamplesLeaf rows and no path is deeper than maxDepth", () => {
  const rng = createRng(11);
  const n = 3000, p = 4;
  const X = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * X[i * p]) + X[i * p + 1] + 0.3 * rng.normal());
  const forest = native(fitRandomForest(X, y, { nEstimators: 3, maxDepth: 7, minSamplesLeaf: 40, bootstrap: false, maxFeatures: "all", threads: 1 }));
  for (let t = 0; t < 3; t++) {
    const leafRows = new Map<number, number>();
    let deepest = 0;
    for (let i = 0; i < n; i++) {
      let node = forest.treeOffsets[t];
      let depth = 0;
      while (forest.feature[node] >= 0) {
        node = X[i * p + forest.feature[node]] <= forest.threshold[node] ? forest.left[node] : forest.left[node] + 1;
        depth++;
      }
      deepest = Math.max(deepest, depth);
      leafRows.set(node, (leafRows.get(node) ?? 0) + 1);
    }
    assert.ok(deepest <= 7);
    for (const count of leafRows.values()) assert.ok(count >= 40, `leaf with ${count} rows`);
  }
});

test("fitRandomForest routes NaN features: a split on missingness, NaN rows predicted from their own leaf", () => {
  // x is NaN exactly where y = 10: the best split is "NaN versus the rest".
  const n = 40;
  const X = Float64Array.from({ length: n }, (_, i) => (i % 2 ? NaN : i));
  const y = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 10 : 0));
  const forest = native(fitRandomForest(X, y, { nEstimators: 1, bootstrap: false, maxDepth: 1, threads: 1 }));
  assert.equal(forest.threshold[0], Infinity);
  assert.deepEqual(Array.from(predictRandomForest(forest, Float64Array.of(NaN, 3, 1e9))), [10, 0, 0]);
});

test("fitRandomForest does not modify its inputs", () => {
  const train = loadReferenceSet("rf_train_n1000.csv");
  const X = train.X.slice(0, 300 * 30), y = train.y.slice(0, 300);
  const X0 = X.slice(), y0 = y.slice();
  fitRandomForest(X, y, { nEstimators: 5, threads: 1 });
  assert.deepEqual(X, X0);
  assert.deepEqual(y, y0);
});

test("fitRandomForest rejects bad input with the field or row named", () => {
  assert.throws(() => fitRandomForest(Float64Array.of(1, 2, 3), Float64Array.of(1, NaN, 3)), /fitRandomForest: y\[1\] is NaN/);
  assert.throws(() => fitRandomForest(Float64Array.of(1, 2, 3), Float64Array.of(1, 2)), /X.length \(3\) must be a positive multiple of y.length \(2\)/);
  assert.throws(() => fitRandomForest(Float64Array.of(1, 2), Float64Array.of(1, 2), { maxDepth: 0 }), /invalid forest config: maxDepth: must be >= 1/);
  assert.throws(() => fitRandomForest(Float64Array.of(1, 2), Float64Array.of(1, 2), { maxFeatures: 1.5 } as never), /forest config: maxFeatures/);
  assert.throws(() => fitRandomForest(Float64Array.of(1, 2), Float64Array.of(1, 2), { nTrees: 5 } as never), /unknown field\(s\) nTrees/);
  const forest = fitRandomForest(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2), { threads: 1 });
  assert.throws(() => predictRandomForest(forest, Float64Array.of(1, 2, 3)), /not a multiple of the forest's 2 features/);
});

test("resolveMaxFeatures: scikit-learn's counts (sqrt floors, fractions floor but keep one)", () => {
  assert.equal(resolveMaxFeatures("all", 30), 30);
  assert.equal(resolveMaxFeatures("sqrt", 30), 5);
  assert.equal(resolveMaxFeatures(0.33, 30), 9);
  assert.equal(resolveMaxFeatures(0.01, 30), 1);
  assert.equal(resolveMaxFeatures(1, 30), 30);
});

test("featureBinEdges: one bin per distinct value with midpoints as edges; bin(x) <= b exactly when x <= edge[b]", () => {
  const X = Float64Array.of(3, 1, 2, 2, NaN, 5);
  const edges = featureBinEdges(X, 1);
  assert.equal(edges.binCount[0], 4);
  assert.deepEqual(Array.from(edges.binEdges.subarray(0, 4)), [1.5, 2.5, 4, Infinity]);
  const binned = binMatrix(Float64Array.of(0, 1, 1.5, 1.6, 2.5, 4, 4.1, 99, NaN), 1, edges);
  assert.deepEqual(Array.from(binned.bins), [0, 0, 0, 1, 1, 2, 3, 3, MISSING_BIN]);
  // The tree module keeps private copies of these two constants for speed; they must agree.
  assert.equal(MISSING_BIN, 255);
  assert.equal(BINS_PER_FEATURE, 256);
});

test("featureBinEdges: many distinct values give at most maxBins quantile bins of similar size", () => {
  const rng = createRng(5);
  const X = Float64Array.from({ length: 10_000 }, () => rng.normal());
  const edges = featureBinEdges(X, 1, { maxBins: 16 });
  assert.equal(edges.binCount[0], 16);
  const counts = new Array(16).fill(0);
  for (const b of binMatrix(X, 1, edges).bins) counts[b]++;
  for (const c of counts) assert.ok(Math.abs(c - 625) <= 1, `bin of ${c} rows`);
});

test("forestPermutationImportance: shuffling the signal feature costs R^2, shuffling noise costs about nothing", () => {
  const rng = createRng(21);
  const n = 1500, p = 3;
  const X = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => 2 * X[i * p] + 0.5 * rng.normal());
  const forest = fitRandomForest(X, y, { nEstimators: 20, maxDepth: 6, minSamplesLeaf: 5, threads: 1 });
  const imp = forestPermutationImportance(forest, X, y, { nRepeats: 3, seed: 1 });
  assert.ok(imp.baselineScore > 0.9);
  assert.ok(imp.importanceMean[0] > 1, `signal feature: ${imp.importanceMean[0]}`); // R^2 drops from ~0.95 to about -1
  assert.ok(Math.abs(imp.importanceMean[1]) < 0.02 && Math.abs(imp.importanceMean[2]) < 0.02);
  assert.deepEqual(forestPermutationImportance(forest, X, y, { nRepeats: 3, seed: 1 }), imp);
});

test("RandomForestRegressor facade equals the functions; backend ml-random-forest fits behind the same interface", () => {
  const rng = createRng(9);
  const n = 150, p = 3;
  const X = Float64Array.from({ length: n * p }, () => rng.normal());
  const y = Float64Array.from({ length: n }, (_, i) => (X[i * p] > 0 ? 5 : -5) + 0.1 * rng.normal());
  const rf = new RandomForestRegressor({ nEstimators: 10, maxDepth: 4, seed: 2, threads: 1 }).fit(X, y);
  assert.deepEqual(rf.predict(X), predictRandomForest(fitRandomForest(X, y, { nEstimators: 10, maxDepth: 4, seed: 2, threads: 1 }), X));
  const ml = new RandomForestRegressor({ backend: "ml-random-forest", nEstimators: 5, maxDepth: 3, seed: 2 }).fit(X, y);
  assert.equal(ml.model.backend, "ml-random-forest");
  assert.ok(forestR2(y, ml.predict(X)) > 0.9, "ml-random-forest learns the step");
  assert.equal(ml.featureImportances.length, p);
  assert.throws(() => new RandomForestRegressor().predict(X), /call fit\(\) before/);
  assert.throws(() => new RandomForestRegressor({ backend: "ml-random-forest" }).fit(Float64Array.of(1, NaN), Float64Array.of(1, 2)), /cannot take NaN/);
});

/** findBestSplit on all rows of X (n x 2, row-major) with y: the root node of an unweighted tree. */
function rootSplit(X: number[], y: number[]) {
  const n = y.length, p = 2;
  const Xf = Float64Array.from(X);
  const binned = binMatrix(Xf, p, featureBinEdges(Xf, p));
  const ws = new TreeWorkspace(n, p);
  for (let i = 0; i < n; i++) {
    ws.segRow[i] = i;
    ws.segW[i] = 1;
    ws.segS[i] = y[i];
  }
  const search: SplitSearch = {
    bins: binned.bins, columns: binColumns(binned), nRows: n, p, binCount: binned.binCount, mtry: p, fullMode: true, minSamplesLeaf: 1, rng: createRng(1),
    drawn: new Int32Array(p), best: { gain: -Infinity, feature: -1, bin: 0, missingLeft: 0, hadMissing: 0 },
  };
  const h = findBestSplit(ws, search, -1, 0, n, n, y.reduce((a, b) => a + b, 0));
  return { best: search.best, h };
}

test("findBestSplit: a step in x0 is found at its bin by the histogram scan and by the small-node sort (x1 constant)", () => {
  // 100 rows (histogram): x0 = 0..99 (one bin per value), y = 10 from x0 = 40; gain S_L^2/W_L + S_R^2/W_R = 0 + 600^2/60.
  const big = rootSplit(Array.from({ length: 200 }, (_, k) => (k % 2 ? 0 : k / 2)), Array.from({ length: 100 }, (_, i) => (i < 40 ? 0 : 10)));
  assert.ok(100 > SMALL_NODE_ROWS && big.h >= 0, "histogram path");
  assert.deepEqual(big.best, { gain: 6000, feature: 0, bin: 39, missingLeft: 0, hadMissing: 0 });
  // 30 rows (sorted, no histogram): step at x0 = 12; gain 180^2/18.
  const small = rootSplit(Array.from({ length: 60 }, (_, k) => (k % 2 ? 0 : k / 2)), Array.from({ length: 30 }, (_, i) => (i < 12 ? 0 : 10)));
  assert.equal(small.h, -1);
  assert.deepEqual(small.best, { gain: 1800, feature: 0, bin: 11, missingLeft: 0, hadMissing: 0 });
});

test("findBestSplit: when missingness is the signal, the split is NaN versus every present value", () => {
  // x1 is NaN exactly where y = 10; x0 is constant.
  const y = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 10 : 0));
  const X = y.flatMap((v, i) => [5, v === 10 ? NaN : i]);
  const { best } = rootSplit(X, y);
  assert.deepEqual({ ...best, gain: Math.round(best.gain) }, { gain: 700, feature: 1, bin: ALL_VALUES, missingLeft: 0, hadMissing: 1 });
});

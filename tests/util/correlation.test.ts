import { test } from "node:test";
import assert from "node:assert/strict";
import { averageRanksPrefix, pearsonPairwiseComplete, pearsonPrefix } from "../../src/util/correlation";

test("pearsonPrefix uses only the first m values; NaN for a flat side", () => {
  // by hand: x - mean = (-1, 0, 1), y - mean = (-7/3, -1/3, 8/3); sxy = 5, sxx = 2, syy = 38/3
  const r = pearsonPrefix(Float64Array.of(1, 2, 3, 99), Float64Array.of(2, 4, 7, -99), 3);
  assert.ok(Math.abs(r - 5 / Math.sqrt(2 * (38 / 3))) < 1e-15, String(r));
  assert.ok(Number.isNaN(pearsonPrefix(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3), 3)));
});

test("averageRanksPrefix gives ties their average rank (Spearman's convention)", () => {
  const ranks = new Float64Array(5), order = new Int32Array(5);
  averageRanksPrefix(Float64Array.of(3, 1, 3, 2, 100), 4, ranks, order);
  assert.deepEqual(Array.from(ranks.subarray(0, 4)), [3.5, 1, 3.5, 2]);
  assert.equal(ranks[4], 0, "entries past m are left alone");
});

test("pearsonPairwiseComplete uses only positions where both sides are present, on strided layouts too", () => {
  // scipy.stats.pearsonr([1, 2, 3], [2, 4, 7]) = 0.9933992677987828
  assert.ok(Math.abs(pearsonPairwiseComplete([1, 2, NaN, 3], 0, [2, 4, 5, 7], 0, 4, 1) - 0.9933992677987828) < 1e-15);
  // the same pairs as columns 0 and 1 of a row-major 4 x 2 matrix
  const X = [1, 2, 2, 4, NaN, 5, 3, 7];
  assert.ok(Math.abs(pearsonPairwiseComplete(X, 0, X, 1, 4, 2) - 0.9933992677987828) < 1e-15);
  assert.ok(Number.isNaN(pearsonPairwiseComplete([1, NaN, 3], 0, [NaN, 2, 4], 0, 3, 1)), "one common position");
  assert.ok(Number.isNaN(pearsonPairwiseComplete([1, 1, 1], 0, [1, 2, 3], 0, 3, 1)), "flat side");
});

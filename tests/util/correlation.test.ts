import { test } from "node:test";
import assert from "node:assert/strict";
import { averageRanksPrefix, pearsonPrefix } from "../../src/util/correlation";

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

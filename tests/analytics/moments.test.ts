import { test } from "node:test";
import assert from "node:assert/strict";
import { excessKurtosis, returnMoments } from "../../src/analytics";
import { createRng } from "../../src/util/rng";

test("excessKurtosis(kurtosis) is 0 for a normal's 3 and matches scipy's Fisher kurtosis", () => {
  assert.equal(excessKurtosis(3), 0);
  // scipy 1.17: kurtosis([1, 2, 3, 4]) (fisher=True, bias=True) = -1.36
  assert.ok(Math.abs(excessKurtosis(returnMoments([1, 2, 3, 4]).kurtosis) - -1.36) < 1e-12);
  // a two-point distribution has the smallest kurtosis, 1: excess -2
  assert.equal(excessKurtosis(returnMoments([-1, 1, -1, 1]).kurtosis), -2);
});

test("excessKurtosis: fat tails are positive, NaN stays NaN", () => {
  const rng = createRng(3);
  // Student-like tails: a normal scaled by a rare large factor
  const fat = Float64Array.from({ length: 20_000 }, () => rng.normal() * (rng.next() < 0.05 ? 5 : 1));
  assert.ok(excessKurtosis(returnMoments(fat).kurtosis) > 3);
  assert.ok(Number.isNaN(excessKurtosis(NaN)));
  assert.ok(Number.isNaN(excessKurtosis(returnMoments([]).kurtosis)));
});

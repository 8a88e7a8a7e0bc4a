import { test } from "node:test";
import assert from "node:assert/strict";
import { equalWeights, exposureSummary, weightExtremes } from "../../src/portfolio";

const grid = (N: number, T: number) => ({ tickers: Array.from({ length: N }, (_, j) => `T${j}`), dates: Int32Array.from({ length: T }, (_, t) => 19000 + t) });

test("equalWeights: 1/n over the assets priced that day, 0 for the others and on a day with none", () => {
  // ticker-major, 3 tickers x 3 days: day 0 all priced; day 1 T1 missing; day 2 only T2 priced (T0 at 0 is not a price)
  const close = [10, 11, 0, 20, NaN, NaN, 30, 31, 32];
  const w = equalWeights(close, grid(3, 3));
  assert.deepEqual(Array.from(w), [1 / 3, 0.5, 0, 1 / 3, 0, 0, 1 / 3, 0.5, 1]);
  assert.deepEqual(Array.from(equalWeights([NaN, NaN], grid(2, 1))), [0, 0]);
  assert.throws(() => equalWeights(close, grid(2, 3)), /equalWeights: close has 9 values; its grid is 2 tickers x 3 dates = 6/);
});

test("weightExtremes: largest |w|, daily gross and |net| of a weight panel", () => {
  // 2 tickers x 3 days: day 0 (0.5, -0.25): gross 0.75, net 0.25; day 1 (-0.5, 0.5): gross 1, net 0; day 2 (0.1, -0.6): gross 0.7, net -0.5
  const w = [0.5, -0.5, 0.1, -0.25, 0.5, -0.6];
  const x = weightExtremes(w, grid(2, 3));
  assert.equal(x.maxAbsWeight, 0.6);
  assert.equal(x.maxGross, 1);
  assert.ok(Math.abs(x.maxAbsNet - 0.5) < 1e-15, `${x.maxAbsNet}`);
  assert.deepEqual(weightExtremes([], grid(0, 3)), { maxAbsWeight: 0, maxGross: 0, maxAbsNet: 0 });
  assert.throws(() => weightExtremes(w, grid(3, 3)), /weightExtremes: weights has 6 values; its grid is 3 tickers x 3 dates = 9/);
});

test("exposureSummary: mean and largest daily gross and |net| exposure", () => {
  const s = exposureSummary([1, 0.8, 0.9], [0.1, -0.3, 0.05]);
  assert.ok(Math.abs(s.meanGross - 0.9) < 1e-15 && Math.abs(s.meanNet - -0.05) < 1e-15, JSON.stringify(s));
  assert.equal(s.maxGross, 1);
  assert.equal(s.maxAbsNet, 0.3);
  assert.throws(() => exposureSummary([1], [0, 0]), /exposureSummary: grossExposure has 1 days and netExposure 2; they must align/);
});

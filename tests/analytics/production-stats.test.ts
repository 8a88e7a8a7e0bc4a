// Champion/challenger and drift statistics against independent references: statsmodels'
// S_hac_simple and numpy (tests/fixtures/analytics/make_production_stats.py wrote the values).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sharpeDifferenceTest } from "../../src/analytics/sharpeDifference";
import { populationStabilityIndex } from "../../src/analytics/drift";

const ref = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "analytics", "production_stats.json"), "utf8"));
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

test("Ledoit-Wolf Sharpe-difference test equals the statsmodels-HAC reference (automatic and zero lags)", () => {
  const auto = sharpeDifferenceTest(ref.a, ref.b);
  assert.equal(auto.lags, ref.lags);
  assert.equal(auto.n, ref.a.length);
  for (const key of ["sharpeA", "sharpeB", "difference", "standardError", "tStat", "pValue"] as const) close(auto[key], ref.lw[key], key);
  const iid = sharpeDifferenceTest(ref.a, ref.b, { lags: 0 });
  for (const key of ["standardError", "tStat", "pValue"] as const) close(iid[key], ref.lw0[key], `lags 0 ${key}`);
  // The autocorrelated series need the lags: the HAC error is larger than the lag-0 one.
  assert.ok(auto.standardError > iid.standardError * 1.1);
});

test("the Sharpe-difference test is antisymmetric and rejects unpaired or non-finite input", () => {
  const ab = sharpeDifferenceTest(ref.a, ref.b), ba = sharpeDifferenceTest(ref.b, ref.a);
  close(ba.difference, -ab.difference, "difference");
  close(ba.standardError, ab.standardError, "standard error");
  assert.throws(() => sharpeDifferenceTest([0.1, 0.2, 0.3], [0.1, 0.2]), /paired day by day \(got 3 and 2/);
  assert.throws(() => sharpeDifferenceTest([0.1, NaN, 0.3, 0.1], [0.1, 0.2, 0.3, 0.2]), /return 1 is not finite/);
});

test("PSI equals numpy's decile-bin reference, is 0 against itself, and honours bins", () => {
  close(populationStabilityIndex(ref.train, ref.live), ref.psi, "psi");
  close(populationStabilityIndex(ref.train, ref.train), ref.psiSelf, "psi self");
  close(populationStabilityIndex(ref.train, ref.live, { bins: 5 }), ref.psi5, "psi 5 bins");
  assert.ok(Number.isNaN(populationStabilityIndex([NaN], [1])));
  assert.throws(() => populationStabilityIndex([1], [1], { bins: 1 }), /bins must be an integer >= 2/);
});

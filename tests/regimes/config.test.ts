import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHmmConfig, parseRegimeConfig } from "../../src/config/regimes";

test("parseRegimeConfig fills hmmlearn's defaults and the study's", () => {
  const c = parseRegimeConfig({});
  assert.deepEqual(c.hmm, {
    nComponents: 3,
    covarianceType: "full",
    nIter: 100,
    tol: 1e-4,
    minCovar: 1e-3,
    covarsPrior: 1e-2,
    covarsWeight: 1,
    nRestarts: 5,
    stickiness: 0.9,
    seed: 0,
    stateOrder: "variance",
    orderFeature: 0,
  });
  assert.deepEqual(c.features, {
    benchmark: "SPY",
    credit: { risky: "HYG", safe: "IEF" },
    creditWindowDays: 20,
    bond: null,
    volWindowDays: 20,
    momentumWindowDays: 20,
    correlationWindowDays: 60,
  });
  assert.deepEqual(c.walkForward, { trainDays: 756, refitEveryDays: 63, window: "expanding", nRestarts: 2 });
  assert.deepEqual(c.selection, { minComponents: 2, maxComponents: 5 });
});

test("a bad regime config names the field and the allowed range", () => {
  assert.throws(() => parseRegimeConfig({ hmm: { nComponents: 0 } }), /invalid regime config: hmm.nComponents: must be >= 1 \(got 0\)/);
  assert.throws(() => parseHmmConfig({ covarianceType: "banded" }), /covarianceType: must be one of "full", "diag", "spherical", "tied" \(got "banded"\)/);
  assert.throws(() => parseRegimeConfig({ selection: { minComponents: 4, maxComponents: 2 } }), /invalid regime config: selection\.maxComponents: must be >= minComponents \(4\) \(got 2\)/);
  assert.throws(() => parseRegimeConfig({ walkForward: { trainDay: 500 } }), /unknown field\(s\) trainDay/);
});

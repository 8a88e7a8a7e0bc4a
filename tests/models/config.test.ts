import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, parseForestConfig, parseModelConfig, parseWalkForwardConfig } from "../../src/config";

test("parseForestConfig: scikit-learn's RandomForestRegressor defaults", () => {
  const c = parseForestConfig({});
  assert.deepEqual(
    { ...c },
    { backend: "native", nEstimators: 100, maxDepth: null, minSamplesLeaf: 1, minSamplesSplit: 2, maxFeatures: "all", bootstrap: true, seed: 0, maxBins: 255, binSampleRows: 200_000, oobScore: true, threads: "auto" },
  );
});

test("parseWalkForwardConfig: the study defaults, with the alpha model's small forests", () => {
  const c = parseWalkForwardConfig(undefined);
  assert.equal(c.window, "expanding");
  assert.equal(c.retrainEveryDays, 63);
  assert.equal(c.horizonDays, 5);
  assert.equal(c.maxTrainRows, 10_000);
  assert.equal(c.model.minRegimeSamples, 50);
  assert.equal(c.model.regimeBlend, "probabilityWeighted");
  assert.deepEqual([c.model.forest.nEstimators, c.model.forest.maxDepth, c.model.forest.minSamplesLeaf, c.model.forest.maxFeatures, c.model.forest.oobScore], [40, 5, 200, 0.33, false]);
  // A partial forest keeps the alpha defaults for the fields it leaves out.
  assert.equal(parseModelConfig({ forest: { nEstimators: 10 } }).forest.minSamplesLeaf, 200);
});

test("model configs name the bad field and the allowed range", () => {
  assert.throws(() => parseForestConfig({ maxBins: 300 }), (e: unknown) => e instanceof ConfigError && /maxBins: must be <= 255 \(got 300\)/.test(e.message));
  assert.throws(() => parseWalkForwardConfig({ window: "sliding" }), /walkForward config: window: must be one of "expanding", "rolling" \(got "sliding"\)/);
  assert.throws(() => parseWalkForwardConfig({ model: { forest: { minSamplesLeaf: 0 } } }), /model.forest.minSamplesLeaf: must be >= 1 \(got 0\)/);
  assert.throws(() => parseModelConfig({ regimeBlend: "soft" }), /regimeBlend: must be one of "probabilityWeighted", "mostLikely"/);
  assert.throws(() => parseWalkForwardConfig({ horizon: 5 }), /unknown field\(s\) horizon/);
});

/**
 * The feature definitions and their context: the registry is the feature panel's catalogue, in
 * order; families expand to one feature per window; shared series are computed once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createFeatureContext, expandFeatureEntry, missingTicker, type FeatureDefinition } from "../../src/features/definition";
import { FEATURE_REGISTRY, computeFeatures } from "../../src/features/panel";
import { TECHNICAL_FEATURES } from "../../src/features/technical";
import { MICROSTRUCTURE_FEATURES } from "../../src/features/microstructure";
import { CROSS_ASSET_FEATURES } from "../../src/features/crossAsset";
import { simpleReturns } from "../../src/features/rolling";
import { parseFeaturesConfig } from "../../src/config/features";
import { syntheticPanel } from "../fixtures/features/syntheticPanel";

const cfg = parseFeaturesConfig();

test("FEATURE_REGISTRY is the group lists in order, and expands to the feature panel's names, groups and warm-ups", () => {
  assert.deepEqual(FEATURE_REGISTRY, [...TECHNICAL_FEATURES, ...MICROSTRUCTURE_FEATURES, ...CROSS_ASSET_FEATURES]);
  const defs = FEATURE_REGISTRY.flatMap((e) => expandFeatureEntry(e, cfg));
  const fp = computeFeatures(syntheticPanel({ tickerCount: 6, days: 60 }));
  assert.deepEqual(defs.map((d) => d.name(cfg)), fp.names);
  assert.deepEqual(defs.map((d) => d.group), fp.features.map((f) => f.group));
  assert.deepEqual(defs.map((d) => d.warmupDays(cfg)), fp.features.map((f) => f.warmupDays));
  // each group file holds its own group only
  for (const [list, group] of [[TECHNICAL_FEATURES, "technical"], [MICROSTRUCTURE_FEATURES, "microstructure"], [CROSS_ASSET_FEATURES, "cross_asset"]] as const) {
    assert.ok(list.flatMap((e) => expandFeatureEntry(e, cfg)).every((d) => d.group === group), group);
  }
});

test("expandFeatureEntry: a family gives one feature per configured window, in the config's order; a single feature is itself", () => {
  const family = TECHNICAL_FEATURES[0];
  const custom = parseFeaturesConfig({ returnHorizons: [60, 3] });
  assert.deepEqual(expandFeatureEntry(family, custom).map((d) => d.name(custom)), ["ret_60d", "ret_3d"]);
  const single: FeatureDefinition = { group: "technical", name: () => "x", description: () => "x", warmupDays: () => 0, compute: (ctx) => ctx.returns(1) };
  assert.deepEqual(expandFeatureEntry(single, cfg), [single]);
});

test("createFeatureContext computes returns over h days once per call, equal to simpleReturns of each ticker", () => {
  const p = syntheticPanel({ tickerCount: 3, days: 40, seed: 5 });
  const ctx = createFeatureContext(p, cfg);
  assert.deepEqual(ctx.shape, { N: 3, T: 40 });
  const r5 = ctx.returns(5);
  assert.equal(ctx.returns(5), r5, "the same array the second time");
  for (let j = 0; j < 3; j++) assert.deepEqual(ctx.row(r5, j), simpleReturns(ctx.column("close", j), { lagDays: 5 }));
  assert.notEqual(createFeatureContext(p, cfg).returns(5), r5, "a new call, new series");
  let runs = 0;
  const a = ctx.cached("k", () => ++runs), b = ctx.cached("k", () => ++runs);
  assert.equal(a, 1);
  assert.equal(b, 1);
  assert.equal(runs, 1);
});

test("createFeatureContext: perTicker fills each row, broadcast repeats a day series on every row", () => {
  const p = syntheticPanel({ tickerCount: 2, days: 3 });
  const ctx = createFeatureContext(p, cfg);
  assert.deepEqual(ctx.perTicker((j, out, base) => out.fill(10 * j + base)), Float64Array.of(0, 0, 0, 13, 13, 13));
  assert.deepEqual(ctx.broadcast(Float64Array.of(1, 2, 3)), Float64Array.of(1, 2, 3, 1, 2, 3));
  assert.equal(ctx.indexOf("TLT"), 1);
  assert.equal(ctx.indexOf("XYZ"), -1);
  assert.throws(() => createFeatureContext({ ...p, close: p.close.subarray(1) }, cfg), /computeFeatures: panel.close has 5 values; its grid is 2 tickers x 3 dates = 6/);
});

test("missingTicker names the first missing ticker with its role, undefined when all are there", () => {
  const ctx = createFeatureContext(syntheticPanel({ tickers: ["SPY", "GLD"], days: 5 }), cfg);
  assert.equal(missingTicker(ctx, [["stock ticker", "SPY"], ["bond ticker", "TLT"], ["gold ticker", "XAU"]]), "bond ticker TLT is not in the panel");
  assert.equal(missingTicker(ctx, [["benchmark", "SPY"], ["gold ticker", "GLD"]]), undefined);
});

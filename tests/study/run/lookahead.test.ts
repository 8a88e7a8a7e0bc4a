import { test } from "node:test";
import assert from "node:assert/strict";
import { lookAheadCheck } from "../../../src/study/run/lookahead";
import { createRng } from "../../../src/util/rng";
import { ConfigError } from "../../../src/config/parse";
import { LookAheadConfigSchema, parseStudyConfig } from "../../../src/study/config";

test("lookAheadCheck compares Sharpe over the common days and flags a collapse", () => {
  const rng = createRng(1);
  const honest = Float64Array.from({ length: 1000 }, () => 0.0004 + 0.01 * rng.normal());
  const laggedHonest = Float64Array.from(honest, (x, i) => (i === 0 ? NaN : x - 0.00002));
  const ok = lookAheadCheck(honest, laggedHonest);
  assert.equal(ok.flagged, false);
  assert.equal(ok.days, 999);
  assert.ok(ok.sharpeChange < 0 && ok.sharpeChange > -0.1);
  assert.match(ok.verdict, /^passed/);
  // a leaked signal: huge Sharpe that vanishes when lagged
  const leaked = Float64Array.from({ length: 1000 }, () => Math.abs(0.01 * rng.normal()));
  const laggedLeak = Float64Array.from({ length: 1000 }, () => 0.01 * rng.normal());
  const bad = lookAheadCheck(leaked, laggedLeak);
  assert.equal(bad.flagged, true);
  assert.match(bad.verdict, /^SUSPECT LOOK-AHEAD/);
});

test("lookAheadCheck takes its threshold from the config, and its default from LookAheadConfigSchema", () => {
  const rng = createRng(2);
  const base = Float64Array.from({ length: 500 }, () => 0.001 + 0.01 * rng.normal());
  const lagged = Float64Array.from(base, (x) => x - 0.0015);
  const check = lookAheadCheck(base, lagged);
  assert.equal(check.maxSharpeDrop, LookAheadConfigSchema.parse({}).maxSharpeDrop);
  assert.equal(check.maxSharpeDrop, parseStudyConfig({}).lookAhead.maxSharpeDrop);
  // the same change, judged against a tighter and a looser threshold
  assert.ok(check.sharpeChange < -0.5 && check.sharpeChange > -3, `${check.sharpeChange}`);
  assert.equal(lookAheadCheck(base, lagged, { maxSharpeDrop: 0.5 }).flagged, true);
  assert.equal(lookAheadCheck(base, lagged, { maxSharpeDrop: 3 }).flagged, false);
  assert.throws(() => lookAheadCheck(base, lagged, { maxSharpeDrop: -1 }), (err: unknown) => err instanceof ConfigError && /invalid lookAheadCheck config: maxSharpeDrop: must be > 0 \(got -1\)/.test(err.message));
  assert.throws(() => lookAheadCheck(base, lagged.subarray(1)), /lookAheadCheck: baseline has 500 days and the lagged run 499; they must align/);
});

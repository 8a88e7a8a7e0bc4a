import { test } from "node:test";
import assert from "node:assert/strict";
import { lookAheadCheck } from "../../src/study/lookahead";
import { createRng } from "../../src/util/rng";

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

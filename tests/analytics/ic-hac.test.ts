import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { icSummary } from "../../src/analytics";
import { createRng } from "../../src/util/rng";

const close = (actual: number, expected: number, tol: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} expected ${expected}, got ${actual} (tol ${tol})`);

/** tests/fixtures/analytics/ic_ma4.csv: 400 days of a seeded MA(4) "daily IC", NaN on 3 days. */
const ic = Float64Array.from(readFileSync(join(__dirname, "../fixtures/analytics/ic_ma4.csv"), "utf8").trim().split("\n").slice(1), Number);

test("icSummary of an MA(4) IC series: iid, Newey-West, Hansen-Hodrick and automatic Newey-West t match statsmodels", () => {
  // tests/fixtures/analytics/ic_hac_reference.py: statsmodels 0.13.5 OLS on a constant, cov_type "HAC",
  // use_correction False (kernel "bartlett" for Newey-West, "uniform" for Hansen-Hodrick); the
  // automatic lags by the Newey-West (1994) plug-in in numpy (sandwich::bwNeweyWest, prewhite = 0):
  // pre-bandwidth 5, bandwidth 9.2133, 9 lags.
  assert.equal(ic.length, 400);
  const iid = icSummary(ic);
  assert.equal(iid.days, 397);
  close(iid.tStat, 3.3879017086109604, 1e-10, "iid");
  close(iid.tStatHansenHodrick, 3.3879017086109604, 1e-10, "HH, h = 1");
  close(icSummary(ic, { neweyWestLags: 1 }).tStat, 2.59458990240815, 1e-10, "NW 1 lag");
  close(icSummary(ic, { overlapDays: 2 }).tStatHansenHodrick, 2.18120056080933, 1e-10, "HH 1 lag");
  const h5 = icSummary(ic, { neweyWestLags: 4, overlapDays: 5 });
  close(h5.tStat, 2.030527666761362, 1e-10, "NW 4 lags");
  close(h5.tStatHansenHodrick, 1.7671215339768074, 1e-10, "HH 4 lags");
  assert.equal(h5.neweyWestAutoLags, 9);
  close(h5.tStatNeweyWestAuto, 1.8886145381998722, 1e-10, "NW auto");
  // The automatic figures depend on the series only, not on the fixed-lag options.
  assert.equal(iid.neweyWestAutoLags, 9);
  assert.equal(iid.tStatNeweyWestAuto, h5.tStatNeweyWestAuto);
  // Non-overlapping days (every 5th valid one): the iid t of that subsample, numpy 2.2283253073327627.
  const every5 = icSummary(ic, { everyDays: 5 });
  assert.equal(every5.days, 80);
  close(every5.tStat, 2.2283253073327627, 1e-10, "every 5th");
  close(every5.tStatHansenHodrick, every5.tStat, 0, "HH h = 1 on the subsample");
});

test("icSummary: the Hansen-Hodrick t with h = 1 is the iid t, bit for bit, on seeded series", () => {
  for (const seed of [1, 2, 3]) {
    const rng = createRng(seed);
    const v = Float64Array.from({ length: 300 }, (_, i) => (i % 37 === 5 ? NaN : 0.02 + 0.1 * rng.normal()));
    const s = icSummary(v);
    assert.equal(s.tStatHansenHodrick, s.tStat, `seed ${seed}`);
    assert.equal(icSummary(v, { overlapDays: 1, neweyWestLags: 3 }).tStatHansenHodrick, s.tStat);
  }
});

test("icSummary: the new t-stats leave tStat as it was; overlap never makes Hansen-Hodrick larger than iid on positively autocorrelated ICs", () => {
  const rng = createRng(9);
  const e = Float64Array.from({ length: 1004 }, () => rng.normal());
  const ma = Float64Array.from({ length: 1000 }, (_, t) => 0.02 + 0.1 * (e[t + 4] + e[t + 3] + e[t + 2] + e[t + 1] + e[t]));
  const base = icSummary(ma);
  const withH = icSummary(ma, { overlapDays: 5 });
  assert.equal(withH.tStat, base.tStat);
  assert.equal(withH.mean, base.mean);
  assert.ok(withH.tStatHansenHodrick < base.tStat, `${withH.tStatHansenHodrick} vs iid ${base.tStat}`);
  assert.ok(withH.neweyWestAutoLags >= 1, "autocorrelated: the automatic bandwidth takes lags");
  // A white-noise series of the same length gets fewer automatic lags.
  const white = icSummary(Float64Array.from({ length: 1000 }, () => rng.normal()));
  assert.ok(white.neweyWestAutoLags < withH.neweyWestAutoLags, `white noise ${white.neweyWestAutoLags} lags, MA(4) ${withH.neweyWestAutoLags}`);
});

test("icSummary: Hansen-Hodrick gives NaN when the uniform-weight long-run variance is not positive", () => {
  // Alternating series: every odd-lag autocovariance is strongly negative, so g0 + 2 g1 < 0.
  const alternating = Float64Array.from({ length: 40 }, (_, i) => (i % 2 ? 1.1 : -1));
  const s = icSummary(alternating, { overlapDays: 2 });
  assert.ok(Number.isNaN(s.tStatHansenHodrick));
  assert.ok(Number.isFinite(s.tStat));
  const few = icSummary([0.1], { overlapDays: 5 });
  assert.ok(Number.isNaN(few.tStatHansenHodrick) && Number.isNaN(few.tStatNeweyWestAuto) && Number.isNaN(few.neweyWestAutoLags));
  assert.throws(() => icSummary([0.1, 0.2], { overlapDays: 0 }), /icSummary: overlapDays must be a positive integer \(got 0\)/);
});

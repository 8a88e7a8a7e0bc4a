import { test } from "node:test";
import assert from "node:assert/strict";
import { computeFeatures, featureMatrix, featureSeries, usableFeatureCount, type FeaturePanel } from "../../src/features/panel";
import { forwardReturns, forwardReturnTargets } from "../../src/features/targets";
import { parseFeaturesConfig } from "../../src/config/features";
import type { Panel } from "../../src/data/types";
import { referenceFeatures } from "./reference";
import { fixturePanel } from "../fixtures/features/realPanel";
import { syntheticPanel } from "../fixtures/features/syntheticPanel";

const TOL = 1e-10;

/**
 * Every engine feature equals the plain-loop reference: NaN exactly where the reference is NaN,
 * elsewhere |a - b| <= 1e-10 * max(|b|, scale), scale = the feature's median |value| (so a
 * feature living near 1e-5, like Amihud, is held to 1e-10 relative, not absolute).
 */
function assertMatchesReference(fp: FeaturePanel, ref: Map<string, Float64Array>, label: string, allowEmpty: readonly string[] = []): void {
  assert.deepEqual([...fp.names].sort(), [...ref.keys()].sort(), `${label}: the reference covers exactly the engine's features`);
  const T = fp.dates.length;
  for (let f = 0; f < fp.names.length; f++) {
    const name = fp.names[f];
    const got = fp.values[f], want = ref.get(name)!;
    const finite = Array.from(want).filter(Number.isFinite).map(Math.abs).sort((a, b) => a - b);
    assert.ok(finite.length > 0 || allowEmpty.includes(name), `${label} ${name}: the reference has values`);
    const scale = finite[Math.floor(finite.length / 2)] || 1;
    for (let i = 0; i < want.length; i++) {
      const a = got[i], b = want[i];
      const ok = Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= TOL * Math.max(Math.abs(b), scale);
      if (!ok) assert.fail(`${label} ${name} ${fp.tickers[Math.floor(i / T)]} day ${i % T}: expected ${b}, got ${a}`);
    }
  }
}

const real = fixturePanel();
const realFeatures = computeFeatures(real);

test("computeFeatures on real bars (9 ETFs, 2019-2020) equals the plain-loop reference to 1e-10, feature by feature", () => {
  assert.equal(real.tickers.length, 9);
  assert.equal(real.dates.length, 505);
  assert.equal(realFeatures.names.length, 34);
  assert.deepEqual(realFeatures.skipped, []);
  assertMatchesReference(realFeatures, referenceFeatures(real), "real");
});

test("computeFeatures with missing bars equals the reference: a NaN bar blanks exactly the windows that hold it", () => {
  const p = syntheticPanel({ tickerCount: 7, days: 420, seed: 11, nanRate: 0.01 });
  const fp = computeFeatures(p);
  // risk_on_off needs 272 gap-free days of four tickers: with 1% missing bars it never has them
  assertMatchesReference(fp, referenceFeatures(p), "gappy", ["risk_on_off"]);
  // and the gaps really bite: vol_20d of some ticker has NaN after warm-up
  const v = featureSeries(fp, "vol_20d", "SPY");
  assert.ok(Array.from(v.subarray(40)).some(Number.isNaN));
});

test("each feature's first value appears exactly at its declared warmupDays on a gap-free panel", () => {
  const p = syntheticPanel({ tickerCount: 6, days: 330, seed: 3 });
  const fp = computeFeatures(p);
  const T = p.dates.length;
  for (let f = 0; f < fp.names.length; f++) {
    const v = fp.values[f];
    for (let j = 0; j < p.tickers.length; j++) {
      let first = -1;
      for (let t = 0; t < T; t++) if (Number.isFinite(v[j * T + t])) { first = t; break; }
      assert.equal(first, fp.features[f].warmupDays, `${fp.names[f]} ${p.tickers[j]}`);
    }
  }
});

test("usableCounts count the finite values of each feature", () => {
  for (let f = 0; f < realFeatures.names.length; f++) {
    const n = Array.from(realFeatures.values[f]).filter(Number.isFinite).length;
    assert.equal(realFeatures.usableCounts[f], n, realFeatures.names[f]);
  }
  // ret_1d: 505 days, the first has no previous close: 9 tickers x 504
  assert.equal(usableFeatureCount(realFeatures, "ret_1d"), 9 * 504);
  assert.equal(usableFeatureCount(realFeatures, "ret_1d", "GLD"), 504);
  // risk_on_off: first value at 20 + 252 - 1 = 271, so 505 - 271 = 234 days per ticker
  assert.equal(usableFeatureCount(realFeatures, "risk_on_off", "SPY"), 234);
});

test("market-wide features are broadcast: the same value for every ticker on a day", () => {
  const T = real.dates.length;
  for (let f = 0; f < realFeatures.names.length; f++) {
    if (!realFeatures.features[f].broadcast) continue;
    const v = realFeatures.values[f];
    for (let j = 1; j < real.tickers.length; j++) assert.deepEqual(v.subarray(j * T, (j + 1) * T), v.subarray(0, T), realFeatures.names[f]);
  }
  const broadcast = realFeatures.features.filter((f) => f.broadcast).map((f) => f.name);
  assert.deepEqual(broadcast, ["stock_bond_corr_60d", "gold_mom_20d", "oil_mom_20d", "dollar_mom_20d", "risk_on_off", "dispersion_20d"]);
});

test("hand-checked values on the real bars", () => {
  const T = real.dates.length;
  const c = (t: string, k: number) => real.close[real.tickers.indexOf(t) * T + k];
  // ret_20d of SPY on the last day, by hand from the closes
  assert.ok(Math.abs(featureSeries(realFeatures, "ret_20d", "SPY")[T - 1] - (c("SPY", T - 1) / c("SPY", T - 21) - 1)) < 1e-15);
  // the stock-bond correlation was negative through 2019 (a well-known regime); it lives in [-1, 1]
  const sb = featureSeries(realFeatures, "stock_bond_corr_60d", "SPY");
  assert.ok(sb[200] < 0, `SPY-TLT 60d correlation in late 2019 = ${sb[200]}`);
  for (const v of sb) if (Number.isFinite(v)) assert.ok(v >= -1 && v <= 1);
  // SPY against itself: beta 1, correlation 1, relative strength 0
  const beta = featureSeries(realFeatures, "beta_spy_60d", "SPY"), corr = featureSeries(realFeatures, "corr_spy_60d", "SPY");
  for (let t = 60; t < T; t++) {
    assert.ok(Math.abs(beta[t] - 1) < 1e-12 && Math.abs(corr[t] - 1) < 1e-12, `day ${t}`);
    assert.equal(featureSeries(realFeatures, "rel_strength_spy_20d", "SPY")[t], 0);
  }
  // overnight gap and intraday return compose the close-to-close return
  const gap = featureSeries(realFeatures, "overnight_gap", "USO"), intra = featureSeries(realFeatures, "intraday_ret", "USO");
  const r1 = featureSeries(realFeatures, "ret_1d", "USO");
  for (let t = 1; t < T; t++) assert.ok(Math.abs((1 + gap[t]) * (1 + intra[t]) - (1 + r1[t])) < 1e-12);
  // cross-sectional ranks of 9 tickers without ties are {1..9}/9 every day
  const ranks = realFeatures.values[realFeatures.names.indexOf("xs_rank_mom_20d")];
  const day = Array.from({ length: 9 }, (_, j) => ranks[j * T + 300]).sort((a, b) => a - b);
  assert.deepEqual(day.map((r) => Math.round(r * 9)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("VWAP features say when the VWAP is an estimate", () => {
  const vwapNames = realFeatures.features.filter((f) => f.usesVwap).map((f) => f.name);
  assert.deepEqual(vwapNames, ["vwap_dev", "vwap_mom_5d", "price_improvement"]);
  assert.ok(realFeatures.features.filter((f) => f.usesVwap).every((f) => f.vwapEstimated && /estimated/.test(f.description)));
  const p = syntheticPanel({ tickerCount: 5, days: 80 });
  const withRealVwap = computeFeatures({ ...p, vwapEstimated: p.tickers.map(() => false) });
  assert.ok(withRealVwap.features.every((f) => !f.vwapEstimated));
});

test("cross-asset features whose tickers are missing are skipped with the reason, the rest computed", () => {
  const p = syntheticPanel({ tickers: ["SPY", "GLD", "AAA", "BBB"], days: 120 });
  const fp = computeFeatures(p);
  assert.deepEqual(fp.skipped, [
    { name: "stock_bond_corr_60d", reason: "bond ticker TLT is not in the panel" },
    { name: "oil_mom_20d", reason: "oil ticker USO is not in the panel" },
    { name: "dollar_mom_20d", reason: "dollar ticker UUP is not in the panel" },
  ]);
  const risk = fp.features[fp.names.indexOf("risk_on_off")];
  assert.match(risk.description, /left out for missing tickers: equity minus bond momentum, dollar momentum/);
  const noBench = computeFeatures(p, { benchmark: "QQQ" });
  assert.ok(noBench.skipped.some((s) => s.name === "beta_qqq_60d" && s.reason === "benchmark QQQ is not in the panel"));
});

test("the configuration names the features: windows and benchmark appear in the names", () => {
  const p = syntheticPanel({ tickerCount: 6, days: 100 });
  const fp = computeFeatures(p, { volWindows: [10, 30], volRatioShortDays: 10, volRatioLongDays: 30, benchmark: "GLD", betaDays: 40, groups: { microstructure: false } });
  for (const name of ["vol_10d", "vol_30d", "vol_ratio_10_30", "beta_gld_40d", "corr_gld_40d", "rel_strength_gld_20d"]) assert.ok(fp.names.includes(name), name);
  assert.ok(!fp.names.includes("vwap_dev") && !fp.names.includes("vol_20d"));
  assert.throws(() => parseFeaturesConfig({ volRatioShortDays: 7 }), /volRatioShortDays: must be one of volWindows \[5, 20, 60\]/);
  assert.throws(() => parseFeaturesConfig({ betaDays: 1 }), /betaDays: must be >= 2 \(got 1\)/);
  assert.throws(() => parseFeaturesConfig({ benchmak: "SPY" }), /unknown field\(s\) benchmak/);
  assert.equal(parseFeaturesConfig().benchmark, "SPY");
});

test("computeFeatures rejects a malformed panel naming the field, and does not mutate its input", () => {
  const p = syntheticPanel({ tickerCount: 5, days: 50 });
  assert.throws(() => computeFeatures({ ...p, volume: p.volume.subarray(1) }), /computeFeatures: panel.volume has 249 values; its grid is 5 tickers x 50 dates = 250/);
  const dates = p.dates.slice();
  dates[10] = dates[9];
  assert.throws(() => computeFeatures({ ...p, dates }), /strictly ascending \(2010-01-15 then 2010-01-15\)/);
  const before = p.close.slice();
  computeFeatures(p);
  assert.deepEqual(p.close, before);
});

test("featureSeries is a view of one ticker's feature and names what is missing", () => {
  const T = real.dates.length;
  const s = featureSeries(realFeatures, "vol_20d", "TLT");
  assert.equal(s.length, T);
  assert.equal(s[T - 1], realFeatures.values[realFeatures.names.indexOf("vol_20d")][real.tickers.indexOf("TLT") * T + T - 1]);
  assert.throws(() => featureSeries(realFeatures, "vol_21d", "TLT"), /feature "vol_21d" is not in the feature panel \(have: ret_1d, /);
  assert.throws(() => featureSeries(realFeatures, "vol_20d", "XYZ"), /ticker "XYZ" is not in the feature panel/);
});

test("featureMatrix rows are ordered by day then ticker, drop incomplete rows, and carry the target", () => {
  const T = real.dates.length, N = real.tickers.length;
  const target = forwardReturns(real, 1);
  const names = ["ret_1d", "vol_20d", "risk_on_off"];
  const m = featureMatrix(realFeatures, { names, target });
  // risk_on_off starts at day 271; the 1-day target is unknown on the last day
  assert.equal(m.rows, (T - 271 - 1) * N);
  assert.equal(m.cols, 3);
  for (let r = 0; r < m.rows; r++) {
    const t = m.rowDay[r], j = m.rowTicker[r];
    if (r > 0) assert.ok(t > m.rowDay[r - 1] || (t === m.rowDay[r - 1] && j > m.rowTicker[r - 1]));
    assert.equal(m.X[r * 3 + 1], realFeatures.values[realFeatures.names.indexOf("vol_20d")][j * T + t]);
    assert.equal(m.y![r], target[j * T + t]);
  }
  // a day range is a contiguous block of rows
  const d = 400;
  const first = m.dayRowStart[d - m.dayStart], end = m.dayRowStart[d - m.dayStart + 1];
  assert.equal(end - first, N);
  for (let r = first; r < end; r++) assert.equal(m.rowDay[r], d);
  const sub = featureMatrix(realFeatures, { names, dayRange: [300, 310], target });
  assert.equal(sub.rows, 10 * N);
  assert.deepEqual(sub.X, m.X.subarray(m.dayRowStart[300 - m.dayStart] * 3, m.dayRowStart[310 - m.dayStart] * 3));
  // keeping incomplete rows keeps every (day, ticker) and its NaN
  const all = featureMatrix(realFeatures, { names, dropIncomplete: false });
  assert.equal(all.rows, T * N);
  assert.ok(Number.isNaN(all.X[0]));
  assert.throws(() => featureMatrix(realFeatures, { dayRange: [10, 5] }), /dayRange must be integers with 0 <= start <= end <= 505 \(got \[10, 5\]\)/);
});

test("forwardReturns: row t holds close t -> close t + h, the last h rows unknown (NaN)", () => {
  const p: Panel = {
    ...syntheticPanel({ tickerCount: 2, days: 4 }),
    close: Float64Array.from([100, 110, 99, 0, 10, 20, 30, 40]),
  };
  // by hand: 110/100-1 = 0.1, 99/110-1 = -0.1, 0/99-1 = -1; 20/10-1 = 1, 30/20-1 = 0.5, 40/30-1
  const f1 = forwardReturns(p, 1);
  const want = [0.1, -0.1, -1, NaN, 1, 0.5, 40 / 30 - 1, NaN];
  want.forEach((w, i) => (Number.isNaN(w) ? assert.ok(Number.isNaN(f1[i])) : assert.ok(Math.abs(f1[i] - w) < 1e-15, `${i}`)));
  const f2 = forwardReturns(p, 2);
  assert.ok(Math.abs(f2[0] - -0.01) < 1e-15 && Number.isNaN(f2[1] + 0) === false && Number.isNaN(f2[2]) && Number.isNaN(f2[3]));
  assert.equal(f2[1], -1); // 0 / 110 - 1
  const targets = forwardReturnTargets(p);
  assert.deepEqual(targets.names, ["fwd_ret_1d", "fwd_ret_5d"]);
  assert.ok(Array.from(targets.values[1]).every(Number.isNaN)); // 4 days: no 5-day target is known
  assert.throws(() => forwardReturns(p, 0), /forwardReturns requires an integer horizonDays >= 1 \(got 0\)/);
  assert.throws(() => forwardReturns({ ...p, close: p.close.subarray(1) }, 1), /forwardReturns: close has 7 values; its grid is 2 tickers x 4 dates = 8/);
});

test("feature groups switch off independently; the cross-asset group alone gives the same values", () => {
  const only = computeFeatures(real, { groups: { technical: false, microstructure: false } });
  assert.ok(only.features.every((f) => f.group === "cross_asset"));
  assert.equal(only.names.length, 10);
  for (const name of only.names) {
    assert.deepEqual(only.values[only.names.indexOf(name)], realFeatures.values[realFeatures.names.indexOf(name)], name);
  }
});

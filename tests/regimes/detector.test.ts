import { test } from "node:test";
import assert from "node:assert/strict";
import {
  fitRegimeModel,
  regimeFeatureMatrix,
  regimeFilter,
  regimePosteriors,
  regimeSummary,
  regimeExpectedDurations,
  regimeViterbi,
  RegimeDetector,
  selectRegimeModel,
  regimeArgmax,
  regimeNames,
  regimeAgreement,
  type RegimeFeatureMatrix,
} from "../../src/regimes";
import { loadReference } from "./fixture";
import { syntheticRegimePanel } from "./synthetic";

const { panel } = syntheticRegimePanel(900, { seed: 8 });
const features = regimeFeatureMatrix(panel); // return, log vol, momentum, credit: complete from row 20

test("RegimeDetector: fit, predictProba (filtered by default) and predictRegimes in the original design's shape", () => {
  const det = new RegimeDetector({ nComponents: 2, nRestarts: 2, seed: 4 }).fit(features);
  assert.equal(det.model.firstRow, 20);
  assert.equal(det.model.nObservations, 880);
  const p = det.predictProba(features);
  assert.deepEqual(p, regimeFilter(det.model, features));
  assert.deepEqual(det.predictProba(features, { smoothed: true }), regimePosteriors(det.model, features));
  assert.deepEqual(det.predictRegimes(features), regimeArgmax(p, 2));
  assert.deepEqual(det.predictRegimes(features, { method: "viterbi" }), regimeViterbi(det.model, features));
  assert.equal(det.predictRegimes(features)[10], -1); // warm-up row
  assert.equal(det.selection, null);
  assert.throws(() => new RegimeDetector().predictProba(features), /call fit\(features\) first/);
});

test("selection by BIC recovers the 3 states of the reference generator (K from 2 to 4)", () => {
  const { raw } = loadReference();
  const ref = { X: raw, names: ["ret", "logvol", "dvol", "mom"] };
  const det = new RegimeDetector({ selectBy: "bic", minComponents: 2, maxComponents: 4, nRestarts: 2, seed: 1 }).fit(ref);
  assert.equal(det.model.hmm.nComponents, 3);
  const table = det.selection!;
  assert.deepEqual(table.map((r) => r.nComponents), [2, 3, 4]);
  const best = table.reduce((a, b) => (b.bic < a.bic ? b : a));
  assert.equal(best.nComponents, 3);
  // BIC = -2 log L + p ln n with hmmlearn's count (full, d = 4: 2 + 6 + 12 + 30 = 50 for K = 3)
  assert.equal(table[1].nParameters, 50);
  assert.ok(Math.abs(table[1].bic - (-2 * table[1].logLikelihood + 50 * Math.log(2500))) < 1e-9);
  // standardised with its own scaler, the log-likelihood is hmmlearn's best fit on the reference's scaled data
  assert.ok(Math.abs(det.model.logLikelihood - -10623.036358) < 1e-3 * 10623);
});

test("fitRegimeModel fits scaler and HMM on the training rows only: later rows do not move the model", () => {
  const a = fitRegimeModel(features, { nComponents: 2, nRestarts: 1, endRow: 600 });
  const changed: RegimeFeatureMatrix = { ...features, X: Float64Array.from(features.X) };
  for (let i = 600 * 4; i < changed.X.length; i++) changed.X[i] = 7 * changed.X[i] + 1;
  const b = fitRegimeModel(changed, { nComponents: 2, nRestarts: 1, endRow: 600 });
  assert.deepEqual(a.scaler, b.scaler);
  assert.deepEqual(Array.from(a.hmm.means), Array.from(b.hmm.means));
  assert.equal(a.nObservations, 580);
});

test("fitRegimeModel skips the warm-up but names an interior NaN with its date and feature", () => {
  const holed: RegimeFeatureMatrix = { ...features, X: Float64Array.from(features.X) };
  holed.X[300 * 4 + 3] = NaN;
  assert.throws(() => fitRegimeModel(holed, { nComponents: 2 }), /fitRegimeModel: row 300 \(2008-06-\d\d\) has NaN in "credit HYG-IEF 20d" after the warm-up/);
  assert.throws(() => fitRegimeModel({ X: new Float64Array(8).fill(NaN), names: ["a", "b"] }), /no complete row/);
  const det = new RegimeDetector({ nComponents: 2, nRestarts: 1 }).fit(features);
  assert.throws(() => det.predictProba({ X: features.X, names: ["a", "b", "c", "d"] }), /features are \[a, b, c, d\], the model was fitted on \[SPY return 1d/);
});

test("regimeSummary reports each regime in the features' own units", () => {
  const m = fitRegimeModel(features, { nComponents: 2, nRestarts: 1 });
  const s = regimeSummary(m);
  assert.deepEqual(s.regime, ["0 calm", "1 turbulent"]);
  const d = 4;
  for (let k = 0; k < 2; k++) {
    const mean0 = m.hmm.means[k * d] * m.scaler.scale[0] + m.scaler.mean[0];
    const vol0 = Math.sqrt(m.hmm.covars[k * d * d]) * m.scaler.scale[0];
    assert.ok(Math.abs((s["SPY return 1d mean"][k] as number) - mean0) < 1e-15);
    assert.ok(Math.abs((s["annualised volatility of SPY return 1d"][k] as number) - vol0 * Math.sqrt(252)) < 1e-12);
    assert.ok(Math.abs((s["expected duration (days)"][k] as number) - 1 / (1 - m.hmm.transmat[k * 3])) < 1e-9);
  }
  // the synthetic regimes: 0.6% and 2.5% daily vol, i.e. about 9.5% and 40% a year
  const vol = s["annualised volatility of SPY return 1d"] as number[];
  assert.ok(vol[0] > 0.07 && vol[0] < 0.13 && vol[1] > 0.3 && vol[1] < 0.5, `annualised vols ${vol}`);
});

test("regimeExpectedDurations is 1 / (1 - A_kk) days per visit, NaN for an absorbing regime", () => {
  const m = fitRegimeModel(features, { nComponents: 2, nRestarts: 1 });
  // by hand: 1 / (1 - 0.9) = 10 and 1 / (1 - 0.75) = 4 days
  const dur = regimeExpectedDurations({ ...m, hmm: { ...m.hmm, transmat: Float64Array.of(0.9, 0.1, 0.25, 0.75) } });
  assert.ok(Math.abs(dur[0] - 10) < 1e-12 && Math.abs(dur[1] - 4) < 1e-12, `durations ${dur}`);
  const absorbing = regimeExpectedDurations({ ...m, hmm: { ...m.hmm, transmat: Float64Array.of(1, 0, 0.5, 0.5) } });
  assert.ok(Number.isNaN(absorbing[0]));
  assert.equal(absorbing[1], 2);
  // the fitted model: every regime lasts more than one day, and regimeSummary reports the same numbers
  const fitted = regimeExpectedDurations(m);
  assert.equal(fitted.length, 2);
  for (const d of fitted) assert.ok(d > 1, `duration ${d}`);
  assert.deepEqual(Array.from(fitted), regimeSummary(m)["expected duration (days)"]);
});

test("regimeNames run calm to turbulent", () => {
  assert.deepEqual(regimeNames(2), ["calm", "turbulent"]);
  assert.deepEqual(regimeNames(3), ["calm", "normal", "turbulent"]);
  assert.deepEqual(regimeNames(6), ["calm", "state 1", "state 2", "state 3", "state 4", "turbulent"]);
});

test("regimeArgmax takes the most probable label, the lower one on ties, -1 on a row with NaN", () => {
  assert.deepEqual(Array.from(regimeArgmax([0.2, 0.8, 0.5, 0.5, NaN, 1, NaN, NaN], 2)), [1, 0, -1, -1]);
});

test("regimeAgreement counts equal labels over rows where both are known", () => {
  assert.ok(Math.abs(regimeAgreement([0, 1, 1, -1], [0, 1, 0, 2]) - 2 / 3) < 1e-15);
  assert.ok(Number.isNaN(regimeAgreement([-1], [0])));
  assert.throws(() => regimeAgreement([0], [0, 1]), /equal length \(got 1 and 2\)/);
});

test("selectRegimeModel rejects an empty range", () => {
  assert.throws(() => selectRegimeModel(features, { minComponents: 4, maxComponents: 2 }), /invalid selectRegimeModel config: maxComponents: must be >= minComponents \(4\) \(got 2\)/);
});

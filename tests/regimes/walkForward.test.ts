import { test } from "node:test";
import assert from "node:assert/strict";
import { fitRegimeModel, panelWalkForwardRegimes, regimeFeatureMatrix, walkForwardRegimes, type RegimeFeatureMatrix } from "../../src/regimes";
import { rescaleHmm } from "../../src/regimes/walkForward";
import { applyHmmScaler, fitHmmScaler } from "../../src/regimes/scaler";
import { hmmFilter } from "../../src/regimes/model";
import { syntheticRegimePanel } from "./synthetic";
import { HmmFitConfigSchema, RegimeWalkForwardConfigSchema } from "../../src/config/regimes";

const T = 1100;
const { panel, states } = syntheticRegimePanel(T, { seed: 5 });
const features = regimeFeatureMatrix(panel, { credit: null }); // return, log vol, momentum; complete from row 20
const options = { trainDays: 500, refitEveryDays: 150, nComponents: 2, nRestarts: 1, seed: 1 } as const;
const wf = walkForwardRegimes(features, options);

test("walkForwardRegimes refits on schedule: first after trainDays complete rows, then every refitEveryDays", () => {
  // first complete row is 20 (20-day windows over returns from row 1), so the first refit is row 519
  assert.equal(wf.firstRow, 519);
  assert.deepEqual(wf.fits.map((f) => f.refitRow), [519, 669, 819, 969]);
  assert.deepEqual(wf.fits.map((f) => f.validUntil), [669, 819, 969, T]);
  for (const f of wf.fits) assert.equal(f.trainStart, 20); // expanding window
  for (let t = 0; t < T; t++) assert.equal(wf.fitIndex[t], t < 519 ? -1 : wf.fits.findIndex((f) => f.refitRow <= t && t < f.validUntil));
  for (let i = 0; i < 519 * 2; i++) assert.ok(Number.isNaN(wf.filtered[i]));
  for (let t = 519; t < T; t++) assert.ok(Math.abs(wf.filtered[2 * t] + wf.filtered[2 * t + 1] - 1) < 1e-12);
  assert.equal(wf.labels[518], -1);
});

test("walkForwardRegimes at t uses only rows up to t: change every row after t and rows <= t stay the same", () => {
  for (const cut of [600, 700, 969]) {
    const changed: RegimeFeatureMatrix = { ...features, X: Float64Array.from(features.X) };
    for (let i = (cut + 1) * 3; i < changed.X.length; i++) changed.X[i] = changed.X[i] * 2.5 + 0.3;
    const other = walkForwardRegimes(changed, options);
    for (let i = 0; i < (cut + 1) * 2; i++) assert.ok(Object.is(wf.filtered[i], other.filtered[i]), `cut ${cut}: entry ${i} moved`);
    for (let t = 0; t <= cut; t++) assert.equal(wf.labels[t], other.labels[t]);
    // and the test can fail: rows after the cut do move
    let moved = 0;
    for (let i = (cut + 1) * 2; i < T * 2; i++) moved = Math.max(moved, Math.abs(wf.filtered[i] - other.filtered[i]));
    assert.ok(moved > 1e-6, `cut ${cut}: later rows should move`);
  }
});

test("each refit's scaler is fitted on its training rows only", () => {
  for (const f of wf.fits) {
    const s = fitHmmScaler(features.X.subarray(f.trainStart * 3, (f.refitRow + 1) * 3), 3);
    assert.deepEqual(Array.from(f.model.scaler.mean), Array.from(s.mean));
    assert.deepEqual(Array.from(f.model.scaler.scale), Array.from(s.scale));
    assert.equal(f.model.nObservations, f.refitRow + 1 - f.trainStart);
  }
});

test("labels keep their meaning across refits: 0 = calm, 1 = turbulent in every fit", () => {
  // the generator: calm daily vol 0.6%, turbulent 2.5%; each fit's state k must describe the same regime
  for (const f of wf.fits) {
    const { hmm, scaler } = f.model;
    const dailyVol = [0, 1].map((k) => Math.sqrt(hmm.covars[k * 9]) * scaler.scale[0]);
    assert.ok(dailyVol[0] > 0.004 && dailyVol[0] < 0.009, `fit at ${f.refitRow}: calm vol ${dailyVol[0]}`);
    assert.ok(dailyVol[1] > 0.015 && dailyVol[1] < 0.035, `fit at ${f.refitRow}: turbulent vol ${dailyVol[1]}`);
  }
  let hit = 0;
  for (let t = wf.firstRow; t < T; t++) if (wf.labels[t] === states[t]) hit++;
  assert.ok(hit / (T - wf.firstRow) > 0.9, `agreement with the true regimes ${hit / (T - wf.firstRow)}`);
});

test("a rolling window trains on the last trainDays rows; an incomplete row inside is left out and counted", () => {
  const holed: RegimeFeatureMatrix = { ...features, X: Float64Array.from(features.X) };
  holed.X[700 * 3 + 1] = NaN;
  const r = walkForwardRegimes(holed, { ...options, window: "rolling" });
  assert.deepEqual(r.fits.map((f) => f.trainStart), [20, 170, 319, 469]); // 819 - 500 + 1 = 320, one more row for the hole
  assert.deepEqual(r.fits.map((f) => f.droppedRows), [0, 0, 1, 1]);
  assert.ok(Number.isNaN(r.filtered[1400]) && r.labels[700] === -1);
  assert.ok(Number.isFinite(r.filtered[1402]));
});

test("walkForwardRegimes' defaults are the schemas': the schedule of RegimeWalkForwardConfig, the states of HmmFitConfig", () => {
  const schedule = RegimeWalkForwardConfigSchema.parse({});
  const r = walkForwardRegimes(features, { seed: 1 });
  assert.equal(r.nComponents, HmmFitConfigSchema.parse({}).nComponents);
  assert.equal(r.firstRow, 20 + schedule.trainDays - 1); // first complete row 20
  assert.deepEqual(r.fits.slice(1).map((f, i) => f.refitRow - r.fits[i].refitRow), r.fits.slice(1).map(() => schedule.refitEveryDays));
  assert.equal(r.fits[0].model.hmm.fit.restarts.length, schedule.nRestarts); // the walk-forward's restarts per refit, not a whole-sample fit's
  for (const f of r.fits.slice(1)) assert.equal(f.model.hmm.fit.restarts.length, schedule.nRestarts + 1); // plus the warm start
});

test("walkForwardRegimes errors name the problem", () => {
  assert.throws(() => walkForwardRegimes(features, { trainDays: 5000 }), /needs trainDays = 5000 complete rows, the features have 1080 of 1100/);
  assert.throws(() => walkForwardRegimes(features, { refitEveryDays: 0 }), /invalid walkForwardRegimes config: refitEveryDays: must be >= 1 \(got 0\)/);
  const flat: RegimeFeatureMatrix = { ...features, X: Float64Array.from(features.X) };
  for (let t = 0; t < T; t++) flat.X[t * 3 + 2] = 0.01;
  assert.throws(() => walkForwardRegimes(flat, options), /refit at row 519 \(\d{4}-\d{2}-\d{2}\) failed: fitHmmScaler: column 2 \("SPY momentum 20d"\) is constant/);
});

test("panelWalkForwardRegimes composes config, features and walk-forward", () => {
  const config = { features: { credit: null }, hmm: { nComponents: 2, nRestarts: 1, seed: 1 }, walkForward: { trainDays: 500, refitEveryDays: 150, nRestarts: 1 } };
  const r = panelWalkForwardRegimes(panel, config);
  assert.deepEqual(r.filtered, wf.filtered);
  assert.deepEqual(r.features.names, features.names);
  assert.equal(r.config.hmm.covarianceType, "full");
  assert.throws(() => panelWalkForwardRegimes(panel, { walkForward: { trainDays: 5 } }), /walkForward.trainDays: must be >= 20 \(got 5\)/);
});

test("rescaleHmm re-expresses a model under another scaler: the same probabilities for the same raw rows", () => {
  const fit = wf.fits[0];
  const raw = features.X.subarray(fit.trainStart * 3, 900 * 3);
  const other = fitHmmScaler(features.X.subarray(300 * 3, 1000 * 3), 3);
  const moved = rescaleHmm(fit.model.hmm, fit.model.scaler, other);
  const a = hmmFilter(fit.model.hmm, applyHmmScaler(fit.model.scaler, raw));
  const b = hmmFilter(moved, applyHmmScaler(other, raw));
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-9, `entry ${i}`);
});

test("walkForwardRegimes gives the same fits, bit for bit, on 1 and 3 threads (restarts run on workers)", () => {
  const opts = { trainDays: 400, refitEveryDays: 120, nComponents: 2, nRestarts: 2, seed: 3 } as const;
  const one = walkForwardRegimes(features, { ...opts, threads: 1 });
  const three = walkForwardRegimes(features, { ...opts, threads: 3 });
  assert.equal(one.fits.length, 6);
  for (let i = 0; i < one.filtered.length; i++) assert.ok(Object.is(one.filtered[i], three.filtered[i]), `filtered[${i}]: ${one.filtered[i]} vs ${three.filtered[i]}`);
  assert.deepEqual(
    three.fits.map((f) => f.model.hmm.fit.restarts),
    one.fits.map((f) => f.model.hmm.fit.restarts),
  );
  for (let i = 0; i < one.fits.length; i++) {
    assert.deepEqual(three.fits[i].model.hmm.means, one.fits[i].model.hmm.means);
    assert.deepEqual(three.fits[i].model.hmm.covars, one.fits[i].model.hmm.covars);
  }
});

test("each walk-forward refit is fitRegimeModel's fit of its window with the previous model as warm start", () => {
  const opts = { trainDays: 400, refitEveryDays: 120, nComponents: 2, nRestarts: 2, seed: 3 } as const;
  const r = walkForwardRegimes(features, { ...opts, threads: 2 });
  for (let i = 0; i < r.fits.length; i++) {
    const f = r.fits[i];
    const train = { X: features.X.subarray(f.trainStart * 3, (f.refitRow + 1) * 3), names: features.names };
    const prev = i > 0 ? r.fits[i - 1].model : null;
    const warmStart = prev ? rescaleHmm(prev.hmm, prev.scaler, fitHmmScaler(train.X, 3)) : undefined;
    const direct = fitRegimeModel(train, { nComponents: 2, nRestarts: 2, seed: 3, warmStart });
    assert.ok(Object.is(direct.logLikelihood, f.model.logLikelihood), `refit ${i}: ${direct.logLikelihood} vs ${f.model.logLikelihood}`);
    assert.deepEqual(direct.hmm.transmat, f.model.hmm.transmat);
    assert.deepEqual(direct.hmm.fit.restarts.map((x) => x.init), prev ? ["warm", "kmeans", "kmeans"] : ["kmeans", "kmeans"]);
  }
});

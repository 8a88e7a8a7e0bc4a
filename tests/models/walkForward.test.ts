import { test } from "node:test";
import assert from "node:assert/strict";
import { demeanTargetByDay, evaluateAlpha, walkForwardAlpha, walkForwardSchedule, type WalkForwardAlphaResult } from "../../src/models";
import { createRng } from "../../src/util/rng";
import { FAST_WALK_FORWARD, TEST_HORIZON_DAYS, syntheticStudy } from "./synthetic";

const H = TEST_HORIZON_DAYS;
const CONFIG = FAST_WALK_FORWARD;

const study = syntheticStudy({ horizonDays: H });
/** The synthetic target with its horizon, as walkForwardAlpha takes it. */
const horizon = (values: Float64Array, horizonDays = H) => ({ values, horizonDays });
const inputsBefore = { target: study.target.slice(), probs: study.probs.slice(), values: study.panel.values.map((v) => v.slice()) };
const base = walkForwardAlpha(study.panel, horizon(study.target), study.probs, CONFIG);

test("walkForwardSchedule: hand-computed windows (expanding, rolling, embargo)", () => {
  // First refit: 500 labelled days 0..499, then the 5-day purge: predictions start at day 504.
  assert.deepEqual(walkForwardSchedule(800, { minTrainDays: 500, retrainEveryDays: 100, horizonDays: 5 }), [
    { fold: 0, trainStart: 0, trainEnd: 499, testStart: 504, testEnd: 604 },
    { fold: 1, trainStart: 0, trainEnd: 599, testStart: 604, testEnd: 704 },
    { fold: 2, trainStart: 0, trainEnd: 699, testStart: 704, testEnd: 800 },
  ]);
  assert.deepEqual(walkForwardSchedule(700, { window: "rolling", trainDays: 300, minTrainDays: 300, retrainEveryDays: 150, horizonDays: 1, embargoDays: 2 }, { firstLabelledDay: 10 }), [
    { fold: 0, trainStart: 10, trainEnd: 309, testStart: 312, testEnd: 462 },
    { fold: 1, trainStart: 160, trainEnd: 459, testStart: 462, testEnd: 612 },
    { fold: 2, trainStart: 310, trainEnd: 609, testStart: 612, testEnd: 700 },
  ]);
  assert.deepEqual(walkForwardSchedule(100, { minTrainDays: 200 }), []);
});

test("walkForwardAlpha purges: no training label's horizon reaches into its test window", () => {
  assert.ok(base.folds.length >= 6);
  for (const fold of base.folds) {
    // The label of day s covers close s -> close s + h; the last training label must end by close
    // testStart, where the first predicted return begins (and where the model is refitted).
    assert.ok(fold.trainEnd + H <= fold.testStart, `fold ${fold.fold}: trainEnd ${fold.trainEnd} + ${H} > testStart ${fold.testStart}`);
    assert.ok(fold.trainStart <= fold.trainEnd && fold.testStart < fold.testEnd);
  }
  const embargoed = walkForwardAlpha(study.panel, horizon(study.target), null, { ...CONFIG, embargoDays: 3 });
  for (const fold of embargoed.folds) assert.ok(fold.trainEnd + H + 3 <= fold.testStart);
  const rolling = walkForwardAlpha(study.panel, horizon(study.target), null, { ...CONFIG, window: "rolling", trainDays: 150 });
  for (const fold of rolling.folds) {
    assert.ok(fold.trainEnd + H <= fold.testStart);
    assert.ok(fold.trainEnd - fold.trainStart + 1 <= 150);
  }
});

/** Change everything not yet known at the close of day t: labels ending after t, features and regime probabilities after t. */
function perturbAfter(t: number, seed: number) {
  const rng = createRng(seed);
  const { N, T, K } = study;
  const target = study.target.slice();
  const values = study.panel.values.map((v) => v.slice());
  const probs = study.probs.slice();
  for (let j = 0; j < N; j++) {
    for (let s = 0; s < T; s++) {
      if (s + H > t && s < T - H) target[j * T + s] = rng.normal() * 3;
      if (s > t) for (const v of values) v[j * T + s] = rng.normal();
    }
  }
  for (let s = t + 1; s < T; s++) for (let k = 0; k < K; k++) probs[s * K + k] = k === 0 ? 1 : 0;
  return { target, panel: { ...study.panel, values }, probs };
}

function samePast(a: WalkForwardAlphaResult, b: WalkForwardAlphaResult, t: number): boolean {
  const { N, T } = study;
  for (let j = 0; j < N; j++) {
    for (let s = 0; s <= t; s++) {
      const x = a.alpha[j * T + s], y = b.alpha[j * T + s];
      if (!(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)))) return false;
      if (!Object.is(a.alphaOverall[j * T + s], b.alphaOverall[j * T + s])) return false;
    }
  }
  return true;
}

test("walkForwardAlpha at day t ignores everything after t (labels, features, regime probabilities)", () => {
  // t inside a fold, and t on the last day before a refit.
  for (const t of [321, base.folds[3].testStart - 1, base.folds[5].testStart + 7]) {
    const p = perturbAfter(t, t);
    const r = walkForwardAlpha(p.panel, horizon(p.target), p.probs, CONFIG);
    assert.ok(samePast(base, r, t), `forecasts up to day ${t} moved when the future changed`);
    assert.ok(!samePast(base, r, study.T - 1), "the perturbation must change later forecasts (or this test proves nothing)");
  }
});

test("the same check catches a walk-forward told a shorter horizon than its target's (leaky purge)", () => {
  // a 5-day target mislabelled as a 1-day one: the horizon check cannot see through the label
  const leaky = { ...CONFIG, horizonDays: 1 };
  const a = walkForwardAlpha(study.panel, horizon(study.target, 1), study.probs, leaky);
  // The day after a refit: that model trained on labels of days up to t - 2, which end up to
  // three days after t.
  const t = a.folds[4].testStart + 1;
  const p = perturbAfter(t, 99);
  const b = walkForwardAlpha(p.panel, horizon(p.target, 1), p.probs, leaky);
  assert.ok(!samePast(a, b, t), "labels not yet known at t leaked into forecasts up to t");
});

test("walkForwardAlpha refuses a target whose horizon is not config.horizonDays, naming both", () => {
  assert.throws(() => walkForwardAlpha(study.panel, horizon(study.target), study.probs, { ...CONFIG, horizonDays: 1 }), /walkForwardAlpha: the target's horizon is 5 days but config.horizonDays is 1; they must be equal/);
  assert.throws(() => walkForwardAlpha(study.panel, horizon(study.target, 1), null, CONFIG), /the target's horizon is 1 days but config.horizonDays is 5/);
});

test("walkForwardAlpha: the same seed gives the same forecasts bit for bit; another seed other forecasts", () => {
  const again = walkForwardAlpha(study.panel, horizon(study.target), study.probs, CONFIG);
  assert.deepEqual(again.alpha, base.alpha);
  assert.deepEqual(again.alphaOverall, base.alphaOverall);
  assert.deepEqual(again.folds, base.folds);
  const other = walkForwardAlpha(study.panel, horizon(study.target), study.probs, { ...CONFIG, seed: 1 });
  assert.notDeepEqual(other.alphaOverall, base.alphaOverall);
});

test("walkForwardAlpha forecasts every day after the first window, each from exactly one recorded fold", () => {
  const { N, T } = study;
  const first = base.folds[0].testStart;
  for (let t = 0; t < T; t++) {
    const fold = base.foldOfDay[t];
    if (t < first) {
      assert.equal(fold, -1);
      for (let j = 0; j < N; j++) assert.ok(Number.isNaN(base.alpha[j * T + t]));
      continue;
    }
    assert.ok(fold >= 0, `day ${t} has no model`);
    const w = base.folds.find((f) => f.fold === fold)!;
    assert.ok(w.testStart <= t && t < w.testEnd);
    for (let j = 0; j < N; j++) assert.ok(Number.isFinite(base.alpha[j * T + t]));
  }
  assert.equal(base.folds.at(-1)!.testEnd, T);
  assert.equal(base.folds[0].testStartDate, study.panel.dates[first]);
  assert.equal(base.nRegimes, 2);
  assert.ok(base.alphaRegime === base.alpha);
  assert.equal(base.meanImportance.length, 4);
});

test("walkForwardAlpha finds the planted regime-dependent signal out of sample; the overall model cannot", () => {
  const ev = (a: Float64Array) => evaluateAlpha(a, study.target, study.panel, { horizonDays: H });
  const regime = ev(base.alphaRegime!), overall = ev(base.alphaOverall);
  assert.ok(regime.icMean > 0.2 && regime.icTStat > 5, `regime-aware IC ${regime.icMean}, t ${regime.icTStat}`);
  assert.ok(regime.icMean > overall.icMean + 0.1, `overall IC ${overall.icMean}`);
  // Feature f0 carries the signal: the regime forests rank it first.
  for (const imp of base.meanRegimeImportance) assert.equal(imp!.indexOf(Math.max(...imp!)), 0);
});

test("walkForwardAlpha without regime probabilities: alpha is the overall forecast", () => {
  const r = walkForwardAlpha(study.panel, horizon(study.target), null, CONFIG);
  assert.equal(r.alphaRegime, null);
  assert.equal(r.alpha, r.alphaOverall);
  assert.deepEqual(r.alphaOverall, base.alphaOverall);
});

test("walkForwardAlpha does not modify its inputs", () => {
  assert.deepEqual(study.target, inputsBefore.target);
  assert.deepEqual(study.probs, inputsBefore.probs);
  assert.deepEqual(study.panel.values, inputsBefore.values);
});

test("walkForwardAlpha rejects inputs of the wrong shape, naming them", () => {
  assert.throws(() => walkForwardAlpha(study.panel, horizon(study.target.subarray(1)), null, CONFIG), /walkForwardAlpha: target has 4799 values; its grid is 8 tickers x 600 dates = 4800/);
  const shortFeature = { ...study.panel, values: study.panel.values.map((v, f) => (f === 1 ? v.subarray(0, 4000) : v)) };
  assert.throws(() => walkForwardAlpha(shortFeature, horizon(study.target), null, CONFIG), new RegExp(`walkForwardAlpha: feature "${study.panel.names[1]}" has 4000 values; its grid is 8 tickers x 600 dates`));
  assert.throws(() => walkForwardAlpha(study.panel, horizon(study.target), study.probs.subarray(1), CONFIG), /regimeProbs.length \(1199\) must be dates x K/);
  assert.throws(() => walkForwardAlpha(study.panel, horizon(study.target), null, { ...CONFIG, featureNames: ["f0", "rsi_14"] }), /feature "rsi_14" is not in the panel/);
  assert.throws(() => walkForwardAlpha(study.panel, horizon(study.target), null, { retrainEveryDays: 0 }), /invalid walkForward config: retrainEveryDays: must be >= 1/);
});

test("demeanTargetByDay demeans on the grid's layout (ticker-major) and names a panel of the wrong length", () => {
  const grid = { tickers: ["A", "B"], dates: Int32Array.of(10, 11, 12) };
  // Days: (1, 4) -> mean 2.5; (2, NaN) -> 2; (3, 9) -> 6.
  assert.deepEqual(Array.from(demeanTargetByDay([1, 2, 3, 4, NaN, 9], grid)), [-1.5, 0, -3, 1.5, NaN, 3]);
  assert.throws(() => demeanTargetByDay(new Float64Array(5), grid), /demeanTargetByDay: values has 5 values; its grid is 2 tickers x 3 dates = 6/);
});

test("walkForwardAlpha with target \"demeaned\" trains on demeanTargetByDay of the target", () => {
  const wf = walkForwardAlpha(study.panel, horizon(study.target), null, { ...CONFIG, target: "demeaned", model: { forest: { ...CONFIG.model.forest, nEstimators: 2 } } });
  assert.deepEqual(wf.trainingTarget, demeanTargetByDay(study.target, study.panel));
  assert.deepEqual(base.trainingTarget, study.target);
});

test("walkForwardAlpha: folds on several threads give the same forecasts, folds and last model as one after the other", () => {
  // 200 trees per forest: big enough for the fold pool (rows x trees over the folds >= 1e6)
  const forest = { ...CONFIG.model.forest, nEstimators: 200 };
  for (const featureSelection of [{ method: "none" }, { method: "importance", topK: 2 }] as const) {
    const run = (threads: number) => walkForwardAlpha(study.panel, horizon(study.target), study.probs, { ...CONFIG, featureSelection, model: { forest: { ...forest, threads } } });
    const one = run(1), two = run(2);
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2, "the folds ran in the pool");
    assert.ok(two.folds.length >= 5, `${two.folds.length} folds`);
    assert.deepEqual(two.alpha, one.alpha, featureSelection.method);
    assert.deepEqual(two.alphaOverall, one.alphaOverall);
    assert.deepEqual(two.foldOfDay, one.foldOfDay);
    assert.deepEqual(two.folds, one.folds);
    assert.deepEqual(two.meanRegimeImportance, one.meanRegimeImportance);
    const withThreads = <T extends { config: object }>(model: T, threads: number) => JSON.parse(JSON.stringify(model, (key, v) => (key === "threads" ? threads : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
    assert.deepEqual(withThreads(two.lastModel!, 0), withThreads(one.lastModel!, 0));
    assert.ok(!(two.alpha.buffer instanceof SharedArrayBuffer), "results leave shared memory");
  }
});

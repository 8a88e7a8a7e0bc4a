import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWalkForwardConfig } from "../../src/config/models";
import type { WalkForwardDesign } from "../../src/models/fold";
import { runFoldsInPool, sharedForecast } from "../../src/models/foldPool";
import type { WalkForwardWindow } from "../../src/models/walkForward";
import { createRng } from "../../src/util/rng";

const N = 4, T = 400, F = 3;
const rng = createRng(7);
const X = Float64Array.from({ length: N * T * F }, () => rng.normal());
const target = Float64Array.from({ length: N * T }, () => rng.normal());
const BAD_DAY = 300;

/** A hand-made design whose day 300 carries an infinite label that is marked labelled (a fold training on it fails). */
function design(badLabel: boolean): WalkForwardDesign {
  const trainingTarget = target.slice();
  if (badLabel) trainingTarget[1 * T + BAD_DAY] = Infinity; // ticker 1, ticker-major like the target
  return { shape: { N, T }, F, K: 0, X, usable: new Uint8Array(N * T).fill(1), labelled: new Uint8Array(N * T).fill(1), firstLabelledDay: 0, trainingTarget, regimeProbs: null };
}

/** Window 0 is the slow one (many rows and trees) and never sees day 300; windows 1 and 2 train on it. */
const WINDOWS: WalkForwardWindow[] = [
  { fold: 0, trainStart: 0, trainEnd: 249, testStart: 260, testEnd: 280 },
  { fold: 1, trainStart: 290, trainEnd: 310, testStart: 320, testEnd: 340 },
  { fold: 2, trainStart: 290, trainEnd: 320, testStart: 340, testEnd: 360 },
];
const cfg = parseWalkForwardConfig({ horizonDays: 1, minTrainDays: 20, retrainEveryDays: 20, model: { forest: { nEstimators: 1000, maxDepth: 6, minSamplesLeaf: 2, threads: 2 } } });
const names = ["a", "b", "c"];
const dates = Int32Array.from({ length: T }, (_, t) => 20200101 + t);
const blankForecast = () => sharedForecast({ alphaOverall: new Float64Array(N * T).fill(NaN), alphaRegime: null, foldOfDay: new Int32Array(T).fill(-1) });

test("runFoldsInPool: a fold that fails on a worker ends the walk-forward at once with the fold's error", () => {
  // Warm the pool so the worker claims a fold while this thread still fits the slow window 0.
  const good = runFoldsInPool(design(false), WINDOWS, cfg, names, dates, blankForecast(), 2, () => {});
  assert.equal(good.filter((f) => f !== null).length, 3);
  const start = Date.now();
  assert.throws(() => runFoldsInPool(design(true), WINDOWS, cfg, names, dates, blankForecast(), 2, () => {}), /y\[\d+\] is Infinity; targets must be finite/);
  // Before the fix, the fold nobody claimed after the failure kept the wait going for the 10-minute stall limit.
  assert.ok(Date.now() - start < 60_000, `${Date.now() - start} ms`);
  // The pool serves the next walk-forward, ignoring what the failed one left behind.
  const again = runFoldsInPool(design(false), WINDOWS, cfg, names, dates, blankForecast(), 2, () => {});
  assert.deepEqual(again.map((f) => f?.record), good.map((f) => f?.record));
});

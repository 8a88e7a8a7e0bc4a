// The trials of a sweep: grid order, seeded samples, validation before anything runs, ids.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gridPoint, gridSize, sweepIndices, sweepTrialId, sweepTrials } from "../../src/sweep/trials";
import { parseSweepConfig } from "../../src/sweep/config";
import { parseStudyConfig } from "../../src/study/config";
import { ConfigError } from "../../src/config/parse";

const grid = Object.freeze({ "portfolio.maxPosition": [0.05, 0.1], "backtest.rebalanceEveryDays": [1, 5, 10] });

test("gridPoint walks the grid with the last path fastest, in the grid's order of paths", () => {
  assert.equal(gridSize(grid), 6);
  assert.deepEqual(gridPoint(grid, 0), { "portfolio.maxPosition": 0.05, "backtest.rebalanceEveryDays": 1 });
  assert.deepEqual(gridPoint(grid, 4), { "portfolio.maxPosition": 0.1, "backtest.rebalanceEveryDays": 5 });
  assert.deepEqual(Object.keys(gridPoint(grid, 5)), ["portfolio.maxPosition", "backtest.rebalanceEveryDays"]);
});

test("sweepIndices: the whole grid without random; a seeded sample is distinct, ascending, reproducible and a subset", () => {
  assert.deepEqual(sweepIndices({ grid }), [0, 1, 2, 3, 4, 5]);
  const big = { a: Array.from({ length: 50 }, (_, i) => i), b: Array.from({ length: 40 }, (_, i) => i) };
  const s1 = sweepIndices({ grid: big, random: { samples: 30, seed: 3 } });
  const s2 = sweepIndices({ grid: big, random: { samples: 30, seed: 3 } });
  const s3 = sweepIndices({ grid: big, random: { samples: 30, seed: 4 } });
  assert.deepEqual(s1, s2);
  assert.notDeepEqual(s1, s3);
  assert.equal(new Set(s1).size, 30);
  assert.deepEqual(s1, [...s1].sort((x, y) => x - y));
  assert.ok(s1.every((i) => Number.isInteger(i) && i >= 0 && i < 2000));
  // more samples than combinations: every combination once
  assert.deepEqual(sweepIndices({ grid, random: { samples: 100, seed: 0 } }), [0, 1, 2, 3, 4, 5]);
});

test("sweepTrials sets each value at its path of the base config and parses it", () => {
  const trials = sweepTrials({ grid }, { portfolio: { maxGross: 0.8 } });
  assert.equal(trials.length, 6);
  assert.equal(trials[4].index, 4);
  assert.equal(trials[4].config.portfolio.maxPosition, 0.1);
  assert.equal(trials[4].config.backtest.rebalanceEveryDays, 5);
  assert.equal(trials[4].config.portfolio.maxGross, 0.8, "the base's own fields are kept");
  assert.equal(trials[4].config.walkForward.horizonDays, 5, "defaults fill the rest");
  assert.equal(new Set(trials.map((t) => t.id)).size, 6);
});

test("sweepTrialId is the hash of the parsed config: the same config gives the same id, the memo folder does not count", () => {
  const a = parseStudyConfig({ portfolio: { maxPosition: 0.05 } });
  const b = parseStudyConfig({ portfolio: { maxPosition: 0.05 }, cache: { dir: "/elsewhere" } });
  const c = parseStudyConfig({ portfolio: { maxPosition: 0.06 } });
  assert.match(sweepTrialId(a), /^[0-9a-f]{16}$/);
  assert.equal(sweepTrialId(a), sweepTrialId(b));
  assert.notEqual(sweepTrialId(a), sweepTrialId(c));
  // a grid value equal to the default is the default's trial: counted once
  const trials = sweepTrials({ grid: { "portfolio.maxPosition": [0.1, 0.05, 0.1] } }, {});
  assert.deepEqual(trials.map((t) => t.index), [0, 1]);
});

test("a bad value fails before any trial runs, naming the trial, its values and the field", () => {
  assert.throws(
    () => sweepTrials({ grid: { "portfolio.maxPosition": [0.05, 20] } }, {}),
    (err: unknown) => err instanceof ConfigError && /^invalid sweep trial 1 \(portfolio\.maxPosition=20\) config: portfolio\.maxPosition: must be <= 10 \(got 20\)/.test(err.message),
  );
});

test("a path the study config does not have fails naming the trial and the unknown field", () => {
  assert.throws(() => sweepTrials({ grid: { "portfolio.maxPositon": [0.05] } }, {}), /invalid sweep trial 0 \(portfolio\.maxPositon=0\.05\) config: portfolio: unknown field\(s\) maxPositon/);
  assert.throws(() => sweepTrials({ grid: { "nosuch.field": [1] } }, {}), /invalid sweep trial 0 \(nosuch\.field=1\) config: \(root\): unknown field\(s\) nosuch/);
  // through a field that is not an object
  assert.throws(() => sweepTrials({ grid: { "benchmark.ticker": ["SPY"] } }, { benchmark: "SPY" }), /trial 0 \(benchmark\.ticker="SPY"\) config: benchmark\.ticker: benchmark is "SPY" in the base config, not an object of fields/);
});

test("parseSweepConfig: the grid needs a path and values, paths are dotted names, random needs samples", () => {
  assert.deepEqual(parseSweepConfig({ grid: { "a.b": [1] } }).base, {});
  assert.throws(() => parseSweepConfig({ grid: {} }), /invalid sweep config: grid: must vary at least one config path/);
  assert.throws(() => parseSweepConfig({ grid: { "portfolio.maxPosition": [] } }), /grid\.portfolio\.maxPosition: needs at least 1 value \(got \[\]\)/);
  assert.throws(() => parseSweepConfig({ base: "", grid: { a: [1] } }), /base: .*needs at least 1 character/);
  assert.throws(() => parseSweepConfig({ grid: { "portfolio..x": [1] } }), /must be a dot-separated config path/);
  assert.throws(() => parseSweepConfig({ grid: { a: [1] }, random: { seed: 1 } }), /random\.samples: Required/);
  assert.throws(() => parseSweepConfig({ grid: { a: [1] }, extra: 1 }), /unknown field\(s\) extra/);
});

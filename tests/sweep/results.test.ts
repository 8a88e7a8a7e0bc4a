// results.csv and the best trial's deflated Sharpe ratio, on hand-made outcomes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sweepCellMeans, sweepResultsCsv, sweepSignificance } from "../../src/sweep/results";
import { sweepTrials } from "../../src/sweep/trials";
import type { TrialMetrics, TrialOutcome } from "../../src/sweep/evaluate";
import { deflatedSharpeRatio, probabilisticSharpeRatio } from "../../src/analytics/significance";
import { sharpeRatio } from "../../src/analytics/ratios";
import { createRng } from "../../src/util/rng";

const grid = { "portfolio.scheme": ["zscore", "topBottomK"], "backtest.rebalanceEveryDays": [1, 5] };
const trials = sweepTrials({ grid }, {});

const metrics = (netSharpe: number): TrialMetrics => ({ netSharpe, beta: 0.1, alpha: -0.01, residualSharpe: NaN, turnover: 12.5, costs: 0.002, maxDrawdown: -0.25 });

/** Seeded daily returns with a drift, so each trial has its own Sharpe ratio. */
function returns(seed: number, drift: number, n = 500): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, (_, t) => (t < 10 ? NaN : drift + 0.01 * rng.normal()));
}

test("sweepResultsCsv: trial_id, the varied paths, then the metrics; shortest round-trip numbers, NaN spelled out", () => {
  const outcomes: TrialOutcome[] = trials.map((t, i) => ({ id: t.id, metrics: metrics([0.5, -0.25, 1 / 3, 0][i]), netReturns: new Float64Array(0) }));
  const csv = sweepResultsCsv(Object.keys(grid), trials, outcomes);
  const lines = csv.split("\n");
  assert.equal(lines[0], "trial_id,portfolio.scheme,backtest.rebalanceEveryDays,net_sharpe,beta,alpha,residual_sharpe,turnover,costs,max_drawdown");
  assert.equal(lines[1], `${trials[0].id},zscore,1,0.5,0.1,-0.01,NaN,12.5,0.002,-0.25`);
  assert.equal(lines[3], `${trials[2].id},topBottomK,1,0.3333333333333333,0.1,-0.01,NaN,12.5,0.002,-0.25`);
  assert.equal(lines.length, 6, "4 rows, a header and the final newline");
  assert.equal(lines[5], "");
  assert.throws(() => sweepResultsCsv(Object.keys(grid), trials, [...outcomes].reverse()), /row 0 is trial .* but its outcome is trial/);
});

test("sweepSignificance: the best trial by net Sharpe, deflated with every trial counted and with the effective count", () => {
  const nets = [returns(1, 0.0002), returns(2, 0.0008), returns(3, 0.0008 * 0), returns(4, -0.0003)];
  const outcomes = trials.map((t, i) => ({ id: t.id, metrics: metrics(sharpeRatio(nets[i])), netReturns: nets[i] }));
  const s = sweepSignificance(trials, outcomes);
  const best = outcomes.reduce((b, o, i) => (o.metrics.netSharpe > outcomes[b].metrics.netSharpe ? i : b), 0);
  assert.equal(s.bestIndex, best);
  assert.equal(s.bestId, trials[best].id);
  const direct = deflatedSharpeRatio(nets[best], { trials: 4, trialSharpes: outcomes.map((o) => o.metrics.netSharpe) });
  assert.equal(s.deflated.deflatedSharpe, direct.deflatedSharpe);
  assert.equal(s.deflated.trials, 4);
  assert.equal(s.deflated.varianceSource, "trials");
  // four independent seeded series: close to four effective trials, never more
  assert.ok(s.deflatedEffective.effectiveTrials > 3 && s.deflatedEffective.effectiveTrials <= 4, `${s.deflatedEffective.effectiveTrials}`);
  assert.ok(s.deflatedEffective.deflatedSharpe < probabilisticSharpeRatio(nets[best]));
});

test("sweepSignificance: trials that all earn the same returns are one effective trial, whose DSR is the plain PSR", () => {
  const same = returns(9, 0.0005);
  const outcomes = trials.map((t) => ({ id: t.id, metrics: metrics(sharpeRatio(same)), netReturns: same }));
  const s = sweepSignificance(trials, outcomes);
  assert.equal(s.bestIndex, 0, "ties go to the first trial in grid order");
  assert.equal(s.deflatedEffective.effectiveTrials, 1);
  // E[max SR] of one trial is 0, so the DSR is the PSR against zero
  assert.equal(s.deflatedEffective.expectedMaxSharpe, 0);
  assert.equal(s.deflatedEffective.deflatedSharpe, probabilisticSharpeRatio(same));
});

test("sweepCellMeans: the mean metric of the trials in each cell, NaN where none", () => {
  const outcomes = trials.map((t, i) => ({ id: t.id, metrics: metrics([1, 2, 3, 4][i]), netReturns: new Float64Array(0) }));
  const cells = sweepCellMeans(grid, "backtest.rebalanceEveryDays", "portfolio.scheme", trials, outcomes);
  assert.deepEqual(cells.x, ["1", "5"]);
  assert.deepEqual(cells.y, ["zscore", "topBottomK"]);
  assert.deepEqual(cells.z.map((r) => Array.from(r)), [[1, 2], [3, 4]]);
  const sparse = sweepCellMeans(grid, "backtest.rebalanceEveryDays", "portfolio.scheme", trials.slice(0, 3), outcomes.slice(0, 3));
  assert.ok(Number.isNaN(sparse.z[1][1]));
});

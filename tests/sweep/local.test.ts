// Local sweeps on a short study of the shipped data: each trial's numbers are runStudy's, trials
// share their upstream through the memo, and the files are the same for any number of workers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSweep, writeSweepOutputs } from "../../src/sweep/run";
import { evaluateTrials, loadSweepData, sweepUpstream } from "../../src/sweep/evaluate";
import runTrialTask from "../../src/sweep/trialWorker";
import { trialJobId } from "../../src/sweep/queue";
import { sweepTrials } from "../../src/sweep/trials";
import { runStudy } from "../../src/study/run/pipeline";
import { cliMain } from "../../src/cli/main";
import { loadShippedBars, shippedDataDir } from "../../src/data/shipped";
import { createBars } from "../../src/data/bars";
import { writeBarsCache } from "../../src/data/cache";
import { isoToDay } from "../../src/util/dates";

const SMALL = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "sweep", "small-study.json"), "utf8")) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), "cae-sweep-"));
const memoDir = join(dir, "memo");
const base = { ...SMALL, cache: { dir: memoDir } };
const grid = { "portfolio.maxPosition": [0.05, 0.1, 0.2], "backtest.rebalanceEveryDays": [1, 5] };

test.after(() => rmSync(dir, { recursive: true, force: true }));

const memoFiles = (step: string) => readdirSync(memoDir).filter((f) => f.startsWith(`${step}-`) && f.endsWith(".json"));

test("a trial's row is runStudy's summary.strategy for that config, bit for bit", async () => {
  const [trial] = sweepTrials({ grid: { "portfolio.maxPosition": [0.2] } }, base);
  const study = await runStudy(trial.config);
  const { upstream } = await sweepUpstream(trial.config);
  const [outcome] = evaluateTrials(upstream, [trial]);
  const s = study.summary.strategy;
  assert.deepEqual(outcome.metrics, {
    netSharpe: s.sharpe, beta: s.beta, alpha: s.alphaAnnual, residualSharpe: s.residualSharpe, turnover: s.annualizedTurnover, costs: s.costDrag, maxDrawdown: s.maxDrawdown,
  });
  assert.ok(Number.isFinite(s.sharpe) && s.annualizedTurnover > 0);
  // the returns over the study's evaluation period, NaN before it
  assert.deepEqual(outcome.netReturns.subarray(study.periodStart), study.backtest.netReturn.subarray(study.periodStart));
  assert.ok(outcome.netReturns.subarray(0, study.periodStart).every(Number.isNaN));
});

test("trials evaluated together, interleaved across books, give each trial's numbers alone and keep the given order", async () => {
  // backtest paths vary slowest, so neighbouring trials hold different books (alpha, volatility window)
  const trials = sweepTrials({
    grid: { "backtest.rebalanceEveryDays": [1, 5], "backtest.advPriceBasis": ["splitOnly", "adjusted"], alpha: ["regime-aware forest", "overall forest"], volatilityWindowDays: [20, 40] },
  }, base);
  assert.equal(trials.length, 16);
  const { upstream } = await sweepUpstream(trials[0].config);
  const together = evaluateTrials(upstream, trials);
  assert.deepEqual(together.map((o) => o.id), trials.map((t) => t.id));
  together.forEach((outcome, k) => assert.deepEqual(outcome, evaluateTrials(upstream, [trials[k]])[0], `trial ${trials[k].id}`));
  // the varied paths all reach the numbers: 16 distinct Sharpe ratios
  assert.equal(new Set(together.map((o) => o.metrics.netSharpe)).size, 16);
});

test("trials that differ only in portfolio and backtest compute the regimes and forests once, then read them from the memo", async () => {
  const progress: [number, number][] = [];
  const first = await runSweep({ base, grid }, { workers: 1 }, { onTrials: (done, total) => progress.push([done, total]) });
  assert.equal(first.trials.length, 6);
  // the progress clock starts before the first trial runs, and the count ends at the total
  assert.deepEqual(progress, [[0, 6], [6, 6]]);
  assert.equal(first.groups.length, 1);
  assert.equal(first.groups[0].trials, 6);
  assert.equal(memoFiles("regimes").length, 1);
  assert.equal(memoFiles("alpha").length, 1);
  const again = await runSweep({ base, grid }, { workers: 1 });
  assert.deepEqual(again.groups[0].memoHits, { regimes: true, models: true });
  assert.deepEqual(again.outcomes, first.outcomes);
  // the model's horizon is upstream: two groups, two forests, and still one regime model (its key has no horizon)
  const horizons = await runSweep({ base, grid: { "walkForward.horizonDays": [1, 5], "portfolio.maxPosition": [0.1, 0.2] } });
  assert.equal(horizons.groups.length, 2);
  assert.deepEqual(horizons.groups.map((g) => g.trials), [2, 2]);
  assert.equal(memoFiles("alpha").length, 2);
  assert.equal(memoFiles("regimes").length, 1);
  assert.deepEqual(readdirSync(memoDir).filter((f) => f.endsWith(".tmp")), [], "no temp file left behind");
});

test("1 and 2 worker threads write byte-identical results.csv", async () => {
  const one = await runSweep({ base, grid }, { workers: 1 });
  const two = await runSweep({ base, grid }, { workers: 2 });
  const a = await writeSweepOutputs(one, join(dir, "one"));
  const b = await writeSweepOutputs(two, join(dir, "two"));
  const csv = readFileSync(a.csv, "utf8");
  assert.equal(readFileSync(b.csv, "utf8"), csv);
  assert.equal(csv.split("\n").length, 8);
  assert.match(csv, /^trial_id,portfolio\.maxPosition,backtest\.rebalanceEveryDays,net_sharpe,beta,alpha,residual_sharpe,turnover,costs,max_drawdown\n/);
  const html = readFileSync(a.html, "utf8");
  assert.match(html, /Deflated Sharpe ratio \d\.\d{3} counting all 6 trials/);
  assert.equal((html.match(/<figure>/g) ?? []).length, 3, "one chart per varied path and a heatmap for the two");
});

test("no look-ahead: changing the bars and alphas after day k leaves every trial's returns up to k unchanged", async () => {
  const trials = sweepTrials({ grid }, base);
  const { upstream } = await sweepUpstream(trials[0].config);
  const before = evaluateTrials(upstream, trials);
  const { panel } = upstream;
  const T = panel.dates.length, k = Math.floor(T * 0.7);
  const close = Float64Array.from(panel.close, (v, i) => (i % T > k ? v * (1 + 0.05 * Math.sin(i)) : v));
  const volume = Float64Array.from(panel.volume, (v, i) => (i % T > k ? v * 3 : v));
  const alphas = Object.fromEntries(Object.entries(upstream.alphas).map(([n, a]) => [n, Float64Array.from(a, (v, i) => (i % T > k ? -v : v))]));
  const after = evaluateTrials({ ...upstream, panel: { ...panel, close, volume }, alphas: alphas as typeof upstream.alphas }, trials);
  for (let j = 0; j < trials.length; j++) {
    assert.deepEqual(after[j].netReturns.subarray(0, k + 1), before[j].netReturns.subarray(0, k + 1), `trial ${trials[j].id}`);
    assert.notDeepEqual(after[j].netReturns, before[j].netReturns, "the change reaches the later days");
  }
});

test("a worker's trial fails, naming both data keys, when its bars are not the coordinator's; with the same bars it gives the local numbers", async () => {
  const [trial] = sweepTrials({ grid: { "portfolio.maxPosition": [0.1] } }, base);
  const data = await loadSweepData(trial.config);
  const { upstream } = await sweepUpstream(trial.config);
  assert.equal(upstream.dataKey, data.dataKey);
  assert.match(data.dataKey, /^[0-9a-f]{64}$/);
  const task = { trials: [{ id: trial.id, config: trial.config }] };
  assert.deepEqual(await runTrialTask({ ...task, dataKey: data.dataKey }), evaluateTrials(upstream, [trial]));
  const other = "0123456789ab".padEnd(64, "0");
  await assert.rejects(runTrialTask({ ...task, dataKey: other }), new RegExp(`trial ${trial.id}: this machine's data differ from the coordinator's \\(data key ${data.dataKey.slice(0, 12)} here, 0123456789ab there\\)`));
  // the same config on other bars is another job on the queue, so old results are never read for new bars
  assert.notEqual(trialJobId(trial.id, data.dataKey), trialJobId(trial.id, other));
});

test("a worker thread whose held upstream predates new bars reads them again and gives the new bars' numbers", async () => {
  const [trial] = sweepTrials({ grid: { "portfolio.maxPosition": [0.1] } }, base);
  const dataDir = join(dir, "data-rewritten");
  cpSync(shippedDataDir(), dataDir, { recursive: true });
  const task = { trials: [{ id: trial.id, config: trial.config }], dataDir };
  const old = await loadSweepData(trial.config, { dataDir });
  const before = await runTrialTask({ ...task, dataKey: old.dataKey }); // this thread now holds the old upstream
  // new bars for one ticker of the study, written the way the cache writes them
  const spy = await loadShippedBars("SPY", { dataDir, vwap: "missing" });
  const day = spy.dates.indexOf(isoToDay("2019-06-03"));
  const volume = Float64Array.from(spy.volume, (v, t) => (t === day ? 3 * v : v));
  const { format, symbol, firstDate, lastDate, rowCount, contentHash, vwap, transactions, ...input } = spy.meta;
  await writeBarsCache(join(dataDir, "adjusted"), createBars("SPY", { ...spy, volume }), input);
  const fresh = await loadSweepData(trial.config, { dataDir });
  assert.notEqual(fresh.dataKey, old.dataKey);
  const after = await runTrialTask({ ...task, dataKey: fresh.dataKey });
  const { upstream } = await sweepUpstream(trial.config, { dataDir });
  assert.equal(upstream.dataKey, fresh.dataKey);
  assert.deepEqual(after, evaluateTrials(upstream, [trial]));
  assert.notDeepEqual(after[0].metrics, before[0].metrics, "the tripled volume moves the costs");
});

test("alpha-engine sweep: a bad value exits 2 naming the trial and the field, before anything runs", async () => {
  const file = join(dir, "bad-sweep.json");
  writeFileSync(join(dir, "base.json"), JSON.stringify(base));
  writeFileSync(file, JSON.stringify({ base: "base.json", grid: { "backtest.rebalanceEveryDays": [5, 0] } }));
  const err: string[] = [];
  const code = await cliMain(["sweep", "--config", file, "--out", join(dir, "bad")], { out: () => undefined, err: (s) => err.push(s) });
  assert.equal(code, 2);
  assert.match(err.join("\n"), /invalid sweep trial 1 \(backtest\.rebalanceEveryDays=0\) config: backtest\.rebalanceEveryDays: must be > 0 \(got 0\)/);
  const workers = await cliMain(["sweep", "--config", file, "--workers", "two"], { out: () => undefined, err: (s) => err.push(s) });
  assert.equal(workers, 2);
  assert.match(err.join("\n"), /--workers must be a whole number \(got "two"\)/);
});

test("alpha-engine sweep --workers 2 writes the same results.csv as runSweep, the base read relative to the sweep file", async () => {
  const sub = join(dir, "cli");
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, "base.json"), JSON.stringify(base));
  const file = join(sub, "sweep.json");
  writeFileSync(file, JSON.stringify({ base: "base.json", grid }));
  const log = console.log, error = console.error;
  const printed: string[] = [];
  console.log = (s: string) => printed.push(s);
  console.error = () => undefined;
  let code: number;
  try {
    code = await cliMain(["sweep", "--config", file, "--workers", "2", "--out", join(sub, "out"), "--json"]);
  } finally {
    console.log = log;
    console.error = error;
  }
  assert.equal(code, 0);
  const expected = await writeSweepOutputs(await runSweep({ base, grid }), join(sub, "api"));
  assert.equal(readFileSync(join(sub, "out", "results.csv"), "utf8"), readFileSync(expected.csv, "utf8"));
  const json = JSON.parse(printed.join("\n")) as { trials: number; best: { id: string }; deflatedSharpe: number; effectiveTrials: number };
  assert.equal(json.trials, 6);
  assert.match(json.best.id, /^[0-9a-f]{16}$/);
  assert.ok(json.deflatedSharpe >= 0 && json.deflatedSharpe <= 1);
  assert.ok(json.effectiveTrials >= 1 && json.effectiveTrials <= 6);
});

test("alpha-engine worker: a bad --queue URL exits 2 without echoing its password", async () => {
  const err: string[] = [];
  const code = await cliMain(["worker", "--queue", "redis://:hunter2@host:6379/x"], { out: () => undefined, err: (s) => err.push(s) });
  assert.equal(code, 2);
  assert.match(err.join("\n"), /queue: must be redis:\/\/host:port \(got "redis:\/\/\*\*\*@host:6379\/x"\)/);
  assert.ok(!err.join("\n").includes("hunter2"));
});

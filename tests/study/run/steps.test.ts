import { test } from "node:test";
import assert from "node:assert/strict";
import { syntheticPanel } from "../../fixtures/features/syntheticPanel";
import { parseStudyConfig, type StudyAlphaName } from "../../../src/study/config";
import { dailyRiskFree, evaluationStart, fromStart } from "../../../src/study/run/period";
import { backtestAlpha, backtestWeights, referenceReturns, regimeOfReturns, studyCostSweep, studyPortfolio, studyVariants, studyVolatility } from "../../../src/study/run/trading";
import { betaPanel } from "../../../src/portfolio/beta";
import { studyEffectiveTrials, studyTrials } from "../../../src/study/run/summary";
import { studyCurves } from "../../../src/study/run/curves";
import { constructPortfolio } from "../../../src/portfolio/constructor";
import { simpleReturns } from "../../../src/features/rolling";
import { forwardReturns } from "../../../src/features/targets";
import { drawdownSeries } from "../../../src/analytics/drawdown";
import { equityCurve, perPeriodRate } from "../../../src/analytics/returns";
import { rollingSharpe, sharpeRatio } from "../../../src/analytics/ratios";
import { monthlyReturns } from "../../../src/analytics/calendar";
import { createRng } from "../../../src/util/rng";

// A small market: 8 tickers x 400 days of seeded random walks (SPY first), and a noisy alpha that
// knows a little of the next 5 days, so the strategy holds positions and has something to earn.
const panel = syntheticPanel({ tickerCount: 8, days: 400, seed: 5 });
const T = panel.dates.length;
const noisyAlpha = (seed: number) => {
  const rng = createRng(seed);
  const future = forwardReturns(panel, 5);
  return Float64Array.from(future, (r, k) => (k % T < 40 || r !== r ? NaN : r + 0.05 * rng.normal()));
};
const alphas = { "regime-aware forest": noisyAlpha(1), "overall forest": noisyAlpha(2), "momentum 20d": noisyAlpha(3) } as Record<StudyAlphaName, Float64Array>;
// dollar-neutral only, so that constructPortfolio(config.portfolio) below needs no betas (the beta-neutral default is tested at the end)
const config = parseStudyConfig({ portfolio: { betaNeutral: false }, variants: { alphas: ["overall forest", "momentum 20d"], schemes: ["zscore", "topBottomK"] }, analytics: { riskFreeAnnual: 0.02, rollingSharpeDays: 60 } });
const volatility = studyVolatility(panel, config);
const alpha = alphas[config.alpha];
const portfolio = constructPortfolio(panel, alpha, volatility, config.portfolio);
const headline = backtestWeights(panel, portfolio.weights, volatility, config);
const start = evaluationStart(headline);

test("regimeOfReturns(labels): each day's return takes the label of the previous close, -1 on day 0", () => {
  assert.deepEqual(Array.from(regimeOfReturns(Int32Array.of(-1, 0, 2, 1))), [-1, -1, 0, 2]);
  assert.deepEqual(Array.from(regimeOfReturns(Int32Array.of(1))), [-1]);
  assert.deepEqual(Array.from(regimeOfReturns(new Int32Array(0))), []);
  const labels = Int32Array.of(0, 1);
  const out = regimeOfReturns(labels);
  assert.notEqual(out.buffer, labels.buffer, "a new array");
  assert.deepEqual(Array.from(labels), [0, 1], "input unchanged");
});

test("evaluationStart is the first day with a position, and refuses a strategy that never holds one; fromStart is a view", () => {
  assert.equal(start, headline.firstPositionIndex);
  assert.ok(start >= 40, `positions from day ${start}, the alpha starts on day 40`);
  assert.throws(() => evaluationStart({ firstPositionIndex: -1 }), /runStudy: the strategy never holds a position/);
  const x = Float64Array.of(1, 2, 3);
  const view = fromStart(x, 1);
  assert.deepEqual(Array.from(view), [2, 3]);
  assert.equal(view.buffer, x.buffer, "no copy");
  assert.equal(dailyRiskFree(config), perPeriodRate(0.02));
});

test("referenceReturns: the benchmark's close-to-close returns, and the equal-weight book at no cost, both NaN on day 0", () => {
  const { benchmarkReturns, equalWeightReturns } = referenceReturns(panel, config);
  assert.deepEqual(benchmarkReturns, simpleReturns(panel.close.subarray(0, T)));
  assert.ok(Number.isNaN(benchmarkReturns[0]) && Number.isNaN(equalWeightReturns[0]));
  // day 1 of a daily-rebalanced equal-weight book: the mean of the assets' returns
  let mean = 0;
  for (let j = 0; j < 8; j++) mean += panel.close[j * T + 1] / panel.close[j * T] - 1;
  assert.ok(Math.abs(equalWeightReturns[1] - mean / 8) < 1e-15, `${equalWeightReturns[1]} vs ${mean / 8}`);
  assert.throws(() => referenceReturns(panel, { benchmark: "QQQ" }), /ticker "QQQ" is not in the panel/);
});

test("studyVariants: every alpha x scheme of the grid, plus the headline (its own backtest) when the grid leaves it out", () => {
  const variants = studyVariants(panel, alphas, volatility, headline, start, config);
  assert.deepEqual(variants.map((v) => v.name), ["overall forest · zscore", "overall forest · topBottomK", "momentum 20d · zscore", "momentum 20d · topBottomK", "regime-aware forest · zscore"]);
  assert.deepEqual(variants.map((v) => v.headline), [false, false, false, false, true]);
  const riskFree = dailyRiskFree(config);
  const last = variants[4];
  assert.equal(last.netReturns.buffer, headline.netReturn.buffer, "the headline's backtest is reused");
  assert.equal(last.sharpe, sharpeRatio(headline.netReturn.subarray(start), { riskFree }));
  const topBottom = backtestAlpha(panel, alphas["overall forest"], volatility, { ...config, portfolio: { ...config.portfolio, scheme: "topBottomK" } });
  assert.equal(variants[1].sharpe, sharpeRatio(topBottom.netReturn.subarray(start), { riskFree }));
  // inside the grid, the headline is not added twice
  const inGrid = studyVariants(panel, alphas, volatility, headline, start, parseStudyConfig({ variants: { alphas: ["regime-aware forest"], schemes: ["zscore"] } }));
  assert.deepEqual(inGrid.map((v) => [v.name, v.headline]), [["regime-aware forest · zscore", true]]);
});

test("studyCostSweep: higher linear costs never raise the net Sharpe ratio, and impact only lowers it", () => {
  const sweep = studyCostSweep(panel, portfolio, headline, volatility, start, config);
  assert.deepEqual(sweep.costBps, [...config.analytics.costSweepBps].sort((a, b) => a - b));
  for (let i = 1; i < sweep.costBps.length; i++) {
    assert.ok(sweep.withImpact[i] <= sweep.withImpact[i - 1] && sweep.linearOnly[i] <= sweep.linearOnly[i - 1], `level ${i}`);
  }
  for (let i = 0; i < sweep.costBps.length; i++) assert.ok(sweep.linearOnly[i] >= sweep.withImpact[i], `impact at level ${i}`);
  assert.ok(sweep.grossSharpe >= sweep.linearOnly[0]);
  assert.equal(sweep.grossSharpe, sharpeRatio(headline.grossReturn.subarray(start), { riskFree: dailyRiskFree(config) }));
  // unsorted levels are swept in ascending order
  const shuffled = studyCostSweep(panel, portfolio, headline, volatility, start, parseStudyConfig({ analytics: { costSweepBps: [10, 0, 5] } }));
  assert.deepEqual(shuffled.costBps, [0, 5, 10]);
});

test("studyTrials counts every variant and the declared extra trials; the spread needs two variants", () => {
  assert.deepEqual(studyTrials([{ sharpe: 0.5 }, { sharpe: 0.2 }], { analytics: { extraTrials: 10 } }), { trials: 12, trialSharpes: [0.5, 0.2] });
  assert.deepEqual(studyTrials([{ sharpe: 0.5 }], { analytics: { extraTrials: 0 } }), { trials: 1, trialSharpes: undefined });
});

test("studyEffectiveTrials: the variants' Li & Ji M_eff from their returns' correlation, plus every declared trial", () => {
  const rng = createRng(12);
  const a = Float64Array.from({ length: 300 }, () => 0.01 * rng.normal());
  const b = Float64Array.from({ length: 300 }, () => 0.01 * rng.normal());
  const copies = studyEffectiveTrials([{ netReturns: a }, { netReturns: a }, { netReturns: Float64Array.from(a, (x) => 2 * x) }], { analytics: { extraTrials: 10 } });
  assert.equal(copies.method, "liJi");
  assert.equal(copies.variants, 3);
  assert.equal(copies.declaredTrials, 10);
  assert.ok(Math.abs(copies.effectiveVariantTrials - 1) < 1e-10 && Math.abs(copies.effectiveTrials - 11) < 1e-10, `${copies.effectiveTrials}`);
  assert.ok(Math.abs(copies.meanCorrelation - 1) < 1e-12);
  // Two independent seeded series are two trials (Li & Ji: both eigenvalues below 2).
  const two = studyEffectiveTrials([{ netReturns: a }, { netReturns: b }], { analytics: { extraTrials: 0 } });
  assert.ok(Math.abs(two.effectiveTrials - 2) < 1e-10, `${two.effectiveTrials}`);
  // One variant, no declared trials: one trial.
  assert.equal(studyEffectiveTrials([{ netReturns: a }], { analytics: { extraTrials: 0 } }).effectiveTrials, 1);
});

test("studyCurves: the charts' series over the period are the analytics of the period's returns", () => {
  const { benchmarkReturns, equalWeightReturns } = referenceReturns(panel, config);
  const curves = studyCurves({ backtest: headline, benchmarkReturns, equalWeightReturns, periodStart: start }, config);
  const net = headline.netReturn.subarray(start), bench = benchmarkReturns.subarray(start);
  const riskFree = dailyRiskFree(config);
  assert.deepEqual(curves.wealth.net, equityCurve(net));
  assert.deepEqual(curves.wealth.gross, equityCurve(headline.grossReturn.subarray(start)));
  assert.deepEqual(curves.wealth.equalWeight, equityCurve(equalWeightReturns.subarray(start)));
  assert.deepEqual(curves.drawdown.benchmark, drawdownSeries(bench));
  assert.equal(curves.rollingSharpe.windowDays, 60);
  assert.deepEqual(curves.rollingSharpe.net, rollingSharpe(net, { windowDays: 60, riskFree }));
  assert.deepEqual(curves.monthly, monthlyReturns(headline.dates.subarray(start), net));
  for (const series of [curves.wealth.net, curves.drawdown.net, curves.rollingSharpe.benchmark]) assert.equal(series.length, T - start);
  assert.ok(curves.drawdown.net.every((d) => d <= 0));
});

test("studyPortfolio: the config's portfolio as is when betaNeutral is off; with it on, a book with zero beta to the study's benchmark every day (the feedback's target with betaFeedbackDays)", () => {
  assert.ok(studyPortfolio(panel, alpha, volatility, config).weights.every((w, k) => Object.is(w, portfolio.weights[k])));
  const on = parseStudyConfig({ ...config, portfolio: { ...config.portfolio, betaNeutral: true, betaWindowDays: 60, betaFeedbackDays: null } });
  const book = studyPortfolio(panel, alpha, volatility, on);
  const fed = studyPortfolio(panel, alpha, volatility, parseStudyConfig({ ...on, portfolio: { ...on.portfolio, betaFeedbackDays: 60 } }));
  assert.ok(fed.betaTarget.some((b) => Math.abs(b) > 1e-4) && book.betaTarget.every((b) => b === 0));
  const beta = betaPanel(panel.close, panel, { ...on.portfolio, benchmark: on.benchmark });
  const N = panel.tickers.length;
  let held = 0;
  for (let t = 0; t < T; t++) {
    let b = 0, net = 0;
    for (let j = 0; j < N; j++) {
      const w = book.weights[j * T + t];
      if (w !== 0) { b += w * beta[j * T + t]; held++; }
      net += w;
    }
    assert.ok(Math.abs(b) <= 1e-9 && Math.abs(net) <= 1e-9, `day ${t}: beta ${b}, net ${net}`);
    let bFed = 0;
    for (let j = 0; j < N; j++) if (fed.weights[j * T + t] !== 0) bFed += fed.weights[j * T + t] * beta[j * T + t];
    assert.ok(Math.abs(bFed - fed.betaTarget[t]) <= 1e-9, `day ${t}: fed beta ${bFed}, target ${fed.betaTarget[t]}`);
  }
  assert.ok(held > 1000, `the book holds positions (${held})`);
});

test("studyPortfolio: betas computed once per close panel and settings, and recomputed when the closes change in place", () => {
  const on = parseStudyConfig({ ...config, portfolio: { ...config.portfolio, betaNeutral: true, betaWindowDays: 60, betaFeedbackDays: null } });
  const market = { ...panel, close: panel.close.slice() };
  const first = studyPortfolio(market, alpha, volatility, on).weights;
  // the same settings again (served from the cache) and another window (computed): each as a fresh panel gives
  assert.deepEqual(studyPortfolio(market, alpha, volatility, on).weights, first);
  const wider = parseStudyConfig({ ...on, portfolio: { ...on.portfolio, betaWindowDays: 90 } });
  assert.deepEqual(studyPortfolio(market, alpha, volatility, wider).weights, studyPortfolio({ ...market, close: market.close.slice() }, alpha, volatility, wider).weights);
  // a close of day 300 changed in place: the days before keep their weights, the days after follow the new betas
  const N = panel.tickers.length;
  for (let j = 0; j < N; j++) market.close[j * T + 300] *= 1 + 0.05 * (j % 2 === 0 ? 1 : -1);
  const moved = studyPortfolio(market, alpha, volatility, on).weights;
  assert.deepEqual(moved, studyPortfolio({ ...market, close: market.close.slice() }, alpha, volatility, on).weights);
  let changedAfter = 0;
  for (let j = 0; j < N; j++) {
    for (let t = 0; t < 300; t++) assert.ok(Object.is(moved[j * T + t], first[j * T + t]), `ticker ${j}, day ${t}`);
    for (let t = 300; t < T; t++) changedAfter += +(moved[j * T + t] !== first[j * T + t]);
  }
  assert.ok(changedAfter > 100, `${changedAfter} weights after day 300 moved`);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { momentumAlphaName, parseStudyConfig, runStudy, studyLookAhead, studyReport, studySummaryJson, type StudyResult } from "../../src/study";
import { momentumAlpha } from "../../src/models/evaluation";
import { loadShippedPanel, type ShippedPanel } from "../../src/data/shipped";
import { forwardReturns } from "../../src/features/targets";
import { sharpeRatio } from "../../src/analytics/ratios";
import { equityCurve } from "../../src/analytics/returns";
import { drawdownSeries } from "../../src/analytics/drawdown";
import { createRng } from "../../src/util/rng";
import { plotlyScriptTag } from "../../src/notebook/plotly";
import { betaPanel } from "../../src/portfolio/beta";
import { benchmarkStats } from "../../src/analytics/benchmark";

const ROOT = resolve(__dirname, "..", "..");
const memoDir = mkdtempSync(join(tmpdir(), "study-memo-"));
// One full study on the shipped data, shared by the tests below (about 20 s; the CLI test reuses its memo).
let shared: Promise<StudyResult> | null = null;
const fullStudy = () => (shared ??= runStudy({ cache: { dir: memoDir } }));

test("runStudy on the shipped data: every day's weights meet every cap, the gross limit, dollar neutrality and their beta target to 1e-9 (the feedback's, by the textbook formula)", async () => {
  const study = await fullStudy();
  const { weights } = study.portfolio;
  const N = study.panel.tickers.length, T = study.panel.dates.length;
  const { maxPosition, maxGross } = study.config.portfolio;
  assert.equal(study.config.portfolio.betaNeutral, true, "the study's default book is beta-neutral");
  const beta = betaPanel(study.panel.close, study.panel, { ...study.config.portfolio, benchmark: study.config.benchmark });
  let days = 0;
  for (let t = 0; t < T; t++) {
    let gross = 0, net = 0, bookBeta = 0;
    for (let j = 0; j < N; j++) {
      const w = weights[j * T + t];
      assert.ok(Math.abs(w) <= maxPosition + 1e-9, `day ${t} ${study.panel.tickers[j]}: |w| = ${w}`);
      gross += Math.abs(w);
      net += w;
      if (w !== 0) bookBeta += w * beta[j * T + t];
    }
    assert.ok(gross <= maxGross + 1e-9, `day ${t}: gross ${gross}`);
    assert.ok(Math.abs(net) <= 1e-9, `day ${t}: net ${net}`);
    // held at minus the book's own realised beta beyond its ex-ante beta (betaFeedbackDays), recomputed below
    assert.ok(Math.abs(bookBeta - study.portfolio.betaTarget[t]) <= 1e-9, `day ${t}: book beta ${bookBeta}, target ${study.portfolio.betaTarget[t]}`);
    if (gross > 0) days++;
  }
  assert.ok(days > 4000, `only ${days} days hold a book`);
  // the feedback target by the textbook formula: u(s) = w(s-1)'r(s) - w(s-1)'beta(s-1) r_SPY(s), b(t) = cov / var over 252 days
  const W = study.config.portfolio.betaFeedbackDays!, b = study.panel.tickers.indexOf(study.config.benchmark);
  const ret = (j: number, s: number) => study.panel.close[j * T + s] / study.panel.close[j * T + s - 1] - 1;
  const u = new Float64Array(T).fill(NaN);
  for (let s = 1; s < T; s++) {
    let earned = 0, exAnte = 0;
    for (let j = 0; j < N; j++) {
      const w = weights[j * T + s - 1];
      if (w !== 0) (earned += w * ret(j, s)), (exAnte += w * beta[j * T + s - 1]);
    }
    u[s] = earned - exAnte * ret(b, s);
  }
  let largest = 0;
  for (const t of [600, 1500, 2500, 3500, T - 1]) {
    let n = 0, sx = 0, sy = 0, sxy = 0, sxx = 0;
    for (let s = t - W + 1; s <= t; s++) {
      const x = ret(b, s), y = u[s];
      n++, (sx += x), (sy += y), (sxy += x * y), (sxx += x * x);
    }
    const expected = -(sxy - (sx * sy) / n) / (sxx - (sx * sx) / n);
    assert.ok(Math.abs(study.portfolio.betaTarget[t] - expected) < 1e-12, `day ${t}: target ${study.portfolio.betaTarget[t]}, textbook ${expected}`);
    largest = Math.max(largest, Math.abs(expected));
  }
  assert.ok(largest > 1e-3 && largest < 0.2, `the hedge acts, and stays a correction (${largest})`);
  assert.equal(study.portfolio.betaFeedbackFallbackDays, 0);
  const target = study.summary.exposure.target;
  assert.ok(target.maxAbsWeight <= maxPosition + 1e-12 && target.maxGross <= maxGross + 1e-9 && target.maxAbsNet <= 1e-9, JSON.stringify(target));
});

test("runStudy: net = gross - costs each day, and the summary's numbers are those of the period's series", async () => {
  const study = await fullStudy();
  const b = study.backtest;
  for (let t = 0; t < b.dates.length; t++) {
    assert.ok(Math.abs(b.netReturn[t] - (b.grossReturn[t] - b.commissionCost[t] - b.spreadCost[t] - b.impactCost[t])) < 1e-15, `day ${t}`);
  }
  const start = study.periodStart;
  assert.equal(start, b.firstPositionIndex);
  // nothing is held before the first out-of-sample forecast
  let firstForecast = Infinity;
  const alpha = study.alphas[study.config.alpha], T = b.dates.length;
  for (let k = 0; k < alpha.length; k++) if (alpha[k] === alpha[k]) firstForecast = Math.min(firstForecast, k % T);
  assert.ok(start >= firstForecast, `positions from day ${start}, forecasts only from ${firstForecast}`);
  assert.equal(study.summary.period.days, T - start);
  assert.equal(study.summary.strategy.sharpe, sharpeRatio(b.netReturn.subarray(start)));
  assert.equal(study.summary.gross.sharpe, sharpeRatio(b.grossReturn.subarray(start)));
  // the charts' series are the analytics of the same period (the report only arranges them)
  assert.deepEqual(study.curves.wealth.net, equityCurve(b.netReturn.subarray(start)));
  assert.deepEqual(study.curves.drawdown.benchmark, drawdownSeries(study.benchmarkReturns.subarray(start)));
  assert.equal(study.curves.rollingSharpe.windowDays, study.config.analytics.rollingSharpeDays);
  // every step reports its wall time
  assert.deepEqual(Object.keys(study.timings).sort(), ["advBasis", "backtest", "costSweep", "data", "features", "lookAhead", "models", "portfolio", "regimes", "variants"]);
  // the headline strategy is one of the variants, and the trials count the grid plus the declared extra
  const headline = study.variants.filter((v) => v.headline);
  assert.equal(headline.length, 1);
  assert.equal(headline[0].sharpe, study.summary.strategy.sharpe);
  assert.equal(study.summary.significance.deflated.trials, study.variants.length + study.config.analytics.extraTrials);
  // the headline DSR counts the variants' effective independent trials plus the declared ones, each with one estimate's variance
  const e = study.summary.significance.deflatedEffective;
  assert.equal(e.effectiveTrials, e.effectiveVariantTrials + study.config.analytics.extraTrials);
  assert.equal(e.trials, e.effectiveTrials);
  assert.ok(e.effectiveVariantTrials >= 1 && e.effectiveVariantTrials <= study.variants.length);
  assert.equal(e.varianceSource, "estimator");
  assert.equal(e.sharpe, study.summary.significance.deflated.sharpe);
  // higher costs never raise the net Sharpe ratio
  const sweep = study.costSweep.withImpact;
  for (let i = 1; i < sweep.length; i++) assert.ok(sweep[i] <= sweep[i - 1], `cost sweep rises at level ${i}`);
  for (let i = 0; i < sweep.length; i++) assert.ok(study.costSweep.linearOnly[i] >= sweep[i], `impact lowers cost at level ${i}`);
});

test("the look-ahead check passes for the study and flags a forecast that peeks at tomorrow's return", async () => {
  const study = await fullStudy();
  assert.equal(study.summary.lookAhead.flagged, false, study.summary.lookAhead.verdict);
  const leaky = studyLookAhead(study.panel, forwardReturns(study.panel, 1), study.volatility, study.config, { periodStart: study.periodStart });
  assert.equal(leaky.check.flagged, true, leaky.check.verdict);
  assert.ok(leaky.check.baselineSharpe > 3 && leaky.check.laggedSharpe < 1, leaky.check.verdict);
});

test("the memo gives the same numbers as the first computation, bit for bit", async () => {
  const first = await fullStudy();
  const logged: string[] = [];
  const again = await runStudy({ cache: { dir: memoDir } }, { log: (line) => logged.push(line) });
  assert.ok(logged.some((l) => /regimes: .*from the memo/.test(l)) && logged.some((l) => /models: .*from the memo/.test(l)), logged.join("\n"));
  assert.deepEqual(again.alphas, first.alphas);
  assert.deepEqual(again.regimes.filtered, first.regimes.filtered);
  assert.deepEqual(again.backtest.netReturn, first.backtest.netReturn);
  assert.deepEqual(again.summary, first.summary);
});

/** A copy of the panel with every bar after day `cut` scaled by a random factor (OHLC stay consistent). */
function perturbAfter(panel: ShippedPanel, cut: number, seed: number): ShippedPanel {
  const rng = createRng(seed);
  const N = panel.tickers.length, T = panel.dates.length;
  const copy = { ...panel, open: panel.open.slice(), high: panel.high.slice(), low: panel.low.slice(), close: panel.close.slice(), volume: panel.volume.slice(), vwap: panel.vwap.slice() };
  for (let j = 0; j < N; j++) {
    for (let t = cut + 1; t < T; t++) {
      const k = j * T + t, price = Math.exp(0.05 * rng.normal()), volume = Math.exp(0.5 * rng.normal());
      copy.open[k] *= price;
      copy.high[k] *= price;
      copy.low[k] *= price;
      copy.close[k] *= price;
      copy.vwap[k] *= price;
      copy.volume[k] *= volume;
    }
  }
  return copy;
}

test("no look-ahead in the whole study: changing every bar after day t moves nothing at or before t (and changing day t does)", async () => {
  const config = { data: { end: "2012-12-31" }, cache: { enabled: false } };
  const panel = await loadShippedPanel({ end: "2012-12-31" });
  const T = panel.dates.length, N = panel.tickers.length;
  const cut = 1100;
  const base = await runStudy(config, { panel });
  assert.ok(base.periodStart < cut - 250, `the check needs trading before day ${cut} (starts ${base.periodStart})`);
  const again = await runStudy(config, { panel });
  assert.deepEqual(again.backtest.netReturn, base.backtest.netReturn, "same inputs, same seeds: same numbers");
  const future = await runStudy(config, { panel: perturbAfter(panel, cut, 1) });
  const upTo = (x: Float64Array, K = 1) => Array.from({ length: (x.length / (T * K)) | 0 }, (_, j) => Array.from(x.subarray(j * T * K, j * T * K + (cut + 1) * K)));
  for (const name of Object.keys(base.alphas) as (keyof StudyResult["alphas"])[]) assert.deepEqual(upTo(future.alphas[name]), upTo(base.alphas[name]), `alpha ${name}`);
  assert.deepEqual(Array.from(future.regimes.filtered.subarray(0, (cut + 1) * base.regimes.nComponents)), Array.from(base.regimes.filtered.subarray(0, (cut + 1) * base.regimes.nComponents)));
  assert.deepEqual(upTo(future.portfolio.weights), upTo(base.portfolio.weights));
  assert.deepEqual(Array.from(future.backtest.netReturn.subarray(0, cut + 1)), Array.from(base.backtest.netReturn.subarray(0, cut + 1)));
  assert.deepEqual(upTo(future.backtest.positions), upTo(base.backtest.positions));
  assert.equal(N, base.portfolio.tickers.length);
  // the same perturbation starting one day earlier must move day `cut`: the test can see a change
  const present = await runStudy(config, { panel: perturbAfter(panel, cut - 1, 1) });
  assert.notDeepEqual(Array.from(present.backtest.netReturn.subarray(0, cut + 1)), Array.from(base.backtest.netReturn.subarray(0, cut + 1)));
});

test("summary.json holds every headline number, no NaN, and the data hashes of the sidecars", async () => {
  const study = await fullStudy();
  const text = studySummaryJson(study);
  assert.doesNotMatch(text, /NaN|Infinity/);
  const json = JSON.parse(text);
  assert.equal(json.summary.strategy.sharpe, study.summary.strategy.sharpe);
  assert.equal(json.variants.length, study.variants.length);
  const spy = JSON.parse(readFileSync(join(ROOT, "data", "adjusted", "SPY.json"), "utf8"));
  assert.equal(json.provenance.data.tickers.find((d: { ticker: string }) => d.ticker === "SPY").contentHash, spy.contentHash);
  assert.equal(json.provenance.seeds["regimes.hmm.seed"], study.config.regimes.hmm.seed);
  assert.match(json.provenance.packages["plotly.js"], /^\d+\.\d+\.\d+$/);
});

test("the HTML report embeds plotly.js once, loads nothing from a CDN, and carries every figure and the provenance", async () => {
  const study = await fullStudy();
  const html = studyReport(study);
  assert.equal(html.split("window.PlotlyConfig = ").length - 1, 1, "plotly.js embedded exactly once");
  // outside the embedded library (whose source names its optional CDN assets), nothing is fetched
  const page = html.replace(plotlyScriptTag(), "");
  assert.doesNotMatch(page, /<script[^>]+src=|<link[^>]+href=/i);
  assert.doesNotMatch(page, /cdn\.plot\.ly|cdn\.jsdelivr|unpkg\.com|https?:\/\/[^"'\s]*\.js/);
  const figures = html.match(/id="fig-\d+"/g) ?? [];
  assert.equal(figures.length, 10);
  assert.match(html, /<section id="provenance">/);
  assert.match(html, /Look-ahead check passed/);
});

test("alpha-engine run writes summary.json and report.html; a bad config exits 2 naming the field", () => {
  const out = mkdtempSync(join(tmpdir(), "study-cli-"));
  const configPath = join(out, "study.json");
  writeFileSync(configPath, JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, "study.json"), "utf8")), cache: { dir: memoDir } }));
  const env = { ...process.env, POLYGON_API_KEY: "TEST-KEY-must-not-leak-3f9c" };
  const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli.ts"), "run", "--config", configPath, "--out", out], { cwd: ROOT, encoding: "utf8", env });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /study done in/);
  const summary = readFileSync(join(out, "summary.json"), "utf8");
  const report = readFileSync(join(out, "report.html"), "utf8");
  assert.ok(JSON.parse(summary).summary.strategy.sharpe !== undefined);
  assert.match(report, /^<!DOCTYPE html>/);
  for (const text of [summary, report, run.stdout, run.stderr]) assert.doesNotMatch(text, /TEST-KEY-must-not-leak/);

  writeFileSync(configPath, JSON.stringify({ portfolio: { maxPosition: 20 } }));
  const bad = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli.ts"), "run", "--config", configPath, "--out", out], { cwd: ROOT, encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /invalid study config: portfolio\.maxPosition: must be <= 10 \(got 20\)/);
});

test("the momentum alpha takes its name from momentumLookbackDays everywhere in the study", async () => {
  await fullStudy(); // its memo serves the regimes and forests: the lookback is not part of their keys
  const study = await runStudy({ momentumLookbackDays: 60, cache: { dir: memoDir } });
  assert.deepEqual(Object.keys(study.alphas), ["regime-aware forest", "overall forest", "momentum 60d"]);
  assert.deepEqual(study.alphas["momentum 60d"], momentumAlpha(study.panel.close, study.panel, { lookbackDays: 60 }));
  assert.deepEqual(study.alphaComparison.names, ["regime-aware forest", "overall forest", "momentum 60d"]);
  assert.ok(study.variants.some((v) => v.name === "momentum 60d · zscore" && v.alpha === "momentum 60d"));
  assert.doesNotMatch(studySummaryJson(study), /momentum 20d/);
});

test("study.json at the project root is the default study", () => {
  const file = JSON.parse(readFileSync(join(ROOT, "study.json"), "utf8"));
  assert.deepEqual(parseStudyConfig(file), parseStudyConfig({}));
});

test("the findings notebooks 04-06 state in prose hold on the shipped data (update the prose if this fails)", async () => {
  const study = await fullStudy();
  const s = study.summary;
  const at = (name: string) => study.alphaComparison.evaluations[study.alphaComparison.names.indexOf(name)];
  const regimeAware = at("regime-aware forest"), overall = at("overall forest"), momentum = at(momentumAlphaName(study.config.momentumLookbackDays));
  // 04: a small positive IC, larger for the regime-aware forest; momentum carries nothing
  assert.ok(regimeAware.icMean > 0.02 && regimeAware.icMean < 0.05 && regimeAware.icMean > overall.icMean, `IC ${regimeAware.icMean} vs ${overall.icMean}`);
  assert.ok(Math.abs(momentum.icMean) < 0.01);
  assert.ok(regimeAware.r2OutOfSample < 0 && regimeAware.r2OutOfSample > -0.05);
  // 05: "a gross Sharpe ratio of about 0.52 at under 4% volatility; costs take all of it", impact is the largest cost
  assert.ok(s.gross.sharpe.toFixed(2) === "0.52" && s.gross.annualizedVolatility < 0.04 && Math.abs(s.strategy.sharpe) < 0.1, `${s.gross.sharpe} -> ${s.strategy.sharpe}`);
  assert.ok(s.costs.impact > s.costs.spread + s.costs.commission);
  // 06: not significant after counting trials; the drawdown lasts years; calm loses, the others earn
  assert.ok(s.significance.bootstrap.lower < 0 && s.significance.bootstrap.upper > 0);
  assert.ok(s.significance.deflated.deflatedSharpe < 0.5);
  assert.ok(s.strategy.maxDrawdownPeriods > 1000);
  const [calm, normal, turbulent] = s.byRegime;
  assert.ok(calm.annualizedMean < 0 && normal.annualizedMean > 0 && turbulent.annualizedMean > 0 && calm.share > 0.5);
});

test("the README's table and figures are the shipped study's (update the README if this fails)", async () => {
  const study = await fullStudy();
  const { strategy: net, gross, benchmark, costs, significance, lookAhead } = study.summary;
  const readme = readFileSync(join(ROOT, "README.md"), "utf8").replace(/[ \t]*\n[ \t]*/g, "\n");
  const flat = readme.replace(/\s+/g, " ");
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const row = (label: string, f: (s: typeof net) => string, spy: string) => `| ${label} | ${f(net)} | ${f(gross)} | ${spy} |`;
  const rows = [
    row("Sharpe ratio", (s) => s.sharpe.toFixed(2), benchmark.sharpe.toFixed(2)),
    row("annual return (geometric)", (s) => pct(s.annualizedReturn), pct(benchmark.annualizedReturn)),
    row("volatility", (s) => pct(s.annualizedVolatility), pct(benchmark.annualizedVolatility)),
    row("max drawdown", (s) => pct(s.maxDrawdown), pct(benchmark.maxDrawdown)),
    row("beta to SPY (HAC t)", (s) => `${s.beta.toFixed(2)} (t ${s.betaTStat.toFixed(1)})`, "–"),
    row("alpha, annual (HAC t)", (s) => `${pct(s.alphaAnnual)} (t ${s.alphaTStat.toFixed(2)})`, "–"),
    row("residual Sharpe (beta hedged)", (s) => s.residualSharpe.toFixed(2), "–"),
  ];
  for (const r of rows) assert.ok(readme.includes(r), `README table row: ${r}`);
  const leaky = studyLookAhead(study.panel, forwardReturns(study.panel, 1), study.volatility, study.config, { periodStart: study.periodStart }).check;
  const claims = [
    `Held beta-neutral, the returns have a beta of ${net.beta.toFixed(2)} to SPY (HAC t ${net.betaTStat.toFixed(1)}): what the book earns is alpha, ${pct(gross.alphaAnnual)} a year before costs (HAC t ${gross.alphaTStat.toFixed(1)})`,
    `turnover ${Math.round(net.annualizedTurnover!)}x NAV a year, costs ${pct(costs.total)} of NAV a year (impact ${pct(costs.impact)})`,
    `Bootstrap 95% interval of the net Sharpe ratio ${significance.bootstrap.lower.toFixed(2)} to ${significance.bootstrap.upper.toFixed(2)}`,
    `moves the Sharpe ratio by ${lookAhead.sharpeChange.toFixed(2)}; a deliberately leaky signal falls from ${leaky.baselineSharpe.toFixed(1)} to ${leaky.laggedSharpe.toFixed(1)}`,
    `out-of-sample from ${study.summary.period.start} (${study.summary.period.days.toLocaleString("en-US")} days)`,
  ];
  for (const claim of claims) assert.ok(flat.includes(claim), `README should say: ${claim}`);
});

test("the README's IC t-statistics and deflated Sharpe ratios are the shipped study's (update the README if this fails)", async () => {
  const { ic, significance, strategy } = (await fullStudy()).summary;
  const readme = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
  const h = ic.horizon, eff = significance.deflatedEffective, plain = significance.deflated;
  const claims = [
    `Mean daily IC of the forecast ${h.mean.toFixed(3)}: Hansen-Hodrick t ${h.tStatHansenHodrick.toFixed(1)}`,
    `(Newey-West t ${h.tStat.toFixed(1)} with ${ic.horizonDays - 1} lags, ${h.tStatNeweyWestAuto.toFixed(1)} at the automatic bandwidth)`,
    `Deflated Sharpe ratio ${eff.deflatedSharpe.toFixed(2)} under ${eff.effectiveTrials} effective trials`,
    `count as ${eff.effectiveVariantTrials} independent trials`,
    `plus ${eff.declaredTrials} declared development runs; counting all ${plain.trials} configurations`,
    `gives ${plain.deflatedSharpe.toFixed(2)}.`,
    `beta of ${strategy.beta.toFixed(2)} to SPY (HAC t ${strategy.betaTStat.toFixed(1)})`,
  ];
  for (const claim of claims) assert.ok(readme.includes(claim), `README should say: ${claim}`);
});

test("acceptance (issue 13): the default book's net returns have |beta| <= 0.03 to SPY with |HAC t| < 2, as an independent OLS finds", async () => {
  const study = await fullStudy();
  const s = study.summary.strategy;
  assert.ok(Math.abs(s.beta) <= 0.03 && Math.abs(s.betaTStat) < 2, `beta ${s.beta} (t ${s.betaTStat})`);
  // the same slope by the textbook formula, cov / var of the period's series
  const start = study.periodStart;
  const r = study.backtest.netReturn.subarray(start), b = study.benchmarkReturns.subarray(start);
  let mr = 0, mb = 0;
  for (let i = 0; i < r.length; i++) { mr += r[i] / r.length; mb += b[i] / b.length; }
  let cov = 0, varb = 0;
  for (let i = 0; i < r.length; i++) { cov += (r[i] - mr) * (b[i] - mb); varb += (b[i] - mb) ** 2; }
  assert.ok(Math.abs(cov / varb - s.beta) < 1e-12, `${cov / varb} vs ${s.beta}`);
  assert.equal(benchmarkStats(r, b).betaTStat, s.betaTStat);
});

test("summary.costs.advBasis names each ticker's ADV$ basis: split-only where the shipped bars cover the panel, day by day where they cover part, the adjusted close (with the reason) elsewhere", async () => {
  const { advBasis } = (await fullStudy()).summary.costs;
  const by = Object.fromEntries(advBasis.map((k) => [k.ticker, k.basis]));
  assert.equal(advBasis.length, 23);
  for (const t of ["SPY", "QQQ", "IWM", "EFA", "EEM", "VNQ", "TLT", "IEF", "LQD", "HYG", "GLD", "DBC"]) assert.equal(by[t], "split", t);
  // split-only files from 2010-01-04 to 2025-06-27 (matdev83): split-only on those days only
  for (const t of ["XLE", "XLP", "XLU", "USO", "UUP"]) assert.equal(by[t], "mixed", t);
  for (const t of ["XLK", "XLF", "XLV", "XLI", "XLY", "SLV"]) assert.equal(by[t], "split_dividend", t);
  assert.ok(advBasis.every((k) => k.reason.length > 0));
});

test("notebook 06's prose on the beta-neutral book holds on the shipped data (update the prose if this fails)", async () => {
  const study = await fullStudy();
  const dollarNeutral = await runStudy({ portfolio: { betaNeutral: false }, cache: { dir: memoDir } });
  const [dn, bn] = [dollarNeutral.summary, study.summary];
  // "held only dollar-neutral, the book keeps a beta of about 0.14 to SPY (HAC t about 6)"
  assert.ok(dn.strategy.beta > 0.1 && dn.strategy.betaTStat > 4, `beta ${dn.strategy.beta} (t ${dn.strategy.betaTStat})`);
  // the README's sentence on the dollar-neutral book
  const readme = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
  const d = dn.strategy;
  const claim = `keep a beta of ${d.beta.toFixed(2)} to SPY (HAC t ${d.betaTStat.toFixed(1)}) and a net Sharpe ratio of ${d.sharpe.toFixed(2)} that is market exposure (alpha ${(d.alphaAnnual * 100).toFixed(1)}% a year, residual Sharpe ${d.residualSharpe.toFixed(2)})`;
  assert.ok(readme.includes(claim), `README should say: ${claim}`);
  // "its beta to SPY is close to zero and no longer significant"
  assert.ok(Math.abs(bn.strategy.beta) < 0.03 && Math.abs(bn.strategy.betaTStat) < 2, `beta ${bn.strategy.beta} (t ${bn.strategy.betaTStat})`);
  // "before costs ... a higher residual Sharpe ratio than the dollar-neutral book's"
  assert.ok(bn.gross.residualSharpe > dn.gross.residualSharpe, `${bn.gross.residualSharpe} vs ${dn.gross.residualSharpe}`);
  // "its volatility is lower while its trading is not ... after costs nothing is left"
  assert.ok(bn.strategy.annualizedVolatility < dn.strategy.annualizedVolatility);
  assert.ok(bn.strategy.annualizedTurnover! > 0.8 * dn.strategy.annualizedTurnover!);
  assert.ok(bn.strategy.sharpe < 0.05 && dn.strategy.residualSharpe < 0, `${bn.strategy.sharpe}, ${dn.strategy.residualSharpe}`);
});

test("notebook 04's prose on feature selection holds on the shipped data (update the prose if this fails)", async () => {
  const study = await fullStudy();
  const selected = await runStudy({ walkForward: { featureSelection: { method: "importance" } }, cache: { dir: memoDir } });
  const regimeAware = (s: typeof study) => s.alphaComparison.evaluations[s.alphaComparison.names.indexOf("regime-aware forest")];
  const [all, sel] = [regimeAware(study), regimeAware(selected)];
  // "their mean IC and mean rank IC are slightly lower, and so is the Newey-West t-stat ... the t-stat from every fifth day moves the other way"
  assert.ok(sel.icMean < all.icMean && sel.icMean > 0.9 * all.icMean, `IC ${sel.icMean} vs ${all.icMean}`);
  assert.ok(sel.rankIcMean < all.rankIcMean && sel.icTStatNeweyWest < all.icTStatNeweyWest);
  assert.ok(sel.icTStatNonOverlapping > all.icTStatNonOverlapping);
  // "in the engine's own backtest the selected forecasts earn less after costs"
  assert.ok(selected.summary.strategy.sharpe < study.summary.strategy.sharpe);
});

// The universe with two stocks has its own walk-forward (about a minute more): one study shared by both tests.
let withStocks: Promise<StudyResult> | null = null;
const stocksStudy = () => (withStocks ??= runStudy({ data: { universe: "cross-asset-with-stocks" }, cache: { dir: memoDir } }));

test("the README's betas with and without the beta feedback are those studies' (update the README if this fails)", async () => {
  const [stocks, stocksTrailingOnly, core, coreTrailingOnly] = await Promise.all([
    stocksStudy(),
    stocksStudy().then(() => runStudy({ data: { universe: "cross-asset-with-stocks" }, portfolio: { betaFeedbackDays: null }, cache: { dir: memoDir } })),
    fullStudy(),
    fullStudy().then(() => runStudy({ portfolio: { betaFeedbackDays: null }, cache: { dir: memoDir } })),
  ]);
  const b = (s: StudyResult) => `${s.summary.strategy.beta.toFixed(3)} (HAC t ${s.summary.strategy.betaTStat.toFixed(1)})`;
  const readme = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
  const cost = ((coreTrailingOnly.summary.gross.alphaAnnual - core.summary.gross.alphaAnnual) * 100).toFixed(1);
  const claims = [
    `(\`portfolio.betaFeedbackDays: null\`) kept a beta of ${b(stocksTrailingOnly)}`,
    `leaves it a beta of ${b(stocks)} there, and on the shipped universe moves the beta from ${b(coreTrailingOnly)} to ${b(core)} at a cost of ${cost}% a year of alpha before costs`,
  ];
  for (const claim of claims) assert.ok(readme.includes(claim), `README should say: ${claim}`);
  // what the feedback is for: the trailing betas alone leave a significant beta on this universe
  assert.ok(Math.abs(stocksTrailingOnly.summary.strategy.betaTStat) > 2, b(stocksTrailingOnly));
});

test("acceptance (issue 13) on cross-asset-with-stocks: |beta| <= 0.03 with |HAC t| < 2", async () => {
  const study = await stocksStudy();
  const s = study.summary.strategy;
  assert.ok(Math.abs(s.beta) <= 0.03 && Math.abs(s.betaTStat) < 2, `beta ${s.beta} (t ${s.betaTStat})`);
  assert.equal(study.portfolio.betaFeedbackFallbackDays, 0);
});

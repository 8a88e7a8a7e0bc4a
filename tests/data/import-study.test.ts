// Acceptance of issue 12, part A: real CSV bars (Yahoo layout with Adj Close, Stooq layout) imported into a
// dataset folder, then the whole study on it with an inline universe whose members list on different dates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importBarFiles } from "../../src/data/import";
import { runStudy, studyReport, type StudyResult } from "../../src/study";
import { ConfigError } from "../../src/config/parse";
import { dayToIso, isoToDay } from "../../src/util/dates";

const FIXTURES = join(__dirname, "..", "fixtures", "data", "import");
const MEMBERS = [
  { ticker: "SPY", assetClass: "equity" }, { ticker: "QQQ", assetClass: "equity" }, { ticker: "XLE", assetClass: "equity" },
  { ticker: "TLT", assetClass: "bond" }, { ticker: "IEF", assetClass: "bond" }, { ticker: "HYG", assetClass: "bond" },
  { ticker: "GLD", assetClass: "commodity" }, { ticker: "USO", assetClass: "commodity" }, { ticker: "UUP", assetClass: "currency" },
] as const;

/** A short study (quarterly-ish refits on one year of training, small forests) on the imported folder. */
function smallStudy(dir: string) {
  return {
    title: "imported",
    data: { source: "files", dir, universe: { members: MEMBERS }, start: "2012-01-03", end: "2016-12-30" },
    features: { oilTicker: null },
    regimes: { walkForward: { trainDays: 252, refitEveryDays: 126, nRestarts: 1 }, hmm: { nRestarts: 1 } },
    walkForward: { minTrainDays: 252, retrainEveryDays: 126, model: { forest: { nEstimators: 20 } } },
    analytics: { bootstrapResamples: 200 },
    cache: { enabled: false },
  };
}

let shared: Promise<{ study: StudyResult; log: string[] }> | null = null;
const importedStudy = () =>
  (shared ??= (async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "import-study-")), "ds");
    await importBarFiles(join(FIXTURES, "yahoo"), dir, { adjustment: "total", sourceName: "Yahoo Finance" });
    await importBarFiles(join(FIXTURES, "stooq"), dir, { adjustment: "total", sourceName: "Stooq" });
    const log: string[] = [];
    const study = await runStudy(smallStudy(dir), { log: (l) => log.push(l) });
    return { study, log };
  })());

test("imported Yahoo + Stooq bars: the study runs end to end on a ragged inline universe", async () => {
  const { study } = await importedStudy();
  const { panel } = study;
  assert.equal(panel.source, "files");
  assert.deepEqual(panel.tickers, MEMBERS.map((m) => m.ticker));
  assert.equal(panel.dates.length, 1258); // NYSE sessions 2012-01-03 to 2016-12-30 (the fixture's rows for SPY)
  const T = panel.dates.length;
  const firstLast = (ticker: string) => {
    const j = panel.tickers.indexOf(ticker);
    let first = -1, last = -1;
    for (let t = 0; t < T; t++) if (panel.close[j * T + t] === panel.close[j * T + t]) { if (first < 0) first = t; last = t; }
    return [dayToIso(panel.dates[first]), dayToIso(panel.dates[last])];
  };
  assert.deepEqual(firstLast("QQQ"), ["2013-06-03", "2016-12-30"]);
  assert.deepEqual(firstLast("XLE"), ["2014-01-02", "2016-12-30"]);
  assert.deepEqual(firstLast("UUP"), ["2012-01-03", "2016-06-30"]);
  assert.equal(panel.close[0], 99.877686); // SPY's Adj Close on 2012-01-03 (yahoo/SPY.csv line 2)
  // no weight on a member before it lists or after it delists
  const w = study.portfolio.weights;
  for (const [ticker, from, to] of [["QQQ", "2012-01-03", "2013-05-31"], ["XLE", "2012-01-03", "2013-12-31"], ["UUP", "2016-07-01", "2016-12-30"]] as const) {
    const j = panel.tickers.indexOf(ticker);
    for (let t = 0; t < T; t++) {
      if (panel.dates[t] < isoToDay(from) || panel.dates[t] > isoToDay(to)) continue;
      assert.ok(!(Math.abs(w[j * T + t]) > 0), `${ticker} ${dayToIso(panel.dates[t])} weight ${w[j * T + t]}`);
    }
  }
  assert.ok(Number.isFinite(study.summary.strategy.sharpe));
  assert.equal(study.summary.lookAhead.flagged, false);
  const stooq = new Set(["USO", "UUP", "XLE"]);
  assert.deepEqual(study.provenance.data.tickers.map((d) => d.source), MEMBERS.map((m) => `${stooq.has(m.ticker) ? "Stooq" : "Yahoo Finance"} ${m.ticker}.csv`));
});

test("a feature switched off (features.oilTicker: null) is listed as skipped in the log, summary.json and the report", async () => {
  const { study, log } = await importedStudy();
  const skipped = [{ feature: "oil_mom_20d", reason: "oil ticker is off (features.oilTicker: null)" }];
  assert.deepEqual(study.summary.features.skipped, skipped);
  assert.equal(study.summary.features.computed, study.featureNames.length);
  assert.ok(!study.featureNames.includes("oil_mom_20d"));
  assert.ok(log.includes(`features: ${study.featureNames.length} per ticker and day; skipped 1: oil_mom_20d (oil ticker is off (features.oilTicker: null))`), log.join("\n"));
  assert.match(studyReport(study), /skipped: oil_mom_20d \(oil ticker is off \(features\.oilTicker: null\)\)/);
});

test("every ticker a stage names is checked before any work: ConfigError naming path, ticker, universe and fix", async () => {
  const config = { data: { source: "files", dir: "/nonexistent/never-read", universe: { members: [{ ticker: "AMD", assetClass: "stock" }, { ticker: "NVDA", assetClass: "stock" }] } } };
  await assert.rejects(runStudy(config), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const lines = e.issues.map((i) => `${i.path}: ${i.message}`);
    assert.deepEqual(e.issues.map((i) => i.path), [
      "benchmark", "features.benchmark", "features.stockTicker", "features.bondTicker", "features.goldTicker", "features.oilTicker", "features.dollarTicker",
      "regimes.features.benchmark", "regimes.features.credit.risky", "regimes.features.credit.safe",
    ]);
    assert.ok(lines.includes('features.bondTicker: "TLT" is not in the universe (AMD, NVDA): add it, or set features.bondTicker to null to skip the stock-bond features (stock_bond_corr and the equity-bond part of risk_on_off)'), lines.join("\n"));
    assert.ok(lines.includes('regimes.features.credit.risky: "HYG" is not in the universe (AMD, NVDA): add it, or set regimes.features.credit to null to leave the credit signal out of the regime model'));
    return true;
  });
  // a named universe is named; the study's benchmark alone
  await assert.rejects(runStudy({ benchmark: "ACWI" }), /invalid study config: benchmark: "ACWI" is not in the universe cross-asset-core \(SPY, QQQ, IWM, EFA, EEM, XLK, XLF, XLE, \.\.\. \(23 tickers\)\): add it, or set benchmark to one of its tickers$/);
  // with the optional tickers null and the benchmarks in the universe, the check passes and the data step runs (and fails on the folder)
  const ok = { ...config, benchmark: "AMD", features: { benchmark: "AMD", stockTicker: null, bondTicker: null, goldTicker: null, oilTicker: null, dollarTicker: null }, regimes: { features: { benchmark: "AMD", credit: null } } };
  await assert.rejects(runStudy(ok), /data\.dir: no bars for "AMD" \(a member of universe \(inline\)\) in \/nonexistent\/never-read \(the folder does not exist\): import its file with alpha-engine import/);
});

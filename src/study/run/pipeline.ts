/**
 * The whole study in one call: data -> features -> regimes -> alpha models -> portfolio ->
 * backtest -> analytics, on the shipped data by default. Notebooks 05 and 06 and the CLI all run
 * this function, so the numbers in every report are the same numbers. Each step is a named
 * function of its own file (data.ts, walkForward.ts, trading.ts, lookahead.ts, summary.ts,
 * curves.ts, provenance.ts); `runStudy` only composes them, in order.
 *
 * Timing, end to end: the features, the walk-forward regime probabilities and the walk-forward
 * alpha forecasts of day t use bars up to t only (each stage's tests prove it); the weights of day
 * t are built from those, and earn the return from close t to close t + 1 in the backtest. The
 * look-ahead check reruns portfolio and backtest with every signal delayed one more day.
 *
 * The two expensive steps (walk-forward regimes and alpha model, about 7 to 9 s together on two cores) are memoised
 * on disk (memo.ts), keyed by their config, the data's content hashes and the engine's code.
 */
import { dayToIso } from "../../util/dates";
import { progressCallback } from "../../util/progress";
import { parseStudyConfig } from "../config";
import { studyCurves } from "./curves";
import { dataLine, featuresLine, loadStudyData, studyFeatures } from "./data";
import { studyLookAhead } from "./lookahead";
import { evaluationStart } from "./period";
import { studyProvenance } from "./provenance";
import { studySummary } from "./summary";
import { advPriceBasis } from "../../data/advBasis";
import { backtestWeights, referenceReturns, studyMarket, studyPortfolio, regimeOfReturns, studyCostSweep, studyVariants, studyVolatility } from "./trading";
import type { RunStudyOptions, StudyResult } from "./types";
import { compareStudyAlphas, studyAlphas, studyForests, studyRegimes } from "./walkForward";

/**
 * Run the whole study. `config` may be a partial study config (missing fields take the defaults)
 * or a parsed `StudyConfig`, e.g. `loadStudyConfig()`.
 * @example const study = await runStudy({}); study.summary.strategy.sharpe
 */
export async function runStudy(configInput: unknown = {}, { log = () => undefined, dataDir, panel: given, onProgress }: RunStudyOptions = {}): Promise<StudyResult> {
  const config = parseStudyConfig(configInput);
  const { timings, step } = stepTimer();
  const { panel, dataKey } = await step("data", () => loadStudyData(config, { log, dataDir, panel: given }));
  log(dataLine(panel));
  const references = referenceReturns(panel, config); // first: an unknown benchmark fails before the long steps

  const { features, target } = step("features", () => studyFeatures(panel, config));
  log(featuresLine(features));
  const regimeMemo = step("regimes", () => studyRegimes(panel, dataKey, config, { onFit: progressCallback("regimes: HMM refits", onProgress) }));
  const regimes = regimeMemo.value;
  log(`regimes: ${regimes.refitDays.length} walk-forward HMM refits${regimeMemo.hit ? " (from the memo)" : ""}`);
  const forestMemo = step("models", () => studyForests(features, target, regimes, dataKey, config, { onFold: progressCallback("models: forest refits", onProgress) }));
  const models = forestMemo.value.models;
  log(`models: ${models.folds.length} walk-forward refits${forestMemo.hit ? " (from the memo)" : ""}`);
  const alphas = studyAlphas(panel, forestMemo.value, config);
  const alphaComparison = compareStudyAlphas(alphas, target.values, panel, config);

  const volatility = studyVolatility(panel, config);
  const alpha = alphas[config.alpha];
  const advBasis = await step("advBasis", () => advPriceBasis(panel, { basis: config.backtest.advPriceBasis, dataDir }));
  const market = studyMarket(panel, advBasis);
  const portfolio = step("portfolio", () => studyPortfolio(market, alpha, volatility, config));
  const backtest = step("backtest", () => backtestWeights(market, portfolio.weights, volatility, config));
  const periodStart = evaluationStart(backtest);
  log(`backtest: trading from ${dayToIso(panel.dates[periodStart])}, ${panel.dates.length - periodStart} days`);
  const regimeOfReturn = regimeOfReturns(regimes.labels);
  const lookAhead = step("lookAhead", () => studyLookAhead(market, alpha, volatility, config, { periodStart, base: backtest }));
  const variants = step("variants", () => studyVariants(market, alphas, volatility, backtest, periodStart, config));
  const costSweep = step("costSweep", () => studyCostSweep(market, portfolio, backtest, volatility, periodStart, config));

  const run = { panel, target: target.values, alphas, regimes, portfolio, advBasis, backtest, periodStart, ...references, regimeOfReturn, variants };
  const summary = studySummary({ ...run, lookAhead: lookAhead.check, features: { computed: features.names.length, skipped: features.skipped.map((s) => ({ feature: s.name, reason: s.reason })) } }, config);
  log(`study: net Sharpe ${summary.strategy.sharpe.toFixed(2)}, look-ahead check ${summary.lookAhead.flagged ? "FLAGGED" : "passed"}`);
  return {
    ...run,
    config,
    provenance: studyProvenance(config, panel),
    featureNames: features.names,
    models,
    alphaComparison,
    volatility,
    laggedBacktest: lookAhead.lagged,
    costSweep,
    summary,
    curves: studyCurves(run, config),
    timings,
  };
}

/** Wall time of named steps, seconds; `step` awaits a promise before it stops the clock. */
function stepTimer(): { timings: Record<string, number>; step: <T>(name: string, f: () => T) => T } {
  const timings: Record<string, number> = {};
  const step = <T>(name: string, f: () => T): T => {
    const t0 = Date.now();
    const stop = () => (timings[name] = (Date.now() - t0) / 1000);
    const value = f();
    if (value instanceof Promise) return value.finally(stop) as T;
    stop();
    return value;
  };
  return { timings, step };
}

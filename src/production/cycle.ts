/**
 * The daily cycle's computation, and the reason the replay equals the backtest: it is the study's
 * own pipeline (features, walk-forward regimes, walk-forward forests, portfolio constructor,
 * backtest engine) run on the panel cut at the as-of day, so every value of day t is computed from
 * bars up to t only. What makes a day cheap is the registry: the regime fits and the alpha model
 * of earlier days are handed to the walk-forwards (`fittedModel`, `lastFoldOnly.storedModel`), so
 * a day without retraining runs the HMM forward pass and the forest prediction, and fits nothing.
 *
 * The book's state is the history of target weights: the backtest engine run over days 0..t on
 * (past targets | today's target) gives today's marked return, drift, trades and costs exactly as
 * the full backtest does (it is causal: nothing at or before t reads bars after t). Before the
 * first live day that history comes from the research walk-forward on bars up to the day before
 * (`bootstrapBook`), as a desk starts trading a model from its paper history.
 */
import type { DataPanel } from "../data/load";
import { panelGrid } from "../data/types";
import { panelWalkForwardRegimes, type WalkForwardRegimeFit } from "../regimes/walkForward";
import type { RegimeModel } from "../regimes/regimeModel";
import { walkForwardAlpha, type WalkForwardFold } from "../models/walkForward";
import type { AlphaModelFit } from "../models/alphaModel";
import { momentumAlpha } from "../models/evaluation";
import { betaPanel } from "../portfolio/beta";
import type { HeldWeights } from "../portfolio/betaFeedback";
import type { BacktestResult } from "../backtest/engine";
import type { StudyConfig } from "../study/config";
import { studyFeatures } from "../study/run/data";
import { backtestWeights, studyMarket, studyPortfolio, studyVolatility } from "../study/run/trading";
import { advPriceBasis } from "../data/advBasis";
import type { AdvPriceBasisName } from "../config/backtest";
import { memoized } from "../study/run/memo";

/**
 * The panel a cycle reads: the data panel and, per backtest.advPriceBasis a book uses, the closes
 * and volumes its ADV$ is valued at (`advPriceBasis`, computed once when the session opens), so the
 * cycle's costs are the study's.
 */
export type CyclePanel = DataPanel & { readonly advBases?: Readonly<Partial<Record<AdvPriceBasisName, { readonly close: Float64Array; readonly volume: Float64Array }>>> };

/** `advPriceBasis` of the panel under every basis the configs use, for `CyclePanel.advBases`. */
export async function cyclePanel(panel: DataPanel, configs: readonly StudyConfig[], dataDir?: string): Promise<CyclePanel> {
  const advBases: Partial<Record<AdvPriceBasisName, { close: Float64Array; volume: Float64Array }>> = {};
  for (const basis of new Set(configs.map((c) => c.backtest.advPriceBasis))) {
    const { close, volume } = await advPriceBasis(panel, { basis, dataDir });
    advBases[basis] = { close, volume };
  }
  return { ...panel, advBases };
}

/**
 * The first `days` sessions of a panel: every N x T field cut to N x days on the same tickers.
 * What a cycle as of day `days - 1` may see.
 * @throws when days is not in 1..T
 */
export function truncatePanel(panel: CyclePanel, days: number): CyclePanel {
  const T = panel.dates.length, N = panel.tickers.length;
  if (!Number.isInteger(days) || days < 1 || days > T) throw new Error(`truncatePanel: days must be a whole number in 1..${T} (got ${days})`);
  if (days === T) return panel;
  const cut = (v: Float64Array): Float64Array => {
    const out = new Float64Array(N * days);
    for (let j = 0; j < N; j++) out.set(v.subarray(j * T, j * T + days), j * days);
    return out;
  };
  return {
    ...panel,
    dates: panel.dates.slice(0, days),
    open: cut(panel.open),
    high: cut(panel.high),
    low: cut(panel.low),
    close: cut(panel.close),
    volume: cut(panel.volume),
    vwap: cut(panel.vwap),
    advBases: panel.advBases && Object.fromEntries(Object.entries(panel.advBases).map(([basis, a]) => [basis, { close: cut(a.close), volume: cut(a.volume) }])),
  };
}

/** The models a cycle may reuse: regime fits by refit day, the alpha model to forecast with. */
export interface CycleModels {
  /** The regime model fitted at this refit day (epoch day), when the registry has it. */
  regimeFit(refitDay: number): RegimeModel | undefined;
  /** The alpha model to forecast fold `fold` with (the champion), or undefined to train that fold now. */
  alphaModel(fold: number): AlphaModelFit | undefined;
  /** Regime probabilities of completed fits, kept across the days of one process on one panel. */
  readonly regimeFilteredCache?: Map<string, Float64Array>;
}

/** What a cycle computed for its as-of day, before the risk checks. */
export interface CycleForecast {
  /** The panel the cycle saw: cut at the as-of day (its last day). */
  readonly panel: DataPanel;
  /** Index of the as-of day: panel.dates.length - 1. */
  readonly t: number;
  /** Filtered regime probabilities of the as-of day (K values; NaN before the first fit). */
  readonly regimeProbabilities: Float64Array;
  /** Refit day of the regime model behind them (-1 before the first fit). */
  readonly regimeRefitDay: number;
  /** Regime fits made in this cycle (not found in the registry), to be registered. */
  readonly newRegimeFits: readonly WalkForwardRegimeFit[];
  /** Walk-forward fold forecasting the as-of day (-1 before the first). */
  readonly fold: number;
  /** The fold's first day: the day its model was (or is) trained, at the close (-1 without a fold). */
  readonly foldTestStart: number;
  /** True when the schedule trains a new model on this day. */
  readonly retrainingDay: boolean;
  /** The alpha model that forecast today, and whether this cycle fitted it. */
  readonly alphaModel: AlphaModelFit | null;
  readonly trainedNow: boolean;
  /** The fold record of a model trained now (windows, sizes, importances), else null. */
  readonly foldRecord: WalkForwardFold | null;
  /** Per ticker: the traded alpha of today (config.alpha), the regime-aware and overall forecasts. */
  readonly forecast: Float64Array;
  /** Per ticker: daily volatility and beta to the benchmark known today (beta NaN when not computed). */
  readonly volatility: Float64Array;
  readonly beta: Float64Array;
  /** Per ticker: the constructor's target weights of today. */
  readonly proposedTarget: Float64Array;
  /** Full-length features of the cut panel, for the day's monitoring (replay results drop them: about 30 MB a day). */
  readonly features?: { readonly names: readonly string[]; readonly values: readonly Float64Array[] };
  /** The walk-forward regimes' filtered probabilities, T x K row-major (for monitoring and the history). */
  readonly filtered: Float64Array;
  readonly nRegimes: number;
}

/** Column t of a ticker-major N x T array. */
export function dayColumn(values: ArrayLike<number>, N: number, T: number, t: number): Float64Array {
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) out[j] = values[j * T + t];
  return out;
}

/** The part of a day's forecast that does not depend on the portfolio: books trading the same forecasts share it. */
type CycleSignals = Omit<CycleForecast, "proposedTarget"> & { readonly alphaPanel: Float64Array };

/**
 * Today's forecast and target weights for the last day of `panel` (cut it first: `truncatePanel`),
 * from bars up to that day only, reusing the registry's fits through `models`. `shared` (a map and
 * this book's key for it) lets books whose forecasts are the same (same features, regimes,
 * walk-forward, alpha and models) compute them once. `heldWeights` (the journal's targets of the
 * days before) are what the beta feedback (`betaFeedbackDays`) measures the book on.
 */
export function forecastDay(
  panel: DataPanel,
  config: StudyConfig,
  models: CycleModels,
  shared?: { readonly cache: Map<string, unknown>; readonly key: string },
  heldWeights: HeldWeights | null = null,
): CycleForecast {
  const N = panel.tickers.length, T = panel.dates.length, t = T - 1;
  let signals = shared?.cache.get(shared.key) as CycleSignals | undefined;
  if (signals === undefined) {
    signals = forecastSignals(panel, config, models);
    shared?.cache.set(shared.key, signals);
  }
  const portfolio = studyPortfolio(panel, signals.alphaPanel, studyVolatility(panel, config), config, heldWeights);
  const { alphaPanel: _panel, ...rest } = signals;
  return { ...rest, proposedTarget: dayColumn(portfolio.weights, N, T, t) };
}

function forecastSignals(panel: DataPanel, config: StudyConfig, models: CycleModels): CycleSignals {
  const N = panel.tickers.length, T = panel.dates.length, t = T - 1;
  const { features, target } = studyFeatures(panel, config);
  const regimes = panelWalkForwardRegimes(panel, config.regimes, { fittedModel: (r) => models.regimeFit(panel.dates[r]), filteredCache: models.regimeFilteredCache });
  const K = regimes.nComponents;
  const newRegimeFits = regimes.fits.filter((f) => models.regimeFit(panel.dates[f.refitRow]) === undefined);
  const fitIndex = regimes.fitIndex[t];
  const wf = walkForwardAlpha(features, target, regimes.filtered, config.walkForward, { lastFoldOnly: { storedModel: (fold) => models.alphaModel(fold) } });
  const fold = wf.foldOfDay[t];
  const foldRecord = wf.folds.length > 0 ? wf.folds[wf.folds.length - 1] : null;
  const foldTestStart = fold < 0 ? -1 : (wf.foldOfDay.indexOf(fold) as number);
  const alphaPanel = tradedAlpha(panel, config, wf.alphaRegime ?? wf.alphaOverall, wf.alphaOverall);
  const volatility = studyVolatility(panel, config);
  const beta = betaPanel(panel.close, panel, { ...config.portfolio, benchmark: config.benchmark });
  return {
    panel,
    t,
    regimeProbabilities: regimes.filtered.slice(t * K, (t + 1) * K),
    regimeRefitDay: fitIndex < 0 ? -1 : panel.dates[regimes.fits[fitIndex].refitRow],
    newRegimeFits,
    fold,
    foldTestStart,
    retrainingDay: fold >= 0 && foldTestStart === t,
    alphaModel: wf.lastModel,
    trainedNow: foldRecord !== null,
    foldRecord,
    forecast: dayColumn(alphaPanel, N, T, t),
    volatility: dayColumn(volatility, N, T, t),
    beta: dayColumn(beta, N, T, t),
    features,
    filtered: regimes.filtered,
    nRegimes: K,
    alphaPanel,
  };
}

/** The alpha panel `config.alpha` names: a forest's forecast, or the momentum baseline. */
function tradedAlpha(panel: DataPanel, config: StudyConfig, regimeAware: Float64Array, overall: Float64Array): Float64Array {
  if (config.alpha === "regime-aware forest") return regimeAware;
  if (config.alpha === "overall forest") return overall;
  return momentumAlpha(panel.close, panelGrid(panel), { lookbackDays: config.momentumLookbackDays });
}

/** What the book did on the as-of day: the backtest engine's day t on (past targets | today's target). */
export interface SettledDay {
  readonly gross: number;
  readonly net: number;
  readonly cost: number;
  readonly commission: number;
  readonly spread: number;
  readonly impact: number;
  readonly turnover: number;
  readonly grossExposure: number;
  readonly netExposure: number;
  readonly rebalanced: boolean;
  /** Per ticker: positions after yesterday's close drifted to today's close (before trading). */
  readonly currentWeights: Float64Array;
  /** Per ticker: positions after today's trades (what earns tomorrow's return). */
  readonly positions: Float64Array;
  /** The whole backtest behind the day (for the day's monitoring); replay results drop it, so memory stays flat over a year. */
  readonly backtest?: BacktestResult;
}

/**
 * Settle day t = panel's last day: the backtest over days 0..t with the past targets (ticker-major
 * N x t) and today's target (N). The engine is the study's (`runBacktest` with the study's costs
 * and volatility), so every figure equals the backtest's for that day.
 */
export function settleDay(panel: CyclePanel, config: StudyConfig, pastTargets: Float64Array, target: ArrayLike<number>): SettledDay {
  const N = panel.tickers.length, T = panel.dates.length, t = T - 1;
  if (pastTargets.length !== N * t) throw new Error(`settleDay: past targets must be ${N} tickers x ${t} days (got ${pastTargets.length} values)`);
  const weights = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    weights.set(pastTargets.subarray(j * t, (j + 1) * t), j * T);
    weights[j * T + t] = target[j];
  }
  const volatility = studyVolatility(panel, config);
  const adv = panel.advBases?.[config.backtest.advPriceBasis];
  if (!adv) throw new Error(`settleDay: the panel has no ADV$ prices for backtest.advPriceBasis "${config.backtest.advPriceBasis}" (open it with cyclePanel)`);
  const bt = backtestWeights(studyMarket(panel, adv), weights, volatility, config); // the study's own backtest call: one computation
  const positions = dayColumn(bt.positions, N, T, t);
  const currentWeights = new Float64Array(N);
  if (t > 0) {
    // the engine's drift, in its order of operations (bit for bit): h_i = w_{t-1,i} (1 + R_{i,t}) / (1 + gross_t)
    const inverse = 1 / (1 + bt.grossReturn[t]);
    for (let j = 0; j < N; j++) {
      const w = bt.positions[j * T + t - 1];
      const c = panel.close[j * T + t];
      let last = NaN;
      for (let s = t - 1; s >= 0 && last !== last; s--) last = panel.close[j * T + s];
      const growth = c === c && last === last ? c / last : 1;
      currentWeights[j] = w * growth * inverse;
    }
  }
  return {
    gross: bt.grossReturn[t],
    net: bt.netReturn[t],
    cost: bt.totalCost[t],
    commission: bt.commissionCost[t],
    spread: bt.spreadCost[t],
    impact: bt.impactCost[t],
    turnover: bt.turnover[t],
    grossExposure: bt.grossExposure[t],
    netExposure: bt.netExposure[t],
    rebalanced: bt.rebalanced[t] === 1,
    currentWeights,
    positions,
    backtest: bt,
  };
}

/** The book before its first live day: targets of every earlier day, and the fits behind them. */
export interface BookBootstrap {
  /** Target weights of days 0..t-1, ticker-major N x t. */
  readonly targets: Float64Array;
  /** Every regime fit of the walk-forward on bars up to t - 1. */
  readonly regimeFits: readonly WalkForwardRegimeFit[];
  /** The last fold's model and record (null before the first fold). */
  readonly alphaModel: AlphaModelFit | null;
  readonly foldRecord: WalkForwardFold | null;
}

/**
 * The research walk-forward on bars up to day `days - 1` (the panel cut there): the target history
 * a book going live on day `days` starts from, with the fits to register. Memoised like the
 * study's steps (config.cache), keyed by the config and the cut panel's values.
 */
export function bootstrapBook(panel: DataPanel, days: number, config: StudyConfig, dataKey: string): BookBootstrap {
  const cut = truncatePanel(panel, days);
  // the walk-forwards are memoised apart from the portfolio: a challenger that only trades the
  // forecasts differently reuses them
  const key = { step: "bootstrap", features: config.features, regimes: config.regimes, walkForward: config.walkForward, data: dataKey };
  const wf = memoized("production-bootstrap", key, () => {
    const { features, target } = studyFeatures(cut, config);
    const regimes = panelWalkForwardRegimes(cut, config.regimes);
    const alpha = walkForwardAlpha(features, target, regimes.filtered, config.walkForward);
    return { alphaRegime: alpha.alphaRegime ?? alpha.alphaOverall, alphaOverall: alpha.alphaOverall, regimeFits: regimes.fits, alphaModel: alpha.lastModel, foldRecord: alpha.folds.length ? alpha.folds[alpha.folds.length - 1] : null };
  }, config.cache).value;
  const alpha = tradedAlpha(cut, config, wf.alphaRegime, wf.alphaOverall);
  const targets = studyPortfolio(cut, alpha, studyVolatility(cut, config), config).weights;
  return { targets, regimeFits: wf.regimeFits, alphaModel: wf.alphaModel, foldRecord: wf.foldRecord };
}

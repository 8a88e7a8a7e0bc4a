/**
 * Daily target weights from alpha scores: size each asset's position from its signal and its
 * risk, then project the whole cross-section onto the constraints at once (projection.ts).
 */
import { panelShape, type PanelGrid, type PanelShape } from "../data/types";
import { parsePortfolioConfig, type PortfolioConfig, type PortfolioConfigInput } from "../config/portfolio";
import { dayToIso } from "../util/dates";
import { simpleReturnsInto } from "../features/rolling";
import { PROJECTION_NET_BEYOND_CAPS, PROJECTION_NET_BEYOND_GROSS, PROJECTION_OK, PROJECTION_OK_GROSS_BINDING, PROJECTION_TOLERANCE, newProjectionState, projectInto, ProjectionLists } from "./projection";
import { DAY_BLOCK, gatherDayBlock, scatterDayBlock } from "./layout";
import { ledoitWolfInto } from "./covariance";
import { ERC_OK, EqualRiskContributionSolver } from "./riskParity";
import { EqualityProjector, describeEqualityFailure, PROJECTION_EQUALITIES_INCONSISTENT, PROJECTION_EQUALITIES_INFEASIBLE } from "./equalities";
import { BetaFeedback, type HeldWeights } from "./betaFeedback";

/** Options of `constructPortfolio`: a `PortfolioConfig` (every field optional) plus per-ticker caps. */
export type ConstructPortfolioOptions = PortfolioConfigInput & {
  /** One cap per ticker (length N), replacing `maxPosition` where given (NaN entries fall back to it). */
  maxPositionByTicker?: ArrayLike<number>;
  /** Daily closes, ticker-major N*T on the same grid: the returns of the "equalRiskContribution" scheme's covariance (other schemes ignore it). */
  close?: ArrayLike<number>;
  /**
   * Each ticker's beta to the benchmark on each day, ticker-major N*T like alpha (`betaPanel`, which
   * uses returns up to t only); needed when `betaNeutral` is on, ignored otherwise.
   */
  beta?: ArrayLike<number> | null;
  /** Ticker of the benchmark the betas are to: `betaFeedbackDays` measures the book's returns against its returns (needed then, ignored otherwise). */
  benchmark?: string;
  /**
   * `betaFeedbackDays`: the book's weights on days 0 .. days - 1 as they were held (production's
   * journal), measured instead of this run's own there; default: the run's own weights.
   */
  heldWeights?: HeldWeights | null;
};

/** What `constructPortfolio` reads of the grid: tickers and dates, and the asset classes for `groupNeutral: "assetClass"` (a Panel has them). */
export type PortfolioGrid = PanelGrid & { readonly assetClasses?: readonly string[] };

/** Target weights and how the constraints acted on each day. */
export interface PortfolioResult {
  readonly tickers: readonly string[];
  readonly dates: Int32Array;
  /** Target weights, ticker-major N*T (fractions of NAV; 0 = not held). */
  readonly weights: Float64Array;
  /** Per day: assets with a usable alpha (and volatility, or for equalRiskContribution a full covariance window, where the scheme needs it, and a beta under betaNeutral). */
  readonly tradeableCount: Int32Array;
  /** Per day: positions sitting at their cap. */
  readonly cappedCount: Int32Array;
  /** Per day: 1 when the gross limit binds, else 0. */
  readonly grossBinding: Uint8Array;
  /**
   * Per day: the beta the book was held at, sum w beta (0 unless `betaFeedbackDays` hedges the
   * book's realised beta; then -b(t), or 0 on a day that target was infeasible within the caps).
   */
  readonly betaTarget: Float64Array;
  /** Days whose feedback target was infeasible and held at beta 0 instead (with `betaFeedbackDays`). */
  readonly betaFeedbackFallbackDays: number;
  /** The config used, defaults filled. */
  readonly config: PortfolioConfig;
}

/** Raised when a day's constraints admit no weights; names the date and the numbers. */
export class PortfolioInfeasibleError extends Error {
  constructor(
    message: string,
    /** ISO date of the infeasible day; "" when the config itself is infeasible on every day. */
    readonly date: string,
  ) {
    super(message);
    this.name = "PortfolioInfeasibleError";
  }
}

/**
 * Target weights for every day from the alpha cross-section of that day.
 *
 * Per day t, over the tradeable assets (alpha finite, and volatility finite and > 0 for the
 * schemes that use it; the others get weight 0, i.e. not held):
 * - "zscore": z_i = (alpha_i - mean) / sd across assets (sample sd, n - 1), clipped to
 *   +-zScoreCap; raw_i = baseSize * z_i * referenceVolatilityDaily / sigma_i, or with sqrtZSizing
 *   baseSize * sign(z_i) sqrt(|z_i|) * referenceVolatilityDaily / sigma_i. A flat cross-section
 *   (sd = 0) carries no view: all raw weights 0.
 * - "topBottomK": +(G + s) / (2k) on the k highest alphas and -(G - s) / (2k) on the k lowest
 *   (k = topK, or floor(n / 2) when fewer assets trade; ties broken deterministically by ticker
 *   order), G = maxGross, s = netExposure (0 when free).
 * - "inverseVolatility": raw_i = sign(alpha_i) / sigma_i, scaled so that sum |raw| = maxGross.
 * - "equalRiskContribution": tradeable = alpha finite and `covarianceWindowDays` finite daily returns
 *   r_{t-W+1..t} (from `options.close`; volatility is not used and may be null). Long leg: alpha
 *   above the cross-sectional mean; short leg: below it (a flat cross-section: all 0). Per leg, the
 *   Ledoit-Wolf covariance (scaled-identity target, covariance.ts) of the leg's W x n_leg returns and
 *   its equal-risk-contribution weights e (riskParity.ts: e_i (Sigma e)_i equal, sum e = 1); raw =
 *   +(G + s) / 2 * e on the long leg, -(G - s) / 2 * e on the short leg (G = maxGross, s =
 *   netExposure, 0 when free). Risk contributions are equal within each leg (each leg's own
 *   variance; the cross-leg covariance is not equalised), exactly so until a cap binds.
 * Then the raw weights are projected onto { |w_i| <= cap_i, sum w = netExposure, sum |w| <= maxGross }
 * exactly (least-squares closest feasible weights; see projection.ts), so every cap, the gross limit
 * and the net target hold together, to 1e-12.
 * With `betaNeutral` the set also has sum_i w_i beta_i = 0 (beta from `options.beta`; assets
 * without a finite beta that day are not tradeable), or = -b(t) with `betaFeedbackDays` (the book's
 * realised beta beyond its ex-ante beta over the trailing days, from closes up to t; see
 * betaFeedback.ts: days then depend on the weights of earlier days), and with `groupNeutral` every group's weights
 * sum to 0; the projection is then equalities.ts's (same least-squares criterion, every constraint
 * together to 1e-12 times the row's largest coefficient). With both off, projection.ts's path runs
 * unchanged.
 *
 * Inputs are ticker-major N*T like the panel (`alpha[j * T + t]`); `volatility` is daily (a
 * fraction per day, e.g. `trailingVolatilityPanel`) and may be null for "topBottomK". Weights at t
 * use only inputs at t, so they carry whatever look-ahead the inputs carry and add none.
 * Days with fewer than `minAssets` tradeable assets are flat.
 * @throws PortfolioInfeasibleError naming the date when a day's request is infeasible
 *   (|netExposure| > maxGross, more net than the tradeable assets' caps allow, or a non-zero net
 *   that the beta and group equalities and the caps cannot all meet)
 * @example
 * // one day, alpha (2, 4, 6) -> z (-1, 0, 1); vol (1%, 2%, 2%); defaults (baseSize 5%, net 0)
 * constructPortfolio({ tickers: ["A", "B", "C"], dates: Int32Array.of(19000) }, [2, 4, 6], [0.01, 0.02, 0.02]).weights
 * // => [-0.041667, 0.008333, 0.033333]: raw (-0.05, 0, 0.025) shifted by 0.025 / 3 to net 0
 */
export function constructPortfolio(
  grid: PortfolioGrid,
  alpha: ArrayLike<number>,
  volatility: ArrayLike<number> | null,
  options: ConstructPortfolioOptions = {},
): PortfolioResult {
  const run = new PortfolioRun(grid, alpha, volatility, options);
  const { N, T } = run.shape;
  const weights = new Float64Array(N * T);
  for (let t0 = 0; t0 < T; t0 += DAY_BLOCK) {
    const count = Math.min(DAY_BLOCK, T - t0);
    run.block(t0, count);
    scatterDayBlock(run.day.blockWeights, run.shape, t0, count, weights);
  }
  const { tradeableCount, cappedCount, grossBinding, betaTarget, config } = run;
  return { tickers: grid.tickers, dates: grid.dates, weights, tradeableCount, cappedCount, grossBinding, betaTarget, betaFeedbackFallbackDays: run.betaFeedbackFallbackDays, config };
}

/**
 * constructPortfolio's work without the output panel: the checked inputs and config, the day
 * constructor, and the per-day counts, filled a block of DAY_BLOCK days at a time (`block`) into
 * `day.blockWeights` (day-major). Lets the batched backtest (src/backtest/variants.ts) feed each
 * block of weights straight to its day simulator, and share one gathered copy of the alpha block
 * between variants (`shareInputs`). Internal: not in the stage index.
 */
export class PortfolioRun {
  readonly config: PortfolioConfig;
  readonly shape: PanelShape;
  readonly day: DayConstructor;
  readonly tradeableCount: Int32Array;
  readonly cappedCount: Int32Array;
  readonly grossBinding: Uint8Array;
  readonly betaTarget: Float64Array;
  betaFeedbackFallbackDays = 0;
  /** The per-asset screen gathered beside alpha: volatility (finite, > 0), ERC's full-window mask (1 or NaN), or null. */
  readonly screen: ArrayLike<number> | null;
  private ownAlpha = true;
  private ownScreen = true;

  constructor(
    private readonly grid: PortfolioGrid,
    private readonly alpha: ArrayLike<number>,
    volatility: ArrayLike<number> | null,
    options: ConstructPortfolioOptions = {},
  ) {
    const { maxPositionByTicker, close, beta = null, benchmark, heldWeights = null, ...configInput } = options;
    const config = parsePortfolioConfig(configInput);
    this.config = config;
    const fn = "constructPortfolio";
    const shape = panelShape(alpha, grid, `${fn}: alpha`);
    this.shape = shape;
    const { N, T } = shape;
    const needsVol = config.scheme === "zscore" || config.scheme === "inverseVolatility";
    if (volatility === null && needsVol) throw new Error(`${fn}: scheme "${config.scheme}" needs volatility (got null)`);
    if (volatility !== null) panelShape(volatility, grid, `${fn}: volatility`);
    let erc: ErcInputs | null = null;
    if (config.scheme === "equalRiskContribution") {
      if (close === undefined) throw new Error(`${fn}: scheme "equalRiskContribution" needs options.close for the returns of its covariance`);
      panelShape(close, grid, `${fn}: close`);
      erc = ercInputs(close, shape, config.covarianceWindowDays);
    }
    const screen = erc !== null ? erc.fullWindow : needsVol ? volatility : null;
    this.screen = screen;
    if (config.netExposure !== null && Math.abs(config.netExposure) > config.maxGross) {
      throw new PortfolioInfeasibleError(`${fn}: netExposure ${config.netExposure} is beyond maxGross ${config.maxGross}; no weights satisfy both`, "");
    }
    const caps = new Float64Array(N).fill(config.maxPosition);
    if (maxPositionByTicker !== undefined) {
      if (maxPositionByTicker.length !== N) throw new Error(`${fn}: maxPositionByTicker has ${maxPositionByTicker.length} values for ${N} tickers`);
      for (let j = 0; j < N; j++) {
        const c = maxPositionByTicker[j];
        if (c !== c) continue;
        if (!(c >= 0)) throw new Error(`${fn}: maxPositionByTicker for ${grid.tickers[j]} must be >= 0 (got ${c})`);
        caps[j] = c;
      }
    }

    if (config.betaNeutral) {
      if (beta === null) throw new Error(`${fn}: betaNeutral needs options.beta (betaPanel of the closes against the benchmark)`);
      panelShape(beta, grid, `${fn}: beta`);
    }
    this.beta = beta;
    this.feedback = null;
    if (config.betaNeutral && config.betaFeedbackDays !== null) {
      if (close === undefined) throw new Error(`${fn}: betaFeedbackDays needs options.close (the returns the book earned)`);
      if (benchmark === undefined) throw new Error(`${fn}: betaFeedbackDays needs options.benchmark (the ticker the betas are to)`);
      panelShape(close, grid, `${fn}: close`);
      this.feedback = new BetaFeedback(close, beta!, grid, benchmark, config.betaFeedbackDays, heldWeights);
    }
    const groups = tickerGroups(grid, config.groupNeutral, fn);
    this.tradeableCount = new Int32Array(T);
    this.cappedCount = new Int32Array(T);
    this.grossBinding = new Uint8Array(T);
    this.betaTarget = new Float64Array(T);
    this.day = new DayConstructor(N, config, caps, screen !== null, erc, groups);
  }

  private readonly beta: ArrayLike<number> | null;
  private readonly feedback: BetaFeedback | null;

  /**
   * Read the alpha block (and the screen block, when this run's screen is `screen`) from `from`
   * instead of gathering its own: `from.day.blockAlpha` must hold the same days of the same alpha.
   */
  shareInputs(from: PortfolioRun): void {
    if (from.alpha !== this.alpha) throw new Error("PortfolioRun.shareInputs: the runs have different alpha panels");
    this.day.blockAlpha = from.day.blockAlpha;
    this.ownAlpha = false;
    if (this.screen !== null && this.screen === from.screen) {
      this.day.blockVol = from.day.blockVol;
      this.ownScreen = false;
    }
  }

  /** Construct days t0 .. t0 + count - 1 into day.blockWeights (rows k * N); throws PortfolioInfeasibleError naming the date. */
  block(t0: number, count: number): void {
    const { day, config, shape, grid } = this;
    const { N } = shape;
    const fn = "constructPortfolio";
    if (this.ownAlpha) gatherDayBlock(this.alpha, shape, t0, count, day.blockAlpha);
    if (this.screen !== null && this.ownScreen) gatherDayBlock(this.screen, shape, t0, count, day.blockVol);
    if (config.betaNeutral) gatherDayBlock(this.beta!, shape, t0, count, day.blockBeta);
    day.blockWeights.fill(0);
    for (let k = 0; k < count; k++) {
      const t = t0 + k;
      const target = this.feedback === null ? 0 : this.feedback.target(t);
      day.betaTarget = target;
      let code = day.construct(k * N, t);
      if (target !== 0 && (code === PROJECTION_EQUALITIES_INFEASIBLE || code === PROJECTION_EQUALITIES_INCONSISTENT)) {
        // the hedge is a correction: a day whose caps cannot carry it is held neutral instead, and counted
        day.betaTarget = 0;
        code = day.construct(k * N, t);
        this.betaFeedbackFallbackDays++;
      } else if (day.tradeable >= config.minAssets && day.tradeable > 0) {
        this.betaTarget[t] = target;
      }
      this.feedback?.record(day.blockWeights, k * N);
      this.tradeableCount[t] = day.tradeable;
      if (code === PROJECTION_NET_BEYOND_GROSS || code === PROJECTION_NET_BEYOND_CAPS) {
        const date = dayToIso(grid.dates[t]);
        const why =
          code === PROJECTION_NET_BEYOND_GROSS
            ? `netExposure ${config.netExposure} is beyond maxGross ${config.maxGross}`
            : `netExposure ${config.netExposure} needs |net| <= sum of caps, but the ${day.tradeable} tradeable assets allow ${day.sumCaps()}`;
        throw new PortfolioInfeasibleError(`${fn}: infeasible constraints on ${date}: ${why}`, date);
      }
      if (code === ERC_FAILED) throw new Error(`${fn}: the equal-risk-contribution solve failed on ${dayToIso(grid.dates[t])} (covariance not positive definite or no convergence)`);
      if (code !== PROJECTION_OK && code !== PROJECTION_OK_GROSS_BINDING) {
        const date = dayToIso(grid.dates[t]);
        const why = describeEqualityFailure(code, { netExposure: config.netExposure, maxGross: config.maxGross, beta: config.betaNeutral, groups: day.groupsToday() });
        throw new PortfolioInfeasibleError(`${fn}: infeasible constraints on ${date} (${day.tradeable} tradeable assets): ${why}`, date);
      }
      this.grossBinding[t] = code === PROJECTION_OK_GROSS_BINDING ? 1 : 0;
      this.cappedCount[t] = day.capped;
    }
  }
}

/** The equalRiskContribution scheme's inputs: daily returns and where a full window of them ends. */
interface ErcInputs {
  /** r_{j,t} = close_t / close_{t-1} - 1, ticker-major (NaN at t = 0 and around missing closes). */
  readonly returns: Float64Array;
  /** 1 where ticker j has `windowDays` finite returns through t, else NaN. */
  readonly fullWindow: Float64Array;
  readonly T: number;
  readonly windowDays: number;
}

function ercInputs(close: ArrayLike<number>, { N, T }: { N: number; T: number }, windowDays: number): ErcInputs {
  const prices = Float64Array.from(close);
  const returns = new Float64Array(N * T);
  const fullWindow = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    const base = j * T;
    simpleReturnsInto(prices.subarray(base, base + T), 1, returns.subarray(base, base + T));
    let run = 0; // consecutive finite returns ending at t
    for (let t = 0; t < T; t++) {
      run = Number.isFinite(returns[base + t]) ? run + 1 : 0;
      fullWindow[base + t] = run >= windowDays ? 1 : NaN;
    }
  }
  return { returns, fullWindow, T, windowDays };
}

/**
 * Group index of every ticker (-1: in no group) and the number of groups, from `groupNeutral`;
 * null when it is off.
 */
function tickerGroups(grid: PortfolioGrid, groupNeutral: PortfolioConfig["groupNeutral"], fn: string): { of: Int32Array; count: number } | null {
  if (groupNeutral === null) return null;
  let names: readonly (string | undefined)[];
  if (groupNeutral === "assetClass") {
    if (grid.assetClasses === undefined) throw new Error(`${fn}: groupNeutral "assetClass" needs the grid's assetClasses (pass the Panel)`);
    names = grid.assetClasses;
  } else {
    names = grid.tickers.map((t) => groupNeutral[t]);
  }
  const index = new Map<string, number>();
  const of = new Int32Array(grid.tickers.length).fill(-1);
  names.forEach((name, j) => {
    if (name === undefined) return;
    if (!index.has(name)) index.set(name, index.size);
    of[j] = index.get(name)!;
  });
  return { of, count: index.size };
}


const SCHEME_ZSCORE = 0, SCHEME_INVERSE_VOLATILITY = 1, SCHEME_TOP_BOTTOM_K = 2, SCHEME_ERC = 3;
/** `DayConstructor.construct`'s code when a leg's ERC solve fails (beside the PROJECTION_* codes). */
const ERC_FAILED = -1;

/**
 * One day's construction on day-major block rows, with every buffer allocated once. A class with
 * plain fields keeps the hot code in one small, stable, optimisable method (a long loop inside
 * `constructPortfolio` itself would be recompiled on every call); config fields are read into
 * fields up front for the same reason.
 */
class DayConstructor {
  /** Day-major copies of DAY_BLOCK days (layout.ts): inputs and the weights written back (the inputs may be another run's, see PortfolioRun.shareInputs). */
  blockAlpha: Float64Array;
  blockVol: Float64Array;
  readonly blockWeights: Float64Array;
  readonly blockBeta: Float64Array;
  /** The beta row's right-hand side of the next `construct` call (0: neutral). */
  betaTarget = 0;
  /** Results of the last `construct` call. */
  tradeable = 0;
  capped = 0;
  private readonly index: Int32Array;
  private readonly a: Float64Array;
  private readonly sigma: Float64Array;
  private readonly raw: Float64Array;
  private readonly cap: Float64Array;
  private readonly w: Float64Array;
  private readonly scratch: Float64Array;
  private readonly order: Float64Array;
  /** The day's caps and asset indices: the compacted copies, or the constant ones when every asset trades. */
  private dayCap: Float64Array;
  private dayIndex: Int32Array;
  private readonly identity: Int32Array;
  private readonly capsSum: number;
  private readonly capsMax: number;
  private readonly alphaRows: Float64Array[] = [];
  private readonly volRows: Float64Array[] = [];
  private readonly projection = newProjectionState(); // yesterday's thresholds start today's solve
  private readonly projectionLists = new ProjectionLists();
  private readonly scheme: number;
  private readonly net: number;
  private readonly maxGross: number;
  private readonly sizeScale: number;
  private readonly zCap: number;
  private readonly sqrtZSizing: boolean;
  /** equalRiskContribution: returns window (W x n_leg), its covariance, one leg's members and ERC weights. */
  private readonly ercSample: Float64Array;
  private readonly ercCov: Float64Array;
  private readonly ercLeg: Int32Array;
  private readonly ercWeights: Float64Array;
  private readonly ercSolver: EqualRiskContributionSolver | null;
  private readonly topK: number;
  private readonly minAssets: number;
  // beta and group neutrality (equalities.ts); `neutral` false keeps projection.ts's path
  private readonly neutral: boolean;
  private readonly betaNeutral: boolean;
  private readonly beta: Float64Array;
  private readonly groupOf: Int32Array;
  private readonly groupCount: number;
  private readonly groupUsed: Int32Array;
  private readonly rows: Float64Array;
  private readonly rhs: Float64Array;
  private readonly equalities = new EqualityProjector();

  constructor(
    private readonly N: number,
    config: PortfolioConfig,
    private readonly caps: Float64Array,
    private readonly needsVol: boolean,
    private readonly erc: ErcInputs | null,
    groups: { of: Int32Array; count: number } | null,
  ) {
    this.blockAlpha = new Float64Array(DAY_BLOCK * N);
    this.blockVol = new Float64Array(needsVol ? DAY_BLOCK * N : 0);
    this.blockWeights = new Float64Array(DAY_BLOCK * N);
    this.index = new Int32Array(N);
    this.a = new Float64Array(N);
    this.sigma = new Float64Array(N);
    this.raw = new Float64Array(N);
    this.cap = new Float64Array(N);
    this.dayCap = this.cap;
    this.dayIndex = this.index;
    this.identity = Int32Array.from({ length: N }, (_, j) => j);
    // what projectInto's stats pass would find for the caps of a day on which every asset trades
    let capsSum = 0, capsMax = 0;
    for (let j = 0; j < N; j++) {
      capsSum += caps[j];
      capsMax = Math.max(capsMax, caps[j]);
    }
    this.capsSum = capsSum;
    this.capsMax = capsMax;
    this.w = new Float64Array(N);
    this.scratch = new Float64Array(N);
    this.order = new Float64Array(needsVol ? 0 : N);
    this.scheme =
      config.scheme === "zscore" ? SCHEME_ZSCORE : config.scheme === "inverseVolatility" ? SCHEME_INVERSE_VOLATILITY : config.scheme === "topBottomK" ? SCHEME_TOP_BOTTOM_K : SCHEME_ERC;
    this.net = config.netExposure === null ? NaN : config.netExposure;
    this.maxGross = config.maxGross;
    this.sizeScale = config.baseSize * config.referenceVolatilityDaily;
    this.zCap = config.zScoreCap;
    this.sqrtZSizing = config.sqrtZSizing;
    const ercN = erc === null ? 0 : N;
    this.ercSample = new Float64Array(erc === null ? 0 : erc.windowDays * N);
    this.ercCov = new Float64Array(ercN * ercN);
    this.ercLeg = new Int32Array(ercN);
    this.ercWeights = new Float64Array(ercN);
    this.ercSolver = erc === null ? null : new EqualRiskContributionSolver(N);
    this.topK = config.topK;
    this.minAssets = config.minAssets;
    this.betaNeutral = config.betaNeutral;
    this.neutral = config.betaNeutral || groups !== null;
    this.blockBeta = new Float64Array(config.betaNeutral ? DAY_BLOCK * N : 0);
    this.beta = new Float64Array(config.betaNeutral ? N : 0);
    this.groupOf = groups === null ? new Int32Array(0) : groups.of;
    this.groupCount = groups === null ? 0 : groups.count;
    this.groupUsed = new Int32Array(this.groupCount);
    const maxRows = 2 + this.groupCount;
    this.rows = new Float64Array(this.neutral ? maxRows * N : 0);
    this.rhs = new Float64Array(this.neutral ? maxRows : 0);
  }

  /** Groups with a tradeable asset on the last day (for error messages). */
  groupsToday(): number {
    let count = 0;
    for (let g = 0; g < this.groupCount; g++) count += +(this.groupUsed[g] > 0);
    return count;
  }

  /** Sum of the caps of the last day's tradeable assets (for error messages). */
  sumCaps(): number {
    let sum = 0;
    for (let m = 0; m < this.tradeable; m++) sum += this.dayCap[m];
    return sum;
  }

  /**
   * Whether every asset of block row `row` is tradeable (finite alpha, and volatility finite and >
   * 0 where the scheme needs it): then the day's cross-section is the block row itself, in order,
   * and `construct` reads it there instead of copying it. Sums alpha - alpha_0 and its squares
   * into rowSum and rowSumSquares on the way (construct's sums, when every asset trades).
   */
  private allTradeable(row: number): boolean {
    const { N, blockAlpha, blockVol, needsVol } = this;
    let ok = 1, sum = 0, sumSquares = 0;
    const shift = blockAlpha[row];
    for (let j = 0; j < N; j++) {
      const al = blockAlpha[row + j];
      ok &= +(al - al === 0); // finite
      if (needsVol) {
        const s = blockVol[row + j];
        ok &= +(s > 0) & +(s !== Infinity);
      }
      const d = al - shift;
      sum += d;
      sumSquares += d * d;
    }
    this.rowSum = sum;
    this.rowSumSquares = sumSquares;
    return ok === 1;
  }

  private rowSum = 0;
  private rowSumSquares = 0;

  /** The block row `k` of `block` as an array of its own (views made once per block buffer). */
  private rowOf(block: Float64Array, views: Float64Array[], k: number): Float64Array {
    if (views.length === 0 || views[0].buffer !== block.buffer) {
      views.length = 0;
      for (let r = 0; r < DAY_BLOCK; r++) views.push(block.subarray(r * this.N, (r + 1) * this.N));
    }
    return views[k];
  }

  /** Weights of day `t` (block row `row`) into blockWeights (left at 0 when flat); returns a PROJECTION_* code or ERC_FAILED. */
  construct(row: number, t: number): number {
    const { N, blockAlpha, blockVol, needsVol, raw, caps, w } = this;
    let { index, a, sigma, cap } = this;
    // the tradeable cross-section, with sum and sum of squares of alpha shifted by the first
    // value (shifting keeps the one-pass variance accurate when the mean is large)
    let n = 0, shift = NaN, sum = 0, sumSquares = 0;
    if (!this.neutral && this.scheme !== SCHEME_ERC && this.allTradeable(row)) {
      // every asset trades (the usual day): the same sums over the block row, which is the cross-section
      const k = row / N;
      a = this.rowOf(blockAlpha, this.alphaRows, k);
      if (needsVol) sigma = this.rowOf(blockVol, this.volRows, k);
      cap = caps;
      index = this.identity;
      shift = a[0];
      sum = this.rowSum;
      sumSquares = this.rowSumSquares;
      n = N;
    } else {
      for (let j = 0; j < N; j++) {
        const al = blockAlpha[row + j];
        if (al !== al || al === Infinity || al === -Infinity) continue;
        let s = 1;
        if (needsVol) {
          s = blockVol[row + j];
          if (!(s > 0) || s === Infinity) continue;
        }
        if (this.betaNeutral) {
          const b = this.blockBeta[row + j];
          if (b !== b || b === Infinity || b === -Infinity) continue;
          this.beta[n] = b;
        }
        if (n === 0) shift = al;
        const d = al - shift;
        sum += d;
        sumSquares += d * d;
        index[n] = j;
        a[n] = al;
        sigma[n] = s;
        cap[n] = caps[j];
        n++;
      }
    }
    this.dayCap = cap;
    this.dayIndex = index;
    this.projectionLists.capsSum = cap === caps ? this.capsSum : NaN;
    this.projectionLists.capsMax = cap === caps ? this.capsMax : NaN;
    this.tradeable = n;
    this.capped = 0;
    if (n < this.minAssets || n === 0) return PROJECTION_OK;

    if (this.scheme === SCHEME_ZSCORE) {
      const mean = shift + sum / n;
      const sd = Math.sqrt(n > 1 ? Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) : 0);
      const zCap = this.zCap;
      // sd relative to the level guards against a "flat" cross-section that differs only by rounding
      if (!(sd > 1e-12 * Math.abs(mean) && sd > 0)) {
        for (let m = 0; m < n; m++) raw[m] = 0;
      } else if (this.sqrtZSizing) {
        for (let m = 0; m < n; m++) {
          let z = (a[m] - mean) / sd;
          z = z > zCap ? zCap : z < -zCap ? -zCap : z;
          raw[m] = (this.sizeScale * (z < 0 ? -Math.sqrt(-z) : Math.sqrt(z))) / sigma[m];
        }
      } else {
        const scale = this.sizeScale / sd;
        const zScaledCap = zCap * sd;
        for (let m = 0; m < n; m++) {
          // z = clip((a - mean) / sd, +-zCap); raw = sizeScale * z / sigma, with the divisions folded
          let d = a[m] - mean;
          d = d > zScaledCap ? zScaledCap : d < -zScaledCap ? -zScaledCap : d;
          raw[m] = (scale * d) / sigma[m];
        }
      }
    } else if (this.scheme === SCHEME_INVERSE_VOLATILITY) {
      let sumInv = 0;
      for (let m = 0; m < n; m++) if (a[m] !== 0) sumInv += 1 / sigma[m];
      for (let m = 0; m < n; m++) raw[m] = a[m] === 0 ? 0 : ((a[m] > 0 ? 1 : -1) * this.maxGross) / (sigma[m] * sumInv);
    } else if (this.scheme === SCHEME_ERC) {
      const mean = shift + sum / n;
      const sd = Math.sqrt(n > 1 ? Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) : 0);
      for (let m = 0; m < n; m++) raw[m] = 0;
      if (sd > 1e-12 * Math.abs(mean) && sd > 0) {
        const net = this.net === this.net ? this.net : 0;
        if (!this.ercLegInto(n, mean, 1, (this.maxGross + net) / 2, t) || !this.ercLegInto(n, mean, -1, (this.maxGross - net) / 2, t)) return ERC_FAILED;
      }
    } else {
      const net = this.net;
      topBottomK(a, n, Math.min(this.topK, Math.floor(n / 2)), net === net ? net : 0, this.maxGross, raw, this.order);
    }

    const code = this.neutral ? this.projectNeutral(n) : projectInto(raw, cap, n, this.net, this.maxGross, w, this.scratch, this.projection, this.projectionLists);
    if (code === PROJECTION_NET_BEYOND_GROSS || code === PROJECTION_NET_BEYOND_CAPS) return code;
    const blockWeights = this.blockWeights;
    let capped = 0;
    const lists = this.projectionLists;
    if (!this.neutral && lists.sparse) {
      // only the books' listed entries were written; the rest are +0, as the block already is
      capped += this.writeListed(row, lists.long.even, lists.long.evenCount, 1);
      capped += this.writeListed(row, lists.long.odd, lists.long.oddCount, 1);
      capped += this.writeListed(row, lists.short.even, lists.short.evenCount, -1);
      capped += this.writeListed(row, lists.short.odd, lists.short.oddCount, -1);
    } else {
      for (let m = 0; m < n; m++) {
        const wm = w[m];
        capped += +(wm !== 0) & (+(wm >= cap[m]) | +(wm <= -cap[m]));
        blockWeights[row + index[m]] = wm;
      }
    }
    this.capped = capped;
    return code;
  }

  /**
   * Block row `row` from the weights w[list[k]] on the book's side (sign 1: longs, -1: shorts; an
   * asset listed in both books is written and counted once); returns how many sit at their cap.
   */
  private writeListed(row: number, list: Int32Array, count: number, sign: number): number {
    const { w, dayCap: cap, dayIndex: index, blockWeights } = this;
    let capped = 0;
    for (let k = 0; k < count; k++) {
      const m = list[k];
      const wm = w[m];
      if (wm * sign > 0) {
        capped += +(wm >= cap[m]) | +(wm <= -cap[m]);
        blockWeights[row + index[m]] = wm;
      }
    }
    return capped;
  }

  /**
   * One ERC leg of day t into raw: the tradeable assets m with sign(a_m - mean) = side get
   * side * legGross * e, e the ERC weights of the Ledoit-Wolf covariance of their last W returns.
   * @returns false when the solve fails
   */
  private ercLegInto(n: number, mean: number, side: number, legGross: number, t: number): boolean {
    const { a, raw, index, ercLeg, ercSample, ercCov, ercWeights } = this;
    const { returns, T, windowDays: W } = this.erc!;
    let k = 0;
    for (let m = 0; m < n; m++) if ((a[m] - mean) * side > 0) ercLeg[k++] = m;
    if (k === 0) return true;
    if (k === 1) {
      raw[ercLeg[0]] = side * legGross;
      return true;
    }
    // W x k sample, row-major: day t - W + 1 + o, leg member i
    for (let i = 0; i < k; i++) {
      const from = index[ercLeg[i]] * T + t - W + 1;
      for (let o = 0; o < W; o++) ercSample[o * k + i] = returns[from + o];
    }
    ledoitWolfInto(ercSample, W, k, ercCov);
    if (this.ercSolver!.solve(ercCov, k, ercWeights, 1e-12, 100) !== ERC_OK) return false;
    for (let i = 0; i < k; i++) raw[ercLeg[i]] = side * legGross * ercWeights[i];
    return true;
  }

  /** The day's projection with the beta and group equalities (equalities.ts): rows 1 (net), beta, one per group. */
  private projectNeutral(n: number): number {
    const { rows, rhs, raw, cap, w, index, groupOf, groupUsed } = this;
    const net = this.net;
    let k = 0;
    if (net === net) {
      let sumCaps = 0;
      for (let m = 0; m < n; m++) sumCaps += cap[m];
      if (Math.abs(net) > this.maxGross + PROJECTION_TOLERANCE) return PROJECTION_NET_BEYOND_GROSS;
      if (Math.abs(net) > sumCaps + PROJECTION_TOLERANCE) return PROJECTION_NET_BEYOND_CAPS;
      rows.fill(1, 0, n);
      rhs[k++] = net;
    }
    if (this.betaNeutral) {
      const beta = this.beta, at = k * n;
      for (let m = 0; m < n; m++) rows[at + m] = beta[m];
      rhs[k++] = this.betaTarget;
    }
    groupUsed.fill(0);
    if (this.groupCount > 0) {
      for (let m = 0; m < n; m++) if (groupOf[index[m]] >= 0) groupUsed[groupOf[index[m]]]++;
      for (let g = 0; g < this.groupCount; g++) {
        if (groupUsed[g] === 0) continue;
        for (let m = 0; m < n; m++) rows[k * n + m] = groupOf[index[m]] === g ? 1 : 0;
        rhs[k++] = 0;
      }
    }
    return this.equalities.project(raw, cap, n, rows, rhs, k, this.maxGross, w);
  }
}

/**
 * Equal-weight long-short legs: the k highest of a[0..n) get +(G + s) / (2k), the k lowest
 * -(G - s) / (2k), the rest 0. `keys` is scratch of length >= n. Ties are ordered by index.
 */
function topBottomK(a: Float64Array, n: number, k: number, s: number, G: number, raw: Float64Array, keys: Float64Array): void {
  for (let i = 0; i < n; i++) raw[i] = 0;
  if (k <= 0) return;
  // positions sorted by (alpha, index): deterministic under ties
  const idx = keys.subarray(0, n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((x, y) => a[x] - a[y] || x - y);
  const longEach = (G + s) / (2 * k);
  const shortEach = (G - s) / (2 * k);
  for (let r = 0; r < k; r++) {
    raw[idx[r]] = -shortEach; // lowest alphas
    raw[idx[n - 1 - r]] = longEach; // highest alphas
  }
}

/**
 * The original design's shape as a class: `new PortfolioConstructor(config).construct(grid, alpha, volatility)`.
 * A thin wrapper over `constructPortfolio` for users who expect an object.
 */
export class PortfolioConstructor {
  readonly config: PortfolioConfig;
  constructor(
    config: PortfolioConfigInput = {},
    private readonly maxPositionByTicker?: ArrayLike<number>,
  ) {
    this.config = parsePortfolioConfig(config);
  }

  /** Target weights for every day; see `constructPortfolio` (`close` for the equalRiskContribution scheme, `beta` for betaNeutral). */
  construct(
    grid: PortfolioGrid,
    alpha: ArrayLike<number>,
    volatility: ArrayLike<number> | null,
    { close, beta = null }: { close?: ArrayLike<number>; beta?: ArrayLike<number> | null } = {},
  ): PortfolioResult {
    return constructPortfolio(grid, alpha, volatility, { ...this.config, maxPositionByTicker: this.maxPositionByTicker, close, beta });
  }
}

/**
 * The daily close-to-close backtest of target weights, with drift, trading costs, a rebalance
 * schedule and a no-trade band.
 */
import { panelShape, type PanelGrid, type PanelShape } from "../data/types";
import { parseBacktestConfig, type BacktestConfig, type BacktestConfigInput } from "../config/backtest";
import { trailingVolatilityPanel } from "../portfolio/volatility";
import { DAY_BLOCK, gatherDayBlock, scatterDayBlock } from "../portfolio/layout";
import { dayToIso } from "../util/dates";

/** What the backtest reads from the market: its grid, close (and volume for the sqrtAdv impact). A `Panel` fits. */
export type BacktestMarket = PanelGrid & {
  /** Closes, ticker-major N*T on the grid; NaN where there is no bar. */
  readonly close: ArrayLike<number>;
  /** Shares traded per day, ticker-major N*T; needed for ADV$ by the "sqrtAdv" impact model. */
  readonly volume?: ArrayLike<number>;
  /**
   * Closes and volumes ADV$ is priced from instead of close and volume (both or neither), e.g.
   * split-only bars beside total-return closes (`backtest.advPriceBasis` of a study).
   */
  readonly advClose?: ArrayLike<number>;
  readonly advVolume?: ArrayLike<number>;
};

/** Options of `runBacktest`: a `BacktestConfig` (every field optional) plus market inputs. */
export type BacktestOptions = BacktestConfigInput & {
  /**
   * Daily volatility per ticker and day (N*T, fraction per day, known at the close of t) for the
   * sqrtAdv impact; default: `trailingVolatilityPanel(close, market, { windowDays: impactVolWindowDays })`.
   */
  volatility?: ArrayLike<number>;
};

/** Per-day outcome of a backtest; every per-day array has one value per date. */
export interface BacktestResult {
  readonly tickers: readonly string[];
  readonly dates: Int32Array;
  /** Return of day t from the positions held since the close of t - 1: sum_i w_{t-1,i} R_{i,t}. 0 on day 0 and while nothing is held. */
  readonly grossReturn: Float64Array;
  /** grossReturn - totalCost (costs of the trades at the close of day t). */
  readonly netReturn: Float64Array;
  /** Commission of the trades at the close of t, fraction of NAV. */
  readonly commissionCost: Float64Array;
  /** Half-spread cost of the trades at the close of t, fraction of NAV. */
  readonly spreadCost: Float64Array;
  /** Market impact cost of the trades at the close of t, fraction of NAV. */
  readonly impactCost: Float64Array;
  /** commission + spread + impact. */
  readonly totalCost: Float64Array;
  /** One-way turnover at the close of t: sum_i |trade_i|, fraction of NAV. */
  readonly turnover: Float64Array;
  /** sum_i |w_i| of the positions after the close of t. */
  readonly grossExposure: Float64Array;
  /** sum_i w_i of the positions after the close of t. */
  readonly netExposure: Float64Array;
  /** Net asset value, 1 before day 0: nav_t = nav_{t-1} * (1 + netReturn_t). */
  readonly nav: Float64Array;
  /** 1 on the days the schedule allowed trading, else 0. */
  readonly rebalanced: Uint8Array;
  /** Weights held after the close of t (ticker-major N*T): what earns the return of t + 1. */
  readonly positions: Float64Array;
  /** Trades that could not be done because the asset had no price that day (its position carried). */
  readonly blockedTrades: number;
  /**
   * Index of the first day that ends with a position (grossExposure > 0), -1 if none. Days before it
   * return exactly 0; slice the per-day series from here when a statistic should not count the
   * warm-up (e.g. a Sharpe ratio over the trading period only).
   */
  readonly firstPositionIndex: number;
  /** The config used, defaults filled. */
  readonly config: BacktestConfig;
}

/**
 * Backtest target weights (ticker-major N*T, fractions of NAV; NaN = 0 = not held) on daily closes.
 *
 * Timing: the weights of day t are decided with information up to the close of t and traded at
 * that close; they earn the close-to-close return from t to t + 1. Per day t:
 * 1. Mark: R_{i,t} = close_{i,t} / close_{i,t-1} - 1; gross_t = sum_i w_{t-1,i} R_{i,t}, where
 *    w_{t-1} are the positions after the previous close (none on day 0, so gross_0 = 0).
 * 2. Drift: the positions become h_{t,i} = w_{t-1,i} (1 + R_{i,t}) / (1 + gross_t), their share of
 *    the marked NAV (cash, long and short alike: a short's liability grows with its price).
 * 3. Trade (on rebalance days, t % rebalanceEveryDays === rebalanceOffsetDays): trade_i =
 *    target_{t,i} - h_{t,i}, skipped when |trade_i| <= noTradeBand (the position drifts on).
 *    Costs per asset as in costs.ts: (commissionBps + halfSpreadBps) * 1e-4 * |trade| plus impact,
 *    sqrtAdv: |trade| * Y * sigma_{i,t} * sqrt(|trade| * portfolioNotionalUsd / ADV$_{i,t}), with
 *    ADV$ the mean of close * volume over the `advWindowDays` days up to t and sigma the daily
 *    volatility at t (with impactInputTiming "priorDay": both as of t - 1, known before the trade).
 *    turnover_t = sum_i |trade_i|.
 * 4. net_t = gross_t - cost_t; nav_t = nav_{t-1} (1 + net_t).
 * Accounting convention: targets, trades and costs are fractions of the NAV marked at the close of t;
 * the costs are paid from cash there, and the small effect of that payment on the next day's exposure
 * (cost_t * gross_{t+1}, about 1e-6 a day) is neglected, as weight-based backtests do. The notional
 * used for ADV$ shares is constant (P&L is assumed swept out or in).
 *
 * Missing data: a NaN close means no bar; the asset is marked at its last price (R = 0 that day, the
 * move is taken when the next bar arrives) and cannot trade that day (the trade is counted in
 * `blockedTrades` and the position carries; a position in an asset whose bars stop for good stays
 * at its last price). Nothing at or before t depends on bars after t.
 * @throws when shapes disagree, a close is <= 0, sqrtAdv lacks volume, ADV$ or volatility for a
 *   trade (naming ticker and date), or the NAV is wiped out (1 + gross <= 0)
 */
export function runBacktest(market: BacktestMarket, weights: ArrayLike<number>, options: BacktestOptions = {}): BacktestResult {
  const run = new BacktestRun(market, options);
  const fn = "runBacktest";
  panelShape(weights, market, `${fn}: weights`);
  const { shape } = run;
  const { N, T } = shape;
  const positions = new Float64Array(N * T);
  for (let t0 = 0; t0 < T; t0 += DAY_BLOCK) {
    const count = Math.min(DAY_BLOCK, T - t0);
    gatherDayBlock(weights, shape, t0, count, run.day.blockTarget);
    run.block(t0, count);
    scatterDayBlock(run.day.blockPositions, shape, t0, count, positions);
  }
  return run.result(positions);
}

/**
 * runBacktest's work without the weight and position panels: the checked market and config, the
 * day simulator, and the per-day series, filled a block of DAY_BLOCK days at a time (`block`) from
 * the day-major targets in `day.blockTarget`. Lets the batched backtest (./variants) point each
 * run's targets at a constructor's block of weights and share one gathered block of closes
 * (`shareCloses`). Internal: not in the stage index.
 */
export class BacktestRun {
  readonly config: BacktestConfig;
  readonly shape: PanelShape;
  readonly day: DaySimulator;
  readonly grossReturn: Float64Array;
  readonly netReturn: Float64Array;
  readonly commissionCost: Float64Array;
  readonly spreadCost: Float64Array;
  readonly impactCost: Float64Array;
  readonly totalCost: Float64Array;
  readonly turnover: Float64Array;
  readonly grossExposure: Float64Array;
  readonly netExposure: Float64Array;
  readonly nav: Float64Array;
  readonly rebalanced: Uint8Array;
  private readonly impactInputs: SqrtImpactInputs | null;
  private readonly volatilityInput: ArrayLike<number> | undefined;
  private readonly commissionRate: number;
  private readonly spreadRate: number;
  private navLevel = 1;
  private ownCloses = true;
  private ownImpactScale = true;

  constructor(
    private readonly market: BacktestMarket,
    options: BacktestOptions = {},
  ) {
    const { volatility: volatilityInput, ...configInput } = options;
    const config = parseBacktestConfig(configInput);
    this.config = config;
    this.volatilityInput = volatilityInput;
    const shape = panelShape(market.close, market, "runBacktest: close");
    this.shape = shape;
    const { N, T } = shape;
    this.commissionRate = config.commissionBps * 1e-4;
    this.spreadRate = config.halfSpreadBps * 1e-4;
    // sqrtAdv: impact_i = |d| * scale_{i,t} * sqrt(|d|), scale = Y * sigma * sqrt(notional / ADV$), NaN when unknown
    this.impactInputs = config.impactModel === "sqrtAdv" && config.impactCoefficient > 0 ? sqrtImpactInputs(market, config, volatilityInput) : null;
    this.grossReturn = new Float64Array(T);
    this.netReturn = new Float64Array(T);
    this.commissionCost = new Float64Array(T);
    this.spreadCost = new Float64Array(T);
    this.impactCost = new Float64Array(T);
    this.totalCost = new Float64Array(T);
    this.turnover = new Float64Array(T);
    this.grossExposure = new Float64Array(T);
    this.netExposure = new Float64Array(T);
    this.nav = new Float64Array(T);
    this.rebalanced = new Uint8Array(T);
    this.day = new DaySimulator(N, config, this.impactInputs !== null);
  }

  /** Read the block of closes from `from` (same market) instead of gathering its own; `from` must run each block first. */
  shareCloses(from: BacktestRun): void {
    if (from.market.close !== this.market.close) throw new Error("BacktestRun.shareCloses: the runs have different closes");
    this.day.blockClose = from.day.blockClose;
    this.ownCloses = false;
  }

  /**
   * Read the block of sqrtAdv impact scales from `from` when both compute the same ones (same
   * market, ADV and volatility windows, coefficient, notional, timing and volatility input) and
   * `from` fills its own; `from` must run each block first.
   * @returns whether it shares them
   */
  shareImpactScale(from: BacktestRun): boolean {
    const a = this.config, b = from.config;
    if (
      from.market === this.market &&
      from.ownImpactScale &&
      this.impactInputs !== null &&
      from.impactInputs !== null &&
      this.volatilityInput === from.volatilityInput &&
      a.advWindowDays === b.advWindowDays &&
      a.impactVolWindowDays === b.impactVolWindowDays &&
      a.impactCoefficient === b.impactCoefficient &&
      a.portfolioNotionalUsd === b.portfolioNotionalUsd &&
      a.impactInputTiming === b.impactInputTiming
    ) {
      this.day.blockScale = from.day.blockScale;
      this.ownImpactScale = false;
    }
    return !this.ownImpactScale;
  }

  /** Simulate days t0 .. t0 + count - 1 from the targets in day.blockTarget; throws naming the ticker and date. */
  block(t0: number, count: number): void {
    const { day, shape, market, config } = this;
    const { N } = shape;
    const fn = "runBacktest";
    const every = config.rebalanceEveryDays;
    const offset = config.rebalanceOffsetDays;
    if (this.ownCloses) gatherDayBlock(market.close, shape, t0, count, day.blockClose);
    if (this.impactInputs !== null && this.ownImpactScale) fillImpactScaleBlock(this.impactInputs, t0, count, day.blockClose, day.blockScale);
    const { commissionRate, spreadRate } = this;
    let navLevel = this.navLevel;
    for (let k = 0; k < count; k++) {
      const t = t0 + k;
      const trading = t % every === offset;
      const status = day.step(k * N, trading);
      if (status !== DAY_OK) {
        const date = dayToIso(market.dates[t]);
        const ticker = market.tickers[day.failedAsset];
        if (status === DAY_BAD_PRICE) throw new Error(`${fn}: close of ${ticker} on ${date} is ${day.blockClose[k * N + day.failedAsset]}; prices must be > 0`);
        if (status === DAY_WIPED_OUT) throw new Error(`${fn}: the portfolio lost its whole NAV on ${date} (gross return ${day.gross})`);
        throw missingImpactInput(market, config, this.volatilityInput, day.failedAsset, t);
      }
      this.rebalanced[t] = trading ? 1 : 0;
      const commission = commissionRate * day.traded;
      const spread = spreadRate * day.traded;
      const cost = commission + spread + day.impact;
      this.grossReturn[t] = day.gross;
      this.commissionCost[t] = commission;
      this.spreadCost[t] = spread;
      this.impactCost[t] = day.impact;
      this.totalCost[t] = cost;
      this.turnover[t] = day.traded;
      this.grossExposure[t] = day.exposureGross;
      this.netExposure[t] = day.exposureNet;
      const net = day.gross - cost;
      this.netReturn[t] = net;
      navLevel *= 1 + net;
      this.nav[t] = navLevel;
    }
    this.navLevel = navLevel;
  }

  /** The finished result, with `positions` (N*T, or an empty array when the caller kept none). */
  result(positions: Float64Array): BacktestResult {
    const { market, grossExposure } = this;
    return {
      tickers: market.tickers,
      dates: market.dates,
      grossReturn: this.grossReturn,
      netReturn: this.netReturn,
      commissionCost: this.commissionCost,
      spreadCost: this.spreadCost,
      impactCost: this.impactCost,
      totalCost: this.totalCost,
      turnover: this.turnover,
      grossExposure,
      netExposure: this.netExposure,
      nav: this.nav,
      rebalanced: this.rebalanced,
      positions,
      blockedTrades: this.day.blockedTrades,
      firstPositionIndex: grossExposure.findIndex((x) => x > 0),
      config: this.config,
    };
  }
}

const DAY_OK = 0, DAY_BAD_PRICE = 1, DAY_WIPED_OUT = 2, DAY_MISSING_IMPACT_INPUT = 3;

/**
 * Steps 1 to 3 of one day on day-major block rows, with the per-asset state (held weights, last
 * closes) and every buffer allocated once. A class with plain fields keeps the hot code in one
 * small, stable, optimisable method (a long loop inside `runBacktest` itself would be recompiled
 * on every call). Results of the last `step` are left in fields.
 */
class DaySimulator {
  /** Day-major copies of DAY_BLOCK days (portfolio/layout.ts); closes and targets may be another run's (BacktestRun.shareCloses, the batched backtest). */
  blockClose: Float64Array;
  blockTarget: Float64Array;
  /** sqrtAdv impact scale per asset and day (fillImpactScaleBlock); empty without that model. */
  blockScale: Float64Array;
  readonly blockPositions: Float64Array;
  gross = 0;
  traded = 0;
  impact = 0;
  exposureGross = 0;
  exposureNet = 0;
  blockedTrades = 0;
  /** The asset an error status refers to. */
  failedAsset = -1;
  private readonly held: Float64Array; // positions after the previous close; during a step, times 1 + R_{i,t}
  private readonly lastClose: Float64Array;
  private readonly band: number;
  private readonly sqrtTrade: boolean;
  private readonly coefficient: number;

  constructor(
    private readonly N: number,
    config: BacktestConfig,
    private readonly sqrtImpact: boolean,
  ) {
    this.blockClose = new Float64Array(DAY_BLOCK * N);
    this.blockTarget = new Float64Array(DAY_BLOCK * N);
    this.blockScale = new Float64Array(sqrtImpact ? DAY_BLOCK * N : 0);
    this.blockPositions = new Float64Array(DAY_BLOCK * N);
    this.held = new Float64Array(N);
    this.lastClose = new Float64Array(N).fill(NaN);
    this.band = config.noTradeBand;
    this.sqrtTrade = config.impactModel === "sqrtTrade" && config.impactCoefficient > 0;
    this.coefficient = config.impactCoefficient;
  }

  /** Mark, drift and (when `trading`) trade the day in block row `row`; returns a DAY_* status. */
  step(row: number, trading: boolean): number {
    const { N, blockClose, blockTarget, blockScale, blockPositions, held, lastClose, band, sqrtImpact, sqrtTrade, coefficient } = this;
    // 1. mark to market
    let gross = 0;
    for (let i = 0; i < N; i++) {
      const c = blockClose[row + i];
      let g = 1;
      if (c === c) {
        if (!(c > 0)) {
          this.failedAsset = i;
          return DAY_BAD_PRICE;
        }
        const last = lastClose[i];
        if (last === last) g = c / last;
        lastClose[i] = c;
      }
      const h = held[i];
      gross += h * (g - 1);
      held[i] = h * g; // drifted below: h * g * inverse, the same product as before, in the same order
    }
    this.gross = gross;
    const denominator = 1 + gross;
    if (!(denominator > 0)) return DAY_WIPED_OUT;
    const inverse = 1 / denominator;

    // 2. drift, 3. trade, record
    let traded = 0, impact = 0, exposureGross = 0, exposureNet = 0;
    for (let i = 0; i < N; i++) {
      let w = held[i] * inverse;
      if (trading) {
        let target = blockTarget[row + i];
        if (target !== target) target = 0;
        const d = target - w;
        const size = d < 0 ? -d : d;
        if (size > band) {
          if (blockClose[row + i] !== blockClose[row + i]) {
            this.blockedTrades++;
          } else {
            traded += size;
            if (sqrtImpact) {
              const scale = blockScale[row + i];
              if (scale !== scale) {
                this.failedAsset = i;
                return DAY_MISSING_IMPACT_INPUT;
              }
              impact += size * scale * Math.sqrt(size);
            } else if (sqrtTrade) {
              impact += coefficient * Math.sqrt(size);
            }
            w = target;
          }
        }
      }
      held[i] = w;
      blockPositions[row + i] = w;
      exposureGross += w < 0 ? -w : w;
      exposureNet += w;
    }
    this.traded = traded;
    this.impact = impact;
    this.exposureGross = exposureGross;
    this.exposureNet = exposureNet;
    return DAY_OK;
  }
}

/** What the sqrtAdv impact reads, plus the running ADV$ sums carried from block to block. */
interface SqrtImpactInputs {
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
  readonly sigma: ArrayLike<number>;
  readonly shape: PanelShape;
  readonly windowDays: number;
  /** Y * sqrt(portfolioNotionalUsd). */
  readonly factor: number;
  /** Per ticker: sum and count of the valid close * volume in the window ending at the last day filled. */
  readonly advSum: Float64Array;
  readonly advCount: Float64Array;
  /** impactInputTiming "priorDay": per ticker, the scale of the last day filled (NaN before day 0); null for "sameDay". */
  readonly priorScale: Float64Array | null;
  /** close * volume of the last `windowDays` days, day t at row t % windowDays (N each; NaN: none or not valid). */
  readonly ring: Float64Array;
  /** Day-major blocks of the ADV$ closes (null: they are the backtest's closes, whose block the day simulator has), volumes and sigma. */
  readonly advCloseBlock: Float64Array | null;
  readonly volumeBlock: Float64Array;
  readonly sigmaBlock: Float64Array;
}

function sqrtImpactInputs(market: BacktestMarket, config: BacktestConfig, volatilityInput: ArrayLike<number> | undefined): SqrtImpactInputs {
  const fn = "runBacktest";
  const { close, volume } = market;
  if (volume === undefined) {
    throw new Error(`${fn}: impactModel "sqrtAdv" needs market.volume for ADV$; supply it, or choose impactModel "none" or "sqrtTrade"`);
  }
  const shape = panelShape(volume, market, `${fn}: volume`);
  if (volatilityInput !== undefined) panelShape(volatilityInput, market, `${fn}: volatility`);
  if ((market.advClose === undefined) !== (market.advVolume === undefined)) throw new Error(`${fn}: market.advClose and market.advVolume come together (got only one)`);
  if (market.advClose !== undefined) panelShape(market.advClose, market, `${fn}: advClose`);
  if (market.advVolume !== undefined) panelShape(market.advVolume, market, `${fn}: advVolume`);
  return {
    close: market.advClose ?? close, // ADV$ only: sigma above is the close's
    volume: market.advVolume ?? volume,
    sigma: volatilityInput ?? trailingVolatilityPanel(close, market, { windowDays: config.impactVolWindowDays }),
    shape,
    windowDays: config.advWindowDays,
    factor: config.impactCoefficient * Math.sqrt(config.portfolioNotionalUsd),
    advSum: new Float64Array(shape.N),
    advCount: new Float64Array(shape.N),
    priorScale: config.impactInputTiming === "priorDay" ? new Float64Array(shape.N).fill(NaN) : null,
    ring: new Float64Array(config.advWindowDays * shape.N).fill(NaN),
    advCloseBlock: market.advClose === undefined ? null : new Float64Array(DAY_BLOCK * shape.N),
    volumeBlock: new Float64Array(DAY_BLOCK * shape.N),
    sigmaBlock: new Float64Array(DAY_BLOCK * shape.N),
  };
}

/**
 * dst[k*N + j] = Y * sigma_{j,t} * sqrt(notional / ADV$_{j,t}) for the days t = t0 + k of one block
 * (NaN where sigma or ADV$ is missing), where ADV$ is the mean of the valid close * volume over the
 * `windowDays` days up to t; with `priorScale` (impactInputTiming "priorDay") day t gets the scale
 * of day t - 1 instead. `closeBlock` holds the block's closes day-major (the day simulator's own).
 * Blocks must come in order: the running sums and the ring of close * volume carry over.
 * Day-major, from gathered blocks: walking the ticker-major panels 32 days a ticker and writing
 * the block a column at a time took 1.5x as long (each asset's sums take the same values in the
 * same order either way, so the scales have the same bits).
 */
function fillImpactScaleBlock(inputs: SqrtImpactInputs, t0: number, count: number, closeBlock: Float64Array, dst: Float64Array): void {
  const { windowDays, factor, advSum, advCount, priorScale, ring, volumeBlock, sigmaBlock } = inputs;
  const { N } = inputs.shape;
  const advCloseBlock = inputs.advCloseBlock ?? closeBlock;
  if (inputs.advCloseBlock !== null) gatherDayBlock(inputs.close, inputs.shape, t0, count, inputs.advCloseBlock);
  gatherDayBlock(inputs.volume, inputs.shape, t0, count, volumeBlock);
  gatherDayBlock(inputs.sigma, inputs.shape, t0, count, sigmaBlock);
  for (let k = 0; k < count; k++) {
    const row = k * N;
    const slot = ((t0 + k) % windowDays) * N; // close * volume of day t - windowDays, NaN before day windowDays
    for (let j = 0; j < N; j++) {
      const dollars = advCloseBlock[row + j] * volumeBlock[row + j];
      let sum = advSum[j], n = advCount[j];
      if (dollars === dollars) {
        sum += dollars;
        n++;
      }
      const drop = ring[slot + j];
      if (drop === drop) {
        sum -= drop;
        n--;
      }
      ring[slot + j] = dollars;
      advSum[j] = sum;
      advCount[j] = n;
      const adv = n > 0 ? sum / n : NaN;
      const s = sigmaBlock[row + j];
      const scale = adv > 0 && s >= 0 ? (factor * s) / Math.sqrt(adv) : NaN;
      if (priorScale === null) dst[row + j] = scale;
      else {
        dst[row + j] = priorScale[j]; // sigma and ADV$ through t - 1
        priorScale[j] = scale;
      }
    }
  }
}

function missingImpactInput(market: BacktestMarket, config: BacktestConfig, volatilityInput: ArrayLike<number> | undefined, i: number, t: number): Error {
  const ticker = market.tickers[i];
  const date = dayToIso(market.dates[t]);
  const source = volatilityInput === undefined ? `a trailing ${config.impactVolWindowDays}-day volatility needs at least one past return` : "options.volatility is NaN there";
  const asOf = config.impactInputTiming === "priorDay" ? "as of the previous day (impactInputTiming \"priorDay\")" : "through that day";
  return new Error(
    `runBacktest: the sqrtAdv impact of a trade in ${ticker} on ${date} needs the daily volatility and ADV$ ` +
      `(volume over the last ${config.advWindowDays} days) ${asOf}; one is missing (${source}, or no volume). ` +
      `Start trading later, supply options.volatility, or choose impactModel "none" or "sqrtTrade".`,
  );
}

/**
 * The original design's shape as a class: `new BacktestEngine(config).run(market, weights)`. A thin wrapper
 * over `runBacktest` for users who expect an object.
 */
export class BacktestEngine {
  readonly config: BacktestConfig;
  constructor(config: BacktestConfigInput = {}) {
    this.config = parseBacktestConfig(config);
  }

  /** Backtest target weights; see `runBacktest`. */
  run(market: BacktestMarket, weights: ArrayLike<number>, { volatility }: { volatility?: ArrayLike<number> } = {}): BacktestResult {
    return runBacktest(market, weights, { ...this.config, volatility });
  }
}

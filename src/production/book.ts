/**
 * One book's day: the champion's (which trades) or the challenger's (in shadow). It reads the
 * book's registry and journal, computes the day with the study's pipeline (cycle.ts), applies the
 * pre-trade checks, settles the day with the backtest engine and returns everything the journal
 * and the daily files need, plus the registry rows of the models it trained. Writing is the
 * caller's (daily.ts), in one transaction for all books of the day.
 */
import { createHash } from "node:crypto";
import type { DataPanel } from "../data/load";
import type { RegimeModel } from "../regimes/regimeModel";
import type { AlphaModelFit } from "../models/alphaModel";
import type { WalkForwardFold } from "../models/walkForward";
import type { WalkForwardRegimeFit } from "../regimes/walkForward";
import type { ProductionConfig } from "../config/production";
import type { StudyConfig } from "../study/config";
import { encodeMemo, engineCodeHash, memoKey } from "../study/run/memo";
import { sharpeRatio } from "../analytics/ratios";
import { dayToIso } from "../util/dates";
import { bootstrapBook, forecastDay, settleDay, truncatePanel, type CyclePanel, type CycleForecast, type CycleModels, type SettledDay } from "./cycle";
import { averageDollarVolume, preTradeChecks, type PreTradeResult } from "./risk";
import type { ModelRow, ProductionStore } from "./store";

/** A model to register: its artifact (written before the day's transaction) and its row. */
export interface NewModel {
  readonly value: RegimeModel | AlphaModelFit;
  readonly row: Omit<ModelRow, "id">;
  /** Make it the book's champion (alpha models trained with autoPromote, or the first one). */
  readonly promote: boolean;
}

/** Everything one book did on one day. */
export interface BookDay {
  readonly book: string;
  readonly asOf: string;
  readonly t: number;
  readonly forecast: CycleForecast;
  readonly checks: PreTradeResult;
  readonly settled: SettledDay;
  /** The champion alpha model's registry id that forecast today (null before the first fold). */
  readonly alphaModelId: string | null;
  readonly newModels: readonly NewModel[];
  /** A bootstrap of the book's history to record (first live day only). */
  readonly bootstrap: { readonly days: number; readonly targets: Float64Array; readonly configKey: string } | null;
  readonly notionalUsd: number;
}

/** Thrown when the data gates refuse a day: names the ticker and the date where there is one. */
export class CycleBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CycleBlockedError";
  }
}

/** The config keys models of a book are filed under: a changed config trains new models. */
export function modelConfigKeys(study: StudyConfig): { regime: string; alpha: string; book: string } {
  return {
    regime: memoKey({ regimes: study.regimes }),
    alpha: memoKey({ features: study.features, regimes: study.regimes, walkForward: study.walkForward }),
    book: memoKey({ features: study.features, regimes: study.regimes, walkForward: study.walkForward, portfolio: study.portfolio, backtest: study.backtest, alpha: study.alpha, benchmark: study.benchmark, volatilityWindowDays: study.volatilityWindowDays, momentumLookbackDays: study.momentumLookbackDays }),
  };
}

const dayDigests = new WeakMap<DataPanel, Buffer[]>();

/**
 * SHA-256 (hex) of the bars of days 0..t: each day's OHLCV and VWAP of every ticker, chained. A
 * restated bar anywhere before t changes it; bars after t do not.
 */
export function barsHash(panel: DataPanel, t: number): string {
  let digests = dayDigests.get(panel);
  const T = panel.dates.length, N = panel.tickers.length;
  if (!digests) {
    digests = [];
    const fields = [panel.open, panel.high, panel.low, panel.close, panel.volume, panel.vwap];
    const row = new Float64Array(N * fields.length + 1);
    for (let s = 0; s < T; s++) {
      row[0] = panel.dates[s];
      fields.forEach((f, k) => { for (let j = 0; j < N; j++) row[1 + k * N + j] = f[j * T + s]; });
      digests.push(createHash("sha256").update(new Uint8Array(row.buffer)).digest());
    }
    dayDigests.set(panel, digests);
  }
  const hash = createHash("sha256").update(panel.tickers.join(","));
  for (let s = 0; s <= t; s++) hash.update(digests[s]);
  return hash.digest("hex");
}

/**
 * A book's in-memory view of its registry and journal, loaded once and kept current as days are
 * computed (a replay does not reread the database every day).
 */
export class BookState {
  readonly keys: ReturnType<typeof modelConfigKeys>;
  /** Regime model ids by refit day ISO, alpha model ids by fold. */
  private readonly regimeIds = new Map<string, string>();
  private readonly alphaIds = new Map<number, string>();
  private readonly artifacts = new Map<string, unknown>();
  private championId: string | null = null;
  private readonly rows = new Map<string, Omit<ModelRow, "id">>();
  /** Journal targets and forecasts by ISO day. */
  readonly targets = new Map<string, Float64Array>();
  readonly forecasts = new Map<string, Float64Array>();
  readonly regimeProbabilities = new Map<string, Float64Array>();
  readonly netReturns = new Map<string, number>();
  readonly costs = new Map<string, number>();
  private bootstraps: { days: number; artifact: string }[] = [];

  private constructor(
    readonly store: ProductionStore,
    readonly book: string,
    readonly study: StudyConfig,
    readonly production: ProductionConfig,
  ) {
    this.keys = modelConfigKeys(study);
  }

  /** Load a book's registry rows, champion and journal. */
  static async load(store: ProductionStore, book: string, study: StudyConfig, production: ProductionConfig, tickers: readonly string[]): Promise<BookState> {
    const state = new BookState(store, book, study, production);
    for (const row of await store.models("WHERE book = ?", [book])) {
      state.rows.set(row.id, row);
      if (row.kind === "regime" && row.config_key === state.keys.regime) state.regimeIds.set(row.anchor, row.id);
      if (row.kind === "alpha" && row.config_key === state.keys.alpha) state.alphaIds.set(row.fold, row.id);
    }
    state.championId = await store.champion(book);
    const index = new Map(tickers.map((ticker, j) => [ticker, j]));
    const perDay = async (sql: string, into: Map<string, Float64Array>, width: number) => {
      for (const r of await store.query<{ as_of: string; k: string | number; v: number }>(sql, [book])) {
        const j = typeof r.k === "number" ? r.k : index.get(r.k);
        if (j === undefined) continue;
        let row = into.get(r.as_of);
        if (!row) into.set(r.as_of, (row = new Float64Array(width).fill(NaN)));
        row[j] = r.v;
      }
    };
    await perDay("SELECT as_of, ticker AS k, target_weight AS v FROM targets WHERE book = ?", state.targets, tickers.length);
    await perDay("SELECT as_of, ticker AS k, forecast AS v FROM forecasts WHERE book = ?", state.forecasts, tickers.length);
    const K = study.regimes.hmm.nComponents;
    await perDay("SELECT as_of, regime AS k, probability AS v FROM regime_probabilities WHERE book = ?", state.regimeProbabilities, K);
    for (const r of await store.query<{ as_of: string; net: number; cost: number }>("SELECT as_of, net, cost FROM days WHERE book = ?", [book])) {
      state.netReturns.set(r.as_of, r.net);
      state.costs.set(r.as_of, r.cost);
    }
    state.bootstraps = (await store.query<{ days: number; artifact: string }>("SELECT days, artifact FROM bootstraps WHERE book = ? AND config_key = ? ORDER BY days", [book, state.keys.book]));
    return state;
  }

  artifact<T>(id: string): T {
    let value = this.artifacts.get(id);
    if (value === undefined) this.artifacts.set(id, (value = this.store.readArtifact<T>(id)));
    return value as T;
  }

  /** The registry row of a model of this book. */
  modelRow(id: string): Omit<ModelRow, "id"> | undefined {
    return this.rows.get(id);
  }

  champion(): string | null {
    return this.championId;
  }

  /** Filtered regime probabilities of completed fits: the panel of one process does not change. */
  private readonly regimeFilteredCache = new Map<string, Float64Array>();

  /** The registry as the cycle sees it. */
  cycleModels(): CycleModels {
    return {
      regimeFilteredCache: this.regimeFilteredCache,
      regimeFit: (day) => {
        const id = this.regimeIds.get(dayToIso(day));
        return id === undefined ? undefined : this.artifact<RegimeModel>(id);
      },
      alphaModel: (fold) => {
        if (!this.alphaIds.has(fold)) return undefined; // the schedule trains this fold now
        const id = this.championId ?? this.alphaIds.get(fold)!;
        return this.artifact<AlphaModelFit>(id);
      },
    };
  }

  /** After the day's transaction: the registry and journal as they now are. */
  remember(day: BookDay, ids: readonly string[]): void {
    day.newModels.forEach((m, i) => {
      this.rows.set(ids[i], m.row);
      if (m.row.kind === "regime") this.regimeIds.set(m.row.anchor, ids[i]);
      else this.alphaIds.set(m.row.fold, ids[i]);
      if (m.promote) this.championId = ids[i];
      this.artifacts.set(ids[i], m.value);
    });
    this.targets.set(day.asOf, day.checks.target);
    this.forecasts.set(day.asOf, day.forecast.forecast);
    this.regimeProbabilities.set(day.asOf, day.forecast.regimeProbabilities);
    this.netReturns.set(day.asOf, day.settled.net);
    this.costs.set(day.asOf, day.settled.cost);
  }

  /** Register a promoted id in memory (CLI promote/rollback happen outside a cycle). */
  setChampion(id: string | null): void {
    this.championId = id;
  }

  /**
   * The target history of days 0..t-1 (ticker-major N x t): a recorded bootstrap plus the journal
   * days after it, or null when no bootstrap with a complete journal after it exists. A gap in the
   * journal is an error naming the first missing day.
   */
  pastTargets(panel: DataPanel, t: number, bootstrapTargets: (artifact: string) => Float64Array): Float64Array | null {
    const N = panel.tickers.length;
    const candidates = this.bootstraps.filter((b) => b.days <= t).sort((a, b) => b.days - a.days);
    for (const b of candidates) {
      let complete = true;
      for (let s = b.days; s < t && complete; s++) complete = this.targets.has(dayToIso(panel.dates[s]));
      if (!complete) continue;
      const out = new Float64Array(N * t);
      if (b.days > 0) {
        const boot = bootstrapTargets(b.artifact);
        for (let j = 0; j < N; j++) out.set(boot.subarray(j * b.days, (j + 1) * b.days), j * t);
      }
      for (let s = b.days; s < t; s++) {
        const row = this.targets.get(dayToIso(panel.dates[s]))!;
        for (let j = 0; j < N; j++) out[j * t + s] = row[j];
      }
      return out;
    }
    return null;
  }

  /** The recorded bootstraps (days, artifact). */
  bootstrapList(): readonly { days: number; artifact: string }[] {
    return this.bootstraps;
  }

  /** Fix the artifact id of a bootstrap recorded in this session. */
  recordBootstrap(days: number, artifact: string, targets: Float64Array): void {
    this.bootstraps = this.bootstraps.filter((b) => b.days !== days);
    this.bootstraps.push({ days, artifact });
    this.artifacts.set(artifact, targets);
  }
}

/** The data gates of a day: a missing bar on the as-of day always blocks; production also refuses unvalidated, failed or restated data. */
function dataGates(panel: DataPanel, t: number, state: BookState): void {
  const asOf = dayToIso(panel.dates[t]);
  const T = panel.dates.length;
  for (let j = 0; j < panel.tickers.length; j++) {
    if (!(panel.close[j * T + t] > 0)) {
      throw new CycleBlockedError(`daily: no bar for ${panel.tickers[j]} on ${asOf} (the as-of session); the cycle is blocked (STALE_DATA)`);
    }
  }
  if (state.production.profile !== "production") return;
  if (panel.source === "shipped") throw new CycleBlockedError(`daily: the production profile reads live data only (data.source "live"); this panel came from the shipped data`);
  for (const report of panel.validation) {
    const failed = report.problems.find((p) => p.severity === "error");
    if (failed) throw new CycleBlockedError(`daily: ${report.ticker} failed validation (${failed.kind}); the production profile does not trade on it`);
  }
}

/** Production: refuse a champion trained on bars that have since been restated. */
async function restatementGate(panel: DataPanel, state: BookState): Promise<void> {
  if (state.production.profile !== "production") return;
  const id = state.champion();
  if (id === null) return;
  const row = await state.store.model(id);
  if (!row) return;
  const t = Array.from(panel.dates).findIndex((d) => dayToIso(d) === row.anchor);
  if (t < 0) return;
  if (barsHash(panel, t) !== row.data_hash) {
    throw new CycleBlockedError(`daily: the bars up to ${row.anchor} were restated since model ${id.slice(0, 12)} was trained on them; retrain (models promote another) before trading`);
  }
}

/** Compute one book's day t on `panel` (the whole loaded panel; cut inside). */
export async function computeBookDay(state: BookState, panel: CyclePanel, t: number, shared?: Map<string, unknown>): Promise<BookDay> {
  const { study } = state;
  const asOf = dayToIso(panel.dates[t]);
  const cut = truncatePanel(panel, t + 1);
  dataGates(cut, t, state);
  const newModels: NewModel[] = [];
  const codeVersion = engineCodeHash();

  let past = state.pastTargets(cut, t, (artifact) => state.artifact<Float64Array>(artifact));
  let bootstrap: BookDay["bootstrap"] = null;
  if (past === null) {
    const journalDays = [...state.targets.keys()].filter((d) => d < asOf).sort();
    if (journalDays.length > 0 && state.bootstrapList().length > 0) {
      const last = journalDays[journalDays.length - 1];
      const next = Array.from(cut.dates).map(dayToIso).find((d) => d > last)!;
      throw new Error(`daily: the journal of book "${state.book}" has no day ${next} (its last is ${last}); replay --from ${next} --to ${asOf} to fill it`);
    }
    const boot = bootstrapBook(cut, t, study, barsHash(cut, t - 1));
    past = boot.targets;
    bootstrap = { days: t, targets: boot.targets, configKey: state.keys.book };
    for (const fit of boot.regimeFits) newModels.push(regimeModelEntry(cut, fit, state, codeVersion, asOf));
    if (boot.alphaModel && boot.foldRecord) newModels.push(alphaModelEntry(cut, boot.alphaModel, boot.foldRecord, state, codeVersion, asOf, true));
    // the cycle below must see them
    const pendingRegime = new Map(boot.regimeFits.map((f) => [cut.dates[f.refitRow], f.model]));
    const models = state.cycleModels();
    const bootModel = boot.alphaModel, bootFold = boot.foldRecord?.fold;
    await restatementGate(cut, state);
    return finishDay(state, cut, t, asOf, past, bootstrap, newModels, codeVersion, shared, {
      regimeFit: (day) => pendingRegime.get(day) ?? models.regimeFit(day),
      alphaModel: (fold) => (fold === bootFold && bootModel ? bootModel : models.alphaModel(fold)),
    });
  }
  await restatementGate(cut, state);
  return finishDay(state, cut, t, asOf, past, bootstrap, newModels, codeVersion, shared, state.cycleModels());
}

async function finishDay(
  state: BookState,
  cut: DataPanel,
  t: number,
  asOf: string,
  past: Float64Array,
  bootstrap: BookDay["bootstrap"],
  newModels: NewModel[],
  codeVersion: string,
  shared: Map<string, unknown> | undefined,
  models: CycleModels,
): Promise<BookDay> {
  const { study, production } = state;
  // books with the same forecast configs and the same champion (content id) forecast the same
  const sharedKey = shared && { cache: shared, key: memoKey({ alpha: state.keys.alpha, traded: study.alpha, momentum: study.momentumLookbackDays, vol: study.volatilityWindowDays, benchmark: study.benchmark, betaWindowDays: study.portfolio.betaWindowDays, betaShrinkage: study.portfolio.betaShrinkage, champion: state.champion(), bootstrap: bootstrap !== null, asOf }) };
  // the beta feedback measures the book as the journal held it, not as today's fold would have
  const held = { weights: past, days: t };
  let forecast = forecastDay(cut, study, models, sharedKey, held);
  for (const fit of forecast.newRegimeFits) newModels.push(regimeModelEntry(cut, fit, state, codeVersion, asOf));
  let alphaModelId: string | null = null;
  if (forecast.trainedNow && forecast.alphaModel && forecast.foldRecord) {
    const hasChampion = state.champion() !== null || newModels.some((m) => m.promote);
    const promote = production.autoPromote || !hasChampion;
    newModels.push(alphaModelEntry(cut, forecast.alphaModel, forecast.foldRecord, state, codeVersion, asOf, promote));
    if (!promote) {
      // the new model waits for `models promote`: today's forecast is the champion's
      const trainedFold = forecast.fold;
      const fits = new Map(forecast.newRegimeFits.map((f) => [cut.dates[f.refitRow], f.model]));
      forecast = forecastDay(cut, study, {
        regimeFit: (day) => fits.get(day) ?? models.regimeFit(day),
        alphaModel: (fold) => (fold === trainedFold ? champion(state) : models.alphaModel(fold)),
      }, undefined, held);
    }
  }
  const promoted = newModels.filter((m) => m.promote && m.row.kind === "alpha");
  if (promoted.length) alphaModelId = artifactIdOf(promoted[promoted.length - 1].value);
  else alphaModelId = state.champion();

  const N = cut.tickers.length, T = t + 1;
  const notionalUsd = production.bookNotionalUsd ?? study.backtest.portfolioNotionalUsd;
  const rebalanceDay = t % study.backtest.rebalanceEveryDays === study.backtest.rebalanceOffsetDays;
  const provisional = settleDay(cut, study, past, forecast.proposedTarget);
  const checks = preTradeChecks(
    {
      tickers: cut.tickers,
      target: forecast.proposedTarget,
      current: provisional.currentWeights,
      beta: forecast.beta,
      advUsd: averageDollarVolume(cut.close, cut.volume, N, T, t, production.riskChecks.advWindowDays),
      notionalUsd,
      rebalanceDay,
    },
    production.riskChecks,
  );
  const changed = checks.target.some((w, j) => w !== (forecast.proposedTarget[j] === forecast.proposedTarget[j] ? forecast.proposedTarget[j] : 0));
  const settled = changed ? settleDay(cut, study, past, checks.target) : provisional;
  return { book: state.book, asOf, t, forecast, checks, settled, alphaModelId, newModels, bootstrap, notionalUsd };
}

function champion(state: BookState): AlphaModelFit | undefined {
  const id = state.champion();
  return id === null ? undefined : state.artifact<AlphaModelFit>(id);
}

/** The id an artifact gets (the store's content address), computed before it is written. */
export function artifactIdOf(value: unknown): string {
  return createHash("sha256").update(encodeMemo(value)).digest("hex");
}


function regimeModelEntry(cut: DataPanel, fit: WalkForwardRegimeFit, state: BookState, codeVersion: string, asOf: string): NewModel {
  return {
    value: fit.model,
    promote: false,
    row: {
      book: state.book,
      kind: "regime",
      config_key: state.keys.regime,
      anchor: dayToIso(cut.dates[fit.refitRow]),
      fold: -1,
      train_start: dayToIso(cut.dates[fit.trainStart]),
      train_end: dayToIso(cut.dates[fit.refitRow]),
      data_hash: barsHash(cut, fit.refitRow),
      code_version: codeVersion,
      feature_names: JSON.stringify(fit.model.names),
      metrics: JSON.stringify({ logLikelihood: fit.model.logLikelihood, bic: fit.model.bic, nObservations: fit.model.nObservations, droppedRows: fit.droppedRows }),
      created_as_of: asOf,
    },
  };
}

function alphaModelEntry(cut: DataPanel, model: AlphaModelFit, fold: WalkForwardFold, state: BookState, codeVersion: string, asOf: string, promote: boolean): NewModel {
  return {
    value: model,
    promote,
    row: {
      book: state.book,
      kind: "alpha",
      config_key: state.keys.alpha,
      anchor: dayToIso(cut.dates[fold.testStart]),
      fold: fold.fold,
      train_start: dayToIso(fold.trainStartDate),
      train_end: dayToIso(fold.trainEndDate),
      data_hash: barsHash(cut, fold.testStart),
      code_version: codeVersion,
      feature_names: JSON.stringify(model.featureNames),
      metrics: JSON.stringify({ trainRows: fold.trainRows, trainRowsAvailable: fold.trainRowsAvailable, regimeRows: fold.regimeRows, oobScore: fold.oobScore, liveNetSharpeBefore: liveSharpe(state, asOf) }),
      created_as_of: asOf,
    },
  };
}

/** Annualised Sharpe of the book's journalled net returns before `asOf` (null with fewer than 20). */
function liveSharpe(state: BookState, asOf: string): number | null {
  const r = [...state.netReturns.entries()].filter(([d]) => d < asOf).map(([, v]) => v);
  if (r.length < 20) return null;
  const sharpe = sharpeRatio(r);
  return sharpe === sharpe ? sharpe : null;
}

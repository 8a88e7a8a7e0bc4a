/**
 * `daily` and `replay`: the daily cycle after the close of an as-of session, and the same cycle
 * run session by session over a past period (paper trading on history).
 *
 * One cycle: refresh the data (an injected step: the live-cache update under production, a no-op
 * for the shipped data), load the panel, then for the champion and the challenger (in shadow)
 * compute the day (book.ts), monitor it (monitor.ts), write `<outDir>/<as-of>/orders.csv` and
 * `targets.json` of the champion atomically, and record every book's day in one DuckDB
 * transaction after clearing what an earlier run of that day left. Same as-of twice: the same
 * files and the same rows; a crash anywhere: no partial day (rerun it).
 */
import { writeFileAtomicSync } from "../util/atomicFile";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DataPanel } from "../data/load";
import { isNyseSession } from "../data/calendar";
import { dayToIso, isoToDay } from "../util/dates";
import { loadStudyData } from "../study/run/data";
import type { ProductionRunConfig } from "./config";
import { BookState, computeBookDay, CycleBlockedError, type BookDay } from "./book";
import { cyclePanel, type CyclePanel } from "./cycle";
import { silentLog, type ProductionLog } from "./log";
import { monitorDay, type MonitorReading } from "./monitor";
import { ProductionStore } from "./store";

/** The data refresh step of `daily`: under production, the live-cache update; default a no-op. */
export type RefreshData = (config: ProductionRunConfig) => Promise<unknown>;

/** Options of `runDailyCycle` and `runReplay`. */
export interface DailyOptions {
  /** The panel to use instead of loading `config.study.data` (tests, notebooks). */
  panel?: DataPanel;
  /** Folder of universes.json (default the shipped data folder). */
  dataDir?: string;
  /** The refresh step (default: nothing to refresh). */
  refreshData?: RefreshData;
  log?: ProductionLog;
  /** An open store to use (default: open the config's database, close it at the end). */
  store?: ProductionStore;
  /** Today as an epoch day, for the "as-of in the future" check (default the clock's UTC day). */
  today?: number;
  /** Resolve relative paths of the config (outDir, database, artifactsDir) from here (default the working directory). */
  baseDir?: string;
  /** Called after each session of a replay. */
  onDay?: (done: number, total: number, asOf: string) => void;
}

/** One session's outcome: the champion's day and the challenger's (or null). */
export interface DailyResult {
  readonly asOf: string;
  readonly champion: BookDay;
  readonly challenger: BookDay | null;
  readonly monitoring: readonly MonitorReading[];
  /** The daily files written. */
  readonly files: { readonly orders: string; readonly targets: string };
}

/** The journal's name of the book that trades. */
export const CHAMPION = "champion";
/** The journal's name of the book that runs in shadow (the config's challenger). */
export const CHALLENGER = "challenger";

/** Paths of the production section resolved from `baseDir`. */
function locations(config: ProductionRunConfig, baseDir: string) {
  return {
    database: resolve(baseDir, config.production.database),
    artifactsDir: resolve(baseDir, config.production.artifactsDir),
    outDir: resolve(baseDir, config.production.outDir),
  };
}

/** The registry and journal a production config names, its paths resolved from `baseDir` (default the working directory), as the daily cycle opens them. */
export async function openProductionStore(config: ProductionRunConfig, baseDir = "."): Promise<ProductionStore> {
  return ProductionStore.open(locations(config, baseDir));
}

/**
 * The session index of `asOf` in the panel, with clear errors for a day in the future, a day that
 * is not a session, and a session the data does not reach.
 */
export function asOfIndex(panel: Pick<DataPanel, "dates">, asOf: string, today: number): number {
  let day: number;
  try {
    day = isoToDay(asOf);
  } catch {
    throw new Error(`as-of "${asOf}" is not a date (expected YYYY-MM-DD)`);
  }
  if (day > today) throw new Error(`as-of ${asOf} is in the future (today is ${dayToIso(today)})`);
  if (!isNyseSession(day)) throw new Error(`as-of ${asOf} is not a trading session (weekend or NYSE holiday)`);
  const t = Array.from(panel.dates).indexOf(day);
  if (t < 0) {
    const last = dayToIso(panel.dates[panel.dates.length - 1]), first = dayToIso(panel.dates[0]);
    throw new Error(`as-of ${asOf} is a session the data does not cover (bars from ${first} to ${last}); refresh the data first`);
  }
  return t;
}

/** An open session over one panel: the store and each book's state. */
class Session {
  private constructor(
    readonly config: ProductionRunConfig,
    readonly panel: CyclePanel,
    readonly store: ProductionStore,
    readonly ownsStore: boolean,
    readonly books: readonly BookState[],
    readonly outDir: string,
    readonly log: ProductionLog,
  ) {}

  static async open(config: ProductionRunConfig, options: DailyOptions): Promise<Session> {
    const log = options.log ?? silentLog;
    const where = locations(config, options.baseDir ?? ".");
    await (options.refreshData ?? (async () => undefined))(config);
    const data = options.panel ?? (await loadStudyData(config.study, { dataDir: options.dataDir, log: (line) => log.info(line) })).panel;
    const panel = await cyclePanel(data, config.challenger ? [config.study, config.challenger] : [config.study], options.dataDir);
    const store = options.store ?? (await ProductionStore.open(where));
    const books = [await BookState.load(store, CHAMPION, config.study, config.production, panel.tickers)];
    if (config.challenger) books.push(await BookState.load(store, CHALLENGER, config.challenger, config.production, panel.tickers));
    return new Session(config, panel, store, options.store === undefined, books, where.outDir, log);
  }

  close(): void {
    if (this.ownsStore) this.store.close();
  }

  /** Compute, write and record session t. */
  async day(t: number): Promise<DailyResult> {
    const asOf = dayToIso(this.panel.dates[t]);
    const days: BookDay[] = [];
    const shared = new Map<string, unknown>(); // forecasts the books have in common today
    for (const book of this.books) days.push(await computeBookDay(book, this.panel, t, shared));
    const monitoring = days.flatMap((d, i) => monitorDay(this.books[i], d));
    for (const m of monitoring) if (m.breached) this.log.warn(`monitor: ${m.message}`, { book: m.book, asOf, metric: m.metric, value: m.value, threshold: m.threshold });
    // artifacts first (content-addressed, harmless if the day then fails), then the files, then one transaction
    const ids = days.map((d) => d.newModels.map((m) => this.store.writeArtifact(m.value)));
    const bootIds = days.map((d) => (d.bootstrap ? this.store.writeArtifact(d.bootstrap.targets) : null));
    const files = writeDailyFiles(this.outDir, days[0], this.config);
    await this.store.transaction(async () => {
      for (let b = 0; b < days.length; b++) {
        const d = days[b];
        for (let i = 0; i < d.newModels.length; i++) {
          const m = d.newModels[i];
          await this.store.registerModel({ id: ids[b][i], ...m.row });
          if (m.promote) await this.store.promote(d.book, ids[b][i], "auto", asOf);
        }
        if (d.bootstrap) {
          await this.store.connection.run("DELETE FROM bootstraps WHERE book = ? AND config_key = ? AND days = ?", [d.book, d.bootstrap.configKey, d.bootstrap.days]);
          await this.store.connection.run("INSERT INTO bootstraps VALUES (?, ?, ?, ?, ?)", [d.book, d.bootstrap.configKey, asOf, d.bootstrap.days, bootIds[b]!]);
        }
        await this.store.clearDay(d.book, asOf);
        for (const [table, rows] of Object.entries(journalRows(d, monitoring.filter((m) => m.book === d.book), b > 0))) await this.store.insert(table, rows);
      }
    });
    days.forEach((d, b) => {
      this.books[b].remember(d, ids[b]);
      if (d.bootstrap) this.books[b].recordBootstrap(d.bootstrap.days, bootIds[b]!, d.bootstrap.targets);
    });
    const c = days[0];
    this.log.info(`daily ${asOf}: net ${(c.settled.net * 1e4).toFixed(2)} bp, gross ${(c.settled.gross * 1e4).toFixed(2)} bp, cost ${(c.settled.cost * 1e4).toFixed(2)} bp${c.checks.blocked ? `, BLOCKED (${c.checks.blocked})` : ""}${c.forecast.retrainingDay ? ", retraining day" : ""}`, { asOf, book: CHAMPION });
    return { asOf, champion: c, challenger: days[1] ?? null, monitoring, files };
  }
}

/**
 * One daily cycle as of `asOf` (default the panel's last session). When the journal stops before
 * the session preceding `asOf`, the missing sessions are run first, in order (a catch-up replay).
 * @throws for an as-of in the future, not a session or beyond the data; CycleBlockedError when a gate refuses
 */
export async function runDailyCycle(config: ProductionRunConfig, asOf: string | undefined, options: DailyOptions = {}): Promise<DailyResult> {
  const session = await Session.open(config, options);
  try {
    const today = options.today ?? Math.floor(Date.now() / 86_400_000);
    const t = asOf === undefined ? session.panel.dates.length - 1 : asOfIndex(session.panel, asOf, today);
    const champion = session.books[0];
    const journalled = [...champion.targets.keys()].filter((d) => d < dayToIso(session.panel.dates[t])).sort();
    let from = t;
    if (journalled.length > 0) {
      const last = Array.from(session.panel.dates).indexOf(isoToDay(journalled[journalled.length - 1]));
      if (last >= 0 && last + 1 < t) from = last + 1;
    }
    let result: DailyResult | null = null;
    for (let s = from; s <= t; s++) result = await session.day(s);
    return result!;
  } finally {
    session.close();
  }
}

/** A replay's days, and where its returns went. */
export interface ReplayResult {
  readonly days: readonly DailyResult[];
  /** `date,gross,net,cost` of the champion, one row a session. */
  readonly returnsCsv: string;
}

/**
 * The daily cycle for every session from `from` to `to` (inclusive), each seeing only bars up to
 * its own day. The champion's realised returns equal the backtest's for the same config (the
 * cycle is the backtest's computation, see cycle.ts).
 */
export async function runReplay(config: ProductionRunConfig, from: string, to: string, options: DailyOptions = {}): Promise<ReplayResult> {
  const session = await Session.open(config, options);
  try {
    const today = options.today ?? Math.floor(Date.now() / 86_400_000);
    const a = asOfIndex(session.panel, from, today), b = asOfIndex(session.panel, to, today);
    if (a > b) throw new Error(`replay: --from ${from} is after --to ${to}`);
    const days: DailyResult[] = [];
    for (let t = a; t <= b; t++) {
      // a day's whole backtest (N x T arrays) serves its monitoring only: a year of them is gigabytes
      const day = await session.day(t);
      // and its cut panel too, but for what orderLines reads (tickers, dates, closes), and the models
      const light = (d: BookDay): BookDay => {
        const { tickers, dates, close, source, validation } = d.forecast.panel;
        const panel = { tickers, dates, close, source, validation } as unknown as DataPanel;
        // the models themselves stay in the registry (each day holds its own deserialised copy)
        return { ...d, newModels: [], forecast: { ...d.forecast, panel, alphaModel: null, newRegimeFits: [], features: undefined }, settled: { ...d.settled, backtest: undefined } };
      };
      days.push({ ...day, champion: light(day.champion), challenger: day.challenger && light(day.challenger) });
      options.onDay?.(t - a + 1, b - a + 1, dayToIso(session.panel.dates[t]));
    }
    return { days, returnsCsv: returnsCsv(days.map((d) => ({ date: d.asOf, gross: d.champion.settled.gross, net: d.champion.settled.net, cost: d.champion.settled.cost }))) };
  } finally {
    session.close();
  }
}

/** `date,gross,net,cost` lines (full precision: the values round-trip). */
export function returnsCsv(rows: readonly { date: string; gross: number; net: number; cost: number }[]): string {
  return ["date,gross,net,cost", ...rows.map((r) => `${r.date},${r.gross},${r.net},${r.cost}`)].join("\n") + "\n";
}


const num = (x: number): string => (Number.isFinite(x) ? String(x) : "");

/** The reason codes of each ticker's order: what the schedule and the checks did to it. */
function orderReasons(d: BookDay, j: number, trade: number): string {
  const codes: string[] = [];
  if (d.checks.blocked) codes.push(`BLOCKED_${d.checks.blocked}`);
  else if (!d.settled.rebalanced) codes.push("NOT_REBALANCE_DAY");
  else if (trade === 0 && d.checks.target[j] !== d.settled.currentWeights[j]) codes.push("NO_TRADE_BAND");
  else codes.push(trade === 0 ? "HOLD" : "REBALANCE");
  codes.push(...d.checks.reasons[j]);
  return codes.join(";");
}

/** The order lines of a book's day. */
export function orderLines(d: BookDay): { ticker: string; current: number; target: number; trade: number; notional: number; shares: number; reasons: string }[] {
  const { tickers } = d.forecast.panel;
  const T = d.forecast.panel.dates.length;
  return tickers.map((ticker, j) => {
    const trade = d.settled.positions[j] - d.settled.currentWeights[j];
    // the engine either trades to the target or leaves the drifted weight: a difference at rounding level is no trade
    const traded = Math.abs(trade) > 1e-12 && d.settled.rebalanced && d.checks.blocked === null ? trade : 0;
    const notional = traded * d.notionalUsd;
    const close = d.forecast.panel.close[j * T + d.t];
    return { ticker, current: d.settled.currentWeights[j], target: d.checks.target[j], trade: traded, notional, shares: notional / close, reasons: orderReasons(d, j, traded) };
  });
}

function writeDailyFiles(outDir: string, d: BookDay, config: ProductionRunConfig): { orders: string; targets: string } {
  const dir = join(outDir, d.asOf);
  mkdirSync(dir, { recursive: true });
  const lines = orderLines(d);
  const csv = ["ticker,current_weight,target_weight,trade_weight,trade_notional,shares,reason_codes", ...lines.map((o) => [o.ticker, num(o.current), num(o.target), num(o.trade), num(o.notional), num(o.shares), o.reasons].join(","))].join("\n") + "\n";
  const f = d.forecast;
  const targets = {
    asOf: d.asOf,
    book: d.book,
    profile: config.production.profile,
    alphaModel: d.alphaModelId,
    fold: f.fold,
    retrainingDay: f.retrainingDay,
    regimeRefit: f.regimeRefitDay < 0 ? null : dayToIso(f.regimeRefitDay),
    regimeProbabilities: Array.from(f.regimeProbabilities, (p) => (Number.isFinite(p) ? p : null)),
    blocked: d.checks.blocked,
    day: { gross: d.settled.gross, net: d.settled.net, cost: d.settled.cost, turnover: d.settled.turnover, rebalanced: d.settled.rebalanced },
    riskChecks: d.checks.outcomes,
    tickers: f.panel.tickers.map((ticker, j) => ({
      ticker,
      forecast: Number.isFinite(f.forecast[j]) ? f.forecast[j] : null,
      currentWeight: d.settled.currentWeights[j],
      proposedWeight: f.proposedTarget[j],
      targetWeight: d.checks.target[j],
      position: d.settled.positions[j],
    })),
  };
  const orders = join(dir, "orders.csv"), targetsFile = join(dir, "targets.json");
  writeFileAtomicSync(orders, csv);
  writeFileAtomicSync(targetsFile, JSON.stringify(targets, null, 2) + "\n");
  return { orders, targets: targetsFile };
}

/** The journal rows of a book's day, by table. */
function journalRows(d: BookDay, monitoring: readonly MonitorReading[], shadow: boolean) {
  const { book, asOf } = d;
  const s = d.settled, f = d.forecast;
  const tickers = f.panel.tickers;
  const lines = orderLines(d);
  return {
    days: {
      columns: ["book", "as_of", "session", "gross", "net", "cost", "commission", "spread", "impact", "turnover", "gross_exposure", "net_exposure", "rebalanced", "retraining_day", "fold", "alpha_model", "regime_refit", "blocked", "block_reason", "shadow"],
      rows: [[book, asOf, d.t, s.gross, s.net, s.cost, s.commission, s.spread, s.impact, s.turnover, s.grossExposure, s.netExposure, s.rebalanced, f.retrainingDay, f.fold, d.alphaModelId, f.regimeRefitDay < 0 ? null : dayToIso(f.regimeRefitDay), d.checks.blocked !== null, d.checks.blocked, shadow]],
    },
    targets: {
      columns: ["book", "as_of", "ticker", "current_weight", "proposed_weight", "target_weight", "position"],
      rows: tickers.map((ticker, j) => [book, asOf, ticker, s.currentWeights[j], f.proposedTarget[j], d.checks.target[j], s.positions[j]]),
    },
    orders: {
      columns: ["book", "as_of", "ticker", "current_weight", "target_weight", "trade_weight", "trade_notional", "shares", "reason_codes"],
      rows: lines.map((o) => [book, asOf, o.ticker, o.current, o.target, o.trade, o.notional, o.shares, o.reasons]),
    },
    forecasts: {
      columns: ["book", "as_of", "ticker", "forecast", "volatility", "beta"],
      rows: tickers.map((ticker, j) => [book, asOf, ticker, f.forecast[j], f.volatility[j], f.beta[j]]),
    },
    regime_probabilities: {
      columns: ["book", "as_of", "regime", "probability"],
      rows: Array.from(f.regimeProbabilities, (p, k) => [book, asOf, k, p]),
    },
    risk_checks: {
      columns: ["book", "as_of", "check", "ticker", "value", "limit", "action", "reason_code"],
      rows: d.checks.outcomes.map((o) => [book, asOf, o.check, o.ticker, o.value, o.limit, o.action, o.reasonCode]),
    },
    monitoring: {
      columns: ["book", "as_of", "metric", "value", "threshold", "breached", "message"],
      rows: monitoring.map((m) => [book, asOf, m.metric, m.value, m.threshold, m.breached, m.message]),
    },
  };
}



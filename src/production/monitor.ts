/**
 * Monitoring of a live book, one reading per metric and day, each against its threshold
 * (`MonitoringConfigSchema`): the rolling live IC of the forecasts against what happened since,
 * where today's net return falls in the backtest's own distribution, feature drift (population
 * stability index of each feature over the last `icWindowDays` sessions against the champion's
 * training window), the shift of the regime probabilities since yesterday, data freshness, and the
 * costs against the backtest's. Everything reads the cut panel and the journal: bars up to today.
 */
import { icByDay } from "../analytics/ic";
import { populationStabilityIndex } from "../analytics/drift";
import { dayToIso } from "../util/dates";
import type { AlphaModelFit } from "../models/alphaModel";
import type { BookDay, BookState } from "./book";

/** One monitoring reading (`monitoring` rows). */
export interface MonitorReading {
  readonly book: string;
  readonly asOf: string;
  readonly metric: string;
  readonly value: number;
  /** The threshold it is held against (NaN: recorded only). */
  readonly threshold: number;
  readonly breached: boolean;
  readonly message: string;
}

/** The readings of one book's day (see the module comment). */
export function monitorDay(state: BookState, day: BookDay): MonitorReading[] {
  const cfg = state.production.monitoring;
  const cut = day.forecast.panel;
  const { book, asOf, t } = day;
  const N = cut.tickers.length, T = t + 1;
  const out: MonitorReading[] = [];
  const read = (metric: string, value: number, threshold: number, breached: boolean, message: string) => out.push({ book, asOf, metric, value, threshold, breached, message });

  // live IC: the forecast made h sessions ago against the h-day return realised since
  const h = state.study.walkForward.horizonDays;
  const ics: number[] = [];
  for (let s = Math.max(h, t - cfg.icWindowDays + 1); s <= t; s++) {
    const past = state.forecasts.get(dayToIso(cut.dates[s - h]));
    if (!past) continue;
    const realised = new Float64Array(N);
    for (let j = 0; j < N; j++) realised[j] = cut.close[j * T + s] / cut.close[j * T + s - h] - 1;
    const ic = icByDay(past, realised, { tickers: cut.tickers, dates: Int32Array.of(cut.dates[s]) }, { method: "rank" })[0];
    if (ic === ic) ics.push(ic);
  }
  if (ics.length >= Math.min(10, cfg.icWindowDays)) {
    const ic = ics.reduce((a, b) => a + b, 0) / ics.length;
    read("rolling_ic", ic, cfg.minRollingIc, ic < cfg.minRollingIc, `rolling ${cfg.icWindowDays}-session live rank IC ${ic.toFixed(3)} (threshold ${cfg.minRollingIc})`);
  }

  // realised against expected: today's net return's percentile among the backtest's earlier days
  const bt = day.settled.backtest;
  const start = bt ? bt.firstPositionIndex : -1;
  if (bt && start >= 0 && t - start >= 20) {
    let below = 0;
    for (let s = start; s < t; s++) if (bt.netReturn[s] <= day.settled.net) below++;
    const p = below / (t - start);
    const tail = p < cfg.pnlTailProbability || p > 1 - cfg.pnlTailProbability;
    read("pnl_percentile", p, cfg.pnlTailProbability, tail, `net return ${(day.settled.net * 1e4).toFixed(1)} bp is at percentile ${(100 * p).toFixed(1)} of the backtest's ${t - start} days`);
    // costs: the mean cost over the window against the backtest's mean cost per day
    const w = Math.min(cfg.icWindowDays, t - start);
    let recent = 0, all = 0;
    for (let s = t - w + 1; s <= t; s++) recent += bt.totalCost[s];
    for (let s = start; s <= t; s++) all += bt.totalCost[s];
    const ratio = all > 0 ? recent / w / (all / (t - start + 1)) : NaN;
    if (ratio === ratio) read("cost_ratio", ratio, cfg.maxCostRatio, ratio > cfg.maxCostRatio, `costs over the last ${w} sessions are ${ratio.toFixed(2)} x the backtest's daily mean`);
  }

  // feature drift against the champion's training window
  const championId = day.alphaModelId;
  if (championId !== null && day.settled.rebalanced && day.forecast.features) {
    const trained = day.newModels.find((m) => m.row.kind === "alpha" && m.promote);
    const model = (trained?.value as AlphaModelFit | undefined) ?? state.artifact<AlphaModelFit>(championId);
    const window = trained?.row ?? state.modelRow(championId);
    const dates = Array.from(cut.dates, dayToIso);
    const from = Math.max(0, window ? dates.indexOf(window.train_start) : 0);
    const trainEnd = Math.max(from, window ? dates.indexOf(window.train_end) + 1 : t - cfg.icWindowDays);
    const { names, values } = day.forecast.features;
    for (const name of model.featureNames) {
      const f = names.indexOf(name);
      if (f < 0) continue;
      const expected: number[] = [], actual: number[] = [];
      const stride = Math.max(1, Math.floor(((trainEnd - from) * N) / 4000)); // about 4,000 training values: the bins' edges are deciles
      for (let j = 0; j < N; j++) {
        for (let s = from; s < trainEnd; s += stride) expected.push(values[f][j * T + s]);
        for (let s = t - cfg.icWindowDays + 1; s <= t; s++) if (s >= 0) actual.push(values[f][j * T + s]);
      }
      const psi = populationStabilityIndex(expected, actual, { bins: cfg.psiBins });
      if (psi === psi) read(`psi:${name}`, psi, cfg.maxPsi, psi > cfg.maxPsi, `feature ${name}: PSI ${psi.toFixed(3)} against the training window`);
    }
  }

  // regime-probability shift since yesterday (total variation distance)
  if (t > 0) {
    const yesterday = state.regimeProbabilities.get(dayToIso(cut.dates[t - 1]));
    const today = day.forecast.regimeProbabilities;
    if (yesterday && today.every((p) => p === p) && yesterday.every((p) => p === p)) {
      let tv = 0;
      for (let k = 0; k < today.length; k++) tv += Math.abs(today[k] - yesterday[k]) / 2;
      read("regime_shift", tv, cfg.maxRegimeShift, tv > cfg.maxRegimeShift, `regime probabilities moved by ${tv.toFixed(3)} (total variation) since yesterday`);
    }
  }

  // freshness: calendar days since each member's last bar, the worst member
  let stale = 0, staleTicker = "";
  for (let j = 0; j < N; j++) {
    let s = t;
    while (s >= 0 && !(cut.close[j * T + s] > 0)) s--;
    const age = s < 0 ? Infinity : cut.dates[t] - cut.dates[s];
    if (age > stale) { stale = age; staleTicker = cut.tickers[j]; }
  }
  const maxStale = state.production.riskChecks.maxStalenessDays;
  read("staleness_days", stale, maxStale, stale > maxStale, stale > 0 ? `${staleTicker}'s last bar is ${stale} days old` : "every member has a bar on the as-of session");
  return out;
}

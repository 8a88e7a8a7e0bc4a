/**
 * The whole-study look-ahead check. If any stage leaked tomorrow's information into today's
 * signal, trading that signal one day later destroys most of its apparent edge: a genuine daily
 * signal decays gently with one more day of delay, a leaked one collapses. So the study reruns
 * portfolio construction and the backtest with every signal lagged one more day and reports how
 * much the Sharpe ratio moved; a drop larger than the config's `lookAhead.maxSharpeDrop`
 * (annualised Sharpe points; `LookAheadConfigSchema` holds its default) is flagged. It is a smoke
 * alarm, not a proof: it catches leaks of about a day, which is where they usually hide (a close
 * used before it is known, a smoothed regime, a centred window). The delay itself is `lagPanel`
 * (backtest/lag.ts).
 */
import type { BacktestResult } from "../../backtest/engine";
import { lagPanel } from "../../backtest/lag";
import { annualizedReturn } from "../../analytics/returns";
import { sharpeRatio } from "../../analytics/ratios";
import { parseConfig } from "../../config/parse";
import { LookAheadConfigSchema, type LookAheadConfigInput, type StudyConfig } from "../config";
import { backtestAlpha, type StudyMarket } from "./trading";

export interface LookAheadCheck {
  /** Annualised Sharpe of the study as run, over the days both runs traded. */
  baselineSharpe: number;
  /** The same with every signal lagged one more day. */
  laggedSharpe: number;
  /** lagged - baseline (negative: the delay cost performance). */
  sharpeChange: number;
  baselineAnnualReturn: number;
  laggedAnnualReturn: number;
  /** Days compared (both runs valid). */
  days: number;
  /** The threshold used. */
  maxSharpeDrop: number;
  /** true when the Sharpe fell by more than maxSharpeDrop: suspect look-ahead. */
  flagged: boolean;
  /** One sentence for the report. */
  verdict: string;
}

/** Options of `lookAheadCheck`: the threshold (a study config's `lookAhead.maxSharpeDrop`) and the annualisation. */
export type LookAheadCheckOptions = Pick<LookAheadConfigInput, "maxSharpeDrop"> & {
  /** Periods a year of the returns (default the analytics convention, 252). */
  periodsPerYear?: number;
};

/**
 * Compare the net returns of the study with those of the lagged rerun, over the days where both
 * are valid, and flag a suspicious collapse. A missing `maxSharpeDrop` takes the study's default
 * (`LookAheadConfigSchema`).
 * @throws ConfigError for a `maxSharpeDrop` that is not positive; an Error when the series do not align
 */
export function lookAheadCheck(baselineReturns: ArrayLike<number>, laggedReturns: ArrayLike<number>, options: LookAheadCheckOptions = {}): LookAheadCheck {
  const { maxSharpeDrop } = parseConfig(LookAheadConfigSchema, { maxSharpeDrop: options.maxSharpeDrop }, "lookAheadCheck");
  const { periodsPerYear } = options;
  if (baselineReturns.length !== laggedReturns.length) {
    throw new Error(`lookAheadCheck: baseline has ${baselineReturns.length} days and the lagged run ${laggedReturns.length}; they must align`);
  }
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < baselineReturns.length; i++) {
    const x = baselineReturns[i], y = laggedReturns[i];
    if (x === x && y === y) { a.push(x); b.push(y); }
  }
  const baselineSharpe = sharpeRatio(a, { periodsPerYear });
  const laggedSharpe = sharpeRatio(b, { periodsPerYear });
  const sharpeChange = laggedSharpe - baselineSharpe;
  const flagged = sharpeChange < -maxSharpeDrop;
  const fmt = (x: number) => (x === x ? x.toFixed(2) : "n/a");
  const verdict = flagged
    ? `SUSPECT LOOK-AHEAD: lagging every signal one more day moved the Sharpe ratio from ${fmt(baselineSharpe)} to ${fmt(laggedSharpe)} (change ${fmt(sharpeChange)}, beyond the ${maxSharpeDrop} allowed).`
    : `passed: lagging every signal one more day moved the Sharpe ratio from ${fmt(baselineSharpe)} to ${fmt(laggedSharpe)} (change ${fmt(sharpeChange)}, within the ${maxSharpeDrop} allowed).`;
  return {
    baselineSharpe,
    laggedSharpe,
    sharpeChange,
    baselineAnnualReturn: annualizedReturn(a, { periodsPerYear }),
    laggedAnnualReturn: annualizedReturn(b, { periodsPerYear }),
    days: a.length,
    maxSharpeDrop,
    flagged,
    verdict,
  };
}

/**
 * The study's look-ahead check on one alpha: build the portfolio and backtest it as given and with
 * the alpha delayed `extraLagDays` more days, and compare the net Sharpe ratios from `periodStart`
 * (default the first day the base run holds a position). `base`: the backtest of `alpha` when
 * already run. A deliberately leaky alpha (e.g. tomorrow's return) is flagged; an honest one is not.
 */
export function studyLookAhead(
  market: StudyMarket,
  alpha: Float64Array,
  volatility: Float64Array,
  config: Pick<StudyConfig, "portfolio" | "backtest" | "lookAhead" | "benchmark">,
  { periodStart, base }: { periodStart?: number; base?: BacktestResult } = {},
): { check: LookAheadCheck; base: BacktestResult; lagged: BacktestResult } {
  const baseRun = base ?? backtestAlpha(market, alpha, volatility, config);
  const lagged = backtestAlpha(market, lagPanel(alpha, market, config.lookAhead.extraLagDays), volatility, config);
  const start = Math.max(0, periodStart ?? baseRun.firstPositionIndex);
  const check = lookAheadCheck(baseRun.netReturn.subarray(start), lagged.netReturn.subarray(start), { maxSharpeDrop: config.lookAhead.maxSharpeDrop });
  return { check, base: baseRun, lagged };
}

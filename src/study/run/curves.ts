/**
 * The per-day series the study's charts draw, over the evaluation period: wealth, drawdown,
 * rolling Sharpe ratio and monthly returns. They are computed here, on the running side, so that
 * the report only arranges numbers the study has computed.
 */
import { equityCurve } from "../../analytics/returns";
import { drawdownSeries } from "../../analytics/drawdown";
import { rollingSharpe } from "../../analytics/ratios";
import { monthlyReturns } from "../../analytics/calendar";
import type { StudyConfig } from "../config";
import { dailyRiskFree, fromStart } from "./period";
import type { StudyCurves, StudyResult } from "./types";

/** The charts' series of a study from `periodStart` (rolling Sharpe over `analytics.rollingSharpeDays`, the config's risk-free rate). */
export function studyCurves(
  run: Pick<StudyResult, "backtest" | "benchmarkReturns" | "equalWeightReturns" | "periodStart">,
  config: Pick<StudyConfig, "analytics">,
): StudyCurves {
  const start = run.periodStart;
  const riskFree = dailyRiskFree(config);
  const windowDays = config.analytics.rollingSharpeDays;
  const net = fromStart(run.backtest.netReturn, start);
  const gross = fromStart(run.backtest.grossReturn, start);
  const benchmark = fromStart(run.benchmarkReturns, start);
  const equalWeight = fromStart(run.equalWeightReturns, start);
  return {
    wealth: { net: equityCurve(net), gross: equityCurve(gross), benchmark: equityCurve(benchmark), equalWeight: equityCurve(equalWeight) },
    drawdown: { net: drawdownSeries(net), benchmark: drawdownSeries(benchmark) },
    rollingSharpe: { windowDays, net: rollingSharpe(net, { windowDays, riskFree }), benchmark: rollingSharpe(benchmark, { windowDays, riskFree }) },
    monthly: monthlyReturns(fromStart(run.backtest.dates, start), net),
  };
}

/** The study's daily returns as `date,gross,net,cost` lines, the same format as a replay's. */
import type { StudyResult } from "../study/run/types";
import { dayToIso } from "../util/dates";
import { returnsCsv } from "./daily";

/** `date,gross,net,cost` of every day of the study's evaluation period (from its first position). */
export function studyReturnsCsv(study: Pick<StudyResult, "backtest" | "periodStart">): string {
  const { backtest: bt, periodStart } = study;
  const rows = [];
  for (let t = periodStart; t < bt.dates.length; t++) rows.push({ date: dayToIso(bt.dates[t]), gross: bt.grossReturn[t], net: bt.netReturn[t], cost: bt.totalCost[t] });
  return returnsCsv(rows);
}

import type { Figure } from "./figure";
import { dayToIso } from "../util/dates";
import { baseLayout } from "./theme";

/** Several named series over the same epoch-day dates, one line each. */
export function lineChart(
  dates: ArrayLike<number>,
  series: Record<string, ArrayLike<number>>,
  { title = "", yTitle = "", logY = false }: { title?: string; yTitle?: string; logY?: boolean } = {},
): Figure {
  const x = Array.from(dates, dayToIso);
  return {
    data: Object.entries(series).map(([name, y]) => ({ type: "scatter", mode: "lines", name, x, y: Array.from(y), line: { width: 1.4 } })),
    layout: baseLayout({ title: { text: title }, yaxis: { title: { text: yTitle }, type: logY ? "log" : "linear" } }),
  };
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { drawdownSeries, equityCurve, monthlyReturns, performanceByRegime, rollingSharpe } from "../../src/analytics";
import {
  costSensitivityChart,
  drawdownChart,
  equityCurveChart,
  monthlyReturnsHeatmap,
  regimeReturnsChart,
  rollingSharpeChart,
  sharpeIntervalChart,
} from "../../src/charts/performance";
import { isoToDay } from "../../src/util/dates";

const dates = Int32Array.from({ length: 6000 }, (_, i) => isoToDay("2001-01-01") + i);
const returns = Float64Array.from({ length: 6000 }, (_, i) => 0.01 * Math.sin(i / 7) + 0.0002);

test("equity, drawdown and rolling Sharpe charts thin long series and turn NaN into gaps", () => {
  const wealth = equityCurve(returns);
  const eq = equityCurveChart(dates, { strategy: wealth, benchmark: wealth });
  assert.equal(eq.data.length, 2);
  assert.ok((eq.data[0].x as string[]).length <= 2501);
  assert.equal((eq.data[0].x as string[])[0], "2001-01-01");
  const dd = drawdownChart(dates, { strategy: drawdownSeries(returns) });
  const ddY = dd.data[0].y as number[];
  assert.ok(ddY.every((v) => v <= 0), "drawdowns in percent, never above zero");
  const roll = rollingSharpeChart(dates, { strategy: rollingSharpe(returns, { windowDays: 126 }) }, { windowDays: 126 });
  assert.equal((roll.data[0].y as (number | null)[])[0], null, "warm-up NaN shown as a gap");
  assert.throws(() => equityCurveChart(dates, { short: [1, 2] }), /a series has 2 values for 6000 dates/);
});

test("monthly heatmap has a row per year and 12 months plus the year total, in percent", () => {
  const m = monthlyReturns(dates, returns);
  const fig = monthlyReturnsHeatmap(m);
  const z = fig.data[0].z as (number | null)[][];
  assert.equal(z.length, m.years.length);
  assert.equal(z[0].length, 13);
  assert.ok(Math.abs((z[0][0] as number) - m.values[0] * 100) < 1e-12);
  assert.ok(Math.abs((z[0][12] as number) - m.yearTotals[0] * 100) < 1e-12);
  assert.equal(fig.data[0].zmin, -(fig.data[0].zmax as number), "colour scale symmetric around zero");
});

test("regime, cost sweep and Sharpe interval charts carry the numbers they are given", () => {
  const rows = performanceByRegime([0.01, -0.01, 0.02], [0, 1, 0], { labels: ["calm", "stress"] });
  const fig = regimeReturnsChart(rows);
  assert.deepEqual(fig.data[0].x, ["calm", "stress"]);
  assert.ok(Math.abs((fig.data[0].y as number[])[0] - 0.015 * 252 * 100) < 1e-9);
  const sweep = costSensitivityChart([0, 5, 10], { net: [1.2, 0.8, NaN] });
  assert.deepEqual(sweep.data[0].y, [1.2, 0.8, null]);
  assert.throws(() => costSensitivityChart([0, 5], { net: [1] }), /series "net" has 1 values for 2 cost levels/);
  const ci = sharpeIntervalChart({ strategy: { sharpe: 1, lower: 0.5, upper: 1.6 } }, { markers: { "E[max SR]": 0.8 } });
  const err = ci.data[0].error_x as { array: number[]; arrayminus: number[] };
  assert.ok(Math.abs(err.array[0] - 0.6) < 1e-12 && Math.abs(err.arrayminus[0] - 0.5) < 1e-12);
  assert.equal((ci.layout!.shapes as { x0: number }[])[0].x0, 0.8);
});

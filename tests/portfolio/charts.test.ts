import { test } from "node:test";
import assert from "node:assert/strict";
import { exposureChart, turnoverCostChart, positionsHeatmap, dayWeightsChart } from "../../src/charts/portfolio";
import { runBacktest } from "../../src/backtest/engine";
import { isoToDay } from "../../src/util/dates";

const dates = Int32Array.from({ length: 10 }, (_, t) => isoToDay("2024-03-01") + t);
type Trace = { name?: string; x: unknown[]; y: unknown[]; z?: unknown[][]; yaxis?: string };

test("exposureChart() shows gross and net in % of NAV, averaged over day buckets beyond maxPoints", () => {
  const grossExposure = Float64Array.from({ length: 10 }, (_, t) => 0.1 * t);
  const netExposure = new Float64Array(10).fill(NaN);
  netExposure[9] = 0.5;
  const fig = exposureChart({ dates, grossExposure, netExposure }, { maxPoints: 5 });
  const [gross, net] = fig.data as Trace[];
  assert.deepEqual([gross.name, net.name], ["gross", "net"]);
  // buckets of 2 days: means of (0, 0.1), (0.2, 0.3), ... in percent; x = each bucket's last day
  assert.deepEqual(gross.y.map((v) => Number((v as number).toFixed(10))), [5, 25, 45, 65, 85]);
  assert.deepEqual(gross.x, ["2024-03-02", "2024-03-04", "2024-03-06", "2024-03-08", "2024-03-10"]);
  assert.deepEqual(net.y, [null, null, null, null, 50], "all-NaN buckets are gaps");
  assert.match(String((fig.layout!.title as { text: string }).text), /mean over 2-day buckets/);
  // short series are shown day by day
  assert.equal((exposureChart({ dates, grossExposure, netExposure }).data[0] as Trace).y.length, 10);
  assert.throws(() => exposureChart({ dates, grossExposure: grossExposure.subarray(1), netExposure }), /exposureChart: grossExposure has 9 values for 10 dates/);
});

test("turnoverCostChart() stacks the three costs in bps under the turnover panel", () => {
  const market = { tickers: ["A", "B"], dates: dates.subarray(0, 3), close: new Float64Array([10, 11, 12, 20, 20, 21]) };
  const result = runBacktest(market, new Float64Array([0.5, 0.5, 0, -0.5, -0.5, 0]), { commissionBps: 1, halfSpreadBps: 2, impactModel: "sqrtTrade", impactCoefficient: 1e-4 });
  const fig = turnoverCostChart(result);
  const traces = fig.data as Trace[];
  assert.deepEqual(traces.map((t) => t.name), ["turnover", "commission", "half spread", "impact"]);
  assert.deepEqual(traces.slice(1).map((t) => t.yaxis), ["y2", "y2", "y2"]);
  // day 0: turnover 1 (100%), commission 1 bp of NAV, spread 2 bp
  assert.equal(traces[0].y[0], 100);
  assert.ok(Math.abs((traces[1].y[0] as number) - 1) < 1e-12 && Math.abs((traces[2].y[0] as number) - 2) < 1e-12);
});

test("positionsHeatmap() is tickers x time in % of NAV with a symmetric colour range", () => {
  const weights = new Float64Array(20);
  for (let t = 0; t < 10; t++) {
    weights[t] = 0.02 * t; // A
    weights[10 + t] = -0.1; // B
  }
  const fig = positionsHeatmap({ tickers: ["A", "B"], dates, weights }, { maxColumns: 5 });
  const trace = fig.data[0] as Trace & { zmin: number; zmax: number };
  assert.deepEqual(trace.y, ["A", "B"]);
  assert.equal(trace.z!.length, 2);
  assert.deepEqual(trace.z![1], [-10, -10, -10, -10, -10]);
  assert.ok(Math.abs((trace.z![0][4] as number) - 17) < 1e-12, "A's last bucket: mean of 16% and 18%");
  assert.equal(trace.zmax, 17);
  assert.equal(trace.zmin, -17);
  assert.throws(() => positionsHeatmap({ tickers: ["A"], dates }), /needs positions \(a BacktestResult\) or weights/);
});

test("dayWeightsChart() sorts one day's weights, hides flat tickers, and names a missing date", () => {
  const weights = new Float64Array(30);
  const T = 10;
  [0.05, -0.02, 0].forEach((w, j) => (weights[j * T + 4] = w));
  const fig = dayWeightsChart({ tickers: ["A", "B", "C"], dates, weights }, "2024-03-05");
  const trace = fig.data[0] as Trace;
  assert.deepEqual(trace.y, ["B", "A"]);
  assert.deepEqual(trace.x, [-2, 5]);
  assert.deepEqual((dayWeightsChart({ tickers: ["A", "B", "C"], dates, weights }, isoToDay("2024-03-05"), { hideFlat: false }).data[0] as Trace).y, ["B", "C", "A"]);
  assert.throws(() => dayWeightsChart({ tickers: ["A", "B", "C"], dates, weights }, "2025-01-01"), /dayWeightsChart: 2025-01-01 is not one of the result's dates/);
});

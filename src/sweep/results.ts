/**
 * What a sweep found: one row per trial (results.csv), the deflated Sharpe ratio of the best trial
 * with every trial counted, and the per-parameter summaries the report draws.
 */
import { deflatedSharpeRatio, type DsrResult } from "../analytics/significance";
import { dailyRiskFree } from "../study/run/period";
import { studyEffectiveTrials } from "../study/run/summary";
import type { TrialMetrics, TrialOutcome } from "./evaluate";
import type { SweepTrial } from "./trials";

/** results.csv's metric columns, in order, and the field of `TrialMetrics` each holds. */
export const SWEEP_METRIC_COLUMNS: readonly (readonly [string, keyof TrialMetrics])[] = [
  ["net_sharpe", "netSharpe"],
  ["beta", "beta"],
  ["alpha", "alpha"],
  ["residual_sharpe", "residualSharpe"],
  ["turnover", "turnover"],
  ["costs", "costs"],
  ["max_drawdown", "maxDrawdown"],
];

/** One CSV field: numbers in their shortest round-trip form (so equal doubles print equal bytes), other values as JSON, quoted when needed. */
function csvField(value: unknown): string {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * results.csv: `trial_id`, one column per varied path (the grid's order), then the metric
 * columns; one row per trial in grid order. NaN prints as NaN (pandas reads it as such).
 * @throws when a trial has no outcome or the two lists do not line up
 */
export function sweepResultsCsv(paths: readonly string[], trials: readonly SweepTrial[], outcomes: readonly TrialOutcome[]): string {
  if (trials.length !== outcomes.length) throw new Error(`sweepResultsCsv: ${trials.length} trials but ${outcomes.length} outcomes`);
  const header = ["trial_id", ...paths, ...SWEEP_METRIC_COLUMNS.map(([c]) => c)];
  const rows = trials.map((t, i) => {
    const o = outcomes[i];
    if (o.id !== t.id) throw new Error(`sweepResultsCsv: row ${i} is trial ${t.id} but its outcome is trial ${o.id}`);
    return [t.id, ...paths.map((p) => t.values[p]), ...SWEEP_METRIC_COLUMNS.map(([, k]) => o.metrics[k])].map(csvField).join(",");
  });
  return [header.join(","), ...rows].join("\n") + "\n";
}

/** The deflated Sharpe ratio of the best trial, two ways. */
export interface SweepSignificance {
  /** Index (in the trials' order) of the trial with the highest net Sharpe ratio; the first on ties. */
  readonly bestIndex: number;
  readonly bestId: string;
  /** Every trial counted, the trials' own spread of Sharpe ratios as the variance (`deflatedSharpeRatio` with `trialSharpes`). */
  readonly deflated: DsrResult;
  /**
   * The effective number of independent trials (Li & Ji 2005, from the correlation of the trials'
   * daily net returns), each with the sampling variance of one Sharpe estimate under the null.
   */
  readonly deflatedEffective: DsrResult & { readonly effectiveTrials: number; readonly meanCorrelation: number };
}

/**
 * The best trial's deflated Sharpe ratio with every trial of the sweep counted: as `trials.length`
 * trials whose Sharpe ratios spread like the sweep's, and as the effective number of independent
 * trials (the study's own `studyEffectiveTrials`, with no declared extra trials). The risk-free
 * rate is the best trial's.
 * @throws when no trial has a finite net Sharpe ratio
 */
export function sweepSignificance(trials: readonly SweepTrial[], outcomes: readonly TrialOutcome[]): SweepSignificance {
  let best = -1;
  for (let i = 0; i < outcomes.length; i++) {
    const s = outcomes[i].metrics.netSharpe;
    if (Number.isFinite(s) && (best < 0 || s > outcomes[best].metrics.netSharpe)) best = i;
  }
  if (best < 0) throw new Error("sweepSignificance: no trial has a finite net Sharpe ratio");
  const riskFree = dailyRiskFree(trials[best].config);
  const net = outcomes[best].netReturns;
  const sharpes = outcomes.map((o) => o.metrics.netSharpe).filter(Number.isFinite);
  const effective = studyEffectiveTrials(outcomes, { analytics: { extraTrials: 0 } });
  return {
    bestIndex: best,
    bestId: outcomes[best].id,
    deflated: deflatedSharpeRatio(net, { trials: outcomes.length, trialSharpes: sharpes.length >= 2 ? sharpes : undefined, riskFree }),
    deflatedEffective: { ...deflatedSharpeRatio(net, { trials: effective.effectiveTrials, riskFree }), effectiveTrials: effective.effectiveTrials, meanCorrelation: effective.meanCorrelation },
  };
}

/** The distinct values of a varied path in the order the grid lists them, as labels (JSON for non-strings). */
export function pathLabels(grid: Readonly<Record<string, readonly unknown[]>>, path: string): string[] {
  return [...new Set(grid[path].map(valueLabel))];
}

function valueLabel(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * The mean of a metric over the trials in each cell of two varied paths (rows `yPath`, columns
 * `xPath`, in the grid's order of values); NaN where no trial fell (a random sample) or none was finite.
 */
export function sweepCellMeans(
  grid: Readonly<Record<string, readonly unknown[]>>,
  xPath: string,
  yPath: string,
  trials: readonly SweepTrial[],
  outcomes: readonly TrialOutcome[],
  metric: keyof TrialMetrics = "netSharpe",
): { x: string[]; y: string[]; z: Float64Array[] } {
  const x = pathLabels(grid, xPath), y = pathLabels(grid, yPath);
  const sum = y.map(() => new Float64Array(x.length)), count = y.map(() => new Float64Array(x.length));
  trials.forEach((t, i) => {
    const v = outcomes[i].metrics[metric];
    if (!Number.isFinite(v)) return;
    const a = y.indexOf(valueLabel(t.values[yPath])), b = x.indexOf(valueLabel(t.values[xPath]));
    sum[a][b] += v;
    count[a][b] += 1;
  });
  return { x, y, z: sum.map((row, a) => row.map((s, b) => (count[a][b] > 0 ? s / count[a][b] : NaN))) };
}

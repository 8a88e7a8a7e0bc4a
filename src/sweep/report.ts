/**
 * The sweep's one-page HTML report: what was tried, the best trial and its deflated Sharpe ratio
 * with every trial counted, one chart per varied parameter, a heatmap of the first two, the
 * results table and the provenance. Built with the study's report page (plotly.js embedded once).
 */
import { sweepHeatmap, sweepParameterChart } from "../charts/sweep";
import { buildProvenance, panelDataProvenance } from "../study/run/provenance";
import { studyReportHtml, textBlock, type ReportBlock } from "../study/report/html";
import { pathLabels, SWEEP_METRIC_COLUMNS, sweepCellMeans } from "./results";
import type { SweepResult } from "./run";

const fixed = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const label = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The sentences that state the best trial and its deflated Sharpe ratios (also what the CLI prints). */
export function sweepSignificanceText(result: Pick<SweepResult, "trials" | "outcomes" | "significance">): string {
  const { significance: s, trials, outcomes } = result;
  const best = trials[s.bestIndex];
  const values = Object.entries(best.values).map(([p, v]) => `${p} = ${label(v)}`).join(", ");
  return (
    `Best of ${trials.length} trials: ${best.id} (${values}), net Sharpe ratio ${fixed(outcomes[s.bestIndex].metrics.netSharpe)}. ` +
    `Deflated Sharpe ratio ${fixed(s.deflated.deflatedSharpe)} counting all ${s.deflated.trials} trials, their Sharpe ratios' spread as the trials' variance ` +
    `(expected maximum Sharpe of that many unskilled trials ${fixed(s.deflated.expectedMaxSharpe)}); ` +
    `${fixed(s.deflatedEffective.deflatedSharpe)} counting them as ${fixed(s.deflatedEffective.effectiveTrials, 1)} effective independent trials ` +
    `(Li and Ji 2005 on the correlation of the trials' daily net returns, mean correlation ${fixed(s.deflatedEffective.meanCorrelation, 2)}), each with one Sharpe estimate's sampling variance.`
  );
}

/** The report page of a sweep. */
export function sweepReport(result: SweepResult): string {
  const { paths, trials, outcomes, significance, sweep } = result;
  const sharpes = outcomes.map((o) => o.metrics.netSharpe);
  const blocks: ReportBlock[] = [
    textBlock(
      `${trials.length} trials over ${paths.length} varied config path(s): ${paths.join(", ")}` +
        (sweep.random ? ` (a random sample of the grid, seed ${sweep.random.seed})` : " (every combination of the grid)") +
        `. Each trial's statistics are the study's summary.strategy for that config, over its evaluation period.`,
    ),
    textBlock("Significance of the best trial", "h2"),
    textBlock(sweepSignificanceText(result)),
    textBlock("Net Sharpe ratio by parameter", "h2"),
  ];
  for (const path of paths) {
    const figure = sweepParameterChart(path, pathLabels(sweep.grid, path), trials.map((t) => label(t.values[path])), sharpes, { best: significance.bestIndex });
    blocks.push({ kind: "figure", figure, caption: `Each marker is one trial; the star is the best. Other paths vary across the markers of one ${path} value.` });
  }
  if (paths.length >= 2) {
    const [x, y] = paths;
    blocks.push({ kind: "figure", figure: sweepHeatmap(x, y, sweepCellMeans(sweep.grid, x, y, trials, outcomes)), caption: `Mean net Sharpe ratio of the trials in each cell${paths.length > 2 ? " (averaged over the other paths)" : ""}.` });
  }
  const table: Record<string, (string | number)[]> = { trial_id: trials.map((t) => t.id) };
  for (const p of paths) table[p] = trials.map((t) => label(t.values[p]));
  for (const [column, key] of SWEEP_METRIC_COLUMNS) table[column] = outcomes.map((o) => o.metrics[key]);
  blocks.push(textBlock("Every trial (results.csv)", "h2"), { kind: "table", table, options: { digits: 3 } });
  const provenance = buildProvenance({
    config: { base: sweep.base, grid: sweep.grid, random: sweep.random ?? null },
    seeds: sweep.random ? { "random.seed": sweep.random.seed } : {},
    data: panelDataProvenance({ metadata: result.metadata }),
  });
  return studyReportHtml({ title: "Sweep", blocks, provenance });
}

/**
 * What the CLI writes for a study: `summary.json` (every headline number, the variants, the cost
 * sweep, the provenance; no per-day arrays) and `report.html` (one self-contained page: plotly.js
 * embedded once, the figures, the tables, the provenance block).
 */
import { toJsonValue } from "../../notebook/json";
import { escapeHtml } from "../../util/html";
import type { StudyResult } from "../run/types";
import { studyReportHtml, textBlock, type ReportBlock } from "./html";
import { studyFigures, studyIcTable, studyPerformanceTable, studyRegimeTable, studySignificanceCaption, studySignificanceTable, studyVariantsTable } from "./views";

/** The study's numbers as a plain JSON-ready object (NaN and Infinity become null). */
export function studySummaryObject(study: StudyResult): Record<string, unknown> {
  return toJsonValue({
    title: study.config.title,
    summary: study.summary,
    alphaComparison: study.alphaComparison.names.map((name, i) => {
      const { dailyIc: _ic, dailyRankIc: _rank, ...numbers } = study.alphaComparison.evaluations[i];
      return { name, ...numbers };
    }),
    variants: study.variants.map(({ netReturns: _returns, ...rest }) => rest),
    costSweep: { ...study.costSweep, withImpact: Array.from(study.costSweep.withImpact), linearOnly: Array.from(study.costSweep.linearOnly) },
    regimes: { names: study.regimes.names, refits: study.regimes.refitDays.length, firstDay: study.panel.dates[study.regimes.firstRow] ?? null },
    models: { refits: study.models.folds.length, featureNames: study.models.featureNames, meanImportance: Array.from(study.models.meanImportance) },
    provenance: study.provenance,
  }) as Record<string, unknown>;
}

/** `studySummaryObject` as indented JSON text. */
export function studySummaryJson(study: StudyResult): string {
  return `${JSON.stringify(studySummaryObject(study), null, 2)}\n`;
}

const pct = (x: number, digits = 1) => (x === x ? `${(100 * x).toFixed(digits)}%` : "n/a");
const num = (x: number, digits = 2) => (x === x ? x.toFixed(digits) : "n/a");

/** The report's blocks in order: headline, performance, the portfolio, risk, regimes, costs, significance, look-ahead. */
export function studyReportBlocks(study: StudyResult): ReportBlock[] {
  const s = study.summary;
  const f = studyFigures(study);
  const la = s.lookAhead;
  return [
    {
      kind: "markdown",
      html:
        `<p>Trading <b>${escapeHtml(study.config.alpha)}</b> alpha with the <b>${escapeHtml(study.config.portfolio.scheme)}</b> scheme on ${study.panel.tickers.length} assets, ` +
        `${escapeHtml(s.period.start)} to ${escapeHtml(s.period.end)} (${s.period.days} days, out of sample). ` +
        `Net Sharpe <b>${num(s.strategy.sharpe)}</b> (bootstrap ${Math.round(s.significance.bootstrap.confidence * 100)}% interval ${num(s.significance.bootstrap.lower)} to ${num(s.significance.bootstrap.upper)}), ` +
        `annual return ${pct(s.strategy.annualizedReturn)}, volatility ${pct(s.strategy.annualizedVolatility)}, max drawdown ${pct(s.strategy.maxDrawdown)}; ` +
        `deflated Sharpe ratio ${num(s.significance.deflatedEffective.deflatedSharpe, 3)} over ${num(s.significance.deflatedEffective.effectiveTrials, 1)} effective independent trials ` +
        `(${num(s.significance.deflated.deflatedSharpe, 3)} counting all ${s.significance.deflated.trials} trials with the variants' spread).</p>` +
        `<p class="${la.flagged ? "flag" : "ok"}">Look-ahead check ${escapeHtml(la.verdict)}</p>` +
        `<p>Features: ${s.features.computed} computed; skipped: ${s.features.skipped.length ? s.features.skipped.map((k) => `${escapeHtml(k.feature)} (${escapeHtml(k.reason)})`).join(", ") : "none"}.</p>`,
    },
    textBlock("Performance", "h2"),
    { kind: "table", table: studyPerformanceTable(study), options: { caption: "Daily returns over the evaluation period; conventions: 252 days, geometric annual return, arithmetic Sharpe" } },
    { kind: "figure", figure: f.equity },
    { kind: "figure", figure: f.drawdown },
    { kind: "figure", figure: f.rollingSharpe },
    { kind: "figure", figure: f.monthly },
    textBlock("Portfolio and trading", "h2"),
    { kind: "figure", figure: f.exposure },
    { kind: "figure", figure: f.positions },
    { kind: "figure", figure: f.turnoverCosts },
    {
      kind: "markdown",
      html: `<p>Costs per year: commission ${pct(s.costs.commission, 2)}, half spread ${pct(s.costs.spread, 2)}, impact ${pct(s.costs.impact, 2)}, total ${pct(s.costs.total, 2)} of NAV. Turnover ${num(s.strategy.annualizedTurnover, 1)} x NAV a year.</p>`,
    },
    { kind: "figure", figure: f.costSweep },
    textBlock("Regimes", "h2"),
    { kind: "table", table: studyRegimeTable(study), options: { caption: "Net returns by the filtered regime known at the previous close", percent: ["share of days", "annualised mean", "annualised volatility", "hit rate", "share of P&L"] } },
    { kind: "figure", figure: f.byRegime },
    textBlock("Significance", "h2"),
    { kind: "table", table: studySignificanceTable(study), options: { caption: studySignificanceCaption(study) } },
    { kind: "figure", figure: f.sharpeInterval },
    { kind: "table", table: studyVariantsTable(study), options: { caption: "Every variant backtested (the trials of the deflated Sharpe ratio)", digits: 3, percent: ["annual return", "cost drag / yr"] } },
    {
      kind: "table",
      table: studyIcTable(study),
      options: {
        caption: `IC of the traded alpha. Headline t: Hansen-Hodrick, uniform weights on the ${s.ic.horizonDays - 1} lags that ${s.ic.horizonDays}-day overlapping targets make non-zero (the iid t for the next day); Newey-West's down-weighted lags beside it`,
        digits: 3,
        percent: ["share of days > 0"],
      },
    },
    {
      kind: "table",
      table: study.alphaComparison.table,
      options: { caption: `Out-of-sample forecast quality (${study.config.walkForward.horizonDays}-day forward returns, common pairs)`, digits: 3, percent: ["hit rate"] },
    },
  ];
}

/** The self-contained HTML report of a study. */
export function studyReport(study: StudyResult): string {
  return studyReportHtml({ title: study.config.title, blocks: studyReportBlocks(study), provenance: study.provenance });
}

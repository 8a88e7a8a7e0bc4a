/**
 * The study: in, one study config (study.json via `loadStudyConfig`, or a partial object that takes the defaults);
 * out, every stage's result on the shipped data, the headline numbers, the look-ahead check, the
 * provenance (data hashes, config, seeds, package versions), and the CLI's summary.json and
 * self-contained HTML report. Notebooks 05 and 06 and `alpha-engine run` all call `runStudy`; the
 * views (`studyPeriod`, `studyFigures`, the `study*Table`s) turn its result into what they show.
 *
 * Two halves, imports flowing one way: run/ computes (the pipeline's steps, the memo, the
 * look-ahead check, the provenance) and report/ arranges what run/ computed (views, tables,
 * figures, summary.json, the HTML page, the provenance as Markdown or HTML), computing no statistic.
 * The memo cache under the study's steps stays internal.
 */
export { StudyConfigSchema, parseStudyConfig, loadStudyConfig, studyAlphaNames, momentumAlphaName } from "./config";
export type { StudyConfig, StudyConfigInput, StudyAlphaName, MomentumAlphaName } from "./config";
export { runStudy } from "./run/pipeline";
export type { StudyResult, StudySummary, StudyRegimes, StudyModels, StudyVariant, CostSweep, StudyCurves, RunStudyOptions } from "./run/types";
export { studyPeriod, studyFigures, studyPerformanceTable, studyVariantsTable, studyRegimeTable, studySignificanceTable, studySignificanceCaption, studyIcTable } from "./report/views";
export type { StudyPeriod, StudyFigures } from "./report/views";
export { studySummaryObject, studySummaryJson, studyReportBlocks, studyReport } from "./report/output";
export { studyReportHtml, textBlock } from "./report/html";
export type { ReportBlock } from "./report/html";
export { buildProvenance, panelDataProvenance } from "./run/provenance";
export { provenanceMarkdown, provenanceHtml } from "./report/provenance";
export type { Provenance, DataProvenance } from "./run/provenance";
export { lookAheadCheck, studyLookAhead } from "./run/lookahead";
export { checkStudyTickers } from "./run/tickers";
export type { LookAheadCheck, LookAheadCheckOptions } from "./run/lookahead";

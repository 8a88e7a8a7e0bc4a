/**
 * The study: in, one study config (study.json via `loadStudyConfig`, or a partial object that takes the defaults);
 * out, every stage's result on the shipped data, the headline numbers, the look-ahead check, the
 * provenance (data hashes, config, seeds, package versions), and the CLI's summary.json and
 * self-contained HTML report. Notebooks 05 and 06 and `alpha-engine run` all call `runStudy`; the
 * views (`studyPeriod`, `studyFigures`, the `study*Table`s) turn its result into what they show.
 * The memo cache under the study's steps stays internal.
 */
export { StudyConfigSchema, parseStudyConfig, loadStudyConfig, studyAlphaNames, momentumAlphaName } from "./config";
export type { StudyConfig, StudyConfigInput, StudyAlphaName, MomentumAlphaName } from "./config";
export { runStudy, studyLookAhead } from "./pipeline";
export type { StudyResult, StudySummary, StudyRegimes, StudyModels, StudyVariant, CostSweep, RunStudyOptions } from "./pipeline";
export { studyPeriod, studyFigures, studyPerformanceTable, studyVariantsTable, studyRegimeTable, studySignificanceTable } from "./views";
export type { StudyPeriod, StudyFigures } from "./views";
export { studySummaryObject, studySummaryJson, studyReportBlocks, studyReport } from "./output";
export { studyReportHtml, textBlock } from "./report";
export type { ReportBlock } from "./report";
export { buildProvenance, panelDataProvenance, provenanceMarkdown, provenanceHtml } from "./provenance";
export type { Provenance, DataProvenance } from "./provenance";
export { lookAheadCheck } from "./lookahead";
export type { LookAheadCheck } from "./lookahead";

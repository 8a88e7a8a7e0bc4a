/**
 * Sweeps: many study configurations, on every core or on a cluster. In: a sweep config (a base
 * study, a grid of values at config paths, optionally a seeded random sample of it). Out: one row
 * of strategy statistics per trial (results.csv), the best trial's deflated Sharpe ratio with every
 * trial counted, and a report page. Trials that share data, features, regimes and forests compute
 * them once; trials run on worker threads (piscina) or as BullMQ jobs on Redis, with the same
 * numbers either way.
 */
export { SweepConfigSchema, SweepRunConfigSchema, SweepWorkerConfigSchema, parseSweepConfig, loadSweepConfig } from "./config";
export type { SweepConfig, SweepConfigInput, LoadedSweepConfig, SweepRunConfig, SweepRunConfigInput, SweepWorkerConfig, SweepWorkerConfigInput } from "./config";
export { sweepTrials, sweepTrialId, sweepIndices, gridPoint, gridSize } from "./trials";
export type { SweepTrial } from "./trials";
export { sweepUpstream, sweepUpstreamKey, shareUpstream, evaluateTrials, loadSweepData } from "./evaluate";
export type { SweepUpstream, SweepData, TrialMetrics, TrialOutcome, UpstreamRun, UpstreamConfig } from "./evaluate";
export { sweepResultsCsv, sweepSignificance, sweepCellMeans, pathLabels, SWEEP_METRIC_COLUMNS } from "./results";
export type { SweepSignificance } from "./results";
export { runSweep, writeSweepOutputs } from "./run";
export type { SweepResult } from "./run";
export { sweepReport, sweepSignificanceText } from "./report";
export { runTrialsOnQueue, startSweepWorker, sweepQueueName, redisConnection, trialJobId } from "./queue";
export type { SweepWorker } from "./queue";
export { createTrialPool } from "./pool";
export type { TrialPool } from "./pool";

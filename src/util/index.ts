/**
 * Shared helpers. In: epoch days (days since 1970-01-01, the date every array in the engine
 * carries) or ISO strings, and a seed. Out: ISO dates, weekdays, year-months and chart-axis Dates,
 * and a seeded random number generator (the only randomness any stage uses); the progress
 * reporter every long step uses (notebook display, terminal bar or log lines); the one number
 * formatter of tables, reports and chart hover labels; the loader of
 * optional packages; the folder relative paths resolve against. The correlation kernels, HTML
 * escaping and the kernel seam underneath stay internal to the stages that use them.
 */
export { isoToDay, dayToIso, weekday, yearMonth, dayToDate } from "./dates";
export { createRng } from "./rng";
export type { Rng } from "./rng";
export { createProgress, showProgress, progressCallback, progressListener, progressEvent, progressLine, formatDuration } from "./progress";
export type { ProgressEvent, ProgressReporter, ProgressMode, ProgressOptions } from "./progress";
export { requireOptional, MissingOptionalPackageError } from "./optional";
export { workspaceRoot } from "./workspace";
export { formatNumber, formatFixed, columnFormatter, decimalsFor, hoverValue, FLOAT_NOISE } from "./format";
export type { NumberFormatOptions, HoverUnit } from "./format";

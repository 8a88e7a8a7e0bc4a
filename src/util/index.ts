/**
 * Shared helpers. In: epoch days (days since 1970-01-01, the date every array in the engine
 * carries) or ISO strings, and a seed. Out: ISO dates, weekdays, year-months and chart-axis Dates,
 * and a seeded random number generator (the only randomness any stage uses). The correlation
 * kernels and HTML escaping underneath stay internal to the stages that use them.
 */
export { isoToDay, dayToIso, weekday, yearMonth, dayToDate } from "./dates";
export { createRng } from "./rng";
export type { Rng } from "./rng";

/** Small shared helpers: epoch-day dates and the seeded random number generator. */
export * from "./dates";
export * from "./rng";

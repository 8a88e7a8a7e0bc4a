/** Small shared helpers: epoch-day dates, the seeded random number generator, correlation kernels. */
export * from "./dates";
export * from "./rng";
export * from "./correlation";
export * from "./html";

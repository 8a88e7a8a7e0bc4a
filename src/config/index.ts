/**
 * Configuration: one zod schema per stage, with defaults. In: plain objects (e.g. from
 * study.json or a notebook's `config`). Out: fully-defaulted, validated configs; an invalid
 * field raises ConfigError naming the field and the allowed range.
 */
export * from "./parse";
export * from "./data";
export * from "./features";
export * from "./regimes";
export * from "./models";
export * from "./portfolio";
export * from "./backtest";

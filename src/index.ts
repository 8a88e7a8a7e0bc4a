/**
 * Cross-Asset Alpha Engine: public API, grouped by pipeline stage.
 * data -> features -> regimes -> models -> portfolio -> backtest -> analytics,
 * with charts and the notebook display extension on the side.
 */
export * from "./util";
export * from "./config";
export * from "./data/types";
export * from "./data";
export * from "./features";
export * from "./regimes";
export * from "./models";
export * from "./portfolio";
export * from "./backtest";
export * from "./analytics";
export * from "./study";
export * from "./charts";
export * from "./notebook";

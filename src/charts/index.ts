/**
 * Chart builders: one function per chart, each returning a Plotly `Figure` for
 * `show(figure)` in a notebook or for the CLI's HTML report. No statistics are computed
 * here: builders take what the stages computed and only arrange it for display.
 */
export type { Figure } from "./figure";
export { thinIndices, bucketMeans, finiteOrNull } from "./downsample";
export type { BucketMeans } from "./downsample";
export * from "./theme";
export * from "./basic";
export * from "./data";
export * from "./features";
export * from "./regimes";
export * from "./models";
export * from "./portfolio";
export * from "./performance";

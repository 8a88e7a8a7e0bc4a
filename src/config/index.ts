/**
 * Configuration: one zod schema per stage, the only place a default is written. In: plain objects
 * (from study.json, a notebook's `config`, or nothing at all). Out: fully-defaulted, validated
 * configs (`parseXxxConfig`, or `parseConfig(XxxConfigSchema, input, name)`); an invalid field
 * raises ConfigError naming the field, what was expected and what arrived. `withDefaults` derives a
 * schema with some defaults replaced, so a composed config states only its own choices.
 */
export { ConfigError, parseConfig, withDefaults } from "./parse";
export type { DeepPartial } from "./parse";
export { DataConfigSchema, parseDataConfig, InlineUniverseSchema, UNIVERSE_ASSET_CLASSES } from "./data";
export type { DataConfig, InlineUniverse } from "./data";
export { FeaturesConfigSchema, parseFeaturesConfig } from "./features";
export type { FeaturesConfig, FeaturesConfigInput } from "./features";
export {
  HmmConfigSchema,
  HmmFitConfigSchema,
  RegimeFeatureConfigSchema,
  RegimeFeatureMatrixConfigSchema,
  RegimeSelectionConfigSchema,
  RegimeWalkForwardConfigSchema,
  WalkForwardRegimesConfigSchema,
  RegimeConfigSchema,
  parseHmmConfig,
  parseRegimeConfig,
} from "./regimes";
export type {
  HmmConfig,
  HmmConfigInput,
  HmmFitConfig,
  HmmFitConfigInput,
  RegimeFeatureConfig,
  RegimeFeatureMatrixConfigInput,
  RegimeSelectionConfig,
  RegimeSelectionConfigInput,
  RegimeWalkForwardConfig,
  WalkForwardRegimesConfigInput,
  RegimeConfig,
  RegimeConfigInput,
} from "./regimes";
export { ForestConfigSchema, ModelConfigSchema, WalkForwardConfigSchema, FeatureSelectionConfigSchema, parseFeatureSelectionConfig, parseForestConfig, parseModelConfig, parseWalkForwardConfig } from "./models";
export type { ForestConfig, ForestConfigInput, ModelConfig, ModelConfigInput, WalkForwardConfig, WalkForwardConfigInput, FeatureSelectionConfig, FeatureSelectionConfigInput } from "./models";
export { PortfolioConfigSchema, parsePortfolioConfig } from "./portfolio";
export type { PortfolioConfig, PortfolioConfigInput } from "./portfolio";
export { BacktestConfigSchema, parseBacktestConfig } from "./backtest";
export type { BacktestConfig, BacktestConfigInput, AdvPriceBasisName } from "./backtest";
export { ProductionConfigSchema, RiskChecksConfigSchema, MonitoringConfigSchema, parseProductionConfig } from "./production";
export type { ProductionConfig, ProductionConfigInput, RiskChecksConfig, RiskChecksConfigInput, MonitoringConfig } from "./production";

/**
 * A production config file: a study config (the champion's) with a `production` section. The
 * challenger, when named, is a second study config run in shadow; it is parsed here so that a bad
 * challenger is an error before anything runs.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../config/parse";
import { parseProductionConfig, type ProductionConfig } from "../config/production";
import { parseStudyConfig, type StudyConfig } from "../study/config";

/** The champion's study config, the production section and the challenger's study config (or null). */
export interface ProductionRunConfig {
  readonly study: StudyConfig;
  readonly production: ProductionConfig;
  readonly challenger: StudyConfig | null;
}

/**
 * Parse a production config object. `baseDir` resolves a challenger given as a path (default the
 * working directory).
 * @throws ConfigError naming the field (a challenger's errors are prefixed "challenger")
 */
export function parseProductionRunConfig(input: unknown, { baseDir = "." }: { baseDir?: string } = {}): ProductionRunConfig {
  const { production: productionInput, ...studyInput } = (input ?? {}) as Record<string, unknown>;
  const production = parseProductionConfig(productionInput);
  const study = parseStudyConfig(studyInput);
  let challenger: StudyConfig | null = null;
  if (production.challenger !== null) {
    let raw: unknown = production.challenger;
    if (typeof raw === "string") {
      const path = resolve(baseDir, raw);
      try {
        raw = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
      } catch (err) {
        throw new ConfigError("production", [{ path: "challenger", message: `cannot read the challenger config ${path}: ${(err as Error).message}` }]);
      }
    }
    const { production: _ignored, ...challengerStudy } = (raw ?? {}) as Record<string, unknown>;
    try {
      challenger = parseStudyConfig(challengerStudy);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError("challenger", err.issues);
      throw err;
    }
  }
  return { study, production, challenger };
}

/** The config of a file on disk, a challenger path resolved from the file's folder. */
export function loadProductionRunConfig(path: string, raw: unknown): ProductionRunConfig {
  return parseProductionRunConfig(raw, { baseDir: dirname(resolve(path)) });
}

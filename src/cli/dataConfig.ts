/** The data settings of a study config file, for the commands that work on the data alone (`data`, `update`). */
import { UsageError } from "./command";
import { readConfigFile } from "./configFile";
import type { DataConfig } from "../config/data";

/**
 * Read a study config file and return its parsed `data` section (defaults filled). A file or field
 * problem is a UsageError (exit 2) naming the file or the field.
 */
export async function readDataConfig(path: string): Promise<DataConfig> {
  const raw = readConfigFile(path);
  // Imported here so that `--help` answers without loading the engine.
  const { parseStudyConfig } = await import("../study");
  const { ConfigError } = await import("../config");
  try {
    return parseStudyConfig(raw).data;
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

import { join, sep } from "node:path";

/** This package's own folder: two levels above this file, in src/util and dist/util alike. */
const PACKAGE_ROOT = join(__dirname, "..", "..");

/**
 * The folder relative paths of the engine (study.json, reports/.cache) are resolved against:
 * the package's own folder in a checkout of the repository (so a notebook run from notebooks/ and
 * a script run from the root agree), and the working directory when the engine is installed as a
 * dependency, so that nothing is ever written inside node_modules.
 * @param packageRoot for tests: the folder to judge (default: this package's)
 * @example workspaceRoot() // => "/home/me/alpha-engine" in a clone; process.cwd() when installed
 */
export function workspaceRoot(packageRoot: string = PACKAGE_ROOT): string {
  const installed = packageRoot.split(sep).includes("node_modules");
  return installed ? process.cwd() : packageRoot;
}

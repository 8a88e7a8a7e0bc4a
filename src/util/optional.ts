/**
 * Optional packages: the engine runs without them, and a feature that needs one loads it on first
 * use. They are optional peer dependencies in package.json (installed in this repository as
 * devDependencies), so `npm install cross-asset-alpha-engine` stays small; see README "Use it as a
 * library" for the list.
 */

/** Thrown when a feature needs an optional package that is not installed; the message names the package and the install command. */
export class MissingOptionalPackageError extends Error {
  constructor(
    readonly packageName: string,
    readonly feature: string,
    cause: unknown,
  ) {
    super(`${feature} needs the optional package "${packageName}", which is not installed: run \`npm install ${packageName}\``, { cause });
    this.name = "MissingOptionalPackageError";
  }
}

/**
 * `require(packageName)`, or a MissingOptionalPackageError naming the package and what needed it
 * when the package cannot be found. Errors thrown while the package itself loads pass through.
 * @param feature what needs the package, for the message (e.g. `forest backend "ml-random-forest"`)
 * @example const duckdb = requireOptional<typeof import("@duckdb/node-api")>("@duckdb/node-api", "the production registry")
 */
export function requireOptional<T>(packageName: string, feature: string): T {
  try {
    return require(packageName) as T;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const missing = code === "MODULE_NOT_FOUND" && String((err as Error).message).includes(`'${packageName}'`);
    if (missing) throw new MissingOptionalPackageError(packageName, feature, err);
    throw err;
  }
}

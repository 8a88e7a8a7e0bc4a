/**
 * One shape for every `alpha-engine` command, so that `help`, `--help`, `--version` and the
 * option parsing (node:util parseArgs, strict) work the same everywhere. A command lives in its
 * own file under src/cli/ and is listed once in commands.ts.
 */
import type { ParseArgsConfig } from "node:util";

export type CliOptions = NonNullable<ParseArgsConfig["options"]>;
export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliCommand {
  /** The word after `alpha-engine`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full help text: synopsis first, then one line per option. */
  readonly usage: string;
  readonly options: CliOptions;
  /** Whether words after the command (sub-commands, folders) are allowed. */
  readonly allowPositionals?: boolean;
  /** Exit code: 0 success, 1 failed run, 2 usage or config error (throw UsageError for 2). */
  run(values: CliValues, positionals: string[]): Promise<number>;
}

/** A mistake on the command line or in a config file: exit code 2 and the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The value of a string option, or a UsageError naming it when it is required and absent. */
export function stringOption(values: CliValues, name: string, required: true): string;
export function stringOption(values: CliValues, name: string, required?: false): string | undefined;
export function stringOption(values: CliValues, name: string, required = false): string | undefined {
  const value = values[name];
  if (value === undefined) {
    if (required) throw new UsageError(`--${name} <value> is required`);
    return undefined;
  }
  if (typeof value !== "string") throw new UsageError(`--${name} needs a value`);
  return value;
}

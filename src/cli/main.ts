/**
 * The `alpha-engine` dispatcher: `alpha-engine <command> [options]`, `alpha-engine help
 * [<command>]`, `<command> --help`, `--version`. Options are parsed by node:util parseArgs in
 * strict mode, so an unknown or malformed option is a usage error (exit 2) naming it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type CliCommand, UsageError } from "./command";
import { COMMANDS } from "./commands";

export function engineVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function generalUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "usage: alpha-engine <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "  alpha-engine help <command>   the options of one command (also <command> --help)",
    "  alpha-engine --version        the engine's version",
  ].join("\n");
}

function findCommand(name: string): CliCommand {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${generalUsage()}`);
  return command;
}

/** Run the command line `argv` (without node and the script); resolves to the exit code. */
export async function cliMain(argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  const [first, ...rest] = argv;
  let command: CliCommand | undefined;
  try {
    if (first === undefined || first === "--help" || first === "-h") {
      io.out(generalUsage());
      return 0;
    }
    if (first === "--version" || first === "-V" || first === "version") {
      io.out(engineVersion());
      return 0;
    }
    if (first === "help") {
      io.out(rest.length ? findCommand(rest[0]).usage : generalUsage());
      return 0;
    }
    command = findCommand(first);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(command.usage);
      return 0;
    }
    let parsed: { values: Record<string, unknown>; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    return await command.run(parsed.values as never, parsed.positionals);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`alpha-engine${command ? ` ${command.name}` : ""}: ${err.message}${command ? `\n\n${command.usage}` : ""}`);
      return 2;
    }
    io.err(err instanceof Error ? `alpha-engine${command ? ` ${command.name}` : ""}: ${err.message}` : String(err));
    return 1;
  }
}

/** Every `alpha-engine` command, in the order `alpha-engine help` lists them. One line each. */
import type { CliCommand } from "./command";
import { runCommand } from "./run";
import { sweepCommand } from "./sweep";
import { workerCommand } from "./worker";

export const COMMANDS: readonly CliCommand[] = [
  runCommand,
  sweepCommand,
  workerCommand,
];

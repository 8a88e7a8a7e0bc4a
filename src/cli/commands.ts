/** Every `alpha-engine` command, in the order `alpha-engine help` lists them. One line each. */
import type { CliCommand } from "./command";
import { runCommand } from "./run";
import { dataCommand } from "./data";
import { updateCommand } from "./update";
import { importCommand } from "./import";
import { sweepCommand } from "./sweep";
import { workerCommand } from "./worker";

export const COMMANDS: readonly CliCommand[] = [
  runCommand,
  importCommand,
  dataCommand,
  updateCommand,
  sweepCommand,
  workerCommand,
];

/** Every `alpha-engine` command, in the order `alpha-engine help` lists them. One line each. */
import type { CliCommand } from "./command";
import { runCommand } from "./run";
import { dataCommand } from "./data";
import { updateCommand } from "./update";
import { importCommand } from "./import";
import { sweepCommand } from "./sweep";
import { workerCommand } from "./worker";
import { dailyCommand } from "./daily";
import { replayCommand } from "./replay";
import { modelsCommand } from "./models";
import { compareCommand } from "./compare";
import { monitorCommand } from "./monitor";

export const COMMANDS: readonly CliCommand[] = [
  runCommand,
  importCommand,
  dataCommand,
  updateCommand,
  sweepCommand,
  workerCommand,
  dailyCommand,
  replayCommand,
  modelsCommand,
  compareCommand,
  monitorCommand,
];

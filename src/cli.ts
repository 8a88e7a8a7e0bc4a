#!/usr/bin/env node
/**
 * `alpha-engine`: the engine without Jupyter. `alpha-engine help` lists the commands; each
 * lives in its own file under src/cli/. Exit code 0 on success, 1 on a failed run, 2 on a
 * usage error or an invalid config.
 */
import { cliMain } from "./cli/main";

export { cliMain } from "./cli/main";

if (require.main === module) {
  cliMain(process.argv.slice(2)).then((code) => process.exit(code));
}

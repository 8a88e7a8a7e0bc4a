// The "alpha-engine" Jupyter kernel's launcher, copied into the kernel spec folder and started as
// `node {resource_dir}/launch.js {connection_file}`. Jupyter starts a kernel in the notebook's
// folder, so the launcher finds the project from there (the nearest node_modules/tslab above it)
// and runs that tslab: no path of the clone is written into the kernel spec, and a moved or
// re-cloned project keeps working without `npm run kernel:install` again.
"use strict";
const { dirname, join } = require("node:path");

const connectionFile = process.argv[2];
const start = process.env.ALPHA_ENGINE_PROJECT || process.cwd();
let tslabBin;
try {
  tslabBin = join(dirname(require.resolve("tslab/package.json", { paths: [start] })), "bin", "tslab");
} catch {
  process.stderr.write(
    `alpha-engine kernel: no node_modules/tslab in ${start} or any folder above it.\n` +
      "Open the notebook inside the project (its notebooks/ folder), run `npm ci` there, " +
      "or set ALPHA_ENGINE_PROJECT to the project folder.\n",
  );
  process.exit(1);
}
if (process.env.ALPHA_ENGINE_KERNEL_DRY_RUN === "1") {
  process.stdout.write(`${tslabBin}\n`);
  process.exit(0);
}
if (!connectionFile) {
  process.stderr.write("alpha-engine kernel: usage: node launch.js <connection_file>\n");
  process.exit(2);
}
// tslab's bin reads process.argv as if started as `tslab kernel --config-path <file>`
process.argv = [process.argv[0], tslabBin, "kernel", "--config-path", connectionFile];
require(tslabBin);

/**
 * `npm run kernel:install`: register the project's tslab as the "tslab" kernel in the user's
 * Jupyter (or the active conda environment), pointing at node_modules/tslab so no global
 * install is needed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INSTALL_HINT, KERNEL_NAME, writeKernelSpec } from "./jupyter";

const staged = writeKernelSpec(mkdtempSync(join(tmpdir(), "tslab-kernel-")));
const where = process.env.CONDA_PREFIX ? ["--sys-prefix"] : ["--user"];
const r = spawnSync("jupyter", ["kernelspec", "install", ...where, "--replace", "--name", KERNEL_NAME, join(staged, "kernels", KERNEL_NAME)], {
  stdio: "inherit",
});
if (r.error || r.status !== 0) {
  console.error(`could not register the kernel with 'jupyter kernelspec install'.\n${INSTALL_HINT}`);
  process.exit(1);
}
console.log(`kernel "${KERNEL_NAME}" registered (${where[0]}); pick "TypeScript (tslab, alpha engine)" in Jupyter.`);

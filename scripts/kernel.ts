/**
 * `npm run kernel:install` / `npm run kernel:uninstall`: register (or remove) the project's kernel
 * as "alpha-engine" in the user's Jupyter (or the active conda environment). It has its own name,
 * so a user's "tslab" kernel is never replaced, and its spec runs a launcher that finds the
 * project's node_modules/tslab from the notebook's folder, so moving the clone does not break it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INSTALL_HINT, KERNEL_NAME, writeKernelSpec } from "./jupyter";

const action = process.argv[2] ?? "install";
const where = process.env.CONDA_PREFIX ? ["--sys-prefix"] : ["--user"];

function jupyter(args: string[]): boolean {
  const r = spawnSync("jupyter", args, { stdio: "inherit", env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" } });
  return !r.error && r.status === 0;
}

if (action === "install") {
  const staged = writeKernelSpec(mkdtempSync(join(tmpdir(), "alpha-engine-kernel-")));
  // --replace replaces only an earlier "alpha-engine" spec: the name is ours
  const ok = jupyter(["kernelspec", "install", ...where, "--replace", "--name", KERNEL_NAME, join(staged, "kernels", KERNEL_NAME)]);
  rmSync(staged, { recursive: true, force: true });
  if (!ok) {
    console.error(`could not register the kernel with 'jupyter kernelspec install'.\n${INSTALL_HINT}`);
    process.exit(1);
  }
  console.log(`kernel "${KERNEL_NAME}" registered (${where[0]}); pick "TypeScript (alpha engine)" in Jupyter. Remove it with npm run kernel:uninstall.`);
} else if (action === "uninstall") {
  if (!jupyter(["kernelspec", "uninstall", "-y", KERNEL_NAME])) {
    console.error(`could not remove the "${KERNEL_NAME}" kernel ('jupyter kernelspec list' shows what is registered).`);
    process.exit(1);
  }
  console.log(`kernel "${KERNEL_NAME}" removed; other kernels (tslab included) are untouched.`);
} else {
  console.error(`usage: tsx scripts/kernel.ts [install|uninstall] (got "${action}")`);
  process.exit(2);
}

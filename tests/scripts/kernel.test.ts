/**
 * The "alpha-engine" Jupyter kernel: its own name (a user's "tslab" kernel is never replaced), no
 * path of the clone in its spec (a launcher finds the project's tslab from the notebook's folder),
 * and install / uninstall through `jupyter kernelspec` into a throwaway Jupyter data folder.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { KERNEL_NAME, kernelSpec, writeKernelSpec } from "../../scripts/jupyter";

const root = resolve(__dirname, "..", "..");

function launch(specDir: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(specDir, "launch.js")], { cwd, encoding: "utf8", env: { ...process.env, ALPHA_ENGINE_KERNEL_DRY_RUN: "1", ...env } });
}

test('the kernel is named "alpha-engine", and its spec holds no path of the clone', () => {
  assert.equal(KERNEL_NAME, "alpha-engine");
  const spec = kernelSpec() as { argv: string[]; display_name: string; language: string };
  assert.deepEqual(spec.argv.slice(1), ["{resource_dir}/launch.js", "{connection_file}"]);
  assert.equal(spec.display_name, "TypeScript (alpha engine)");
  assert.ok(!JSON.stringify(spec).includes(root), "no absolute path of the project in kernel.json");
});

test("writeKernelSpec() writes kernel.json and the launcher; moved anywhere, the launcher finds the project's tslab from the notebook folder", (t) => {
  const work = mkdtempSync(join(tmpdir(), "cae-kernel-"));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const specDir = join(writeKernelSpec(join(work, "jupyter")), "kernels", "alpha-engine");
  assert.deepEqual(JSON.parse(readFileSync(join(specDir, "kernel.json"), "utf8")), kernelSpec());
  // the spec folder moved elsewhere (as `jupyter kernelspec install` copies it) still works
  const moved = join(work, "elsewhere", "alpha-engine");
  cpSync(specDir, moved, { recursive: true });
  const r = launch(moved, join(root, "notebooks"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), join(root, "node_modules", "tslab", "bin", "tslab"));
});

test("the launcher outside any project fails with a message saying where it looked and what to do", (t) => {
  const work = mkdtempSync(join(tmpdir(), "cae-kernel-"));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const specDir = join(writeKernelSpec(join(work, "jupyter")), "kernels", "alpha-engine");
  const lonely = join(work, "not-a-project");
  mkdirSync(lonely);
  const r = launch(specDir, lonely);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`alpha-engine kernel: no node_modules/tslab in ${lonely.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} or any folder above it`));
  assert.match(r.stderr, /ALPHA_ENGINE_PROJECT/);
  const pointed = launch(specDir, lonely, { ALPHA_ENGINE_PROJECT: root });
  assert.equal(pointed.status, 0, pointed.stderr);
});

test("npm run kernel:install / kernel:uninstall register and remove only alpha-engine, leaving a user's tslab kernel alone", (t) => {
  const probe = spawnSync("jupyter", ["kernelspec", "--version"], { encoding: "utf8" });
  if (probe.status !== 0) return t.skip("jupyter (jupyter-client) is not installed");
  const data = mkdtempSync(join(tmpdir(), "cae-jupyter-data-"));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  // a user's own tslab kernel, which must survive
  const userTslab = join(data, "kernels", "tslab");
  mkdirSync(userTslab, { recursive: true });
  writeFileSync(join(userTslab, "kernel.json"), JSON.stringify({ argv: ["tslab", "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" }));
  const env = { ...process.env, JUPYTER_DATA_DIR: data, CONDA_PREFIX: "", PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  delete (env as Record<string, string | undefined>).CONDA_PREFIX;
  const install = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "kernel.ts"), "install"], { cwd: root, encoding: "utf8", env });
  assert.equal(install.status, 0, install.stderr);
  assert.ok(existsSync(join(data, "kernels", "alpha-engine", "kernel.json")));
  assert.ok(existsSync(join(data, "kernels", "alpha-engine", "launch.js")));
  assert.equal(JSON.parse(readFileSync(join(userTslab, "kernel.json"), "utf8")).display_name, "TypeScript", "the user's tslab kernel is untouched");
  const uninstall = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "kernel.ts"), "uninstall"], { cwd: root, encoding: "utf8", env });
  assert.equal(uninstall.status, 0, uninstall.stderr);
  assert.ok(!existsSync(join(data, "kernels", "alpha-engine")));
  assert.ok(existsSync(join(userTslab, "kernel.json")));
});

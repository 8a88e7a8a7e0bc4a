// Make the engine importable by its package name from anywhere in the project, notebooks
// included: tslab compiles each cell with rootDir = the notebook's folder, so `../src/...`
// imports fail there, while `import { ... } from "cross-asset-alpha-engine"` resolves through
// node_modules to the built package (with its .d.ts, so cells stay type checked).
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, chmodSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

function link(target, path) {
  mkdirSync(dirname(path), { recursive: true });
  try {
    lstatSync(path);
    rmSync(path, { recursive: false, force: true });
  } catch {
    /* nothing there yet */
  }
  symlinkSync(relative(dirname(path), target), path);
}

link(root, join(root, "node_modules", pkg.name));
for (const [name, file] of Object.entries(pkg.bin ?? {})) {
  const target = join(root, file);
  if (existsSync(target)) {
    chmodSync(target, 0o755);
    link(target, join(root, "node_modules", ".bin", name));
  }
}

// `npm test` runs every tests/**/*.test.ts with node's test runner (TypeScript through tsx).
// The notebook tests live in tests/notebooks/ and execute every notebook headlessly;
// `--unit` leaves them out for a quick loop.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const unitOnly = process.argv.includes("--unit");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(join(root, "tests"))
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => !(unitOnly && f.includes("/tests/notebooks/")))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .map((f) => relative(root, f))
  .sort();

const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? 1);

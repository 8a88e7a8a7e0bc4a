/**
 * `npm run bench`: run every benchmark (each bench/*.bench.ts exports `run()`), print a table
 * and write reports/bench.json. Pass name fragments to run a subset: `npm run bench -- hmm`.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchEntry } from "./harness";

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  const results: BenchEntry[] = [];
  for (const file of files) {
    console.error(`bench ${file} ...`);
    const mod = (await import(join(__dirname, file))) as { run: () => Promise<BenchEntry[]> };
    const entries = await mod.run();
    for (const e of entries) console.error(`  ${e.name} = ${fmt(e.value)} ${e.unit}${e.ratio === null ? "" : ` (ref ${fmt(e.reference!)}, ratio ${fmt(e.ratio)})`}`);
    results.push(...entries);
  }
  const width = Math.max(4, ...results.map((r) => r.name.length));
  console.log(`${"name".padEnd(width)}  ${"value".padStart(12)}  ${"unit".padEnd(10)}  ${"reference".padStart(10)}  ${"ratio".padStart(7)}`);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(width)}  ${fmt(r.value).padStart(12)}  ${r.unit.padEnd(10)}  ${(r.reference === null ? "–" : fmt(r.reference)).padStart(10)}  ${(r.ratio === null ? "–" : fmt(r.ratio)).padStart(7)}`,
    );
  }
  const outDir = join(__dirname, "..", "reports");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "bench.json"), JSON.stringify(results, null, 2));
  console.log(`wrote reports/bench.json (${results.length} entries)`);
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e7) ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

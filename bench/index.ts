/**
 * `npm run bench`: run every benchmark (each bench/*.bench.ts exports `run()`), print a table
 * and write reports/bench.json. Pass name fragments to run a subset: `npm run bench -- hmm`.
 * `--peers` also runs the peers (scikit-learn, XGBoost, pandas; see ./peers) side by side on the
 * same data and prints each ratio marked "side by side" or "stored" (`npm run bench -- --peers peers`
 * runs the peers alone, `-- --peers forest` the forest peers alone); they go to reports/bench-peers.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchEntry } from "./harness";
import { runPeers, type PeerRow } from "./peers";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const withPeers = args.includes("--peers");
  const filters = args.filter((a) => a !== "--peers");
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
  let peers: PeerRow[] = [];
  if (withPeers) {
    console.error("bench peers ...");
    peers = await runPeers(filters);
    const w = Math.max(4, ...peers.map((r) => r.name.length));
    console.log(`\n${"peer comparison".padEnd(w)}  ${"ours".padStart(10)}  ${"peer".padStart(10)}  ${"unit".padEnd(8)}  ${"faster x".padStart(8)}  ${"basis".padEnd(12)}  note`);
    for (const r of peers) {
      console.log(`${r.name.padEnd(w)}  ${fmt(r.ours).padStart(10)}  ${fmt(r.peer).padStart(10)}  ${r.unit.padEnd(8)}  ${fmt(r.speedup).padStart(8)}  ${r.basis.padEnd(12)}  ${r.note}`);
    }
  }
  const outDir = join(__dirname, "..", "reports");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "bench.json"), JSON.stringify(results, null, 2));
  console.log(`wrote reports/bench.json (${results.length} entries)`);
  if (withPeers) {
    writeFileSync(join(outDir, "bench-peers.json"), JSON.stringify(peers, null, 2));
    console.log(`wrote reports/bench-peers.json (${peers.length} peer comparisons)`);
  }
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

#!/usr/bin/env node
// Compare two study summaries (reports/study/summary.json) number by number, as a refactor must
// leave them: every value equal except under `timings` and the engine's own identity (code hash,
// git commit). Fields only in AFTER are listed (additions) but are no difference.
// Usage: node scripts/compare-summary.mjs BEFORE.json AFTER.json [--rename old=new ...] [--tolerance REL]
// With --tolerance, numbers within that relative distance are listed as rounding, not differences.
// Exit 0 when equal, 1 with the differing paths listed.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--rename" && args[i - 1] !== "--tolerance");
const tolerance = args.includes("--tolerance") ? Number(args[args.indexOf("--tolerance") + 1]) : 0;
const renames = new Map();
args.forEach((a, i) => {
  if (a === "--rename") {
    const [from, to] = args[i + 1].split("=");
    renames.set(from, to);
  }
});
if (files.length !== 2) {
  console.error("usage: node scripts/compare-summary.mjs BEFORE.json AFTER.json [--rename old=new ...]");
  process.exit(2);
}
const [before, after] = files.map((f) => JSON.parse(readFileSync(f, "utf8")));
// The config hash changes with any added config field; the config itself is compared field by field.
const IGNORED = [/^timings(\.|$)/, /^provenance\.engine\.(codeHash|gitCommit)$/, /^provenance\.configHash$/, /\.timings(\.|$)/];
const differences = [];
const additions = [];
const rounding = [];

function relabel(value) {
  return typeof value === "string" && renames.has(value) ? renames.get(value) : value;
}
function compare(a, b, path) {
  if (IGNORED.some((re) => re.test(path))) return;
  a = relabel(a);
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    if (Array.isArray(a) !== Array.isArray(b)) return differences.push(`${path}: array vs object`);
    const keys = new Set([...Object.keys(a).map(relabel), ...Object.keys(b)]);
    for (const k of keys) {
      const ka = Object.keys(a).find((x) => relabel(x) === k);
      if (ka === undefined) additions.push(`${path}.${k}`);
      else if (!(k in b)) differences.push(`${path}.${k}: only before`);
      else compare(a[ka], b[k], path ? `${path}.${k}` : k);
    }
    return;
  }
  if (Object.is(a, b)) return;
  if (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b))) {
    rounding.push(`${path}: ${a} -> ${b} (relative ${(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))).toExponential(1)})`);
    return;
  }
  differences.push(`${path}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
}
compare(before, after, "");
if (additions.length) console.log(`${additions.length} fields added:\n  ${additions.slice(0, 50).join("\n  ")}`);
if (rounding.length) console.log(`${rounding.length} numbers moved within the relative tolerance ${tolerance}:\n  ${rounding.slice(0, 50).join("\n  ")}`);
if (differences.length) {
  console.error(`${differences.length} differences:\n  ${differences.slice(0, 50).join("\n  ")}`);
  process.exit(1);
}
console.log("summaries equal (timings and engine identity ignored)");

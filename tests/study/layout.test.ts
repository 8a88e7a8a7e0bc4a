import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const STUDY = resolve(__dirname, "..", "..", "src", "study");
const importsOf = (folder: string) =>
  readdirSync(join(STUDY, folder))
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => [...readFileSync(join(STUDY, folder, f), "utf8").matchAll(/^import[^;]*?from "([^"]+)";/gms)].map((m) => ({ file: `${folder}/${f}`, from: m[1], text: m[0] })));

test("src/study imports flow one way: run/ never imports report/", () => {
  const run = importsOf("run");
  assert.ok(run.length > 20, `found only ${run.length} imports in run/`);
  for (const i of run) assert.doesNotMatch(i.from, /(^|\/)report(\/|$)/, `${i.file} imports ${i.from}`);
});

test("report/ computes no statistic: of the analytics stage it imports only the table layout and a named unit conversion", () => {
  const analytics = importsOf("report").filter((i) => i.from.includes("/analytics/"));
  assert.deepEqual(analytics.map((i) => i.from).sort(), ["../../analytics/moments", "../../analytics/summary"]);
  for (const i of analytics) assert.match(i.text, /\{ (performanceTable|excessKurtosis) \}/, `${i.file}: ${i.text}`);
});

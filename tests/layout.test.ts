// The folder tree is the pipeline: a stage imports only stages below it in this order, so data
// flows forward (features never import backtest) and there is no cycle. analytics sits low
// because it is the statistics library every later stage and the models' evaluation call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const LAYERS = ["util", "config", "data", "analytics", "features", "regimes", "models", "portfolio", "backtest", "charts", "notebook", "study", "production", "sweep", "cli"];
const src = join(__dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function stageOf(file: string): string | null {
  const parts = relative(src, file).split("/");
  return parts.length > 1 ? parts[0] : null; // top-level files (index.ts, cli.ts) may import any stage
}

test("every stage imports only the stages before it (forward-only, no cycle)", () => {
  const backward: string[] = [];
  const files = sourceFiles(src);
  assert.ok(files.length > 50, `found ${files.length} source files under src/`);
  for (const file of files) {
    const stage = stageOf(file);
    if (stage === null) continue;
    assert.ok(LAYERS.includes(stage), `src/${stage}/ is not in the layer list of this test: place it`);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import|require\()\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = stageOf(join(file, "..", m[1]));
      if (target === null || target === stage) continue;
      if (LAYERS.indexOf(target) > LAYERS.indexOf(stage)) backward.push(`${relative(src, file)} imports ${m[1]} (${stage} -> ${target})`);
    }
  }
  assert.deepEqual(backward, []);
});

/**
 * The embedded plotly.js is the official cartesian partial bundle; it must register every trace
 * type the chart builders use, or a chart stays blank in every report.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { plotlyJsSource, plotlyJsVersion } from "../../src/notebook/plotly";

const root = resolve(__dirname, "..", "..");
// `type: "..."` values in src/charts that are not traces: axis types and shape types.
const NOT_TRACES = new Set(["category", "date", "log", "linear", "rect", "line", "circle", "path", "data"]);

function registeredTraces(): Set<string> {
  return new Set([...plotlyJsSource().matchAll(/moduleType:"trace",name:"([a-z0-9]+)"/g)].map((m) => m[1]));
}

test("the embedded bundle is plotly.js 4.x cartesian and registers its documented traces", () => {
  assert.match(plotlyJsVersion(), /^4\.\d+\.\d+$/);
  assert.match(plotlyJsSource().slice(0, 200), /plotly\.js \(cartesian - minified\) v4\./);
  // plotly.js-cartesian-dist-min/README.md lists these trace modules
  assert.deepEqual([...registeredTraces()].sort(), ["bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie", "scatter", "scatterternary", "violin"]);
});

test("every trace type used in src/charts is in the embedded bundle (no candlestick, no scattergl)", () => {
  const traces = registeredTraces();
  const dir = join(root, "src", "charts");
  const missing: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    for (const m of readFileSync(join(dir, file), "utf8").matchAll(/\btype: "([a-z0-9]+)"/g)) {
      if (!NOT_TRACES.has(m[1]) && !traces.has(m[1])) missing.push(`${file}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("the chart builders use no attribute plotly.js 3 or 4 removed", () => {
  const dir = join(root, "src", "charts");
  const text = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
  // plotly.js 3.0 dropped titlefont / titleposition / titleside and heatmapgl; 4.0 dropped the mapbox traces
  assert.doesNotMatch(text, /titlefont|titleposition|titleside|heatmapgl|pointcloud|mapbox/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { inKernel } from "../../src/notebook/kernel";

test("outside a kernel nothing is displayed and tslab is not loaded", () => {
  assert.equal(inKernel(), false);
  assert.equal(require.cache[require.resolve("tslab/dist/jupyter")], undefined);
});

test("the pinned tslab still routes displays through jupyter.lastWriteDisplayData", () => {
  // src/notebook/kernel.ts depends on this internal; a tslab upgrade that moves it must fail here.
  const pkg = require("tslab/package.json") as { version: string };
  const source = require("node:fs").readFileSync(require.resolve("tslab/dist/public.js"), "utf8") as string;
  assert.equal(pkg.version, "1.0.22");
  assert.match(source, /jupyter\.lastWriteDisplayData\(\{\s*data:/);
  const jupyterSource = require("node:fs").readFileSync(require.resolve("tslab/dist/jupyter.js"), "utf8") as string;
  assert.match(jupyterSource, /exports\.lastWriteDisplayData/);
});

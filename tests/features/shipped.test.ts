// Every feature on the shipped real panel (src/data's loadShippedPanel), against the plain-loop
// reference and through the leakage audit.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Panel } from "../../src/data/types";
import { computeFeatures } from "../../src/features/panel";
import { leakageAudit } from "../../src/features/leakage";
import { referenceFeatures } from "./reference";

async function shippedPanel(): Promise<Panel | null> {
  const data = (await import("../../src/data")) as Record<string, unknown>;
  const load = data.loadShippedPanel as undefined | (() => Panel | Promise<Panel>);
  return load ? await load() : null;
}

test("on the shipped panel, every feature equals the plain-loop reference to 1e-10", async (t) => {
  const panel = await shippedPanel();
  if (!panel) return t.skip("loadShippedPanel is not in src/data yet");
  for (const ticker of ["SPY", "TLT", "GLD", "USO", "UUP"]) assert.ok(panel.tickers.includes(ticker), ticker);
  const fp = computeFeatures(panel);
  assert.deepEqual(fp.skipped, []);
  const ref = referenceFeatures(panel);
  assert.deepEqual([...fp.names].sort(), [...ref.keys()].sort());
  const T = panel.dates.length;
  for (let f = 0; f < fp.names.length; f++) {
    const got = fp.values[f], want = ref.get(fp.names[f])!;
    const finite = Array.from(want).filter(Number.isFinite).map(Math.abs).sort((a, b) => a - b);
    assert.ok(finite.length > 0, fp.names[f]);
    const scale = finite[Math.floor(finite.length / 2)] || 1; // tolerance relative to the feature's typical size
    for (let i = 0; i < want.length; i++) {
      const a = got[i], b = want[i];
      const ok = Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-10 * Math.max(Math.abs(b), scale);
      if (!ok) assert.fail(`${fp.names[f]} ${panel.tickers[Math.floor(i / T)]} day ${i % T}: expected ${b}, got ${a}`);
    }
  }
});

test("on the shipped panel, the leakage audit passes every feature", async (t) => {
  const panel = await shippedPanel();
  if (!panel) return t.skip("loadShippedPanel is not in src/data yet");
  const report = leakageAudit(panel, (p) => computeFeatures(p), { trials: 6, seed: 2026 });
  assert.ok(report.passed, JSON.stringify(report.violations.slice(0, 3)));
});

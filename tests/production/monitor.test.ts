/** Monitoring: readings recomputed from the journal, and a crossing both logged as a warning and stored. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseProductionRunConfig } from "../../src/production/config";
import { runReplay } from "../../src/production/daily";
import { ProductionStore } from "../../src/production/store";
import { dayToIso } from "../../src/util/dates";
import { productionConfig, smallPanel } from "./helpers";

/** Spearman correlation by hand (average ranks; no ties in these data): the reference for the live IC. */
function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => { const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]); const r = new Array(v.length); order.forEach((i, k) => (r[i] = k + 1)); return r; };
  const a = rank(x), b = rank(y), n = x.length, m = (n + 1) / 2;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - m) * (b[i] - m); saa += (a[i] - m) ** 2; sbb += (b[i] - m) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

test("the rolling live IC is the mean daily rank IC of the journalled forecasts against the returns since; crossings are logged and stored", async () => {
  const panel = await smallPanel();
  const { config, dir } = productionConfig({ monitoring: { icWindowDays: 10, minRollingIc: 1, maxPsi: 1e-9 } });
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };
  const T = panel.dates.length, from = T - 16;
  await runReplay(parseProductionRunConfig(config), dayToIso(panel.dates[from]), dayToIso(panel.dates[T - 1]), { panel, today: panel.dates[T - 1], log });
  const store = await ProductionStore.open({ database: join(dir, "engine.duckdb"), artifactsDir: join(dir, "artifacts") });
  try {
    const last = dayToIso(panel.dates[T - 1]);
    const [reading] = await store.query<{ value: number; breached: boolean }>("SELECT value, breached FROM monitoring WHERE metric = 'rolling_ic' AND as_of = ?", [last]);
    assert.ok(reading, "a rolling IC reading on the last day");
    // by hand: days s = T-10 .. T-1, forecast of s - 5 from the journal, realised close_s / close_{s-5} - 1
    const N = panel.tickers.length, h = 5;
    const ics: number[] = [];
    for (let s = T - 10; s < T; s++) {
      const rows = await store.query<{ ticker: string; forecast: number }>("SELECT ticker, forecast FROM forecasts WHERE book = 'champion' AND as_of = ?", [dayToIso(panel.dates[s - h])]);
      if (rows.length === 0) continue;
      const f = new Map(rows.map((r) => [r.ticker, r.forecast]));
      const x: number[] = [], y: number[] = [];
      for (let j = 0; j < N; j++) { x.push(f.get(panel.tickers[j])!); y.push(panel.close[j * T + s] / panel.close[j * T + s - h] - 1); }
      ics.push(spearman(x, y));
    }
    assert.equal(ics.length, 10);
    const mean = ics.reduce((a, b) => a + b, 0) / ics.length;
    assert.ok(Math.abs(reading.value - mean) < 1e-12, `rolling IC ${reading.value} vs ${mean} by hand`);
    assert.equal(reading.breached, true, "threshold 1: every IC is below it");
    const psi = await store.query<{ n: bigint }>("SELECT count(*) AS n FROM monitoring WHERE metric LIKE 'psi:%' AND breached");
    assert.ok(Number(psi[0].n) > 0, "PSI crossings stored");
    assert.ok(warnings.some((w) => w.startsWith("monitor: rolling 10-session live rank IC")), "the crossing is logged as a warning");
    assert.ok(warnings.some((w) => w.startsWith("monitor: feature ")));
  } finally {
    store.close();
  }
});

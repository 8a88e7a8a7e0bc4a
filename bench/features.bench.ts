/**
 * Feature throughput: feature values (names x tickers x days) computed per second by
 * `computeFeatures`, all groups on, default windows.
 * - features.values_per_s.shipped: the shipped panel (loadShippedPanel, ~28 tickers x 4,647 days).
 * - features.values_per_s.synthetic_500x5000: a seeded synthetic panel of 500 tickers x 5,000 days.
 * - features.peak_mb.synthetic_500x5000: RSS growth while computing it (the output alone is
 *   34 features x 500 x 5,000 x 8 bytes = 680 MB).
 * Reference: the original design's pandas feature code, about 6e6 values/s on this machine.
 */
import { entry, medianSeconds, peakRssMb, type BenchEntry } from "./harness";
import { computeFeatures } from "../src/features";
import * as data from "../src/data";
import type { Panel } from "../src/data/types";
import { syntheticPanel } from "../tests/fixtures/features/syntheticPanel";
import { fixturePanel } from "../tests/fixtures/features/realPanel";

const PANDAS_VALUES_PER_S = 6e6;

async function shippedPanel(): Promise<{ panel: Panel; label: string }> {
  const load = (data as Record<string, unknown>).loadShippedPanel as undefined | (() => Panel | Promise<Panel>);
  if (typeof load === "function") return { panel: await load(), label: "shipped" };
  // Until the data layer ships its loader: the real-bars test fixture (9 ETFs, 2019-2020).
  return { panel: fixturePanel(), label: "test fixture (loadShippedPanel not available)" };
}

function valueCount(panel: Panel): number {
  const fp = computeFeatures(panel);
  return fp.names.length * panel.tickers.length * panel.dates.length;
}

export async function run(): Promise<BenchEntry[]> {
  const out: BenchEntry[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;

  // The small shipped panel first: after the 680 MB synthetic runs, garbage collection of their
  // output would land inside these short timings.
  const { panel, label } = await shippedPanel();
  const shippedValues = valueCount(panel);
  // A few extra calls so the timed ones see optimised code (the first calls run in V8's
  // interpreter and baseline tiers): we report steady-state throughput.
  for (let k = 0; k < 3; k++) computeFeatures(panel);
  const shippedSeconds = await medianSeconds(() => computeFeatures(panel), { runs: 15 });
  console.error(`  ${label}: ${panel.tickers.length} tickers x ${panel.dates.length} days, ${shippedValues} values, median ${shippedSeconds.toFixed(4)} s`);

  const synthetic = syntheticPanel({ tickerCount: 500, days: 5000, seed: 1 });
  gc?.();
  // Peak before any timing run: later runs reuse freed pages and would hide it.
  const peak = await peakRssMb(() => computeFeatures(synthetic));
  gc?.();
  const values = valueCount(synthetic);
  const seconds = await medianSeconds(() => computeFeatures(synthetic), { runs: 5 });
  console.error(`  synthetic 500x5000: ${values} values, median ${seconds.toFixed(3)} s`);

  out.push(entry("features.values_per_s.shipped", shippedValues / shippedSeconds, "values/s", PANDAS_VALUES_PER_S));
  out.push(entry("features.values_per_s.synthetic_500x5000", values / seconds, "values/s", PANDAS_VALUES_PER_S));
  out.push(entry("features.peak_mb.synthetic_500x5000", peak, "MB"));
  return out;
}

/**
 * Data layer throughput on the shipped dataset (data/adjusted: 28 tickers, ~172k daily bars).
 * - cache.read.rows_per_s: bars per second read from the Parquet cache, including the SHA-256 check
 *   of every file against its sidecar, decoding, and the row-count and date-order checks.
 * - cache.write.rows_per_s: bars per second written (snappy Parquet + sidecar, temp file + fsync + rename).
 * - panel.build.seconds: `loadShippedPanel()` cold (default universe: 23 ETFs x 4,647 sessions):
 *   read and verify the files, estimate VWAP, align on the NYSE calendar.
 * - panel.align.seconds: `buildPanel` alone on bars already in memory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { entry, medianSeconds, type BenchEntry } from "./harness";
import { buildPanel } from "../src/data/panel";
import { readBarsCache, writeBarsCache, type CacheMetadata } from "../src/data/cache";
import { clearShippedDataMemo, listShippedTickers, loadShippedBars, loadShippedPanel, shippedDataDir } from "../src/data/shipped";
import type { Bars } from "../src/data/types";

export async function run(): Promise<BenchEntry[]> {
  const dir = join(shippedDataDir(), "adjusted");
  const tickers = listShippedTickers("adjusted");
  const loaded: { bars: Bars; meta: CacheMetadata }[] = [];
  const readAll = async () => {
    loaded.length = 0;
    for (const t of tickers) {
      const r = await readBarsCache(dir, t);
      if (r.status !== "ok") throw new Error(`bench: ${t} ${r.status}`);
      loaded.push({ bars: r.bars, meta: r.meta });
    }
  };
  const readSeconds = await medianSeconds(readAll, { runs: 5 });
  const rows = loaded.reduce((s, x) => s + x.bars.dates.length, 0);

  const tmp = mkdtempSync(join(tmpdir(), "caae-bench-"));
  let writeSeconds: number;
  try {
    writeSeconds = await medianSeconds(async () => {
      for (const { bars, meta } of loaded) await writeBarsCache(tmp, bars, meta);
    }, { runs: 3 });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const panelSeconds = await medianSeconds(async () => {
    clearShippedDataMemo();
    await loadShippedPanel();
  }, { runs: 5 });

  const p = await loadShippedPanel();
  const bars = await Promise.all(p.tickers.map((t) => loadShippedBars(t, { start: "2007-04-11", end: "2025-09-26" })));
  const alignSeconds = await medianSeconds(() => buildPanel(bars, { start: "2007-04-11", end: "2025-09-26" }), { runs: 9 });

  return [
    entry("cache.read.rows_per_s", rows / readSeconds, "rows/s"),
    entry("cache.write.rows_per_s", rows / writeSeconds, "rows/s"),
    entry("panel.build.seconds", panelSeconds, "s"),
    entry("panel.align.seconds", alignSeconds, "s"),
  ];
}

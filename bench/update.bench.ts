/**
 * `alpha-engine update` on the shipped universe (23 ETFs, 2007-04-11..2025-09-26, about 4,650 bars
 * each) against the fake Polygon server on 127.0.0.1 (tests/fixtures/data/fakePolygon.ts), with the
 * client's rate limit lifted (10,000/min), so the figures are the engine's own cost plus local HTTP:
 *   update.first_s            empty cache: one full fetch per ticker
 *   update.nothing_new_s      data.end 2025-09-30 after the vendor's last bar (09-26): every update
 *                             asks the overlap window and the missing tail, one request per ticker
 *   update.current_s          data.end 2025-09-26, checked through it: no request at all
 * and the request counts of each (the fake server's log). At the free tier's 5 requests a minute,
 * 23 requests take about 241 s of rate-limit waits (5 at once, then one batch per 60.25 s window).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { entry, medianSeconds, type BenchEntry } from "./harness";
import { startFakePolygon } from "../tests/fixtures/data/fakePolygon";
import { loadShippedBars, shippedDataDir } from "../src/data/shipped";
import { loadUniverseFile, resolveUniverse } from "../src/data/universe";
import { updateUniverseCache } from "../src/data/update";
import { parseDataConfig } from "../src/config/data";

export async function run(): Promise<BenchEntry[]> {
  const key = "pk_BENCH_0000000000";
  const fake = await startFakePolygon({ apiKey: key });
  const tmp = mkdtempSync(join(tmpdir(), "caae-bench-update-"));
  try {
    const tickers = resolveUniverse(loadUniverseFile(shippedDataDir()), "cross-asset-core").tickers;
    for (const t of tickers) fake.setBars(t, await loadShippedBars(t, { start: "2007-04-11", end: "2025-09-26", vwap: "missing" }));
    const config = (cacheDir: string, end: string) => parseDataConfig({ source: "live", baseUrl: fake.baseUrl, cacheDir, start: "2007-04-11", end, rateLimitPerMinute: 10_000 });
    const options = { client: { apiKey: key } };
    const timed = async (cfg: ReturnType<typeof config>) => {
      fake.requests.length = 0;
      const t0 = process.hrtime.bigint();
      await updateUniverseCache(cfg, options);
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, requests: fake.requests.length };
    };
    const first = await timed(config(join(tmp, "a"), "2025-09-30"));
    let nothingNewRequests = 0;
    const nothingNew = await medianSeconds(async () => (nothingNewRequests = (await timed(config(join(tmp, "a"), "2025-09-30"))).requests), { runs: 3 });
    await timed(config(join(tmp, "b"), "2025-09-26"));
    let currentRequests = 0;
    const current = await medianSeconds(async () => (currentRequests = (await timed(config(join(tmp, "b"), "2025-09-26"))).requests), { runs: 3 });
    return [
      entry("update.first_s", first.seconds, "s"),
      entry("update.first_requests", first.requests, "requests"),
      entry("update.nothing_new_s", nothingNew, "s"),
      entry("update.nothing_new_requests", nothingNewRequests, "requests"),
      entry("update.current_s", current, "s"),
      entry("update.current_requests", currentRequests, "requests"),
    ];
  } finally {
    await fake.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((entries) => {
    for (const e of entries) console.log(`${e.name} = ${e.value} ${e.unit}`);
  });
}

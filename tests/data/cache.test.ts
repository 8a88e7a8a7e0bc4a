// The Parquet bar cache: round trip, snappy, readable by an independent implementation (parquet-wasm),
// atomic writes, corruption detection, and the cache-through fetch (hit, incremental, refetch).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata } from "hyparquet";
import { createBars, withTypicalPriceVwap } from "../../src/data/bars";
import { barsToParquet, cachePaths, cacheFileStem, parquetToBars, readBarsCache, readCacheMetadata, writeBarsCache, type CacheMetadataInput } from "../../src/data/cache";
import { createPolygonClient } from "../../src/data/client";
import { fetchBarsCached, polygonCacheDir } from "../../src/data/store";
import { manualDataClock } from "../../src/data/rateLimiter";
import { dayToIso } from "../../src/util/dates";
import { fixtureBars } from "../fixtures/data/csv";
import { readWithParquetWasm } from "../fixtures/data/parquetWasm";
import { startFakePolygon, type FakePolygon } from "../fixtures/data/fakePolygon";

const KEY = "pk_CACHE_TEST_5e4d3c2b1a09";
const tmp = mkdtempSync(join(tmpdir(), "caae-cache-"));
let fake: FakePolygon;
before(async () => {
  fake = await startFakePolygon({ apiKey: KEY, pageSize: 200 });
});
after(async () => {
  await fake.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const META: CacheMetadataInput = {
  requestedFrom: "2019-01-01", requestedTo: "2020-12-31", adjusted: true, adjustment: "split", adjustmentNote: "test",
  fetchedAt: "2026-01-01T00:00:00.000Z", source: { kind: "file", origin: "test" }, calendar: "XNYS",
};

// Real bars with real VWAP and trade counts (the verbatim Polygon bars), plus awkward values.
function awkwardBars() {
  return createBars("BRK.B", {
    dates: [12874, 12877, 18263, 18264],
    open: [1.5032, 1.4639, 0.1 + 0.2, 1e-300], high: [1.5064, 1.4754, 1e300, 5], low: [1.4489, 1.4343, 0.3, 1e-300], close: [1.4604, 1.4675, 0.30000000000000004, 2],
    volume: [642646396, 578172308, 0.123456789, 0], vwap: [1.469, 1.4589, NaN, 2.5], transactions: [82132, 65543, NaN, NaN],
  });
}

test("barsToParquet/parquetToBars round-trips every value bit for bit, NaN included", async () => {
  const bars = awkwardBars();
  const back = await parquetToBars(barsToParquet(bars), "BRK.B");
  assert.deepEqual(Array.from(back.dates), Array.from(bars.dates));
  for (const f of ["open", "high", "low", "close", "volume", "vwap", "transactions"] as const) {
    assert.deepEqual(Array.from(back[f]).map(String), Array.from(bars[f]).map(String), f);
  }
});

test("every column chunk of a cache file is SNAPPY-compressed and the date column is a Parquet DATE", () => {
  const meta = parquetMetadata(barsToParquet(fixtureBars("split_adjusted/SPY.csv", "SPY")).buffer as ArrayBuffer);
  assert.equal(Number(meta.num_rows), 505);
  for (const rg of meta.row_groups) for (const c of rg.columns) assert.equal(c.meta_data?.codec, "SNAPPY", c.meta_data?.path_in_schema.join("."));
  const date = meta.schema.find((s) => s.name === "date")!;
  assert.equal(date.type, "INT32");
  assert.equal(date.converted_type, "DATE");
});

test("a file written by the cache reads identically with an independent implementation (parquet-wasm / arrow-rs)", async () => {
  for (const bars of [awkwardBars(), fixtureBars("split_adjusted/AAPL.csv", "AAPL"), fixtureBars("crypto/BTCUSD.csv", "X:BTCUSD")]) {
    const dir = join(tmp, "independent");
    await writeBarsCache(dir, bars, META);
    const wasm = readWithParquetWasm(readFileSync(cachePaths(dir, bars.ticker).parquet));
    assert.equal(wasm.numRows, bars.dates.length);
    assert.deepEqual(wasm.columns.map((c) => c.name), ["date", "open", "high", "low", "close", "volume", "vwap", "transactions"]);
    assert.equal(wasm.columns[0].format, "tdD", "date is Arrow date32 (days)");
    assert.deepEqual(Array.from(wasm.columns[0].values), Array.from(bars.dates));
    for (const c of wasm.columns.slice(1)) {
      const want = bars[c.name as "open"];
      assert.equal(c.nullCount, 0);
      for (let i = 0; i < want.length; i++) assert.ok(Object.is(c.values[i], want[i]), `${bars.ticker} ${c.name}[${i}]: ${c.values[i]} vs ${want[i]}`);
    }
  }
});

test("the shipped data's files read identically with parquet-wasm (SPY adjusted, every value)", async () => {
  const bytes = readFileSync(join(__dirname, "../../data/adjusted/SPY.parquet"));
  const ours = await parquetToBars(bytes, "SPY");
  const wasm = readWithParquetWasm(bytes);
  assert.equal(wasm.numRows, 8222); // manifest: adjusted/SPY.csv rows
  assert.deepEqual(Array.from(wasm.columns[0].values), Array.from(ours.dates));
  for (const c of wasm.columns.slice(1)) for (let i = 0; i < ours.dates.length; i++) assert.ok(Object.is(c.values[i], ours[c.name as "open"][i]), `${c.name}[${i}]`);
});

test("writeBarsCache writes a sidecar with symbol, range, basis, row count and hash, and leaves no temp file", async () => {
  const dir = join(tmp, "sidecar");
  const bars = fixtureBars("crypto/BTCUSD.csv", "X:BTCUSD");
  const meta = await writeBarsCache(dir, bars, { ...META, calendar: "24/7" });
  assert.equal(cacheFileStem("X:BTCUSD"), "X_3ABTCUSD");
  assert.deepEqual(readdirSync(dir).sort(), ["X_3ABTCUSD.json", "X_3ABTCUSD.parquet"]);
  const onDisk = JSON.parse(readFileSync(join(dir, "X_3ABTCUSD.json"), "utf8"));
  assert.deepEqual(onDisk, meta);
  assert.equal(meta.symbol, "X:BTCUSD");
  assert.equal(meta.firstDate, "2020-01-01");
  assert.equal(meta.lastDate, "2020-03-31");
  assert.equal(meta.rowCount, 91);
  assert.equal(meta.vwap, "none");
  assert.match(meta.contentHash, /^sha256:[0-9a-f]{64}$/);
  const r = await readBarsCache(dir, "X:BTCUSD");
  assert.equal(r.status, "ok");
});

test("writeBarsCache refuses bars whose VWAP is an estimate (the cache keeps only what the source gave)", async () => {
  await assert.rejects(writeBarsCache(join(tmp, "est"), withTypicalPriceVwap(fixtureBars("split_adjusted/SPY.csv", "SPY")), META), /refusing to store an estimated VWAP/);
});

test("readBarsCache says corrupt (never returns bars) for a truncated file, a flipped byte, a missing file or a bad sidecar", async () => {
  const dir = join(tmp, "corrupt");
  const bars = fixtureBars("split_adjusted/TLT.csv", "TLT");
  const paths = cachePaths(dir, "TLT");
  const fresh = () => writeBarsCache(dir, bars, META);

  await fresh();
  truncateSync(paths.parquet, Math.floor(statSync(paths.parquet).size / 2));
  let r = await readBarsCache(dir, "TLT");
  assert.equal(r.status, "corrupt");
  assert.match((r as { reason: string }).reason, /content hash mismatch/);

  await fresh();
  const b = readFileSync(paths.parquet);
  b[200] ^= 0xff;
  writeFileSync(paths.parquet, b);
  r = await readBarsCache(dir, "TLT");
  assert.equal(r.status, "corrupt");

  await fresh();
  rmSync(paths.parquet);
  assert.equal((await readBarsCache(dir, "TLT")).status, "corrupt");

  await fresh();
  writeFileSync(paths.sidecar, '{"format": "cross-asset-alpha-engine/bars@1", "symbol": "TLT"');
  assert.equal((await readBarsCache(dir, "TLT")).status, "corrupt");

  assert.equal((await readBarsCache(dir, "NOPE")).status, "missing");
});

function liveClient() {
  return createPolygonClient({ apiKey: KEY, baseUrl: fake.baseUrl, rateLimitPerMinute: 1000, retryBaseDelayMs: 1, retryMaxDelayMs: 5, clock: manualDataClock() });
}

test("fetchBarsCached: a miss fetches and writes, the same range again is served from the cache with no request", async () => {
  const cacheDir = join(tmp, "through");
  const client = liveClient();
  fake.requests.length = 0;
  const first = await fetchBarsCached(client, "SPY", "2019-01-01", "2019-12-31", { cacheDir });
  assert.equal(first.action, "full");
  assert.equal(first.bars.dates.length, 252);
  assert.equal(fake.requests.length, 2); // 252 bars in pages of 200
  const second = await fetchBarsCached(client, "SPY", "2019-03-01", "2019-06-28", { cacheDir });
  assert.equal(second.action, "cache");
  assert.equal(second.requests, 0);
  assert.equal(fake.requests.length, 2);
  assert.equal(dayToIso(second.bars.dates[0]), "2019-03-01");
  assert.equal(second.meta.adjustment, "split");
  assert.ok(readdirSync(polygonCacheDir(cacheDir, true)).includes("SPY.parquet"));
});

test("fetchBarsCached: an incremental update asks for the overlap window (last 5 cached sessions) and the days after the last cached bar", async () => {
  const cacheDir = join(tmp, "incremental");
  const client = liveClient();
  await fetchBarsCached(client, "GLD", "2019-01-01", "2019-12-31", { cacheDir });
  fake.requests.length = 0;
  const r = await fetchBarsCached(client, "GLD", "2019-01-01", "2020-06-30", { cacheDir });
  assert.equal(r.action, "incremental");
  // last cached bar 2019-12-31; its last 5 sessions start 2019-12-24 (Dec 25 is a holiday)
  assert.deepEqual(fake.requests.map((q) => q.path), ["/v2/aggs/ticker/GLD/range/1/day/2019-12-24/2020-06-30"]);
  const want = fixtureBars("split_adjusted/GLD.csv", "GLD");
  const n = want.dates.filter((d) => d <= r.bars.dates[r.bars.dates.length - 1]).length;
  assert.equal(r.bars.dates.length, n);
  for (let i = 0; i < n; i++) assert.equal(r.bars.close[i], want.close[i]);
  assert.equal(r.meta.requestedFrom, "2019-01-01");
  assert.equal(r.meta.requestedTo, "2020-06-30");
  assert.equal(r.meta.checkedThrough, "2020-06-30");
});

test("fetchBarsCached: a truncated cache file (a write killed halfway) leads to a refetch, never to bad data", async () => {
  const cacheDir = join(tmp, "killed");
  const client = liveClient();
  await fetchBarsCached(client, "AAPL", "2019-01-01", "2020-12-31", { cacheDir });
  const { parquet } = cachePaths(polygonCacheDir(cacheDir, true), "AAPL");
  truncateSync(parquet, 1000);
  fake.requests.length = 0;
  const logs: string[] = [];
  const r = await fetchBarsCached(client, "AAPL", "2020-01-02", "2020-12-31", { cacheDir, log: (l) => logs.push(l) });
  assert.equal(r.action, "full");
  assert.match(r.reason ?? "", /cache file corrupt \(content hash mismatch/);
  assert.ok(fake.requests.length > 0);
  const want = fixtureBars("split_adjusted/AAPL.csv", "AAPL");
  const off = want.dates.indexOf(r.bars.dates[0]);
  for (let i = 0; i < r.bars.dates.length; i++) assert.equal(r.bars.close[i], want.close[off + i]);
  assert.equal((await readBarsCache(polygonCacheDir(cacheDir, true), "AAPL")).status, "ok");
});

test("adjusted and unadjusted bars live in separate cache folders (split history changes the adjusted file)", async () => {
  const cacheDir = join(tmp, "basis");
  const raw = createPolygonClient({ apiKey: KEY, baseUrl: fake.baseUrl, adjusted: false, rateLimitPerMinute: 1000, clock: manualDataClock() });
  const r = await fetchBarsCached(raw, "AAPL", "2020-08-03", "2020-09-30", { cacheDir });
  assert.equal(r.meta.adjusted, false);
  assert.equal(r.meta.adjustment, "none");
  assert.ok(readdirSync(polygonCacheDir(cacheDir, false)).includes("AAPL.parquet"));
  assert.equal(r.bars.close[r.bars.dates.indexOf(18502)], 499.23); // 2020-08-28, before the 4:1 split, as traded
  assert.equal(r.bars.close[r.bars.dates.indexOf(18505)], 129.04); // 2020-08-31, after it
});

test("grep: no cache file written through the client contains the API key", () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) f.isDirectory() ? walk(join(d, f.name)) : files.push(join(d, f.name));
  };
  walk(tmp);
  assert.ok(files.length >= 8, `${files.length} files`);
  for (const f of files) assert.ok(!readFileSync(f).includes(Buffer.from(KEY)), `key found in ${f}`);
});

test("cacheFileStem is injective and folder-safe: ^GSPC, :GSPC, .., non-ASCII, case and old-style names never collide or escape", async () => {
  const tickers = ["^GSPC", ":GSPC", "_5EGSPC", "_3AGSPC", "..", ".", "...", "../evil", "..\\evil", "a/b", "X:BTCUSD", "X_BTCUSD", "X_3ABTCUSD", "SPY", "spy", "Spy", "BRK.B", "BRK_B", "CON", "con", "NUL", "é", "e\u0301", "日本", "I:SPX", ".SPY"];
  const stems = tickers.map(cacheFileStem);
  assert.equal(new Set(stems).size, tickers.length, "distinct tickers, distinct stems");
  assert.equal(new Set(stems.map((s) => s.toLowerCase())).size, tickers.length, "distinct even on a case-insensitive file system");
  for (const s of stems) {
    assert.match(s, /^[A-Z0-9_\-][A-Z0-9_.\-]*$/, s);
    assert.doesNotMatch(s, /^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/i, s);
  }
  assert.deepEqual([cacheFileStem("^GSPC"), cacheFileStem(":GSPC"), cacheFileStem(".."), cacheFileStem("BRK.B"), cacheFileStem("é"), cacheFileStem("CON")], ["_5EGSPC", "_3AGSPC", "_2E.", "BRK.B", "_C3_A9", "_43ON"]);
  assert.throws(() => cacheFileStem(""), /empty ticker/);
  // Written and read back inside the folder, each under its own name.
  const dir = join(tmp, "names");
  for (const t of ["../evil", "^GSPC", ":GSPC", "日本"]) await writeBarsCache(dir, createBars(t, { dates: [18263], open: [1], high: [2], low: [0.5], close: [1.5] }), META);
  assert.equal(readdirSync(dir).length, 8);
  assert.equal(readdirSync(tmp).includes("evil.json"), false);
  for (const t of ["../evil", "^GSPC", ":GSPC", "日本"]) assert.equal((await readBarsCache(dir, t)).status, "ok", t);
});

test("files named the old way (X_BTCUSD) are read when their sidecar names the ticker, and migrated on the next write", async () => {
  const dir = join(tmp, "legacy");
  mkdirSync(dir, { recursive: true });
  for (const ext of ["json", "parquet"]) copyFileSync(join(__dirname, `../../data/crypto/X_BTCUSD.${ext}`), join(dir, `X_BTCUSD.${ext}`));
  const r = await readBarsCache(dir, "X:BTCUSD");
  assert.equal(r.status, "ok");
  assert.equal((await readCacheMetadata(dir, "X:BTCUSD"))?.symbol, "X:BTCUSD");
  // The old name was lossy: the ticker "X_BTCUSD" does not get X:BTCUSD's file.
  assert.equal((await readBarsCache(dir, "X_BTCUSD")).status, "missing");
  if (r.status !== "ok") return;
  await writeBarsCache(dir, r.bars, { ...META, calendar: "24/7" });
  assert.deepEqual(readdirSync(dir).sort(), ["X_3ABTCUSD.json", "X_3ABTCUSD.parquet"]);
  assert.equal((await readBarsCache(dir, "X:BTCUSD")).status, "ok");
});

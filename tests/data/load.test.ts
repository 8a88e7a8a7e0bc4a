// loadDataPanel: shipped by default; live through the fake server and the cache when asked.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDataPanel } from "../../src/data/load";
import { manualDataClock } from "../../src/data/rateLimiter";
import { parseDataConfig } from "../../src/config/data";
import { monthlyCoverage, rebasedCloses } from "../../src/data/coverage";
import { candlestickVolumeChart, coverageHeatmap, rebasedPriceChart } from "../../src/charts/data";
import { loadShippedBars, loadShippedPanel, shippedDataDir } from "../../src/data/shipped";
import { barsBetween, createBars } from "../../src/data/bars";
import { cachePaths, writeBarsCache } from "../../src/data/cache";
import { tickerIndex } from "../../src/data/types";
import { isoToDay } from "../../src/util/dates";
import { startFakePolygon, type FakePolygon } from "../fixtures/data/fakePolygon";

const KEY = "pk_LOAD_TEST_0a1b2c3d4e5f";
const tmp = mkdtempSync(join(tmpdir(), "caae-load-"));
let fake: FakePolygon;
before(async () => {
  fake = await startFakePolygon({ apiKey: KEY });
  writeFileSync(join(tmp, "universes.json"), JSON.stringify({ default: "mini", universes: { mini: { calendar: "XNYS", members: [{ ticker: "SPY", assetClass: "equity" }, { ticker: "TLT", assetClass: "bond" }, { ticker: "GLD", assetClass: "commodity" }] } } }));
});
after(async () => {
  await fake.stop();
  rmSync(tmp, { recursive: true, force: true });
});

test("loadDataPanel(defaults) is the shipped study panel", async () => {
  const p = await loadDataPanel(parseDataConfig());
  assert.equal(p.source, "shipped");
  assert.equal(p.tickers.length, 23);
  assert.equal(p.dates.length, 4647);
});

test("loadDataPanel live: fetches each ticker through the cache, validates, aligns; the second run makes no request", async () => {
  const config = parseDataConfig({ source: "live", baseUrl: fake.baseUrl, universe: "mini", start: "2020-01-02", end: "2020-12-31", cacheDir: join(tmp, "cache"), rateLimitPerMinute: 5 });
  const logs: string[] = [];
  const opts = { dataDir: tmp, log: (l: string) => logs.push(l), client: { apiKey: KEY, clock: manualDataClock() } };
  const p = await loadDataPanel(config, opts);
  assert.equal(p.source, "live");
  assert.deepEqual(p.tickers, ["SPY", "TLT", "GLD"]);
  assert.equal(p.dates.length, 253);
  assert.equal(p.alignment.complete, true);
  assert.ok(p.metadata.every((m) => m.adjustment === "split"));
  assert.equal(p.validation.length, 3);
  const n = fake.requests.length;
  assert.equal(n, 3);
  const again = await loadDataPanel(config, opts);
  assert.equal(fake.requests.length, n, "served from the cache");
  assert.deepEqual(Array.from(again.close), Array.from(p.close));
  for (const line of logs) assert.ok(!line.includes(KEY));
  for (const f of readdirSync(join(tmp, "cache", "polygon-adjusted"))) assert.ok(!readFileSync(join(tmp, "cache", "polygon-adjusted", f)).includes(Buffer.from(KEY)), f);
});

test("monthlyCoverage counts FXE's missing 2011-02-17 in 2011-02 and nothing elsewhere in 2011", async () => {
  const p = await loadShippedPanel({ universe: "legacy-2017", start: "2011-01-03", end: "2011-12-30" });
  const c = monthlyCoverage(p);
  assert.equal(c.months.length, 12);
  assert.equal(c.sessions[1], 19); // February 2011: 19 sessions (Presidents' Day 02-21)
  const fxe = c.missing[tickerIndex(p, "FXE")];
  assert.deepEqual(fxe, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.ok(c.missing[tickerIndex(p, "SPY")].every((v) => v === 0));
});

test("rebasedCloses starts every ticker at 1 and keeps NaN where the close is missing", async () => {
  const p = await loadShippedPanel({ universe: "legacy-2017", start: "2011-02-14", end: "2011-02-18" });
  const r = rebasedCloses(p);
  const T = p.dates.length;
  for (let j = 0; j < p.tickers.length; j++) assert.equal(r[j * T], 1);
  const j = tickerIndex(p, "FXE");
  assert.ok(Number.isNaN(r[j * T + p.dates.indexOf(isoToDay("2011-02-17"))]));
  assert.equal(r[j * T + T - 1], p.close[j * T + T - 1] / p.close[j * T]);
  const short = { ...p, close: p.close.subarray(1) };
  assert.throws(() => rebasedCloses(short), /rebasedCloses: close has \d+ values; its grid is/);
  assert.throws(() => monthlyCoverage(short), /monthlyCoverage: close has \d+ values; its grid is/);
});

test("data charts: candlestick + volume, rebased lines (weekly), coverage heatmap have the expected traces and sizes", async () => {
  const spy = barsBetween(await loadShippedBars("SPY"), isoToDay("2024-01-02"), isoToDay("2024-12-31"));
  const candle = candlestickVolumeChart(spy);
  assert.deepEqual(candle.data.map((t) => t.type), ["bar", "bar", "scatter", "scatter"], "candle bodies, volume, rising and falling wicks");
  assert.equal((candle.data[0].x as string[]).length, 252);
  // each body spans open..close and each wick low..high (the first session, from the bars themselves)
  const k = 0, i = spy.dates.length - 252 + k;
  const base = (candle.data[0].base as number[])[k], height = (candle.data[0].y as number[])[k];
  assert.ok(Math.abs(base - Math.min(spy.open[i], spy.close[i])) < 1e-12 && Math.abs(base + height - Math.max(spy.open[i], spy.close[i])) < 1e-9);
  const wick = candle.data[spy.close[i] >= spy.open[i] ? 2 : 3];
  assert.deepEqual((wick.y as number[]).slice(0, 3), [spy.low[i], spy.high[i], null]);
  const p = await loadShippedPanel();
  const lines = rebasedPriceChart(p.dates, p.tickers, rebasedCloses(p));
  assert.equal(lines.data.length, 23);
  assert.equal((lines.data[0].x as string[]).length, Math.ceil(4647 / 5) + 1); // every 5th session plus the last
  const heat = coverageHeatmap(monthlyCoverage(p));
  assert.equal(heat.data[0].type, "heatmap");
  assert.equal((heat.data[0].y as string[]).length, 23);
});

test("loadDataPanel shipped with an inline universe: its order and asset classes, the shipped values", async () => {
  const config = parseDataConfig({ universe: { members: [{ ticker: "TLT", assetClass: "bond" }, { ticker: "SPY", assetClass: "index" }] }, start: "2020-01-02", end: "2020-12-31" });
  const p = await loadDataPanel(config);
  assert.deepEqual([p.source, p.universe, ...p.tickers, ...p.assetClasses], ["shipped", "(inline)", "TLT", "SPY", "bond", "index"]);
  const ref = await loadShippedPanel({ tickers: ["TLT", "SPY"], start: "2020-01-02", end: "2020-12-31" });
  assert.deepEqual(Array.from(p.close), Array.from(ref.close));
  // a member with no bar in the range is a config mistake, named
  const late = parseDataConfig({ universe: { members: [{ ticker: "SPY", assetClass: "equity" }, { ticker: "HYG", assetClass: "bond" }] }, start: "2005-01-03", end: "2006-12-29" });
  await assert.rejects(loadDataPanel(late), /data: "HYG" \(universe \(inline\)\) has no bar between data\.start 2005-01-03 and data\.end 2006-12-29 in the shipped data/);
});

test('loadDataPanel source "files": a member without a file in data.dir is an error naming ticker, universe, folder and the import command', async () => {
  const dir = mkdtempSync(join(tmpdir(), "caae-files-"));
  writeFileSync(join(tmp, "mine.json"), JSON.stringify({ default: "pair", universes: { pair: { members: [{ ticker: "SPY", assetClass: "equity" }, { ticker: "AMD", assetClass: "stock" }] } } }));
  const config = parseDataConfig({ source: "files", dir, universe: "pair", universesFile: join(tmp, "mine.json") });
  await assert.rejects(loadDataPanel(config), (e: Error) => {
    assert.equal(e.message, `data.dir: no bars for "SPY" (a member of universe pair) in ${dir} (have: nothing): import its file with alpha-engine import <folder> --out ${dir}, or remove it from data.universe`);
    return true;
  });
});

test("loadShippedBars sees a file rewritten in the same process (a long-lived sweep worker), not its first decode", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cae-shipped-"));
  try {
    cpSync(join(shippedDataDir(), "adjusted"), join(dataDir, "adjusted"), { recursive: true, filter: (f) => !/\.(parquet|json)$/.test(f) || /[/\\]SPY\.(parquet|json)$/.test(f) });
    const first = await loadShippedBars("SPY", { dataDir, vwap: "missing" });
    const day = first.dates.length - 1;
    assert.equal((await loadShippedBars("SPY", { dataDir })).volume[day], first.volume[day]);
    const spyFiles = cachePaths(join(dataDir, "adjusted"), "SPY");
    // the cache's own writer: a new Parquet file and a new sidecar, each renamed into place
    const volume = Float64Array.from(first.volume, (v, t) => (t === day ? 2 * v : v));
    const { format, symbol, firstDate, lastDate, rowCount, contentHash, vwap, transactions, ...input } = first.meta;
    const before = statSync(spyFiles.parquet).ino;
    await writeBarsCache(join(dataDir, "adjusted"), createBars("SPY", { ...first, volume }), input);
    assert.notEqual(statSync(spyFiles.parquet).ino, before, "a new file (written by rename)");
    const again = await loadShippedBars("SPY", { dataDir });
    assert.equal(again.volume[day], 2 * first.volume[day], "the rewritten file's volume, not the first decode's");
    assert.equal(again.volume[day - 1], first.volume[day - 1]);
    assert.notEqual(again.meta.contentHash, first.meta.contentHash);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

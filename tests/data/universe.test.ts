// Universes: the shipped file validates, extends resolves, bad files are rejected naming the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { guessAssetClass, loadUniverseFile, parseUniverseFile, resolveUniverse } from "../../src/data/universe";
import { shippedDataDir } from "../../src/data/shipped";

test("data/universes.json validates; the default is cross-asset-core with 23 ETFs and its gap-free range", () => {
  const file = loadUniverseFile(shippedDataDir());
  const u = resolveUniverse(file);
  assert.equal(u.name, "cross-asset-core");
  assert.equal(u.tickers.length, 23);
  assert.equal(u.start, "2007-04-11");
  assert.equal(u.end, "2025-09-26");
  assert.equal(u.calendar, "XNYS");
  assert.deepEqual(Object.fromEntries(["SPY", "VNQ", "TLT", "GLD", "UUP"].map((t) => [t, u.assetClasses[u.tickers.indexOf(t)]])), { SPY: "equity", VNQ: "real_estate", TLT: "bond", GLD: "commodity", UUP: "currency" });
});

test("extends puts the parent's members first and adds the child's (cross-asset-with-stocks = core + AAPL, MSFT)", () => {
  const u = resolveUniverse(loadUniverseFile(shippedDataDir()), "cross-asset-with-stocks");
  assert.equal(u.tickers.length, 25);
  assert.deepEqual(u.tickers.slice(-2), ["AAPL", "MSFT"]);
  assert.deepEqual(u.assetClasses.slice(-2), ["stock", "stock"]);
});

test("parseUniverseFile names the bad field: unknown asset class, unknown default, end before start, unknown extends", () => {
  const good = { default: "u", universes: { u: { members: [{ ticker: "SPY", assetClass: "equity" }] } } };
  assert.doesNotThrow(() => parseUniverseFile(good));
  assert.throws(() => parseUniverseFile({ ...good, universes: { u: { members: [{ ticker: "SPY", assetClass: "stonks" }] } } }), /universes\.u\.members\.0\.assetClass/);
  assert.throws(() => parseUniverseFile({ ...good, default: "nope" }), /default: names no universe \(have u\)/);
  assert.throws(() => parseUniverseFile({ default: "u", universes: { u: { start: "2020-01-02", end: "2019-01-02", members: good.universes.u.members } } }), /universes\.u\.end: is before start 2020-01-02/);
  assert.throws(() => parseUniverseFile({ default: "u", universes: { u: { extends: "v", members: good.universes.u.members } } }), /universes\.u\.extends: unknown universe "v"/);
  assert.throws(() => parseUniverseFile({ default: "u", universes: { u: { start: "2021-02-30", members: good.universes.u.members } } }), /must be a calendar date/);
  assert.throws(() => resolveUniverse(parseUniverseFile(good), "zzz"), /unknown universe "zzz"/);
});

test("guessAssetClass reads Polygon prefixes", () => {
  assert.deepEqual(["X:BTCUSD", "C:EURUSD", "I:SPX", "SPY"].map(guessAssetClass), ["crypto", "fx", "index", "equity"]);
});

// --- The universe in the config (issue 12): inline or named in your own universes file. ---
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDataConfig } from "../../src/config/data";
import { ConfigError } from "../../src/config/parse";
import { parseStudyConfig } from "../../src/study/config";
import { resolveDataUniverse, universeFromTickers } from "../../src/data/universe";

test("data.universe inline: members and calendar (default XNYS; 24x7 is the 24/7 calendar), resolved in order", () => {
  const c = parseDataConfig({ universe: { members: [{ ticker: "AMD", assetClass: "stock" }, { ticker: "SPY", assetClass: "equity", name: "S&P 500" }] } });
  const u = resolveDataUniverse(c, shippedDataDir());
  assert.equal(u.name, "(inline)");
  assert.deepEqual(u.tickers, ["AMD", "SPY"]);
  assert.deepEqual(u.assetClasses, ["stock", "equity"]);
  assert.equal(u.calendar, "XNYS");
  const crypto = parseDataConfig({ universe: { members: [{ ticker: "X:BTCUSD", assetClass: "crypto" }], calendar: "24x7" } });
  assert.equal(resolveDataUniverse(crypto, shippedDataDir()).calendar, "24/7");
});

test("data.universe errors name the path: unknown asset class, a ticker listed twice, an unknown calendar", () => {
  assert.throws(() => parseDataConfig({ universe: { members: [{ ticker: "AMD", assetClass: "stonks" }] } }), /universe\.members\.0\.assetClass/);
  assert.throws(() => parseDataConfig({ universe: { members: [{ ticker: "AMD", assetClass: "stock" }, { ticker: "AMD", assetClass: "stock" }] } }), /universe\.members\.1\.ticker: "AMD" is listed twice/);
  assert.throws(() => parseDataConfig({ universe: { members: [{ ticker: "AMD", assetClass: "stock" }], calendar: "LSE" } }), /universe\.calendar/);
  assert.throws(() => parseDataConfig({ universe: { members: [] } }), /universe\.members: needs at least 1 value \(got \[\]\)/);
});

test("data.universe by name: the shipped file, or data.universesFile; an unknown name says which file and what it has", () => {
  assert.equal(resolveDataUniverse(parseDataConfig({ universe: "cross-asset-with-stocks" }), shippedDataDir()).tickers.length, 25);
  const dir = mkdtempSync(join(tmpdir(), "universes-"));
  const file = join(dir, "mine.json");
  writeFileSync(file, JSON.stringify({ default: "chips", universes: { chips: { members: [{ ticker: "AMD", assetClass: "stock" }, { ticker: "NVDA", assetClass: "stock" }] } } }));
  const mine = resolveDataUniverse(parseDataConfig({ universe: "chips", universesFile: file }), shippedDataDir());
  assert.deepEqual([mine.name, ...mine.tickers], ["chips", "AMD", "NVDA"]);
  assert.throws(
    () => resolveDataUniverse(parseDataConfig({ universe: "memes", universesFile: file }), shippedDataDir()),
    (e: Error) => e.message.startsWith(`data.universe: "memes" is not a universe of ${file} (have chips)`),
  );
  assert.throws(() => resolveDataUniverse(parseDataConfig({ universe: "nope" }), shippedDataDir()), /data\.universe: "nope" is not a universe of .*universes\.json \(have cross-asset-core, /);
});

test('data.start "2024-02-30" fails parsing naming data.start (a real calendar date), in the data and the study config', () => {
  assert.throws(() => parseDataConfig({ start: "2024-02-30" }), (e: unknown) => e instanceof ConfigError && /^invalid data config: start: must be a calendar date .*\(got "2024-02-30"\)$/.test(e.message));
  assert.throws(() => parseStudyConfig({ data: { end: "2023-02-29" } }), /data\.end: must be a calendar date .*\(got "2023-02-29"\)/);
  assert.equal(parseDataConfig({ start: "2024-02-29" }).start, "2024-02-29"); // a leap day is a day
});

test('data.source "files" needs data.dir, and the error says where the folder comes from', () => {
  assert.throws(() => parseDataConfig({ source: "files" }), /dir: source "files" needs data\.dir: the dataset folder written by `alpha-engine import/);
  assert.equal(parseDataConfig({ source: "files", dir: "ds" }).dir, "ds");
});

test("universeFromTickers (--tickers): asset classes from the universes files, else equity with a note; 24/7 only when all are crypto", () => {
  const shipped = loadUniverseFile(shippedDataDir());
  const { universe, notes } = universeFromTickers(["TLT", "AMD", "GLD"], [shipped]);
  assert.deepEqual(universe.members.map((m) => [m.ticker, m.assetClass]), [["TLT", "bond"], ["AMD", "equity"], ["GLD", "commodity"]]);
  assert.deepEqual(notes, ['AMD: asset class "equity" assumed (not in any universes file)']);
  assert.equal(universe.calendar, "XNYS");
  assert.equal(universeFromTickers(["X:BTCUSD"], [shipped]).universe.calendar, "24/7");
  assert.throws(() => universeFromTickers(["SPY", "SPY"], [shipped]), /"SPY" is listed twice/);
});

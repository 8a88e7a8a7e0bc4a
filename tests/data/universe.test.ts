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

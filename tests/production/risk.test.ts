/** Each pre-trade check breached once: the clip (values by hand) or the block, with its reason code. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RiskChecksConfigSchema } from "../../src/config/production";
import { preTradeChecks, averageDollarVolume, type PreTradeInputs } from "../../src/production/risk";

const TICKERS = ["A", "B", "C"];
const base = (over: Partial<PreTradeInputs> = {}): PreTradeInputs => ({
  tickers: TICKERS,
  target: Object.freeze([0.2, -0.2, 0.1]) as number[],
  current: Object.freeze([0, 0, 0]) as number[],
  beta: [NaN, NaN, NaN],
  advUsd: [NaN, NaN, NaN],
  notionalUsd: 1e6,
  rebalanceDay: true,
  ...over,
});
const checks = (over: Record<string, unknown>) => RiskChecksConfigSchema.parse(over);
const near = (a: ArrayLike<number>, b: number[], what: string) => b.forEach((x, j) => assert.ok(Math.abs(a[j] - x) <= 1e-12, `${what}[${j}]: ${a[j]} vs ${x}`));

test("every check is off by default: the targets pass through untouched", () => {
  const r = preTradeChecks(base({ target: [0.9, -0.9, 0.5] }), checks({}));
  near(r.target, [0.9, -0.9, 0.5], "target");
  assert.equal(r.outcomes.length, 0);
  assert.equal(r.blocked, null);
});

test("positionCap clips each position to +-limit (POSITION_CAP), or blocks", () => {
  const r = preTradeChecks(base({ target: [0.3, -0.25, 0.1] }), checks({ positionCap: { limit: 0.2 } }));
  near(r.target, [0.2, -0.2, 0.1], "clipped");
  assert.deepEqual(r.reasons, [["POSITION_CAP"], ["POSITION_CAP"], []]);
  assert.deepEqual(r.outcomes.map((o) => [o.check, o.ticker, o.value]), [["positionCap", "A", 0.3], ["positionCap", "B", -0.25]]);
  const b = preTradeChecks(base({ target: [0.3, -0.25, 0.1], current: [0.05, 0, 0] }), checks({ positionCap: { limit: 0.2, action: "block" } }));
  assert.equal(b.blocked, "POSITION_CAP");
  near(b.target, [0.05, 0, 0], "blocked: hold the current book");
});

test("gross scales every weight down to the limit (GROSS_CAP)", () => {
  // gross 0.4 + 0.4 + 0.2 = 1.0, limit 0.5: every weight halves
  const r = preTradeChecks(base({ target: [0.4, -0.4, 0.2] }), checks({ gross: { limit: 0.5 } }));
  near(r.target, [0.2, -0.2, 0.1], "gross");
  assert.ok(r.reasons.every((c) => c.includes("GROSS_CAP")));
  assert.equal(preTradeChecks(base({ target: [0.4, -0.4, 0.2] }), checks({ gross: { limit: 0.5, action: "block" } })).blocked, "GROSS_CAP");
});

test("net shifts the held positions equally until |net| = limit (NET_CAP); an unheld asset stays at 0", () => {
  // net 0.3 - 0.1 = 0.2, limit 0.05: shift (0.2 - 0.05) / 2 = 0.075 off each held position
  const r = preTradeChecks(base({ target: [0.3, -0.1, 0] }), checks({ net: { limit: 0.05 } }));
  near(r.target, [0.225, -0.175, 0], "net");
  assert.deepEqual(r.reasons, [["NET_CAP"], ["NET_CAP"], []]);
  assert.equal(preTradeChecks(base({ target: [0.3, -0.1, 0] }), checks({ net: { limit: 0.05, action: "block" } })).blocked, "NET_CAP");
});

test("beta removes the excess along the beta vector (BETA_CAP): the book's beta lands on the limit", () => {
  // beta 0.2*1 + 0.1*2 - 0.1*0.5 = 0.35, limit 0.1: w -= 0.25 * beta / (1 + 4 + 0.25)
  const beta = [1, 2, 0.5];
  const r = preTradeChecks(base({ target: [0.2, 0.1, -0.1], beta }), checks({ beta: { limit: 0.1 } }));
  near(r.target, [0.2 - 0.25 / 5.25, 0.1 - 0.5 / 5.25, -0.1 - 0.125 / 5.25], "beta");
  assert.ok(Math.abs(r.target[0] * 1 + r.target[1] * 2 + r.target[2] * 0.5 - 0.1) < 1e-12);
  assert.equal(preTradeChecks(base({ target: [0.2, 0.1, -0.1], beta }), checks({ beta: { limit: 0.1, action: "block" } })).blocked, "BETA_CAP");
});

test("turnover scales every trade down to the cap on a rebalance day (TURNOVER_CAP), and is not checked on other days", () => {
  // trades 0.2 + 0.2 + 0.1 = 0.5 from a flat book, cap 0.25: every trade halves
  const r = preTradeChecks(base(), checks({ turnover: { limit: 0.25 } }));
  near(r.target, [0.1, -0.1, 0.05], "turnover");
  assert.ok(r.reasons.every((c) => c.includes("TURNOVER_CAP")));
  assert.equal(preTradeChecks(base({ rebalanceDay: false }), checks({ turnover: { limit: 0.25 } })).outcomes.length, 0);
  assert.equal(preTradeChecks(base(), checks({ turnover: { limit: 0.25, action: "block" } })).blocked, "TURNOVER_CAP");
});

test("advShare clips a trade to limit x ADV$ / notional (ADV_CAP); unknown ADV is not checked", () => {
  // A trades 0.2 of $1M = $200k against ADV$ $1M: share 0.2 > 0.1, clipped to $100k = 0.1; C trades $100k of $10M: fine
  const r = preTradeChecks(base({ advUsd: [1e6, NaN, 1e7] }), checks({ advShare: { limit: 0.1 } }));
  near(r.target, [0.1, -0.2, 0.1], "adv");
  assert.deepEqual(r.reasons, [["ADV_CAP"], [], []]);
  assert.deepEqual(r.outcomes.map((o) => [o.ticker, o.value]), [["A", 0.2]]);
  assert.equal(preTradeChecks(base({ advUsd: [1e6, NaN, 1e7] }), checks({ advShare: { limit: 0.1, action: "block" } })).blocked, "ADV_CAP");
});

test("averageDollarVolume is the mean close x volume over the window, skipping missing bars", () => {
  // one ticker, T = 4: dollars 10, NaN, 30, 40; window 3 at t = 3 -> (30 + 40) / 2
  const adv = averageDollarVolume([1, NaN, 3, 4], [10, 20, 10, 10], 1, 4, 3, 3);
  assert.equal(adv[0], 35);
});

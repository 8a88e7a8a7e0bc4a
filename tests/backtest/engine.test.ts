import { test } from "node:test";
import assert from "node:assert/strict";
import { runBacktest, BacktestEngine, type BacktestMarket } from "../../src/backtest/engine";
import { backtestTradeCost } from "../../src/backtest/costs";
import { parseBacktestConfig } from "../../src/config/backtest";
import { isoToDay } from "../../src/util/dates";
import { createRng } from "../../src/util/rng";
import { trailingVolatilityPanel } from "../../src/portfolio/volatility";

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}

const days = (first: string, n: number): Int32Array => Int32Array.from({ length: n }, (_, k) => isoToDay(first) + k);
const frozen = <T extends object>(x: T): T => Object.freeze(x); // typed arrays inside cannot be frozen: see the snapshot check

// =============================================================================================
// The two-asset, five-day example, by hand.
//
// Closes             t=0    t=1    t=2    t=3    t=4
//   A                100    110     99     99  108.9     R_A: t1 +10%, t2 -10%, t3 0, t4 +10%
//   B                 50     50     55   49.5   49.5     R_B: t1 0,    t2 +10%, t3 -10%, t4 0
// Dollar volume (close * volume), ADV$ over 2 days (advWindowDays = 2):
//   A DV             4e7    6e7    5e7    3e7    5e7  -> ADV$_A = 4e7, 5e7, 5.5e7, 4e7, 4e7
//   B DV             1e7    1e7    2e7    2e7    1e7  -> ADV$_B = 1e7, 1e7, 1.5e7, 2e7, 1.5e7
// Daily volatility supplied: sigma_A = 0.02, sigma_B = 0.01.
// Targets (decided at close t): t0 (0.5, -0.5), t1 (0.5, -0.5), t2 (0.2, 0.3), t3 (0.2, 0.3), t4 (0, 0).
// Costs: commission 10 bp + half spread 5 bp on |trade|; impact |d| * 0.5 * sigma * sqrt(|d| * 1e6 / ADV$).
//
// t0: nothing held, gross_0 = 0. Trades dA = +0.5, dB = -0.5; turnover 1.
//     commission 0.001 * 1 = 0.001, spread 0.0005
//     impact A = 0.5 * 0.5 * 0.02 * sqrt(0.5e6 / 4e7) = 0.005 * sqrt(0.0125) = 0.000559017
//     impact B = 0.5 * 0.5 * 0.01 * sqrt(0.5e6 / 1e7) = 0.0025 * sqrt(0.05) = 0.000559017
// t1: gross_1 = 0.5 * 0.10 + (-0.5) * 0 = 0.05.
//     drift: hA = 0.5 * 1.1 / 1.05 = 0.5238095, hB = -0.5 * 1.0 / 1.05 = -0.4761905
//     trades: dA = 0.5 - 0.55/1.05 = -0.025/1.05, dB = -0.5 + 0.5/1.05 = -0.025/1.05; turnover 0.05/1.05
//     impact A = d * 0.5 * 0.02 * sqrt(d * 1e6 / 5e7), impact B = d * 0.5 * 0.01 * sqrt(d * 1e6 / 1e7), d = 0.025/1.05
// t2: gross_2 = 0.5 * (-0.10) + (-0.5) * 0.10 = -0.10.
//     drift: hA = 0.5 * 0.9 / 0.9 = 0.5, hB = -0.5 * 1.1 / 0.9 = -0.55/0.9 = -0.6111111
//     trades: dA = 0.2 - 0.5 = -0.3, dB = 0.3 + 0.55/0.9 = (0.27 + 0.55)/0.9 = 0.82/0.9 = 0.9111111
//     impact A = 0.3 * 0.5 * 0.02 * sqrt(0.3e6 / 5.5e7), impact B = (0.82/0.9) * 0.5 * 0.01 * sqrt((0.82/0.9) * 1e6 / 1.5e7)
// t3: gross_3 = 0.2 * 0 + 0.3 * (-0.10) = -0.03.
//     drift: hA = 0.2 / 0.97, hB = 0.3 * 0.9 / 0.97 = 0.27/0.97
//     trades: dA = 0.2 - 0.2/0.97 = -0.006/0.97, dB = 0.3 - 0.27/0.97 = 0.021/0.97
//     impact A = (0.006/0.97) * 0.01 * sqrt((0.006/0.97) * 1e6 / 4e7), B = (0.021/0.97) * 0.005 * sqrt((0.021/0.97) * 1e6 / 2e7)
// t4: gross_4 = 0.2 * 0.10 + 0.3 * 0 = 0.02.
//     drift: hA = 0.22/1.02, hB = 0.3/1.02; trades to flat: dA = -0.22/1.02, dB = -0.3/1.02; turnover 0.52/1.02
//     impact A = (0.22/1.02) * 0.01 * sqrt((0.22/1.02) * 1e6 / 4e7), B = (0.3/1.02) * 0.005 * sqrt((0.3/1.02) * 1e6 / 1.5e7)
// net_t = gross_t - (commission + spread + impact)_t; nav_t = prod (1 + net).
// =============================================================================================

const handMarket: BacktestMarket = frozen({
  tickers: frozen(["A", "B"]),
  dates: days("2024-01-01", 5),
  close: new Float64Array([100, 110, 99, 99, 108.9, 50, 50, 55, 49.5, 49.5]),
  volume: new Float64Array([4e7 / 100, 6e7 / 110, 5e7 / 99, 3e7 / 99, 5e7 / 108.9, 1e7 / 50, 1e7 / 50, 2e7 / 55, 2e7 / 49.5, 1e7 / 49.5]),
});
const handWeights = new Float64Array([0.5, 0.5, 0.2, 0.2, 0, -0.5, -0.5, 0.3, 0.3, 0]);
const handVolatility = new Float64Array([0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01]);
const handOptions = {
  commissionBps: 10,
  halfSpreadBps: 5,
  impactModel: "sqrtAdv" as const,
  impactCoefficient: 0.5,
  portfolioNotionalUsd: 1e6,
  advWindowDays: 2,
  volatility: handVolatility,
};

test("runBacktest() matches the two-asset, five-day example computed by hand (returns, costs, drift) to 1e-12", () => {
  const snapshot = [handMarket.close, handMarket.volume!, handWeights, handVolatility].map((a) => Array.from(a));
  const r = runBacktest(handMarket, handWeights, handOptions);
  assert.deepEqual([handMarket.close, handMarket.volume!, handWeights, handVolatility].map((a) => Array.from(a)), snapshot, "inputs not mutated");
  const imp = (d: number, sigma: number, adv: number): number => d * 0.5 * sigma * Math.sqrt((d * 1e6) / adv);
  const dA = [0.5, 0.025 / 1.05, 0.3, 0.006 / 0.97, 0.22 / 1.02];
  const dB = [0.5, 0.025 / 1.05, 0.82 / 0.9, 0.021 / 0.97, 0.3 / 1.02];
  const advA = [4e7, 5e7, 5.5e7, 4e7, 4e7];
  const advB = [1e7, 1e7, 1.5e7, 2e7, 1.5e7];
  const turnover = dA.map((a, t) => a + dB[t]);
  const impact = dA.map((a, t) => imp(a, 0.02, advA[t]) + imp(dB[t], 0.01, advB[t]));
  const gross = [0, 0.05, -0.1, -0.03, 0.02];
  const cost = turnover.map((x, t) => 0.0015 * x + impact[t]);
  const net = gross.map((g, t) => g - cost[t]);

  assertClose(r.grossReturn, gross, 1e-12, "grossReturn");
  assertClose(r.turnover, [1, 0.05 / 1.05, 0.3 + 0.82 / 0.9, 0.027 / 0.97, 0.52 / 1.02], 1e-12, "turnover");
  assertClose(r.commissionCost, turnover.map((x) => 0.001 * x), 1e-12, "commission");
  assertClose(r.spreadCost, turnover.map((x) => 0.0005 * x), 1e-12, "spread");
  assertClose(r.impactCost.subarray(0, 1), [0.005 * Math.sqrt(0.0125) + 0.0025 * Math.sqrt(0.05)], 1e-12, "impact day 0");
  assertClose(r.impactCost, impact, 1e-12, "impact");
  assertClose(r.totalCost, cost, 1e-12, "totalCost");
  assertClose(r.netReturn, net, 1e-12, "netReturn");
  let nav = 1;
  assertClose(r.nav, net.map((x) => (nav *= 1 + x)), 1e-12, "nav");
  // positions after each close are the targets (daily rebalance, no band)
  assertClose(r.positions, handWeights, 1e-12, "positions");
  assertClose(r.grossExposure, [1, 1, 0.5, 0.5, 0], 1e-12, "grossExposure");
  assertClose(r.netExposure, [0, 0, 0.5, 0.5, 0], 1e-12, "netExposure");
  assert.equal(r.blockedTrades, 0);
  assert.equal(r.firstPositionIndex, 0);
});

test("BacktestEngine wraps runBacktest with the same numbers", () => {
  const { volatility, ...config } = handOptions;
  const r = new BacktestEngine(config).run(handMarket, handWeights, { volatility });
  assertClose(r.netReturn, runBacktest(handMarket, handWeights, handOptions).netReturn, 0, "netReturn");
});

test("between rebalances positions drift with prices (rebalanceEveryDays = 2)", () => {
  // Trade on t0, t2, t4 only. t0: buy (0.5, -0.5). t1: gross 0.05, drift to (0.55/1.05, -0.5/1.05), no trade.
  // t2: R = (-0.1, +0.1): gross = 0.55/1.05 * -0.1 + (-0.5/1.05) * 0.1 = -0.105/1.05 = -0.1;
  //     drift hA = (0.55/1.05 * 0.9) / 0.9 = 0.55/1.05, hB = (-0.5/1.05 * 1.1) / 0.9 = -0.55/0.945; trade to (0.2, 0.3).
  const r = runBacktest(handMarket, handWeights, { impactModel: "none", commissionBps: 10, halfSpreadBps: 0, rebalanceEveryDays: 2 });
  assert.deepEqual(Array.from(r.rebalanced), [1, 0, 1, 0, 1]);
  assertClose(r.grossReturn.subarray(0, 3), [0, 0.05, -0.1], 1e-12, "gross");
  assertClose(r.turnover, [1, 0, Math.abs(0.2 - 0.55 / 1.05) + Math.abs(0.3 + 0.55 / 0.945), 0, r.turnover[4]], 1e-12, "turnover");
  assertClose([r.positions[1], r.positions[6]], [0.55 / 1.05, -0.5 / 1.05], 1e-12, "drifted positions on day 1");
  // t3 (no trade): positions drift from (0.2, 0.3) by R = (0, -0.1): gross -0.03 -> (0.2/0.97, 0.27/0.97)
  assertClose([r.positions[3], r.positions[8]], [0.2 / 0.97, 0.27 / 0.97], 1e-12, "drifted positions on day 3");
  assertClose(r.commissionCost, Array.from(r.turnover, (x) => 0.001 * x), 1e-15, "commission");
});

test("a no-trade band skips small trades and lets those positions drift", () => {
  // Day 1 trades are 0.025/1.05 = 0.0238 per asset: inside a 0.03 band, so nothing trades on day 1.
  const r = runBacktest(handMarket, handWeights, { impactModel: "none", noTradeBand: 0.03 });
  assert.equal(r.turnover[1], 0);
  assertClose([r.positions[1], r.positions[6]], [0.55 / 1.05, -0.5 / 1.05], 1e-12, "day 1 positions");
  assert.ok(r.turnover[2] > 0.5, "the big day-2 trades still happen");
});

test("the sqrtTrade impact is coefficient * |trade|^0.5 per asset, without units", () => {
  // day 0: two trades of 0.5: 2 * 0.01 * sqrt(0.5)
  const r = runBacktest(handMarket, handWeights, { impactModel: "sqrtTrade", impactCoefficient: 0.01, commissionBps: 0, halfSpreadBps: 0 });
  assertClose(r.impactCost.subarray(0, 1), [2 * 0.01 * Math.sqrt(0.5)], 1e-15, "impact");
  const c = backtestTradeCost(-0.25, { commissionBps: 2, halfSpreadBps: 3, impactModel: "sqrtTrade", impactCoefficient: 0.01 });
  assertClose([c.commission, c.spread, c.impact, c.total], [5e-5, 7.5e-5, 0.005, 0.005125], 1e-15, "backtestTradeCost");
});

test("backtestTradeCost() sqrtAdv: 10% of a $10M book in a $50M-a-day asset with 1% daily vol costs 0.1 * 0.01 * sqrt(0.02)", () => {
  const c = backtestTradeCost(0.1, { commissionBps: 0, halfSpreadBps: 0, impactModel: "sqrtAdv", impactCoefficient: 1, portfolioNotionalUsd: 1e7 }, { volatilityDaily: 0.01, advUsd: 5e7 });
  assertClose([c.impact], [0.1 * 0.01 * Math.sqrt(1e6 / 5e7)], 1e-18, "impact");
  assert.throws(() => backtestTradeCost(0.1, { commissionBps: 0, halfSpreadBps: 0, impactModel: "sqrtAdv" }), /backtestTradeCost: sqrtAdv impact needs ADV\$ > 0 \(got NaN\)/);
});

test("a missing close marks the asset at its last price, blocks its trade, and takes the move when the bar returns", () => {
  // A: 100, NaN, 121. Hold 0.5 of A from t0. t1: R = 0 (no bar), target 0.2 cannot trade (blocked).
  // t2: R = 121/100 - 1 = 0.21: gross = 0.5 * 0.21 = 0.105.
  const market = { tickers: ["A", "B"], dates: days("2024-01-01", 3), close: new Float64Array([100, NaN, 121, 10, 10, 10]) };
  const weights = new Float64Array([0.5, 0.2, 0.5, 0, 0, 0]);
  const r = runBacktest(market, weights, { impactModel: "none", commissionBps: 0, halfSpreadBps: 0 });
  assertClose(r.grossReturn, [0, 0, 0.105], 1e-15, "gross");
  assert.equal(r.blockedTrades, 1);
  assertClose(r.positions.subarray(0, 3), [0.5, 0.5, 0.5], 1e-15, "A positions");
});

test("NaN target weights are not held", () => {
  const r = runBacktest(handMarket, new Float64Array(10).fill(NaN), { impactModel: "none" });
  assert.deepEqual(Array.from(r.positions), new Array(10).fill(0));
});

// ---------------------------------------------------------------------------------------------
// Invariants on a random market

function randomMarket(seed: number, N: number, T: number): { market: BacktestMarket; weights: Float64Array } {
  const rng = createRng(seed);
  const close = new Float64Array(N * T), volume = new Float64Array(N * T), weights = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    let p = 20 + 100 * rng.next();
    for (let t = 0; t < T; t++) {
      p *= Math.exp(0.015 * rng.normal());
      close[j * T + t] = p;
      volume[j * T + t] = 1e5 * (1 + rng.next());
      // flat on day 0: no past return yet for the trailing volatility of the impact model
      weights[j * T + t] = t === 0 ? 0 : (rng.next() - 0.5) * 0.4;
    }
  }
  return { market: { tickers: Array.from({ length: N }, (_, j) => `T${j}`), dates: days("2023-01-02", T), close, volume }, weights };
}

test("invariant: higher costs never raise the net return, on any day", () => {
  const { market, weights } = randomMarket(7, 6, 60);
  const low = runBacktest(market, weights, { commissionBps: 0.5, halfSpreadBps: 1, impactCoefficient: 0.5 });
  const high = runBacktest(market, weights, { commissionBps: 5, halfSpreadBps: 10, impactCoefficient: 2 });
  for (let t = 0; t < 60; t++) {
    assert.ok(high.netReturn[t] <= low.netReturn[t], `day ${t}: ${high.netReturn[t]} > ${low.netReturn[t]}`);
    assert.ok(high.nav[t] <= low.nav[t]);
  }
  assert.ok(high.totalCost[10] > low.totalCost[10], "the cost levels differ");
  assert.equal(low.firstPositionIndex, 1, "flat on day 0, positions from day 1");
});

test("invariant: zero weights give zero returns, costs and exposures", () => {
  const { market } = randomMarket(8, 4, 30);
  const r = runBacktest(market, new Float64Array(4 * 30));
  for (const series of [r.grossReturn, r.netReturn, r.totalCost, r.turnover, r.grossExposure, r.netExposure]) {
    assert.deepEqual(Array.from(series), new Array(30).fill(0));
  }
  assert.deepEqual(Array.from(r.nav), new Array(30).fill(1));
  assert.equal(r.firstPositionIndex, -1);
});

test("no look-ahead: changing prices and volumes after day t leaves every output at or before t unchanged", () => {
  const { market, weights } = randomMarket(9, 5, 40);
  const base = runBacktest(market, weights); // trailing-volatility impact: the estimators must not peek either
  const t0 = 24;
  const close = new Float64Array(market.close), volume = new Float64Array(market.volume as Float64Array);
  for (let j = 0; j < 5; j++) for (let t = t0 + 1; t < 40; t++) {
    close[j * 40 + t] *= 1.5 + 0.1 * j;
    volume[j * 40 + t] *= 0.1;
  }
  const moved = runBacktest({ ...market, close, volume }, weights);
  for (const key of ["grossReturn", "netReturn", "impactCost", "totalCost", "turnover", "grossExposure", "netExposure", "nav"] as const) {
    assertClose(moved[key].subarray(0, t0 + 1), base[key].subarray(0, t0 + 1), 0, key);
    // exposures after a full daily rebalance are the targets, so only the P&L side must move
    if (key !== "grossExposure" && key !== "netExposure") assert.notEqual(moved[key][t0 + 1], base[key][t0 + 1], `${key} changes after t0 (the perturbation bites)`);
  }
  for (let j = 0; j < 5; j++) assertClose(moved.positions.subarray(j * 40, j * 40 + t0 + 1), base.positions.subarray(j * 40, j * 40 + t0 + 1), 0, `positions ${j}`);
});

test("impactInputTiming priorDay: the impact of a trade at t uses sigma and ADV$ through t - 1, so day t's close and volume leave it unchanged", () => {
  const { market } = randomMarket(11, 3, 30);
  const T = 30, t0 = 22, windowDays = 5;
  // flat until t0, so the trade at t0 is the target itself whatever day t0's close is
  const weights = new Float64Array(3 * T);
  [0.3, -0.2, 0.1].forEach((w, j) => (weights[j * T + t0] = w));
  const options = { commissionBps: 0, halfSpreadBps: 0, advWindowDays: windowDays, impactVolWindowDays: windowDays, impactInputTiming: "priorDay" as const };
  const base = runBacktest(market, weights, options);
  // by hand: sum_i |w_i| * sigma_{i,t0-1} * sqrt(|w_i| * 1e7 / ADV$_{i,t0-1}), ADV$ the mean close * volume over t0-5..t0-1
  const sigma = trailingVolatilityPanel(market.close, market, { windowDays });
  let expected = 0;
  for (let j = 0; j < 3; j++) {
    let adv = 0;
    for (let t = t0 - windowDays; t < t0; t++) adv += (market.close[j * T + t] * market.volume![j * T + t]) / windowDays;
    expected += backtestTradeCost(weights[j * T + t0], { ...options, impactModel: "sqrtAdv" }, { volatilityDaily: sigma[j * T + t0 - 1], advUsd: adv }).impact;
  }
  assert.ok(Math.abs(base.impactCost[t0] - expected) <= 1e-15, `impact at t0 ${base.impactCost[t0]} vs by hand ${expected}`);
  // day t0's bar moves: the prior-day cost is bit-identical, the same-day cost moves
  const close = new Float64Array(market.close), volume = new Float64Array(market.volume as Float64Array);
  for (let j = 0; j < 3; j++) {
    close[j * T + t0] *= 1.3;
    volume[j * T + t0] *= 0.2;
  }
  const moved = { ...market, close, volume };
  assert.equal(runBacktest(moved, weights, options).impactCost[t0], base.impactCost[t0]);
  const sameDay = { ...options, impactInputTiming: "sameDay" as const };
  assert.notEqual(runBacktest(moved, weights, sameDay).impactCost[t0], runBacktest(market, weights, sameDay).impactCost[t0]);
  // the default is the same-day timing
  assert.equal(runBacktest(market, weights, { ...options, impactInputTiming: undefined }).impactCost[t0], runBacktest(market, weights, sameDay).impactCost[t0]);
  // a first-day trade has no prior-day inputs
  const early = new Float64Array(3 * T);
  early[1] = 0.1; // T0 on day 1: a same-day volatility exists (one return), a prior-day one does not
  assert.doesNotThrow(() => runBacktest(market, early, sameDay));
  assert.throws(() => runBacktest(market, early, options), /T0 on 2023-01-03 needs the daily volatility and ADV\$ \(volume over the last 5 days\) as of the previous day \(impactInputTiming "priorDay"\)/);
});

test("runBacktest() names the ticker and date of bad input", () => {
  const { market, weights } = randomMarket(10, 2, 5);
  const close = new Float64Array(market.close);
  close[5 + 3] = -1;
  assert.throws(() => runBacktest({ ...market, close }, weights, { impactModel: "none" }), /runBacktest: close of T1 on 2023-01-05 is -1; prices must be > 0/);
  assert.throws(() => runBacktest(market, weights.subarray(0, 9)), /runBacktest: weights has 9 values; its grid is 2 tickers x 5 dates = 10/);
  assert.throws(() => runBacktest({ ...market, volume: undefined }, weights), /impactModel "sqrtAdv" needs market.volume/);
  assert.throws(() => runBacktest({ ...market, volume: Float64Array.from(market.volume!).subarray(1) }, weights), /runBacktest: volume has 9 values; its grid is 2 tickers x 5 dates = 10/);
  assert.throws(() => runBacktest(market, weights, { volatility: new Float64Array(4) }), /runBacktest: volatility has 4 values; its grid is 2 tickers x 5 dates = 10/);
  // day 0 has no past return, so no trailing volatility for the impact of a first-day trade
  const early = new Float64Array(weights);
  early[0] = 0.1;
  assert.throws(() => runBacktest(market, early), /sqrtAdv impact of a trade in T0 on 2023-01-02 needs the daily volatility and ADV\$/);
  assert.throws(() => runBacktest(market, weights, { rebalanceEveryDays: 2, rebalanceOffsetDays: 2 }), /rebalanceOffsetDays: rebalanceOffsetDays must be < rebalanceEveryDays/);
});

test("parseBacktestConfig() fills defaults and names a bad field", () => {
  const c = parseBacktestConfig({});
  assert.deepEqual(
    [c.commissionBps, c.halfSpreadBps, c.impactModel, c.impactCoefficient, c.portfolioNotionalUsd, c.advWindowDays, c.impactInputTiming, c.rebalanceEveryDays, c.noTradeBand],
    [0.5, 1, "sqrtAdv", 1, 10_000_000, 20, "sameDay", 1, 0],
  );
  assert.throws(() => parseBacktestConfig({ halfSpreadBps: -1 }), /invalid backtest config: halfSpreadBps: must be >= 0 \(got -1\)/);
  assert.throws(() => parseBacktestConfig({ costBps: 1 }), /unknown field\(s\) costBps/);
});

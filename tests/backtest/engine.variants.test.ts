// backtestPortfolioVariants: many construction/backtest variants in one pass equal the one-at-a-time calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { backtestPortfolioVariants, type PortfolioBacktestVariant } from "../../src/backtest/variants";
import { runBacktest } from "../../src/backtest/engine";
import { constructPortfolio } from "../../src/portfolio/constructor";
import { trailingVolatilityPanel } from "../../src/portfolio/volatility";
import { createRng } from "../../src/util/rng";
import { isoToDay } from "../../src/util/dates";

// 12 tickers x 300 days (not a multiple of the 32-day block), random walks with a few missing bars.
const N = 12, T = 300;
const rng = createRng(77);
const close = new Float64Array(N * T), volume = new Float64Array(N * T), alpha = new Float64Array(N * T);
for (let j = 0; j < N; j++) {
  let p = 20 + 80 * rng.next();
  for (let t = 0; t < T; t++) {
    p *= Math.exp(0.015 * rng.normal());
    close[j * T + t] = p;
    volume[j * T + t] = 1e5 * (1 + rng.next());
    alpha[j * T + t] = t < 3 ? NaN : rng.normal() + 0.3 * Math.sin(j + t / 20);
  }
}
close[3 * T + 100] = NaN; // a missing bar: that asset cannot trade that day
alpha[5 * T + 150] = NaN;
const market = Object.freeze({
  tickers: Array.from({ length: N }, (_, j) => `T${j}`),
  dates: Int32Array.from({ length: T }, (_, t) => isoToDay("2020-01-01") + t),
  close,
  volume,
});
const volatility = trailingVolatilityPanel(close, market, { windowDays: 20 });

const variants: PortfolioBacktestVariant[] = [
  {},
  { portfolio: { maxPosition: 0.05, maxGross: 1, netExposure: 0 }, backtest: { rebalanceEveryDays: 5, commissionBps: 0.5, halfSpreadBps: 1 } },
  { portfolio: { maxPosition: 0.3, maxGross: 1.5, netExposure: null }, backtest: { impactModel: "none", noTradeBand: 0.01 } },
  { portfolio: { scheme: "topBottomK", topK: 3 }, backtest: { impactModel: "sqrtTrade", impactCoefficient: 1e-4 } },
  { portfolio: { scheme: "inverseVolatility", maxPosition: 0.15 }, backtest: { rebalanceEveryDays: 3, rebalanceOffsetDays: 1, impactInputTiming: "priorDay" } },
  { portfolio: { scheme: "equalRiskContribution", covarianceWindowDays: 40, maxPosition: 0.2 }, backtest: { commissionBps: 2 } },
];

const SERIES = ["grossReturn", "netReturn", "commissionCost", "spreadCost", "impactCost", "totalCost", "turnover", "grossExposure", "netExposure", "nav"] as const;

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    assert.ok(Object.is(a, e) || Math.abs(a - e) <= tol, `${what}[${i}]: got ${a}, expected ${e} (tol ${tol})`);
  }
}

test("backtestPortfolioVariants equals constructPortfolio then runBacktest per variant, to 1e-12, for six schemes and cost settings", () => {
  const batched = backtestPortfolioVariants(market, alpha, volatility, variants, { keepPanels: true });
  assert.equal(batched.length, variants.length);
  let moved = 0;
  variants.forEach((v, i) => {
    const portfolio = constructPortfolio(market, alpha, volatility, { ...v.portfolio, close: market.close });
    const one = runBacktest(market, portfolio.weights, { ...v.backtest, volatility });
    const b = batched[i];
    for (const name of SERIES) assertClose(b.backtest[name], one[name], 1e-12, `variant ${i} ${name}`);
    assertClose(b.backtest.positions, one.positions, 1e-12, `variant ${i} positions`);
    assertClose(b.portfolio.weights, portfolio.weights, 1e-12, `variant ${i} weights`);
    assert.deepEqual(b.portfolio.tradeableCount, portfolio.tradeableCount);
    assert.deepEqual(b.portfolio.cappedCount, portfolio.cappedCount);
    assert.deepEqual(b.portfolio.grossBinding, portfolio.grossBinding);
    assert.equal(b.backtest.blockedTrades, one.blockedTrades);
    assert.equal(b.backtest.firstPositionIndex, one.firstPositionIndex);
    assert.deepEqual(b.backtest.config, one.config);
    // the variants differ, so the comparison is not of one series with itself
    if (i > 0) moved = Math.max(moved, Math.abs(b.backtest.nav[T - 1] - batched[0].backtest.nav[T - 1]));
  });
  assert.ok(moved > 1e-3, `variants should end at different NAVs (max difference ${moved})`);
  assert.ok(batched[1].backtest.blockedTrades + batched[0].backtest.blockedTrades > 0, "the missing bar blocks a trade");
});

test("backtestPortfolioVariants keeps no panels by default, and one variant alone gives the same numbers as in a batch", () => {
  const [alone] = backtestPortfolioVariants(market, alpha, volatility, [variants[1]]);
  const inBatch = backtestPortfolioVariants(market, alpha, volatility, variants)[1];
  assert.equal(alone.backtest.positions.length, 0);
  assert.equal(alone.portfolio.weights.length, 0);
  for (const name of SERIES) assertClose(alone.backtest[name], inBatch.backtest[name], 0, `${name}`);
});

test("backtestPortfolioVariants names the failing variant; future alphas do not move past results", () => {
  assert.throws(
    () => backtestPortfolioVariants(market, alpha, volatility, [{}, { portfolio: { netExposure: 0.5, maxPosition: 0.01 } }]),
    /backtestPortfolioVariants: variant 1: constructPortfolio: infeasible constraints on 2020-01-04: netExposure 0.5 needs \|net\| <= sum of caps/,
  );
  assert.throws(() => backtestPortfolioVariants(market, alpha, volatility, [{ backtest: { rebalanceEveryDays: 0 } }]), /variant 0: .*rebalanceEveryDays/);
  const cut = 200;
  const future = Float64Array.from(alpha);
  for (let j = 0; j < N; j++) for (let t = cut + 1; t < T; t++) future[j * T + t] = -3 * future[j * T + t];
  const a = backtestPortfolioVariants(market, alpha, volatility, variants);
  const b = backtestPortfolioVariants(market, future, volatility, variants);
  for (let i = 0; i < variants.length; i++) {
    for (const name of SERIES) assertClose(b[i].backtest[name].subarray(0, cut + 1), a[i].backtest[name].subarray(0, cut + 1), 0, `variant ${i} ${name} up to the cut`);
    assert.notEqual(b[i].backtest.nav[T - 1], a[i].backtest.nav[T - 1]);
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { lagPanel } from "../../src/backtest/lag";
import { runBacktest } from "../../src/backtest/engine";
import { constructPortfolio } from "../../src/portfolio/constructor";
import { isoToDay } from "../../src/util/dates";
import { createRng } from "../../src/util/rng";

const close = (actual: number, expected: number, tol: number) => assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

/** Annualised Sharpe of daily returns (sample sd, 252 days), days 0..skip-1 left out. Test-local on purpose: analytics is a later stage. */
function sharpe(returns: Float64Array, skip: number): number {
  let n = 0, mean = 0, m2 = 0;
  for (let t = skip; t < returns.length; t++) {
    const d = returns[t] - mean;
    mean += d / ++n;
    m2 += d * (returns[t] - mean);
  }
  return (mean / Math.sqrt(m2 / (n - 1))) * Math.sqrt(252);
}

test("lagPanel() delays every ticker's values by whole days, NaN (no view) before the delayed signal exists", () => {
  const w = Object.freeze([1, 2, 3, 4, 5, 6]); // 2 tickers x 3 days
  const grid = { tickers: ["A", "B"], dates: Int32Array.of(1, 2, 3) };
  assert.deepEqual(Array.from(lagPanel(w, grid, 1)), [NaN, 1, 2, NaN, 4, 5]);
  assert.deepEqual(Array.from(lagPanel(w, grid, 0)), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(lagPanel(w, grid, 5)), [NaN, NaN, NaN, NaN, NaN, NaN]);
  assert.deepEqual(Array.from(lagPanel([1, 2, 3], { tickers: ["A"], dates: Int32Array.of(1, 2, 3) }, 2)), [NaN, NaN, 1]);
  assert.throws(() => lagPanel(w, grid, -1), /lagPanel: days must be a whole number >= 0 \(got -1\)/);
  assert.throws(() => lagPanel(w, { tickers: ["A", "B"], dates: Int32Array.of(1, 2, 3, 4) }, 1), /lagPanel: values has 6 values; its grid is 2 tickers x 4 dates = 8/);
});

test("lagged weights: the backtest holds the NaN warm-up flat (as with 0), then trades the weights a day late", () => {
  const grid = { tickers: ["A", "B"], dates: Int32Array.of(1, 2, 3, 4) };
  // A: +10%, +10%, 0; B: 0, -10%, +10%
  const market = { ...grid, close: Float64Array.of(100, 110, 121, 121, 100, 100, 90, 99) };
  const weights = Float64Array.of(0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, -0.5);
  const costs = { commissionBps: 0, halfSpreadBps: 0, impactModel: "none" as const };
  const delayed = lagPanel(weights, grid, 1);
  const lagged = runBacktest(market, delayed, costs);
  // on time: held from the close of day 0, day 1 earns 0.5 * 10% - 0.5 * 0
  close(runBacktest(market, weights, costs).grossReturn[1], 0.05, 1e-15);
  // a day late: nothing held until the close of day 1, day 2 earns 0.5 * 10% - 0.5 * -10%
  assert.deepEqual(Array.from(lagged.grossExposure.subarray(0, 2)), [0, 1]);
  assert.deepEqual(Array.from(lagged.grossReturn.subarray(0, 2)), [0, 0]);
  close(lagged.grossReturn[2], 0.1, 1e-15);
  // NaN ("no view") and 0 ("flat") are the same to the backtest
  const zeroFilled = delayed.map((w) => (w === w ? w : 0));
  assert.deepEqual(Array.from(runBacktest(market, zeroFilled, costs).netReturn), Array.from(lagged.netReturn));
});

// A synthetic market where tomorrow's return has a persistent, honestly known component:
// R_{i,t+1} = 0.002 * s_{i,t} + 0.01 * e, with s an AR(1) (rho 0.98, unit variance) observed at t.
function syntheticStudy(seed: number, N: number, T: number) {
  const rng = createRng(seed);
  const signal = new Float64Array(N * T), ret = new Float64Array(N * T), close = new Float64Array(N * T);
  const rho = 0.98, innovation = Math.sqrt(1 - rho * rho);
  for (let j = 0; j < N; j++) {
    let s = rng.normal(), p = 100;
    for (let t = 0; t < T; t++) {
      const r = t === 0 ? 0 : 0.002 * signal[j * T + t - 1] + 0.01 * rng.normal();
      p *= 1 + r;
      ret[j * T + t] = r;
      close[j * T + t] = p;
      signal[j * T + t] = s;
      s = rho * s + innovation * rng.normal();
    }
  }
  // the leak: at t, the return from t to t+1 (NaN on the last day, where it does not exist)
  const leaky = new Float64Array(N * T);
  for (let j = 0; j < N; j++) for (let t = 0; t < T; t++) leaky[j * T + t] = t + 1 < T ? ret[j * T + t + 1] : NaN;
  const grid = { tickers: Array.from({ length: N }, (_, j) => `X${j}`), dates: Int32Array.from({ length: T }, (_, t) => isoToDay("2020-01-01") + t) };
  return { grid, market: { ...grid, close }, signal, leaky };
}

test("the lag check catches a leaky signal: its Sharpe collapses when lagged a day, an honest signal's barely moves", () => {
  const N = 20, T = 600;
  const { grid, market, signal, leaky } = syntheticStudy(42, N, T);
  const portfolio = { scheme: "topBottomK" as const, topK: 4, maxPosition: 0.25, maxGross: 1, netExposure: 0 };
  const costs = { commissionBps: 0.5, halfSpreadBps: 1, impactModel: "none" as const };
  const pair = (alpha: Float64Array) => {
    const weights = constructPortfolio(grid, alpha, null, portfolio).weights;
    return { base: runBacktest(market, weights, costs), lagged: runBacktest(market, lagPanel(weights, grid, 1), costs) };
  };
  const honest = pair(signal);
  const cheat = pair(leaky);
  const honestBase = sharpe(honest.base.grossReturn, 2), honestLagged = sharpe(honest.lagged.grossReturn, 2);
  const cheatBase = sharpe(cheat.base.grossReturn, 2), cheatLagged = sharpe(cheat.lagged.grossReturn, 2);
  // measured (seed 42): honest 11.88 -> 11.80 lagged; leaky 98.4 -> 1.43 lagged (what is left is the
  // genuine autocorrelation the persistent component gives returns, about 0.04)
  assert.ok(honestBase > 5, `honest Sharpe ${honestBase}`);
  assert.ok(honestLagged > 0.9 * honestBase, `honest Sharpe moved from ${honestBase} to ${honestLagged}`);
  assert.ok(cheatBase > 50, `leaky Sharpe ${cheatBase}`);
  assert.ok(cheatLagged < 0.05 * cheatBase, `leaky Sharpe went from ${cheatBase} to ${cheatLagged} when lagged; it should collapse`);
});

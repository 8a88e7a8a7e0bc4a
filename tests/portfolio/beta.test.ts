import { test } from "node:test";
import assert from "node:assert/strict";
import { betaPanel } from "../../src/portfolio/beta";
import { parsePortfolioConfig } from "../../src/config/portfolio";
import { createRng } from "../../src/util/rng";

const closes = {
  SPY: [100, 101, 99.5, 100.2, 102, 101.1, 103.3, 102.9, 104],
  A: [50, 50.8, 49.9, 50.1, 51.5, 50.7, 52.4, 51.8, 52.9],
  B: [20, 19.9, 20.3, 20.1, 19.8, 20.2, 19.7, 20.0, 19.6],
};
const grid = { tickers: Object.keys(closes), dates: Int32Array.from({ length: 9 }, (_, t) => 19000 + t) };
const close = Float64Array.from(Object.values(closes).flat());
const T = grid.dates.length;

test("betaPanel() is the trailing OLS beta on the benchmark's returns, shrunk toward 1 (numpy reference)", () => {
  const beta = betaPanel(close, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 1 / 3 });
  // tests/fixtures/portfolio/beta_reference.py (numpy cov / var over 4 returns, then 2/3 beta + 1/3)
  const expected: Record<string, (number | null)[]> = {
    SPY: [null, null, null, null, 1, 1, 1, 1, 1],
    A: [null, null, null, null, 1.236461229625, 1.259245946882, 1.424969782983, 1.446878254135, 1.477647939191],
    B: [null, null, null, null, -0.385115289268, -0.481713560089, -0.584462119991, -0.624775215286, -0.745537098186],
  };
  grid.tickers.forEach((ticker, j) => {
    expected[ticker].forEach((e, t) => {
      const got = beta[j * T + t];
      if (e === null) assert.ok(Number.isNaN(got), `${ticker}[${t}] should be NaN (window not full), got ${got}`);
      else assert.ok(Math.abs(got - e) <= 1e-10, `${ticker}[${t}]: got ${got}, expected ${e}`);
    });
  });
});

test("betaPanel() with betaEstimator \"dimson\" sums the slopes on the same-day and the previous day's benchmark return (numpy reference)", () => {
  const beta = betaPanel(close, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 1 / 3, betaEstimator: "dimson", betaLagDays: 1 });
  // tests/fixtures/portfolio/beta_reference.py, "dimson, 1 lag" (numpy cov / var of each lag over the same 4 days, summed, then 2/3 beta + 1/3)
  const expected: Record<string, (number | null)[]> = {
    SPY: [null, null, null, null, null, 0.671006023081, 0.660617167852, 0.332211290161, 0.424668418588],
    A: [null, null, null, null, null, 0.906779496372, 0.972974106192, 0.318092626012, 0.445208764085],
    B: [null, null, null, null, null, 0.112511712348, 0.044560177173, 0.377933212792, 0.24830011561],
  };
  grid.tickers.forEach((ticker, j) => {
    expected[ticker].forEach((e, t) => {
      const got = beta[j * T + t];
      if (e === null) assert.ok(Number.isNaN(got), `${ticker}[${t}] should be NaN (window or lag not full), got ${got}`);
      else assert.ok(Math.abs(got - e) <= 1e-10, `${ticker}[${t}]: got ${got}, expected ${e}`);
    });
  });
  const ols = betaPanel(close, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 1 / 3 });
  assert.deepEqual(Array.from(betaPanel(close, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 1 / 3, betaEstimator: "ols" })), Array.from(ols), "ols is the default");
});

test("betaPanel(): shrinkage 0 is the raw beta, 1 makes every beta 1; a missing close blanks the windows that hold its returns", () => {
  const raw = betaPanel(close, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 0 });
  const shrunk = betaPanel(close, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 1 / 3 });
  for (let k = 0; k < raw.length; k++) if (raw[k] === raw[k]) assert.ok(Math.abs((2 / 3) * raw[k] + 1 / 3 - shrunk[k]) < 1e-14);
  const ones = betaPanel(close, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 1 });
  for (let t = 4; t < T; t++) assert.equal(ones[T + t], 1);
  const holed = close.slice();
  holed[T + 5] = NaN; // A's close on day 5: its returns on days 5 and 6 are missing
  const b = betaPanel(holed, grid, { benchmark: "SPY", betaWindowDays: 4, betaShrinkage: 0 });
  assert.ok(Math.abs(b[T + 4] - raw[T + 4]) < 1e-15, "windows before the hole are unchanged");
  for (let t = 5; t < T; t++) assert.ok(Number.isNaN(b[T + t]), `A[${t}]: window holds a missing return`);
  assert.throws(() => betaPanel(close, grid, { benchmark: "QQQ", betaWindowDays: 4, betaShrinkage: 0 }), /QQQ/);
});

test("betaPanel() at t uses closes up to t only: changing later closes leaves earlier betas bit-identical", () => {
  const rng = createRng(13);
  const N = 5, days = 300;
  const g = { tickers: ["SPY", "A", "B", "C", "D"], dates: Int32Array.from({ length: days }, (_, t) => 18000 + t) };
  const prices = new Float64Array(N * days);
  for (let j = 0; j < N; j++) {
    let p = 100;
    for (let t = 0; t < days; t++) prices[j * days + t] = p *= 1 + 0.01 * rng.normal();
  }
  for (const estimator of [{ betaEstimator: "ols" as const }, { betaEstimator: "dimson" as const, betaLagDays: 2 }]) {
    const options = { ...parsePortfolioConfig({ betaWindowDays: 60, ...estimator }), benchmark: "SPY" };
    const base = betaPanel(prices, g, options);
    for (const cut of [80, 150, 299]) {
      const changed = prices.slice();
      for (let j = 0; j < N; j++) for (let t = cut + 1; t < days; t++) changed[j * days + t] *= 1 + 0.2 * rng.normal();
      const after = betaPanel(changed, g, options);
      for (let j = 0; j < N; j++) for (let t = 0; t <= cut; t++) assert.ok(Object.is(after[j * days + t], base[j * days + t]), `${estimator.betaEstimator}: ticker ${j} day ${t} (cut ${cut})`);
    }
    const warmUp = 60 + (estimator.betaLagDays ?? 0);
    assert.ok(base.slice(warmUp, days).every((b) => Number.isFinite(b)), `${estimator.betaEstimator}: finite once the window is full`);
  }
});

test("parsePortfolioConfig(): the neutrality options default off, with a year's window and Blume's 1/3", () => {
  const c = parsePortfolioConfig({});
  assert.equal(c.betaNeutral, false);
  assert.equal(c.betaWindowDays, 252);
  assert.equal(c.betaEstimator, "ols");
  assert.equal(c.betaLagDays, 1);
  assert.throws(() => parsePortfolioConfig({ betaEstimator: "vasicek" }), /betaEstimator/);
  assert.equal(c.betaShrinkage, 1 / 3);
  assert.equal(c.groupNeutral, null);
  assert.deepEqual(parsePortfolioConfig({ groupNeutral: { SPY: "equity", TLT: "bond" } }).groupNeutral, { SPY: "equity", TLT: "bond" });
  assert.throws(() => parsePortfolioConfig({ betaShrinkage: 1.5 }), /betaShrinkage/);
  assert.throws(() => parsePortfolioConfig({ groupNeutral: "sector" }), /groupNeutral/);
  assert.throws(() => parsePortfolioConfig({ betaWindowDays: 1 }), /betaWindowDays/);
});

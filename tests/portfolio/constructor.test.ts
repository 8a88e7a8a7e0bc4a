import { test } from "node:test";
import assert from "node:assert/strict";
import { constructPortfolio, PortfolioConstructor, PortfolioInfeasibleError } from "../../src/portfolio/constructor";
import { trailingVolatilityPanel } from "../../src/portfolio/volatility";
import { parsePortfolioConfig } from "../../src/config/portfolio";
import { isoToDay } from "../../src/util/dates";
import { createRng } from "../../src/util/rng";

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ""): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}
const grid = (N: number, T: number) => ({
  tickers: Array.from({ length: N }, (_, j) => `T${j}`),
  dates: Int32Array.from({ length: T }, (_, t) => isoToDay("2021-03-01") + t),
});
/** Day t of a ticker-major N*T array. */
const day = (x: ArrayLike<number>, N: number, T: number, t: number): number[] => Array.from({ length: N }, (_, j) => x[j * T + t]);

test("zscore sizing by hand: z-score, divide by volatility, scale, neutralise", () => {
  // Day 0: alpha (2, 4, 6): mean 4, sample sd 2, z = (-1, 0, 1); vol (0.01, 0.02, 0.02).
  // raw = 0.05 * z * 0.01 / vol = (-0.05, 0, 0.025); net 0 with slack caps: subtract mean(raw) = -0.025/3
  // -> (-0.05 + 0.025/3, 0.025/3, 0.025 + 0.025/3) = (-0.0416667, 0.0083333, 0.0333333).
  // Day 1: alpha (NaN, 1, 3): the first is not held; z = (-0.7071, 0.7071), vol 0.02 each
  // -> raw = 0.025 * (-0.7071, 0.7071), already neutral.
  const alpha = new Float64Array([2, NaN, 4, 1, 6, 3]);
  const vol = new Float64Array([0.01, 0.01, 0.02, 0.02, 0.02, 0.02]);
  const r = constructPortfolio(grid(3, 2), alpha, vol, { baseSize: 0.05, referenceVolatilityDaily: 0.01, maxPosition: 0.1, maxGross: 1, netExposure: 0 });
  assertClose(day(r.weights, 3, 2, 0), [-0.05 + 0.025 / 3, 0.025 / 3, 0.025 + 0.025 / 3], 1e-15, "day 0");
  assertClose(day(r.weights, 3, 2, 1), [0, -0.025 * Math.SQRT1_2, 0.025 * Math.SQRT1_2], 1e-15, "day 1");
  assert.deepEqual(Array.from(r.tradeableCount), [3, 2]);
  assert.deepEqual(Array.from(r.grossBinding), [0, 0]);
});

test("neutralisation never pushes a position past its cap (the original design's sequential order does)", () => {
  // raw = (-0.05, 0, 0.05) (alpha 1, 2, 3, equal vol), cap 0.04, net 0.03.
  // Seed: clip to (-0.04, 0, 0.04), then add (0.03 - 0) / 3 = 0.01 -> 0.05 > 0.04 on the last.
  // Here: (-0.03, 0.02, 0.04), every cap held and sum exactly 0.03.
  const r = constructPortfolio(grid(3, 1), new Float64Array([1, 2, 3]), new Float64Array([0.01, 0.01, 0.01]), {
    baseSize: 0.05,
    maxPosition: 0.04,
    netExposure: 0.03,
  });
  assertClose(r.weights, [-0.03, 0.02, 0.04], 1e-15);
  assert.equal(r.cappedCount[0], 1);
});

test("topBottomK: equal-weight legs on the k highest and lowest alphas, then the caps", () => {
  // alpha (5, 1, 3, 6, 2, 4), k = 2: long T3 (6) and T0 (5), short T1 (1) and T4 (2), each leg 0.5
  // -> 0.25 per name, capped to 0.2; gross 0.8 <= 1 and net 0.
  const r = constructPortfolio(grid(6, 1), new Float64Array([5, 1, 3, 6, 2, 4]), null, { scheme: "topBottomK", topK: 2, maxPosition: 0.2 });
  assertClose(r.weights, [0.2, -0.2, 0, 0.2, -0.2, 0], 1e-15);
  // net 0.2, caps loose: long legs (1 + 0.2) / 4 = 0.3 each, short legs (1 - 0.2) / 4 = 0.2 each
  const tilted = constructPortfolio(grid(6, 1), new Float64Array([5, 1, 3, 6, 2, 4]), null, { scheme: "topBottomK", topK: 2, maxPosition: 0.5, netExposure: 0.2 });
  assertClose(tilted.weights, [0.3, -0.2, 0, 0.3, -0.2, 0], 1e-15);
});

test("inverseVolatility: sign(alpha) / vol scaled to the gross limit", () => {
  // 1/vol = (100, 50, 25), sum 175; gross 1 -> (100, 50, -25) / 175
  const r = constructPortfolio(grid(3, 1), new Float64Array([0.3, 2, -1]), new Float64Array([0.01, 0.02, 0.04]), {
    scheme: "inverseVolatility",
    maxPosition: 1,
    netExposure: null,
  });
  assertClose(r.weights, [100 / 175, 50 / 175, -25 / 175], 1e-15);
});

test("sqrtZSizing keeps the alpha magnitudes: variance shares (w * sigma)^2 are proportional to |z|", () => {
  const rng = createRng(3);
  const N = 12;
  const alpha = Float64Array.from({ length: N }, () => rng.normal());
  const vol = Float64Array.from({ length: N }, () => 0.005 + 0.02 * rng.next());
  const r = constructPortfolio(grid(N, 1), alpha, vol, { sqrtZSizing: true, zScoreCap: 10, maxPosition: 10, maxGross: 100, netExposure: null });
  const mean = alpha.reduce((s, x) => s + x, 0) / N;
  const sd = Math.sqrt(alpha.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1));
  const ratios = Array.from(alpha, (a, i) => (r.weights[i] * vol[i]) ** 2 / Math.abs((a - mean) / sd));
  assertClose(ratios, new Array(N).fill((0.05 * 0.01) ** 2), 1e-18, "(w sigma)^2 / |z|");
  for (let i = 0; i < N; i++) assert.equal(Math.sign(r.weights[i]), Math.sign(alpha[i] - mean), "signs kept");
});

test("property: on random panels (120 seeds, NaN holes, every scheme) every day holds every cap, the gross limit and the net target to 1e-9", () => {
  let grossBound = 0, capped = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const rng = createRng(seed);
    const N = 2 + rng.int(30), T = 12;
    const alpha = new Float64Array(N * T), vol = new Float64Array(N * T);
    const scale = Math.exp(2 * rng.normal());
    for (let i = 0; i < N * T; i++) {
      alpha[i] = rng.next() < 0.1 ? NaN : scale * rng.normal() + (rng.next() < 0.05 ? 50 * scale : 0);
      vol[i] = rng.next() < 0.05 ? NaN : 0.002 + 0.04 * rng.next() * rng.next();
    }
    const scheme = (["zscore", "zscore", "topBottomK", "inverseVolatility"] as const)[rng.int(4)];
    const maxPosition = 0.02 + 0.3 * rng.next();
    const maxGross = 0.2 + 2.5 * rng.next();
    // a net target every day can meet: within the gross limit and what two capped assets allow
    const net = rng.next() < 0.25 ? null : (2 * rng.next() - 1) * Math.min(maxGross, 2 * maxPosition);
    const config = { scheme, maxPosition, maxGross, netExposure: net, baseSize: 0.02 + 0.5 * rng.next(), sqrtZSizing: rng.next() < 0.3, topK: 1 + rng.int(6) };
    const r = constructPortfolio(grid(N, T), alpha, vol, config);
    for (let t = 0; t < T; t++) {
      const w = day(r.weights, N, T, t);
      let sum = 0, gross = 0;
      for (let j = 0; j < N; j++) {
        const usable = alpha[j * T + t] === alpha[j * T + t] && (scheme === "topBottomK" || vol[j * T + t] > 0);
        if (!usable) assert.equal(w[j], 0, `seed ${seed} day ${t}: untradeable ${j} is held`);
        assert.ok(Math.abs(w[j]) <= maxPosition + 1e-9, `seed ${seed} day ${t}: |w| ${w[j]} > cap ${maxPosition}`);
        sum += w[j];
        gross += Math.abs(w[j]);
      }
      assert.ok(gross <= maxGross + 1e-9, `seed ${seed} day ${t}: gross ${gross} > ${maxGross}`);
      if (net !== null && r.tradeableCount[t] >= 2) assert.ok(Math.abs(sum - net) <= 1e-9, `seed ${seed} day ${t}: net ${sum} != ${net}`);
      if (r.grossBinding[t]) grossBound++;
      capped += r.cappedCount[t];
    }
  }
  assert.ok(grossBound > 100 && capped > 100, `the cases must bind: gross bound on ${grossBound} days, ${capped} capped positions`);
});

test("weights at t use only inputs at t: changing later alpha and volatility leaves them unchanged", () => {
  const rng = createRng(5);
  const N = 8, T = 20;
  const alpha = Float64Array.from({ length: N * T }, () => rng.normal());
  const vol = Float64Array.from({ length: N * T }, () => 0.01 + 0.01 * rng.next());
  const base = constructPortfolio(grid(N, T), alpha, vol, { maxPosition: 0.15 });
  const alpha2 = new Float64Array(alpha), vol2 = new Float64Array(vol);
  for (let j = 0; j < N; j++) for (let t = 11; t < T; t++) {
    alpha2[j * T + t] = -3 * alpha[j * T + t];
    vol2[j * T + t] *= 2;
  }
  const moved = constructPortfolio(grid(N, T), alpha2, vol2, { maxPosition: 0.15 });
  for (let t = 0; t < T; t++) {
    const same = day(moved.weights, N, T, t).every((w, j) => w === base.weights[j * T + t]);
    assert.equal(same, t <= 10, `day ${t}`);
  }
});

test("days with fewer tradeable assets than minAssets are flat", () => {
  const alpha = new Float64Array([1, NaN, 2, NaN, 3, 5]); // 3 tickers x 2 days: day 0 has 3, day 1 has 1
  const r = constructPortfolio(grid(3, 2), alpha, new Float64Array(6).fill(0.01));
  assert.deepEqual(day(r.weights, 3, 2, 1), [0, 0, 0]);
  assert.deepEqual(Array.from(r.tradeableCount), [3, 1]);
});

test("an infeasible request names the date and the numbers", () => {
  const alpha = new Float64Array([1, 2, 3, 4, 5, 6]);
  assert.throws(
    () => constructPortfolio(grid(3, 2), alpha, new Float64Array(6).fill(0.01), { maxPosition: 0.1, netExposure: 0.5 }),
    (err: unknown) => {
      assert.ok(err instanceof PortfolioInfeasibleError);
      assert.match(err.message, /constructPortfolio: infeasible constraints on 2021-03-01: netExposure 0.5 needs \|net\| <= sum of caps, but the 3 tradeable assets allow 0.3/);
      assert.equal(err.date, "2021-03-01");
      return true;
    },
  );
  assert.throws(() => constructPortfolio(grid(3, 2), alpha, null, { scheme: "topBottomK", netExposure: 2 }), /constructPortfolio: netExposure 2 is beyond maxGross 1/);
  assert.throws(() => constructPortfolio(grid(3, 2), alpha, null), /scheme "zscore" needs volatility \(got null\)/);
  assert.throws(() => constructPortfolio(grid(3, 3), alpha, null, { scheme: "topBottomK" }), /constructPortfolio: alpha has 6 values; its grid is 3 tickers x 3 dates = 9/);
  assert.throws(() => constructPortfolio(grid(3, 2), alpha, null, { scheme: "topBottomK", maxPosition: -1 }), /invalid portfolio config: maxPosition: must be > 0 \(got -1\)/);
});

test("per-ticker caps replace maxPosition where given", () => {
  // raw = (-0.05, 0, 0.05) as above, T2 capped at 0.01, net 0. w = clip(raw - mu):
  // mu = 0 gives (-0.05, 0, 0.01), sum -0.04; mu = -0.02 gives (-0.03, 0.02, 0.01), sum 0.
  const r = constructPortfolio(grid(3, 1), new Float64Array([1, 2, 3]), new Float64Array([0.01, 0.01, 0.01]), {
    maxPosition: 0.1,
    maxPositionByTicker: [NaN, NaN, 0.01],
  });
  assertClose(r.weights, [-0.03, 0.02, 0.01], 1e-15);
  const viaClass = new PortfolioConstructor({ maxPosition: 0.1 }, [NaN, NaN, 0.01]).construct(grid(3, 1), new Float64Array([1, 2, 3]), new Float64Array([0.01, 0.01, 0.01]));
  assertClose(viaClass.weights, r.weights, 0);
});

test("parsePortfolioConfig() fills defaults and names a bad field", () => {
  const c = parsePortfolioConfig({});
  assert.equal(c.scheme, "zscore");
  assert.equal(c.netExposure, 0);
  assert.equal(c.maxPosition, 0.1);
  assert.throws(() => parsePortfolioConfig({ scheme: "magic" }), /scheme: must be one of "zscore", "topBottomK", "inverseVolatility", "equalRiskContribution" \(got "magic"\)/);
});

test("trailingVolatilityPanel() is the RMS of the window's returns, NaN before the first return", () => {
  // returns of T0: 0.01, -0.01 (101 -> 99.99), then 0.02 (-> 101.9898); window 2
  const close = new Float64Array([100, 101, 99.99, 99.99 * 1.02, 50, NaN, 50, 50]);
  const v = trailingVolatilityPanel(close, grid(2, 4), { windowDays: 2 });
  assertClose(day(v, 2, 4, 1).slice(0, 1), [0.01], 1e-15);
  assertClose([v[2], v[3]], [0.01, Math.sqrt((0.0001 + 0.0004) / 2)], 1e-15);
  // T1: a NaN close breaks the returns into and out of it; the day-3 return 50/50 - 1 = 0
  assert.ok(Number.isNaN(v[4]) && Number.isNaN(v[5]) && Number.isNaN(v[6]));
  assert.equal(v[7], 0);
  assert.throws(() => trailingVolatilityPanel(close, grid(4, 4), { windowDays: 2 }), /trailingVolatilityPanel: close has 8 values; its grid is 4 tickers x 4 dates = 16/);
});

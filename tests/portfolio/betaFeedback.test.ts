import { test } from "node:test";
import assert from "node:assert/strict";
import { constructPortfolio } from "../../src/portfolio/constructor";
import { betaPanel } from "../../src/portfolio/beta";
import { parsePortfolioConfig } from "../../src/config/portfolio";
import { parseStudyConfig } from "../../src/study/config";
import { benchmarkStats } from "../../src/analytics/benchmark";
import { createRng } from "../../src/util/rng";

// A market whose stocks' betas drift, and a forecast that favours the stocks whose beta is about to
// rise: the trailing betas lag, so a book held at sum w beta = 0 keeps a positive realised beta.
const N = 12, T = 700, WINDOW = 120;
const grid = { tickers: ["MKT", ...Array.from({ length: N - 1 }, (_, j) => `S${j}`)], dates: Int32Array.from({ length: T }, (_, t) => 18000 + t) };

function driftingMarket(seed: number) {
  const rng = createRng(seed);
  const market = Float64Array.from({ length: T }, () => 0.01 * rng.normal());
  const trueBeta = new Float64Array(N * T);
  const close = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    const start = j === 0 ? 1 : 0.6 + 0.8 * rng.next(), slope = j === 0 ? 0 : (rng.next() - 0.5) * 1.6 / T;
    let p = 100;
    for (let t = 0; t < T; t++) {
      const b = j === 0 ? 1 : start + slope * t + 0.3 * Math.sin((t + 50 * j) / 60);
      trueBeta[j * T + t] = b;
      close[j * T + t] = p *= 1 + (j === 0 ? market[t] : b * market[t] + 0.008 * rng.normal());
    }
  }
  // the forecast: next month's beta change, plus noise
  const alpha = Float64Array.from({ length: N * T }, (_, k) => {
    const t = k % T;
    return t + 20 < T ? trueBeta[k + 20] - trueBeta[k] + 0.02 * rng.normal() : rng.normal();
  });
  const vol = Float64Array.from({ length: N * T }, () => 0.01);
  return { close, alpha, vol, market };
}

const config = parsePortfolioConfig({ betaNeutral: true, betaWindowDays: 60, betaFeedbackDays: WINDOW, maxPosition: 0.25, maxGross: 1.5 });

function build(close: Float64Array, alpha: Float64Array, vol: Float64Array, extra: Record<string, unknown> = {}) {
  const beta = betaPanel(close, grid, { ...config, benchmark: "MKT" });
  return { beta, result: constructPortfolio(grid, alpha, vol, { ...config, beta, close, benchmark: "MKT", ...extra }) };
}

/** The hedge target computed the plain way: u(s) from the weights, one OLS slope per day over (t - W, t]. */
function independentTargets(close: Float64Array, beta: Float64Array, weightsOf: (j: number, t: number) => number, windowDays: number): Float64Array {
  const r = (j: number, t: number) => close[j * T + t] / close[j * T + t - 1] - 1;
  const u = new Float64Array(T).fill(NaN);
  for (let s = 1; s < T; s++) {
    let earned = 0, exAnte = 0;
    for (let j = 0; j < N; j++) {
      const w = weightsOf(j, s - 1);
      if (w === 0) continue;
      earned += w * r(j, s);
      exAnte += w * beta[j * T + s - 1];
    }
    u[s] = earned - exAnte * r(0, s);
  }
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const xs: number[] = [], ys: number[] = [];
    for (let s = Math.max(1, t - windowDays + 1); s <= t; s++) if (Number.isFinite(u[s])) (xs.push(r(0, s)), ys.push(u[s]));
    if (xs.length < Math.ceil(windowDays / 2)) continue;
    const n = xs.length, sx = xs.reduce((a, b) => a + b, 0), sy = ys.reduce((a, b) => a + b, 0);
    const sxy = xs.reduce((a, x, i) => a + x * ys[i], 0), sxx = xs.reduce((a, x) => a + x * x, 0);
    out[t] = -(sxy - (sx * sy) / n) / (sxx - (sx * sx) / n);
  }
  return out;
}

test("betaFeedbackDays: every day holds caps, gross, net and sum w beta = -b(t) to 1e-9, with b(t) the book's own realised beta beyond its ex-ante beta (an independent OLS)", () => {
  for (const seed of [3, 4, 5]) {
    const { close, alpha, vol } = driftingMarket(seed);
    const { beta, result } = build(close, alpha, vol);
    const expected = independentTargets(close, beta, (j, t) => result.weights[j * T + t], WINDOW);
    let hedged = 0;
    for (let t = 0; t < T; t++) {
      let net = 0, gross = 0, bookBeta = 0;
      for (let j = 0; j < N; j++) {
        const w = result.weights[j * T + t];
        assert.ok(Math.abs(w) <= config.maxPosition + 1e-9, `seed ${seed} day ${t}: cap`);
        net += w;
        gross += Math.abs(w);
        if (w !== 0) bookBeta += w * beta[j * T + t];
      }
      assert.ok(gross <= config.maxGross + 1e-9 && Math.abs(net) <= 1e-9, `seed ${seed} day ${t}: gross ${gross}, net ${net}`);
      const held = gross > 0;
      assert.ok(Math.abs(result.betaTarget[t] - (held ? expected[t] : 0)) <= 1e-12, `seed ${seed} day ${t}: target ${result.betaTarget[t]}, independent ${expected[t]}`);
      assert.ok(Math.abs(bookBeta - result.betaTarget[t]) <= 1e-9, `seed ${seed} day ${t}: book beta ${bookBeta}, target ${result.betaTarget[t]}`);
      if (result.betaTarget[t] !== 0) hedged++;
    }
    assert.equal(result.betaFeedbackFallbackDays, 0);
    assert.ok(hedged > T - 2 * WINDOW, `seed ${seed}: the hedge acts once half a window is known (${hedged} days)`);
  }
});

test("betaFeedbackDays removes the realised beta the trailing betas leave (drifting betas, a forecast of the drift)", () => {
  const bookBeta = (weights: Float64Array, close: Float64Array, market: Float64Array, from: number) => {
    const book: number[] = [], bench: number[] = [];
    for (let t = from; t < T; t++) {
      let r = 0;
      for (let j = 0; j < N; j++) r += weights[j * T + t - 1] * (close[j * T + t] / close[j * T + t - 1] - 1);
      book.push(r);
      bench.push(market[t]);
    }
    return benchmarkStats(book, bench).beta;
  };
  for (const seed of [3, 4, 5, 6, 7, 8, 9, 10]) {
    const { close, alpha, vol, market } = driftingMarket(seed);
    const beta = betaPanel(close, grid, { ...config, benchmark: "MKT" });
    const neutralOnly = constructPortfolio(grid, alpha, vol, { ...config, betaFeedbackDays: null, beta });
    const hedged = build(close, alpha, vol).result;
    const before = bookBeta(neutralOnly.weights, close, market, 2 * WINDOW), after = bookBeta(hedged.weights, close, market, 2 * WINDOW);
    assert.ok(before > 0.03, `seed ${seed}: the trailing betas leave a beta (${before})`);
    assert.ok(Math.abs(after) < before / 5, `seed ${seed}: beta ${before} -> ${after}`);
  }
});

test("betaFeedbackDays is causal: changing closes and forecasts after a day leaves that day's weights and targets bit-identical", () => {
  const { close, alpha, vol } = driftingMarket(6);
  const base = build(close, alpha, vol).result;
  const cut = 400;
  const c2 = close.slice(), a2 = alpha.slice();
  for (let j = 0; j < N; j++) for (let t = cut + 1; t < T; t++) {
    c2[j * T + t] *= 1.2 + 0.1 * j;
    a2[j * T + t] = -a2[j * T + t];
  }
  const moved = build(c2, a2, vol).result;
  for (let t = 0; t <= cut; t++) {
    assert.ok(Object.is(moved.betaTarget[t], base.betaTarget[t]), `target on day ${t}`);
    for (let j = 0; j < N; j++) assert.ok(Object.is(moved.weights[j * T + t], base.weights[j * T + t]), `ticker ${j} day ${t}`);
  }
  assert.ok(moved.betaTarget.some((b, t) => t > cut && b !== base.betaTarget[t]), "later days do move");
});

test("heldWeights: the run's own weights give the same book bit for bit; other held weights are what the target measures", () => {
  const { close, alpha, vol } = driftingMarket(7);
  const { beta, result: own } = build(close, alpha, vol);
  const days = 500;
  const cut = (scale: number) => Float64Array.from({ length: N * days }, (_, k) => scale * own.weights[Math.floor(k / days) * T + (k % days)]);
  const same = build(close, alpha, vol, { heldWeights: { weights: cut(1), days } }).result;
  assert.ok(same.weights.every((w, k) => Object.is(w, own.weights[k])) && same.betaTarget.every((b, t) => Object.is(b, own.betaTarget[t])));
  const half = build(close, alpha, vol, { heldWeights: { weights: cut(0.5), days } }).result;
  const halfHeld = cut(0.5);
  const expected = independentTargets(close, beta, (j, t) => (t < days ? halfHeld[j * days + t] : half.weights[j * T + t]), WINDOW);
  for (const t of [days - 1, days, days + 30]) assert.ok(Math.abs(half.betaTarget[t] - expected[t]) <= 1e-12, `day ${t}: ${half.betaTarget[t]} vs ${expected[t]}`);
  assert.ok(Math.abs(half.betaTarget[days] - own.betaTarget[days]) > 1e-6, "the held book differs, and so does the target");
  assert.throws(() => build(close, alpha, vol, { heldWeights: { weights: new Float64Array(5), days } }), /heldWeights has 5 values for 12 tickers x 500 days/);
});

test("betaFeedbackDays needs the closes and the benchmark, and is off by default (the study's default is 252)", () => {
  const { close, alpha, vol } = driftingMarket(8);
  const beta = betaPanel(close, grid, { ...config, benchmark: "MKT" });
  assert.throws(() => constructPortfolio(grid, alpha, vol, { ...config, beta, close }), /betaFeedbackDays needs options.benchmark/);
  assert.throws(() => constructPortfolio(grid, alpha, vol, { ...config, beta, benchmark: "MKT" }), /betaFeedbackDays needs options.close/);
  assert.throws(() => constructPortfolio(grid, alpha, vol, { ...config, beta, close, benchmark: "SPY" }), /"SPY" is not in the panel/);
  assert.throws(() => parsePortfolioConfig({ betaFeedbackDays: 5 }), /betaFeedbackDays/);
  assert.equal(parsePortfolioConfig({}).betaFeedbackDays, null);
  assert.equal(parseStudyConfig({}).portfolio.betaFeedbackDays, 252);
  // off unless betaNeutral: the closes and benchmark are then not needed
  const plain = constructPortfolio(grid, alpha, vol, { ...config, betaNeutral: false });
  assert.ok(plain.betaTarget.every((b) => b === 0));
});

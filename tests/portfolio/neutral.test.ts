import { test } from "node:test";
import assert from "node:assert/strict";
import { constructPortfolio, PortfolioConstructor, PortfolioInfeasibleError } from "../../src/portfolio/constructor";
import { betaPanel } from "../../src/portfolio/beta";
import { parsePortfolioConfig } from "../../src/config/portfolio";
import { isoToDay } from "../../src/util/dates";
import { createRng } from "../../src/util/rng";

const grid = (N: number, T: number, assetClasses?: string[]) => ({
  tickers: Array.from({ length: N }, (_, j) => `T${j}`),
  dates: Int32Array.from({ length: T }, (_, t) => isoToDay("2021-03-01") + t),
  ...(assetClasses ? { assetClasses } : {}),
});

function randomInputs(seed: number, N: number, T: number) {
  const rng = createRng(seed);
  const alpha = Float64Array.from({ length: N * T }, () => (rng.next() < 0.08 ? NaN : rng.normal()));
  const vol = Float64Array.from({ length: N * T }, () => 0.004 + 0.03 * rng.next());
  const beta = Float64Array.from({ length: N * T }, () => (rng.next() < 0.08 ? NaN : 0.9 + 0.7 * rng.normal()));
  return { rng, alpha, vol, beta };
}

test("betaNeutral and groupNeutral on random panels (60 seeds): every day holds caps, gross, net, sum w beta = 0 and every group's sum = 0 to 1e-9", () => {
  let grossBound = 0, capped = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const N = 4 + (seed % 27), T = 10;
    const { rng, alpha, vol, beta } = randomInputs(seed, N, T);
    const classes = Array.from({ length: N }, (_, j) => ["equity", "bond", "commodity"][j % 3]);
    const groupNeutral = seed % 3 === 0 ? null : seed % 3 === 1 ? ("assetClass" as const) : { T0: "x", T1: "x", T2: "y", T3: "y" };
    const scheme = (["zscore", "topBottomK", "inverseVolatility"] as const)[seed % 3];
    const config = { scheme, betaNeutral: seed % 4 !== 0, groupNeutral, maxPosition: 0.03 + 0.2 * rng.next(), maxGross: 0.3 + 1.5 * rng.next(), netExposure: seed % 5 === 0 ? null : 0 };
    const r = constructPortfolio(grid(N, T, classes), alpha, vol, { ...config, beta });
    const groupOf = (j: number) => (groupNeutral === null ? null : groupNeutral === "assetClass" ? classes[j] : (groupNeutral as Record<string, string>)[`T${j}`] ?? null);
    for (let t = 0; t < T; t++) {
      let sum = 0, gross = 0, bookBeta = 0;
      const groupSums = new Map<string, number>();
      for (let j = 0; j < N; j++) {
        const w = r.weights[j * T + t];
        if (config.betaNeutral && !(beta[j * T + t] === beta[j * T + t])) assert.equal(w, 0, `seed ${seed} day ${t}: ${j} has no beta but is held`);
        assert.ok(Math.abs(w) <= config.maxPosition + 1e-9, `seed ${seed} day ${t}: cap`);
        sum += w;
        gross += Math.abs(w);
        if (w !== 0 && config.betaNeutral) bookBeta += w * beta[j * T + t];
        const g = groupOf(j);
        if (g !== null) groupSums.set(g, (groupSums.get(g) ?? 0) + w);
      }
      assert.ok(gross <= config.maxGross + 1e-9, `seed ${seed} day ${t}: gross ${gross}`);
      if (config.netExposure !== null) assert.ok(Math.abs(sum) <= 1e-9, `seed ${seed} day ${t}: net ${sum}`);
      assert.ok(Math.abs(bookBeta) <= 1e-9, `seed ${seed} day ${t}: book beta ${bookBeta}`);
      for (const [g, s] of groupSums) assert.ok(Math.abs(s) <= 1e-9, `seed ${seed} day ${t}: group ${g} sums to ${s}`);
      grossBound += r.grossBinding[t];
      capped += r.cappedCount[t];
    }
  }
  assert.ok(grossBound > 50 && capped > 50, `the cases must bind: gross bound on ${grossBound} days, ${capped} capped positions`);
});

test("with betaNeutral and groupNeutral off, options.beta is ignored and the weights are the fast path's, bit for bit", () => {
  const N = 12, T = 15;
  const { alpha, vol, beta } = randomInputs(9, N, T);
  const plain = constructPortfolio(grid(N, T), alpha, vol, { maxPosition: 0.12 });
  const withBeta = constructPortfolio(grid(N, T), alpha, vol, { maxPosition: 0.12, betaNeutral: false, groupNeutral: null, beta });
  assert.ok(plain.weights.every((w, k) => Object.is(w, withBeta.weights[k])));
  // and the neutral book differs (it moves weight to meet sum w beta = 0)
  const neutral = constructPortfolio(grid(N, T), alpha, vol, { maxPosition: 0.12, betaNeutral: true, beta });
  assert.ok(neutral.weights.some((w, k) => Math.abs(w - plain.weights[k]) > 1e-6));
  assert.deepEqual(Array.from(new PortfolioConstructor({ maxPosition: 0.12, betaNeutral: true }).construct(grid(N, T), alpha, vol, { beta }).weights), Array.from(neutral.weights));
});

test("beta-neutral weights at t use inputs up to t: changing later alpha, volatility and closes leaves them bit-identical", () => {
  const rng = createRng(21);
  const N = 6, T = 90;
  const g = { tickers: ["SPY", "A", "B", "C", "D", "E"], dates: Int32Array.from({ length: T }, (_, t) => 18000 + t) };
  const close = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    let p = 100;
    for (let t = 0; t < T; t++) close[j * T + t] = p *= 1 + 0.01 * rng.normal();
  }
  const alpha = Float64Array.from({ length: N * T }, () => rng.normal());
  const vol = Float64Array.from({ length: N * T }, () => 0.01 + 0.01 * rng.next());
  const config = parsePortfolioConfig({ betaNeutral: true, betaWindowDays: 30, maxPosition: 0.3 });
  const build = (c: Float64Array, a: Float64Array, v: Float64Array) => constructPortfolio(g, a, v, { ...config, beta: betaPanel(c, g, { ...config, benchmark: "SPY" }) }).weights;
  const base = build(close, alpha, vol);
  const cut = 60;
  const c2 = close.slice(), a2 = alpha.slice(), v2 = vol.slice();
  for (let j = 0; j < N; j++) for (let t = cut + 1; t < T; t++) {
    c2[j * T + t] *= 1.3;
    a2[j * T + t] = -a2[j * T + t];
    v2[j * T + t] *= 2;
  }
  const moved = build(c2, a2, v2);
  for (let j = 0; j < N; j++) for (let t = 0; t <= cut; t++) assert.ok(Object.is(moved[j * T + t], base[j * T + t]), `ticker ${j} day ${t}`);
  assert.ok(base.some((w, k) => w !== 0 && k % T > 30), "the book holds positions once betas exist");
  for (let j = 0; j < N; j++) for (let t = 0; t < 30; t++) assert.equal(base[j * T + t], 0, "no beta yet: not held");
});

test("with Dimson betas from prices (betaEstimator \"dimson\"), every day's weights hold caps, gross, net and sum w beta = 0 to 1e-9, and no day moves when later bars change", () => {
  const rng = createRng(31);
  const N = 9, T = 140;
  const g = { tickers: ["SPY", "A", "B", "C", "D", "E", "F", "G", "H"], dates: Int32Array.from({ length: T }, (_, t) => 18000 + t) };
  const close = new Float64Array(N * T);
  const market = Float64Array.from({ length: T }, () => 0.01 * rng.normal());
  for (let j = 0; j < N; j++) {
    let p = 100;
    const loading = j === 0 ? 1 : 1.5 * rng.next() - 0.25;
    // a delayed response to the market (half of it a day late), what the Dimson estimator is for
    for (let t = 0; t < T; t++) close[j * T + t] = p *= 1 + (j === 0 ? market[t] : loading * (0.5 * market[t] + 0.5 * (t > 0 ? market[t - 1] : 0)) + 0.01 * rng.normal());
  }
  const alpha = Float64Array.from({ length: N * T }, () => rng.normal());
  const vol = Float64Array.from({ length: N * T }, () => 0.01 + 0.01 * rng.next());
  const config = parsePortfolioConfig({ betaNeutral: true, betaEstimator: "dimson", betaLagDays: 1, betaWindowDays: 40, maxPosition: 0.2, maxGross: 1 });
  const build = (c: Float64Array) => {
    const beta = betaPanel(c, g, { ...config, benchmark: "SPY" });
    return { beta, weights: constructPortfolio(g, alpha, vol, { ...config, beta }).weights };
  };
  const { beta, weights } = build(close);
  let held = 0;
  for (let t = 0; t < T; t++) {
    let sum = 0, gross = 0, bookBeta = 0;
    for (let j = 0; j < N; j++) {
      const w = weights[j * T + t];
      assert.ok(Math.abs(w) <= config.maxPosition + 1e-9, `day ${t}: cap`);
      if (w !== 0) bookBeta += w * beta[j * T + t];
      sum += w;
      gross += Math.abs(w);
    }
    assert.ok(gross <= config.maxGross + 1e-9 && Math.abs(sum) <= 1e-9 && Math.abs(bookBeta) <= 1e-9, `day ${t}: gross ${gross}, net ${sum}, beta ${bookBeta}`);
    if (gross > 0.05) held++;
  }
  assert.ok(held >= T - 42, `the book is invested once the betas exist (${held} days)`);
  const cut = 100;
  const changed = close.slice();
  for (let j = 0; j < N; j++) for (let t = cut + 1; t < T; t++) changed[j * T + t] *= 1 + 0.3 * rng.normal();
  const moved = build(changed).weights;
  for (let j = 0; j < N; j++) for (let t = 0; t <= cut; t++) assert.ok(Object.is(moved[j * T + t], weights[j * T + t]), `ticker ${j} day ${t}`);
});

test("neutral requests that cannot hold throw PortfolioInfeasibleError naming the day and the constraints; missing inputs are named", () => {
  const N = 4, T = 3;
  const alpha = Float64Array.from({ length: N * T }, (_, k) => k % 5);
  const vol = new Float64Array(N * T).fill(0.01);
  const beta = new Float64Array(N * T).fill(1.2); // equal betas: sum w beta = 1.2 net
  assert.throws(
    () => constructPortfolio(grid(N, T), alpha, vol, { betaNeutral: true, netExposure: 0.1, beta }),
    (err: unknown) => {
      assert.ok(err instanceof PortfolioInfeasibleError);
      assert.equal(err.date, "2021-03-01");
      assert.match(err.message, /infeasible constraints on 2021-03-01 \(4 tradeable assets\): net exposure 0\.1 and beta neutrality \(sum w beta = 0\) contradict each other/);
      return true;
    },
  );
  assert.throws(() => constructPortfolio(grid(N, T), alpha, vol, { betaNeutral: true }), /betaNeutral needs options\.beta/);
  assert.throws(() => constructPortfolio(grid(N, T), alpha, vol, { groupNeutral: "assetClass" }), /groupNeutral "assetClass" needs the grid's assetClasses/);
  assert.throws(() => constructPortfolio(grid(N, T), alpha, vol, { betaNeutral: true, beta: new Float64Array(5) }), /constructPortfolio: beta has 5 values/);
});

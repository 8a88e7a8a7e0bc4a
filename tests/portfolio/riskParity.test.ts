import { test } from "node:test";
import assert from "node:assert/strict";
import { ledoitWolfCovariance } from "../../src/portfolio/covariance";
import { equalRiskContributionWeights } from "../../src/portfolio/riskParity";
import { constructPortfolio } from "../../src/portfolio/constructor";
import { parsePortfolioConfig } from "../../src/config/portfolio";
import { isoToDay } from "../../src/util/dates";
import { createRng } from "../../src/util/rng";

const grid = (N: number, T: number) => ({
  tickers: Array.from({ length: N }, (_, j) => `T${j}`),
  dates: Int32Array.from({ length: T }, (_, t) => isoToDay("2021-03-01") + t),
});

/** Risk contributions w_i (Sigma w)_i of weights w on an n x n row-major covariance. */
function riskContributions(cov: ArrayLike<number>, w: ArrayLike<number>): number[] {
  const n = w.length;
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += cov[i * n + j] * w[j];
    return w[i] * s;
  });
}

/** Largest relative gap of the risk contributions from their mean. */
function riskContributionSpread(cov: ArrayLike<number>, w: ArrayLike<number>): number {
  const rc = riskContributions(cov, w);
  const mean = rc.reduce((a, b) => a + b, 0) / rc.length;
  return Math.max(...rc.map((r) => Math.abs(r / mean - 1)));
}

/** A random covariance: B B' / k + a diagonal, with volatilities spread over a factor of ~10. */
function randomCovariance(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const k = 1 + rng.int(n + 2);
  const b = Float64Array.from({ length: n * k }, () => rng.normal());
  const scale = Float64Array.from({ length: n }, () => 0.005 + 0.05 * rng.next());
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let f = 0; f < k; f++) s += b[i * k + f] * b[j * k + f];
    cov[i * n + j] = scale[i] * scale[j] * (s / k + (i === j ? 0.05 : 0));
  }
  return cov;
}

// sklearn.covariance.LedoitWolf 1.2.1 (assume_centered=False, scaled-identity target) on seeded
// samples: tests/fixtures/portfolio/ledoit_wolf_reference.py, outputs pasted as printed.
const SKLEARN = {
  tall: {
    observations: 12,
    assets: 4,
    returns: [-0.03792, 0.01365, -0.03029, -0.0084, 0.01514, -0.01829, 0.03846, -0.01387, 0.02894, -0.00086, 0.03413, -0.00144, -0.0285, 0.05481, -0.00242, -0.00583, -0.01772, 0.01186, -0.01393, -0.0034, 0.01843, -0.03132, 0.00209, 0.00147, -0.03272, 0.04333, -0.01988, -0.0021, 0.01184, -0.009, 0.00747, 0.00407, 0.02569, -0.00704, 0.03509, -0.0019, 0.00721, 0.0187, 0.02514, -0.00674, 0.02978, -0.00982, 0.03142, 0.00264, 0.00229, 0.01161, -0.00087, 0.00554],
    shrinkage: 0.15132557480230038,
    covariance: [0.0005397983532967941, -0.0003642494496347303, 0.0003981063021335403, 3.445851787512485e-05, -0.0003642494496347303, 0.0005391410496502633, -0.00022787810917170864, -1.935827542590432e-05, 0.0003981063021335403, -0.00022787810917170864, 0.0004960297844481639, -5.924659812887032e-06, 3.445851787512485e-05, -1.935827542590432e-05, -5.924659812887032e-06, 8.732842510477884e-05],
  },
  wide: {
    observations: 6,
    assets: 8,
    returns: [0.01776, -0.01222, -0.03681, 0.03284, 0.07294, 0.03371, 0.01762, 0.016, -0.02214, -0.05474, -0.04238, -0.00522, 0.05235, 0.06951, -0.07963, 0.03283, -0.02799, -0.00306, -0.03679, 0.08573, -0.04225, -0.04723, 0.00209, -0.06705, 0.01873, 0.00751, 0.01445, -0.03082, -0.03453, -0.01942, 0.01731, -0.00583, 0.00727, 0.00933, -0.04111, 0.00136, -0.04548, -0.04948, 0.01195, -0.00116, -0.01405, -0.03755, 0.03062, -0.06946, 0.01199, 0.03959, -0.04374, 0.04274],
    shrinkage: 0.3911977385123899,
    covariance: [0.0007556651643439566, 0.00015299710872189375, 4.8158907173507445e-05, -0.00012613589385742477, 2.2752459135210935e-05, -8.190306791238128e-05, 0.00028308007395686473, 7.869455485165452e-05, 0.00015299710872189375, 0.0008790503830435845, -2.3993921942366873e-05, 0.0002262475051570692, -0.00046009485805602763, -0.0005847587153964624, 0.0004967939082157274, -0.0003228550924693783, 4.8158907173507445e-05, -2.3993921942366873e-05, 0.001073149523331826, -0.000659570200899427, -0.00013503796287216632, 0.00010296449421044073, -3.249641373948538e-05, 0.00021165031928695917, -0.00012613589385742477, 0.0002262475051570692, -0.000659570200899427, 0.0019810265197975426, -0.00013866451677021311, -0.0005669662731348695, 0.0003930179110308367, -0.0008347598448610545, 2.2752459135210935e-05, -0.00046009485805602763, -0.00013503796287216632, -0.00013866451677021311, 0.0018811508430498685, 0.001158950642727667, -0.0004516425045073774, 0.0006535683914492472, -8.190306791238128e-05, -0.0005847587153964624, 0.00010296449421044073, -0.0005669662731348695, 0.001158950642727667, 0.0018060728408279983, -0.0007476195876254568, 0.0007886918369233957, 0.00028308007395686473, 0.0004967939082157274, -3.249641373948538e-05, 0.0003930179110308367, -0.0004516425045073774, -0.0007476195876254568, 0.0013612434187532853, -0.0004301515005691427, 7.869455485165452e-05, -0.0003228550924693783, 0.00021165031928695917, -0.0008347598448610545, 0.0006535683914492472, 0.0007886918369233957, -0.0004301515005691427, 0.0013157355596297167],
  },
};

test("ledoitWolfCovariance() matches sklearn.covariance.LedoitWolf: shrinkage and covariance, n > p and p > n", () => {
  for (const [name, c] of Object.entries(SKLEARN)) {
    const input = Float64Array.from(c.returns);
    const est = ledoitWolfCovariance(input, { observations: c.observations, assets: c.assets });
    assert.deepEqual(Array.from(input), c.returns, `${name}: input not mutated`);
    assert.ok(Math.abs(est.shrinkage - c.shrinkage) <= 1e-13, `${name}: shrinkage ${est.shrinkage} vs sklearn ${c.shrinkage}`);
    const largest = Math.max(...c.covariance.map(Math.abs));
    c.covariance.forEach((v, k) => assert.ok(Math.abs(est.covariance[k] - v) <= 1e-12 * largest, `${name}: covariance[${k}] ${est.covariance[k]} vs sklearn ${v}`));
  }
  assert.ok(SKLEARN.wide.shrinkage > SKLEARN.tall.shrinkage, "more assets than days: shrinks harder");
});

test("ledoitWolfCovariance() by hand: 3 days of 2 assets, and bad input", () => {
  // sklearn.covariance.LedoitWolf().fit([[0.01, 0.02], [-0.01, 0], [0.02, 0.01]]).shrinkage_ = 0.6410256410256416 (sklearn 1.2.1)
  const est = ledoitWolfCovariance([0.01, 0.02, -0.01, 0, 0.02, 0.01], { observations: 3, assets: 2 });
  assert.ok(Math.abs(est.shrinkage - 0.6410256410256416) <= 1e-14, `shrinkage ${est.shrinkage}`);
  // mu = trace(S) / 2 with S the divisor-n covariance: var (0.01, -0.01, 0.02) = 1.5556e-4, var (0.02, 0, 0.01) = 0.6667e-4
  assert.ok(Math.abs(est.targetVariance - (1.4e-4 / 0.9 + 0.6e-4 / 0.9) / 2) <= 1e-18, `mu ${est.targetVariance}`);
  assert.throws(() => ledoitWolfCovariance([1, 2, 3], { observations: 2, assets: 2 }), /ledoitWolfCovariance: returns has 3 values; the shape is 2 observations x 2 assets = 4/);
  assert.throws(() => ledoitWolfCovariance([1, NaN, 3, 4], { observations: 2, assets: 2 }), /returns must be finite \(got NaN at observation 0, asset 1\)/);
  assert.throws(() => ledoitWolfCovariance([1, 2], { observations: 1, assets: 2 }), /needs >= 2 observations/);
});

test("equalRiskContributionWeights(): risk contributions equal to 1e-8 on 200 random covariances (2 to 30 assets)", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const n = 2 + (seed % 29);
    const cov = randomCovariance(seed, n);
    const w = equalRiskContributionWeights(cov, n);
    assert.ok(w.every((x) => x > 0), `seed ${seed}: long only`);
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) <= 1e-14, `seed ${seed}: sum 1`);
    const spread = riskContributionSpread(cov, w);
    assert.ok(spread <= 1e-8, `seed ${seed} (n ${n}): risk contributions differ by ${spread}`);
  }
});

test("equalRiskContributionWeights() by hand: two assets, and uniform correlation, give w_i proportional to 1 / sigma_i", () => {
  // 2 assets, sigma 0.2 and 0.1, correlation 0.3: w = (1/0.2, 1/0.1) / 15 = (1/3, 2/3) whatever the correlation
  const two = equalRiskContributionWeights([0.04, 0.006, 0.006, 0.01], 2);
  assert.ok(Math.abs(two[0] - 1 / 3) <= 1e-15 && Math.abs(two[1] - 2 / 3) <= 1e-15, `${two}`);
  const sigma = [0.05, 0.1, 0.2, 0.4];
  for (const rho of [-0.2, 0, 0.5, 0.9]) {
    const cov = sigma.flatMap((si, i) => sigma.map((sj, j) => si * sj * (i === j ? 1 : rho)));
    const w = equalRiskContributionWeights(cov, 4);
    const inv = sigma.map((s) => 1 / s), total = inv.reduce((a, b) => a + b, 0);
    inv.forEach((x, i) => assert.ok(Math.abs(w[i] - x / total) <= 1e-14, `rho ${rho}: w[${i}] ${w[i]} vs ${x / total}`));
  }
  // correlation matters otherwise: an asset correlated with the others gets less than 1/sigma
  const cov = [1, 0.8, 0, 0.8, 1, 0, 0, 0, 1];
  const w = equalRiskContributionWeights(cov, 3);
  assert.ok(w[2] > w[0] && Math.abs(w[0] - w[1]) <= 1e-15, `${w}`);
  assert.ok(riskContributionSpread(cov, w) <= 1e-12);
  assert.throws(() => equalRiskContributionWeights([1, 2, 2, 1], 2), /equalRiskContributionWeights: covariance is not positive definite/);
  assert.throws(() => equalRiskContributionWeights([1, 0, 0], 2), /covariance has 3 values for 2 x 2 assets/);
});

/** A random close panel (N x T, some late starts) and alphas. */
function randomMarket(seed: number, N: number, T: number): { close: Float64Array; alpha: Float64Array } {
  const rng = createRng(seed);
  const close = new Float64Array(N * T), alpha = new Float64Array(N * T);
  const common = Float64Array.from({ length: T }, () => rng.normal());
  for (let j = 0; j < N; j++) {
    const start = rng.next() < 0.3 ? rng.int(T / 2) : 0;
    const vol = 0.005 + 0.02 * rng.next(), beta = rng.next();
    let p = 50;
    for (let t = 0; t < T; t++) {
      p *= 1 + vol * (beta * common[t] + rng.normal());
      close[j * T + t] = t < start ? NaN : p;
      alpha[j * T + t] = rng.next() < 0.05 ? NaN : rng.normal();
    }
  }
  return { close, alpha };
}

test("equalRiskContribution scheme by hand: Ledoit-Wolf ERC within the legs above and below the mean alpha, scaled to (G +- s) / 2", () => {
  const N = 7, T = 60, W = 30;
  const { close, alpha } = randomMarket(3, N, T);
  const options = { scheme: "equalRiskContribution" as const, covarianceWindowDays: W, maxPosition: 10, maxGross: 1.5, netExposure: 0.2, close };
  const r = constructPortfolio(grid(N, T), alpha, null, options);
  let checked = 0;
  for (let t = 0; t < T; t++) {
    // tradeable: alpha finite and W finite returns through t
    const members = [];
    for (let j = 0; j < N; j++) {
      let ok = Number.isFinite(alpha[j * T + t]) && t >= W;
      for (let s = t - W + 1; ok && s <= t; s++) ok = Number.isFinite(close[j * T + s] / close[j * T + s - 1]);
      if (ok) members.push(j);
    }
    assert.equal(r.tradeableCount[t], members.length, `day ${t}: tradeable`);
    const expected = new Float64Array(N);
    if (members.length >= 2) {
      const mean = members.reduce((a, j) => a + alpha[j * T + t], 0) / members.length;
      for (const [side, legGross] of [[1, (1.5 + 0.2) / 2], [-1, (1.5 - 0.2) / 2]]) {
        const leg = members.filter((j) => (alpha[j * T + t] - mean) * side > 0);
        const sample = new Float64Array(W * leg.length);
        leg.forEach((j, i) => {
          for (let o = 0; o < W; o++) {
            const s = t - W + 1 + o;
            sample[o * leg.length + i] = close[j * T + s] / close[j * T + s - 1] - 1;
          }
        });
        const { covariance } = ledoitWolfCovariance(sample, { observations: W, assets: leg.length });
        const e = leg.length === 1 ? [1] : equalRiskContributionWeights(covariance, leg.length);
        leg.forEach((j, i) => (expected[j] = side * legGross * e[i]));
        const got = leg.map((j) => side * r.weights[j * T + t]);
        if (leg.length > 1) assert.ok(riskContributionSpread(covariance, got) <= 1e-8, `day ${t}: leg risk contributions equal`);
      }
      checked++;
    }
    for (let j = 0; j < N; j++) assert.ok(Math.abs(r.weights[j * T + t] - expected[j]) <= 1e-12, `day ${t} ${j}: ${r.weights[j * T + t]} vs ${expected[j]}`);
    if (members.length >= 2) {
      let net = 0, gross = 0;
      for (let j = 0; j < N; j++) (net += r.weights[j * T + t]), (gross += Math.abs(r.weights[j * T + t]));
      assert.ok(Math.abs(net - 0.2) <= 1e-12 && Math.abs(gross - 1.5) <= 1e-12, `day ${t}: net ${net}, gross ${gross}`);
    }
  }
  assert.ok(checked > 20, `${checked} days checked`);
});

test("equalRiskContribution: on random panels every day holds the caps, the gross limit and the net target to 1e-9", () => {
  let capped = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const rng = createRng(100 + seed);
    const N = 3 + rng.int(15), T = 50;
    const { close, alpha } = randomMarket(seed, N, T);
    const maxPosition = 0.05 + 0.3 * rng.next(), maxGross = 0.5 + 2 * rng.next();
    const net = rng.next() < 0.25 ? null : (2 * rng.next() - 1) * Math.min(maxGross, 2 * maxPosition) * 0.9;
    const r = constructPortfolio(grid(N, T), alpha, null, { scheme: "equalRiskContribution", covarianceWindowDays: 20, maxPosition, maxGross, netExposure: net, close });
    for (let t = 0; t < T; t++) {
      let sum = 0, gross = 0;
      for (let j = 0; j < N; j++) {
        const w = r.weights[j * T + t];
        assert.ok(Math.abs(w) <= maxPosition + 1e-9, `seed ${seed} day ${t}: |w| ${w} > cap ${maxPosition}`);
        sum += w;
        gross += Math.abs(w);
      }
      assert.ok(gross <= maxGross + 1e-9, `seed ${seed} day ${t}: gross ${gross}`);
      if (net !== null && r.tradeableCount[t] >= 2) assert.ok(Math.abs(sum - net) <= 1e-9, `seed ${seed} day ${t}: net ${sum} != ${net}`);
      capped += r.cappedCount[t];
    }
  }
  assert.ok(capped > 50, `the caps must bind: ${capped}`);
});

test("equalRiskContribution: no look-ahead, changing closes and alphas after t0 leaves the weights through t0 bit-identical", () => {
  const N = 6, T = 70, t0 = 45;
  const { close, alpha } = randomMarket(9, N, T);
  const options = { scheme: "equalRiskContribution" as const, covarianceWindowDays: 25, close };
  const base = constructPortfolio(grid(N, T), alpha, null, options);
  const close2 = new Float64Array(close), alpha2 = new Float64Array(alpha);
  for (let j = 0; j < N; j++) for (let t = t0 + 1; t < T; t++) {
    close2[j * T + t] *= 1 + 0.2 * Math.sin(j + t);
    alpha2[j * T + t] = -alpha[j * T + t];
  }
  const moved = constructPortfolio(grid(N, T), alpha2, null, { ...options, close: close2 });
  for (let t = 0; t < T; t++) {
    const same = Array.from({ length: N }, (_, j) => moved.weights[j * T + t] === base.weights[j * T + t]).every(Boolean);
    assert.equal(same, t <= t0, `day ${t}`);
  }
});

test("equalRiskContribution: needs the closes; the config names the schemes", () => {
  const { close, alpha } = randomMarket(1, 3, 10);
  assert.throws(() => constructPortfolio(grid(3, 10), alpha, null, { scheme: "equalRiskContribution" }), /constructPortfolio: scheme "equalRiskContribution" needs options.close/);
  assert.throws(() => constructPortfolio(grid(3, 10), alpha, null, { scheme: "equalRiskContribution", close: close.subarray(1) }), /constructPortfolio: close has 29 values/);
  const c = parsePortfolioConfig({});
  assert.deepEqual([c.scheme, c.sqrtZSizing, c.covarianceWindowDays], ["zscore", false, 252]);
  assert.throws(() => parsePortfolioConfig({ riskParity: true }), /unknown field\(s\) riskParity/);
});

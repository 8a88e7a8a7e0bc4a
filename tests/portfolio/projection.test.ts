import { test } from "node:test";
import assert from "node:assert/strict";
import { projectPortfolioWeights } from "../../src/portfolio/projection";
import { createRng, type Rng } from "../../src/util/rng";

const sum = (w: ArrayLike<number>): number => Array.from(w).reduce((s, x) => s + x, 0);
const gross = (w: ArrayLike<number>): number => Array.from(w).reduce((s, x) => s + Math.abs(x), 0);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ""): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Independent reference: Dykstra's alternating projections onto box, hyperplane and L1 ball.
// Slow (thousands of sweeps) but obviously correct, and shares no code with the solver.
function projectL1Ball(v: number[], radius: number): number[] {
  // Duchi et al. (2008): soft-threshold |v| at the theta that makes the sum equal the radius
  if (v.reduce((s, x) => s + Math.abs(x), 0) <= radius) return v.slice();
  const u = v.map(Math.abs).sort((a, b) => b - a);
  let cum = 0, theta = 0;
  for (let k = 0; k < u.length; k++) {
    cum += u[k];
    const th = (cum - radius) / (k + 1);
    if (u[k] - th > 0) theta = th;
  }
  return v.map((x) => Math.sign(x) * Math.max(Math.abs(x) - theta, 0));
}
function dykstra(y: number[], caps: number[], net: number | null, maxGross: number, sweeps = 20000): number[] {
  const n = y.length;
  const projections: ((v: number[]) => number[])[] = [
    (v) => v.map((x, i) => Math.max(-caps[i], Math.min(caps[i], x))),
    (v) => projectL1Ball(v, maxGross),
  ];
  if (net !== null) projections.push((v) => { const shift = (sum(v) - net) / n; return v.map((x) => x - shift); });
  let x = y.slice();
  const increments = projections.map(() => new Array<number>(n).fill(0));
  for (let s = 0; s < sweeps; s++) {
    let moved = 0;
    for (let k = 0; k < projections.length; k++) {
      const input = x.map((xi, i) => xi + increments[k][i]);
      const next = projections[k](input);
      increments[k] = input.map((v, i) => v - next[i]);
      moved = Math.max(moved, ...next.map((v, i) => Math.abs(v - x[i])));
      x = next;
    }
    if (moved < 1e-15) break; // a fixed point of every step: converged
  }
  return x;
}

// ---------------------------------------------------------------------------------------------

test("projectPortfolioWeights() on a hand example: caps, then the net shift, together", () => {
  // y = [-0.05, 0, 0.05], caps 0.04, net 0.03, gross 1 (slack).
  // w_i = clip(y_i - mu, -0.04, 0.04); at mu = -0.02: [-0.03, 0.02, 0.04 (clipped from 0.07)],
  // sum = 0.03 = net. The original design's order (clip, then shift by (0.03 - 0)/3 = 0.01) gives
  // [-0.03, 0.01, 0.05]: the last position ends past its 0.04 cap.
  const w = projectPortfolioWeights([-0.05, 0, 0.05], 0.04, { netExposure: 0.03, maxGross: 1 });
  assertClose(w, [-0.03, 0.02, 0.04], 1e-15);
});

test("projectPortfolioWeights() with the gross limit binding splits it into a long and a short book", () => {
  // y = [0.5, 0.3, -0.2, -0.6], caps 0.4, net 0, gross 0.6.
  // Long book = short book = 0.3. Longs min(0.4, (y - a)^+): a = 0.25 gives 0.25 + 0.05 = 0.3.
  // Shorts min(0.4, (b - y)^+): b = -0.3 gives 0 + 0.3 = 0.3.
  const w = projectPortfolioWeights([0.5, 0.3, -0.2, -0.6], 0.4, { netExposure: 0, maxGross: 0.6 });
  assertClose(w, [0.25, 0.05, 0, -0.3], 1e-14);
});

test("projectPortfolioWeights() with a free net soft-thresholds |y| to the gross limit", () => {
  // y = [0.5, -0.3, 0.1], caps 1, gross 0.5: |w| = (|y| - nu)^+, nu = 0.15 -> 0.35 + 0.15 + 0 = 0.5
  const w = projectPortfolioWeights([0.5, -0.3, 0.1], 1, { netExposure: null, maxGross: 0.5 });
  assertClose(w, [0.35, -0.15, 0], 1e-14);
});

test("projectPortfolioWeights() leaves a feasible target unchanged and NaN targets at zero", () => {
  const y = Object.freeze([0.05, NaN, -0.02, -0.03]) as unknown as number[];
  assertClose(projectPortfolioWeights(y, 0.1, { netExposure: 0, maxGross: 1 }), [0.05, 0, -0.02, -0.03], 1e-17);
});

test("projectPortfolioWeights() rejects an infeasible net target with a clear message", () => {
  assert.throws(
    () => projectPortfolioWeights([0.1, 0.2, 0.3], 0.1, { netExposure: 0.5, maxGross: 1 }),
    /projectPortfolioWeights: netExposure 0.5 is beyond what the caps allow \(sum of caps 0.3\d* over 3 assets\)/,
  );
  assert.throws(
    () => projectPortfolioWeights([0.1, 0.2], 1, { netExposure: 1.5, maxGross: 1 }),
    /projectPortfolioWeights: netExposure 1.5 is beyond the gross limit 1/,
  );
  assert.throws(() => projectPortfolioWeights([0.1, 0.2], [1], { netExposure: 0, maxGross: 1 }), /caps has 1 values for 2 targets/);
});

function randomCase(rng: Rng): { y: number[]; caps: number[]; net: number | null; maxGross: number } {
  const n = 1 + rng.int(40);
  const scale = Math.exp(rng.normal() * 1.5) * 0.1;
  const y = Array.from({ length: n }, () => (rng.next() < 0.1 ? 0 : rng.normal() * scale + (rng.next() < 0.3 ? scale * rng.normal() : 0)));
  const capLevel = 0.01 + rng.next() * 0.4;
  const caps = Array.from({ length: n }, () => (rng.next() < 0.2 ? capLevel * rng.next() : capLevel));
  const maxGross = 0.05 + rng.next() * 3;
  const capTotal = caps.reduce((s, c) => s + c, 0);
  const netRoom = Math.min(maxGross, capTotal);
  const kind = rng.int(4);
  // net: free, zero, inside the room, or exactly at its edge
  const net = kind === 0 ? null : kind === 1 ? 0 : kind === 2 ? (2 * rng.next() - 1) * netRoom : (rng.next() < 0.5 ? -1 : 1) * netRoom;
  return { y, caps, net, maxGross };
}

test("property: for random targets and caps (500 seeds), every cap, the gross limit and the net target hold to 1e-9", () => {
  let grossBinding = 0, capBinding = 0;
  for (let seed = 1; seed <= 500; seed++) {
    const { y, caps, net, maxGross } = randomCase(createRng(seed));
    const w = projectPortfolioWeights(y, caps, { netExposure: net, maxGross });
    if (Math.abs(gross(w) - maxGross) < 1e-9) grossBinding++;
    if (w.some((x, i) => x !== 0 && Math.abs(x) === caps[i])) capBinding++;
    for (let i = 0; i < w.length; i++) assert.ok(Math.abs(w[i]) <= caps[i] + 1e-9, `seed ${seed}: |w[${i}]| = ${Math.abs(w[i])} > cap ${caps[i]}`);
    assert.ok(gross(w) <= maxGross + 1e-9, `seed ${seed}: gross ${gross(w)} > ${maxGross}`);
    if (net !== null) assert.ok(Math.abs(sum(w) - net) <= 1e-9, `seed ${seed}: net ${sum(w)} != ${net}`);
  }
  // the cases must exercise both binding constraints, or the property proves little
  assert.ok(grossBinding > 100 && capBinding > 100, `gross binding in ${grossBinding}, caps binding in ${capBinding} of 500 cases`);
});

test("property: the result is the least-squares projection (matches Dykstra's alternating projections, 40 seeds)", () => {
  for (let seed = 1001; seed <= 1040; seed++) {
    const rng = createRng(seed);
    const c = randomCase(rng);
    const y = c.y.slice(0, 8), caps = c.caps.slice(0, 8);
    const capTotal = caps.reduce((s, x) => s + x, 0);
    const net = c.net === null ? null : (2 * rng.next() - 1) * 0.9 * Math.min(c.maxGross, capTotal);
    const w = projectPortfolioWeights(y, caps, { netExposure: net, maxGross: c.maxGross });
    const ref = dykstra(y, caps, net, c.maxGross);
    assertClose(w, ref, 1e-7, `seed ${seed}`);
  }
});

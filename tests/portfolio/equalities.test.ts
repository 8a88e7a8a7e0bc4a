import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EqualityProjector, projectNeutralWeights } from "../../src/portfolio/equalities";
import { PROJECTION_OK, PROJECTION_OK_GROSS_BINDING, projectPortfolioWeights } from "../../src/portfolio/projection";
import { createRng, type Rng } from "../../src/util/rng";

const sum = (w: ArrayLike<number>): number => Array.from(w).reduce((s, x) => s + x, 0);
const gross = (w: ArrayLike<number>): number => Array.from(w).reduce((s, x) => s + Math.abs(x), 0);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ""): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}

interface Problem {
  y: number[];
  caps: number[];
  net: number | null;
  maxGross: number;
  beta: number[] | null;
  groups: (string | null)[] | null;
}

/** The equality rows and values of a problem (net, beta, one per group), over all assets. */
function equalityRows({ y, net, beta, groups }: Problem): { rows: number[][]; values: number[] } {
  const n = y.length;
  const rows: number[][] = [], values: number[] = [];
  if (net !== null) { rows.push(new Array(n).fill(1)); values.push(net); }
  if (beta !== null) { rows.push(beta.slice()); values.push(0); }
  if (groups !== null) {
    for (const g of new Set(groups.filter((x) => x !== null))) { rows.push(groups.map((x) => (x === g ? 1 : 0))); values.push(0); }
  }
  return { rows, values };
}

/** Every constraint of the problem holds at w to `tol`; returns the worst violation. */
function violation(p: Problem, w: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i]) - p.caps[i]);
  worst = Math.max(worst, gross(w) - p.maxGross);
  const { rows, values } = equalityRows(p);
  rows.forEach((row, r) => (worst = Math.max(worst, Math.abs(dot(row, w) - values[r]))));
  return worst;
}

// ---------------------------------------------------------------------------------------------
// Independent reference for small n: enumerate every active pattern (each weight at -cap, at +cap,
// at 0, or free with a sign; the gross limit binding or not), solve the equality-constrained least
// squares of each pattern exactly, and keep the best feasible candidate. The optimum is one of them
// (it solves its own pattern's problem), and it shares no code with the solver.

/** Closest point to v on { u : E u = h } (rows orthonormalised here); null when inconsistent. */
function projectAffine(v: number[], E: number[][], h: number[]): number[] | null {
  const q: number[][] = [], qh: number[] = [];
  for (let r = 0; r < E.length; r++) {
    const row = E[r].slice();
    let hr = h[r];
    const scale = Math.sqrt(dot(row, row));
    for (let pass = 0; pass < 2; pass++) {
      for (let o = 0; o < q.length; o++) {
        const d = dot(q[o], row);
        for (let i = 0; i < row.length; i++) row[i] -= d * q[o][i];
        hr -= d * qh[o];
      }
    }
    const norm = Math.sqrt(dot(row, row));
    if (norm <= 1e-9 * Math.max(scale, 1e-300)) {
      if (Math.abs(hr) > 1e-9) return null;
      continue;
    }
    q.push(row.map((x) => x / norm));
    qh.push(hr / norm);
  }
  const u = v.slice();
  for (let o = 0; o < q.length; o++) {
    const d = dot(q[o], u) - qh[o];
    for (let i = 0; i < u.length; i++) u[i] -= d * q[o][i];
  }
  return u;
}

function bruteForce(p: Problem): number[] | null {
  const n = p.y.length;
  const { rows, values } = equalityRows(p);
  let best: number[] | null = null, bestCost = Infinity;
  // states: 0 = -cap, 1 = +cap, 2 = free (any sign; gross slack) / free positive, 3 = free negative, 4 = zero
  for (const binding of [false, true]) {
    const states = binding ? 5 : 3;
    const total = states ** n;
    for (let code = 0; code < total; code++) {
      const state: number[] = [];
      for (let i = 0, c = code; i < n; i++, c = Math.floor(c / states)) state.push(c % states);
      const w = new Array<number>(n).fill(0);
      const free: number[] = [];
      for (let i = 0; i < n; i++) {
        if (state[i] === 0) w[i] = -p.caps[i];
        else if (state[i] === 1) w[i] = p.caps[i];
        else if (state[i] === 2 || state[i] === 3) free.push(i);
      }
      const E = rows.map((row) => free.map((i) => row[i]));
      const h = rows.map((row, r) => values[r] - dot(row, w));
      if (binding) {
        E.push(free.map((i) => (state[i] === 3 ? -1 : 1)));
        h.push(p.maxGross - gross(w));
      }
      const u = projectAffine(free.map((i) => p.y[i]), E, h);
      if (u === null) continue;
      free.forEach((i, k) => (w[i] = u[k]));
      if (violation(p, w) > 1e-10) continue;
      const cost = w.reduce((s, x, i) => s + (x - p.y[i]) ** 2, 0);
      if (cost < bestCost) { bestCost = cost; best = w; }
    }
  }
  return best;
}

function randomProblem(rng: Rng, n: number): Problem {
  const y = Array.from({ length: n }, () => 0.15 * rng.normal());
  const caps = Array.from({ length: n }, () => (rng.next() < 0.1 ? 0 : 0.02 + 0.3 * rng.next()));
  const maxGross = 0.05 + 1.5 * rng.next();
  const beta = rng.next() < 0.8 ? Array.from({ length: n }, () => (rng.next() < 0.1 ? 1 : 0.8 + 0.6 * rng.normal())) : null;
  const nGroups = rng.int(4);
  const groups = nGroups === 0 && beta !== null ? null : Array.from({ length: n }, () => (rng.next() < 0.2 ? null : `g${rng.int(Math.max(1, nGroups))}`));
  const r = rng.next();
  const net = r < 0.5 ? 0 : r < 0.7 ? null : (rng.next() - 0.5) * 0.4;
  return { y, caps, net, maxGross, beta, groups };
}

const solve = (p: Problem) => projectNeutralWeights(p.y, p.caps, { netExposure: p.net, maxGross: p.maxGross, beta: p.beta, groups: p.groups });

test("projectNeutralWeights() on 300 random small problems: the brute-force optimum to 1e-7, infeasible exactly when it has no candidate", () => {
  const rng = createRng(20261201);
  let feasible = 0, infeasible = 0;
  for (let trial = 0; trial < 300; trial++) {
    const p = randomProblem(rng, 2 + rng.int(4));
    const reference = bruteForce(p);
    let w: Float64Array | null = null;
    try {
      w = solve(p);
    } catch (e) {
      assert.equal(reference, null, `trial ${trial}: solver says infeasible (${String(e)}) but ${JSON.stringify(reference)} is feasible; ${JSON.stringify(p)}`);
      infeasible++;
      continue;
    }
    assert.ok(reference !== null, `trial ${trial}: solver returned ${Array.from(w)} but the brute force found nothing feasible; ${JSON.stringify(p)}`);
    assert.ok(violation(p, w) <= 1e-9, `trial ${trial}: violation ${violation(p, w)}`);
    assertClose(w, reference, 1e-7, `trial ${trial} ${JSON.stringify(p)}`);
    feasible++;
  }
  assert.ok(feasible >= 200 && infeasible >= 5, `feasible ${feasible}, infeasible ${infeasible}`);
});

test("projectNeutralWeights() on 3 assets by hand: the null-space projection, then a cap, then the gross limit", () => {
  // y = (0.3, 0, -0.1), beta = (1, 2, 0), net 0: the feasible line is w = t (-2, 1, 1) (sum 0, sum w beta = 0),
  // and the closest point is t = y.(-2, 1, 1) / 6 = -0.7 / 6: w = (7/30, -7/60, -7/60)
  const y = [0.3, 0, -0.1], beta = [1, 2, 0];
  assertClose(projectNeutralWeights(y, 1, { netExposure: 0, maxGross: 10, beta }), [7 / 30, -7 / 60, -7 / 60], 1e-15, "slack");
  // caps 0.2: w1 = 0.2 at its cap, then w2 = -0.1 (beta) and w3 = -0.1 (net); KKT: y - w = (0.1, 0.1, 0)
  // = lambda_net (1,1,1) + lambda_beta (1,2,0) + mu e1 with lambda = (0, 0.05), mu = 0.05 >= 0
  assertClose(projectNeutralWeights(y, 0.2, { netExposure: 0, maxGross: 10, beta }), [0.2, -0.1, -0.1], 1e-15, "capped");
  // gross 0.4 instead: on the line, gross = 4 |t| <= 0.4, so t = -0.1: the same point
  assertClose(projectNeutralWeights(y, 1, { netExposure: 0, maxGross: 0.4, beta }), [0.2, -0.1, -0.1], 1e-14, "gross");
  // groups {0, 1} and {2} with a free net: w3 = 0, w1 + w2 = 0 and w1 + 2 w2 = 0 force w = 0
  assertClose(projectNeutralWeights(y, 1, { netExposure: null, maxGross: 10, beta, groups: ["a", "a", "b"] }), [0, 0, 0], 1e-15, "groups");
  // a NaN beta is not held; the rest is projected: y = (0.3, 0.1), beta (1, 3), net free:
  // w = y - beta (y.beta) / |beta|^2 = (0.3, 0.1) - (1, 3) 0.6 / 10 = (0.24, -0.08)
  assertClose(projectNeutralWeights([0.3, 0.5, 0.1], 1, { netExposure: null, maxGross: 10, beta: [1, NaN, 3] }), [0.24, 0, -0.08], 1e-15, "NaN beta");
});

test("projectNeutralWeights() on 250 random problems (n up to 80): every constraint holds to 1e-9, and nudging along the feasible set never gets closer", () => {
  const rng = createRng(77);
  let checked = 0;
  for (let trial = 0; trial < 250; trial++) {
    const n = 6 + rng.int(75);
    const p = randomProblem(rng, n);
    if (p.net !== null && p.net !== 0) {
      // a net that some feasible book reaches: scale a feasible point of the other equalities
      const q = { ...p, net: null, maxGross: p.maxGross / 2 };
      const w0 = projectNeutralWeights(Array.from({ length: n }, () => 0.2 * rng.normal()), q.caps.map((c) => c / 2), { netExposure: null, maxGross: q.maxGross, beta: p.beta, groups: p.groups });
      p.net = sum(w0);
    }
    const w = solve(p);
    assert.ok(violation(p, w) <= 1e-9, `trial ${trial}: violation ${violation(p, w)}`);
    // optimality: the middle of w and any other feasible point is feasible (convexity) and no closer to y
    const other = solve({ ...p, y: p.y.map(() => 0.2 * rng.normal()) });
    const cost = (v: ArrayLike<number>) => Array.from(v).reduce((s, x, i) => s + (x - p.y[i]) ** 2, 0);
    for (const a of [1e-3, 0.1, 0.5]) {
      const mid = Array.from(w, (x, i) => (1 - a) * x + a * other[i]);
      assert.ok(cost(mid) >= cost(w) - 1e-12, `trial ${trial}: a feasible point ${a} of the way to another is closer`);
    }
    checked++;
  }
  assert.equal(checked, 250);
});

test("projectNeutralWeights() with only a net target matches projectPortfolioWeights (the fast exact path) to 1e-12", () => {
  const rng = createRng(3);
  for (let trial = 0; trial < 100; trial++) {
    const n = 2 + rng.int(40);
    const y = Array.from({ length: n }, () => 0.1 * rng.normal());
    const caps = Array.from({ length: n }, () => 0.02 + 0.2 * rng.next());
    const maxGross = 0.1 + rng.next();
    const net = rng.next() < 0.5 ? 0 : (rng.next() - 0.5) * Math.min(maxGross, sum(caps));
    assertClose(projectNeutralWeights(y, caps, { netExposure: net, maxGross }), projectPortfolioWeights(y, caps, { netExposure: net, maxGross }), 1e-12, `trial ${trial}`);
  }
});

test("infeasible neutral requests throw naming the constraints", () => {
  const y = [0.3, 0.1, -0.1, 0.05];
  // every asset in a zero-sum group: the groups' sums add up to the net, which must then be 0
  assert.throws(() => projectNeutralWeights(y, 0.1, { netExposure: 0.1, maxGross: 1, groups: ["a", "a", "b", "b"] }), /net exposure 0\.1 and group neutrality \(2 groups summing to 0\) contradict each other/);
  // equal betas: sum w beta = beta * net, so a non-zero net contradicts beta neutrality
  assert.throws(() => projectNeutralWeights(y, 0.1, { netExposure: 0.1, maxGross: 1, beta: [1, 1, 1, 1] }), /net exposure 0\.1 and beta neutrality .* contradict each other/);
  // consistent equalities, but not within 0.1 caps: the lowest book beta with sum w = 0.3 fills the
  // caps cheapest beta first, w = (0.1, 0.1, 0, 0.1), beta 0.1 + 0.05 - 0.1 = 0.05 > 0
  assert.throws(() => projectNeutralWeights(y, 0.1, { netExposure: 0.3, maxGross: 1, beta: [1, 0.5, 1.5, -1] }), /net exposure 0\.3 and beta neutrality .* cannot hold within the position caps and maxGross 1/);
  assert.throws(() => projectNeutralWeights(y, 0.1, { netExposure: 0.5, maxGross: 1, beta: [1, 0.5, 1.5, -1] }), /cannot hold|beyond/);
});

test("EqualityProjector on a real day where Newton stalls at the rounding floor: the pattern's exact solution meets every equality to 1e-12", () => {
  const day = JSON.parse(readFileSync(join(__dirname, "../fixtures/portfolio/stalled-day.json"), "utf8")) as { y: number[]; c: number[]; rows: number[]; rhs: number[]; k: number; maxGross: number };
  const n = day.y.length;
  const out = new Float64Array(n);
  const projector = new EqualityProjector();
  const code = projector.project(Float64Array.from(day.y), Float64Array.from(day.c), n, Float64Array.from(day.rows), Float64Array.from(day.rhs), day.k, day.maxGross, out);
  assert.ok(code === PROJECTION_OK || code === PROJECTION_OK_GROSS_BINDING, `code ${code}`);
  for (let p = 0; p < day.k; p++) {
    const row = day.rows.slice(p * n, (p + 1) * n);
    assert.ok(Math.abs(dot(row, out) - day.rhs[p]) <= 1e-12 * Math.max(1, ...row.map(Math.abs)), `row ${p}: ${dot(row, out) - day.rhs[p]}`);
  }
  for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i]) <= day.c[i]);
  assert.ok(gross(out) <= day.maxGross + 1e-12);
  assert.ok(projector.iterations >= 8, "this day does stall (else the test no longer covers the polish)");
});

test("EqualityProjector line search: a nearly flat piece beside a steep one (a real day of an imported universe) converges in a few evaluations", () => {
  // Newton on the slope leaves the bracket from the flat side, and plain false position then crept
  // towards the root 1e-4 at a time until the 200 iterations ran out; Illinois halving takes it there.
  const y = [1, 0, 1, -1, -1, -1, 1].map((s) => s / 6);
  const beta = [1, 0.11497672366919132, 0.2757861473741194, 0.5629262563658447, 0.5281842190014464, 0.756581251113705, 0.2686425155270723];
  const rows = [...new Array(7).fill(1), ...beta];
  const rhs = [0, -0.030269603519263145];
  const out = new Float64Array(7);
  const projector = new EqualityProjector();
  const code = projector.project(Float64Array.from(y), new Float64Array(7).fill(0.1), 7, Float64Array.from(rows), rhs, 2, 1, out);
  assert.ok(code === PROJECTION_OK || code === PROJECTION_OK_GROSS_BINDING, `code ${code}`);
  for (let p = 0; p < 2; p++) assert.ok(Math.abs(dot(rows.slice(p * 7, p * 7 + 7), out) - rhs[p]) <= 1e-12, `row ${p}`);
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(out[i]) <= 0.1);
  assert.ok(projector.evaluations <= 40, `${projector.evaluations} dual evaluations`);
});

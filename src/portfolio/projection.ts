/**
 * The exact Euclidean projection of a target weight vector onto the portfolio constraints
 *
 *     C = { w : |w_i| <= c_i for every i,  sum_i w_i = s (net target),  sum_i |w_i| <= G (gross limit) }
 *
 * i.e. the feasible weights closest to the target in the least-squares sense. C is convex (a box,
 * a hyperplane and an L1 ball), so the projection is unique and the KKT conditions characterise it.
 *
 * Method. With a multiplier mu for the net equation and nu >= 0 for the gross limit, each weight
 * minimises 0.5 (w - y_i)^2 + mu w + nu |w| over [-c_i, c_i], whose solution is
 *
 *     w_i = clip(softThreshold(y_i - mu, nu), -c_i, c_i).
 *
 * 1. Try nu = 0: w_i = clip(y_i - mu, -c_i, c_i), and find mu with sum_i w_i = s. The sum is a
 *    continuous, non-increasing, piecewise-linear function of mu, solved exactly (see below).
 *    If the resulting gross is <= G, this is the projection (the gross limit is slack).
 * 2. Otherwise the gross limit binds (nu > 0). Write a = mu + nu (the long threshold) and
 *    b = mu - nu (the short threshold): longs are w_i = min(c_i, (y_i - a)^+), shorts are
 *    w_i = -min(c_i, (b - y_i)^+). The long book depends on a alone and the short book on b alone,
 *    and sum w = s with sum |w| = G means long book = (G + s) / 2 and short book = (G - s) / 2:
 *    two independent one-dimensional equations of the same kind. Their roots satisfy a > mu_1 > b
 *    (mu_1 from step 1), so nu = (a - b) / 2 > 0 and no asset is both long and short.
 *    Without a net target (s free), step 2 is one equation in nu on |y|.
 *
 * Each one-dimensional equation h(t) = sum_i clip(z_i - t, lo_i, c_i) = target is solved by a
 * bracketed Newton iteration (the slope of h is minus the number of unclipped terms, so inside
 * the final linear piece one Newton step lands on the root); when Newton leaves the bracket it takes
 * the secant through the bracket's ends instead, and when the bracket stops halving, a bisection.
 * It stops when |h(t) - target| <= 1e-12, after about 4 passes over the assets. The result
 * satisfies every cap exactly (by clipping) and the net and gross conditions to about 1e-12.
 *
 * Speed (the constructor runs this for every day): yesterday's thresholds start today's Newton
 * iterations, and when the gross limit bound yesterday, step 2 is tried first: if its thresholds
 * satisfy a >= b they already meet the KKT conditions (nu = (a - b) / 2 >= 0), so step 1 is skipped.
 * The inner loops use selects, not branches, since which piece each term falls in is unpredictable.
 * A book's h(t) = sum min(c_i, (z_i - t)^+) gets +0 from every term with z_i <= t, and adding +0
 * changes no bit of a sum of non-negative terms; so after the first pass the books' solves sum
 * over lists of the terms above a floor below the iterates (a few dozen of hundreds of assets in
 * the study), each accumulator over its own terms in the same order, and land on the same
 * thresholds to the bit. With `ProjectionLists` the first pass of both books is the stats pass, and
 * only the listed weights are written.
 *
 * Feasibility: C is empty when |s| > G or |s| > sum_i c_i; those requests raise an error.
 */

/** Absolute tolerance (fractions of NAV) on the net and gross equations. */
export const PROJECTION_TOLERANCE = 1e-12;

/** Outcome codes of `projectInto`. */
export const PROJECTION_OK = 0;
export const PROJECTION_OK_GROSS_BINDING = 1;
export const PROJECTION_NET_BEYOND_GROSS = 2;
export const PROJECTION_NET_BEYOND_CAPS = 3;

/**
 * Solve h(t) = sum_{i<n} clip(z_i - t, lo_i, c_i) = target for t, where lo_i = 0 when `lowerZero`
 * and -c_i otherwise. h is non-increasing; the caller passes a bracket with h(lo) >= target >= h(hi)
 * and a starting point (yesterday's threshold is a good one). Returns t with |h(t) - target| <=
 * `tolerance` (or t's bracket down to adjacent floats).
 */
export function solveThreshold(
  z: Float64Array,
  c: Float64Array,
  n: number,
  lowerZero: boolean,
  target: number,
  lo: number,
  hi: number,
  hLo: number,
  hHi: number,
  start: number,
  tolerance: number = PROJECTION_TOLERANCE,
  lists: ThresholdLists | null = null,
): number {
  let fLo = hLo - target, fHi = hHi - target; // >= 0 and <= 0
  let t = start >= lo && start <= hi ? start : lo + 0.5 * (hi - lo);
  let widthTwoStepsAgo = Infinity;
  let widthOneStepAgo = hi - lo;
  const listed = lowerZero && lists !== null;
  // projectInto may have evaluated h at this very start already (ThresholdLists.prime)
  let primed = listed && lists.primedAt === t;
  if (listed) {
    if (!primed) lists.reset(n);
    lists.primedAt = NaN;
  }
  for (let iter = 0; iter < 300; iter++) {
    // h(t) and its slope -m (m = terms strictly inside their linear piece), written for speed:
    // selects instead of if/else chains (which piece a term falls in is data-dependent, so branches
    // mispredict), and two accumulators (one chain of adds would wait on each add's latency).
    // Readable form: if (x >= c) h += c; else if (x <= lower) h += lower; else { h += x; m++; }
    let h0 = 0, h1 = 0, m = 0, i = 0;
    let full = false;
    if (primed) {
      h0 = lists!.h0;
      h1 = lists!.h1;
      m = lists!.m;
      primed = false;
    } else if (listed && t >= lists.floor) {
      // the same sums over the listed terms only: h0 adds the even i in order and h1 the odd i, as
      // below, and every term left out is z_i <= t, which adds +0 (exact: h0 and h1 stay >= +0)
      const even = lists.even, odd = lists.odd, evenCount = lists.evenCount, oddCount = lists.oddCount;
      const both = evenCount < oddCount ? evenCount : oddCount;
      // drop the terms at or below lo as they are read: every later t is above lo
      let keptEven = 0, keptOdd = 0, k = 0;
      for (; k < both; k++) {
        const i0 = even[k], i1 = odd[k];
        const z0 = z[i0], z1 = z[i1];
        let x0 = z0 - t, x1 = z1 - t;
        const c0 = c[i0], c1 = c[i1];
        m += (+(x0 > 0) & +(x0 < c0)) + (+(x1 > 0) & +(x1 < c1));
        x0 = x0 > 0 ? x0 : 0;
        x0 = x0 < c0 ? x0 : c0;
        x1 = x1 > 0 ? x1 : 0;
        x1 = x1 < c1 ? x1 : c1;
        h0 += x0;
        h1 += x1;
        even[keptEven] = i0;
        keptEven += +(z0 > lo);
        odd[keptOdd] = i1;
        keptOdd += +(z1 > lo);
      }
      for (let e = k; e < evenCount; e++) {
        const i0 = even[e], z0 = z[i0], c0 = c[i0];
        let x0 = z0 - t;
        m += +(x0 > 0) & +(x0 < c0);
        x0 = x0 > 0 ? x0 : 0;
        h0 += x0 < c0 ? x0 : c0;
        even[keptEven] = i0;
        keptEven += +(z0 > lo);
      }
      for (let o = k; o < oddCount; o++) {
        const i1 = odd[o], z1 = z[i1], c1 = c[i1];
        let x1 = z1 - t;
        m += +(x1 > 0) & +(x1 < c1);
        x1 = x1 > 0 ? x1 : 0;
        h1 += x1 < c1 ? x1 : c1;
        odd[keptOdd] = i1;
        keptOdd += +(z1 > lo);
      }
      lists.evenCount = keptEven;
      lists.oddCount = keptOdd;
      if (lo > lists.floor) lists.floor = lo;
    } else if (lowerZero) {
      full = true;
      for (; i + 1 < n; i += 2) {
        let x0 = z[i] - t, x1 = z[i + 1] - t;
        const c0 = c[i], c1 = c[i + 1];
        m += (+(x0 > 0) & +(x0 < c0)) + (+(x1 > 0) & +(x1 < c1));
        x0 = x0 > 0 ? x0 : 0;
        x0 = x0 < c0 ? x0 : c0;
        x1 = x1 > 0 ? x1 : 0;
        x1 = x1 < c1 ? x1 : c1;
        h0 += x0;
        h1 += x1;
      }
      if (i < n) {
        const x = z[i] - t, ci = c[i];
        m += +(x > 0) & +(x < ci);
        h0 += x > ci ? ci : x > 0 ? x : 0;
      }
    } else {
      for (; i + 1 < n; i += 2) {
        let x0 = z[i] - t, x1 = z[i + 1] - t;
        const c0 = c[i], c1 = c[i + 1];
        m += (+(x0 > -c0) & +(x0 < c0)) + (+(x1 > -c1) & +(x1 < c1));
        x0 = x0 > -c0 ? x0 : -c0;
        x0 = x0 < c0 ? x0 : c0;
        x1 = x1 > -c1 ? x1 : -c1;
        x1 = x1 < c1 ? x1 : c1;
        h0 += x0;
        h1 += x1;
      }
      if (i < n) {
        const x = z[i] - t, ci = c[i];
        m += +(x > -ci) & +(x < ci);
        h0 += x > ci ? ci : x > -ci ? x : -ci;
      }
    }
    const f = h0 + h1 - target;
    if (f <= tolerance && f >= -tolerance) return t;
    if (f > 0) {
      lo = t;
      fLo = f;
    } else {
      hi = t;
      fHi = f;
    }
    if (listed && full) {
      // after a pass over all n, list the terms above a floor the next iterates should stay above:
      // the bracket's low end when t was too low, else twice the Newton step below t (an iterate
      // below the floor just takes a pass over all n again)
      const below = f < 0 && m > 0 ? t + (2 * f) / m : lo;
      lists.list(z, n, below > lo ? below : lo);
    }
    const width = hi - lo;
    // Newton: h(t + d) = h - m d = target  =>  d = f / m; exact once t is in the root's linear piece.
    // When Newton leaves the bracket, the secant through the bracket's ends (false position);
    // when neither halves the bracket in two steps, bisection.
    let next = m > 0 ? t + f / m : NaN;
    if (!(next > lo && next < hi)) next = lo + (width * fLo) / (fLo - fHi);
    const stalled = width > 0.5 * widthTwoStepsAgo;
    if (!(next > lo && next < hi) || stalled) {
      next = lo + 0.5 * width;
      widthTwoStepsAgo = Infinity; // a bisection resets the progress check
    } else {
      widthTwoStepsAgo = widthOneStepAgo;
    }
    widthOneStepAgo = width;
    if (next === t || !(width > 0)) return t; // bracket down to adjacent floats
    t = next;
  }
  return t;
}

/**
 * `solveThreshold`'s scratch for lower-zero solves: the indices i (split by parity, each in
 * increasing order) of every term with z_i > `floor`, the only ones that can be non-zero for t >=
 * floor. Later iterations sum over these instead of all n (about 40 of 500 assets per book in
 * the study's setting).
 */
export class ThresholdLists {
  even = new Int32Array(0);
  odd = new Int32Array(0);
  evenCount = 0;
  oddCount = 0;
  /** Every i < n with z_i > floor is listed; NaN: nothing is (compares false with every t). */
  floor = NaN;
  /** The t at which h0, h1 and m were evaluated over all n (ProjectionLists' primed books), else NaN. */
  primedAt = NaN;
  h0 = 0;
  h1 = 0;
  m = 0;
  /** How far below yesterday's threshold a primed list reaches: twice the recent day-to-day moves. */
  margin = 0;

  reset(n: number): void {
    this.ensure(n);
    this.floor = NaN;
  }

  ensure(n: number): void {
    const half = (n + 1) >> 1;
    if (this.even.length < half) {
      this.even = new Int32Array(half);
      this.odd = new Int32Array(half);
    }
  }

  /** Widen the margin to twice today's move from yesterday's threshold, or let it shrink by half. */
  adapt(root: number, start: number): void {
    const move = 2 * Math.abs(root - start);
    const half = 0.5 * this.margin;
    if (move === move) this.margin = move > half ? move : half;
  }

  /** List the terms z_i > floor. */
  list(z: Float64Array, n: number, floor: number): void {
    const { even, odd } = this;
    let e = 0, o = 0, i = 0;
    for (; i + 1 < n; i += 2) {
      even[e] = i;
      e += +(z[i] > floor);
      odd[o] = i + 1;
      o += +(z[i + 1] > floor);
    }
    if (i < n) {
      even[e] = i;
      e += +(z[i] > floor);
    }
    this.evenCount = e;
    this.oddCount = o;
    this.floor = floor;
  }
}

/**
 * `projectInto`'s scratch lists for the long and the short book's solves (see ThresholdLists).
 * After a call, `sparse` true means that only the listed entries of `out` were written (every
 * other weight is +0): longs are all in `long`'s lists and shorts in `short`'s.
 */
export class ProjectionLists {
  readonly long = new ThresholdLists();
  readonly short = new ThresholdLists();
  sparse = false;
  /**
   * Set by the caller before a call when it knows them: sum_i c_i (summed in index order) and
   * max(0, max_i c_i) of this call's caps (e.g. the same caps every day); NaN: projectInto sums them.
   */
  capsSum = NaN;
  capsMax = NaN;
}

/**
 * Warm-start state for `projectInto` across consecutive days: [mu, a, b, grossBound]. Start with
 * `newProjectionState()`; the solution does not depend on it, only the number of iterations does.
 */
export function newProjectionState(): Float64Array {
  return new Float64Array([NaN, NaN, NaN, 0]);
}

/**
 * Project y[0..n) onto C (caps c[0..n), net target `net` or NaN for a free net, gross limit
 * `maxGross`), writing the result to out[0..n). `scratch` needs length >= n. Returns one of the
 * PROJECTION_* codes; on an infeasible code `out` is left untouched. Allocation-free: this is the
 * constructor's hot path. `state` (optional, see `newProjectionState`) carries yesterday's
 * thresholds as starting points and is updated; `lists` (optional) lets the books' solves visit
 * only the assets that can still be in the book (same result either way).
 */
export function projectInto(
  y: Float64Array,
  c: Float64Array,
  n: number,
  net: number,
  maxGross: number,
  out: Float64Array,
  scratch: Float64Array,
  state: Float64Array = newProjectionState(),
  lists: ProjectionLists | null = null,
): number {
  const longLists = lists === null ? null : lists.long, shortLists = lists === null ? null : lists.short;
  if (lists !== null) {
    lists.sparse = false;
    longLists!.floor = shortLists!.floor = longLists!.primedAt = shortLists!.primedAt = NaN; // yesterday's lists are of yesterday's y
  }
  if (n === 0) return net === net && Math.abs(net) > PROJECTION_TOLERANCE ? PROJECTION_NET_BEYOND_CAPS : PROJECTION_OK;
  const hasNet = net === net;
  let sumCaps = 0, yMin = Infinity, yMax = -Infinity, sumY = 0, cMax = 0;
  if (lists !== null && hasNet && state[3] === 1 && state[1] === state[1] && state[2] === state[2]) {
    // the gross limit bound yesterday, so both books' solves will most likely start from
    // yesterday's thresholds: their first evaluations and lists come from this pass too
    const stats = primeBooks(y, c, n, scratch, state[1], -state[2], longLists!, shortLists!);
    yMin = stats[0];
    yMax = stats[1];
    sumY = NaN; // only a start of step 1 without yesterday's mu needs it: summed there
    sumCaps = lists!.capsSum;
    cMax = lists!.capsMax;
    if (sumCaps !== sumCaps || cMax !== cMax) {
      sumCaps = 0;
      cMax = 0;
      for (let i = 0; i < n; i++) {
        sumCaps += c[i];
        cMax = Math.max(cMax, c[i]);
      }
    }
  } else {
    // scratch = -y for the short book's solve (both paths below), written in this pass over y
    for (let i = 0; i < n; i++) {
      const v = y[i];
      scratch[i] = -v;
      sumCaps += c[i];
      sumY += v;
      yMin = Math.min(yMin, v);
      yMax = Math.max(yMax, v);
      cMax = Math.max(cMax, c[i]);
    }
  }
  if (hasNet) {
    if (Math.abs(net) > maxGross + PROJECTION_TOLERANCE) return PROJECTION_NET_BEYOND_GROSS;
    if (Math.abs(net) > sumCaps + PROJECTION_TOLERANCE) return PROJECTION_NET_BEYOND_CAPS;
  }
  if (!hasNet) return projectFreeNet(y, c, n, maxGross, out, scratch);

  const longTarget = 0.5 * (maxGross + net);
  const shortTarget = 0.5 * (maxGross - net);
  // Yesterday the gross limit bound: try that first. Solve both books at the limit; if the long
  // threshold a is >= the short threshold b, nu = (a - b) / 2 >= 0 and the KKT conditions hold, so
  // this is the projection. Otherwise the limit is slack today: fall through to step 1.
  if (state[3] === 1 && longTarget < sumCaps && shortTarget < sumCaps) {
    const a = solveThreshold(y, c, n, true, longTarget, yMin - cMax, yMax, sumCaps, 0, state[1], PROJECTION_TOLERANCE, longLists);
    const b = -solveThreshold(scratch, c, n, true, shortTarget, -yMax - cMax, -yMin, sumCaps, 0, -state[2], PROJECTION_TOLERANCE, shortLists);
    if (a >= b) {
      writeBooksOf(y, c, n, a, b, out, lists, state);
      state[0] = 0.5 * (a + b);
      state[1] = a;
      state[2] = b;
      return PROJECTION_OK_GROSS_BINDING;
    }
  }

  // Step 1: nu = 0; start from yesterday's mu, else the unclipped solution mean(y) - s / n.
  if (state[0] !== state[0] && sumY !== sumY) {
    sumY = 0;
    for (let i = 0; i < n; i++) sumY += y[i];
  }
  const mu = solveThreshold(y, c, n, false, net, yMin - cMax, yMax + cMax, sumCaps, -sumCaps, state[0] === state[0] ? state[0] : (sumY - net) / n);
  let gross = 0, longBook = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.min(Math.max(y[i] - mu, -c[i]), c[i]);
    out[i] = w;
    gross += Math.abs(w);
    longBook += Math.max(w, 0);
  }
  state[0] = mu;
  if (gross <= maxGross + PROJECTION_TOLERANCE) {
    state[1] = mu;
    state[2] = mu;
    state[3] = 0;
    return PROJECTION_OK;
  }

  // Step 2: the gross limit binds; a > mu > b.
  // long book L(a) = sum min(c_i, (y_i - a)^+), decreasing in a, L(mu) = longBook > longTarget
  const a = longBook > longTarget ? solveThreshold(y, c, n, true, longTarget, mu, yMax, longBook, 0, state[1], PROJECTION_TOLERANCE, longLists) : mu;
  // short book S(b) = sum min(c_i, (b - y_i)^+) = sum clip(-y_i - (-b), 0, c_i); S(mu) > shortTarget
  const shortBook = gross - longBook;
  const b = shortBook > shortTarget ? -solveThreshold(scratch, c, n, true, shortTarget, -mu, -yMin, shortBook, 0, -state[2], PROJECTION_TOLERANCE, shortLists) : mu;
  writeBooksOf(y, c, n, a, b, out, lists, state);
  state[1] = a;
  state[2] = b;
  state[3] = 1;
  return PROJECTION_OK_GROSS_BINDING;
}

const primedStats = new Float64Array(2);

/**
 * projectInto's pass over y when the books' solves will start at yesterday's thresholds ta (long)
 * and tb (short, on -y): scratch = -y, [yMin, yMax] (min and max, so in any order: two running
 * pairs), and for each book h0, h1 and m at its start, exactly as solveThreshold's pass over all n
 * sums them, and its lists above start - margin.
 */
function primeBooks(y: Float64Array, c: Float64Array, n: number, scratch: Float64Array, ta: number, tb: number, longLists: ThresholdLists, shortLists: ThresholdLists): Float64Array {
  longLists.ensure(n);
  shortLists.ensure(n);
  const floorA = ta - longLists.margin, floorB = tb - shortLists.margin;
  const aEven = longLists.even, aOdd = longLists.odd, bEven = shortLists.even, bOdd = shortLists.odd;
  let yMin0 = Infinity, yMax0 = -Infinity, yMin1 = Infinity, yMax1 = -Infinity;
  let a0 = 0, a1 = 0, ma = 0, b0 = 0, b1 = 0, mb = 0, ae = 0, ao = 0, be = 0, bo = 0, i = 0;
  for (; i + 1 < n; i += 2) {
    const v0 = y[i], v1 = y[i + 1], c0 = c[i], c1 = c[i + 1];
    const u0 = -v0, u1 = -v1;
    scratch[i] = u0;
    scratch[i + 1] = u1;
    yMin0 = Math.min(yMin0, v0);
    yMin1 = Math.min(yMin1, v1);
    yMax0 = Math.max(yMax0, v0);
    yMax1 = Math.max(yMax1, v1);
    let x0 = v0 - ta, x1 = v1 - ta;
    ma += (+(x0 > 0) & +(x0 < c0)) + (+(x1 > 0) & +(x1 < c1));
    x0 = x0 > 0 ? x0 : 0;
    x0 = x0 < c0 ? x0 : c0;
    x1 = x1 > 0 ? x1 : 0;
    x1 = x1 < c1 ? x1 : c1;
    a0 += x0;
    a1 += x1;
    aEven[ae] = i;
    ae += +(v0 > floorA);
    aOdd[ao] = i + 1;
    ao += +(v1 > floorA);
    let s0 = u0 - tb, s1 = u1 - tb;
    mb += (+(s0 > 0) & +(s0 < c0)) + (+(s1 > 0) & +(s1 < c1));
    s0 = s0 > 0 ? s0 : 0;
    s0 = s0 < c0 ? s0 : c0;
    s1 = s1 > 0 ? s1 : 0;
    s1 = s1 < c1 ? s1 : c1;
    b0 += s0;
    b1 += s1;
    bEven[be] = i;
    be += +(u0 > floorB);
    bOdd[bo] = i + 1;
    bo += +(u1 > floorB);
  }
  if (i < n) {
    const v = y[i], ci = c[i], u = -v;
    scratch[i] = u;
    yMin0 = Math.min(yMin0, v);
    yMax0 = Math.max(yMax0, v);
    const x = v - ta;
    ma += +(x > 0) & +(x < ci);
    a0 += x > ci ? ci : x > 0 ? x : 0;
    aEven[ae] = i;
    ae += +(v > floorA);
    const s = u - tb;
    mb += +(s > 0) & +(s < ci);
    b0 += s > ci ? ci : s > 0 ? s : 0;
    bEven[be] = i;
    be += +(u > floorB);
  }
  longLists.evenCount = ae;
  longLists.oddCount = ao;
  longLists.floor = floorA;
  longLists.primedAt = ta;
  longLists.h0 = a0;
  longLists.h1 = a1;
  longLists.m = ma;
  shortLists.evenCount = be;
  shortLists.oddCount = bo;
  shortLists.floor = floorB;
  shortLists.primedAt = tb;
  shortLists.h0 = b0;
  shortLists.h1 = b1;
  shortLists.m = mb;
  const stats = primedStats;
  stats[0] = Math.min(yMin0, yMin1);
  stats[1] = Math.max(yMax0, yMax1);
  return stats;
}

/**
 * writeBooks, over the listed entries only when the lists hold every asset of both books (then
 * `lists.sparse`); also lets the lists' margins follow the thresholds' moves from `state` (yesterday's).
 */
function writeBooksOf(y: Float64Array, c: Float64Array, n: number, a: number, b: number, out: Float64Array, lists: ProjectionLists | null, state: Float64Array): void {
  if (lists === null) {
    writeBooks(y, c, n, a, b, out);
    return;
  }
  const { long, short } = lists;
  long.adapt(a, state[1]);
  short.adapt(-b, -state[2]);
  // a long needs y > a >= long.floor, a short -y > -b >= short.floor: both listed
  if (a >= long.floor && -b >= short.floor) {
    writeListedBooks(y, c, a, b, out, long.even, long.evenCount);
    writeListedBooks(y, c, a, b, out, long.odd, long.oddCount);
    writeListedBooks(y, c, a, b, out, short.even, short.evenCount);
    writeListedBooks(y, c, a, b, out, short.odd, short.oddCount);
    lists.sparse = true;
  } else {
    writeBooks(y, c, n, a, b, out);
  }
}

/** writeBooks' formula at the entries index[0..count). */
function writeListedBooks(y: Float64Array, c: Float64Array, a: number, b: number, out: Float64Array, index: Int32Array, count: number): void {
  for (let k = 0; k < count; k++) {
    const i = index[k];
    const v = y[i];
    const ci = c[i];
    let long = v - a, short = b - v;
    long = long > 0 ? long : 0;
    long = long < ci ? long : ci;
    short = short > 0 ? short : 0;
    short = short < ci ? short : ci;
    out[i] = long - short;
  }
}

/** Longs min(c, (y - a)^+) and shorts -min(c, (b - y)^+), a >= b (at most one is non-zero). */
function writeBooks(y: Float64Array, c: Float64Array, n: number, a: number, b: number, out: Float64Array): void {
  // Readable form: out_i = min(max(y_i - a, 0), c_i) - min(max(b - y_i, 0), c_i). Selects give the
  // same bits as Math.min / Math.max here (no NaN; max(x, 0) is +0 or positive, so min's -0 rule
  // never differs) and cost less than their NaN and signed-zero handling.
  for (let i = 0; i < n; i++) {
    const v = y[i];
    const ci = c[i];
    let long = v - a, short = b - v;
    long = long > 0 ? long : 0;
    long = long < ci ? long : ci;
    short = short > 0 ? short : 0;
    short = short < ci ? short : ci;
    out[i] = long - short;
  }
}

/** The projection without a net target: clip to the caps, then soft-threshold |y| if the gross exceeds the limit. */
function projectFreeNet(y: Float64Array, c: Float64Array, n: number, maxGross: number, out: Float64Array, scratch: Float64Array): number {
  return projectCapsGross(y, c, n, maxGross, out, scratch) === 0 ? PROJECTION_OK : PROJECTION_OK_GROSS_BINDING;
}

/**
 * Euclidean projection onto the caps and the gross limit alone, {|w_i| <= c_i, sum |w_i| <= maxGross}:
 * clip to the caps, and when that breaks the gross limit soft-threshold |y| by the nu that makes
 * sum_i min(c_i, (|y_i| - nu)^+) = maxGross (to `tolerance`, as `solveThreshold`). `scratch` (length
 * >= n) receives |y|. Shared by the net-free projection here and the equality projector.
 * @returns nu, 0 when the gross limit is slack
 */
export function projectCapsGross(y: Float64Array, c: Float64Array, n: number, maxGross: number, out: Float64Array, scratch: Float64Array, tolerance?: number): number {
  let gross = 0, zMax = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.min(Math.max(y[i], -c[i]), c[i]);
    out[i] = w;
    gross += Math.abs(w);
    const a = Math.abs(y[i]);
    scratch[i] = a;
    zMax = Math.max(zMax, a);
  }
  if (gross <= maxGross + PROJECTION_TOLERANCE) return 0;
  // |w_i| = min(c_i, (|y_i| - nu)^+), sum = G
  const nu = solveThreshold(scratch, c, n, true, maxGross, 0, zMax, gross, 0, 0, tolerance);
  for (let i = 0; i < n; i++) {
    const mag = Math.min(Math.max(scratch[i] - nu, 0), c[i]);
    out[i] = y[i] < 0 ? -mag : mag;
  }
  return nu;
}

/** Options of `projectPortfolioWeights`. */
export interface ProjectionOptions {
  /** Net exposure sum w to hold exactly; null leaves the net free (the study's value: PortfolioConfigSchema). */
  netExposure: number | null;
  /** Gross exposure limit sum |w| (the study's value: PortfolioConfigSchema). */
  maxGross: number;
}

/**
 * The feasible weights closest (least squares) to `target`: every |w_i| <= caps_i, sum w = netExposure
 * and sum |w| <= maxGross, all at once (method in this file's header). NaN targets are not held (0).
 * @param caps one cap per asset, or one number for all
 * @throws when the request is infeasible (|netExposure| > maxGross, or beyond the sum of the caps)
 * @example projectPortfolioWeights([0.3, 0.1, -0.1], 0.2, { netExposure: 0, maxGross: 1 }) // => [0.2, 0, -0.2]
 */
export function projectPortfolioWeights(
  target: ArrayLike<number>,
  caps: ArrayLike<number> | number,
  { netExposure, maxGross }: ProjectionOptions,
): Float64Array {
  const n = target.length;
  if (typeof caps !== "number" && caps.length !== n) {
    throw new Error(`projectPortfolioWeights: caps has ${caps.length} values for ${n} targets`);
  }
  if (!(maxGross >= 0)) throw new Error(`projectPortfolioWeights: maxGross must be >= 0 (got ${maxGross})`);
  // NaN targets are not held: project the others, leave these at 0
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (target[i] === target[i]) idx.push(i);
  const m = idx.length;
  const y = new Float64Array(m), c = new Float64Array(m), w = new Float64Array(m), scratch = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = idx[k];
    y[k] = target[i];
    const ci = typeof caps === "number" ? caps : caps[i];
    if (!(ci >= 0)) throw new Error(`projectPortfolioWeights: caps[${i}] must be >= 0 (got ${ci})`);
    c[k] = ci;
  }
  const net = netExposure === null ? NaN : netExposure;
  const code = projectInto(y, c, m, net, maxGross, w, scratch);
  if (code === PROJECTION_NET_BEYOND_GROSS) {
    throw new Error(`projectPortfolioWeights: netExposure ${net} is beyond the gross limit ${maxGross}; no weights satisfy both`);
  }
  if (code === PROJECTION_NET_BEYOND_CAPS) {
    let sum = 0;
    for (let k = 0; k < m; k++) sum += c[k];
    throw new Error(`projectPortfolioWeights: netExposure ${net} is beyond what the caps allow (sum of caps ${sum} over ${m} assets)`);
  }
  const out = new Float64Array(n);
  for (let k = 0; k < m; k++) out[idx[k]] = w[k];
  return out;
}

/**
 * Seeded k-means (Lloyd's algorithm from greedy k-means++ seeding, as scikit-learn's KMeans),
 * used to place the initial state means of the HMM. Rows are complete (no NaN), row-major T x d.
 */
import type { Rng } from "../util/rng";

export interface KMeansResult {
  /** K x d cluster centres, row-major. */
  readonly centers: Float64Array;
  /** Sum of squared distances of rows to their centre. */
  readonly inertia: number;
  readonly nIter: number;
}

/**
 * Best of `nInit` k-means runs (lowest inertia), each seeded by greedy k-means++ (2 + ln K
 * candidates per centre, Arthur & Vassilvitskii 2007; scikit-learn's default) and iterated until
 * no row changes cluster or `maxIter` is reached. An emptied cluster takes the row farthest
 * from its centre.
 */
export function kMeans(X: ArrayLike<number>, T: number, d: number, K: number, rng: Rng, { nInit = 1, maxIter = 300 } = {}): KMeansResult {
  if (K < 1 || T < K) throw new Error(`kMeans needs at least K = ${K} rows, got ${T}`);
  let best: KMeansResult | null = null;
  for (let r = 0; r < nInit; r++) {
    const res = lloyd(X, T, d, K, seedPlusPlus(X, T, d, K, rng), maxIter);
    if (best === null || res.inertia < best.inertia) best = res;
  }
  return best!;
}

function dist2(X: ArrayLike<number>, t: number, c: Float64Array, k: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const e = X[t * d + f] - c[k * d + f];
    s += e * e;
  }
  return s;
}

function seedPlusPlus(X: ArrayLike<number>, T: number, d: number, K: number, rng: Rng): Float64Array {
  const centers = new Float64Array(K * d);
  const closest = new Float64Array(T);
  const candDist = new Float64Array(T);
  const bestDist = new Float64Array(T);
  const nTrials = 2 + Math.floor(Math.log(K));
  const first = rng.int(T);
  for (let f = 0; f < d; f++) centers[f] = X[first * d + f];
  let pot = 0;
  for (let t = 0; t < T; t++) pot += closest[t] = dist2(X, t, centers, 0, d);
  for (let k = 1; k < K; k++) {
    let bestPot = Infinity;
    let bestRow = 0;
    for (let trial = 0; trial < nTrials; trial++) {
      // sample a row with probability proportional to its squared distance to the nearest centre
      let target = rng.next() * pot;
      let cand = T - 1;
      for (let t = 0; t < T; t++) {
        target -= closest[t];
        if (target < 0) {
          cand = t;
          break;
        }
      }
      let candPot = 0;
      for (let t = 0; t < T; t++) {
        let s = 0;
        for (let f = 0; f < d; f++) {
          const e = X[t * d + f] - X[cand * d + f];
          s += e * e;
        }
        const m = Math.min(closest[t], s);
        candDist[t] = m;
        candPot += m;
      }
      if (candPot < bestPot) {
        bestPot = candPot;
        bestRow = cand;
        bestDist.set(candDist);
      }
    }
    for (let f = 0; f < d; f++) centers[k * d + f] = X[bestRow * d + f];
    closest.set(bestDist);
    pot = bestPot;
  }
  return centers;
}

function lloyd(X: ArrayLike<number>, T: number, d: number, K: number, centers: Float64Array, maxIter: number): KMeansResult {
  const assign = new Int32Array(T).fill(-1);
  const dist = new Float64Array(T);
  const sums = new Float64Array(K * d);
  const counts = new Float64Array(K);
  let nIter = 0;
  let inertia = 0;
  for (let it = 0; it < maxIter; it++) {
    nIter = it + 1;
    let changed = 0;
    inertia = 0;
    for (let t = 0; t < T; t++) {
      let bk = 0;
      let bd = Infinity;
      for (let k = 0; k < K; k++) {
        const s = dist2(X, t, centers, k, d);
        if (s < bd) {
          bd = s;
          bk = k;
        }
      }
      if (assign[t] !== bk) changed++;
      assign[t] = bk;
      dist[t] = bd;
      inertia += bd;
    }
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let t = 0; t < T; t++) {
      const k = assign[t];
      counts[k]++;
      for (let f = 0; f < d; f++) sums[k * d + f] += X[t * d + f];
    }
    for (let k = 0; k < K; k++) {
      if (counts[k] === 0) {
        // empty cluster: move it to the row farthest from its own centre
        let far = 0;
        for (let t = 1; t < T; t++) if (dist[t] > dist[far]) far = t;
        for (let f = 0; f < d; f++) centers[k * d + f] = X[far * d + f];
        dist[far] = 0;
        continue;
      }
      for (let f = 0; f < d; f++) centers[k * d + f] = sums[k * d + f] / counts[k];
    }
  }
  return { centers, inertia, nIter };
}

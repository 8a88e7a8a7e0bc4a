/**
 * Synthetic inputs in the shapes the walk-forward takes from the other stages: a feature panel
 * (FeaturePanel shape), an h-day forward-return target and filtered regime probabilities (T x K).
 * Feature 0 predicts the target with slope +beta in regime 0 and -beta in regime 1, so the
 * regime-aware model has something to find that the overall model cannot.
 */
import { createRng } from "../../src/util/rng";
import type { AlphaFeaturePanel } from "../../src/models";

export interface SyntheticStudy {
  readonly panel: AlphaFeaturePanel;
  readonly target: Float64Array;
  readonly probs: Float64Array;
  readonly regime: Int32Array;
  readonly N: number;
  readonly T: number;
  readonly K: number;
}

export function syntheticStudy({ N = 8, T = 600, F = 4, horizonDays = 5, beta = 0.5, seed = 1, warmupDays = 20 } = {}): SyntheticStudy {
  const rng = createRng(seed);
  const K = 2;
  const regime = new Int32Array(T);
  for (let t = 0; t < T; t++) regime[t] = Math.floor(t / 75) % 2;
  const values = Array.from({ length: F }, () => new Float64Array(N * T));
  const target = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++) values[f][j * T + t] = t < warmupDays ? NaN : rng.normal();
      const x0 = values[0][j * T + t];
      const slope = regime[t] === 0 ? beta : -beta;
      // The label of the last horizonDays days is not known yet: NaN, as forwardReturns marks it.
      target[j * T + t] = t >= T - horizonDays || t < warmupDays ? NaN : slope * x0 + rng.normal();
    }
  }
  const probs = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) probs[t * K + k] = t < 30 ? NaN : k === regime[t] ? 0.9 : 0.1;
  }
  const panel: AlphaFeaturePanel = {
    dates: Int32Array.from({ length: T }, (_, t) => 18000 + t),
    tickers: Array.from({ length: N }, (_, j) => `T${j}`),
    names: Array.from({ length: F }, (_, f) => `f${f}`),
    values,
  };
  return { panel, target, probs, regime, N, T, K };
}

/** Horizon of the walk-forward tests' target, in days. */
export const TEST_HORIZON_DAYS = 5;

/** Small, fast walk-forward settings: the tests check the mechanics, not the forest. */
export const FAST_WALK_FORWARD = {
  horizonDays: TEST_HORIZON_DAYS,
  minTrainDays: 200,
  retrainEveryDays: 50,
  maxTrainRows: 1200,
  model: { forest: { nEstimators: 10, maxDepth: 4, minSamplesLeaf: 20, maxFeatures: 0.5, threads: 1 } },
} as const;

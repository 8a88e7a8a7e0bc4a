/**
 * The hmmlearn reference (tests/fixtures/regimes/hmm_T2500.*, copied and trimmed from
 * shared/reference): 2,500 rows from a known 3-state Gaussian HMM, standardised with the
 * reference's own scaler, and hmmlearn 0.3.3's fits of it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(__dirname, "..", "fixtures", "regimes");

export interface ReferenceFit {
  covariance_type: "full" | "diag";
  init: { startprob: number[]; transmat: number[][]; means: number[][]; covars: number[][][]; loglik_score: number };
  params: { min_covar: number; covars_prior: number; covars_weight: number; tol: number; n_iter: number; means_prior: number; means_weight: number; startprob_prior: number; transmat_prior: number };
  startprob: number[];
  transmat: number[][];
  means: number[][];
  covars: number[][][];
  loglik_score: number;
  loglik_history: number[];
  n_em_iter: number;
  converged_tol: boolean;
  hit_iter_cap: boolean;
  viterbi_path: string;
  viterbi_logprob: number;
  posterior_first5: number[][];
  accuracy_viterbi: number;
  accuracy_posterior_argmax: number;
  best_perm_fitted_to_true: number[];
  bic: number;
  n_free_params: number;
  fit_time_s_median: number;
}

export interface Reference {
  dataset: { T: number; d: number; columns: string[]; true_params_loglik_scaled: number; true_params_viterbi_accuracy: number; true_means_raw: number[][] };
  scaler: { mean: number[]; scale: number[] };
  fits: Record<"full" | "diag" | "full_sticky" | "diag_sticky", ReferenceFit>;
  seed_sweep: { cov: string; random_state: number; loglik: number; n_em_iter: number; accuracy_viterbi: number }[];
  timing_T10000: { full_seconds_per_iter: number; diag_seconds_per_iter: number };
}

let cache: { ref: Reference; raw: Float64Array; X: Float64Array; states: Int32Array; T: number; d: number } | null = null;

/** Raw features, standardised features (reference scaler) and true states. */
export function loadReference() {
  if (cache) return cache;
  const ref = JSON.parse(readFileSync(join(dir, "hmm_T2500.json"), "utf8")) as Reference;
  const lines = readFileSync(join(dir, "hmm_T2500.csv"), "utf8").trim().split("\n").slice(1);
  const T = lines.length;
  const d = 4;
  const raw = new Float64Array(T * d);
  const X = new Float64Array(T * d);
  const states = new Int32Array(T);
  lines.forEach((line, t) => {
    const v = line.split(",").map(Number);
    states[t] = v[0];
    for (let f = 0; f < d; f++) {
      raw[t * d + f] = v[1 + f];
      X[t * d + f] = (v[1 + f] - ref.scaler.mean[f]) / ref.scaler.scale[f];
    }
  });
  cache = { ref, raw, X, states, T, d };
  return cache;
}

/** Share of rows whose label equals the true state under the best relabelling (all K! permutations). */
export function bestPermutationAccuracy(path: ArrayLike<number>, truth: ArrayLike<number>, K: number): number {
  const perms: number[][] = [];
  const build = (p: number[]) => {
    if (p.length === K) perms.push(p);
    else for (let k = 0; k < K; k++) if (!p.includes(k)) build([...p, k]);
  };
  build([]);
  let best = 0;
  for (const p of perms) {
    let hit = 0;
    for (let t = 0; t < truth.length; t++) if (p[path[t]] === truth[t]) hit++;
    best = Math.max(best, hit / truth.length);
  }
  return best;
}

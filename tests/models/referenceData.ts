/**
 * The scikit-learn random forest reference (copied from ../shared/reference, trimmed: features
 * and targets to 7 significant digits, no f_true column; see tests/fixtures/models/README.md).
 * Shared by the forest tests and bench/models.bench.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const FIXTURE_DIR = join(__dirname, "..", "fixtures", "models");

export interface ReferenceSet {
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly p: number;
}

/** Load a reference CSV (header x0..x29,y) as row-major X and y. */
export function loadReferenceSet(name: "rf_train_n1000.csv" | "rf_train_n5000.csv" | "rf_test.csv"): ReferenceSet {
  const lines = readFileSync(join(FIXTURE_DIR, name), "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const p = header.length - 1;
  if (header[p] !== "y") throw new Error(`${name}: last column must be y (got ${header[p]})`);
  const n = lines.length - 1;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = lines[i + 1].split(",");
    for (let f = 0; f < p; f++) X[i * p + f] = Number(v[f]);
    y[i] = Number(v[p]);
  }
  return { X, y, n, p };
}

export interface ReferenceRun {
  readonly n_train: number;
  readonly fit_time_s_median: number;
  readonly predict_time_s_median: number;
  readonly r2_test: number;
  readonly mean_n_leaves: number;
  readonly feature_importances: number[];
  readonly top5_features: number[];
  readonly pred_test: number[];
}

/** scikit-learn's runs for n_train = 1,000 / 5,000 / 20,000. */
export function loadReferenceRuns(): ReferenceRun[] {
  return (JSON.parse(readFileSync(join(FIXTURE_DIR, "rf_reference.json"), "utf8")) as { runs: ReferenceRun[] }).runs;
}

/**
 * A training set from the reference README's generator, for sizes not shipped (20,000 rows):
 * x ~ N(0, 1) iid except x6 = 0.8 x0 + 0.6 e, x7 = 0.8 x1 + 0.6 e;
 * y = 3 tanh(x0) + 2 x1 x2 + 1.5 [x3 > 0] + x4^2 + 0.5 x5 + N(0, 1).
 */
export function generateReferenceLike(n: number, normal: () => number): ReferenceSet {
  const p = 30;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let f = 0; f < p; f++) X[o + f] = normal();
    X[o + 6] = 0.8 * X[o] + 0.6 * normal();
    X[o + 7] = 0.8 * X[o + 1] + 0.6 * normal();
    y[i] = 3 * Math.tanh(X[o]) + 2 * X[o + 1] * X[o + 2] + 1.5 * (X[o + 3] > 0 ? 1 : 0) + X[o + 4] ** 2 + 0.5 * X[o + 5] + normal();
  }
  return { X, y, n, p };
}

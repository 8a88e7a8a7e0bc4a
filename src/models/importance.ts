/**
 * Permutation importance: how much a fitted model's score on (X, y) falls when one feature's
 * column is shuffled, breaking its link to the target while keeping its distribution. Unlike
 * impurity importance it is measured on data of your choice (held-out rows, ideally) and is not
 * biased towards features with many distinct values.
 */
import { createRng } from "../util/rng";
import { checkDesign, forestR2, predictRandomForest, type RandomForestModel } from "./forest";

export interface PermutationImportance {
  /** R^2 of the model on the unshuffled data. */
  readonly baselineScore: number;
  /** Mean over repeats of (baseline R^2 - R^2 with feature f shuffled). */
  readonly importanceMean: Float64Array;
  /** Population standard deviation (ddof 0, as scikit-learn) of that drop over repeats. */
  readonly importanceStd: Float64Array;
  /** Every drop, repeat-major: importances[r * p + f]. */
  readonly importances: Float64Array;
}

/**
 * scikit-learn's `permutation_importance` with the R^2 scorer, for a forest of either backend.
 * Each repeat shuffles each feature's column once (Fisher-Yates, seeded), scores, and restores it.
 * @param X row-major n x p (not modified: a private copy is shuffled)
 * @param y n targets
 * @example forestPermutationImportance(forest, Xtest, ytest, { nRepeats: 5, seed: 0 }).importanceMean
 */
export function forestPermutationImportance(
  model: RandomForestModel,
  X: ArrayLike<number>,
  y: ArrayLike<number>,
  { nRepeats = 5, seed = 0 }: { nRepeats?: number; seed?: number } = {},
): PermutationImportance {
  const p = checkDesign("forestPermutationImportance", X, y);
  if (p !== model.nFeatures) throw new Error(`forestPermutationImportance: X has ${p} features, the forest ${model.nFeatures}`);
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new Error(`forestPermutationImportance: nRepeats must be a positive integer (got ${nRepeats})`);
  const n = y.length;
  const work = Float64Array.from(X);
  const baselineScore = forestR2(y, predictRandomForest(model, work));
  const rng = createRng(seed);
  const importances = new Float64Array(nRepeats * p);
  const column = new Float64Array(n);
  for (let r = 0; r < nRepeats; r++) {
    for (let f = 0; f < p; f++) {
      for (let i = 0; i < n; i++) column[i] = work[i * p + f];
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = work[i * p + f];
        work[i * p + f] = work[j * p + f];
        work[j * p + f] = t;
      }
      importances[r * p + f] = baselineScore - forestR2(y, predictRandomForest(model, work));
      for (let i = 0; i < n; i++) work[i * p + f] = column[i];
    }
  }
  const importanceMean = new Float64Array(p);
  const importanceStd = new Float64Array(p);
  for (let f = 0; f < p; f++) {
    let mean = 0;
    for (let r = 0; r < nRepeats; r++) mean += importances[r * p + f];
    mean /= nRepeats;
    let ss = 0;
    for (let r = 0; r < nRepeats; r++) ss += (importances[r * p + f] - mean) ** 2;
    importanceMean[f] = mean;
    importanceStd[f] = Math.sqrt(ss / nRepeats);
  }
  return { baselineScore, importanceMean, importanceStd, importances };
}

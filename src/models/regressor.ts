/**
 * `RandomForestRegressor`: a class facade in scikit-learn's shape over the pure functions
 * (`fitRandomForest`, `predictRandomForest`, `forestPermutationImportance`), for users who expect
 * `new Model(options).fit(X, y).predict(X)`. The fitted forest itself is plain data (`model`).
 */
import { parseForestConfig, type ForestConfig, type ForestConfigInput } from "../config/models";
import { fitRandomForest, predictRandomForest, type RandomForestModel } from "./forest";
import { forestPermutationImportance, type PermutationImportance } from "./importance";

/**
 * The random forest as a scikit-learn-shaped class: `new RandomForestRegressor(options).fit(X, y).predict(X)`,
 * with the hyper-parameters parsed by ForestConfigSchema and the fitted forest in `model`.
 */
export class RandomForestRegressor {
  readonly config: ForestConfig;
  private fitted: RandomForestModel | null = null;

  /** @param options hyper-parameters, including `backend: "native" | "ml-random-forest"` (see ForestConfigSchema) */
  constructor(options: ForestConfigInput = {}) {
    this.config = parseForestConfig(options);
  }

  /** Fit on row-major X (n x p) and y (n); returns this. */
  fit(X: ArrayLike<number>, y: ArrayLike<number>): this {
    this.fitted = fitRandomForest(X, y, this.config);
    return this;
  }

  /** The fitted forest (plain data). @throws before fit */
  get model(): RandomForestModel {
    if (!this.fitted) throw new Error("RandomForestRegressor: call fit() before using the model");
    return this.fitted;
  }

  predict(X: ArrayLike<number>): Float64Array {
    return predictRandomForest(this.model, X);
  }

  /** Impurity importance (sums to 1). */
  get featureImportances(): Float64Array {
    return this.model.featureImportance;
  }

  /** Out-of-bag R^2 (NaN without bootstrap). */
  get oobScore(): number {
    return this.model.oobScore;
  }

  permutationImportance(X: ArrayLike<number>, y: ArrayLike<number>, options: { nRepeats?: number; seed?: number } = {}): PermutationImportance {
    return forestPermutationImportance(this.model, X, y, options);
  }
}

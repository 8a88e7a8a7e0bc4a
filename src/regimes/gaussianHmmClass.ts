/**
 * An hmmlearn-shaped class over the HMM functions (`new GaussianHMM({...}).fit(X, d).predict(X)`).
 * It holds options and the last fitted model; all the work is done by fitGaussianHmm and the hmm*
 * functions. Module-level only (not in the package's API): users reach the HMM through the regime
 * API (`fitRegimeModel`, the `regime*` functions, `RegimeDetector`; see src/regimes/index.ts).
 */
import { fitGaussianHmm, type GaussianHmmFitOptions } from "./fit";
import { createGaussianHmm, hmmAic, hmmBic, hmmFilter, hmmPosteriors, hmmSample, hmmScore, hmmViterbi, type GaussianHmmParams } from "./model";
import type { GaussianHmm } from "./types";

export class GaussianHMM {
  readonly options: GaussianHmmFitOptions;
  private current: GaussianHmm | null = null;

  constructor(options: GaussianHmmFitOptions = {}) {
    this.options = { ...options };
  }

  /** A GaussianHMM holding given parameters (e.g. hmmlearn's fitted ones), ready to score and decode. */
  static fromParams(params: GaussianHmmParams): GaussianHMM {
    const hmm = new GaussianHMM({ covarianceType: params.covarianceType });
    hmm.current = createGaussianHmm(params);
    return hmm;
  }

  /** Fit by EM (see fitGaussianHmm) on row-major X with `nFeatures` columns. */
  fit(X: ArrayLike<number>, nFeatures: number): this {
    this.current = fitGaussianHmm(X, nFeatures, this.options);
    return this;
  }

  /** The fitted model (with `fit` diagnostics when it came from `fit`); throws before fit. */
  get model(): GaussianHmm {
    if (!this.current) throw new Error("GaussianHMM: call fit(X, nFeatures) or GaussianHMM.fromParams(...) first");
    return this.current;
  }

  score(X: ArrayLike<number>): number {
    return hmmScore(this.model, X);
  }
  /** Viterbi path (hmmlearn's default `predict`): uses the whole series. */
  predict(X: ArrayLike<number>): Int32Array {
    return hmmViterbi(this.model, X).path;
  }
  /** hmmlearn's `decode`: log probability of the Viterbi path and the path. */
  decode(X: ArrayLike<number>): { logProb: number; path: Int32Array } {
    return hmmViterbi(this.model, X);
  }
  /** Smoothed posteriors (hmmlearn's `predict_proba`): look-ahead. */
  predictProba(X: ArrayLike<number>): Float64Array {
    return hmmPosteriors(this.model, X);
  }
  /** Causal filtered probabilities (not in hmmlearn). */
  filter(X: ArrayLike<number>): Float64Array {
    return hmmFilter(this.model, X);
  }
  sample(nSamples: number, options: { seed?: number } = {}): { X: Float64Array; states: Int32Array } {
    return hmmSample(this.model, nSamples, options);
  }
  aic(X: ArrayLike<number>): number {
    return hmmAic(this.model, X);
  }
  bic(X: ArrayLike<number>): number {
    return hmmBic(this.model, X);
  }
}

/**
 * Regime-stage benchmarks against hmmlearn 0.3.3 (reference numbers from
 * tests/fixtures/regimes/hmm_T2500.json, copied from shared/reference; one BLAS thread, this kind of machine).
 * - hmm.{full,diag}.T10000.seconds_per_iter: EM iterations only (started from given parameters, so
 *   no k-means), 40 iterations on 10,000 rows drawn from the reference generator (d = 4, K = 3),
 *   standardised. hmmlearn: 1.18 s / 0.86 s per 100 iterations (which include its ~0.1 s init).
 * - hmm.full.T2500.fit_seconds: the whole fit from the reference's sticky start on the reference
 *   data, to convergence (12 iterations in hmmlearn and here); reference = hmmlearn's full_sticky fit time.
 * - regimes.walkforward.shipped.seconds_{1_thread,all_cores}: the study's walk-forward regimes
 *   (study.json's regime settings, 62 refits) on the shipped panel, one thread against every core
 *   (the refits' k-means restarts on worker threads; the fits are identical). One run each.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { entry, medianSeconds, type BenchEntry } from "./harness";
import { createGaussianHmm, hmmSample } from "../src/regimes/model";
import { fitGaussianHmm } from "../src/regimes/fit";
import { applyHmmScaler, fitHmmScaler } from "../src/regimes/scaler";
import { regimeFeatureMatrix, walkForwardRegimes } from "../src/regimes";
import { parseRegimeConfig } from "../src/config";
import { loadShippedPanel } from "../src/data";

interface Fit {
  init: { startprob: number[]; transmat: number[][]; means: number[][]; covars: number[][][] };
  fit_time_s_median: number;
}

export async function run(): Promise<BenchEntry[]> {
  const dir = join(__dirname, "..", "tests", "fixtures", "regimes");
  const ref = JSON.parse(readFileSync(join(dir, "hmm_T2500.json"), "utf8"));
  const out: BenchEntry[] = [];
  const sticky: Fit = ref.fits.full_sticky;
  const init = {
    startprob: sticky.init.startprob,
    transmat: sticky.init.transmat.flat(),
    means: sticky.init.means.flat(),
    covars: sticky.init.covars.flat(2),
  };

  // 10,000 rows from the reference generator's true parameters, standardised as the reference does
  const truth = createGaussianHmm({
    covarianceType: "full",
    startprob: ref.dataset.true_startprob,
    transmat: ref.dataset.true_transmat,
    means: ref.dataset.true_means_raw,
    covars: ref.dataset.true_covars_raw,
  });
  const raw = hmmSample(truth, 10_000, { seed: 20240611 }).X;
  const X = applyHmmScaler(fitHmmScaler(raw, 4), raw);
  const iters = 40;
  for (const [type, refPerIter] of [["full", ref.timing_T10000.full_seconds_per_iter], ["diag", ref.timing_T10000.diag_seconds_per_iter]] as const) {
    const covars = type === "full" ? init.covars : init.covars.map((v: number, i: number) => (Math.floor(i / 4) % 4 === i % 4 ? v : 0));
    const s = await medianSeconds(
      () => fitGaussianHmm(X, 4, { covarianceType: type, nRestarts: 0, initParams: { ...init, covars }, nIter: iters, tol: -Infinity, stateOrder: "none" }),
      { runs: 5 },
    );
    out.push(entry(`hmm.${type}.T10000.seconds_per_iter`, s / iters, "s", refPerIter));
  }

  // reference data, full covariance, from hmmlearn's sticky start to convergence
  const lines = readFileSync(join(dir, "hmm_T2500.csv"), "utf8").trim().split("\n").slice(1);
  const X2500 = new Float64Array(lines.length * 4);
  lines.forEach((line, t) => {
    const v = line.split(",").map(Number);
    for (let f = 0; f < 4; f++) X2500[t * 4 + f] = (v[1 + f] - ref.scaler.mean[f]) / ref.scaler.scale[f];
  });
  const fitS = await medianSeconds(() => fitGaussianHmm(X2500, 4, { covarianceType: "full", nRestarts: 0, initParams: init, nIter: 100, tol: 1e-4 }), { runs: 5 });
  out.push(entry("hmm.full.T2500.fit_seconds", fitS, "s", sticky.fit_time_s_median));

  const study = JSON.parse(readFileSync(join(__dirname, "..", "study.json"), "utf8")) as { regimes: unknown };
  const cfg = parseRegimeConfig(study.regimes);
  const features = regimeFeatureMatrix(await loadShippedPanel(), cfg.features);
  for (const [label, threads] of [["1_thread", 1], ["all_cores", "auto"]] as const) {
    const s = await medianSeconds(() => walkForwardRegimes(features, { ...cfg.hmm, ...cfg.walkForward, threads }), { runs: 1 });
    out.push(entry(`regimes.walkforward.shipped.seconds_${label}`, s, "s"));
  }
  return out;
}

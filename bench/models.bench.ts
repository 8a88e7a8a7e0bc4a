/**
 * Random forest and walk-forward benchmarks against scikit-learn's reference
 * (tests/fixtures/models/rf_reference.json: RandomForestRegressor, 100 trees, depth 8, min leaf 5,
 * all features per split, bootstrap, n_jobs=1, on a 2-core machine like this one).
 *
 * `forest.fit.*.seconds` run on ONE core (threads: 1), like scikit-learn's n_jobs=1 reference:
 * that is the like-for-like ratio. `forest.fit.n5000.seconds_all_cores` shows what the worker
 * threads add (every core of this machine). Timings are medians of 3 after a warm-up; on a machine
 * shared with other jobs they move by 30% or more run to run, as the reference's own did.
 */
import { availableParallelism } from "node:os";
import { fitRandomForest, forestR2, predictRandomForest, walkForwardAlpha } from "../src/models";
import { createRng } from "../src/util/rng";
import { generateReferenceLike, loadReferenceRuns, loadReferenceSet } from "../tests/models/referenceData";
import { syntheticStudy } from "../tests/models/synthetic";
import { entry, medianSeconds, type BenchEntry } from "./harness";

const SKLEARN = { nEstimators: 100, maxDepth: 8, minSamplesLeaf: 5, maxFeatures: "all", bootstrap: true, seed: 0 } as const;

export async function run(): Promise<BenchEntry[]> {
  const runs = loadReferenceRuns();
  const ref = (n: number) => runs.find((r) => r.n_train === n)!;
  const train1000 = loadReferenceSet("rf_train_n1000.csv");
  const train5000 = loadReferenceSet("rf_train_n5000.csv");
  const test = loadReferenceSet("rf_test.csv");
  const rng = createRng(20_000);
  const train20000 = generateReferenceLike(20_000, () => rng.normal());
  const one = { ...SKLEARN, threads: 1 } as const;
  const out: BenchEntry[] = [];

  const fit1000 = await medianSeconds(() => fitRandomForest(train1000.X, train1000.y, one));
  out.push(entry("forest.fit.n1000.seconds", fit1000, "s", ref(1000).fit_time_s_median));
  const fit5000 = await medianSeconds(() => fitRandomForest(train5000.X, train5000.y, one));
  out.push(entry("forest.fit.n5000.seconds", fit5000, "s", ref(5000).fit_time_s_median));
  const fit20000 = await medianSeconds(() => fitRandomForest(train20000.X, train20000.y, one));
  out.push(entry("forest.fit.n20000.seconds", fit20000, "s", ref(20000).fit_time_s_median));

  const forest = fitRandomForest(train5000.X, train5000.y, one);
  const r2 = forestR2(test.y, predictRandomForest(forest, test.X));
  out.push(entry("forest.r2.n5000", r2, "R^2", ref(5000).r2_test));

  const cores = availableParallelism();
  const all = await medianSeconds(() => fitRandomForest(train5000.X, train5000.y, { ...SKLEARN, threads: cores }));
  out.push(entry("forest.fit.n5000.seconds_all_cores", all, "s", ref(5000).fit_time_s_median));
  console.error(`  (one core: n5000 fit ${fit5000.toFixed(3)} s; all ${cores} cores: ${all.toFixed(3)} s)`);

  // The default walk-forward on a synthetic panel of the shipped data's size (25 tickers x 4,600
  // days x 30 features, 2 regimes, 5-day target): the cost every study notebook pays.
  const study = syntheticStudy({ N: 25, T: 4600, F: 30, horizonDays: 5, beta: 0.1, seed: 3, warmupDays: 60 });
  const wf = await medianSeconds(() => walkForwardAlpha(study.panel, { values: study.target, horizonDays: 5 }, study.probs, { horizonDays: 5, model: { forest: { threads: 1 } } }), { runs: 1 });
  out.push(entry("models.walkforward.synthetic_25x4600x30.seconds", wf, "s"));

  // ml-random-forest on the same 1,000 rows: about 100 s, so one run and no warm-up.
  console.error("  ml-random-forest on 1,000 rows (about 100 s) ...");
  const mlrf = await medianSeconds(() => fitRandomForest(train1000.X, train1000.y, { ...SKLEARN, backend: "ml-random-forest", oobScore: false }), { runs: 1, warmup: false });
  out.push(entry("mlrf.fit.n1000.seconds", mlrf, "s", ref(1000).fit_time_s_median));
  return out;
}

/**
 * `npm run bench -- --peers`: the peers run in this same process's run, on the same data, beside
 * ours, and each ratio says whether it was measured side by side or comes from a stored figure.
 *
 * Peers (Python through /usr/bin/python3, or $PEERS_PYTHON; scripts in bench/peers/, which read
 * only the inputs written here to a temporary directory):
 * - forest: scikit-learn's RandomForestRegressor and XGBoost's XGBRFRegressor(tree_method="hist")
 *   on one thread, n = 1,000 / 5,000 / 20,000 rows of the reference generator, against
 *   fitRandomForest (threads 1, the same 100 trees of depth 8, min leaf 5, all features); fit time
 *   ratio ours / theirs, and each side's test R^2 (equal when within 0.005).
 * - features: the 34 features in pandas (bench/peers/pandas_features.py) against computeFeatures on
 *   a synthetic 100-ticker x 2,500-day panel; ratio = our values/s over pandas'.
 * - backtest: the original design's pandas day loop (bench/peers/pandas_backtest.py) against
 *   runBacktest on the backtest bench's 500 x 5,000 panel and target weights; ratio = our
 *   asset-days/s over pandas'.
 * - hmmlearn: only when importable (Debian has no package for it); otherwise the stored hmmlearn
 *   figures of bench/regimes.bench.ts stand, marked "stored".
 * Times on both sides are CPU seconds of the process (see medianSeconds); the stored figures are wall times.
 * A peer that is not installed falls back to its stored figure (tests/fixtures/models/rf_reference.json,
 * the pandas constants of features.bench.ts and backtest.bench.ts), marked "stored".
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitRandomForest, forestR2, predictRandomForest } from "../src/models";
import { computeFeatures } from "../src/features";
import { constructPortfolio, trailingVolatilityPanel } from "../src/portfolio";
import { runBacktest } from "../src/backtest";
import { createRng } from "../src/util/rng";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { generateReferenceLike, loadReferenceRuns, loadReferenceSet } from "../tests/models/referenceData";
import { syntheticPanel } from "../tests/fixtures/features/syntheticPanel";

/**
 * Median CPU seconds (user + system of this process, every thread) of `runs` calls after one
 * warm-up: the peers' scripts measure the same (time.process_time), and on a machine shared with
 * other jobs CPU time moves far less than wall time, which mostly measures the wait for a core.
 */
async function medianSeconds(fn: () => unknown, { runs = 3, warmup = true } = {}): Promise<number> {
  if (warmup) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const u0 = process.cpuUsage();
    await fn();
    const u = process.cpuUsage(u0);
    times.push((u.user + u.system) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** One comparison: our figure, the peer's, their ratio (> 1 = we are better) and where the peer's figure comes from. */
export interface PeerRow {
  readonly name: string;
  readonly ours: number;
  readonly peer: number;
  readonly unit: string;
  /** ours / peer for throughputs, peer / ours for times: above 1 means faster than the peer. */
  readonly speedup: number;
  readonly basis: "side by side" | "stored";
  readonly note: string;
}

const PYTHON = process.env.PEERS_PYTHON ?? "/usr/bin/python3";
/** Seeds whose mean test R^2 the forest rows compare (ours and XGBoost's). */
const R2_SEEDS = 5;
const STORED_PANDAS_FEATURE_VALUES_PER_S = 6e6; // features.bench.ts
const STORED_PANDAS_BACKTEST_ASSET_DAYS_PER_S = 1e6; // backtest.bench.ts

function writeF64(dir: string, name: string, a: Float64Array): void {
  writeFileSync(join(dir, name), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

function hasModules(modules: string[]): boolean {
  const r = spawnSync(PYTHON, ["-c", modules.map((m) => `import ${m}`).join(";")], { encoding: "utf8" });
  return r.status === 0;
}

function runPeer<T>(script: string, dir: string): T {
  const r = spawnSync(PYTHON, [join(__dirname, "peers", script), dir], { encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" } });
  if (r.status !== 0) throw new Error(`bench peers: ${script} failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

interface ForestPeers {
  sklearn: Record<string, { fit_s: number; r2: number }>;
  xgbrf: Record<string, { fit_s: number; r2: number; r2_sd: number; r2_seeds: number }>;
  versions: Record<string, string>;
}

async function forestRows(dir: string): Promise<PeerRow[]> {
  const sizes = [1000, 5000, 20000];
  const test = loadReferenceSet("rf_test.csv");
  const rng = createRng(20_000);
  const sets = new Map([
    [1000, loadReferenceSet("rf_train_n1000.csv")],
    [5000, loadReferenceSet("rf_train_n5000.csv")],
    [20000, generateReferenceLike(20_000, () => rng.normal())],
  ]);
  const p = test.X.length / test.y.length;
  writeFileSync(join(dir, "meta.json"), JSON.stringify({ p, sizes }));
  writeF64(dir, "test_X.f64", test.X);
  writeF64(dir, "test_y.f64", test.y);
  for (const [n, s] of sets) {
    writeF64(dir, `train${n}_X.f64`, s.X);
    writeF64(dir, `train${n}_y.f64`, s.y);
  }
  const settings = { nEstimators: 100, maxDepth: 8, minSamplesLeaf: 5, maxFeatures: "all", bootstrap: true, seed: 0, threads: 1 } as const;
  const ours = new Map<number, { s: number; r2: number; r2Sd: number }>();
  for (const n of sizes) {
    const s = sets.get(n)!;
    const seconds = await medianSeconds(() => fitRandomForest(s.X, s.y, settings), { runs: n <= 5000 ? 3 : 1 });
    // one forest's test R^2 moves by a few thousandths with its seed: the mean over seeds, as for XGBoost's
    const r2s = Array.from({ length: R2_SEEDS }, (_, seed) => forestR2(test.y, predictRandomForest(fitRandomForest(s.X, s.y, { ...settings, seed }), test.X)));
    ours.set(n, { s: seconds, r2: mean(r2s), r2Sd: sampleStandardDeviation(r2s) });
  }
  const rows: PeerRow[] = [];
  if (hasModules(["sklearn", "xgboost"])) {
    console.error("  peers: scikit-learn and XGBoost random forests (n = 20,000 takes scikit-learn about 30 s) ...");
    const peers = runPeer<ForestPeers>("forest_peers.py", dir);
    for (const n of sizes) {
      const o = ours.get(n)!;
      for (const [lib, res] of [["xgbrf", peers.xgbrf[n]], ["sklearn", peers.sklearn[n]]] as const) {
        const dr2 = o.r2 - res.r2;
        const spread = lib === "xgbrf" ? `, mean of ${R2_SEEDS} seeds, sd ${o.r2Sd.toFixed(4)} and ${(res as ForestPeers["xgbrf"][string]).r2_sd.toFixed(4)}` : ", ours the mean of seeds, scikit-learn's one seed";
        rows.push({
          name: `forest.fit.n${n}.vs_${lib}`,
          ours: o.s,
          peer: res.fit_s,
          unit: "s",
          speedup: res.fit_s / o.s,
          basis: "side by side",
          note: `test R^2 ours ${o.r2.toFixed(4)}, ${lib} ${res.r2.toFixed(4)}${spread} (${Math.abs(dr2) <= 0.005 ? "equal within 0.005" : `differ by ${dr2.toFixed(4)}`}); ${lib === "xgbrf" ? `xgboost ${peers.versions.xgboost}` : `scikit-learn ${peers.versions.sklearn}`}`,
        });
      }
    }
  } else {
    const runs = loadReferenceRuns();
    for (const n of sizes) {
      const ref = runs.find((r) => r.n_train === n)!;
      const o = ours.get(n)!;
      rows.push({ name: `forest.fit.n${n}.vs_sklearn`, ours: o.s, peer: ref.fit_time_s_median, unit: "s", speedup: ref.fit_time_s_median / o.s, basis: "stored", note: "scikit-learn not importable: rf_reference.json" });
    }
  }
  return rows;
}

async function featureRows(dir: string): Promise<PeerRow[]> {
  const panel = syntheticPanel({ tickerCount: 100, days: 2500, seed: 1 });
  const N = panel.tickers.length, T = panel.dates.length;
  for (let k = 0; k < 3; k++) computeFeatures(panel);
  const seconds = await medianSeconds(() => computeFeatures(panel), { runs: 5 });
  const values = computeFeatures(panel).names.length * N * T;
  const ours = values / seconds;
  if (!hasModules(["pandas"])) {
    return [{ name: "features.values_per_s.synthetic_100x2500", ours, peer: STORED_PANDAS_FEATURE_VALUES_PER_S, unit: "values/s", speedup: ours / STORED_PANDAS_FEATURE_VALUES_PER_S, basis: "stored", note: "pandas not importable" }];
  }
  writeFileSync(join(dir, "meta.json"), JSON.stringify({ N, T, tickers: panel.tickers, runs: 3 }));
  for (const f of ["open", "high", "low", "close", "volume", "vwap"] as const) writeF64(dir, `${f}.f64`, Float64Array.from(panel[f]));
  const peer = runPeer<{ values_per_s: number; features: number; pandas: string }>("pandas_features.py", dir);
  return [
    {
      name: "features.values_per_s.synthetic_100x2500",
      ours,
      peer: peer.values_per_s,
      unit: "values/s",
      speedup: ours / peer.values_per_s,
      basis: "side by side",
      note: `${peer.features} features in pandas ${peer.pandas} (wide frames, rolling windows)`,
    },
  ];
}

async function backtestRows(dir: string): Promise<PeerRow[]> {
  const N = 500, T = 5000;
  const rng = createRng(2024); // the panel of backtest.bench.ts
  const close = new Float64Array(N * T), volume = new Float64Array(N * T), alpha = new Float64Array(N * T);
  for (let j = 0; j < N; j++) {
    let p = 50 + 100 * rng.next();
    const sigma = 0.005 + 0.02 * rng.next();
    for (let t = 0; t < T; t++) {
      p *= Math.exp(sigma * rng.normal());
      close[j * T + t] = p;
      volume[j * T + t] = 1e5 * (1 + 9 * rng.next());
      alpha[j * T + t] = rng.normal();
    }
  }
  const market = { tickers: Array.from({ length: N }, (_, j) => `S${j}`), dates: Int32Array.from({ length: T }, (_, t) => 10_000 + t), close, volume };
  const volatility = trailingVolatilityPanel(close, market, { windowDays: 20 });
  const { weights } = constructPortfolio(market, alpha, volatility, { maxPosition: 0.02, maxGross: 1, netExposure: 0 });
  const seconds = await medianSeconds(() => runBacktest(market, weights, { volatility }), { runs: 5 });
  const ours = (N * T) / seconds;
  const nav = runBacktest(market, weights, { volatility }).nav[T - 1];
  if (!hasModules(["pandas"])) {
    return [{ name: "backtest.engine_only.asset_days_per_s.synthetic_500x5000", ours, peer: STORED_PANDAS_BACKTEST_ASSET_DAYS_PER_S, unit: "1/s", speedup: ours / STORED_PANDAS_BACKTEST_ASSET_DAYS_PER_S, basis: "stored", note: "pandas not importable" }];
  }
  writeFileSync(join(dir, "meta.json"), JSON.stringify({ N, T, runs: 1 }));
  writeF64(dir, "close.f64", close);
  writeF64(dir, "weights.f64", weights);
  writeF64(dir, "volume.f64", volume);
  writeF64(dir, "sigma.f64", volatility);
  console.error("  peers: the pandas backtest loop (about 10 s) ...");
  const peer = runPeer<{ asset_days_per_s: number; final_nav: number; pandas: string }>("pandas_backtest.py", dir);
  return [
    {
      name: "backtest.engine_only.asset_days_per_s.synthetic_500x5000",
      ours,
      peer: peer.asset_days_per_s,
      unit: "1/s",
      speedup: ours / peer.asset_days_per_s,
      basis: "side by side",
      note: `pandas ${peer.pandas} day loop; final NAV ours ${nav.toPrecision(6)}, pandas ${peer.final_nav.toPrecision(6)}`,
    },
  ];
}

function hmmRows(): PeerRow[] {
  if (hasModules(["hmmlearn"])) {
    return [{ name: "hmm.vs_hmmlearn", ours: NaN, peer: NaN, unit: "s", speedup: NaN, basis: "side by side", note: "hmmlearn is importable, but no side-by-side script is written yet: see hmm.* entries (stored)" }];
  }
  const ref = JSON.parse(readFileSync(join(__dirname, "..", "tests", "fixtures", "regimes", "hmm_T2500.json"), "utf8")) as { fits: { full_sticky: { fit_time_s_median: number } } };
  return [{ name: "hmm.full.T2500.fit_seconds", ours: NaN, peer: ref.fits.full_sticky.fit_time_s_median, unit: "s", speedup: NaN, basis: "stored", note: `hmmlearn not installed for ${PYTHON}: the regimes bench's hmm.* ratios use hmmlearn 0.3.3's stored figures` }];
}

/**
 * The peer comparisons (see the module comment), each in a fresh temporary directory removed
 * afterwards: all of them, or those whose part ("forest", "features", "backtest", "hmm") a filter names.
 */
export async function runPeers(filters: readonly string[] = []): Promise<PeerRow[]> {
  const rows: PeerRow[] = [];
  const parts = { forest: forestRows, features: featureRows, backtest: backtestRows };
  const wanted = (name: string) => filters.length === 0 || filters.some((f) => f === "peers" || name.includes(f));
  for (const [name, part] of Object.entries(parts)) {
    if (!wanted(name)) continue;
    const dir = mkdtempSync(join(tmpdir(), "alpha-peers-"));
    try {
      rows.push(...(await part(dir)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (wanted("hmm")) rows.push(...hmmRows());
  return rows;
}

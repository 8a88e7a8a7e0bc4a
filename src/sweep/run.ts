/**
 * A whole sweep: validate every trial, group trials by their upstream (what they share: data,
 * features, regimes, forests), compute each group's upstream once, then every trial's downstream,
 * on this thread, on a pool of worker threads, or on a BullMQ queue; then results.csv and the
 * report. Each trial's numbers depend only on its config, so the files are byte-identical for any
 * number of workers, threads or machines.
 *
 * Cores: a group's upstream runs on this thread while the pool waits (the forests already grow on
 * every core; the pool itself starts after the first upstream), and only then its trials'
 * downstream runs on the pool, so forest threads and trial threads never compete.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { CacheMetadata } from "../data/cache";
import { writeFileAtomic } from "../util/atomicFile";
import { parseConfig } from "../config/parse";
import { SweepRunConfigSchema, type LoadedSweepConfig, type SweepRunConfigInput } from "./config";
import { evaluateTrials, groupByKey, loadSweepData, shareUpstream, sweepUpstream, sweepUpstreamKey, trialPortfolioKey, type TrialOutcome } from "./evaluate";
import { createTrialPool } from "./pool";
import { memoKey } from "../study/run/memo";
import { runTrialsOnQueue } from "./queue";
import { sweepResultsCsv, sweepSignificance, type SweepSignificance } from "./results";
import { sweepReport } from "./report";
import { sweepTrials, type SweepTrial } from "./trials";

/** Everything a sweep computed. */
export interface SweepResult {
  readonly sweep: LoadedSweepConfig;
  /** The varied config paths, in the grid's order. */
  readonly paths: readonly string[];
  readonly trials: readonly SweepTrial[];
  /** In the trials' order. */
  readonly outcomes: readonly TrialOutcome[];
  readonly significance: SweepSignificance;
  /** One entry per upstream group (local runs; empty on a queue, where the workers compute them). */
  readonly groups: readonly {
    readonly key: string;
    readonly trials: number;
    readonly memoHits: { regimes: boolean; models: boolean };
    /** Wall time of the group's upstream and of its trials' downstream, seconds (not part of the deterministic output). */
    readonly seconds: { upstream: number; downstream: number };
  }[];
  /** The bar cache's metadata of the first trial's panel, for the report's provenance. */
  readonly metadata: readonly CacheMetadata[];
  /** Wall time, seconds (not part of the deterministic output). */
  readonly seconds: number;
}

/** Trials grouped by upstream key, groups in order of their first trial. */
function upstreamGroups(trials: readonly SweepTrial[]): SweepTrial[][] {
  return groupByKey(trials, (t) => sweepUpstreamKey(t.config));
}

/** `items` in at most `parts` contiguous chunks of near-equal size. */
function chunks<T>(items: readonly T[], parts: number): T[][] {
  const n = Math.min(parts, items.length);
  return Array.from({ length: n }, (_, k) => items.slice(Math.floor((k * items.length) / n), Math.floor(((k + 1) * items.length) / n)));
}

/**
 * Run a sweep (`base` already an object: `loadSweepConfig` reads a path). `options`: where trials
 * run (`SweepRunConfigSchema`: workers, queue); `dataDir` overrides the shipped data folder.
 * @throws ConfigError naming the trial and field before any trial runs; an Error naming the trial that failed
 */
export async function runSweep(
  sweep: LoadedSweepConfig,
  options: SweepRunConfigInput = {},
  { log = () => undefined, dataDir, onTrials }: { log?: (line: string) => void; dataDir?: string; onTrials?: (done: number, total: number) => void } = {},
): Promise<SweepResult> {
  const run = parseConfig(SweepRunConfigSchema, options, "sweep run");
  const started = Date.now();
  const trials = sweepTrials(sweep, sweep.base);
  const paths = Object.keys(sweep.grid);
  const groups = upstreamGroups(trials);
  log(`sweep: ${trials.length} trials in ${groups.length} upstream group(s)`);
  const byId = new Map<string, TrialOutcome>();
  const groupInfo: SweepResult["groups"][number][] = [];
  let metadata: readonly CacheMetadata[] = [];
  onTrials?.(0, trials.length); // the clock of the elapsed and remaining times starts now, not at the first trial done
  if (run.queue !== null) {
    // The coordinator's data of each trial, by its key: the workers compute on their own copies and
    // must find the same key (the provenance names the coordinator's files).
    const dataKeys = new Map<string, string>();
    const keyed: (SweepTrial & { dataKey: string })[] = [];
    for (const t of trials) {
      const which = memoKey({ data: t.config.data, features: t.config.features, regimes: t.config.regimes, benchmark: t.config.benchmark });
      let dataKey = dataKeys.get(which);
      if (dataKey === undefined) {
        const data = await loadSweepData(t.config, { dataDir });
        if (dataKeys.size === 0) metadata = data.panel.metadata;
        dataKeys.set(which, (dataKey = data.dataKey));
      }
      keyed.push({ ...t, dataKey });
    }
    const outcomes = await runTrialsOnQueue(keyed, { url: run.queue, queueName: run.queueName, attempts: run.attempts, pollMs: run.pollMs, log, onDone: (done) => onTrials?.(done, trials.length) });
    outcomes.forEach((o) => byId.set(o.id, o));
  } else {
    // started after the first upstream, so that its threads loading the engine do not compete with the forests
    let pool: ReturnType<typeof createTrialPool> | null = null;
    try {
      for (const [g, group] of groups.entries()) {
        const t0 = Date.now();
        const up = await sweepUpstream(group[0].config, { dataDir });
        const t1 = Date.now();
        if (g === 0) metadata = up.metadata;
        const hits = [up.memoHits.regimes && "regimes", up.memoHits.models && "models"].filter(Boolean).join(", ");
        log(`sweep: group ${g + 1}/${groups.length}: upstream ready${hits ? ` (${hits} from the memo)` : ""}, ${group.length} trial(s)`);
        // trials of one book together, so that a chunk constructs it once (evaluateTrials)
        const tasks = groupByKey(group, (t) => trialPortfolioKey(t.config)).flat().map((t) => ({ id: t.id, config: t.config }));
        let outcomes: TrialOutcome[];
        if (run.workers > 1) {
          pool ??= createTrialPool(run.workers);
          const shared = shareUpstream(up.upstream);
          // a few chunks per thread keep every thread busy to the end
          const running = pool;
          const parts = await Promise.all(chunks(tasks, run.workers * 4).map((c) => running.run({ trials: c, upstream: shared })));
          outcomes = parts.flat();
        } else outcomes = evaluateTrials(up.upstream, tasks);
        outcomes.forEach((o) => byId.set(o.id, o));
        onTrials?.(byId.size, trials.length);
        const seconds = { upstream: (t1 - t0) / 1000, downstream: (Date.now() - t1) / 1000 };
        groupInfo.push({ key: up.upstream.key, trials: group.length, memoHits: up.memoHits, seconds });
        log(`sweep: group ${g + 1}/${groups.length}: upstream ${seconds.upstream.toFixed(1)} s, ${group.length} trial(s) downstream ${seconds.downstream.toFixed(1)} s`);
      }
    } finally {
      if (pool) await pool.destroy();
    }
  }
  const outcomes = trials.map((t) => {
    const o = byId.get(t.id);
    if (!o) throw new Error(`sweep: no outcome for trial ${t.id}`);
    return o;
  });
  const significance = sweepSignificance(trials, outcomes);
  const seconds = (Date.now() - started) / 1000;
  log(`sweep: ${trials.length} trials in ${seconds.toFixed(1)} s; best net Sharpe ${outcomes[significance.bestIndex].metrics.netSharpe.toFixed(3)} (trial ${significance.bestId}), deflated ${significance.deflated.deflatedSharpe.toFixed(3)}`);
  return { sweep, paths, trials, outcomes, significance, groups: groupInfo, metadata, seconds };
}

/** Write results.csv and report.html into `outDir` (created), each atomically. Returns their paths. */
export async function writeSweepOutputs(result: SweepResult, outDir: string): Promise<{ csv: string; html: string }> {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const csv = resolve(dir, "results.csv"), html = resolve(dir, "report.html");
  await writeFileAtomic(csv, sweepResultsCsv(result.paths, result.trials, result.outcomes));
  await writeFileAtomic(html, sweepReport(result));
  return { csv, html };
}

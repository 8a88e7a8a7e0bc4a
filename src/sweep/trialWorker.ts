/**
 * The worker-thread entry of the sweep's pool (piscina): evaluates a batch of trials that share
 * one upstream. The coordinator passes that upstream in shared memory when it has it (a local
 * sweep); a queue worker's threads compute it themselves, once per upstream group and thread
 * (keeping the last two), through the study's on-disk memo.
 */
import type { StudyConfig } from "../study/config";
import { evaluateTrials, sweepUpstream, sweepUpstreamKey, type SweepUpstream, type TrialOutcome } from "./evaluate";

/** One task of the pool. */
export interface TrialTask {
  readonly trials: readonly { id: string; config: StudyConfig }[];
  /** The trials' upstream when the caller has it; else computed here. */
  readonly upstream?: SweepUpstream;
  /** Folder of the shipped data (default the project's data/). */
  readonly dataDir?: string;
  /** The coordinator's `SweepData.dataKey`: the trials fail, naming both keys, when this machine's data give another. */
  readonly dataKey?: string;
}

const KEEP = 2;
const upstreams = new Map<string, Promise<SweepUpstream>>();

async function upstreamOf(config: StudyConfig, dataDir: string | undefined): Promise<SweepUpstream> {
  const key = sweepUpstreamKey(config);
  let found = upstreams.get(key);
  if (!found) {
    found = sweepUpstream(config, { dataDir }).then((run) => run.upstream);
    found.catch(() => upstreams.delete(key));
    upstreams.set(key, found);
    while (upstreams.size > KEEP) upstreams.delete(upstreams.keys().next().value as string);
  }
  return found;
}

/** Evaluate a task's trials (they must share one upstream). */
export default async function runTrialTask(task: TrialTask): Promise<TrialOutcome[]> {
  if (task.trials.length === 0) return [];
  const config = task.trials[0].config;
  const differs = (u: SweepUpstream) => task.dataKey !== undefined && u.dataKey !== task.dataKey;
  let upstream = task.upstream ?? (await upstreamOf(config, task.dataDir));
  if (differs(upstream) && task.upstream === undefined) {
    // this thread's upstream may predate an update of this machine's data: read the data again once
    upstreams.delete(sweepUpstreamKey(config));
    upstream = await upstreamOf(config, task.dataDir);
  }
  if (differs(upstream)) {
    const ids = task.trials.map((t) => t.id).join(", ");
    throw new Error(
      `trial ${ids}: this machine's data differ from the coordinator's (data key ${upstream.dataKey.slice(0, 12)} here, ${task.dataKey!.slice(0, 12)} there): ` +
        "give every machine the same bars (the same data/ folder, or `alpha-engine update` on each)",
    );
  }
  return evaluateTrials(upstream, task.trials);
}

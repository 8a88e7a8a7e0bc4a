/**
 * Worker-thread entry of the fold pool (see ./foldPool): receives jobs on its parent port and
 * posts fitted folds on the MessagePort handed over in workerData. Its forests grow on this
 * thread alone: the folds are what runs in parallel.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { capForestThreads } from "./forest";
import { serveFoldJobs, type FoldJob } from "./foldPool";

if (parentPort) {
  capForestThreads(1);
  const port = (workerData as { port: MessagePort }).port;
  const parent = parentPort;
  serveFoldJobs(port, (listener) => parent.on("message", (job: FoldJob) => listener(job)));
}

/**
 * Worker-thread entry of the forest pool (see ./forestPool): receives jobs on its parent port and
 * posts grown trees on the MessagePort handed over in workerData.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { serveForestJobs, type ForestJob } from "./forestPool";

if (parentPort) {
  const port = (workerData as { port: MessagePort }).port;
  const parent = parentPort;
  serveForestJobs(port, (listener) => parent.on("message", (job: ForestJob) => listener(job)));
}

/**
 * Worker-thread entry of the HMM restart pool (see ./restartPool): receives jobs on its parent
 * port and posts each finished restart on the MessagePort handed over in workerData.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { serveRestartJobs, type RestartJob } from "./restartPool";

if (parentPort) {
  const port = (workerData as { port: MessagePort }).port;
  const parent = parentPort;
  serveRestartJobs(port, (listener) => parent.on("message", (job: RestartJob) => listener(job)));
}

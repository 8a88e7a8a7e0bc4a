/** `alpha-engine worker`: run sweep trials from a BullMQ queue on Redis until stopped. */
import { type CliCommand, UsageError, stringOption } from "./command";
import { integerOption, withoutRedisPassword } from "./sweep";

export const workerCommand: CliCommand = {
  name: "worker",
  summary: "run sweep trials from a Redis queue (one per machine; stop with Ctrl-C)",
  usage: `usage: alpha-engine worker --queue redis://host:port [--concurrency N]

  --queue        the Redis the coordinator (\`alpha-engine sweep --queue\`) put the trials on
  --queue-name   the queue's name (default alpha-engine-sweep)
  --concurrency  trials at once, each on its own thread (default 1)
  --cache-dir    this machine's memo of regimes and forests (default reports/.cache)
  --lock-ms      lock on a running trial; a dead worker's trial is retried after it lapses (default 30000)
  --stalled-ms   how often to look for dead workers' trials (default 30000)`,
  options: {
    queue: { type: "string" },
    "queue-name": { type: "string" },
    concurrency: { type: "string" },
    "cache-dir": { type: "string" },
    "lock-ms": { type: "string" },
    "stalled-ms": { type: "string" },
  },
  async run(values) {
    const { startSweepWorker, SweepWorkerConfigSchema } = await import("../sweep");
    const { ConfigError, parseConfig } = await import("../config");
    let config: ReturnType<typeof SweepWorkerConfigSchema.parse>;
    try {
      config = parseConfig(
        SweepWorkerConfigSchema,
        {
          queue: stringOption(values, "queue", true),
          queueName: stringOption(values, "queue-name"),
          concurrency: integerOption(values, "concurrency"),
          lockDurationMs: integerOption(values, "lock-ms"),
          stalledIntervalMs: integerOption(values, "stalled-ms"),
        },
        "worker options",
      );
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(withoutRedisPassword(err.message));
      throw err;
    }
    const cacheDir = stringOption(values, "cache-dir");
    const worker = await startSweepWorker(config, { log: (line) => console.error(line), memoDir: cacheDir ?? null });
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    console.error("worker: stopping after the running trials");
    await worker.close();
    return 0;
  },
};

/**
 * The two profiles' logs: production writes one JSON object a line (pino, to stderr, level from the
 * config or LOG_LEVEL), research writes plain lines for a person. Both go through `ProductionLog`,
 * so the cycle never knows which. Nothing secret is ever passed to it (the API key stays in the
 * data client, and URLs are redacted there).
 */
import pino from "pino";
import type { ProductionConfig } from "../config/production";

/** A log sink with levels; `fields` are structured context (JSON fields under production). */
export interface ProductionLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

/**
 * The log of a profile: pino JSON lines under "production", `write(line)` under "research"
 * (default stderr). The level: `logLevel` of the config, else LOG_LEVEL, else "info".
 */
export function productionLog(config: Pick<ProductionConfig, "profile" | "logLevel">, { write = (line: string) => process.stderr.write(line + "\n") }: { write?: (line: string) => void } = {}): ProductionLog {
  const envLevel = process.env.LOG_LEVEL;
  const level = config.logLevel ?? (envLevel && LEVELS.includes(envLevel) ? envLevel : "info");
  if (config.profile === "production") {
    const logger = pino({ level, base: { profile: "production" } }, pino.destination({ fd: 2, sync: true }));
    return {
      info: (message, fields = {}) => logger.info(fields, message),
      warn: (message, fields = {}) => logger.warn(fields, message),
      error: (message, fields = {}) => logger.error(fields, message),
    };
  }
  const rank = LEVELS.indexOf(level);
  const at = (name: string) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(name) < rank) return;
    const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
    write(`${name === "info" ? "" : name.toUpperCase() + ": "}${message}${extra ? ` (${extra})` : ""}`);
  };
  return { info: at("info"), warn: at("warn"), error: at("error") };
}

/** A log that drops everything (tests, notebooks). */
export const silentLog: ProductionLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

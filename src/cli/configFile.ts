/** Reading a study config file for any command: one place for the file-level checks. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "./command";

/**
 * The parsed JSON of a config file. A UTF-8 byte-order mark is accepted; a file that cannot be
 * read, is not JSON, or is not a JSON object (`null`, an array, a number) is a UsageError
 * naming the file, so the CLI exits 2.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(path), "utf8");
  } catch (err) {
    throw new UsageError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`config ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    const kind = raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw;
    throw new UsageError(`config ${path} must be a JSON object of settings (it is ${kind})`);
  }
  return raw as Record<string, unknown>;
}

/**
 * Atomic file writes: the text or bytes go to a temporary file in the same folder, then a rename
 * puts them in place, so a reader sees the old file or the new one, never half of one. One
 * implementation for the bar cache, the daily orders, the sweep's results and the study's outputs.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, promises as fs, renameSync, rmSync, writeSync } from "node:fs";

/** The temporary name a write of `path` uses first: `<path>.<pid>.<8 hex>.tmp`. */
export function atomicTempPath(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** Write bytes or text to `path` atomically: a temporary file in the same folder, fsync, then rename. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = atomicTempPath(path);
  const handle = await fs.open(tmp, "w");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** `writeFileAtomic` for synchronous callers (the daily cycle's files, the CLI's outputs). */
export function writeFileAtomicSync(path: string, bytes: Uint8Array | string): void {
  const tmp = atomicTempPath(path);
  const fd = openSync(tmp, "w");
  try {
    const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

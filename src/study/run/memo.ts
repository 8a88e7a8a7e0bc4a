/**
 * A small on-disk memo for the study's expensive steps (the walk-forward regimes and alpha
 * model), so that notebooks 05 and 06 and the CLI do not each redo them.
 *
 * Correctness first: the key is a SHA-256 of everything the result depends on (the step's
 * name, its config, the data hashes, and a hash of the engine's own code), so a changed config,
 * changed data or changed code misses the cache. Entries are JSON files named by the key and
 * carrying the key inside; typed arrays are stored bit for bit (base64) and NaN survives. Writes
 * are atomic (temp file + rename); an unreadable or mismatched entry is a miss and is rewritten.
 * The folder (default `reports/.cache`) is git-ignored.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import { parseConfig } from "../../config/parse";
import { MemoConfigSchema, type MemoConfigInput } from "../config";
import { workspaceRoot } from "../../util/workspace";

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
const TYPED: Record<string, new (buffer: ArrayBuffer) => TypedArray> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array,
};

/**
 * A canonical JSON text of a value for hashing: object keys sorted, typed arrays replaced by
 * their type and the SHA-256 of their bytes, non-finite numbers spelled out, undefined dropped.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(v: unknown): unknown {
  if (typeof v === "number") return Number.isFinite(v) ? v : { $num: String(v) };
  if (v === null || typeof v !== "object") return v;
  if (ArrayBuffer.isView(v)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return { $typed: v.constructor.name, length: (v as TypedArray).length, sha256: createHash("sha256").update(bytes).digest("hex") };
  }
  if (Array.isArray(v)) return v.map(canonical);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[key];
    if (x !== undefined && typeof x !== "function") out[key] = canonical(x);
  }
  return out;
}

/** SHA-256 (hex) of the canonical JSON of `parts`. */
export function memoKey(parts: unknown): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

let codeHash: string | null = null;

/**
 * SHA-256 over the engine's own source files (the .ts under src/ when run from source, the .js
 * under dist/ when built), so that editing the engine invalidates memoised results.
 */
export function engineCodeHash(): string {
  if (codeHash !== null) return codeHash;
  const root = join(__dirname, "..", "..");
  const hash = createHash("sha256");
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === "vendor" ? [] : walk(path);
        return /\.(ts|js)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
      });
  for (const file of walk(root)) {
    hash.update(file.slice(root.length));
    hash.update(readFileSync(file));
  }
  codeHash = hash.digest("hex");
  return codeHash;
}

/** JSON text that round-trips typed arrays (base64 of their bytes) and non-finite numbers. */
export function encodeMemo(value: unknown): string {
  return JSON.stringify(encode(value));
}

function encode(v: unknown): unknown {
  if (typeof v === "number") return Number.isFinite(v) ? v : { $num: String(v) };
  if (v === null || typeof v !== "object") return v;
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name;
    if (!(name in TYPED)) throw new Error(`memo: cannot store a ${name}`);
    return { $typed: name, b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") };
  }
  if (Array.isArray(v)) return v.map(encode);
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(v)) if (x !== undefined && typeof x !== "function") out[key] = encode(x);
  return out;
}

/** Inverse of `encodeMemo`. */
export function decodeMemo(text: string): unknown {
  return decode(JSON.parse(text));
}

function decode(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decode);
  const o = v as Record<string, unknown>;
  if (typeof o.$num === "string" && Object.keys(o).length === 1) return Number(o.$num);
  if (typeof o.$typed === "string" && typeof o.b64 === "string") {
    const Ctor = TYPED[o.$typed];
    if (!Ctor) throw new Error(`memo: unknown typed array ${o.$typed}`);
    const bytes = Buffer.from(o.b64, "base64");
    const copy = new ArrayBuffer(bytes.byteLength); // aligned, owned buffer
    new Uint8Array(copy).set(bytes);
    return new Ctor(copy);
  }
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(o)) out[key] = decode(x);
  return out;
}

/**
 * The memo folder when the config's `dir` is null: reports/.cache under `workspaceRoot()` (the
 * project root of a checkout, for src/ and dist/ and notebooks run from notebooks/ alike; the
 * working directory when the engine is an installed dependency, never inside node_modules).
 */
export const DEFAULT_MEMO_DIR = join(workspaceRoot(), "reports", ".cache");

/**
 * Where the memo lives and whether it is used: the study config's `cache` section (`MemoConfigSchema`
 * holds the defaults; `dir: null` is `DEFAULT_MEMO_DIR`; `enabled: false` always computes, never
 * reads or writes).
 */
export type MemoOptions = MemoConfigInput;

export interface MemoResult<T> {
  value: T;
  /** true when read from disk. */
  hit: boolean;
  key: string;
}

/**
 * The value of `compute()` for these key parts: read from `<dir>/<step>-<key>.json` when present
 * and intact, else computed and written. The key covers `keyParts` and the engine's code hash.
 * `options` is a study config's `cache` section, or part of one (the rest takes its defaults).
 * @throws ConfigError naming a bad option, e.g. `invalid memoized config: enabled: Expected boolean, received string`
 */
export function memoized<T>(step: string, keyParts: unknown, compute: () => T, options: MemoOptions = {}): MemoResult<T> {
  if (!/^[a-z0-9_-]+$/i.test(step)) throw new Error(`memoized: step name must be letters, digits, - or _ (got "${step}")`);
  const { enabled, dir } = parseConfig(MemoConfigSchema, options, "memoized");
  const key = memoKey({ step, keyParts, code: engineCodeHash() });
  if (!enabled) return { value: compute(), hit: false, key };
  const file = join(dir ?? DEFAULT_MEMO_DIR, `${step}-${key.slice(0, 32)}.json`);
  if (existsSync(file)) {
    try {
      const entry = decodeMemo(readFileSync(file, "utf8")) as { key?: string; value?: T };
      if (entry && entry.key === key && "value" in entry) return { value: entry.value as T, hit: true, key };
    } catch {
      // unreadable (e.g. a write cut short): treat as a miss and rewrite below
    }
  }
  const value = compute();
  mkdirSync(dirname(file), { recursive: true });
  // unique per process, thread and call: sweep workers on threads of one process may write the same entry at once
  const tmp = `${file}.${process.pid}.${threadId}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, encodeMemo({ key, step, value }));
  renameSync(tmp, file);
  return { value, hit: false, key };
}

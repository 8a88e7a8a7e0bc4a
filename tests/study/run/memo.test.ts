import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, decodeMemo, encodeMemo, memoKey, memoized } from "../../../src/study/run/memo";
import { ConfigError } from "../../../src/config/parse";
import { MemoConfigSchema, parseStudyConfig } from "../../../src/study/config";

const tempDir = () => mkdtempSync(join(tmpdir(), "cae-memo-"));

test("encodeMemo/decodeMemo round-trip typed arrays bit for bit, NaN and infinities included", () => {
  const value = { a: Float64Array.from([1.5, NaN, -0, Infinity]), b: Int32Array.from([1, -2]), c: [NaN, 2], d: { e: "x", f: null } };
  const back = decodeMemo(encodeMemo(value)) as typeof value;
  assert.ok(back.a instanceof Float64Array && back.b instanceof Int32Array);
  assert.deepEqual(Array.from(back.a), [1.5, NaN, -0, Infinity]);
  assert.ok(Object.is(back.a[2], -0));
  assert.deepEqual(Array.from(back.b), [1, -2]);
  assert.ok(Number.isNaN(back.c[0]));
  assert.deepEqual(back.d, { e: "x", f: null });
});

test("memoKey ignores key order but sees every value, including inside typed arrays", () => {
  assert.equal(memoKey({ a: 1, b: { c: 2, d: 3 } }), memoKey({ b: { d: 3, c: 2 }, a: 1 }));
  assert.notEqual(memoKey({ a: 1 }), memoKey({ a: 1.0000001 }));
  assert.notEqual(memoKey({ x: Float64Array.from([1, 2]) }), memoKey({ x: Float64Array.from([1, 3]) }));
  assert.notEqual(memoKey({ x: Float64Array.from([1, 2]) }), memoKey({ x: Float32Array.from([1, 2]) }));
  assert.notEqual(memoKey({ x: NaN }), memoKey({ x: null }));
  assert.match(canonicalJson({ b: 1, a: 2 }), /^\{"a":2,"b":1\}$/);
});

test("memoized: the second call with the same key is a hit and returns the same numbers", () => {
  const dir = tempDir();
  try {
    let calls = 0;
    const compute = () => ({ scores: Float64Array.from([calls++, NaN, 3]) });
    const first = memoized("walk", { config: { trees: 10 }, data: "abc" }, compute, { dir });
    const second = memoized("walk", { data: "abc", config: { trees: 10 } }, compute, { dir });
    assert.equal(first.hit, false);
    assert.equal(second.hit, true);
    assert.equal(calls, 1);
    assert.deepEqual(Array.from(second.value.scores), Array.from(first.value.scores));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("memoized misses when the config or the data hash changes (cache-miss-on-change rule)", () => {
  const dir = tempDir();
  try {
    let calls = 0;
    const compute = () => ++calls;
    memoized("walk", { config: { trees: 10 }, data: "abc" }, compute, { dir });
    const config = memoized("walk", { config: { trees: 11 }, data: "abc" }, compute, { dir });
    const data = memoized("walk", { config: { trees: 10 }, data: "abd" }, compute, { dir });
    const step = memoized("regimes", { config: { trees: 10 }, data: "abc" }, compute, { dir });
    assert.deepEqual([config.hit, data.hit, step.hit], [false, false, false]);
    assert.equal(calls, 4);
    assert.equal(memoized("walk", { config: { trees: 10 }, data: "abc" }, compute, { dir }).value, 1, "the original entry is still there");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("memoized treats a truncated entry as a miss and rewrites it; disabled never touches disk", () => {
  const dir = tempDir();
  try {
    memoized("walk", { k: 1 }, () => 41, { dir });
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), '{"key":"');
    const again = memoized("walk", { k: 1 }, () => 42, { dir });
    assert.deepEqual([again.hit, again.value], [false, 42]);
    assert.equal(memoized("walk", { k: 1 }, () => 43, { dir }).value, 42);
    const off = tempDir();
    memoized("walk", { k: 1 }, () => 1, { dir: off, enabled: false });
    assert.deepEqual(readdirSync(off), []);
    rmSync(off, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("memoized takes the study config's cache section: its defaults come from MemoConfigSchema, a bad field throws ConfigError", () => {
  assert.deepEqual(MemoConfigSchema.parse({}), parseStudyConfig({}).cache);
  assert.equal(MemoConfigSchema.parse({}).enabled, true);
  const dir = tempDir();
  try {
    // the parsed section as runStudy passes it, dir included
    const cache = parseStudyConfig({ cache: { dir } }).cache;
    memoized("walk", { k: 2 }, () => 7, cache);
    assert.equal(memoized("walk", { k: 2 }, () => 8, cache).hit, true);
    assert.equal(readdirSync(dir).length, 1);
    // disabled, the entry on disk is not read: the value is computed again
    const off = memoized("walk", { k: 2 }, () => 9, { enabled: false, dir });
    assert.deepEqual([off.value, off.hit], [9, false]);
    assert.equal(memoized("walk", { k: 2 }, () => 10, cache).value, 7, "nor overwritten");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => memoized("walk", { k: 1 }, () => 1, { enabled: "yes" as unknown as boolean }), (err: unknown) => err instanceof ConfigError && /^invalid memoized config: enabled: /.test(err.message));
  assert.throws(() => memoized("walk", { k: 1 }, () => 1, { folder: "x" } as never), /invalid memoized config: \(root\): unknown field\(s\) folder/);
});

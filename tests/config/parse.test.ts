import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { parseConfig, ConfigError } from "../../src/config/parse";

const schema = z
  .object({
    maxPosition: z.number().min(0).max(1).default(0.1),
    method: z.enum(["zscore", "rank"]).default("zscore"),
    costs: z.object({ spreadBps: z.number().nonnegative().default(1) }).strict().default({}),
  })
  .strict();

test("parseConfig() fills defaults", () => {
  assert.deepEqual(parseConfig(schema, {}, "portfolio"), { maxPosition: 0.1, method: "zscore", costs: { spreadBps: 1 } });
  assert.deepEqual(parseConfig(schema, undefined, "portfolio").maxPosition, 0.1);
});

test("an out-of-range field is named with its allowed range and the value given", () => {
  assert.throws(() => parseConfig(schema, { maxPosition: 1.5 }, "portfolio"), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.message, "invalid portfolio config: maxPosition: must be <= 1 (got 1.5)");
    return true;
  });
});

test("a nested field, a bad enum and an unknown key are all reported by path", () => {
  assert.throws(
    () => parseConfig(schema, { method: "magic", costs: { spreadBps: -2 }, typo: 1 }, "portfolio"),
    /method: must be one of "zscore", "rank" \(got "magic"\).*costs\.spreadBps: must be >= 0 \(got -2\).*unknown field\(s\) typo/,
  );
});

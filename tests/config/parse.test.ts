import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { parseConfig, ConfigError, withDefaults } from "../../src/config/parse";

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

test("withDefaults replaces the named defaults, nested ones by nesting, and leaves the rest and every check alone", () => {
  const refined = schema.refine((c) => c.maxPosition > 0.01 || c.method === "rank", { message: "too small for zscore", path: ["maxPosition"] });
  const wrapped = z.object({ portfolio: refined.default({}), title: z.string().default("t") }).strict();
  const study = withDefaults(wrapped, { portfolio: { maxPosition: 0.2, costs: { spreadBps: 3 } } });
  assert.deepEqual(study.parse({}), { portfolio: { maxPosition: 0.2, method: "zscore", costs: { spreadBps: 3 } }, title: "t" });
  // a given value still wins, field by field
  assert.deepEqual(study.parse({ portfolio: { costs: {} } }).portfolio, { maxPosition: 0.2, method: "zscore", costs: { spreadBps: 3 } });
  assert.equal(study.parse({ portfolio: { maxPosition: 0.05 } }).portfolio.maxPosition, 0.05);
  // checks, strictness and the refinement are the original schema's
  assert.throws(() => parseConfig(study, { portfolio: { maxPosition: 2 } }, "study"), /portfolio\.maxPosition: must be <= 1 \(got 2\)/);
  assert.throws(() => parseConfig(study, { portfolio: { maxPosition: 0.001 } }, "study"), /portfolio\.maxPosition: too small for zscore/);
  assert.throws(() => parseConfig(study, { portfolio: { typo: 1 } }, "study"), /unknown field\(s\) typo/);
  // the original keeps its own defaults
  assert.equal(wrapped.parse({}).portfolio.maxPosition, 0.1);
});

test("withDefaults refuses a field that does not exist and a default its own field rejects", () => {
  assert.throws(() => withDefaults(schema, { maxPositon: 0.2 } as object), /withDefaults: the schema has no field maxPositon/);
  assert.throws(() => withDefaults(schema, { costs: { spreadBps: -1 } }), /withDefaults: default -1 of costs\.spreadBps fails its schema/);
});

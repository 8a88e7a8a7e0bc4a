import { z } from "zod";

/** Raised when a configuration object does not fit its schema; the message names every bad field. */
export class ConfigError extends Error {
  constructor(
    readonly configName: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(`invalid ${configName} config: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parse `input` with `schema`, filling defaults. Throws ConfigError whose message names the field
 * and the allowed range, e.g. `invalid portfolio config: maxPosition: must be <= 1 (got 1.5)`.
 */
export function parseConfig<S extends z.ZodTypeAny>(schema: S, input: unknown, configName: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ConfigError(configName, result.error.issues.flatMap(unionBranchIssues).map((issue) => describeIssue(issue, input)));
}

/**
 * A union's failure in the words of the branch the value was meant for (the one that did not fail on
 * the value's type itself), e.g. `universe.members.0.assetClass: ...` rather than `universe: Invalid input`.
 */
function unionBranchIssues(issue: z.ZodIssue): z.ZodIssue[] {
  if (issue.code !== "invalid_union") return [issue];
  const depth = issue.path.length;
  const meant = issue.unionErrors.find((e) => !e.issues.every((i) => i.code === "invalid_type" && i.path.length === depth));
  return meant ? meant.issues.flatMap(unionBranchIssues) : [issue];
}

// A URL or a key may carry a secret (an apiKey query parameter): their values are never echoed.
const SECRET_BEARING_FIELD = /(url|key|token|secret|password)$/i;

function describeIssue(issue: z.ZodIssue, input: unknown): { path: string; message: string } {
  const path = issue.path.length ? issue.path.join(".") : "(root)";
  const got = valueAt(input, issue.path);
  const last = issue.path[issue.path.length - 1];
  const hidden = typeof last === "string" && SECRET_BEARING_FIELD.test(last);
  const shown = got === undefined ? "" : hidden ? " (value not shown: it may hold a secret)" : ` (got ${JSON.stringify(got)})`;
  switch (issue.code) {
    case "too_small":
      if (isSized(issue.type)) return { path, message: `needs at least ${sizeOf(issue.type, Number(issue.minimum) + (issue.inclusive ? 0 : 1))}${shown}` };
      return { path, message: `must be ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}${shown}` };
    case "too_big":
      if (isSized(issue.type)) return { path, message: `takes at most ${sizeOf(issue.type, Number(issue.maximum) - (issue.inclusive ? 0 : 1))}${shown}` };
      return { path, message: `must be ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}${shown}` };
    case "invalid_enum_value":
      return { path, message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}${shown}` };
    case "unrecognized_keys":
      return { path, message: `unknown field(s) ${issue.keys.join(", ")}` };
    default:
      return { path, message: `${issue.message}${shown}` };
  }
}

/** A bound on a count (of a list's values or a text's characters) rather than on a number. */
function isSized(type: string): type is "array" | "string" | "set" {
  return type === "array" || type === "string" || type === "set";
}

/** "1 value", "3 values", "1 character". */
function sizeOf(type: "array" | "string" | "set", n: number): string {
  const unit = type === "string" ? "character" : "value";
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** Every field optional, recursively through plain objects (arrays are replaced whole). */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * `schema` with some of its defaults replaced (nested objects by nesting), every check unchanged:
 * how a composed config states its own choices once instead of restating a stage's defaults.
 * @throws when a field does not exist or a new default fails the field's own checks
 * @example withDefaults(BacktestConfigSchema, { rebalanceEveryDays: 5 }).parse({}).rebalanceEveryDays // => 5
 */
export function withDefaults<S extends z.ZodTypeAny>(schema: S, defaults: DeepPartial<z.input<S>>): S {
  return replaceDefaults(schema, defaults as Record<string, unknown>, "") as S;
}

function replaceDefaults(schema: z.ZodTypeAny, defaults: Record<string, unknown>, path: string): z.ZodTypeAny {
  if (schema instanceof z.ZodDefault) return replaceDefaults(schema.removeDefault(), defaults, path).default(schema._def.defaultValue);
  if (schema instanceof z.ZodEffects) return new z.ZodEffects({ ...schema._def, schema: replaceDefaults(schema.innerType(), defaults, path) });
  if (!(schema instanceof z.ZodObject)) throw new Error(`withDefaults: ${path || "(root)"} is not an object schema`);
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  const fields: Record<string, z.ZodTypeAny> = {};
  for (const [key, value] of Object.entries(defaults)) {
    const field = shape[key];
    const at = `${path}${key}`;
    if (!field) throw new Error(`withDefaults: the schema has no field ${at}`);
    const inner = field instanceof z.ZodDefault ? field.removeDefault() : field;
    if (isPlainObject(value) && (inner instanceof z.ZodObject || inner instanceof z.ZodEffects)) {
      fields[key] = replaceDefaults(field, value, `${at}.`);
      continue;
    }
    const checked = inner.safeParse(value);
    if (!checked.success) throw new Error(`withDefaults: default ${JSON.stringify(value)} of ${at} fails its schema: ${checked.error.issues[0].message}`);
    fields[key] = inner.default(value);
  }
  return schema.extend(fields);
}

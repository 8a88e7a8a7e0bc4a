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
  throw new ConfigError(configName, result.error.issues.map((issue) => describeIssue(issue, input)));
}

function describeIssue(issue: z.ZodIssue, input: unknown): { path: string; message: string } {
  const path = issue.path.length ? issue.path.join(".") : "(root)";
  const got = valueAt(input, issue.path);
  const shown = got === undefined ? "" : ` (got ${JSON.stringify(got)})`;
  switch (issue.code) {
    case "too_small":
      return { path, message: `must be ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}${shown}` };
    case "too_big":
      return { path, message: `must be ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}${shown}` };
    case "invalid_enum_value":
      return { path, message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}${shown}` };
    case "unrecognized_keys":
      return { path, message: `unknown field(s) ${issue.keys.join(", ")}` };
    default:
      return { path, message: `${issue.message}${shown}` };
  }
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

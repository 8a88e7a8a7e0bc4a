/**
 * Named universes: which tickers, of which asset class, on which calendar, over which range.
 * They live in a small JSON file (`data/universes.json`), validated here with zod, so a study
 * names its universe instead of repeating ticker lists.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { AssetClass } from "./types";
import { isoToDay } from "../util/dates";
import { IsoDateSchema, UNIVERSE_ASSET_CLASSES, type DataConfig, type InlineUniverse } from "../config/data";

const ASSET_CLASSES = UNIVERSE_ASSET_CLASSES satisfies readonly AssetClass[];

export const UniverseMemberSchema = z
  .object({
    ticker: z.string().min(1),
    assetClass: z.enum(ASSET_CLASSES),
    name: z.string().default(""),
  })
  .strict();

export const UniverseSchema = z
  .object({
    description: z.string().default(""),
    /** Shipped dataset folder the members are read from by default ("adjusted", "crypto", ...). */
    dataset: z.string().min(1).default("adjusted"),
    calendar: z.enum(["XNYS", "24/7"]).default("XNYS"),
    /** Default date range (inclusive) of a panel of this universe. */
    start: IsoDateSchema.optional(),
    end: IsoDateSchema.optional(),
    /** Another universe whose members come first. */
    extends: z.string().optional(),
    members: z.array(UniverseMemberSchema).min(1),
  })
  .strict();

export const UniverseFileSchema = z
  .object({
    default: z.string().min(1),
    universes: z.record(UniverseSchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    if (!file.universes[file.default]) ctx.addIssue({ code: "custom", path: ["default"], message: `names no universe (have ${Object.keys(file.universes).join(", ")})` });
    for (const [name, u] of Object.entries(file.universes)) {
      if (u.extends && !file.universes[u.extends]) ctx.addIssue({ code: "custom", path: ["universes", name, "extends"], message: `unknown universe "${u.extends}"` });
      if (u.start && u.end && u.start > u.end) ctx.addIssue({ code: "custom", path: ["universes", name, "end"], message: `is before start ${u.start}` });
    }
  });
export type UniverseFile = z.infer<typeof UniverseFileSchema>;
export type UniverseMember = z.infer<typeof UniverseMemberSchema>;

/** A universe with its `extends` chain resolved: members in order, no duplicate ticker. */
export interface Universe {
  readonly name: string;
  readonly description: string;
  readonly dataset: string;
  readonly calendar: "XNYS" | "24/7";
  readonly start: string | null;
  readonly end: string | null;
  readonly members: readonly UniverseMember[];
  readonly tickers: readonly string[];
  readonly assetClasses: readonly AssetClass[];
}

/**
 * Validate a universes file (already parsed JSON). Throws with every bad field named,
 * e.g. `universes file: universes.core.members.0.assetClass: Invalid enum value...`.
 */
export function parseUniverseFile(input: unknown): UniverseFile {
  const r = UniverseFileSchema.safeParse(input);
  if (r.success) return r.data;
  throw new Error(`universes file: ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
}

/** Resolve one named universe (default: the file's default), following `extends`. */
export function resolveUniverse(file: UniverseFile, name: string = file.default): Universe {
  const seen = new Set<string>();
  const chain: string[] = [];
  for (let cur: string | undefined = name; cur; cur = file.universes[cur]?.extends) {
    if (!file.universes[cur]) throw new Error(`resolveUniverse: unknown universe "${cur}" (have ${Object.keys(file.universes).join(", ")})`);
    if (seen.has(cur)) throw new Error(`resolveUniverse: "${name}" extends itself through ${chain.join(" -> ")}`);
    seen.add(cur);
    chain.unshift(cur);
  }
  const members: UniverseMember[] = [];
  const tickers = new Set<string>();
  for (const u of chain) {
    for (const m of file.universes[u].members) {
      if (tickers.has(m.ticker)) continue;
      tickers.add(m.ticker);
      members.push(m);
    }
  }
  const u = file.universes[name];
  return {
    name,
    description: u.description,
    dataset: u.dataset,
    calendar: u.calendar,
    start: u.start ?? null,
    end: u.end ?? null,
    members,
    tickers: members.map((m) => m.ticker),
    assetClasses: members.map((m) => m.assetClass),
  };
}

/** Read and validate `<dataDir>/universes.json`, or the file `path` names when it ends in .json. */
export function loadUniverseFile(dataDir: string): UniverseFile {
  const path = dataDir.endsWith(".json") ? resolve(dataDir) : join(dataDir, "universes.json");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`loadUniverseFile: cannot read ${path}: ${(err as Error).message}`);
  }
  return parseUniverseFile(json);
}

/** Asset class of a ticker by its shape when no universe names it: X: crypto, C: fx, I: index, else equity. */
export function guessAssetClass(ticker: string): AssetClass {
  if (ticker.startsWith("X:")) return "crypto";
  if (ticker.startsWith("C:")) return "fx";
  if (ticker.startsWith("I:")) return "index";
  return "equity";
}

/** The name an inline universe goes by in logs, errors and the provenance. */
export const INLINE_UNIVERSE_NAME = "(inline)";

/** An inline universe (from the config) as a resolved `Universe`: no dataset folder of its own, no default range. */
export function inlineUniverse(u: InlineUniverse, name = INLINE_UNIVERSE_NAME): Universe {
  const members = u.members.map((m) => ({ ticker: m.ticker, assetClass: m.assetClass, name: m.name }));
  return {
    name,
    description: u.description,
    dataset: members.every((m) => m.ticker.startsWith("X:")) ? "crypto" : "adjusted",
    calendar: u.calendar,
    start: null,
    end: null,
    members,
    tickers: members.map((m) => m.ticker),
    assetClasses: members.map((m) => m.assetClass),
  };
}

/**
 * The universe a data config asks for: `data.universe` inline, or named in `data.universesFile`
 * (when set) or in the shipped universes file (`<dataDir>/universes.json`).
 * @throws naming the universe and the file when the name is unknown
 * @example resolveDataUniverse(parseDataConfig(), shippedDataDir()).tickers.length // => 23
 */
export function resolveDataUniverse(config: Pick<DataConfig, "universe" | "universesFile">, dataDir: string): Universe {
  if (typeof config.universe !== "string") return inlineUniverse(config.universe);
  const path = config.universesFile ?? dataDir;
  const file = loadUniverseFile(path);
  if (!file.universes[config.universe]) {
    throw new Error(`data.universe: "${config.universe}" is not a universe of ${config.universesFile ?? join(dataDir, "universes.json")} (have ${Object.keys(file.universes).join(", ")}); name one of them, or write the members inline: { "members": [{ "ticker": "SPY", "assetClass": "equity" }] }`);
  }
  return resolveUniverse(file, config.universe);
}

/**
 * An inline universe of these tickers (the CLI's `--tickers A,B,C`): each asset class is looked up in
 * the universes files given (first match), else guessed from the ticker's shape (`guessAssetClass`:
 * "equity" for plain tickers) with a note saying so. The calendar is 24x7 when every ticker is
 * crypto (X:), else XNYS.
 * @example universeFromTickers(["SPY", "AMD"], [file]).notes // => ['AMD: asset class "equity" assumed (not in any universes file)']
 */
export function universeFromTickers(tickers: readonly string[], files: readonly UniverseFile[]): { universe: InlineUniverse; notes: string[] } {
  if (tickers.length === 0) throw new Error("universeFromTickers: no tickers given");
  const notes: string[] = [];
  const seen = new Set<string>();
  const members: InlineUniverse["members"] = [];
  for (const ticker of tickers) {
    if (seen.has(ticker)) throw new Error(`universeFromTickers: "${ticker}" is listed twice`);
    seen.add(ticker);
    let found: UniverseMember | undefined;
    for (const file of files) {
      for (const u of Object.values(file.universes)) {
        found ??= u.members.find((m) => m.ticker === ticker);
      }
    }
    if (found) members.push({ ticker, assetClass: found.assetClass, name: found.name });
    else {
      const assetClass = guessAssetClass(ticker);
      notes.push(`${ticker}: asset class "${assetClass}" assumed (not in any universes file)`);
      members.push({ ticker, assetClass, name: "" });
    }
  }
  const calendar = tickers.every((t) => t.startsWith("X:")) ? "24/7" : "XNYS";
  return { universe: { members, calendar, description: `--tickers ${tickers.join(",")}` }, notes };
}

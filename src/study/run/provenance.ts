/**
 * Provenance of a study run: which data (content hashes from the cache metadata), which config,
 * which seeds, which code and package versions produced the numbers. Every report carries it
 * (report/provenance.ts renders it).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { plotlyJsVersion } from "../../notebook/plotly";
import type { CacheMetadata } from "../../data/cache";
import type { StudyConfig } from "../config";
import { engineCodeHash, memoKey } from "./memo";

export interface DataProvenance {
  ticker: string;
  /** Content hash from the cache's metadata sidecar. */
  contentHash: string;
  rows: number;
  first: string;
  last: string;
  /** Adjustment basis (e.g. total return or split-only) as the metadata states it. */
  adjustment: string;
  source: string;
}

export interface Provenance {
  engine: { name: string; version: string; codeHash: string; gitCommit: string | null };
  runtime: { node: string; platform: string; arch: string };
  /** Versions of the packages that shaped the numbers or the report. */
  packages: Record<string, string>;
  data: { tickers: DataProvenance[]; combinedHash: string };
  seeds: Record<string, number>;
  /** The fully-defaulted config the study ran with. */
  config: unknown;
  /** SHA-256 of the config's canonical JSON. */
  configHash: string;
}

/** The project root: three folders above this file, in src/study/run and in dist/study/run alike. */
const ROOT = join(__dirname, "..", "..", "..");

/** One provenance row per ticker from the cache sidecars a panel was loaded with. */
export function panelDataProvenance(panel: { readonly metadata: readonly CacheMetadata[] }): DataProvenance[] {
  return panel.metadata.map((m) => ({
    ticker: m.symbol,
    contentHash: m.contentHash,
    rows: m.rowCount,
    first: m.firstDate ?? "",
    last: m.lastDate ?? "",
    adjustment: m.adjustment,
    source: [m.source.origin, m.source.path, m.source.commit].filter(Boolean).join(" "),
  }));
}

/** Version of an installed npm package (from its package.json), or "not installed". */
export function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    // packages whose "exports" hide package.json: walk up from the resolved entry point
    try {
      let dir = dirname(require.resolve(name));
      for (let i = 0; i < 6; i++) {
        const file = join(dir, "package.json");
        if (existsSync(file)) {
          const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
          if (pkg.name === name && pkg.version) return pkg.version;
        }
        dir = dirname(dir);
      }
    } catch {
      /* fall through */
    }
    return "not installed";
  }
}

/** The checked-out commit, read from .git without running git; null outside a checkout. */
export function gitCommit(root = ROOT): string | null {
  try {
    const head = readFileSync(join(root, ".git", "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head;
    const ref = head.slice(5);
    const loose = join(root, ".git", ref);
    if (existsSync(loose)) return readFileSync(loose, "utf8").trim();
    const packed = readFileSync(join(root, ".git", "packed-refs"), "utf8");
    const line = packed.split("\n").find((l) => l.endsWith(` ${ref}`));
    return line ? line.split(" ")[0] : null;
  } catch {
    return null;
  }
}

/** Assemble the provenance block of a run. */
export function buildProvenance({ config, seeds, data }: { config: unknown; seeds: Record<string, number>; data: DataProvenance[] }): Provenance {
  const own = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
  return {
    engine: { name: own.name, version: own.version, codeHash: engineCodeHash(), gitCommit: gitCommit() },
    runtime: { node: process.version, platform: process.platform, arch: process.arch },
    packages: {
      "plotly.js": plotlyJsVersion(),
      zod: packageVersion("zod"),
      "simple-statistics": packageVersion("simple-statistics"),
      hyparquet: packageVersion("hyparquet"),
      "hyparquet-writer": packageVersion("hyparquet-writer"),
      typescript: packageVersion("typescript"),
      tslab: packageVersion("tslab"),
    },
    data: { tickers: data, combinedHash: memoKey(data.map((d) => [d.ticker, d.contentHash])) },
    seeds,
    config,
    configHash: memoKey(config),
  };
}

/** The provenance of a study: its parsed config, every seed it uses, and the data of its panel. */
export function studyProvenance(config: StudyConfig, panel: { readonly metadata: readonly CacheMetadata[] }): Provenance {
  return buildProvenance({
    config,
    seeds: {
      "regimes.hmm.seed": config.regimes.hmm.seed,
      "walkForward.seed": config.walkForward.seed,
      "walkForward.model.forest.seed": config.walkForward.model.forest.seed,
      "analytics.bootstrapSeed": config.analytics.bootstrapSeed,
    },
    data: panelDataProvenance(panel),
  });
}

/**
 * Provenance of a study run: which data (content hashes from the cache metadata), which config,
 * which seeds, which code and package versions produced the numbers. Every report carries it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { plotlyJsVersion } from "../notebook/plotly";
import { engineCodeHash, memoKey } from "./memo";
import type { CacheMetadata } from "../data/cache";
import { escapeHtml } from "../util/html";

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

const ROOT = join(__dirname, "..", "..");

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

/** The provenance as Markdown (for `showMarkdown` in a notebook): a short table and the config. */
export function provenanceMarkdown(p: Provenance): string {
  const rows = p.data.tickers.map((d) => `| ${d.ticker} | \`${d.contentHash.replace(/^sha256:/, "").slice(0, 16)}\` | ${d.rows} | ${d.first} – ${d.last} | ${d.adjustment} |`);
  return [
    "### Provenance",
    "",
    `- **engine** ${p.engine.name} ${p.engine.version}, code hash \`${p.engine.codeHash.slice(0, 16)}\`${p.engine.gitCommit ? `, commit \`${p.engine.gitCommit.slice(0, 12)}\`` : ""}`,
    `- **runtime** Node ${p.runtime.node} (${p.runtime.platform}/${p.runtime.arch})`,
    `- **packages** ${Object.entries(p.packages).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `- **seeds** ${Object.entries(p.seeds).map(([k, v]) => `${k} = ${v}`).join(", ")}`,
    `- **config hash** \`${p.configHash.slice(0, 16)}\`, **data hash** \`${p.data.combinedHash.slice(0, 16)}\``,
    "",
    "| ticker | content hash | rows | range | adjustment |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "<details><summary>config</summary>",
    "",
    "```json",
    JSON.stringify(p.config, null, 2),
    "```",
    "</details>",
  ].join("\n");
}

/** The provenance as an HTML section for the CLI report. */
export function provenanceHtml(p: Provenance): string {
  const kv = (k: string, v: string) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;
  const data = p.data.tickers
    .map((d) => `<tr><td>${escapeHtml(d.ticker)}</td><td><code>${escapeHtml(d.contentHash)}</code></td><td>${d.rows}</td><td>${escapeHtml(d.first)} – ${escapeHtml(d.last)}</td><td>${escapeHtml(d.adjustment)}</td><td>${escapeHtml(d.source)}</td></tr>`)
    .join("\n");
  return [
    `<section id="provenance"><h2>Provenance</h2>`,
    `<table class="kv">`,
    kv("engine", `${p.engine.name} ${p.engine.version}`),
    kv("code hash", p.engine.codeHash),
    kv("git commit", p.engine.gitCommit ?? "(not a git checkout)"),
    kv("runtime", `Node ${p.runtime.node} (${p.runtime.platform}/${p.runtime.arch})`),
    ...Object.entries(p.packages).map(([k, v]) => kv(k, v)),
    kv("seeds", Object.entries(p.seeds).map(([k, v]) => `${k} = ${v}`).join(", ")),
    kv("config hash", p.configHash),
    kv("data hash", p.data.combinedHash),
    `</table>`,
    `<h3>Data</h3><table><tr><th>ticker</th><th>content hash</th><th>rows</th><th>range</th><th>adjustment</th><th>source</th></tr>\n${data}\n</table>`,
    `<h3>Config</h3><pre>${escapeHtml(JSON.stringify(p.config, null, 2))}</pre>`,
    `</section>`,
  ].join("\n");
}

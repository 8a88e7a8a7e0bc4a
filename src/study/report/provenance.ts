/**
 * The provenance of a run (run/provenance.ts builds it) as Markdown for a notebook and as the HTML
 * section of the CLI report.
 */
import { escapeHtml } from "../../util/html";
import type { Provenance } from "../run/provenance";

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

/**
 * The CLI's self-contained HTML report: one file, plotly.js embedded once (the same cartesian
 * partial bundle as the notebooks, no CDN, opens offline), the figures with their numbers rounded
 * for display, the tables, and the provenance block.
 */
import type { Figure } from "../../charts/figure";
import { figureHtml, plotlyScriptTag } from "../../notebook/plotly";
import { tableHtml, type ColumnTable, type TableOptions } from "../../notebook/table";
import { escapeHtml } from "../../util/html";
import type { Provenance } from "../run/provenance";
import { provenanceHtml } from "./provenance";

export type ReportBlock =
  | { kind: "markdown"; html: string }
  | { kind: "figure"; figure: Figure; caption?: string }
  | { kind: "table"; table: ColumnTable; options?: TableOptions };

/** A paragraph or heading of plain text, escaped, for a report block. */
export function textBlock(text: string, tag: "p" | "h2" | "h3" = "p"): ReportBlock {
  return { kind: "markdown", html: `<${tag}>${escapeHtml(text)}</${tag}>` };
}

/** The whole report as one HTML document. Figures get deterministic div ids (fig-0, fig-1 ...). */
export function studyReportHtml({ title, blocks, provenance }: { title: string; blocks: readonly ReportBlock[]; provenance: Provenance }): string {
  let figureCount = 0;
  const body = blocks
    .map((b) => {
      if (b.kind === "markdown") return b.html;
      if (b.kind === "table") return tableHtml(b.table, b.options);
      const html = figureHtml(b.figure, { divId: `fig-${figureCount++}` });
      return `<figure>${html}${b.caption ? `<figcaption>${escapeHtml(b.caption)}</figcaption>` : ""}</figure>`;
    })
    .join("\n");
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>`,
    "<style>body{font:14px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}",
    "h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd}figure{margin:12px 0}figcaption{font-size:12px;color:#555}",
    "table.kv th{text-align:left;padding-right:12px;vertical-align:top}pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}",
    "code{font-size:12px}.flag{color:#b2182b;font-weight:600}.ok{color:#1a9850;font-weight:600}</style>",
    plotlyScriptTag(),
    "</head><body>",
    `<h1>${escapeHtml(title)}</h1>`,
    body,
    provenanceHtml(provenance),
    "</body></html>",
  ].join("\n");
}

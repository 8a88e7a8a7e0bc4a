/**
 * Write a notebook from a list of cells, without outputs (the form we commit).
 * Usage from a scratch script: writeNotebook("notebooks/03_regimes.ipynb", [md`...`, code`...`]).
 */
import { writeFileSync } from "node:fs";

export type Cell = { kind: "markdown" | "code"; text: string };

export const md = (text: string): Cell => ({ kind: "markdown", text: text.trim() });
export const code = (text: string): Cell => ({ kind: "code", text: text.trim() });

export function notebookJson(cells: Cell[]): string {
  const lines = (text: string) => text.split("\n").map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
  const nb = {
    cells: cells.map((c) =>
      c.kind === "markdown"
        ? { cell_type: "markdown", metadata: {}, source: lines(c.text) }
        : { cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: lines(c.text) },
    ),
    metadata: {
      kernelspec: { display_name: "TypeScript (alpha engine)", language: "typescript", name: "alpha-engine" },
      language_info: { codemirror_mode: { mode: "typescript", name: "javascript", typescript: true }, file_extension: ".ts", mimetype: "text/typescript", name: "typescript", version: "5.0.4" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  nb.cells.forEach((c, i) => Object.assign(c, { id: `cell-${String(i).padStart(2, "0")}` }));
  return `${JSON.stringify(nb, null, 1)}\n`;
}

export function writeNotebook(path: string, cells: Cell[]): void {
  writeFileSync(path, notebookJson(cells));
}

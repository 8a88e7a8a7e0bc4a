/**
 * Static checks of the committed notebooks' code cells (no Jupyter needed).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cellSource, listNotebooks, readNotebook } from "../../scripts/jupyter";
import { shorthandTopLevelUses } from "../../scripts/notebookLint";

test("shorthandTopLevelUses finds { x } on a top-level variable of any cell, and nothing else", () => {
  const cells = ["const names = ['a'];\nconst n = 2;", "show(chart({ names, title: 't' }));", "const f = ({ n }: { n: number }) => n;\nconst o = { n: n };"];
  assert.deepEqual(shorthandTopLevelUses(cells), [{ cell: 1, name: "names", line: 1 }]);
});

for (const path of listNotebooks()) {
  const name = path.split("/").pop()!;
  test(`${name} has no shorthand property on a top-level variable (tslab leaves it unresolved)`, () => {
    const cells = readNotebook(path).cells.filter((c) => c.cell_type === "code").map(cellSource);
    const uses = shorthandTopLevelUses(cells);
    assert.deepEqual(uses, [], uses.map((u) => `code cell ${u.cell} line ${u.line}: write { ${u.name}: ${u.name} }`).join("; "));
  });
}

/**
 * A check of notebook code cells for what tslab 1.0.22 compiles wrongly. tslab turns every
 * top-level declaration of a cell into `exports.<name>` and rewrites later references to it, but
 * not a shorthand property: `{ names }` stays a bare `names` and fails at run time with
 * "ReferenceError: names is not defined". Write `{ names: names }` instead.
 */
import ts from "typescript";

export interface ShorthandUse {
  /** Index of the code cell (among the cells given). */
  cell: number;
  name: string;
  /** 1-based line inside the cell. */
  line: number;
}

/** Shorthand properties `{ x }` that refer to a variable declared at the top level of any cell. */
export function shorthandTopLevelUses(cells: readonly string[]): ShorthandUse[] {
  const files = cells.map((source, i) => ts.createSourceFile(`cell${i}.ts`, source, ts.ScriptTarget.ES2022, true));
  const topLevel = new Set<string>();
  const collect = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) topLevel.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const file of files) {
    for (const statement of file.statements) {
      if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) collect(d.name);
    }
  }
  const uses: ShorthandUse[] = [];
  files.forEach((file, cell) => {
    const visit = (node: ts.Node): void => {
      if (ts.isShorthandPropertyAssignment(node) && topLevel.has(node.name.text)) {
        uses.push({ cell, name: node.name.text, line: file.getLineAndCharacterOfPosition(node.name.getStart(file)).line + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  });
  return uses;
}

/**
 * Notebook cells are type checked by tslab's bundled TypeScript (5.0.x), not by the 5.9 we build
 * with; the emitted declarations must compile there, or every cell importing the engine fails.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");

test("dist/index.d.ts compiles under tslab's TypeScript with tslab's compiler options", () => {
  assert.ok(existsSync(join(root, "dist", "index.d.ts")), "run npm run build first (npm test does)");
  const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
  assert.match(ts.version, /^5\.0\./);
  const dir = mkdtempSync(join(root, "node_modules", ".dts-check-"));
  const cell = join(dir, "cell.ts");
  writeFileSync(cell, `import * as engine from "cross-asset-alpha-engine";\nexport const keys: string[] = Object.keys(engine);\n`);
  // The options tslab's converter uses for cells on Node 20 (node_modules/tslab/dist/converter.js),
  // except skipLibCheck: tslab skips declaration files, which would hide exactly what we check.
  const program = ts.createProgram([cell], {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: false,
    noEmit: true,
    typeRoots: [join(root, "node_modules", "@types")],
  });
  const ours = (d: import("typescript").Diagnostic) => !d.file || d.file.fileName === cell || d.file.fileName.includes("/dist/");
  const found = ts.getPreEmitDiagnostics(program);
  rmSync(dir, { recursive: true, force: true });
  const diagnostics = found.filter(ours).map((d) => {
    const where = d.file ? `${d.file.fileName.replace(root, "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  assert.deepEqual(diagnostics, []);
});

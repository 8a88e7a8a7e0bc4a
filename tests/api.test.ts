/**
 * The public API: every index lists its names (no `export *`), every exported function and class
 * says what it is for, internals stay internal, every name a notebook imports is there, and the
 * package's stage subpaths (`cross-asset-alpha-engine/analytics`, ...) resolve, at run time through
 * the `exports` map and for types through `typesVersions`, to the same names as the root.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";

const root = resolve(__dirname, "..");
const STAGES = ["util", "config", "data", "features", "regimes", "models", "portfolio", "backtest", "analytics", "study", "charts", "notebook", "production", "sweep"];
const indexFiles = [join(root, "src", "index.ts"), ...STAGES.map((s) => join(root, "src", s, "index.ts"))];

const program = ts.createProgram(indexFiles, { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true, esModuleInterop: true, resolveJsonModule: true, noEmit: true });
const checker = program.getTypeChecker();

interface Exported {
  readonly name: string;
  readonly kind: "function" | "class" | "value" | "type";
  readonly doc: string;
  readonly where: string;
}

/** What a source file exports, resolved through its re-exports to the declarations. */
function exportsOf(file: string): Exported[] {
  const sf = program.getSourceFile(file);
  assert.ok(sf, `${file} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  assert.ok(moduleSymbol, `${file} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((e) => {
    const s = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    const decl = s.declarations?.[0];
    const kind = s.flags & ts.SymbolFlags.Function ? "function" : s.flags & ts.SymbolFlags.Class ? "class" : s.flags & ts.SymbolFlags.Value ? "value" : "type";
    const where = decl ? `${decl.getSourceFile().fileName.replace(root + "/", "")}:${decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1}` : "?";
    return { name: e.name, kind, doc: ts.displayPartsToString(s.getDocumentationComment(checker)).trim(), where };
  });
}

const rootExports = exportsOf(indexFiles[0]);
const rootNames = new Set(rootExports.map((e) => e.name));

test("src/index.ts and every src/<stage>/index.ts list their names: no `export *`", () => {
  const offenders = indexFiles.filter((f) => /^\s*export\s+(type\s+)?\*/m.test(readFileSync(f, "utf8"))).map((f) => f.replace(root + "/", ""));
  assert.deepEqual(offenders, []);
  // and every stage folder has its index among those checked
  // src/cli/ is the command-line application on top of the library, not a library stage.
  const stages = readdirSync(join(root, "src"), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "cli").map((d) => d.name).sort();
  assert.deepEqual(stages, [...STAGES].sort());
});

test("every function, class and constant exported from src/index.ts has a doc comment saying what it is for", () => {
  const values = rootExports.filter((e) => e.kind !== "type");
  const functions = values.filter((e) => e.kind === "function").length;
  assert.ok(functions > 150, `only ${functions} functions found`);
  const undocumented = values.filter((e) => e.doc.length < 10).map((e) => `${e.name} (${e.where})`);
  assert.deepEqual(undocumented, []);
});

test("src/index.ts leaves the internals out: scratch kernels, test hooks, retry parsing, atomic writes, calendar arithmetic, the HMM machinery", () => {
  for (const internal of ["setKernelWriterForTesting", "sendBundle", "parseRetryAfter", "writeFileAtomic", "easterSunday", "fitGaussianHmm", "GaussianHMM", "kMeans", "rescaleHmm", "binMatrix", "memoized", "pearsonPrefix"]) {
    assert.ok(!rootNames.has(internal), `${internal} is exported from src/index.ts`);
  }
  const kernels = [...rootNames].filter((n) => /Into$/.test(n));
  assert.deepEqual(kernels, [], "scratch-buffer kernels (*Into) are exported");
  const hmm = [...rootNames].filter((n) => /^hmm[A-Z]/.test(n));
  assert.deepEqual(hmm, [], "the regime API is the regime* functions and RegimeDetector, not hmm*");
});

test("src/index.ts is exactly the union of the stage indexes", () => {
  const fromStages = new Set(STAGES.flatMap((s) => exportsOf(join(root, "src", s, "index.ts")).map((e) => e.name)));
  assert.deepEqual([...rootNames].filter((n) => !fromStages.has(n)), [], "exported by the root but by no stage");
  assert.deepEqual([...fromStages].filter((n) => !rootNames.has(n)), [], "exported by a stage but not by the root");
});

test("every name a notebook imports from the package is exported", () => {
  const missing: string[] = [];
  const dir = join(root, "notebooks");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ipynb"))) {
    const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: { cell_type: string; source: string[] | string }[] };
    const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
    for (const m of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"cross-asset-alpha-engine"/g)) {
      for (const part of m[1].split(",")) {
        const name = part.replace(/^\s*type\s+/, "").split(/\s+as\s+/)[0].trim();
        if (name && !rootNames.has(name)) missing.push(`${file}: ${name}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

const built = existsSync(join(root, "dist", "index.js")) && existsSync(join(root, "node_modules", "cross-asset-alpha-engine"));

test("require('cross-asset-alpha-engine/<stage>') gives that stage's functions, the very same as the root's", () => {
  assert.ok(built, "run npm run build first (npm test does): it builds dist/ and links the package into node_modules");
  const pkg = require("cross-asset-alpha-engine") as Record<string, unknown>;
  const analytics = require("cross-asset-alpha-engine/analytics") as Record<string, unknown>;
  assert.equal(typeof analytics.sharpeRatio, "function");
  for (const [name, value] of Object.entries(analytics)) assert.equal(pkg[name], value, `analytics.${name} differs from the root's`);
  // the stage subpaths together are the root, and each matches its source index
  const union = new Set<string>();
  for (const stage of STAGES) {
    const sub = require(`cross-asset-alpha-engine/${stage}`) as Record<string, unknown>;
    const expected = exportsOf(join(root, "src", stage, "index.ts")).filter((e) => e.kind !== "type").map((e) => e.name).sort();
    assert.deepEqual(Object.keys(sub).sort(), expected, `cross-asset-alpha-engine/${stage}`);
    for (const [name, value] of Object.entries(sub)) {
      assert.equal(pkg[name], value, `${stage}.${name} differs from the root's`);
      union.add(name);
    }
  }
  assert.deepEqual(Object.keys(pkg).filter((n) => !union.has(n)), []);
  // deep paths into dist/ are closed by the exports map
  assert.throws(() => require.resolve("cross-asset-alpha-engine/dist/regimes/model.js"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
  assert.equal((require("cross-asset-alpha-engine/package.json") as { name: string }).name, "cross-asset-alpha-engine");
});

test("types of 'cross-asset-alpha-engine/<stage>' resolve under Node10 (typesVersions; tslab's TypeScript too) and Bundler (exports)", () => {
  assert.ok(built, "run npm run build first (npm test does)");
  const tslab = require("@tslab/typescript-for-tslab") as typeof import("typescript");
  const from = join(root, "notebooks", "cell.ts");
  const cases: [typeof ts, ts.ModuleResolutionKind, string][] = [
    [ts, ts.ModuleResolutionKind.Node10, `typescript ${ts.version} Node10`],
    [tslab, tslab.ModuleResolutionKind.Node10, `typescript ${tslab.version} Node10`],
    [ts, ts.ModuleResolutionKind.Bundler, `typescript ${ts.version} Bundler`],
  ];
  for (const [compiler, moduleResolution, label] of cases) {
    const options = { moduleResolution, module: compiler.ModuleKind.ESNext, target: compiler.ScriptTarget.ES2022 };
    const resolved = (spec: string) => compiler.resolveModuleName(spec, from, options, compiler.sys).resolvedModule?.resolvedFileName.replace(root + "/", "");
    assert.equal(resolved("cross-asset-alpha-engine"), "dist/index.d.ts", label);
    for (const stage of STAGES) assert.equal(resolved(`cross-asset-alpha-engine/${stage}`), `dist/${stage}/index.d.ts`, `${label}: ${stage}`);
  }
});

// The README's Sweeps section says the bar cache is plain Parquet DuckDB reads: its SQL runs, as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

test("the README's DuckDB query over the bar cache runs and counts every ticker's rows as the sidecars do", async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Sweeps"), readme.indexOf("\n## ", readme.indexOf("## Sweeps") + 3));
  const sql = section.match(/```sql\n([\s\S]*?)```/)?.[1];
  assert.ok(sql, "the Sweeps section has a sql block");
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const previous = process.cwd();
  process.chdir(ROOT); // the query's paths are relative to the project root, as the README runs it
  let rows: unknown[][];
  try {
    rows = (await connection.runAndReadAll(sql)).getRowsJson() as unknown[][];
  } finally {
    process.chdir(previous);
    connection.closeSync();
  }
  const files = readdirSync(join(ROOT, "data", "adjusted")).filter((f) => f.endsWith(".parquet")).map((f) => f.replace(/\.parquet$/, "")).sort();
  assert.deepEqual(rows.map((r) => r[0]), files);
  for (const row of rows) {
    const sidecar = JSON.parse(readFileSync(join(ROOT, "data", "adjusted", `${row[0]}.json`), "utf8")) as { rowCount: number; firstDate: string; lastDate: string };
    assert.equal(Number(row[1]), sidecar.rowCount, `${row[0]} rows`);
    assert.equal(row[2], sidecar.firstDate, `${row[0]} first day`);
    assert.equal(row[3], sidecar.lastDate, `${row[0]} last day`);
  }
});

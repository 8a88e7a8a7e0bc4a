import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { formatNumber, tableHtml, tableText, toColumnTable, showTable } from "../../src/notebook/table";
import { setKernelWriterForTesting } from "../../src/notebook/kernel";

afterEach(() => setKernelWriterForTesting(undefined));

test("formatNumber() groups thousands, keeps 4 significant decimals and shows NaN as a dash", () => {
  assert.equal(formatNumber(1234567), "1,234,567");
  assert.equal(formatNumber(0.123456), "0.1235");
  assert.equal(formatNumber(-2.5), "-2.5");
  assert.equal(formatNumber(1234.5678), "1,234.57");
  assert.equal(formatNumber(NaN), "–");
  assert.equal(formatNumber(Infinity), "∞");
  assert.equal(formatNumber(0.0000123), "1.230e-5");
});

test("tableHtml() escapes text, right-aligns numbers and cuts long tables", () => {
  const n = 100;
  const html = tableHtml({ name: Array.from({ length: n }, (_, i) => `<t${i}>`), x: Float64Array.from({ length: n }, (_, i) => i / 3) }, { maxRows: 10 });
  assert.match(html, /&lt;t0&gt;/);
  assert.doesNotMatch(html, /<t0>/);
  assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 10 + 1, "header, 10 rows and one ellipsis row");
  assert.match(html, /100 rows × 2 columns/);
  assert.match(html, /class="num">32\.33</, "97 / 3 to 4 significant digits");
});

test("tableText() aligns columns and formats percentages", () => {
  const text = tableText({ metric: ["sharpe", "return"], value: [1.23456, 0.0512] }, { percent: [] });
  assert.equal(text, "metric   value\nsharpe   1.235\nreturn  0.0512");
  assert.match(tableText({ r: [0.0512] }, { percent: ["r"] }), /5\.12%/);
});

test("toColumnTable() reads a danfo-like DataFrame (columns + row-major values)", () => {
  const df = { columns: ["a", "b"], values: [[1, "x"], [2, "y"]] };
  assert.deepEqual(toColumnTable(df), { a: [1, 2], b: ["x", "y"] });
});

test("tables with ragged columns are refused, naming the column", () => {
  assert.throws(() => tableHtml({ a: [1, 2], b: [1] }), /table column "b" has 1 rows where "a" has 2/);
});

test("showTable() sends HTML with a text fallback inside a kernel", () => {
  const sent: Record<string, unknown>[] = [];
  setKernelWriterForTesting((content) => sent.push(content.data));
  showTable({ a: [1] });
  assert.deepEqual(Object.keys(sent[0]).sort(), ["text/html", "text/plain"]);
});

test("showTable() renders a real danfojs-node DataFrame, with its labelled index first", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dfd = require("danfojs-node") as { DataFrame: new (data: unknown, options?: unknown) => unknown };
  const plain = new dfd.DataFrame({ ticker: ["SPY", "TLT"], sharpe: [0.71234, -0.1] });
  assert.deepEqual(toColumnTable(plain as never), { ticker: ["SPY", "TLT"], sharpe: [0.71234, -0.1] });
  const labelled = new dfd.DataFrame({ sharpe: [0.5] }, { index: ["2020-01-02"] });
  assert.match(tableText(labelled as never), /2020-01-02\s+0\.5/);
});

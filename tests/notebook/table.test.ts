import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { tableHtml, tableText, toColumnTable, showTable } from "../../src/notebook/table";
import { setKernelWriterForTesting } from "../../src/notebook/kernel";
import { performanceTable } from "../../src/analytics/summary";

afterEach(() => setKernelWriterForTesting(undefined));

test("tableHtml() escapes text, right-aligns numbers and cuts long tables", () => {
  const n = 100;
  const html = tableHtml({ name: Array.from({ length: n }, (_, i) => `<t${i}>`), x: Float64Array.from({ length: n }, (_, i) => i / 3) }, { maxRows: 10 });
  assert.match(html, /&lt;t0&gt;/);
  assert.doesNotMatch(html, /<t0>/);
  assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 10 + 1, "header, 10 rows and one ellipsis row");
  assert.match(html, /100 rows × 2 columns/);
  assert.match(html, /class="num">32\.33</, "97 / 3 at the column's decimals: 4 significant digits of its largest value, 99 / 3 = 33.00");
});

test("tableText() aligns text left and numbers right, one number of decimals per column, percentages as %", () => {
  const text = tableText({ metric: ["sharpe", "return"], value: [1.23456, 0.0512] }, { percent: [] });
  assert.equal(text, "metric  value\nsharpe  1.235\nreturn  0.051");
  assert.match(tableText({ r: [0.0512] }, { percent: ["r"] }), /5\.120%/);
});

test("tables: no ragged decimals in a percent column (0.049% beside 0.22% reads 0.05% and 0.22% at digits 2)", () => {
  const table = { ticker: ["SPY", "TLT", "GLD"], cost: [0.00049, 0.0022, 0.0105] };
  assert.equal(tableText(table, { percent: ["cost"], digits: 2 }), "ticker  cost\nSPY     0.0%\nTLT     0.2%\nGLD     1.1%");
  assert.equal(tableText({ cost: [0.00049, 0.0022] }, { percent: ["cost"], digits: 2 }), " cost\n0.05%\n0.22%");
});

test("tables: digits are honoured above 1,000, whole-number columns have no decimals, float noise is 0", () => {
  assert.equal(tableText({ nav: [12345.678, 250.5] }, { digits: 6 }), "     nav\n12,345.7\n   250.5");
  assert.equal(tableText({ nav: [12345.678, 250.5] }), "   nav\n12,346\n   251");
  assert.equal(tableText({ days: [4077, 12] }), " days\n4,077\n   12");
  assert.equal(tableText({ beta: [0.1412, 2.776e-16, -1e-17] }), "  beta\n0.1412\n0.0000\n0.0000");
});

test("tables: fixed decimals per column by name, and NaN, null and infinities", () => {
  assert.equal(tableText({ a: [1.23456, NaN], b: [0.5, Infinity] }, { decimals: { a: 1 } }), "  a       b\n1.2  0.5000\n  –       ∞");
  assert.equal(tableText({ a: [1.23456, null] }, { decimals: 2 }), "   a\n1.23\n   –");
});

test("tableHtml() right-aligns percent and number columns alike (header too), text left", () => {
  const html = tableHtml({ ticker: ["SPY"], sharpe: [0.71], weight: [0.1] }, { percent: ["weight"] });
  assert.match(html, /<th class="txt">ticker<\/th><th class="num">sharpe<\/th><th class="num">weight<\/th>/);
  assert.match(html, /<td class="txt">SPY<\/td><td class="num">0\.7100<\/td><td class="num">10\.00%<\/td>/);
  assert.match(html, /\.cae-table \.num\{text-align:right/);
  const captioned = tableHtml({ a: [1] }, { caption: "a long caption <b>" });
  assert.match(captioned, /<div class="cae-caption">a long caption &lt;b&gt;<\/div><table class="cae-table">/, "the caption sits above the table, not wrapped to its width");
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

test("the performance table: one format per metric row, and its formatted-number columns right-aligned like numbers", () => {
  const base = { totalReturn: 0.1234, annualizedReturn: 0.0071, annualizedVolatility: 0.0632, sharpe: 0.01328, sortino: 0.5678, calmar: 0.9047, maxDrawdown: -0.1893, maxDrawdownPeriods: 1234, hitRate: 0.51, annualizedTurnover: 42.613, costDrag: 0.0208, beta: 0.0087, betaTStat: 1.5412, alphaAnnual: -0.0009, alphaTStat: -0.09, residualSharpe: -0.023, informationRatio: NaN, correlation: NaN, periods: 4077 };
  const table = performanceTable({ strategy: base as never, benchmark: { ...base, beta: NaN, sharpe: 0.9 } as never });
  const row = (label: string) => table.metric.indexOf(label);
  assert.deepEqual([row("Sharpe (annualised)"), row("days")].map((i) => table.strategy[i]), ["0.013", "4,077"]);
  assert.equal(table.benchmark[row("Sharpe (annualised)")], "0.900"); // the same decimals in the row
  assert.equal(table.strategy[row("total return")], "12.34%");
  assert.equal(table.benchmark[row("beta to benchmark")], "–");
  const html = tableHtml(table);
  assert.match(html, /<th class="num">strategy<\/th><th class="num">benchmark<\/th>/);
  assert.match(html, /<td class="txt">Sharpe \(annualised\)<\/td><td class="num">0\.013<\/td><td class="num">0\.900<\/td>/);
});

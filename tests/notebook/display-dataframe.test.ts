/**
 * danfo DataFrames as tables: tslab prints a cell's last expression with console.log, i.e. through
 * util.inspect, so the inspect hook that displayDataFramesAsTables installs is what makes `df` alone
 * on the last line of a cell render as a table.
 */
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { displayDataFramesAsTables } from "../../src/notebook/dataframe";
import { setKernelWriterForTesting } from "../../src/notebook/kernel";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dfd = require("danfojs-node") as { DataFrame: new (data: unknown, options?: unknown) => object; Series: new (data: unknown, options?: unknown) => object };

afterEach(() => setKernelWriterForTesting(undefined));

test("displayDataFramesAsTables() finds the danfojs-node already loaded, and patches once", () => {
  assert.equal(displayDataFramesAsTables(), true);
  assert.equal(displayDataFramesAsTables(dfd), true);
  assert.equal(displayDataFramesAsTables({} as never), false, "no DataFrame class: nothing to patch");
});

test("inside a kernel, printing a DataFrame sends an HTML table and prints a one-line tag", () => {
  displayDataFramesAsTables(dfd);
  const sent: Record<string, unknown>[] = [];
  setKernelWriterForTesting((content) => sent.push(content.data));
  const df = new dfd.DataFrame({ ticker: ["SPY", "TLT"], sharpe: [0.71234, -0.1] });
  assert.equal(inspect(df), "[DataFrame 2 × 2]");
  assert.equal(sent.length, 1);
  const html = sent[0]["text/html"] as string;
  assert.match(html, /<th>ticker<\/th><th>sharpe<\/th>/);
  assert.match(html, /<td class="txt">SPY<\/td><td class="num">0\.7123<\/td>/);
  assert.match(sent[0]["text/plain"] as string, /TLT\s+-0\.1/);
});

test("a Series shows as a one-column table; a frame nested in another object stays a tag", () => {
  displayDataFramesAsTables(dfd);
  const sent: Record<string, unknown>[] = [];
  setKernelWriterForTesting((content) => sent.push(content.data));
  const s = new dfd.Series([1.5, 2], { index: ["a", "b"] });
  inspect(s);
  assert.equal(sent[0]["text/plain"], "   value\na    1.5\nb      2");
  const df = new dfd.DataFrame({ x: [1] });
  assert.equal(inspect({ df: df }), "{ df: [DataFrame 1 × 1] }");
  assert.equal(sent.length, 1, "the nested frame is not displayed");
});

test("outside a kernel, printing a DataFrame prints the text table", () => {
  displayDataFramesAsTables(dfd);
  setKernelWriterForTesting(null);
  const df = new dfd.DataFrame({ sharpe: [0.5] }, { index: ["2020-01-02"] });
  assert.match(inspect(df), /sharpe\n2020-01-02\s+0\.5/);
});

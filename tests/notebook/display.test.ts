import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { show, figureHtml, reembedPlotly, PLOTLY_MIME, describeFigure } from "../../src/notebook/plotly";
import { setKernelWriterForTesting } from "../../src/notebook/kernel";
import { toJsonText } from "../../src/notebook/json";

type Sent = { content: { data: Record<string, unknown>; transient: { display_id?: string } }; update: boolean };

function capture(): Sent[] {
  const sent: Sent[] = [];
  setKernelWriterForTesting((content, update) => sent.push({ content, update }));
  return sent;
}

afterEach(() => {
  setKernelWriterForTesting(undefined);
  reembedPlotly();
});

const figure = {
  data: [{ type: "scatter", x: [1, 2, 3], y: new Float64Array([1, NaN, 3]) }],
  layout: { title: { text: "demo" } },
};

test("show() sends one bundle with the Plotly MIME type, an HTML fallback and text", () => {
  const sent = capture();
  show(figure);
  assert.equal(sent.length, 1);
  const data = sent[0].content.data;
  assert.deepEqual(Object.keys(data).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  const plotly = data[PLOTLY_MIME] as { data: { y: unknown[] }[] };
  // typed arrays become plain arrays and NaN becomes null (Plotly draws a gap)
  assert.deepEqual(plotly.data[0].y, [1, null, 3]);
  assert.equal(data["text/plain"], "Figure: demo (1 trace)");
});

test("show() embeds plotly.js in the first output of a session only", () => {
  const sent = capture();
  show(figure);
  show(figure);
  const first = sent[0].content.data["text/html"] as string;
  const second = sent[1].content.data["text/html"] as string;
  assert.ok(first.length > 1_000_000, `first output should carry plotly.js (${first.length} chars)`);
  assert.match(first, /var define = undefined, module = undefined, exports = undefined/);
  assert.ok(second.length < 10_000, `second output should not carry plotly.js again (${second.length} chars)`);
  assert.doesNotMatch(first + second, /<script[^>]+src=/, "no script is loaded from a URL");
});

test("show() outside a kernel prints the text description instead", () => {
  setKernelWriterForTesting(null);
  const lines: string[] = [];
  const original = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    show(figure);
  } finally {
    console.log = original;
  }
  assert.deepEqual(lines, ["Figure: demo (1 trace)"]);
});

test("figureHtml() keeps a hostile title from closing its script element", () => {
  const html = figureHtml({ data: [], layout: { title: "</script><script>alert(1)</script>" } });
  const scripts = html.match(/<\/script>/g) ?? [];
  assert.equal(scripts.length, 1, "only the figure's own script closes");
});

test("toJsonText() maps infinities to null and escapes line separators for scripts", () => {
  assert.equal(toJsonText([1, Infinity, -Infinity, NaN]), "[1,null,null,null]");
  assert.equal(toJsonText({ s: "a\u2028b</x" }, { forScript: true }), '{"s":"a\\u2028b<\\/x"}');
});

test("describeFigure() reads string and object titles", () => {
  assert.equal(describeFigure({ data: [{}, {}], layout: { title: "t" } }), "Figure: t (2 traces)");
  assert.equal(describeFigure({ data: [] }), "Figure: untitled (0 traces)");
});

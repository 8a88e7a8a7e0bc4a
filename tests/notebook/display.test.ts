import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { runInNewContext } from "node:vm";
import { show, figureHtml, plotlyScriptTag, PLOTLY_MIME, describeFigure } from "../../src/notebook/plotly";
import { setupNotebook } from "../../src/notebook/setup";
import { setKernelWriterForTesting } from "../../src/notebook/kernel";
import { toJsonText } from "../../src/notebook/json";
import { roundForDisplay } from "../../src/charts/figure";

type Sent = { content: { data: Record<string, unknown>; transient: { display_id?: string } }; update: boolean };

function capture(): Sent[] {
  const sent: Sent[] = [];
  setKernelWriterForTesting((content, update) => sent.push({ content, update }));
  return sent;
}

afterEach(() => setKernelWriterForTesting(undefined));

const figure = {
  data: [{ type: "scatter", x: [1, 2, 3], y: new Float64Array([1 / 3, NaN, 3]) }],
  layout: { title: { text: "demo" } },
};

test("show() sends one bundle with the Plotly MIME type, an HTML fallback and text", () => {
  const sent = capture();
  show(figure);
  assert.equal(sent.length, 1);
  const data = sent[0].content.data;
  assert.deepEqual(Object.keys(data).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  const plotly = data[PLOTLY_MIME] as { data: { y: unknown[] }[] };
  // typed arrays become plain arrays, 1/3 keeps 7 significant digits, NaN becomes null (Plotly draws a gap)
  assert.deepEqual(plotly.data[0].y, [0.3333333, null, 3]);
  assert.match(data["text/html"] as string, /"y":\[0\.3333333,null,3\]/);
  assert.equal(data["text/plain"], "Figure: demo (1 trace)");
});

test("show() never carries plotly.js, however often it runs: the library is setupNotebook()'s", () => {
  const sent = capture();
  for (let i = 0; i < 3; i++) show(figure);
  for (const s of sent) {
    const html = s.content.data["text/html"] as string;
    assert.ok(html.length < 10_000, `a chart output carries ${html.length} chars`);
    assert.doesNotMatch(html, /window\.PlotlyConfig|<script[^>]+src=/);
  }
});

test("setupNotebook() embeds plotly.js in its own output each time the cell runs", () => {
  const sent = capture();
  setupNotebook();
  setupNotebook();
  assert.equal(sent.length, 2, "re-running the setup cell embeds the library again");
  for (const s of sent) {
    const html = s.content.data["text/html"] as string;
    assert.ok(html.length > 1_000_000 && html.length < 2_000_000, `the cartesian bundle is about 1.5 MB (${html.length} chars)`);
    assert.match(html, /var define = undefined, module = undefined, exports = undefined/);
    assert.match(s.content.data["text/plain"] as string, /^plotly\.js \d+\.\d+\.\d+ \(cartesian bundle\)/);
  }
});

/** A page with a window, a document of divs, and a fake Plotly that records what it drew. */
function fakePage() {
  const window = new EventTarget() as EventTarget & { Plotly?: { newPlot: (...a: unknown[]) => void } };
  const divs = new Map<string, { id: string; textContent: string; isConnected: boolean }>();
  const drawn: { id: string; data: unknown }[] = [];
  const document = { getElementById: (id: string) => divs.get(id) ?? null };
  const context = { window, document, Event };
  return {
    drawn,
    divs,
    /** Insert an output's HTML: its divs join the page, its inline scripts run. */
    insert(html: string) {
      for (const m of html.matchAll(/<div id="([^"]+)"/g)) divs.set(m[1], { id: m[1], textContent: "", isConnected: true });
      for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) runInNewContext(m[1], context);
    },
    /** What the setup output does once the library has run: define Plotly, fire the ready event. */
    loadLibrary() {
      window.Plotly = { newPlot: (el, data) => drawn.push({ id: (el as { id: string }).id, data }) };
      const ready = /window\.dispatchEvent\(new Event\("([^"]+)"\)\);<\/script>$/.exec(plotlyScriptTag());
      assert.ok(ready, "plotlyScriptTag ends by firing its ready event");
      window.dispatchEvent(new Event(ready[1]));
    },
  };
}

test("figureHtml() draws at once when plotly.js is on the page, and waits for it otherwise (a reopened notebook)", () => {
  const page = fakePage();
  page.insert(figureHtml(figure, { divId: "early" }));
  assert.equal(page.drawn.length, 0);
  assert.match(page.divs.get("early")!.textContent, /run the notebook's first code cell \(setupNotebook\(\)\)/);
  page.loadLibrary();
  assert.deepEqual(page.drawn.map((d) => d.id), ["early"]);
  assert.equal(page.divs.get("early")!.textContent, "", "the waiting note is cleared");
  page.insert(figureHtml(figure, { divId: "late" }));
  assert.deepEqual(page.drawn.map((d) => d.id), ["early", "late"]);
  // the setup cell run again (library re-embedded): nothing drawn twice, nothing lost
  page.loadLibrary();
  assert.deepEqual(page.drawn.map((d) => d.id), ["early", "late"]);
});

test("figureHtml() writes an array several traces share once, and the page gets every trace's values back", () => {
  const dates = Array.from({ length: 100 }, (_, i) => `2024-01-${String(1 + (i % 28)).padStart(2, "0")}T${String(i).padStart(3, "0")}`);
  const lines = {
    data: [
      { type: "scatter", name: "a", x: dates, y: Float64Array.from(dates, (_, i) => i / 7) },
      { type: "scatter", name: "b", x: dates.slice(), y: Float64Array.from(dates, (_, i) => -i / 7) },
      { type: "scatter", name: "short", x: [1, 2], y: [1, 2] },
    ],
  };
  const html = figureHtml(lines, { divId: "shared" });
  assert.equal(html.split('"2024-01-01T000"').length - 1, 1, "the dates are written once");
  const page = fakePage();
  page.loadLibrary();
  page.insert(html);
  const raw = page.drawn[0].data as { x: unknown[] }[];
  assert.notEqual(raw[0].x, raw[1].x, "each trace gets its own copy");
  const drawn = JSON.parse(JSON.stringify(raw)) as { x: unknown[]; y: number[] }[]; // out of the page's realm
  assert.deepEqual(drawn[0].x, dates);
  assert.deepEqual(drawn[1].x, dates);
  assert.equal(drawn[0].y[3], 0.4285714); // 3/7 to 7 significant digits
  assert.deepEqual(drawn[2].x, [1, 2]);
});

test("figureHtml() skips a chart whose output was cleared before the library arrived", () => {
  const page = fakePage();
  page.insert(figureHtml(figure, { divId: "gone" }));
  page.divs.get("gone")!.isConnected = false; // its cell was re-run
  page.insert(figureHtml(figure, { divId: "kept" }));
  page.loadLibrary();
  assert.deepEqual(page.drawn.map((d) => d.id), ["kept"]);
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

test("toJsonText({ forDisplay }) rounds non-integers to 7 significant digits and keeps integers exact", () => {
  // by hand: 0.1 + 0.2 = 0.30000000000000004; 2/3 = 0.6666666666...; epoch ms and volumes are integers
  assert.equal(toJsonText([0.1 + 0.2, 2 / 3, -0.000123456789, 1727740800000, 123456789, 1234.56789012], { forDisplay: true }), "[0.3,0.6666667,-0.0001234568,1727740800000,123456789,1234.568]");
  assert.equal(toJsonText(Float64Array.of(Math.PI, NaN), { forDisplay: true }), "[3.141593,null]");
  assert.equal(toJsonText([2 / 3]), "[0.6666666666666666]", "full precision unless asked");
  assert.equal(roundForDisplay(-Infinity), -Infinity);
});

test("describeFigure() reads string and object titles", () => {
  assert.equal(describeFigure({ data: [{}, {}], layout: { title: "t" } }), "Figure: t (2 traces)");
  assert.equal(describeFigure({ data: [] }), "Figure: untitled (0 traces)");
});

import { finiteOrNull } from "../charts/downsample";

/**
 * JSON for figures and tables: typed arrays become arrays, NaN and infinities become null
 * (Plotly draws a gap), Dates become ISO strings. When `forScript` is true the text is also
 * safe inside an HTML <script> element (no "</script", no U+2028/2029 line separators).
 */
export function toJsonText(value: unknown, { forScript = false } = {}): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, finiteOrNull);
    if (typeof v === "number") return finiteOrNull(v);
    return v;
  });
  if (!forScript) return text;
  return text.replace(/<\//g, "<\\/").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Plain JSON value (typed arrays converted), for MIME bundles that Jupyter serialises itself. */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(toJsonText(value));
}


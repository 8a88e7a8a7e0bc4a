import { finiteOrNull } from "../charts/downsample";
import { roundForDisplay } from "../charts/figure";

/** How `toJsonText` writes numbers and where the text goes. */
export interface JsonTextOptions {
  /** Also safe inside an HTML <script> element: no "</script", no U+2028/2029 line separators (default false). */
  forScript?: boolean;
  /** Round non-integers to the figures' display precision (roundForDisplay, 7 significant digits; default false). */
  forDisplay?: boolean;
}

/**
 * JSON for figures and tables: typed arrays become arrays, NaN and infinities become null
 * (Plotly draws a gap), Dates become ISO strings; `forDisplay` rounds numbers for charts.
 */
export function toJsonText(value: unknown, { forScript = false, forDisplay = false }: JsonTextOptions = {}): string {
  const number = forDisplay ? (v: number) => finiteOrNull(roundForDisplay(v)) : finiteOrNull;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, number);
    if (typeof v === "number") return number(v);
    return v;
  });
  if (!forScript) return text;
  return text.replace(/<\//g, "<\\/").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Plain JSON value (typed arrays converted), for MIME bundles that Jupyter serialises itself. */
export function toJsonValue(value: unknown, { forDisplay = false }: { forDisplay?: boolean } = {}): unknown {
  return JSON.parse(toJsonText(value, { forDisplay }));
}

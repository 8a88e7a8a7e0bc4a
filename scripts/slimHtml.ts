/**
 * The report step's last pass over an nbconvert HTML page: nbconvert's lab template inlines all of
 * JupyterLab's stylesheet (about 550 kB, a quarter of a report), most of it for widgets and
 * panels a static page never has. We keep the rules whose class names all occur in the page's own
 * class attributes (and every rule that names no class), then minify with esbuild. Charts and math
 * bring their own CSS at run time (plotly.js and MathJax inject it), so nothing they need is cut.
 */
import { transformSync } from "esbuild";

/** The page with each <style> element pruned to the rules the page can match, and minified. */
export function slimReportHtml(html: string): string {
  const classes = pageClasses(html);
  return html.replace(/(<style[^>]*>)([\s\S]*?)(<\/style>)/g, (_all, open: string, css: string, close: string) => {
    const minified = transformSync(css, { loader: "css", minify: true }).code;
    return `${open}${pruneRules(minified, classes)}${close}`;
  });
}

/** Every class name in a class="..." attribute of the page. */
export function pageClasses(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) for (const c of m[1].split(/\s+/)) if (c) out.add(c);
  return out;
}

/**
 * Minified CSS without the style rules none of whose selectors can match: a selector is kept when
 * every `.class` in it is in `classes`. @media and @supports blocks are pruned inside (and dropped
 * when empty); other at-rules (@keyframes, @font-face, @import) are kept whole.
 * @example pruneRules(".a{color:red}.b{color:blue}p{margin:0}", new Set(["a"])) // => ".a{color:red}p{margin:0}"
 */
export function pruneRules(css: string, classes: ReadonlySet<string>): string {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf("{", i);
    if (open < 0) {
      out += css.slice(i);
      break;
    }
    const semicolon = css.indexOf(";", i);
    if (css[i] === "@" && semicolon >= 0 && semicolon < open) {
      out += css.slice(i, semicolon + 1); // @import ...; @charset ...;
      i = semicolon + 1;
      continue;
    }
    const prelude = css.slice(i, open);
    const close = matchingBrace(css, open);
    const body = css.slice(open + 1, close);
    if (/^@(media|supports)/.test(prelude)) {
      const inner = pruneRules(body, classes);
      if (inner) out += `${prelude}{${inner}}`;
    } else if (prelude.startsWith("@") || prelude.split(",").some((selector) => canMatch(selector, classes))) {
      out += `${prelude}{${body}}`;
    }
    i = close + 1;
  }
  return out;
}

function canMatch(selector: string, classes: ReadonlySet<string>): boolean {
  // class names outside :not(...), which may name classes that are absent
  const positive = selector.replace(/:not\([^)]*\)/g, "");
  for (const m of positive.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) if (!classes.has(m[1])) return false;
  return true;
}

/** Index of the "}" that closes the "{" at `open`, skipping quoted strings. */
function matchingBrace(css: string, open: number): number {
  let depth = 0;
  for (let k = open; k < css.length; k++) {
    const ch = css[k];
    if (ch === '"' || ch === "'") {
      const end = css.indexOf(ch, k + 1);
      k = end < 0 ? css.length : end;
    } else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return k;
  }
  return css.length;
}

// plotly.js-dist ships only the unminified bundle (11 MB); every rendered report embeds it once,
// so we minify it at build time (about 4.7 MB) into dist/vendor/plotly.min.js. Skipped when the
// minified copy already matches the installed plotly.js version.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const version = require("plotly.js-dist/package.json").version;
const outDir = join(root, "dist", "vendor");
const out = join(outDir, "plotly.min.js");
const stamp = join(outDir, "plotly.version");
if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, "utf8") === version) process.exit(0);
const source = readFileSync(require.resolve("plotly.js-dist/plotly.js"), "utf8");
const { code } = await transform(source, { minify: true, legalComments: "inline", charset: "utf8" });
mkdirSync(outDir, { recursive: true });
writeFileSync(out, code);
writeFileSync(stamp, version);
console.log(`minified plotly.js ${version}: ${(source.length / 1e6).toFixed(1)} MB -> ${(code.length / 1e6).toFixed(1)} MB`);

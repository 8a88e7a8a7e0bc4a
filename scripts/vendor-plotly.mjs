// The notebooks and reports embed plotly.js's official cartesian partial bundle, which Plotly ships
// minified (plotly.js-cartesian-dist-min, read in place by src/notebook/plotly.ts), so nothing is
// built here any more. Earlier builds minified the full plotly.js-dist (4.7 MB) into dist/vendor/;
// remove that copy so no stale library can be picked up or packed.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist", "vendor"), { recursive: true, force: true });

/**
 * Maintainer tool: build the shipped dataset in data/ from the reference CSVs in ../shared/data.
 * Not run by tests, benchmarks or notebooks (they read data/ only).
 *
 *   npx tsx scripts/build-shipped-data.ts [--shared /work/shared/data]
 *
 * Writes data/<dataset>/<stem>.parquet + .json (the bar cache format of src/data/cache.ts) and
 * data/SOURCES.md (provenance of every file, from ../shared/data/manifest.csv).
 */
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createBars } from "../src/data/bars";
import { cachePaths, writeBarsCache, type AdjustmentBasis } from "../src/data/cache";
import { isoToDay } from "../src/util/dates";

const root = resolve(__dirname, "..");
const argShared = process.argv.indexOf("--shared");
const shared = argShared > 0 ? process.argv[argShared + 1] : resolve(root, "..", "shared", "data");
const out = join(root, "data");

/** The study's default range (data/universes.json, cross-asset-core): the split-only files are trimmed to it. */
const STUDY_RANGE = { first: "2007-04-11", last: "2025-09-26" };

/**
 * What we ship: every adjusted ticker, crypto, every split-only ticker (Polygon's basis; the study
 * prices ADV$ from them, backtest.advPriceBasis), trimmed to the study's range, and two unadjusted
 * series with real splits.
 */
const SHIP: { variant: string; tickers: string[] | "all"; range?: { first: string; last: string } }[] = [
  { variant: "adjusted", tickers: "all" },
  { variant: "crypto", tickers: "all" },
  { variant: "split_adjusted", tickers: "all", range: STUDY_RANGE },
  { variant: "unadjusted", tickers: ["AAPL", "USO"] },
];

/** `--only <variant>`: rebuild that folder only; the others' files are listed in SOURCES.md as they are on disk. */
const argOnly = process.argv.indexOf("--only");
const only = argOnly > 0 ? process.argv[argOnly + 1] : null;

interface ManifestRow {
  file: string; ticker: string; variant: string; source: string; repo: string; path: string; commit: string;
  adjustment: string; first: string; last: string; rows: string; anomalies: string; notes: string;
}

/** Minimal RFC 4180 CSV parser (quoted fields with commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

function readManifest(): ManifestRow[] {
  const [header, ...rows] = parseCsv(readFileSync(join(shared, "manifest.csv"), "utf8"));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])) as unknown as ManifestRow);
}

function basisOf(variant: string): { adjusted: boolean; adjustment: AdjustmentBasis } {
  if (variant === "split_adjusted") return { adjusted: true, adjustment: "split" };
  if (variant === "unadjusted") return { adjusted: false, adjustment: "none" };
  return { adjusted: true, adjustment: "split_dividend" }; // adjusted/ and crypto/ (auto_adjust; a no-op for crypto)
}

function symbolOf(variant: string, ticker: string): string {
  return variant === "crypto" ? `X:${ticker}` : ticker;
}

async function main(): Promise<void> {
  const manifest = readManifest();
  const builtAt = new Date().toISOString();
  const shipped: { row: ManifestRow; symbol: string; dataset: string; bytes: number; hash: string }[] = [];
  if (only !== null && !SHIP.some((s) => s.variant === only)) throw new Error(`--only ${only}: not one of ${SHIP.map((s) => s.variant).join(", ")}`);
  for (const { variant, tickers, range } of SHIP) {
    const rows = manifest.filter((r) => r.variant === variant && (tickers === "all" || tickers.includes(r.ticker)));
    const dir = join(out, variant);
    if (only !== null && variant !== only) {
      for (const row of rows) {
        const symbol = symbolOf(variant, row.ticker);
        const meta = JSON.parse(readFileSync(cachePaths(dir, symbol).sidecar, "utf8")) as { contentHash: string; firstDate: string; lastDate: string; rowCount: number };
        const shippedRow = { ...row, first: meta.firstDate, last: meta.lastDate, rows: String(meta.rowCount) };
        shipped.push({ row: shippedRow, symbol, dataset: variant, bytes: statSync(cachePaths(dir, symbol).parquet).size, hash: meta.contentHash });
      }
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
    for (const row of rows) {
      const [header, ...all] = parseCsv(readFileSync(join(shared, row.file), "utf8"));
      if (header.join(",") !== "date,open,high,low,close,volume") throw new Error(`${row.file}: unexpected header ${header.join(",")}`);
      if (String(all.length) !== row.rows) throw new Error(`${row.file}: ${all.length} rows, manifest says ${row.rows}`);
      // ISO dates compare as strings
      const lines = range ? all.filter((l) => l[0] >= range.first && l[0] <= range.last) : all;
      const n = lines.length;
      const cols = { dates: new Int32Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
      lines.forEach((l, i) => {
        cols.dates[i] = isoToDay(l[0]);
        cols.open[i] = Number(l[1]); cols.high[i] = Number(l[2]); cols.low[i] = Number(l[3]); cols.close[i] = Number(l[4]); cols.volume[i] = Number(l[5]);
      });
      const symbol = symbolOf(variant, row.ticker);
      const bars = createBars(symbol, cols);
      const first = lines[0][0], last = lines[n - 1][0];
      const trimmed = first !== row.first || last !== row.last ? `Trimmed to ${first}..${last} (the study's range; the source runs ${row.first}..${row.last}, ${row.rows} rows).` : "";
      const note = [row.notes, trimmed].filter(Boolean).join(" ");
      const meta = await writeBarsCache(dir, bars, {
        requestedFrom: first,
        requestedTo: last,
        ...basisOf(variant),
        adjustmentNote: row.adjustment,
        fetchedAt: builtAt,
        source: { kind: "file", origin: row.repo, path: row.path, commit: row.commit, vendor: row.source, anomalies: row.anomalies, note: note || undefined },
        calendar: variant === "crypto" ? "24/7" : "XNYS",
      });
      const bytes = statSync(cachePaths(dir, symbol).parquet).size;
      shipped.push({ row: { ...row, first, last, rows: String(n), notes: note }, symbol, dataset: variant, bytes, hash: meta.contentHash });
      console.error(`${variant}/${symbol}: ${n} rows, ${(bytes / 1024).toFixed(0)} KiB`);
    }
  }
  const total = shipped.reduce((s, x) => s + x.bytes, 0);
  console.error(`total ${(total / 1048576).toFixed(2)} MiB in ${shipped.length} files`);
  writeFileSync(join(out, "SOURCES.md"), sourcesMarkdown(shipped, builtAt, total));
}

function sourcesMarkdown(shipped: { row: ManifestRow; symbol: string; dataset: string; bytes: number; hash: string }[], builtAt: string, total: number): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    "# Shipped data: provenance",
    "",
    "Real daily bars (nothing synthetic), copied from public GitHub repositories via the team's",
    "reference set (`../shared/data`, see its README and manifest.csv) and converted by",
    "`scripts/build-shipped-data.ts` into the engine's bar-cache format (`src/data/cache.ts`):",
    "one snappy Parquet file per ticker (`date` as DATE epoch days; open, high, low, close, volume,",
    "vwap, transactions as DOUBLE) plus a JSON sidecar (symbol, range, adjusted flag, adjustment basis,",
    "built-at, row count, SHA-256 of the Parquet bytes, source repository/path/commit, anomalies).",
    "",
    `Built ${builtAt}; ${shipped.length} files, ${(total / 1048576).toFixed(2)} MiB of Parquet.`,
    "",
    "## Adjustment basis",
    "- `adjusted/` (`adjustment: split_dividend`): split **and dividend** adjusted, total-return",
    "  back-adjusted (yfinance `auto_adjust=True` or the Adj Close ratio applied to O/H/L; Stooq for",
    "  FXE, XLB). Volume is split-adjusted only. This is the study's default basis: close-to-close",
    "  returns are total returns.",
    "- `split_adjusted/` (`adjustment: split`): dividends **not** adjusted, the convention of",
    "  Polygon/Massive `adjusted=true`, trimmed to the study's range (2007-04-11 to 2025-09-26). The",
    "  study prices ADV$ (the impact model's dollar volume) from these closes times their own volume",
    "  (`backtest.advPriceBasis: \"splitOnly\"`) for every ticker whose split-only bars cover the",
    "  whole panel; total-return closes understate early dollar volume (SPY's adjusted/split-only",
    "  close ratio averages 0.743 in 2009). Files from matdev83 start 2010-01-04 and end 2025-06-27,",
    "  so for the default panel those tickers keep the adjusted basis (the summary lists each ticker's",
    "  basis). Volumes come from the same file as the closes (vendors differ on split bases: XLE's",
    "  market-lab volume is on a 2:1 post-split basis, matdev83's is not). Also shows the dividend gap",
    "  against `adjusted/SPY`.",
    "- `unadjusted/` (`adjustment: none`): as traded (AlgoSeek via QuantConnect Lean), with real split",
    "  jumps: AAPL 2000-06-21 (2:1), 2005-02-28 (2:1), 2014-06-09 (7:1), 2020-08-31 (4:1); USO 1:8",
    "  reverse split 2020-04-29. For testing split detection in the validation report.",
    "- `crypto/` (`X:BTCUSD`, `X:ETHUSD`): seven-day weeks, UTC dates; no corporate actions.",
    "",
    "## VWAP and trade counts",
    "None of these sources has VWAP or trade counts: the files hold NaN (`\"vwap\": \"none\"` in the",
    "sidecar). The loaders fill VWAP with the typical price (H + L + C) / 3 and flag it",
    "(`vwapEstimated: true`, `vwapEstimator`); it is never passed off as a real VWAP.",
    "",
    "## Files",
    "",
    "| file | symbol | vendor | repository | path | commit | basis (as stated by the source) | first | last | rows | anomalies (from the manifest) | notes | KiB |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...shipped.map(({ row, symbol, dataset, bytes }) =>
      `| ${dataset}/${symbol.replace(/[^A-Za-z0-9.\-]/g, "_")}.parquet | ${symbol} | ${row.source} | [${row.repo}](https://github.com/${row.repo}) | ${esc(row.path)} | \`${row.commit.slice(0, 12)}\` | ${esc(row.adjustment)} | ${row.first} | ${row.last} | ${row.rows} | ${esc(row.anomalies)} | ${esc(row.notes)} | ${(bytes / 1024).toFixed(0)} |`,
    ),
    "",
    "## Known anomalies (kept, flagged by validation, never hidden)",
    "- A few flat no-trade bars (O = H = L = C) early in thin histories (UUP 2007, XLI 1999, AAPL 1981).",
    "- Stooq files (FXE, XLB) lack 2011-02-17 and end 2017-11-10.",
    "- Rows after 2025-09-26 (to 2026-03) exist for SLV, USO, UUP, the sector ETFs and AAPL/MSFT from one",
    "  source only (market-lab); the default panel stops at 2025-09-26.",
    "- Large real moves (>20%) are listed per file above with whether another vendor confirms them.",
    "",
    "## Default panel",
    "`loadShippedPanel()` = universe `cross-asset-core` (data/universes.json): 23 ETFs on NYSE sessions",
    "2007-04-11 to 2025-09-26, 4,647 days, no missing bar.",
    "",
  ];
  return lines.join("\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

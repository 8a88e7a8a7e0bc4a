// Importing bar files (issue 12): real Yahoo, Stooq and Polygon flat-file layouts, header variants,
// Parquet, the adjustment basis, validation counts, provenance, and every error naming file, line and field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importBarFiles, importReportTable, BarImportError } from "../../src/data/import";
import { readBarFile, BarFileError } from "../../src/data/barFile";
import { barsToParquet, readBarsCache } from "../../src/data/cache";
import { createBars } from "../../src/data/bars";
import { dayToIso, isoToDay } from "../../src/util/dates";

const FIXTURES = join(__dirname, "..", "fixtures", "data", "import");
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `import-${prefix}-`));
const fixedNow = () => new Date("2026-01-02T03:04:05.000Z");

/** A folder holding these files (name -> text). */
function folderOf(files: Record<string, string | Uint8Array>): string {
  const dir = tmp("in");
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

/** The BarFileError of importing a folder of these files. */
async function importError(files: Record<string, string>): Promise<BarImportError> {
  const out = join(tmp("out"), "ds");
  try {
    await importBarFiles(folderOf(files), out);
  } catch (err) {
    assert.ok(err instanceof BarImportError, String(err));
    assert.ok(!existsSync(out), "nothing may be written when a file cannot be used");
    return err;
  }
  throw new Error("the import did not fail");
}

const near = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test("Yahoo layout with --adjustment total: OHLC back-adjusted by Adj Close / Close; the sidecar records source, file hash, basis, import time", async () => {
  const out = tmp("yahoo");
  const report = await importBarFiles(join(FIXTURES, "yahoo"), out, { adjustment: "total", sourceName: "Yahoo Finance", now: fixedNow });
  assert.deepEqual(report.files.map((f) => f.ticker), ["GLD", "HYG", "IEF", "QQQ", "SPY", "TLT"]);
  const spy = report.files.find((f) => f.ticker === "SPY")!;
  assert.equal(spy.layout, "yahoo");
  assert.equal(spy.adjustment, "split_dividend");
  // tests/fixtures/data/import/yahoo/SPY.csv line 2: 2012-01-03,127.760002,128.380005,127.43,127.5,99.877686,193697900
  const r = await readBarsCache(out, "SPY");
  assert.equal(r.status, "ok");
  if (r.status !== "ok") return;
  assert.equal(dayToIso(r.bars.dates[0]), "2012-01-03");
  near(r.bars.close[0], 99.877686); // = Adj Close
  near(r.bars.open[0], 100.0813597107088); // python: 127.760002 * 99.877686 / 127.5
  near(r.bars.high[0], 100.567041788772); // python: 128.380005 * 99.877686 / 127.5
  assert.equal(r.bars.volume[0], 193697900); // volume is not adjusted for dividends
  assert.equal(r.meta.rowCount, 1258);
  assert.equal(r.meta.adjustment, "split_dividend");
  assert.match(r.meta.adjustmentNote, /back-adjusted by the file's Adj Close \/ Close/);
  assert.equal(r.meta.fetchedAt, "2026-01-02T03:04:05.000Z");
  const source = r.meta.source as Record<string, unknown>;
  assert.equal(source.kind, "file");
  assert.equal(source.origin, "Yahoo Finance");
  assert.equal(source.path, "SPY.csv");
  assert.equal(source.importedAt, "2026-01-02T03:04:05.000Z");
  assert.equal(source.fileSha256, `sha256:${createHash("sha256").update(readFileSync(join(FIXTURES, "yahoo", "SPY.csv"))).digest("hex")}`);
  assert.deepEqual(source.validation, { rowsIn: 1258, rowsOut: 1258, removed: {} });
  assert.equal(r.meta.calendar, "XNYS");
});

test("Yahoo layout with --adjustment split keeps the file's prices and says the Adj Close was not used", async () => {
  const out = tmp("split");
  const report = await importBarFiles(join(FIXTURES, "yahoo"), out, { adjustment: "split" });
  const r = await readBarsCache(out, "SPY");
  assert.ok(r.status === "ok");
  assert.equal(r.bars.close[0], 127.5);
  assert.equal(r.bars.open[0], 127.760002);
  assert.equal(r.meta.adjustment, "split");
  assert.ok(report.files[0].notes.includes("Adj Close not used (--adjustment split)"), report.files[0].notes.join("; "));
});

test("Stooq layout: prices as in the file, a ragged member (XLE from 2014-01-02), the basis stated", async () => {
  const out = tmp("stooq");
  const report = await importBarFiles(join(FIXTURES, "stooq"), out, { adjustment: "total" });
  const byTicker = Object.fromEntries(report.files.map((f) => [f.ticker, f]));
  assert.deepEqual(Object.keys(byTicker), ["USO", "UUP", "XLE"]);
  assert.ok(report.files.every((f) => f.layout === "stooq"));
  assert.deepEqual([byTicker.XLE.firstDate, byTicker.XLE.lastDate, byTicker.XLE.rowsOut], ["2014-01-02", "2016-12-30", 756]);
  assert.deepEqual([byTicker.UUP.firstDate, byTicker.UUP.lastDate], ["2012-01-03", "2016-06-30"]);
  assert.ok(byTicker.USO.notes.includes("no Adj Close column: prices taken as total-return adjusted already"));
  const uso = await readBarsCache(out, "USO");
  assert.ok(uso.status === "ok");
  // stooq/USO.csv line 2: 2012-01-03,313.920013,318.0,313.920013,317.519989,1546238
  assert.deepEqual([uso.bars.open[0], uso.bars.high[0], uso.bars.low[0], uso.bars.close[0], uso.bars.volume[0]], [313.920013, 318.0, 313.920013, 317.519989, 1546238]);
  assert.equal(uso.meta.adjustment, "split_dividend");
});

test("Polygon flat-file layout: window_start in ns at New York midnight maps to the session date across DST; transactions kept", async () => {
  const c = await readBarFile(join(FIXTURES, "polygon-flat", "AAPL.csv"));
  assert.equal(c.layout, "polygon-flat");
  assert.equal(c.ticker, "AAPL");
  // fixtures/data/polygon/AAPL.csv: the Polygon client's test mocks; 2005-04-01 is EST (05:00Z), 2005-04-04 EDT (04:00Z)
  assert.deepEqual(Array.from(c.bars.dates, dayToIso), ["2005-04-01", "2005-04-04", "2022-04-26"]);
  assert.deepEqual(Array.from(c.bars.transactions), [82132, 65543, 899965]);
  assert.deepEqual(Array.from(c.bars.close), [1.4604, 1.4675, 156.8]);
  assert.deepEqual(c.notes, ["no vwap column (NaN)"]);
});

test("header names in any case and shape (DATE, <DATE> as YYYYMMDD, timestamp in ms); BOM, CRLF and quoted fields parse", async () => {
  const dir = folderOf({
    "UP.csv": "DATE,OPEN,HIGH,LOW,CLOSE,VOLUME\n2020-01-02,1,2,0.5,1.5,100\n",
    "BRK.csv": "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>\nBRK,D,20200102,000000,1,2,0.5,1.5,100\n",
    "MS.csv": "timestamp,open,high,low,close,volume,vwap\n1577941200000,1,2,0.5,1.5,100,1.2\n", // 2020-01-02T05:00Z = New York midnight
    "Q.csv": '\uFEFF"Date","Open","High","Low","Close","Volume","Note"\r\n"2020-01-02","1","2","0.5","1.5","100","a, quoted comma"\r\n',
  });
  for (const [name, ticker] of [["UP.csv", "UP"], ["BRK.csv", "BRK"], ["MS.csv", "MS"], ["Q.csv", "Q"]]) {
    const c = await readBarFile(join(dir, name));
    assert.equal(c.ticker, ticker);
    assert.deepEqual([dayToIso(c.bars.dates[0]), c.bars.open[0], c.bars.high[0], c.bars.low[0], c.bars.close[0], c.bars.volume[0]], ["2020-01-02", 1, 2, 0.5, 1.5, 100], name);
  }
  assert.equal((await readBarFile(join(dir, "MS.csv"))).bars.vwap[0], 1.2);
  assert.deepEqual((await readBarFile(join(dir, "Q.csv"))).notes, ["columns not used: Note", "no vwap, transactions columns (NaN)"]);
  assert.deepEqual((await readBarFile(join(dir, "BRK.csv"))).notes[0], "columns not used: <PER>, <TIME>");
});

test("Parquet input (the cache's own layout) imports to the same bars", async () => {
  const bars = createBars("PQ", { dates: [isoToDay("2020-01-02"), isoToDay("2020-01-03")], open: [1, 2], high: [2, 3], low: [0.5, 1.5], close: [1.5, 2.5], volume: [10, 20] });
  const out = tmp("pq");
  const report = await importBarFiles(folderOf({ "PQ.parquet": barsToParquet(bars) }), out);
  assert.equal(report.files[0].layout, "generic");
  const r = await readBarsCache(out, "PQ");
  assert.ok(r.status === "ok");
  assert.deepEqual([Array.from(r.bars.dates), Array.from(r.bars.close), Array.from(r.bars.volume)], [Array.from(bars.dates), [1.5, 2.5], [10, 20]]);
});

test("validation removes and counts: high < low, an empty (Yahoo 'null') row, a duplicate date; the report table says so per ticker", async () => {
  const out = tmp("val");
  const report = await importBarFiles(
    folderOf({
      "BAD.csv": [
        "Date,Open,High,Low,Close,Adj Close,Volume",
        "2020-01-02,10,11,9,10.5,10.5,100",
        "2020-01-03,10,9,11,10.5,10.5,100", // high < low
        "2020-01-06,null,null,null,null,null,null", // Yahoo's empty day
        "2020-01-07,10,11,9,10.2,10.2,100",
        "2020-01-07,10,11,9,10.4,10.4,100", // duplicate: the last row is kept
        "2020-01-08,10,11,9,10.1,10.1,100",
      ].join("\n"),
      "README.txt": "not bars",
    }),
    out,
  );
  const f = report.files[0];
  assert.deepEqual([f.rowsIn, f.rowsOut], [6, 3]);
  assert.deepEqual(f.validation.removed, { high_below_low: 1, bad_price: 1, duplicate_date: 1 });
  const hl = f.validation.problems.find((p) => p.kind === "high_below_low")!;
  assert.deepEqual([hl.ticker, hl.date, hl.field, hl.message], ["BAD", "2020-01-03", "high", "BAD 2020-01-03 high 9 < low 11; row removed"]);
  assert.deepEqual(report.ignored, ["README.txt"]);
  const table = importReportTable(report);
  assert.deepEqual([table["rows in"][0], table["rows out"][0], table.removed[0]], [6, 3, "high_below_low 1, bad_price 1, duplicate_date 1"]);
  assert.match(String(table.flagged[0]), /missing_session 2/); // 01-03 and 01-06 are sessions now without a bar
  const r = await readBarsCache(out, "BAD");
  assert.ok(r.status === "ok");
  assert.deepEqual(Array.from(r.bars.close), [10.5, 10.4, 10.1]);
});

test("an unusable file names file, line and field; nothing is written, and every bad file is listed", async () => {
  const header = "Date,Open,High,Low,Close,Volume";
  const cases: [Record<string, string>, string][] = [
    [{ "NOCLOSE.csv": "Date,Open,High,Low,Volume\n2020-01-02,1,2,0.5,100\n" }, 'NOCLOSE.csv:1: close: no close column (the header has "Date", "Open", "High", "Low", "Volume"; expected close or c, any case)'],
    [{ "D.csv": `${header}\n2020-01-02,1,2,0.5,1.5,100\n2024-13-45,1,2,0.5,1.5,100\n` }, 'D.csv:3: Date: date "2024-13-45" is not a calendar date'],
    [{ "S.csv": `${header}\n01/02/2020,1,2,0.5,1.5,100\n` }, 'S.csv:2: Date: date "01/02/2020" is not YYYY-MM-DD, YYYYMMDD or an epoch timestamp'],
    [{ "N.csv": `${header}\n2020-01-02,1,2,0.5,abc,100\n` }, 'N.csv:2: Close: "abc" is not a number'],
    [{ "INF.csv": `${header}\n2020-01-02,1,1e999,0.5,1.5,100\n` }, 'INF.csv:2: High: "1e999" is not a finite number'],
    [{ "R.csv": `${header}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2\n` }, "R.csv:3: (row): not a readable CSV: Invalid Record Length: expect 6, got 3 on line 3"],
    [{ "T2.csv": "ticker,date,open,high,low,close\nT2,2020-01-02,1,2,0.5,1.5\nT3,2020-01-03,1,2,0.5,1.5\n" }, 'T2.csv:3: ticker: "T3" after "T2": one file holds one ticker (split the file by ticker)'],
    [{ "SPY.csv": "ticker,date,open,high,low,close\nQQQ,2020-01-02,1,2,0.5,1.5\n" }, 'SPY.csv:2: ticker: the file name says "SPY" but the rows say "QQQ": rename the file QQQ.csv'],
    [{ "DUP.csv": "date,Date,open,high,low,close\n" }, "DUP.csv:1: Date: the header names this column twice (columns 1 and 2)"],
    [{ "EMPTY.csv": "" }, "EMPTY.csv: (file): is empty (no header)"],
  ];
  for (const [files, message] of cases) {
    const err = await importError(files);
    assert.equal(err.errors.length, 1, message);
    assert.ok(err.errors[0] instanceof BarFileError);
    assert.equal(err.errors[0].message, message);
  }
  // two bad files and a good one: both named, nothing written
  const err = await importError({ "A.csv": `${header}\n2020-01-02,1,2,0.5,x,100\n`, "B.csv": `${header}\nnope,1,2,0.5,1.5,100\n`, "OK.csv": `${header}\n2020-01-02,1,2,0.5,1.5,100\n` });
  assert.deepEqual(err.errors.map((e) => [e.file, e.line, e.field]), [["A.csv", 2, "Close"], ["B.csv", 2, "Date"]]);
  assert.match(err.message, /^import: 2 files cannot be used, nothing written:\n {2}A\.csv:2: Close: "x" is not a number\n {2}B\.csv:2: Date: /);
});

test("two files of one ticker, an empty folder and a missing folder are errors naming them", async () => {
  const bars = createBars("SPY", { dates: [isoToDay("2020-01-02")], open: [1], high: [2], low: [0.5], close: [1.5] });
  const err = await importError({ "SPY.csv": "date,open,high,low,close\n2020-01-02,1,2,0.5,1.5\n", "SPY.parquet": barsToParquet(bars) as unknown as string });
  assert.equal(err.errors[0].message, "SPY.parquet: (file): holds SPY, and so does SPY.csv: keep one file per ticker");
  const empty = folderOf({ "notes.md": "x" });
  await assert.rejects(importBarFiles(empty, tmp("o")), /import: .* holds no \.csv or \.parquet file \(it has notes\.md\)/);
  await assert.rejects(importBarFiles(join(empty, "nope"), tmp("o")), /import: cannot read the folder .*nope/);
});

test("the 24x7 calendar: epoch timestamps map to UTC dates and weekends are sessions", async () => {
  const dir = folderOf({ "X_BTCUSD.csv": "ticker,timestamp,open,high,low,close,volume\nX:BTCUSD,1577836800000,7200,7300,7100,7250,10\nX:BTCUSD,1577923200000,7250,7300,6900,6960,12\nX:BTCUSD,1578182400000,7400,7500,7300,7350,9\n" });
  const out = tmp("btc");
  const report = await importBarFiles(dir, out, { calendar: "24x7" });
  assert.equal(report.calendar, "24/7");
  const f = report.files[0];
  assert.equal(f.ticker, "X:BTCUSD");
  assert.deepEqual([f.firstDate, f.lastDate], ["2020-01-01", "2020-01-05"]);
  assert.equal(f.validation.counts.missing_session, 2); // 01-03 and 01-04 (a weekend counts on 24/7)
  assert.equal(readdirSync(out).sort().join(","), "X_3ABTCUSD.json,X_3ABTCUSD.parquet"); // the cache's injective stem (cacheFileStem)
});

test("no look-ahead: changing the bars after a date in the files moves nothing at or before it in the imported, loaded panel", async () => {
  const { loadDataPanel } = await import("../../src/data/load");
  const { parseDataConfig } = await import("../../src/config/data");
  const cut = "2014-06-30";
  const originals = { "SPY.csv": readFileSync(join(FIXTURES, "yahoo", "SPY.csv"), "utf8"), "USO.csv": readFileSync(join(FIXTURES, "stooq", "USO.csv"), "utf8") };
  // the future doubled: every price column of every row after the cut (Date is column 0)
  const doubledAfterCut = (text: string) =>
    text.trim().split("\n").map((line, i) => {
      const cells = line.split(",");
      if (i === 0 || cells[0] <= cut) return line;
      return cells.map((c, k) => (k === 0 || k === cells.length - 1 ? c : String(2 * Number(c)))).join(",");
    }).join("\n");
  const panels = [];
  for (const files of [originals, { "SPY.csv": doubledAfterCut(originals["SPY.csv"]), "USO.csv": doubledAfterCut(originals["USO.csv"]) }]) {
    const dir = join(tmp("la"), "ds");
    await importBarFiles(folderOf(files), dir, { adjustment: "total" });
    const universe = { members: [{ ticker: "SPY", assetClass: "equity" }, { ticker: "USO", assetClass: "commodity" }] };
    panels.push(await loadDataPanel(parseDataConfig({ source: "files", dir, universe, start: "2012-01-03", end: "2016-12-30" })));
  }
  const [base, future] = panels;
  const T = base.dates.length, upTo = base.dates.findIndex((d) => d > isoToDay(cut));
  for (const field of ["open", "high", "low", "close", "volume", "vwap"] as const) {
    for (let j = 0; j < 2; j++) {
      for (let t = 0; t < upTo; t++) assert.equal(future[field][j * T + t], base[field][j * T + t], `${field} ${base.tickers[j]} day ${t}`);
    }
  }
  near(future.close[upTo], 2 * base.close[upTo]); // and the change does arrive after the cut
});

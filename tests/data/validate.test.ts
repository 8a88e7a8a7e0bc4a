// The validation report: every problem with ticker, date and field; removals counted with reasons.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createBars } from "../../src/data/bars";
import { splitHint, validateBars, validationProblemTable, validationSummaryTable } from "../../src/data/validate";
import { loadShippedBars } from "../../src/data/shipped";
import { isoToDay } from "../../src/util/dates";
import { fixtureBars } from "../fixtures/data/csv";

const d = isoToDay;

test("unadjusted AAPL: the 4:1 split on 2020-08-31 is flagged as an extreme return with a split hint", () => {
  const { report } = validateBars(fixtureBars("unadjusted/AAPL.csv", "AAPL"));
  const flagged = report.problems.filter((p) => p.kind === "extreme_return");
  assert.equal(flagged.length, 1);
  assert.equal(flagged[0].ticker, "AAPL");
  assert.equal(flagged[0].date, "2020-08-31");
  assert.equal(flagged[0].field, "close");
  assert.ok(Math.abs(flagged[0].value! - (129.04 / 499.23 - 1)) < 1e-12); // closes from the fixture
  assert.match(flagged[0].message, /-74\.2% \(about 1\/4: a 4:1 split not adjusted\?\)/);
});

test("unadjusted USO: the 1:8 reverse split on 2020-04-29 is flagged (x8) and the -25% oil day 2020-04-21 too", () => {
  const { report } = validateBars(fixtureBars("unadjusted/USO.csv", "USO"));
  const flagged = report.problems.filter((p) => p.kind === "extreme_return").map((p) => [p.date, p.message.includes("1:8 reverse split")]);
  assert.deepEqual(flagged, [["2020-04-21", false], ["2020-04-29", true]]);
});

test("split-adjusted AAPL over the same days has no extreme return", () => {
  const { report } = validateBars(fixtureBars("split_adjusted/AAPL.csv", "AAPL"));
  assert.equal(report.counts.extreme_return ?? 0, 0);
});

test("duplicates, unsorted rows, bad prices and negative volume: removed or fixed, each counted and named", () => {
  const raw = createBars("TEST", {
    dates: [d("2020-01-02"), d("2020-01-06"), d("2020-01-03"), d("2020-01-06"), d("2020-01-07"), d("2020-01-08"), d("2020-01-09")],
    open: [10, 11, 10.5, 11.1, 0, 12, 12],
    high: [11, 12, 11, 12, 12, 13, 13],
    low: [9, 10, 10, 10.5, 11, 11, 11],
    close: [10.5, 11.5, 10.8, 11.6, 11.8, 12.5, 12.2],
    volume: [100, 200, 150, 210, 300, -5, 100],
  });
  const before = JSON.stringify(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v])));
  const { bars, report } = validateBars(raw);
  assert.equal(JSON.stringify(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v]))), before, "input not mutated");
  assert.deepEqual(report.removed, { duplicate_date: 1, bad_price: 1, negative_volume: 1 });
  assert.equal(report.rowsIn - report.rowsOut, 3);
  assert.equal(report.counts.unsorted_dates, 1);
  assert.deepEqual(Array.from(bars.dates), [d("2020-01-02"), d("2020-01-03"), d("2020-01-06"), d("2020-01-09")]);
  assert.equal(bars.close[2], 11.6, "the last row of a duplicated date is kept");
  const bad = report.problems.find((p) => p.kind === "bad_price")!;
  assert.deepEqual([bad.ticker, bad.date, bad.field, bad.value], ["TEST", "2020-01-07", "open", 0]);
  const neg = report.problems.find((p) => p.kind === "negative_volume")!;
  assert.deepEqual([neg.date, neg.field, neg.value], ["2020-01-08", "volume", -5]);
  // The removed 01-07 and 01-08 sessions are now gaps in the kept bars.
  assert.deepEqual(report.problems.filter((p) => p.kind === "missing_session").map((p) => p.date), ["2020-01-07", "2020-01-08"]);
});

test("OHLC inconsistencies, flat bars, zero volume and off-calendar bars are flagged and kept", () => {
  const raw = createBars("OHLC", {
    dates: [d("2020-01-02"), d("2020-01-03"), d("2020-01-04"), d("2020-01-06")],
    open: [10, 10, 10, 10], high: [9.5, 10.5, 10, 11], low: [9, 10.2, 10, 9], close: [9.2, 10.4, 10, 10],
    volume: [1, 1, 1, 0],
  });
  const { bars, report } = validateBars(raw);
  assert.equal(report.rowsOut, 4);
  const ohlc = report.problems.filter((p) => p.kind === "ohlc_inconsistent").map((p) => [p.date, p.field]);
  assert.deepEqual(ohlc, [["2020-01-02", "high"], ["2020-01-03", "low"]]);
  assert.deepEqual(report.problems.filter((p) => p.kind === "flat_bar").map((p) => p.date), ["2020-01-04"]);
  assert.deepEqual(report.problems.filter((p) => p.kind === "off_calendar").map((p) => p.date), ["2020-01-04"]); // a Saturday
  assert.deepEqual(report.problems.filter((p) => p.kind === "zero_volume").map((p) => p.date), ["2020-01-06"]);
  assert.equal(bars.dates.length, 4);
});

test("shipped FXE (Stooq): the missing session 2011-02-17 is reported as a gap with ticker and date", async () => {
  const fxe = await loadShippedBars("FXE", { vwap: "missing" });
  const { report } = validateBars(fxe);
  const gaps = report.problems.filter((p) => p.kind === "missing_session");
  assert.deepEqual(gaps.map((p) => [p.ticker, p.date, p.field]), [["FXE", "2011-02-17", "date"]]);
  assert.equal(report.rowsOut, 3000); // manifest: 3000 rows, none removed
});

test("shipped UUP: the flat no-trade bars of 2007 and the zero-volume day 2007-03-15 are flagged (manifest: 7 flat, 1 zero-volume)", async () => {
  const { report } = validateBars(await loadShippedBars("UUP"));
  assert.equal(report.counts.flat_bar, 7);
  assert.equal(report.counts.zero_volume, 1);
  assert.equal(report.problems.find((p) => p.kind === "zero_volume")!.date, "2007-03-15");
});

test("splitHint names common ratios and stays quiet otherwise", () => {
  assert.match(splitHint(0.5), /2:1 split/);
  assert.match(splitHint(1 / 7), /7:1 split/);
  assert.match(splitHint(8.02), /1:8 reverse split/);
  assert.equal(splitHint(0.75), "");
  assert.match(splitHint(50.5 / 101, 55.56 / 101), /2:1 split/); // unadjusted AAPL 2000-06-21: the open shows it, the close (-45%) alone would not
  assert.equal(splitHint(55.56 / 101), "");
  assert.equal(splitHint(1.3), "");
});

test("report tables: one row per problem and one summary row per ticker", () => {
  const { report } = validateBars(fixtureBars("unadjusted/USO.csv", "USO"));
  const t = validationProblemTable([report], { kinds: ["extreme_return"] });
  assert.deepEqual(t.date, ["2020-04-21", "2020-04-29"]);
  const s = validationSummaryTable([report]);
  assert.deepEqual(s.ticker, ["USO"]);
  assert.deepEqual(s.extreme_return, [2]);
  assert.deepEqual(s.removed, ["none"]);
});

test("shipped unadjusted AAPL: the five >25% moves of the manifest are flagged, and the four split days carry a split hint", async () => {
  const { report } = validateBars(await loadShippedBars("AAPL", { dataset: "unadjusted", vwap: "missing" }));
  const moves = report.problems.filter((p) => p.kind === "extreme_return");
  // manifest.csv, unadjusted/AAPL.csv: 2000-06-21, 2000-09-29 (a real crash), 2005-02-28, 2014-06-09, 2020-08-31
  assert.deepEqual(moves.map((p) => p.date), ["2000-06-21", "2000-09-29", "2005-02-28", "2014-06-09", "2020-08-31"]);
  const hinted = (date: string) => /split not adjusted/.test(moves.find((p) => p.date === date)!.message);
  for (const [date, ratio] of [["2000-06-21", "2:1"], ["2005-02-28", "2:1"], ["2014-06-09", "7:1"], ["2020-08-31", "4:1"]]) {
    assert.ok(hinted(date), date);
    assert.match(moves.find((p) => p.date === date)!.message, new RegExp(`a ${ratio} split`));
  }
});

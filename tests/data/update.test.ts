// The live cache kept current, against the fake Polygon server (tests/fixtures/data/fakePolygon.ts):
// late data, unsettled sessions, restatements (a 2:1 split, a corrected last bar, a correction on a
// later page), non-finite numbers, the client's notes reaching validation, two processes updating one
// ticker, a killed write, and updateUniverseCache / dataStatus on a small universe. Times are given
// explicitly (`now`), so which sessions have closed never depends on when the tests run.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakePolygon, newYorkMidnightMs, type FakePolygon } from "../fixtures/data/fakePolygon";
import { fixtureBars } from "../fixtures/data/csv";
import { createBars, barsBetween } from "../../src/data/bars";
import { cachePaths, readBarsCache } from "../../src/data/cache";
import { createPolygonClient } from "../../src/data/client";
import { PolygonMalformedResponseError } from "../../src/data/errors";
import { fetchBarsCached, lastSettledDay, polygonCacheDir, overlapDifference } from "../../src/data/store";
import { updateUniverseCache } from "../../src/data/update";
import { dataStatus } from "../../src/data/status";
import { validateBars } from "../../src/data/validate";
import { manualDataClock } from "../../src/data/rateLimiter";
import { parseDataConfig } from "../../src/config/data";
import type { Bars } from "../../src/data/types";
import { dayToIso, isoToDay } from "../../src/util/dates";

const KEY = "pk_UPDATE_TEST_0f1e2d3c4b5a";
const tmp = mkdtempSync(join(tmpdir(), "caae-update-"));
let fake: FakePolygon;
before(async () => {
  fake = await startFakePolygon({ apiKey: KEY, pageSize: 100 });
});
after(async () => {
  await fake.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const SPY = fixtureBars("split_adjusted/SPY.csv", "SPY");
const ms = (iso: string) => Date.parse(iso);
const client = (baseUrl = fake.baseUrl) => createPolygonClient({ apiKey: KEY, baseUrl, rateLimitPerMinute: 10_000, retryBaseDelayMs: 1, retryMaxDelayMs: 5, clock: manualDataClock() });

/** SPY's fixture bars under another ticker name, up to a date, with a per-column transform. */
function served(ticker: string, { through = "2020-12-31", map }: { through?: string; map?: (col: "open" | "high" | "low" | "close" | "volume", v: number, day: number) => number } = {}): Bars {
  const b = barsBetween(SPY, undefined, isoToDay(through));
  const f = (c: "open" | "high" | "low" | "close" | "volume") => Array.from(b[c], (v, i) => (map ? map(c, v, b.dates[i]) : v));
  return createBars(ticker, { dates: b.dates, open: f("open"), high: f("high"), low: f("low"), close: f("close"), volume: f("volume") });
}

function assertBarsEqual(got: Bars, want: Bars, label: string) {
  assert.deepEqual(Array.from(got.dates, dayToIso), Array.from(want.dates, dayToIso), `${label}: dates`);
  for (const c of ["open", "high", "low", "close", "volume"] as const) {
    for (let i = 0; i < want.dates.length; i++) assert.equal(got[c][i], want[c][i], `${label}: ${c} on ${dayToIso(want.dates[i])}`);
  }
}

function maxAbsReturn(b: Bars): number {
  let m = 0;
  for (let i = 1; i < b.close.length; i++) m = Math.max(m, Math.abs(b.close[i] / b.close[i - 1] - 1));
  return m;
}

test("lastSettledDay: a New York session counts once 16:00 plus the settle has passed; crypto's UTC day once it ended", () => {
  // 2020-06-19 is a Friday; 16:00 New York = 20:00Z (summer time).
  assert.equal(dayToIso(lastSettledDay("XNYS", ms("2020-06-19T19:59:00Z"), 0)), "2020-06-18");
  assert.equal(dayToIso(lastSettledDay("XNYS", ms("2020-06-19T20:00:00Z"), 0)), "2020-06-19");
  assert.equal(dayToIso(lastSettledDay("XNYS", ms("2020-06-19T23:59:00Z"), 240)), "2020-06-18"); // 19:59 New York
  assert.equal(dayToIso(lastSettledDay("XNYS", ms("2020-06-20T00:00:00Z"), 240)), "2020-06-19"); // 20:00 New York
  assert.equal(dayToIso(lastSettledDay("XNYS", ms("2020-01-10T21:00:00Z"), 0)), "2020-01-10"); // winter: 16:00 New York = 21:00Z
  assert.equal(dayToIso(lastSettledDay("24/7", ms("2020-06-20T00:30:00Z"), 60)), "2020-06-18");
  assert.equal(dayToIso(lastSettledDay("24/7", ms("2020-06-20T01:00:00Z"), 60)), "2020-06-19");
});

test("late data: days the vendor had no bars for are not covered; the next update fetches them once published", async () => {
  const cacheDir = join(tmp, "late");
  const now = () => ms("2020-06-20T12:00:00Z"); // Saturday: Friday 2020-06-19 has settled
  fake.setBars("LATE", served("LATE", { through: "2020-06-15" }));
  const first = await fetchBarsCached(client(), "LATE", "2020-01-02", "2020-12-31", { cacheDir, now });
  assert.equal(first.action, "full");
  assert.equal(first.meta.lastDate, "2020-06-15");
  assert.equal(first.meta.checkedThrough, "2020-06-19"); // asked through Friday; never past the last settled day
  assert.equal(first.meta.requestedTo, "2020-06-19");

  fake.setBars("LATE", served("LATE", { through: "2020-12-31" })); // the vendor publishes 06-16..06-19
  fake.requests.length = 0;
  const second = await fetchBarsCached(client(), "LATE", "2020-01-02", "2020-12-31", { cacheDir, now });
  assert.equal(second.action, "incremental");
  assert.equal(second.barsAdded, 4);
  assert.deepEqual(fake.requests.map((r) => r.path), ["/v2/aggs/ticker/LATE/range/1/day/2020-06-09/2020-06-19"]); // the last 5 cached sessions, then the tail
  assertBarsEqual(second.bars, barsBetween(served("LATE", { through: "2020-06-19" }), isoToDay("2020-01-02")), "after the late bars");

  fake.requests.length = 0;
  const third = await fetchBarsCached(client(), "LATE", "2020-01-02", "2020-12-31", { cacheDir, now });
  assert.equal(third.action, "cache");
  assert.equal(third.requests, 0);
  assert.equal(fake.requests.length, 0);
});

test("a session that has not closed is never asked for nor counted as checked; it is asked for after the close", async () => {
  const cacheDir = join(tmp, "unsettled");
  fake.setBars("OPEN", served("OPEN"));
  const during = await fetchBarsCached(client(), "OPEN", "2020-06-01", "2020-12-31", { cacheDir, now: () => ms("2020-06-19T19:00:00Z"), settleMinutes: 0 }); // 15:00 New York
  assert.equal(during.meta.lastDate, "2020-06-18");
  assert.equal(during.meta.checkedThrough, "2020-06-18");
  fake.requests.length = 0;
  const later = await fetchBarsCached(client(), "OPEN", "2020-06-01", "2020-12-31", { cacheDir, now: () => ms("2020-06-19T20:30:00Z"), settleMinutes: 0 });
  assert.equal(later.action, "incremental");
  assert.equal(later.meta.lastDate, "2020-06-19");
  assert.equal(fake.requests[0].path, "/v2/aggs/ticker/OPEN/range/1/day/2020-06-12/2020-06-19");
});

test("a 2:1 split after caching: the overlap differs, the ticker is fetched whole again, the cache equals the restated series (no fake -50% day)", async () => {
  const cacheDir = join(tmp, "split");
  fake.setBars("SPLT", served("SPLT", { through: "2020-06-30" }));
  await fetchBarsCached(client(), "SPLT", "2019-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-07-01T12:00:00Z") });
  // Split 2:1 effective 2020-07-01: the vendor's adjusted history is now half the price, twice the volume.
  const restated = served("SPLT", { map: (c, v) => (c === "volume" ? v * 2 : v / 2) });
  fake.setBars("SPLT", restated);
  const logs: string[] = [];
  fake.requests.length = 0;
  const r = await fetchBarsCached(client(), "SPLT", "2019-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-07-11T12:00:00Z"), log: (l) => logs.push(l) });
  assert.equal(r.action, "restated");
  assert.equal(fake.requests[0].path, "/v2/aggs/ticker/SPLT/range/1/day/2020-06-24/2020-07-10"); // overlap + new days
  assert.equal(fake.requests[1].path, "/v2/aggs/ticker/SPLT/range/1/day/2019-01-02/2020-07-10"); // then the whole history
  const cached = await readBarsCache(polygonCacheDir(cacheDir, true), "SPLT");
  assert.equal(cached.status, "ok");
  if (cached.status !== "ok") return;
  assertBarsEqual(cached.bars, barsBetween(restated, undefined, isoToDay("2020-07-10")), "cache after the split");
  assert.ok(maxAbsReturn(cached.bars) < 0.12, `largest daily move ${maxAbsReturn(cached.bars)}`); // SPY's largest 2019-2020 move is -10.9% (2020-03-16)
  assert.equal(cached.meta.restatements?.length, 1);
  const s = cached.meta.restatements![0];
  assert.deepEqual([s.windowFrom, s.windowTo, s.differences, s.date, s.field], ["2020-06-24", "2020-06-30", 5, "2020-06-24", "open"]);
  assert.equal(s.vendor, s.cached! / 2);
  assert.ok(logs.some((l) => /cache SPLT: restatement: 5 of the last 5 cached bar\(s\) differ .*fetching the whole history again/.test(l)), logs.join("\n"));
});

test("a corrected last bar is a restatement: the cache then holds the corrected close", async () => {
  const cacheDir = join(tmp, "corrected");
  fake.setBars("CORR", served("CORR", { through: "2020-06-30" }));
  await fetchBarsCached(client(), "CORR", "2020-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-07-01T12:00:00Z") });
  const last = isoToDay("2020-06-30");
  const corrected = served("CORR", { map: (c, v, d) => (c === "close" && d === last ? v + 0.01 : v) });
  fake.setBars("CORR", corrected);
  const r = await fetchBarsCached(client(), "CORR", "2020-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-07-02T12:00:00Z") });
  assert.equal(r.action, "restated");
  assert.deepEqual([r.restatement!.date, r.restatement!.field, r.restatement!.differences], ["2020-06-30", "close", 1]);
  const i = r.bars.dates.indexOf(last);
  assert.equal(r.bars.close[i], SPY.close[SPY.dates.indexOf(last)] + 0.01);
  assertBarsEqual(r.bars, barsBetween(corrected, isoToDay("2020-01-02"), isoToDay("2020-07-01")), "cache after the correction");
});

test("a correction on a later page of the overlap response is found, and the paged full refetch joins in order", async () => {
  const small = await startFakePolygon({ apiKey: KEY, pageSize: 3 });
  try {
    const cacheDir = join(tmp, "later-page");
    small.setBars("PAGE", served("PAGE", { through: "2020-03-31" }));
    await fetchBarsCached(client(small.baseUrl), "PAGE", "2020-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-04-01T12:00:00Z") });
    // The overlap window is 03-25..03-31 (5 sessions): pages of 3 put 03-31 on page 2.
    const day = isoToDay("2020-03-31");
    const fixed = served("PAGE", { map: (c, v, d) => (c === "high" && d === day ? v + 1 : v) });
    small.setBars("PAGE", fixed);
    small.requests.length = 0;
    const r = await fetchBarsCached(client(small.baseUrl), "PAGE", "2020-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-04-03T12:00:00Z") });
    assert.equal(r.action, "restated");
    assert.equal(r.restatement!.date, "2020-03-31");
    assert.equal(r.restatement!.field, "high");
    assert.equal(small.requests.filter((q) => q.path.endsWith("/2020-03-25/2020-04-02")).length, 3); // 7 bars in pages of 3
    assertBarsEqual(r.bars, barsBetween(fixed, isoToDay("2020-01-02"), isoToDay("2020-04-02")), "paged refetch");
  } finally {
    await small.stop();
  }
});

test("overlapDifference: identical windows give null; a missing bar on either side and a changed vwap count", () => {
  const a = served("X", { through: "2020-01-10" });
  assert.equal(overlapDifference(a, a, isoToDay("2020-01-02"), isoToDay("2020-01-10")), null);
  const fewer = barsBetween(a, undefined, isoToDay("2020-01-09"));
  assert.deepEqual(overlapDifference(a, fewer, isoToDay("2020-01-06"), isoToDay("2020-01-10")), { differences: 1, date: "2020-01-10", field: "date", cached: a.close[a.dates.length - 1], vendor: null });
  const withVwap = { ...a, vwap: Float64Array.from(a.close) };
  assert.equal(overlapDifference(a, withVwap, isoToDay("2020-01-02"), isoToDay("2020-01-03"))!.field, "vwap");
  assert.equal(overlapDifference(a, withVwap, isoToDay("2020-01-02"), isoToDay("2020-01-03"))!.cached, null); // NaN is stored as null
});

test("1e999 in a response is rejected by the schema naming the ticker and the field; the cache is left as it was", async () => {
  const cacheDir = join(tmp, "infinite");
  fake.setBars("INF", served("INF", { through: "2020-06-30" }));
  await fetchBarsCached(client(), "INF", "2020-06-01", "2020-12-31", { cacheDir, now: () => ms("2020-07-01T12:00:00Z") });
  const t = newYorkMidnightMs(isoToDay("2020-07-01"));
  const body = `{"ticker":"INF","queryCount":1,"resultsCount":1,"adjusted":true,"status":"OK","request_id":"r","results":[{"v":100,"o":1,"h":2,"l":0.5,"c":1e999,"t":${t}}]}`;
  fake.verbatim("/v2/aggs/ticker/INF/range/1/day/2020-06-24/2020-07-01", body);
  await assert.rejects(
    fetchBarsCached(client(), "INF", "2020-06-01", "2020-12-31", { cacheDir, now: () => ms("2020-07-02T12:00:00Z") }),
    (err: unknown) => err instanceof PolygonMalformedResponseError && /INF: response does not match the aggregates schema \(results\.0\.c: /.test(err.message),
  );
  const cached = await readBarsCache(polygonCacheDir(cacheDir, true), "INF");
  assert.equal(cached.status === "ok" && cached.meta.lastDate, "2020-06-30");
});

test("the client's notes reach validation: a duplicate keeps the last row in both, re-sorted and out-of-range bars are listed", async () => {
  const cacheDir = join(tmp, "issues");
  const t = (iso: string) => newYorkMidnightMs(isoToDay(iso));
  const results = [
    { o: 10, h: 11, l: 9, c: 10.5, v: 100, t: t("2020-06-03") },
    { o: 10, h: 11, l: 9, c: 10.2, v: 100, t: t("2020-06-02") }, // out of order
    { o: 10, h: 11, l: 9, c: 10.7, v: 100, t: t("2020-06-03") }, // duplicate: the correction, kept
    { o: 10, h: 11, l: 9, c: 10.1, v: 100, t: t("2020-05-29") }, // before the asked range
  ];
  fake.verbatim("/v2/aggs/ticker/DUP/range/1/day/2020-06-01/2020-06-03", JSON.stringify({ ticker: "DUP", queryCount: 4, resultsCount: 4, adjusted: true, status: "OK", request_id: "r", results }));
  const r = await fetchBarsCached(client(), "DUP", "2020-06-01", "2020-06-03", { cacheDir, now: () => ms("2020-06-04T12:00:00Z") });
  assert.deepEqual(r.sourceIssues.map((i) => [i.kind, i.date]), [["resorted", "2020-06-02"], ["duplicate_dropped", "2020-06-03"], ["out_of_range", "2020-05-29"]]);
  assert.deepEqual(r.meta.sourceIssues, r.sourceIssues);
  assert.equal(r.bars.close[r.bars.dates.indexOf(isoToDay("2020-06-03"))], 10.7);
  // Validation keeps the last row of a duplicate date too: the same 10.7.
  const dup = createBars("DUP", { dates: [isoToDay("2020-06-02"), isoToDay("2020-06-03"), isoToDay("2020-06-03")], open: [10, 10, 10], high: [11, 11, 11], low: [9, 9, 9], close: [10.2, 10.5, 10.7], volume: [100, 100, 100] });
  assert.equal(validateBars(dup).bars.close[1], 10.7);
  const report = validateBars(r.bars, { sourceIssues: r.meta.sourceIssues }).report;
  assert.equal(report.counts.source_issue, 3);
  assert.deepEqual(report.problems.filter((p) => p.kind === "source_issue").map((p) => [p.ticker, p.date, p.severity]), [["DUP", "2020-06-02", "warning"], ["DUP", "2020-06-03", "warning"], ["DUP", "2020-05-29", "warning"]]);
});

test("validation removes infinite prices and volumes and a NaN volume among volumes, naming ticker, date and field; an all-NaN volume column (an index) stays", () => {
  const d = ["2020-06-01", "2020-06-02", "2020-06-03", "2020-06-04"].map(isoToDay);
  const bars = createBars("BADN", { dates: d, open: [1, 1, 1, 1], high: [2, 2, Infinity, 2], low: [0.5, 0.5, 0.5, 0.5], close: [1, 1, 1, 1], volume: [10, NaN, 10, Infinity] });
  const { report } = validateBars(bars, { calendar: null });
  assert.deepEqual(report.removed, { bad_volume: 2, bad_price: 1 });
  assert.equal(report.rowsOut, 1);
  const msgs = report.problems.filter((p) => p.severity === "error").map((p) => [p.date, p.field, p.message]);
  assert.deepEqual(msgs, [
    ["2020-06-02", "volume", "BADN 2020-06-02 volume is NaN (must be a finite number); row removed"],
    ["2020-06-03", "high", "BADN 2020-06-03 high is Infinity (must be a positive finite number); row removed"],
    ["2020-06-04", "volume", "BADN 2020-06-04 volume is Infinity (must be a finite number); row removed"],
  ]);
  const index = createBars("I:SPX", { dates: d, open: [1, 1, 1, 1], high: [2, 2, 2, 2], low: [0.5, 0.5, 0.5, 0.5], close: [1, 1, 1, 1] });
  assert.equal(validateBars(index, { calendar: null }).report.rowsOut, 4);
});

test("concurrent fetches of one ticker in one process are serialised by the lock: one fetch, three equal results", async () => {
  const cacheDir = join(tmp, "same-process");
  fake.setBars("LOCK", served("LOCK"));
  fake.requests.length = 0;
  const now = () => ms("2021-01-10T12:00:00Z");
  const rs = await Promise.all([0, 1, 2].map(() => fetchBarsCached(client(), "LOCK", "2019-01-02", "2020-12-31", { cacheDir, now })));
  assert.deepEqual(rs.map((r) => r.action).sort(), ["cache", "cache", "full"]);
  assert.equal(fake.requests.length, 6); // 505 bars in pages of 100, once
  for (const r of rs) assertBarsEqual(r.bars, SPY, "each result");
});

/** Run tests/fixtures/data/cacheChild.ts in a child process (async: the fake server lives in this process). */
function child(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../fixtures/data/cacheChild.ts")], { env: { ...process.env, POLYGON_API_KEY: KEY, ...env }, cwd: join(__dirname, "../..") });
    let stdout = "", stderr = "";
    p.stdout.on("data", (b) => (stdout += b));
    p.stderr.on("data", (b) => (stderr += b));
    p.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function universesDir(name: string, tickers: string[]): string {
  const dir = join(tmp, `universes-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "universes.json"), JSON.stringify({ default: name, universes: { [name]: { members: tickers.map((ticker) => ({ ticker, assetClass: "equity" })) } } }));
  return dir;
}

test("two processes updating the same ticker at once: no corrupt read, no lost bar, one fetch", async () => {
  const cacheDir = join(tmp, "two-processes");
  fake.setBars("DUO", served("DUO"));
  fake.requests.length = 0;
  fake.always({ kind: "slow", delayMs: 150 }); // each page takes a while, so the second process finds the lock held
  try {
    const env = {
      CHILD_MODE: "update",
      CHILD_CONFIG: JSON.stringify({ baseUrl: fake.baseUrl, cacheDir, universe: "duo", start: "2019-01-02", end: "2020-12-31", source: "live", rateLimitPerMinute: 10_000 }),
      CHILD_UNIVERSES: universesDir("duo", ["DUO"]),
      CHILD_NOW: "2021-01-10T12:00:00Z",
    };
    const [a, b] = await Promise.all([child(env), child(env)]);
    for (const r of [a, b]) assert.equal(r.code, 0, r.stderr);
    const outs = [a, b].map((r) => JSON.parse(r.stdout) as { tickers: { action: string; requests: number; rows: number; lastBar: string }[]; reads: { status: string; rows: number }[] });
    assert.deepEqual(outs.map((o) => o.tickers[0].action).sort(), ["cache", "full"]);
    for (const o of outs) {
      assert.deepEqual(o.reads, [{ ticker: "DUO", status: "ok", rows: 505 }]);
      assert.equal(o.tickers[0].rows, 505);
      assert.equal(o.tickers[0].lastBar, "2020-12-31");
    }
    assert.equal(fake.requests.length, 6); // one full fetch; the other process read the current cache
  } finally {
    fake.always(null);
  }
  const final = await readBarsCache(polygonCacheDir(cacheDir, true), "DUO");
  assert.equal(final.status, "ok");
  if (final.status === "ok") assertBarsEqual(final.bars, served("DUO"), "final cache");
  assert.deepEqual(readdirSync(polygonCacheDir(cacheDir, true)).sort(), ["DUO.json", "DUO.parquet"]); // no lock or temp file left
});

test("a write killed halfway leaves a temp file; the next run removes it and the cache reads whole", async () => {
  const cacheDir = join(tmp, "killed");
  const dir = polygonCacheDir(cacheDir, true);
  fake.setBars("KILL", served("KILL", { through: "2020-06-30" }));
  await fetchBarsCached(client(), "KILL", "2020-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-07-01T12:00:00Z") });
  const r = await child({ CHILD_MODE: "killed", CHILD_PATH: cachePaths(dir, "KILL").parquet });
  assert.equal(r.signal, "SIGKILL");
  const temps = () => readdirSync(dir).filter((f) => f.endsWith(".tmp"));
  assert.equal(temps().length, 1);
  assert.match(temps()[0], /^KILL\.parquet\.\d+\.[0-9a-f]{8}\.tmp$/);
  fake.setBars("KILL", served("KILL"));
  const logs: string[] = [];
  const next = await fetchBarsCached(client(), "KILL", "2020-01-02", "2020-12-31", { cacheDir, now: () => ms("2020-07-03T12:00:00Z"), log: (l) => logs.push(l) });
  assert.deepEqual(temps(), []);
  assert.ok(logs.some((l) => /cache KILL: removed 1 temporary file\(s\) of an interrupted write/.test(l)), logs.join("\n"));
  assert.equal(next.action, "incremental");
  assert.equal((await readBarsCache(dir, "KILL")).status, "ok");
});

test("updateUniverseCache: one progress line per ticker; nothing new means one request per ticker; dataStatus reports every field", async () => {
  const cacheDir = join(tmp, "universe");
  for (const t of ["UA", "UB", "UC"]) fake.setBars(t, served(t, { through: t === "UC" ? "2020-06-15" : "2020-12-31" }));
  const dataDir = universesDir("three", ["UA", "UB", "UC"]);
  const config = parseDataConfig({ baseUrl: fake.baseUrl, cacheDir, universe: "three", start: "2020-01-02", end: "2020-12-31", source: "live", rateLimitPerMinute: 10_000, retryBaseDelayMs: 1, retryMaxDelayMs: 5 });
  const opts = { dataDir, client: { apiKey: KEY, clock: manualDataClock() } };
  const lines: string[] = [];
  const first = await updateUniverseCache(config, { ...opts, now: () => new Date("2021-01-10T12:00:00Z"), log: (l) => lines.push(l) });
  assert.deepEqual(first.tickers.map((t) => [t.ticker, t.action, t.current]), [["UA", "full", true], ["UB", "full", true], ["UC", "full", false]]);
  const progress = lines.filter((l) => /^\[\d\/3\]/.test(l));
  assert.equal(progress.length, 3);
  const ucBars = barsBetween(served("UC", { through: "2020-06-15" }), isoToDay("2020-01-02")).dates.length;
  assert.equal(ucBars, 114);
  assert.equal(progress[2], "[3/3] UC: full, +114 bars, last bar 2020-06-15, checked through 2020-12-31, NOT current (2 requests)");

  fake.requests.length = 0;
  const again = await updateUniverseCache(config, { ...opts, now: () => new Date("2021-01-10T12:00:00Z") });
  // UA, UB: checked through data.end with the last session present, so no request; UC still lacks its tail: one request.
  assert.deepEqual(again.tickers.map((t) => [t.action, t.requests]), [["cache", 0], ["cache", 0], ["incremental", 1]]);
  assert.equal(fake.requests.length, 1);

  const status = await dataStatus(config, { dataDir, now: () => new Date("2021-01-10T12:00:00Z") });
  assert.deepEqual(status[0], {
    ticker: "UA", firstBar: "2020-01-02", lastBar: "2020-12-31", rows: 253, checkedThrough: "2020-12-31", adjustment: "split",
    source: `polygon:${fake.baseUrl}`, restatements: 0, current: true, problem: null,
  });
  assert.deepEqual([status[2].lastBar, status[2].current], ["2020-06-15", false]);
  const missing = await dataStatus({ ...config, cacheDir: join(tmp, "nothing-here") }, { dataDir });
  assert.deepEqual(missing.map((s) => [s.rows, s.current, s.problem]), [[0, false, "not cached"], [0, false, "not cached"], [0, false, "not cached"]]);
  assert.equal(existsSync(join(tmp, "nothing-here")), false, "status never creates a cache folder");
});

test("updateUniverseCache: a ticker the vendor does not know fails alone, naming it; the others are updated", async () => {
  const cacheDir = join(tmp, "one-fails");
  fake.setBars("OK1", served("OK1"));
  const dataDir = universesDir("mixed", ["NOPE", "OK1"]);
  const config = parseDataConfig({ baseUrl: fake.baseUrl, cacheDir, universe: "mixed", start: "2020-01-02", end: "2020-12-31", source: "live", rateLimitPerMinute: 10_000 });
  const report = await updateUniverseCache(config, { dataDir, client: { apiKey: KEY, clock: manualDataClock() }, now: () => new Date("2021-01-10T12:00:00Z") });
  assert.equal(report.failed, 1);
  assert.equal(report.tickers[0].action, "failed");
  assert.match(report.tickers[0].error ?? "", /NOPE: HTTP 404/);
  assert.equal(report.tickers[1].action, "full");
  assert.ok(!JSON.stringify(report).includes(KEY));
});

test("a lock left by a killed process (mtime older than 20 s) is taken over; the fetch goes on and no lock is left", async () => {
  const cacheDir = join(tmp, "stale-lock");
  const dir = polygonCacheDir(cacheDir, true);
  mkdirSync(join(dir, "STALE.lock"), { recursive: true });
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(dir, "STALE.lock"), old, old);
  fake.setBars("STALE", served("STALE"));
  const r = await fetchBarsCached(client(), "STALE", "2020-01-02", "2020-12-31", { cacheDir, now: () => ms("2021-01-10T12:00:00Z") });
  assert.equal(r.action, "full");
  assert.equal(r.bars.dates.length, 253);
  assert.deepEqual(readdirSync(dir).sort(), ["STALE.json", "STALE.parquet"]);
});

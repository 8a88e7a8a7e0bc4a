// Response schemas, trading dates from `t`, key redaction and the rate limiter, without a server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PolygonAggsResponseSchema, barDay, newYorkDay } from "../../src/data/polygonSchema";
import { redactSecrets, redactUrl, redactingLogger } from "../../src/data/redact";
import { createRateLimiter, createSharedRateLimiter, manualDataClock, systemDataClock } from "../../src/data/rateLimiter";
import { dayToIso } from "../../src/util/dates";
import { FIXTURE_DIR } from "../fixtures/data/csv";

const verbatim = (f: string) => PolygonAggsResponseSchema.parse(JSON.parse(readFileSync(join(FIXTURE_DIR, "polygon", f), "utf8")));

test("the verbatim previous-close and grouped-daily responses parse; their dates match polygon_fixture_bars_index.csv", () => {
  const prev = verbatim("aapl_prev.json");
  assert.equal(dayToIso(barDay("AAPL", prev.results![0].t)), "2022-04-26");
  assert.deepEqual([prev.results![0].o, prev.results![0].vw, prev.results![0].n], [162.25, 158.6074, 899965]);
  const grouped = verbatim("grouped_daily_2005-04-04.json");
  assert.equal(grouped.ticker, undefined); // grouped responses have no ticker field
  assert.equal(grouped.results![0].T, "GIK");
  // t = 1602705600000 = 2020-10-14T20:00Z = 16:00 New York: still 2020-10-14
  assert.equal(dayToIso(barDay("GIK", grouped.results![0].t)), "2020-10-14");
});

test("newYorkDay: midnight New York in winter (05:00Z) and summer (04:00Z) keep their dates; UTC for X: and C:", () => {
  assert.equal(dayToIso(newYorkDay(1577941200000)), "2020-01-02"); // polygon-api.md example
  assert.equal(dayToIso(newYorkDay(1112331600000)), "2005-04-01"); // 05:00Z, before the 2005 DST change
  assert.equal(dayToIso(newYorkDay(1112587200000)), "2005-04-04"); // 04:00Z, after it
  assert.equal(dayToIso(newYorkDay(1112587200000 - 1)), "2005-04-03"); // one ms before midnight New York
  assert.equal(dayToIso(barDay("X:BTCUSD", Date.UTC(2020, 1, 29))), "2020-02-29");
  assert.equal(dayToIso(barDay("C:EURUSD", Date.UTC(2020, 1, 29, 23, 59))), "2020-02-29");
});

test("schema: results absent or null mean empty; a bar without o is rejected naming the path", () => {
  const base = { ticker: "SPY", status: "OK", adjusted: true, queryCount: 0, resultsCount: 0, request_id: "x" };
  assert.equal(PolygonAggsResponseSchema.parse(base).results, undefined);
  assert.equal(PolygonAggsResponseSchema.parse({ ...base, results: null }).results, null);
  const bad = PolygonAggsResponseSchema.safeParse({ ...base, resultsCount: 1, results: [{ h: 1, l: 1, c: 1, t: 0 }] });
  assert.equal(bad.success, false);
  assert.deepEqual(bad.error!.issues[0].path, ["results", 0, "o"]);
  // unknown keys pass through
  assert.equal((PolygonAggsResponseSchema.parse({ ...base, extra: 1 }) as Record<string, unknown>).extra, 1);
});

test("redaction replaces the key and apiKey parameters everywhere", () => {
  const key = "pk_abc/def+123";
  assert.equal(redactSecrets(`a ${key} b ${encodeURIComponent(key)}`, [key]), "a [REDACTED] b [REDACTED]");
  assert.equal(redactUrl("https://x/v2/a?cursor=1&apiKey=zzz&limit=2"), "https://x/v2/a?cursor=1&apiKey=[REDACTED]&limit=2");
  assert.equal(redactUrl("https://x/v2/a?APIKEY=zzz"), "https://x/v2/a?APIKEY=[REDACTED]");
  const lines: string[] = [];
  redactingLogger((l) => lines.push(l), [key])(`GET https://x?apiKey=${key}`);
  assert.deepEqual(lines, ["GET https://x?apiKey=[REDACTED]"]);
  assert.equal(redactSecrets("abc", ["ab"]), "abc", "secrets shorter than 4 characters are ignored");
});

test("rate limiter (manual clock): 5/min lets 5 through at once, the 6th at 60 s, 11th at 120 s; never 6 in a minute", async () => {
  const clock = manualDataClock();
  const limiter = createRateLimiter(5, clock);
  const times: number[] = [];
  for (let i = 0; i < 12; i++) {
    await limiter.acquire();
    times.push(clock.now());
  }
  assert.deepEqual(times, [0, 0, 0, 0, 0, 60000, 60000, 60000, 60000, 60000, 120000, 120000]);
});

test("rate limiter: concurrent callers are served in order and 0.5/min spaces requests 120 s apart", async () => {
  const clock = manualDataClock(1_000);
  const limiter = createRateLimiter(0.5, clock);
  const order: [number, number][] = [];
  await Promise.all([0, 1, 2].map((i) => limiter.acquire().then(() => order.push([i, clock.now()]))));
  assert.deepEqual(order, [[0, 1000], [1, 121000], [2, 241000]]);
  assert.throws(() => createRateLimiter(0), /requestsPerMinute must be a positive number \(got 0\)/);
});

test("schema: non-finite numbers (1e999 parses to Infinity) are rejected in every bar field, naming the path", () => {
  const base = { ticker: "SPY", status: "OK", adjusted: true, queryCount: 1, resultsCount: 1, request_id: "x" };
  for (const field of ["o", "h", "l", "c", "v", "vw", "n", "t"]) {
    const bar: Record<string, number> = { o: 1, h: 2, l: 0.5, c: 1.5, v: 10, vw: 1.2, n: 3, t: 1577941200000 };
    bar[field] = JSON.parse("1e999");
    const r = PolygonAggsResponseSchema.safeParse({ ...base, results: [bar] });
    assert.equal(r.success, false, field);
    assert.deepEqual(r.error!.issues[0].path, ["results", 0, field]);
  }
});

test("rate limiter margin: 5/min with 250 ms margin lets the 6th through at 60.25 s; no 60 s window ever holds 6", async () => {
  const clock = manualDataClock();
  const limiter = createRateLimiter(5, clock, 250);
  const times: number[] = [];
  for (let i = 0; i < 16; i++) {
    await limiter.acquire();
    times.push(clock.now());
  }
  assert.deepEqual(times.slice(4, 7), [0, 60250, 60250]);
  for (const t of times) assert.ok(times.filter((u) => u >= t && u < t + 60_000).length <= 5, `window from ${t}`);
  assert.throws(() => createRateLimiter(5, clock, -1), /marginMs must be a finite number >= 0 \(got -1\)/);
});

test("the system data clock is monotonic (performance.now based): it never steps back", () => {
  let prev = systemDataClock.now();
  for (let i = 0; i < 10_000; i++) {
    const t = systemDataClock.now();
    assert.ok(t >= prev);
    prev = t;
  }
  assert.ok(Math.abs(systemDataClock.now() - Date.now()) < 60_000, "close to wall time");
});

test("shared rate limiter: two limiters on one file (two processes) hold 5/min together, in any sliding window", async () => {
  const dir = mkdtempSync(join(tmpdir(), "caae-limit-"));
  try {
    const clock = manualDataClock(1_000_000);
    const path = join(dir, "rate-limit.json");
    const a = createSharedRateLimiter(path, 5, { clock, marginMs: 250 });
    const b = createSharedRateLimiter(path, 5, { clock, marginMs: 250 });
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      await (i % 2 ? b : a).acquire();
      times.push(clock.now() - 1_000_000);
    }
    assert.deepEqual(times, [0, 0, 0, 0, 0, 60250, 60250, 60250, 60250, 60250, 120500, 120500]);
    assert.equal((JSON.parse(readFileSync(path, "utf8")) as { starts: number[] }).starts.length, 2);
    writeFileSync(path, "{ torn"); // an unreadable window file counts as empty
    await a.acquire();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

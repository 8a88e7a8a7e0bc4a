// The Polygon/Massive client against the fake server (tests/fixtures/data/fakePolygon.ts): real
// split-adjusted bars in the API's shape, pagination, and every fault the issue lists. Backoff and
// rate-limit waits run on a manual clock (instant, and readable); only timeouts use real time.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { startFakePolygon, type FakePolygon } from "../fixtures/data/fakePolygon";
import { fixtureBars } from "../fixtures/data/csv";
import { createPolygonClient, apiKeyFromEnv, type PolygonClientOptions } from "../../src/data/client";
import * as dataStage from "../../src/data";
import {
  aggregatesUrl, backoffMs, busyServerWaitMs, keyRedactor, nextPageUrl, parseRetryAfter, readAggsResponse, type PageRequest,
} from "../../src/data/polygonRequest";
import { PolygonAuthError, PolygonEmptyResultError, PolygonError, PolygonMalformedResponseError, PolygonNotFoundError, PolygonRetryExhaustedError } from "../../src/data/errors";
import { manualDataClock } from "../../src/data/rateLimiter";
import { dayToIso } from "../../src/util/dates";
import { createRng } from "../../src/util/rng";
import { parseStudyConfig } from "../../src/study/config";

const KEY = "pk_TEST_7c1e5b9a3f0d4e2b8a6c";
let fake: FakePolygon;

before(async () => {
  fake = await startFakePolygon({ apiKey: KEY, pageSize: 100 });
});
after(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.inject(); // nothing queued from a previous test
  fake.always(null);
  fake.requests.length = 0;
});

function client(extra: Partial<PolygonClientOptions> = {}) {
  const clock = manualDataClock();
  const logs: string[] = [];
  const rng = createRng(11);
  const c = createPolygonClient({
    apiKey: KEY, baseUrl: fake.baseUrl, rateLimitPerMinute: 1000, maxRetries: 3, retryBaseDelayMs: 100, retryMaxDelayMs: 5000,
    timeoutMs: 2000, clock, random: () => rng.next(), log: (l) => logs.push(l), ...extra,
  });
  return { c, clock, logs };
}

const spy = fixtureBars("split_adjusted/SPY.csv", "SPY");

function assertSameBars(got: { dates: Int32Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array }, want: typeof got) {
  assert.equal(got.dates.length, want.dates.length);
  for (let i = 0; i < want.dates.length; i++) {
    assert.equal(dayToIso(got.dates[i]), dayToIso(want.dates[i]), `row ${i} date`);
    for (const f of ["open", "high", "low", "close", "volume"] as const) assert.equal(got[f][i], want[f][i], `row ${i} ${f}`);
  }
}

test("fetchDailyBars joins 6 pages of 100 in order with no duplicate and equals the fixture (505 SPY bars)", async () => {
  const { c } = client();
  const { bars, stats } = await c.fetchDailyBars("SPY", "2019-01-01", "2020-12-31");
  assert.equal(stats.pages, 6);
  assert.equal(stats.requests, 6);
  assert.deepEqual(stats.warnings, []);
  assertSameBars(bars, spy);
  for (let i = 1; i < bars.dates.length; i++) assert.ok(bars.dates[i] > bars.dates[i - 1]);
  // Follow-up pages reuse next_url's path and query under our base URL, key in the header only.
  assert.equal(fake.requests.length, 6);
  for (const r of fake.requests) {
    assert.equal(r.authorization, `Bearer ${KEY}`);
    assert.equal(r.query.apiKey, undefined);
    assert.equal(r.path, "/v2/aggs/ticker/SPY/range/1/day/2019-01-01/2020-12-31");
    assert.equal(r.query.adjusted, "true");
  }
  assert.equal(fake.requests[0].query.cursor, undefined);
  assert.deepEqual(fake.requests.slice(1).map((r) => Buffer.from(r.query.cursor, "base64url").toString()), ["100", "200", "300", "400", "500"]);
});

test("dates come from t at midnight New York across both DST changes (no off-by-one on any machine zone)", async () => {
  const { c } = client();
  const { bars } = await c.fetchDailyBars("SPY", "2019-03-08", "2019-11-05");
  const iso = Array.from(bars.dates, dayToIso);
  // 2019-03-10 and 2019-11-03 are the DST switches; the Fridays/Mondays around them must keep their dates.
  for (const d of ["2019-03-08", "2019-03-11", "2019-11-01", "2019-11-04", "2019-11-05"]) assert.ok(iso.includes(d), d);
  assert.equal(iso[0], "2019-03-08");
  assert.equal(iso[iso.length - 1], "2019-11-05");
});

test("crypto bars (X:BTCUSD, t at midnight UTC) keep weekends: 91 days in 2020 Q1", async () => {
  const { c } = client();
  const { bars } = await c.fetchDailyBars("X:BTCUSD", "2020-01-01", "2020-03-31");
  assert.equal(bars.dates.length, 91);
  assert.equal(dayToIso(bars.dates[0]), "2020-01-01");
  assert.equal(dayToIso(bars.dates[4]), "2020-01-05"); // a Sunday
  assert.equal(fake.requests[0].path, "/v2/aggs/ticker/X:BTCUSD/range/1/day/2020-01-01/2020-03-31"); // colon literal, as the official clients send it
});

test("the verbatim Polygon responses parse to the bars listed beside them (polygon/AAPL.csv), with real VWAP and trades", async () => {
  const { c } = client();
  const want = fixtureBars("polygon/AAPL.csv", "AAPL");
  for (const from of ["2005-04-01", "2005-04-02"]) {
    const { bars, stats } = await c.fetchDailyBars("AAPL", from, "2005-04-04");
    assert.deepEqual(Array.from(bars.dates, dayToIso), ["2005-04-01", "2005-04-04"]);
    // The second mock answers 2005-04-02.. with the 04-01 bar too: kept (a real bar), with a warning.
    assert.deepEqual(stats.warnings, from === "2005-04-01" ? [] : ["AAPL: 1 bar(s) outside the asked range 2005-04-02..2005-04-04 (kept; first 2005-04-01)"]);
    for (let i = 0; i < 2; i++) {
      for (const f of ["open", "high", "low", "close", "volume", "vwap", "transactions"] as const) assert.equal(bars[f][i], want[f][i], `${from} row ${i} ${f}`);
    }
    assert.equal(bars.vwapEstimated, false);
    assert.equal(bars.vwapEstimator, null);
  }
});

test("429 without Retry-After: backs off with jitter (<= base delay) and returns the right data", async () => {
  const { c, clock } = client();
  fake.inject({ kind: "429" });
  const { bars, stats } = await c.fetchDailyBars("TLT", "2020-01-02", "2020-01-31");
  assert.equal(stats.retries, 1);
  assert.equal(bars.dates.length, 21);
  const waits = clock.sleeps.filter((s) => s > 0);
  assert.equal(waits.length, 1);
  assert.ok(waits[0] >= 0 && waits[0] <= 100, `first backoff ${waits[0]} ms within [0, 100]`);
});

test("429 with Retry-After: 2 waits exactly 2000 ms (seconds form) before retrying", async () => {
  const { c, clock } = client();
  fake.inject({ kind: "429", retryAfter: "2" });
  const { bars } = await c.fetchDailyBars("TLT", "2020-01-02", "2020-01-31");
  assert.equal(bars.dates.length, 21);
  assert.deepEqual(clock.sleeps.filter((s) => s > 0), [2000]);
});

for (const status of [500, 502, 503] as const) {
  test(`HTTP ${status} (HTML body) is retried and ends in the right data`, async () => {
    const { c } = client();
    fake.inject({ kind: "5xx", status }, { kind: "5xx", status });
    const { bars, stats } = await c.fetchDailyBars("GLD", "2020-03-02", "2020-03-31");
    assert.equal(stats.retries, 2);
    assert.equal(bars.dates.length, 22);
    assert.equal(bars.close[0], fixtureBars("split_adjusted/GLD.csv", "GLD").close[fixtureBars("split_adjusted/GLD.csv", "GLD").dates.indexOf(bars.dates[0])]);
  });
}

test("a response slower than timeoutMs is aborted and retried; the retry returns the data", async () => {
  const { c } = client({ timeoutMs: 150 });
  fake.inject({ kind: "slow", delayMs: 1500 });
  const { bars, stats } = await c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30");
  assert.equal(stats.retries, 1);
  assert.equal(bars.dates.length, 22);
});

test("malformed JSON (a cut-off body) is retried and ends in the right data", async () => {
  const { c } = client();
  fake.inject({ kind: "malformed" });
  const { bars } = await c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30");
  assert.equal(bars.dates.length, 22);
});

test("a connection dropped mid-body is retried and ends in the right data", async () => {
  const { c } = client();
  fake.inject({ kind: "drop" });
  const { bars, stats } = await c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30");
  assert.equal(stats.retries, 1);
  assertSameBars(bars, (await c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30")).bars);
});

test("faults on a later page are retried there and the pages still join in order without duplicates", async () => {
  const { c } = client();
  const { bars: clean } = await c.fetchDailyBars("SPY", "2019-01-01", "2020-12-31");
  fake.requests.length = 0;
  fake.inject({ kind: "none" }, { kind: "none" }, { kind: "5xx", status: 503 }, { kind: "drop" });
  const r = await c.fetchDailyBars("SPY", "2019-01-01", "2020-12-31");
  assert.equal(r.stats.pages, 6);
  assert.equal(r.stats.retries, 2);
  assert.deepEqual(fake.requests.map((q) => q.fault), [null, null, "5xx", "drop", null, null, null, null]);
  assertSameBars(r.bars, clean);
  assertSameBars(r.bars, spy);
});

test("an empty OK for a range with sessions is asked once more, with a warning, and the data then used", async () => {
  const { c } = client();
  fake.inject({ kind: "empty" });
  const r = await c.fetchDailyBars("SPY", "2019-01-01", "2020-12-31");
  assertSameBars(r.bars, spy);
  assert.equal(r.stats.warnings.length, 1);
  assert.match(r.stats.warnings[0], /no bars for 2019-01-01\.\.2020-12-31 although the range has sessions; asked again/);
});

test("index tickers (I:SPX) are asked without the adjusted parameter", async () => {
  const { c } = client();
  fake.setBars("I:SPX", spy);
  const { bars } = await c.fetchDailyBars("I:SPX", "2020-06-01", "2020-06-30");
  assert.equal(bars.dates.length, 22);
  assert.equal(fake.requests[0].query.adjusted, undefined);
  assert.equal(fake.requests[0].path, "/v2/aggs/ticker/I:SPX/range/1/day/2020-06-01/2020-06-30");
});

test("a page whose adjusted flag differs from the one asked for is rejected as malformed", async () => {
  const { c } = client();
  const body = { ticker: "SPY", queryCount: 1, resultsCount: 1, adjusted: false, status: "OK", request_id: "r1", results: [{ o: 1, h: 1, l: 1, c: 1, v: 1, t: 1591070400000 }] };
  fake.verbatim("/v2/aggs/ticker/SPY/range/1/day/2020-06-02/2020-06-02", JSON.stringify(body));
  await assert.rejects(c.fetchDailyBars("SPY", "2020-06-02", "2020-06-02"), (err: unknown) => err instanceof PolygonMalformedResponseError && /page 1 says adjusted=false, we asked for adjusted=true/.test(err.message));
});

test("invalid key: 401 fails fast with PolygonAuthError after one request", async () => {
  const { c } = client({ apiKey: "pk_WRONG_0000000000" });
  await assert.rejects(c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30"), (err: unknown) => {
    assert.ok(err instanceof PolygonAuthError);
    assert.equal(err.kind, "auth");
    assert.equal(err.details.status, 401);
    assert.match(err.message, /SPY: HTTP 401: Unknown API Key/);
    assert.equal(err.retryable, false);
    return true;
  });
  assert.equal(fake.requests.length, 1);
});

test("403 not entitled fails fast (not retried) with kind not_entitled", async () => {
  const { c } = client();
  fake.inject({ kind: "not_entitled" });
  await assert.rejects(c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30"), (err: unknown) => err instanceof PolygonAuthError && err.kind === "not_entitled" && /not entitled/.test(err.message));
  assert.equal(fake.requests.length, 1);
});

test("an unknown ticker gives PolygonNotFoundError naming it", async () => {
  const { c } = client();
  await assert.rejects(c.fetchDailyBars("NOPE", "2020-06-01", "2020-06-30"), (err: unknown) => err instanceof PolygonNotFoundError && err.details.ticker === "NOPE" && /NOPE: HTTP 404/.test(err.message));
});

test("a range with sessions that stays empty after one more try raises PolygonEmptyResultError", async () => {
  const { c } = client();
  fake.inject({ kind: "empty" }, { kind: "empty" });
  await assert.rejects(c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30"), (err: unknown) => err instanceof PolygonEmptyResultError && err.kind === "empty");
  assert.equal(fake.requests.length, 2);
});

test("a range without sessions (a weekend) is empty without error or retry", async () => {
  const { c } = client();
  const { bars } = await c.fetchDailyBars("SPY", "2020-06-06", "2020-06-07");
  assert.equal(bars.dates.length, 0);
  assert.equal(fake.requests.length, 1);
});

const exhausting: [string, Parameters<FakePolygon["always"]>[0], string, typeof PolygonError][] = [
  ["429", { kind: "429" }, "rate_limited", PolygonRetryExhaustedError],
  ["503", { kind: "5xx", status: 503 }, "server", PolygonRetryExhaustedError],
  ["slow", { kind: "slow", delayMs: 3000 }, "timeout", PolygonRetryExhaustedError],
  ["dropped connection", { kind: "drop" }, "network", PolygonRetryExhaustedError],
  ["malformed JSON", { kind: "malformed" }, "malformed", PolygonMalformedResponseError],
];
for (const [label, fault, kind, Cls] of exhausting) {
  test(`a persistent ${label} ends in a typed ${kind} error after exactly maxRetries + 1 = 3 requests`, async () => {
    // a timeout well above a loaded machine's response time, so only the slow fault times out
    const { c } = client({ maxRetries: 2, timeoutMs: 1000 });
    fake.always(fault);
    await assert.rejects(c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30"), (err: unknown) => {
      assert.ok(err instanceof Cls, `${label}: ${String(err)}`);
      assert.equal((err as PolygonError).kind, kind);
      assert.equal((err as PolygonError).details.attempts, 3);
      assert.match((err as PolygonError).message, /gave up after 3 attempts/);
      return true;
    });
    assert.equal(fake.requests.length, 3);
  });
}

test("backoff doubles per retry under the cap: full-jitter delays stay within base * 2^k", async () => {
  const { c, clock } = client({ maxRetries: 4, retryBaseDelayMs: 100, retryMaxDelayMs: 250 });
  fake.always({ kind: "5xx", status: 502 });
  await assert.rejects(c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30"));
  const waits = clock.sleeps.filter((s) => s > 0);
  assert.equal(waits.length, 4);
  const caps = [100, 200, 250, 250];
  waits.forEach((w, k) => assert.ok(w <= caps[k], `retry ${k + 1}: ${w} ms > cap ${caps[k]}`));
});

test("the client's requests hold the configured rate: 5 per minute (+250 ms margin) means request 6 waits 60.25 s (manual clock)", async () => {
  const clock = manualDataClock();
  const times: number[] = [];
  const c = createPolygonClient({
    apiKey: KEY, baseUrl: fake.baseUrl, rateLimitPerMinute: 5, clock,
    fetch: (input, init) => { times.push(clock.now()); return fetch(input, init); },
  });
  // 505 bars in pages of 100 = 6 requests per call; two calls = 12 requests.
  await c.fetchDailyBars("SPY", "2019-01-01", "2020-12-31");
  await c.fetchDailyBars("TLT", "2019-01-01", "2020-12-31");
  assert.deepEqual(times, [0, 0, 0, 0, 0, 60_250, 60_250, 60_250, 60_250, 60_250, 120_500, 120_500]);
  // Every sliding window of 60 s (any start) holds at most 5 requests.
  for (const t of times) assert.ok(times.filter((u) => u >= t && u < t + 60_000).length <= 5);
});

test("the key goes only in the Authorization header, never in a URL, error, log line or stack", async () => {
  const { c, logs } = client({ maxRetries: 1, timeoutMs: 120 });
  const texts: string[] = [];
  const faults: Parameters<FakePolygon["always"]>[0][] = [{ kind: "429" }, { kind: "5xx", status: 502 }, { kind: "slow", delayMs: 1500 }, { kind: "drop" }, { kind: "malformed" }, { kind: "not_entitled" }, { kind: "empty" }];
  for (const f of faults) {
    fake.always(f);
    try {
      await c.fetchDailyBars("SPY", "2020-06-01", "2020-06-30");
    } catch (err) {
      const e = err as PolygonError;
      texts.push(e.message, String(e.stack), JSON.stringify(e.details), JSON.stringify(e));
    }
  }
  fake.always(null);
  try {
    await c.fetchDailyBars("NOPE", "2020-06-01", "2020-06-30");
  } catch (err) {
    texts.push((err as Error).message, String((err as Error).stack));
  }
  // A wrong key is a secret too.
  const wrong = "pk_WRONG_SECRET_123456";
  const { c: bad, logs: badLogs } = client({ apiKey: wrong });
  try {
    await bad.fetchDailyBars("SPY", "2020-06-01", "2020-06-30");
  } catch (err) {
    texts.push((err as Error).message, String((err as Error).stack));
  }
  assert.ok(texts.length >= 14, `collected ${texts.length} error texts`);
  assert.ok(logs.length > 5);
  for (const t of [...texts, ...logs]) assert.ok(!t.includes(KEY), `key leaked in: ${t.slice(0, 200)}`);
  for (const t of [...texts, ...badLogs]) assert.ok(!t.includes(wrong), `wrong key leaked in: ${t.slice(0, 200)}`);
  for (const r of fake.requests) assert.ok(!JSON.stringify(r.query).includes(KEY));
});

test("no key anywhere: createPolygonClient throws PolygonAuthError missing_key naming the variables", () => {
  assert.throws(() => createPolygonClient({ env: {} }), (err: unknown) => err instanceof PolygonAuthError && err.kind === "missing_key" && /POLYGON_API_KEY/.test(err.message));
  assert.equal(apiKeyFromEnv({ MASSIVE_API_KEY: " mk_1 " }), "mk_1");
  assert.equal(apiKeyFromEnv({ POLYGON_API_KEY: "pk_2", MASSIVE_API_KEY: "mk_1" }), "pk_2");
  assert.equal(apiKeyFromEnv({}), undefined);
});

test("nextPageUrl keeps next_url's path and query under our base URL and drops any apiKey", () => {
  assert.equal(
    nextPageUrl("http://127.0.0.1:9", "https://api.polygon.io/v2/aggs/ticker/SPY/range/1/day/2019-01-01/2020-12-31?cursor=YWJj&apiKey=leak&limit=50000"),
    "http://127.0.0.1:9/v2/aggs/ticker/SPY/range/1/day/2019-01-01/2020-12-31?cursor=YWJj&limit=50000",
  );
  assert.equal(nextPageUrl("https://proxy.example/polygon", "https://api.massive.com/v2/x?cursor=1"), "https://proxy.example/polygon/v2/x?cursor=1");
});

test("parseRetryAfter reads delta-seconds and HTTP dates, ignores junk", () => {
  assert.equal(parseRetryAfter("3", 0), 3000);
  assert.equal(parseRetryAfter("0.5", 0), 500);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.UTC(2015, 9, 21, 7, 28, 0)), 10_000);
  assert.equal(parseRetryAfter(null, 0), undefined);
  assert.equal(parseRetryAfter("soon", 0), undefined);
});

test("aggregatesUrl: the prefix colon stays literal, index tickers get no adjusted parameter, no key in the URL", () => {
  assert.equal(
    aggregatesUrl("https://api.massive.com", "X:BTCUSD", "2020-01-01", "2020-03-31", true, 50000),
    "https://api.massive.com/v2/aggs/ticker/X:BTCUSD/range/1/day/2020-01-01/2020-03-31?adjusted=true&sort=asc&limit=50000",
  );
  assert.equal(aggregatesUrl("http://h", "I:SPX", "2020-01-01", "2020-01-31", false, 100), "http://h/v2/aggs/ticker/I:SPX/range/1/day/2020-01-01/2020-01-31?sort=asc&limit=100");
  assert.equal(aggregatesUrl("http://h", "BRK.B", "2020-01-01", "2020-01-31", false, 100), "http://h/v2/aggs/ticker/BRK.B/range/1/day/2020-01-01/2020-01-31?adjusted=false&sort=asc&limit=100");
});

test("backoffMs is full jitter under min(cap, base * 2^attempt); busyServerWaitMs prefers Retry-After, capped", () => {
  const policy = (u: number) => ({ maxRetries: 4, retryBaseDelayMs: 100, retryMaxDelayMs: 250, random: () => u });
  assert.deepEqual([0, 1, 2, 3].map((k) => backoffMs(policy(0.5), k)), [50, 100, 125, 125]);
  assert.equal(backoffMs(policy(0), 3), 0);
  assert.equal(busyServerWaitMs(policy(0.5), 0, 200), 200);
  assert.equal(busyServerWaitMs(policy(0.5), 0, 10_000), 250);
  assert.equal(busyServerWaitMs(policy(0.5), 1, undefined), 100);
});

test("readAggsResponse: a page, the faults to retry, and fatal responses thrown with the key redacted", () => {
  const req: PageRequest = { ticker: "SPY", url: `http://h/v2/x?apiKey=${KEY}`, shown: "http://h/v2/x?apiKey=[REDACTED]", attempts: 2, redact: keyRedactor(KEY) };
  const ok = JSON.stringify({ status: "OK", adjusted: true, ticker: "SPY", queryCount: 0, resultsCount: 0, request_id: "r1", results: [] });
  const res = (status: number, text: string, retryAfterMs?: number) => ({ status, text, retryAfterMs, location: null });
  assert.equal(readAggsResponse(req, res(200, ok)).page?.request_id, "r1");
  assert.deepEqual(readAggsResponse(req, res(200, '{"status":"OK","res')).fault, { kind: "malformed", status: 200, message: 'body is not JSON (19 bytes: "{\\"status\\":\\"OK\\",\\"res")', busy: false });
  assert.deepEqual(readAggsResponse(req, res(503, "<html>", 2000)).fault, { kind: "server", status: 503, message: "HTTP 503", busy: true, retryAfterMs: 2000 });
  assert.equal(readAggsResponse(req, res(429, '{"status":"ERROR","error":"slow down"}')).fault?.message, "HTTP 429: slow down");
  assert.throws(() => readAggsResponse(req, res(401, `{"error":"bad key ${KEY}"}`)), (err: unknown) => {
    const e = err as PolygonError;
    return e instanceof PolygonAuthError && e.kind === "auth" && !e.message.includes(KEY) && !String(e.details.url).includes(KEY) && e.details.attempts === 2;
  });
  assert.throws(() => readAggsResponse(req, res(200, '{"status":"ERROR","request_id":"r2","resultsCount":0}')), /SPY: API status "ERROR" at http:\/\/h\/v2\/x\?apiKey=\[REDACTED\]/);
  assert.throws(() => readAggsResponse(req, res(200, '{"status":"OK"}')), (err: unknown) => err instanceof PolygonMalformedResponseError && /SPY: response does not match the aggregates schema \(resultsCount: /.test(err.message));
  assert.throws(() => readAggsResponse(req, res(418, "")), /SPY: HTTP 418 at http:\/\/h\/v2\/x\?apiKey=\[REDACTED\]/);
});

test("the request internals are not part of the data stage's public surface", () => {
  for (const name of ["parseRetryAfter", "nextPageUrl", "aggregatesUrl", "backoffMs", "readAggsResponse", "requestOnce"]) assert.equal(name in dataStage, false, name);
  assert.equal(typeof dataStage.createPolygonClient, "function");
});

test("a baseUrl with a query is rejected naming data.baseUrl, without echoing the value (it may hold a key)", () => {
  const secret = "pk_LEAKED_IN_URL_998877";
  for (const baseUrl of [`https://api.massive.com?apiKey=${secret}`, `https://api.massive.com/v2/?apiKey=${secret}`, `not a url ${secret}`]) {
    assert.throws(() => createPolygonClient({ apiKey: KEY, baseUrl }), (err: unknown) => {
      const msg = (err as Error).message;
      assert.match(msg, /invalid data config: baseUrl: /);
      assert.match(msg, /value not shown/);
      assert.ok(!msg.includes(secret), msg);
      return true;
    });
  }
  assert.throws(() => parseStudyConfig({ data: { baseUrl: `https://x.example?token=${secret}` } }), (err: unknown) => /data\.baseUrl/.test((err as Error).message) && !(err as Error).message.includes(secret));
});

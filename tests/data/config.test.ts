// DataConfig: defaults and errors that name the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDataConfig } from "../../src/config/data";
import { ConfigError } from "../../src/config/parse";

test("parseDataConfig() fills the defaults (free tier: 5 requests per minute; the study's gap-free range)", () => {
  const c = parseDataConfig();
  assert.deepEqual(c, {
    baseUrl: "https://api.massive.com", adjusted: true, rateLimitPerMinute: 5, maxRetries: 4, retryBaseDelayMs: 1000, retryMaxDelayMs: 60000,
    timeoutMs: 30000, pageLimit: 50000, cacheDir: ".cache/bars", universe: "cross-asset-core", start: "2007-04-11", end: "2025-09-26", source: "shipped",
    overlapSessions: 5, settleMinutes: 240, rateLimitMarginMs: 250,
  });
  assert.equal(parseDataConfig({ baseUrl: "https://api.polygon.io", adjusted: false }).adjusted, false);
});

test("parseDataConfig names the bad field and what arrived", () => {
  assert.throws(() => parseDataConfig({ rateLimitPerMinute: 0 }), (e: unknown) => e instanceof ConfigError && /rateLimitPerMinute: must be > 0 \(got 0\)/.test(e.message));
  assert.throws(() => parseDataConfig({ pageLimit: 60000 }), /pageLimit: must be <= 50000 \(got 60000\)/);
  assert.throws(() => parseDataConfig({ baseUrl: "https://api.massive.com/" }), /baseUrl: must be scheme/);
  assert.throws(() => parseDataConfig({ start: "2020-01-02", end: "2019-01-02" }), /end: end must not be before start/);
  assert.throws(() => parseDataConfig({ apiKey: "x" }), /unknown field\(s\) apiKey/);
  assert.throws(() => parseDataConfig({ retryBaseDelayMs: 5000, retryMaxDelayMs: 100 }), /retryMaxDelayMs: must be >= retryBaseDelayMs/);
});

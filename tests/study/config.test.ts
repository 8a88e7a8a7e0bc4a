import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfigError } from "../../src/config/parse";
import { RegimeConfigSchema } from "../../src/config/regimes";
import { BacktestConfigSchema } from "../../src/config/backtest";
import { DataConfigSchema } from "../../src/config/data";
import { FeaturesConfigSchema } from "../../src/config/features";
import { WalkForwardConfigSchema } from "../../src/config/models";
import { PortfolioConfigSchema } from "../../src/config/portfolio";
import { LookAheadConfigSchema, MemoConfigSchema, loadStudyConfig, momentumAlphaName, parseStudyConfig, studyAlphaNames } from "../../src/study/config";

const ROOT = resolve(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "study-config-"));

test("the study's defaults are the stages' own except those it states: regime restarts and seed, beta neutrality with the beta feedback, the rebalance cycle and prior-day impact inputs", () => {
  const study = parseStudyConfig({});
  assert.deepEqual(study.data, DataConfigSchema.parse({}));
  assert.deepEqual(study.features, FeaturesConfigSchema.parse({}));
  assert.deepEqual(study.walkForward, WalkForwardConfigSchema.parse({}));
  assert.deepEqual(study.portfolio, { ...PortfolioConfigSchema.parse({}), betaNeutral: true, betaFeedbackDays: 252 });
  const regimes = RegimeConfigSchema.parse({});
  assert.deepEqual(study.regimes, { ...regimes, hmm: { ...regimes.hmm, nRestarts: 3, seed: 7 } });
  assert.deepEqual(study.backtest, { ...BacktestConfigSchema.parse({}), rebalanceEveryDays: 5, impactInputTiming: "priorDay" });
  // the study's choices hold field by field inside a partial config
  const partial = parseStudyConfig({ regimes: { hmm: { nComponents: 4 } }, backtest: { commissionBps: 2 } });
  assert.deepEqual([partial.regimes.hmm.nComponents, partial.regimes.hmm.nRestarts, partial.regimes.hmm.seed], [4, 3, 7]);
  assert.deepEqual([partial.backtest.commissionBps, partial.backtest.rebalanceEveryDays], [2, 5]);
  // a parsed config parses to itself
  assert.deepEqual(parseStudyConfig(study), study);
});

test("loadStudyConfig() reads the project's study.json, which parses to the defaults, from any working directory", () => {
  assert.deepEqual(loadStudyConfig(), parseStudyConfig({}));
  const cwd = process.cwd();
  try {
    process.chdir(join(ROOT, "notebooks"));
    assert.deepEqual(loadStudyConfig(), parseStudyConfig(JSON.parse(readFileSync(join(ROOT, "study.json"), "utf8"))));
    assert.deepEqual(loadStudyConfig("study.json"), loadStudyConfig(join(ROOT, "study.json")));
  } finally {
    process.chdir(cwd);
  }
});

test("loadStudyConfig accepts a UTF-8 byte-order mark and fills the defaults of a partial file", () => {
  const file = join(dir, "bom.json");
  writeFileSync(file, `\uFEFF${JSON.stringify({ portfolio: { maxPosition: 0.05 } })}`, "utf8");
  const config = loadStudyConfig(file);
  assert.equal(config.portfolio.maxPosition, 0.05);
  assert.deepEqual(config.walkForward, parseStudyConfig({}).walkForward);
});

test("a study file that is not a JSON object, not JSON, missing or invalid throws ConfigError naming the file", () => {
  const cases: [string, string | null, RegExp][] = [
    ["array.json", "[1, 2]", /\(root\): must be an object \(got an array\)/],
    ["number.json", "42", /\(root\): must be an object \(got number\)/],
    ["broken.json", "{ \"alpha\": ", /\(file\): .*JSON/],
    ["missing.json", null, /\(file\): ENOENT/],
    ["bad.json", JSON.stringify({ portfolio: { maxPosition: 20 } }), /portfolio\.maxPosition: must be <= 10 \(got 20\)/],
  ];
  for (const [name, text, message] of cases) {
    const file = join(dir, name);
    if (text !== null) writeFileSync(file, text);
    assert.throws(() => loadStudyConfig(file), (err: unknown) => {
      assert.ok(err instanceof ConfigError, `${name}: ${String(err)}`);
      assert.ok(err.message.startsWith(`invalid study (${file}) config: `), err.message);
      assert.match(err.message, message);
      return true;
    });
  }
});

test("the momentum alpha is named by its lookback: the default list follows momentumLookbackDays, an old name is refused", () => {
  assert.equal(momentumAlphaName(20), "momentum 20d");
  assert.deepEqual(parseStudyConfig({}).variants.alphas, ["regime-aware forest", "overall forest", "momentum 20d"]);
  const sixty = parseStudyConfig({ momentumLookbackDays: 60, alpha: "momentum 60d" });
  assert.deepEqual(sixty.variants.alphas, studyAlphaNames({ momentumLookbackDays: 60 }));
  assert.deepEqual(sixty.variants.alphas, ["regime-aware forest", "overall forest", "momentum 60d"]);
  assert.equal(sixty.alpha, "momentum 60d");
  assert.throws(() => parseStudyConfig({ momentumLookbackDays: 60, alpha: "momentum 20d" }), /invalid study config: alpha: must be one of "regime-aware forest", "overall forest", "momentum 60d" \(momentumLookbackDays 60\) \(got "momentum 20d"\)/);
  assert.throws(() => parseStudyConfig({ momentumLookbackDays: 60, variants: { alphas: ["overall forest", "momentum 20d"] } }), /variants\.alphas\.1: must be one of/);
  assert.throws(() => parseStudyConfig({ alpha: "magic" }), /alpha: must be one of "regime-aware forest", "overall forest" or "momentum <momentumLookbackDays>d" \(got "magic"\)/);
});

test("the look-ahead and memo sections are their own schemas, whose defaults the study's parsed config carries", () => {
  const study = parseStudyConfig({});
  assert.deepEqual(study.lookAhead, LookAheadConfigSchema.parse({}));
  assert.deepEqual(study.cache, MemoConfigSchema.parse({}));
  assert.deepEqual(study.cache, { enabled: true, dir: null });
  assert.throws(() => parseStudyConfig({ lookAhead: { maxSharpeDrop: 0 } }), /invalid study config: lookAhead\.maxSharpeDrop: must be > 0 \(got 0\)/);
  assert.throws(() => parseStudyConfig({ cache: { folder: "x" } }), /invalid study config: cache: unknown field\(s\) folder/);
});

// `alpha-engine import` and the data overrides of `alpha-engine run` (issue 12), through the built CLI (dist/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "tests", "fixtures", "data", "import");
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "dist", "cli.js"), ...args], { cwd: ROOT, encoding: "utf8" });
const tmp = () => mkdtempSync(join(tmpdir(), "import-cli-"));

test("alpha-engine import prints the validation report per ticker and writes the dataset (exit 0)", () => {
  const out = join(tmp(), "ds");
  const r = cli("import", join(FIXTURES, "yahoo"), "--out", out, "--adjustment", "total", "--source-name", "Yahoo Finance");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ticker +file +layout +rows in +rows out +removed +flagged +first +last/);
  assert.match(r.stdout, /SPY +SPY\.csv +yahoo +1,258 +1,258 +none +none +2012-01-03 +2016-12-30/);
  assert.match(r.stdout, /QQQ +QQQ\.csv +yahoo +904 +904 +none +none +2013-06-03 +2016-12-30/);
  assert.match(r.stderr, /imported 6 tickers, 7194 rows in [\d.]+ s/);
  assert.ok(existsSync(join(out, "SPY.parquet")) && existsSync(join(out, "SPY.json")));
  const json = cli("import", join(FIXTURES, "stooq"), "--out", out, "--json");
  assert.equal(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { files: { ticker: string; rowsOut: number; adjustment: string }[] };
  assert.deepEqual(report.files.map((f) => [f.ticker, f.rowsOut, f.adjustment]), [["USO", 1258, "split"], ["UUP", 1131, "split"], ["XLE", 756, "split"]]);
});

test("alpha-engine import exits 1 naming file, line and field when a file cannot be used; 2 on bad usage", () => {
  const dir = tmp();
  writeFileSync(join(dir, "N.csv"), "Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,abc,100\n");
  const out = join(dir, "ds");
  const r = cli("import", dir, "--out", out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /N\.csv:3: Close: "abc" is not a number/);
  assert.ok(!existsSync(out));
  const bad = cli("import", dir, "--out", out, "--adjustment", "dividends");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--adjustment must be one of split, total, none \(got "dividends"\)/);
  assert.equal(cli("import", "--out", out).status, 2);
  assert.match(cli("import", dir).stderr, /--out <value> is required/);
});

test("alpha-engine run --tickers: asset classes looked up or assumed with a note; a ticker the stages need but the universe lacks exits 2 before any work", () => {
  const config = join(tmp(), "c.json");
  writeFileSync(config, "{}");
  const r = cli("run", "--config", config, "--tickers", "SPY,AMD", "--out", join(tmp(), "out"));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /note: AMD: asset class "equity" assumed \(not in any universes file\)/);
  assert.match(r.stderr, /features\.bondTicker: "TLT" is not in the universe \(SPY, AMD\): add it, or set features\.bondTicker to null to skip the stock-bond features/);
  assert.doesNotMatch(r.stderr, /^data: /m); // nothing was loaded
  const date = cli("run", "--config", config, "--start", "2024-02-30");
  assert.equal(date.status, 2);
  assert.match(date.stderr, /invalid study config: data\.start: must be a calendar date .*\(got "2024-02-30"\)/);
});

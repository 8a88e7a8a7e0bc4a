/**
 * The pre-trade checks inside a real cycle: a breach's reason code reaches orders.csv and the
 * journal's risk_checks, a clip changes what the book trades, and a block holds the book.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseProductionRunConfig } from "../../src/production/config";
import { runDailyCycle } from "../../src/production/daily";
import { ProductionStore } from "../../src/production/store";
import { isoToDay } from "../../src/util/dates";
import { SMALL_STUDY, productionConfig, smallPanel } from "./helpers";

const memo = mkdtempSync(join(tmpdir(), "alpha-memo-"));
// A dollar-neutral book (the study default is beta-neutral), so the beta check has a beta to cap.
const study = { ...SMALL_STUDY, cache: { dir: memo }, portfolio: { betaNeutral: false } };
const REBALANCE_DAY = "2014-06-05"; // session 860 of the small panel: 860 % rebalanceEveryDays (5) === 0 (checked below)

async function runDay(riskChecks: Record<string, unknown>) {
  const panel = await smallPanel();
  const { config, dir } = productionConfig({ riskChecks }, study);
  const parsed = parseProductionRunConfig(config);
  const day = await runDailyCycle(parsed, REBALANCE_DAY, { panel, today: isoToDay("2014-07-01") });
  const orders = readFileSync(day.files.orders, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  const store = await ProductionStore.open({ database: join(dir, "engine.duckdb"), artifactsDir: join(dir, "artifacts") });
  const journal = await store.query<{ check: string; reason_code: string; ticker: string }>(`SELECT "check", reason_code, ticker FROM risk_checks`);
  const orderRows = await store.query<{ ticker: string; reason_codes: string }>("SELECT ticker, reason_codes FROM orders");
  store.close();
  return { day, orders, journal, orderRows };
}

test("clipping checks: reason codes in orders.csv and in the journal, and the clipped book is what trades", async () => {
  const free = await runDay({});
  assert.ok(free.day.champion.settled.rebalanced, `${REBALANCE_DAY} must be a rebalance day`);
  const proposed = free.day.champion.forecast.proposedTarget;
  const maxAbs = Math.max(...Array.from(proposed, Math.abs));
  const clipped = await runDay({ positionCap: { limit: maxAbs / 2 }, turnover: { limit: 0.05 }, advShare: { limit: 1e-7 } });
  const codes = new Set(clipped.orders.flatMap((o) => o[6].split(";")));
  for (const code of ["POSITION_CAP", "TURNOVER_CAP", "ADV_CAP"]) {
    assert.ok(codes.has(code), `${code} in orders.csv`);
    assert.ok(clipped.journal.some((r) => r.reason_code === code), `${code} in risk_checks`);
    assert.ok(clipped.orderRows.some((r) => r.reason_codes.includes(code)), `${code} in the journal's orders`);
  }
  assert.ok(clipped.day.champion.settled.turnover <= 0.05 + 1e-12, "turnover after the clip is within the cap");
  assert.ok(clipped.day.champion.settled.turnover < free.day.champion.settled.turnover);
});

test("book-level checks: gross, net and beta clip with their codes; a blocking breach holds the book (BLOCKED_ in every order)", async () => {
  const r = await runDay({ gross: { limit: 0.3 }, net: { limit: 0 }, beta: { limit: 0.001 } });
  const codes = new Set(r.orders.flatMap((o) => o[6].split(";")));
  for (const code of ["GROSS_CAP", "BETA_CAP"]) assert.ok(codes.has(code) && r.journal.some((j) => j.reason_code === code), code);
  const blocked = await runDay({ gross: { limit: 0.3, action: "block" } });
  assert.equal(blocked.day.champion.checks.blocked, "GROSS_CAP");
  assert.ok(blocked.orders.every((o) => o[6].startsWith("BLOCKED_GROSS_CAP") && Number(o[3]) === 0), "no order goes out");
  assert.equal(blocked.day.champion.settled.turnover, 0);
});

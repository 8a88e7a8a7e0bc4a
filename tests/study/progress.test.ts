/**
 * runStudy's onProgress: the walk-forward HMM refits and forest refits report where they stand,
 * counts climbing to their totals, and listening changes no number of the study.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runStudy } from "../../src/study";
import { loadShippedPanel } from "../../src/data";
import type { ProgressEvent } from "../../src/util/progress";

test("runStudy({ onProgress }) reports every HMM refit and forest refit, up to their totals, without moving a number", async () => {
  const config = { data: { end: "2012-12-31" }, cache: { enabled: false } };
  const panel = await loadShippedPanel({ end: "2012-12-31" });
  const events: ProgressEvent[] = [];
  const listened = await runStudy(config, { panel, onProgress: (e) => events.push(e) });
  const quiet = await runStudy(config, { panel });
  assert.deepEqual(listened.backtest.netReturn, quiet.backtest.netReturn);
  assert.deepEqual(listened.summary, quiet.summary);

  assert.deepEqual([...new Set(events.map((e) => e.step))], ["regimes: HMM refits", "models: forest refits"]);
  const expectedTotals = { "regimes: HMM refits": listened.regimes.refitDays.length, "models: forest refits": listened.models.folds.length };
  for (const [step, total] of Object.entries(expectedTotals)) {
    const mine = events.filter((e) => e.step === step);
    assert.ok(mine.length >= 2, `${step}: ${mine.length} events`);
    assert.ok(mine.every((e) => e.total === total), `${step}: total ${total} throughout`);
    assert.equal(mine[mine.length - 1].done, total, `${step} ends at its total`);
    for (let i = 1; i < mine.length; i++) {
      assert.ok(mine[i].done >= mine[i - 1].done, `${step}: done never falls`);
      assert.ok(mine[i].elapsedMs >= mine[i - 1].elapsedMs, `${step}: elapsed never falls`);
    }
    assert.equal(mine[mine.length - 1].etaMs, 0, `${step}: nothing left at the end`);
  }
  // the HMM reports after each refit: one event per refit
  assert.equal(events.filter((e) => e.step === "regimes: HMM refits").length, listened.regimes.refitDays.length);
});

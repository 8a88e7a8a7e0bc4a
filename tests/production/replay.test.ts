/**
 * The daily cycle and the backtest are one computation: replaying sessions one by one, each seeing
 * bars up to its own day only, gives the backtest's daily gross, net and cost returns.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runStudy } from "../../src/study/run/pipeline";
import { parseProductionRunConfig } from "../../src/production/config";
import { runReplay } from "../../src/production/daily";
import { dayToIso } from "../../src/util/dates";
import { productionConfig, smallPanel } from "./helpers";

test("replay --from --to equals the backtest's daily gross, net and cost to 1e-10 over 70 sessions with a retraining day", async () => {
  const panel = await smallPanel();
  const { config } = productionConfig();
  const parsed = parseProductionRunConfig(config);
  const study = await runStudy(parsed.study, { panel });
  const T = panel.dates.length;
  const from = T - 70, to = T - 1;
  const replay = await runReplay(parsed, dayToIso(panel.dates[from]), dayToIso(panel.dates[to]), { panel, today: panel.dates[T - 1] });
  assert.equal(replay.days.length, 70);
  assert.ok(replay.days.some((d) => d.champion.forecast.retrainingDay && d.champion.forecast.trainedNow), "a retraining day inside the replay");
  assert.ok(replay.days.some((d) => d.champion.settled.rebalanced && d.champion.settled.turnover > 0), "trades inside the replay");
  for (let k = 0; k < replay.days.length; k++) {
    const t = from + k, d = replay.days[k].champion.settled;
    const where = `${dayToIso(panel.dates[t])}`;
    assert.ok(Math.abs(d.gross - study.backtest.grossReturn[t]) <= 1e-10, `gross on ${where}: ${d.gross} vs ${study.backtest.grossReturn[t]}`);
    assert.ok(Math.abs(d.net - study.backtest.netReturn[t]) <= 1e-10, `net on ${where}`);
    assert.ok(Math.abs(d.cost - study.backtest.totalCost[t]) <= 1e-10, `cost on ${where}`);
  }
  const lines = replay.returnsCsv.trim().split("\n");
  assert.equal(lines[0], "date,gross,net,cost");
  assert.equal(lines.length, 71);
  assert.equal(Number(lines[70].split(",")[2]), study.backtest.netReturn[to]);
});

/**
 * Champion and challenger on the same data: both journalled, only the champion's files are
 * written, `compare` pairs their days; the registry's promote and rollback move the champion.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseProductionRunConfig } from "../../src/production/config";
import { runReplay } from "../../src/production/daily";
import { ProductionStore } from "../../src/production/store";
import { compareBooks } from "../../src/production/compare";
import { listModels, promoteModel, rollbackChampion } from "../../src/production/registry";
import { dayToIso } from "../../src/util/dates";
import { SMALL_STUDY, productionConfig, smallPanel } from "./helpers";

test("a challenger runs in shadow: both books journalled on the same days, compare pairs them, promote and rollback move the champion", async () => {
  const panel = await smallPanel();
  const memo = mkdtempSync(join(tmpdir(), "alpha-memo-"));
  const challenger = { ...SMALL_STUDY, cache: { dir: memo }, portfolio: { scheme: "topBottomK", topK: 3 } };
  const { config, dir } = productionConfig({ challenger }, { ...SMALL_STUDY, cache: { dir: memo } });
  const parsed = parseProductionRunConfig(config);
  const T = panel.dates.length;
  const replay = await runReplay(parsed, dayToIso(panel.dates[T - 32]), dayToIso(panel.dates[T - 1]), { panel, today: panel.dates[T - 1] });
  assert.equal(replay.days.length, 32);
  assert.ok(replay.days.every((d) => d.challenger !== null));
  assert.ok(replay.days.some((d) => d.champion.forecast.trainedNow), "a retraining inside the window");
  // same data, same forests, another portfolio: different returns
  assert.ok(replay.days.some((d) => d.challenger!.settled.net !== d.champion.settled.net));
  assert.deepEqual(readdirSync(join(dir, "daily", replay.days[0].asOf)).sort(), ["orders.csv", "targets.json"]);

  const store = await ProductionStore.open({ database: join(dir, "engine.duckdb"), artifactsDir: join(dir, "artifacts") });
  try {
    const books = await store.query<{ book: string; n: bigint | number; shadow: boolean }>("SELECT book, count(*) AS n, bool_and(shadow) AS shadow FROM days GROUP BY book ORDER BY book");
    assert.deepEqual(books.map((b) => [b.book, Number(b.n), b.shadow]), [["challenger", 32, true], ["champion", 32, false]]);
    const c = await compareBooks(store);
    assert.equal(c.days, 32);
    assert.ok(Number.isFinite(c.test.tStat));

    const alphas = (await listModels(store, "champion")).filter((m) => m.kind === "alpha");
    assert.ok(alphas.length >= 2, "the bootstrap's model and the retrained one");
    const current = alphas.find((m) => m.champion)!;
    assert.equal(current.id, alphas[alphas.length - 1].id, "autoPromote: the newest model is the champion");
    const older = alphas[0];
    await promoteModel(store, older.id.slice(0, 10), { book: "champion", today: "2014-07-01" });
    assert.equal(await store.champion("champion"), older.id);
    assert.equal(await rollbackChampion(store, { book: "champion", today: "2014-07-01" }), current.id);
    assert.equal(await store.champion("champion"), current.id);
    assert.ok(existsSync(join(dir, "artifacts", `${current.id}.json`)), "content-addressed artifact on disk");
    assert.equal(store.readArtifact<{ featureNames: string[] }>(current.id).featureNames.length, JSON.parse(current.feature_names).length);
  } finally {
    store.close();
  }
});

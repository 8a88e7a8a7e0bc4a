// The regime stage on the shipped real data (loaded through src/data's loadShippedPanel).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Panel } from "../../src/data/types";
import { isoToDay } from "../../src/util/dates";
import { fitRegimeModel, regimeFeatureMatrix, regimeSummary, regimeViterbi, walkForwardRegimes } from "../../src/regimes";

async function shippedPanel(): Promise<Panel | null> {
  const data = (await import("../../src/data")) as Record<string, unknown>;
  const load = data.loadShippedPanel as undefined | (() => Panel | Promise<Panel>);
  return load ? await load() : null;
}

test("on the shipped panel, three regimes run calm to turbulent and the 2008 and 2020 crashes are turbulent", async (t) => {
  const panel = await shippedPanel();
  if (!panel) return t.skip("loadShippedPanel is not in src/data yet");
  const features = regimeFeatureMatrix(panel);
  assert.deepEqual(features.names, ["SPY return 1d", "SPY log vol 20d", "SPY momentum 20d", "credit HYG-IEF 20d"]);
  const model = fitRegimeModel(features, { nComponents: 3, nRestarts: 2, seed: 7 });
  assert.ok(model.hmm.fit.converged);
  const vol = regimeSummary(model)["annualised volatility of SPY return 1d"] as number[];
  // SPY's annualised volatility by regime: measured about 9%, 17%, 40% here
  assert.ok(vol[0] < 0.12 && vol[1] > vol[0] * 1.3 && vol[2] > 0.3, `annualised vols ${vol}`);
  const path = regimeViterbi(model, features);
  const row = (iso: string) => panel.dates.indexOf(isoToDay(iso));
  for (const day of ["2008-10-15", "2020-03-16"]) assert.equal(path[row(day)], 2, `${day} should be turbulent`);
  assert.equal(path[row("2017-06-15")], 0, "mid-2017 should be calm");
});

test("on the shipped panel, the walk-forward filtered regime flags March 2020 from data up to each day", async (t) => {
  const panel = await shippedPanel();
  if (!panel) return t.skip("loadShippedPanel is not in src/data yet");
  const features = regimeFeatureMatrix(panel);
  const wf = walkForwardRegimes(features, { trainDays: 756, refitEveryDays: 252, nComponents: 3, nRestarts: 1, seed: 7 });
  const row = panel.dates.indexOf(isoToDay("2020-03-16"));
  assert.ok(wf.filtered[row * 3 + 2] > 0.9, `P(turbulent) on 2020-03-16: ${wf.filtered[row * 3 + 2]}`);
  assert.equal(wf.firstRow, 20 + 755);
});

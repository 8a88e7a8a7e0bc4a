import { test } from "node:test";
import assert from "node:assert/strict";
import { leakageAudit } from "../../src/features/leakage";
import { computeFeatures } from "../../src/features/panel";
import { forwardReturns } from "../../src/features/targets";
import type { Panel } from "../../src/data/types";
import { fixturePanel } from "../fixtures/features/realPanel";
import { syntheticPanel } from "../fixtures/features/syntheticPanel";

test("leakageAudit passes every feature the engine defines, on real bars", () => {
  const panel = fixturePanel();
  // cuts spread over the whole range, including inside every warm-up and right at the end
  const report = leakageAudit(panel, (p) => computeFeatures(p), { trials: 12, seed: 42, cutDays: [0, 5, 19, 59, 60, 150, 270, 271, 272, 400, 502, 503] });
  assert.equal(report.violationCount, 0, JSON.stringify(report.violations.slice(0, 3)));
  assert.ok(report.passed);
  assert.equal(report.trials, 12);
  assert.ok(report.comparedValues > 12 * 9 * 34 * 100);
});

test("leakageAudit passes every feature on a gappy synthetic panel with random cuts, benchmark changed", () => {
  const panel = syntheticPanel({ tickerCount: 7, days: 340, seed: 5, nanRate: 0.01 });
  const report = leakageAudit(panel, (p) => computeFeatures(p, { benchmark: "GLD", riskOnOffZDays: 60 }), { trials: 10, seed: 9 });
  assert.ok(report.passed, JSON.stringify(report.violations.slice(0, 3)));
  assert.equal(new Set(report.cutDayIndexes).size > 1, true);
});

test("leakageAudit catches a deliberately leaky feature and says where", () => {
  const panel = fixturePanel();
  // 1. the target itself used as a feature: looks one day ahead
  const forward = leakageAudit(panel, (p) => ({ names: ["fwd_ret_1d"], values: [forwardReturns(p, 1)] }), { trials: 3, seed: 1, cutDays: [100] });
  assert.equal(forward.passed, false);
  assert.deepEqual(forward.leakyNames, ["fwd_ret_1d"]);
  // only day 100 of each ticker can see day 101: exactly 9 violations per trial
  assert.equal(forward.violationCount, 3 * 9);
  assert.deepEqual(
    forward.violations.map((v) => [v.ticker, v.dayIndex, v.cutDayIndex, v.date]).slice(0, 2),
    [["SPY", 100, 100, "2019-05-28"], ["QQQ", 100, 100, "2019-05-28"]],
  );
  // 2. a centred moving average (a classic smoothing leak) next to an honest trailing one
  const centred = (p: Panel) => {
    const T = p.dates.length;
    const honest = new Float64Array(p.close.length), leaky = new Float64Array(p.close.length);
    for (let j = 0; j < p.tickers.length; j++) {
      for (let t = 0; t < T; t++) {
        const c = (k: number) => p.close[j * T + k];
        honest[j * T + t] = t >= 2 ? (c(t - 2) + c(t - 1) + c(t)) / 3 : NaN;
        leaky[j * T + t] = t >= 1 && t < T - 1 ? (c(t - 1) + c(t) + c(t + 1)) / 3 : NaN;
      }
    }
    return { names: ["sma_3d", "centred_ma_3d"], values: [honest, leaky] };
  };
  const r2 = leakageAudit(panel, centred, { trials: 5, seed: 2 });
  assert.deepEqual(r2.leakyNames, ["centred_ma_3d"]);
  // 3. full-sample standardisation: every past value moves when the future changes
  const zFull = (p: Panel) => {
    const r = forwardReturns(p, 1).map((_, i) => p.close[i]);
    let m = 0;
    for (const v of r) m += v / r.length;
    return { names: ["close_demeaned_full_sample"], values: [r.map((v) => v - m)] };
  };
  const r3 = leakageAudit(panel, zFull, { trials: 2, seed: 3, cutDays: [10] });
  assert.equal(r3.passed, false);
  assert.ok(r3.violationCount >= 2 * 9 * 11 - 2);
});

test("leakageAudit is reproducible from its seed and validates its options", () => {
  const panel = syntheticPanel({ tickerCount: 3, days: 60 });
  const f = (p: Panel) => ({ names: ["fwd"], values: [forwardReturns(p, 2)] });
  const a = leakageAudit(panel, f, { trials: 4, seed: 7 }), b = leakageAudit(panel, f, { trials: 4, seed: 7 });
  assert.deepEqual(a, b);
  assert.throws(() => leakageAudit(panel, f, { cutDays: [59] }), /leakageAudit: cutDays must be day indexes in 0 \.\.\. 58 \(got 59\)/);
  assert.throws(() => leakageAudit(panel, f, { trials: 0 }), /leakageAudit requires trials >= 1 \(got 0\)/);
});

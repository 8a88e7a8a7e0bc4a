import { test } from "node:test";
import assert from "node:assert/strict";
import { regimeFeatureMatrix, regimeFeatureColumn } from "../../src/regimes";
import { syntheticRegimePanel } from "./synthetic";

const { panel } = syntheticRegimePanel(400, { seed: 3 });
const T = 400;
const series = (j: number) => panel.close.subarray(j * T, (j + 1) * T);
const [spy, tlt, hyg, ief] = [0, 1, 2, 3].map(series);

// Plain loops, independent of src/features/rolling.
const r = (c: Float64Array, i: number) => Math.log(c[i] / c[i - 1]);
const window = (n: number, c: Float64Array, t: number) => Array.from({ length: n }, (_, i) => r(c, t - n + 1 + i));
function plainFeatures(t: number) {
  const w20 = window(20, spy, t);
  const m = w20.reduce((a, b) => a + b, 0) / 20;
  const sd = Math.sqrt(w20.reduce((a, b) => a + (b - m) ** 2, 0) / 19);
  const credit = Math.log(hyg[t] / hyg[t - 20]) - Math.log(ief[t] / ief[t - 20]);
  const a = window(60, spy, t);
  const b = window(60, tlt, t);
  const ma = a.reduce((x, y) => x + y, 0) / 60;
  const mb = b.reduce((x, y) => x + y, 0) / 60;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < 60; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return [r(spy, t), Math.log(sd * Math.sqrt(252)), Math.log(spy[t] / spy[t - 20]), credit, sab / Math.sqrt(saa * sbb)];
}

test("regimeFeatureMatrix matches plain loops: return, log realised vol, momentum, credit, stock-bond correlation (1e-10)", () => {
  const f = regimeFeatureMatrix(panel, { bond: "TLT" });
  assert.deepEqual(f.names, ["SPY return 1d", "SPY log vol 20d", "SPY momentum 20d", "credit HYG-IEF 20d", "stock-bond corr 60d"]);
  assert.equal(f.X.length, T * 5);
  for (const t of [60, 61, 150, 399]) {
    const want = plainFeatures(t);
    for (let k = 0; k < 5; k++) assert.ok(Math.abs(f.X[t * 5 + k] - want[k]) < 1e-10, `row ${t} feature ${k}: ${f.X[t * 5 + k]} vs ${want[k]}`);
  }
  assert.deepEqual(regimeFeatureMatrix(panel).names, f.names.slice(0, 4)); // the default: no stock-bond correlation
});

test("regimeFeatureMatrix keeps NaN in the warm-up: the 20-day features start at row 20, the 60-day correlation at row 60", () => {
  const f = regimeFeatureMatrix(panel, { bond: "TLT" });
  const d = 5;
  assert.ok(Number.isNaN(f.X[0])); // no return on day 0
  // returns start at row 1, so 20 of them first exist at row 20
  for (const k of [1, 2, 3]) {
    assert.ok(Number.isNaN(f.X[19 * d + k]), `feature ${k} at row 19`);
    assert.ok(Number.isFinite(f.X[20 * d + k]), `feature ${k} at row 20`);
  }
  assert.ok(Number.isNaN(f.X[59 * d + 4]) && Number.isFinite(f.X[60 * d + 4]));
  assert.deepEqual(Array.from(regimeFeatureColumn(f, "SPY momentum 20d")).slice(20, 22), [f.X[20 * d + 2], f.X[21 * d + 2]]);
});

test("regimeFeatureMatrix at t ignores later bars", () => {
  const a = regimeFeatureMatrix(panel, { bond: "TLT" });
  const changed = { ...panel, close: Float64Array.from(panel.close) };
  for (let j = 0; j < 4; j++) for (let t = 250; t < T; t++) changed.close[j * T + t] *= 1.5 + Math.sin(t + j);
  const b = regimeFeatureMatrix(changed, { bond: "TLT" });
  for (let i = 0; i < 250 * 5; i++) assert.ok(Object.is(a.X[i], b.X[i]), `entry ${i} moved`);
  assert.notEqual(a.X[300 * 5 + 1], b.X[300 * 5 + 1]);
});

test("regimeFeatureMatrix without the cross-asset legs has three columns; an absent ticker is named", () => {
  assert.equal(regimeFeatureMatrix(panel, { credit: null }).names.length, 3);
  assert.throws(() => regimeFeatureMatrix(panel, { benchmark: "QQQ" }), /ticker "QQQ" is not in the panel/);
  assert.throws(() => regimeFeatureMatrix(panel, { credit: { risky: "JNK", safe: "IEF" } }), /ticker "JNK" is not in the panel/);
  assert.throws(() => regimeFeatureColumn(regimeFeatureMatrix(panel), "vix"), /no column "vix"/);
  assert.throws(() => regimeFeatureMatrix(panel, { volWindowDays: 1 }), /invalid regimeFeatureMatrix config: volWindowDays: must be >= 2 \(got 1\)/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { columnFormatter, decimalsFor, formatFixed, formatNumber, hoverValue } from "../../src/util/format";

test("formatNumber() keeps 4 significant digits by default, groups thousands, whole numbers without decimals", () => {
  assert.equal(formatNumber(1234567), "1,234,567");
  assert.equal(formatNumber(0.123456), "0.1235");
  assert.equal(formatNumber(-2.5), "-2.500");
  assert.equal(formatNumber(1234.5678), "1,235");
  assert.equal(formatNumber(0.0000123), "0.00001230");
});

test("formatNumber() honours digits above 1,000 (12,345.678 at 6 digits is 12,345.7)", () => {
  assert.equal(formatNumber(12345.678, 6), "12,345.7");
  assert.equal(formatNumber(1234.5678, 6), "1,234.57");
  assert.equal(formatNumber(1234.5678, 2), "1,235");
});

test("formatNumber() shows float noise as 0 (2.776e-16), never -0, and NaN / null / infinities as symbols", () => {
  assert.equal(formatNumber(2.776e-16), "0");
  assert.equal(formatNumber(-2.776e-16), "0");
  assert.equal(formatNumber(-0), "0");
  assert.equal(formatNumber(NaN), "–");
  assert.equal(formatNumber(null), "–");
  assert.equal(formatNumber(undefined), "–");
  assert.equal(formatNumber(Infinity), "∞");
  assert.equal(formatNumber(-Infinity), "−∞");
});

test("decimalsFor(maxAbs, digits) = digits - 1 - floor(log10 maxAbs), clipped to 0..12", () => {
  assert.equal(decimalsFor(0.22, 2), 2);
  assert.equal(decimalsFor(12345.678, 6), 1);
  assert.equal(decimalsFor(12345.678, 4), 0);
  assert.equal(decimalsFor(0.5, 4), 4);
  assert.equal(decimalsFor(0, 4), 0);
  assert.equal(decimalsFor(1e-11, 4), 12, "clipped");
  assert.equal(decimalsFor(1e-300, 4), 0, "float noise counts as zero");
});

test("formatFixed() rounds half away from zero as Intl does, drops the sign of a rounded zero, and scales percentages", () => {
  assert.equal(formatFixed(0.00049, 2, { percent: true }), "0.05%");
  assert.equal(formatFixed(0.0022, 2, { percent: true }), "0.22%");
  assert.equal(formatFixed(-0.00001, 2), "0.00");
  assert.equal(formatFixed(-0.004, 2, { percent: true }), "-0.40%");
  assert.equal(formatFixed(2.776e-16, 2), "0.00");
  assert.equal(formatFixed(1234567.891, 1, { grouping: false }), "1234567.9");
  assert.equal(formatFixed(2.5, 0), "3");
});

test("columnFormatter() gives every cell of a column the same decimals, from its largest magnitude", () => {
  const pct = columnFormatter([0.00049, 0.0022], { percent: true, digits: 2 });
  assert.deepEqual([pct(0.00049), pct(0.0022)], ["0.05%", "0.22%"]);
  const values = [0.7123, -0.0456, 1.5, NaN];
  const f = columnFormatter(values);
  assert.deepEqual(values.map(f), ["0.712", "-0.046", "1.500", "–"]);
  // float noise does not set the decimals: a column of noise and one real value
  const g = columnFormatter([3.1e-17, 0.25]);
  assert.deepEqual([g(3.1e-17), g(0.25)], ["0.0000", "0.2500"]);
  const whole = columnFormatter([4077, 12, NaN]);
  assert.deepEqual([whole(4077), whole(12)], ["4,077", "12"]);
  assert.equal(columnFormatter([1.2345], { decimals: 1 })(1.2345), "1.2");
  assert.throws(() => columnFormatter([1], { decimals: -1 }), /columnFormatter: decimals must be a whole number 0\.\.20 \(got -1\)/);
});

test("hoverValue() writes Plotly (d3-format) hover specifiers with the unit", () => {
  assert.equal(hoverValue("y", "fraction-as-percent", 2), "%{y:.2%}");
  assert.equal(hoverValue("z", "percent", 1), "%{z:,.1f}%");
  assert.equal(hoverValue("x", "bps"), "%{x:,.2f} bp");
  assert.equal(hoverValue("y", "number", 3), "%{y:,.3f}");
  assert.equal(hoverValue("y", "integer"), "%{y:,d}");
});

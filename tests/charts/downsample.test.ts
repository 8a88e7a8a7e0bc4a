import { test } from "node:test";
import assert from "node:assert/strict";
import { bucketMeans, finiteOrNull, thinIndices } from "../../src/charts/downsample";

test("thinIndices: every step-th index from 0 plus the last, about maxPoints of them", () => {
  assert.deepEqual(Array.from(thinIndices(10, { maxPoints: 4 })), [0, 3, 6, 9]); // step 3 lands on the last
  assert.deepEqual(Array.from(thinIndices(11, { maxPoints: 4 })), [0, 3, 6, 9, 10]); // the last is added
  assert.deepEqual(Array.from(thinIndices(5, { maxPoints: 10 })), [0, 1, 2, 3, 4], "short series kept whole");
  assert.deepEqual(Array.from(thinIndices(0)), []);
  assert.deepEqual(Array.from(thinIndices(1, { maxPoints: 1 })), [0]);
  const idx = thinIndices(6000, { maxPoints: 2500 });
  assert.equal(idx[0], 0);
  assert.equal(idx[idx.length - 1], 5999);
  assert.ok(idx.length <= 2501);
  for (let k = 1; k < idx.length; k++) assert.ok(idx[k] > idx[k - 1], "strictly increasing");
});

test("thinIndices with an explicit step samples every step-th point and keeps the last", () => {
  assert.deepEqual(Array.from(thinIndices(12, { step: 5 })), [0, 5, 10, 11]);
  assert.deepEqual(Array.from(thinIndices(11, { step: 5 })), [0, 5, 10]);
});

test("bucketMeans: means over equal consecutive buckets, NaN skipped, drawn at each bucket's last index", () => {
  const b = bucketMeans([1, 3, NaN, 4, 6], { maxPoints: 3 });
  assert.equal(b.bucketSize, 2);
  assert.deepEqual(Array.from(b.lastIndex), [1, 3, 4]);
  assert.deepEqual(b.means, [2, 4, 6]);
  assert.deepEqual(bucketMeans([NaN, NaN, 1, 2], { maxPoints: 2 }).means, [null, 1.5], "an all-NaN bucket is a gap");
  assert.deepEqual(bucketMeans([0.01, 0.03], { maxPoints: 1, scale: 100 }).means, [(0.04 / 2) * 100], "(sum / count) * scale");
  assert.deepEqual(bucketMeans([]).means, []);
});

test("bucketMeans keeps short series whole and a one-day spike moves its bucket", () => {
  const short = bucketMeans([1, NaN, 3], { maxPoints: 10 });
  assert.equal(short.bucketSize, 1);
  assert.deepEqual(short.means, [1, null, 3]);
  assert.deepEqual(Array.from(short.lastIndex), [0, 1, 2]);
  const y = new Float64Array(10);
  y[7] = 100;
  const spiky = bucketMeans(y, { maxPoints: 3 });
  assert.equal(spiky.bucketSize, 4);
  assert.deepEqual(spiky.means, [0, 25, 0]);
  assert.ok(spiky.means.length <= 3);
  // sampling instead would miss it: none of the thinned indices is 7
  assert.ok(!Array.from(thinIndices(10, { maxPoints: 3 })).includes(7));
});

test("finiteOrNull: NaN and infinities become null (a gap), numbers pass", () => {
  assert.deepEqual([NaN, Infinity, -Infinity, 0, -1.5].map(finiteOrNull), [null, null, null, 0, -1.5]);
});

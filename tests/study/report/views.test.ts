import { test } from "node:test";
import assert from "node:assert/strict";
import { rebalanceCycleBuckets } from "../../../src/study/report/views";

test("rebalanceCycleBuckets(days, cycle): buckets of whole rebalance cycles, at least 20 days each", () => {
  assert.equal(rebalanceCycleBuckets(100, 5), 5); // 4 cycles of 5 = 20 days
  assert.equal(rebalanceCycleBuckets(100, 1), 5); // 20 daily cycles
  assert.equal(rebalanceCycleBuckets(100, 7), 5); // 3 cycles of 7 = 21 days: ceil(100 / 21)
  assert.equal(rebalanceCycleBuckets(101, 5), 6); // a partial last bucket
  assert.equal(rebalanceCycleBuckets(100, 30), 4); // one 30-day cycle
  assert.equal(rebalanceCycleBuckets(0, 5), 0);
  // the study's period: 4077 days, weekly cycles
  assert.equal(rebalanceCycleBuckets(4077, 5), 204);
});

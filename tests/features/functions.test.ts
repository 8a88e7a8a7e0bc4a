/**
 * The single-series feature functions on tiny series whose values are worked out by hand in the
 * comments, plus their edge cases (flat, zero, NaN).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  garmanKlassVolatility,
  movingAverageDistance,
  parkinsonVolatility,
  realizedVolatility,
  relativeStrength,
  rsi,
  volatilityPersistence,
} from "../../src/features/technical";
import {
  amihudIlliquidity,
  intradayReturn,
  overnightGap,
  priceImprovement,
  volumePriceCorrelation,
  volumeZScore,
  vwapDeviation,
} from "../../src/features/microstructure";
import { crossSectionalDispersion, crossSectionalRank, riskOnOffComposite } from "../../src/features/crossAsset";
import type { PanelGrid } from "../../src/data/types";
import { createRng } from "../../src/util/rng";

/** A grid of N made-up tickers over T consecutive days. */
function grid(N: number, T: number): PanelGrid {
  return { tickers: Array.from({ length: N }, (_, j) => `T${j}`), dates: Int32Array.from({ length: T }, (_, t) => t) };
}

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-12, label = ""): void {
  assert.equal(actual.length, expected.length, label);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) assert.ok(Number.isNaN(actual[i]), `${label}[${i}]: expected NaN, got ${actual[i]}`);
    else assert.ok(Math.abs(actual[i] - e) <= tol * Math.max(1, Math.abs(e)), `${label}[${i}]: expected ${e}, got ${actual[i]}`);
  });
}

test("realizedVolatility annualises the sample sd of returns with sqrt(252)", () => {
  // returns 0.01, -0.01: mean 0, sample variance (1e-4 + 1e-4) / 1 = 2e-4
  close(realizedVolatility([NaN, 0.01, -0.01], { windowDays: 2 }), [NaN, NaN, Math.sqrt(2e-4 * 252)]);
  close(realizedVolatility([0.01, 0.01, 0.01], { windowDays: 3 }), [NaN, NaN, 0]);
});

test("relativeStrength floors the denominator's magnitude and keeps its sign", () => {
  // 0.02 / 0.04 = 0.5; 0.02 / floor 0.01 = 2; 0.02 / -0.01 = -2; 0.02 / -0.05 = -0.4; 0 counts as positive
  close(relativeStrength([0.02, 0.02, 0.02, 0.02, 0.02, NaN], [0.04, 0.001, -0.001, -0.05, 0, 0.1], { floor: 0.01 }), [0.5, 2, -2, -0.4, 2, NaN]);
  close(relativeStrength([0.01], [NaN]), [NaN]);
});

test("movingAverageDistance is close over its SMA minus 1", () => {
  // SMA(1, 2, 3) = 2 -> 3 / 2 - 1 = 0.5; SMA(2, 3, 6) = 11/3 -> 6 / (11/3) - 1 = 7/11
  close(movingAverageDistance([1, 2, 3, 6], { windowDays: 3 }), [NaN, NaN, 0.5, 7 / 11]);
  close(movingAverageDistance([0, 0, 0], { windowDays: 2 }), [NaN, NaN, NaN]);
});

test("rsi is Cutler's 100 * gains / (gains + losses) over the last w changes", () => {
  // changes +1, -1, +2: gains 3, losses 1 -> 75
  close(rsi([1, 2, 1, 3], { windowDays: 3 }), [NaN, NaN, NaN, 75]);
  // all up: 100; all down: 0; flat: NaN (0 / 0)
  close(rsi([1, 2, 3], { windowDays: 2 }), [NaN, NaN, 100]);
  close(rsi([3, 2, 1], { windowDays: 2 }), [NaN, NaN, 0]);
  close(rsi([5, 5, 5], { windowDays: 2 }), [NaN, NaN, NaN]);
});

test("parkinsonVolatility and garmanKlassVolatility on hand-computed bars", () => {
  // H/L = e^0.02 every day: mean ln^2 = 4e-4 -> Parkinson var = 4e-4 / (4 ln 2) per day
  const high = [Math.exp(0.02), Math.exp(0.02)], low = [1, 1];
  close(parkinsonVolatility(high, low, { windowDays: 2 }), [NaN, Math.sqrt((4e-4 / (4 * Math.LN2)) * 252)]);
  // Garman-Klass with O = L = 1, C = H = e^0.02: 0.5 * 4e-4 - (2 ln 2 - 1) * 4e-4 per day
  const gk = 0.5 * 4e-4 - (2 * Math.LN2 - 1) * 4e-4;
  close(garmanKlassVolatility([1, 1], high, low, high, { windowDays: 2 }), [NaN, Math.sqrt(gk * 252)]);
  // a non-positive price makes its windows NaN
  close(parkinsonVolatility([2, 2], [1, 0], { windowDays: 1 }), [Math.sqrt((Math.LN2 ** 2 / (4 * Math.LN2)) * 252), NaN]);
});

test("volatilityPersistence is the lag-1 autocorrelation of |returns|", () => {
  // |r| alternates 0.01, 0.03: pairs (prev, now) = (0.01, 0.03), (0.03, 0.01), (0.01, 0.03): correlation -1
  close(volatilityPersistence([NaN, 0.01, -0.03, 0.01, 0.03], { windowDays: 3 }), [NaN, NaN, NaN, NaN, -1]);
});

test("VWAP deviation, price improvement, overnight gap and intraday return on hand values", () => {
  close(vwapDeviation([101, 5], [100, 0]), [0.01, NaN]);
  // (102 - 100) / (104 - 99) = 0.4; zero range -> NaN
  close(priceImprovement([102, 10], [100, 10], [104, 10], [99, 10]), [0.4, NaN]);
  close(overnightGap([100, 103, 5], [101, 102, 0]), [NaN, 103 / 101 - 1, 5 / 102 - 1]);
  close(intradayReturn([100, 0], [101, 3]), [0.01, NaN]);
});

test("volumeZScore, volumePriceCorrelation and amihudIlliquidity on hand values", () => {
  // volumes 100, 200, 300: mean 200, sd 100 -> z of 300 = 1; a flat window -> NaN
  close(volumeZScore([100, 200, 300, 300, 300, 300], { windowDays: 3 }), [NaN, NaN, 1, (300 - 800 / 3) / Math.sqrt(1 / 3) / 100, NaN, NaN]);
  // volume doubles on up days and halves on down days: log changes +-ln 2 move with returns: +1
  close(volumePriceCorrelation([NaN, 0.02, -0.02, 0.02], [100, 200, 100, 200], { windowDays: 3 }), [NaN, NaN, NaN, 1]);
  // |r| / (close * volume) * 1e6: 0.01 / (100 * 1000) * 1e6 = 0.1, 0.02 / (50 * 2000) * 1e6 = 0.2
  close(amihudIlliquidity([0.01, -0.02], [100, 50], [1000, 2000], { windowDays: 2 }), [NaN, 0.15]);
  close(amihudIlliquidity([0.01, -0.02], [100, 50], [0, 2000], { windowDays: 1 }), [NaN, 0.2]);
});

test("crossSectionalRank matches pandas rank(pct=True): average ties, NaN skipped", () => {
  // 3 tickers x 2 days, ticker-major. Day 0: 1, 5, 3 -> ranks 1, 3, 2 of 3. Day 1: 2, 2, NaN -> ties 1.5 / 2
  const r = crossSectionalRank([1, 2, 5, 2, 3, NaN], grid(3, 2));
  close(r, [1 / 3, 0.75, 1, 0.75, 2 / 3, NaN]);
  assert.throws(() => crossSectionalRank([1, 2, 3], grid(2, 2)), /crossSectionalRank: values has 3 values; its grid is 2 tickers x 2 dates = 4/);
  // more tickers than one block of days, with ties and gaps, against a counting loop
  assertRanksByCounting(Float64Array.from({ length: 37 * 150 }, (_, i) => (i % 11 === 0 ? NaN : Math.round(10 * Math.sin(i * 0.7)))), 37, 150);
  // days that reshuffle 300 tickers (past the insertion sort's budget: the merge sort's runs and
  // merges, a partial last run among them), ties, -0 beside +0, and tickers dropping in and out
  const rng = createRng(11);
  const shuffled = Float64Array.from({ length: 300 * 40 }, (_, i) => (i % 17 === 0 ? NaN : i % 5 === 0 ? Math.round(4 * rng.normal()) / 4 : i % 29 === 0 ? -0 : rng.normal()));
  assertRanksByCounting(shuffled, 300, 40);
});

/** crossSectionalRank of ticker-major x (N x T) equals (less + (equal + 1) / 2) / valid, counted day by day. */
function assertRanksByCounting(x: Float64Array, N: number, T: number): void {
  const got = crossSectionalRank(x, grid(N, T));
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < N; j++) {
      const v = x[j * T + t];
      if (Number.isNaN(v)) {
        assert.ok(Number.isNaN(got[j * T + t]));
        continue;
      }
      let less = 0, equal = 0, valid = 0;
      for (let k = 0; k < N; k++) {
        const u = x[k * T + t];
        if (Number.isNaN(u)) continue;
        valid++;
        if (u < v) less++;
        else if (u === v) equal++;
      }
      assert.equal(got[j * T + t], (less + (equal + 1) / 2) / valid, `ticker ${j}, day ${t}`);
    }
  }
}

test("crossSectionalDispersion is the sample sd across tickers per day, NaN skipped", () => {
  // day 0: 0.01, -0.01 -> sd sqrt(2e-4); day 1: 0.03, 0.05 -> sqrt(2e-4); day 2: one valid -> NaN
  close(crossSectionalDispersion([0.01, 0.03, 0.2, -0.01, 0.05, NaN], grid(2, 3)), [Math.sqrt(2e-4), Math.sqrt(2e-4), NaN]);
  // the grid says 3 tickers x 2 days: the same six values are another panel. Day 0 (in %): 1, 20, 5,
  // mean 26/3, squared deviations (23^2 + 34^2 + 11^2) / 9 = 1806/9, over n - 1 = 2; day 1: 0.03, -0.01 -> sqrt(8e-4)
  close(crossSectionalDispersion([0.01, 0.03, 0.2, -0.01, 0.05, NaN], grid(3, 2)), [Math.sqrt(1806 / 18) / 100, Math.sqrt(8e-4)]);
  assert.throws(() => crossSectionalDispersion([0.01, 0.03], grid(2, 3)), /crossSectionalDispersion: values has 2 values; its grid is 2 tickers x 3 dates = 6/);
});

test("riskOnOffComposite averages signed trailing z-scores", () => {
  // one component 1, 2, 3 over a 3-day window: z of 3 = (3 - 2) / 1 = 1; sign -1 flips it
  close(riskOnOffComposite([{ name: "a", sign: 1, series: [1, 2, 3] }], { zWindowDays: 3 }), [NaN, NaN, 1]);
  close(
    riskOnOffComposite([{ name: "a", sign: 1, series: [1, 2, 3] }, { name: "b", sign: -1, series: [3, 2, 4] }], { zWindowDays: 3 }),
    [NaN, NaN, (1 - (4 - 3) / 1) / 2],
  );
  assert.throws(() => riskOnOffComposite([]), /requires at least one component/);
});

/**
 * A synthetic panel with known market regimes, for tests: SPY, TLT, HYG and IEF closes whose
 * daily log returns come from a sticky 2-state chain (calm: SPY 0.6% daily vol, stock-bond
 * correlation -0.4; turbulent: 2.5%, +0.3; HYG follows SPY at a third of its moves, IEF hedges), seeded.
 */
import type { Panel } from "../../src/data/types";
import { createRng } from "../../src/util/rng";

export function syntheticRegimePanel(T: number, { seed = 1, stay = [0.99, 0.97] } = {}): { panel: Panel; states: Int32Array } {
  const rng = createRng(seed);
  const states = new Int32Array(T);
  const tickers = ["SPY", "TLT", "HYG", "IEF"];
  const close = new Float64Array(tickers.length * T);
  let s = 0;
  const level = [100, 100, 100, 100];
  for (let t = 0; t < T; t++) {
    if (t > 0 && rng.next() > stay[s]) s = 1 - s;
    states[t] = s;
    const vol = s === 0 ? 0.006 : 0.025;
    const rho = s === 0 ? -0.4 : 0.3;
    const z1 = rng.normal();
    const z2 = rho * z1 + Math.sqrt(1 - rho * rho) * rng.normal();
    if (t > 0) {
      const spy = (s === 0 ? 0.0005 : -0.001) + vol * z1;
      level[0] *= Math.exp(spy);
      level[1] *= Math.exp(0.008 * z2);
      level[2] *= Math.exp(spy / 3 + 0.002 * rng.normal());
      level[3] *= Math.exp(0.004 * z2 + 0.001 * rng.normal());
    }
    for (let j = 0; j < tickers.length; j++) close[j * T + t] = level[j];
  }
  const dates = Int32Array.from({ length: T }, (_, t) => 13615 + t + 2 * Math.floor(t / 5)); // weekdays from 2007-04-11
  const nan = () => new Float64Array(tickers.length * T).fill(NaN);
  const panel: Panel = {
    dates,
    tickers,
    assetClasses: ["equity", "bond", "bond", "bond"],
    open: close,
    high: close,
    low: close,
    close,
    volume: nan(),
    vwap: nan(),
    vwapEstimated: [true, true, true, true],
  };
  return { panel, states };
}

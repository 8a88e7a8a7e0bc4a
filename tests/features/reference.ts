/**
 * An independent, deliberately plain reimplementation of every feature: one loop per value over
 * its whole window (O(n * w)), two-pass means and variances, no code shared with src/features.
 * The tests compare the engine against this to 1e-10. Windows are the default configuration's.
 */
import type { Panel } from "../../src/data/types";

const W = {
  returns: [1, 5, 20, 60],
  vol: [5, 20, 60],
  ma: [20, 50],
  rsi: 14,
  range: 20,
  persistence: 60,
  vwapMom: 5,
  volumeZ: 20,
  volPriceCorr: 20,
  amihud: 20,
  benchRs: 20,
  beta: 60,
  xsRank: 20,
  dispersion: 20,
  stockBond: 60,
  macro: 20,
  riskZ: 252,
  floor: 0.01,
  ppy: 252,
};

/** Values x[t - w + 1 .. t] for a series accessor, or null in warm-up. */
function windowOf(get: (t: number) => number, t: number, w: number): number[] | null {
  if (t - w + 1 < 0) return null;
  const out: number[] = [];
  for (let s = t - w + 1; s <= t; s++) out.push(get(s));
  return out;
}
function mean(a: number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}
function sampleVar(a: number[]): number {
  const m = mean(a);
  let s = 0;
  for (const v of a) s += (v - m) * (v - m);
  return s / (a.length - 1);
}
function cov(a: number[], b: number[]): number {
  const ma = mean(a), mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}
function corr(a: number[], b: number[]): number {
  const va = sampleVar(a), vb = sampleVar(b);
  if (!(va > 0 && vb > 0)) return NaN;
  return cov(a, b) / Math.sqrt(va * vb);
}
const div = (a: number, b: number) => (b === 0 ? NaN : a / b);

export function referenceFeatures(panel: Panel): Map<string, Float64Array> {
  const T = panel.dates.length, N = panel.tickers.length;
  const out = new Map<string, Float64Array>();
  const field = (f: "open" | "high" | "low" | "close" | "volume" | "vwap", j: number) => (t: number) => panel[f][j * T + t];
  const perTicker = (name: string, f: (j: number, t: number) => number) => {
    const v = new Float64Array(N * T);
    for (let j = 0; j < N; j++) for (let t = 0; t < T; t++) v[j * T + t] = f(j, t);
    out.set(name, v);
  };
  const ret = (j: number, t: number, h: number) => (t < h ? NaN : div(panel.close[j * T + t], panel.close[j * T + t - h]) - 1);
  const r1 = (j: number) => (t: number) => ret(j, t, 1);

  for (const h of W.returns) perTicker(`ret_${h}d`, (j, t) => ret(j, t, h));
  perTicker("mom_accel", (j, t) => ret(j, t, 5) - ret(j, t, 20));
  perTicker("rel_strength_20_60", (j, t) => {
    const s = ret(j, t, 20), l = ret(j, t, 60);
    if (Number.isNaN(l)) return NaN;
    const d = Math.abs(l) < W.floor ? (l >= 0 ? W.floor : -W.floor) : l;
    return s / d;
  });
  for (const w of W.vol) perTicker(`vol_${w}d`, (j, t) => {
    const win = windowOf(r1(j), t, w);
    return win ? Math.sqrt(sampleVar(win)) * Math.sqrt(W.ppy) : NaN;
  });
  perTicker("vol_ratio_5_20", (j, t) => div(out.get("vol_5d")![j * T + t], out.get("vol_20d")![j * T + t]));
  perTicker("vol_persistence_60d", (j, t) => {
    const now = windowOf((s) => Math.abs(ret(j, s, 1)), t, W.persistence);
    const prev = windowOf((s) => (s < 1 ? NaN : Math.abs(ret(j, s - 1, 1))), t, W.persistence);
    return now && prev ? corr(prev, now) : NaN;
  });
  for (const w of W.ma) perTicker(`ma_dist_${w}d`, (j, t) => {
    const win = windowOf(field("close", j), t, w);
    return win ? div(panel.close[j * T + t], mean(win)) - 1 : NaN;
  });
  perTicker("rsi_14d", (j, t) => {
    if (t < W.rsi) return NaN;
    let up = 0, down = 0;
    for (let s = t - W.rsi + 1; s <= t; s++) {
      const d = panel.close[j * T + s] - panel.close[j * T + s - 1];
      if (d > 0) up += d;
      else down -= d;
      if (Number.isNaN(d)) return NaN;
    }
    return up + down > 0 ? (100 * up) / (up + down) : NaN;
  });
  perTicker("parkinson_vol_20d", (j, t) => {
    const win = windowOf((s) => Math.log(panel.high[j * T + s] / panel.low[j * T + s]) ** 2, t, W.range);
    return win ? Math.sqrt((mean(win) / (4 * Math.log(2))) * W.ppy) : NaN;
  });
  perTicker("garman_klass_vol_20d", (j, t) => {
    const win = windowOf((s) => {
      const i = j * T + s;
      return 0.5 * Math.log(panel.high[i] / panel.low[i]) ** 2 - (2 * Math.log(2) - 1) * Math.log(panel.close[i] / panel.open[i]) ** 2;
    }, t, W.range);
    if (!win) return NaN;
    const v = mean(win) * W.ppy;
    return v >= 0 ? Math.sqrt(v) : NaN;
  });

  perTicker("vwap_dev", (j, t) => div(panel.close[j * T + t], panel.vwap[j * T + t]) - 1);
  perTicker("vwap_mom_5d", (j, t) => (t < W.vwapMom ? NaN : div(panel.vwap[j * T + t], panel.vwap[j * T + t - W.vwapMom]) - 1));
  perTicker("price_improvement", (j, t) => {
    const i = j * T + t;
    return div(panel.close[i] - panel.vwap[i], panel.high[i] - panel.low[i]);
  });
  perTicker("volume_z_20d", (j, t) => {
    const win = windowOf(field("volume", j), t, W.volumeZ);
    if (!win) return NaN;
    const sd = Math.sqrt(sampleVar(win));
    return sd > 0 ? (panel.volume[j * T + t] - mean(win)) / sd : NaN;
  });
  perTicker("vol_price_corr_20d", (j, t) => {
    const dv = windowOf((s) => {
      if (s < 1) return NaN;
      const a = panel.volume[j * T + s - 1], b = panel.volume[j * T + s];
      return a > 0 && b > 0 ? Math.log(b / a) : NaN;
    }, t, W.volPriceCorr);
    const r = windowOf(r1(j), t, W.volPriceCorr);
    return dv && r ? corr(dv, r) : NaN;
  });
  perTicker("amihud_20d", (j, t) => {
    const win = windowOf((s) => div(1e6 * Math.abs(ret(j, s, 1)), panel.close[j * T + s] * panel.volume[j * T + s]), t, W.amihud);
    return win ? mean(win) : NaN;
  });
  perTicker("overnight_gap", (j, t) => (t < 1 ? NaN : div(panel.open[j * T + t], panel.close[j * T + t - 1]) - 1));
  perTicker("intraday_ret", (j, t) => div(panel.close[j * T + t], panel.open[j * T + t]) - 1);

  const b = panel.tickers.indexOf("SPY");
  perTicker("rel_strength_spy_20d", (j, t) => ret(j, t, 20) - ret(b, t, 20));
  perTicker("beta_spy_60d", (j, t) => {
    const y = windowOf(r1(j), t, W.beta), x = windowOf(r1(b), t, W.beta);
    if (!x || !y) return NaN;
    const vx = sampleVar(x);
    return vx > 0 ? cov(x, y) / vx : NaN;
  });
  perTicker("corr_spy_60d", (j, t) => {
    const y = windowOf(r1(j), t, W.beta), x = windowOf(r1(b), t, W.beta);
    return x && y ? corr(x, y) : NaN;
  });
  perTicker("xs_rank_mom_20d", (j, t) => {
    const v = ret(j, t, W.xsRank);
    if (Number.isNaN(v)) return NaN;
    let less = 0, equal = 0, valid = 0;
    for (let k = 0; k < N; k++) {
      const u = ret(k, t, W.xsRank);
      if (Number.isNaN(u)) continue;
      valid++;
      if (u < v) less++;
      else if (u === v) equal++;
    }
    return (less + (equal + 1) / 2) / valid; // average 1-based rank of the tie block, over the count
  });
  const sIdx = panel.tickers.indexOf("SPY"), bIdx = panel.tickers.indexOf("TLT");
  const broadcast = (name: string, f: (t: number) => number) => {
    const series = Array.from({ length: T }, (_, t) => f(t));
    perTicker(name, (_j, t) => series[t]);
  };
  broadcast("stock_bond_corr_60d", (t) => {
    const a = windowOf(r1(sIdx), t, W.stockBond), c = windowOf(r1(bIdx), t, W.stockBond);
    return a && c ? corr(a, c) : NaN;
  });
  for (const [label, ticker] of [["gold", "GLD"], ["oil", "USO"], ["dollar", "UUP"]]) {
    const k = panel.tickers.indexOf(ticker);
    broadcast(`${label}_mom_20d`, (t) => ret(k, t, W.macro));
  }
  const g = panel.tickers.indexOf("GLD"), d = panel.tickers.indexOf("UUP");
  const comps: [number, (t: number) => number][] = [
    [1, (t) => ret(sIdx, t, W.macro) - ret(bIdx, t, W.macro)],
    [-1, (t) => ret(g, t, W.macro)],
    [-1, (t) => ret(d, t, W.macro)],
    [-1, (t) => { const win = windowOf(r1(sIdx), t, W.macro); return win ? Math.sqrt(sampleVar(win)) : NaN; }],
  ];
  broadcast("risk_on_off", (t) => {
    let s = 0;
    for (const [sign, f] of comps) {
      const win = windowOf(f, t, W.riskZ);
      if (!win) return NaN;
      const sd = Math.sqrt(sampleVar(win));
      s += (sign * (f(t) - mean(win))) / sd;
    }
    return s / comps.length;
  });
  broadcast("dispersion_20d", (t) => {
    const vals: number[] = [];
    for (let k = 0; k < N; k++) {
      const v = ret(k, t, W.dispersion);
      if (!Number.isNaN(v)) vals.push(v);
    }
    return vals.length >= 2 ? Math.sqrt(sampleVar(vals)) : NaN;
  });
  return out;
}

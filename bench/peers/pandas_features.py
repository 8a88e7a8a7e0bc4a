"""The engine's 34 features in pandas, on the panel bench/peers.ts wrote: the original design's
feature code, written in its idiom (wide date x ticker DataFrames, rolling windows, pct_change,
cross-sectional rank). The same windows and operations as src/features (defaults of
FeaturesConfig); values are not checked bit for bit against ours, this is a timing peer.

Usage: pandas_features.py DIR  ->  one JSON line {"seconds", "values", "values_per_s", "pandas"}.
"""
import sys

import numpy as np
import pandas as pd
from common import emit, load, median_seconds, meta

ANN = np.sqrt(252.0)


def features(o, h, l, c, v, vw, core):
    r = c.pct_change(fill_method=None)
    out = {}
    for k in (1, 5, 20, 60):
        out[f"ret_{k}d"] = c / c.shift(k) - 1
    out["mom_accel"] = out["ret_5d"] - out["ret_20d"]
    out["rel_strength_20_60"] = out["ret_20d"] - out["ret_60d"]
    for w in (5, 20, 60):
        out[f"vol_{w}d"] = r.rolling(w).std() * ANN
    out["vol_ratio_5_20"] = out["vol_5d"] / out["vol_20d"]
    a = r.abs()
    out["vol_persistence_60d"] = a.rolling(60).corr(a.shift(1))
    for w in (20, 50):
        out[f"ma_dist_{w}d"] = c / c.rolling(w).mean() - 1
    d = c.diff()
    up = d.clip(lower=0).rolling(14).sum()
    down = (-d).clip(lower=0).rolling(14).sum()
    out["rsi_14d"] = 100 * up / (up + down)
    hl = np.log(h / l)
    out["parkinson_vol_20d"] = np.sqrt((hl**2).rolling(20).mean() / (4 * np.log(2))) * ANN
    co = np.log(c / o)
    out["garman_klass_vol_20d"] = np.sqrt((0.5 * hl**2 - (2 * np.log(2) - 1) * co**2).rolling(20).mean()) * ANN
    out["vwap_dev"] = c / vw - 1
    out["vwap_mom_5d"] = vw / vw.shift(5) - 1
    out["price_improvement"] = (c - vw) / (h - l)
    out["volume_z_20d"] = (v - v.rolling(20).mean()) / v.rolling(20).std()
    dlv = np.log(v).diff()
    out["vol_price_corr_20d"] = r.rolling(20).corr(dlv)
    out["amihud_20d"] = (a / (c * v / 1e6)).rolling(20).mean()
    out["overnight_gap"] = o / c.shift(1) - 1
    out["intraday_ret"] = c / o - 1
    spy, tlt, gld, uso, uup = core
    rb = r[spy]
    out["rel_strength_spy_20d"] = out["ret_20d"].sub(out["ret_20d"][spy], axis=0)
    cov = r.rolling(60).cov(rb)
    out["beta_spy_60d"] = cov.div(rb.rolling(60).var(), axis=0)
    out["corr_spy_60d"] = r.rolling(60).corr(rb)
    out["xs_rank_mom_20d"] = out["ret_20d"].rank(axis=1, pct=True)
    broadcast = lambda s: pd.DataFrame(np.repeat(s.to_numpy()[:, None], c.shape[1], axis=1), index=c.index, columns=c.columns)
    out["stock_bond_corr_60d"] = broadcast(r[spy].rolling(60).corr(r[tlt]))
    out["gold_mom_20d"] = broadcast(out["ret_20d"][gld])
    out["oil_mom_20d"] = broadcast(out["ret_20d"][uso])
    out["dollar_mom_20d"] = broadcast(out["ret_20d"][uup])
    out["risk_on_off"] = broadcast(out["ret_20d"][spy] - out["ret_20d"][tlt])
    out["dispersion_20d"] = broadcast(out["ret_20d"].std(axis=1))
    return out


def main(directory):
    m = meta(directory)
    N, T = m["N"], m["T"]
    idx = pd.RangeIndex(T)
    cols = m["tickers"]
    frame = lambda name: pd.DataFrame(load(directory, f"{name}.f64", (N, T)).T.copy(), index=idx, columns=cols)
    o, h, l, c, v, vw = (frame(x) for x in ("open", "high", "low", "close", "volume", "vwap"))
    core = m["tickers"][:5]
    result = {}

    def run():
        result["f"] = features(o, h, l, c, v, vw, core)

    s = median_seconds(run, runs=m.get("runs", 3))
    n_features = len(result["f"])
    values = n_features * N * T
    emit({"seconds": s, "features": n_features, "values": values, "values_per_s": values / s, "pandas": pd.__version__})


if __name__ == "__main__":
    main(sys.argv[1])

"""The original design's backtest loop in pandas, on the panel bench/peers.ts wrote: a loop over
days, each day's marking, drift, trades and costs as pandas Series operations (commission + half
spread on |trade|, square-root impact on 20-day ADV$ and the given daily volatility), daily
rebalancing to the given target weights. The same model as src/backtest/engine.ts's runBacktest
with the bench's settings; a timing peer, its NAV is printed for a sanity check.

Usage: pandas_backtest.py DIR  ->  one JSON line {"seconds", "asset_days_per_s", "final_nav"}.
"""
import sys

import numpy as np
import pandas as pd
from common import emit, load, median_seconds, meta


def backtest(close, weights, volume, sigma, commission_bps=0.5, half_spread_bps=1.0, coefficient=1.0, notional=1e7, adv_days=20):
    adv = (close * volume).rolling(adv_days, min_periods=1).mean()
    rate = (commission_bps + half_spread_bps) * 1e-4
    held = pd.Series(0.0, index=close.columns)
    nav = 1.0
    navs = []
    prev = close.iloc[0]
    for t in range(len(close)):
        px = close.iloc[t]
        growth = (px / prev).fillna(1.0)
        gross = float((held * (growth - 1)).sum())
        drifted = held * growth / (1 + gross)
        target = weights.iloc[t].fillna(0.0)
        trade = (target - drifted).abs()
        scale = coefficient * sigma.iloc[t] * np.sqrt(notional / adv.iloc[t])
        cost = rate * trade.sum() + float((trade * scale * np.sqrt(trade)).sum())
        held = target
        nav *= 1 + gross - cost
        navs.append(nav)
        prev = px
    return navs


def main(directory):
    m = meta(directory)
    N, T = m["N"], m["T"]
    frame = lambda name: pd.DataFrame(load(directory, f"{name}.f64", (N, T)).T.copy())
    close, weights, volume, sigma = (frame(x) for x in ("close", "weights", "volume", "sigma"))
    out = {}

    def run():
        out["navs"] = backtest(close, weights, volume, sigma)

    s = median_seconds(run, runs=m.get("runs", 1), warmup=False)
    emit({"seconds": s, "asset_days_per_s": N * T / s, "final_nav": out["navs"][-1], "pandas": pd.__version__})


if __name__ == "__main__":
    main(sys.argv[1])

"""Shared helpers of the peer benchmarks: read the raw float64 arrays bench/peers.ts writes, time calls.

Every input comes from the directory given on the command line (written by bench/peers.ts for this
run); nothing is read from elsewhere. Timings are medians of the process's CPU time
(time.process_time: user + system, every thread; the peers run on one thread), the measure
bench/peers.ts uses for our side too: on a loaded machine wall time mostly measures the wait for a core.
"""
import json
import os
import sys
import time

import numpy as np


def load(directory, name, shape):
    """A float64 array written by bench/peers.ts (raw little-endian bytes), reshaped."""
    return np.fromfile(os.path.join(directory, name), dtype="<f8").reshape(shape)


def meta(directory):
    with open(os.path.join(directory, "meta.json"), encoding="utf8") as f:
        return json.load(f)


def median_seconds(fn, runs=3, warmup=True):
    """Median CPU seconds (process_time) of `runs` calls of fn (after one warm-up call unless warmup is False)."""
    if warmup:
        fn()
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    times.sort()
    return times[len(times) // 2]


def emit(result):
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")

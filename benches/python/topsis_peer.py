#!/usr/bin/env python3
"""Peer benchmark: TOPSIS on one position of 100,000 candidates, pymcdm and meritkit side by side.

1. Python, one run, the same NumPy matrix: pymcdm `TOPSIS` against `meritkit.mcdm` (the matrix crosses
   to the engine as raw float64 bytes, no JSON) on 100,000 × 11 (issue 12: at least 30× pymcdm), with
   the JSON path `mk.call("mcdm", ...)` for reference; scores checked to agree (max abs diff printed).
2. The 100,000 × 7 case of criterion's `succession/topsis_100k_x7` (Rust, no Python in between),
   when its estimate is in target/criterion.

The matrix is x_ij = ((i*7919 + j*104729) mod 1000) / 10 + 1, the one the criterion bench builds in Rust
(benches/benches/succession.rs); vector normalisation. 100k × 7: weights (0.30, 0.20, 0.20, 0.15, 0.05,
0.05, 0.05), all benefit. 100k × 11: weights (0.20, 0.15, 0.10 × 4, 0.05 × 5), the last three criteria cost
(pymcdm's cost form under vector normalisation, 1 - x/√Σx², is the core's).

Usage (venv outside the repository; scripts/bench.d/40-succession.sh does this):
    python3 -m venv /tmp/meritkit-mcdm-venv && /tmp/meritkit-mcdm-venv/bin/pip install pymcdm numpy
    /tmp/meritkit-mcdm-venv/bin/pip install --no-deps target/wheels-python/meritkit-*.whl
    cargo bench -p meritkit-benches --bench succession -- topsis_100k_x7     # optional, for part 2
    /tmp/meritkit-mcdm-venv/bin/python benches/python/topsis_peer.py [RUNS]
pymcdm's scores are also checked against a NumPy closed form (timed too, as a vectorised reference).
"""
import json
import os
import pathlib
import statistics
import sys
import time

import numpy as np
from importlib.metadata import version
from pymcdm import normalizations as N
from pymcdm.methods import TOPSIS

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30


def matrix(n, k):
    i = np.arange(n, dtype=np.int64)[:, None]
    j = np.arange(k, dtype=np.int64)[None, :]
    return ((i * 7919 + j * 104729) % 1000) / 10.0 + 1.0


def median_time(f, runs):
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def closed_form(m, w, t):
    """TOPSIS with vector normalisation in plain NumPy (cost columns as 1 - x/‖x‖, as pymcdm)."""
    r = m / np.sqrt((m ** 2).sum(axis=0))
    r = np.where(t == 1, r, 1.0 - r)
    v = r * w
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dn = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    return dn / (dp + dn)


def side_by_side(n=100_000, k=11):
    try:
        import meritkit as mk
    except ImportError:
        print("meritkit is not installed in this venv: part 1 skipped (see the usage above)")
        return
    m = matrix(n, k)
    w = np.array([0.20, 0.15, 0.10, 0.10, 0.10, 0.10, 0.05, 0.05, 0.05, 0.05, 0.05])
    t = np.array([1] * 8 + [-1] * 3)
    names = ["benefit" if x == 1 else "cost" for x in t]
    body = TOPSIS(normalization_function=N.vector_normalization)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"TOPSIS {n:,} x {k}, vector normalisation; {RUNS} runs each, median; CPUs available {cpus}"
          f" (meritkit.mcdm runs on one thread); load average {os.getloadavg()[0]:.2f} at start")
    mk.mcdm(m, w, names)  # warm-up (first call imports numpy in the package, allocates)
    body(m, w, t)
    t_py, s_py = median_time(lambda: body(m, w, t), RUNS)
    t_mk, res = median_time(lambda: mk.mcdm(m, w, names), RUNS)
    t_np, s_np = median_time(lambda: closed_form(m, w, t), RUNS)
    req = {"method": "topsis", "matrix": m.tolist(), "weights": w.tolist(), "types": names}
    t_js, via_json = median_time(lambda: mk.call("mcdm", req), 3)
    diff = float(np.max(np.abs(res.scores - s_py)))
    assert np.allclose(s_np, s_py, rtol=1e-12), "pymcdm differs from the NumPy closed form"
    assert diff < 1e-12, f"meritkit and pymcdm differ by {diff}"
    assert via_json["scores"] == res.scores.tolist(), "the NumPy and JSON paths differ"
    print(f"  {'pymcdm ' + version('pymcdm') + ' TOPSIS':<36} {t_py * 1e3:9.2f} ms")
    print(f"  meritkit.mcdm (NumPy, no JSON)       {t_mk * 1e3:9.2f} ms   pymcdm / meritkit: {t_py / t_mk:6.1f}x")
    print(f"  NumPy closed form (reference)        {t_np * 1e3:9.2f} ms")
    print(f"  mk.call('mcdm') JSON path (3 runs)   {t_js * 1e3:9.2f} ms   (matrix.tolist() not timed)")
    print(f"  max |meritkit - pymcdm| = {diff:.3g}; JSON path identical; load average {os.getloadavg()[0]:.2f} at end")


def criterion_case():
    m = matrix(100_000, 7)
    w = np.array([0.30, 0.20, 0.20, 0.15, 0.05, 0.05, 0.05])
    t = np.ones(7, dtype=int)
    body = TOPSIS(normalization_function=N.vector_normalization)
    py, s = median_time(lambda: body(m, w, t), RUNS)
    nt, c = median_time(lambda: closed_form(m, w, t), RUNS)
    assert np.allclose(c, s, rtol=1e-12)
    print(f"pymcdm TOPSIS 100000x7: median {py * 1e3:.2f} ms over {RUNS} runs")
    print(f"numpy closed-form TOPSIS 100000x7: median {nt * 1e3:.2f} ms")
    est = ROOT / "target/criterion/succession/topsis_100k_x7/new/estimates.json"
    if est.exists():
        rust = json.loads(est.read_text())["median"]["point_estimate"] / 1e9
        print(f"meritkit topsis 100000x7: median {rust * 1e3:.2f} ms (criterion)")
        print(f"ratio pymcdm / meritkit: {py / rust:.2f}x")
    else:
        print("run `cargo bench -p meritkit-benches --bench succession -- topsis_100k_x7` first for the ratio")


if __name__ == "__main__":
    side_by_side()
    criterion_case()

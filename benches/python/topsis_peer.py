#!/usr/bin/env python3
"""Peer benchmark: pymcdm TOPSIS on one position of 100,000 candidates × 7 criteria.

The matrix is x_ij = ((i*7919 + j*104729) mod 1000) / 10 + 1, the same one the
criterion bench `succession/topsis_100k_x7` builds in Rust
(benches/benches/succession.rs); weights (0.30, 0.20, 0.20, 0.15, 0.05, 0.05,
0.05), all benefit, vector normalisation.

Usage (venv outside the repository):
    python3 -m venv /tmp/mcdm-venv && /tmp/mcdm-venv/bin/pip install pymcdm numpy
    cargo bench -p meritkit-benches --bench succession -- topsis_100k_x7
    /tmp/mcdm-venv/bin/python benches/python/topsis_peer.py
It prints pymcdm's median time, reads criterion's estimate for meritkit from
target/criterion, and prints the ratio. pymcdm's scores are checked against
a NumPy closed form (also timed, as a vectorised reference); meritkit's TOPSIS
equals pymcdm's on the committed `tests/vectors/mcdm_pymcdm_topsis_*` vectors.
"""
import json
import pathlib
import statistics
import time

import numpy as np
from pymcdm import normalizations as N
from pymcdm.methods import TOPSIS

ROOT = pathlib.Path(__file__).resolve().parents[2]


def matrix(n=100_000, k=7):
    i = np.arange(n, dtype=np.int64)[:, None]
    j = np.arange(k, dtype=np.int64)[None, :]
    return ((i * 7919 + j * 104729) % 1000) / 10.0 + 1.0


def main():
    m = matrix()
    w = np.array([0.30, 0.20, 0.20, 0.15, 0.05, 0.05, 0.05])
    t = np.ones(7, dtype=int)
    body = TOPSIS(normalization_function=N.vector_normalization)
    times = []
    for _ in range(30):
        t0 = time.perf_counter()
        s = body(m, w, t)
        times.append(time.perf_counter() - t0)
    py = statistics.median(times)
    # numpy closed form: an independent check of pymcdm, and a second (vectorised) reference time
    def closed_form():
        r = m / np.sqrt((m ** 2).sum(axis=0))
        v = r * w
        dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
        dn = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
        return dn / (dp + dn)
    nts = []
    for _ in range(30):
        t0 = time.perf_counter()
        c = closed_form()
        nts.append(time.perf_counter() - t0)
    assert np.allclose(c, s, rtol=1e-12)
    print(f"pymcdm TOPSIS 100000x7: median {py * 1e3:.2f} ms over {len(times)} runs")
    print(f"numpy closed-form TOPSIS 100000x7: median {statistics.median(nts) * 1e3:.2f} ms")
    est = ROOT / "target/criterion/succession/topsis_100k_x7/new/estimates.json"
    if est.exists():
        rust = json.loads(est.read_text())["median"]["point_estimate"] / 1e9
        print(f"meritkit topsis 100000x7: median {rust * 1e3:.2f} ms (criterion)")
        print(f"ratio pymcdm / meritkit: {py / rust:.2f}x")
    else:
        print("run `cargo bench -p meritkit-benches --bench succession -- topsis_100k_x7` first for the ratio")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The talent-review benchmarks of issue 15, side by side with a pandas equivalent in one run.

* movement matrix of two periods of N placements (1 % gone, 1 % new, 20 % moved): meritkit's
  `movement::compare` (the example binary `review_cycle`, timed inside it, data built there) against pandas
  `merge` + `crosstab` (+ the per-unit crosstab and the up/down counts) on the same placements, built here
  by the same formulas; the cell counts must agree.
* calibration replay: P people, M single-person moves. meritkit appends each move as a checked, hashed log
  entry and verifies the exported JSONL log; pandas applies the same moves to a DataFrame one by one with the
  same check (the current box equals the move's `from`), with no log.

Usage: bench_review.py [N=1000000] [P=100000] [M=10000]; prints a Markdown table (docs/benchmarks.md).
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "release", "examples", "review_cycle")


def rust(*args):
    out = subprocess.run([BIN, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def placements(n):
    i = np.arange(n)
    box_a = 1 + (i * 7 % 9)
    gone = n // 100
    ib = np.arange(n - gone)
    box_b = np.where(ib % 5 == 0, 1 + ((ib * 7 + 3) % 9), 1 + (ib * 7 % 9))
    inew = np.arange(n, n + gone)
    nips = lambda idx: pd.Series(idx).map("{:018d}".format)
    a = pd.DataFrame({"nip": nips(i), "unit": pd.Series(i % 40).map("OPD-{:02d}".format), "box": box_a})
    b = pd.DataFrame({"nip": pd.concat([nips(ib), nips(inew)], ignore_index=True),
                      "unit": pd.Series(np.concatenate([ib % 40, inew % 40])).map("OPD-{:02d}".format),
                      "box": np.concatenate([box_b, 1 + (inew * 7 % 9)])})
    return a, b


# height of a box on the canonical grid: kinerja level + potensial level (BOX[p-1][k-1])
BOX = [[1, 2, 4], [3, 5, 7], [6, 8, 9]]
HEIGHT = {BOX[p][k]: k + p + 2 for p in range(3) for k in range(3)}


def pandas_movement(a, b):
    t = time.perf_counter()
    m = a.merge(b, on="nip", how="outer", suffixes=("_a", "_b"), indicator=True)
    both = m[m["_merge"] == "both"]
    matrix = pd.crosstab(both["box_a"], both["box_b"])
    per_unit = both.groupby(["unit_b", "box_a", "box_b"]).size()
    ha, hb = both["box_a"].map(HEIGHT), both["box_b"].map(HEIGHT)
    counts = {"matched": len(both), "new": int((m["_merge"] == "right_only").sum()),
              "gone": int((m["_merge"] == "left_only").sum()), "up": int((hb > ha).sum()), "down": int((hb < ha).sum())}
    secs = time.perf_counter() - t
    cells = sorted((int(f), int(t_), int(c)) for (f, t_), c in matrix.stack().items() if c)
    return secs, counts, cells, len(per_unit)


def pandas_replay(people, moves):
    df = pd.DataFrame({"nip": [f"{i:018d}" for i in range(people)], "box": 5}).set_index("nip")
    nxt = {5: 8, 8: 9, 9: 5}
    cur = [5] * people
    plan = []
    for k in range(moves):
        p = k % people
        plan.append((f"{p:018d}", cur[p], nxt[cur[p]]))
        cur[p] = nxt[cur[p]]
    t = time.perf_counter()
    for nip, frm, to in plan:
        if df.at[nip, "box"] != frm:
            raise SystemExit("stale move")
        df.at[nip, "box"] = to
    return time.perf_counter() - t, df["box"].value_counts().sort_index()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    moves = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    load = os.getloadavg()[0]
    r = rust("movement", n)
    a, b = placements(n)
    ps, pc, pcells, _ = pandas_movement(a, b)
    mk_cells = sorted(tuple(c) for c in r["cells"])
    assert mk_cells == pcells, "the movement matrices differ"
    assert (r["matched"], r["new"], r["gone"]) == (pc["matched"], pc["new"], pc["gone"])
    rr = rust("replay", people, moves)
    rs, dist = pandas_replay(people, moves)
    assert sorted(tuple(x) for x in rr["calibrated"]) == sorted((int(k), int(v)) for k, v in dist.items())
    print(f"load {load:.2f} at start, {os.cpu_count()} CPUs; meritkit reads the periods on every core, the rest one thread")
    print("| work | meritkit | pandas | meritkit / pandas |")
    print("|---|---|---|---|")
    print(f"| movement matrix, 2 x {n:,} placements | {r['seconds']:.3f} s | {ps:.3f} s | {r['seconds'] / ps:.2f}x the time |")
    total = rr["append_seconds"]
    print(f"| {moves:,} moves on {people:,} people, each checked | {total:.3f} s (hashed log entries) | {rs:.3f} s (DataFrame.at, no log) | {total / rs:.2f}x the time |")
    print(f"| verify the exported log ({rr['log_bytes'] / 1e6:.1f} MB, {moves + 1:,} entries) | {rr['verify_seconds']:.3f} s | - | - |")
    print(f"| snapshot of {people:,} people (first entry) | {rr['snapshot_seconds']:.3f} s | - | - |")


if __name__ == "__main__":
    main()

"""The `meritkit score` command on a generated CSV file versus the pandas job it replaces, side by side in one run:
pandas `read_csv` + the full default-policy job of `bench_score.vectorised` + `to_csv` (the CLI reads, scores and
writes the CSV file in parts; a percentile policy reads it twice). Each run is a fresh process;
wall time and peak RSS are measured per process (a wrapper whose only child is the measured command). The boxes of the
CLI's CSV and of the pandas job are compared before anything is reported.

    python benches/python/bench_cli.py [N] [path/to/meritkit]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import pandas as pd

import meritkit as mk

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
BIN = sys.argv[2] if len(sys.argv) > 2 else "target/release/meritkit"
HERE = os.path.dirname(os.path.abspath(__file__))

PEER = f"""
import sys
src, dst = sys.argv[1], sys.argv[2]
sys.argv = sys.argv[:1]  # (bench_score reads its own arguments when imported)
sys.path.insert(0, {HERE!r})
import pandas as pd
from bench_score import vectorised
df = pd.read_csv(src, low_memory=False)
df.assign(box=vectorised(df))[["nip", "unit", "box"]].to_csv(dst, index=False)
"""

# Runs argv[1:] as the only child of this process: its wall time and peak RSS (KB).
WRAP = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(rc, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measured(argv):
    out = subprocess.run([sys.executable, "-c", WRAP, *argv], capture_output=True, text=True, check=True)
    rc, wall, kb = out.stdout.split()
    return int(rc), float(wall), int(kb) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in.csv")
        print(f"generating {N:,} employees ...", flush=True)
        mk.generate(N, seed=2026, format="pandas").to_csv(src, index=False)
        size = os.path.getsize(src) / 1e6
        # the same people as a JSON array of records (read in parts by `score`)
        src_json = os.path.join(d, "in.json")
        with open(src_json, "w") as f:
            json.dump(mk.generate(N, seed=2026, format="records"), f, ensure_ascii=False)
        runs = [
            ("pandas read_csv + full job + to_csv", [sys.executable, "-c", PEER, src, os.path.join(d, "peer.csv")]),
            ("meritkit score -f csv", [BIN, "score", "-i", src, "-f", "csv", "-o", os.path.join(d, "mk.csv")]),
            # the same over the file just written: an output that exists is written after a first pass
            # has checked the whole input (docs/input.md, "One pass or two")
            ("meritkit score -f csv (output exists)",
             [BIN, "score", "-i", src, "-f", "csv", "-o", os.path.join(d, "mk.csv")]),
            ("meritkit score -f json --detail full", [BIN, "score", "-i", src, "-f", "json", "-o", os.path.join(d, "full.json")]),
            ("meritkit score -f json --detail summary",
             [BIN, "score", "-i", src, "-f", "json", "--detail", "summary", "-o", os.path.join(d, "summary.json")]),
            ("meritkit score -f json --detail none",
             [BIN, "score", "-i", src, "-f", "json", "--detail", "none", "-o", os.path.join(d, "none.json")]),
            # --compact: one line per result, no indentation (the same JSON value)
            ("meritkit --compact score -f json --detail full",
             [BIN, "--compact", "score", "-i", src, "-f", "json", "-o", os.path.join(d, "full_c.json")]),
            ("meritkit --compact score -f json --detail none",
             [BIN, "--compact", "score", "-i", src, "-f", "json", "--detail", "none", "-o", os.path.join(d, "none_c.json")]),
            # JSON in (a JSON array of records read in parts), JSON out
            ("meritkit --compact score -i in.json -f json",
             [BIN, "--compact", "score", "-i", src_json, "-f", "json", "-o", os.path.join(d, "json_full.json")]),
            ("meritkit score -i in.json -f json",
             [BIN, "score", "-i", src_json, "-f", "json", "-o", os.path.join(d, "json_full_p.json")]),
            # population-relative cut-offs: the file is read twice (observe, then score and write)
            ("meritkit score -f csv -p percentile_unit",
             [BIN, "score", "-i", src, "-f", "csv", "-p", "percentile_unit", "-o", os.path.join(d, "pct.csv")]),
        ]
        results = []
        for name, argv in runs:
            rc, wall, mb = measured(argv)
            assert rc in (0, 3), f"{name}: exit {rc}"
            out = argv[argv.index("-o") + 1] if "-o" in argv else argv[-1]
            results.append((name, wall, mb, os.path.getsize(out) / 1e6))
            # (outputs not compared below are removed: gigabytes of dirty pages written back while the next
            # command runs made the later figures depend on the earlier ones)
            if os.path.basename(out) not in ("peer.csv", "mk.csv", "full_c.json", "json_full.json"):
                os.remove(out)
            subprocess.run(["sync"], check=False)
        peer = pd.read_csv(os.path.join(d, "peer.csv"), usecols=["box"])["box"].to_numpy()
        mine = pd.read_csv(os.path.join(d, "mk.csv"), usecols=["box"])["box"].fillna(0).astype(int).to_numpy()
        assert (peer == mine).all(), f"the CLI and the pandas job differ on {(peer != mine).sum()} rows"
        # the same people from the CSV and from the JSON array: the same compact answer, byte for byte
        import filecmp
        assert filecmp.cmp(os.path.join(d, "full_c.json"), os.path.join(d, "json_full.json"), shallow=False)
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"rows: {N:,} ({size:.0f} MB CSV); boxes equal; CPUs: {cpus}; load average {os.getloadavg()[0]:.2f}"
              f" ({time.strftime('%H:%M', time.gmtime())} UTC)")
        base = results[0][1]
        print(f"{'run':<42} {'wall s':>8} {'peak MB':>8} {'out MB':>8} {'vs pandas':>10}")
        for name, wall, mb, out_mb in results:
            print(f"{name:<42} {wall:8.2f} {mb:8.0f} {out_mb:8.0f} {base / wall:9.2f}x")


if __name__ == "__main__":
    main()

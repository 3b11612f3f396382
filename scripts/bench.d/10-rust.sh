#!/usr/bin/env bash
# Rust criterion benches on one core: RAYON_NUM_THREADS=1 keeps the typed paths (which score on rayon's
# threads) on one thread, so every figure is per core. MERITKIT_BENCH_SIZES=10000,100000 limits the sizes.
set -euo pipefail
RAYON_NUM_THREADS=1 cargo bench -p meritkit-benches --bench scoring -- --noplot 2>&1 | tee test-output/bench-scoring.log

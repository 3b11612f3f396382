#!/usr/bin/env bash
# Rust criterion benches (one thread). MERITKIT_BENCH_SIZES=10000,100000 limits the sizes.
set -euo pipefail
cargo bench -p meritkit-benches --bench scoring -- --noplot 2>&1 | tee test-output/bench-scoring.log

#!/usr/bin/env bash
# Talent-review cycle (issue 15): movement matrix of two periods of 1M placements and a calibration session of
# 10,000 moves, beside their pandas equivalents in one run. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv-test/bin/python ] || bash scripts/setup.d/30-python.sh
cargo build --release --locked -q -p meritkit-benches --example review_cycle
mkdir -p test-output
.venv-test/bin/python benches/python/bench_review.py "${BENCH_REVIEW_N:-1000000}" 100000 10000 | tee test-output/bench-review.md

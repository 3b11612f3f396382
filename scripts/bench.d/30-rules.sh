#!/usr/bin/env bash
# Merit-rule validation throughput (criterion): jpt_pratama + data_quality on
# 100k generated employees; set MERITKIT_BENCH_1M=1 for the 1M run too.
# Results: target/criterion/rules/; summary in docs/benchmarks.md.
set -euo pipefail
cargo bench -p meritkit-benches --bench rules

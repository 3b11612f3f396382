#!/usr/bin/env bash
# CLI: `meritkit score` on a generated 1M-row CSV vs pandas read_csv + full job + to_csv, one run side by side.
set -euo pipefail
[ -x .venv-test/bin/python ] || bash scripts/setup.d/30-python.sh
cargo build --release -q -p meritkit-cli
.venv-test/bin/python benches/python/bench_cli.py "${MERITKIT_BENCH_CLI_ROWS:-1000000}" target/release/meritkit

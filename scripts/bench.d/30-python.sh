#!/usr/bin/env bash
# Python: mk.score(pandas_df) on 1M generated employees vs vectorised pandas/numpy and df.apply.
set -euo pipefail
[ -x .venv-test/bin/python ] || bash scripts/setup.d/30-python.sh
MATURIN="maturin"
command -v maturin >/dev/null 2>&1 || MATURIN="python3 -m maturin"
$MATURIN build --release -m bindings/python/Cargo.toml -o target/wheels-python 2>&1 | tail -n 2
.venv-test/bin/pip install -q --force-reinstall target/wheels-python/meritkit-*.whl
.venv-test/bin/python benches/python/bench_score.py 1000000 30000
# single-threaded: meritkit's threads follow the CPU affinity
if command -v taskset >/dev/null 2>&1; then
  echo "--- pinned to one CPU (single-threaded) ---"
  taskset -c 0 .venv-test/bin/python benches/python/bench_score.py 1000000 30000
fi

#!/usr/bin/env bash
# Succession benchmarks: criterion (Rust) and the pymcdm TOPSIS peer (Python, venv under /tmp), with
# `meritkit.mcdm` on the same NumPy matrix in the same run (the wheel 30-python.sh built, else built here).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo bench -p meritkit-benches --bench succession
VENV=${MERITKIT_MCDM_VENV:-/tmp/meritkit-mcdm-venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pymcdm numpy
fi
if ! ls target/wheels-python/meritkit-*.whl >/dev/null 2>&1; then
  MATURIN="maturin"
  command -v maturin >/dev/null 2>&1 || MATURIN="python3 -m maturin"
  $MATURIN build --release -m bindings/python/Cargo.toml -o target/wheels-python 2>&1 | tail -n 2
fi
"$VENV/bin/pip" install -q --force-reinstall --no-deps target/wheels-python/meritkit-*.whl
"$VENV/bin/python" benches/python/topsis_peer.py

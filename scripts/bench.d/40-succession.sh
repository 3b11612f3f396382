#!/usr/bin/env bash
# Succession benchmarks: criterion (Rust) and the pymcdm TOPSIS peer (Python, venv under /tmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo bench -p meritkit-benches --bench succession
VENV=${MERITKIT_MCDM_VENV:-/tmp/meritkit-mcdm-venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pymcdm numpy
fi
"$VENV/bin/python" benches/python/topsis_peer.py

#!/usr/bin/env bash
# Runs every benchmark (Rust criterion, Python, JS): scripts/bench.d/NN-name.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in scripts/bench.d/*.sh; do
  [ -e "$f" ] || continue
  echo "== bench: $f"
  bash "$f"
done

#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine (idempotent: skips what is present).
# Each part lives in scripts/setup.d/NN-name.sh and runs in order.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in scripts/setup.d/*.sh; do
  [ -e "$f" ] || continue
  echo "== setup: $f"
  bash "$f"
done

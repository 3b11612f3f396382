#!/usr/bin/env bash
# The one test command: sets up what is missing, then runs every test suite
# (Rust, Python, WebAssembly/Node, browser) in order: scripts/test.d/NN-name.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
df -h . | tail -n 1 | awk '{print "disk: " $4 " free of " $2}'
bash scripts/setup.sh
mkdir -p test-output
for f in scripts/test.d/*.sh; do
  [ -e "$f" ] || continue
  echo "== test: $f"
  bash "$f"
done
echo "== all test suites passed"

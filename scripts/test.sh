#!/usr/bin/env bash
# The one test command: sets up what is missing, then runs every test suite
# (Rust, Python, WebAssembly/Node, browser) in order: scripts/test.d/NN-name.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
df -h . | tail -n 1 | awk '{print "disk: " $4 " free of " $2}'
bash scripts/setup.sh
mkdir -p test-output
# The tests' scratch files (a folder per test process under the temporary directory: ~2 GB for a whole
# run) go to one folder made for this run and removed at its end, pass or fail.
# (open to every user as /tmp is: the test PostgreSQL server runs as `postgres`)
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/meritkit-test.XXXXXX")"
chmod 1777 "$TMPDIR"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
for f in scripts/test.d/*.sh; do
  [ -e "$f" ] || continue
  echo "== test: $f"
  bash "$f"
done
echo "== all test suites passed"

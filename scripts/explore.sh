#!/usr/bin/env bash
# Runs the property tests (proptest) with fresh random seeds and many cases,
# to search for inputs the fixed-seed runs of scripts/test.sh never meet (not
# part of CI: like scripts/fuzz.sh, it explores).
#
#   scripts/explore.sh [CASES] [cargo test filter args...]
#
# CASES defaults to 20000 per property (the tests ask for 64-512). Release
# build with debug assertions, in target-explore/. A failure prints the
# shrunk input and proptest appends its seed to the test's
# *.proptest-regressions file: commit that line with the fix (scripts/test.sh
# runs the recorded seeds first). The seed of each run is printed, so a
# failure is reproduced with PROPTEST_RNG_SEED=<seed> PROPTEST_CASES=<cases>.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-20000}
shift || true
seed=${PROPTEST_RNG_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}
echo "explore: PROPTEST_RNG_SEED=$seed PROPTEST_CASES=$cases"
PROPTEST_RNG_SEED=$seed PROPTEST_CASES=$cases CARGO_TARGET_DIR=target-explore \
  CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true nice -n 10 \
  cargo test --release --locked -p meritkit -p meritkit-cli "$@"

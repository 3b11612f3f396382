#!/usr/bin/env bash
# Rust: unit, integration, property, vector and doc tests of the core and the CLI.
# A PostgreSQL server on loopback serves the tests of the PostgreSQL store (they
# fail, rather than skip, when it cannot be started).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-output
source scripts/lib/postgres.sh
pg_start
export MERITKIT_REQUIRE_POSTGRES=1
# Property tests run from a fixed seed here (after the seeds recorded in the
# *.proptest-regressions files), so a run is repeatable and a red CI names a
# real change; scripts/explore.sh searches with fresh seeds and many cases.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261206}"
cargo test --workspace --locked 2>&1 | tee test-output/rust-tests.log

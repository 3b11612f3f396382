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
cargo test --workspace --locked 2>&1 | tee test-output/rust-tests.log

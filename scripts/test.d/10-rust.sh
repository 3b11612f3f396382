#!/usr/bin/env bash
# Rust: unit, integration, property, vector and doc tests of the core and the CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-output
cargo test --workspace --locked 2>&1 | tee test-output/rust-tests.log

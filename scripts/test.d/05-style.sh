#!/usr/bin/env bash
# Style gate: every crate is formatted with the committed rustfmt.toml.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo fmt --all -- --check
(cd bindings/python && cargo fmt -- --check)
(cd fuzz && cargo fmt -- --check)
echo "rustfmt: clean"

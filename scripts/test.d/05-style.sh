#!/usr/bin/env bash
# Style gate: every crate is formatted with the committed rustfmt.toml.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! cargo fmt --version >/dev/null 2>&1; then
  rustup component add rustfmt >/dev/null 2>&1 || { echo "rustfmt: NOT AVAILABLE on this machine, formatting not checked" >&2; exit 0; }
fi
cargo fmt --all -- --check
(cd bindings/python && cargo fmt -- --check)
(cd fuzz && cargo fmt -- --check)
echo "rustfmt: clean"

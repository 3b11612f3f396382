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
# Lints: clippy with warnings as errors (the workspace lints deny unwrap/expect/panic in library code).
if cargo clippy --version >/dev/null 2>&1 || rustup component add clippy >/dev/null 2>&1; then
  cargo clippy --workspace --all-targets --locked -q -- -D warnings
  (cd bindings/python && cargo clippy --all-targets --locked -q -- -D warnings)
  echo "clippy: clean"
else
  echo "clippy: NOT AVAILABLE on this machine, lints not checked" >&2
fi
# MSRV: the declared rust-version is at least what every locked dependency needs, and the
# library and CLI build with that toolchain (installed from the Rust dist server when it can
# be reached; a machine without it says so and keeps the lock-file check).
python3 scripts/lib/msrv.py . bindings/python
msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
if rustup run "$msrv" rustc --version >/dev/null 2>&1 || rustup toolchain install "$msrv" --profile minimal >/dev/null 2>&1; then
  CARGO_TARGET_DIR=target/msrv cargo +"$msrv" check --locked -q -p meritkit -p meritkit-cli -p meritkit-store -p meritkit-wasm
  echo "msrv: meritkit, meritkit-cli and meritkit-wasm build with Rust $msrv"
else
  echo "msrv: Rust $msrv NOT INSTALLABLE on this machine; only the lock-file floor was checked" >&2
fi

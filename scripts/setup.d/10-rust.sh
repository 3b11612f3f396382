#!/usr/bin/env bash
# Rust: the toolchain is on the machine (rustup); nothing else to install for the core.
set -euo pipefail
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup" >&2; exit 1; }
cargo --version

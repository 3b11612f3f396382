#!/usr/bin/env bash
# WebAssembly package and browser test: wasm32 target, wasm-bindgen CLI at the
# version pinned in Cargo.lock, Debian chromium, npm dev dependencies.
# Idempotent: installs only what is missing or at the wrong version.
set -euo pipefail
cd "$(dirname "$0")/../.."

if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # --locked fails on some registry mirrors (a locked dependency is missing): retry without it.
  cargo install wasm-bindgen-cli --version "=$want" --locked \
    || cargo install wasm-bindgen-cli --version "=$want"
fi
wasm-bindgen --version

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
fi

command -v node >/dev/null || { echo "node not found: install Node.js >= 18" >&2; exit 1; }
cd bindings/wasm
if [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

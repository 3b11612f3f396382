#!/usr/bin/env bash
# `meritkit report` browser test: Debian's Chromium and playwright-core (npm, pinned by
# tests/report/package-lock.json). Idempotent: installs only what is missing. Nothing is
# downloaded at test time (playwright-core drives /usr/bin/chromium; no browser download).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi
command -v node >/dev/null || { echo "node not found: install Node.js 20+" >&2; exit 1; }
if [ ! -d tests/report/node_modules/playwright-core ] || ! (cd tests/report && npm ls --depth=0 >/dev/null 2>&1); then
  (cd tests/report && npm ci --no-audit --no-fund)
fi

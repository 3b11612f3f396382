#!/usr/bin/env bash
# JS benchmark: the wasm package (record objects and typed-array columns) versus
# plain JavaScript, 100k generated employees. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f bindings/wasm/dist/node/meritkit_wasm.js ] || (cd bindings/wasm && npm run build)
mkdir -p test-output
node benches/js/bench_score.mjs "${BENCH_JS_N:-100000}" | tee test-output/bench-js.md

#!/usr/bin/env bash
# HTTP service (issue 16): schemathesis (PyPI, in .venv-test) against a live `meritkit serve` on loopback,
# driven by the service's own OpenAPI document (/openapi.json). Every operation is tested (none excluded),
# with the examples, coverage, fuzzing and stateful phases, in positive and negative modes; explicit
# checks: not_a_server_error (no 5xx), status_code_conformance (only documented statuses),
# content_type_conformance, response_headers_conformance (x-request-id, Retry-After on 503) and
# response_schema_conformance (every answer valid against the document). Zero failures required.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-output
# (installed here, into the venv scripts/setup.d/30-python.sh makes)
[ -x .venv-test/bin/schemathesis ] || .venv-test/bin/pip install -q "schemathesis>=4.32,<5"
cargo build --locked -q -p meritkit-cli
dir=$(mktemp -d /tmp/meritkit-serve-test.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${CARGO_TARGET_DIR:-target}/debug/meritkit" serve --bind "127.0.0.1:$port" --store "$dir/kalibrasi.sqlite" \
  >"$dir/stdout" 2>test-output/serve-schemathesis-server.log &
pid=$!
stop() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap stop EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
# -n bounds the examples per operation (about 30 s on 2 cores); the seed makes a failure reproducible.
# (run from test-output/: schemathesis keeps a .schemathesis/ directory in its working directory)
(cd test-output && ../.venv-test/bin/schemathesis run "http://127.0.0.1:$port/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-10}" --seed "${SCHEMATHESIS_SEED:-20260301}" \
  --phases examples,coverage,fuzzing,stateful --mode all --workers 2 \
  --generation-database none --no-color --request-timeout 60) \
  2>&1 | tee test-output/serve-schemathesis.log
# (schemathesis exits non-zero on any failure; the summary line is checked as well)
grep -qE "^Test cases:" test-output/serve-schemathesis.log
if grep -qE "[0-9]+ failed|Failures:" test-output/serve-schemathesis.log; then
  echo "schemathesis: failures (see test-output/serve-schemathesis.log)" >&2
  exit 1
fi
# graceful stop: SIGTERM, exit 0
kill -TERM "$pid"
wait "$pid"
trap 'rm -rf "$dir"' EXIT
echo "serve: schemathesis passed with zero failures; the server stopped cleanly on SIGTERM"

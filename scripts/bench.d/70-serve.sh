#!/usr/bin/env bash
# HTTP service (issue 16): requests per second and p50/p99 latency of `meritkit serve` on loopback, measured with
# wrk (Debian package; installed when missing): a 1,500-employee `score` and a 1-position `succession` (the
# demo population's 1,500 generated employees, the demo's first target position), then a soak of the score
# request (SERVE_SOAK_S seconds, default 300) sampling the server's RSS every 10 s. Results:
# test-output/bench-serve.md (figures in docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-output
if ! command -v wrk >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
    || { echo "wrk: could not be installed" >&2; exit 1; }
fi
cargo build --release --locked -q -p meritkit-cli
bin="${CARGO_TARGET_DIR:-target}/release/meritkit"
dir=$(mktemp -d /tmp/meritkit-serve-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
conc=${SERVE_CONNECTIONS:-4}
"$bin" serve --bind "127.0.0.1:$port" --store "$dir/kalibrasi.sqlite" --max-concurrent "$conc" \
  >"$dir/stdout" 2>/dev/null &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$port"
curl -sf "$base/v1/demo_records" >"$dir/records.json"
curl -sf "$base/v1/demo_positions" >"$dir/positions.json"
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
records = json.load(open(f"{d}/records.json"))["value"][:1500]
positions = json.load(open(f"{d}/positions.json"))["value"][:1]
json.dump({"records": records, "date": "2026-01-02"}, open(f"{d}/score.json", "w"))
json.dump({"records": records, "positions": positions, "date": "2026-01-02"}, open(f"{d}/succession.json", "w"))
PY
cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.body = f:read("*a")
f:close()
LUA
# both answer 200 (checked once before measuring)
for fn in score succession; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$dir/$fn.json" "$base/v1/$fn")
  [ "$code" = 200 ] || { echo "$fn answered $code" >&2; exit 1; }
done
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
out=test-output/bench-serve.md
{
  echo "# meritkit serve on loopback ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "wrk -t2 -c$conc -d${SERVE_BENCH_S:-30}s --latency; server --max-concurrent $conc; release build"
  echo
  echo "| request | body | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
} >"$out"
for fn in score succession; do
  # (wrk closes its connections with requests still at work: their worker slots are taken until that work ends,
  # so a run started at once would see its first requests refused with 503 busy)
  sleep 3
  BODY="$dir/$fn.json" wrk -t2 -c"$conc" -d"${SERVE_BENCH_S:-30}s" --latency -s "$dir/post.lua" "$base/v1/$fn" >"$dir/$fn.wrk"
  cat "$dir/$fn.wrk" >&2
  rps=$(awk '/^Requests\/sec/ {print $2}' "$dir/$fn.wrk")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/$fn.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/$fn.wrk")
  non=$(awk '/Non-2xx/ {print $5}' "$dir/$fn.wrk")
  size=$(stat -c %s "$dir/$fn.json")
  echo "| $fn (1,500 employees$([ "$fn" = succession ] && echo ', 1 position')) | $size B | $rps | $p50 | $p99 | ${non:-0} |" >>"$out"
done
soak=${SERVE_SOAK_S:-300}
echo >>"$out"
echo "Soak: $soak s of the score request (wrk -t2 -c$conc), the server's RSS every 10 s (KiB):" >>"$out"
sleep 3
BODY="$dir/score.json" wrk -t2 -c"$conc" -d"${soak}s" --latency -s "$dir/post.lua" "$base/v1/score" >"$dir/soak.wrk" &
wrk_pid=$!
samples=""
for _ in $(seq 0 10 "$soak"); do
  samples="$samples $(rss)"
  sleep 10
done
wait "$wrk_pid"
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
threads=$(awk '/^Threads/ {print $2}' "/proc/$pid/status")
{
  echo
  echo "RSS samples:$samples"
  echo "start $(echo $samples | awk '{print $1}') KiB, end $(echo $samples | awk '{print $NF}') KiB, max $(echo $samples | tr ' ' '\n' | sort -n | tail -1) KiB"
  echo "soak: $(awk '/^Requests\/sec/ {print $2}' "$dir/soak.wrk") req/s, p50 $(awk '$1 == "50%" {print $2}' "$dir/soak.wrk"), p99 $(awk '$1 == "99%" {print $2}' "$dir/soak.wrk"), $(awk '/requests in/ {print $1}' "$dir/soak.wrk") requests"
  echo "load average at the end: $loadavg; server threads: $threads"
} >>"$out"
cat "$out"

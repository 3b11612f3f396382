#!/usr/bin/env bash
# Runs the cargo-fuzz targets one after another (not part of CI).
#
#   scripts/fuzz.sh [-t SECONDS | -n RUNS] [TARGET...]
#
# -t: time per target (default 300 s); -n: number of executions per target
# instead. Targets default to all of them. Needs the nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`). Builds have no sanitizer (`-s none`:
# the crates forbid `unsafe`, and AddressSanitizer made the runs 5-20 times
# slower), release optimisation and debug assertions (integer overflow
# panics). FUZZ_NOBUILD=1 runs the binaries of the last build without
# rebuilding (e.g. while the sources change). One libFuzzer process at a time
# (a single job), at nice 10. The working corpus grows in fuzz/corpus/<target>
# (git-ignored); the committed seeds in fuzz/seeds/<target> are read, never
# written. Crashes land in fuzz/artifacts/<target>/. Each run's log is kept in
# fuzz/logs/ and one summary line (executions, cov, ft, corpus) is appended to
# fuzz/runs.tsv. Extra libFuzzer flags can be given in FUZZ_ARGS (e.g.
# FUZZ_ARGS="-fork=1 -ignore_crashes=1" to go on past a known crash).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

secs=300
runs=""
while getopts "t:n:" o; do
  case $o in
    t) secs=$OPTARG ;;
    n) runs=$OPTARG ;;
    *) echo "usage: $0 [-t SECONDS | -n RUNS] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(table csv_parts score_parts json_parts policy rules positions mapping api calibration_log review_api)

max_len() {
  case $1 in
    table) echo 1048576 ;;   # 1 MiB: a workbook or CSV of a few thousand rows
    api|review_api) echo 131072 ;;
    calibration_log) echo 262144 ;;
    mapping) echo 16384 ;;
    *) echo 65536 ;;         # policy, rule and positions files
  esac
}

triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
mkdir -p logs
[ -f runs.tsv ] || printf 'date_utc\ttarget\tlimit\texecutions\tcov\tft\tcorpus_files\tcorpus_bytes\tresult\n' > runs.tsv
status=0
for t in "${targets[@]}"; do
  [ -f "fuzz_targets/$t.rs" ] || { echo "no target $t" >&2; status=2; continue; }
  mkdir -p "corpus/$t" "seeds/$t"
  if [ -n "$runs" ]; then limit=(-runs="$runs"); what="runs=$runs"; else limit=(-max_total_time="$secs"); what="time=${secs}s"; fi
  log="logs/$t-$(date -u +%Y%m%dT%H%M%S).log"
  echo "== $t ($what), log $log"
  rc=0
  flags=(-rss_limit_mb=2048 -max_len="$(max_len "$t")" -timeout=10 -print_final_stats=1 "${limit[@]}" ${FUZZ_ARGS:-})
  if [ -n "${FUZZ_NOBUILD:-}" ]; then
    # the binary of the last build, as it is (no rebuild after a source change)
    mkdir -p "artifacts/$t"
    nice -n 10 "target/$triple/release/$t" -artifact_prefix="artifacts/$t/" "corpus/$t" "seeds/$t" "${flags[@]}" > "$log" 2>&1 || rc=$?
  else
    nice -n 10 cargo +nightly fuzz run -s none -O --debug-assertions "$t" "corpus/$t" "seeds/$t" -- "${flags[@]}" > "$log" 2>&1 || rc=$?
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -1 || true)
  [ -n "$execs" ] || execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  files=$(find "corpus/$t" -type f | wc -l)
  bytes=$(du -sb "corpus/$t" | cut -f1)
  result=ok
  [ "$rc" = 0 ] || { result="rc=$rc $(grep -m1 -oE 'ERROR: libFuzzer: [a-z-]+|panicked at [^ ]+' "$log" || true)"; status=1; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$what" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$files" "$bytes" "$result" >> runs.tsv
  tail -1 runs.tsv
done
exit $status

#!/usr/bin/env bash
# The ulimit promise of issue 11, checked over a corpus of crafted files:
#
#   scripts/hostile-corpus.sh DIR...
#
# runs every file under the given directories through `meritkit score` (and
# `report` for data files, `succession --positions` for position lists) under
# `ulimit -v 3000000` (about 2.9 GiB of address space) and a time limit, then
# prints one line per run (exit code, seconds, command, file), the slowest runs
# and a count per exit code. Every run must end with 0, 2 or 3; a panic (101),
# an abort (134), a kill (137), any other code or the time limit (124) is a
# failure and makes the script exit 1.
#
# Environment:
#   MERITKIT   the binary (default: target/debug/meritkit, built if missing)
#   TIMEOUT    seconds per run (default 60)
#   PEOPLE     employee data for `succession --positions` (default examples/data/pegawai_sulbar.xlsx)
#   SLOWEST    how many of the slowest runs to list (default 15)
#   OUT        the per-run table is also written here (default: a temp file, printed at the end)
set -u
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 DIR..." >&2; exit 64; }
BIN=${MERITKIT:-target/debug/meritkit}
if [ ! -x "$BIN" ]; then cargo build -q -p meritkit-cli || exit 1; fi
BIN=$(realpath "$BIN")
TIMEOUT=${TIMEOUT:-60}
PEOPLE=$(realpath "${PEOPLE:-examples/data/pegawai_sulbar.xlsx}")
SLOWEST=${SLOWEST:-15}
OUT=${OUT:-$(mktemp /tmp/hostile-corpus.XXXXXX)}
scratch=$(mktemp -d /tmp/hostile-corpus-run.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
: > "$OUT"

# One run: under the memory limit and the time limit; stdout/stderr discarded,
# except the stderr of a failing run (shown in the FAILED list at the end).
run() { # label file args...
    local label=$1 file=$2; shift 2
    local t0 t1 rc
    t0=$(date +%s%N)
    (ulimit -v 3000000; exec nice -n 5 timeout -k 5 "$TIMEOUT" "$BIN" --lang en "$@") \
        > "$scratch/stdout" 2> "$scratch/stderr" < /dev/null
    rc=$?
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    printf '%s\t%d.%d\t%s\t%s\n' "$rc" $((ms / 1000)) $((ms % 1000 / 100)) "$label" "$file" | tee -a "$OUT"
    if ! [[ $rc =~ ^(0|2|3)$ ]]; then
        head -c 600 "$scratch/stderr" | sed 's/^/      | /' >> "$OUT.stderr"
    fi
    rm -f "$scratch"/report.html "$scratch"/report.xlsx
}

is_data() { case "${1,,}" in *.csv|*.tsv|*.txt|*.json|*.jsonl|*.ndjson|*.xlsx|*.xlsm|*.xlsb|*.xls|*.ods) return 0;; esac; return 1; }
# A position list: a JSON file whose first kilobyte names a position's `title` or `kind` but no `nip`.
is_positions() {
    case "${1,,}" in *.json) ;; *) return 1;; esac
    local head; head=$(head -c 1024 "$1" 2>/dev/null | tr -d '\0')
    [[ $head == *'"title"'* || $head == *'"kind"'* ]] && [[ $head != *'"nip"'* ]]
}

for dir in "$@"; do
    while IFS= read -r -d '' f; do
        run score "$f" score -i "$f" --date 2026-01-01 --format json
        if is_data "$f"; then
            run report "$f" report -i "$f" -o "$scratch/report.html" --xlsx "$scratch/report.xlsx" --date 2026-01-01 --quiet
        fi
        if is_positions "$f"; then
            run succession "$f" succession -i "$PEOPLE" --positions "$f" --date 2026-01-01 --format json
        fi
    done < <(find "$dir" -type f -print0 | sort -z)
done

echo
echo "== slowest $SLOWEST runs (rc, seconds, command, file)"
sort -t$'\t' -k2,2 -g -r "$OUT" | head -n "$SLOWEST"
echo
echo "== runs per exit code"
cut -f1 "$OUT" | sort | uniq -c
bad=$(awk -F'\t' '$1 != 0 && $1 != 2 && $1 != 3' "$OUT")
echo
if [ -n "$bad" ]; then
    echo "== FAILED (not 0/2/3: 101 panic, 134 abort, 137 killed, 124 time limit)"
    echo "$bad"
    echo "(table: $OUT; stderr of the failures: $OUT.stderr)"
    exit 1
fi
echo "all $(wc -l < "$OUT") runs ended with 0, 2 or 3 within ${TIMEOUT}s (table: $OUT)"

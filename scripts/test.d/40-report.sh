#!/usr/bin/env bash
# `meritkit report` end to end: the shipped sample spreadsheet → HTML (+ XLSX), opened in
# headless Chromium: renders with no network request, every 9-box equals
# `meritkit score --format json` on the same input, screenshot in test-output/report.png.
# Then the same with --redact (no NIP or name of the input may appear in any output file),
# and a negative control proving the network check catches a request.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-output/report
cargo build --locked -q -p meritkit-cli
M=target/debug/meritkit
OUT=test-output/report
IN=examples/data/pegawai_sulbar.xlsx
DATE=2026-01-02
# The shipped sample is exactly what the committed generator command produces.
$M demo --export-xlsx $OUT/pegawai_sulbar.xlsx --export-positions $OUT/jabatan_target.xlsx 2>/dev/null
$M demo --export-positions $OUT/jabatan_target.json
cmp $OUT/pegawai_sulbar.xlsx "$IN"
cmp $OUT/jabatan_target.xlsx examples/data/jabatan_target.xlsx
cmp $OUT/jabatan_target.json examples/data/jabatan_target.json
rc=0
$M report --input "$IN" --positions examples/data/jabatan_target.xlsx --date $DATE \
  --output $OUT/laporan.html --xlsx $OUT/laporan.xlsx || rc=$?
# The sample has 8 deliberately bad rows: exit code 3 (some rows had errors).
[ "$rc" = 3 ] || { echo "expected exit code 3 from the sample, got $rc" >&2; exit 1; }
rc=0; $M score --input "$IN" --format json --date $DATE -o $OUT/score.json 2>/dev/null || rc=$?
[ "$rc" = 3 ] || { echo "score: expected exit 3, got $rc" >&2; exit 1; }
(cd tests/report && node check-report.mjs ../../$OUT/laporan.html ../../$OUT/score.json ../../test-output/report.png)

# English report.
$M --lang en report --input "$IN" --date $DATE --output $OUT/report_en.html -q || [ $? = 3 ]
(cd tests/report && node check-report.mjs ../../$OUT/report_en.html ../../$OUT/score.json ../../$OUT/report_en.png)

# Redacted: check the files themselves for every NIP and name of the input.
$M report --input "$IN" --positions examples/data/jabatan_target.xlsx --date $DATE \
  --output $OUT/laporan_samaran.html --xlsx $OUT/laporan_samaran.xlsx \
  --redact --redact-key "kunci-uji-ci-meritkit" 2> $OUT/redact.stderr || [ $? = 3 ]
$M demo --export $OUT/demo_rows.json
(cd tests/report && node check-report.mjs ../../$OUT/laporan_samaran.html ../../$OUT/score.json ../../$OUT/report_redacted.png --redacted)
python3 - "$OUT" <<'PY'
import json, sys, zipfile, re
out = sys.argv[1]
rows = json.load(open(f"{out}/demo_rows.json"))
secrets = set()
for r in rows:
    for k in ("nip", "name"):
        if isinstance(r.get(k), str) and len(r[k]) >= 5:
            secrets.add(r[k])
html = open(f"{out}/laporan_samaran.html", encoding="utf-8").read()
plain = open(f"{out}/laporan.html", encoding="utf-8").read()
with zipfile.ZipFile(f"{out}/laporan_samaran.xlsx") as z:
    book = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
stderr = open(f"{out}/redact.stderr", encoding="utf-8").read()
leaks = [s for s in secrets if s in html or s in book or s in stderr]
assert not leaks, f"{len(leaks)} NIPs/names leak into redacted outputs"
# Control: the unredacted report does contain personal data (so the search can find it).
shown = [s for s in secrets if s in plain]
assert len(shown) > 100, f"control failed: only {len(shown)} NIPs/names in the plain report"
print(f"redaction ok: none of {len(secrets)} NIPs/names in the redacted HTML, XLSX or stderr ({len(shown)} in the plain report)")
PY

# Negative control: a report with one external image must fail the browser check.
sed 's|</footer>|<img src="http://192.0.2.1/x.png" alt=""></footer>|' $OUT/laporan.html > $OUT/leaky.html
if (cd tests/report && node check-report.mjs ../../$OUT/leaky.html ../../$OUT/score.json ../../$OUT/leaky.png) > $OUT/leaky.log 2>&1; then
  echo "the network check did not catch an external request" >&2; exit 1
fi
grep -qE "network requests attempted|failed requests" $OUT/leaky.log
echo "report tests passed"

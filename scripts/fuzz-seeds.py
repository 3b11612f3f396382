#!/usr/bin/env python3
"""Writes the committed seed corpora of the fuzz targets (fuzz/seeds/<target>/).

Sources: the built-in presets and rule sets (printed by the `meritkit` CLI,
TOML and JSON), examples/, docs/ code blocks, tests/vectors/. Each seed is
kept under 64 KB. Run from the repo root after `cargo build -p meritkit-cli`:

    python3 scripts/fuzz-seeds.py [path/to/meritkit]

The selector list of the `api` target must match READS_REQUEST in
fuzz/fuzz_targets/api.rs.
"""
import hashlib, json, pathlib, re, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
CLI = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "meritkit")
MAX = 64 * 1024

READS_REQUEST = [
    "score", "preset_policy", "check_policy", "demo_records", "demo_positions", "flat_records", "validate", "rule_set",
    "check_rules", "distribution_check", "succession", "adverse_impact", "ahp_weights", "mcdm", "map_headers", "grid_layout",
]


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) >= MAX:
        return
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha1(data).hexdigest()[:10]
    (d / f"{name}-{h}").write_bytes(data)


def cli(*args):
    r = subprocess.run([CLI, "--lang", "en", *args], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def code_blocks(path, lang):
    text = path.read_text()
    return re.findall(r"```" + lang + r"\n(.*?)```", text, re.S)


def vectors():
    for p in sorted((ROOT / "tests" / "vectors").glob("*.json")):
        v = json.loads(p.read_text())
        yield p.stem, v["function"], v.get("request")


# policy
for line in (cli("policy", "list") or "").splitlines():
    if line and not line.startswith(" "):
        name = line.split()[0]
        for fmt in ([], ["--json"]):
            t = cli("policy", "show", name, *fmt)
            if t:
                put("policy", name + ("-json" if fmt else "-toml"), t)
for p in (ROOT / "docs").rglob("*.toml"):
    put("policy", p.stem, p.read_bytes())
for stem, fn, req in vectors():
    if fn == "check_policy":
        put("policy", stem, req["text"])

# rules
for p in sorted((ROOT / "crates" / "meritkit" / "src" / "rules" / "builtin").glob("*.toml")):
    put("rules", p.stem + "-toml", p.read_bytes())
    t = cli("rules", "show", p.stem, "--json")
    if t:
        put("rules", p.stem + "-json", t)
for stem, fn, req in vectors():
    if fn == "check_rules":
        put("rules", stem, req["text"])
    elif fn == "validate" and isinstance(req.get("rules"), dict):
        put("rules", stem, json.dumps(req["rules"], indent=1))
for doc in ("rules.md", "guide.md", "panduan.md"):
    for i, b in enumerate(code_blocks(ROOT / "docs" / doc, "toml")):
        put("rules" if "[[rules]]" in b else "mapping" if "[columns]" in b or "unknown" in b else "policy", f"{doc[:-3]}-{i}", b)

# positions (files and succession policies)
put("positions", "jabatan_target", (ROOT / "examples" / "data" / "jabatan_target.json").read_bytes())
for stem, fn, req in vectors():
    if fn == "succession":
        put("positions", stem, json.dumps(req["positions"], indent=1))
        put("positions", stem + "-wrapped", json.dumps({"positions": req["positions"]}))
        if req.get("succession_policy"):
            put("positions", stem + "-policy", json.dumps(req["succession_policy"], indent=1))
put("positions", "succession-policy-toml", 'name = "contoh"\nmethod = "topsis"\ntop = 5\nexclusive = true\nemergency_successor = true\n\n[weights]\njpm = 0.3\nbox = 0.3\nexperience_years = 0.2\n"gap:integritas" = 0.2\n\n[experience_kinds]\njpt_pratama = ["administrator", "jpt_pratama"]\n')
put("positions", "succession-policy-json", '{"name": "contoh", "method": "saw", "top": 3, "group_columns": ["unit"], "age_bands": [35, 45], "tie_break": ["jpm", "box"], "weights": {"competency_fit": 1, "rank": 0.5}}')

# api: selector byte + request
for stem, fn, req in vectors():
    if fn in READS_REQUEST:
        put("api", stem, bytes([READS_REQUEST.index(fn)]) + json.dumps(req, separators=(",", ":")).encode())
for fn in ("demo_records", "demo_positions"):
    put("api", fn, bytes([READS_REQUEST.index(fn)]) + b"{}")

# mapping
for p in (ROOT / "crates" / "meritkit" / "src").rglob("*.rs"):
    for b in re.findall(r'r#"(\s*(?:builtin|unknown|ignore|\[columns\])[^"]*?)"#', p.read_text()):
        put("mapping", p.stem, b)
put("mapping", "own-only", 'builtin = false\nunknown = "ignore"\n\n[columns]\n"Nomor Induk" = "nip"\n"OPD" = "unit"\n"SKP {year}" = "performance_{year}"\n"Potensi" = "potential_score"\n')
put("mapping", "duplicates", '[columns]\n"NIP Baru" = "nip"\n"Predikat {year}" = "performance_{year}"\n"Kinerja {year}" = "performance_{year}"\n"X" = "bogus_field"\n')

# table: selector byte (index in NAMES of fuzz_targets/table.rs) + file bytes
import io, zipfile
NAMES = ["x.xlsx", "x.xlsm", "x.xls", "x.xlsb", "x.ods", "x.csv", "x.tsv", "x.json", "x.jsonl"]


def table(name, ext, data):
    put("table", name, bytes([NAMES.index("x." + ext)]) + data)


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def small_workbook(src, keep_rows, compression):
    """The workbook with only `keep_rows` of its first sheet and the shared strings they use."""
    z = zipfile.ZipFile(src)
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    sst = re.findall(r"<si>.*?</si>", z.read("xl/sharedStrings.xml").decode(), re.S)
    head, rest = sheet.split("<sheetData>", 1)
    body, tail = rest.split("</sheetData>", 1)
    rows = [r for r in re.findall(r"<row .*?</row>", body, re.S) if int(re.search(r'r="(\d+)"', r).group(1)) in keep_rows]
    used, remap = [], {}

    def re_s(m):
        i = int(m.group(2))
        if i not in remap:
            remap[i] = len(used)
            used.append(sst[i])
        return f'{m.group(1)}<v>{remap[i]}</v>'
    rows = [re.sub(r'(<c [^>]*t="s"[^>]*>)<v>(\d+)</v>', re_s, r) for r in rows]
    new_sheet = head + "<sheetData>" + "".join(rows) + "</sheetData>" + tail
    new_sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               f'count="{len(used)}" uniqueCount="{len(used)}">' + "".join(used) + "</sst>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as w:
        for i in z.infolist():
            data = z.read(i.filename)
            if i.filename == "xl/worksheets/sheet1.xml":
                data = new_sheet.encode()
            elif i.filename == "xl/sharedStrings.xml":
                data = new_sst.encode()
            w.writestr(i.filename, data)
    # the same rows as text cells, for CSV seeds
    grid = []
    for r in rows:
        cells = {}
        for m in re.finditer(r'<c r="([A-Z]+)\d+"([^>]*)>(?:<v>([^<]*)</v>)?</c>', r):
            v = m.group(3) or ""
            if 't="s"' in m.group(2):
                v = re.sub(r"<[^>]+>", "", used[int(v)])
            cells[col_index(m.group(1))] = v
        grid.append([cells.get(i, "") for i in range(max(cells) + 1 if cells else 0)])
    return out.getvalue(), grid


sulbar = ROOT / "examples" / "data" / "pegawai_sulbar.xlsx"
keep = set(range(1, 9)) | set(range(1502, 1510))
for comp, tag in ((zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")):
    wb, grid = small_workbook(sulbar, keep, comp)
    table("pegawai-" + tag, "xlsx", wb)
table("pegawai-xlsm", "xlsm", small_workbook(sulbar, set(range(1, 4)), zipfile.ZIP_STORED)[0])
positions_wb = ROOT / "examples" / "data" / "jabatan_target.xlsx"
table("jabatan_target", "xlsx", positions_wb.read_bytes())
table("jabatan_target-stored", "xlsx", small_workbook(positions_wb, set(range(1, 100)), zipfile.ZIP_STORED)[0])
# the positions target reads a zip as `report --positions` reads a workbook, other text as CSV too
put("positions", "jabatan_target-xlsx", positions_wb.read_bytes())
_, pgrid = small_workbook(positions_wb, set(range(1, 100)), zipfile.ZIP_STORED)
put("positions", "jabatan_target-csv", "".join(",".join(c.replace(",", " ") for c in row) + "\n" for row in pgrid))
import csv
for delim, ext, tag in ((",", "csv", "comma"), (";", "csv", "semicolon"), ("\t", "tsv", "tab"), ("|", "csv", "pipe")):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\r\n" if tag == "semicolon" else "\n").writerows(grid)
    text = buf.getvalue()
    table("pegawai-" + tag, ext, ("\ufeff" + text if tag == "semicolon" else text).encode())
# the crafted files of the readers' attacks and the sheets of the tests (each under 64 KB), each with its
# extension's selector: the fuzzer starts from the shapes the attacks found (XLS, XLSB, ODS among them)
for d in ("hostile", "sheets"):
    for p in sorted((ROOT / "crates" / "meritkit-cli" / "tests" / "data" / d).iterdir()):
        if "x" + p.suffix in NAMES:
            table(d + "-" + p.stem.split("--")[0], p.suffix[1:], p.read_bytes())
for stem, fn, req in vectors():
    if fn in ("score", "validate") and req.get("records"):
        recs = req["records"]
        table(stem, "json", json.dumps(recs, indent=1, ensure_ascii=False).encode())
        table(stem, "jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode())

//! Leak test (issue 11): a corpus of bad rows — NIP as a number, a name where
//! a code is expected, a name in the predikat column, a birth date that
//! contradicts the NIP, malformed dates, unknown labels, a row with too many
//! cells — in CSV, JSON, JSONL and XLSX, through every command and output
//! (`score` / `validate` / `succession` as table, JSON and CSV; `report` as
//! HTML and XLSX, plain, `--redact` and `--json-errors`). No NIP, name or
//! birth date of a faulty row, no 8-digit date (`YYYYMMDD` of a NIP or of a
//! birth date) and no input birth date may appear in stdout, stderr or any
//! written file — unless `--show-personal-data` is given, and a control run
//! with that flag shows they then do appear (so the search itself works).
//!
//! Rows that a command reads as valid (a birth-date mismatch is a row error
//! for `score`, but a rule finding for `validate`) are that command's product:
//! their NIP and name may be shown; their birth date still may not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_meritkit"));
    c.env_remove("MERITKIT_REDACT_KEY");
    c
}

fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-leak-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// One bad employee: NIP, name, birth date as written, and the other cells.
struct Bad {
    nip: &'static str,
    name: &'static str,
    birth: &'static str,
    kind: &'static str,
    rank: &'static str,
    predikat: &'static str,
}

const HEAD: [&str; 8] =
    ["nip", "name", "unit", "position_kind", "rank", "birth_date", "performance_2025", "potential_score"];

const CORPUS: [Bad; 7] = [
    // 0: NIP as a number (JSON number, XLSX number cell); in CSV an unknown rank makes it faulty.
    Bad {
        nip: "198503122010011001",
        name: "Budi Santoso",
        birth: "",
        kind: "pengawas",
        rank: "III/x",
        predikat: "Baik",
    },
    // 1: a name where a code is expected
    Bad {
        nip: "197708232003122002",
        name: "Siti Aminah",
        birth: "",
        kind: "Rahmat Hidayat",
        rank: "III/c",
        predikat: "Baik",
    },
    // 2: a name in the predikat column
    Bad {
        nip: "199002172015031003",
        name: "Andi Mappatunru",
        birth: "",
        kind: "pelaksana",
        rank: "II/c",
        predikat: "Nurul Hikmah",
    },
    // 3: birth date contradicts the NIP
    Bad {
        nip: "198702142011012004",
        name: "Dewi Lestari",
        birth: "1986-02-03",
        kind: "administrator",
        rank: "III/d",
        predikat: "Baik",
    },
    // 4: malformed date
    Bad {
        nip: "196912252000031005",
        name: "Yohanes Palimbong",
        birth: "25/12/1969",
        kind: "pengawas",
        rank: "IV/a",
        predikat: "Baik",
    },
    // 5: unknown enumeration label
    Bad {
        nip: "198110302006042006",
        name: "Sitti Hasnah",
        birth: "",
        kind: "pengawas",
        rank: "III/b",
        predikat: "Luar Biasa Sekali",
    },
    // 6: too many cells (CSV / XLSX); an unknown job kind elsewhere
    Bad {
        nip: "199305092019031007",
        name: "Muhammad Arsyad",
        birth: "1993-05-09",
        kind: "direktur_utama",
        rank: "III/a",
        predikat: "Baik",
    },
];

fn cells(b: &Bad) -> Vec<String> {
    vec![
        b.nip.into(),
        b.name.into(),
        "Dinas Pangan".into(),
        b.kind.into(),
        b.rank.into(),
        b.birth.into(),
        b.predikat.into(),
        "80".into(),
    ]
}

fn write_csv(p: &Path) {
    let mut s = HEAD.join(",") + "\n";
    for (i, b) in CORPUS.iter().enumerate() {
        s.push_str(&cells(b).join(","));
        if i == 6 {
            s.push_str(",surplus,cells");
        }
        s.push('\n');
    }
    std::fs::write(p, s).unwrap();
}

fn record(i: usize, b: &Bad) -> serde_json::Value {
    let mut v = serde_json::json!({"nip": b.nip, "name": b.name, "unit": "Dinas Pangan", "position": {"kind": b.kind}, "rank": b.rank,
        "performance": [{"year": 2025, "predikat": b.predikat}], "potential_score": 80});
    if !b.birth.is_empty() {
        v["birth_date"] = b.birth.into();
    }
    if i == 0 {
        v["nip"] = serde_json::json!(198503122010011001u64);
    }
    if i == 6 {
        v["gaji"] = "Rp 9.000.000".into();
    }
    v
}

fn write_json(p: &Path) {
    let v: Vec<serde_json::Value> = CORPUS.iter().enumerate().map(|(i, b)| record(i, b)).collect();
    std::fs::write(p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

fn write_jsonl(p: &Path) {
    let mut s = String::new();
    for (i, b) in CORPUS.iter().enumerate() {
        s.push_str(&record(i, b).to_string());
        s.push('\n');
    }
    // and a broken line holding a NIP and a name
    s.push_str("{\"nip\": \"198503122010011001\", \"name\": \"Budi Santoso\", \"unit\": \n");
    std::fs::write(p, s).unwrap();
}

fn write_xlsx(p: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Pegawai").unwrap();
    for (j, h) in HEAD.iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for (i, b) in CORPUS.iter().enumerate() {
        let r = i as u32 + 1;
        for (j, c) in cells(b).iter().enumerate() {
            if j == 0 && i == 0 {
                ws.write_number(r, 0, 198503122010011001.0).unwrap();
            } else if j == 7 {
                ws.write_number(r, 7, 80.0).unwrap();
            } else if !c.is_empty() {
                ws.write_string(r, j as u16, c).unwrap();
            }
        }
        if i == 6 {
            ws.write_string(r, 8, "surplus").unwrap();
        }
    }
    wb.save(p).unwrap();
}

/// The text of every part of a written XLSX (shared strings, sheets, ...).
fn xlsx_text(p: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        let _ = f.read_to_string(&mut s);
        all.push_str(&s);
    }
    all
}

/// What must not appear for the given rows (faulty rows: NIP, name, the NIP's
/// `YYYYMMDD`; every row: the birth date as written and as `YYYYMMDD`).
fn secrets(faulty: &BTreeSet<usize>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, b) in CORPUS.iter().enumerate() {
        if faulty.contains(&i) {
            out.push(b.nip.to_string());
            out.push(b.name.to_string());
            out.push(b.nip[..8].to_string());
            out.push(b.nip[8..].to_string());
        }
        if !b.birth.is_empty() {
            out.push(b.birth.to_string());
            let digits: String = b.birth.chars().filter(char::is_ascii_digit).collect();
            out.push(digits.clone());
            if b.birth.contains('/') {
                // DD/MM/YYYY → YYYYMMDD
                out.push(format!("{}{}{}", &digits[4..], &digits[2..4], &digits[..2]));
            }
        }
    }
    out
}

struct Run {
    label: String,
    text: String,
}

fn run(label: &str, args: &[&str], files: &[&Path]) -> Run {
    for f in files {
        let _ = std::fs::remove_file(f);
    }
    let out = bin().args(args).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(matches!(code, 0 | 2 | 3), "{label}: exit {code}");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    for f in files {
        if f.extension().is_some_and(|e| e == "xlsx") {
            if f.exists() {
                text.push_str(&xlsx_text(f));
            }
        } else if let Ok(s) = std::fs::read_to_string(f) {
            text.push_str(&s);
        }
    }
    Run { label: label.to_string(), text }
}

/// Rows a command returned as results (its product), from its JSON answer.
fn result_rows(args: &[&str]) -> BTreeSet<usize> {
    let out = bin().args(args).args(["--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut rows = BTreeSet::new();
    for r in v["results"].as_array().into_iter().flatten() {
        rows.insert(r["row"].as_u64().unwrap() as usize);
    }
    for p in v["positions"].as_array().into_iter().flatten() {
        for c in p["candidates"].as_array().into_iter().flatten() {
            let nip = c["nip"].as_str().unwrap_or_default();
            if let Some(i) = CORPUS.iter().position(|b| b.nip == nip) {
                rows.insert(i);
            }
        }
    }
    rows
}

fn faulty(product: &BTreeSet<usize>) -> BTreeSet<usize> {
    (0..CORPUS.len()).filter(|i| !product.contains(i)).collect()
}

fn assert_clean(r: &Run, faulty: &BTreeSet<usize>) {
    for s in secrets(faulty) {
        assert!(!r.text.contains(&s), "{}: `{s}` leaked:\n{}", r.label, r.text.chars().take(6000).collect::<String>());
    }
}

/// Every command and output on one input file.
fn leak_check(tag: &str, write: fn(&Path), ext: &str) {
    let d = dir(tag);
    let input = d.join(format!("pegawai.{ext}"));
    write(&input);
    let positions = d.join("jabatan.json");
    std::fs::write(&positions, serde_json::to_string(&meritkit::generate::demo_positions()).unwrap()).unwrap();
    let i = input.to_str().unwrap();
    let pos = positions.to_str().unwrap();
    let date = "2026-01-02";
    let out_file = d.join("out.txt");
    let o = out_file.to_str().unwrap();

    let score: Vec<&str> = vec!["score", "--input", i, "--date", date];
    let validate: Vec<&str> = vec!["validate", "--input", i, "--rules", "data_quality", "--date", date];
    let succession: Vec<&str> = vec!["succession", "--input", i, "--positions", pos, "--date", date];
    let scored = result_rows(&score);
    let validated = result_rows(&validate);
    assert!(scored.len() < CORPUS.len(), "{tag}: the corpus must hold faulty rows for score");
    for (cmd, product) in [(&score, &scored), (&validate, &validated), (&succession, &scored)] {
        let bad = faulty(product);
        for lang in ["id", "en"] {
            for format in ["table", "json", "csv"] {
                let mut args = cmd.clone();
                args.extend(["--format", format, "--lang", lang, "--output", o]);
                let r = run(&format!("{tag} {} --format {format} --lang {lang}", cmd[0]), &args, &[&out_file]);
                assert_clean(&r, &bad);
                let mut args = cmd.clone();
                args.extend(["--format", format, "--lang", lang]);
                let r = run(&format!("{tag} {} --format {format} --lang {lang} (stdout)", cmd[0]), &args, &[]);
                assert_clean(&r, &bad);
            }
        }
    }
    // report: HTML + XLSX, plain / redacted / --json-errors, with and without positions
    let product: BTreeSet<usize> = scored.union(&validated).copied().collect();
    let bad = faulty(&product);
    let html = d.join("laporan.html");
    let xlsx = d.join("laporan.xlsx");
    let (h, x) = (html.to_str().unwrap(), xlsx.to_str().unwrap());
    for extra in [
        vec![],
        vec!["--redact", "--redact-key", "kunci"],
        vec!["--json-errors"],
        vec!["--positions", pos],
        vec!["--positions", pos, "--redact", "--redact-key", "kunci", "--json-errors"],
        vec!["--lang", "en"],
    ] {
        let mut args = vec!["report", "--input", i, "--output", h, "--xlsx", x, "--date", date];
        args.extend(extra.iter().copied());
        let r = run(&format!("{tag} report {}", extra.join(" ")), &args, &[&html, &xlsx]);
        // redacted reports hide the product too: every row's NIP and name
        let all: BTreeSet<usize> = (0..CORPUS.len()).collect();
        assert_clean(&r, if extra.contains(&"--redact") { &all } else { &bad });
    }

    // Control: with --show-personal-data the NIPs of faulty rows do appear.
    let mut args = score.clone();
    args.extend(["--format", "json", "--show-personal-data"]);
    let r = run(&format!("{tag} score --show-personal-data"), &args, &[]);
    let shown = faulty(&scored).iter().filter(|&&k| r.text.contains(CORPUS[k].nip)).count();
    assert!(shown >= 3, "{tag}: the control run shows only {shown} faulty NIPs:\n{}", r.text);
    let mut args = vec!["report", "--input", i, "--output", h, "--date", date, "--show-personal-data"];
    args.extend(["--lang", "en"]);
    let r = run(&format!("{tag} report --show-personal-data"), &args, &[&html]);
    assert!(faulty(&scored).iter().any(|&k| r.text.contains(CORPUS[k].nip)), "{tag}: control report shows no NIP");
}

#[test]
fn no_personal_data_from_csv() {
    leak_check("csv", write_csv, "csv");
}

#[test]
fn no_personal_data_from_json() {
    leak_check("json", write_json, "json");
}

#[test]
fn no_personal_data_from_jsonl() {
    leak_check("jsonl", write_jsonl, "jsonl");
}

#[test]
fn no_personal_data_from_xlsx() {
    leak_check("xlsx", write_xlsx, "xlsx");
}

/// Values typed where a name was expected, and values in files other than the
/// data: an unknown preset given to `--policy`; a positions sheet whose header
/// and `Jenis Jabatan` cell hold a name and a NIP; an `attribute_in` rule over
/// an attribute that holds a name. None is repeated in any output.
#[test]
fn no_value_from_names_positions_sheets_or_rule_reasons() {
    let d = dir("config");
    let date = "2026-01-02";
    let nips = ["199002172015031003", "199305092019031007", "198110302006042006"];
    let places = ["Rahmat Hidayat", "Mamuju", "198503122010011001"];
    let records: Vec<serde_json::Value> = (0..3)
        .map(|i| {
            let (nip, place) = (nips[i], places[i]);
            serde_json::json!({"nip": nip, "name": format!("Pegawai {i}"),
                "unit": "Dinas Pangan", "position": {"kind": "pelaksana"}, "rank": "II/c",
                "performance": [{"year": 2025, "predikat": "Baik"}], "potential_score": 80,
                "attributes": {"lokasi_tugas": place}})
        })
        .collect();
    let input = d.join("pegawai.json");
    std::fs::write(&input, serde_json::to_string(&records).unwrap()).unwrap();
    let i = input.to_str().unwrap();
    let secrets = ["Rahmat Hidayat", "198503122010011001", "Budi Santoso", "Siti Aminah", "197708232003"];
    let clean = |r: &Run| {
        for s in secrets {
            assert!(!r.text.contains(s), "{}: `{s}` leaked:\n{}", r.label, r.text);
        }
    };
    // 1. an unknown preset name (exit 2, not repeated)
    for p in ["Budi Santoso", "198503122010011001"] {
        for lang in ["id", "en"] {
            let r = run(
                &format!("score --policy {p} --lang {lang}"),
                &["score", "--input", i, "--date", date, "--policy", p, "--lang", lang],
                &[],
            );
            clean(&r);
            assert!(r.text.contains("permenpanrb_3_2020"), "the presets are listed: {}", r.text);
        }
    }
    // 2. a positions sheet with a name in a header and a NIP / name in the kind column
    let pos = d.join("jabatan.csv");
    std::fs::write(&pos, "Kode,Jabatan,Budi Santoso,Jenis Jabatan\nJ1,Kepala Seksi,x,Siti Aminah\nJ2,Kepala Bidang,y,197708232003122002\n").unwrap();
    let p = pos.to_str().unwrap();
    let html = d.join("laporan.html");
    let h = html.to_str().unwrap();
    // (`report` reads positions sheets; `succession --positions` reads JSON)
    for lang in ["id", "en"] {
        for extra in [&[][..], &["--json-errors"][..], &["--redact", "--redact-key", "kunci-rahasia-16b"][..]] {
            let mut args =
                vec!["report", "--input", i, "--positions", p, "--output", h, "--date", date, "--lang", lang];
            args.extend(extra);
            let r = run(&format!("report positions sheet {lang} {}", extra.join(" ")), &args, &[&html]);
            clean(&r);
            assert!(
                r.text.contains("C1") && r.text.contains("D2") && r.text.contains("D3"),
                "the cells are named: {}",
                r.text
            );
        }
    }
    // 3. an attribute_in rule: the reason says whether the value is listed, not the value
    let rules = d.join("lokal.toml");
    std::fs::write(&rules, "name = \"lokal\"\nversion = \"1\"\nimplements = \"Perbup 1/2026\"\n[[rules]]\nid = \"lokasi\"\ncitation = \"Perbup 1/2026 Ps. 1\"\nseverity = \"error\"\nmessage = { en = \"duty station {actual}; required {expected}\", id = \"lokasi tugas {actual}; syarat {expected}\" }\nwhen = { kind = \"attribute_in\", key = \"lokasi_tugas\", values = [\"Mamuju\", \"Majene\"] }\n").unwrap();
    let rf = rules.to_str().unwrap();
    for lang in ["id", "en"] {
        for format in ["table", "json", "csv"] {
            let r = run(
                &format!("validate attribute_in {format} {lang}"),
                &["validate", "--input", i, "--rules", rf, "--date", date, "--format", format, "--lang", lang],
                &[],
            );
            clean(&r);
            assert!(r.text.contains("lokasi"), "the rule ran: {}", r.text);
        }
    }
}

/// A redacted report's audit trail, origins and cell references name the
/// input, positions and mapping files by extension and keyed hash, and the
/// sheet by its position, never by the names they were given (a file or
/// sheet is often named after the person: `siti_<NIP>.xlsx`, sheet
/// `Siti Aminah 19850315`) — in HTML, XLSX and `--json-errors`; with
/// `--show-personal-data` the names are shown (so the search itself works).
#[test]
fn redacted_report_names_files_by_hash_and_sheets_by_position() {
    let d = dir("names");
    let sheet = "Siti Aminah 19850315";
    let input = d.join("siti_198503152010011001.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Kosong").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let head = ["nip", "name", "unit", "position_kind", "rank", "performance_2025", "potential_score"];
    let rows = [
        ["199002172015031003", "Pegawai Satu", "Dinas A", "pelaksana", "II/c", "Baik", "80"],
        ["199305092019031007", "Pegawai Dua", "Dinas A", "pelaksana", "II/c", "Luar biasa sekali", "80"],
    ];
    for (j, h) in head.iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            ws.write_string(i as u32 + 1, j as u16, *c).unwrap();
        }
    }
    wb.save(&input).unwrap();
    let pos = d.join("jabatan_198503152010011001.json");
    std::fs::write(&pos, r#"[{"id":"J1","title":"Kepala Seksi","unit":"Dinas A","kind":"pengawas"}]"#).unwrap();
    let (i, p) = (input.to_str().unwrap(), pos.to_str().unwrap());
    let (html, xlsx) = (d.join("laporan.html"), d.join("laporan.xlsx"));
    let (h, x) = (html.to_str().unwrap(), xlsx.to_str().unwrap());
    let secrets = ["Siti", "19850315", "198503152010011001"];
    for lang in ["id", "en"] {
        let label = if lang == "id" { "lembar 2" } else { "sheet 2" };
        for extra in [&[][..], &["--json-errors"][..]] {
            let mut args = vec!["report", "-i", i, "--positions", p, "-o", h, "--xlsx", x, "--date", "2026-01-02"];
            args.extend(["--lang", lang, "--redact", "--redact-key", "kunci-rahasia-16b"]);
            args.extend(extra);
            let r = run(&format!("redacted report {lang} {}", extra.join(" ")), &args, &[&html, &xlsx]);
            for s in secrets {
                assert!(!r.text.contains(s), "{}: `{s}` leaked:\n{}", r.label, r.text);
            }
            assert!(r.text.contains(&format!("{label}!3")), "{}: the error row's origin is by position", r.label);
            assert!(r.text.contains(&format!(">{label}<")), "{}: the audit names the sheet by position", r.label);
            let files = r.text.match_indices("file-").filter(|(k, _)| r.text[k + 15..].starts_with(".xlsx")).count();
            assert!(files > 0 && r.text.contains(".json"), "{}: the files by extension and hash", r.label);
        }
        // the control: with --show-personal-data the names are there
        let args = ["report", "-i", i, "--positions", p, "-o", h, "--date", "2026-01-02", "--lang", lang];
        let mut c = bin();
        c.args(args).args(["--redact", "--redact-key", "kunci-rahasia-16b", "--show-personal-data"]);
        assert!(matches!(c.output().unwrap().status.code(), Some(3)));
        let text = std::fs::read_to_string(&html).unwrap();
        assert!(text.contains(sheet) && text.contains("siti_198503152010011001.xlsx"), "control run");
    }
}

//! End-to-end tests of `meritkit report` / `meritkit score` on spreadsheet and
//! CSV inputs with Indonesian headers, their input errors, redaction and the
//! self-contained HTML page. Fixtures are generated here (rust_xlsxwriter) from
//! the core's fictional population, so every expected value is independent of
//! the reader under test: the JSON file of the same records is the reference.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::flat::Cell;
use meritkit::mapping::{flatten_employee, indonesian_header};
use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const DATE: &str = "2026-01-02";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_meritkit"));
    c.env_remove("MERITKIT_REDACT_KEY");
    c
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-report-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let o = bin().args(args).output().unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into(),
        stderr: String::from_utf8_lossy(&o.stderr).into(),
    }
}

/// Fixture: 60 fictional employees plus two bad rows, as flat (column, cell) rows.
fn fixture_rows() -> Vec<Vec<(String, Cell)>> {
    let pop =
        meritkit::generate::population(&meritkit::generate::Options { count: 60, seed: 77, ..Default::default() });
    let mut rows: Vec<Vec<(String, Cell)>> = pop.iter().map(|e| flatten_employee(e).0).collect();
    // A 17-digit NIP and a competency level 7: each must come back as a row error.
    let mut bad = rows[0].clone();
    bad.iter_mut().filter(|(c, _)| c == "nip").for_each(|(_, v)| *v = Cell::Str("19850315201001100".into()));
    rows.push(bad);
    let mut bad = rows[1].clone();
    bad.iter_mut().filter(|(c, _)| c == "competency_integritas").for_each(|(_, v)| *v = Cell::Num(7.0));
    // a NIP of its own (serial 999): a repeated NIP would make it a duplicate_nip row
    for (c, v) in bad.iter_mut() {
        if let (true, Cell::Str(n)) = (c == "nip", &*v) {
            *v = Cell::Str(format!("{}999", &n[..15]));
        }
    }
    rows.push(bad);
    rows
}

fn columns(rows: &[Vec<(String, Cell)>]) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    for r in rows {
        for (c, _) in r {
            if !cols.contains(c) {
                cols.push(c.clone());
            }
        }
    }
    cols
}

/// Indonesian header in varying case and spacing, as agencies type them.
fn messy_header(flat: &str, i: usize) -> String {
    let h = indonesian_header(flat);
    match i % 3 {
        0 => h.to_uppercase(),
        1 => format!(" {} ", h.replace(' ', "  ")),
        _ => h.to_lowercase(),
    }
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Str(s) => s.clone(),
        Cell::Num(x) => x.to_string(),
        Cell::Bool(b) => b.to_string(),
    }
}

fn get<'a>(r: &'a [(String, Cell)], c: &str) -> Option<&'a Cell> {
    r.iter().find(|(k, _)| k == c).map(|(_, v)| v)
}

fn write_json(rows: &[Vec<(String, Cell)>], path: &Path) {
    // The reference: the same records written as JSON by hand from the flat cells.
    let cols = columns(rows);
    let layout = meritkit::flat::FlatLayout::new(&cols).unwrap();
    let vals: Vec<Value> = rows
        .iter()
        .map(|r| layout.to_value(&cols.iter().map(|c| get(r, c).cloned().unwrap_or(Cell::Null)).collect::<Vec<_>>()))
        .collect();
    std::fs::write(path, serde_json::to_string_pretty(&vals).unwrap()).unwrap();
}

fn write_xlsx(rows: &[Vec<(String, Cell)>], path: &Path) {
    let cols = columns(rows);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Pegawai").unwrap();
    // A title row and an empty row above the table, a "No" column: common in agency sheets.
    ws.write_string(0, 0, "DAFTAR PEGAWAI (DATA FIKTIF)").unwrap();
    ws.write_string(2, 0, "No").unwrap();
    for (j, c) in cols.iter().enumerate() {
        ws.write_string(2, j as u16 + 1, messy_header(c, j)).unwrap();
    }
    let text = Format::new().set_num_format("@");
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 3;
        ws.write_number(row, 0, (i + 1) as f64).unwrap();
        for (j, c) in cols.iter().enumerate() {
            match get(r, c) {
                Some(Cell::Str(s)) => {
                    ws.write_string_with_format(row, j as u16 + 1, s, &text).unwrap();
                }
                Some(Cell::Num(x)) => {
                    ws.write_number(row, j as u16 + 1, *x).unwrap();
                }
                _ => {}
            }
        }
    }
    wb.save(path).unwrap();
}

fn write_csv(rows: &[Vec<(String, Cell)>], path: &Path, delim: u8, bom: bool) {
    let cols = columns(rows);
    let mut w = csv::WriterBuilder::new().delimiter(delim).from_writer(Vec::new());
    w.write_record(cols.iter().enumerate().map(|(j, c)| messy_header(c, j + 1))).unwrap();
    for r in rows {
        w.write_record(cols.iter().map(|c| get(r, c).map(cell_text).unwrap_or_default())).unwrap();
    }
    let mut bytes = if bom { vec![0xEF, 0xBB, 0xBF] } else { vec![] };
    bytes.extend(w.into_inner().unwrap());
    std::fs::write(path, bytes).unwrap();
}

fn score_json(input: &Path) -> Value {
    let r = run(&["score", "--input", input.to_str().unwrap(), "--format", "json", "--date", DATE]);
    assert!(r.code == 0 || r.code == 3, "score failed on {}: {}", input.display(), r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn xlsx_and_csv_with_indonesian_headers_score_exactly_like_json() {
    let d = tmp("roundtrip");
    let rows = fixture_rows();
    write_json(&rows, &d.join("pegawai.json"));
    write_xlsx(&rows, &d.join("pegawai.xlsx"));
    write_csv(&rows, &d.join("pegawai_semicolon_bom.csv"), b';', true);
    write_csv(&rows, &d.join("pegawai_tab.csv"), b'\t', false);
    write_csv(&rows, &d.join("pegawai_pipe.csv"), b'|', false);
    write_csv(&rows, &d.join("pegawai_comma.csv"), b',', true);
    let reference = score_json(&d.join("pegawai.json"));
    assert_eq!(reference["results"].as_array().unwrap().len(), 60);
    let codes: Vec<&str> =
        reference["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["nip_format", "competency_level_out_of_range"]);
    for f in ["pegawai.xlsx", "pegawai_semicolon_bom.csv", "pegawai_tab.csv", "pegawai_pipe.csv", "pegawai_comma.csv"] {
        let got = score_json(&d.join(f));
        assert_eq!(got["results"], reference["results"], "{f}: results differ from JSON");
        // Equal but for `origin`, the row's place in each file (issue 11: errors name the row by position).
        let strip = |v: &Value| -> Vec<Value> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    e.as_object_mut().unwrap().remove("origin");
                    e
                })
                .collect()
        };
        assert_eq!(strip(&got["errors"]), strip(&reference["errors"]), "{f}: errors differ from JSON");
        assert!(
            got["errors"][0]["origin"].as_str().is_some_and(|o| o != reference["errors"][0]["origin"]),
            "{f}: origin names the file position"
        );
        assert_eq!(got["summary"], reference["summary"], "{f}: summary differs from JSON");
    }
}

fn report(args: &[&str]) -> Run {
    let mut a = vec!["report", "--date", DATE];
    a.extend_from_slice(args);
    run(&a)
}

fn json_errors(r: &Run) -> Value {
    let line = r
        .stderr
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON on stderr: {}", r.stderr));
    serde_json::from_str(line).unwrap()
}

fn small_xlsx(path: &Path, build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Pegawai").unwrap();
    build(ws);
    wb.save(path).unwrap();
}

const HEAD: [&str; 6] = ["NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Predikat Kinerja 2025", "Nilai Potensi"];
const ROW1: [&str; 6] =
    ["198503152010011002", "Andi Mappatunru", "Dinas Pangan", "Administrator", "Sangat Baik", "91.5"];
const ROW2: [&str; 6] = ["199001012015031004", "Sitti Hasnah", "Dinas Pangan", "Pelaksana", "Baik", "60"];

fn put(ws: &mut rust_xlsxwriter::Worksheet, r: u32, cells: &[&str]) {
    for (j, c) in cells.iter().enumerate() {
        match c.parse::<f64>() {
            Ok(x) if c.len() < 10 => ws.write_number(r, j as u16, x).unwrap(),
            _ => ws.write_string(r, j as u16, *c).unwrap(),
        };
    }
}

#[test]
fn unknown_and_duplicate_headers_are_errors_naming_the_cell() {
    let d = tmp("headers");
    let f = d.join("a.xlsx");
    small_xlsx(&f, |ws| {
        put(ws, 0, &["NIP", "Nama", "Hobi", "Unit Kerja", "NIP Baru", "Jenis Jabatan"]);
        put(ws, 1, &["198503152010011002", "Andi", "catur", "Dinas Pangan", "198503152010011002", "Pengawas"]);
    });
    let r = report(&["--input", f.to_str().unwrap(), "--output", d.join("o.html").to_str().unwrap(), "--json-errors"]);
    assert_eq!(r.code, 2);
    let v = json_errors(&r);
    let ps = v["error"]["problems"].as_array().unwrap();
    assert_eq!(ps.len(), 2, "{v}");
    assert_eq!(ps[0]["code"], "unknown_column");
    assert_eq!(ps[0]["path"], "Pegawai!C1");
    assert!(ps[0]["message"]["id"].as_str().unwrap().contains("Hobi"));
    assert_eq!(ps[1]["code"], "duplicate_column");
    assert_eq!(ps[1]["path"], "Pegawai!E1");
    assert!(!d.join("o.html").exists(), "no report from unusable input");
    // Human-readable, both languages.
    let r = report(&["--input", f.to_str().unwrap(), "--output", d.join("o.html").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("judul kolom `Hobi` tidak dikenal"), "{}", r.stderr);
    let r = run(&[
        "--lang",
        "en",
        "report",
        "--input",
        f.to_str().unwrap(),
        "--output",
        d.join("o.html").to_str().unwrap(),
    ]);
    assert!(r.stderr.contains("unknown header `Hobi`"), "{}", r.stderr);

    // A column mapping makes the same sheet usable.
    let m = d.join("pemetaan.toml");
    std::fs::write(&m, "ignore = [\"Hobi\", \"NIP Baru\"]\n").unwrap();
    let r = report(&[
        "--input",
        f.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--output",
        d.join("o.html").to_str().unwrap(),
        "-q",
    ]);
    // Usable now; the one row has no appraisal year, so it is a row error (missing_performance).
    assert_eq!(r.code, 3, "{}", r.stderr);
    let html = std::fs::read_to_string(d.join("o.html")).unwrap();
    assert!(html.contains("pemetaan.toml"));
}

/// Rewrites a workbook so that the formula in `cell` has no cached value, as
/// files written by scripts (and never opened in Excel) have.
fn drop_cached_value(path: &Path, cell: &str) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut done = false;
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
            let end = start + xml[start..].find("</c>").unwrap();
            let v = start + xml[start..end].find("<v>").unwrap();
            let fixed = format!("{}{}", &xml[..v], &xml[end..]);
            assert!(fixed[start..].starts_with(&format!("<c r=\"{cell}\"><f>")));
            data = fixed.into_bytes();
            done = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(done);
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn merged_cells_formulas_without_values_and_numeric_nips_are_row_errors() {
    let d = tmp("cells");
    let f = d.join("a.xlsx");
    small_xlsx(&f, |ws| {
        put(ws, 0, &HEAD);
        put(ws, 1, &ROW1);
        put(ws, 2, &ROW2);
        put(ws, 3, &["198806102014021001", "Rahmat Salili", "Dinas Pangan", "Pengawas", "Baik", "70"]);
        put(ws, 4, &["199105052016041001", "Nurul Karim", "Dinas Pangan", "Pengawas", "Baik", "75"]);
        // Unit merged over rows 2-3 (C2:C3): row 3's unit is empty in the file.
        ws.merge_range(1, 2, 2, 2, "Dinas Pangan", &Format::new()).unwrap();
        // A formula never calculated: its cached value is removed below.
        ws.write_formula(3, 5, Formula::new("=AVERAGE(F2:F3)")).unwrap();
        // A NIP typed as a number: Excel keeps 15 digits.
        ws.write_number(4, 0, 199105052016041001.0).unwrap();
    });
    drop_cached_value(&f, "F4");
    let r = report(&["--input", f.to_str().unwrap(), "--output", d.join("o.html").to_str().unwrap(), "--json-errors"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let v = json_errors(&r);
    let errs = v["errors"].as_array().unwrap();
    let find = |code: &str| errs.iter().find(|e| e["code"] == code).unwrap_or_else(|| panic!("no {code} in {v}"));
    assert_eq!(find("merged_cells")["path"], "Pegawai!C3");
    assert_eq!(find("merged_cells")["origin"], "Pegawai!3");
    assert_eq!(find("formula_without_value")["path"], "Pegawai!F4");
    assert_eq!(find("invalid_type")["path"], "Pegawai!A5");
    assert_eq!(v["placed"], 1);
    assert_eq!(v["warnings"][0]["code"], "merged_cells");
    // NIPs never in stderr without --show-personal-data.
    assert!(!r.stderr.contains("199001012015031004"), "{}", r.stderr);
    let r = report(&["--input", f.to_str().unwrap(), "--output", d.join("o.html").to_str().unwrap()]);
    assert!(!r.stderr.contains("199001012015031004") && !r.stderr.contains("Sitti"), "{}", r.stderr);
    let r = report(&[
        "--input",
        f.to_str().unwrap(),
        "--output",
        d.join("o.html").to_str().unwrap(),
        "--show-personal-data",
    ]);
    assert!(r.stderr.contains("199001012015031004"), "{}", r.stderr);

    // Merged cells in the header row: unusable.
    let g = d.join("b.xlsx");
    small_xlsx(&g, |ws| {
        put(ws, 1, &ROW1);
        ws.merge_range(0, 0, 0, 1, "NIP", &Format::new()).unwrap();
        put(ws, 0, &["NIP"]);
        for (j, h) in HEAD.iter().enumerate().skip(2) {
            ws.write_string(0, j as u16, *h).unwrap();
        }
    });
    let r = report(&["--input", g.to_str().unwrap(), "--output", d.join("o.html").to_str().unwrap(), "--json-errors"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v = json_errors(&r);
    assert_eq!(v["error"]["code"], "merged_cells");
    assert_eq!(v["error"]["problems"][0]["path"], "Pegawai!A1:B1");
}

#[test]
fn empty_sheets_are_errors() {
    let d = tmp("empty");
    let out = d.join("o.html");
    let f = d.join("kosong.xlsx");
    small_xlsx(&f, |_| {});
    let r = report(&["--input", f.to_str().unwrap(), "--output", out.to_str().unwrap(), "--json-errors"]);
    assert_eq!(r.code, 2);
    assert_eq!(json_errors(&r)["error"]["code"], "empty_sheet");
    let f = d.join("judul_saja.xlsx");
    small_xlsx(&f, |ws| put(ws, 0, &HEAD));
    let r = report(&["--input", f.to_str().unwrap(), "--output", out.to_str().unwrap(), "--json-errors"]);
    assert_eq!(r.code, 2);
    let v = json_errors(&r);
    assert_eq!(v["error"]["code"], "empty_sheet");
    assert_eq!(v["error"]["problems"][0]["path"], "Pegawai!1");
    // A named sheet that is not there.
    let r = report(&[
        "--input",
        f.to_str().unwrap(),
        "--sheet",
        "Data",
        "--output",
        out.to_str().unwrap(),
        "--json-errors",
    ]);
    assert_eq!(r.code, 2);
    assert!(json_errors(&r)["error"]["problems"][0]["message"]["en"].as_str().unwrap().contains("Pegawai"));
    // CSV with a header only.
    let c = d.join("a.csv");
    std::fs::write(&c, "NIP;Nama;Unit Kerja\n").unwrap();
    let r = report(&["--input", c.to_str().unwrap(), "--output", out.to_str().unwrap(), "--json-errors"]);
    assert_eq!(json_errors(&r)["error"]["code"], "empty_sheet");
}

#[test]
fn other_encodings_are_named() {
    let d = tmp("enc");
    let out = d.join("o.html");
    let text = format!("{}\n{}\n", HEAD.join(";"), ROW1.join(";"));
    // UTF-16LE with BOM, as Excel's "Unicode Text" saves it.
    let mut u16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        u16.extend(unit.to_le_bytes());
    }
    let f = d.join("utf16.csv");
    std::fs::write(&f, &u16).unwrap();
    let r = report(&["--input", f.to_str().unwrap(), "--output", out.to_str().unwrap(), "--json-errors"]);
    assert_eq!(r.code, 2);
    let v = json_errors(&r);
    assert_eq!(v["error"]["code"], "unsupported_encoding");
    assert!(v["error"]["problems"][0]["message"]["en"].as_str().unwrap().contains("UTF-16LE"));
    // Windows-1252 ("Mandâr" with â = 0xE2 alone).
    let f = d.join("ansi.csv");
    let mut bytes = format!("{}\n", HEAD.join(";")).into_bytes();
    bytes.extend(b"198503152010011002;Andi Mand\xE2r;Dinas Pangan;Administrator;Sangat Baik;91.5\n");
    std::fs::write(&f, &bytes).unwrap();
    let r = report(&["--input", f.to_str().unwrap(), "--output", out.to_str().unwrap(), "--json-errors"]);
    let v = json_errors(&r);
    assert_eq!(v["error"]["code"], "unsupported_encoding");
    assert_eq!(v["error"]["problems"][0]["path"], "line 2");
    assert!(v["error"]["problems"][0]["message"]["id"].as_str().unwrap().contains("Windows-1252"));
}

fn xlsx_strings(path: &Path) -> String {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(path).unwrap();
    let mut s = String::new();
    for n in wb.sheet_names() {
        let r = wb.worksheet_range(&n).unwrap();
        for (_, _, c) in r.used_cells() {
            s.push_str(&c.to_string());
            s.push('\n');
        }
    }
    s
}

#[test]
fn redacted_outputs_hold_no_nip_or_name() {
    let d = tmp("redact");
    let rows = fixture_rows();
    let f = d.join("pegawai.xlsx");
    write_xlsx(&rows, &f);
    let (html, xlsx) = (d.join("r.html"), d.join("r.xlsx"));
    // Without a key: refused.
    let r = report(&["--input", f.to_str().unwrap(), "--output", html.to_str().unwrap(), "--redact"]);
    assert_eq!(r.code, 2);
    let p = d.join("jabatan.json");
    std::fs::write(
        &p,
        r#"[{"id":"JT-1","title":"Kepala Dinas Pangan","unit":"Dinas Pangan","kind":"jpt_pratama","critical":true},
        {"id":"JT-2","title":"Kepala Seksi Distribusi","unit":"Dinas Pangan","kind":"pengawas"}]"#,
    )
    .unwrap();
    let run1 = report(&[
        "--input",
        f.to_str().unwrap(),
        "--positions",
        p.to_str().unwrap(),
        "--output",
        html.to_str().unwrap(),
        "--xlsx",
        xlsx.to_str().unwrap(),
        "--redact",
        "--redact-key",
        "kunci-uji-laporan-2026",
    ]);
    assert_eq!(run1.code, 3, "{}", run1.stderr);
    let page = std::fs::read_to_string(&html).unwrap();
    let book = xlsx_strings(&xlsx);
    let mut checked = 0;
    for r in &rows {
        for c in ["nip", "name"] {
            let Some(Cell::Str(v)) = get(r, c) else { continue };
            assert!(!page.contains(v.as_str()), "{c} visible in the redacted HTML");
            assert!(!book.contains(v.as_str()), "{c} visible in the redacted workbook");
            assert!(!run1.stderr.contains(v.as_str()), "{c} in stderr");
            checked += 1;
        }
    }
    assert!(checked >= 120);
    assert!(page.contains("ASN-"), "pseudonyms shown");
    // Same key, same pseudonyms; the unredacted report does show the NIPs (the check can fail).
    let html2 = d.join("r2.html");
    report(&[
        "--input",
        f.to_str().unwrap(),
        "--positions",
        p.to_str().unwrap(),
        "--output",
        html2.to_str().unwrap(),
        "--redact",
        "--redact-key",
        "kunci-uji-laporan-2026",
        "-q",
    ]);
    let pseudo = |p: &str| -> Vec<String> { p.match_indices("ASN-").map(|(i, _)| p[i..i + 14].to_string()).collect() };
    assert_eq!(pseudo(&page), pseudo(&std::fs::read_to_string(&html2).unwrap()));
    let html3 = d.join("r3.html");
    report(&[
        "--input",
        f.to_str().unwrap(),
        "--positions",
        p.to_str().unwrap(),
        "--output",
        html3.to_str().unwrap(),
        "-q",
    ]);
    let plain = std::fs::read_to_string(&html3).unwrap();
    let scores = score_json(&f);
    let member = scores["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| !r["talent_pool"].as_array().unwrap().is_empty())
        .unwrap();
    assert!(plain.contains(member["nip"].as_str().unwrap()), "pool member's NIP shown when not redacted");
    assert!(plain.contains(member["name"].as_str().unwrap()));
    // The faulty row is named by its cell, not its NIP (issue 11), unless --show-personal-data.
    assert!(!plain.contains("19850315201001100"), "the bad row's NIP is not listed under data quality");
    report(&["--input", f.to_str().unwrap(), "--output", html3.to_str().unwrap(), "-q", "--show-personal-data"]);
    assert!(std::fs::read_to_string(&html3).unwrap().contains("19850315201001100"), "with --show-personal-data it is");
    assert!(page.contains("nip_format"));
}

#[test]
fn the_xlsx_report_is_reproducible_under_source_date_epoch() {
    // docProps/core.xml held the writer's clock: two runs a second apart differed
    let d = tmp("epoch");
    let f = d.join("pegawai.xlsx");
    write_xlsx(&fixture_rows(), &f);
    let book = |name: &str| {
        let x = d.join(name);
        let o = bin()
            .env("SOURCE_DATE_EPOCH", "1767312000") // 2026-01-02T00:00:00Z
            .args(["--lang", "en", "report", "--date", DATE, "--input", f.to_str().unwrap()])
            .args(["--output", d.join("r.html").to_str().unwrap(), "--xlsx", x.to_str().unwrap(), "-q"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(x).unwrap()
    };
    let first = book("a.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = book("b.xlsx");
    assert!(first == second, "the two workbooks differ");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&first)).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut z.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
    assert!(core.contains("2026-01-02T00:00:00Z"), "{core}");
}

#[test]
fn html_report_is_self_contained_and_matches_the_scores() {
    let d = tmp("html");
    let rows = fixture_rows();
    let f = d.join("pegawai.xlsx");
    write_xlsx(&rows, &f);
    let html = d.join("laporan.html");
    let xlsx = d.join("laporan.xlsx");
    let r = report(&[
        "--input",
        f.to_str().unwrap(),
        "--output",
        html.to_str().unwrap(),
        "--xlsx",
        xlsx.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.is_empty(), "--quiet: {}", r.stderr);
    let page = std::fs::read_to_string(&html).unwrap();
    // No external resource of any kind (the SVG namespace is an identifier, not a request).
    let stripped = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for bad in ["http://", "https://", "src=", "url(", "@import", "<script", "<link"] {
        assert!(!stripped.contains(bad), "found {bad}");
    }
    // Grid counts equal the scorer's summary.
    let s = score_json(&f);
    let tot = &s["summary"]["total"];
    let grid_start = page.find("data-unit=\"*\"").unwrap();
    let grid = &page[grid_start..grid_start + page[grid_start..].find("</svg>").unwrap()];
    for n in 1..=9 {
        let want = tot["boxes"][n.to_string()].as_u64().unwrap();
        assert!(grid.contains(&format!("data-box=\"{n}\" data-count=\"{want}\"")), "box {n}");
    }
    // Drawn as the core lays the grid out (the layout of the CLI's table, the web demo and Python; PermenPANRB
    // 3/2020 jo 20/2025, Lampiran): kinerja rows from di atas (top), potensial columns from rendah (left).
    let drawn: Vec<u16> =
        grid.split("data-box=\"").skip(1).map(|t| t[..t.find('"').unwrap()].parse().unwrap()).collect();
    let layout = meritkit::nine_box::Grid::asn().layout(meritkit::nine_box::Orientation::PerformanceRows);
    assert_eq!(drawn, layout.cells.concat());
    assert_eq!(drawn, [4, 7, 9, 2, 5, 8, 1, 3, 6]);
    assert!(page.contains(s["policy"]["fingerprint"].as_str().unwrap()));
    // The input's SHA-256 (computed here independently).
    use sha2::Digest;
    let sha = meritkit::policy::hex(&sha2::Sha256::digest(std::fs::read(&f).unwrap()));
    assert!(page.contains(&sha));
    // Row errors point at the cell: the 17-digit NIP of record 61 sits in B64 (title, blank row, header, then data; "No" in A).
    assert!(page.contains("<td>Pegawai!B64</td>"), "cell reference of the bad NIP");
    // Without target positions the succession sections say so, never filled.
    for m in ["succession", "fairness"] {
        assert!(page.contains(&format!("data-pending=\"{m}\"")), "{m}");
    }
    // Eligibility comes from the core's merit rules (default rule set).
    assert!(!page.contains("data-pending=\"rules\""));
    let elig = &page[page.find("id=\"kelayakan\"").unwrap()..];
    assert!(elig[..elig.find("</section>").unwrap()].contains("talent_pool_entry"));
    // The workbook has the same tables.
    let book = xlsx_strings(&xlsx);
    assert!(book.contains("Kinerja di atas ekspektasi dan potensial tinggi"));
    assert!(book.contains("nip_format"));
    // English.
    let en = d.join("report_en.html");
    run(&[
        "--lang",
        "en",
        "report",
        "--date",
        DATE,
        "--input",
        f.to_str().unwrap(),
        "--output",
        en.to_str().unwrap(),
        "-q",
    ]);
    let en = std::fs::read_to_string(en).unwrap();
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains("Talent pools")
            && en.contains("Data quality")
            && en.contains("Not computed: give a target positions file")
    );
    assert!(!en.contains("Kelompok rencana suksesi (talent pool)"));
}

#[test]
fn target_positions_from_xlsx_and_json() {
    let d = tmp("positions");
    let rows = fixture_rows();
    let f = d.join("pegawai.xlsx");
    write_xlsx(&rows, &f);
    let p = d.join("jabatan.json");
    std::fs::write(&p, r#"[{"id":"JT-9","title":"Kepala Bidang Ketersediaan Pangan","unit":"Dinas Pangan","kind":"Administrator","critical":true}]"#).unwrap();
    let html = d.join("o.html");
    let r = report(&[
        "--input",
        f.to_str().unwrap(),
        "--positions",
        p.to_str().unwrap(),
        "--output",
        html.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Kepala Bidang Ketersediaan Pangan"));
    // The shortlist comes from the core's succession module: its candidates are
    // talent-pool members (boxes 7-9 by default), and nothing is pending any more but the movement section,
    // which needs the previous period's file (`--previous`).
    let pending: Vec<&str> = page.match_indices("data-pending=\"").map(|(i, _)| &page[i + 14..i + 14 + 12]).collect();
    assert!(pending.iter().all(|p| p.starts_with("movement\"")), "pending sections: {pending:?}");
    let scores = score_json(&f);
    let pool: std::collections::HashSet<&str> = scores["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["box"].as_u64().is_some_and(|b| b >= 7))
        .map(|r| r["nip"].as_str().unwrap())
        .collect();
    let sec = &page[page.find("id=\"suksesi\"").unwrap()..];
    let sec = &sec[..sec.find("</section>").unwrap()];
    assert!(sec.contains("JT-9 — Kepala Bidang Ketersediaan Pangan"));
    let shown: Vec<&str> = pool.iter().copied().filter(|n| sec.contains(n)).collect();
    let all_nips: Vec<&str> = scores["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["nip"].as_str().unwrap())
        .filter(|n| sec.contains(n))
        .collect();
    assert!(!shown.is_empty(), "some pool member is shortlisted");
    assert_eq!(shown.len(), all_nips.len(), "only pool members are shortlisted");
    assert!(page.contains("id=\"bench\"") && page.contains("id=\"keadilan\""));
    let px = d.join("jabatan.xlsx");
    small_xlsx(&px, |ws| {
        put(ws, 0, &["Kode", "Jabatan", "Unit Kerja", "Jenis Jabatan", "Kritikal"]);
        put(ws, 1, &["JT-1", "Kepala Seksi Distribusi", "Dinas Pangan", "Kepala Seksi", "Ya"]);
    });
    let r = report(&[
        "--input",
        f.to_str().unwrap(),
        "--positions",
        px.to_str().unwrap(),
        "--output",
        html.to_str().unwrap(),
        "--json-errors",
    ]);
    assert_eq!(r.code, 2);
    let v = json_errors(&r);
    assert_eq!(v["error"]["problems"][0]["path"], "Pegawai!D2");
}

#[test]
fn an_output_that_is_an_input_or_the_other_output_is_refused() {
    let d = tmp("samefile");
    let rows = fixture_rows();
    let f = d.join("pegawai.xlsx");
    write_xlsx(&rows, &f);
    let before = std::fs::read(&f).unwrap();
    let pos = d.join("jabatan.json");
    std::fs::write(&pos, r#"[{"id":"JT-1","title":"Kepala Dinas","unit":"Dinas Pangan","kind":"jpt_pratama"}]"#)
        .unwrap();
    let pos_before = std::fs::read(&pos).unwrap();
    let (fs, ps) = (f.to_str().unwrap(), pos.to_str().unwrap());
    let html = d.join("r.html");
    let hs = html.to_str().unwrap();
    // the same file under another spelling (./x/../x)
    let other_spelling = d.join(".").join("pegawai.xlsx");
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["--input", fs, "--output", fs], "output", "--input"),
        (vec!["--input", fs, "--output", other_spelling.to_str().unwrap()], "output", "--input"),
        (vec!["--input", fs, "--output", hs, "--xlsx", fs], "xlsx", "--input"),
        (vec!["--input", fs, "--positions", ps, "--output", ps], "output", "--positions"),
        (vec!["--input", fs, "--output", hs, "--xlsx", hs], "xlsx", "--output"),
    ];
    for (args, path, flag) in cases {
        let mut a = args.clone();
        a.push("--json-errors");
        let r = report(&a);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let v = json_errors(&r);
        let p = &v["error"]["problems"][0];
        assert_eq!(p["code"], "output_overwrites_input", "{v}");
        assert_eq!(p["path"], path);
        assert!(p["message"]["en"].as_str().unwrap().contains(flag), "{v}");
        assert_eq!(std::fs::read(&f).unwrap(), before, "input untouched");
        assert_eq!(std::fs::read(&pos).unwrap(), pos_before, "positions untouched");
        assert!(!html.exists());
    }
    #[cfg(unix)]
    {
        // a symbolic link and a hard link to the input are the same file
        let sym = d.join("link.html");
        std::os::unix::fs::symlink(&f, &sym).unwrap();
        let hard = d.join("hard.html");
        std::fs::hard_link(&f, &hard).unwrap();
        for out in [&sym, &hard] {
            let r = report(&["--input", fs, "--output", out.to_str().unwrap()]);
            assert_eq!(r.code, 2, "{}", r.stderr);
            assert!(r.stderr.contains("output_overwrites_input"), "{}", r.stderr);
        }
        assert_eq!(std::fs::read(&f).unwrap(), before);
    }
    // distinct files: written
    let r = report(&["--input", fs, "--output", hs, "--xlsx", d.join("r.xlsx").to_str().unwrap(), "-q"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(html.exists());
}

#[test]
fn a_redaction_key_implies_redact_and_must_be_long_enough() {
    let d = tmp("redactkey");
    let rows = fixture_rows();
    let f = d.join("pegawai.xlsx");
    write_xlsx(&rows, &f);
    let html = d.join("r.html");
    let (fs, hs) = (f.to_str().unwrap(), html.to_str().unwrap());
    // A key without --redact: the report is redacted all the same (and says so).
    let r = report(&["--input", fs, "--output", hs, "--redact-key", "kunci-uji-laporan-2026"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("--redact"), "{}", r.stderr);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("ASN-"));
    let nip = rows
        .iter()
        .find_map(|r| match get(r, "nip") {
            Some(Cell::Str(v)) if v.len() == 18 => Some(v.clone()),
            _ => None,
        })
        .unwrap();
    assert!(!page.contains(&nip), "NIP visible with a key given");
    // The same through the environment variable.
    std::fs::remove_file(&html).unwrap();
    let o = bin()
        .args(["report", "--date", DATE, "--input", fs, "--output", hs, "-q"])
        .env("MERITKIT_REDACT_KEY", "kunci-uji-laporan-2026")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(!std::fs::read_to_string(&html).unwrap().contains(&nip));
    // Short keys are refused, with or without --redact: 15 bytes no, 16 yes.
    std::fs::remove_file(&html).unwrap();
    // Empty, whitespace-padded and one-character keys are no secret either (REPORT finding 10).
    for (key, redact) in [
        ("k", false),
        ("k", true),
        ("123456789012345", true),
        ("", false),
        ("", true),
        ("                ", true),
        ("        12345678", true),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", true),
        ("abababababababababab", false),
    ] {
        let mut a = vec!["--input", fs, "--output", hs, "--redact-key", key, "--json-errors"];
        if redact {
            a.push("--redact");
        }
        let r = report(&a);
        assert_eq!(r.code, 2, "{key}: {}", r.stderr);
        let v = json_errors(&r);
        assert_eq!(v["error"]["problems"][0]["code"], "weak_redact_key", "{v}");
        assert_eq!(v["error"]["problems"][0]["path"], "redact_key");
        assert!(!v.to_string().contains(key) || key.trim().len() <= 1, "the key is not echoed");
        assert!(!html.exists());
    }
    // MERITKIT_REDACT_KEY set but empty (an unset shell variable): refused, not taken as "no key".
    let o = bin()
        .args(["report", "--date", DATE, "--input", fs, "--output", hs, "--json-errors"])
        .env("MERITKIT_REDACT_KEY", "")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("weak_redact_key"));
    assert!(!html.exists());
    let r = report(&["--input", fs, "--output", hs, "--redact-key", "1234567890123456", "-q"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
}

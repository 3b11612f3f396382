//! Issue 11, the readers' last gaps, one test per class: every refusal exits
//! 2 with a stable code naming the line or cell and no value of the input;
//! every record comes back as a result or an error. Workbooks are built here
//! (small, fictional data: `Nama 1`, NIPs `19800101200501100x`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-readers-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {} {}", self.stdout, self.stderr))
    }
    /// (results, errors) of a `--format json` run.
    fn counts(&self) -> (usize, usize) {
        let v = self.json();
        (v["results"].as_array().unwrap().len(), v["errors"].as_array().unwrap().len())
    }
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn score(path: &std::path::Path, extra: &[&str]) -> Run {
    score_with(path, extra, &[])
}

/// [`score`] with `after` given to the `score` command itself (`--sheet NAME`).
fn score_with(path: &std::path::Path, extra: &[&str], after: &[&str]) -> Run {
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en"])
        .args(extra)
        .args(["score", "--format", "json", "--date", "2026-01-02"])
        .args(after)
        .arg("-i")
        .arg(path)
        .output()
        .unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

const HEADERS: [&str; 8] =
    ["nip", "name", "unit", "position_kind", "rank", "performance_2024", "performance_2025", "potential_score"];

fn data(i: usize) -> [String; 8] {
    [
        format!("19800101200501100{i}"),
        format!("Nama {i}"),
        format!("Dinas {i}"),
        "pengawas".into(),
        "III/c".into(),
        "Baik".into(),
        "Baik".into(),
        "80".into(),
    ]
}

fn col(j: usize) -> char {
    (b'A' + j as u8) as char
}

/// One `<c>` with an inline string.
fn istr(r: &str, v: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{v}</t></is></c>"#)
}

/// sheetData rows: the header and `n` data rows, cells as inline strings
/// (the score as a number); `patch(row, col)` may replace a cell's XML.
fn sheet_rows(n: usize, patch: &dyn Fn(usize, usize) -> Option<String>) -> String {
    let mut x = String::from(r#"<row r="1">"#);
    for (j, h) in HEADERS.iter().enumerate() {
        x += &patch(1, j).unwrap_or_else(|| istr(&format!("{}1", col(j)), h));
    }
    x += "</row>";
    for i in 1..=n {
        let r = i + 1;
        x += &format!(r#"<row r="{r}">"#);
        for (j, v) in data(i).iter().enumerate() {
            let at = format!("{}{r}", col(j));
            let cell = if j == 7 { format!(r#"<c r="{at}"><v>{v}</v></c>"#) } else { istr(&at, v) };
            x += &patch(r, j).unwrap_or(cell);
        }
        x += "</row>";
    }
    x
}

/// An XLSX of sheets (name, `state` attribute or "", worksheet body after
/// `<sheetData>`…`</sheetData>`), with a shared-string table when given.
fn xlsx(sheets: &[(&str, &str, String, &str)], shared: Option<&[&str]>) -> Vec<u8> {
    xlsx_items(sheets, shared.map(|ss| ss.iter().map(|s| format!("<si><t>{s}</t></si>")).collect()))
}

/// [`xlsx`] with the shared-string table's items as written (`<si>...</si>` each).
fn xlsx_items(sheets: &[(&str, &str, String, &str)], items: Option<String>) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, text: &str| {
        z.start_file(name, o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, state, _, _)) in sheets.iter().enumerate() {
        let st = if state.is_empty() { String::new() } else { format!(r#" state="{state}""#) };
        wb += &format!(r#"<sheet name="{name}" sheetId="{}"{st} r:id="rId{}"/>"#, i + 1, i + 1);
        rels += &format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{}.xml"/>"#,
            i + 1,
            i + 1
        );
    }
    wb += "</sheets></workbook>";
    rels += "</Relationships>";
    put("xl/workbook.xml", &wb);
    put("xl/_rels/workbook.xml.rels", &rels);
    for (i, (_, _, body, prolog)) in sheets.iter().enumerate() {
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}"#
            ),
        );
    }
    if let Some(items) = items {
        put(
            "xl/sharedStrings.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>"#
            ),
        );
    }
    z.finish().unwrap().into_inner()
}

/// A one-sheet XLSX named `Pegawai`: `n` data rows, with `patch`.
fn one_sheet(n: usize, patch: &dyn Fn(usize, usize) -> Option<String>, tail: &str) -> Vec<u8> {
    xlsx(&[("Pegawai", "", format!("{}</sheetData>{tail}</worksheet>", sheet_rows(n, patch)), "")], Some(&["Nama 2"]))
}

fn first_error(r: &Run) -> serde_json::Value {
    let v: serde_json::Value = r.json();
    v["errors"][0].clone()
}

/// Class 1: a shared-string index that is negative, fractional, not a
/// number or past the table refuses the sheet naming the cell (calamine
/// would read string 0, or panic): never a silently wrong name or unit.
#[test]
fn bad_shared_string_index_refuses_the_sheet_naming_the_cell() {
    // control: a valid index reads the shared string
    let ok = one_sheet(3, &|r, j| (r == 3 && j == 1).then(|| r#"<c r="B3" t="s"><v>0</v></c>"#.to_string()), "");
    let run = score(&write("ss_ok.xlsx", &ok), &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    for (i, v) in ["-1", "1.5", "abc", "1", "99999999999999999999"].iter().enumerate() {
        let f = one_sheet(3, &|r, j| (r == 3 && j == 1).then(|| format!(r#"<c r="B3" t="s"><v>{v}</v></c>"#)), "");
        let run = score(&write(&format!("ss_bad{i}.xlsx"), &f), &[]);
        assert_eq!(run.code, 2, "index {v}: {}", run.all());
        assert!(
            run.stderr.contains("[invalid_input] Pegawai!B3: cell Pegawai!B3 refers to a shared string"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("Nama 2"), "{}", run.stderr);
    }
}

/// Class 1: a cell typed as a number holding text, or of an unknown type,
/// is named (not "every sheet is empty", not "the sheet is damaged").
#[test]
fn odd_cell_types_are_named_by_cell() {
    let f = one_sheet(3, &|r, j| (r == 3 && j == 7).then(|| r#"<c r="H3" t="n"><v>abc</v></c>"#.to_string()), "");
    let run = score(&write("t_n.xlsx", &f), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("Pegawai!H3: cell Pegawai!H3 is typed as a number but does not hold one"),
        "{}",
        run.stderr
    );
    let f = one_sheet(3, &|r, j| (r == 3 && j == 7).then(|| r#"<c r="H3" t="zzz"><v>80</v></c>"#.to_string()), "");
    let run = score(&write("t_zzz.xlsx", &f), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("Pegawai!H3: cell Pegawai!H3 has an unknown cell type"), "{}", run.stderr);
}

/// Class 1: a DOCTYPE (entity expansion, external entities) refuses the
/// workbook naming the part.
#[test]
fn doctype_in_a_workbook_part_is_refused() {
    let body = format!("{}</sheetData></worksheet>", sheet_rows(2, &|_, _| None));
    let f = xlsx(&[("Pegawai", "", body, r#"<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>"#)], None);
    let run = score(&write("doctype.xlsx", &f), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("[invalid_input] input: workbook part `xl/worksheets/sheet1.xml` holds a DOCTYPE"),
        "{}",
        run.stderr
    );
}

/// Class 3: merge ranges written with `$` or as one cell are read like the
/// others: the covered cells are errors of their rows.
#[test]
fn merge_ranges_with_dollars_are_read() {
    let merge = r#"<mergeCells count="1"><mergeCell ref="$C$2:$C$3"/></mergeCells>"#;
    let f = one_sheet(3, &|r, j| (r == 3 && j == 2).then(String::new), merge);
    let run = score(&write("merge_dollar.xlsx", &f), &[]);
    assert_eq!(run.code, 3, "{}", run.all());
    assert_eq!(run.counts(), (2, 1));
    let e = first_error(&run);
    assert_eq!((e["code"].as_str(), e["path"].as_str()), (Some("merged_cells"), Some("Pegawai!C3")), "{e}");
    // reversed (`C3:C2`) is the same range
    let f = one_sheet(3, &|r, j| (r == 3 && j == 2).then(String::new), &merge.replace("$C$2:$C$3", "C3:C2"));
    let run = score(&write("merge_rev.xlsx", &f), &[]);
    assert_eq!((run.code, run.counts()), (3, (2, 1)), "{}", run.all());
    // a malformed range is refused, by its number (its text is not echoed)
    let f = one_sheet(3, &|_, _| None, &merge.replace("$C$2:$C$3", "C0:Q"));
    let run = score(&write("merge_bad.xlsx", &f), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("merge range #1 of the sheet cannot be read"), "{}", run.stderr);
}

/// Cells covered by merges are errors of their rows, one problem a row
/// (named at its first covered cell in a header column) however many merges
/// and columns cover it: a merge over the whole sheet had made one problem
/// per covered cell (40,000 rows under a header of 256 columns: 10 million
/// problems, an abort on allocation).
#[test]
fn overlapping_and_sheet_wide_merges_make_one_error_a_row() {
    // (the same ranges with their ends written the other way round cover the same cells)
    for (name, refs) in [
        ("merge_overlap.xlsx", ["B2:C3", "A3:D3", "A4:XFD1048576"]),
        ("merge_reversed.xlsx", ["C3:B2", "D3:A3", "XFD1048576:A4"]),
    ] {
        let cells: String = refs.iter().map(|r| format!(r#"<mergeCell ref="{r}"/>"#)).collect();
        let merges = format!(r#"<mergeCells count="3">{cells}</mergeCells>"#);
        let f = one_sheet(5, &|_, _| None, &merges);
        let run = score(&write(name, &f), &[]);
        assert_eq!(run.code, 3, "{name}: {}", run.all());
        let v = run.json();
        let errors = v["errors"].as_array().unwrap();
        let paths: Vec<&str> = errors.iter().map(|e| e["path"].as_str().unwrap()).collect();
        // row 2: B2 is the merge's own cell, C2 the first covered one; row 4: likewise A4 and B4
        assert_eq!(
            paths,
            ["Pegawai!C2", "Pegawai!B3", "Pegawai!B4", "Pegawai!A5", "Pegawai!A6"],
            "{name}: {}",
            run.all()
        );
        assert!(errors.iter().all(|e| e["code"] == "merged_cells"), "{errors:?}");
        assert_eq!(v["results"].as_array().unwrap().len(), 0);
    }
}

/// Class 5: NaN and infinity in number cells are named as not finite, at
/// the cell (XLSX NaN, CSV `nan` / `inf` / `1e999`); JSON's `1e999` too.
#[test]
fn non_finite_numbers_are_named() {
    let f = one_sheet(2, &|r, j| (r == 2 && j == 7).then(|| r#"<c r="H2"><v>NaN</v></c>"#.to_string()), "");
    let run = score(&write("nan.xlsx", &f), &[]);
    assert_eq!((run.code, run.counts()), (3, (1, 1)), "{}", run.all());
    let e = first_error(&run);
    assert_eq!((e["code"].as_str(), e["path"].as_str()), (Some("invalid_value"), Some("Pegawai!H2")), "{e}");
    assert!(e["message"]["en"].as_str().unwrap().contains("not a finite number"), "{e}");
    let mut csv = HEADERS.join(";") + "\n";
    for (i, v) in ["nan", "inf", "1e999", "-Infinity", "80"].iter().enumerate() {
        let mut d = data(i + 1);
        d[7] = v.to_string();
        csv += &(d.join(";") + "\n");
    }
    let run = score(&write("nan.csv", csv.as_bytes()), &[]);
    assert_eq!((run.code, run.counts()), (3, (1, 4)), "{}", run.all());
    let v = run.json();
    for (k, e) in v["errors"].as_array().unwrap().iter().enumerate() {
        assert_eq!(e["path"], format!("H{}", k + 2), "{e}");
        assert_eq!(e["code"], "invalid_value", "{e}");
        assert!(e["message"]["en"].as_str().unwrap().contains("not a finite number"), "{e}");
    }
    let run = score(&write("big.json", br#"[{"nip": "198001012005011001", "potential_score": 1e999}]"#), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("line 1 column") && run.stderr.contains("not a finite number"), "{}", run.stderr);
}

/// Class 4: a cell under a column without a header never vanishes: it is an
/// error of its row naming the cell (as a CSV cell beyond the header is),
/// or, when the mapping says `unknown = "ignore"`, the column is skipped
/// with an `unnamed_column` warning.
#[test]
fn data_under_an_empty_header_is_an_error_or_warned() {
    let mut csv = HEADERS.join(";") + ";\n";
    csv += &(data(1).join(";") + ";\n");
    csv += &(data(2).join(";") + ";catatan\n");
    let p = write("emptyhdr.csv", csv.as_bytes());
    let run = score(&p, &[]);
    assert_eq!((run.code, run.counts()), (3, (1, 1)), "{}", run.all());
    let e = first_error(&run);
    assert_eq!(
        (e["code"].as_str(), e["path"].as_str(), e["origin"].as_str()),
        (Some("unnamed_column"), Some("I3"), Some("line 3")),
        "{e}"
    );
    assert!(!run.all().contains("catatan"), "{}", run.all());
    // the same in a workbook: a cell right of the header row
    let f = one_sheet(
        2,
        &|r, j| {
            (r == 3 && j == 7)
                .then(|| r#"<c r="H3"><v>80</v></c><c r="I3" t="inlineStr"><is><t>catatan</t></is></c>"#.to_string())
        },
        "",
    );
    let run = score(&write("emptyhdr.xlsx", &f), &[]);
    assert_eq!((run.code, run.counts()), (3, (1, 1)), "{}", run.all());
    assert_eq!(first_error(&run)["path"], "Pegawai!I3");
    // an empty column under an empty header stays a mere warning
    let csv2 = format!("{};\n{};\n", HEADERS.join(";"), data(1).join(";"));
    assert_eq!(score(&write("emptycol.csv", csv2.as_bytes()), &[]).code, 0);
    // `unknown = "ignore"` (a column mapping, `report --mapping`): skipped with a warning
    let map = write("ignore.toml", b"unknown = \"ignore\"\n");
    let out = dir().join("emptyhdr.html");
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "report", "--json-errors", "--date", "2026-01-02", "--mapping"])
        .arg(&map)
        .arg("-i")
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    // (`report --json-errors` writes its JSON summary to stderr)
    let text = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let w = v["warnings"].as_array().unwrap();
    assert!(w.iter().any(|w| w["code"] == "unnamed_column" && w["path"] == "I1"), "{v}");
}

/// Class 8: title lines above the header are skipped in CSV as in
/// spreadsheets (the guide says so); data above the header is refused.
#[test]
fn csv_title_line_is_skipped() {
    let csv =
        format!("DAFTAR PEGAWAI DINAS PANGAN\n\n{}\n{}\n{}\n", HEADERS.join(";"), data(1).join(";"), data(2).join(";"));
    let run = score(&write("title.csv", csv.as_bytes()), &[]);
    assert_eq!((run.code, run.counts()), (0, (2, 0)), "{}", run.all());
    let v = run.json();
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    // a data line above the header: no header row, nothing echoed
    let csv = format!("DAFTAR\n{}\n{}\n{}\n", data(9).join(";"), HEADERS.join(";"), data(1).join(";"));
    let run = score(&write("data_above.csv", csv.as_bytes()), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("[missing_header_row] line 2"), "{}", run.stderr);
    assert!(!run.all().contains("Nama 9") && !run.all().contains("198001012005011009"), "{}", run.all());
}

/// Class 6: a headerless file (the first row is data) is refused as such
/// and names nothing from the row; an unknown header that looks like a name
/// or holds a date is named by its cell only; a JSON key likewise.
#[test]
fn no_value_is_echoed_from_headers_keys_or_sheet_names() {
    let leak = |s: &str| s.contains("Siti") || s.contains("Aminah") || s.contains("1985") || s.contains("1980010120");
    let csv = format!("198001012005011001;Siti Aminah;Dinas A;pengawas;III/c;Baik;Baik;80\n{}\n", data(2).join(";"));
    let run = score(&write("headerless.csv", csv.as_bytes()), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[missing_header_row] line 1"), "{}", run.stderr);
    assert!(!leak(&run.all()), "{}", run.all());
    // the same as a sheet
    let f = one_sheet(
        2,
        &|r, j| (r == 1 && j < 2).then(|| istr(&format!("{}1", col(j)), ["198001012005011001", "Siti Aminah"][j])),
        "",
    );
    let run = score(&write("headerless.xlsx", &f), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[missing_header_row] Pegawai!1"), "{}", run.stderr);
    assert!(!leak(&run.all()), "{}", run.all());
    // an unknown header holding a name and a date: named by cell
    let csv = format!("{};tanggal lahir 1985-03-15 Siti\n{};x\n", HEADERS.join(";"), data(1).join(";"));
    let run = score(&write("hdr_pd.csv", csv.as_bytes()), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[unknown_column] I1: unknown header (not shown"), "{}", run.stderr);
    assert!(!leak(&run.all()), "{}", run.all());
    // a plausible unknown header is still named
    let csv = format!("{};Hobi\n{};x\n", HEADERS.join(";"), data(1).join(";"));
    let run = score(&write("hobi.csv", csv.as_bytes()), &[]);
    assert!(run.stderr.contains("unknown header `Hobi`"), "{}", run.stderr);
    // every header unknown: no header row
    let csv = "Ani Satu;Budi Dua\nx;y\n";
    let run = score(&write("names.csv", csv.as_bytes()), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[missing_header_row] line 1"), "{}", run.stderr);
    assert!(!run.all().contains("Ani") && !run.all().contains("Budi"), "{}", run.all());
    // a JSON record's unknown key
    let j = r#"[{"nip": "198001012005011002", "name": "Nama 2", "unit": "Dinas 2", "position": {"kind": "pengawas"}, "rank": "III/c", "potential_score": 80, "Siti Aminah": 1}]"#;
    let run = score(&write("key.json", j.as_bytes()), &[]);
    assert_eq!((run.code, run.counts()), (3, (0, 1)), "{}", run.all());
    let e = first_error(&run);
    assert_eq!(e["code"], "unknown_field", "{e}");
    assert!(!leak(&run.all()), "{}", run.all());
    // a sheet named after a person: `sheet 1` in origins and messages
    let body = format!("{}</sheetData></worksheet>", sheet_rows(2, &|r, j| (r == 3 && j == 3).then(String::new)));
    let f = xlsx(&[("Siti Aminah 19850315", "", body, "")], None);
    let run = score(&write("sheetname.xlsx", &f), &[]);
    assert_eq!((run.code, run.counts()), (3, (1, 1)), "{}", run.all());
    assert_eq!(first_error(&run)["origin"], "sheet 1!3");
    // (the scored row's own NIP is in `results`: only the sheet name is checked)
    let name_leak = |s: &str| s.contains("Siti") || s.contains("Aminah") || s.contains("19850315");
    assert!(!name_leak(&run.all()), "{}", run.all());
    // `--sheet "sheet 1"` picks it by place, as it is listed
    let out = dir().join("sheetname.html");
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "report", "--json-errors", "--date", "2026-01-02", "--sheet", "sheet 1", "-i"])
        .arg(dir().join("sheetname.xlsx"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("\"origin\":\"sheet 1!3\"") && !name_leak(&err), "{err}");
}

/// Class 2: without --sheet, the first VISIBLE sheet is read (XLSX
/// `state="hidden"`, ODS `table:display="false"` on the table or, as
/// LibreOffice writes it, on the table's style); other visible sheets with
/// data are counted in an `unread_sheets` warning (not named).
#[test]
fn hidden_sheets_are_passed_over_and_unread_sheets_counted() {
    let body = |n| format!("{}</sheetData></worksheet>", sheet_rows(n, &|_, _| None));
    let f = xlsx(&[("Lama", "hidden", body(1), ""), ("Pegawai", "", body(3), ""), ("OPD2", "", body(2), "")], None);
    let run = score(&write("hidden.xlsx", &f), &[]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
    assert!(run.stderr.contains("[unread_sheets] input: 1 other visible sheet(s)"), "{}", run.stderr);
    assert!(!run.stderr.contains("OPD2"), "{}", run.stderr);

    for (k, (hidden_attrs, styles)) in [
        (r#" table:display="false""#, ""),
        (
            r#" table:style-name="ta2""#,
            r#"<office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style></office:automatic-styles>"#,
        ),
        // (character references, which calamine and LibreOffice unescape: hidden all the same)
        (r#" table:display="&#102;alse""#, ""),
        (
            r#" table:style-name="t&#97;2""#,
            r#"<office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="f&#97;lse"/></style:style></office:automatic-styles>"#,
        ),
    ]
    .iter()
    .enumerate()
    {
        let ods = ods(styles, &(ods_table("Lama", hidden_attrs, 1, "") + &ods_table("Pegawai", "", 3, "")));
        let run = score(&write(&format!("hidden{k}.ods"), &ods), &[]);
        assert_eq!((run.code, run.counts()), (0, (3, 0)), "case {k}: {}", run.all());
        assert!(!run.stderr.contains("unread_sheets"), "{}", run.stderr);
    }
}

/// An ODS table `name` (its tag's extra `attrs`) of the headers and `n` data
/// rows, each cell a string cell; `typ` replaces `office:value-type="string"`
/// in row 2's cells when not empty.
fn ods_table(name: &str, attrs: &str, n: usize, typ: &str) -> String {
    let cell = |v: &str, typ: &str| {
        format!(r#"<table:table-cell office:value-type="{typ}"><text:p>{v}</text:p></table:table-cell>"#)
    };
    let mut x = format!(r#"<table:table table:name="{name}"{attrs}><table:table-row>"#);
    x += &HEADERS.iter().map(|h| cell(h, "string")).collect::<String>();
    x += "</table:table-row>";
    for i in 1..=n {
        let typ = if i == 2 && !typ.is_empty() { typ } else { "string" };
        x += "<table:table-row>";
        x += &data(i).iter().map(|v| cell(v, typ)).collect::<String>();
        x += "</table:table-row>";
    }
    x + "</table:table>"
}

/// An ODS of automatic `styles` and `tables`.
fn ods(styles: &str, tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">{styles}<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let st = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", st).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    z.start_file("META-INF/manifest.xml", st).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", st).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

/// An ODS cell whose value type is written with a character reference
/// (`&#115;tring`, `string` to LibreOffice and odfpy) refuses the file:
/// calamine compares the type as written and would drop the cell's text (a
/// person's latest predikat, and the year before read in its place).
#[test]
fn ods_value_types_written_with_references_are_refused() {
    let run = score(&write("typed.ods", &ods("", &ods_table("Pegawai", "", 3, "&#115;tring"))), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("[invalid_input] input: row 3 of a table holds a cell whose value type"),
        "{}",
        run.stderr
    );
    let run = score(&write("typed_plain.ods", &ods("", &ods_table("Pegawai", "", 3, ""))), &[]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
}

/// Part `name` of a zip replaced by `f` of its bytes.
fn rezip(zip_bytes: &[u8], name: &str, f: &dyn Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    zip_with(zip_bytes, name, f, None)
}

/// A zip's parts, `name`'s replaced by `f` of its bytes, and one more part
/// (`extra`: its name and bytes) at the end.
fn zip_with(zip_bytes: &[u8], name: &str, f: &dyn Fn(&[u8]) -> Vec<u8>, extra: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut part = src.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut bytes).unwrap();
        let bytes = if part.name() == name { f(&bytes) } else { bytes };
        z.start_file(part.name(), zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(&bytes).unwrap();
    }
    if let Some((name, bytes)) = extra {
        z.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// A workbook part in an encoding other than UTF-8 (by a byte-order mark or
/// an XML declaration, anywhere in the part) refuses the file naming the part
/// and the encoding: calamine decodes it, the checks read UTF-8 (UTF-16's
/// `0` and a NUL byte is the digit 0 to calamine; ISO-2022-JP drops its
/// escapes, so a relationship target named another part). A part of ASCII
/// alone declared in an encoding that keeps ASCII reads alike either way.
#[test]
fn parts_in_another_encoding_are_refused() {
    let book = one_sheet(3, &|_, _| None, "");
    let sheet = "xl/worksheets/sheet1.xml";
    let utf16 = |b: &[u8]| {
        let text = String::from_utf8(b.to_vec()).unwrap().replace("UTF-8", "UTF-16");
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect::<Vec<u8>>()
    };
    let declared = |enc: &'static str| move |b: &[u8]| String::from_utf8_lossy(b).replace("UTF-8", enc).into_bytes();
    let refused = [
        (sheet, &utf16 as &dyn Fn(&[u8]) -> Vec<u8>, "xl/worksheets/sheet1.xml` is written in the UTF-16LE encoding"),
        (
            "xl/_rels/workbook.xml.rels",
            &declared("ISO-2022-JP"),
            "xl/_rels/workbook.xml.rels` is written in the ISO-2022-JP",
        ),
        // (a byte outside ASCII: windows-1252 reads `\xE9` as `é`, UTF-8 as no character)
        (
            sheet,
            &|b: &[u8]| [&declared("windows-1252")(b)[..], b"<!-- \xE9 -->"].concat(),
            "sheet1.xml` is written in the windows-1252",
        ),
        // (a declaration after the first event: quick-xml takes its encoding there)
        (
            sheet,
            &|b: &[u8]| {
                let rest = String::from_utf8_lossy(b).replacen(r#"<?xml version="1.0" encoding="UTF-8"?>"#, "", 1);
                format!(r#"<!-- --><?xml version="1.0" encoding="UTF-16"?>{rest}"#).into_bytes()
            },
            "is written in the UTF-16LE encoding",
        ),
    ];
    for (k, (part, f, says)) in refused.iter().enumerate() {
        let run = score(&write(&format!("enc{k}.xlsx"), &rezip(&book, part, f)), &[]);
        assert_eq!(run.code, 2, "case {k}: {}", run.all());
        assert!(run.stderr.contains(says), "case {k}: {}", run.stderr);
    }
    // (ASCII alone, declared windows-1252: read, all three rows)
    let run = score(&write("enc_ascii.xlsx", &rezip(&book, sheet, &declared("windows-1252"))), &[]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
}

/// Elements are read by their namespace, as Excel and openpyxl read them:
/// a worksheet whose elements carry a prefix bound to SpreadsheetML (as the
/// Open XML SDK writes them) reads; the same prefix bound to another
/// namespace refuses the sheet (calamine reads local names, openpyxl would
/// find no rows), and so does one row of another namespace among the data.
#[test]
fn sheet_elements_are_read_by_their_namespace() {
    let book = one_sheet(3, &|_, _| None, "");
    let sheet = "xl/worksheets/sheet1.xml";
    let prefixed = |ns: &'static str| {
        move |b: &[u8]| {
            let text = String::from_utf8_lossy(b).replace("</", "\u{1}").replace('<', "<x:");
            let text = text.replace("<x:?", "<?").replace('\u{1}', "</x:");
            text.replace(
                r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#,
                &format!(r#"xmlns:x="{ns}""#),
            )
            .into_bytes()
        }
    };
    let main = rezip(&book, sheet, &prefixed("http://schemas.openxmlformats.org/spreadsheetml/2006/main"));
    let run = score(&write("ns_main.xlsx", &main), &[]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
    let other = rezip(&book, sheet, &prefixed("urn:example:other"));
    let run = score(&write("ns_other.xlsx", &other), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("uses XML namespaces in a way the reader reads otherwise"), "{}", run.stderr);
    let extra_row = rezip(&book, sheet, &|b: &[u8]| {
        let row =
            r#"<e:row xmlns:e="urn:example:other"><e:c r="A9" t="inlineStr"><e:is><e:t>x</e:t></e:is></e:c></e:row>"#;
        String::from_utf8_lossy(b).replace("</sheetData>", &format!("{row}</sheetData>")).into_bytes()
    });
    let run = score(&write("ns_row.xlsx", &extra_row), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
}

/// A workbook in the 1904 date system (`date1904` of an XLSX's
/// `workbookPr`, an XLS DATEMODE record of 1: older Excel for the Mac) has
/// its dates read in that system: a position held since 2022-06-01 is 3
/// years and 7 months on 2026-01-01, short of the 4 years a Pengawas post
/// asks (PP 11/2017 Ps. 54, the `pengawas` rule set);
/// read in the 1900 system it had been 2018-05-31, and every person passed.
#[test]
fn dates_of_the_1904_date_system_are_read_in_it() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets");
    for f in ["date1904-pelaksana-since-2022-06-01.xlsx", "datemode1904-pelaksana-since-2022-06-01.xls"] {
        assert_pelaksana_since_2022_06_01(&data.join(f), f);
    }
}

/// The `validate --rules pengawas` rows of one of the files of
/// [`dates_of_the_1904_date_system_are_read_in_it`] (or one made from it):
/// three people, each a Pelaksana since 2022-06-01, short of four years.
fn assert_pelaksana_since_2022_06_01(path: &std::path::Path, what: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "validate", "--rules", "pengawas", "--format", "csv", "--date", "2026-01-01", "-i"])
        .arg(path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{what}: {out} {}", String::from_utf8_lossy(&o.stderr));
    for r in rows {
        assert!(r.contains(",false,") && r.contains("3 years 7 months as Pelaksana"), "{what}: {r}");
    }
}

/// A number is read as the file's style says, whatever calamine makes of the
/// style's XML: Excel writes a date format with text in it as
/// `&quot;Tgl &quot;dd/mm/yyyy` (calamine judged the code as written, took the
/// `;` of `&quot;` for the end of the format's first part and read the date
/// as a number of days), a format holding `&amp;` is no date (its `a` and `m`
/// made one to calamine, and a competency level 3 became 1904-01-04), an
/// extension's style inside a style is no style of the list (calamine
/// counted it, and every later style moved by one), and a style index with
/// spaces around it is the same index (calamine read style 0). Each file
/// reads as the one Excel wrote: three Pelaksana since 2022-06-01, every
/// competency a number.
#[test]
fn numbers_are_read_as_their_style_says() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets");
    let book = std::fs::read(data.join("date1904-pelaksana-since-2022-06-01.xlsx")).unwrap();
    let styles = |body: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">{body}</styleSheet>"#
        )
    };
    let quoted = styles(
        r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;Tgl &quot;dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>"#,
    );
    let nested = styles(
        r#"<cellXfs count="2"><xf numFmtId="0"><extLst><ext uri="{x}"><x14:xf numFmtId="0"/></ext></extLst></xf><xf numFmtId="14"/></cellXfs>"#,
    );
    let ampersand = styles(
        r#"<numFmts count="1"><numFmt numFmtId="165" formatCode="0 &amp; 0"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs>"#,
    );
    // (a format of another namespace, one `mc:Ignorable` names: Excel passes it over, calamine took it for 164)
    let ignorable = styles(
        r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><x14ac:numFmt xmlns:x14ac="urn:x" numFmtId="164" formatCode="0"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>"#,
    );
    // (a format padding with the letter `d`: `*d` fills, no day; calamine read it as a date)
    let fill = styles(
        r#"<numFmts count="1"><numFmt numFmtId="165" formatCode="0*d"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs>"#,
    );
    let cases: [(&str, Option<String>, (&str, &str)); 6] = [
        ("quoted", Some(quoted), ("", "")),
        ("nested", Some(nested), ("", "")),
        ("spaced", None, (r#"s="1""#, r#"s=" 1""#)),
        ("ampersand", Some(ampersand), (r#"<c r="J2">"#, r#"<c r="J2" s="2">"#)),
        ("ignorable", Some(ignorable), ("", "")),
        ("fill", Some(fill), (r#"<c r="J2">"#, r#"<c r="J2" s="2">"#)),
    ];
    for (what, st, (from, to)) in cases {
        let b = match &st {
            Some(st) => rezip(&book, "xl/styles.xml", &|_| st.as_bytes().to_vec()),
            None => book.clone(),
        };
        let b = rezip(&b, "xl/worksheets/sheet1.xml", &|x| {
            if from.is_empty() {
                x.to_vec()
            } else {
                String::from_utf8_lossy(x).replace(from, to).into_bytes()
            }
        });
        let path = write(&format!("style-{what}.xlsx"), &b);
        assert_pelaksana_since_2022_06_01(&path, what);
        let run = score(&path, &[]);
        assert_eq!((run.code, run.counts()), (0, (3, 0)), "{what}: {}", run.all());
    }
    // (a style index that is no number: refused, naming the cell)
    let b = rezip(&book, "xl/worksheets/sheet1.xml", &|x| {
        String::from_utf8_lossy(x).replacen(r#"s="1""#, r#"s="x1""#, 1).into_bytes()
    });
    let run = score(&write("style-named.xlsx", &b), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("Pegawai!S2") && run.stderr.contains("attribute s"), "{}", run.stderr);
    // (a competency level shown as a percentage, `300%`: as in a CSV, no number, the row's error names the field;
    // calamine read the 3 under it)
    let percent = styles(
        r#"<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="9" applyNumberFormat="1"/></cellXfs>"#,
    );
    let b = rezip(&book, "xl/styles.xml", &|_| percent.as_bytes().to_vec());
    let b = rezip(&b, "xl/worksheets/sheet1.xml", &|x| {
        String::from_utf8_lossy(x).replacen(r#"<c r="J2">"#, r#"<c r="J2" s="2">"#, 1).into_bytes()
    });
    let run = score(&write("style-percent.xlsx", &b), &[]);
    assert_eq!((run.code, run.counts()), (3, (2, 1)), "{}", run.all());
    let e = first_error(&run);
    assert_eq!((e["code"].as_str(), e["path"].as_str()), (Some("invalid_type"), Some("competency.integritas")), "{e}");
    // (an attribute written twice before the style: calamine's reading of the style stops, and the date was a
    // number; Excel refuses the file)
    let b = rezip(&book, "xl/worksheets/sheet1.xml", &|x| {
        String::from_utf8_lossy(x).replacen(r#"<c r="S2" s="1">"#, r#"<c r="S2" x="1" x="2" s="1">"#, 1).into_bytes()
    });
    let run = score(&write("style-twice.xlsx", &b), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("cell Pegawai!S2 has an attribute written twice"), "{}", run.stderr);
    // (a format that shows a number as a date below 1000 and as a number above: refused, naming the cell; a style
    // inside an `mc:AlternateContent`, whose choice Excel makes: refused)
    for (what, st, cell) in [
        (
            "conditional",
            styles(
                r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="[&lt;1000]dd/mm/yyyy;0"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>"#,
            ),
            "the number format of cell Pegawai!S2 shows it as a date or as a number by its value",
        ),
        (
            "alternate",
            styles(
                r#"<cellXfs count="2"><xf numFmtId="0"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x14"><xf numFmtId="14"/></mc:Choice><mc:Fallback><xf numFmtId="0"/></mc:Fallback></mc:AlternateContent></cellXfs>"#,
            ),
            "workbook part `xl/styles.xml` uses XML namespaces",
        ),
    ] {
        let b = rezip(&book, "xl/styles.xml", &|_| st.as_bytes().to_vec());
        let run = score(&write(&format!("style-{what}.xlsx"), &b), &[]);
        assert_eq!(run.code, 2, "{what}: {}", run.all());
        assert!(run.stderr.contains(cell), "{what}: {}", run.stderr);
    }
}

/// `--sheet` reads the sheet of exactly that name before one named so
/// ignoring case and the spaces around; with several loose matches and no
/// exact one it refuses (it had read the first loose match, another sheet).
#[test]
fn sheet_named_exactly_is_read_before_loose_matches() {
    let rows = |n| format!("{}</sheetData></worksheet>", sheet_rows(n, &|_, _| None));
    let f = write(
        "loose.xlsx",
        &xlsx(&[("PEGAWAI", "", rows(1), ""), ("Pegawai ", "", rows(2), ""), ("Pegawai", "", rows(3), "")], None),
    );
    let run = score_with(&f, &[], &["--sheet", "Pegawai"]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
    let run = score_with(&f, &[], &["--sheet", "pegawai"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("no sheet is named exactly `pegawai`, and several match"), "{}", run.stderr);
    // (one loose match: read)
    let f = write("loose1.xlsx", &xlsx(&[("Lain", "", rows(1), ""), ("PEGAWAI ", "", rows(2), "")], None));
    let run = score_with(&f, &[], &["--sheet", "pegawai"]);
    assert_eq!((run.code, run.counts()), (0, (2, 0)), "{}", run.all());
}

/// Class 7: a good record on the same line after a broken one is read:
/// 5 records → 4 results + 1 error.
#[test]
fn jsonl_record_after_a_broken_one_on_the_same_line_is_read() {
    let rec = |i: usize| {
        format!(
            r#"{{"nip": "19800101200501100{i}", "name": "Nama {i}", "unit": "Dinas {i}", "position": {{"kind": "pengawas"}}, "rank": "III/c", "performance": [{{"year": 2025, "predikat": "Baik"}}], "potential_score": 80}}"#
        )
    };
    let broken = &rec(2)[..rec(2).len() - 20];
    let text = format!("{}\n{broken} {}\n{}\n{}\n", rec(1), rec(3), rec(4), rec(5));
    let run = score(&write("same_line.jsonl", text.as_bytes()), &[]);
    assert_eq!((run.code, run.counts()), (3, (4, 1)), "{}", run.all());
    let e = first_error(&run);
    assert_eq!((e["code"].as_str(), e["origin"].as_str()), (Some("invalid_input"), Some("line 2")), "{e}");
    // junk (not a record) before a record on a line: one error for that line, no extra row
    let text = format!("{}\n\u{0}{}\n{}\n", rec(1), rec(2), rec(3));
    let run = score(&write("nul.jsonl", text.as_bytes()), &[]);
    let (r, e) = run.counts();
    assert_eq!(r + e, 3, "{}", run.all());
}

/// Shared formulas as Excel writes them (a group's first cell holds the
/// formula, its index `si` and range `ref`; the others only the index) read
/// as before; an index of 3,000,000,000 or a range of a billion rows (from
/// which calamine reserves memory before the first cell: 1.2 GB from 2.3 KB)
/// refuses the sheet naming the formula, never the process.
#[test]
fn shared_formulas_read_and_hostile_ones_refused() {
    fn cell(si: &'static str, range: &'static str) -> impl Fn(usize, usize) -> Option<String> {
        move |r: usize, j: usize| -> Option<String> {
            (j == 7 && r >= 2).then(|| match r {
                2 => format!(r#"<c r="H2"><f t="shared" ref="{range}" si="{si}">79+1</f><v>80</v></c>"#),
                _ => format!(r#"<c r="H{r}"><f t="shared" si="{si}"/><v>80</v></c>"#),
            })
        }
    }
    let run = score(&write("shared_ok.xlsx", &one_sheet(3, &cell("0", "H2:H4"), "")), &[]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
    let v = run.json();
    assert!(v["results"].as_array().unwrap().iter().all(|r| r["potential_score"] == 80.0), "{v}");
    for (name, si, range) in [("shared_si.xlsx", "3000000000", "H2:H4"), ("shared_ref.xlsx", "0", "H2:H999999999")] {
        let run = score(&write(name, &one_sheet(3, &cell(si, range), "")), &[]);
        assert_eq!(run.code, 2, "{name}: {}", run.all());
        assert!(run.stderr.contains("[invalid_input] Pegawai!: shared formula #"), "{name}: {}", run.stderr);
    }
}

/// Shared strings are read whole, as Excel shows them (rich-text runs joined, phonetic runs left out,
/// an empty `<t/>` an empty string), or the file is refused: calamine passes over an item with no text
/// element (`<si/>`, valid in the schema: every later cell then read the next string, a person's NIP
/// became the next person's) and keeps only the first plain `<t>` of an item; it reads a shared-string
/// index it cannot parse (`<v/>`, ` 1`, `+1`) as string 0 (a predikat became "Sangat Baik").
#[test]
fn shared_strings_are_read_whole_or_refused() {
    let body = |cells: &[(usize, usize, String)]| {
        let cells = cells.to_vec();
        format!(
            "{}</sheetData></worksheet>",
            sheet_rows(3, &move |r, j| cells.iter().find(|c| (c.0, c.1) == (r, j)).map(|c| c.2.clone()))
        )
    };
    let s = |at: &str, v: &str| format!(r#"<c r="{at}" t="s"><v>{v}</v></c>"#);
    let book = |cells: &[(usize, usize, String)], items: &str| {
        xlsx_items(&[("Pegawai", "", body(cells), "")], Some(items.to_string()))
    };
    let items = concat!(
        r#"<si><r><t>Nama</t></r><r><rPr><b/></rPr><t xml:space="preserve"> Dua</t></r></si>"#,
        r#"<si><t>Dinas Dua</t><rPh sb="0" eb="1"><t>DD</t></rPh><phoneticPr fontId="1"/></si>"#,
        r#"<si><t/></si>"#,
    );
    let ok = book(&[(3, 1, s("B3", "0")), (3, 2, s("C3", "&#49;"))], items);
    let run = score(&write("sst_whole.xlsx", &ok), &[]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
    let v = run.json();
    let second = v["results"].as_array().unwrap().iter().find(|r| r["row"] == 1).cloned().unwrap_or_default();
    assert_eq!((&second["name"], &second["unit"]), (&"Nama Dua".into(), &"Dinas Dua".into()), "{v}");
    for (name, items, cell, says) in [
        ("sst_empty_item.xlsx", "<si/><si><t>Nama Dua</t></si>", "1", "shared string #1 holds no text element"),
        (
            "sst_phonetic_only.xlsx",
            r#"<si><rPh sb="0" eb="1"><t>N</t></rPh></si><si><t>Nama Dua</t></si>"#,
            "1",
            "shared string #1 holds no text element",
        ),
        ("sst_cut.xlsx", "<si><t>Nama</t><r><t> Dua</t></r></si>", "0", "shared string #1 holds text after"),
        ("sst_index_space.xlsx", "<si><t>A</t></si><si><t>Nama Dua</t></si>", " 1", "refers to a shared string"),
        ("sst_index_plus.xlsx", "<si><t>A</t></si><si><t>Nama Dua</t></si>", "+1", "refers to a shared string"),
    ] {
        let run = score(&write(name, &book(&[(3, 1, s("B3", cell))], items)), &[]);
        assert_eq!(run.code, 2, "{name}: {}", run.all());
        assert!(run.stderr.contains("[invalid_input]") && run.stderr.contains(says), "{name}: {}", run.stderr);
    }
    let closed = book(&[(3, 1, r#"<c r="B3" t="s"><v/></c>"#.to_string())], "<si><t>A</t></si>");
    let run = score(&write("sst_closed_v.xlsx", &closed), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("Pegawai!B3: cell Pegawai!B3 refers to a shared string"), "{}", run.stderr);
}

/// Two sheets of one name refuse the file: calamine finds a sheet by its name, so a hidden first sheet of
/// the visible one's name would be read in its place (openpyxl would show the visible one's rows).
#[test]
fn two_sheets_of_one_name_are_refused() {
    let rows = |n| format!("{}</sheetData></worksheet>", sheet_rows(n, &|_, _| None));
    let f = xlsx(&[("Pegawai", "hidden", rows(1), ""), ("Pegawai", "", rows(3), "")], None);
    let run = score(&write("two_names.xlsx", &f), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("[invalid_input] input: two sheets of the workbook have the same name"),
        "{}",
        run.stderr
    );
    // (control: the same sheets named apart read the visible one, all three rows)
    let f = xlsx(&[("Lama", "hidden", rows(1), ""), ("Pegawai", "", rows(3), "")], None);
    let run = score(&write("two_names_apart.xlsx", &f), &[]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
}

/// A damaged worksheet before the first with data refuses the file, naming
/// it (the sheet after it had been read in its place without a word); the
/// sheet to read instead is named with `--sheet`, which `score` and
/// `succession` take as `report` does.
#[test]
fn a_damaged_sheet_before_the_data_is_named_and_another_read_with_sheet() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hostile/first-sheet-cut-short--invalid_input.xlsx");
    let run = score(&p, &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("[invalid_input] Pegawai!: sheet `Pegawai` cannot be read"), "{}", run.stderr);
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "score", "--format", "json", "--date", "2026-01-02", "--sheet", "Lampiran", "-i"])
        .arg(&p)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((o.status.code(), v["results"].as_array().map(Vec::len)), (Some(0), Some(1)), "{v}");
    // (the one person of the second sheet)
    assert_eq!(v["results"][0]["name"], "Lain Orang", "{v}");
}

/// A workbook on stdin is told by its parts: an XLSB (`xl/workbook.bin`)
/// reads as it does by name (it had been taken for an XLSX and refused).
#[test]
fn an_xlsb_on_stdin_reads_as_by_name() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets/two-people.xlsb");
    let run = |stdin: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_meritkit"));
        c.args(["--lang", "en", "score", "--format", "csv", "--date", "2026-01-02", "-i"]);
        if stdin {
            c.arg("-").stdin(std::fs::File::open(&p).unwrap());
        } else {
            c.arg(&p);
        }
        let o = c.output().unwrap();
        (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let (by_name, by_stdin) = (run(false), run(true));
    assert_eq!(by_name.0, Some(0), "{}", by_name.1);
    assert_eq!(by_name.1.lines().count(), 3, "{}", by_name.1);
    assert_eq!(by_stdin, by_name);
}

/// One XLSB record: its type and length as 7-bit groups, then its bytes.
fn xlsb_rec(t: u16, data: &[u8]) -> Vec<u8> {
    let mut out = if t < 0x80 { vec![t as u8] } else { vec![(t & 0x7F) as u8 | 0x80, (t >> 7) as u8] };
    let mut n = data.len();
    loop {
        let b = (n & 0x7F) as u8;
        n >>= 7;
        out.push(if n > 0 { b | 0x80 } else { b });
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(data);
    out
}

fn xlsb_wstr(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// A one-sheet XLSB workbook ("Pegawai") of the given rows of cell records.
fn xlsb(rows: &[Vec<Vec<u8>>]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, bytes: &[u8]| {
        z.start_file(name, o).unwrap();
        z.write_all(bytes).unwrap();
    };
    put("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>"#);
    put("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#);
    put("xl/_rels/workbook.bin.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#);
    let mut wb = xlsb_rec(0x83, &[]);
    wb.extend(xlsb_rec(0x99, &[&[0u8; 12][..], &xlsb_wstr("")].concat()));
    wb.extend(xlsb_rec(0x8F, &[]));
    wb.extend(xlsb_rec(
        0x9C,
        &[&0u32.to_le_bytes()[..], &1u32.to_le_bytes(), &xlsb_wstr("rId1"), &xlsb_wstr("Pegawai")].concat(),
    ));
    wb.extend(xlsb_rec(0x90, &[]));
    wb.extend(xlsb_rec(0x9D, &[0u8; 20]));
    wb.extend(xlsb_rec(0x84, &[]));
    put("xl/workbook.bin", &wb);
    let mut sh = xlsb_rec(0x81, &[]);
    sh.extend(xlsb_rec(0x94, &[0u8; 16]));
    sh.extend(xlsb_rec(0x91, &[]));
    for (r, cells) in rows.iter().enumerate() {
        sh.extend(xlsb_rec(0x00, &[&(r as u32).to_le_bytes()[..], &[0u8; 13]].concat()));
        for c in cells {
            sh.extend_from_slice(c);
        }
    }
    sh.extend(xlsb_rec(0x92, &[]));
    sh.extend(xlsb_rec(0x82, &[]));
    put("xl/worksheets/sheet1.bin", &sh);
    z.finish().unwrap().into_inner()
}

/// XLSB formula cells are told from their records (calamine's formula pass,
/// which writes every formula out as text, is not run): a formula with its
/// value reads as the value does, one whose value is empty is a formula
/// without a value at its cell, as in XLSX.
#[test]
fn xlsb_formula_cells_are_told_from_their_records() {
    let cell = |col: u32| [col.to_le_bytes(), 0u32.to_le_bytes()].concat();
    let text = |col: u32, s: &str| xlsb_rec(0x06, &[cell(col), xlsb_wstr(s)].concat());
    // (a formula's tokens: PtgInt 80; then no extra data)
    let tokens = [&3u32.to_le_bytes()[..], &[0x1E, 80, 0], &0u32.to_le_bytes()].concat();
    let potential = |kind: &str| match kind {
        "value" => xlsb_rec(0x05, &[cell(7), 80f64.to_le_bytes().to_vec()].concat()),
        "formula" => xlsb_rec(0x09, &[cell(7), 80f64.to_le_bytes().to_vec(), vec![0, 0], tokens.clone()].concat()),
        _ => xlsb_rec(0x08, &[cell(7), xlsb_wstr(""), vec![0, 0], tokens.clone()].concat()),
    };
    let book = |kind: &str| {
        let mut rows = vec![HEADERS.iter().enumerate().map(|(j, h)| text(j as u32, h)).collect::<Vec<_>>()];
        for i in 1..=2 {
            let d = data(i);
            let mut r: Vec<Vec<u8>> = d[..7].iter().enumerate().map(|(j, v)| text(j as u32, v)).collect();
            r.push(if i == 2 { potential(kind) } else { potential("value") });
            rows.push(r);
        }
        xlsb(&rows)
    };
    let plain = score(&write("values.xlsb", &book("value")), &[]);
    assert_eq!((plain.code, plain.counts()), (0, (2, 0)), "{}", plain.all());
    let formula = score(&write("formula.xlsb", &book("formula")), &[]);
    assert_eq!(formula.stdout, plain.stdout, "{}", formula.all());
    let empty = score(&write("empty-formula.xlsb", &book("empty")), &[]);
    assert_eq!((empty.code, empty.counts()), (3, (1, 1)), "{}", empty.all());
    let e = first_error(&empty);
    assert_eq!((e["code"].as_str(), e["path"].as_str()), (Some("formula_without_value"), Some("Pegawai!H3")), "{e}");
}

/// A zip with one more part, `name` of `bytes`.
fn add_part(zip_bytes: &[u8], name: &str, bytes: &[u8]) -> Vec<u8> {
    zip_with(zip_bytes, "", &|b| b.to_vec(), Some((name, bytes)))
}

/// An ODS text cell holding what LibreOffice shows and calamine drops (a
/// tab, a line break inside a paragraph), or text that is not the cell's (a
/// drawing's title, a footnote), refuses the file naming the row: calamine
/// would have read `Nama 2` with a photo's title `Kepala Dinas` joined to it.
/// Text outside the cell's paragraphs likewise, and white space written as
/// such (two spaces, a tab, a line end: LibreOffice shows one space for them,
/// ODF 1.2 Part 1 6.1.2, where calamine keeps them: `Dinas  2` and `Dinas 2`
/// were two units). A drawing without text in a cell (a photo anchored
/// there) and a comment read as before (the comment is no part of the text,
/// as in LibreOffice), and spaces written as `text:s` as they are shown.
#[test]
fn ods_text_cells_keep_their_own_text_or_are_refused() {
    let with = |inner: &str| ods_table("Pegawai", "", 3, "").replace("<text:p>Nama 2</text:p>", inner);
    for (what, inner) in [
        ("tab", "<text:p>Nama<text:tab/>2</text:p>"),
        ("line-break", "<text:p>Nama<text:line-break/>2</text:p>"),
        (
            "title",
            r#"<text:p>Nama 2</text:p><draw:frame draw:name="Foto"><svg:title>Kepala Dinas</svg:title></draw:frame>"#,
        ),
        (
            "note",
            "<text:p>Nama 2<text:note><text:note-body><text:p>lihat SK</text:p></text:note-body></text:note></text:p>",
        ),
        ("outside", "Kepala<text:p>Nama 2</text:p>"),
        ("two-spaces", "<text:p>Nama  2</text:p>"),
        ("spaces-across", "<text:p>Nama <text:span> 2</text:span></text:p>"),
        ("raw-tab", "<text:p>Nama&#9;2</text:p>"),
        ("raw-line", "<text:p>Nama\n2</text:p>"),
    ] {
        let run = score(&write(&format!("text-{what}.ods"), &ods("", &with(inner))), &[]);
        assert_eq!(run.code, 2, "{what}: {}", run.all());
        assert!(
            run.stderr.contains("[invalid_input] input: row 3 of a table holds a text cell"),
            "{what}: {}",
            run.stderr
        );
        assert!(!run.all().contains("Kepala") && !run.all().contains("Nama"), "{what}: {}", run.all());
    }
    let photo = with(
        r#"<office:annotation><text:p>diperiksa</text:p></office:annotation>
<text:p>Nama <text:span>2</text:span></text:p><draw:frame draw:name="Foto">
  <draw:image xlink:href="Pictures/1.png"/>
</draw:frame>"#,
    );
    let run = score(&write("text-photo.ods", &ods("", &photo)), &["--show-personal-data"]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
    assert!(run.stdout.contains("\"Nama 2\""), "{}", run.stdout);
    let spaced = with("<text:p>Nama <text:s/>2</text:p>");
    let run = score(&write("text-spaces.ods", &ods("", &spaced)), &["--show-personal-data"]);
    assert_eq!((run.code, run.counts()), (0, (3, 0)), "{}", run.all());
    assert!(run.stdout.contains("\"Nama  2\""), "{}", run.stdout);
}

/// XLSB: a defined name calamine finds inside another record's bytes after
/// the sheets (it steps over the records it does not read by their type
/// alone) refuses the file, as a sheet found so does: its formula went
/// unbounded into calamine (10.8 KB of names had run past a minute). A
/// number format's text starting with a byte-order mark's bytes likewise
/// (calamine decoded it in another encoding, and a number format became a
/// date's). A number is read as its style shows it (a fill character is no
/// date code), or refused when that depends on its value.
#[test]
fn xlsb_names_and_formats_are_read_as_written_or_refused() {
    let text = |col: u32, s: &str| {
        xlsb_rec(
            0x06,
            &[col.to_le_bytes(), 0u32.to_le_bytes()].concat().into_iter().chain(xlsb_wstr(s)).collect::<Vec<_>>(),
        )
    };
    let mut rows = vec![HEADERS.iter().enumerate().map(|(j, h)| text(j as u32, h)).collect::<Vec<_>>()];
    let d = data(1);
    let mut r: Vec<Vec<u8>> = d[..7].iter().enumerate().map(|(j, v)| text(j as u32, v)).collect();
    r.push(xlsb_rec(
        0x05,
        &[7u32.to_le_bytes().to_vec(), 0u32.to_le_bytes().to_vec(), 80f64.to_le_bytes().to_vec()].concat(),
    ));
    rows.push(r);
    let book = xlsb(&rows);
    let plain = score(&write("plain.xlsb", &book), &[]);
    assert_eq!((plain.code, plain.counts()), (0, (1, 0)), "{}", plain.all());
    // (a defined name `N`, formula PtgInt 1, as its own record, then inside a record of type 0x01)
    let name = [&[0u8; 9][..], &xlsb_wstr("N"), &3u32.to_le_bytes(), &[0x1E, 1, 0], &0u32.to_le_bytes()].concat();
    let names = |hidden: bool| {
        let rec = xlsb_rec(0x27, &name);
        let after = if hidden { xlsb_rec(0x01, &rec) } else { rec };
        rezip(&book, "xl/workbook.bin", &|wb| {
            let at = wb.windows(3).position(|w| w == [0x90, 0x01, 0x00]).unwrap() + 3;
            [&wb[..at], &after[..], &wb[at..]].concat()
        })
    };
    let run = score(&write("name.xlsb", &names(false)), &[]);
    assert_eq!((run.code, run.counts()), (0, (1, 0)), "{}", run.all());
    let run = score(&write("hidden-name.xlsb", &names(true)), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("[invalid_input] input:"), "{}", run.stderr);
    // (styles.bin: one number format, 164, its text's bytes EF BB BF then `m`; one cell style of it)
    let styles = |chars: &[u16]| {
        let mut fmt = 164u16.to_le_bytes().to_vec();
        fmt.extend((chars.len() as u32).to_le_bytes());
        fmt.extend(chars.iter().flat_map(|c| c.to_le_bytes()));
        let xf = [&0u16.to_le_bytes()[..], &164u16.to_le_bytes(), &[0u8; 12]].concat();
        [
            xlsb_rec(0x296, &[]),
            xlsb_rec(0x267, &1u32.to_le_bytes()),
            xlsb_rec(0x2C, &fmt),
            xlsb_rec(0x268, &[]),
            xlsb_rec(0x269, &1u32.to_le_bytes()),
            xlsb_rec(0x2F, &xf),
            xlsb_rec(0x26A, &[]),
            xlsb_rec(0x297, &[]),
        ]
        .concat()
    };
    let run = score(&write("format.xlsb", &add_part(&book, "xl/styles.bin", &styles(&[0x30]))), &[]);
    assert_eq!((run.code, run.counts()), (0, (1, 0)), "{}", run.all());
    // (the score's style a number padded with the letter `d`, `0*d`: a number as Excel shows it, a date to calamine;
    // one that is a date or a number by its value: refused, naming the cell)
    let units = |t: &str| t.encode_utf16().collect::<Vec<u16>>();
    let run = score(&write("format-fill.xlsb", &add_part(&book, "xl/styles.bin", &styles(&units("0*d")))), &[]);
    assert_eq!((run.code, run.counts()), (0, (1, 0)), "{}", run.all());
    let by_value = styles(&units("[<1000]dd/mm/yyyy;0"));
    let run = score(&write("format-by-value.xlsb", &add_part(&book, "xl/styles.bin", &by_value)), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("the number format of cell H2 shows it as a date or as a number"), "{}", run.stderr);
    let run = score(&write("format-bom.xlsb", &add_part(&book, "xl/styles.bin", &styles(&[0xBBEF, 0x6DBF]))), &[]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("byte-order-mark"), "{}", run.stderr);
}

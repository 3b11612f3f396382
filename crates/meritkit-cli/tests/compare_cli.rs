//! `meritkit compare`: two CSV files of the same people a year apart, scored by the core and compared
//! (the figures worked out by hand in tests/vectors/compare_movement_two_periods.json).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const A: &str = "NIP,Unit Kerja,Jenis Jabatan,Predikat Kinerja 2025,Nilai Potensial
198001112005011001,Dinas Pangan,Pelaksana,Sangat Baik,95
198001122005011001,Dinas Pangan,Pelaksana,Baik,80
198001132005011001,Dinas Kesehatan,Pelaksana,Butuh Perbaikan,60
198001142005011001,Dinas Kesehatan,Pelaksana,Sangat Baik,60
198001152005011001,Dinas Kesehatan,Pelaksana,Baik,95
";

// N1 9→7, N2 5→9, N3 1→1, N4 4→6, N5 gone, N6 new (box 8).
const B: &str = "NIP,Unit Kerja,Jenis Jabatan,Predikat Kinerja 2026,Nilai Potensial
198001112005011001,Dinas Pangan,Pelaksana,Sangat Baik,80
198001122005011001,Dinas Pangan,Pelaksana,Sangat Baik,95
198001132005011001,Dinas Kesehatan,Pelaksana,Butuh Perbaikan,60
198001142005011001,Dinas Kesehatan,Pelaksana,Butuh Perbaikan,95
198001162005011001,Dinas Pangan,Pelaksana,Baik,95
";

fn files(tag: &str, b: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("meritkit_compare_{tag}_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a_path, b_path) = (dir.join("a.csv"), dir.join("b.csv"));
    std::fs::write(&a_path, A).unwrap();
    std::fs::write(&b_path, b).unwrap();
    (dir, a_path, b_path)
}

fn run(args: &[&str], a: &Path, b: &Path) -> Output {
    let pa = format!("2025={}", a.display());
    let pb = format!("2026={}", b.display());
    Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "compare", "--period", &pa, "--period", &pb])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn text_table_of_the_agency_matrix() {
    let (dir, a, b) = files("text", B);
    let out = run(&["--date", "2025=2025-12-31", "--date", "2026=2026-12-31"], &a, &b);
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{s}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(s.contains("Movement 2025 → 2026"), "{s}");
    // row of box 5 (before): one person to box 9
    assert!(s.lines().any(|l| l.trim_start().starts_with("5 ") && l.split_whitespace().nth(9) == Some("1")), "{s}");
    assert!(
        s.contains(
            "matched 4 · stayed 1 · up 1 · down 1 · lateral 1 · without box 0 · new 1 · gone 1 · not compared 0"
        ),
        "{s}"
    );
    assert!(s.contains("agency talent pool: entered 2 · left 1"), "{s}");
    assert!(s.contains("national talent pool: entered 1 · left 1"), "{s}");
    // Indonesian labels with --lang id
    let pa = format!("2025={}", a.display());
    let pb = format!("2026={}", b.display());
    let out = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "id", "compare", "--period", &pa, "--period", &pb, "--date", "2026-12-31"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("Perpindahan 2025 → 2026") && s.contains("naik 1 · turun 1"), "{s}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn json_answer_with_error_rows_and_summary_detail() {
    let dup = format!("{B}198001162005011001,Dinas Pangan,Pelaksana,Baik,95\n");
    let (dir, a, b) = files("json", &dup);
    let o = dir.join("out.json");
    let out = run(&["--date", "2026-12-31", "-f", "json", "-o", o.to_str().unwrap()], &a, &b);
    assert_eq!(out.status.code(), Some(3), "a duplicate NIP is an error row: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&o).unwrap()).unwrap();
    let c = &v["changes"][0];
    assert_eq!(c["counts"]["matched"], 4);
    assert_eq!(c["counts"]["moved_up"], 1);
    assert_eq!(c["new"][0]["nip"], "198001162005011001");
    assert_eq!(c["new"][0]["box"], 8);
    assert_eq!(c["gone"][0]["nip"], "198001152005011001");
    assert_eq!(v["periods"][1]["errors"], 1);
    assert_eq!(v["errors"][0]["code"], "duplicate_nip");
    assert_eq!(v["errors"][0]["row"], 5);
    assert!(v["errors"][0].get("nip").is_none(), "error rows name no NIP without --show-personal-data");
    let out = run(&["--date", "2026-12-31", "-f", "json", "--detail", "summary", "--min-move", "1"], &a, &b);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("people").is_none() && v["changes"][0].get("new").is_none());
    assert_eq!(v["changes"][0]["pools"]["instansi"]["entered_count"], 2);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn refused_input_exits_2() {
    let (dir, a, b) = files("refused", B);
    // dates out of chronological order
    let out = run(&["--date", "2025=2026-12-31", "--date", "2026=2025-12-31"], &a, &b);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("periods[1].date"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // one period only
    let out = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["compare", "--period", &format!("2025={}", a.display())])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // a missing file
    let out = run(&[], &a, &dir.join("nope.csv"));
    assert_eq!(out.status.code(), Some(2));
    // the output over an input
    let out = run(&["-o", a.to_str().unwrap()], &a, &b);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), A, "the input is left as it was");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The agencies' report with `--previous`: a movement section whose matrix is the one `compare` computes for
/// the same two files, and no NIP in it when redacted.
#[test]
fn report_movement_section_is_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_meritkit");
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for (flag, f) in [("--export", &a), ("--export-next", &b)] {
        assert!(std::process::Command::new(bin).args(["demo", flag]).arg(f).status().unwrap().success());
    }
    let cmp = std::process::Command::new(bin)
        .args(["--lang", "en", "compare", "-f", "json", "--date", "2026=2026-01-02", "--date", "2027=2027-01-02"])
        .arg("--period")
        .arg(format!("2026={}", a.display()))
        .arg("--period")
        .arg(format!("2027={}", b.display()))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&cmp.stdout).unwrap();
    let cells = v["changes"][0]["matrix"].as_array().unwrap();
    let five_to_seven =
        cells.iter().find(|c| c["from_box"] == 5 && c["to_box"] == 7).unwrap()["count"].as_u64().unwrap();
    let html = dir.path().join("r.html");
    let o = std::process::Command::new(bin)
        .args(["--lang", "en", "report", "-q", "--date", "2027-01-02", "--previous-date", "2026-01-02", "-i"])
        .arg(&b)
        .arg("--previous")
        .arg(&a)
        .arg("-o")
        .arg(&html)
        .output()
        .unwrap();
    assert!(o.status.code() == Some(0) || o.status.code() == Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    let s = std::fs::read_to_string(&html).unwrap();
    let sec = &s[s.find(r#"<section id="perpindahan">"#).unwrap()..];
    let sec = &sec[..sec.find("</section>").unwrap()];
    assert!(sec.contains("Agency movement matrix 2026 → 2027"), "{sec}");
    // row 5 of the matrix table, column 7: the same count as compare's
    let row5 = sec.split("<tr>").find(|r| r.starts_with("<td>5</td>")).unwrap();
    let cells_html: Vec<&str> =
        row5.split("<td").skip(1).map(|c| c.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("")).collect();
    assert_eq!(cells_html[7], five_to_seven.to_string(), "{row5}");
    // redacted: no NIP of the people who moved two levels or more
    let o = std::process::Command::new(bin)
        .args(["report", "-q", "--date", "2027-01-02", "--previous-date", "2026-01-02", "--redact", "-i"])
        .arg(&b)
        .arg("--previous")
        .arg(&a)
        .arg("-o")
        .arg(&html)
        .env("MERITKIT_REDACT_KEY", "a-long-random-key-for-the-tests-42")
        .output()
        .unwrap();
    assert!(o.status.code() == Some(0) || o.status.code() == Some(3));
    let s = std::fs::read_to_string(&html).unwrap();
    let nip = v["changes"][0]["large_moves"][0]["nip"].as_str().unwrap();
    assert!(!s.contains(nip));
    assert!(s.contains(r#"<section id="perpindahan">"#));
}

//! Output safety (issue 11): every CSV writer neutralises cells a spreadsheet
//! would run as a formula (golden CSV per writer), and every table printer
//! shows control, escape and bidi characters of the input as visible escapes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meritkit"))
}

fn tmp(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("meritkit-safe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn stdout(args: &[&str]) -> (String, String) {
    let out = bin().args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 3)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const BUDI: &str = r#"{"nip": "198503152010011002", "name": "=HYPERLINK(\"http://x\",\"klik\")", "unit": "@SUM(A1:A9)",
  "position": {"kind": "administrator"}, "rank": "III/d", "performance": [{"year": 2025, "predikat": "Sangat Baik"}], "potential_score": 91.5}"#;

/// (An unknown JSON key is named only when it looks like a field name,
/// `meritkit::diag::plausible_label`: `-cmd` is, `=cmd|' /C calc'!A0` is not
/// named at all; a named one reaches `error_path` neutralised.)
#[test]
fn score_csv_golden() {
    let input = tmp(
        "score.json",
        &format!(
            r#"[{BUDI},
        {{"nip": "198503152010011003", "unit": "-0.5", "position": {{"kind": "pengawas"}}, "-cmd": 1}},
        {{"nip": "-1+1", "unit": "+X", "position": {{"kind": "pengawas"}}}}]"#
        ),
    );
    let (csv, _) = stdout(&["score", "--input", input.to_str().unwrap(), "--format", "csv", "--date", "2026-01-02"]);
    let expected = "\
row,nip,name,unit,position_kind,status,box,performance_level,potential_level,potential_score,jpm,jpm_selection,jpm_mapping,latest_predikat,talent_pool,follow_up,missing,error_code,error_path,error_message,origin
0,198503152010011002,\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\",'@SUM(A1:A9),administrator,placed,9,di_atas_ekspektasi,tinggi,91.5,,,,sangat_baik,instansi|nasional,dipromosikan dan dipertahankan; masuk kelompok rencana suksesi instansi/nasional; penghargaan,,,,,#1
1,,,,,error,,,,,,,,,,,,unknown_field,'-cmd,\"unknown field `-cmd`, expected one of `nip`, `name`, `unit`, `position`, `rank`, `education`, `performance`, `performance_score`, `competency`, `jpm`, `potential_score`, `potential_aspects`, `potential_assessment_score`, `track_record_score`, `track_record`, `birth_date`, `discipline`, `position_history`, `attributes`\",#2
2,,,,,error,,,,,,,,,,,,nip_format,nip,NIP must be exactly 18 digits (got 4 characters),#3
";
    assert_eq!(csv, expected);
}

#[test]
fn validate_csv_golden_reasons_from_rule_templates() {
    let rules = tmp("r.toml", "name = \"lokal\"\nversion = \"1\"\nimplements = \"-\"\n\n[[rules]]\nid = \"d3\"\ncitation = \"-\"\nseverity = \"error\"\n\
        message = { en = \"=HYPERLINK(\\\"http://x\\\") {actual}\", id = \"-cmd {actual}\" }\nwhen = { kind = \"education_at_least\", level = \"D-III\" }\n");
    let input = tmp(
        "v.json",
        r#"[{"nip": "198503152010011002", "name": "Budi", "unit": "@SUM(A1:A9)", "position": {"kind": "administrator"}, "education": "SMA"},
        {"nip": "198503152010011003", "unit": "-0.5", "position": {"kind": "administrator"}, "education": "S1"},
        {"nip": "198503152010011004", "unit": "X", "position": {"kind": "administrator"}, "\tx": 1}]"#,
    );
    let args = |lang| {
        vec![
            "validate",
            "--input",
            input.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
            "--date",
            "2026-01-02",
            "--format",
            "csv",
            "--lang",
            lang,
        ]
    };
    let known = "`nip`, `name`, `unit`, `position`, `rank`, `education`, `performance`, `performance_score`, `competency`, `jpm`, `potential_score`, `potential_aspects`, `potential_assessment_score`, `track_record_score`, `track_record`, `birth_date`, `discipline`, `position_history`, `attributes`";
    let (en, _) = stdout(&args("en"));
    assert_eq!(
        en,
        format!(
            "\
row,nip,unit,eligible,d3,reasons,error_code,error_path,error_message,origin
0,198503152010011002,'@SUM(A1:A9),false,fail,\"'=HYPERLINK(\"\"http://x\"\") SMA\",,,,#1
1,198503152010011003,-0.5,true,pass,,,,,#2
2,,,error,,,unknown_field,x,\"unknown field `x`, expected one of {known}\",#3
"
        )
    );
    let (id, _) = stdout(&args("id"));
    assert_eq!(id.lines().nth(1).unwrap(), "0,198503152010011002,'@SUM(A1:A9),false,fail,'-cmd SMA,,,,#1");
}

#[test]
fn succession_csv_golden() {
    let positions =
        tmp("p.json", r#"[{"id": "=JT-1", "title": "@Kepala Seksi", "unit": "+Dinas Pangan", "kind": "pengawas"}]"#);
    let input = tmp(
        "e.json",
        r#"[{"nip": "198503152010011002", "name": "-2+3 Budi", "unit": "=Dinas Pangan", "position": {"kind": "pelaksana", "since": "2015-01-01"},
        "rank": "III/b", "education": "S1", "performance": [{"year": 2024, "predikat": "Sangat Baik"}, {"year": 2025, "predikat": "Sangat Baik"}],
        "potential_score": 91.5, "competency": {"integritas": 4, "kerja_sama": 4, "komunikasi": 4, "orientasi_pada_hasil": 4, "pelayanan_publik": 4,
        "pengembangan_diri_dan_orang_lain": 4, "mengelola_perubahan": 4, "pengambilan_keputusan": 4, "perekat_bangsa": 4}}]"#,
    );
    let args = |f| {
        vec![
            "succession",
            "--input",
            input.to_str().unwrap(),
            "--positions",
            positions.to_str().unwrap(),
            "--date",
            "2026-01-02",
            "--gate",
            "builtin",
            "--method",
            "saw",
            "--format",
            f,
        ]
    };
    let (json, _) = stdout(&args("json"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let score = v["positions"][0]["candidates"][0]["score"].as_f64().unwrap();
    let (csv, _) = stdout(&args("csv"));
    // The score cell is the program's own number (compared as a number); every text cell is exact.
    let cell = csv.lines().nth(1).unwrap().split(',').nth(9).unwrap().to_string();
    assert!((cell.parse::<f64>().unwrap() - score).abs() < 1e-12, "{cell} vs {score}");
    assert_eq!(
        csv,
        format!(
            "\
position_id,position_title,unit,method,rank,competition_rank,nip,name,candidate_unit,score,readiness,box,jpm,emergency
'=JT-1,'@Kepala Seksi,'+Dinas Pangan,saw,1,1,198503152010011002,'-2+3 Budi,'=Dinas Pangan,{cell},ready_now,9,100,false
"
        )
    );
}

/// Raw terminal controls that must never reach a table.
fn assert_no_raw_controls(s: &str, what: &str) {
    for c in s.chars() {
        assert!(
            c == '\n'
                || !(c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')),
            "{what}: raw {:?} in\n{s}",
            c
        );
    }
}

#[test]
fn tables_show_control_escape_and_bidi_characters_as_visible_escapes() {
    let evil_unit = "Dinas\u{1b}[2J\u{1b}]0;pwned\u{7} Pangan";
    let evil_name = "Budi\u{202e}inaM\u{9b}31m\nrow 99 forged";
    let input = tmp("t.json", &serde_json::to_string(&serde_json::json!([
        {"nip": "198503152010011002", "name": evil_name, "unit": evil_unit, "position": {"kind": "pelaksana", "since": "2015-01-01"},
         "rank": "III/b", "education": "S1", "performance": [{"year": 2024, "predikat": "Sangat Baik"}, {"year": 2025, "predikat": "Sangat Baik"}],
         "potential_score": 91.5, "competency": {"integritas": 4, "kerja_sama": 4, "komunikasi": 4, "orientasi_pada_hasil": 4, "pelayanan_publik": 4,
         "pengembangan_diri_dan_orang_lain": 4, "mengelola_perubahan": 4, "pengambilan_keputusan": 4, "perekat_bangsa": 4}},
        {"nip": "1", "unit": "X", "position": {"kind": "pengawas"}, "attr\u{1b}[31m": 1}
    ])).unwrap());
    let positions = tmp(
        "tp.json",
        &serde_json::to_string(&serde_json::json!([
        {"id": "JT\u{1b}[5m", "title": "Kepala\u{2066} Seksi", "unit": evil_unit, "kind": "pengawas"}]))
        .unwrap(),
    );
    // TOML escapes `\u001b` put a raw ESC in the rule set's `implements` and message.
    let rules = tmp("tr.toml", "name = \"lokal\"\nversion = \"1\"\nimplements = \"Perbup\\u001b[1m\"\n\n[[rules]]\nid = \"d3\"\ncitation = \"-\"\nseverity = \"error\"\n\
        message = { en = \"\\u001b[31mred {actual}\", id = \"\\u001b[31mmerah {actual}\" }\nwhen = { kind = \"education_at_least\", level = \"S2\" }\n");
    let i = input.to_str().unwrap();
    let runs = [
        vec!["score", "--input", i, "--date", "2026-01-02"],
        vec!["validate", "--input", i, "--rules", rules.to_str().unwrap(), "--date", "2026-01-02"],
        vec![
            "succession",
            "--input",
            i,
            "--positions",
            positions.to_str().unwrap(),
            "--date",
            "2026-01-02",
            "--gate",
            "builtin",
            "--method",
            "saw",
        ],
    ];
    for args in &runs {
        let (out, err) = stdout(args);
        assert_no_raw_controls(&out, args[0]);
        assert_no_raw_controls(&err, args[0]);
        assert!(out.contains("\\u{1b}"), "{}: ESC shown as a visible escape:\n{out}", args[0]);
        assert!(!out.lines().any(|l| l.starts_with("row 99 forged")), "{}: a name cannot start a line", args[0]);
    }
    let (out, _) = stdout(&runs[2]);
    assert!(out.contains("Budi\\u{202e}inaM\\u{9b}31m"), "{out}"); // (the name column is cut at 26 characters)
    assert!(out.contains("Kepala\\u{2066} Seksi"), "{out}");
    // stderr of a refused file: the key is stripped of its controls
    let bad = tmp("bad.json", "{\"records\": 1, \"\u{1b}[2J\": 2}");
    let out = bin().args(["score", "--input", bad.to_str().unwrap()]).output().unwrap();
    assert_no_raw_controls(&String::from_utf8_lossy(&out.stderr), "stderr");
}

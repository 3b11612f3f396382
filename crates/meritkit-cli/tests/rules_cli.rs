//! `meritkit validate` and `meritkit rules` end to end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meritkit"))
}

fn tmp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("meritkit-rules-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const RECORDS: &str = r#"[
 {"nip": "196906162000031001", "unit": "Dinas Pangan", "position": {"kind": "administrator", "since": "2022-01-01"},
  "rank": "IV/b", "education": "S1", "performance": [{"year": 2024, "predikat": "Baik"}, {"year": 2025, "predikat": "Baik"}]},
 {"nip": "196906152000031001", "unit": "Dinas Pangan", "position": {"kind": "administrator", "since": "2022-01-01"},
  "rank": "IV/b", "education": "S1", "performance": [{"year": 2024, "predikat": "Baik"}, {"year": 2025, "predikat": "Baik"}]},
 {"nip": "x", "unit": "Dinas Pangan"}
]"#;

#[test]
fn validate_json_output_and_exit_code() {
    let input = tmp("in.json", RECORDS);
    let out = bin()
        .args(["validate", "--rules", "jpt_pratama", "--date", "2026-06-15", "--format", "json", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "one unreadable row");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rule_set"]["name"], "jpt_pratama");
    assert_eq!(v["results"][0]["eligible"], true);
    assert_eq!(v["results"][1]["eligible"], false);
    let age = v["results"][1]["rules"].as_array().unwrap().iter().find(|r| r["id"] == "usia_maksimal").unwrap().clone();
    assert_eq!(age["actual"], 57);
    assert_eq!(age["reason"]["id"], "usia 57 tahun melebihi batas 56 tahun untuk JPT Pratama");
    assert_eq!(v["errors"][0]["row"], 2);
}

#[test]
fn validate_table_and_csv() {
    let input = tmp("in2.json", RECORDS);
    let out = bin()
        .args(["--lang", "en", "validate", "--rules", "jpt_pratama", "--date", "2026-06-15", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("age 57 exceeds the limit of 56 for JPT Pratama"), "{s}");
    assert!(s.contains("usia_maksimal"));
    let out = bin()
        .args(["validate", "--rules", "jpt_pratama", "--date", "2026-06-15", "--format", "csv", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines[0].starts_with("row,nip,unit,eligible,pendidikan_minimal"));
    assert_eq!(lines.len(), 4, "header + every input row");
    assert!(lines[2].contains("false"));
}

#[test]
fn validate_with_local_rule_file() {
    let rules = tmp("lokal.toml", "name = \"lokal\"\nversion = \"1\"\nimplements = \"Perbup 1/2026\"\n[[rules]]\nid = \"d3\"\ncitation = \"Perbup 1/2026\"\nseverity = \"error\"\nmessage = { en = \"education {actual} below {expected}\", id = \"pendidikan {actual} di bawah {expected}\" }\nwhen = { kind = \"education_at_least\", level = \"D-III\" }\n");
    let input = tmp("in3.json", RECORDS);
    let out = bin()
        .args(["validate", "--date", "2026-06-15", "--format", "json", "--rules"])
        .arg(&rules)
        .arg("--input")
        .arg(&input)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rule_set"]["name"], "lokal");
    assert_eq!(v["summary"]["total"]["eligible"], 2);
}

#[test]
fn rules_check_reports_located_problems() {
    let bad = tmp("bad.toml", "name = \"lokal\"\nversion = \"1\"\nimplements = \"-\"\n[[rules]]\nid = \"a\"\ncitation = \"-\"\nseverity = \"error\"\nmessage = { en = \"x\", id = \"y\" }\nwhen = { kind = \"attribute_in\", key = \"agama\", values = [\"x\"] }\n");
    let out = bin().args(["--lang", "en", "rules", "check"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("[protected_attribute] rules[0].when.key"), "{err}");
    assert!(err.contains("invalid rule set"), "{err}");
    assert!(err.contains("agama"));
    let out = bin().args(["rules", "list"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    for n in ["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "talent_pool_entry", "data_quality"]
    {
        assert!(s.contains(n), "{n}");
    }
    let out = bin().args(["rules", "show", "data_quality", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["name"], "data_quality");
    let out = bin().args(["rules", "schema"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("no_discipline"));
}

#[test]
fn demo_shows_merit_section() {
    let out = bin().args(["--lang", "en", "demo"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("talent-pool members (KRS) meeting the eligibility rules"));
    assert!(s.contains("Data quality"));
    // the finding named by its rule's title (rule `nip_struktur`), not its id
    assert!(s.contains("NIP structure 4"), "the demo's four malformed NIPs are data-quality findings");
}

/// `rules show` and `policy show` print where each rule and policy field
/// comes from; `policy regulation-doc` prints docs/regulation.md exactly.
#[test]
fn basis_is_shown_and_regulation_doc_is_current() {
    let out = bin().args(["--lang", "en", "rules", "show", "administrator"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let line = |id: &str| {
        s.lines().find(|l| l.starts_with("#") && l.contains(id)).unwrap_or_else(|| panic!("{id}: {s}")).to_string()
    };
    assert!(line("status_pns").contains("PP 11/2017 Ps. 54"));
    assert!(line("pangkat_minimal").contains("PP 100/2000 jo PP 13/2002 Ps. 5"));
    assert!(line("bebas_hukuman_disiplin").contains("local_practice"));
    let out = bin().args(["--lang", "en", "policy", "show", "permenpanrb_3_2020"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let cut = s.lines().find(|l| l.starts_with('#') && l.contains("potential.cutoffs")).unwrap();
    assert!(cut.contains("local_practice"), "{cut}");
    let grid = s.lines().find(|l| l.starts_with('#') && l.contains(" grid ")).unwrap();
    assert!(grid.contains("ministerial_regulation") && grid.contains("PermenPANRB 3/2020"), "{grid}");
    let out = bin().args(["policy", "show", "permenpanrb_3_2020", "--json"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let json_start = text.find('{').unwrap();
    let v: serde_json::Value = serde_json::from_str(&text[json_start..]).unwrap();
    assert_eq!(v["basis"]["performance.mapping"]["kind"], "local_practice");
    let out = bin().args(["policy", "regulation-doc"]).output().unwrap();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/regulation.md")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), doc);
}

/// REPORT finding 5/6: a mapping may not rename a protected column to a neutral name (the guard would no
/// longer see it), and a competency named after a protected ground in the data is a row error.
#[test]
fn protected_source_headers_and_competency_keys_are_guarded() {
    let csv = tmp("jk.csv", "NIP;Unit Kerja;Jenis Jabatan;Golongan;Predikat Kinerja 2025;Nilai Potensi;Jenis Kelamin\n198001012005011001;Dinas A;Pengawas;III/c;Baik;80;L\n");
    for (target, code) in [("attr_grp", Some(2)), ("attr_kategori", Some(2)), ("attr_jenis_kelamin", Some(0))] {
        let map = tmp(&format!("map_{target}.toml"), &format!("[columns]\n\"Jenis Kelamin\" = \"{target}\"\n"));
        let html = map.with_extension("html");
        let out = bin()
            .args(["--lang", "en", "report", "--date", "2026-01-01", "--input"])
            .arg(&csv)
            .arg("--mapping")
            .arg(&map)
            .arg("-o")
            .arg(&html)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code() == Some(2), code == Some(2), "{target}: {err}");
        assert_eq!(err.contains("protected_attribute"), code == Some(2), "{target}: {err}");
    }
    for (key, bad) in [
        ("agama", true),
        ("usianya", true),
        ("\u{1D00}\u{0262}\u{1D00}\u{1D0D}\u{1D00}", true),
        ("integritas", false),
        ("kerja_sama", false),
    ] {
        let rec = format!(
            r#"[{{"nip": "198001012005011001", "unit": "Dinas A", "position": {{"kind": "pengawas", "since": "2020-01-01"}}, "rank": "III/c",
            "performance": [{{"year": 2025, "predikat": "Baik"}}], "potential_score": 80, "competency": {{"{key}": 3}}}}]"#
        );
        let input = tmp("comp.json", &rec);
        let out =
            bin().args(["score", "--date", "2026-01-01", "--format", "json", "--input"]).arg(&input).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(if bad { 3 } else { 0 }), "{key}: {all}");
        assert_eq!(all.contains("protected_attribute"), bad, "{key}: {all}");
    }
}

#[test]
fn a_rule_file_that_is_not_there_is_named_as_missing_not_as_an_unknown_built_in() {
    for spec in ["/nonexistent/Siti Aminah.toml", "lokal.json", "aturan\\lokal"] {
        let out = bin().args(["--lang", "en", "rules", "check", spec]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{spec}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("invalid rule set") && err.contains("[invalid_rule_set]"), "{spec}: {err}");
        assert!(err.contains("does not exist") && !err.contains("Siti"), "{spec}: {err}");
    }
    let out = bin().args(["--lang", "en", "rules", "show", "no_such_rules"]).output().unwrap();
    assert!(String::from_utf8(out.stderr).unwrap().contains("[unknown_rule_set]"));
}

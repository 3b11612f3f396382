//! `meritkit succession` end to end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meritkit"))
}

#[test]
fn succession_json_and_csv_on_the_demo_data() {
    let dir = std::env::temp_dir().join(format!("meritkit-succ-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("demo.json");
    let positions = dir.join("positions.json");
    assert!(bin().args(["demo", "--export"]).arg(&input).status().unwrap().success());
    std::fs::write(&positions, serde_json::to_string(&meritkit::generate::demo_positions()).unwrap()).unwrap();
    let out = bin()
        .args(["succession", "--format", "json", "--date", "2026-01-02", "--top", "3", "--method", "topsis", "--input"])
        .arg(&input)
        .arg("--positions")
        .arg(&positions)
        .output()
        .unwrap();
    // the demo data contains a few bad rows: exit code 3, rows reported in `errors`
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!v["errors"].as_array().unwrap().is_empty());
    let ps = v["positions"].as_array().unwrap();
    assert_eq!(ps.len(), 6);
    for p in ps {
        assert_eq!(p["method"], "topsis");
        let cs = p["candidates"].as_array().unwrap();
        assert!(cs.len() <= 3);
        for c in cs {
            assert!(["ready_now", "ready_1_2_years", "ready_3_plus_years", "not_ready"]
                .contains(&c["readiness"].as_str().unwrap()));
            assert!(c["d_plus"].is_number() && c["d_minus"].is_number());
            assert_eq!(c["gates"].as_array().unwrap().len(), 6);
        }
    }
    assert!(v["bench"]["overall"]["positions"] == 6);
    let csv = bin()
        .args(["succession", "--format", "csv", "--date", "2026-01-02", "--top", "2", "--input"])
        .arg(&input)
        .arg("--positions")
        .arg(&positions)
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with("position_id,position_title,unit,method,rank,competition_rank,nip"));
    assert!(text.lines().count() >= 2);
    // unusable positions file: exit 2 with a located error
    std::fs::write(&positions, r#"[{"id": "X", "title": "T", "unit": "U", "kind": "lurah"}]"#).unwrap();
    let bad = bin()
        .args(["succession", "--date", "2026-01-02", "--input"])
        .arg(&input)
        .arg("--positions")
        .arg(&positions)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("positions[0].kind"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A position standard, a weight or a `gap:` criterion named after a protected
/// attribute (UU 5/2014 Ps. 1; UU 20/2023) makes the run unusable: exit 2, the key located.
#[test]
fn succession_refuses_protected_attributes_in_standards_and_weights() {
    let dir = std::env::temp_dir().join(format!("meritkit-succ-guard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("demo.json");
    assert!(bin().args(["demo", "--export"]).arg(&input).status().unwrap().success());
    let ok_positions = dir.join("ok.json");
    std::fs::write(&ok_positions, r#"[{"id": "P", "title": "T", "unit": "U", "kind": "administrator"}]"#).unwrap();
    let run = |positions: &std::path::Path, policy: Option<&std::path::Path>| {
        let mut c = bin();
        c.args(["--lang", "en", "succession", "--date", "2026-01-02", "--gate", "builtin", "--input"])
            .arg(&input)
            .arg("--positions")
            .arg(positions);
        if let Some(p) = policy {
            c.arg("--succession-policy").arg(p);
        }
        c.output().unwrap()
    };
    // the same run without a protected key works
    assert_ne!(run(&ok_positions, None).status.code(), Some(2));
    let positions = dir.join("positions.json");
    std::fs::write(&positions, r#"[{"id": "P", "title": "T", "unit": "U", "kind": "administrator", "standard": {"integritas": 3, "jenisKelamin": 3}}]"#).unwrap();
    let out = run(&positions, None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[protected_attribute] positions[0].standard.jenisKelamin") && err.contains("`jenis_kelamin`"),
        "{err}"
    );
    for (weights, path, ground) in [
        ("{\"jpm\": 0.5, \"umur\": 0.5}", "weights.umur", "umur"),
        ("{\"jpm\": 0.5, \"gap:agama\": 0.5}", "weights.gap:agama", "agama"),
    ] {
        let pol = dir.join("policy.json");
        std::fs::write(&pol, format!("{{\"weights\": {weights}}}")).unwrap();
        let out = run(&ok_positions, Some(&pol));
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("[protected_attribute] {path}")) && err.contains(&format!("`{ground}`")),
            "{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Finding 3b of the issue-11 attack: with `--format csv` (candidates only)
/// and the table format, every error row is named (row, code, path) like in
/// `score`, on stderr for CSV; never a NIP (value-free messages).
#[test]
fn succession_names_its_error_rows_in_every_format() {
    let dir = std::env::temp_dir().join(format!("meritkit-succ-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("demo.json");
    let positions = dir.join("positions.json");
    assert!(bin().args(["demo", "--export"]).arg(&input).status().unwrap().success());
    std::fs::write(&positions, serde_json::to_string(&meritkit::generate::demo_positions()).unwrap()).unwrap();
    let run = |format: &str| {
        bin()
            .args(["succession", "--lang", "en", "--format", format, "--date", "2026-01-02", "--input"])
            .arg(&input)
            .arg("--positions")
            .arg(&positions)
            .output()
            .unwrap()
    };
    let json = run("json");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert!(!errors.is_empty(), "the demo data holds bad rows");
    let csv = run("csv");
    assert_eq!(csv.status.code(), Some(3));
    let err = String::from_utf8(csv.stderr).unwrap();
    assert!(err.contains(&format!("{} row(s) with errors", errors.len())), "{err}");
    let table = String::from_utf8(run("table").stdout).unwrap();
    for e in errors {
        let line = format!("row {} ", e["row"]);
        let code = format!("[{}]", e["code"].as_str().unwrap());
        assert!(err.lines().any(|l| l.contains(&line) && l.contains(&code)), "stderr names {line}{code}: {err}");
        assert!(table.lines().any(|l| l.contains(&line) && l.contains(&code)), "table names {line}{code}");
    }
    let digits18 = |s: &str| s.as_bytes().windows(18).any(|w| w.iter().all(u8::is_ascii_digit));
    assert!(!digits18(&err), "no NIP on stderr: {err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Finding 10: stdin named for both files is refused up front (exit 2,
/// `invalid_request` naming `positions`), not read as an empty second file.
#[test]
fn stdin_named_twice_is_refused() {
    let out = bin()
        .args(["succession", "--lang", "en", "-i", "-", "--positions", "-", "--date", "2026-01-02"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid_request") && err.contains("read once"), "{err}");
}

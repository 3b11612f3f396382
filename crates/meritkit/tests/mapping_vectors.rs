//! Runs the shared `tests/vectors/mapping_*.json` cases (spreadsheet header
//! mapping) through `api::call_json`, with the subset matching of
//! `tests/vectors/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::PathBuf;

fn matches(exp: &Value, got: &Value, path: &str, errs: &mut Vec<String>) {
    match (exp, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (k, ev) in e {
                match g.get(k) {
                    Some(gv) => matches(ev, gv, &format!("{path}.{k}"), errs),
                    None => errs.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(g)) => {
            if e.len() != g.len() {
                errs.push(format!("{path}: length {} != {}", g.len(), e.len()));
                return;
            }
            for (i, (ev, gv)) in e.iter().zip(g).enumerate() {
                matches(ev, gv, &format!("{path}[{i}]"), errs);
            }
        }
        (Value::Number(e), Value::Number(g)) => {
            let (e, g) = (e.as_f64().unwrap(), g.as_f64().unwrap());
            let tol = if e.abs() < 1e-12 { 1e-12 } else { e.abs() * 1e-9 };
            if (e - g).abs() > tol {
                errs.push(format!("{path}: {g} != {e}"));
            }
        }
        (e, g) if e == g => {}
        (e, g) => errs.push(format!("{path}: {g} != {e}")),
    }
}

#[test]
fn mapping_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut n = 0;
    let mut failures = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("mapping_") && name.ends_with(".json")) {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let got: Value = serde_json::from_str(&meritkit::api::call_json(case["function"].as_str().unwrap(), &case["request"].to_string())).unwrap();
        let mut errs = Vec::new();
        matches(&case["expect"], &got, "", &mut errs);
        if !errs.is_empty() {
            failures.push(format!("{name}: {}", errs.join("; ")));
        }
        n += 1;
    }
    assert!(n >= 2, "mapping vectors found: {n}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

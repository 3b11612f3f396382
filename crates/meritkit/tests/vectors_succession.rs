//! Runs the shared vectors of the succession work (`mcdm_*`, `ahp_*`,
//! `adverse_impact_*`, `succession_*` in `tests/vectors/`) through
//! `api::call_json`, with the subset-matching rule of `tests/vectors/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::PathBuf;

fn matches(exp: &Value, got: &Value, path: &str, errs: &mut Vec<String>) {
    match (exp, got) {
        (Value::Object(e), Value::Object(g)) => {
            for (k, v) in e {
                match g.get(k) {
                    Some(gv) => matches(v, gv, &format!("{path}.{k}"), errs),
                    None => errs.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(g)) => {
            if e.len() != g.len() {
                errs.push(format!("{path}: length {} != {}", g.len(), e.len()));
                return;
            }
            for (i, (a, b)) in e.iter().zip(g).enumerate() {
                matches(a, b, &format!("{path}[{i}]"), errs);
            }
        }
        (Value::Number(e), Value::Number(g)) => {
            let (x, y) = (e.as_f64().unwrap(), g.as_f64().unwrap());
            let ok = (x - y).abs() <= 1e-12 || (x - y).abs() <= 1e-9 * x.abs().max(y.abs());
            if !ok {
                errs.push(format!("{path}: {y} != {x}"));
            }
        }
        (e, g) => {
            if e != g {
                errs.push(format!("{path}: {g} != {e}"));
            }
        }
    }
}

#[test]
fn succession_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut n = 0;
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for p in files {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let ours = ["mcdm_", "ahp_", "adverse_impact_", "succession_"].iter().any(|x| name.starts_with(x));
        if !ours || !name.ends_with(".json") {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let answer: Value = serde_json::from_str(&meritkit::api::call_json(case["function"].as_str().unwrap(), &case["request"].to_string())).unwrap();
        let mut errs = Vec::new();
        matches(&case["expect"], &answer, "", &mut errs);
        if !errs.is_empty() {
            failures.push(format!("{name}: {}", errs.join("; ")));
        }
        n += 1;
    }
    assert!(n >= 18, "expected the committed vectors, found {n}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

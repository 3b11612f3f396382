//! Runs the shared `tests/vectors/rules_*.json` cases through
//! `api::call_json`, with the subset matching of `tests/vectors/README.md`.
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
fn rules_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("rules_") && name.ends_with(".json")) {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let answer: Value = serde_json::from_str(&meritkit::api::call_json(
            case["function"].as_str().unwrap(),
            &case["request"].to_string(),
        ))
        .unwrap();
        let mut errs = Vec::new();
        matches(&case["expect"], &answer, "", &mut errs);
        assert!(errs.is_empty(), "{name}: {errs:#?}\nanswer: {answer}");
        n += 1;
    }
    assert!(n >= 8, "expected the rules_* vectors, found {n}");
}

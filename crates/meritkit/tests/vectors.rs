//! Runs every shared case in `tests/vectors/` through `api::call_json` and
//! matches the answer by the subset rule of `tests/vectors/README.md`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::PathBuf;

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// Subset match; returns the path of the first mismatch.
pub fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).ok_or_else(|| format!("{path}.{k}: missing in answer"))?;
                subset(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} elements, got {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
            if close(e, a) {
                Ok(())
            } else {
                Err(format!("{path}: expected {e}, got {a}"))
            }
        }
        (e, a) => {
            if e == a {
                Ok(())
            } else {
                Err(format!("{path}: expected {e}, got {a}"))
            }
        }
    }
}

#[test]
fn shared_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    // (tests/vectors/native/: functions of native builds only, not run by the WebAssembly package)
    let mut files: Vec<PathBuf> = [dir.clone(), dir.join("native")]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "expected the shared vectors in {}", dir.display());
    let mut failures = Vec::new();
    let mut ran = 0;
    for f in &files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let function = case["function"].as_str().unwrap();
        let answer: Value =
            serde_json::from_str(&meritkit::api::call_json(function, &case["request"].to_string())).unwrap();
        if answer["ok"] == false
            && answer["error"]["problems"][0]["message"]["en"].as_str().is_some_and(|m| m.contains("unknown function"))
        {
            failures.push(format!("{}: function `{function}` is not implemented", f.display()));
            continue;
        }
        ran += 1;
        if let Err(e) = subset(&case["expect"], &answer, "") {
            failures.push(format!("{}: {e}", f.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    eprintln!("{ran} shared vectors passed");
}

#[test]
fn subset_rule_can_fail() {
    let a = serde_json::json!({"x": [1, {"y": 2.0}], "z": "s"});
    assert!(subset(&serde_json::json!({"x": [1, {"y": 2}]}), &a, "").is_ok());
    assert!(subset(&serde_json::json!({"x": [1]}), &a, "").is_err());
    assert!(subset(&serde_json::json!({"x": [1, {"y": 3}]}), &a, "").is_err());
    assert!(subset(&serde_json::json!({"w": 1}), &a, "").is_err());
    assert!(subset(&serde_json::json!({"z": "t"}), &a, "").is_err());
}

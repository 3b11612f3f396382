//! Every element of a `score` request is accounted for: a record that is not
//! a JSON object is an error row at its index, never dropped (what the Python
//! `score_json` / `score_records` and the wasm `score` bindings pass through).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use meritkit::generate::demo_rows;

#[test]
fn non_object_records_are_error_rows_at_their_index() {
    let demo = demo_rows();
    let records = serde_json::json!([demo[0], 5, "x", null, [1], {}, demo[1]]);
    let req = serde_json::json!({ "records": records, "date": "2026-01-02" });
    let answer: serde_json::Value = serde_json::from_str(&meritkit::api::score_json(&req.to_string())).unwrap();
    let out = &answer["value"];
    let results = out["results"].as_array().unwrap();
    let errors = out["errors"].as_array().unwrap();
    assert_eq!(results.len() + errors.len(), 7, "every element is a result or an error: {answer}");
    let mut rows: Vec<u64> = results.iter().chain(errors).map(|r| r["row"].as_u64().unwrap()).collect();
    rows.sort_unstable();
    assert_eq!(rows, [0, 1, 2, 3, 4, 5, 6]);
    let err_rows: Vec<u64> = errors.iter().map(|e| e["row"].as_u64().unwrap()).collect();
    for i in [1, 2, 3, 4, 5] {
        assert!(err_rows.contains(&i), "element {i} is an error row: {err_rows:?}");
    }
}

/// `call_json` obeys the error-row limit of a request (`max_error_rows`) and
/// the succession size limits (`max_positions`, `max_pairs`): a refusal
/// with a stable code and the place, never a partial answer.
#[test]
fn call_json_obeys_error_row_and_succession_limits() {
    let bad = r#"{"nip": "1"}"#;
    let records = format!("[{bad}, {bad}, {bad}]");
    for f in ["score", "validate"] {
        let extra = if f == "validate" { r#", "rules": "administrator", "date": "2026-01-01""# } else { "" };
        let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json(
            f,
            &format!(r#"{{"records": {records}, "max_error_rows": 2{extra}}}"#),
        ))
        .unwrap();
        assert_eq!(v["ok"], false, "{f}: {v}");
        assert_eq!(v["error"]["code"], "too_many_errors", "{f}: {v}");
        assert_eq!(v["error"]["problems"][0]["path"], "records[2]", "{f}: {v}");
        let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json(
            f,
            &format!(r#"{{"records": {records}, "max_error_rows": 3{extra}}}"#),
        ))
        .unwrap();
        assert_eq!(v["ok"], true, "{f}: {v}");
        let rows: std::collections::BTreeSet<u64> =
            v["value"]["errors"].as_array().unwrap().iter().map(|e| e["row"].as_u64().unwrap()).collect();
        assert_eq!(rows.len(), 3, "{f}: every row reported: {v}");
    }
    let pos = r#"[{"id":"J1","title":"A","unit":"U","kind":"pengawas"},{"id":"J2","title":"B","unit":"U","kind":"pengawas"}]"#;
    for (limits, ok) in [
        (r#""max_positions": 1"#, false),
        (r#""max_pairs": 5"#, false),
        (r#""max_positions": 2, "max_pairs": 6"#, true),
    ] {
        let req = format!(r#"{{"records": {records}, "positions": {pos}, "date": "2026-01-01", {limits}}}"#);
        let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json("succession", &req)).unwrap();
        assert_eq!(v["ok"], ok, "{limits}: {v}");
        if !ok {
            assert_eq!(v["error"]["code"], "limit_exceeded", "{limits}: {v}");
        }
    }
}

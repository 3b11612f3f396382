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

//! `meritkit::api::call_json(function, request)`: the first byte picks the
//! function (byte % the list's length), the rest is the request text. The
//! answer is always the tagged JSON envelope `{"ok": ...}`. For `score`, the
//! answer (its request read straight from the text, written without a JSON
//! value) is also the reference route's, byte for byte: the whole request read
//! into a `serde_json::Value`, each record read from it, the answer built as
//! one `Value`; and its packed form (`api::score_packed_json`, the wasm
//! package's) unpacks to the same value.
//!
//! The list is every name of `api::FUNCTIONS` that reads its request; the
//! ones that ignore it (`presets`, `version`, `rule_sets`, the three schemas)
//! answer the same thing every time and are left out to keep runs fast.
//! Keep `scripts/fuzz-seeds.py` (which writes the selector byte of the seeds)
//! in step with this list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meritkit::api::{call_json, FUNCTIONS};

pub const READS_REQUEST: &[&str] = &[
    "score",
    "preset_policy",
    "check_policy",
    "demo_records",
    "demo_positions",
    "flat_records",
    "validate",
    "rule_set",
    "check_rules",
    "distribution_check",
    "succession",
    "adverse_impact",
    "ahp_weights",
    "mcdm",
    "map_headers",
    "grid_layout",
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(request) = std::str::from_utf8(rest) else { return };
    let function = READS_REQUEST[sel as usize % READS_REQUEST.len()];
    debug_assert!(FUNCTIONS.contains(&function));
    let answer = call_json(function, request);
    if function == "score" {
        use meritkit::api::{parse_request, score, ErrorAnswer, ScoreRequest};
        let reference = match parse_request::<ScoreRequest>(request).and_then(|r| score(&r)) {
            Ok(out) => serde_json::json!({"ok": true, "value": out}).to_string(),
            Err(e) => serde_json::json!({"ok": false, "error": ErrorAnswer::from(&e)}).to_string(),
        };
        assert_eq!(answer, reference, "score answer differs from the reference route");
        // the packed answer (the wasm package's) is the same value, a refusal the same text
        let packed = meritkit::api::score_packed_json(request);
        if answer.starts_with(r#"{"ok":true"#) {
            let doc = serde_json::from_str::<serde_json::Value>(&packed).expect("packed answer is JSON");
            let value = meritkit::sorted_json::unpack(&doc["packed"].to_string()).expect("a packed document");
            let plain = serde_json::from_str::<serde_json::Value>(&answer).expect("answer is JSON");
            assert_eq!(value, plain["value"], "packed score answer differs");
        } else {
            assert_eq!(packed, answer, "a refusal is the plain answer");
        }
    }
    match serde_json::from_str::<serde_json::Value>(&answer) {
        Ok(v) => assert!(v.get("ok").and_then(|b| b.as_bool()).is_some(), "answer without `ok`: {answer}"),
        Err(e) => panic!("answer is not JSON ({e}): {answer}"),
    }
});

//! The talent-review functions of `meritkit::api::call_json` (placements over
//! time, calibration, several raters, development plans): the first byte
//! picks the function, the rest is the request. The answer is always the
//! tagged JSON envelope; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meritkit::api::{call_json, FUNCTIONS};

pub const REVIEW: &[&str] = &[
    "compare",
    "calibration_snapshot",
    "calibration_append",
    "calibration_report",
    "calibration_verify",
    "calibration_guideline_preset",
    "raters",
    "development_plan",
    "calibration_export",
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let Ok(request) = std::str::from_utf8(rest) else { return };
    let function = REVIEW[sel as usize % REVIEW.len()];
    assert!(FUNCTIONS.contains(&function));
    let answer = call_json(function, request);
    match serde_json::from_str::<serde_json::Value>(&answer) {
        Ok(v) => assert!(v.get("ok").and_then(|b| b.as_bool()).is_some(), "answer without `ok`: {answer}"),
        Err(e) => panic!("answer is not JSON ({e}): {answer}"),
    }
});

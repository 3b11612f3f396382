//! Policy text (TOML or JSON): the three parsers never panic; an accepted
//! policy survives a round trip through its canonical JSON and its TOML
//! printing unchanged, and scores the sample records without panicking.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use meritkit::scoring::{score_rows, Context};
use meritkit::Policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let any = Policy::from_str_any(text);
    let _ = Policy::from_toml_str(text);
    let _ = Policy::from_json_str(text);
    let Ok(p) = any else { return };
    let json = p.canonical_json();
    match Policy::from_json_str(&json) {
        Ok(back) => assert_eq!(back.canonical_json(), json, "canonical JSON round trip changed the policy"),
        Err(e) => panic!("canonical JSON of an accepted policy is refused: {e:?}"),
    }
    if let Ok(toml) = p.to_toml() {
        match Policy::from_toml_str(&toml) {
            Ok(back) => assert_eq!(back.canonical_json(), json, "TOML round trip changed the policy"),
            Err(e) => panic!("TOML printing of an accepted policy is refused: {e:?}"),
        }
    }
    let today = meritkit::date::parse_ymd(common::DATE);
    let _ = score_rows(common::rows(), &p, &Context { today, ..Default::default() });
});

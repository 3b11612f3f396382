//! Rule-set text (TOML or JSON): `parse_rule_set` and the API's
//! `check_rules` never panic; an accepted rule set survives its TOML
//! printing unchanged and validates the sample records without panicking.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use meritkit::rules;
use meritkit::Policy;
use std::sync::OnceLock;

fn policy() -> &'static Policy {
    static P: OnceLock<Option<Policy>> = OnceLock::new();
    match P.get_or_init(|| Policy::preset("permenpanrb_3_2020").ok()) {
        Some(p) => p,
        None => panic!("the default preset loads"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = meritkit::api::check_rules(text);
    let Ok(set) = rules::parse_rule_set(text) else { return };
    let json = set.canonical_json();
    if let Ok(toml) = set.to_toml() {
        match rules::parse_rule_set(&toml) {
            Ok(back) => assert_eq!(back.canonical_json(), json, "TOML round trip changed the rule set"),
            Err(e) => panic!("TOML printing of an accepted rule set is refused: {e:?}"),
        }
    }
    let _ = set.info();
    let Some(date) = meritkit::date::parse_ymd(common::DATE) else { return };
    let _ = rules::validate_rows(common::rows(), &set, date, policy());
});

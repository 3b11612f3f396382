//! NaN and infinity in input files are named as such, at their path and
//! position (never "invalid type: null", which a JSON value would make of them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::{Code, Error, Policy};

const POLICY: &str = r#"name = "x"
[performance]
source = "predikat"
[potential]
source = "composite"
components = [
  { input = "jpm", weight = 0.5 },
  { input = "track_record", weight = WEIGHT },
]
cutoffs = { method = "fixed", thresholds = [78.0, 90.0] }
"#;

fn problem(e: Error) -> meritkit::Problem {
    let ps = e.problems();
    assert_eq!(ps.len(), 1, "{ps:?}");
    ps[0].clone()
}

#[test]
fn toml_nan_and_infinity_in_a_policy_are_named() {
    for (lit, what, id) in [
        ("nan", "NaN", "NaN"),
        ("+nan", "NaN", "NaN"),
        ("inf", "infinity", "tak hingga"),
        ("-inf", "-infinity", "-tak hingga"),
    ] {
        let p = problem(Policy::from_toml_str(&POLICY.replace("WEIGHT", lit)).unwrap_err());
        assert_eq!(p.code, Code::InvalidValue);
        assert_eq!(p.path, "potential.components[1].weight");
        assert_eq!(p.message.en, format!("not a finite number: {what} at line 8 column 38"), "{lit}");
        assert_eq!(p.message.id, format!("bukan bilangan terhingga: {id} pada baris 8 kolom 38"), "{lit}");
        assert!(!p.message.en.contains("null"));
    }
    // a finite weight of the same file loads
    assert!(Policy::from_toml_str(&POLICY.replace("WEIGHT", "1e308")).is_ok());
}

#[test]
fn toml_infinity_in_thresholds_and_rule_files_is_named() {
    let text = POLICY.replace("WEIGHT", "0.5").replace("[78.0, 90.0]", "[78.0, inf]");
    let p = problem(Policy::from_toml_str(&text).unwrap_err());
    assert_eq!(p.path, "potential.cutoffs.thresholds[1]");
    assert!(p.message.en.starts_with("not a finite number: infinity"), "{}", p.message.en);
    let rules = r#"name = "r"
version = "1"
implements = "x"
description = "x"
[[rules]]
id = "a"
citation = "x"
severity = "error"
message = { en = "x", id = "x" }
when = { kind = "jpm_at_least", percent = nan }
"#;
    let p = problem(meritkit::rules::parse_rule_set(rules).unwrap_err());
    assert!(p.message.en.starts_with("not a finite number: NaN"), "{p:?}");
    assert_eq!(p.code, Code::InvalidValue);
}

#[test]
fn json_overflowing_numbers_are_refused_not_read_as_infinity() {
    let mut v = serde_json::to_value(Policy::preset("permenpanrb_3_2020").unwrap()).unwrap();
    v["potential"]["components"][0]["weight"] = serde_json::json!("HUGE");
    let text = v.to_string().replace("\"HUGE\"", "1e999");
    let e = Policy::from_json_str(&text).unwrap_err();
    let p = &e.problems()[0];
    assert!(p.message.en.contains("number out of range"), "{p:?}");
}

//! Messages name the field, the expected form and the position, never the
//! value given (issue 11, "no value echoed"): a name typed into a request
//! (function, preset, gate, method) and a person's own attribute value in a
//! rule reason are not repeated. The sentinel is a NIP-like number and a name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::api::call_json;
use serde_json::{json, Value};

const NIP: &str = "198503122010011001";
const NAME: &str = "Budi Santoso";

fn call(f: &str, req: &Value) -> (Value, String) {
    let text = call_json(f, &req.to_string());
    (serde_json::from_str(&text).unwrap(), text)
}

fn assert_clean(what: &str, text: &str) {
    for s in [NIP, NAME] {
        assert!(!text.contains(s), "{what}: `{s}` echoed: {text}");
    }
}

fn code(v: &Value) -> &str {
    v["error"]["problems"][0]["code"].as_str().unwrap_or_default()
}

#[test]
fn an_unknown_function_name_is_not_repeated_but_the_known_ones_are_listed() {
    for f in [NIP, NAME] {
        let (v, text) = call(f, &json!({}));
        assert_eq!(v["ok"], false);
        assert_clean("function", &text);
        let en = v["error"]["problems"][0]["message"]["en"].as_str().unwrap();
        assert!(en.contains("unknown function") && en.contains("score") && en.contains("succession"), "{en}");
    }
}

#[test]
fn an_unknown_preset_name_is_refused_with_its_code_and_not_repeated() {
    for p in [NIP, NAME] {
        let (v, text) = call("score", &json!({"records": [], "policy": p}));
        assert_eq!(code(&v), "unknown_preset", "{text}");
        assert_clean("preset", &text);
        // the presets that exist are named (policy, not personal data)
        assert!(text.contains("permenpanrb_3_2020"), "{text}");
    }
}

#[test]
fn an_unknown_gate_or_method_is_not_repeated() {
    let demo: Value = serde_json::from_str(&call_json("demo_records", "{}")).unwrap();
    let positions: Value = serde_json::from_str(&call_json("demo_positions", "{}")).unwrap();
    let (v, text) =
        call("succession", &json!({"records": demo["value"], "positions": positions["value"], "gate": NAME}));
    assert_eq!(v["ok"], false, "{text}");
    assert_eq!(v["error"]["problems"][0]["path"], "gate");
    assert_clean("gate", &text);
    let (v, text) = call(
        "mcdm",
        &json!({"matrix": [[1.0, 2.0], [2.0, 1.0]], "weights": [0.5, 0.5], "types": ["benefit", "benefit"], "method": NIP}),
    );
    assert_eq!(v["ok"], false, "{text}");
    assert_eq!(v["error"]["problems"][0]["path"], "method");
    assert_clean("method", &text);
}

/// `attribute_in`: the reason and `actual` say whether the person's value is
/// listed, never the value itself (it is free text from the data).
#[test]
fn attribute_in_reasons_do_not_repeat_the_persons_value() {
    let rules = json!({"name": "lokal", "version": "1", "implements": "Perbup 1/2026", "rules": [{
        "id": "lokasi", "citation": "Perbup 1/2026 Ps. 1", "severity": "error",
        "message": {"en": "duty station {actual}, required {expected}", "id": "lokasi tugas {actual}, syarat {expected}"},
        "when": {"kind": "attribute_in", "key": "lokasi_tugas", "values": ["Mamuju", "Majene"]}}]});
    let rec = |nip: &str, city: &str| {
        json!({"nip": nip, "name": "Pegawai", "unit": "Dinas", "position": {"kind": "pelaksana"},
        "rank": "II/c", "attributes": {"lokasi_tugas": city}})
    };
    let records =
        vec![rec("199002172015031003", NAME), rec("199305092019031007", NIP), rec("198702142011012004", "majene")];
    let (v, text) = call("validate", &json!({"records": records, "rules": rules, "date": "2026-01-02"}));
    assert_eq!(v["ok"], true, "{text}");
    assert_clean("attribute_in", &text);
    let outcomes: Vec<&Value> = v["value"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rules"].as_array().unwrap().iter().find(|o| o["id"] == "lokasi").unwrap())
        .collect();
    assert_eq!(outcomes.len(), 3);
    // not listed, not listed, listed (case-insensitive); the allowed values (the rule file's) may be named
    assert_eq!(
        outcomes.iter().map(|o| o["actual"].clone()).collect::<Vec<_>>(),
        vec![json!(false), json!(false), json!(true)]
    );
    assert!(text.contains("Mamuju"), "{text}");
}

/// A key given twice (a competency or attribute map keyed by a person's name
/// or NIP, a policy member) is refused with its place, the key not repeated;
/// a key that looks like a field name is named.
#[test]
fn a_repeated_key_is_not_repeated_unless_it_looks_like_a_field_name() {
    let record = r#"{"nip":"198503122010011001","unit":"Dinas Sosial","position":{"kind":"pelaksana"},"performance":[{"year":2025,"predikat":"baik"}],"potential_score":70,"competency":{"K":3,"K":4}}"#;
    for k in [NIP, NAME] {
        for text in [
            format!(r#"{{"records":[{}]}}"#, record.replace('K', k)),
            format!(r#"{{"records":[],"policy":{{"{k}":1,"{k}":1}}}}"#),
        ] {
            let answer = call_json("score", &text);
            let v: Value = serde_json::from_str(&answer).unwrap();
            assert_eq!(v["ok"], false, "{answer}");
            assert_eq!(code(&v), "invalid_value", "{answer}");
            let en = v["error"]["problems"][0]["message"]["en"].as_str().unwrap();
            assert!(en.starts_with("duplicate field (its name is not shown"), "{en}");
            // (the record's own NIP is not in the answer either: only the refused key was at stake)
            assert_clean("repeated key", &answer);
        }
    }
    let answer = call_json("score", &format!(r#"{{"records":[{}]}}"#, record.replace('K', "integritas")));
    assert!(answer.contains("duplicate field `integritas`"), "{answer}");
}

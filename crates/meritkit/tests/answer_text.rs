//! The score answer as text (`api::score_json`, what Python's `mk.call`, the
//! wasm package and the service return): read straight from the request's
//! text and written without a `serde_json::Value`, it must be, byte for byte,
//! the answer of the reference route (the whole request read into a `Value`,
//! every record read from it, the answer built as one `Value`). Requests are
//! generated valid and broken: every record-level mistake the reader can meet
//! (wrong types, unknown fields, repeated keys at any depth, escaped keys,
//! records that are not objects, nesting at the parser's limit) and broken
//! requests (syntax, unknown members, bad policy, date or detail).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::api::{parse_request, score, score_json, score_packed_json, ErrorAnswer, ScoreRequest};
use meritkit::generate::{population, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

/// The answer through `serde_json::Value`, as `call_json` made it before it
/// wrote answers itself.
fn reference(text: &str) -> String {
    match parse_request::<ScoreRequest>(text).and_then(|r| score(&r)) {
        Ok(out) => json!({"ok": true, "value": out}).to_string(),
        Err(e) => json!({"ok": false, "error": ErrorAnswer::from(&e)}).to_string(),
    }
}

/// Record-level mistakes, each applied to the JSON text of one record.
const RECORD_MISTAKES: &[&str] = &[
    "none",
    "nip_short",
    "nip_number",
    "unknown_field",
    "potential_text",
    "record_number",
    "record_null",
    "record_array",
    "repeated_unit",
    "repeated_competency_key",
    "repeated_escaped_key",
    "repeated_aspect_key",
    "repeated_attribute_key",
    "repeated_escaped_attribute_key",
    "repeated_position_field",
    "repeated_appraisal_field",
    "repeated_track_record_field",
    "repeated_sanction_field",
    "repeated_spell_field",
    "escaped_key",
    "odd_competency_key",
    "deep_98",
    "deep_127",
    "protected_key",
    "empty_performance",
    "duplicate_nip",
    "big_number",
    "negative_zero",
];

fn mistake(records: &mut [String], i: usize, kind: &str) {
    let other = records[(i + 1) % records.len()].clone();
    let r = &mut records[i];
    if !r.starts_with('{') {
        return;
    }
    let first_key = |r: &str, with: &str| format!("{{{with},{}", &r[1..]);
    *r = match kind {
        "none" => return,
        "nip_short" => r.replacen(r#""nip":""#, r#""nip":"1"#, 1),
        "nip_number" => set(r, "nip", json!(19800101)),
        "unknown_field" => first_key(r, r#""hobby":"catur""#),
        "potential_text" => set(r, "potential_score", json!("tinggi")),
        "record_number" => "42".into(),
        "record_null" => "null".into(),
        "record_array" => format!("[{r}]"),
        "repeated_unit" => first_key(r, r#""unit":"Dinas Sosial""#),
        "repeated_competency_key" => first_key(r, r#""competency":{"integritas":3,"integritas":4}"#),
        "repeated_escaped_key" => first_key(r, r#""competency":{"integritas":3,"integrit\u0061s":4}"#),
        // (repeated keys inside the record's maps and nested structs, the member itself given once)
        "repeated_aspect_key" => {
            only(r, "potential_aspects", r#"{"kemampuan_intelektual":3,"kemampuan_intelektual":4}"#)
        }
        "repeated_attribute_key" => only(r, "attributes", r#"{"region":"a","region":"a"}"#),
        "repeated_escaped_attribute_key" => only(r, "attributes", r#"{"region":"a","regio\u006e":"b"}"#),
        "repeated_position_field" => only(r, "position", r#"{"kind":"pelaksana","kind":"pengawas"}"#),
        "repeated_appraisal_field" => only(r, "performance", r#"[{"year":2025,"predikat":"baik","year":2024}]"#),
        "repeated_track_record_field" => {
            only(r, "track_record", r#"[{"category":"penghargaan","category":"penugasan"}]"#)
        }
        "repeated_sanction_field" => {
            only(r, "discipline", r#"[{"level":"ringan","start":"2020-01-01","start":"2020-02-01"}]"#)
        }
        "repeated_spell_field" => {
            only(r, "position_history", r#"[{"kind":"pelaksana","start":"2015-01-01","kind":"pengawas"}]"#)
        }
        "escaped_key" => r.replacen(r#""unit":"#, r#""un\u0069t":"#, 1),
        "odd_competency_key" => first_key(r, r#""competency":{"integritas_":3}"#),
        "deep_98" => first_key(r, &format!(r#""track_record":{}{}"#, "[".repeat(98), "]".repeat(98))),
        "deep_127" => first_key(r, &format!(r#""track_record":{}{}"#, "[".repeat(127), "]".repeat(127))),
        "protected_key" => first_key(r, r#""Agama":"islam""#),
        "empty_performance" => set(r, "performance", json!([])),
        "duplicate_nip" => {
            let o: Value = serde_json::from_str(&other).unwrap_or(Value::Null);
            set(r, "nip", o.get("nip").cloned().unwrap_or(Value::Null))
        }
        "big_number" => first_key(r, r#""jpm":1e999"#),
        "negative_zero" => first_key(r, r#""track_record_score":-0.0"#),
        other => panic!("unknown mistake {other}"),
    };
}

/// A record's text with its member `key` (if any) replaced by `raw`, given once as its first member.
fn only(record: &str, key: &str, raw: &str) -> String {
    match serde_json::from_str::<Value>(record) {
        Ok(Value::Object(mut m)) => {
            m.remove(key);
            let rest = Value::Object(m).to_string();
            let sep = if rest == "{}" { "" } else { "," };
            format!("{{\"{key}\":{raw}{sep}{}", &rest[1..])
        }
        _ => record.to_string(),
    }
}

/// A record's text with `key` set to `value` (as it was when it does not read as an object).
fn set(record: &str, key: &str, value: Value) -> String {
    match serde_json::from_str::<Value>(record) {
        Ok(Value::Object(mut m)) => {
            m.insert(key.into(), value);
            Value::Object(m).to_string()
        }
        _ => record.to_string(),
    }
}

/// A request's text: records, then its other members.
fn request(records: &[String], members: &str) -> String {
    format!(r#"{{"records":[{}]{members}}}"#, records.join(","))
}

const MEMBERS: &[&str] = &[
    "",
    r#","detail":"none""#,
    r#","detail":"summary""#,
    r#","detail":"text","date":"2026-06-30","period":"2026""#,
    r#","policy":"percentile_unit","date":"2026-06-30""#,
    r#","policy":"jpm_90_78","max_error_rows":1"#,
    r#","policy":null,"date":null"#,
    r#","policy":"tidak_ada""#,
    r#","date":"2026-13-01""#,
    r#","period":"2026""#,
    r#","detail":"banyak""#,
    r#","extra":1"#,
    r#","detail":"none","detail":"full""#,
    r#","policy":{"name":"x","name":"y"}"#,
];

#[test]
fn score_answer_text_is_the_value_routes() {
    let base: Vec<String> = population(&Options { count: 40, seed: 7, ..Options::default() })
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let mut runner = TestRunner::new_with_rng(
        Config { cases: 160, failure_persistence: None, ..Config::default() },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = (
        proptest::collection::vec((0usize..40, 0..RECORD_MISTAKES.len()), 0..4),
        0..MEMBERS.len(),
        0usize..40,
        any::<bool>(),
    );
    runner
        .run(&strategy, |(mistakes, members, take, trailing)| {
            let mut records: Vec<String> = base.iter().take(take.max(1)).cloned().collect();
            for (i, k) in mistakes {
                let n = records.len();
                mistake(&mut records, i % n, RECORD_MISTAKES[k]);
            }
            let mut text = request(&records, MEMBERS[members]);
            if trailing {
                text.push_str(" sisa");
            }
            prop_assert_eq!(score_json(&text), reference(&text), "request {}", text);
            prop_assert_eq!(
                unpack_answer(&score_packed_json(&text)),
                serde_json::from_str::<Value>(&score_json(&text)).unwrap(),
                "request {}",
                text
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn broken_requests_answer_as_the_value_route_does() {
    let one = serde_json::to_string(&population(&Options { count: 1, ..Options::default() })[0]).unwrap();
    for text in [
        String::new(),
        "{}".into(),
        "[]".into(),
        r#"{"records":null}"#.into(),
        r#"{"records":{}}"#.into(),
        r#"{"records":[],"records":[]}"#.into(),
        format!("\u{feff}{{\"records\":[{one}]}}"),
        format!(r#"{{"records":[{one}]"#),
        format!(r#"{{"records":[{one},]}}"#),
        format!(r#"{{"rec\u006frds":[{one}]}}"#),
        format!(r#"{{"records":[{}]}}"#, one.replacen("Dinas", "Dinas \\ud800", 1)),
        format!(r#"{{"records":[{}{}]}}"#, "[".repeat(126), "]".repeat(126)),
        format!(r#"{{"records":[{one}],"policy":{{"file":"/etc/passwd"}}}}"#),
    ] {
        assert_eq!(score_json(&text), reference(&text), "request {text}");
        // (a refusal is the plain answer)
        assert_eq!(
            unpack_answer(&score_packed_json(&text)),
            serde_json::from_str::<Value>(&score_json(&text)).unwrap()
        );
        if score_json(&text).starts_with(r#"{"ok":false"#) {
            assert_eq!(score_packed_json(&text), score_json(&text), "request {text}");
        }
    }
}

/// The value of a packed document (`sorted_json::Packed`), checking on the
/// way that every part at `share_from` or deeper is shared (`[-i]`).
fn unpack(doc: &str, share_from: Option<usize>) -> Value {
    fn shared_from(v: &Value, depth: usize, from: usize) {
        let Value::Array(a) = v else { return };
        if a[0].as_i64().unwrap() < 0 {
            return;
        }
        assert!(depth < from, "a part at depth {depth} is not shared: {v}");
        a[1..].iter().for_each(|x| shared_from(x, depth + 1, from));
    }
    let d: Value = serde_json::from_str(doc).unwrap();
    if let Some(from) = share_from {
        shared_from(&d["value"], 0, from);
    }
    meritkit::sorted_json::unpack(doc).unwrap()
}

/// A packed score answer as the tagged answer `score_json` writes.
fn unpack_answer(text: &str) -> Value {
    let a: Value = serde_json::from_str(text).unwrap();
    if a["ok"] == true && a.get("packed").is_some() {
        return json!({"ok": true, "value": unpack(&a["packed"].to_string(), Some(3))});
    }
    a
}

fn packed<T: serde::Serialize + ?Sized>(v: &T, share_from: u32) -> String {
    let mut p = meritkit::sorted_json::Packed::new(share_from);
    let mut out = Vec::new();
    p.write(&mut out, v).unwrap();
    String::from_utf8(p.finish(&out)).unwrap()
}

#[test]
fn a_packed_score_answer_says_each_repeated_part_once() {
    let records = serde_json::to_value(population(&Options { count: 300, seed: 3, ..Options::default() })).unwrap();
    let text = json!({"records": records, "date": "2026-06-30"}).to_string();
    let (plain, packed) = (score_json(&text), score_packed_json(&text));
    assert_eq!(unpack_answer(&packed), serde_json::from_str::<Value>(&plain).unwrap());
    // the descriptions, rules and cut-offs of 300 placements are said once each
    assert!(packed.len() * 3 < plain.len(), "packed {} B, plain {} B", packed.len(), plain.len());
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<u64>().prop_map(|i| json!(i)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((prop_oneof![".{0,6}", "[a-c]{1,2}", Just("10".to_string())], inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(Config { cases: 400, failure_persistence: None, ..Config::default() })]
    /// Any JSON value is written as serde_json writes it (its maps are ordered by key).
    #[test]
    fn any_value_is_written_as_serde_json_writes_it(v in value()) {
        prop_assert_eq!(meritkit::sorted_json::to_string(&v).unwrap(), v.to_string());
    }

    /// Any JSON value, packed sharing from any depth, unpacks to itself.
    #[test]
    fn any_value_packed_unpacks_to_itself(v in value(), share_from in 0u32..5) {
        prop_assert_eq!(unpack(&packed(&v, share_from), Some(share_from as usize)), v);
    }
}

/// Typed values whose fields are not declared in key order, skipped fields,
/// every enum shape, integer, boolean and unit-variant map keys, a flattened
/// map that repeats a field (the last value kept, as a `Value`'s map keeps it).
#[test]
fn typed_values_are_written_as_through_a_value() {
    use std::collections::{BTreeMap, HashMap};
    #[derive(serde::Serialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[serde(rename_all = "snake_case")]
    enum Level {
        Tinggi,
        Rendah,
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, &'static str),
        Struct { z: u8, a: Option<u8> },
    }
    #[derive(serde::Serialize)]
    #[serde(tag = "kind")]
    enum Tagged {
        Zeta { y: u8, b: u8 },
    }
    #[derive(serde::Serialize)]
    struct Inner {
        zeta: &'static str,
        alpha: Vec<Shape>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        kept: Option<u8>,
    }
    #[derive(serde::Serialize)]
    struct Outer {
        unit: &'static str,
        nested: Inner,
        by_box: HashMap<u8, u32>,
        by_flag: BTreeMap<bool, u8>,
        by_level: BTreeMap<Level, f64>,
        tagged: Tagged,
        bytes: serde_bytes_like::Bytes,
        #[serde(flatten)]
        extra: BTreeMap<String, Value>,
        escaped: &'static str,
        nan: f64,
    }
    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }
    let o = Outer {
        unit: "Dinas \"Sosial\"",
        nested: Inner {
            zeta: "z",
            alpha: vec![Shape::Unit, Shape::Newtype(3), Shape::Tuple(1, "x"), Shape::Struct { z: 1, a: None }],
            skipped: None,
            kept: None,
        },
        by_box: HashMap::from([(10, 1), (9, 2), (1, 3)]),
        by_flag: BTreeMap::from([(true, 1), (false, 0)]),
        by_level: BTreeMap::from([(Level::Tinggi, 1.5), (Level::Rendah, -0.0)]),
        tagged: Tagged::Zeta { y: 1, b: 2 },
        bytes: serde_bytes_like::Bytes(vec![0, 255]),
        extra: BTreeMap::from([("unit".to_string(), json!("kedua")), ("ä".to_string(), json!([1, {"b": 1, "a": 2}]))]),
        escaped: "tab\t\u{1}é",
        nan: f64::NAN,
    };
    let via_value = serde_json::to_value(&o).unwrap().to_string();
    assert_eq!(meritkit::sorted_json::to_string(&o).unwrap(), via_value);
    for share_from in 0..4 {
        assert_eq!(unpack(&packed(&o, share_from), Some(share_from as usize)), serde_json::to_value(&o).unwrap());
    }
    assert!(via_value.contains(r#""unit":"kedua""#), "{via_value}");

    // f32 (kept by a Value as the f64 it converts to), 128-bit integers, float keys; and what a Value refuses
    let floats = BTreeMap::from([("a", 0.1f32)]);
    assert_eq!(meritkit::sorted_json::to_string(&floats).unwrap(), serde_json::to_value(&floats).unwrap().to_string());
    let float_keys = BTreeMap::from([(ordered(1.5), 1), (ordered(-0.0), 2), (ordered(1e300), 3)]);
    assert_eq!(
        meritkit::sorted_json::to_string(&float_keys).unwrap(),
        serde_json::to_value(&float_keys).unwrap().to_string()
    );
    let wide = vec![i128::from(i64::MIN), i128::from(u64::MAX)];
    assert_eq!(meritkit::sorted_json::to_string(&wide).unwrap(), serde_json::to_value(&wide).unwrap().to_string());
    for refused in [vec![i128::MAX], vec![i128::MIN]] {
        assert!(meritkit::sorted_json::to_string(&refused).is_err());
        assert!(serde_json::to_value(&refused).is_err());
    }
    let nan_key = BTreeMap::from([(ordered(f64::NAN), 1)]);
    assert!(meritkit::sorted_json::to_string(&nan_key).is_err());
    assert!(serde_json::to_value(&nan_key).is_err());
    let vec_key = BTreeMap::from([(vec![1u8], 1)]);
    assert!(meritkit::sorted_json::to_string(&vec_key).is_err());
    assert!(serde_json::to_value(&vec_key).is_err());
}

/// A value written as a `sorted_json::part` is looked up by its content before
/// it is written: alike values are one shared part, and values whose text
/// differs never are, even where `==` holds or the bits agree (zero and minus
/// zero; a `u128` and an `i128` of the same bits; a character and a string).
#[test]
fn parts_are_said_once_and_only_when_alike() {
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Any {
        F(f64),
        Wide(u128),
        Signed(i128),
        C(char),
        S(&'static str),
    }
    #[derive(serde::Serialize)]
    struct Row {
        n: usize,
        #[serde(serialize_with = "meritkit::sorted_json::part")]
        why: Vec<Any>,
    }
    let whys = [
        vec![Any::F(0.0)],
        vec![Any::F(-0.0)],
        vec![Any::Wide(u128::from(u64::MAX))],
        vec![Any::Signed(-1)],
        vec![Any::C('a')],
        vec![Any::S("a")],
        vec![Any::F(0.0)],
        vec![Any::S("a")],
    ];
    let rows: Vec<Row> = whys.into_iter().enumerate().map(|(n, why)| Row { n, why }).collect();
    let value = serde_json::to_value(&rows).unwrap();
    for share_from in 0..4 {
        assert_eq!(unpack(&packed(&rows, share_from), Some(share_from as usize)), value, "from {share_from}");
    }
    // as JSON, and a part inside a part
    assert_eq!(meritkit::sorted_json::to_string(&rows).unwrap(), value.to_string());
    #[derive(serde::Serialize)]
    struct Wrap<'a> {
        #[serde(serialize_with = "meritkit::sorted_json::part")]
        row: &'a Row,
        #[serde(serialize_with = "meritkit::sorted_json::part")]
        again: &'a Row,
    }
    // (thousands of distinct rows around a few whys: an outer part kept under an inner part's bytes, were the
    // bytes read after the outer part was written, would be met)
    let many: Vec<Row> = (0..4000)
        .map(|n| Row { n, why: vec![Any::F((n % 5) as f64), Any::S(["a", "b"][n % 2])] })
        .chain(std::iter::once(Row { n: 0, why: vec![] }))
        .collect();
    let all: Vec<&Row> = rows.iter().chain(&many).collect();
    let wraps: Vec<Wrap> = all.iter().zip(all.iter().rev()).map(|(row, again)| Wrap { row, again }).collect();
    let wrapped = serde_json::to_value(&wraps).unwrap();
    assert_eq!(meritkit::sorted_json::to_string(&wraps).unwrap(), wrapped.to_string());
    for share_from in 0..4 {
        assert_eq!(unpack(&packed(&wraps, share_from), Some(share_from as usize)), wrapped, "from {share_from}");
    }
    // sharing from depth 2 (each `why`): 0.0, -0.0, u64::MAX, -1 and "a" (a character and a string are the same text)
    let doc: Value = serde_json::from_str(&packed(&rows, 2)).unwrap();
    assert_eq!(doc["shared"].as_array().unwrap().len(), 5, "{doc}");
    assert_eq!(doc["value"][1][2], doc["value"][7][2], "the two 0.0 rows refer to one part");
}

/// A float as a map key (written as its shortest text, in quotes).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Ordered(u64);
fn ordered(f: f64) -> Ordered {
    Ordered(f.to_bits())
}
impl serde::Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from_bits(self.0))
    }
}

// Shared helpers for the rules_* tests (included with `mod`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::rules::{builtin, validate_employees, Outcome, RuleSet, ValidateOutput};
use meritkit::{Employee, Policy};
use serde_json::{json, Value};

/// Reference date of the boundary tests.
pub const DATE: &str = "2026-06-15";

pub fn date() -> jiff::civil::Date {
    DATE.parse().unwrap()
}

/// A JPT Pratama candidate who meets every jpt_pratama rule at DATE:
/// born 1975-03-10 (51), Administrator since 2022-01-01, IV/b, S-1,
/// Baik 2024 / Sangat Baik 2025, no sanctions, all 9 competencies at level 4.
pub fn base() -> Value {
    let comp: serde_json::Map<String, Value> = [
        "integritas",
        "kerja_sama",
        "komunikasi",
        "orientasi_pada_hasil",
        "pelayanan_publik",
        "pengembangan_diri_dan_orang_lain",
        "mengelola_perubahan",
        "pengambilan_keputusan",
        "perekat_bangsa",
    ]
    .iter()
    .map(|k| (k.to_string(), json!(4)))
    .collect();
    json!({
        "nip": "197503102000031001",
        "unit": "Dinas Pangan",
        "position": {"kind": "administrator", "since": "2022-01-01"},
        "rank": "IV/b",
        "education": "S1",
        "birth_date": "1975-03-10",
        "performance": [{"year": 2024, "predikat": "baik"}, {"year": 2025, "predikat": "sangat_baik"}],
        "competency": comp
    })
}

pub fn with(mut v: Value, f: impl FnOnce(&mut Value)) -> Value {
    f(&mut v);
    v
}

pub fn emp(v: Value) -> Employee {
    serde_json::from_value(v).unwrap()
}

/// Validates variants of one person: a record repeating an earlier record's
/// NIP gets serial digits (16-18) of its own (birth date, TMT and sex digit
/// unchanged), since a repeated NIP makes the later row a `duplicate_nip`
/// error row. [`run_as_given`] keeps the NIPs.
pub fn run(set: &RuleSet, records: Vec<Value>) -> ValidateOutput {
    let mut seen: Vec<String> = Vec::new();
    let records = records
        .into_iter()
        .enumerate()
        .map(|(i, mut v)| {
            if let Some(nip) = v.get("nip").and_then(Value::as_str).map(str::to_string) {
                if seen.contains(&nip) && nip.len() == 18 {
                    v["nip"] = json!(format!("{}{:03}", &nip[..15], 500 + i));
                }
                seen.push(nip);
            }
            v
        })
        .collect();
    run_as_given(set, records)
}

/// Validates the records as given.
pub fn run_as_given(set: &RuleSet, records: Vec<Value>) -> ValidateOutput {
    let es: Vec<Employee> = records.into_iter().map(emp).collect();
    validate_employees(&es, set, date(), &Policy::preset("permenpanrb_3_2020").unwrap())
}

pub fn run1(set_name: &str, record: Value) -> ValidateOutput {
    run(&builtin(set_name).unwrap(), vec![record])
}

pub fn outcome(out: &ValidateOutput, row: usize, rule: &str) -> Outcome {
    out.results[row].rules.iter().find(|r| r.id == rule).unwrap_or_else(|| panic!("no rule {rule}")).outcome
}

/// NIP for a birth date `YYYYMMDD`, TMT 2000-03, male, serial 001.
pub fn nip_born(ymd: &str) -> String {
    format!("{ymd}200003{}", "1001")
}

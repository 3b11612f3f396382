//! Properties: evaluation never panics on arbitrary rule files and records;
//! tightening a bound never makes more people eligible; outcomes do not
//! depend on input order.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::api::{call_json, parse_row};
use meritkit::rules::{builtin, parse_rule_set, parse_rule_set_value, validate_rows};
use meritkit::Policy;
use proptest::prelude::*;
use serde_json::{json, Value};

const KINDS: &[&str] =
    &["jpt_pratama", "administrator", "pengawas", "pelaksana", "ahli_madya", "ahli_muda", "terampil"];
const RANKS: &[&str] = &["III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IX", "XI", "bogus"];
const PNS: &[&str] = &["III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"];
const EDU: &[&str] = &["SMA", "D3", "D4", "S1", "S2", "s9"];
const PRED: &[&str] = &["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"];

fn date_s() -> impl Strategy<Value = String> {
    (1950i32..2030, 1i32..13, 1i32..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn record() -> impl Strategy<Value = Value> {
    (
        (1955i32..2004, 1i32..13, 1i32..29, 1975i32..2026, 1i32..13, 1u8..3, 1u16..999),
        prop::option::weighted(0.9, 0..RANKS.len()),
        prop::option::weighted(0.9, 0..EDU.len()),
        0..KINDS.len(),
        prop::option::weighted(0.9, date_s()),
        prop::collection::vec((2019i16..2027, 0..PRED.len()), 0..4),
        prop::collection::vec((0usize..3, date_s(), prop::option::of(date_s())), 0..3),
        prop::collection::vec((0..KINDS.len(), date_s(), prop::option::of(date_s())), 0..3),
        prop::option::of(0.0f64..100.0),
        0usize..4,
    )
        .prop_map(|((by, bm, bd, ty, tm, sex, serial), rank, edu, kind, since, perf, disc, hist, pot, unit)| {
            let mut v = json!({
                "nip": format!("{by:04}{bm:02}{bd:02}{ty:04}{tm:02}{sex}{serial:03}"),
                "unit": format!("OPD {unit}"),
                "position": {"kind": KINDS[kind]},
            });
            if let Some(s) = since {
                v["position"]["since"] = json!(s);
            }
            if let Some(r) = rank {
                v["rank"] = json!(RANKS[r]);
            }
            if let Some(e) = edu {
                v["education"] = json!(EDU[e]);
            }
            v["performance"] =
                Value::Array(perf.iter().map(|(y, p)| json!({"year": y, "predikat": PRED[*p]})).collect());
            v["discipline"] = Value::Array(
                disc.iter()
                    .map(|(l, s, e)| {
                        let lv = ["ringan", "sedang", "berat"][*l];
                        let mut d = json!({"level": lv, "start": s});
                        if let Some(e) = e {
                            d["end"] = json!(e);
                        }
                        d
                    })
                    .collect(),
            );
            v["position_history"] = Value::Array(
                hist.iter()
                    .map(|(k, s, e)| {
                        let mut d = json!({"kind": KINDS[*k], "start": s});
                        if let Some(e) = e {
                            d["end"] = json!(e);
                        }
                        d
                    })
                    .collect(),
            );
            if let Some(p) = pot {
                v["potential_score"] = json!(p);
            }
            v
        })
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0..EDU.len()).prop_map(|i| json!({"kind": "education_at_least", "level": EDU[i]})),
        (0..RANKS.len()).prop_map(|i| json!({"kind": "rank_at_least", "pns": RANKS[i]})),
        (0..RANKS.len()).prop_map(|i| json!({"kind": "rank_at_most", "pns": RANKS[i]})),
        (0u16..120, 0u16..30).prop_map(|(y, m)| json!({"kind": "years_in_position", "years": y, "months": m})),
        (0u16..20)
            .prop_map(|y| json!({"kind": "cumulative_years_in", "kinds": ["administrator", "pengawas"], "years": y})),
        (0u16..40).prop_map(|y| json!({"kind": "service_years_at_least", "years": y})),
        (0u16..120).prop_map(|y| json!({"kind": "age_at_most", "years": y, "citation": "PP 11/2017"})),
        (0u16..70).prop_map(
            |y| json!({"kind": "years_to_retirement_at_least", "years": y, "citation": "PP 11/2017 Ps. 239"})
        ),
        (0u8..12, 0..PRED.len())
            .prop_map(|(y, p)| json!({"kind": "predikat_last_years", "years": y, "at_least": PRED[p]})),
        (0u16..5).prop_map(|y| json!({"kind": "no_discipline", "level_at_least": "sedang", "years": y})),
        (-10.0f64..250.0).prop_map(|p| json!({"kind": "jpm_at_least", "percent": p})),
        prop::collection::vec(0u16..100, 0..4).prop_map(|b| json!({"kind": "nine_box_in", "boxes": b})),
        Just(json!({"kind": "talent_pool"})),
        Just(json!({"kind": "unique_nip"})),
        Just(json!({"kind": "nip_valid"})),
        Just(json!({"kind": "no_future_dates"})),
        Just(json!({"kind": "field_present", "field": "attributes.agama"})),
        Just(json!({"kind": "bogus"})),
    ]
}

fn predicate() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|of| json!({"kind": "all", "of": of})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|of| json!({"kind": "any", "of": of})),
            inner.prop_map(|of| json!({"kind": "not", "of": of})),
        ]
    })
}

fn rule_set() -> impl Strategy<Value = Value> {
    (prop::collection::vec((predicate(), any::<bool>()), 1..5), any::<bool>()).prop_map(|(rules, allow)| {
        json!({
            "name": "prop", "version": "1", "implements": "-", "allow_unknown": allow,
            "rules": rules.iter().enumerate().map(|(i, (w, warn))| json!({
                "id": format!("r{i}"), "citation": "c", "severity": if *warn { "warning" } else { "error" },
                "message": {"en": "{actual} vs {expected}", "id": "{actual} vs {expected}"}, "when": w
            })).collect::<Vec<_>>()
        })
    })
}

fn policy() -> Policy {
    Policy::preset("permenpanrb_3_2020").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_rule_sets_and_records(set in rule_set(), recs in prop::collection::vec(record(), 0..12), d in date_s()) {
        let date: jiff::civil::Date = d.parse().unwrap();
        let rows: Vec<_> = recs.iter().map(parse_row).collect();
        if let Ok(s) = parse_rule_set_value(&set, "") {
            let out = validate_rows(&rows, &s, date, &policy());
            prop_assert_eq!(out.results.len() + out.summary.total.errors, rows.len());
            for r in &out.results {
                prop_assert_eq!(r.rules.len(), s.rules.len());
            }
        }
        // The same through the JSON API and the TOML text path.
        let _ = call_json("validate", &json!({"records": recs, "rules": set, "date": d}).to_string());
        if let Ok(t) = toml::to_string(&set) {
            let _ = parse_rule_set(&t);
        }
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = parse_rule_set(&text);
        let _ = parse_rule_set(&format!("{{{text}"));
        let _ = call_json("check_rules", &json!({"text": text}).to_string());
    }

    #[test]
    fn tightening_a_bound_never_adds_eligible(recs in prop::collection::vec(record(), 1..20), age in 40u16..65, rank in 0usize..8, months in 0u16..60) {
        let date: jiff::civil::Date = "2026-01-02".parse().unwrap();
        let rows: Vec<_> = recs.iter().map(parse_row).collect();
        let mk = |age: u16, rank: usize, months: u16| parse_rule_set_value(&json!({
            "name": "t", "version": "1", "implements": "-",
            "rules": [
                {"id": "age", "citation": "c", "severity": "error", "message": {"en": "e", "id": "i"}, "when": {"kind": "age_at_most", "years": age, "citation": "PP 11/2017"}},
                {"id": "rank", "citation": "c", "severity": "error", "message": {"en": "e", "id": "i"}, "when": {"kind": "rank_at_least", "pns": PNS[rank], "pppk": "IX"}},
                {"id": "pos", "citation": "c", "severity": "error", "message": {"en": "e", "id": "i"}, "when": {"kind": "years_in_position", "months": months}}
            ]}), "").unwrap();
        let eligible = |s| -> Vec<usize> { validate_rows(&rows, &s, date, &policy()).results.iter().filter(|r| r.eligible).map(|r| r.row).collect() };
        let loose = eligible(mk(age, rank, months));
        for tight in [mk(age - 1, rank, months), mk(age, rank + 1, months), mk(age, rank, months + 1)] {
            let t = eligible(tight);
            prop_assert!(t.iter().all(|r| loose.contains(r)), "tightened set admitted someone new");
        }
    }

    #[test]
    fn outcomes_do_not_depend_on_input_order(recs in prop::collection::vec(record(), 1..16), seed in any::<u64>()) {
        let date: jiff::civil::Date = "2026-01-02".parse().unwrap();
        let n = recs.len();
        let mut perm: Vec<usize> = (0..n).collect();
        // Deterministic shuffle from the seed.
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            perm.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let shuffled: Vec<Value> = perm.iter().map(|&i| recs[i].clone()).collect();
        for set in ["jpt_pratama", "data_quality", "administrator"] {
            let s = builtin(set).unwrap();
            let a = validate_rows(&recs.iter().map(parse_row).collect::<Vec<_>>(), &s, date, &policy());
            let b = validate_rows(&shuffled.iter().map(parse_row).collect::<Vec<_>>(), &s, date, &policy());
            for rb in &b.results {
                let orig = perm[rb.row];
                let ra = a.results.iter().find(|r| r.row == orig).unwrap();
                prop_assert_eq!(ra.eligible, rb.eligible);
                prop_assert_eq!(&ra.rules, &rb.rules);
            }
            prop_assert_eq!(&a.summary.total, &b.summary.total);
            // The eligibility-only fast path agrees with the full report.
            let es: Vec<meritkit::Employee> = recs.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()).collect();
            let full = meritkit::rules::validate_employees(&es, &s, date, &policy());
            let flags = meritkit::rules::eligible_flags(&es, &s, date, &policy());
            prop_assert_eq!(full.results.iter().map(|r| r.eligible).collect::<Vec<_>>(), flags);
        }
    }
}

fn valid_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0..5usize).prop_map(|i| json!({"kind": "education_at_least", "level": EDU[i]})),
        (0..PNS.len()).prop_map(|i| json!({"kind": "rank_at_least", "pns": PNS[i], "pppk": "IX"})),
        (0u16..10, 0u16..12).prop_map(|(y, m)| json!({"kind": "years_in_position", "years": y, "months": m})),
        (0u16..20)
            .prop_map(|y| json!({"kind": "cumulative_years_in", "kinds": ["administrator", "pengawas"], "years": y})),
        // Within the statutory bounds (crate::statute): 35-65, and at most 4 years before the BUP.
        (35u16..=65).prop_map(|y| json!({"kind": "age_at_most", "years": y, "citation": "PP 11/2017"})),
        (0u16..=4).prop_map(
            |y| json!({"kind": "years_to_retirement_at_least", "years": y, "citation": "PP 11/2017 Ps. 239"})
        ),
        (1u8..4, 0..PRED.len())
            .prop_map(|(y, p)| json!({"kind": "predikat_last_years", "years": y, "at_least": PRED[p]})),
        (0u16..5).prop_map(|y| json!({"kind": "no_discipline", "level_at_least": "sedang", "years": y})),
        (0.0f64..120.0).prop_map(|p| json!({"kind": "jpm_at_least", "percent": p})),
        prop::collection::vec(1u16..10, 1..4).prop_map(|b| json!({"kind": "nine_box_in", "boxes": b})),
        Just(json!({"kind": "talent_pool"})),
        Just(json!({"kind": "unique_nip"})),
        Just(json!({"kind": "nip_matches_sex"})),
        Just(json!({"kind": "no_future_dates"})),
    ]
}

fn valid_predicate() -> impl Strategy<Value = Value> {
    valid_leaf().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|of| json!({"kind": "all", "of": of})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|of| json!({"kind": "any", "of": of})),
            inner.prop_map(|of| json!({"kind": "not", "of": of})),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Well-formed rule sets are accepted (no false alarms) and evaluated for every row.
    #[test]
    fn valid_rule_sets_are_accepted_and_evaluated(preds in prop::collection::vec(valid_predicate(), 1..4), recs in prop::collection::vec(record(), 1..10)) {
        // Age predicates under `not` are refused by the guard: skip those draws.
        let text = serde_json::to_string(&preds).unwrap();
        prop_assume!(!text.contains("\"not\""));
        let set = json!({"name": "ok", "version": "1", "implements": "-", "rules": preds.iter().enumerate().map(|(i, w)| json!({
            "id": format!("r{i}"), "citation": "c", "severity": "error", "message": {"en": "{actual}", "id": "{expected}"}, "when": w})).collect::<Vec<_>>()});
        let s = parse_rule_set_value(&set, "").map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let rows: Vec<_> = recs.iter().map(parse_row).collect();
        let out = validate_rows(&rows, &s, "2026-01-02".parse().unwrap(), &policy());
        prop_assert_eq!(out.results.len() + out.summary.total.errors, rows.len());
        for r in &out.results {
            prop_assert_eq!(r.rules.len(), s.rules.len());
            let blocked = r.rules.iter().any(|x| x.outcome != meritkit::rules::Outcome::Pass);
            prop_assert_eq!(r.eligible, !blocked);
        }
    }
}

/// The monotonicity property is not vacuous: run it and check that the loose
/// sets admitted people.
#[test]
fn tightening_property_sees_eligible_people() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 32, ..ProptestConfig::default() });
    let date: jiff::civil::Date = "2026-01-02".parse().unwrap();
    let set = parse_rule_set_value(&json!({"name": "t", "version": "1", "implements": "-", "rules": [
        {"id": "age", "citation": "c", "severity": "error", "message": {"en": "e", "id": "i"}, "when": {"kind": "age_at_most", "years": 60, "citation": "PP 11/2017"}},
        {"id": "rank", "citation": "c", "severity": "error", "message": {"en": "e", "id": "i"}, "when": {"kind": "rank_at_least", "pns": "III/a", "pppk": "IX"}}]}), "").unwrap();
    let total = std::cell::Cell::new(0usize);
    runner
        .run(&prop::collection::vec(record(), 20..21), |recs| {
            let rows: Vec<_> = recs.iter().map(parse_row).collect();
            total.set(total.get() + validate_rows(&rows, &set, date, &policy()).summary.total.eligible);
            Ok(())
        })
        .unwrap();
    assert!(total.get() > 0, "generated records never met a loose rule set");
}

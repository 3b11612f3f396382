//! Property tests: monotonicity, determinism, order independence, no panics, no lost rows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::generate::{population, Options};
use meritkit::nine_box::box_number;
use meritkit::policy::{Cutoffs, MissingData, Policy, Rounding, Scope};
use meritkit::scoring::{score, Context, Detail};
use proptest::prelude::*;
use std::collections::BTreeMap;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn box_never_decreases_when_a_level_rises(k in 1u8..=3, p in 1u8..=3) {
        if k < 3 { prop_assert!(box_number(k + 1, p) > box_number(k, p)); }
        if p < 3 { prop_assert!(box_number(k, p + 1) > box_number(k, p)); }
    }

    #[test]
    fn raising_potential_score_never_lowers_the_box(seed in 0u64..1000, bump in 0.0f64..40.0) {
        let pop = population(&Options { count: 40, seed, ..Options::default() });
        let policy = Policy::preset("permenpanrb_3_2020").unwrap();
        let before = score(&pop, &policy, &Context::default());
        let raised: Vec<_> = pop.iter().cloned().map(|mut e| {
            e.potential_score = Some(e.potential_score.unwrap_or(50.0).max(0.0));
            e
        }).collect();
        let base = score(&raised, &policy, &Context::default());
        let bumped: Vec<_> = raised.iter().cloned().map(|mut e| {
            e.potential_score = e.potential_score.map(|s| (s + bump).min(100.0));
            e
        }).collect();
        let after = score(&bumped, &policy, &Context::default());
        prop_assert_eq!(before.results.len() + before.errors.len() > 0, true);
        let b: BTreeMap<_, _> = base.results.iter().map(|r| (r.nip.clone(), r.box_)).collect();
        for r in &after.results {
            prop_assert!(r.box_ >= b[&r.nip]);
        }
    }

    #[test]
    fn results_independent_of_input_order(seed in 0u64..1000, rot in 1usize..39, method in 0u8..3) {
        let pop = population(&Options { count: 40, seed, ..Options::default() });
        let mut policy = Policy::preset("permenpanrb_3_2020").unwrap();
        policy.potential.cutoffs = match method {
            0 => Cutoffs::Fixed { thresholds: vec![78.0, 90.0] },
            1 => Cutoffs::Percentile { thresholds: vec![0.3, 0.8], scope: Scope::Unit },
            _ => Cutoffs::Distribution { shares: vec![0.3, 0.5, 0.2], scope: Scope::All, rounding: Rounding::Nearest },
        };
        let a = score(&pop, &policy, &Context::default());
        let mut shuffled = pop.clone();
        shuffled.rotate_left(rot);
        shuffled.reverse();
        let b = score(&shuffled, &policy, &Context::default());
        let key = |o: &meritkit::scoring::ScoreOutput| -> BTreeMap<String, String> {
            o.results.iter().map(|r| {
                let mut v = serde_json::to_value(r).unwrap();
                v.as_object_mut().unwrap().remove("row");
                (r.nip.clone(), v.to_string())
            }).collect()
        };
        prop_assert_eq!(key(&a), key(&b));
        prop_assert_eq!(a.summary, b.summary);
    }

    /// The detail an answer carries changes only the explanations: every
    /// placement, error and count is the same under `none`, `summary` and
    /// `full`, for fixed and population-relative cut-offs; `summary` is the
    /// full explanation without its per-year, per-component and cut-off lists.
    #[test]
    fn detail_changes_only_the_explanation(seed in 0u64..1000, method in 0u8..3, holding in any::<bool>()) {
        let mut pop = population(&Options { count: 40, seed, ..Options::default() });
        pop[seed as usize % 40].nip = "12".into(); // one error row
        let mut policy = Policy::preset("permenpanrb_3_2020").unwrap();
        if holding { policy.missing = MissingData::Holding; }
        policy.potential.cutoffs = match method {
            0 => Cutoffs::Fixed { thresholds: vec![78.0, 90.0] },
            1 => Cutoffs::Percentile { thresholds: vec![0.3, 0.8], scope: Scope::Unit },
            _ => Cutoffs::Distribution { shares: vec![0.3, 0.5, 0.2], scope: Scope::All, rounding: Rounding::Nearest },
        };
        let at = |detail| score(&pop, &policy, &Context { detail, ..Context::default() });
        let (full, summary, none) = (at(Detail::Full), at(Detail::Summary), at(Detail::None));
        prop_assert!(!full.errors.is_empty());
        for other in [&summary, &none] {
            prop_assert_eq!(&other.errors, &full.errors);
            prop_assert_eq!(&other.summary, &full.summary);
            prop_assert_eq!(other.results.len(), full.results.len());
        }
        for ((f, s), n) in full.results.iter().zip(&summary.results).zip(&none.results) {
            let fe = f.explanation.clone().unwrap();
            let se = s.explanation.clone().unwrap();
            prop_assert!(n.explanation.is_none());
            let mut bare = f.clone();
            bare.explanation = None;
            prop_assert_eq!(&bare, n);
            // summary = full without the lists
            let mut cut = fe.clone();
            for a in [&mut cut.performance, &mut cut.potential] {
                a.years.clear();
                a.components.clear();
                a.cutoffs = None;
            }
            prop_assert_eq!(&cut, &se);
            prop_assert_eq!(fe.box_.as_ref().map(|b| b.number), f.box_);
        }
    }

    #[test]
    fn every_row_accounted_for_exactly_once(seed in 0u64..1000, holding in any::<bool>()) {
        let mut rows: Vec<serde_json::Value> = population(&Options { count: 30, seed, ..Options::default() })
            .iter().map(|e| serde_json::to_value(e).unwrap()).collect();
        // corrupt some rows
        for (i, r) in rows.iter_mut().enumerate() {
            match (seed as usize + i) % 7 {
                0 => { r["nip"] = serde_json::json!("12"); }
                1 => { r.as_object_mut().unwrap().remove("potential_score"); r.as_object_mut().unwrap().remove("competency"); }
                2 => { r["rank"] = serde_json::json!(5); }
                _ => {}
            }
        }
        let mut policy = Policy::preset("permenpanrb_3_2020").unwrap();
        if holding { policy.missing = MissingData::Holding; }
        let req = meritkit::api::ScoreRequest { records: rows.clone(), policy: Some(meritkit::source::Source::Inline(serde_json::to_value(&policy).unwrap())), date: None, period: None, max_error_rows: None, detail: None };
        let out = meritkit::api::score(&req).unwrap();
        let mut seen = vec![0usize; rows.len()];
        for r in &out.results { seen[r.row] += 1; }
        let mut err_rows: Vec<usize> = out.errors.iter().map(|e| e.row).collect();
        err_rows.dedup();
        for r in err_rows { seen[r] += 1; }
        prop_assert!(seen.iter().all(|&c| c == 1), "{:?}", seen);
        prop_assert_eq!(out.summary.total.rows, rows.len());
        prop_assert_eq!(out.summary.total.placed + out.summary.total.holding + out.summary.total.errors, rows.len());
    }

    #[test]
    fn no_input_json_makes_the_library_panic(s in ".{0,200}") {
        let _ = meritkit::api::score_json(&s);
        let _ = meritkit::api::call_json("score", &s);
        let _ = meritkit::policy::Policy::from_str_any(&s);
    }

    #[test]
    fn no_structured_record_makes_the_library_panic(v in arb_json(3)) {
        let req = serde_json::json!({"records": [v.clone()], "policy": "permenpanrb_3_2020"});
        let a: serde_json::Value = serde_json::from_str(&meritkit::api::score_json(&req.to_string())).unwrap();
        prop_assert_eq!(&a["ok"], &serde_json::Value::Bool(true));
        let n = a["value"]["results"].as_array().unwrap().len() + a["value"]["errors"].as_array().unwrap().iter()
            .map(|e| e["row"].as_u64().unwrap()).collect::<std::collections::BTreeSet<_>>().len();
        prop_assert_eq!(n, 1);
        let _ = meritkit::api::call_json("score", &serde_json::json!({"records": [], "policy": v}).to_string());
    }

    #[test]
    fn scoring_is_deterministic(seed in 0u64..1000) {
        let pop = population(&Options { count: 25, seed, ..Options::default() });
        let policy = Policy::preset("percentile_unit").unwrap();
        let a = serde_json::to_string(&score(&pop, &policy, &Context::default())).unwrap();
        let b = serde_json::to_string(&score(&pop, &policy, &Context::default())).unwrap();
        prop_assert_eq!(a, b);
    }
}

fn arb_json(depth: u32) -> impl Strategy<Value = serde_json::Value> {
    let field = prop_oneof![
        Just("nip".to_string()),
        Just("unit".to_string()),
        Just("position".to_string()),
        Just("kind".to_string()),
        Just("performance".to_string()),
        Just("year".to_string()),
        Just("predikat".to_string()),
        Just("competency".to_string()),
        Just("potential_score".to_string()),
        Just("rank".to_string()),
        Just("integritas".to_string()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i32>().prop_map(|x| serde_json::json!(x)),
        (-1e6f64..1e6).prop_map(|x| serde_json::json!(x)),
        prop_oneof![
            Just("196502222007011005".to_string()),
            Just("Baik".to_string()),
            Just("pengawas".to_string()),
            ".{0,20}"
        ]
        .prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(depth, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(field.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// A population scored in parts (a file read piece by piece) answers as
    /// the same rows scored at once: placements, errors (rows numbered across
    /// the parts, a NIP repeated in a later part is a duplicate there), the
    /// summary, and the row where too many error rows refuse the input; for
    /// fixed and population-relative cut-offs (which observe every part first).
    #[test]
    fn a_stream_in_parts_answers_as_one_batch(
        seed in 0u64..1000,
        method in 0u8..4,
        holding in any::<bool>(),
        parts in proptest::collection::vec(0usize..25, 0..6),
        limit in 2usize..40,
    ) {
        use meritkit::scoring::{score_rows_within, Stream};
        let mut rows: Vec<serde_json::Value> = population(&Options { count: 60, seed, ..Options::default() })
            .iter().map(|e| serde_json::to_value(e).unwrap()).collect();
        for i in 0..rows.len() {
            match (seed as usize + i) % 9 {
                0 => rows[i]["nip"] = serde_json::json!("12"),              // invalid NIP: a scoring error
                1 => rows[i]["rank"] = serde_json::json!(5),                // a parse failure
                2 if i > 0 => { let nip = rows[i / 2]["nip"].clone(); rows[i]["nip"] = nip; } // repeats an earlier NIP
                3 => { let o = rows[i].as_object_mut().unwrap(); o.remove("potential_score"); o.remove("competency"); }
                _ => {}
            }
        }
        let parsed: Vec<_> = rows.iter().map(meritkit::api::parse_row).collect();
        let mut policy = Policy::preset("permenpanrb_3_2020").unwrap();
        if holding { policy.missing = MissingData::Holding; }
        policy.potential.cutoffs = match method {
            0 => Cutoffs::Fixed { thresholds: vec![78.0, 90.0] },
            1 => Cutoffs::Percentile { thresholds: vec![0.3, 0.8], scope: Scope::Unit },
            2 => Cutoffs::Percentile { thresholds: vec![0.25, 0.75], scope: Scope::All },
            _ => Cutoffs::Distribution { shares: vec![0.3, 0.5, 0.2], scope: Scope::All, rounding: Rounding::Down },
        };
        let ctx = Context::default();
        // the parts: the given sizes, then the rest
        let mut bounds = vec![0usize];
        for p in &parts { let next = (bounds[bounds.len() - 1] + p).min(parsed.len()); bounds.push(next); }
        bounds.push(parsed.len());
        let chunks: Vec<&[meritkit::scoring::ParsedRow]> = bounds.windows(2).map(|w| &parsed[w[0]..w[1]]).collect();
        for limit in [usize::MAX, limit] {
            let whole = score_rows_within(&parsed, &policy, &ctx, limit);
            let mut s = Stream::new(&policy, &ctx, limit);
            prop_assert_eq!(s.needs_population(), method != 0);
            let (mut results, mut errors, mut refused) = (Vec::new(), Vec::new(), None);
            // (the first pass counts the rows with errors as the second does: a refusal may come there)
            for c in &chunks {
                if let Err(e) = s.observe(c) { refused = Some(e); break; }
            }
            for c in chunks.iter().filter(|_| refused.is_none()) {
                match s.score(c) {
                    Ok((r, e)) => { results.extend(r); errors.extend(e); }
                    Err(e) => { refused = Some(e); break; }
                }
            }
            match whole {
                Ok(whole) => {
                    prop_assert!(refused.is_none());
                    prop_assert!(whole.errors.iter().any(|e| e.code.as_str() == "duplicate_nip"));
                    prop_assert_eq!(&results, &whole.results);
                    prop_assert_eq!(&errors, &whole.errors);
                    prop_assert_eq!(s.finish(), whole.summary);
                }
                // (one batch counts the rows that failed to parse first: it may name a later row)
                Err(w) => prop_assert!(refused.is_some_and(|r| r.limit == w.limit && r.row <= w.row), "{:?} {:?}", refused, w),
            }
        }
    }
}

/// How a number cell read as text is defined: a decimal comma is a point, then `str::parse`, finite only.
fn text_number_by_definition(t: &str) -> Option<f64> {
    t.replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite())
}

proptest! {
    /// `flat::text_number`'s shortcut for short decimals gives the parser's number, bit for bit (the sign of zero
    /// included), and leaves every other text to it.
    #[test]
    fn text_number_is_the_parsers_number(t in "[-+]?[0-9]{0,18}([.,][0-9]{0,18})?([eE][-+]?[0-9]{1,3})?") {
        let got = meritkit::flat::text_number(&t).map(f64::to_bits);
        prop_assert_eq!(got, text_number_by_definition(&t).map(f64::to_bits), "{:?}", t);
    }

    #[test]
    fn text_number_of_any_text_is_the_parsers_number(t in "[-+0-9.,eEn a]{0,20}") {
        let got = meritkit::flat::text_number(&t).map(f64::to_bits);
        prop_assert_eq!(got, text_number_by_definition(&t).map(f64::to_bits), "{:?}", t);
    }
}

#[test]
fn text_number_edges_are_the_parsers_numbers() {
    for t in [
        "0",
        "-0",
        "0.0",
        "-0,0",
        "1",
        "58.4",
        "1,0",
        "72.93",
        "0.1",
        "0.3",
        "999999999999999",
        "9999999999999999",
        "0.000000000000001",
        "123456789012345.6",
        "1234567890.12345",
        "5.",
        ".5",
        "-.5",
        "-",
        ".",
        ",",
        "1.2.3",
        "1,2,3",
        "+1",
        "--1",
        "1e3",
        "nan",
        "inf",
        "-inf",
        "",
    ] {
        assert_eq!(
            meritkit::flat::text_number(t).map(f64::to_bits),
            text_number_by_definition(t).map(f64::to_bits),
            "{t:?}"
        );
    }
}

proptest! {
    /// A number in JSON is read as the correctly rounded double, the number `str::parse` (and so a CSV or XLSX
    /// text cell) gives: serde_json's default reader is off by one unit in the last place for about one in ten
    /// 17-digit numbers (the workspace enables its `float_roundtrip`).
    #[test]
    fn a_json_number_is_the_correctly_rounded_double(t in "-?(0|[1-9][0-9]{0,2})\\.[0-9]{12,20}([eE]-?[0-9]{1,3})?") {
        let from_json = serde_json::from_str::<f64>(&t).ok().filter(|x| x.is_finite()).map(f64::to_bits);
        let parsed = t.parse::<f64>().ok().filter(|x| x.is_finite()).map(f64::to_bits);
        prop_assert_eq!(from_json, parsed, "{:?}", t);
    }
}

/// The same person scored from a JSON record and from a flat table's text cell lands on the same potensial level
/// at the default cut-offs (78 and 90, `permenpanrb_3_2020`): each text is read as its correctly rounded double.
#[test]
fn a_score_next_to_a_cut_off_reads_the_same_from_json_and_from_a_text_cell() {
    use meritkit::columnar::{score_flat, FlatColumn, FlatTable};
    for (text, level) in [
        ("77.999999999999992", "rendah"),     // the double below 78
        ("77.99999999999999480", "menengah"), // rounds to 78
        ("89.9999999999999930", "tinggi"),    // rounds to 90
        ("89.99999999999998", "menengah"),
    ] {
        let request = format!(
            r#"{{"date":"2026-01-01","records":[{{"nip":"198503152010011002","unit":"Dinas Pangan",
            "position":{{"kind":"pelaksana"}},"performance":[{{"year":2025,"predikat":"baik"}}],"potential_score":{text}}}]}}"#
        );
        let answer: serde_json::Value = serde_json::from_str(&meritkit::api::score_json(&request)).unwrap();
        assert_eq!(answer["value"]["results"][0]["potential_level"], level, "{text} from JSON: {answer}");
        let table = FlatTable {
            names: ["nip", "unit", "position_kind", "performance_2025", "potential_score"].map(String::from).to_vec(),
            columns: vec![
                FlatColumn::Text(vec![Some("198503152010011002")]),
                FlatColumn::Text(vec![Some("Dinas Pangan")]),
                FlatColumn::Text(vec![Some("pelaksana")]),
                FlatColumn::Text(vec![Some("baik")]),
                FlatColumn::Text(vec![Some(text)]),
            ],
        };
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let ctx = Context { today: Some(jiff::civil::date(2026, 1, 1)), ..Context::default() };
        let flat = score_flat(&table, &p, &ctx).unwrap();
        let index = ["rendah", "menengah", "tinggi"].iter().position(|l| *l == level).unwrap() + 1;
        assert_eq!(usize::from(flat.potential_level[0]), index, "{text} from a text cell");
    }
}

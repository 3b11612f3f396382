//! Weights: one normalisation (meritkit::weights) for the potential composite,
//! succession criteria and SAW / TOPSIS; huge weights (1e308) and subnormal
//! ones keep their proportions instead of overflowing the sum.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::api::{succession_with, SuccessionRequest};
use meritkit::mcdm::{saw::saw, topsis::topsis, CriterionType, DecisionMatrix, Normalisation};
use meritkit::policy::{Component, Input, Policy, PotentialSource};
use meritkit::scoring::{score, Context};
use meritkit::succession::gate::BuiltinGate;
use meritkit::weights::normalize;
use proptest::prelude::*;

/// Finite non-negative weights of every magnitude, with the extremes often.
fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(1e308),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(f64::from_bits(1)),                       // the smallest subnormal
        (1u64..(1u64 << 52)).prop_map(f64::from_bits), // subnormals
        prop::num::f64::POSITIVE | prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
        0.0f64..1.0,
    ]
    .prop_filter("finite, >= 0", |w| w.is_finite() && *w >= 0.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn effective_weights_are_finite_and_sum_to_one(ws in prop::collection::vec(weight(), 1..12)) {
        prop_assume!(ws.iter().any(|w| *w > 0.0));
        let e = normalize(&ws).unwrap();
        prop_assert_eq!(e.len(), ws.len());
        prop_assert!(e.iter().all(|x| x.is_finite() && *x >= 0.0 && *x <= 1.0));
        prop_assert!((e.iter().sum::<f64>() - 1.0).abs() <= 1e-12, "sum {}", e.iter().sum::<f64>());
        // a zero weight stays zero; the largest weight has the largest share
        for (w, x) in ws.iter().zip(&e) {
            if *w == 0.0 { prop_assert_eq!(*x, 0.0); }
        }
        let imax = (0..ws.len()).fold(0, |m, i| if ws[i] > ws[m] { i } else { m });
        prop_assert!(e.iter().all(|x| *x <= e[imax]));
    }

    #[test]
    fn scaling_every_weight_changes_nothing(ws in prop::collection::vec(0.0f64..10.0, 1..8), k in prop_oneof![Just(1e300), Just(1e-300), 1.0f64..1e6]) {
        prop_assume!(ws.iter().any(|w| *w > 0.0));
        let a = normalize(&ws).unwrap();
        let scaled: Vec<f64> = ws.iter().map(|w| w * k).collect();
        prop_assume!(scaled.iter().all(|w| w.is_finite()) && scaled.iter().any(|w| *w > 0.0));
        let b = normalize(&scaled).unwrap();
        for (x, y) in a.iter().zip(&b) {
            prop_assert!((x - y).abs() <= 1e-12);
        }
    }
}

fn composite_policy(w: [f64; 3]) -> Policy {
    let mut p = Policy::preset("permenpanrb_3_2020").unwrap();
    p.potential.source = PotentialSource::Composite;
    p.potential.components = vec![
        Component { input: Input::Jpm, weight: w[0] },
        Component { input: Input::PotentialAssessment, weight: w[1] },
        Component { input: Input::TrackRecord, weight: w[2] },
    ];
    p
}

fn record(track_record: Option<f64>) -> meritkit::Employee {
    let mut v = serde_json::json!({
        "nip": "198503152010011002", "unit": "Dinas Pangan", "position": {"kind": "administrator"},
        "performance": [{"year": 2025, "predikat": "Baik"}],
        "jpm": 95.0, "potential_assessment_score": 92.0
    });
    if let Some(t) = track_record {
        v["track_record_score"] = serde_json::json!(t);
    }
    serde_json::from_value(v).unwrap()
}

#[test]
fn weights_of_1e308_pass_the_check_and_give_the_same_composite_as_equal_weights() {
    let huge = composite_policy([1e308; 3]);
    assert!(huge.check().is_empty(), "{:?}", huge.check());
    let unit = composite_policy([1.0; 3]);
    for tr in [Some(94.0), None] {
        let a = score(&[record(tr)], &huge, &Context::default());
        let b = score(&[record(tr)], &unit, &Context::default());
        let (a, b) = (&a.results[0], &b.results[0]);
        // (95 + 92 + 94) / 3 = 93.67 (tinggi, box 8 with kinerja sesuai); without
        // the track record the two present components share the weight.
        let want = if tr.is_some() { (95.0 + 92.0 + 94.0) / 3.0 } else { (95.0 + 92.0) / 2.0 };
        assert!((a.potential_score.unwrap() - want).abs() < 1e-9, "{:?}", a.potential_score);
        assert_eq!(a.potential_score, b.potential_score);
        assert_eq!(a.box_, Some(8));
        let eff: f64 = a.explanation.as_ref().unwrap().potential.components.iter().map(|c| c.effective_weight).sum();
        assert!((eff - 1.0).abs() < 1e-12);
    }
}

#[test]
fn the_policy_check_refuses_non_finite_negative_and_all_zero_weights() {
    for (w, path) in [
        ([f64::INFINITY, 1.0, 1.0], "potential.components[0].weight"),
        ([1.0, f64::NAN, 1.0], "potential.components[1].weight"),
        ([1.0, 1.0, -1.0], "potential.components[2].weight"),
        ([0.0, 0.0, 0.0], "potential.components"),
    ] {
        let ps = composite_policy(w).check();
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!(ps[0].path, path);
        assert_eq!(ps[0].code, meritkit::Code::InvalidPolicy);
    }
}

#[test]
fn saw_and_topsis_accept_1e308_weights_like_equal_ones() {
    let m = DecisionMatrix::from_rows(&[vec![3.0, 80.0], vec![4.0, 60.0], vec![2.0, 90.0]]).unwrap();
    let types = [CriterionType::Benefit, CriterionType::Cost];
    type Method = fn(
        &DecisionMatrix,
        &[f64],
        &[CriterionType],
        Normalisation,
        Option<&[(f64, f64)]>,
    ) -> Result<Vec<f64>, meritkit::Error>;
    for (f, norm) in [(saw as Method, Normalisation::Max), (topsis as Method, Normalisation::Vector)] {
        let a = f(&m, &[1e308, 1e308], &types, norm, None).unwrap();
        let b = f(&m, &[1.0, 1.0], &types, norm, None).unwrap();
        assert!(a.iter().all(|x| x.is_finite()));
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-12, "{a:?} {b:?}");
        }
    }
}

#[test]
fn succession_weights_of_1e308_rank_like_their_proportions() {
    let recs: Vec<serde_json::Value> =
        meritkit::generate::population(&meritkit::generate::Options { count: 200, seed: 5, ..Default::default() })
            .iter()
            .map(|e| serde_json::to_value(e).unwrap())
            .collect();
    let run = |scale: f64| {
        // at 5e307 the raw weights sum past f64::MAX
        let w = serde_json::json!({"jpm": 3.0 * scale, "potential_score": 2.0 * scale, "performance": 2.0 * scale, "box": 1.0 * scale});
        let req: SuccessionRequest = serde_json::from_value(serde_json::json!({
            "records": recs, "positions": meritkit::generate::demo_positions(), "date": "2026-01-02",
            "top": 5, "weights": w, "sensitivity": true
        }))
        .unwrap();
        succession_with(&req, &BuiltinGate, false).unwrap()
    };
    let (a, b) = (run(5e307), run(1.0));
    assert!(!a.positions.is_empty());
    for (pa, pb) in a.positions.iter().zip(&b.positions) {
        assert!(!pa.candidates.is_empty());
        let sa: Vec<(&str, f64)> = pa.candidates.iter().map(|c| (c.nip.as_str(), c.score)).collect();
        let sb: Vec<(&str, f64)> = pb.candidates.iter().map(|c| (c.nip.as_str(), c.score)).collect();
        assert_eq!(sa.len(), sb.len());
        for (x, y) in sa.iter().zip(&sb) {
            assert_eq!(x.0, y.0);
            assert!(x.1.is_finite() && (x.1 - y.1).abs() < 1e-9);
        }
    }
}

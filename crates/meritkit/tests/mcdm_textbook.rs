//! Textbook worked examples for SAW, TOPSIS, profile matching and AHP, and
//! the fairness statistics on known tables. Expected numbers are the
//! published ones (cited), hand computations from the published formulas
//! (Fishburn 1967; Hwang & Yoon 1981; Kusrini 2007; Saaty 1980; UGESP,
//! 29 CFR 1607.4(D); Morris & Lobsenz 2000), or independent implementations
//! (pymcdm 1.4, NumPy, SciPy 1.17) — never this crate's own output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::fairness::{adverse_impact, fisher_exact, z_impact_ratio, z_two_proportions, GroupCount, Options};
use meritkit::mcdm::ahp::{ahp, SAATY_RI};
use meritkit::mcdm::profile_matching::{aspect_value, evaluate, GapTable};
use meritkit::mcdm::{saw::saw, topsis::topsis, CriterionType::*, DecisionMatrix, Normalisation};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Hwang & Yoon (1981), *Multiple Attribute Decision Making*, the fighter-aircraft
/// example: 4 aircraft × 6 attributes (max speed, ferry range, max payload, cost
/// [cost], reliability, manoeuvrability), w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3).
fn aircraft() -> (DecisionMatrix, Vec<f64>, Vec<meritkit::mcdm::CriterionType>) {
    let m = DecisionMatrix::from_rows(&[
        vec![2.0, 1500.0, 20000.0, 5.5, 5.0, 9.0],
        vec![2.5, 2700.0, 18000.0, 6.5, 3.0, 5.0],
        vec![1.8, 2000.0, 21000.0, 4.5, 7.0, 7.0],
        vec![2.2, 1800.0, 20000.0, 5.0, 5.0, 5.0],
    ])
    .unwrap();
    (m, vec![0.2, 0.1, 0.1, 0.1, 0.2, 0.3], vec![Benefit, Benefit, Benefit, Cost, Benefit, Benefit])
}

#[test]
fn topsis_hwang_yoon_aircraft() {
    let (m, w, t) = aircraft();
    let c = topsis(&m, &w, &t, Normalisation::Vector, None).unwrap();
    // Published C* (3 decimals): A1 0.643, A2 0.268, A3 0.614 (0.6135), A4 0.312.
    for (got, publ) in c.iter().zip([0.643, 0.268, 0.6135, 0.312]) {
        assert!(close(*got, publ, 6e-4), "{got} vs {publ}");
    }
    // pymcdm 1.4 TOPSIS(vector_normalization): full precision.
    for (got, peer) in c.iter().zip([0.643277, 0.26838357, 0.61354229, 0.31229107]) {
        assert!(close(*got, peer, 1e-8), "{got} vs {peer}");
    }
    assert_eq!(meritkit::mcdm::order_desc(&c), vec![0, 2, 3, 1]);
}

#[test]
fn saw_hand_example_and_aircraft() {
    // Hand computation (`linear` as named in pymcdm; Fishburn 1967): benefit x/max, cost min/x.
    // A: (70, 3), B: (80, 2), C: (90, 4); w = (0.6, 0.4)
    // V_A = 0.6·7/9 + 0.4·2/3 = 11/15; V_B = 0.6·8/9 + 0.4·1 = 14/15; V_C = 0.6 + 0.4·1/2 = 4/5.
    let m = DecisionMatrix::from_rows(&[vec![70.0, 3.0], vec![80.0, 2.0], vec![90.0, 4.0]]).unwrap();
    let v = saw(&m, &[0.6, 0.4], &[Benefit, Cost], Normalisation::Linear, None).unwrap();
    assert!(close(v[0], 11.0 / 15.0, 1e-15) && close(v[1], 14.0 / 15.0, 1e-15) && close(v[2], 0.8, 1e-15));
    // Weights need not sum to 1 on input: they are scaled.
    let v2 = saw(&m, &[3.0, 2.0], &[Benefit, Cost], Normalisation::Linear, None).unwrap();
    assert!(close(v2[1], 14.0 / 15.0, 1e-15));
    // Aircraft example under SAW/linear: pymcdm 1.4 WSM(linear_normalization).
    let (m, w, t) = aircraft();
    let v = saw(&m, &w, &t, Normalisation::Linear, None).unwrap();
    for (got, peer) in v.iter().zip([0.83546898, 0.70732601, 0.85140741, 0.73742857]) {
        assert!(close(*got, peer, 1e-8), "{got} vs {peer}");
    }
    // fixed_range: JPM 0-100 → 0.85 for 85, independent of the others.
    let m = DecisionMatrix::from_rows(&[vec![85.0], vec![40.0]]).unwrap();
    let v = saw(&m, &[1.0], &[Benefit], Normalisation::FixedRange, Some(&[(0.0, 100.0)])).unwrap();
    assert!(close(v[0], 0.85, 1e-15) && close(v[1], 0.40, 1e-15));
    // min_max, all equal → 1 (pymcdm convention).
    let m = DecisionMatrix::from_rows(&[vec![5.0], vec![5.0]]).unwrap();
    assert_eq!(saw(&m, &[1.0], &[Cost], Normalisation::MinMax, None).unwrap(), vec![1.0, 1.0]);
}

#[test]
fn mcdm_errors_are_structured() {
    let m = DecisionMatrix::from_rows(&[vec![0.0, 1.0], vec![2.0, 3.0]]).unwrap();
    let e = saw(&m, &[0.5, 0.5], &[Cost, Benefit], Normalisation::Linear, None).unwrap_err();
    assert_eq!(e.problems()[0].path, "matrix[*][0]");
    let e = saw(&m, &[0.5], &[Cost, Benefit], Normalisation::Linear, None).unwrap_err();
    assert_eq!(e.problems()[0].path, "weights");
    let e = saw(&m, &[0.0, 0.0], &[Benefit, Benefit], Normalisation::Linear, None).unwrap_err();
    assert_eq!(e.problems()[0].path, "weights");
    assert!(DecisionMatrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).is_err());
}

#[test]
fn no_alternatives_give_no_scores_but_the_weights_are_checked() {
    // An empty pool (0 rows × 3 criteria): nothing to normalise or rank, under every normalisation.
    let m = DecisionMatrix::new(0, 3, vec![]).unwrap();
    let (w, t) = ([0.5, 0.3, 0.2], [Benefit, Cost, Benefit]);
    for n in
        [Normalisation::Linear, Normalisation::Max, Normalisation::MinMax, Normalisation::Vector, Normalisation::Sum]
    {
        assert_eq!(topsis(&m, &w, &t, n, None).unwrap(), Vec::<f64>::new());
        assert_eq!(saw(&m, &w, &t, n, None).unwrap(), Vec::<f64>::new());
    }
    // fixed_range still needs its bounds; the weights still need one per criterion
    assert_eq!(saw(&m, &w, &t, Normalisation::FixedRange, None).unwrap_err().problems()[0].path, "ranges");
    assert_eq!(saw(&m, &w[..2], &t, Normalisation::Linear, None).unwrap_err().problems()[0].path, "weights");
    let a = meritkit::api::mcdm_matrix(&m, meritkit::mcdm::MatrixMethod::Topsis, &w, &t, None, None).unwrap();
    assert!(a.scores.is_empty() && a.order.is_empty() && a.ranks.is_empty());
}

#[test]
fn the_public_steps_compose_to_the_methods_bit_for_bit() {
    // normalize → closeness / weighted_sum (row-major, public) is exactly topsis / saw (column by column inside)
    use meritkit::mcdm::{normalize, saw::weighted_sum, topsis::closeness};
    let (m, w, t) = aircraft();
    let ws = meritkit::mcdm::check_weights(&m, &w, &t).unwrap();
    for n in
        [Normalisation::Vector, Normalisation::MinMax, Normalisation::Max, Normalisation::Sum, Normalisation::Linear]
    {
        let r = normalize(&m, &t, n, None).unwrap();
        assert_eq!(closeness(&r, &ws), topsis(&m, &w, &t, n, None).unwrap());
        assert_eq!(weighted_sum(&r, &ws), saw(&m, &w, &t, n, None).unwrap());
    }
    // order_desc: best first, equal scores by index (as a stable sort), NaN-free total order
    assert_eq!(meritkit::mcdm::order_desc(&[0.5, 0.9, 0.5, 0.1, 0.9]), vec![1, 4, 0, 2, 3]);
    assert!(normalize(&m, &t[..2], Normalisation::Vector, None).is_err());
}

#[test]
fn mcdm_on_a_built_matrix_is_the_json_request() {
    // The typed entry (Python's NumPy path) answers exactly as the request path, errors included.
    let (m, w, t) = aircraft();
    let rows: Vec<Vec<f64>> = (0..m.rows()).map(|i| (0..m.cols()).map(|j| m.get(i, j)).collect()).collect();
    for method in [meritkit::mcdm::MatrixMethod::Topsis, meritkit::mcdm::MatrixMethod::Saw] {
        let req = meritkit::api::McdmRequest {
            method,
            matrix: rows.clone(),
            weights: w.clone(),
            types: t.clone(),
            normalisation: None,
            ranges: None,
        };
        let a = meritkit::api::mcdm(&req).unwrap();
        let b = meritkit::api::mcdm_matrix(&m, method, &w, &t, None, None).unwrap();
        assert_eq!((a.scores, a.order, a.ranks, a.normalisation), (b.scores, b.order, b.ranks, b.normalisation));
    }
    // An unknown method is refused where the request is read, at its path, without echoing it.
    let answer: serde_json::Value = serde_json::from_str(&meritkit::api::call_json(
        "mcdm",
        &serde_json::json!({"method": "electre", "matrix": rows, "weights": w, "types": t}).to_string(),
    ))
    .unwrap();
    assert_eq!(answer["ok"], false);
    assert_eq!(answer["error"]["problems"][0]["path"], "method");
    assert!(!answer.to_string().contains("electre"));
}

#[test]
fn profile_matching_hand_example() {
    // Kusrini (2007) GAP table. Required (3, 3, 4, 3), attained (4, 3, 2, 3);
    // core = first two. Gaps +1, 0, -2, 0 → weights 4.5, 5, 3, 5.
    // NCF = (4.5 + 5)/2 = 4.75; NSF = (3 + 5)/2 = 4; N = 0.6·4.75 + 0.4·4 = 4.45.
    let t = GapTable::default();
    let f =
        evaluate(&t, [("a", 3.0, 4.0, true), ("b", 3.0, 3.0, true), ("c", 4.0, 2.0, false), ("d", 3.0, 3.0, false)])
            .unwrap();
    assert_eq!(f.iter().map(|x| x.weight).collect::<Vec<_>>(), vec![4.5, 5.0, 3.0, 5.0]);
    let (n, ncf, nsf) = aspect_value(&f, 0.6).unwrap();
    assert!(close(n, 4.45, 1e-12));
    assert_eq!((ncf, nsf), (Some(4.75), Some(4.0)));
    // Every gap of the 1-5 scale is in the table; a gap of 5 is not.
    assert_eq!(t.weight(-4.0), Some(1.0));
    assert_eq!(t.weight(4.0), Some(1.5));
    assert_eq!(t.weight(5.0), None);
    assert!(evaluate(&t, [("x", 0.0, 5.0, true)]).is_err());
}

#[test]
fn ahp_saaty_three_criteria() {
    // The classic 3×3 judgement matrix (Saaty 1980 style; widely reproduced):
    // [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]] → w ≈ (0.637, 0.258, 0.105), λmax ≈ 3.039, CR ≈ 0.033.
    // Full precision cross-checked with numpy.linalg.eig: w = (0.63698557, 0.25828499, 0.10472943),
    // λmax = 3.0385110905581727, CR = 0.03319921599842474.
    let a = vec![vec![1.0, 3.0, 5.0], vec![1.0 / 3.0, 1.0, 3.0], vec![0.2, 1.0 / 3.0, 1.0]];
    let r = ahp(&a, &SAATY_RI, false).unwrap();
    for (got, peer) in r.weights.iter().zip([0.63698557, 0.25828499, 0.10472943]) {
        assert!(close(*got, peer, 1e-8), "{got} vs {peer}");
    }
    assert!(close(r.lambda_max, 3.0385110905581727, 1e-10));
    assert!(close(r.consistency_ratio, 0.03319921599842474, 1e-10));
    assert!(r.consistent);
    assert_eq!(r.random_index, 0.58);
}

#[test]
fn ahp_inconsistency_is_an_error_unless_overridden() {
    // Cyclic judgements: A ≫ B, B ≫ C, C ≫ A.
    let a = vec![vec![1.0, 9.0, 1.0 / 9.0], vec![1.0 / 9.0, 1.0, 9.0], vec![9.0, 1.0 / 9.0, 1.0]];
    let e = ahp(&a, &SAATY_RI, false).unwrap_err();
    assert_eq!(e.problems()[0].code, meritkit::Code::InconsistentMatrix);
    let r = ahp(&a, &SAATY_RI, true).unwrap();
    assert!(!r.consistent && r.consistency_ratio > 0.1);
    // n = 2: CR = 0 by definition.
    let r = ahp(&[vec![1.0, 4.0], vec![0.25, 1.0]], &SAATY_RI, false).unwrap();
    assert!(close(r.weights[0], 0.8, 1e-12) && r.consistency_ratio == 0.0);
    // Not reciprocal.
    assert!(ahp(&[vec![1.0, 4.0], vec![4.0, 1.0]], &SAATY_RI, false).is_err());
    // A configurable RI table (R ahpsurvey: 0.525 for n = 3) changes CR = CI / RI.
    let a = vec![vec![1.0, 3.0, 5.0], vec![1.0 / 3.0, 1.0, 3.0], vec![0.2, 1.0 / 3.0, 1.0]];
    let r = ahp(&a, &[0.0, 0.0, 0.525], false).unwrap();
    assert!(close(r.consistency_ratio, 0.03319921599842474 * 0.58 / 0.525, 1e-10));
}

#[test]
fn four_fifths_ugesp_examples() {
    // UGESP Questions & Answers no. 12: 60/100 vs 15/50 → 30 % / 60 % = 0.5 < 0.8: adverse impact.
    let r = adverse_impact(
        &[
            GroupCount { group: "a".into(), considered: 100, selected: 60 },
            GroupCount { group: "b".into(), considered: 50, selected: 15 },
        ],
        &Options::default(),
    );
    let b = &r.groups[1];
    assert_eq!(r.reference_group.as_deref(), Some("a"));
    assert!(close(b.impact_ratio.unwrap(), 0.5, 1e-15));
    assert_eq!(b.four_fifths_flag, Some(true));
    // Z_D by hand: SR_T = 75/150 = 0.5; (0.3 - 0.6)/√(0.25 (1/50 + 1/100)) = -3.4641016.
    assert!(close(b.z_d.unwrap(), -0.3 / (0.25f64 * 0.03).sqrt(), 1e-12));
    assert_eq!(b.significant, Some(true));
    // Z_IR by hand: ln(0.5)/√(0.5 / (0.5·150·(1/3)·(2/3))) = -0.693147/0.173205 = -4.001887.
    assert!(close(b.z_ir.unwrap(), -4.001887, 1e-6));
    // 48/80 (60 %) vs 80/120 (66.7 %): ratio 0.9, no flag.
    let r = adverse_impact(
        &[
            GroupCount { group: "x".into(), considered: 120, selected: 80 },
            GroupCount { group: "y".into(), considered: 80, selected: 48 },
        ],
        &Options::default(),
    );
    assert!(close(r.groups[1].impact_ratio.unwrap(), 0.9, 1e-12));
    assert_eq!(r.groups[1].four_fifths_flag, Some(false));
    // SciPy 1.17 fisher_exact([[48, 32], [80, 40]]).pvalue = 0.36873890040801294
    assert!(close(r.groups[1].fisher_p.unwrap(), 0.36873890040801294, 1e-12));
}

#[test]
fn undefined_ratio_is_reported_not_divided() {
    let r = adverse_impact(
        &[
            GroupCount { group: "a".into(), considered: 10, selected: 0 },
            GroupCount { group: "b".into(), considered: 12, selected: 0 },
        ],
        &Options::default(),
    );
    assert_eq!(r.reference_group, None);
    assert!(r.groups.iter().all(|g| g.impact_ratio.is_none() && g.four_fifths_flag.is_none()));
    assert!(r.warnings.iter().any(|w| w.en.contains("undefined")));
    // small-sample warnings for both groups (default minimum 30)
    assert!(r.groups.iter().all(|g| g.small_sample));
}

#[test]
fn fisher_exact_matches_scipy() {
    // scipy.stats.fisher_exact(table).pvalue, SciPy 1.17.1
    let cases = [
        ([8, 2, 1, 5], 0.034965034965034975),
        ([15, 35, 60, 40], 0.0009029381569450639),
        ([48, 32, 80, 40], 0.36873890040801294),
        ([0, 10, 5, 5], 0.032507739938080496),
        ([2, 8, 30, 30], 0.09697386205520975),
    ];
    for (t, p) in cases {
        let got = fisher_exact(t[0], t[1], t[2], t[3]);
        assert!(close(got, p, 1e-12 + 1e-9 * p), "{t:?}: {got} vs {p}");
    }
    assert_eq!(z_two_proportions(1, 0, 1, 2), None);
    assert_eq!(z_impact_ratio(0, 10, 3, 10), None);
}

#[test]
fn fisher_exact_on_large_tables_matches_scipy_and_stays_fast() {
    // scipy.stats.fisher_exact(table).pvalue, SciPy 1.17.1: tables of 2,000 to 1,000,000 people, the
    // observed table near the most probable one (p ≈ 0.2-0.4) and far in a tail (p down to 5e-89).
    // The sum runs outwards from the most probable table and stops where tables are e^-80 times
    // less probable than the observed one.
    let cases: [([u64; 4], f64); 9] = [
        ([480, 520, 500, 500], 0.3953996780940261),
        ([400, 600, 500, 500], 8.453719674485626e-06),
        ([30000, 70000, 31000, 69000], 1.2226131612992912e-06),
        ([250000, 750000, 250700, 749300], 0.2538989225176719),
        ([1, 9, 200000, 0], 7.085586667455013e-42),
        ([499000, 501000, 500000, 500000], 0.15771450486976657),
        ([250000, 250000, 260000, 240000], 5.220460521817981e-89),
        ([249500, 250500, 250000, 250000], 0.3182791168571299),
        ([3, 7, 400000, 99990], 0.0008640776777585164),
    ];
    for (t, p) in cases {
        let got = fisher_exact(t[0], t[1], t[2], t[3]);
        // each table's probability is exp of a difference of ln-factorials of size n ln n (2.7e7 for a
        // million people), whose f64 rounding leaves about 1e-8 of relative precision at that size
        let n: u64 = t.iter().sum();
        let tol = if n <= 10_000 { 1e-9 } else { 5e-8 };
        assert!(close(got, p, tol * p), "{t:?}: {got} vs {p}");
    }
    // counts whose margins pass u64 (added up in a debug build they panicked; in release they wrapped
    // and gave p = 1): no probability an f64 can carry (NaN, never a p-value), and no panic; the Z
    // test still says that 1 of 10 selected against everybody of the rest is far from chance.
    assert!(fisher_exact(1, 9, u64::MAX, 0).is_nan());
    assert!(fisher_exact(1, 9, 1 << 52, 0) < 1e-40);
    assert!(z_two_proportions(1, 10, 1 << 40, 1 << 40).is_some_and(|z| z < -8.0));
    // ln(0.1 / 0.5) / √((1 - 0.5) / (0.5 · 10)) = -5.09 (Z_IR: the small group's size decides)
    assert!(z_impact_ratio(1, 10, 1 << 40, 1 << 41).is_some_and(|z| (z + 5.0895).abs() < 1e-3));
    // at u64::MAX the pooled rate rounds to 1 (no variance left): undefined, not a panic
    assert_eq!(z_two_proportions(1, 10, u64::MAX, u64::MAX), None);
    assert_eq!(z_impact_ratio(1, 10, u64::MAX, u64::MAX), None);
}

#[test]
fn fisher_is_left_to_z_for_groups_past_its_size_with_a_warning() {
    use meritkit::fairness::FISHER_MAX_N;
    let half = FISHER_MAX_N / 2;
    let r = adverse_impact(
        &[
            GroupCount { group: "a".into(), considered: half + 1, selected: half / 4 },
            GroupCount { group: "b".into(), considered: half, selected: half / 2 },
        ],
        &Options::default(),
    );
    let a = &r.groups[0];
    assert_eq!(a.fisher_p, None);
    assert!(a.z_d.is_some_and(|z| z < -100.0), "{:?}", a.z_d);
    assert!(r.warnings.iter().any(|w| w.en.contains("group `a`") && w.en.contains("Fisher")), "{:?}", r.warnings);
    // at the size itself it is computed
    let r = adverse_impact(
        &[
            GroupCount { group: "a".into(), considered: half, selected: half / 4 },
            GroupCount { group: "b".into(), considered: half, selected: half / 2 },
        ],
        &Options::default(),
    );
    assert!(r.groups[0].fisher_p.is_some_and(|p| p < 1e-300), "{:?}", r.groups[0].fisher_p);
}

#[test]
fn adverse_impact_requests_bound_the_counts_and_say_every_problem() {
    let req = r#"{"counts": [{"group": "a", "considered": 10, "selected": 11},
        {"group": "b", "considered": 18446744073709551615, "selected": 18446744073709551615}]}"#;
    let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json("adverse_impact", req)).unwrap();
    assert_eq!(v["ok"], false, "{v}");
    let paths: Vec<&str> =
        v["error"]["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["counts[0].selected", "counts[1].considered"], "{v}");
    assert!(v["error"]["problems"][1]["message"]["en"].as_str().unwrap().contains("1000000000"), "{v}");
    // a billion is allowed: Z computed, Fisher left to a warning
    let req = r#"{"counts": [{"group": "a", "considered": 1000000000, "selected": 250000000},
        {"group": "b", "considered": 1000000000, "selected": 500000000}]}"#;
    let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json("adverse_impact", req)).unwrap();
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["value"]["groups"][0]["z_d"].as_f64().is_some_and(|z| z < -1000.0), "{v}");
    assert!(v["value"]["groups"][0]["fisher_p"].is_null(), "{v}");
    // a repeated group and a critical value at or below 0 (every difference "significant"), with the rest
    let req = r#"{"counts": [{"group": "a", "considered": 10, "selected": 1}, {"group": "b", "considered": 10, "selected": 5},
        {"group": "a", "considered": 12, "selected": 2}], "options": {"z_critical": -1.0, "threshold": 0.8, "min_group_size": 30}}"#;
    let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json("adverse_impact", req)).unwrap();
    let paths: Vec<&str> =
        v["error"]["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["options.z_critical", "counts[2].group"], "{v}");
    assert!(v["error"]["problems"][1]["message"]["en"].as_str().unwrap().contains("counts[0]"), "{v}");
}

#[test]
fn fisher_exact_costs_the_spread_not_the_counts() {
    // Two groups of 500,000, everybody selected in one and nobody in the other: the least probable of
    // 500,001 tables. Walking from the most probable table visited all of them (~35 ms a group; 1,000
    // groups in one request kept `serve` busy 35 s). The tail is now found by bisection: a handful of
    // tables a group. The answer: p underflows to 0 (as SciPy's does) for each of the 2,000 groups.
    let mut counts = vec![r#"{"group": "ref", "considered": 500000, "selected": 500000}"#.to_string()];
    for i in 0..2000 {
        counts.push(format!(r#"{{"group": "g{i}", "considered": 500000, "selected": 0}}"#));
    }
    let req = format!(r#"{{"counts": [{}]}}"#, counts.join(","));
    let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json("adverse_impact", &req)).unwrap();
    assert_eq!(v["ok"], true);
    let groups = v["value"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2001);
    assert!(groups.iter().filter(|g| g["group"] != "ref").all(|g| g["fisher_p"] == 0.0), "{}", groups[0]);
    assert_eq!(fisher_exact(0, 500000, 500000, 0), 0.0);
    assert_eq!(fisher_exact(500000, 0, 0, 500000), 0.0);
}

#[test]
fn fisher_exact_work_in_one_report_is_bounded() {
    // Groups of 500,000 whose rate is the reference's: the most costly tables to sum (p near 1, ~6,000
    // probabilities each at 1,000,000 people). 3,000 of them would take ~2 s of Fisher alone; the report
    // evaluates at most FISHER_BUDGET probabilities, in group order, then leaves fisher_p null with one
    // warning, Z_D and Z_IR still given.
    let mut counts = vec![r#"{"group": "a-ref", "considered": 500000, "selected": 250000}"#.to_string()];
    for i in 0..3000 {
        counts.push(format!(r#"{{"group": "g{i:04}", "considered": 500000, "selected": 249999}}"#));
    }
    let req = format!(r#"{{"counts": [{}]}}"#, counts.join(","));
    let v: serde_json::Value = serde_json::from_str(&meritkit::api::call_json("adverse_impact", &req)).unwrap();
    assert_eq!(v["ok"], true);
    let groups = v["value"]["groups"].as_array().unwrap();
    let others: Vec<_> = groups.iter().filter(|g| g["group"] != "a-ref").collect();
    let computed = others.iter().take_while(|g| g["fisher_p"].is_number()).count();
    let expected = fisher_exact(249_999, 250_001, 250_000, 250_000);
    assert!(expected > 0.99 && expected <= 1.0, "{expected}");
    assert!(others[..computed].iter().all(|g| g["fisher_p"].as_f64() == Some(expected)));
    assert!((1000..3000).contains(&computed), "{computed} groups covered");
    assert!(others[computed..].iter().all(|g| g["fisher_p"].is_null() && g["z_d"].is_number()));
    let missing = 3000 - computed;
    let warnings = v["value"]["warnings"].as_array().unwrap();
    let w: Vec<_> = warnings.iter().filter(|w| w["en"].as_str().is_some_and(|t| t.contains("Fisher"))).collect();
    assert_eq!(w.len(), 1, "{warnings:?}");
    assert!(w[0]["en"].as_str().unwrap().contains(&format!("for {missing} group(s)")), "{:?}", w[0]);
    assert!(w[0]["en"].as_str().unwrap().contains(&meritkit::fairness::FISHER_BUDGET.to_string()));
}

//! Succession properties: nobody dropped, ranking is a permutation of the
//! ranked set, input-order invariance, parallel = sequential, SAW monotonicity,
//! readiness boundaries, exclusive assignment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::api::{succession_with, SuccessionRequest};
use meritkit::mcdm::{saw::saw, CriterionType, DecisionMatrix, Normalisation};
use meritkit::succession::gate::BuiltinGate;
use meritkit::succession::readiness::{Facts, Readiness, ReadinessPolicy};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn request(records: Vec<serde_json::Value>, top: usize, method: &str) -> SuccessionRequest {
    serde_json::from_value(serde_json::json!({
        "records": records, "positions": meritkit::generate::demo_positions(), "date": "2026-01-02",
        "top": top, "method": method, "emergency_successor": true
    }))
    .unwrap()
}

fn population(n: usize, seed: u64) -> Vec<serde_json::Value> {
    meritkit::generate::population(&meritkit::generate::Options { count: n, seed, ..Default::default() })
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect()
}

#[test]
fn nobody_is_dropped_and_shortlist_is_a_permutation_of_the_ranked() {
    for method in ["saw", "topsis", "profile_matching"] {
        let recs = population(600, 11);
        let out = succession_with(&request(recs, 100_000, method), &BuiltinGate, false).unwrap();
        for p in &out.positions {
            let short: Vec<&str> = p.candidates.iter().map(|c| c.nip.as_str()).collect();
            let set: BTreeSet<&str> = short.iter().copied().collect();
            assert_eq!(set.len(), short.len(), "duplicates in {}", p.id);
            let excl: BTreeSet<&str> = p.excluded.iter().map(|e| e.nip.as_str()).collect();
            assert!(set.is_disjoint(&excl));
            // every considered person is either ranked or excluded, exactly once
            assert_eq!(short.len() + p.excluded.len(), p.funnel.considered, "{method} {}", p.id);
            assert_eq!(p.funnel.ranked, short.len());
            // strict positions 1..n, competition ranks consistent with scores
            for (i, c) in p.candidates.iter().enumerate() {
                assert_eq!(c.rank, i + 1);
                if i > 0 {
                    assert!(p.candidates[i - 1].score >= c.score);
                    let prev = &p.candidates[i - 1];
                    if prev.score == c.score {
                        assert_eq!(prev.competition_rank, c.competition_rank);
                    } else {
                        assert_eq!(c.competition_rank, c.rank);
                    }
                }
            }
        }
    }
}

#[test]
fn parallel_equals_sequential_and_input_order_does_not_matter() {
    let recs = population(800, 5);
    let a = succession_with(&request(recs.clone(), 10, "topsis"), &BuiltinGate, false).unwrap();
    let b = succession_with(&request(recs.clone(), 10, "topsis"), &BuiltinGate, true).unwrap();
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    let mut rev = recs;
    rev.reverse();
    let c = succession_with(&request(rev, 10, "topsis"), &BuiltinGate, true).unwrap();
    for (x, y) in a.positions.iter().zip(&c.positions) {
        let sx: Vec<(&str, f64)> = x.candidates.iter().map(|c| (c.nip.as_str(), c.score)).collect();
        let sy: Vec<(&str, f64)> = y.candidates.iter().map(|c| (c.nip.as_str(), c.score)).collect();
        assert_eq!(sx, sy, "{}", x.id);
    }
}

#[test]
fn exclusive_assignment_shortlists_each_person_once() {
    let recs = population(800, 9);
    let mut req = request(recs, 5, "saw");
    req.exclusive = Some(true);
    let out = succession_with(&req, &BuiltinGate, true).unwrap();
    let mut seen = BTreeSet::new();
    for p in &out.positions {
        for c in &p.candidates {
            assert!(seen.insert(c.nip.clone()), "{} shortlisted twice", c.nip);
        }
    }
    assert!(out.bench.overall.overlap.is_empty());
    assert!(out
        .positions
        .iter()
        .any(|p| p.funnel.excluded_by_gate.contains_key(&meritkit::succession::gate::Gate::ExclusiveAssignment)));
}

#[test]
fn readiness_boundaries() {
    let p = ReadinessPolicy::default();
    let f =
        |b: u16, bup: f64| Facts { box_: b, jpm: Some(90.0), years_in_position: Some(2.0), years_to_bup: Some(bup) };
    let want = [
        (9, Readiness::ReadyNow),
        (8, Readiness::ReadyNow),
        (7, Readiness::Ready12Years),
        (5, Readiness::Ready12Years),
        (6, Readiness::Ready3PlusYears),
        (4, Readiness::Ready3PlusYears),
        (3, Readiness::Ready3PlusYears),
        (2, Readiness::NotReady),
        (1, Readiness::NotReady),
    ];
    for (b, r) in want {
        assert_eq!(p.assign(&f(b, 10.0)).0, r, "box {b}");
    }
    // within 1 year of BUP → not_ready; exactly 1 year → the box rule applies
    assert_eq!(p.assign(&f(9, 0.999)).0, Readiness::NotReady);
    assert_eq!(p.assign(&f(9, 1.0)).0, Readiness::ReadyNow);
    // a configured JPM condition
    let mut q = p.clone();
    q.rules[0].min_jpm = Some(80.0);
    assert_eq!(q.assign(&Facts { jpm: Some(79.99), ..f(9, 10.0) }).0, Readiness::NotReady);
    assert_eq!(q.assign(&Facts { jpm: Some(80.0), ..f(9, 10.0) }).0, Readiness::ReadyNow);
}

fn competition_rank(scores: &[f64], i: usize) -> usize {
    1 + scores.iter().filter(|s| **s > scores[i]).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn saw_raising_a_benefit_value_never_lowers_rank(
        vals in proptest::collection::vec(1.0f64..100.0, 12..40),
        who in 0usize..100, crit in 0usize..4, bump in 0.001f64..50.0,
        norm in prop_oneof![Just(Normalisation::Linear), Just(Normalisation::Max), Just(Normalisation::MinMax), Just(Normalisation::Vector), Just(Normalisation::Sum)],
    ) {
        let cols = 3;
        let rows = vals.len() / cols;
        let data: Vec<f64> = vals[..rows * cols].to_vec();
        let (i, j) = (who % rows, crit % cols);
        let m = DecisionMatrix::new(rows, cols, data.clone()).unwrap();
        let t = [CriterionType::Benefit, CriterionType::Cost, CriterionType::Benefit];
        let w = [0.5, 0.2, 0.3];
        let before = saw(&m, &w, &t, norm, None).unwrap();
        let mut d2 = data;
        // "raising" a cost criterion means lowering its value
        if t[j] == CriterionType::Benefit { d2[i * cols + j] += bump } else { d2[i * cols + j] = (d2[i * cols + j] - bump).max(0.5) }
        let after = saw(&DecisionMatrix::new(rows, cols, d2).unwrap(), &w, &t, norm, None).unwrap();
        prop_assert!(competition_rank(&after, i) <= competition_rank(&before, i));
    }

    #[test]
    fn order_is_a_permutation_and_invariant_to_input_order(scores in proptest::collection::vec(0.0f64..1.0, 1..60), rot in 0usize..60) {
        let o = meritkit::mcdm::order_desc(&scores);
        let mut s = o.clone();
        s.sort_unstable();
        prop_assert_eq!(s, (0..scores.len()).collect::<Vec<_>>());
        // rotating the input permutes the order the same way (scores distinct w.p. 1)
        let k = rot % scores.len();
        let mut r = scores.clone();
        r.rotate_left(k);
        let o2 = meritkit::mcdm::order_desc(&r);
        let back: Vec<usize> = o2.iter().map(|&x| (x + k) % scores.len()).collect();
        prop_assert_eq!(back.iter().map(|&x| scores[x]).collect::<Vec<_>>(), o.iter().map(|&x| scores[x]).collect::<Vec<_>>());
    }
}

#[test]
fn summary_mode_counts_equal_full_scan() {
    let recs = population(700, 3);
    let full = succession_with(&request(recs.clone(), 10, "saw"), &BuiltinGate, false).unwrap();
    let mut req = request(recs, 10, "saw");
    req.emergency_successor = Some(false);
    req.succession_policy = Some(meritkit::succession::SuccessionPolicy {
        excluded_detail: meritkit::succession::policy::ExcludedDetail::Summary,
        ..Default::default()
    });
    let fast = succession_with(&req, &BuiltinGate, true).unwrap();
    for (a, b) in full.positions.iter().zip(&fast.positions) {
        assert_eq!(a.funnel, b.funnel, "{}", a.id);
        assert!(b.excluded.is_empty());
        let na: Vec<(&str, f64)> = a.candidates.iter().map(|c| (c.nip.as_str(), c.score)).collect();
        let nb: Vec<(&str, f64)> = b.candidates.iter().map(|c| (c.nip.as_str(), c.score)).collect();
        assert_eq!(na, nb);
    }
    assert_eq!(
        serde_json::to_string(&full.adverse_impact).unwrap(),
        serde_json::to_string(&fast.adverse_impact).unwrap()
    );
}

#[test]
fn rules_gate_reports_rule_ids_and_drops_nobody() {
    let recs = population(600, 21);
    let scoring = meritkit::Policy::preset("permenpanrb_3_2020").unwrap();
    let gate = meritkit::succession::rules_gate::RulesGate::new(&scoring, vec![]).unwrap();
    let out = succession_with(&request(recs, 100_000, "saw"), &gate, true).unwrap();
    let admin = out.positions.iter().find(|p| p.kind == meritkit::position::PositionKind::Administrator).unwrap();
    assert_eq!(admin.rule_set, "administrator");
    // rule ids of rules/builtin/administrator.toml appear as reason codes
    let known = [
        "status_pns",
        "pangkat_minimal",
        "pendidikan_minimal",
        "pengalaman_jabatan",
        "kinerja_2_tahun",
        "bebas_hukuman_disiplin",
    ];
    let elig: Vec<&str> = admin
        .excluded
        .iter()
        .filter(|e| e.gate == meritkit::succession::gate::Gate::Eligibility)
        .map(|e| e.code.as_str())
        .collect();
    assert!(!elig.is_empty());
    assert!(elig.iter().all(|c| known.iter().any(|k| c.starts_with(k))), "{elig:?}");
    for p in &out.positions {
        assert_eq!(p.candidates.len() + p.excluded.len(), p.funnel.considered);
    }
}

/// Sensitivity on a hand-worked near tie. Criteria potential_score (0-100) and
/// performance (1-5), fixed_range, raw weights 1.0 and 0.32.
/// A: potential 91.5, sangat baik ×2 (5) → 0.915, 1.0; B: potential 99, baik ×2 (4) → 0.99, 0.75.
/// V_A - V_B ∝ -0.075·w_pot + 0.25·w_perf: zero at w_perf/w_pot = 0.3. Baseline 0.32 → A first;
/// performance -10 % (0.288) or potential +10 % (0.291) → B first; the other two keep A first.
#[test]
fn sensitivity_hand_worked_near_tie() {
    let rec = |nip: &str, pred: &str, pot: f64| {
        serde_json::json!({
            "nip": nip, "unit": "Dinas Pangan", "position": {"kind": "pengawas", "since": "2015-01-01"},
            "position_history": [{"kind": "pengawas", "start": "2015-01-01"}], "rank": "III/d", "education": "s1",
            "performance": [{"year": 2024, "predikat": pred}, {"year": 2025, "predikat": pred}], "potential_score": pot,
            "competency": {"integritas": 3}
        })
    };
    let req: SuccessionRequest = serde_json::from_value(serde_json::json!({
        "records": [rec("198503152010011002", "Sangat Baik", 91.5), rec("198706202011012003", "Baik", 99.0)],
        "positions": [{"id": "P", "title": "T", "unit": "Dinas Pangan", "kind": "administrator"}],
        "date": "2026-01-02", "weights": {"potential_score": 1.0, "performance": 0.32}, "sensitivity": true, "gate": "builtin"
    })).unwrap();
    let out = succession_with(&req, &BuiltinGate, false).unwrap();
    let p = &out.positions[0];
    assert_eq!(p.candidates[0].nip, "198503152010011002");
    let s = p.sensitivity.as_ref().unwrap();
    assert_eq!(s.len(), 4);
    let case = |crit: &str, ch: f64| s.iter().find(|c| c.criterion == crit && c.change == ch).unwrap();
    for (crit, ch, flips) in [
        ("performance", -0.1, true),
        ("performance", 0.1, false),
        ("potential_score", 0.1, true),
        ("potential_score", -0.1, false),
    ] {
        let c = case(crit, ch);
        assert_eq!(c.top_changed, flips, "{crit} {ch}");
        assert_eq!(c.spearman_rho, Some(if flips { -1.0 } else { 1.0 }));
        let sum: f64 = c.weights.values().sum();
        assert!((sum - 1.0).abs() < 1e-12);
    }
    assert!((case("performance", -0.1).weights["performance"] - 0.288 / 1.288).abs() < 1e-12);
}

#[test]
fn readiness_reasons_speak_both_languages_without_codes() {
    use meritkit::succession::readiness::{Facts, ReadinessPolicy};
    // The preset rules (9, 8 → ready now; ...): the reason names the box and the rule, never a code.
    let p = ReadinessPolicy::default();
    let f = |b: u16, bup: f64| Facts { box_: b, jpm: None, years_in_position: None, years_to_bup: Some(bup) };
    let (_, rule, why) = p.assign(&f(9, 10.0));
    assert_eq!(rule, "rule 0: box 9 in [9, 8]");
    assert_eq!(why.id, "kotak 9 termasuk kotak 9, 8 (aturan kesiapan ke-1)");
    assert_eq!(why.en, "box 9 is one of 9, 8 (readiness rule 1)");
    let (_, _, why) = p.assign(&f(9, 0.5));
    assert!(why.id.contains("batas usia pensiun (BUP)"), "{}", why.id);
    let (_, _, why) = p.assign(&f(1, 10.0));
    assert_eq!(why.id, "kotak 1 tidak memenuhi aturan kesiapan mana pun");
    for (_, _, why) in [p.assign(&f(9, 10.0)), p.assign(&f(9, 0.5)), p.assign(&f(1, 10.0))] {
        assert!(!why.id.contains('_') && !why.id.contains("rule") && !why.id.contains("box"), "{}", why.id);
    }
}

//! Several raters (`meritkit::raters`): within-rater z worked out by hand, the
//! minimum number of ratings, sd = 0, teams, leniency and outlier flags, and the
//! refusals. The agreement statistics are checked against pingouin and the
//! krippendorff package in the shared vectors (tests/vectors/raters_*.json).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::raters::{analyse, Flag, NoZ, Rating, Request, Rescale, Scale, StandardiseBy};
use serde_json::Value;

fn r(target: &str, rater: &str, score: f64) -> Rating {
    Rating { target: target.into(), rater: rater.into(), score: Some(score), team: None }
}

fn req(ratings: Vec<Rating>) -> Request {
    Request { ratings, ..Request::default() }
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

fn call(v: Value) -> Value {
    serde_json::from_str(&meritkit::api::call_json("raters", &v.to_string())).unwrap()
}

#[test]
fn z_within_rater_uses_the_sample_sd() {
    // Scores 2, 4, 6: mean 4, sample SD sqrt(((-2)² + 0 + 2²) / 2) = 2 → z = -1, 0, 1.
    let out = analyse(&req(vec![r("a", "R", 2.0), r("b", "R", 4.0), r("c", "R", 6.0)])).unwrap();
    let z: Vec<f64> = out.standardised.iter().map(|s| s.z.unwrap()).collect();
    assert_eq!(z, [-1.0, 0.0, 1.0]);
    assert_eq!(out.groups[0].sd, Some(2.0));
    assert_eq!(out.groups[0].mean, Some(4.0));
    assert!(out.warnings.iter().all(|w| !w.path.starts_with("groups")));
    // Two raters on different scales come out on the same one.
    let out = analyse(&req(vec![
        r("a", "R1", 2.0),
        r("b", "R1", 4.0),
        r("c", "R1", 6.0),
        r("a", "R2", 70.0),
        r("b", "R2", 80.0),
        r("c", "R2", 90.0),
    ]))
    .unwrap();
    let z: Vec<f64> = out.standardised.iter().map(|s| s.z.unwrap()).collect();
    assert_eq!(z, [-1.0, 0.0, 1.0, -1.0, 0.0, 1.0]);
}

#[test]
fn rescale_applies_to_z() {
    let mut q = req(vec![r("a", "R", 2.0), r("b", "R", 4.0), r("c", "R", 6.0)]);
    q.rescale = Some(Rescale { mean: 50.0, sd: 10.0 });
    let out = analyse(&q).unwrap();
    let v: Vec<f64> = out.standardised.iter().map(|s| s.rescaled.unwrap()).collect();
    assert_eq!(v, [40.0, 50.0, 60.0]);
}

#[test]
fn equal_scores_give_z_zero_and_a_warning() {
    let out = analyse(&req(vec![
        r("a", "198503152010011002", 3.0),
        r("b", "198503152010011002", 3.0),
        r("c", "198503152010011002", 3.0),
    ]))
    .unwrap();
    assert!(out.standardised.iter().all(|s| s.z == Some(0.0) && s.reason.is_none()));
    let w: Vec<&str> = out.warnings.iter().map(|w| w.path.as_str()).collect();
    assert!(w.contains(&"groups[0]"), "{w:?}");
    // The rater's identifier (here a NIP) is never inside a message.
    let text = serde_json::to_string(&out.warnings).unwrap();
    assert!(!text.contains("198503152010011002"), "{text}");
}

#[test]
fn raters_below_the_minimum_are_not_standardised() {
    let ratings = vec![r("a", "R1", 2.0), r("b", "R1", 4.0), r("c", "R1", 6.0), r("a", "R2", 1.0), r("b", "R2", 5.0)];
    let out = analyse(&req(ratings.clone())).unwrap();
    assert_eq!(out.standardised[3].z, None);
    assert_eq!(out.standardised[3].reason, Some(NoZ::TooFewRatings));
    assert_eq!(out.standardised[4].reason, Some(NoZ::TooFewRatings));
    assert!(!out.groups[1].standardised);
    assert!(out.warnings.iter().any(|w| w.path == "groups[1]" && w.message.en.contains("fewer than the minimum 3")));
    // With a minimum of 2 the second rater is standardised: 1, 5 → mean 3, SD √8 → z = ∓1/√2.
    let mut q = req(ratings);
    q.min_ratings_per_rater = Some(2);
    let out = analyse(&q).unwrap();
    close(out.standardised[3].z.unwrap(), -std::f64::consts::FRAC_1_SQRT_2);
    close(out.standardised[4].z.unwrap(), std::f64::consts::FRAC_1_SQRT_2);
    // A minimum below 2 is refused.
    let v = call(serde_json::json!({"ratings": [], "min_ratings_per_rater": 1}));
    assert_eq!(v["error"]["code"], "invalid_value");
    assert_eq!(v["error"]["problems"][0]["path"], "min_ratings_per_rater");
}

#[test]
fn missing_and_nominal_scores_have_no_z() {
    let mut ratings = vec![r("a", "R", 2.0), r("b", "R", 4.0), r("c", "R", 6.0)];
    ratings.push(Rating { target: "d".into(), rater: "R".into(), score: None, team: None });
    let out = analyse(&req(ratings.clone())).unwrap();
    assert_eq!(out.standardised[3].reason, Some(NoZ::MissingScore));
    assert_eq!(out.standardised[2].z, Some(1.0)); // the missing score does not count
    let mut q = req(ratings);
    q.scale = Scale::Nominal;
    let out = analyse(&q).unwrap();
    assert_eq!(out.standardised[0].reason, Some(NoZ::NominalScale));
    assert!(out.agreement.icc.is_none());
    assert!(out.raters[0].leniency.is_none());
}

#[test]
fn teams_are_standardised_as_one_group() {
    let t = |target: &str, rater: &str, s: f64, team: &str| Rating {
        target: target.into(),
        rater: rater.into(),
        score: Some(s),
        team: Some(team.into()),
    };
    // Team X: raters A (2, 4) and B (6): mean 4, SD 2 → z = -1, 0, 1 though each rater has < 3 ratings.
    let out = analyse(&req(vec![t("a", "A", 2.0, "X"), t("b", "A", 4.0, "X"), t("c", "B", 6.0, "X")])).unwrap();
    assert_eq!(out.standardise_by, StandardiseBy::Team);
    let z: Vec<f64> = out.standardised.iter().map(|s| s.z.unwrap()).collect();
    assert_eq!(z, [-1.0, 0.0, 1.0]);
    assert_eq!(out.groups.len(), 1);
    assert_eq!(out.raters.len(), 2);
    // Some ratings with a team and others without: refused, located.
    let v = call(serde_json::json!({"ratings": [
        {"target": "a", "rater": "A", "score": 1, "team": "X"},
        {"target": "b", "rater": "A", "score": 2}
    ]}));
    assert_eq!(v["error"]["code"], "invalid_request");
    assert_eq!(v["error"]["problems"][0]["path"], "ratings[1].team");
    let v = call(serde_json::json!({"standardise_by": "team", "ratings": [{"target": "a", "rater": "A", "score": 1}]}));
    assert_eq!(v["error"]["code"], "missing_field");
    // standardise_by rater ignores the teams.
    let v = call(serde_json::json!({"standardise_by": "rater", "ratings": [
        {"target": "a", "rater": "A", "score": 1, "team": "X"},
        {"target": "b", "rater": "A", "score": 2}
    ]}));
    assert_eq!(v["ok"], true, "{v}");
}

/// Four targets, three raters; R3 rates above the other two on every target.
fn leniency_design() -> Vec<Rating> {
    let m = [[3.0, 3.0, 5.0], [4.0, 2.0, 5.0], [2.0, 4.0, 4.0], [3.0, 3.0, 4.0]];
    let mut v = Vec::new();
    for (t, row) in m.iter().enumerate() {
        for (j, x) in row.iter().enumerate() {
            v.push(r(&format!("t{t}"), &format!("R{}", j + 1), *x));
        }
    }
    v
}

#[test]
fn lenient_rater_is_flagged_against_the_other_raters_of_the_same_targets() {
    let out = analyse(&req(leniency_design())).unwrap();
    // R3's deviations from the mean of the others: 2, 2, 1, 1 → d = 1.5, s = √(1/3), z = 1.5 / (s / 2) = 3√3.
    let r3 = &out.raters[2];
    assert_eq!(r3.shared_targets, 4);
    close(r3.leniency.unwrap(), 1.5);
    close(r3.leniency_z.unwrap(), 3.0 * 3f64.sqrt());
    assert_eq!(r3.flag, Some(Flag::Lenient));
    // R1: -1, 0.5, -2, -0.5 → d = -0.75, s = √(3.25/3), z = -0.75 / (s / 2) ≈ -1.44: not flagged.
    let r1 = &out.raters[0];
    close(r1.leniency.unwrap(), -0.75);
    close(r1.leniency_z.unwrap(), -0.75 / ((3.25f64 / 3.0).sqrt() / 2.0));
    assert_eq!(r1.flag, None);
    // R2: -1, -2.5, 1, -0.5 → d = -0.75, s = √(6.25/3).
    close(out.raters[1].leniency_z.unwrap(), -0.75 / ((6.25f64 / 3.0).sqrt() / 2.0));
    assert_eq!(out.raters[1].flag, None);
    // A stricter threshold (|z| > 1.4) flags R1 as severe too.
    let mut q = req(leniency_design());
    q.leniency_z = Some(1.4);
    let out = analyse(&q).unwrap();
    assert_eq!(out.raters[0].flag, Some(Flag::Severe));
    assert_eq!(out.raters[1].flag, None);
}

#[test]
fn severe_rater_is_flagged() {
    let mut v = leniency_design();
    for x in &mut v {
        if x.rater == "R3" {
            x.score = x.score.map(|s| s - 3.0); // R3 now 1.5 below the others on average
        }
    }
    let out = analyse(&req(v)).unwrap();
    close(out.raters[2].leniency.unwrap(), -1.5);
    assert_eq!(out.raters[2].flag, Some(Flag::Severe));
}

#[test]
fn outlying_rating_is_flagged() {
    // Ten targets, three raters 0, +0.1, -0.1 around the target; on t0 the third rater gives +5.
    let mut v = Vec::new();
    for t in 0..10 {
        let b = f64::from(t);
        v.push(r(&format!("t{t}"), "A", b));
        v.push(r(&format!("t{t}"), "B", b + 0.1));
        v.push(r(&format!("t{t}"), "C", if t == 0 { b + 5.0 } else { b - 0.1 }));
    }
    let out = analyse(&req(v.clone())).unwrap();
    // Pooled within-target SS = 9 × 0.02 + (1.7² + 1.6² + 3.3²) = 16.52 on 20 df.
    let sw = (16.52f64 / 20.0).sqrt();
    let z = 3.3 / (sw * (2.0f64 / 3.0).sqrt());
    let s = &out.standardised[2];
    assert!((s.outlier_z.unwrap() - z).abs() < 1e-9, "{:?} {z}", s.outlier_z);
    assert!(s.outlier);
    assert!(!out.standardised[0].outlier && !out.standardised[1].outlier);
    assert_eq!(out.standardised.iter().filter(|s| s.outlier).count(), 1);
    // A higher threshold clears it (z ≈ 4.45).
    let mut q = req(v);
    q.outlier_z = Some(5.0);
    assert!(analyse(&q).unwrap().standardised.iter().all(|s| !s.outlier));
}

#[test]
fn agreement_needs_a_complete_design_for_icc() {
    let mut v = leniency_design();
    let out = analyse(&req(v.clone())).unwrap();
    assert!(out.agreement.complete);
    assert_eq!(out.agreement.icc.as_ref().unwrap().len(), 6);
    v.pop();
    let out = analyse(&req(v)).unwrap();
    assert!(!out.agreement.complete);
    assert!(out.agreement.icc.is_none());
    let w = out.warnings.iter().find(|w| w.path == "agreement.icc").unwrap();
    assert!(w.message.en.contains("1 of the 4 × 3"), "{}", w.message.en);
    assert!(out.agreement.krippendorff.unwrap().alpha.is_some());
}

#[test]
fn perfect_agreement_has_alpha_one() {
    let mut v = Vec::new();
    for t in 0..5 {
        for rater in ["A", "B", "C"] {
            v.push(r(&format!("t{t}"), rater, f64::from(t % 3)));
        }
    }
    let out = analyse(&req(v)).unwrap();
    let k = out.agreement.krippendorff.unwrap();
    assert_eq!(k.levels.len(), 3);
    for l in &k.levels {
        assert_eq!(l.alpha, Some(1.0), "{:?}", l.level);
    }
    assert_eq!(k.pairable_units, 5);
    assert_eq!(k.pairable_values, 15);
}

#[test]
fn refusals_are_located_and_never_echo_identifiers() {
    let v = call(serde_json::json!({"ratings": [
        {"target": "198503152010011002", "rater": "A", "score": 1},
        {"target": "198503152010011002", "rater": "A", "score": 2},
        {"target": "x", "rater": "", "score": 3}
    ]}));
    assert_eq!(v["ok"], false);
    let ps = v["error"]["problems"].as_array().unwrap();
    let paths: Vec<&str> = ps.iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["ratings[1]", "ratings[2].rater"]);
    assert!(ps.iter().all(|p| p["code"] == "invalid_value"));
    assert!(!v.to_string().contains("198503152010011002"));
    let v = call(serde_json::json!({"ratings": [{"target": "a", "rater": "A", "score": 1e300}]}));
    assert_eq!(v["error"]["problems"][0]["path"], "ratings[0].score");
    let v = call(serde_json::json!({"ratings": [{"target": "a", "rater": "A", "scor": 1}]}));
    assert_eq!(v["error"]["code"], "unknown_field");
    let v = call(serde_json::json!({"ratings": [], "rescale": {"mean": 50, "sd": 0}}));
    assert_eq!(v["error"]["problems"][0]["path"], "rescale.sd");
    let v = call(serde_json::json!({"ratings": [], "scale": "ratio"}));
    assert_eq!(v["ok"], false);
}

#[test]
fn too_many_raters_is_refused_before_the_analysis() {
    let n = meritkit::raters::MAX_RATERS + 1;
    let ratings: Vec<Rating> = (0..n).map(|i| r("t", &i.to_string(), 1.0)).collect();
    let e = analyse(&req(ratings)).unwrap_err();
    assert_eq!(e.problems()[0].code, meritkit::Code::LimitExceeded);
    assert_eq!(e.problems()[0].path, format!("ratings[{}].rater", n - 1));
}

#[test]
fn answer_rows_follow_the_input_order() {
    let v = call(serde_json::json!({"ratings": [
        {"target": "a", "rater": "R", "score": 6},
        {"target": "b", "rater": "R", "score": null},
        {"target": "c", "rater": "R", "score": 2},
        {"target": "d", "rater": "R", "score": 4}
    ], "rescale": {"mean": 50, "sd": 10}}));
    assert_eq!(v["ok"], true, "{v}");
    let rows = v["value"]["standardised"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["z"], 1.0);
    assert_eq!(rows[0]["rescaled"], 60.0);
    assert_eq!(rows[1]["z"], Value::Null);
    assert_eq!(rows[1]["reason"], "missing_score");
    assert_eq!(rows[3]["index"], 3);
    assert_eq!(v["value"]["raters"][0]["n"], 3);
}

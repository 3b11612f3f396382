//! Scoring behaviour: policy options, missing data, cut-off methods.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::api;
use meritkit::policy::{Combine, Cutoffs, MissingData, PerformanceSource, Policy, Rounding, Scope};
use meritkit::scoring::{score, score_rows, Context, ParsedRow, Status};
use meritkit::{Code, Employee};
use serde_json::json;

fn emp(v: serde_json::Value) -> Employee {
    serde_json::from_value(v).unwrap()
}

fn base(nip: &str, predikat: &str, potential: f64) -> serde_json::Value {
    json!({"nip": nip, "unit": "Dinas Pangan", "position": {"kind": "pengawas"},
           "performance": [{"year": 2025, "predikat": predikat}], "potential_score": potential})
}

fn preset() -> Policy {
    Policy::preset("permenpanrb_3_2020").unwrap()
}

const NIPS: [&str; 9] = [
    "198001012005011001",
    "198101012005011002",
    "198201012005011003",
    "198301012005011004",
    "198401012005011005",
    "198501012006011006",
    "198601012007011007",
    "198701012008011008",
    "198801012009011009",
];

#[test]
fn default_preset_fixed_cutoffs_inclusive_lower_bounds() {
    // potensial: tinggi >= 90, menengah >= 78 (preset)
    let cases = [
        (90.0, "tinggi"),
        (89.999, "menengah"),
        (78.0, "menengah"),
        (77.999, "rendah"),
        (100.0, "tinggi"),
        (0.0, "rendah"),
    ];
    let recs: Vec<Employee> = cases.iter().enumerate().map(|(i, (s, _))| emp(base(NIPS[i], "Baik", *s))).collect();
    let out = score(&recs, &preset(), &Context::default());
    assert!(out.errors.is_empty());
    for (r, (_, lvl)) in out.results.iter().zip(cases) {
        assert_eq!(r.potential_level.as_deref(), Some(lvl));
    }
}

#[test]
fn predikat_maps_to_kinerja_and_box() {
    // preset mapping: Sangat Baik → di atas; Baik → sesuai; lower → di bawah
    let cases = [
        ("Sangat Baik", 95.0, 9),
        ("Baik", 95.0, 8),
        ("Butuh Perbaikan", 95.0, 6),
        ("Kurang/Misconduct", 80.0, 3),
        ("Sangat Kurang", 50.0, 1),
        ("sangat_baik", 50.0, 4),
        ("baik", 80.0, 5),
        ("baik", 10.0, 2),
        ("sangat_baik", 85.0, 7),
    ];
    let recs: Vec<Employee> = cases.iter().enumerate().map(|(i, (p, s, _))| emp(base(NIPS[i], p, *s))).collect();
    let out = score(&recs, &preset(), &Context::default());
    for (r, (_, _, b)) in out.results.iter().zip(cases) {
        assert_eq!(r.box_, Some(b));
    }
    // talent pool from the number: 7, 8, 9 instansi; 9 nasional
    let pools: Vec<usize> = out.results.iter().map(|r| r.talent_pool.len()).collect();
    assert_eq!(pools, vec![2, 1, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(out.summary.total.talent_pool[&meritkit::nine_box::Pool::Instansi], 3);
    assert_eq!(out.summary.total.talent_pool[&meritkit::nine_box::Pool::Nasional], 1);
    assert_eq!(out.summary.total.boxes.values().sum::<usize>(), 9);
}

#[test]
fn ratings_derive_predikat_and_latest_year_is_used() {
    let mut v = base(NIPS[0], "Baik", 95.0);
    v["performance"] = json!([
        {"year": 2024, "predikat": "Sangat Kurang"},
        {"year": 2025, "work_result": "Di Atas Ekspektasi", "work_behavior": "di_atas_ekspektasi"}
    ]);
    let out = score(&[emp(v)], &preset(), &Context::default());
    let r = &out.results[0];
    assert_eq!(r.latest_predikat, Some(meritkit::performance::Predikat::SangatBaik));
    assert_eq!(r.box_, Some(9));
    assert!(r.explanation.as_ref().unwrap().performance.years[0].derived);
}

#[test]
fn combine_worst_and_average() {
    let mut v = base(NIPS[0], "Baik", 95.0);
    v["performance"] =
        json!([{"year": 2024, "predikat": "Butuh Perbaikan"}, {"year": 2025, "predikat": "Sangat Baik"}]);
    let mut p = preset();
    p.performance.years = 2;
    p.performance.combine = Combine::Worst;
    let out = score(&[emp(v.clone())], &p, &Context::default());
    assert_eq!(out.results[0].performance_level.as_deref(), Some("di_bawah_ekspektasi"));
    p.performance.combine = Combine::Average; // (1 + 3) / 2 = 2 → sesuai
    let out = score(&[emp(v.clone())], &p, &Context::default());
    assert_eq!(out.results[0].performance_level.as_deref(), Some("sesuai_ekspektasi"));
    // two years required, one available → missing performance
    p.performance.min_years = 2;
    v["performance"] = json!([{"year": 2025, "predikat": "Sangat Baik"}]);
    let out = score(&[emp(v)], &p, &Context::default());
    assert_eq!(out.errors[0].code, Code::MissingPerformance);
}

#[test]
fn work_result_source() {
    let mut v = base(NIPS[0], "Baik", 95.0);
    v["performance"] =
        json!([{"year": 2025, "work_result": "di_atas_ekspektasi", "work_behavior": "di_bawah_ekspektasi"}]);
    let mut p = preset();
    p.performance.source = PerformanceSource::WorkResult;
    let out = score(&[emp(v.clone())], &p, &Context::default());
    assert_eq!(out.results[0].box_, Some(9)); // work result di atas, potensial tinggi
    let out = score(&[emp(v)], &preset(), &Context::default());
    assert_eq!(out.results[0].box_, Some(6)); // predikat Kurang → di bawah
}

#[test]
fn predikat_contradicting_ratings_is_an_error() {
    let mut v = base(NIPS[0], "Baik", 95.0);
    v["performance"] = json!([{"year": 2025, "predikat": "Sangat Baik", "work_result": "sesuai_ekspektasi", "work_behavior": "sesuai_ekspektasi"}]);
    let out = score(&[emp(v)], &preset(), &Context::default());
    assert!(out.results.is_empty());
    assert_eq!(out.errors[0].code, Code::PredikatMismatch);
    assert_eq!(out.errors[0].path, "performance[0].predikat");
}

#[test]
fn missing_data_error_or_holding_never_zero() {
    let mut v = base(NIPS[0], "Baik", 95.0);
    v.as_object_mut().unwrap().remove("potential_score");
    let recs = [emp(v)];
    let out = score(&recs, &preset(), &Context::default());
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].code, Code::MissingPotential);
    let mut p = preset();
    p.missing = MissingData::Holding;
    let out = score(&recs, &p, &Context::default());
    assert_eq!(out.results[0].status, Status::Holding);
    assert_eq!(out.results[0].box_, None);
    assert_eq!(out.results[0].missing, vec!["potential"]);
    assert_eq!(out.summary.total.holding, 1);
    assert_eq!(out.summary.total.placed, 0);
}

#[test]
fn composite_renormalizes_over_present_components_and_says_so() {
    // JPM computed from competencies (administrator, SKJ level 3 over 9) = 27/27 = 100;
    // potential assessment from aspects mean 4 → 80; no track record → renormalise 0.5/0.3 → 0.625/0.375
    let mut v = base(NIPS[0], "Baik", 0.0);
    v.as_object_mut().unwrap().remove("potential_score");
    v["position"] = json!({"kind": "administrator"});
    let comps: serde_json::Map<String, serde_json::Value> =
        meritkit::model::standard_competency_keys().map(|k| (k.to_string(), json!(3))).collect();
    v["competency"] = serde_json::Value::Object(comps);
    let aspects: serde_json::Map<String, serde_json::Value> =
        meritkit::model::POTENTIAL_ASPECTS.iter().map(|k| (k.to_string(), json!(4))).collect();
    v["potential_aspects"] = serde_json::Value::Object(aspects);
    let out = score(&[emp(v.clone())], &preset(), &Context::default());
    let r = &out.results[0];
    let expect = 100.0 * 0.625 + 80.0 * 0.375;
    assert!((r.potential_score.unwrap() - expect).abs() < 1e-9);
    assert_eq!(r.potential_level.as_deref(), Some("tinggi")); // 92.5 >= 90
    assert!(r.explanation.as_ref().unwrap().potential.renormalized);
    assert_eq!(r.jpm, Some(100.0));
    assert_eq!(r.jpm_selection.map(|c| c.code()), Some("memenuhi_syarat"));
    // each component as the composite used it: configured weight, weight over the present ones,
    // value and where it came from, contribution = value x applied weight (the missing one adds 0)
    let comps = &r.explanation.as_ref().unwrap().potential.components;
    let expected = [
        ("jpm", 0.5, 0.625, Some(100.0), Some("computed"), 62.5),
        ("potential_assessment", 0.3, 0.375, Some(80.0), Some("aspects"), 30.0),
        ("track_record", 0.2, 0.0, None, None, 0.0),
    ];
    assert_eq!(comps.len(), expected.len());
    let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
    for (c, (input, weight, applied, value, from, contribution)) in comps.iter().zip(expected) {
        assert_eq!((c.input.code(), c.from.as_deref()), (input, from));
        assert!(near(c.weight, weight) && near(c.effective_weight, applied), "{input}: weights");
        assert_eq!(c.value.is_some(), value.is_some(), "{input}: value");
        assert!(near(c.value.unwrap_or(0.0), value.unwrap_or(0.0)) && near(c.contribution, contribution), "{input}");
    }
    // the record went through the kernel (its explanation kept compactly, made on demand): the same
    let (recs, policy) = ([emp(v)], preset());
    let ex = meritkit::scoring::score_explained(&recs, &policy, &Context::default());
    assert_eq!(ex.answer().row_path_rows, 0);
    assert_eq!(ex.placement(0).as_ref(), Some(r));
}

#[test]
fn manado_preset_local_cutoffs() {
    let p = Policy::preset("manado").unwrap();
    assert!(p.local_practice);
    // potensial < 68 rendah, 68-<77 menengah, >= 77 tinggi; kinerja < 70, 70-<85, >= 85
    let cases = [(85.0, 77.0, 9), (84.9, 76.9, 5), (70.0, 68.0, 5), (69.9, 67.9, 1), (85.0, 67.9, 4), (69.9, 77.0, 6)];
    let recs: Vec<Employee> = cases
        .iter()
        .enumerate()
        .map(|(i, (k, pot, _))| {
            let mut v = base(NIPS[i], "Baik", *pot);
            v["performance_score"] = json!(k);
            emp(v)
        })
        .collect();
    let out = score(&recs, &p, &Context::default());
    for (r, (_, _, b)) in out.results.iter().zip(cases) {
        assert_eq!(r.box_, Some(b));
    }
}

#[test]
fn percentile_cutoffs_rank_within_scope() {
    let mut p = preset();
    // bottom 30 % rendah, top 20 % tinggi (rank = share strictly below)
    p.potential.cutoffs = Cutoffs::Percentile { thresholds: vec![0.3, 0.8], scope: Scope::All };
    let recs: Vec<Employee> =
        (0..10).map(|i| emp(base(&format!("1980010120050110{:02}", i + 1), "Baik", 50.0 + i as f64))).collect();
    let out = score(&recs, &p, &Context::default());
    let lv: Vec<&str> = out.results.iter().map(|r| r.potential_level.as_deref().unwrap()).collect();
    // ranks 0.0..0.9: < 0.3 rendah (3), 0.3..<0.8 menengah (5), >= 0.8 tinggi (2)
    assert_eq!(
        lv,
        ["rendah", "rendah", "rendah", "menengah", "menengah", "menengah", "menengah", "menengah", "tinggi", "tinggi"]
    );
    let ex = out.results[9].explanation.as_ref().unwrap().potential.cutoffs.as_ref().unwrap();
    assert_eq!(ex.population, Some(10));
    assert_eq!(ex.percentile_rank, Some(0.9));
}

#[test]
fn an_error_row_moves_no_ones_percentile() {
    // docs/policy.md: relative methods use only the rows that have a score and no errors. The 11th
    // person has the top potensial score but no appraisal year: under `missing = "error"` an error row,
    // not placed, so the other ten rank exactly as without them (ranks 0.0..0.9 among 10).
    let mut p = preset();
    p.potential.cutoffs = Cutoffs::Percentile { thresholds: vec![0.3, 0.8], scope: Scope::All };
    assert_eq!(p.missing, MissingData::Error);
    let mut values: Vec<serde_json::Value> =
        (0..10).map(|i| base(&format!("1980010120050110{:02}", i + 1), "Baik", 50.0 + i as f64)).collect();
    let mut no_year = base("198001012005011011", "Baik", 99.0);
    no_year["performance"] = json!([]);
    values.push(no_year);
    let out = api::score(&api::ScoreRequest {
        records: values,
        policy: Some(meritkit::source::Source::Inline(serde_json::to_value(&p).unwrap())),
        date: Some("2026-01-02".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(out.results.len(), 10);
    assert_eq!(out.errors.iter().filter(|e| e.code == Code::MissingPerformance).count(), 1);
    let lv: Vec<&str> = out.results.iter().map(|r| r.potential_level.as_deref().unwrap()).collect();
    assert_eq!(
        lv,
        ["rendah", "rendah", "rendah", "menengah", "menengah", "menengah", "menengah", "menengah", "tinggi", "tinggi"]
    );
    let ex = out.results[9].explanation.as_ref().unwrap().potential.cutoffs.as_ref().unwrap();
    assert_eq!(ex.population, Some(10));
    assert_eq!(ex.percentile_rank, Some(0.9));
}

#[test]
fn distribution_cutoffs_never_split_ties() {
    let mut p = preset();
    p.potential.cutoffs =
        Cutoffs::Distribution { shares: vec![0.5, 0.3, 0.2], scope: Scope::All, rounding: Rounding::Nearest };
    // 10 people; top 2 tinggi, next 3 menengah — but scores 2nd and 3rd tie
    let scores = [99.0, 95.0, 95.0, 90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0];
    let recs: Vec<Employee> = scores
        .iter()
        .enumerate()
        .map(|(i, s)| emp(base(&format!("1980010120050110{:02}", i + 1), "Baik", *s)))
        .collect();
    let out = score(&recs, &p, &Context::default());
    let lv: Vec<&str> = out.results.iter().map(|r| r.potential_level.as_deref().unwrap()).collect();
    // quota tinggi = 2, tie at the boundary → only the 99 is tinggi; cumulative quota 5 → menengah 95, 95, 90, 80
    assert_eq!(
        lv,
        ["tinggi", "menengah", "menengah", "menengah", "menengah", "rendah", "rendah", "rendah", "rendah", "rendah"]
    );
}

#[test]
fn custom_grid_nxm_policy() {
    let mut p = preset();
    let mut g = meritkit::nine_box::Grid::asn();
    // 3 × 2: two potential levels
    g.name = "custom_3x2".into();
    g.potential_levels.truncate(2);
    g.numbers = vec![vec![1, 2, 3], vec![4, 5, 6]];
    g.boxes.truncate(6);
    p.grid = Some(g);
    assert!(!p.check().is_empty()); // cut-offs still have 2 thresholds for 3 levels
    p.potential.cutoffs = Cutoffs::Fixed { thresholds: vec![80.0] };
    assert!(p.check().is_empty(), "{:?}", p.check());
    let recs = [emp(base(NIPS[0], "Sangat Baik", 85.0)), emp(base(NIPS[1], "Baik", 20.0))];
    let out = score(&recs, &p, &Context::default());
    assert_eq!(out.results[0].box_, Some(6));
    assert_eq!(out.results[1].box_, Some(2));
}

#[test]
fn policy_errors_are_located() {
    let e = Policy::from_toml_str("name = \"x\"\n[performance]\nsource = \"predikat\"\nbogus = 1\n[potential]\ncutoffs = { method = \"fixed\", thresholds = [78, 90] }\n").unwrap_err();
    let p = &e.problems()[0];
    assert_eq!(p.code, Code::UnknownField);
    assert!(p.path.contains("performance"), "{p:?}");
    assert!(p.message.en.contains("line 4"), "{p:?}");
    let e = Policy::from_toml_str(
        "name = \"x\"\n[performance]\n[potential]\ncutoffs = { method = \"fixed\", thresholds = [90, 78] }\n",
    )
    .unwrap_err();
    assert_eq!(e.problems()[0].path, "potential.cutoffs.thresholds");
    assert_eq!(e.problems()[0].code, Code::InvalidPolicy);
    let e = Policy::preset("nope").unwrap_err();
    assert_eq!(e.problems()[0].code, Code::UnknownPreset);
}

#[test]
fn fingerprint_is_canonical_and_changes_with_content() {
    let p = preset();
    let toml = p.to_toml().unwrap();
    let back = Policy::from_toml_str(&toml).unwrap();
    assert_eq!(back.fingerprint(), p.fingerprint());
    let mut q = p.clone();
    q.potential.cutoffs = Cutoffs::Fixed { thresholds: vec![78.0, 91.0] };
    assert_ne!(q.fingerprint(), p.fingerprint());
    for name in meritkit::policy::PRESETS {
        assert!(Policy::preset(name).unwrap().check().is_empty(), "{name}");
    }
}

#[test]
fn bad_rows_become_errors_and_good_rows_still_score() {
    let req = json!({"records": [
        base(NIPS[0], "Baik", 80.0),
        {"nip": "123", "unit": "X", "position": {"kind": "pelaksana"}},
        {"unit": "X"},
        "not an object",
        base(NIPS[1], "Sangat Baik", 95.0),
        {"nip": NIPS[2], "unit": "X", "position": {"kind": "pelaksana"}, "rank": "V/z"},
        {"nip": NIPS[3], "unit": "X", "position": {"kind": "pelaksana"}, "extra": 1}
    ], "date": "2026-01-02"});
    let out = api::score(&serde_json::from_value(req).unwrap()).unwrap();
    let ok_rows: Vec<usize> = out.results.iter().map(|r| r.row).collect();
    assert_eq!(ok_rows, vec![0, 4]);
    let codes: Vec<(usize, Code)> = out.errors.iter().map(|e| (e.row, e.code)).collect();
    assert_eq!(
        codes,
        vec![
            (1, Code::NipFormat),
            (2, Code::MissingField),
            (3, Code::InvalidType),
            (5, Code::InvalidValue),
            (6, Code::UnknownField)
        ]
    );
    assert_eq!(out.errors.iter().find(|e| e.row == 5).unwrap().path, "rank");
    assert_eq!(out.summary.total.rows, 7);
    assert_eq!(out.summary.total.errors, 5);
}

#[test]
fn future_dates_are_errors_with_a_reference_date() {
    let mut v = base(NIPS[0], "Baik", 80.0);
    v["performance"] = json!([{"year": 2027, "predikat": "Baik"}]);
    let rows: Vec<ParsedRow> = vec![Ok(emp(v))];
    let out =
        score_rows(&rows, &preset(), &Context { today: Some(jiff::civil::date(2026, 1, 2)), ..Default::default() });
    assert_eq!(out.errors[0].code, Code::DateInFuture);
}

#[test]
fn birth_date_must_agree_with_nip() {
    let mut v = base("196502222007011005", "Baik", 80.0);
    v["birth_date"] = json!("1965-02-23");
    let out = score(&[emp(v)], &preset(), &Context::default());
    assert_eq!(out.errors[0].code, Code::BirthDateMismatch);
}

#[test]
fn json_answers_are_tagged() {
    let a: serde_json::Value = serde_json::from_str(&api::score_json("{\"records\": 5}")).unwrap();
    assert_eq!(a["ok"], false);
    assert_eq!(a["error"]["kind"], "request_error");
    assert_eq!(a["error"]["code"], "invalid_type");
    let a: serde_json::Value =
        serde_json::from_str(&api::score_json("{\"records\": [], \"policy\": \"nope\"}")).unwrap();
    assert_eq!(a["error"]["code"], "unknown_preset");
    let a: serde_json::Value = serde_json::from_str(&api::score_json("not json")).unwrap();
    assert_eq!(a["error"]["code"], "invalid_input");
    let a: serde_json::Value = serde_json::from_str(&api::call_json("frobnicate", "{}")).unwrap();
    assert_eq!(a["ok"], false);
}

/// A large batch (prepared on several threads in native builds) gives each row the answer it gets alone
/// under fixed cut-offs: the same placement, the same errors.
#[test]
fn a_large_batch_answers_each_row_as_alone() {
    use meritkit::generate::{population, Options};
    let mut pop = population(&Options { count: 6000, seed: 11, ..Options::default() });
    for i in (0..pop.len()).step_by(97) {
        pop[i].nip = format!("12{i}"); // error rows spread over the batch (distinct: no duplicate NIPs)
    }
    let ctx = Context { today: Some(jiff::civil::date(2026, 1, 2)), ..Default::default() };
    let out = score(&pop, &preset(), &ctx);
    assert_eq!(out.summary.total.rows, 6000);
    assert!(out.errors.len() >= 6000 / 97);
    let (mut res, mut errs) = (out.results.iter(), out.errors.iter().peekable());
    for (i, e) in pop.iter().enumerate().step_by(7) {
        let alone = score(std::slice::from_ref(e), &preset(), &ctx);
        // advance to row i in the batch answer
        let placed = res.by_ref().find(|r| r.row >= i).filter(|r| r.row == i);
        match alone.results.first() {
            Some(a) => {
                let p = placed.unwrap_or_else(|| panic!("row {i} placed alone, not in the batch"));
                assert_eq!(
                    (p.box_, &p.performance_level, &p.potential_level),
                    (a.box_, &a.performance_level, &a.potential_level)
                );
                assert_eq!(p.explanation.as_ref().map(|x| &x.potential), a.explanation.as_ref().map(|x| &x.potential));
            }
            None => {
                while errs.next_if(|x| x.row < i).is_some() {}
                let batch: Vec<_> =
                    std::iter::from_fn(|| errs.next_if(|x| x.row == i)).map(|x| (x.code, x.path.clone())).collect();
                let own: Vec<_> = alone.errors.iter().map(|x| (x.code, x.path.clone())).collect();
                assert_eq!(batch, own, "row {i}");
            }
        }
    }
}

/// Two people cannot share a NIP (Perka BKN 22/2007): a later row with the
/// same NIP (compared trimmed) names the first; NIPs that differ only in
/// leading zeros, or in length, are different NIPs; empty ones never match.
#[test]
fn a_repeated_nip_names_its_first_row_and_nothing_else_matches() {
    let nips = [
        Some("198503152010011002"),
        Some(" 198503152010011002 "),
        Some("007"),
        Some("7"),
        Some("0007"),
        Some("1234567890123456789012"), // longer than 18 digits: kept as text
        Some("1234567890123456789012"),
        Some(""),
        Some("  "),
        None,
        Some("NIP-1"),
        Some("NIP-1"),
        Some("7"),
    ];
    let firsts = meritkit::scoring::first_rows_by_nip(nips.into_iter());
    assert_eq!(firsts, vec![None, Some(0), None, None, None, None, Some(5), None, None, None, None, Some(10), Some(3)]);
}

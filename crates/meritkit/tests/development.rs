//! Development plans (issue 15 part 5): gaps against a standard (PermenPANRB 38/2017), plans from the box
//! follow-ups (PermenPANRB 3/2020 Lampiran jo 20/2025), review dates, catalogue files. Expected values are
//! derived by hand in the comments.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::competency::JpmCap;
use meritkit::development::{self, default_catalogue, gaps, Catalogue, DevelopmentRequest};
use meritkit::{Code, Employee, Error};
use serde_json::{json, Value};

/// An Administrator below the standard in four competencies, above it in one.
fn person(nip: &str, predikat: &str, potential: f64) -> Value {
    json!({
        "nip": nip, "name": "Contoh", "unit": "Dinas Pangan", "position": {"kind": "administrator"},
        "performance": [{"year": 2025, "predikat": predikat}], "potential_score": potential,
        "competency": {
            "integritas": 3, "kerja_sama": 2, "komunikasi": 1, "orientasi_pada_hasil": 3, "pelayanan_publik": 4,
            "pengembangan_diri_dan_orang_lain": 2, "mengelola_perubahan": 3, "pengambilan_keputusan": 1,
            "perekat_bangsa": 3
        }
    })
}

fn call(req: &Value) -> Value {
    serde_json::from_str(&meritkit::api::call_json("development_plan", &req.to_string())).unwrap()
}

#[test]
fn gaps_are_ranked_largest_shortfall_first_then_by_code() {
    let e: Employee = serde_json::from_value(person("198503152010011002", "Baik", 80.0)).unwrap();
    // the preset SKJ of an Administrator: the 9 competencies at level 3 (competency::preset_required_level)
    let std = meritkit::competency::preset_standard(meritkit::position::PositionKind::Administrator);
    let g = gaps(&e, &std, JpmCap::CapTotal);
    let got: Vec<(&str, u8, f64, f64)> =
        g.gaps.iter().map(|x| (x.competency.as_str(), x.required, x.actual, x.gap)).collect();
    assert_eq!(
        got,
        [
            ("komunikasi", 3, 1.0, 2.0),
            ("pengambilan_keputusan", 3, 1.0, 2.0),
            ("kerja_sama", 3, 2.0, 1.0),
            ("pengembangan_diri_dan_orang_lain", 3, 2.0, 1.0),
            ("integritas", 3, 3.0, 0.0),
            ("mengelola_perubahan", 3, 3.0, 0.0),
            ("orientasi_pada_hasil", 3, 3.0, 0.0),
            ("perekat_bangsa", 3, 3.0, 0.0),
            ("pelayanan_publik", 3, 4.0, -1.0),
        ]
    );
    assert_eq!(g.shortfalls, 4);
    assert!(g.missing.is_empty());
    // JPM = Σ attained / Σ required = 22 / 27 (PermenPANRB 38/2017; capped at 100)
    assert!((g.jpm.unwrap() - 22.0 / 27.0 * 100.0).abs() < 1e-12);
}

#[test]
fn missing_competencies_are_reported_and_give_no_jpm() {
    let mut v = person("198503152010011002", "Baik", 80.0);
    v["competency"].as_object_mut().unwrap().remove("perekat_bangsa");
    v["competency"].as_object_mut().unwrap().remove("integritas");
    let e: Employee = serde_json::from_value(v).unwrap();
    let std = meritkit::competency::preset_standard(meritkit::position::PositionKind::Administrator);
    let g = gaps(&e, &std, JpmCap::CapTotal);
    assert_eq!(g.missing, ["integritas", "perekat_bangsa"]);
    assert_eq!(g.gaps.len(), 7);
    assert_eq!(g.jpm, None);
}

#[test]
fn the_gaps_jpm_is_the_scoring_jpm() {
    // one logic: the JPM a development answer reports is the one scoring computes, on every demo record
    let policy = meritkit::Policy::preset("permenpanrb_3_2020").unwrap();
    let mut compared = 0;
    for v in meritkit::generate::demo_rows() {
        let Ok(e) = serde_json::from_value::<Employee>(v) else { continue };
        let std = policy.jpm.standard_ref(e.position.kind);
        let g = gaps(&e, std, policy.jpm.cap);
        assert_eq!(g.jpm, meritkit::scoring::jpm_against(&e, std, policy.jpm.cap), "{}", e.nip);
        compared += usize::from(g.jpm.is_some());
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn box_9_and_box_1_plans_follow_their_follow_ups() {
    // Sangat Baik → kinerja di atas; potential 95 ≥ 90 → tinggi: box 9. Kurang → di bawah; 60 < 78 → rendah: box 1.
    let req = json!({
        "records": [person("198503152010011002", "Sangat Baik", 95.0), person("198601012010011003", "Kurang", 60.0)],
        "date": "2025-08-31"
    });
    let v = call(&req);
    assert_eq!(v["ok"], true, "{v}");
    let people = v["value"]["people"].as_array().unwrap();
    let (p9, p1) = (&people[0]["plan"], &people[1]["plan"]);
    assert_eq!((people[0]["box"].clone(), people[1]["box"].clone()), (json!(9), json!(1)));
    let codes = |p: &Value| -> Vec<String> {
        p["activities"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect()
    };
    // box 9: "dipromosikan dan dipertahankan", "penghargaan", then mentoring (the succession pool) on the three
    // largest shortfalls: komunikasi and pengambilan_keputusan (2 each), kerja_sama (1, before
    // pengembangan_diri_dan_orang_lain by code)
    assert_eq!(codes(p9), ["PROMOSI", "PENGHARGAAN", "MENTORING-SUKSESI", "MENTORING-SUKSESI", "MENTORING-SUKSESI"]);
    let comps: Vec<&str> =
        p9["activities"].as_array().unwrap()[2..].iter().map(|a| a["competency"].as_str().unwrap()).collect();
    assert_eq!(comps, ["komunikasi", "pengambilan_keputusan", "kerja_sama"]);
    assert_eq!(p9["shortfalls_not_planned"], json!(["pengembangan_diri_dan_orang_lain"]));
    assert_eq!(p9["activities"][0]["follow_up"], "dipromosikan dan dipertahankan");
    assert_eq!(p9["follow_up_not_planned"], json!([]));
    // box 1: "diproses sesuai ketentuan peraturan perundang-undangan" only; no activity of box 1 develops a
    // competency, so every shortfall is listed as not planned
    assert_eq!(codes(p1), ["PENANGANAN-KINERJA"]);
    assert_eq!(
        p1["shortfalls_not_planned"],
        json!(["komunikasi", "pengambilan_keputusan", "kerja_sama", "pengembangan_diri_dan_orang_lain"])
    );
    // review: box 1 after 6 months (31 Aug 2025 + 6 = 28 Feb 2026), box 9 after 12 (31 Aug 2026)
    assert_eq!((p1["review_date"].as_str(), p1["review_months"].as_u64()), (Some("2026-02-28"), Some(6)));
    assert_eq!((p9["review_date"].as_str(), p9["review_months"].as_u64()), (Some("2026-08-31"), Some(12)));
    // activity ends: PROMOSI 12 months, MENTORING 6 months
    assert_eq!(p9["activities"][0]["until"], "2026-08-31");
    assert_eq!(p9["activities"][2]["until"], "2026-02-28");
    assert_eq!(p9["activities"][2]["start"], "2025-08-31");
}

#[test]
fn a_target_standard_drives_the_plan() {
    let req = json!({
        "records": [person("198503152010011002", "Baik", 80.0)],
        "date": "2026-01-02",
        "positions": [{"id": "T1", "title": "Kepala Bidang", "unit": "Dinas Pangan", "kind": "administrator",
                        "standard": {"integritas": 4, "komunikasi": 2, "teknis_pangan": 3}}],
        "target": {"198503152010011002": "T1"}
    });
    let v = call(&req);
    assert_eq!(v["ok"], true, "{v}");
    let p = &v["value"]["people"][0];
    // Baik → sesuai; 80 in [78, 90) → menengah: box 5
    assert_eq!(p["box"], 5);
    let t = &p["targets"][0];
    assert_eq!(t["id"], "T1");
    // integritas 4 − 3 = 1, komunikasi 2 − 1 = 1 (by code: integritas first); teknis_pangan not assessed
    assert_eq!(
        t["gaps"],
        json!([
            {"competency": "integritas", "required": 4, "actual": 3.0, "gap": 1.0},
            {"competency": "komunikasi", "required": 2, "actual": 1.0, "gap": 1.0}
        ])
    );
    assert_eq!(t["missing"], json!(["teknis_pangan"]));
    assert_eq!(t["jpm"], Value::Null);
    assert_eq!(p["plan"]["gaps_from"], "target:T1");
    let comps: Vec<&str> =
        p["plan"]["activities"].as_array().unwrap().iter().filter_map(|a| a["competency"].as_str()).collect();
    assert_eq!(comps, ["integritas", "komunikasi"]);
}

#[test]
fn every_row_is_accounted_for() {
    let rows = meritkit::generate::demo_rows();
    let mut req = DevelopmentRequest::new("2026-01-02");
    req.records = rows.clone();
    req.positions = Some(serde_json::from_value(Value::Array(meritkit::generate::demo_positions())).unwrap());
    let out = development::development_plan(&req).unwrap();
    let mut seen: Vec<usize> = out.people.iter().map(|p| p.row).collect();
    seen.extend(out.errors.iter().map(|e| e.row));
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen, (0..rows.len()).collect::<Vec<_>>());
    assert!(out.people.iter().all(|p| p.targets.len() == 6));
    assert!(!out.errors.is_empty());
}

#[test]
fn request_errors_use_the_existing_codes() {
    let rec = person("198503152010011002", "Baik", 80.0);
    let e = call(&json!({"records": [rec], "date": "2026-01-02", "target": {"198503152010011002": "X"}}));
    assert_eq!((e["ok"].clone(), e["error"]["code"].clone()), (json!(false), json!("invalid_value")));
    // (a target's key is a NIP: counted, never named)
    assert!(!e["error"]["problems"].to_string().contains("198503152010011002"));
    let e = call(&json!({"records": [], "date": "2026-01-02", "nope": 1}));
    assert_eq!(e["error"]["code"], "unknown_field");
    let e = call(&json!({"records": [], "date": "2026-01-02", "catalogue": "nope"}));
    assert_eq!(e["error"]["code"], "unknown_preset");
    let e = call(&json!({"records": [], "date": "2026-01-02", "max_gap_activities": 51}));
    assert_eq!(e["error"]["code"], "invalid_value");
    let e = call(&json!({"records": []}));
    assert_eq!(e["error"]["code"], "missing_field");
}

fn err(r: Result<Catalogue, Error>) -> Vec<(Code, String, String)> {
    let e = r.unwrap_err();
    assert_eq!(e.kind(), "policy_error");
    e.problems().iter().map(|p| (p.code, p.path.clone(), p.message.en.clone())).collect()
}

const TOML_OK: &str = r#"name = "bkpsdm_sulbar"

[review]
default_months = 9

[[activities]]
code = "LATIH"
kind = "pendidikan_pelatihan"
title = { en = "Training", id = "Pelatihan" }
competencies = ["*"]
boxes = [2, 5]
duration_months = 3
"#;

#[test]
fn catalogue_files_parse_and_their_errors_are_located() {
    let c = Catalogue::from_str_any(TOML_OK).unwrap();
    assert_eq!((c.name.as_str(), c.max_gap_activities, c.review.months(Some(5))), ("bkpsdm_sulbar", 3, 9));
    assert_eq!(c.fingerprint().len(), 64);
    // an unknown field: its path and its line
    let bad = format!("{TOML_OK}\n[[activities]]\ncode = \"B\"\nkind = \"coaching\"\ntitle = {{ en = \"C\", id = \"C\" }}\nboxes = [1]\nduration_months = 1\ncolour = \"red\"\n");
    let ps = err(Catalogue::from_str_any(&bad));
    assert_eq!((ps[0].0, ps[0].1.as_str()), (Code::UnknownField, "activities[1].colour"));
    assert!(ps[0].2.contains("line 20"), "{}", ps[0].2);
    // semantic problems: every one, located, with the line of their [[activities]] table (line 14)
    let bad = format!("{TOML_OK}\n[[activities]]\ncode = \"latih\"\nkind = \"coaching\"\ntitle = {{ en = \"C\", id = \" \" }}\nboxes = [0, 3, 3]\nduration_months = 0\n");
    let ps = err(Catalogue::from_str_any(&bad));
    let got: Vec<(Code, &str)> = ps.iter().map(|p| (p.0, p.1.as_str())).collect();
    assert_eq!(
        got,
        [
            (Code::InvalidValue, "activities[1].code"),
            (Code::MissingField, "activities[1].title.id"),
            (Code::InvalidValue, "activities[1].boxes[0]"),
            (Code::InvalidValue, "activities[1].boxes[2]"),
            (Code::InvalidValue, "activities[1].duration_months"),
        ]
    );
    assert!(ps.iter().all(|p| p.2.ends_with("(activity at line 14)")), "{ps:?}");
    // an unknown kind, a wrong type, a missing field
    let ps = err(Catalogue::from_str_any(&TOML_OK.replace("pendidikan_pelatihan", "kursus")));
    assert_eq!((ps[0].0, ps[0].1.as_str()), (Code::InvalidValue, "activities[0].kind"));
    let ps = err(Catalogue::from_str_any(&TOML_OK.replace("duration_months = 3", "duration_months = \"3\"")));
    assert_eq!((ps[0].0, ps[0].1.as_str()), (Code::InvalidType, "activities[0].duration_months"));
    let ps = err(Catalogue::from_str_any(&TOML_OK.replace("default_months = 9", "")));
    assert_eq!((ps[0].0, ps[0].1.as_str()), (Code::MissingField, "review"));
    // JSON: located by line and column; inline: under `catalogue`
    let ps = err(Catalogue::from_str_any(
        "{\"name\": \"x\",\n \"activities\": [], \"review\": {\"default_months\": 6}, \"x\": 1}",
    ));
    assert_eq!((ps[0].0, ps[0].1.as_str()), (Code::UnknownField, "x"));
    assert!(ps[0].2.contains("line 2"), "{}", ps[0].2);
    let ps = err(Catalogue::from_value(
        &json!({"name": "x", "activities": [], "review": {"default_months": 99}}),
        "catalogue",
    ));
    let got: Vec<(Code, &str)> = ps.iter().map(|p| (p.0, p.1.as_str())).collect();
    assert_eq!(
        got,
        [(Code::MissingField, "catalogue.activities"), (Code::InvalidValue, "catalogue.review.default_months")]
    );
    // size bound, before parsing
    let ps = err(Catalogue::from_str_any(&" ".repeat(development::MAX_BYTES + 1)));
    assert_eq!(ps[0].0, Code::LimitExceeded);
    // a competency named after a protected ground is refused (UU 5/2014 merit principle)
    let ps = err(Catalogue::from_str_any(&TOML_OK.replace("[\"*\"]", "[\"agama\"]")));
    assert_eq!((ps[0].0, ps[0].1.as_str()), (Code::ProtectedAttribute, "activities[0].competencies[0]"));
}

#[test]
fn the_default_catalogue_is_the_builtin_and_says_what_is_ours() {
    let c = default_catalogue();
    assert_eq!(c.basis["follow_up"].kind, meritkit::basis::BasisKind::MinisterialRegulation);
    assert_eq!(c.basis["activities"].kind, meritkit::basis::BasisKind::MeritkitDefault);
    assert!(c.basis["activities"].note.contains("our default"));
    // the same catalogue by name, as text and inline: one fingerprint
    let by_name = development::catalogue(
        Some(&meritkit::source::Source::Builtin("permenpanrb_3_2020".into())),
        &meritkit::source::NoFiles,
    )
    .unwrap();
    let text = serde_json::to_string(&c).unwrap();
    let inline = development::catalogue(
        Some(&meritkit::source::Source::Inline(serde_json::from_str(&text).unwrap())),
        &meritkit::source::NoFiles,
    )
    .unwrap();
    assert_eq!(by_name.fingerprint(), c.fingerprint());
    assert_eq!(inline.fingerprint(), c.fingerprint());
    // a custom catalogue in a request
    let v = call(&json!({"records": [person("198503152010011002", "Baik", 80.0)], "date": "2026-01-02",
        "catalogue": {"text": TOML_OK}}));
    assert_eq!(v["value"]["catalogue"]["name"], "bkpsdm_sulbar");
    let p = &v["value"]["people"][0]["plan"];
    // box 5, review default 9 months; LATIH for the three largest shortfalls
    assert_eq!(p["review_date"], "2026-10-02");
    assert_eq!(p["activities"].as_array().unwrap().len(), 3);
    // the box's follow-ups this catalogue does not answer are listed, not dropped
    assert_eq!(
        p["follow_up_not_planned"],
        json!(["penempatan yang sesuai", "bimbingan kinerja", "pengembangan kompetensi"])
    );
}

#[test]
fn the_catalogue_example_of_the_docs_reads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/development.md");
    let md = std::fs::read_to_string(path).unwrap();
    let start = md.find("```toml\n").unwrap() + "```toml\n".len();
    let text = &md[start..start + md[start..].find("```").unwrap()];
    let c = Catalogue::from_str_any(text).unwrap();
    assert_eq!(
        (c.name.as_str(), c.activities.len(), c.review.months(Some(2)), c.review.months(Some(8))),
        ("bkpsdm_sulbar", 1, 6, 12)
    );
    assert!(c.activities[0].addresses("komunikasi") && !c.activities[0].addresses("integritas"));
}

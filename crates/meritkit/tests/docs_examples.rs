//! The worked examples in docs/ are executable: they must stay true.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::policy::Policy;
use meritkit::scoring::{score, Context, Status};
use serde_json::json;

fn docs(p: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(p)
}

#[test]
fn policy_md_worked_example() {
    let text = std::fs::read_to_string(docs("examples/kebijakan_sulbar.toml")).unwrap();
    let policy = Policy::from_toml_str(&text).unwrap();
    let mut comp: serde_json::Map<String, serde_json::Value> =
        meritkit::model::standard_competency_keys().map(|k| (k.to_string(), json!(3))).collect();
    comp.insert("pengambilan_keputusan".into(), json!(2));
    comp.insert("perekat_bangsa".into(), json!(2));
    comp.insert("pengadaan_barang_jasa".into(), json!(3));
    let aspects: serde_json::Map<String, serde_json::Value> = meritkit::model::POTENTIAL_ASPECTS
        .iter()
        .enumerate()
        .map(|(i, k)| (k.to_string(), json!(if i % 2 == 0 { 3 } else { 5 })))
        .collect();
    let e: meritkit::Employee = serde_json::from_value(json!({
        "nip": "198001012005011001", "unit": "Dinas Pangan", "position": {"kind": "administrator"},
        "performance": [{"year": 2024, "predikat": "Baik"}, {"year": 2025, "predikat": "Sangat Baik"}],
        "competency": comp, "potential_aspects": aspects
    }))
    .unwrap();
    let out = score(&[e], &policy, &Context::default());
    let r = &out.results[0];
    assert_eq!(r.status, Status::Placed);
    assert_eq!(r.performance_level.as_deref(), Some("sesuai_ekspektasi"));
    assert!((r.jpm.unwrap() - 28.0 / 30.0 * 100.0).abs() < 1e-9);
    assert_eq!(r.jpm_selection.map(|c| c.code()), Some("memenuhi_syarat"));
    assert_eq!(r.jpm_mapping.map(|c| c.code()), Some("optimal"));
    let expect = 28.0 / 30.0 * 100.0 * 0.625 + 80.0 * 0.375;
    assert!((r.potential_score.unwrap() - expect).abs() < 1e-9, "{:?}", r.potential_score);
    assert!((expect - 88.333_333_333).abs() < 1e-6);
    assert_eq!(r.potential_level.as_deref(), Some("menengah"));
    assert_eq!(r.box_, Some(5));
    assert!(r.talent_pool.is_empty());
    assert!(r.explanation.as_ref().unwrap().potential.renormalized);
    let c = &r.explanation.as_ref().unwrap().potential.components;
    assert_eq!(c.len(), 3);
    assert!((c[0].effective_weight - 0.625).abs() < 1e-12 && (c[1].effective_weight - 0.375).abs() < 1e-12);
    assert_eq!(c[2].value, None);
}

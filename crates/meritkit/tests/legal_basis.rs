//! Legal basis: every built-in rule, preset field and engine default says
//! where it comes from; rank floors follow one eselon table with the
//! one-step rule of PP 100/2000 jo PP 13/2002 Ps. 5 huruf b.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod rules_common;
use meritkit::basis::{BasisKind, Confidence, ENGINE_DEFAULTS, INSTRUMENTS};
use meritkit::policy::{Policy, PRESETS};
use meritkit::rank::{Eselon, Golongan};
use meritkit::rules::Outcome::{Fail, Pass};
use meritkit::rules::{builtin, validate_employees, BUILTIN};
use rules_common::*;
use serde_json::json;

/// PP 100/2000 jo PP 13/2002, Lampiran: lowest pangkat per eselon, and the
/// floor one step below it.
#[test]
fn eselon_table_and_one_step_floor() {
    use Golongan::*;
    let table = [
        (Eselon::IA, IVD, IVC),
        (Eselon::IB, IVC, IVB),
        (Eselon::IIA, IVC, IVB),
        (Eselon::IIB, IVB, IVA),
        (Eselon::IIIA, IVA, IIID),
        (Eselon::IIIB, IIID, IIIC),
        (Eselon::IVA, IIIC, IIIB),
        (Eselon::IVB, IIIB, IIIA),
        (Eselon::VA, IIIA, IID),
    ];
    for (e, lowest, floor) in table {
        assert_eq!(e.lowest(), lowest, "{e}");
        assert_eq!(e.rank_floor(), floor, "{e}");
        assert!(e.highest() >= e.lowest());
    }
    assert_eq!(Eselon::parse("I.b"), Some(Eselon::IB));
    assert_eq!(Eselon::parse("II.b"), Some(Eselon::IIB));
}

fn rank_rec(rank: &str) -> serde_json::Value {
    with(base(), |v| v["rank"] = json!(rank))
}

fn floor_outcomes(set: &meritkit::rules::RuleSet, policy: &Policy, ranks: &[&str]) -> Vec<meritkit::rules::Outcome> {
    // One person per call: the variants share a NIP, and a repeated NIP in one batch is a `duplicate_nip` row.
    ranks
        .iter()
        .map(|r| outcome(&validate_employees(&[emp(rank_rec(r))], set, date(), policy), 0, "pangkat_minimal"))
        .collect()
}

/// JPT Utama and JPT Madya (eselon I.a, lowest IV/d): the floor is IV/c.
#[test]
fn jpt_utama_and_madya_floor_is_iv_c() {
    let p = Policy::preset("permenpanrb_3_2020").unwrap();
    for set in ["jpt_utama", "jpt_madya"] {
        assert_eq!(
            floor_outcomes(&builtin(set).unwrap(), &p, &["IV/c", "IV/b", "IV/d"]),
            vec![Pass, Fail, Pass],
            "{set}"
        );
    }
    assert_eq!(floor_outcomes(&builtin("jpt_pratama").unwrap(), &p, &["IV/b", "IV/a"]), vec![Pass, Fail]);
}

/// The eselon of the position, given per kind by the policy: a provincial
/// Sekda (JPT Madya, I.b) → IV/b; a kabupaten Kepala Dinas (JPT Pratama,
/// II.b) → IV/a; an Administrator at III.a → III/d; a Pengawas at IV.a → III/b.
#[test]
fn policy_eselon_sets_the_floor() {
    use meritkit::position::PositionKind::*;
    let mut p = Policy::preset("permenpanrb_3_2020").unwrap();
    p.eselon =
        [(JptMadya, Eselon::IB), (JptPratama, Eselon::IIB), (Administrator, Eselon::IIIA), (Pengawas, Eselon::IVA)]
            .into_iter()
            .collect();
    assert!(p.check().is_empty());
    let cases = [
        ("jpt_madya", "IV/b", "IV/a"),
        ("jpt_pratama", "IV/a", "III/d"),
        ("administrator", "III/d", "III/c"),
        ("pengawas", "III/b", "III/a"),
    ];
    for (set, at, below) in cases {
        assert_eq!(floor_outcomes(&builtin(set).unwrap(), &p, &[at, below]), vec![Pass, Fail], "{set}");
    }
    // Without the policy's eselon the assumed one applies: III.b → III/c for Administrator.
    let d = Policy::preset("permenpanrb_3_2020").unwrap();
    assert_eq!(floor_outcomes(&builtin("administrator").unwrap(), &d, &["III/c", "III/b"]), vec![Pass, Fail]);
    // The policy's eselon round-trips through its file form.
    let again = Policy::from_toml_str(&p.to_toml().unwrap()).unwrap();
    assert_eq!(again.eselon.get(&JptMadya), Some(&Eselon::IB));
}

/// PNS status and the rank floor are two rules with two citations: a III/b
/// civil servant is a PNS below the Administrator floor; a PPPK is not a PNS.
#[test]
fn status_pns_and_rank_floor_are_split() {
    for (set, below) in [("administrator", "III/b"), ("pengawas", "II/d")] {
        let s = builtin(set).unwrap();
        let out = run(&s, vec![rank_rec(below), rank_rec("IX")]);
        assert_eq!(outcome(&out, 0, "status_pns"), Pass, "{set}: {below} is a PNS");
        assert_eq!(outcome(&out, 0, "pangkat_minimal"), Fail, "{set}");
        assert_eq!(outcome(&out, 1, "status_pns"), Fail, "{set}: PPPK");
        let status = s.rules.iter().find(|r| r.id == "status_pns").unwrap();
        let floor = s.rules.iter().find(|r| r.id == "pangkat_minimal").unwrap();
        assert!(status.citation.starts_with("PP 11/2017 Ps. 54"));
        assert!(floor.citation.starts_with("PP 100/2000 jo PP 13/2002 Ps. 5"));
        assert!(!status.citation.contains("100/2000") && !floor.citation.contains("11/2017"));
        let reason = &out.results[0].rules.iter().find(|r| r.id == "pangkat_minimal").unwrap().reason.en;
        assert!(!reason.contains("not a PNS"), "{reason}");
    }
}

/// The 2-year discipline look-back is one region's practice, never cited as
/// PP 11/2017 Ps. 54.
#[test]
fn discipline_look_back_is_local_practice() {
    let mut seen = 0;
    for (name, _) in BUILTIN {
        for r in builtin(name).unwrap().rules {
            if r.id.starts_with("bebas_hukuman_disiplin") {
                seen += 1;
                let b = r.basis.as_ref().unwrap();
                assert_eq!(b.kind, BasisKind::LocalPractice, "{name}.{}", r.id);
                assert!(!r.citation.contains("Ps. 54"), "{name}: {}", r.citation);
                assert!(r.citation.contains("local practice"), "{name}: {}", r.citation);
            }
        }
    }
    assert_eq!(seen, 6);
}

/// Every built-in rule has a basis; law names its instrument; the
/// instruments cited are in the instrument list.
#[test]
fn every_builtin_rule_has_a_basis() {
    for (name, _) in BUILTIN {
        for r in builtin(name).unwrap().rules {
            let b = r.basis.as_ref().unwrap_or_else(|| panic!("{name}.{} has no basis", r.id));
            assert!(!b.note.is_empty(), "{name}.{}", r.id);
            if b.kind.is_law() {
                assert!(!b.instrument.is_empty(), "{name}.{}", r.id);
            }
            for part in b.instrument.split(';') {
                let part = part.trim();
                if part.is_empty() || b.kind == BasisKind::OfficialGuidance {
                    continue;
                }
                assert!(
                    INSTRUMENTS.iter().any(|i| i.name.contains(part) || part.contains(i.name)),
                    "{name}.{}: {part} not listed",
                    r.id
                );
            }
        }
    }
}

/// The default preset shows its national part (grid: numbering,
/// descriptions, pools, follow-ups) apart from its local choices (mapping,
/// latest year only, 50/30/20 weights, 90/78 cut-offs).
#[test]
fn default_preset_splits_national_and_local() {
    let p = Policy::preset("permenpanrb_3_2020").unwrap();
    assert!(p.local_practice, "its cut-offs are not national law");
    assert!(p.basis["grid"].kind.is_law());
    assert!(p.basis["performance.source"].kind.is_law());
    for local in ["performance.mapping", "performance.years", "potential.components", "potential.cutoffs"] {
        assert!(!p.basis[local].kind.is_law(), "{local}");
        assert!(p.local_choices().iter().any(|f| f == local), "{local}");
    }
    assert!(!p.local_choices().iter().any(|f| f == "grid"));
}

/// Every preset carries a basis for each of its fields in use.
#[test]
fn every_preset_field_has_a_basis() {
    for name in PRESETS {
        let p = Policy::preset(name).unwrap();
        let mut need = vec![
            "grid",
            "performance.source",
            "performance.years",
            "potential.source",
            "potential.cutoffs",
            "potential.missing_component",
            "jpm.cap",
            "jpm.standards",
            "missing",
        ];
        match p.performance.source {
            meritkit::policy::PerformanceSource::Predikat => need.push("performance.mapping"),
            meritkit::policy::PerformanceSource::Score => need.push("performance.cutoffs"),
            meritkit::policy::PerformanceSource::WorkResult => {}
        }
        if !p.potential.components.is_empty() {
            need.push("potential.components");
        }
        for f in need {
            assert!(p.basis.contains_key(f), "{name}: {f}");
        }
        assert!(p.check().is_empty(), "{name}");
    }
}

/// The `manado` preset rests on the observed practice of that agency's
/// application: no Perwako (none was found).
#[test]
fn manado_is_observed_practice_not_a_perwako() {
    let p = Policy::preset("manado").unwrap();
    assert!(p.legal_basis.iter().all(|c| !c.to_lowercase().contains("perwako")), "{:?}", p.legal_basis);
    for (f, b) in &p.basis {
        assert!(!b.instrument.to_lowercase().contains("perwako"), "{f}");
        if f.starts_with("performance") || f.starts_with("potential.cutoffs") || f == "potential.source" {
            assert_eq!(b.kind, BasisKind::LocalPractice, "{f}");
        }
    }
}

/// A basis of kind law needs its instrument, in policies and rule files.
#[test]
fn law_without_instrument_is_refused() {
    let mut p = Policy::preset("manado").unwrap();
    p.basis.insert("missing".into(), meritkit::basis::Basis::new(BasisKind::Statute, "", "", Confidence::High, "x"));
    let ps = p.check();
    assert!(ps.iter().any(|x| x.path == "basis.missing.instrument"), "{ps:?}");
    let text = "name = \"x\"\nversion = \"1\"\nimplements = \"y\"\n[[rules]]\nid = \"a\"\ncitation = \"c\"\nseverity = \"error\"\n\
        message = { en = \"e\", id = \"i\" }\nbasis = { kind = \"government_regulation\", confidence = \"high\" }\n\
        when = { kind = \"education_at_least\", level = \"s1\" }\n";
    let err = meritkit::rules::parse_rule_set(text).unwrap_err();
    assert!(err.problems().iter().any(|x| x.path.ends_with("basis.instrument")), "{:?}", err.problems());
}

/// Engine defaults: each has a basis; the rank-floor default names PP 100/2000 Ps. 5.
#[test]
fn engine_defaults_have_a_basis() {
    for d in ENGINE_DEFAULTS {
        let b = d.basis();
        if b.kind.is_law() {
            assert!(!b.instrument.is_empty(), "{}", d.id);
        }
    }
    let f = ENGINE_DEFAULTS.iter().find(|d| d.id == "rank_floor_one_step").unwrap();
    assert_eq!((f.instrument, f.article), ("PP 100/2000 jo PP 13/2002", "Ps. 5 huruf b"));
}

/// `docs/regulation.md` is generated from the data; regenerate with
/// `cargo run -p meritkit-cli -- policy regulation-doc > docs/regulation.md`
/// (or MERITKIT_BLESS=1 on this test).
#[test]
fn regulation_doc_has_no_drift() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/regulation.md");
    let want = meritkit::basis::regulation_markdown();
    if std::env::var_os("MERITKIT_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/regulation.md differs from the engine's data: regenerate it (MERITKIT_BLESS=1)");
    for name in PRESETS.iter().chain(BUILTIN.iter().map(|(n, _)| n)) {
        assert!(want.contains(&format!("`{name}`")), "{name}");
    }
}

/// A target position's own eselon sets its rank floor in succession (rules
/// gate, the default, and the builtin gate): the III/b PNS of the shared
/// vector is below III/c (III.b, assumed) and III/d (III.a); III/d holders
/// pass III.a but not II.b (IV/a).
#[test]
fn target_position_eselon_sets_the_floor_in_succession() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/succession_rules_gate.json");
    let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let excluded = |eselon: Option<&str>, gate: Option<&str>| -> Vec<(String, String)> {
        let mut req = case["request"].clone();
        if let Some(e) = eselon {
            req["positions"][0]["eselon"] = json!(e);
        }
        if let Some(g) = gate {
            req["gate"] = json!(g);
        }
        let ans: serde_json::Value =
            serde_json::from_str(&meritkit::api::call_json("succession", &req.to_string())).unwrap();
        assert_eq!(ans["ok"], json!(true), "{ans}");
        ans["value"]["positions"][0]["excluded"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["gate"] == "eligibility")
            .map(|x| (x["nip"].as_str().unwrap().to_string(), x["code"].as_str().unwrap().to_string()))
            .collect()
    };
    let floor = |v: &[(String, String)], code: &str| v.iter().filter(|(_, c)| c == code).count();
    let assumed = excluded(None, None);
    assert_eq!(floor(&assumed, "pangkat_minimal"), 1);
    let iii_a = excluded(Some("III.a"), None);
    assert_eq!(floor(&iii_a, "pangkat_minimal"), 1, "III/d holders meet the III.a floor");
    let ii_b = excluded(Some("ii_b"), None);
    assert!(floor(&ii_b, "pangkat_minimal") > 1, "III/d holders are below IV/a: {ii_b:?}");
    let b_assumed = excluded(None, Some("builtin"));
    let b_ii_b = excluded(Some("ii_b"), Some("builtin"));
    assert!(floor(&b_ii_b, "rank_below_minimum") > floor(&b_assumed, "rank_below_minimum"), "{b_ii_b:?}");
}

/// The presets are data files (`crates/meritkit/src/presets/<name>.toml`):
/// each reads as a checked policy named as listed, and its fingerprint is
/// pinned here, so that an edit to a file is seen as what it is, a new
/// policy (results name the fingerprint they were scored under). These are
/// the fingerprints the presets had when they were still built in code.
#[test]
fn preset_files_read_as_the_pinned_policies() {
    let pinned = [
        ("permenpanrb_3_2020", "40ca5a47f5e366fca743d21bcee61b594a826fdb218b8086fc7b307ad8cbe093"),
        ("manado", "3ef1611e4eac8d2f8c44b00003690a8aa7c59d1aea5513fef4a52d84a930f3b5"),
        ("jpm_90_78", "740bbb0bfd3f6302cf043c09045036956f3c81c9d2b1dbd7829d4fb9a3a65cde"),
        ("aceh_barat_90_70", "a88c293c751ab9df900c61c7539454df467b85f4d82af126b0453dce662008af"),
        ("percentile_unit", "63bd297bf948bc8e7a521bb6ef952d2fea40d9947f5a5271f472bf1ca97449de"),
    ];
    assert_eq!(PRESETS.len(), pinned.len());
    for (name, fingerprint) in pinned {
        assert!(PRESETS.contains(&name), "{name}");
        let p = Policy::preset(name).unwrap();
        assert_eq!(p.name, name);
        assert!(p.check().is_empty(), "{name}: {:?}", p.check());
        assert_eq!(p.fingerprint(), fingerprint, "{name}: the preset file changed");
        // read back from its own TOML, the same policy (the file is what `policy show` prints)
        let text = std::fs::read_to_string(format!("{}/src/presets/{name}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert_eq!(Policy::from_toml_str(&text).unwrap(), p);
    }
}

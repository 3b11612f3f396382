//! Rule-file checking (located errors, limits) and the protected-attribute
//! guard (UU 5/2014 Ps. 1; UU 20/2023 penjelasan Ps. 28(2) huruf d).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::rules::{check::*, guard, parse_rule_set};
use meritkit::{Code, Problem};

const HEAD: &str = "name = \"lokal\"\nversion = \"1\"\nimplements = \"Perbup 1/2026\"\n";

fn rule(when: &str) -> String {
    format!("{HEAD}[[rules]]\nid = \"r1\"\ncitation = \"Perbup 1/2026 Ps. 1\"\nseverity = \"error\"\nmessage = {{ en = \"failed: {{actual}}\", id = \"gagal: {{actual}}\" }}\nwhen = {when}\n")
}

fn problems(text: &str) -> Vec<Problem> {
    parse_rule_set(text).unwrap_err().problems().to_vec()
}

fn has(ps: &[Problem], code: Code, path: &str) -> bool {
    ps.iter().any(|p| p.code == code && p.path == path)
}

#[test]
fn valid_local_rule_file_passes() {
    let s = parse_rule_set(&rule("{ kind = \"all\", of = [{ kind = \"education_at_least\", level = \"D-III\" }, { kind = \"attribute_in\", key = \"region\", values = [\"Mamuju\"] }] }")).unwrap();
    assert_eq!(s.name, "lokal");
}

#[test]
fn guard_refuses_each_protected_attribute_by_name_and_law() {
    let cases = [
        ("agama", "agama", "UU 5/2014"),
        ("religion", "agama", "UU 20/2023"),
        ("jenis_kelamin", "jenis_kelamin", "UU 5/2014"),
        ("Gender", "jenis_kelamin", "UU 20/2023"),
        ("suku", "suku", "UU 20/2023"),
        ("ethnicity", "suku", "UU 20/2023"),
        ("ras", "ras", "UU 5/2014"),
        ("warna kulit", "warna_kulit", "UU 5/2014"),
        ("asal_usul", "asal_usul", "UU 5/2014"),
        ("status_pernikahan", "status_pernikahan", "UU 5/2014"),
        ("marital_status", "status_pernikahan", "UU 20/2023"),
        ("umur", "umur", "UU 5/2014"),
        ("usia", "umur", "UU 20/2023"),
        ("disabilitas", "disabilitas", "UU 5/2014"),
        ("berkebutuhan_khusus", "disabilitas", "UU 20/2023"),
        ("politik", "politik", "UU 5/2014"),
        ("partai", "politik", "UU 5/2014"),
        ("asal_kabupaten", "asal_usul", "UU 5/2014"),
        ("Agama Pegawai", "agama", "UU 20/2023"),
    ];
    for (key, canon, law) in cases {
        for when in [
            format!("{{ kind = \"attribute_in\", key = \"{key}\", values = [\"x\"] }}"),
            format!("{{ kind = \"field_present\", field = \"attributes.{key}\" }}"),
            format!("{{ kind = \"not\", of = {{ kind = \"any\", of = [{{ kind = \"field_present\", field = \"attributes.{key}\" }}] }} }}"),
        ] {
            let ps = problems(&rule(&when));
            let p = ps.iter().find(|p| p.code == Code::ProtectedAttribute).unwrap_or_else(|| panic!("{key}: {ps:?}"));
            assert!(p.message.en.contains(&format!("`{canon}`")), "{}", p.message.en);
            assert!(p.message.en.contains(law), "{key}: {}", p.message.en);
            assert!(p.message.id.contains("atribut terlindung"));
            assert!(p.path.starts_with("rules[0].when"), "{}", p.path);
        }
    }
}

#[test]
fn guard_refuses_birth_date_and_unstatutory_age() {
    let ps = problems(&rule("{ kind = \"field_present\", field = \"birth_date\" }"));
    assert!(has(&ps, Code::ProtectedAttribute, "rules[0].when.field"));
    let ps = problems(&rule("{ kind = \"age_at_most\", years = 40, citation = \"\" }"));
    assert!(has(&ps, Code::BasisRequired, "rules[0].when.citation"));
    // Missing citation field altogether: a located serde error.
    let ps = problems(&rule("{ kind = \"age_at_most\", years = 40 }"));
    assert_eq!(ps[0].code, Code::MissingField);
    // Negated age limit = selection on age.
    let ps =
        problems(&rule("{ kind = \"not\", of = { kind = \"age_at_most\", years = 40, citation = \"PP 11/2017\" } }"));
    assert!(has(&ps, Code::ProtectedAttribute, "rules[0].when.of"));
    // Statutory limit with citation: allowed.
    assert!(parse_rule_set(&rule(
        "{ kind = \"age_at_most\", years = 56, citation = \"PP 11/2017 Ps. 107 jo PP 17/2020\" }"
    ))
    .is_ok());
    assert_eq!(guard::protected("tanggal_lahir").unwrap().0, "umur");
}

#[test]
fn toml_errors_are_located_with_line_and_column() {
    // Unknown field inside the predicate.
    let ps = problems(&rule("{ kind = \"education_at_least\", level = \"s1\", extra = 1 }"));
    assert_eq!(ps[0].code, Code::UnknownField, "{ps:?}");
    assert!(ps[0].message.en.contains("line 9"), "{}", ps[0].message.en);
    // Unknown enumeration value.
    let ps = problems(&rule("{ kind = \"education_at_least\", level = \"s9\" }"));
    assert_eq!(ps[0].code, Code::InvalidValue);
    assert!(ps[0].message.en.contains("line 9"), "{}", ps[0].message.en);
    // Unknown predicate kind.
    let ps = problems(&rule("{ kind = \"religion_is\" }"));
    assert!(matches!(ps[0].code, Code::InvalidValue | Code::UnknownField), "{ps:?}");
    // Wrong type.
    let ps = problems(&rule("{ kind = \"age_at_most\", years = \"fifty\", citation = \"x\" }"));
    assert_eq!(ps[0].code, Code::InvalidType);
    assert!(ps[0].message.en.contains("line 9"));
    // Unknown top-level field.
    let ps = problems(&format!("{HEAD}rules = []\nowner = \"x\"\n"));
    assert_eq!(ps[0].code, Code::UnknownField);
}

#[test]
fn json_errors_are_located() {
    let text = "{\n  \"name\": \"x\",\n  \"version\": \"1\",\n  \"implements\": \"-\",\n  \"rules\": [{\"id\": \"a\", \"citation\": \"c\", \"severity\": \"fatal\",\n \"message\": {\"en\": \"e\", \"id\": \"i\"}, \"when\": {\"kind\": \"nip_valid\"}}]\n}";
    let ps = problems(text);
    assert_eq!(ps[0].code, Code::InvalidValue);
    assert_eq!(ps[0].path, "rules[0].severity");
    assert!(ps[0].message.en.contains("line 5"), "{}", ps[0].message.en);
}

#[test]
fn semantic_problems_all_reported_with_paths() {
    let text = format!(
        "{HEAD}[[rules]]\nid = \"A-1\"\ncitation = \"\"\nseverity = \"error\"\nmessage = {{ en = \"{{oops}}\", id = \"x {{actual\" }}\nwhen = {{ kind = \"all\", of = [] }}\n\
         [[rules]]\nid = \"b\"\ncitation = \"c\"\nseverity = \"error\"\nmessage = {{ en = \"e\", id = \"i\" }}\nwhen = {{ kind = \"all\", of = [{{ kind = \"rank_at_least\", pns = \"IV/c\" }}, {{ kind = \"rank_at_most\", pns = \"IV/a\" }}] }}\n\
         [[rules]]\nid = \"b\"\ncitation = \"c\"\nseverity = \"error\"\nmessage = {{ en = \"e\", id = \"i\" }}\nwhen = {{ kind = \"any\", of = [] }}\n"
    );
    let ps = problems(&text);
    assert!(has(&ps, Code::InvalidRuleSet, "rules[0].id"), "{ps:#?}");
    assert!(has(&ps, Code::InvalidRuleSet, "rules[0].citation"));
    assert!(has(&ps, Code::InvalidTemplate, "rules[0].message.en"));
    assert!(has(&ps, Code::InvalidTemplate, "rules[0].message.id"));
    assert!(has(&ps, Code::EmptyCombinator, "rules[0].when.of"));
    assert!(has(&ps, Code::ContradictoryBounds, "rules[1].when"));
    assert!(has(&ps, Code::DuplicateRuleId, "rules[2].id"));
    assert!(has(&ps, Code::EmptyCombinator, "rules[2].when.of"));
    // TOML files: semantic problems also name the line of their [[rules]] table.
    let dup = ps.iter().find(|p| p.code == Code::DuplicateRuleId).unwrap();
    assert!(dup.message.en.ends_with("(rule at line 16)"), "{}", dup.message.en);
    assert!(dup.message.id.ends_with("(aturan pada baris 16)"));
}

#[test]
fn contradictions_across_error_rules() {
    let two = format!(
        "{HEAD}[[rules]]\nid = \"a\"\ncitation = \"PP 11/2017\"\nseverity = \"error\"\nmessage = {{ en = \"e\", id = \"i\" }}\nwhen = {{ kind = \"age_at_least\", years = 57, citation = \"PP 11/2017\" }}\n\
         [[rules]]\nid = \"b\"\ncitation = \"PP 11/2017\"\nseverity = \"error\"\nmessage = {{ en = \"e\", id = \"i\" }}\nwhen = {{ kind = \"age_at_most\", years = 56, citation = \"PP 11/2017\" }}\n"
    );
    assert!(has(&problems(&two), Code::ContradictoryBounds, "rules"));
    let ps = problems(&rule("{ kind = \"all\", of = [{ kind = \"position_kind_in\", kinds = [\"pengawas\"] }, { kind = \"position_kind_in\", kinds = [\"administrator\"] }] }"));
    assert!(has(&ps, Code::ContradictoryBounds, "rules[0].when"));
}

#[test]
fn limits() {
    // Size.
    let big = format!("{HEAD}description = \"{}\"\nrules = []\n", "x".repeat(MAX_BYTES));
    let ps = problems(&big);
    assert_eq!(ps[0].code, Code::LimitExceeded);
    // Raw nesting depth, located.
    let deep = format!("{{\"name\": {}{}", "[".repeat(MAX_TEXT_DEPTH + 5), "]".repeat(MAX_TEXT_DEPTH + 5));
    let ps = problems(&deep);
    assert_eq!(ps[0].code, Code::LimitExceeded);
    assert!(ps[0].message.en.contains("line 1 column"), "{}", ps[0].message.en);
    // Predicate nesting depth.
    let mut when = "{ kind = \"nip_valid\" }".to_string();
    for _ in 0..MAX_DEPTH + 1 {
        when = format!("{{ kind = \"any\", of = [{when}] }}");
    }
    let ps = problems(&rule(&when));
    assert!(ps.iter().any(|p| p.code == Code::LimitExceeded && p.path.starts_with("rules[0].when.of[0]")), "{ps:?}");
    // Rule count.
    let mut many = HEAD.to_string();
    for i in 0..MAX_RULES + 1 {
        many.push_str(&format!("[[rules]]\nid = \"r{i}\"\ncitation = \"c\"\nseverity = \"warning\"\nmessage = {{ en = \"e\", id = \"i\" }}\nwhen = {{ kind = \"nip_valid\" }}\n"));
    }
    assert!(has(&problems(&many), Code::LimitExceeded, "rules"));
    // String size.
    let long = rule(&format!(
        "{{ kind = \"attribute_in\", key = \"region\", values = [\"{}\"] }}",
        "y".repeat(MAX_STRING + 1)
    ));
    assert!(has(&problems(&long), Code::LimitExceeded, "rules[0].when.values[0]"));
    // Empty list.
    assert!(has(
        &problems(&rule("{ kind = \"position_kind_in\", kinds = [] }")),
        Code::InvalidRuleSet,
        "rules[0].when.kinds"
    ));
}

#[test]
fn api_check_rules_and_validate_shapes() {
    use meritkit::api::call_json;
    let ok: serde_json::Value = serde_json::from_str(&call_json(
        "check_rules",
        &serde_json::json!({"text": rule("{ kind = \"nip_valid\" }")}).to_string(),
    ))
    .unwrap();
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["value"]["name"], "lokal");
    assert_eq!(ok["value"]["fingerprint"].as_str().unwrap().len(), 64);
    let bad: serde_json::Value = serde_json::from_str(&call_json(
        "check_rules",
        &serde_json::json!({"text": rule("{ kind = \"attribute_in\", key = \"agama\", values = [\"x\"] }")})
            .to_string(),
    ))
    .unwrap();
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["error"]["code"], "protected_attribute");
    assert_eq!(bad["error"]["problems"][0]["path"], "rules[0].when.key");
    // Inline rule set in validate: problems are prefixed with `rules`.
    let req = serde_json::json!({"records": [], "date": "2026-01-02", "rules": {"name": "x", "version": "1", "implements": "-", "rules": [
        {"id": "a", "citation": "c", "severity": "error", "message": {"en": "e", "id": "i"}, "when": {"kind": "field_present", "field": "attributes.sex"}}]}});
    let v: serde_json::Value = serde_json::from_str(&call_json("validate", &req.to_string())).unwrap();
    assert_eq!(v["error"]["code"], "protected_attribute");
    assert_eq!(v["error"]["problems"][0]["path"], "rules.rules[0].when.field");
    let names: serde_json::Value = serde_json::from_str(&call_json("rule_sets", "{}")).unwrap();
    assert_eq!(names["value"].as_array().unwrap().len(), 7);
    let schema: serde_json::Value = serde_json::from_str(&call_json("rules_schema", "{}")).unwrap();
    assert!(schema["value"].to_string().contains("education_at_least"));
}

/// Issue 11: a neutral key compared with a protected category value selects
/// on that ground; the value is located and not repeated.
#[test]
fn guard_refuses_protected_category_values_of_a_neutral_key() {
    let ps = problems(&rule(
        "{ kind = \"all\", of = [{ kind = \"education_at_least\", level = \"S1\" }, { kind = \"attribute_in\", key = \"kategori\", values = [\"ya\", \"Perempuan\", \"ISLAM\", \"Jawa\", \"belum-menikah\", \"tuna netra\", \"Dinas Pendidikan\", \"Jawa Barat\", \"Kementerian Agama\"] }] }",
    ));
    let at = |j: usize, canon: &str| {
        ps.iter().any(|p| {
            p.code == Code::ProtectedAttribute
                && p.path == format!("rules[0].when.of[1].values[{j}]")
                && p.message.en.contains(&format!("`{canon}`"))
                && p.message.id.contains("atribut terlindung")
        })
    };
    assert!(at(1, "jenis_kelamin") && at(2, "agama") && at(3, "suku"), "{ps:?}");
    assert!(at(4, "status_pernikahan") && at(5, "disabilitas"), "{ps:?}");
    // `ya`, a unit, a province and an institution are not categories of a ground.
    assert_eq!(ps.len(), 5, "{ps:?}");
    for p in &ps {
        for v in ["Perempuan", "ISLAM", "Jawa", "belum-menikah", "tuna netra"] {
            assert!(!p.message.en.contains(v) && !p.message.id.contains(v), "{}", p.message.en);
        }
    }
    // An ordinary attribute with ordinary values still passes.
    assert!(parse_rule_set(&rule(
        "{ kind = \"attribute_in\", key = \"lokasi_tugas\", values = [\"Mamuju\", \"Jawa Timur\", \"Pengadilan Agama\"] }"
    ))
    .is_ok());
}

/// Issue 11, age through numbers: every age or retirement predicate needs a
/// citation of a national instrument with number and year, and its number
/// must lie within the statutory values (crate::statute).
#[test]
fn age_predicates_need_a_real_citation_and_a_statutory_number() {
    // Citations that name nothing: refused with basis_required at the citation.
    for junk in [".", "\u{200B}", "  ", "PP", "statute", "Perbup 1/2026 Ps. 2", "2017"] {
        for when in [
            format!("{{ kind = \"age_at_most\", years = 58, citation = \"{junk}\" }}"),
            format!("{{ kind = \"age_at_least\", years = 18, citation = \"{junk}\" }}"),
            format!("{{ kind = \"years_to_retirement_at_least\", years = 1, citation = \"{junk}\" }}"),
        ] {
            let ps = problems(&rule(&when));
            let p = ps.iter().find(|p| p.path == "rules[0].when.citation").unwrap_or_else(|| panic!("{when}: {ps:?}"));
            assert_eq!(p.code, Code::BasisRequired, "{when}");
            assert!(p.message.en.contains("PP 11/2017") && p.message.id.contains("peraturan"), "{}", p.message.en);
        }
    }
    // Numbers beyond every statute: protected_attribute at the number, the bound named.
    for (when, path, bound) in [
        ("{ kind = \"age_at_most\", years = 30, citation = \"PP 11/2017 Ps. 23\" }", "rules[0].when.years", "35-65"),
        ("{ kind = \"age_at_most\", years = 70, citation = \"PP 11/2017 Ps. 239\" }", "rules[0].when.years", "35-65"),
        ("{ kind = \"age_at_least\", years = 40, citation = \"PP 11/2017 Ps. 23\" }", "rules[0].when.years", "18-20"),
        ("{ kind = \"age_at_least\", years = 15, citation = \"PP 11/2017 Ps. 23\" }", "rules[0].when.years", "18-20"),
        (
            "{ kind = \"years_to_retirement_at_least\", years = 5, citation = \"PP 11/2017 Ps. 239\" }",
            "rules[0].when",
            "0-4",
        ),
        (
            "{ kind = \"years_to_retirement_at_least\", years = 4, months = 1, citation = \"PP 11/2017 Ps. 239\" }",
            "rules[0].when",
            "0-4",
        ),
        ("{ kind = \"appointment_age_at_least\", years = 30 }", "rules[0].when.years", "0-20"),
    ] {
        let ps = problems(&rule(when));
        let p = ps.iter().find(|p| p.path == path).unwrap_or_else(|| panic!("{when}: {ps:?}"));
        assert_eq!(p.code, Code::ProtectedAttribute, "{when}");
        assert!(p.message.en.contains(bound), "{when}: {}", p.message.en);
    }
    // `appointment_age_at_least` is an age filter too: never under `not`; the rule's citation is its basis.
    let ps = problems(&rule("{ kind = \"not\", of = { kind = \"appointment_age_at_least\", years = 18 } }"));
    assert!(has(&ps, Code::ProtectedAttribute, "rules[0].when.of"), "{ps:?}");
    let no_basis = rule("{ kind = \"appointment_age_at_least\", years = 18 }").replace("Perbup 1/2026 Ps. 1", "data");
    assert!(has(&problems(&no_basis), Code::BasisRequired, "rules[0].citation"));
    // Statutory uses pass: JPT caps, BUP 58-65, CPNS / PPPK minima, the built-in horizon.
    for ok in [
        "{ kind = \"age_at_most\", years = 56, citation = \"PP 11/2017 Ps. 107 jo PP 17/2020\" }",
        "{ kind = \"age_at_most\", years = 35, citation = \"Peraturan Pemerintah Nomor 11 Tahun 2017 Pasal 23\" }",
        "{ kind = \"age_at_most\", years = 65, citation = \"UU 20/2023 Pasal 55\" }",
        "{ kind = \"age_at_least\", years = 20, citation = \"PP 49/2018 Ps. 16\" }",
        "{ kind = \"years_to_retirement_at_least\", years = 1, citation = \"PP 11/2017 Ps. 239\" }",
    ] {
        assert!(parse_rule_set(&rule(ok)).is_ok(), "{ok}");
    }
    let cited =
        rule("{ kind = \"appointment_age_at_least\", years = 18 }").replace("Perbup 1/2026 Ps. 1", "PP 11/2017 Ps. 23");
    assert!(parse_rule_set(&cited).is_ok());
    // The built-in sets keep passing their own checks.
    for name in ["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "data_quality"] {
        let s = meritkit::rules::builtin(name).unwrap();
        assert!(check(&s).is_empty(), "{name}: {:?}", check(&s));
    }
}

/// A rule set's failures are their own family (`rule_set_error`), never a
/// policy's: a caller tells them apart by the family, not by codes or paths.
#[test]
fn rule_set_failures_are_their_own_family() {
    let unknown = meritkit::rules::builtin("no_such_rule_set").unwrap_err();
    assert!(matches!(unknown, meritkit::Error::RuleSet(_)), "{unknown:?}");
    assert_eq!(unknown.kind(), "rule_set_error");
    let guarded = meritkit::rules::parse_rule_set(
        "name = \"lokal\"\nversion = \"1\"\nimplements = \"Perbup 1/2026\"\n\n[[rules]]\nid = \"agama\"\ncitation = \"-\"\nseverity = \"error\"\nmessage = { en = \"x\", id = \"y\" }\nwhen = { kind = \"attribute_in\", key = \"Agama\", values = [\"Islam\"] }\n",
    )
    .unwrap_err();
    assert_eq!(guarded.kind(), "rule_set_error");
    assert!(guarded.problems().iter().any(|p| p.code == meritkit::Code::ProtectedAttribute));
    let answer =
        meritkit::api::call_json("validate", r#"{"records": [], "rules": "no_such_rule_set", "date": "2026-06-15"}"#);
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["error"]["kind"], "rule_set_error", "{answer}");
    assert_eq!(v["error"]["message"]["en"].as_str().unwrap().split(':').next(), Some("invalid rule set"));
    let policy = meritkit::policy::Policy::preset("no_such_preset").unwrap_err();
    assert_eq!(policy.kind(), "policy_error");
    let internal = meritkit::Error::internal("a serialiser failed");
    assert_eq!((internal.kind(), internal.problems()[0].code), ("internal_error", meritkit::Code::Internal));
    // the family's title is said once: "internal error: [internal] a serialiser failed"
    assert_eq!(internal.to_string(), "internal error: [internal] a serialiser failed");
}

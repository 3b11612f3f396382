//! Built-in rule sets at their bounds (PP 11/2017 Ps. 54, 107, 239 jo PP 17/2020;
//! PP 94/2021; PP 100/2000 jo PP 13/2002): just inside and
//! just outside every bound, and unknown outcomes for missing data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod rules_common;
use meritkit::rules::Outcome::{Fail, Pass, Unknown};
use rules_common::*;
use serde_json::json;

#[test]
fn base_candidate_meets_jpt_pratama() {
    let out = run1("jpt_pratama", base());
    let r = &out.results[0];
    for x in &r.rules {
        assert_eq!(x.outcome, Pass, "{} {:?}", x.id, x.reason);
    }
    assert!(r.eligible);
}

// PP 11/2017 Ps. 107 jo PP 17/2020: JPT Pratama at most 56.
#[test]
fn jpt_pratama_age_56_passes_57_fails() {
    // 57 exactly on the reference date (birthday 2026-06-15).
    let v57 = with(base(), |v| {
        v["birth_date"] = json!("1969-06-15");
        v["nip"] = json!(nip_born("19690615"));
    });
    // One day younger: still 56.
    let v56 = with(base(), |v| {
        v["birth_date"] = json!("1969-06-16");
        v["nip"] = json!(nip_born("19690616"));
    });
    let out = run(&meritkit::rules::builtin("jpt_pratama").unwrap(), vec![v56, v57]);
    assert_eq!(outcome(&out, 0, "usia_maksimal"), Pass);
    assert_eq!(outcome(&out, 1, "usia_maksimal"), Fail);
    assert!(out.results[0].eligible);
    assert!(!out.results[1].eligible);
    let age = out.results[1].rules.iter().find(|r| r.id == "usia_maksimal").unwrap();
    assert_eq!(age.actual, json!(57));
    assert_eq!(age.expected, json!(56));
    assert!(age.statutory);
    assert_eq!(age.reason.id, "usia 57 tahun melebihi batas 56 tahun untuk JPT Pratama");
    assert_eq!(age.reason.en, "age 57 exceeds the limit of 56 for JPT Pratama");
    assert_eq!(out.summary.rules.iter().find(|r| r.id == "usia_maksimal").unwrap().excluded, 1);
}

#[test]
fn age_from_nip_when_no_birth_date() {
    let v = with(base(), |v| {
        v.as_object_mut().unwrap().remove("birth_date");
        v["nip"] = json!(nip_born("19690615"));
    });
    assert_eq!(outcome(&run1("jpt_pratama", v), 0, "usia_maksimal"), Fail);
}

// Two years as Administrator or JF Ahli Madya.
#[test]
fn jpt_pratama_two_years_vs_one_year_eleven_months() {
    let in_ = with(base(), |v| v["position"]["since"] = json!("2024-06-15"));
    let out_ = with(base(), |v| v["position"]["since"] = json!("2024-07-15"));
    let out = run(&meritkit::rules::builtin("jpt_pratama").unwrap(), vec![in_, out_]);
    assert_eq!(outcome(&out, 0, "pengalaman_jabatan"), Pass);
    assert_eq!(outcome(&out, 1, "pengalaman_jabatan"), Fail);
    let r = out.results[1].rules.iter().find(|r| r.id == "pengalaman_jabatan").unwrap();
    assert_eq!(r.actual, json!(23));
    assert_eq!(r.expected, json!(24));
    assert!(r.reason.en.starts_with("1 year 11 months as Administrator"), "{}", r.reason.en);
}

#[test]
fn jpt_pratama_history_counts_and_overlaps_once() {
    // 1 year as JF Ahli Madya then 1 year as Administrator (current) = 2 years.
    let v = with(base(), |v| {
        v["position"]["since"] = json!("2025-06-15");
        v["position_history"] = json!([
            {"kind": "ahli_madya", "start": "2024-06-15", "end": "2025-06-15"},
            {"kind": "administrator", "start": "2025-06-15"}
        ]);
    });
    let out = run1("jpt_pratama", v);
    assert_eq!(out.results[0].rules.iter().find(|r| r.id == "pengalaman_jabatan").unwrap().actual, json!(24));
    // Pengawas years do not count.
    let v = with(base(), |v| {
        v["position"]["since"] = json!("2025-06-15");
        v["position_history"] = json!([{"kind": "pengawas", "start": "2015-01-01", "end": "2025-06-15"}]);
    });
    assert_eq!(outcome(&run1("jpt_pratama", v), 0, "pengalaman_jabatan"), Fail);
}

#[test]
fn jpt_pratama_rank_iv_b_passes_iv_a_fails_pppk_fails() {
    let out = run(
        &meritkit::rules::builtin("jpt_pratama").unwrap(),
        vec![
            with(base(), |v| v["rank"] = json!("IV/b")),
            with(base(), |v| v["rank"] = json!("IV/a")),
            with(base(), |v| v["rank"] = json!("Pembina Utama Muda")),
            with(base(), |v| v["rank"] = json!("XVII")),
        ],
    );
    assert_eq!(outcome(&out, 0, "pangkat_minimal"), Pass);
    assert_eq!(outcome(&out, 1, "pangkat_minimal"), Fail);
    assert_eq!(outcome(&out, 2, "pangkat_minimal"), Pass);
    assert_eq!(outcome(&out, 3, "pangkat_minimal"), Fail, "JPT from PNS: PPPK ranks do not qualify");
}

#[test]
fn jpt_pratama_education_s1_and_d4_pass_d3_fails() {
    let out = run(
        &meritkit::rules::builtin("jpt_pratama").unwrap(),
        vec![
            with(base(), |v| v["education"] = json!("S1")),
            with(base(), |v| v["education"] = json!("D-IV")),
            with(base(), |v| v["education"] = json!("D-III")),
        ],
    );
    assert_eq!(outcome(&out, 0, "pendidikan_minimal"), Pass);
    assert_eq!(outcome(&out, 1, "pendidikan_minimal"), Pass);
    assert_eq!(outcome(&out, 2, "pendidikan_minimal"), Fail);
    assert!(!out.results[2].eligible);
}

#[test]
fn discipline_ended_23_months_ago_fails_25_passes() {
    for set in ["jpt_pratama", "administrator", "talent_pool_entry"] {
        let rec = |end: &str, level: &str| {
            with(base(), |v| {
                v["position"]["kind"] = json!(if set == "administrator" { "pengawas" } else { "administrator" });
                v["rank"] = json!("IV/b");
                v["discipline"] = json!([{"level": level, "start": "2023-01-01", "end": end}]);
            })
        };
        let out = run(
            &meritkit::rules::builtin(set).unwrap(),
            vec![
                rec("2024-07-15", "sedang"), // 23 months before 2026-06-15
                rec("2024-05-15", "sedang"), // 25 months
                rec("2024-07-15", "berat"),
                rec("2024-07-15", "ringan"), // ringan does not count
                rec("2026-12-31", "sedang"), // still running
            ],
        );
        let id = out.summary.rules.iter().find(|r| r.id.starts_with("bebas_hukuman_disiplin")).unwrap().id.clone();
        assert_eq!(outcome(&out, 0, &id), Fail, "{set}");
        assert_eq!(outcome(&out, 1, &id), Pass, "{set}");
        assert_eq!(outcome(&out, 2, &id), Fail, "{set}");
        assert_eq!(outcome(&out, 3, &id), Pass, "{set}");
        assert_eq!(outcome(&out, 4, &id), Fail, "{set}");
    }
}

#[test]
fn predikat_last_two_years_at_least_baik() {
    let out = run(
        &meritkit::rules::builtin("jpt_pratama").unwrap(),
        vec![
            with(base(), |v| {
                v["performance"] = json!([{"year": 2024, "predikat": "baik"}, {"year": 2025, "predikat": "baik"}])
            }),
            with(base(), |v| {
                v["performance"] =
                    json!([{"year": 2024, "predikat": "butuh_perbaikan"}, {"year": 2025, "predikat": "sangat_baik"}])
            }),
            // Derived from the ratings (PermenPANRB 6/2022): di atas x di bawah = Kurang.
            with(
                base(),
                |v| v["performance"] = json!([{"year": 2024, "predikat": "baik"}, {"year": 2025, "work_result": "di_atas_ekspektasi", "work_behavior": "di_bawah_ekspektasi"}]),
            ),
            with(base(), |v| v["performance"] = json!([{"year": 2025, "predikat": "baik"}])),
            with(base(), |v| v["performance"] = json!([{"year": 2025, "predikat": "kurang"}])),
        ],
    );
    assert_eq!(outcome(&out, 0, "kinerja_2_tahun"), Pass);
    assert_eq!(outcome(&out, 1, "kinerja_2_tahun"), Fail);
    assert_eq!(outcome(&out, 2, "kinerja_2_tahun"), Fail);
    assert_eq!(out.results[2].rules.iter().find(|r| r.id == "kinerja_2_tahun").unwrap().actual, json!("kurang"));
    assert_eq!(outcome(&out, 3, "kinerja_2_tahun"), Unknown, "2024 missing");
    assert_eq!(outcome(&out, 4, "kinerja_2_tahun"), Fail, "a known failure beats a missing year");
}

#[test]
fn jpt_madya_and_utama_age_58_vs_59_and_rank() {
    for set in ["jpt_madya", "jpt_utama"] {
        let prev = if set == "jpt_madya" { "jpt_pratama" } else { "jpt_madya" };
        let rec = |born: &str, nip: &str, rank: &str| {
            with(base(), |v| {
                v["birth_date"] = json!(born);
                v["nip"] = json!(nip_born(nip));
                v["rank"] = json!(rank);
                v["position"] = json!({"kind": prev, "since": "2024-06-15"});
            })
        };
        let out = run(
            &meritkit::rules::builtin(set).unwrap(),
            vec![
                rec("1967-06-16", "19670616", "IV/d"), // 58
                rec("1967-06-15", "19670615", "IV/d"), // 59 today
                rec("1975-03-10", "19750310", "IV/c"),
                rec("1975-03-10", "19750310", "IV/b"),
            ],
        );
        assert_eq!(outcome(&out, 0, "usia_maksimal"), Pass, "{set}");
        assert_eq!(outcome(&out, 1, "usia_maksimal"), Fail, "{set}");
        assert_eq!(outcome(&out, 0, "pangkat_minimal"), Pass, "{set}");
        // Eselon I.a starts at IV/d; one step below (PP 100/2000 jo PP 13/2002 Ps. 5) is IV/c.
        assert_eq!(outcome(&out, 2, "pangkat_minimal"), Pass, "{set}: IV/c is one step below IV/d");
        assert_eq!(outcome(&out, 3, "pangkat_minimal"), Fail, "{set}: IV/b is two steps below");
        assert_eq!(outcome(&out, 0, "pengalaman_jabatan"), Pass, "{set}: 2 years as {prev}");
    }
    // Administrator experience does not qualify for JPT Madya.
    let out = run1("jpt_madya", base());
    assert_eq!(outcome(&out, 0, "pengalaman_jabatan"), Fail);
}

#[test]
fn administrator_bounds() {
    let rec = |since: &str, rank: &str, edu: &str| {
        with(base(), |v| {
            v["position"] = json!({"kind": "pengawas", "since": since});
            v["rank"] = json!(rank);
            v["education"] = json!(edu);
        })
    };
    let out = run(
        &meritkit::rules::builtin("administrator").unwrap(),
        vec![
            rec("2023-06-15", "III/c", "S1"), // 3 years exactly
            rec("2023-07-15", "III/b", "D3"), // 2 years 11 months
        ],
    );
    for id in [
        "pengalaman_jabatan",
        "status_pns",
        "pangkat_minimal",
        "pendidikan_minimal",
        "kinerja_2_tahun",
        "bebas_hukuman_disiplin",
        "sisa_masa_kerja",
    ] {
        assert_eq!(outcome(&out, 0, id), Pass, "{id}");
    }
    assert!(out.results[0].eligible);
    assert_eq!(outcome(&out, 1, "pengalaman_jabatan"), Fail);
    // III/b is a PNS (PP 11/2017 Ps. 54 holds) below the III/c floor of eselon III.b (PP 100/2000 jo PP 13/2002 Ps. 5).
    assert_eq!(outcome(&out, 1, "status_pns"), Pass);
    assert_eq!(outcome(&out, 1, "pangkat_minimal"), Fail);
    assert_eq!(outcome(&out, 1, "pendidikan_minimal"), Fail);
    assert_eq!(out.summary.total.excluded_by.get("pendidikan_minimal"), Some(&1));
}

#[test]
fn pengawas_bounds() {
    let rec = |since: &str, rank: &str, edu: &str| {
        with(base(), |v| {
            v["position"] = json!({"kind": "pelaksana", "since": since});
            v["rank"] = json!(rank);
            v["education"] = json!(edu);
        })
    };
    let out = run(
        &meritkit::rules::builtin("pengawas").unwrap(),
        vec![
            rec("2022-06-15", "III/a", "D3"), // 4 years, D-III
            rec("2022-07-15", "II/d", "SMA"), // 3 years 11 months
        ],
    );
    assert!(out.results[0].eligible, "{:?}", out.results[0].rules);
    assert_eq!(outcome(&out, 1, "pengalaman_jabatan"), Fail);
    assert_eq!(outcome(&out, 1, "pendidikan_minimal"), Fail);
    // II/d is a PNS below the III/a floor of eselon IV.b.
    assert_eq!(outcome(&out, 1, "status_pns"), Pass);
    assert_eq!(outcome(&out, 1, "pangkat_minimal"), Fail);
}

#[test]
fn retirement_horizon_uses_bup_of_target_position() {
    // BUP 58 for administrator (PP 11/2017 Ps. 239): born 1969-06-15 turns 58 on 2027-06-15: 12 months left.
    let rec = |born: &str, nip: &str| {
        with(base(), |v| {
            v["birth_date"] = json!(born);
            v["nip"] = json!(nip_born(nip));
            v["position"] = json!({"kind": "pengawas", "since": "2020-01-01"});
            v["rank"] = json!("III/d");
        })
    };
    let out = run(
        &meritkit::rules::builtin("administrator").unwrap(),
        vec![rec("1969-06-15", "19690615"), rec("1969-05-15", "19690515")],
    );
    assert_eq!(outcome(&out, 0, "sisa_masa_kerja"), Pass);
    assert_eq!(outcome(&out, 1, "sisa_masa_kerja"), Fail);
    let r = out.results[1].rules.iter().find(|r| r.id == "sisa_masa_kerja").unwrap();
    assert_eq!(r.actual, json!(11));
    assert!(r.statutory);
    // Warning severity: does not exclude.
    assert!(out.results[1].eligible);
}

#[test]
fn unknown_outcomes_for_missing_data() {
    let v = with(base(), |v| {
        let o = v.as_object_mut().unwrap();
        o.remove("education");
        o.remove("rank");
        o.remove("birth_date");
        o.remove("performance");
        o.remove("competency");
        v["nip"] = json!("123");
        v["position"] = json!({"kind": "administrator"});
    });
    let out = run1("jpt_pratama", v);
    for id in [
        "pendidikan_minimal",
        "pangkat_minimal",
        "pengalaman_jabatan",
        "pengalaman_kumulatif",
        "usia_maksimal",
        "kinerja_2_tahun",
        "kompetensi_skj",
    ] {
        let r = out.results[0].rules.iter().find(|r| r.id == id).unwrap();
        assert_eq!(r.outcome, Unknown, "{id}");
        assert_eq!(r.actual, serde_json::Value::Null);
        assert!(r.reason.id.contains("tidak dapat dinilai"), "{}", r.reason.id);
    }
    assert!(!out.results[0].eligible, "unknown error-severity rules make the employee ineligible");
    assert_eq!(out.summary.rules.iter().find(|r| r.id == "pendidikan_minimal").unwrap().unknown, 1);
}

#[test]
fn allow_unknown_keeps_eligibility() {
    let mut set = meritkit::rules::builtin("jpt_pratama").unwrap();
    set.allow_unknown = true;
    let v = with(base(), |v| {
        v.as_object_mut().unwrap().remove("education");
    });
    let out = run(&set, vec![v]);
    assert_eq!(outcome(&out, 0, "pendidikan_minimal"), Unknown);
    assert!(out.results[0].eligible);
}

#[test]
fn talent_pool_entry_ringan_only_passes() {
    let out = run1(
        "talent_pool_entry",
        with(base(), |v| v["discipline"] = json!([{"level": "ringan", "start": "2026-01-01"}])),
    );
    assert!(out.results[0].eligible);
}

#[test]
fn data_quality_findings() {
    let set = meritkit::rules::builtin("data_quality").unwrap();
    let out = run(
        &set,
        vec![
            base(),
            // Same birth date and sex digit, birth_date disagrees with NIP, recorded sex female vs NIP digit 1 (male).
            with(base(), |v| {
                v["birth_date"] = json!("1975-03-11");
                v["attributes"] = json!({"jenis_kelamin": "Perempuan"});
            }),
            // Competency level 6; future position date; only 2025 appraised.
            with(base(), |v| {
                v["nip"] = json!("197503102000032002");
                v["birth_date"] = json!("1975-03-10");
                v["competency"]["integritas"] = json!(6);
                v["position"]["since"] = json!("2027-01-01");
                v["performance"] = json!([{"year": 2025, "predikat": "baik"}]);
                v["attributes"] = json!({"jenis_kelamin": "P"});
            }),
            // Appointed at 16 (born 1984-05-01, TMT 2000-03); NIP sex digit 3.
            with(base(), |v| {
                v["nip"] = json!("198405012000033001");
                v.as_object_mut().unwrap().remove("birth_date");
            }),
            with(base(), |v| {
                v["nip"] = json!("198405012000031003");
                v.as_object_mut().unwrap().remove("birth_date");
            }),
        ],
    );
    assert_eq!(outcome(&out, 0, "nip_ganda"), Pass);
    assert_eq!(outcome(&out, 2, "nip_ganda"), Pass);
    assert_eq!(outcome(&out, 0, "nip_tanggal_lahir"), Pass);
    assert_eq!(outcome(&out, 1, "nip_tanggal_lahir"), Fail);
    assert_eq!(outcome(&out, 1, "nip_jenis_kelamin"), Fail);
    assert_eq!(outcome(&out, 2, "nip_jenis_kelamin"), Pass);
    assert_eq!(outcome(&out, 0, "nip_jenis_kelamin"), Unknown);
    assert_eq!(outcome(&out, 2, "level_kompetensi"), Fail);
    assert_eq!(outcome(&out, 2, "tanggal_masa_depan"), Fail);
    assert_eq!(outcome(&out, 2, "tahun_penilaian_lengkap"), Fail);
    assert_eq!(outcome(&out, 3, "nip_struktur"), Fail);
    assert_eq!(out.results[3].rules.iter().find(|r| r.id == "nip_struktur").unwrap().actual, json!("nip_sex_digit"));
    assert_eq!(outcome(&out, 4, "usia_pengangkatan_wajar"), Fail);
    assert_eq!(outcome(&out, 0, "usia_pengangkatan_wajar"), Pass);
    assert!(out.results[4].eligible, "the appointment-age check is a warning");
    assert!(!out.results[1].eligible, "birth date and sex disagree with the NIP");
    // The same NIP on two rows: the second is a duplicate_nip error row naming
    // the first; the first fails nip_ganda (2 rows carry its NIP).
    let out = run_as_given(
        &set,
        vec![
            base(),
            with(base(), |v| v["unit"] = json!("Dinas Lain")),
            with(base(), |v| v["nip"] = json!("197503102000031002")),
        ],
    );
    assert_eq!(out.results.len(), 2);
    assert_eq!((out.results[0].row, out.results[1].row), (0, 2));
    assert_eq!(outcome(&out, 0, "nip_ganda"), Fail);
    assert_eq!(outcome(&out, 1, "nip_ganda"), Pass);
    assert!(!out.results[0].eligible, "duplicate NIP");
    assert_eq!(out.errors.len(), 1);
    assert_eq!(
        (out.errors[0].row, out.errors[0].code.as_str(), out.errors[0].path.as_str()),
        (1, "duplicate_nip", "nip")
    );
    assert!(out.errors[0].message.en.contains("input row 0"));
    assert!(
        !out.errors[0].message.en.contains("197503102000031001")
            && !out.errors[0].message.id.contains("197503102000031001")
    );
    assert_eq!((out.summary.total.rows, out.summary.total.errors), (3, 1));
}

#[test]
fn every_row_comes_back() {
    use meritkit::api::parse_row;
    let values = [base(), json!({"nip": "1", "unit": "X"}), json!("garbage"), with(base(), |v| v["nip"] = json!("x"))];
    let rows: Vec<_> = values.iter().map(parse_row).collect();
    let out = meritkit::rules::validate_rows(
        &rows,
        &meritkit::rules::builtin("jpt_pratama").unwrap(),
        date(),
        &meritkit::Policy::preset("permenpanrb_3_2020").unwrap(),
    );
    let mut seen: Vec<usize> = out.results.iter().map(|r| r.row).chain(out.errors.iter().map(|e| e.row)).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen, vec![0, 1, 2, 3]);
    assert_eq!(out.summary.total.rows, 4);
    assert_eq!(out.summary.total.errors, 2);
    assert_eq!(out.summary.total.eligible + out.summary.total.ineligible + out.summary.total.errors, 4);
}

#[test]
fn nine_box_and_talent_pool_predicates_use_scoring() {
    let text = r#"
name = "krs_box9"
version = "1"
implements = "PermenPANRB 3/2020 jo 20/2025"
[[rules]]
id = "kotak_9"
citation = "PermenPANRB 3/2020"
severity = "error"
message = { en = "box {actual}, expected {expected}", id = "kotak {actual}, seharusnya {expected}" }
when = { kind = "nine_box_in", boxes = [9] }
[[rules]]
id = "krs"
citation = "PermenPANRB 3/2020"
severity = "error"
message = { en = "talent pool {actual}", id = "KRS {actual}" }
when = { kind = "talent_pool" }
"#;
    let set = meritkit::rules::parse_rule_set(text).unwrap();
    let hi = with(base(), |v| v["potential_score"] = json!(95.0));
    let lo = with(base(), |v| {
        v["potential_score"] = json!(10.0);
        v["performance"] = json!([{"year": 2025, "predikat": "butuh_perbaikan"}]);
    });
    let none = with(base(), |v| {
        v.as_object_mut().unwrap().remove("performance");
    });
    let out = run(&set, vec![hi, lo, none]);
    assert_eq!(outcome(&out, 0, "kotak_9"), Pass);
    assert_eq!(outcome(&out, 0, "krs"), Pass);
    assert_eq!(out.results[1].rules[0].actual, json!(1));
    assert_eq!(outcome(&out, 1, "kotak_9"), Fail);
    assert_eq!(outcome(&out, 1, "krs"), Fail);
    assert_eq!(outcome(&out, 2, "kotak_9"), Unknown);
}

#[test]
fn builtins_parse_cite_and_fingerprint_stably() {
    for (name, _) in meritkit::rules::BUILTIN {
        let s = meritkit::rules::builtin(name).unwrap();
        assert_eq!(&s.name, name);
        assert!(s.rules.iter().all(|r| !r.citation.trim().is_empty()));
        assert_eq!(s.fingerprint(), meritkit::rules::builtin(name).unwrap().fingerprint());
        assert_eq!(s.fingerprint().len(), 64);
        // TOML and JSON round trips keep the fingerprint.
        let back = meritkit::rules::parse_rule_set(&s.to_toml().unwrap()).unwrap();
        assert_eq!(back.fingerprint(), s.fingerprint(), "{name} toml");
        let back = meritkit::rules::parse_rule_set(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back.fingerprint(), s.fingerprint(), "{name} json");
    }
    assert_eq!(meritkit::rules::builtin("nope").unwrap_err().problems()[0].code, meritkit::Code::UnknownRuleSet);
}

#[test]
fn jpm_against_target_standard() {
    // Competency all at 4: JPM 100 % vs JPT Pratama (level 4); 3 each vs level 4 = 75 % (< 80, >= 68).
    let out = run(
        &meritkit::rules::builtin("jpt_pratama").unwrap(),
        vec![
            base(),
            with(base(), |v| {
                for (_, x) in v["competency"].as_object_mut().unwrap().iter_mut() {
                    *x = json!(3);
                }
            }),
            with(base(), |v| {
                for (_, x) in v["competency"].as_object_mut().unwrap().iter_mut() {
                    *x = json!(2);
                }
            }),
        ],
    );
    assert_eq!(out.results[0].rules.iter().find(|r| r.id == "kompetensi_skj").unwrap().actual, json!(100.0));
    assert_eq!(outcome(&out, 1, "kompetensi_skj"), Pass);
    assert_eq!(outcome(&out, 2, "kompetensi_skj"), Fail); // 50 %
    assert!(out.results[2].eligible, "warning only");
}

#[test]
fn distribution_se_menpanrb_3_2023() {
    use meritkit::performance::Predikat::*;
    use meritkit::rules::distribution::{check, OrgPredikat};
    // Istimewa: Sangat Baik most and at most 70 %.
    assert!(
        check(
            OrgPredikat::Istimewa,
            &[SangatBaik, SangatBaik, SangatBaik, SangatBaik, SangatBaik, SangatBaik, SangatBaik, Baik, Baik, Baik]
        )
        .ok
    );
    let r = check(
        OrgPredikat::Istimewa,
        &[SangatBaik, SangatBaik, SangatBaik, SangatBaik, SangatBaik, SangatBaik, SangatBaik, SangatBaik, Baik, Baik],
    );
    assert!(!r.ok);
    assert!((r.checks[1].share - 0.8).abs() < 1e-12);
    // Butuh Perbaikan org: BP >= 60 %, SB <= 10 %.
    assert!(
        check(
            OrgPredikat::ButuhPerbaikan,
            &[ButuhPerbaikan; 6].iter().chain(&[Baik, Baik, Baik, SangatBaik]).copied().collect::<Vec<_>>()
        )
        .ok
    );
    assert!(
        !check(
            OrgPredikat::ButuhPerbaikan,
            &[ButuhPerbaikan; 5].iter().chain(&[Baik, Baik, Baik, Baik, SangatBaik]).copied().collect::<Vec<_>>()
        )
        .ok
    );
    // Kurang: K >= 60, BP >= 10, SB <= 10.
    assert!(
        check(
            OrgPredikat::Kurang,
            &[Kurang, Kurang, Kurang, Kurang, Kurang, Kurang, ButuhPerbaikan, Baik, Baik, SangatBaik]
        )
        .ok
    );
    assert!(
        !check(OrgPredikat::Kurang, &[Kurang, Kurang, Kurang, Kurang, Kurang, Kurang, Baik, Baik, Baik, SangatBaik]).ok
    );
    // Sangat Kurang: SK >= 60, K+BP >= 10, SB = 0.
    assert!(
        check(
            OrgPredikat::SangatKurang,
            &[
                SangatKurang,
                SangatKurang,
                SangatKurang,
                SangatKurang,
                SangatKurang,
                SangatKurang,
                Kurang,
                Baik,
                Baik,
                Baik
            ]
        )
        .ok
    );
    assert!(
        !check(
            OrgPredikat::SangatKurang,
            &[
                SangatKurang,
                SangatKurang,
                SangatKurang,
                SangatKurang,
                SangatKurang,
                SangatKurang,
                Kurang,
                Baik,
                Baik,
                SangatBaik
            ]
        )
        .ok
    );
    assert!(!check(OrgPredikat::Baik, &[]).ok);
}

#[test]
fn jpm_predicate_agrees_with_scoring_record_jpm() {
    let pop = meritkit::generate::population(&meritkit::generate::Options { count: 400, ..Default::default() });
    let set = meritkit::rules::parse_rule_set(r#"{"name": "j", "version": "1", "implements": "-", "rules": [
        {"id": "jpm", "citation": "c", "severity": "error", "message": {"en": "e", "id": "i"}, "when": {"kind": "jpm_at_least", "percent": 0.0}}]}"#).unwrap();
    let policy = meritkit::Policy::preset("permenpanrb_3_2020").unwrap();
    let out = meritkit::rules::validate_employees(&pop, &set, date(), &policy);
    let mut compared = 0;
    for (e, r) in pop.iter().zip(&out.results) {
        let expect = meritkit::scoring::record_jpm(e, &policy).map(|x| x.0);
        match expect {
            Some(v) => {
                assert_eq!(r.rules[0].actual, json!(v));
                compared += 1;
            }
            None => assert_eq!(r.rules[0].outcome, Unknown),
        }
    }
    assert!(compared > 100);
}

//! The i18n catalogue of the codes people see: every snake_case code an answer
//! carries for display (position kinds, predikat, competencies, readiness,
//! gates, ranking criteria and methods, pools, inputs, presets) with its label in
//! English and Bahasa Indonesia. Official terms (PermenPANRB, PP 11/2017) are
//! kept in both languages; renderers (the CLI, the report, the web demo) look
//! codes up here instead of keeping their own tables. Grid levels and boxes are
//! labelled by the policy's grid ([`crate::nine_box::Grid`]).

use crate::error::Message;
use std::collections::BTreeMap;

/// Labels per kind, then per code.
pub type Catalogue = BTreeMap<&'static str, BTreeMap<String, Message>>;

/// Codes whose labels differ between the languages: `(kind, code, en, id)`.
const BILINGUAL: &[(&str, &str, &str, &str)] = &[
    ("gate", "pool", "talent pool", "kelompok talenta"),
    ("gate", "eligibility", "eligibility rules", "syarat jabatan"),
    ("gate", "incumbent", "incumbent", "pejabat saat ini"),
    ("gate", "retirement", "retirement age", "batas usia pensiun"),
    ("gate", "exclusive_assignment", "exclusive assignment", "penugasan eksklusif"),
    ("gate", "data", "data completeness", "kelengkapan data"),
    ("criterion", "jpm", "JPM (job-person match)", "JPM (kesesuaian jabatan)"),
    ("criterion", "potential_score", "potential score", "nilai potensial"),
    ("criterion", "performance", "performance rating", "predikat kinerja"),
    ("criterion", "box", "talent box", "kotak talenta"),
    ("criterion", "experience_years", "years of relevant experience", "lama pengalaman yang relevan"),
    ("criterion", "rank", "rank (golongan)", "pangkat (golongan)"),
    ("criterion", "education", "education", "pendidikan"),
    ("criterion", "competency_fit", "competency fit", "kesesuaian kompetensi"),
    // `gap:<competency>`: this word, then the competency's label.
    ("criterion", "gap", "gap in", "kesenjangan"),
    ("method", "saw", "simple additive weighting (SAW)", "pembobotan aditif sederhana (SAW)"),
    ("method", "topsis", "TOPSIS", "TOPSIS"),
    ("method", "profile_matching", "profile matching", "pencocokan profil"),
    ("pool", "instansi", "agency talent pool", "kelompok rencana suksesi instansi"),
    ("pool", "nasional", "national talent pool", "kelompok rencana suksesi nasional"),
    ("value_from", "computed", "computed", "dihitung"),
    ("value_from", "reported", "as reported", "sesuai laporan"),
    ("value_from", "aspects", "from the assessment aspects", "dari aspek penilaian"),
    ("exclusion", "no_box", "not placed on the grid", "belum terpetakan pada kotak talenta"),
    ("exclusion", "not_in_pool", "not in the talent pool", "tidak termasuk kelompok talenta"),
    ("exclusion", "incumbent", "the incumbent", "pejabat saat ini"),
    (
        "exclusion",
        "retirement_within_horizon",
        "reaches retirement age within the horizon",
        "mencapai batas usia pensiun dalam jangka waktu",
    ),
    (
        "exclusion",
        "shortlisted_elsewhere",
        "shortlisted for an earlier position",
        "sudah masuk daftar pendek jabatan lain",
    ),
    ("exclusion", "missing_criterion", "a ranking input is missing", "masukan pemeringkatan tidak lengkap"),
    ("risk", "no_eligible_successor", "no eligible successor", "tidak ada pengganti yang memenuhi syarat"),
    (
        "risk",
        "incumbent_retiring_without_ready_now",
        "incumbent retiring, no one ready now",
        "pejabat segera pensiun, belum ada yang siap sekarang",
    ),
    ("stage", "pool", "talent pool", "kelompok talenta"),
    ("stage", "eligible", "eligible", "memenuhi syarat"),
    ("stage", "shortlisted", "shortlisted", "daftar pendek"),
    ("group_column", "sex", "sex", "jenis kelamin"),
    ("group_column", "age_band", "age band", "kelompok usia"),
    ("group", "female", "female", "perempuan"),
    ("group", "male", "male", "laki-laki"),
    ("input", "jpm", "JPM", "JPM"),
    ("input", "potential_assessment", "potential assessment", "penilaian potensi"),
    ("input", "track_record", "track record", "rekam jejak"),
    ("input", "potential_score", "potential score", "nilai potensial"),
];

/// The whole catalogue: official labels of the labelled enumerations (the same
/// text in both languages), readiness (`succession::readiness::Readiness`), the
/// bilingual table above, and under `rule` the titles of the built-in rule sets'
/// rules, which are also under `exclusion` (a funnel excludes by a pipeline code
/// or by the id of the eligibility rule that failed).
///
/// ```
/// let c = meritkit::catalogue::catalogue();
/// assert_eq!(c["position_kind"]["ahli_pertama"].id, "JF Ahli Pertama");
/// assert_eq!(c["readiness"]["ready_now"].id, "Siap Sekarang");
/// assert_eq!(c["predikat"]["sangat_baik"].en, "Sangat Baik");
/// ```
pub fn catalogue() -> Catalogue {
    let mut c = Catalogue::new();
    macro_rules! official {
        ($kind:literal, $t:ty) => {
            let m = c.entry($kind).or_default();
            for v in <$t>::ALL {
                m.insert(v.code().to_string(), Message::new(v.label(), v.label()));
            }
        };
    }
    official!("position_kind", crate::position::PositionKind);
    official!("predikat", crate::performance::Predikat);
    official!("rating", crate::performance::Rating);
    official!("competency", crate::competency::Competency);
    official!("education", crate::rank::Education);
    let readiness = c.entry("readiness").or_default();
    for r in crate::succession::readiness::Readiness::ALL {
        readiness.insert(r.code().to_string(), Message::new(r.label_en(), r.label()));
    }
    for (kind, code, en, id) in BILINGUAL {
        c.entry(kind).or_default().insert(code.to_string(), Message::new(*en, *id));
    }
    let descriptions_id = preset_descriptions_id();
    let presets = c.entry("preset").or_default();
    for name in crate::policy::PRESETS {
        if let Ok(p) = crate::policy::Policy::preset(name) {
            let id =
                descriptions_id.get(name).and_then(|d| d.get("id")?.as_str()).unwrap_or(&p.description).to_string();
            presets.insert(name.to_string(), Message::new(p.description, id));
        }
    }
    let mut titles = BTreeMap::new();
    for (name, _) in crate::rules::BUILTIN {
        for r in crate::rules::builtin(name).map(|s| s.rules).unwrap_or_default() {
            if r.has_title() {
                titles.insert(r.id.clone(), r.title_or_id());
            }
        }
    }
    let exclusion = c.entry("exclusion").or_default();
    for (id, title) in &titles {
        exclusion.entry(id.clone()).or_insert_with(|| title.clone());
    }
    c.insert("rule", titles);
    c
}

/// The Indonesian descriptions of the built-in presets by name (`presets/descriptions_id.json`; the
/// English one is the preset file's own `description`, part of its fingerprint). (Read as a JSON
/// value: no reader of its own in the WebAssembly module.)
fn preset_descriptions_id() -> serde_json::Value {
    serde_json::from_str(include_str!("presets/descriptions_id.json")).unwrap_or_default()
}

/// The label of a code in a language (`en` or not), the code itself when the
/// catalogue does not hold it (a user's own rule without a title).
///
/// ```
/// use meritkit::catalogue::{catalogue, show};
/// let c = catalogue();
/// assert_eq!(show(&c, "rule", "pendidikan_minimal", false), "Pendidikan minimal");
/// assert_eq!(show(&c, "exclusion", "not_in_pool", false), "tidak termasuk kelompok talenta");
/// assert_eq!(show(&c, "rule", "my_own_rule", false), "my_own_rule");
/// ```
pub fn show(c: &Catalogue, kind: &str, code: &str, en: bool) -> String {
    match c.get(kind).and_then(|m| m.get(code)) {
        Some(m) if en => m.en.clone(),
        Some(m) => m.id.clone(),
        None => code.to_string(),
    }
}

/// The label of one code, `(en, id)`; `None` for a kind or code the catalogue
/// does not hold (a renderer then shows the code).
pub fn label(kind: &str, code: &str) -> Option<(&'static str, &'static str)> {
    BILINGUAL.iter().find(|(k, c, _, _)| *k == kind && *c == code).map(|(_, _, en, id)| (*en, *id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gate_readiness_and_method_has_a_label() {
        use crate::succession::{gate::Gate, readiness::Readiness};
        let c = catalogue();
        for r in Readiness::ALL {
            assert_eq!(c["readiness"][r.code()].id, r.label(), "{}", r.code());
        }
        for g in
            [Gate::Pool, Gate::Eligibility, Gate::Incumbent, Gate::Retirement, Gate::ExclusiveAssignment, Gate::Data]
        {
            let code = serde_json::to_value(g).expect("gate code");
            assert!(c["gate"].contains_key(code.as_str().unwrap_or("")), "{code}");
        }
        for m in ["saw", "topsis", "profile_matching"] {
            let parsed: crate::succession::Method = serde_json::from_value(m.into()).expect("a method code");
            assert_eq!(serde_json::to_value(parsed).expect("code"), m);
            assert!(c["method"].contains_key(m));
        }
    }

    #[test]
    fn every_preset_is_described_in_indonesian() {
        let all = preset_descriptions_id();
        for name in crate::policy::PRESETS {
            let d = all[name]["id"].as_str().unwrap_or_default();
            assert!(d.len() > 40, "{name}: an Indonesian description in presets/descriptions_id.json");
        }
    }

    #[test]
    fn indonesian_labels_carry_no_codes() {
        for (kind, labels) in catalogue() {
            for (code, m) in labels {
                assert!(!m.id.contains('_'), "{kind}.{code}: {}", m.id);
                assert!(!m.id.is_empty() && !m.en.is_empty(), "{kind}.{code}");
            }
        }
    }
}

//! Development: each person's competency gaps against a standard (PermenPANRB 38/2017), a development plan
//! from a configurable catalogue keyed to the 9-box follow-ups (PermenPANRB 3/2020 Lampiran jo 20/2025) with a
//! review date, and the `development_plan` request of [`crate::api`].
//!
//! * [`gaps`]: per competency of the standard the required and the attained level and the gap (required −
//!   attained, positive = shortfall), ranked (largest shortfall first, then by competency code); competencies of
//!   the standard without a level are listed in `missing`. The pairs and the JPM come from
//!   [`crate::competency::standard_pairs`] and [`crate::competency::jpm_of_pairs`], the JPM kernel.
//! * [`Catalogue`]: development activities (code, kind, titles in Indonesian and English, the competencies they
//!   address, the boxes they fit, duration in months, the box follow-ups they answer), review months per box
//!   and the number of gap activities per plan; loaded from TOML or JSON like a policy (`deny_unknown_fields`,
//!   located problems, size bounds, a SHA-256 fingerprint of its canonical JSON). [`default_catalogue`] maps
//!   the follow-ups of the Lampiran to activities: the follow-ups are the Lampiran's, the mapping is ours.
//! * [`plan`]: the activities of the person's box (catalogue order), then one activity per shortfall (largest
//!   first, at most `max_gap_activities`) that fits the box and addresses the competency; each with the reason
//!   it was chosen, and a review date.
//!
//! ```
//! use meritkit::development::{default_catalogue, gaps};
//! use meritkit::competency::{JpmCap, Standard};
//! let e: meritkit::Employee = serde_json::from_value(serde_json::json!({
//!     "nip": "198503152010011002", "unit": "Dinas Pangan", "position": {"kind": "administrator"},
//!     "competency": {"integritas": 3, "komunikasi": 1, "kerja_sama": 2}})).unwrap();
//! let std: Standard = [("integritas", 3u8), ("komunikasi", 3), ("kerja_sama", 3), ("perekat_bangsa", 3)]
//!     .into_iter().map(|(k, v)| (k.to_string(), v)).collect();
//! let g = gaps(&e, &std, JpmCap::CapTotal);
//! let order: Vec<(&str, f64)> = g.gaps.iter().map(|x| (x.competency.as_str(), x.gap)).collect();
//! assert_eq!(order, [("komunikasi", 2.0), ("kerja_sama", 1.0), ("integritas", 0.0)]);
//! assert_eq!(g.missing, ["perekat_bangsa"]);
//! assert_eq!(g.jpm, None); // a competency without a level: no JPM
//! assert!(default_catalogue().check().is_empty());
//! ```

use crate::basis::{Basis, BasisKind, Confidence};
use crate::competency::{jpm_of_pairs, standard_pairs, JpmCap, Standard};
use crate::error::{Code, Error, Message, Problem, RowError};
use crate::model::Employee;
use crate::nine_box::Pool;
use crate::position::PositionKind;
use crate::scoring::{Context, ParsedRow, Placement, PolicyInfo, Status};
use crate::source::{Files, Source};
use crate::succession::TargetPosition;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

// ---------------------------------------------------------------------------
// Gaps
// ---------------------------------------------------------------------------

/// One assessed competency of a standard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Gap {
    /// Competency key of the standard.
    pub competency: String,
    /// Required level (1-5).
    pub required: u8,
    /// Attained level (1-5).
    pub actual: f64,
    /// `required − actual`: positive = shortfall, negative = above the standard.
    pub gap: f64,
}

/// A person's levels against one standard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Gaps {
    /// JPM (%) against the standard (the scoring kernel, the policy's cap); `null` unless every competency of
    /// the standard has a level.
    pub jpm: Option<f64>,
    /// The assessed competencies, largest shortfall first, then by competency code.
    pub gaps: Vec<Gap>,
    /// Competencies of the standard without a level (key order): not assessed, never taken as met.
    pub missing: Vec<String>,
    /// Number of shortfalls (gap > 0).
    pub shortfalls: usize,
}

/// The gaps of `employee` against `standard`, ranked; the JPM with `cap`
/// ([`crate::competency::jpm_of_pairs`], the same pairs).
pub fn gaps(employee: &Employee, standard: &Standard, cap: JpmCap) -> Gaps {
    let pairs = standard_pairs(&employee.competency, standard);
    let jpm = jpm_of_pairs(&pairs, cap);
    let mut out = Gaps { jpm, ..Gaps::default() };
    for p in &pairs {
        match (p.attained, p.gap()) {
            (Some(actual), Some(gap)) => {
                out.gaps.push(Gap { competency: p.key.to_string(), required: p.required, actual, gap })
            }
            _ => out.missing.push(p.key.to_string()),
        }
    }
    crate::sort::stable_by(&mut out.gaps, |a, b| b.gap.total_cmp(&a.gap).then_with(|| a.competency.cmp(&b.competency)));
    out.shortfalls = out.gaps.iter().filter(|g| g.gap > 0.0).count();
    out
}

// ---------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------

/// The kind of a development activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Pendidikan dan pelatihan (education and training).
    PendidikanPelatihan,
    /// Bimbingan kinerja (coaching).
    Coaching,
    /// Konseling kinerja (counselling).
    Konseling,
    /// Mentoring.
    Mentoring,
    /// Penugasan (an assignment: job enrichment or enlargement, a project).
    Penugasan,
    /// Rotasi (rotation).
    Rotasi,
    /// Tugas belajar (study assignment).
    TugasBelajar,
    /// Penempatan yang sesuai (suitable placement).
    Penempatan,
    /// Promosi (promotion).
    Promosi,
    /// Dipertahankan (retention).
    Retensi,
    /// Penghargaan (recognition).
    Penghargaan,
    /// Handled under the laws and regulations (box 1 of the Lampiran).
    PenangananKinerja,
}

impl ActivityKind {
    /// Every kind, in declaration order.
    pub const ALL: [ActivityKind; 12] = [
        ActivityKind::PendidikanPelatihan,
        ActivityKind::Coaching,
        ActivityKind::Konseling,
        ActivityKind::Mentoring,
        ActivityKind::Penugasan,
        ActivityKind::Rotasi,
        ActivityKind::TugasBelajar,
        ActivityKind::Penempatan,
        ActivityKind::Promosi,
        ActivityKind::Retensi,
        ActivityKind::Penghargaan,
        ActivityKind::PenangananKinerja,
    ];
    /// Wire code.
    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::PendidikanPelatihan => "pendidikan_pelatihan",
            ActivityKind::Coaching => "coaching",
            ActivityKind::Konseling => "konseling",
            ActivityKind::Mentoring => "mentoring",
            ActivityKind::Penugasan => "penugasan",
            ActivityKind::Rotasi => "rotasi",
            ActivityKind::TugasBelajar => "tugas_belajar",
            ActivityKind::Penempatan => "penempatan",
            ActivityKind::Promosi => "promosi",
            ActivityKind::Retensi => "retensi",
            ActivityKind::Penghargaan => "penghargaan",
            ActivityKind::PenangananKinerja => "penanganan_kinerja",
        }
    }
    /// Label in English and Indonesian.
    pub fn label(self) -> Message {
        let (en, id) = match self {
            ActivityKind::PendidikanPelatihan => ("education and training", "pendidikan dan pelatihan"),
            ActivityKind::Coaching => ("coaching", "bimbingan kinerja (coaching)"),
            ActivityKind::Konseling => ("counselling", "konseling kinerja"),
            ActivityKind::Mentoring => ("mentoring", "mentoring"),
            ActivityKind::Penugasan => ("assignment", "penugasan"),
            ActivityKind::Rotasi => ("rotation", "rotasi"),
            ActivityKind::TugasBelajar => ("study assignment", "tugas belajar"),
            ActivityKind::Penempatan => ("suitable placement", "penempatan yang sesuai"),
            ActivityKind::Promosi => ("promotion", "promosi"),
            ActivityKind::Retensi => ("retention", "dipertahankan"),
            ActivityKind::Penghargaan => ("recognition", "penghargaan"),
            ActivityKind::PenangananKinerja => {
                ("handled under the laws and regulations", "diproses sesuai ketentuan peraturan perundang-undangan")
            }
        };
        Message::new(en, id)
    }
}

/// Competency key of an activity that addresses a shortfall in any competency.
pub const ANY_COMPETENCY: &str = "*";

/// One development activity of a catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Stable code (1-64 characters of `A-Z`, `a-z`, `0-9`, `-`, `_`), unique in the catalogue.
    pub code: String,
    /// Kind.
    pub kind: ActivityKind,
    /// Title in English and Indonesian.
    pub title: Message,
    /// Competency keys it develops (`"*"`: any competency of the standard). Absent: an activity of the box
    /// itself (planned for everyone in the boxes it fits); present: planned for a shortfall in one of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competencies: Option<Vec<String>>,
    /// Box numbers it fits.
    pub boxes: Vec<u16>,
    /// Duration in months (1-120).
    pub duration_months: u32,
    /// The follow-ups (rekomendasi tindak lanjut, official text of the grid) it answers, for the explanation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_up: Vec<String>,
}

impl Activity {
    /// Whether it develops competency `key` (a shortfall activity naming the key, or `"*"`).
    pub fn addresses(&self, key: &str) -> bool {
        self.competencies
            .as_ref()
            .is_some_and(|cs| cs.iter().any(|c| c == ANY_COMPETENCY || c == key || crate::label::normalize(c) == key))
    }
}

/// When a plan is reviewed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Months from the reference date to the review, by box number.
    #[serde(default)]
    pub months_by_box: BTreeMap<u16, u32>,
    /// Months for a box not listed and for a person not placed (holding).
    pub default_months: u32,
}

impl Review {
    /// Months to the review of a person in `box_` (`None`: not placed).
    pub fn months(&self, box_: Option<u16>) -> u32 {
        box_.and_then(|b| self.months_by_box.get(&b).copied()).unwrap_or(self.default_months)
    }
}

/// A catalogue of development activities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Name (one line, 1-64 characters).
    pub name: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The activities, in the order plans list them.
    pub activities: Vec<Activity>,
    /// Review months.
    pub review: Review,
    /// Most shortfall activities per plan (0-50).
    #[serde(default = "default_max_gap_activities")]
    pub max_gap_activities: usize,
    /// Where each part comes from (keys: `activities`, `follow_up`, `review`, `max_gap_activities`, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub basis: BTreeMap<String, Basis>,
}

fn default_max_gap_activities() -> usize {
    DEFAULT_MAX_GAP_ACTIVITIES
}

/// Shortfall activities per plan when the catalogue does not say (our default).
pub const DEFAULT_MAX_GAP_ACTIVITIES: usize = 3;
/// Name of [`default_catalogue`].
pub const DEFAULT_CATALOGUE: &str = "permenpanrb_3_2020";
/// Largest catalogue text, in bytes.
pub const MAX_BYTES: usize = 256 * 1024;
/// Most activities in a catalogue.
pub const MAX_ACTIVITIES: usize = 500;
/// Longest list of an activity (competencies, boxes, follow-ups).
pub const MAX_LIST: usize = 100;
/// Longest code, name or competency key, in characters.
pub const MAX_ID: usize = 64;
/// Longest text (title, description, follow-up), in characters.
pub const MAX_TEXT: usize = 2_000;
/// Longest activity, in months.
pub const MAX_DURATION_MONTHS: u32 = 120;
/// Latest review, in months.
pub const MAX_REVIEW_MONTHS: u32 = 60;
/// Most shortfall activities per plan a catalogue or a request may ask for.
pub const MAX_GAP_ACTIVITIES: usize = 50;

/// Who the catalogue's identity is in an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct CatalogueInfo {
    /// Name.
    pub name: String,
    /// SHA-256 of its canonical JSON.
    pub fingerprint: String,
}

#[allow(clippy::too_many_arguments)]
fn act(
    code: &str,
    kind: ActivityKind,
    id: &str,
    en: &str,
    competencies: Option<&[&str]>,
    boxes: &[u16],
    months: u32,
    follow_up: &[&str],
) -> Activity {
    Activity {
        code: code.into(),
        kind,
        title: Message::new(en, id),
        competencies: competencies.map(|cs| cs.iter().map(|c| c.to_string()).collect()),
        boxes: boxes.to_vec(),
        duration_months: months,
        follow_up: follow_up.iter().map(|f| f.to_string()).collect(),
    }
}

/// The default catalogue: one activity per follow-up of the Lampiran of PermenPANRB 3/2020 (jo 20/2025) as
/// [`crate::nine_box::Grid::asn`] holds them, fitted to the boxes whose follow-ups name it. The follow-ups
/// are the Lampiran's; the activities, their durations, the review months (6 for boxes 1-3, 12 for the others)
/// and three shortfall activities per plan are our default (see `basis`).
pub fn default_catalogue() -> Catalogue {
    use ActivityKind::*;
    let any: Option<&[&str]> = Some(&[ANY_COMPETENCY]);
    let activities = vec![
        act(
            "PENANGANAN-KINERJA",
            PenangananKinerja,
            "Penanganan kinerja sesuai ketentuan peraturan perundang-undangan",
            "Performance handled according to the laws and regulations",
            None,
            &[1],
            6,
            &["diproses sesuai ketentuan peraturan perundang-undangan"],
        ),
        act(
            "PROMOSI",
            Promosi,
            "Dipertimbangkan untuk promosi dan dipertahankan",
            "Considered for promotion, and retained",
            None,
            &[9],
            12,
            &["dipromosikan dan dipertahankan"],
        ),
        act(
            "RETENSI",
            Retensi,
            "Dipertahankan (retensi talenta)",
            "Retained (talent retention)",
            None,
            &[7, 8],
            12,
            &["dipertahankan"],
        ),
        act("PENGHARGAAN", Penghargaan, "Pemberian penghargaan", "Recognition", None, &[9], 12, &["penghargaan"]),
        act(
            "PENEMPATAN-SESUAI",
            Penempatan,
            "Penempatan pada jabatan yang sesuai",
            "Placement in a suitable position",
            None,
            &[2, 3, 5, 6],
            6,
            &["penempatan yang sesuai"],
        ),
        act(
            "BIMBINGAN-KINERJA",
            Coaching,
            "Bimbingan kinerja (coaching) oleh atasan langsung",
            "Performance coaching by the direct superior",
            None,
            &[2, 3, 5, 6, 8],
            6,
            &["bimbingan kinerja"],
        ),
        act(
            "KONSELING-KINERJA",
            Konseling,
            "Konseling kinerja",
            "Performance counselling",
            None,
            &[3, 6],
            3,
            &["konseling kinerja"],
        ),
        act("ROTASI", Rotasi, "Rotasi jabatan", "Job rotation", None, &[4], 12, &["rotasi"]),
        act(
            "ROTASI-PENGAYAAN",
            Penugasan,
            "Rotasi atau pengayaan jabatan (penugasan dengan tanggung jawab lebih dalam)",
            "Rotation or job enrichment (an assignment with deeper responsibility)",
            None,
            &[7],
            12,
            &["rotasi/pengayaan jabatan"],
        ),
        act(
            "ROTASI-PERLUASAN",
            Penugasan,
            "Rotasi atau perluasan jabatan (penugasan dengan cakupan tugas lebih luas)",
            "Rotation or job enlargement (an assignment with a wider scope)",
            None,
            &[8],
            12,
            &["rotasi/perluasan jabatan"],
        ),
        act(
            "TUGAS-BELAJAR",
            TugasBelajar,
            "Tugas belajar ke jenjang pendidikan yang lebih tinggi",
            "Study assignment to a higher level of education",
            None,
            &[7],
            24,
            &["tugas belajar"],
        ),
        act(
            "PELATIHAN-KOMPETENSI",
            PendidikanPelatihan,
            "Pendidikan dan pelatihan kompetensi",
            "Competency education and training",
            any,
            &[2, 3, 4, 5, 7],
            6,
            &["pengembangan kompetensi"],
        ),
        act(
            "MENTORING-SUKSESI",
            Mentoring,
            "Mentoring oleh pejabat senior sebagai anggota kelompok rencana suksesi",
            "Mentoring by a senior official as a member of the succession pool",
            any,
            &[7, 8, 9],
            6,
            &["masuk kelompok rencana suksesi instansi", "masuk kelompok rencana suksesi instansi/nasional"],
        ),
    ];
    let ours = |note: &str| Basis::new(BasisKind::MeritkitDefault, "", "", Confidence::High, note);
    let basis = [
        (
            "follow_up",
            Basis::new(
                BasisKind::MinisterialRegulation,
                "PermenPANRB 3/2020 jo PermenPANRB 20/2025",
                "Lampiran",
                Confidence::Medium,
                "the follow-ups (rekomendasi tindak lanjut) of each box that the activities answer",
            ),
        ),
        (
            "activities",
            ours("the mapping from each follow-up text to an activity, its kind, title and duration is our default"),
        ),
        (
            "competencies",
            Basis::new(
                BasisKind::MinisterialRegulation,
                "PermenPANRB 38/2017",
                "",
                Confidence::Medium,
                "competencies and levels 1-5 of the standard (SKJ) the gaps are measured against",
            ),
        ),
        (
            "review",
            ours(
                "review after 6 months for boxes 1-3, after 12 months for boxes 4-9 and people not placed: our default",
            ),
        ),
        ("max_gap_activities", ours("at most three shortfall activities per plan: our default")),
    ]
    .into_iter()
    .map(|(k, b)| (k.to_string(), b))
    .collect();
    Catalogue {
        name: DEFAULT_CATALOGUE.into(),
        description: "Development activities for the follow-ups of the Lampiran of PermenPANRB 3/2020 jo 20/2025 \
                      (the follow-ups are the Lampiran's; the activities, durations and review months are meritkit's \
                      default)"
            .into(),
        activities,
        review: Review { months_by_box: [(1, 6), (2, 6), (3, 6)].into_iter().collect(), default_months: 12 },
        max_gap_activities: DEFAULT_MAX_GAP_ACTIVITIES,
        basis,
    }
}

fn limit(path: String, en: String, id: String) -> Problem {
    Problem::new(Code::LimitExceeded, path, en, id)
}

fn invalid(path: String, en: impl Into<String>, id: impl Into<String>) -> Problem {
    Problem::new(Code::InvalidValue, path, en, id)
}

fn check_text(t: &str, path: String, max: usize, blank_ok: bool, ps: &mut Vec<Problem>) {
    let n = t.chars().count();
    if n > max {
        ps.push(limit(
            path,
            format!("text of {n} characters; at most {max}"),
            format!("teks {n} karakter; paling panjang {max}"),
        ));
    } else if !blank_ok && t.trim().is_empty() {
        ps.push(Problem::new(Code::MissingField, path, "must not be empty", "tidak boleh kosong"));
    } else if !crate::diag::one_line(t) {
        ps.push(invalid(
            path,
            "must be one line of text, without control or invisible characters",
            "harus satu baris teks, tanpa karakter kendali atau tak terlihat",
        ));
    }
}

fn check_list(n: usize, path: &str, ps: &mut Vec<Problem>) -> bool {
    if n > MAX_LIST {
        ps.push(limit(
            path.to_string(),
            format!("list of {n} items; at most {MAX_LIST}"),
            format!("daftar {n} butir; paling banyak {MAX_LIST}"),
        ));
        return false;
    }
    true
}

fn code_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_ID && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The largest box number a catalogue may name (the largest grid: [`crate::nine_box::MAX_GRID_LEVELS`]²).
pub const MAX_BOX: u16 = (crate::nine_box::MAX_GRID_LEVELS * crate::nine_box::MAX_GRID_LEVELS) as u16;

impl Catalogue {
    /// Every problem of the catalogue, located (`activities[2].boxes[0]`).
    pub fn check(&self) -> Vec<Problem> {
        let mut ps = Vec::new();
        check_text(&self.name, "name".into(), MAX_ID, false, &mut ps);
        check_text(&self.description, "description".into(), MAX_TEXT, true, &mut ps);
        let n = self.activities.len();
        if n == 0 {
            ps.push(Problem::new(
                Code::MissingField,
                "activities",
                "a catalogue needs at least one activity",
                "katalog memerlukan paling sedikit satu kegiatan",
            ));
        } else if n > MAX_ACTIVITIES {
            ps.push(limit(
                "activities".into(),
                format!("{n} activities; at most {MAX_ACTIVITIES}"),
                format!("{n} kegiatan; paling banyak {MAX_ACTIVITIES}"),
            ));
            return ps;
        }
        let mut codes = BTreeSet::new();
        for (i, a) in self.activities.iter().enumerate() {
            let at = |f: &str| format!("activities[{i}].{f}");
            if !code_ok(&a.code) {
                ps.push(invalid(
                    at("code"),
                    format!("code must be 1-{MAX_ID} characters of A-Z, a-z, 0-9, -, _"),
                    format!("kode harus 1-{MAX_ID} karakter A-Z, a-z, 0-9, -, _"),
                ));
            } else if !codes.insert(a.code.to_ascii_uppercase()) {
                ps.push(invalid(
                    at("code"),
                    format!("code `{}` is used by an earlier activity", crate::diag::key(&a.code)),
                    format!("kode `{}` sudah dipakai kegiatan sebelumnya", crate::diag::key(&a.code)),
                ));
            }
            check_text(&a.title.en, at("title.en"), MAX_TEXT, false, &mut ps);
            check_text(&a.title.id, at("title.id"), MAX_TEXT, false, &mut ps);
            if let Some(cs) = &a.competencies {
                if cs.is_empty() {
                    ps.push(invalid(
                        at("competencies"),
                        "list the competencies the activity develops (\"*\" for any), or leave the field out",
                        "sebutkan kompetensi yang dikembangkan (\"*\" untuk semua), atau hapus isian ini",
                    ));
                }
                if check_list(cs.len(), &at("competencies"), &mut ps) {
                    let mut seen = BTreeSet::new();
                    for (j, c) in cs.iter().enumerate() {
                        let path = format!("activities[{i}].competencies[{j}]");
                        check_text(c, path.clone(), MAX_ID, false, &mut ps);
                        if !seen.insert(crate::label::normalize(c)) {
                            ps.push(invalid(path.clone(), "competency listed twice", "kompetensi tercantum dua kali"));
                        }
                        if c != ANY_COMPETENCY {
                            ps.extend(crate::protected::check_key(c, &|| path.clone(), "competency"));
                        }
                    }
                }
            }
            if a.boxes.is_empty() {
                ps.push(Problem::new(
                    Code::MissingField,
                    at("boxes"),
                    "list the boxes the activity fits",
                    "sebutkan kotak yang sesuai untuk kegiatan ini",
                ));
            }
            if check_list(a.boxes.len(), &at("boxes"), &mut ps) {
                let mut seen = BTreeSet::new();
                for (j, &b) in a.boxes.iter().enumerate() {
                    if !(1..=MAX_BOX).contains(&b) {
                        ps.push(invalid(
                            format!("activities[{i}].boxes[{j}]"),
                            format!("a box number is 1-{MAX_BOX}"),
                            format!("nomor kotak 1-{MAX_BOX}"),
                        ));
                    } else if !seen.insert(b) {
                        ps.push(invalid(
                            format!("activities[{i}].boxes[{j}]"),
                            "box listed twice",
                            "kotak tercantum dua kali",
                        ));
                    }
                }
            }
            if !(1..=MAX_DURATION_MONTHS).contains(&a.duration_months) {
                ps.push(invalid(
                    at("duration_months"),
                    format!("duration is 1-{MAX_DURATION_MONTHS} months"),
                    format!("durasi 1-{MAX_DURATION_MONTHS} bulan"),
                ));
            }
            if check_list(a.follow_up.len(), &at("follow_up"), &mut ps) {
                for (j, f) in a.follow_up.iter().enumerate() {
                    check_text(f, format!("activities[{i}].follow_up[{j}]"), MAX_TEXT, false, &mut ps);
                }
            }
        }
        let months = |m: u32, path: String, ps: &mut Vec<Problem>| {
            if !(1..=MAX_REVIEW_MONTHS).contains(&m) {
                ps.push(invalid(
                    path,
                    format!("a review is 1-{MAX_REVIEW_MONTHS} months after the reference date"),
                    format!("peninjauan 1-{MAX_REVIEW_MONTHS} bulan setelah tanggal acuan"),
                ));
            }
        };
        months(self.review.default_months, "review.default_months".into(), &mut ps);
        if check_list(self.review.months_by_box.len(), "review.months_by_box", &mut ps) {
            for (&b, &m) in &self.review.months_by_box {
                let path = format!("review.months_by_box.{b}");
                if !(1..=MAX_BOX).contains(&b) {
                    ps.push(invalid(
                        path.clone(),
                        format!("a box number is 1-{MAX_BOX}"),
                        format!("nomor kotak 1-{MAX_BOX}"),
                    ));
                }
                months(m, path, &mut ps);
            }
        }
        if self.max_gap_activities > MAX_GAP_ACTIVITIES {
            ps.push(invalid(
                "max_gap_activities".into(),
                format!("at most {MAX_GAP_ACTIVITIES} shortfall activities per plan"),
                format!("paling banyak {MAX_GAP_ACTIVITIES} kegiatan kesenjangan per rencana"),
            ));
        }
        if check_list(self.basis.len(), "basis", &mut ps) {
            for (k, b) in &self.basis {
                check_text(k, "basis".into(), MAX_ID, false, &mut ps);
                ps.extend(b.check(&format!("basis.{}", crate::diag::key(k))));
            }
        }
        ps
    }

    /// Canonical JSON (object keys sorted, no whitespace): the fingerprinted form.
    pub fn canonical_json(&self) -> String {
        crate::policy::canonical_json_of(self)
    }

    /// SHA-256 (hex) of [`Catalogue::canonical_json`].
    pub fn fingerprint(&self) -> String {
        crate::policy::fingerprint_of(self)
    }

    /// Name and fingerprint.
    pub fn info(&self) -> CatalogueInfo {
        CatalogueInfo { name: self.name.clone(), fingerprint: self.fingerprint() }
    }

    /// Parses and checks a catalogue: JSON when the text starts with `{`, else TOML. At most [`MAX_BYTES`];
    /// syntax and type errors carry `line L column C`; a semantic problem of a TOML activity names the line of
    /// its `[[activities]]` table.
    pub fn from_str_any(text: &str) -> Result<Catalogue, Error> {
        if text.len() > MAX_BYTES {
            return Err(Error::Policy(vec![limit(
                String::new(),
                format!("catalogue is {} bytes; at most {MAX_BYTES}", text.len()),
                format!("katalog {} byte; paling besar {MAX_BYTES}", text.len()),
            )]));
        }
        let toml = !text.trim_start().starts_with('{');
        let c: Catalogue = if toml { crate::read::from_toml_text(text) } else { crate::read::from_json_text(text) }
            .map_err(|e| Error::Policy(vec![e.problem()]))?;
        let ps = c.check();
        if ps.is_empty() {
            return Ok(c);
        }
        Err(Error::Policy(if toml { ps.into_iter().map(|p| locate_activity(text, p)).collect() } else { ps }))
    }

    /// Reads and checks a catalogue given as a JSON value; problems are placed under `prefix` (`catalogue`).
    pub fn from_value(v: &serde_json::Value, prefix: &str) -> Result<Catalogue, Error> {
        let under = |p: String| if p.is_empty() { prefix.to_string() } else { format!("{prefix}.{p}") };
        let c: Catalogue = crate::read::read(v)
            .map_err(|e| Error::Policy(vec![crate::error::problem_from_serde(under(e.path), &e.error.to_string())]))?;
        let ps = c.check();
        if ps.is_empty() {
            return Ok(c);
        }
        Err(Error::Policy(
            ps.into_iter()
                .map(|mut p| {
                    p.path = under(std::mem::take(&mut p.path));
                    p
                })
                .collect(),
        ))
    }
}

/// For a TOML catalogue, adds the line of the `[[activities]]` table a semantic problem is in.
fn locate_activity(text: &str, mut p: Problem) -> Problem {
    let Some(i) =
        p.path.strip_prefix("activities[").and_then(|r| r.split(']').next()).and_then(|n| n.parse::<usize>().ok())
    else {
        return p;
    };
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[activities]]"))
        .nth(i)
        .map(|(n, _)| n + 1);
    if let Some(line) = line {
        p.message.en.push_str(&format!(" (activity at line {line})"));
        p.message.id.push_str(&format!(" (kegiatan pada baris {line})"));
    }
    p
}

/// The catalogue a source names ([`default_catalogue`] when none; the built-in name [`DEFAULT_CATALOGUE`]),
/// checked. A file is read by `files` (the JSON API reads none).
pub fn catalogue(src: Option<&Source>, files: &dyn Files) -> Result<Catalogue, Error> {
    match src {
        None => Ok(default_catalogue()),
        Some(Source::Builtin(name)) if name.trim() == DEFAULT_CATALOGUE => Ok(default_catalogue()),
        Some(Source::Builtin(_)) => Err(Error::Policy(vec![Problem::new(
            Code::UnknownPreset,
            "catalogue",
            format!("unknown catalogue name; built-in: {DEFAULT_CATALOGUE}"),
            format!("nama katalog tidak dikenal; bawaan: {DEFAULT_CATALOGUE}"),
        )])),
        Some(Source::File(path)) => {
            let text = files.read(path).map_err(|e| match e {
                Error::Input(ps) => Error::Policy(
                    ps.into_iter()
                        .map(|mut p| {
                            if p.path.is_empty() {
                                p.path = "catalogue".into();
                            }
                            p
                        })
                        .collect(),
                ),
                other => other,
            })?;
            Catalogue::from_str_any(&text)
        }
        Some(Source::Text(text)) => Catalogue::from_str_any(text),
        Some(Source::Inline(v)) => Catalogue::from_value(v, "catalogue"),
    }
}

// ---------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------

/// Options of one plan (each overrides the catalogue's value).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanOptions {
    /// Most shortfall activities.
    pub max_gap_activities: Option<usize>,
    /// Months to the review.
    pub review_months: Option<u32>,
}

/// One activity of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct PlannedActivity {
    /// Activity code.
    pub code: String,
    /// Kind.
    pub kind: ActivityKind,
    /// Title.
    pub title: Message,
    /// The competency it develops (a shortfall activity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competency: Option<String>,
    /// That competency's gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// The box follow-up it answers (official text), when the box lists one of the activity's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// Duration in months.
    pub duration_months: u32,
    /// Start: the reference date.
    pub start: String,
    /// End: start + duration (clamped to the month's last day).
    pub until: String,
    /// Why it was chosen.
    pub reason: Message,
}

/// A development plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Plan {
    /// The box it is planned for (`null`: not placed).
    #[serde(rename = "box")]
    pub box_: Option<u16>,
    /// Which gaps the shortfall activities address: `current` (the current position's standard) or
    /// `target:<position id>`.
    pub gaps_from: String,
    /// Activities: the box's (catalogue order), then one per shortfall (largest first).
    pub activities: Vec<PlannedActivity>,
    /// Follow-ups of the box that no planned activity answers (official text).
    pub follow_up_not_planned: Vec<String>,
    /// Shortfalls (competency keys, ranked) that no activity of the catalogue fitting the box addresses, or
    /// beyond `max_gap_activities`.
    pub shortfalls_not_planned: Vec<String>,
    /// Review date: the reference date + `review_months` (clamped to the month's last day).
    pub review_date: String,
    /// Months from the reference date to the review.
    pub review_months: u32,
    /// Remarks (what is missing, what was left out and why).
    pub notes: Vec<Message>,
}

fn ymd_after(d: Date, months: u32) -> String {
    crate::date::add_months(d, months).map(crate::date::ymd).unwrap_or_default()
}

fn same_text(a: &str, b: &str) -> bool {
    a == b || crate::label::normalize(a) == crate::label::normalize(b)
}

const LAMPIRAN: &str = "PermenPANRB 3/2020 jo 20/2025, Lampiran";

/// A plan for a person placed as `placement` (its box and the box's follow-ups), from the ranked `gaps`
/// ([`gaps`]; `gaps_from` names their standard), at reference date `date`. Deterministic: the box's activities
/// in catalogue order, then one activity per shortfall in rank order (the first activity of the catalogue that
/// fits the box and addresses the competency), at most `max_gap_activities`.
pub fn plan(
    placement: &Placement,
    gaps: &Gaps,
    gaps_from: &str,
    catalogue: &Catalogue,
    date: Date,
    options: &PlanOptions,
) -> Plan {
    let box_ = placement.box_;
    let fits = |a: &Activity| box_.is_some_and(|b| a.boxes.contains(&b));
    let answered =
        |a: &Activity| a.follow_up.iter().find(|f| placement.follow_up.iter().any(|g| same_text(f, g))).cloned();
    let start = crate::date::ymd(date);
    let mut notes = Vec::new();
    let mut activities = Vec::new();
    let b = box_.unwrap_or(0);
    for a in catalogue.activities.iter().filter(|a| a.competencies.is_none() && fits(a)) {
        let fu = answered(a);
        let reason = match &fu {
            Some(f) => Message::new(
                format!("box {b}: follow-up “{f}” ({LAMPIRAN})"),
                format!("kotak {b}: rekomendasi tindak lanjut “{f}” ({LAMPIRAN})"),
            ),
            None => Message::new(
                format!("box {b}: the catalogue plans this activity for the box"),
                format!("kotak {b}: katalog merencanakan kegiatan ini untuk kotak tersebut"),
            ),
        };
        activities.push(PlannedActivity {
            code: a.code.clone(),
            kind: a.kind,
            title: a.title.clone(),
            competency: None,
            gap: None,
            follow_up: fu,
            duration_months: a.duration_months,
            start: start.clone(),
            until: ymd_after(date, a.duration_months),
            reason,
        });
    }
    let max = options.max_gap_activities.unwrap_or(catalogue.max_gap_activities);
    let mut not_planned = Vec::new();
    let mut without_activity = 0usize;
    let mut beyond = 0usize;
    let mut planned = 0usize;
    for g in gaps.gaps.iter().filter(|g| g.gap > 0.0) {
        if planned == max {
            beyond += 1;
            not_planned.push(g.competency.clone());
            continue;
        }
        match catalogue.activities.iter().find(|a| fits(a) && a.addresses(&g.competency)) {
            Some(a) => {
                planned += 1;
                let fu = answered(a);
                let key = crate::diag::key(&g.competency);
                let why_en = format!(
                    "shortfall of {} level(s) in `{key}` (required {}, attained {})",
                    g.gap, g.required, g.actual
                );
                let why_id = format!(
                    "kesenjangan {} tingkat pada `{key}` (disyaratkan {}, dicapai {})",
                    g.gap, g.required, g.actual
                );
                let reason = match &fu {
                    Some(f) => Message::new(
                        format!("{why_en}; box {b}: follow-up “{f}” ({LAMPIRAN})"),
                        format!("{why_id}; kotak {b}: rekomendasi tindak lanjut “{f}” ({LAMPIRAN})"),
                    ),
                    None => Message::new(
                        format!("{why_en}; the catalogue plans this activity for box {b}"),
                        format!("{why_id}; katalog merencanakan kegiatan ini untuk kotak {b}"),
                    ),
                };
                activities.push(PlannedActivity {
                    code: a.code.clone(),
                    kind: a.kind,
                    title: a.title.clone(),
                    competency: Some(g.competency.clone()),
                    gap: Some(g.gap),
                    follow_up: fu,
                    duration_months: a.duration_months,
                    start: start.clone(),
                    until: ymd_after(date, a.duration_months),
                    reason,
                });
            }
            None => {
                without_activity += 1;
                not_planned.push(g.competency.clone());
            }
        }
    }
    match box_ {
        None => notes.push(Message::new(
            "not placed on the grid (holding): no box, so no follow-up applies; plan again once placed",
            "belum terpetakan pada kotak talenta (holding): tanpa kotak tidak ada rekomendasi tindak lanjut; susun \
             rencana setelah terpetakan",
        )),
        Some(b) if without_activity > 0 => notes.push(Message::new(
            format!(
                "{without_activity} shortfall(s) without an activity: no activity of the catalogue fits box {b} and \
                 develops the competency (the box's follow-ups)"
            ),
            format!(
                "{without_activity} kesenjangan tanpa kegiatan: tidak ada kegiatan katalog yang sesuai untuk kotak {b} \
                 dan mengembangkan kompetensi tersebut (rekomendasi tindak lanjut kotak)"
            ),
        )),
        Some(_) => {}
    }
    if beyond > 0 {
        notes.push(Message::new(
            format!("{beyond} further shortfall(s) not planned: at most {max} shortfall activities per plan"),
            format!(
                "{beyond} kesenjangan lain tidak direncanakan: paling banyak {max} kegiatan kesenjangan per rencana"
            ),
        ));
    }
    if !gaps.missing.is_empty() {
        notes.push(Message::new(
            format!(
                "{} competenc(ies) of the standard without a level ({}): assess them (PermenPANRB 38/2017) before \
                 planning their development",
                gaps.missing.len(),
                keys(&gaps.missing)
            ),
            format!(
                "{} kompetensi standar belum memiliki level ({}): nilai dahulu (PermenPANRB 38/2017) sebelum \
                 merencanakan pengembangannya",
                gaps.missing.len(),
                keys(&gaps.missing)
            ),
        ));
    }
    if gaps.shortfalls == 0 && gaps.missing.is_empty() && box_.is_some() {
        notes.push(Message::new(
            "no shortfall against the standard: no competency activity planned",
            "tidak ada kesenjangan terhadap standar: tidak ada kegiatan kompetensi yang direncanakan",
        ));
    }
    let follow_up_not_planned = placement
        .follow_up
        .iter()
        .filter(|f| !activities.iter().any(|a| a.follow_up.as_deref().is_some_and(|x| same_text(x, f))))
        .cloned()
        .collect();
    let review_months = options.review_months.unwrap_or_else(|| catalogue.review.months(box_));
    Plan {
        box_,
        gaps_from: gaps_from.to_string(),
        activities,
        follow_up_not_planned,
        shortfalls_not_planned: not_planned,
        review_date: ymd_after(date, review_months),
        review_months,
        notes,
    }
}

fn keys(ks: &[String]) -> String {
    let shown: Vec<String> = ks.iter().take(9).map(|k| crate::diag::key(k)).collect();
    if ks.len() > shown.len() {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

// ---------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------

/// A `development_plan` request.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct DevelopmentRequest {
    /// Employee records (each parsed and scored on its own; a bad one becomes a row error).
    #[cfg_attr(feature = "tsify", tsify(type = "Employee[]"))]
    pub records: Vec<serde_json::Value>,
    /// Scoring policy: preset name or object (`permenpanrb_3_2020` when absent); its JPM standards are the
    /// current positions' standards.
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "string | Policy | { file: string } | { text: string } | null"))]
    pub policy: Option<Source>,
    /// Reference date `YYYY-MM-DD`: scoring, activity ends and review dates count from it.
    pub date: String,
    /// Target positions (as in a succession request); their standard, else the policy's for their kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positions: Option<Vec<TargetPosition>>,
    /// NIP → position id: each named person's target. Absent: every position is everyone's target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<BTreeMap<String, String>>,
    /// Catalogue: `permenpanrb_3_2020` (the default), `{"text": TOML or JSON}` or the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string | Catalogue | { text: string } | null"))]
    pub catalogue: Option<Source>,
    /// Most shortfall activities per plan (the catalogue's when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_gap_activities: Option<usize>,
    /// Rows with errors allowed ([`crate::scoring::MAX_ERROR_ROWS`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_error_rows: Option<usize>,
}

impl DevelopmentRequest {
    /// A request at `date` with every option at its default; records are passed separately as parsed rows
    /// ([`development_rows`]) or set `records`.
    pub fn new(date: impl Into<String>) -> Self {
        DevelopmentRequest {
            records: vec![],
            policy: None,
            date: date.into(),
            positions: None,
            target: None,
            catalogue: None,
            max_gap_activities: None,
            max_error_rows: None,
        }
    }
}

/// Gaps against a target position's standard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct TargetGaps {
    /// Position id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PositionKind,
    /// The gaps.
    #[serde(flatten)]
    pub gaps: Gaps,
}

/// One person's development.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct PersonDevelopment {
    /// 0-based input row.
    pub row: usize,
    /// NIP.
    pub nip: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit (OPD).
    pub unit: String,
    /// Current position kind.
    pub position_kind: PositionKind,
    /// `placed` or `holding` (the scoring's).
    pub status: Status,
    /// Box (the scoring's).
    #[serde(rename = "box")]
    pub box_: Option<u16>,
    /// Talent pools (the scoring's).
    pub talent_pool: Vec<Pool>,
    /// The box's follow-ups (official text).
    pub follow_up: Vec<String>,
    /// Gaps against the standard of the current position (the policy's for its kind).
    pub current: Gaps,
    /// Gaps against each target position.
    pub targets: Vec<TargetGaps>,
    /// The plan.
    pub plan: Plan,
}

/// The answer of `development_plan`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct DevelopmentOutput {
    /// Scoring policy.
    pub policy: PolicyInfo,
    /// Catalogue.
    pub catalogue: CatalogueInfo,
    /// Reference date.
    pub date: String,
    /// Every placed or holding row, in input order.
    pub people: Vec<PersonDevelopment>,
    /// Rows that could not be scored, in input order (every input row is in `people` or here).
    pub errors: Vec<RowError>,
}

/// The `development_plan` function: parses the records and calls [`development_rows`].
pub fn development_plan(req: &DevelopmentRequest) -> Result<DevelopmentOutput, Error> {
    if req.records.len() > crate::api::MAX_RECORDS {
        return Err(Error::Request(vec![Problem::new(
            Code::LimitExceeded,
            "records",
            format!("at most {} records per request", crate::api::MAX_RECORDS),
            format!("paling banyak {} baris per permintaan", crate::api::MAX_RECORDS),
        )]));
    }
    let rows: Vec<ParsedRow> = req.records.iter().map(crate::api::parse_row).collect();
    development_rows(&rows, req)
}

/// Accepts every target position (their shape is checked; eligibility is not this module's).
struct NoGate;

impl crate::succession::gate::EligibilityGate for NoGate {
    fn rule_set(&self, _: &TargetPosition) -> String {
        String::new()
    }
    fn check(
        &self,
        _: &TargetPosition,
        _: &crate::succession::candidate::Candidate<'_>,
        _: Date,
    ) -> Vec<crate::succession::gate::GateResult> {
        vec![]
    }
}

fn request_problem(code: Code, path: &str, en: String, id: String) -> Error {
    Error::Request(vec![Problem::new(code, path, en, id)])
}

/// [`development_plan`] on already-read rows (the CLI's readers); `req.records` is ignored. Placements come
/// from the scoring ([`crate::scoring::score_rows_within`]); the current standard is the policy's for the
/// position kind ([`crate::policy::JpmPolicy::standard_ref`]); a target's is its own, else the policy's for
/// its kind (as succession reads it). The plan addresses the gaps of the person's target when `target` names
/// one, else those of the current position.
pub fn development_rows(rows: &[ParsedRow], req: &DevelopmentRequest) -> Result<DevelopmentOutput, Error> {
    let policy = crate::api::resolve_policy(req.policy.as_ref())?;
    let date = crate::api::parse_date(&req.date)?;
    let cat = catalogue(req.catalogue.as_ref(), &crate::source::NoFiles)?;
    if let Some(n) = req.max_gap_activities.filter(|n| *n > MAX_GAP_ACTIVITIES) {
        return Err(request_problem(
            Code::InvalidValue,
            "max_gap_activities",
            format!("{n} shortfall activities per plan: at most {MAX_GAP_ACTIVITIES}"),
            format!("{n} kegiatan kesenjangan per rencana: paling banyak {MAX_GAP_ACTIVITIES}"),
        ));
    }
    let positions: &[TargetPosition] = req.positions.as_deref().unwrap_or(&[]);
    let n = positions.len();
    if n > crate::api::MAX_POSITIONS {
        return Err(request_problem(
            Code::LimitExceeded,
            "positions",
            format!("{n} target positions: at most {}", crate::api::MAX_POSITIONS),
            format!("{n} jabatan target: paling banyak {}", crate::api::MAX_POSITIONS),
        ));
    }
    let per_person = if req.target.is_some() { 1 } else { n };
    let pairs = per_person.saturating_mul(rows.len());
    if pairs > crate::api::MAX_PAIRS {
        return Err(request_problem(
            Code::LimitExceeded,
            "positions",
            format!("{pairs} position × employee pairs: at most {} (split the request)", crate::api::MAX_PAIRS),
            format!("{pairs} pasangan jabatan × pegawai: paling banyak {} (bagi permintaan)", crate::api::MAX_PAIRS),
        ));
    }
    let ps = crate::succession::check_positions(positions, &NoGate);
    if !ps.is_empty() {
        return Err(Error::Request(ps));
    }
    let by_id: BTreeMap<&str, usize> = positions.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    if let Some(map) = &req.target {
        let known: BTreeSet<&str> = rows
            .iter()
            .filter_map(|r| match r {
                Ok(e) => Some(e.nip.as_str()),
                Err(f) => f.nip.as_deref(),
            })
            .collect();
        let unknown_ids = map.values().filter(|id| !by_id.contains_key(id.as_str())).count();
        let unknown_nips = map.keys().filter(|nip| !known.contains(nip.as_str())).count();
        let mut ps = Vec::new();
        // (counted, never named: a key is a NIP)
        if unknown_ids > 0 {
            ps.push(Problem::new(
                Code::InvalidValue,
                "target",
                format!("{unknown_ids} target(s) name a position id that `positions` does not have"),
                format!("{unknown_ids} target menyebut id jabatan yang tidak ada pada `positions`"),
            ));
        }
        if unknown_nips > 0 {
            ps.push(Problem::new(
                Code::InvalidValue,
                "target",
                format!("{unknown_nips} target(s) name a NIP that no record has"),
                format!("{unknown_nips} target menyebut NIP yang tidak dimiliki baris mana pun"),
            ));
        }
        if !ps.is_empty() {
            return Err(Error::Request(ps));
        }
    }
    let limit = req.max_error_rows.unwrap_or(crate::scoring::MAX_ERROR_ROWS);
    let scored = crate::scoring::score_rows_within(rows, &policy, &Context::placements(Some(date)), limit)
        .map_err(|e| Error::Request(vec![e.problem(&format!("records[{}]", e.row), "max_error_rows")]))?;
    let options = PlanOptions { max_gap_activities: req.max_gap_activities, review_months: None };
    let standards: Vec<std::borrow::Cow<'_, Standard>> = positions
        .iter()
        .map(|t| match &t.standard {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Borrowed(policy.jpm.standard_ref(t.kind)),
        })
        .collect();
    let cap = policy.jpm.cap;
    let mut people = Vec::with_capacity(scored.results.len());
    for p in &scored.results {
        let Some(Ok(e)) = rows.get(p.row) else { continue };
        let current = gaps(e, policy.jpm.standard_ref(e.position.kind), cap);
        let chosen: Vec<usize> = match &req.target {
            Some(map) => map.get(&e.nip).and_then(|id| by_id.get(id.as_str()).copied()).into_iter().collect(),
            None => (0..n).collect(),
        };
        let targets: Vec<TargetGaps> = chosen
            .iter()
            .map(|&i| TargetGaps {
                id: positions[i].id.clone(),
                title: positions[i].title.clone(),
                kind: positions[i].kind,
                gaps: gaps(e, &standards[i], cap),
            })
            .collect();
        let explicit =
            req.target.as_ref().and_then(|m| m.get(&e.nip)).and_then(|id| targets.iter().find(|t| &t.id == id));
        let plan = match explicit {
            Some(t) => plan(p, &t.gaps, &format!("target:{}", t.id), &cat, date, &options),
            None => plan(p, &current, "current", &cat, date, &options),
        };
        people.push(PersonDevelopment {
            row: p.row,
            nip: p.nip.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            position_kind: p.position_kind,
            status: p.status,
            box_: p.box_,
            talent_pool: p.talent_pool.clone(),
            follow_up: p.follow_up.clone(),
            current,
            targets,
            plan,
        });
    }
    crate::sort::stable_by_key(&mut people, |x| x.row);
    Ok(DevelopmentOutput {
        policy: scored.policy.clone(),
        catalogue: cat.info(),
        date: crate::date::ymd(date),
        people,
        errors: scored.errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_months_clamps_to_the_last_day() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(crate::date::add_months(d(2025, 8, 31), 6), Some(d(2026, 2, 28)));
        assert_eq!(crate::date::add_months(d(2027, 8, 31), 6), Some(d(2028, 2, 29)));
        assert_eq!(crate::date::add_months(d(2026, 1, 2), 12), Some(d(2027, 1, 2)));
        assert_eq!(crate::date::add_months(d(2026, 11, 30), 3), Some(d(2027, 2, 28)));
        assert_eq!(crate::date::add_months(d(9999, 12, 1), 1), None);
    }

    #[test]
    fn the_default_catalogue_answers_every_follow_up_of_the_grid() {
        let c = default_catalogue();
        assert!(c.check().is_empty(), "{:?}", c.check());
        let g = crate::nine_box::Grid::asn();
        for b in &g.boxes {
            for f in &b.follow_up {
                let by = c.activities.iter().find(|a| a.follow_up.iter().any(|x| x == f));
                let a = by.unwrap_or_else(|| panic!("box {}: `{f}` has no activity", b.number));
                assert!(a.boxes.contains(&b.number), "box {}: `{f}` answered by {} not fitting it", b.number, a.code);
            }
        }
        // the round trip keeps the fingerprint
        let back = Catalogue::from_str_any(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back.fingerprint(), c.fingerprint());
    }
}

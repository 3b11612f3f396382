//! The employee record (wire format: snake_case keys, enumerations as
//! snake_case codes; official labels accepted on input).

use crate::competency::Competency;
use crate::error::{Code, Problem};
use crate::labeled_enum;
use crate::nip::Nip;
use crate::performance::{Appraisal, Predikat, Rating};
use crate::position::PositionKind;
use crate::rank::{Education, Rank};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Current position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// Position kind.
    pub kind: PositionKind,
    /// Position title (nama jabatan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// TMT in the current position.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::de_opt",
        serialize_with = "crate::date::ser_opt"
    )]
    #[schemars(with = "Option<String>")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub since: Option<Date>,
}

/// A past (or current) spell in a position kind, for experience rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct PositionSpell {
    /// Position kind held.
    pub kind: PositionKind,
    /// Start (TMT).
    #[serde(deserialize_with = "crate::date::de", serialize_with = "crate::date::ser")]
    #[schemars(with = "String")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub start: Date,
    /// End; open when absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::de_opt",
        serialize_with = "crate::date::ser_opt"
    )]
    #[schemars(with = "Option<String>")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub end: Option<Date>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

labeled_enum! {
    /// Discipline sanction level (PP 94/2021).
    pub enum DisciplineLevel {
        /// Ringan.
        Ringan = ("ringan", "Ringan", "Hukuman Disiplin Ringan"),
        /// Sedang.
        Sedang = ("sedang", "Sedang", "Hukuman Disiplin Sedang"),
        /// Berat.
        Berat = ("berat", "Berat", "Hukuman Disiplin Berat"),
    }
}

/// A discipline sanction (PP 94/2021).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Sanction {
    /// Level.
    pub level: DisciplineLevel,
    /// Start of the sanction.
    #[serde(deserialize_with = "crate::date::de", serialize_with = "crate::date::ser")]
    #[schemars(with = "String")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub start: Date,
    /// End of the sanction; open (still running) when absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::de_opt",
        serialize_with = "crate::date::ser_opt"
    )]
    #[schemars(with = "Option<String>")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub end: Option<Date>,
    /// Free description (kind of sanction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A track-record item (rekam jejak): education, training, experience, integrity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct TrackRecordItem {
    /// Category (`pendidikan`, `diklat`, `jabatan`, `integritas`, ...).
    pub category: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i16>,
}

/// One civil servant (ASN) record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Employee {
    /// NIP PNS or NI PPPK (18 digits), validated when scored.
    pub nip: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Work unit (OPD).
    pub unit: String,
    /// Current position.
    pub position: Position,
    /// Golongan/ruang (PNS) or golongan (PPPK).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<Rank>,
    /// Highest education.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<Education>,
    /// Yearly appraisals (SKP), any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub performance: Vec<Appraisal>,
    /// A 0-100 performance score, for policies whose kinerja axis is numeric (local practice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance_score: Option<f64>,
    /// Competency levels 1-5 by key (the 9 standard keys plus technical ones).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "crate::read::unique_map")]
    pub competency: BTreeMap<String, f64>,
    /// JPM (%) as reported by the assessment centre; used when competency levels do not cover the SKJ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jpm: Option<f64>,
    /// Potential score 0-100 (when given, the potential axis uses it directly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub potential_score: Option<f64>,
    /// Potential-assessment aspects (the 8 aspects), levels 1-5.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "crate::read::unique_map")]
    pub potential_aspects: BTreeMap<String, f64>,
    /// Potential-assessment score 0-100 (used when no aspects are given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub potential_assessment_score: Option<f64>,
    /// Track-record score 0-100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_record_score: Option<f64>,
    /// Track-record items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub track_record: Vec<TrackRecordItem>,
    /// Birth date; must agree with the NIP.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::de_opt",
        serialize_with = "crate::date::ser_opt"
    )]
    #[schemars(with = "Option<String>")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub birth_date: Option<Date>,
    /// Discipline history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discipline: Vec<Sanction>,
    /// Position history (for experience rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub position_history: Vec<PositionSpell>,
    /// Other columns (group attributes for fairness analysis, e.g. `agama`,
    /// `region`). Never read by scoring or rules.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "crate::read::unique_map")]
    pub attributes: BTreeMap<String, String>,
}

/// The 8 potential aspects (PermenPANRB 20/2025 Ps. 17), snake_case keys.
pub const POTENTIAL_ASPECTS: [&str; 8] = [
    "kemampuan_intelektual",
    "kemampuan_interpersonal",
    "kesadaran_diri",
    "berpikir_kritis_dan_strategis",
    "kemampuan_menyelesaikan_permasalahan",
    "kecerdasan_emosional",
    "kemampuan_belajar_cepat_dan_mengembangkan_diri",
    "motivasi_dan_komitmen",
];

// ---------------------------------------------------------------------------
// Cell-level checks: one per field, over plain values. `check_employee` runs
// them on a record; the columnar path (`crate::columnar`) runs the same
// predicates on cells to find the rows that need the row path.
// ---------------------------------------------------------------------------

/// A 0-100 score (`potential_score`, `potential_assessment_score`,
/// `track_record_score`, `performance_score`): finite and in range.
#[inline]
pub fn score_ok(v: f64) -> bool {
    (0.0..=100.0).contains(&v)
}

/// A reported JPM: a percentage from 0 to 200 (uncapped JPM can exceed 100).
#[inline]
pub fn jpm_ok(v: f64) -> bool {
    (0.0..=200.0).contains(&v)
}

/// A competency level: a whole number 1-5 (PermenPANRB 38/2017).
#[inline]
pub fn competency_level_ok(v: f64) -> bool {
    // in 1..=5 the integer cast is exact, so this is `fract() == 0` without a libm call
    (1.0..=5.0).contains(&v) && f64::from(v as i32) == v
}

/// A potential-assessment aspect level: 1-5 (fractions allowed).
#[inline]
pub fn aspect_level_ok(v: f64) -> bool {
    (1.0..=5.0).contains(&v)
}

/// One of the 8 [`POTENTIAL_ASPECTS`].
#[inline]
pub fn aspect_known(key: &str) -> bool {
    POTENTIAL_ASPECTS.contains(&key)
}

/// The unit (OPD) is not blank.
#[inline]
pub fn unit_ok(unit: &str) -> bool {
    !crate::text::trim(unit).is_empty()
}

/// Appointment (TMT CPNS, NIP digits 9-14) at age 18 or later; earlier is a
/// warning (implausible), not an error.
#[inline]
pub fn appointment_plausible(nip: &Nip) -> bool {
    nip.age_at_appointment() >= 18
}

/// `birth_date` equals the birth date in the NIP (digits 1-8).
#[inline]
pub fn birth_date_matches(nip: &Nip, birth_date: Date) -> bool {
    birth_date_matches_date(nip.birth_date(), birth_date)
}

/// [`birth_date_matches`] given the NIP's birth date ([`Nip::birth_date`]).
#[inline]
pub fn birth_date_matches_date(nip_birth_date: Date, birth_date: Date) -> bool {
    nip_birth_date == birth_date
}

/// A date after the reference date (`today`; no check without one).
#[inline]
pub fn date_in_future(d: Date, today: Option<Date>) -> bool {
    today.is_some_and(|t| d > t)
}

/// An appraisal year after the reference date's year.
#[inline]
pub fn year_in_future(year: i16, today: Option<Date>) -> bool {
    today.is_some_and(|t| year > t.year())
}

/// What one appraisal (a predikat, the two ratings, or all three) says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppraisalCheck {
    /// Usable: the effective predikat (as reported, else by the matrix).
    Ok(Predikat),
    /// The reported predikat contradicts the ratings (PermenPANRB 6/2022 matrix).
    Mismatch {
        /// As reported.
        reported: Predikat,
        /// By the matrix.
        derived: Predikat,
        /// Hasil kerja.
        work_result: Rating,
        /// Perilaku kerja.
        work_behavior: Rating,
    },
    /// Neither a predikat nor both ratings.
    Incomplete,
}

/// Checks one appraisal's predikat against its ratings.
#[inline]
pub fn appraisal_check(
    predikat: Option<Predikat>,
    work_result: Option<Rating>,
    work_behavior: Option<Rating>,
) -> AppraisalCheck {
    match (predikat, work_result, work_behavior) {
        (Some(p), Some(r), Some(b)) => {
            let d = crate::performance::predikat(r, b);
            if d == p {
                AppraisalCheck::Ok(p)
            } else {
                AppraisalCheck::Mismatch { reported: p, derived: d, work_result: r, work_behavior: b }
            }
        }
        (Some(p), _, _) => AppraisalCheck::Ok(p),
        (None, Some(r), Some(b)) => AppraisalCheck::Ok(crate::performance::predikat(r, b)),
        _ => AppraisalCheck::Incomplete,
    }
}

/// The NIP: parsed ([`Nip::parse`]), with the warning of an implausible appointment age.
pub fn check_nip(nip: &str, today: Option<Date>) -> Result<(Nip, Option<Problem>), Problem> {
    let n = Nip::parse(nip, today)?;
    let warn = (!appointment_plausible(&n)).then(|| {
        Problem::new(
            Code::NipAppointment,
            "nip",
            "appointment (TMT) before age 18: implausible",
            "pengangkatan (TMT) sebelum usia 18 tahun: tidak wajar",
        )
    });
    Ok((n, warn))
}

/// `birth_date` against the NIP.
pub fn check_birth_date(nip: &Nip, birth_date: Date) -> Option<Problem> {
    (!birth_date_matches(nip, birth_date)).then(|| {
        Problem::new(
            Code::BirthDateMismatch,
            "birth_date",
            "birth_date does not match the birth date in the NIP (digits 1-8)",
            "birth_date tidak sama dengan tanggal lahir pada NIP (digit 1-8)",
        )
    })
}

/// The unit (OPD).
pub fn check_unit(unit: &str) -> Option<Problem> {
    (!unit_ok(unit)).then(|| Problem::new(Code::MissingField, "unit", "unit (OPD) is empty", "unit kerja (OPD) kosong"))
}

/// A competency level (`competency.<key>`).
pub fn check_competency_level(key: &str, v: f64) -> Option<Problem> {
    (!competency_level_ok(v)).then(|| {
        Problem::new(
            Code::CompetencyLevelOutOfRange,
            crate::diag::path(&format!("competency.{key}")),
            "competency level must be a whole number 1-5",
            "level kompetensi harus bilangan bulat 1-5",
        )
    })
}

/// A potential-assessment aspect (`potential_aspects.<key>`): level, then key.
pub fn check_aspect(key: &str, v: f64) -> Vec<Problem> {
    let mut out = Vec::new();
    if !aspect_level_ok(v) {
        out.push(Problem::new(
            Code::ScoreOutOfRange,
            crate::diag::path(&format!("potential_aspects.{key}")),
            "potential aspect level must be 1-5",
            "level aspek potensi harus 1-5",
        ));
    }
    if !aspect_known(key) {
        out.push(Problem::new(
            Code::UnknownField,
            crate::diag::path(&format!("potential_aspects.{key}")),
            format!("unknown potential aspect; expected one of: {}", POTENTIAL_ASPECTS.join(", ")),
            format!("aspek potensi tidak dikenal; yang berlaku: {}", POTENTIAL_ASPECTS.join(", ")),
        ));
    }
    out
}

/// A 0-100 score field (`field` is its path).
pub fn check_score(field: &str, v: f64) -> Option<Problem> {
    (!score_ok(v)).then(|| {
        Problem::new(
            Code::ScoreOutOfRange,
            field,
            "score must be a number from 0 to 100",
            "nilai harus angka 0 sampai 100",
        )
    })
}

/// A reported JPM.
pub fn check_jpm(v: f64) -> Option<Problem> {
    (!jpm_ok(v)).then(|| {
        Problem::new(
            Code::ScoreOutOfRange,
            "jpm",
            "jpm must be a percentage from 0 to 200",
            "jpm harus persentase 0 sampai 200",
        )
    })
}

/// Appraisal `i` (`performance[i]`): its predikat against its ratings, and its year against `today`.
pub fn check_appraisal(i: usize, a: &Appraisal, today: Option<Date>) -> Vec<Problem> {
    let mut out = Vec::new();
    match appraisal_check(a.predikat, a.work_result, a.work_behavior) {
        AppraisalCheck::Ok(_) => {}
        AppraisalCheck::Mismatch { reported: p, derived: d, work_result: r, work_behavior: b } => {
            out.push(Problem::new(Code::PredikatMismatch, format!("performance[{i}].predikat"),
                format!("predikat `{}` contradicts the ratings (work_result `{}`, work_behavior `{}` give `{}`, PermenPANRB 6/2022)", p, r, b, d),
                format!("predikat \"{}\" tidak sesuai dengan rating (hasil kerja \"{}\" dan perilaku kerja \"{}\" menghasilkan \"{}\", PermenPANRB 6/2022)", p.label(), r.label(), b.label(), d.label())));
        }
        AppraisalCheck::Incomplete => out.push(Problem::new(
            Code::AppraisalIncomplete,
            format!("performance[{i}]"),
            "an appraisal needs a predikat or both work_result and work_behavior",
            "penilaian kinerja memerlukan predikat atau rating hasil kerja dan perilaku kerja",
        )),
    }
    if year_in_future(a.year, today) {
        out.push(Problem::new(
            Code::DateInFuture,
            format!("performance[{i}].year"),
            "appraisal year is in the future",
            "tahun penilaian berada di masa depan",
        ));
    }
    out
}

/// A date field (`field` is its path) against `today`.
pub fn check_date(field: &str, d: Date, today: Option<Date>) -> Option<Problem> {
    date_in_future(d, today)
        .then(|| Problem::new(Code::DateInFuture, field, "date is in the future", "tanggal berada di masa depan"))
}

/// Checks that do not depend on a policy: NIP, birth date vs NIP, levels and
/// scores in range, appraisal consistency. Returns the parsed NIP, warnings
/// and every problem found (not just the first).
pub fn check_employee(e: &Employee, today: Option<Date>) -> (Option<Nip>, Vec<Problem>, Vec<Problem>) {
    let mut errs = Vec::new();
    let mut warns = Vec::new();
    let nip = match check_nip(&e.nip, today) {
        Ok((n, warn)) => {
            warns.extend(warn);
            Some(n)
        }
        Err(p) => {
            errs.push(p);
            None
        }
    };
    if let (Some(n), Some(bd)) = (&nip, e.birth_date) {
        errs.extend(check_birth_date(n, bd));
    }
    errs.extend(check_unit(&e.unit));
    for (k, &v) in &e.competency {
        errs.extend(check_competency_level(k, v));
        // A competency named after a protected ground (`competency.agama`, `competency_usianya`) is a row error:
        // a level may feed a JPM or a succession gap, and merit selection may not use the ground (UU 5/2014 Ps. 1).
        errs.extend(crate::protected::check_key(k, &|| crate::diag::path(&format!("competency.{k}")), "competency"));
    }
    for (k, &v) in &e.potential_aspects {
        errs.extend(check_aspect(k, v));
    }
    for (name, v) in [
        ("potential_score", e.potential_score),
        ("potential_assessment_score", e.potential_assessment_score),
        ("track_record_score", e.track_record_score),
        ("performance_score", e.performance_score),
    ] {
        if let Some(v) = v {
            errs.extend(check_score(name, v));
        }
    }
    if let Some(v) = e.jpm {
        errs.extend(check_jpm(v));
    }
    let mut years: Vec<i16> = Vec::new();
    for (i, a) in e.performance.iter().enumerate() {
        if years.contains(&a.year) {
            errs.push(Problem::new(
                Code::DuplicateAppraisalYear,
                format!("performance[{i}].year"),
                format!("two appraisals for year {}", a.year),
                format!("dua penilaian untuk tahun {}", a.year),
            ));
        }
        years.push(a.year);
        errs.extend(check_appraisal(i, a, today));
    }
    if let Some(d) = e.position.since {
        errs.extend(check_date("position.since", d, today));
    }
    if let Some(d) = e.birth_date {
        errs.extend(check_date("birth_date", d, today));
    }
    (nip, errs, warns)
}

/// Competency keys used by the SKJ preset.
pub fn standard_competency_keys() -> impl Iterator<Item = &'static str> {
    Competency::ALL.iter().map(|c| c.code())
}

//! Succession policy: criteria, weights, method settings, readiness, fairness.

use super::readiness::ReadinessPolicy;
use super::target::Method;
use crate::error::{Code, Error, Problem};
use crate::mcdm::profile_matching::GapTable;
use crate::mcdm::Normalisation;
use crate::position::PositionKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A ranking criterion (all benefit criteria).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    /// JPM (%) against the target SKJ (computed; reported JPM as fallback), scale 0-100.
    Jpm,
    /// Potential score 0-100 (the 9-box potential axis score).
    PotentialScore,
    /// Mean predikat ordinal over the latest appraisal years (1-5).
    Performance,
    /// 9-box number (1-9).
    Box,
    /// Years in the kinds relevant to the target (0-30).
    ExperienceYears,
    /// Golongan ordinal (I/a = 1 .. IV/e = 17).
    Rank,
    /// Education rank (SD = 0 .. S3 = 8; D-IV = S1).
    Education,
    /// Profile-matching value of the SKJ competency aspect (1-5).
    CompetencyFit,
    /// GAP-table weight of one competency against the target SKJ (1-5).
    Gap(String),
}

impl Criterion {
    /// Wire key.
    pub fn key(&self) -> String {
        match self {
            Criterion::Jpm => "jpm".into(),
            Criterion::PotentialScore => "potential_score".into(),
            Criterion::Performance => "performance".into(),
            Criterion::Box => "box".into(),
            Criterion::ExperienceYears => "experience_years".into(),
            Criterion::Rank => "rank".into(),
            Criterion::Education => "education".into(),
            Criterion::CompetencyFit => "competency_fit".into(),
            Criterion::Gap(k) => format!("gap:{k}"),
        }
    }
    /// Parses a key; a key or `gap:` competency named after a protected
    /// attribute ([`crate::protected`]) is refused with `protected_attribute`.
    pub fn parse(key: &str, path: &str) -> Result<Criterion, Problem> {
        let n = crate::label::normalize(key);
        if let Some(p) = crate::protected::check_key(key, &|| path.to_string(), "ranking criterion") {
            return Err(p);
        }
        Ok(match n.as_str() {
            "jpm" => Criterion::Jpm,
            "potential_score" => Criterion::PotentialScore,
            "performance" => Criterion::Performance,
            "box" => Criterion::Box,
            "experience_years" => Criterion::ExperienceYears,
            "rank" => Criterion::Rank,
            "education" => Criterion::Education,
            "competency_fit" => Criterion::CompetencyFit,
            _ => match key.strip_prefix("gap:").or_else(|| key.strip_prefix("gap.")) {
                Some(k) if !k.trim().is_empty() => Criterion::Gap(crate::label::normalize(k)),
                _ => return Err(Problem::new(Code::InvalidValue, path,
                    format!("unknown criterion `{}`; known: jpm, potential_score, performance, box, experience_years, rank, education, competency_fit, gap:<competency>", crate::diag::key(key)),
                    format!("kriteria `{}` tidak dikenal; yang ada: jpm, potential_score, performance, box, experience_years, rank, education, competency_fit, gap:<kompetensi>", crate::diag::key(key)))),
            },
        })
    }
    /// Scale bounds (for `fixed_range`).
    pub fn range(&self) -> (f64, f64) {
        match self {
            Criterion::Jpm | Criterion::PotentialScore => (0.0, 100.0),
            Criterion::Performance | Criterion::CompetencyFit | Criterion::Gap(_) => (1.0, 5.0),
            Criterion::Box => (1.0, 9.0),
            Criterion::ExperienceYears => (0.0, 30.0),
            Criterion::Rank => (1.0, 17.0),
            Criterion::Education => (0.0, 8.0),
        }
    }
}

/// Secondary tie-break keys (after the score; NIP ascending always ends the chain).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Box number, descending.
    Box,
    /// JPM, descending.
    Jpm,
    /// Latest predikat, descending.
    LatestPredikat,
    /// Potential score, descending.
    PotentialScore,
}

/// How much of the exclusion detail to return.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum ExcludedDetail {
    /// Every excluded person with gate and reason.
    #[default]
    All,
    /// Counts per gate and reason only (for very large pools); people not in the pool are always counted, never listed, in this mode.
    Summary,
}

/// Succession policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields, default)]
pub struct SuccessionPolicy {
    /// Name.
    pub name: String,
    /// Default method.
    pub method: Method,
    /// Criterion weights for SAW and TOPSIS (scaled to sum 1).
    pub weights: BTreeMap<String, f64>,
    /// SAW normalisation (`fixed_range` by default: a candidate's score does not depend on who else is in the pool).
    pub saw_normalisation: Normalisation,
    /// TOPSIS normalisation (`vector`, the classic method).
    pub topsis_normalisation: Normalisation,
    /// Profile matching GAP table.
    pub gap_table: GapTable,
    /// Core-factor share in profile matching (0.6).
    pub core_share: f64,
    /// Core factors of the competency aspect (the 8 managerial competencies); others are secondary.
    pub core_factors: Vec<String>,
    /// Shortlist length.
    pub top: usize,
    /// Exclude candidates reaching BUP of the target kind within this many years (preset 1 [local]).
    /// An age filter: 0-4 years ([`crate::statute::HORIZON_MAX_YEARS`]); above the preset 1 year only
    /// with a recognised `retirement_horizon_citation` ([`crate::statute::recognised`]).
    pub retirement_horizon_years: f64,
    /// The statute behind a `retirement_horizon_years` above 1 (`PP 11/2017 Ps. 107`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub retirement_horizon_citation: String,
    /// Exclusive assignment: someone shortlisted for an earlier position (input order) is excluded from later ones.
    pub exclusive: bool,
    /// Appraisal years averaged for the `performance` criterion.
    pub performance_years: usize,
    /// Relevant kinds for `experience_years`, by target kind code (defaults in [`default_experience_kinds`]).
    pub experience_kinds: BTreeMap<String, Vec<PositionKind>>,
    /// Tie-break chain after the score (NIP ascending always ends it).
    pub tie_break: Vec<TieBreak>,
    /// Readiness rules.
    pub readiness: ReadinessPolicy,
    /// Name an emergency successor per position.
    pub emergency_successor: bool,
    /// Exclusion detail.
    pub excluded_detail: ExcludedDetail,
    /// Group columns for the adverse-impact report (`sex`, `age_band`, or any `attributes` key).
    pub group_columns: Vec<String>,
    /// Age-band lower bounds (years), e.g. [30, 40, 50] → `<30`, `30-39`, `40-49`, `50+`.
    pub age_bands: Vec<u8>,
    /// Adverse-impact options.
    pub fairness: crate::fairness::Options,
}

impl Default for SuccessionPolicy {
    fn default() -> Self {
        let w = [
            ("jpm", 0.30),
            ("potential_score", 0.20),
            ("performance", 0.20),
            ("box", 0.15),
            ("experience_years", 0.05),
            ("rank", 0.05),
            ("education", 0.05),
        ];
        SuccessionPolicy {
            name: "succession_default".into(),
            method: Method::Saw,
            weights: w.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            saw_normalisation: Normalisation::FixedRange,
            topsis_normalisation: Normalisation::Vector,
            gap_table: GapTable::default(),
            core_share: 0.6,
            core_factors: crate::competency::Competency::ALL.iter().take(8).map(|c| c.code().to_string()).collect(),
            top: 10,
            retirement_horizon_years: 1.0,
            retirement_horizon_citation: String::new(),
            exclusive: false,
            performance_years: 2,
            experience_kinds: BTreeMap::new(),
            tie_break: vec![TieBreak::Box, TieBreak::Jpm, TieBreak::LatestPredikat],
            readiness: ReadinessPolicy::default(),
            emergency_successor: false,
            excluded_detail: ExcludedDetail::All,
            group_columns: vec!["sex".into(), "age_band".into()],
            age_bands: crate::fairness::DEFAULT_AGE_BANDS.to_vec(),
            fairness: crate::fairness::Options::default(),
        }
    }
}

/// Relevant kinds for experience by target kind: the kind itself and its feeder kinds (PP 11/2017 Ps. 54, 107).
pub fn default_experience_kinds(kind: PositionKind) -> Vec<PositionKind> {
    use PositionKind::*;
    match kind {
        JptUtama => vec![JptUtama, JptMadya, AhliUtama],
        JptMadya => vec![JptMadya, JptPratama, AhliUtama],
        JptPratama => vec![JptPratama, Administrator, AhliMadya],
        Administrator => vec![Administrator, Pengawas, AhliMuda],
        Pengawas => vec![Pengawas, Pelaksana, AhliPertama, Penyelia, Mahir, Terampil],
        k => vec![k],
    }
}

/// The policy identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct SuccessionPolicyInfo {
    /// Name.
    pub name: String,
    /// SHA-256 of the canonical JSON.
    pub fingerprint: String,
}

impl SuccessionPolicy {
    /// Relevant experience kinds for a target kind.
    pub fn experience_kinds_for(&self, kind: PositionKind) -> Vec<PositionKind> {
        self.experience_kinds.get(kind.code()).cloned().unwrap_or_else(|| default_experience_kinds(kind))
    }
    /// Parsed criteria with raw weights, in key order.
    pub fn criteria(&self) -> Result<Vec<(Criterion, f64)>, Error> {
        let mut out = Vec::new();
        let mut ps = Vec::new();
        for (k, &w) in &self.weights {
            let path = format!("weights.{k}");
            match Criterion::parse(k, &path) {
                Ok(c) => match crate::weights::check(&[w]) {
                    Err(e @ (crate::weights::WeightError::NotFinite(_) | crate::weights::WeightError::Negative(_))) => {
                        ps.push(e.problem(Code::InvalidValue, &path, |_| path.clone()))
                    }
                    _ => out.push((c, w)), // a zero weight is fine alone
                },
                Err(p) => ps.push(p),
            }
        }
        // The one weight rule (crate::weights): at least one positive weight.
        if ps.is_empty() && crate::weights::check(&out.iter().map(|(_, w)| *w).collect::<Vec<_>>()).is_err() {
            ps.push(Problem::new(
                Code::InvalidValue,
                "weights",
                "at least one criterion needs a positive weight",
                "paling sedikit satu kriteria harus berbobot positif",
            ));
        }
        if !(self.core_share.is_finite() && (0.0..=1.0).contains(&self.core_share)) {
            ps.push(Problem::new(
                Code::InvalidValue,
                "core_share",
                "core_share must be between 0 and 1",
                "core_share harus antara 0 dan 1",
            ));
        }
        // Age through numbers (crate::statute): the BUP horizons filter by age.
        ps.extend(crate::statute::horizon(
            self.retirement_horizon_years,
            "retirement_horizon_years",
            &self.retirement_horizon_citation,
            "retirement_horizon_citation",
        ));
        ps.extend(crate::statute::horizon(
            self.readiness.not_ready_within_bup_years,
            "readiness.not_ready_within_bup_years",
            &self.readiness.bup_citation,
            "readiness.bup_citation",
        ));
        // Age bands (fairness report): strictly ascending ages 1-100.
        if !(self.age_bands.iter().all(|a| (1..=100).contains(a)) && self.age_bands.windows(2).all(|w| w[0] < w[1])) {
            ps.push(Problem::new(
                Code::InvalidValue,
                "age_bands",
                "age_bands must be strictly ascending ages from 1 to 100",
                "age_bands harus usia 1 sampai 100 yang naik tegas",
            ));
        }
        if !(1..=10).contains(&self.performance_years) {
            ps.push(Problem::new(
                Code::InvalidValue,
                "performance_years",
                "performance_years must be 1-10",
                "performance_years harus 1-10",
            ));
        }
        for (i, r) in self.readiness.rules.iter().enumerate() {
            if r.min_jpm.is_some_and(|m| !(m.is_finite() && (0.0..=200.0).contains(&m))) {
                ps.push(Problem::new(
                    Code::InvalidValue,
                    format!("readiness.rules[{i}].min_jpm"),
                    "min_jpm must be a percentage from 0 to 200",
                    "min_jpm harus persentase 0 sampai 200",
                ));
            }
            if r.min_years_in_position.is_some_and(|m| !(m.is_finite() && (0.0..=60.0).contains(&m))) {
                ps.push(Problem::new(
                    Code::InvalidValue,
                    format!("readiness.rules[{i}].min_years_in_position"),
                    "min_years_in_position must be 0-60 years",
                    "min_years_in_position harus 0-60 tahun",
                ));
            }
            if r.boxes.iter().any(|b| !(1..=81).contains(b)) {
                ps.push(Problem::new(
                    Code::InvalidValue,
                    format!("readiness.rules[{i}].boxes"),
                    "box numbers must be 1-81",
                    "nomor kotak harus 1-81",
                ));
            }
        }
        if self.top == 0 {
            ps.push(Problem::new(Code::InvalidValue, "top", "top must be at least 1", "top paling sedikit 1"));
        }
        // Core factors weigh competencies in profile matching: none may be a protected attribute.
        for (i, c) in self.core_factors.iter().enumerate() {
            ps.extend(crate::protected::check_key(c, &|| format!("core_factors[{i}]"), "core factor"));
        }
        // `group_columns` stay free: the adverse-impact report reads protected attributes to measure fairness.
        for (i, c) in self.group_columns.iter().enumerate() {
            if c.trim().is_empty() {
                ps.push(Problem::new(
                    Code::InvalidValue,
                    format!("group_columns[{i}]"),
                    "empty group column",
                    "kolom kelompok kosong",
                ));
            }
        }
        if ps.is_empty() {
            Ok(out)
        } else {
            Err(Error::Request(ps))
        }
    }
    /// Name and fingerprint.
    pub fn info(&self) -> SuccessionPolicyInfo {
        SuccessionPolicyInfo { name: self.name.clone(), fingerprint: crate::policy::fingerprint_of(self) }
    }
}

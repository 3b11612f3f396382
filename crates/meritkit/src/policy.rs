//! Scoring policy: how inputs become the two axis levels. Everything that is
//! local practice (weights, cut-offs, the predikat → kinerja mapping, missing
//! data handling) lives here, with named presets; nothing of it is hard-coded.
//!
//! Policies load from TOML or JSON (`deny_unknown_fields`), are checked with
//! located problems, and carry a SHA-256 fingerprint of their canonical JSON
//! form that every output repeats.
//!
//! ```
//! use meritkit::policy::Policy;
//! let p = Policy::preset("permenpanrb_3_2020").unwrap();
//! assert!(p.check().is_empty());
//! assert_eq!(p.fingerprint().len(), 64);
//! let same = Policy::from_json_str(&serde_json::to_string(&p).unwrap()).unwrap();
//! assert_eq!(same.fingerprint(), p.fingerprint());
//! ```

use crate::competency::{JpmCap, Standard};
use crate::error::{Code, Error, Problem};
use crate::nine_box::Grid;
use crate::performance::Predikat;
use crate::position::PositionKind;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What to do when an axis cannot be computed for a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum MissingData {
    /// The row becomes an error (`missing_performance` / `missing_potential`).
    #[default]
    Error,
    /// The row is returned unplaced (`status: "holding"`) with the list of what is missing.
    Holding,
}

/// Source of the kinerja axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum PerformanceSource {
    /// The predikat of the appraisals, through `mapping`.
    #[default]
    Predikat,
    /// The work-result (hasil kerja) rating directly.
    WorkResult,
    /// The record's `performance_score` (0-100) through `cutoffs` (local practice).
    Score,
}

/// How several appraisal years combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The most recent year.
    #[default]
    Latest,
    /// Mean of the yearly levels, rounded half up to a level.
    Average,
    /// The lowest yearly level.
    Worst,
}

impl Combine {
    /// The kinerja level from the yearly levels, most recent first (an empty
    /// list gives level 1; callers require at least one year).
    ///
    /// ```
    /// use meritkit::policy::Combine;
    /// assert_eq!(Combine::Latest.apply(&[3, 1]), 3);
    /// assert_eq!(Combine::Worst.apply(&[3, 1]), 1);
    /// assert_eq!(Combine::Average.apply(&[3, 2]), 3); // 2.5 rounds half up
    /// assert_eq!(Combine::Average.apply(&[3, 1, 1]), 2); // 1.67
    /// ```
    pub fn apply(self, levels: &[u8]) -> u8 {
        match self {
            Combine::Latest => levels.first().copied().unwrap_or(1),
            Combine::Worst => levels.iter().copied().min().unwrap_or(1),
            Combine::Average => {
                let n = levels.len() as u32;
                let sum: u32 = levels.iter().map(|&l| u32::from(l)).sum();
                // round half up: floor(sum/n + 1/2) in integers
                if n == 0 {
                    1
                } else {
                    ((2 * sum + n) / (2 * n)) as u8
                }
            }
        }
    }
}

/// The kinerja (performance) axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct PerformanceAxis {
    /// Where the level comes from.
    #[serde(default)]
    pub source: PerformanceSource,
    /// How many of the most recent appraisal years to use.
    #[serde(default = "one")]
    pub years: u8,
    /// How the years combine.
    #[serde(default)]
    pub combine: Combine,
    /// Fewer usable years than this counts as missing performance.
    #[serde(default = "one")]
    pub min_years: u8,
    /// Predikat → performance level code (for `source = "predikat"`).
    #[serde(default = "default_mapping")]
    pub mapping: BTreeMap<Predikat, String>,
    /// Cut-offs on `performance_score` (for `source = "score"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoffs: Option<Cutoffs>,
}

fn one() -> u8 {
    1
}

/// The preset mapping (`tipengdzulna/Sistem9Box`; not national): Sangat Baik →
/// di atas; Baik → sesuai; Butuh Perbaikan / Kurang / Sangat Kurang → di bawah.
pub fn default_mapping() -> BTreeMap<Predikat, String> {
    use Predikat::*;
    [
        (SangatBaik, "di_atas_ekspektasi"),
        (Baik, "sesuai_ekspektasi"),
        (ButuhPerbaikan, "di_bawah_ekspektasi"),
        (Kurang, "di_bawah_ekspektasi"),
        (SangatKurang, "di_bawah_ekspektasi"),
    ]
    .into_iter()
    .map(|(p, s)| (p, s.to_string()))
    .collect()
}

/// Where the potential score comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum PotentialSource {
    /// `potential_score` when the record has one, else the weighted composite.
    #[default]
    ScoreOrComposite,
    /// Only `potential_score`.
    Score,
    /// Only the weighted composite of `components`.
    Composite,
}

/// An input of the potential composite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// Job Person Match (%), from competency levels against the SKJ (or as reported).
    Jpm,
    /// Potential assessment (8 aspects: mean level ÷ 5 × 100, or `potential_assessment_score`).
    PotentialAssessment,
    /// Track record score (rekam jejak).
    TrackRecord,
    /// The record's `potential_score`.
    PotentialScore,
}

impl Input {
    /// Wire code.
    pub fn code(self) -> &'static str {
        match self {
            Input::Jpm => "jpm",
            Input::PotentialAssessment => "potential_assessment",
            Input::TrackRecord => "track_record",
            Input::PotentialScore => "potential_score",
        }
    }
}

/// One weighted component.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// The input.
    pub input: Input,
    /// Its weight (weights are normalised by their sum).
    pub weight: f64,
}

/// What a missing composite component does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum MissingComponent {
    /// Renormalise the weights over the present components and say so in the explanation.
    #[default]
    Renormalize,
    /// Any missing component makes the potential axis missing.
    Missing,
}

/// The potensial axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct PotentialAxis {
    /// Where the score comes from.
    #[serde(default)]
    pub source: PotentialSource,
    /// Composite components (PermenPANRB 20/2025 Ps. 17: competency + potential assessment + rekam jejak).
    #[serde(default)]
    pub components: Vec<Component>,
    /// What a missing component does.
    #[serde(default)]
    pub missing_component: MissingComponent,
    /// Score → level.
    pub cutoffs: Cutoffs,
}

/// Population over which percentile and distribution cut-offs are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The whole input.
    #[default]
    All,
    /// Each unit (OPD) separately.
    Unit,
}

/// Rounding of distribution quotas (`share × n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half up.
    #[default]
    Nearest,
    /// Ceiling.
    Up,
    /// Floor.
    Down,
}

/// Score → level rule for one axis. Levels are numbered 1..=N, lowest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Cutoffs {
    /// Fixed thresholds, ascending, N-1 of them: level = 1 + number of thresholds ≤ score
    /// (inclusive lower bounds, on the unrounded score).
    Fixed {
        /// Ascending lower bounds of levels 2..=N.
        thresholds: Vec<f64>,
    },
    /// Percentile rank within the scope: a person's rank is the share of the
    /// scope's scores strictly below theirs (ties share a rank); level = 1 +
    /// number of thresholds ≤ rank.
    Percentile {
        /// Ascending rank thresholds in (0, 1).
        thresholds: Vec<f64>,
        /// Population.
        #[serde(default)]
        scope: Scope,
    },
    /// Guided distribution: target shares per level (lowest first, summing to
    /// 1). Levels are filled from the top down in score order against
    /// cumulative quotas: levels L and above together take
    /// `rounding(n × Σ_{j ≥ L} share_j)` people; when the last person admitted
    /// is tied with the next, the whole tied group stays one level lower (ties
    /// are never split, so quotas are upper bounds); the lowest level takes the
    /// rest. Equal scores always get equal levels, whatever the input order.
    Distribution {
        /// Share per level, lowest first.
        shares: Vec<f64>,
        /// Population.
        #[serde(default)]
        scope: Scope,
        /// Quota rounding.
        #[serde(default)]
        rounding: Rounding,
    },
}

/// JPM settings.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct JpmPolicy {
    /// Cap variant.
    #[serde(default)]
    pub cap: JpmCap,
    /// SKJ per position kind code, replacing the preset for that kind.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "tsify", tsify(type = "Partial<Record<PositionKind, Record<string, number>>>"))]
    pub standards: BTreeMap<PositionKind, Standard>,
}

impl JpmPolicy {
    /// The standard for a kind: the policy's, else the reference preset.
    pub fn standard(&self, kind: PositionKind) -> Standard {
        self.standard_ref(kind).clone()
    }

    /// [`JpmPolicy::standard`] without a copy (every scoring path picks the standard here).
    pub fn standard_ref(&self, kind: PositionKind) -> &Standard {
        self.standards.get(&kind).unwrap_or_else(|| crate::competency::preset_standard_ref(kind))
    }
}

/// A scoring policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Policy name (presets use snake_case).
    pub name: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
    /// Legal basis / citations.
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// True when any scoring choice (mapping, weights, cut-offs) is local
    /// practice or a meritkit default rather than national law; every preset
    /// is, since no national axis cut-offs exist (see `basis`).
    #[serde(default)]
    pub local_practice: bool,
    /// The grid; the ASN 3×3 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<Grid>,
    /// Kinerja axis.
    pub performance: PerformanceAxis,
    /// Potensial axis.
    pub potential: PotentialAxis,
    /// JPM settings.
    #[serde(default)]
    pub jpm: JpmPolicy,
    /// Missing-data handling.
    #[serde(default)]
    pub missing: MissingData,
    /// Eselon of this instansi's positions per kind, for rank floors (PP
    /// 100/2000 jo PP 13/2002 Ps. 5): e.g. a province's Sekda is JPT Madya
    /// at eselon I.b, a kabupaten Kepala Dinas JPT Pratama at II.b. A target
    /// position's own `eselon` wins; kinds not listed use the assumed eselon
    /// ([`crate::rank::Eselon::assumed_for`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "tsify", tsify(type = "Partial<Record<PositionKind, Eselon>>"))]
    pub eselon: BTreeMap<PositionKind, crate::rank::Eselon>,
    /// Where each field comes from, by field path (`grid`,
    /// `performance.mapping`, `potential.cutoffs`, ...): presets carry theirs
    /// ([`crate::basis`]); an agency states its own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub basis: BTreeMap<String, crate::basis::Basis>,
}

/// Names of the built-in presets.
pub const PRESETS: &[&str] = &["permenpanrb_3_2020", "manado", "jpm_90_78", "aceh_barat_90_70", "percentile_unit"];

/// The built-in presets as data (TOML, as `meritkit policy show` prints a
/// policy), each field's source in its `basis` entry: adding a preset is
/// adding a file here and its name to [`PRESETS`].
const PRESET_FILES: &[(&str, &str)] = &[
    ("permenpanrb_3_2020", include_str!("presets/permenpanrb_3_2020.toml")),
    ("manado", include_str!("presets/manado.toml")),
    ("jpm_90_78", include_str!("presets/jpm_90_78.toml")),
    ("aceh_barat_90_70", include_str!("presets/aceh_barat_90_70.toml")),
    ("percentile_unit", include_str!("presets/percentile_unit.toml")),
];

impl Policy {
    /// A built-in preset by name (read from its data file, `src/presets/<name>.toml`).
    ///
    /// ```
    /// use meritkit::policy::Policy;
    /// let p = Policy::preset("permenpanrb_3_2020").unwrap();
    /// assert_eq!(p.name, "permenpanrb_3_2020");
    /// assert!(Policy::preset("nope").is_err());
    /// ```
    pub fn preset(name: &str) -> Result<Policy, Error> {
        match PRESET_FILES.iter().find(|(n, _)| *n == name) {
            // (the files are tested to read as policies: a failure here is the library's, not the caller's)
            Some((_, text)) => Policy::from_toml_str(text).map_err(|e| {
                Error::internal(format!("the built-in preset does not read as a policy: {:?}", e.problems()))
            }),
            None => Err(Error::Policy(vec![Problem::new(
                Code::UnknownPreset,
                "",
                // The typed name is not quoted: it comes from a user (messages never echo input).
                format!("unknown preset name; presets: {}", PRESETS.join(", ")),
                format!("nama preset tidak dikenal; preset yang ada: {}", PRESETS.join(", ")),
            )])),
        }
    }

    /// The grid in force.
    pub fn grid(&self) -> std::borrow::Cow<'_, Grid> {
        match &self.grid {
            Some(g) => std::borrow::Cow::Borrowed(g),
            None => std::borrow::Cow::Owned(Grid::asn()),
        }
    }

    /// Parses a JSON policy, with the located problem on failure.
    pub fn from_json_str(s: &str) -> Result<Policy, Error> {
        let p: Policy = crate::read::from_json_text(s).map_err(|e| Error::Policy(vec![e.problem()]))?;
        p.checked()
    }

    /// Parses a TOML policy, with the located problem (path, line, column) on failure.
    pub fn from_toml_str(s: &str) -> Result<Policy, Error> {
        let p: Policy = crate::read::from_toml_text(s).map_err(|e| Error::Policy(vec![e.problem()]))?;
        p.checked()
    }

    /// Parses either format: JSON when the text starts with `{`, else TOML.
    pub fn from_str_any(s: &str) -> Result<Policy, Error> {
        if s.trim_start().starts_with('{') {
            Self::from_json_str(s)
        } else {
            Self::from_toml_str(s)
        }
    }

    fn checked(self) -> Result<Policy, Error> {
        let ps = self.check();
        if ps.is_empty() {
            Ok(self)
        } else {
            Err(Error::Policy(ps))
        }
    }

    /// Semantic checks, every problem located.
    pub fn check(&self) -> Vec<Problem> {
        let mut ps = Vec::new();
        let mut bad = |path: &str, en: String, id: String| ps.push(Problem::new(Code::InvalidPolicy, path, en, id));
        if self.name.trim().is_empty() {
            bad("name", "policy name is empty".into(), "nama kebijakan kosong".into());
        }
        let grid = self.grid();
        let mut gp = grid.check("grid");
        let (nk, np) = (grid.performance_count(), grid.potential_count());
        let perf = &self.performance;
        if perf.years == 0 {
            bad("performance.years", "years must be at least 1".into(), "years minimal 1".into());
        }
        if perf.min_years == 0 || perf.min_years > perf.years {
            bad("performance.min_years", "min_years must be 1..=years".into(), "min_years harus 1..=years".into());
        }
        match perf.source {
            PerformanceSource::Predikat => {
                for p in Predikat::ALL {
                    match perf.mapping.get(p) {
                        None => bad(
                            "performance.mapping",
                            format!("mapping has no level for predikat `{p}`"),
                            format!("mapping tidak punya tingkat untuk predikat `{p}`"),
                        ),
                        Some(code) if grid.performance_index(code).is_none() => bad(
                            &format!("performance.mapping.{p}"),
                            format!("`{}` is not a performance level of the grid", crate::diag::key(code)),
                            format!("`{}` bukan tingkat kinerja pada grid", crate::diag::key(code)),
                        ),
                        _ => {}
                    }
                }
            }
            PerformanceSource::WorkResult => {
                if nk != 3 {
                    bad(
                        "performance.source",
                        "work_result needs a grid with 3 performance levels".into(),
                        "work_result memerlukan grid dengan 3 tingkat kinerja".into(),
                    );
                }
            }
            PerformanceSource::Score => match &perf.cutoffs {
                None => bad(
                    "performance.cutoffs",
                    "source `score` needs cutoffs".into(),
                    "source `score` memerlukan cutoffs".into(),
                ),
                Some(c) => check_cutoffs(c, nk, "performance.cutoffs", &mut bad),
            },
        }
        let pot = &self.potential;
        check_cutoffs(&pot.cutoffs, np, "potential.cutoffs", &mut bad);
        if pot.source != PotentialSource::Score {
            if pot.components.is_empty() {
                bad(
                    "potential.components",
                    "a composite needs at least one component".into(),
                    "komposit memerlukan minimal satu komponen".into(),
                );
            }
            for (i, c) in pot.components.iter().enumerate() {
                if pot.components[..i].iter().any(|d| d.input == c.input) {
                    bad(
                        &format!("potential.components[{i}].input"),
                        format!("component `{}` listed twice", c.input.code()),
                        format!("komponen `{}` tercantum dua kali", c.input.code()),
                    );
                }
            }
            if !pot.components.is_empty() {
                // The one weight rule (crate::weights): finite, >= 0, not all zero.
                let ws: Vec<f64> = pot.components.iter().map(|c| c.weight).collect();
                for e in crate::weights::problems(&ws) {
                    let p = e.problem(Code::InvalidPolicy, "potential.components", |i| {
                        format!("potential.components[{i}].weight")
                    });
                    bad(&p.path, p.message.en, p.message.id);
                }
            }
        }
        for (kind, std) in &self.jpm.standards {
            for (k, &lvl) in std {
                if !(1..=5).contains(&lvl) {
                    bad(
                        &format!("jpm.standards.{kind}.{k}"),
                        "required level must be 1-5".into(),
                        "level yang dipersyaratkan harus 1-5".into(),
                    );
                }
            }
            if std.is_empty() {
                bad(
                    &format!("jpm.standards.{kind}"),
                    "a standard needs at least one competency".into(),
                    "standar memerlukan minimal satu kompetensi".into(),
                );
            }
        }
        // A competency named after a protected attribute would rank people by it (UU 5/2014 Ps. 1).
        for (kind, std) in &self.jpm.standards {
            ps.extend(std.keys().filter_map(|k| {
                crate::protected::check_key(k, &|| format!("jpm.standards.{kind}.{k}"), "competency standard")
            }));
        }
        for (field, b) in &self.basis {
            ps.extend(b.check(&format!("basis.{field}")));
        }
        ps.append(&mut gp);
        ps
    }

    /// Field paths of this policy whose basis is local practice or a
    /// meritkit default (not national law), for explanations.
    pub fn local_choices(&self) -> Vec<String> {
        use crate::basis::BasisKind;
        self.basis
            .iter()
            .filter(|(_, b)| matches!(b.kind, BasisKind::LocalPractice | BasisKind::MeritkitDefault))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Canonical JSON (object keys sorted, no whitespace): the fingerprinted form.
    pub fn canonical_json(&self) -> String {
        canonical_json_of(self)
    }

    /// SHA-256 (hex) of [`Policy::canonical_json`].
    pub fn fingerprint(&self) -> String {
        fingerprint_of(self)
    }

    /// TOML text of the policy.
    pub fn to_toml(&self) -> Result<String, Error> {
        toml::to_string_pretty(self).map_err(|e| Error::internal(format_args!("TOML writer: {e}")))
    }

    /// JSON Schema of policy files (built by `schemars`; with the `schema`
    /// feature off, the same schema from `schemas/policy.schema.json`, which
    /// `tests/schemas.rs` keeps equal to the `schemars` output).
    pub fn json_schema() -> serde_json::Value {
        #[cfg(feature = "schema")]
        {
            serde_json::to_value(schemars::schema_for!(Policy)).unwrap_or(serde_json::Value::Null)
        }
        #[cfg(not(feature = "schema"))]
        {
            crate::schemas::embedded(crate::schemas::POLICY)
        }
    }
}

fn check_cutoffs(c: &Cutoffs, n: usize, path: &str, bad: &mut impl FnMut(&str, String, String)) {
    let ascending = |t: &[f64]| t.iter().all(|x| x.is_finite()) && t.windows(2).all(|w| w[0] < w[1]);
    match c {
        Cutoffs::Fixed { thresholds } | Cutoffs::Percentile { thresholds, .. } => {
            if thresholds.len() + 1 != n {
                bad(
                    &format!("{path}.thresholds"),
                    format!("{n} levels need {} thresholds, got {}", n.saturating_sub(1), thresholds.len()),
                    format!("{n} tingkat memerlukan {} ambang, ada {}", n.saturating_sub(1), thresholds.len()),
                );
            }
            if !ascending(thresholds) {
                bad(
                    &format!("{path}.thresholds"),
                    "thresholds must be finite and strictly ascending".into(),
                    "ambang harus terhingga dan naik tegas".into(),
                );
            }
            // Scores (performance_score, the potential composite) are on the 0-100 scale: a fixed threshold
            // outside (0, 100] leaves a level empty whatever the scores (`[-1e308, -0.0]` put everyone at the top).
            if let Cutoffs::Fixed { .. } = c {
                if thresholds.iter().any(|t| !(*t > 0.0 && *t <= 100.0)) {
                    bad(
                        &format!("{path}.thresholds"),
                        "fixed thresholds must lie on the score scale: above 0 and at most 100".into(),
                        "ambang tetap harus berada pada skala nilai: di atas 0 dan paling tinggi 100".into(),
                    );
                }
            }
            if let Cutoffs::Percentile { .. } = c {
                if thresholds.iter().any(|t| !(*t > 0.0 && *t < 1.0)) {
                    bad(
                        &format!("{path}.thresholds"),
                        "percentile thresholds must lie strictly between 0 and 1".into(),
                        "ambang persentil harus di antara 0 dan 1".into(),
                    );
                }
            }
        }
        Cutoffs::Distribution { shares, .. } => {
            if shares.len() != n {
                bad(
                    &format!("{path}.shares"),
                    format!("{n} levels need {n} shares, got {}", shares.len()),
                    format!("{n} tingkat memerlukan {n} porsi, ada {}", shares.len()),
                );
            }
            let sum: f64 = shares.iter().sum();
            if shares.iter().any(|s| !(s.is_finite() && *s >= 0.0)) || (sum - 1.0).abs() > 1e-9 {
                bad(
                    &format!("{path}.shares"),
                    "shares must be >= 0 and sum to 1".into(),
                    "porsi harus >= 0 dan berjumlah 1".into(),
                );
            }
        }
    }
}

/// Canonical JSON of any serializable value: object keys sorted, no whitespace.
pub fn canonical_json_of<T: Serialize + ?Sized>(value: &T) -> String {
    let v = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    let mut out = String::new();
    write_canonical(&v, &mut out);
    out
}

/// SHA-256 (lower-case hex) of [`canonical_json_of`]: the fingerprint of
/// policies, rule sets and succession policies.
pub fn fingerprint_of<T: Serialize + ?Sized>(value: &T) -> String {
    hex(&Sha256::digest(canonical_json_of(value).as_bytes()))
}

/// True when serde_json reads `s` back as exactly `x`, and so does a
/// correctly rounding reader (Rust's own, as JavaScript's and Python's).
fn reads_back(s: &str, x: f64) -> bool {
    serde_json::from_str::<f64>(s).is_ok_and(|y| y.to_bits() == x.to_bits())
        && s.parse::<f64>().is_ok_and(|y| y.to_bits() == x.to_bits())
}

/// A float as JSON text that meritkit's own JSON reader reads back as the
/// same `f64`, so that canonical JSON (and the fingerprint) survives a round
/// trip. serde_json without its `float_roundtrip` feature (which would add
/// ~11 KB gzipped to the WebAssembly package) multiplies the digits by an
/// inexact power of ten for large exponents or long mantissas: `9e+105` reads
/// as 8.999999999999999e105 (found by the `policy` fuzz target). The shortest
/// form is kept when it reads back (every value a person types, nearly every
/// computed one); otherwise the same number written with its digits and
/// exponent split differently, or its 17-digit neighbours, the first that
/// reads back, for serde_json and for a correctly rounding reader alike
/// (JavaScript, Python), so it means the same number everywhere.
fn json_f64(x: f64) -> String {
    let shortest = serde_json::Value::from(x).to_string();
    if reads_back(&shortest, x) {
        return shortest;
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let sci = format!("{:e}", x.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else { return shortest };
    let Ok(exp) = exp.parse::<i32>() else { return shortest };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // digits d1 d2 ... dn and exponent e mean d1.d2...dn × 10^e = (d1...dn) × 10^(e - n + 1)
    let base = exp - (digits.len() as i32 - 1);
    for k in 0..=(17usize.saturating_sub(digits.len())) {
        let c = format!("{sign}{digits}{}e{}", "0".repeat(k), base - k as i32);
        if reads_back(&c, x) {
            return c;
        }
    }
    // 16 to 19 significant digits, and their neighbours: many decimals of that
    // length lie within the f64's rounding interval; one of them meets
    // serde_json's arithmetic exactly.
    for (prec, reach) in [(15usize, 3i64), (16, 3), (17, 30), (18, 400)] {
        let sci = format!("{:.prec$e}", x.abs());
        let Some((m, e)) = sci.split_once('e') else { continue };
        let d: String = m.chars().filter(char::is_ascii_digit).collect();
        let (Ok(d), Ok(e)) = (d.parse::<u64>(), e.parse::<i32>()) else { continue };
        for step in 0..=reach {
            for delta in [step, -step] {
                let Some(m) = d.checked_add_signed(delta) else { continue };
                let c = format!("{sign}{m}e{}", e - prec as i32);
                if reads_back(&c, x) {
                    return c;
                }
            }
        }
    }
    shortest
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[usize::from(b >> 4)] as char);
        s.push(H[usize::from(b & 15)] as char);
    }
    s
}

/// Writes canonical JSON: keys sorted, numbers as serde_json prints them.
pub fn write_canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::stable(&mut keys);
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                if let Some(x) = m.get(*k) {
                    write_canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => out.push_str(&json_f64(x)),
            _ => out.push_str(&n.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}

/// Reference to a policy in a request: a preset name or an inline policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(untagged)]
pub enum PolicyRef {
    /// Preset name.
    Preset(String),
    /// Inline policy.
    Inline(Box<Policy>),
}

impl Default for PolicyRef {
    fn default() -> Self {
        PolicyRef::Preset("permenpanrb_3_2020".into())
    }
}

impl PolicyRef {
    /// Resolves to a checked policy.
    pub fn resolve(&self) -> Result<Policy, Error> {
        match self {
            PolicyRef::Preset(n) => Policy::preset(n),
            PolicyRef::Inline(p) => {
                let ps = p.check();
                if ps.is_empty() {
                    Ok((**p).clone())
                } else {
                    Err(Error::Policy(ps))
                }
            }
        }
    }
}

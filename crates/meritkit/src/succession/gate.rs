//! Gates: pool membership, eligibility (pluggable), exclusions.
//!
//! Eligibility is the [`EligibilityGate`] trait, so a rule engine can plug in;
//! [`BuiltinGate`] is the minimal built-in rule set per target kind
//! (PP 11/2017 Ps. 54 and 107, PP 94/2021, PP 100/2000; see its doc).

use super::candidate::Candidate;
use super::target::TargetPosition;
use crate::error::Message;
use crate::model::DisciplineLevel;
use crate::performance::Predikat;
use crate::position::PositionKind;
use crate::rank::{Education, Eselon, Rank};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The eligibility gate a succession run uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GateKind {
    /// The merit-rule engine: the built-in rule set of each target's kind
    /// ([`crate::succession::rules_gate::RulesGate`]; the default).
    #[default]
    Rules,
    /// The minimal built-in gate ([`BuiltinGate`]).
    Builtin,
}

/// Pipeline gates, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// Talent-pool membership (box).
    Pool,
    /// Eligibility rule set.
    Eligibility,
    /// The incumbent is not their own successor.
    Incumbent,
    /// Reaches BUP within the horizon.
    Retirement,
    /// Already shortlisted for an earlier position (exclusive assignment).
    ExclusiveAssignment,
    /// A ranking criterion is missing.
    Data,
}

/// One gate result for one candidate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct GateResult {
    /// Gate.
    pub gate: Gate,
    /// Passed.
    pub passed: bool,
    /// Rule set or rule name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Reason code when failed (stable), e.g. `not_in_pool`, `education_below_minimum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Explanation.
    pub reason: Message,
}

impl GateResult {
    /// A passed gate.
    pub fn pass(gate: Gate, rule: Option<String>, en: impl Into<String>, id: impl Into<String>) -> Self {
        GateResult { gate, passed: true, rule, code: None, reason: Message::new(en, id) }
    }
    /// A failed gate.
    pub fn fail(gate: Gate, rule: Option<String>, code: &str, en: impl Into<String>, id: impl Into<String>) -> Self {
        GateResult { gate, passed: false, rule, code: Some(code.into()), reason: Message::new(en, id) }
    }
}

/// An eligibility rule set: decides, per candidate and target, pass or fail
/// with reasons. Must be pure (same inputs, same outcome) and thread-safe.
pub trait EligibilityGate: Sync {
    /// The rule-set name used for `target` (reported in every gate result).
    fn rule_set(&self, target: &TargetPosition) -> String;
    /// Checks one candidate: every failed rule (not just the first); empty = passed.
    /// Called for many candidates × positions, so the passing path should not allocate.
    fn check(&self, target: &TargetPosition, c: &Candidate<'_>, today: Date) -> Vec<GateResult>;
    /// When outcomes depend only on this key (not on the rest of the target), positions
    /// sharing it reuse one evaluation per candidate. `None` disables the cache.
    fn cache_key(&self, _target: &TargetPosition) -> Option<String> {
        None
    }
    /// Problems with the target itself (e.g. an unknown rule set); empty when usable.
    fn check_target(&self, _target: &TargetPosition) -> Vec<Message> {
        vec![]
    }
}

/// The minimal built-in eligibility rules per target kind (used until a
/// merit-rule engine is plugged in). Rule set names `builtin_<kind>`.
///
/// * education: S1/D-IV for JPT and Administrator, D-III for Pengawas (PP 11/2017 Ps. 54, 107);
/// * PNS status for JPT and Jabatan Administrasi (PP 11/2017 Ps. 54, 107);
/// * pangkat minimum: one step below the lowest pangkat of the target position's eselon (PP 100/2000
///   jo PP 13/2002 Ps. 5 huruf b, one table: [`crate::rank::Eselon::rank_floor`]); when the position
///   has no `eselon`, the assumed one: JPT Utama/Madya I.a → IV/c, JPT Pratama II.a → IV/b,
///   Administrator III.b → III/c, Pengawas IV.b → III/a;
/// * performance: predikat Baik or Sangat Baik in each of the latest 2 appraisal years (PP 11/2017 Ps. 54);
/// * discipline: no sedang/berat sanction (PP 94/2021 levels) running or ended within 2 years (the
///   look-back is one region's practice, not national law);
/// * statutory maximum age: 56 for JPT Pratama, 58 for JPT Madya/Utama (PP 11/2017 Ps. 107);
/// * experience: ≥ 2 years (JPT Pratama: Administrator or JF Ahli Madya), ≥ 3 years (Administrator:
///   Pengawas or JF Ahli Muda), ≥ 4 years (Pengawas: Pelaksana or JF) in the feeder kinds.
///
/// Other target kinds have no built-in rules (everyone passes, and the gate says so).
#[derive(Clone, Debug, Default)]
pub struct BuiltinGate;

struct KindRules {
    education: Option<Education>,
    pns_only: bool,
    min_rank: Option<crate::rank::Eselon>,
    max_age: Option<i32>,
    feeder: &'static [PositionKind],
    feeder_years: f64,
    performance: bool,
}

fn rules_for(kind: PositionKind) -> Option<KindRules> {
    use PositionKind::*;
    let base = |education, min_rank, max_age, feeder, feeder_years| KindRules {
        education: Some(education),
        pns_only: true,
        min_rank,
        max_age,
        feeder,
        feeder_years,
        performance: true,
    };
    match kind {
        JptUtama => Some(base(Education::S1, Eselon::assumed_for(kind), Some(58), &[JptMadya, AhliUtama], 2.0)),
        JptMadya => Some(base(Education::S1, Eselon::assumed_for(kind), Some(58), &[JptPratama, AhliUtama], 2.0)),
        JptPratama => Some(base(Education::S1, Eselon::assumed_for(kind), Some(56), &[Administrator, AhliMadya], 2.0)),
        Administrator => Some(base(Education::S1, Eselon::assumed_for(kind), None, &[Pengawas, AhliMuda], 3.0)),
        Pengawas => Some(base(
            Education::D3,
            Eselon::assumed_for(kind),
            None,
            &[Pelaksana, AhliPertama, Penyelia, Mahir, Terampil, Pemula],
            4.0,
        )),
        _ => None,
    }
}

impl EligibilityGate for BuiltinGate {
    fn rule_set(&self, target: &TargetPosition) -> String {
        format!("builtin_{}", target.kind.code())
    }
    fn cache_key(&self, target: &TargetPosition) -> Option<String> {
        Some(match target.eselon {
            Some(e) => format!("{}@{}", self.rule_set(target), e.code()),
            None => self.rule_set(target),
        })
    }
    fn check_target(&self, target: &TargetPosition) -> Vec<Message> {
        match &target.rule_set {
            Some(r) if *r != self.rule_set(target) => vec![Message::new(
                format!("unknown rule set `{}`; the built-in gate knows `builtin_<kind>` only", crate::diag::key(r)),
                format!(
                    "aturan `{}` tidak dikenal; gerbang bawaan hanya mengenal `builtin_<jenis>`",
                    crate::diag::key(r)
                ),
            )],
            _ => vec![],
        }
    }
    fn check(&self, target: &TargetPosition, c: &Candidate<'_>, today: Date) -> Vec<GateResult> {
        let Some(k) = rules_for(target.kind) else {
            return vec![];
        };
        let e = c.employee;
        let mut fails = Vec::new();
        let f = |code: &str, en: String, id: String| {
            GateResult::fail(Gate::Eligibility, Some(self.rule_set(target)), code, en, id)
        };
        if let Some(min) = k.education {
            if e.education.is_none_or(|ed| ed.qualification_rank() < min.qualification_rank()) {
                fails.push(f(
                    "education_below_minimum",
                    format!("education below {} (PP 11/2017)", min.label()),
                    format!("pendidikan di bawah {} (PP 11/2017)", min.label()),
                ));
            }
        }
        match e.rank {
            Some(Rank::Pns(g)) => {
                if let Some(min) = target.eselon.or(k.min_rank).map(Eselon::rank_floor) {
                    if g < min {
                        fails.push(f(
                            "rank_below_minimum",
                            format!("golongan below {} (PP 100/2000 jo 13/2002)", min.label()),
                            format!("golongan di bawah {} (PP 100/2000 jo 13/2002)", min.label()),
                        ));
                    }
                }
            }
            Some(Rank::Pppk(_)) if k.pns_only => fails.push(f(
                "not_pns",
                "position requires PNS status (PP 11/2017)".into(),
                "jabatan mensyaratkan status PNS (PP 11/2017)".into(),
            )),
            None if k.min_rank.is_some() => {
                fails.push(f("rank_missing", "golongan unknown".into(), "golongan tidak diketahui".into()))
            }
            _ => {}
        }
        if k.performance {
            let ok = c.latest_predikats.len() >= 2 && c.latest_predikats.iter().all(|p| *p >= Predikat::Baik);
            if !ok {
                fails.push(f(
                    "performance_below_baik",
                    "predikat below Baik in one of the latest 2 appraisal years (PP 11/2017 Ps. 54)".into(),
                    "predikat di bawah Baik pada salah satu dari 2 tahun penilaian terakhir (PP 11/2017 Ps. 54)".into(),
                ));
            }
        }
        let sanctioned = !e.discipline.is_empty() && {
            let cutoff = Date::new(today.year() - 2, today.month(), today.day())
                .or_else(|_| Date::new(today.year() - 2, today.month(), 28))
                .unwrap_or(today);
            e.discipline.iter().any(|s| {
                matches!(s.level, DisciplineLevel::Sedang | DisciplineLevel::Berat)
                    && s.start <= today
                    && s.end.is_none_or(|end| end >= cutoff)
            })
        };
        if sanctioned {
            fails.push(f(
                "discipline_sanction",
                "sedang/berat discipline sanction running or ended within 2 years (PP 94/2021)".into(),
                "hukuman disiplin sedang/berat sedang berjalan atau berakhir dalam 2 tahun terakhir (PP 94/2021)"
                    .into(),
            ));
        }
        if let Some(max) = k.max_age {
            if c.age(today).is_some_and(|a| a > max) {
                fails.push(f(
                    "age_above_maximum",
                    format!("older than {max}, the statutory maximum (PP 11/2017 Ps. 107)"),
                    format!("usia di atas {max}, batas menurut PP 11/2017 Ps. 107"),
                ));
            }
        }
        let y = c.experience_years(k.feeder);
        if y < k.feeder_years {
            let names: Vec<&str> = k.feeder.iter().map(|k| k.code()).collect();
            fails.push(f(
                "experience_insufficient",
                format!("{y:.1} year(s) in {}, needs {}", names.join("/"), k.feeder_years),
                format!("{y:.1} tahun di {}, perlu {}", names.join("/"), k.feeder_years),
            ));
        }
        fails
    }
}

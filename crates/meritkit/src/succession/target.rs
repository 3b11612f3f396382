//! Target positions (jabatan target / jabatan kritikal) as data.

use crate::competency::Standard;
use crate::position::PositionKind;
use serde::{Deserialize, Serialize};

/// Which talent pool a position draws from (SE MenPANRB 10/2021).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum PoolPolicy {
    /// KRS instansi: boxes 7, 8, 9 (default).
    #[default]
    Instansi,
    /// KRS nasional: box 9.
    Nasional,
    /// Any box with number ≥ n.
    MinBox(u16),
}

impl PoolPolicy {
    /// Whether a box number belongs to the pool.
    pub fn admits(self, box_: u16) -> bool {
        match self {
            PoolPolicy::Instansi => (7..=9).contains(&box_),
            PoolPolicy::Nasional => box_ == 9,
            PoolPolicy::MinBox(n) => box_ >= n,
        }
    }
    /// Short description.
    pub fn describe(self) -> String {
        match self {
            PoolPolicy::Instansi => "instansi talent pool (boxes 7-9)".into(),
            PoolPolicy::Nasional => "national talent pool (box 9)".into(),
            PoolPolicy::MinBox(n) => format!("box ≥ {n}"),
        }
    }
}

/// Ranking method.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Profile matching on the SKJ competency gaps (Kusrini 2007).
    ProfileMatching,
    /// Simple additive weighting over the policy criteria.
    #[default]
    Saw,
    /// TOPSIS over the policy criteria.
    Topsis,
}

/// A position to plan successors for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct TargetPosition {
    /// Stable id.
    pub id: String,
    /// Title (nama jabatan).
    pub title: String,
    /// Unit (OPD).
    pub unit: String,
    /// Position kind.
    pub kind: PositionKind,
    /// Competency standard (SKJ); the policy's standard for the kind when absent
    /// (by default `competency::preset_standard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<Standard>,
    /// Incumbent NIP (absent for a vacant position).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incumbent_nip: Option<String>,
    /// Jabatan kritikal.
    #[serde(default)]
    pub critical: bool,
    /// Eselon of the position (`i_b`, "II.b"), for its rank floor (PP
    /// 100/2000 jo PP 13/2002 Ps. 5): one step below the eselon's lowest
    /// pangkat. When absent: the scoring policy's eselon for the kind, else
    /// the assumed one ([`crate::rank::Eselon::assumed_for`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eselon: Option<crate::rank::Eselon>,
    /// Eligibility rule set; the built-in set for the kind when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_set: Option<String>,
    /// Candidate pool.
    #[serde(default)]
    pub pool: PoolPolicy,
    /// Ranking method for this position (overrides the request's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
}

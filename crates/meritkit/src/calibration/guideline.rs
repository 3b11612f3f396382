//! Distribution guidelines of a calibration session: how many people may (or
//! must) sit in a box, a level or a predikat, and the rounding that turns a
//! percentage of a headcount into a number of people.
//!
//! Rounding (the documented convention of SAP SuccessFactors calibration, an
//! industry practice, not Indonesian law; our default): the limit is
//! `percent × headcount / 100`, **rounded up** for `≤` and `<` and **rounded
//! down** for `≥` and `>`, so that the lower limits never add up to more than
//! the headcount and the upper limits never to less. `=` rounds to the nearest
//! person (halves up; our default), `between` rounds its lower bound down and
//! its upper bound up. The arithmetic is exact (percentages are read to a
//! millionth of a percent and compared in integers).
//!
//! ```
//! use meritkit::calibration::guideline::{limit, Op};
//! // 19 people, at most 10 %: 1.9 rounds up to 2 people
//! assert_eq!(limit(Op::AtMost, 10.0, 19), Some(2));
//! // 19 people, at least 10 %: 1.9 rounds down to 1 person
//! assert_eq!(limit(Op::AtLeast, 10.0, 19), Some(1));
//! ```

use crate::error::{Code, Message, Problem};
use crate::performance::Predikat;
use serde::{Deserialize, Serialize};

/// Comparison of a guideline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub enum Op {
    /// `=`: exactly the rounded number.
    #[serde(rename = "=")]
    Exactly,
    /// `<`: fewer than the limit rounded up.
    #[serde(rename = "<")]
    Below,
    /// `<=` (also `≤`): at most the limit rounded up.
    #[serde(rename = "<=", alias = "≤")]
    AtMost,
    /// `>`: more than the limit rounded down.
    #[serde(rename = ">")]
    Above,
    /// `>=` (also `≥`): at least the limit rounded down.
    #[serde(rename = ">=", alias = "≥")]
    AtLeast,
    /// `between`: `percent` (rounded down) to `percent_max` (rounded up), both included.
    #[serde(rename = "between")]
    Between,
}

/// What happens when a guideline fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Reported; finalising is allowed (the default).
    #[default]
    Warn,
    /// Finalising is blocked while the guideline fails.
    Enforce,
}

/// Which people a guideline counts (by their calibrated values). Exactly one
/// of the fields is given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Select {
    /// Box numbers.
    #[serde(default, rename = "box", skip_serializing_if = "Option::is_none")]
    pub boxes: Option<Vec<u16>>,
    /// Kinerja level codes of the grid (`di_atas_ekspektasi`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance_level: Option<Vec<String>>,
    /// Potensial level codes of the grid (`tinggi`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub potential_level: Option<Vec<String>>,
    /// Employee predikat (PermenPANRB 6/2022).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predikat: Option<Vec<Predikat>>,
}

/// One distribution guideline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Guideline {
    /// Stable id (letters, digits, `_`, `-`; unique in the session).
    pub id: String,
    /// Who is counted.
    pub select: Select,
    /// Comparison.
    pub op: Op,
    /// Percentage of the headcount (0-100); the lower bound for `between`.
    pub percent: f64,
    /// Upper bound (0-100) for `between` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_max: Option<f64>,
    /// `warn` (default) or `enforce`.
    #[serde(default)]
    pub mode: Mode,
    /// Apply to each unit separately instead of the whole session.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_unit: bool,
    /// What the guideline rests on (e.g. `SE MenPANRB 3/2023`, or a local decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// Percentages are exact to a millionth of a percent.
const SCALE: u128 = 1_000_000;

fn scaled(percent: f64) -> Option<u128> {
    if !(percent.is_finite() && (0.0..=100.0).contains(&percent)) {
        return None;
    }
    // percent ≤ 100, so the product fits; rounding to the nearest millionth of a percent.
    Some((percent * SCALE as f64).round() as u128)
}

/// `percent × headcount / 100` as a fraction `(numerator, denominator)`.
fn share(percent: f64, headcount: usize) -> Option<(u128, u128)> {
    Some((scaled(percent)? * headcount as u128, 100 * SCALE))
}

fn floor(percent: f64, headcount: usize) -> Option<usize> {
    let (n, d) = share(percent, headcount)?;
    usize::try_from(n / d).ok()
}

fn ceil(percent: f64, headcount: usize) -> Option<usize> {
    let (n, d) = share(percent, headcount)?;
    usize::try_from(n.div_ceil(d)).ok()
}

fn nearest(percent: f64, headcount: usize) -> Option<usize> {
    let (n, d) = share(percent, headcount)?;
    usize::try_from((2 * n + d) / (2 * d)).ok()
}

/// The number of people a one-sided guideline allows or requires:
/// rounded up for `<` / `≤`, down for `>` / `≥`, to the nearest for `=`
/// (`None` for `between` or a percentage outside 0-100).
pub fn limit(op: Op, percent: f64, headcount: usize) -> Option<usize> {
    match op {
        Op::Below | Op::AtMost => ceil(percent, headcount),
        Op::Above | Op::AtLeast => floor(percent, headcount),
        Op::Exactly => nearest(percent, headcount),
        Op::Between => None,
    }
}

/// The people a guideline allows: `min ≤ count ≤ max` (either may be open).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Bounds {
    /// Fewest people allowed.
    pub min: Option<usize>,
    /// Most people allowed.
    pub max: Option<usize>,
}

impl Guideline {
    /// The allowed counts for a headcount (`None`: the percentages are invalid).
    pub fn bounds(&self, headcount: usize) -> Option<Bounds> {
        let p = self.percent;
        Some(match self.op {
            Op::Exactly => {
                let n = nearest(p, headcount)?;
                Bounds { min: Some(n), max: Some(n) }
            }
            Op::AtMost => Bounds { min: None, max: Some(ceil(p, headcount)?) },
            // fewer than the rounded-up limit; fewer than none: an empty range
            Op::Below => match ceil(p, headcount)?.checked_sub(1) {
                Some(m) => Bounds { min: None, max: Some(m) },
                None => Bounds { min: Some(1), max: Some(0) },
            },
            Op::AtLeast => Bounds { min: Some(floor(p, headcount)?), max: None },
            Op::Above => Bounds { min: Some(floor(p, headcount)? + 1), max: None },
            Op::Between => Bounds { min: Some(floor(p, headcount)?), max: Some(ceil(self.percent_max?, headcount)?) },
        })
    }

    /// Whether `count` of `headcount` people satisfy the guideline.
    pub fn holds(&self, count: usize, headcount: usize) -> bool {
        self.bounds(headcount).is_some_and(|b| b.min.is_none_or(|m| count >= m) && b.max.is_none_or(|m| count <= m))
    }

    /// Located problems of the guideline itself (at `path`).
    pub fn check(&self, path: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        let bad = |out: &mut Vec<Problem>, field: &str, en: &str, id: &str| {
            out.push(Problem::new(Code::InvalidValue, format!("{path}.{field}"), en, id));
        };
        if self.id.is_empty()
            || self.id.len() > 64
            || !self.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            bad(&mut out, "id", "expected 1-64 letters, digits, `_` or `-`", "harus 1-64 huruf, angka, `_` atau `-`");
        }
        if scaled(self.percent).is_none() {
            bad(&mut out, "percent", "expected a percentage from 0 to 100", "harus persentase 0 sampai 100");
        }
        match (self.op, self.percent_max) {
            (Op::Between, None) => out.push(Problem::new(
                Code::MissingField,
                format!("{path}.percent_max"),
                "`between` needs percent_max",
                "`between` memerlukan percent_max",
            )),
            (Op::Between, Some(m)) if scaled(m).is_none() || m < self.percent => bad(
                &mut out,
                "percent_max",
                "expected a percentage from `percent` to 100",
                "harus persentase dari `percent` sampai 100",
            ),
            (Op::Between, Some(_)) => {}
            (_, Some(_)) => bad(
                &mut out,
                "percent_max",
                "only `between` takes percent_max",
                "hanya `between` yang memakai percent_max",
            ),
            (_, None) => {}
        }
        let s = &self.select;
        let given =
            [s.boxes.is_some(), s.performance_level.is_some(), s.potential_level.is_some(), s.predikat.is_some()]
                .iter()
                .filter(|b| **b)
                .count();
        if given != 1 {
            bad(
                &mut out,
                "select",
                "expected exactly one of box, performance_level, potential_level, predikat",
                "harus tepat satu dari box, performance_level, potential_level, predikat",
            );
        }
        let empty = s.boxes.as_ref().is_some_and(Vec::is_empty)
            || s.performance_level.as_ref().is_some_and(Vec::is_empty)
            || s.potential_level.as_ref().is_some_and(Vec::is_empty)
            || s.predikat.as_ref().is_some_and(Vec::is_empty);
        if empty {
            bad(&mut out, "select", "expected at least one value", "harus berisi paling sedikit satu nilai");
        }
        if let Some(b) = &self.basis {
            if b.chars().count() > 500 {
                bad(&mut out, "basis", "expected at most 500 characters", "paling banyak 500 karakter");
            }
        }
        out
    }
}

/// The SE MenPANRB 3/2023 distribution of employee predikat for an
/// organisation predikat, as guidelines (mode `warn`; the circular letter is
/// guidance to the appraisal, medium confidence). Its "most" conditions (the
/// largest single group) are not expressible as a share and are checked by
/// `validate`'s distribution check only.
pub fn se_menpanrb_3_2023(org: crate::rules::distribution::OrgPredikat) -> Vec<Guideline> {
    use crate::rules::distribution::OrgPredikat as O;
    use Predikat::*;
    let g = |id: &str, predikat: &[Predikat], op: Op, percent: f64| Guideline {
        id: id.into(),
        select: Select { predikat: Some(predikat.to_vec()), ..Select::default() },
        op,
        percent,
        percent_max: None,
        mode: Mode::Warn,
        per_unit: false,
        basis: Some("SE MenPANRB 3/2023".into()),
    };
    match org {
        O::Istimewa => vec![g("sangat_baik_at_most_70", &[SangatBaik], Op::AtMost, 70.0)],
        O::Baik => vec![
            g("baik_at_most_70", &[Baik], Op::AtMost, 70.0),
            g("butuh_perbaikan_or_kurang_present", &[ButuhPerbaikan, Kurang], Op::Above, 0.0),
        ],
        O::ButuhPerbaikan => vec![
            g("butuh_perbaikan_at_least_60", &[ButuhPerbaikan], Op::AtLeast, 60.0),
            g("sangat_baik_at_most_10", &[SangatBaik], Op::AtMost, 10.0),
        ],
        O::Kurang => vec![
            g("kurang_at_least_60", &[Kurang], Op::AtLeast, 60.0),
            g("butuh_perbaikan_at_least_10", &[ButuhPerbaikan], Op::AtLeast, 10.0),
            g("sangat_baik_at_most_10", &[SangatBaik], Op::AtMost, 10.0),
        ],
        O::SangatKurang => vec![
            g("sangat_kurang_at_least_60", &[SangatKurang], Op::AtLeast, 60.0),
            g("kurang_or_butuh_perbaikan_at_least_10", &[Kurang, ButuhPerbaikan], Op::AtLeast, 10.0),
            g("sangat_baik_none", &[SangatBaik], Op::Exactly, 0.0),
        ],
    }
}

/// One guideline against the calibrated placements of one scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct GuidelineResult {
    /// The guideline's id.
    pub id: String,
    /// The unit, for a per-unit guideline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// People in the scope.
    pub headcount: usize,
    /// People selected by the guideline.
    pub count: usize,
    /// The allowed counts after rounding.
    pub bounds: Bounds,
    /// Whether the guideline holds.
    pub ok: bool,
    /// `warn` or `enforce`.
    pub mode: Mode,
    /// What happened, in words.
    pub message: Message,
}

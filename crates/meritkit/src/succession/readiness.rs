//! Readiness: stable codes assigned by configurable rules (not national; the
//! preset rules are local practice).
//!
//! Rules are tried in order; the first whose conditions all hold gives the
//! code; none → `not_ready`. Before the rules, a candidate within
//! `not_ready_within_bup_years` of the BUP of the target kind is `not_ready`.
//! The preset follows `saifulanwarmbo/simata` [local]: boxes 9, 8 →
//! `ready_now`; 7, 5 → `ready_1_2_years`; 6, 4, 3 → `ready_3_plus_years`;
//! 1, 2 or within 1 year of BUP → `not_ready`.
//!
//! ```
//! use meritkit::succession::readiness::{Readiness, ReadinessPolicy, Facts};
//! let p = ReadinessPolicy::default();
//! let f = |b| Facts { box_: b, jpm: Some(85.0), years_in_position: Some(3.0), years_to_bup: Some(10.0) };
//! assert_eq!(p.assign(&f(9)).0, Readiness::ReadyNow);
//! assert_eq!(p.assign(&f(7)).0, Readiness::Ready12Years);
//! assert_eq!(p.assign(&f(6)).0, Readiness::Ready3PlusYears);
//! assert_eq!(p.assign(&f(2)).0, Readiness::NotReady);
//! ```

use serde::{Deserialize, Serialize};

/// Readiness code (stable wire strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub enum Readiness {
    /// Siap Sekarang.
    #[serde(rename = "ready_now")]
    ReadyNow,
    /// 1-2 Tahun.
    #[serde(rename = "ready_1_2_years")]
    Ready12Years,
    /// Potensi Masa Depan (3+ years).
    #[serde(rename = "ready_3_plus_years")]
    Ready3PlusYears,
    /// Bukan Kandidat.
    #[serde(rename = "not_ready")]
    NotReady,
}

impl Readiness {
    /// Every code, best first.
    pub const ALL: [Readiness; 4] =
        [Readiness::ReadyNow, Readiness::Ready12Years, Readiness::Ready3PlusYears, Readiness::NotReady];
    /// Wire code.
    pub fn code(self) -> &'static str {
        match self {
            Readiness::ReadyNow => "ready_now",
            Readiness::Ready12Years => "ready_1_2_years",
            Readiness::Ready3PlusYears => "ready_3_plus_years",
            Readiness::NotReady => "not_ready",
        }
    }
    /// English label (display only).
    pub fn label_en(self) -> &'static str {
        match self {
            Readiness::ReadyNow => "Ready now",
            Readiness::Ready12Years => "Ready in 1-2 years",
            Readiness::Ready3PlusYears => "Future potential (3+ years)",
            Readiness::NotReady => "Not a candidate",
        }
    }
    /// Indonesian label.
    pub fn label(self) -> &'static str {
        match self {
            Readiness::ReadyNow => "Siap Sekarang",
            Readiness::Ready12Years => "1-2 Tahun",
            Readiness::Ready3PlusYears => "Potensi Masa Depan",
            Readiness::NotReady => "Bukan Kandidat",
        }
    }
}

/// One readiness rule: every present condition must hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct ReadinessRule {
    /// Code given when the rule matches.
    pub code: Readiness,
    /// Box numbers admitted.
    pub boxes: Vec<u16>,
    /// Minimum JPM (%) against the target SKJ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_jpm: Option<f64>,
    /// Minimum years in the current position (masa jabatan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_years_in_position: Option<f64>,
}

/// Readiness rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields, default)]
pub struct ReadinessPolicy {
    /// Rules, tried in order.
    pub rules: Vec<ReadinessRule>,
    /// Within this many years of BUP (target kind) → `not_ready`. An age filter: 0-4 years
    /// ([`crate::statute::HORIZON_MAX_YEARS`]); above the preset 1 year only with a recognised `bup_citation`.
    pub not_ready_within_bup_years: f64,
    /// The statute behind a `not_ready_within_bup_years` above 1.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub bup_citation: String,
}

impl Default for ReadinessPolicy {
    fn default() -> Self {
        let r = |code, boxes: &[u16]| ReadinessRule {
            code,
            boxes: boxes.to_vec(),
            min_jpm: None,
            min_years_in_position: None,
        };
        ReadinessPolicy {
            rules: vec![
                r(Readiness::ReadyNow, &[9, 8]),
                r(Readiness::Ready12Years, &[7, 5]),
                r(Readiness::Ready3PlusYears, &[6, 4, 3]),
            ],
            not_ready_within_bup_years: 1.0,
            bup_citation: String::new(),
        }
    }
}

/// What readiness looks at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Facts {
    /// Box number.
    pub box_: u16,
    /// JPM against the target SKJ.
    pub jpm: Option<f64>,
    /// Years in the current position.
    pub years_in_position: Option<f64>,
    /// Years until BUP of the target kind.
    pub years_to_bup: Option<f64>,
}

impl ReadinessPolicy {
    /// Assigns a code; the second value names the rule that decided (a
    /// stable, machine-read form: `rule 0: box 9 in [9, 8]`), the third says
    /// it to people, in English and Indonesian.
    pub fn assign(&self, f: &Facts) -> (Readiness, String, crate::error::Message) {
        let (r, why) = self.decide(f);
        let (text, reason) = match why {
            Decided::Bup => {
                let y = self.not_ready_within_bup_years;
                (
                    format!("within {y} year(s) of BUP"),
                    crate::error::Message::new(
                        format!("less than {y} year(s) before the retirement age (BUP)"),
                        format!("kurang dari {y} tahun menjelang batas usia pensiun (BUP)"),
                    ),
                )
            }
            Decided::Rule(i) => {
                let boxes = self.rules.get(i).map(|r| r.boxes.clone()).unwrap_or_default();
                let list = boxes.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
                (
                    format!("rule {i}: box {} in {boxes:?}", f.box_),
                    crate::error::Message::new(
                        format!("box {} is one of {list} (readiness rule {})", f.box_, i + 1),
                        format!("kotak {} termasuk kotak {list} (aturan kesiapan ke-{})", f.box_, i + 1),
                    ),
                )
            }
            Decided::NoRule => (
                "no readiness rule matched".into(),
                crate::error::Message::new(
                    format!("box {} matches no readiness rule", f.box_),
                    format!("kotak {} tidak memenuhi aturan kesiapan mana pun", f.box_),
                ),
            ),
        };
        (r, text, reason)
    }
    /// Assigns a code without building the explanation (hot path).
    pub fn code(&self, f: &Facts) -> Readiness {
        self.decide(f).0
    }
    fn decide(&self, f: &Facts) -> (Readiness, Decided) {
        if let Some(y) = f.years_to_bup {
            if y < self.not_ready_within_bup_years {
                return (Readiness::NotReady, Decided::Bup);
            }
        }
        for (i, r) in self.rules.iter().enumerate() {
            let ok = r.boxes.contains(&f.box_)
                && r.min_jpm.is_none_or(|m| f.jpm.is_some_and(|v| v >= m))
                && r.min_years_in_position.is_none_or(|m| f.years_in_position.is_some_and(|v| v >= m));
            if ok {
                return (r.code, Decided::Rule(i));
            }
        }
        (Readiness::NotReady, Decided::NoRule)
    }
}

enum Decided {
    Bup,
    Rule(usize),
    NoRule,
}

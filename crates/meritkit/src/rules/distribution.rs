//! Employee predikat distribution by organisation predikat (SE MenPANRB
//! 3/2023, medium confidence).
//!
//! | Predikat organisasi | Employee predikat distribution |
//! |---|---|
//! | Istimewa | most Sangat Baik, at most 70 % |
//! | Baik | most Baik, at most 70 %; at least one Butuh Perbaikan or Kurang/Misconduct |
//! | Butuh Perbaikan | Butuh Perbaikan ≥ 60 %; Sangat Baik ≤ 10 % |
//! | Kurang | Kurang/Misconduct ≥ 60 %; Butuh Perbaikan ≥ 10 %; Sangat Baik ≤ 10 % |
//! | Sangat Kurang | Sangat Kurang ≥ 60 %; Kurang/Misconduct + Butuh Perbaikan ≥ 10 %; Sangat Baik = 0 |
//!
//! "Most" is read as the largest single predikat group (a plurality). Shares
//! compare exactly in integers (no rounding).
//!
//! ```
//! use meritkit::rules::distribution::{check, OrgPredikat};
//! use meritkit::performance::Predikat::*;
//! let r = check(OrgPredikat::Baik, &[Baik, Baik, Baik, SangatBaik, ButuhPerbaikan]);
//! assert!(r.ok);                 // Baik 60 % is the largest group, ≤ 70 %, and one Butuh Perbaikan
//! let r = check(OrgPredikat::Baik, &[Baik, Baik, Baik, SangatBaik]);
//! assert!(!r.ok);                // nobody below Baik
//! ```

use crate::error::Message;
use crate::labeled_enum;
use crate::performance::Predikat;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

labeled_enum! {
    /// Organisation performance predikat (SE MenPANRB 3/2023).
    pub enum OrgPredikat {
        /// Sangat Kurang.
        SangatKurang = ("sangat_kurang", "Sangat Kurang"),
        /// Kurang.
        Kurang = ("kurang", "Kurang"),
        /// Butuh Perbaikan / Cukup.
        ButuhPerbaikan = ("butuh_perbaikan", "Butuh Perbaikan", "Cukup"),
        /// Baik.
        Baik = ("baik", "Baik"),
        /// Istimewa.
        Istimewa = ("istimewa", "Istimewa"),
    }
}

/// One condition of the distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DistributionCheck {
    /// Stable id, e.g. `sangat_baik_at_most_70`.
    pub id: String,
    /// The condition in words.
    pub description: Message,
    /// Employees counted by the condition.
    pub count: usize,
    /// Their share (0-1) of all employees.
    pub share: f64,
    /// Whether the condition holds.
    pub ok: bool,
}

/// The report for one unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DistributionReport {
    /// Unit, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Organisation predikat.
    pub org_predikat: OrgPredikat,
    /// Number of employees.
    pub total: usize,
    /// Count per employee predikat (all five keys).
    pub counts: BTreeMap<Predikat, usize>,
    /// Every condition with its numbers.
    pub checks: Vec<DistributionCheck>,
    /// True when every condition holds.
    pub ok: bool,
    /// Source.
    pub rule: String,
}

/// Checks a unit's distribution. An empty list fails every share condition
/// that needs someone (and reports total 0).
pub fn check(org: OrgPredikat, predikat: &[Predikat]) -> DistributionReport {
    use Predikat::*;
    let total = predikat.len();
    let mut counts: BTreeMap<Predikat, usize> = Predikat::ALL.iter().map(|p| (*p, 0)).collect();
    for p in predikat {
        *counts.entry(*p).or_insert(0) += 1;
    }
    let c = |p: Predikat| counts.get(&p).copied().unwrap_or(0);
    let share = |n: usize| if total == 0 { 0.0 } else { n as f64 / total as f64 };
    let mut checks = Vec::new();
    let mut add = |id: &str, en: String, idn: String, n: usize, ok: bool| {
        checks.push(DistributionCheck {
            id: id.into(),
            description: Message::new(en, idn),
            count: n,
            share: share(n),
            ok,
        });
    };
    // n / total <= pct / 100, exactly.
    let at_most = |n: usize, pct: usize| n * 100 <= pct * total;
    let at_least = |n: usize, pct: usize| total > 0 && n * 100 >= pct * total;
    let plurality = |p: Predikat| total > 0 && Predikat::ALL.iter().all(|q| *q == p || c(*q) <= c(p));
    match org {
        OrgPredikat::Istimewa => {
            add(
                "sangat_baik_most",
                "Sangat Baik is the largest group".into(),
                "Sangat Baik kelompok terbesar".into(),
                c(SangatBaik),
                plurality(SangatBaik),
            );
            add(
                "sangat_baik_at_most_70",
                "Sangat Baik at most 70 %".into(),
                "Sangat Baik paling banyak 70 %".into(),
                c(SangatBaik),
                at_most(c(SangatBaik), 70),
            );
        }
        OrgPredikat::Baik => {
            add(
                "baik_most",
                "Baik is the largest group".into(),
                "Baik kelompok terbesar".into(),
                c(Baik),
                plurality(Baik),
            );
            add(
                "baik_at_most_70",
                "Baik at most 70 %".into(),
                "Baik paling banyak 70 %".into(),
                c(Baik),
                at_most(c(Baik), 70),
            );
            let n = c(ButuhPerbaikan) + c(Kurang);
            add(
                "butuh_perbaikan_or_kurang_present",
                "there must be Butuh Perbaikan and/or Kurang/Misconduct".into(),
                "harus ada Butuh Perbaikan dan/atau Kurang/Misconduct".into(),
                n,
                n > 0,
            );
        }
        OrgPredikat::ButuhPerbaikan => {
            add(
                "butuh_perbaikan_at_least_60",
                "Butuh Perbaikan at least 60 %".into(),
                "Butuh Perbaikan paling sedikit 60 %".into(),
                c(ButuhPerbaikan),
                at_least(c(ButuhPerbaikan), 60),
            );
            add(
                "sangat_baik_at_most_10",
                "Sangat Baik at most 10 %".into(),
                "Sangat Baik paling banyak 10 %".into(),
                c(SangatBaik),
                at_most(c(SangatBaik), 10),
            );
        }
        OrgPredikat::Kurang => {
            add(
                "kurang_at_least_60",
                "Kurang/Misconduct at least 60 %".into(),
                "Kurang/Misconduct paling sedikit 60 %".into(),
                c(Kurang),
                at_least(c(Kurang), 60),
            );
            add(
                "butuh_perbaikan_at_least_10",
                "Butuh Perbaikan at least 10 %".into(),
                "Butuh Perbaikan paling sedikit 10 %".into(),
                c(ButuhPerbaikan),
                at_least(c(ButuhPerbaikan), 10),
            );
            add(
                "sangat_baik_at_most_10",
                "Sangat Baik at most 10 %".into(),
                "Sangat Baik paling banyak 10 %".into(),
                c(SangatBaik),
                at_most(c(SangatBaik), 10),
            );
        }
        OrgPredikat::SangatKurang => {
            add(
                "sangat_kurang_at_least_60",
                "Sangat Kurang at least 60 %".into(),
                "Sangat Kurang paling sedikit 60 %".into(),
                c(SangatKurang),
                at_least(c(SangatKurang), 60),
            );
            let n = c(Kurang) + c(ButuhPerbaikan);
            add(
                "kurang_or_butuh_perbaikan_at_least_10",
                "Kurang/Misconduct and/or Butuh Perbaikan at least 10 %".into(),
                "Kurang/Misconduct dan/atau Butuh Perbaikan paling sedikit 10 %".into(),
                n,
                at_least(n, 10),
            );
            add(
                "sangat_baik_none",
                "no Sangat Baik".into(),
                "tidak ada Sangat Baik".into(),
                c(SangatBaik),
                c(SangatBaik) == 0,
            );
        }
    }
    let ok = checks.iter().all(|x| x.ok);
    DistributionReport {
        unit: None,
        org_predikat: org,
        total,
        counts,
        checks,
        ok,
        rule: "SE MenPANRB 3/2023 (medium confidence)".into(),
    }
}

//! Performance appraisal (SKP) and the employee predikat, PermenPANRB 6/2022.
//!
//! The predikat follows from two ratings, *hasil kerja* (work result) and
//! *perilaku kerja* (work behaviour, rated against BerAKHLAK), each
//! di bawah / sesuai / di atas ekspektasi:
//!
//! | Hasil kerja ↓ / Perilaku → | Di bawah | Sesuai | Di atas |
//! |---|---|---|---|
//! | Di atas ekspektasi | Kurang/Misconduct | Baik | Sangat Baik |
//! | Sesuai ekspektasi | Kurang/Misconduct | Baik | Baik |
//! | Di bawah ekspektasi | Sangat Kurang | Butuh Perbaikan | Butuh Perbaikan |
//!
//! ```
//! use meritkit::performance::{predikat, Rating::*, Predikat};
//! assert_eq!(predikat(DiAtasEkspektasi, DiAtasEkspektasi), Predikat::SangatBaik);
//! assert_eq!(predikat(DiAtasEkspektasi, DiBawahEkspektasi), Predikat::Kurang);
//! assert_eq!(predikat(DiBawahEkspektasi, DiBawahEkspektasi), Predikat::SangatKurang);
//! ```

use crate::labeled_enum;
use serde::{Deserialize, Serialize};

labeled_enum! {
    /// A rating against expectations; also the three levels of the kinerja
    /// axis of the 9-box (PermenPANRB 20/2025 Ps. 17). Ordered low to high.
    pub enum Rating {
        /// Di bawah ekspektasi (1).
        DiBawahEkspektasi = ("di_bawah_ekspektasi", "Di Bawah Ekspektasi", "dibawah ekspektasi", "below expectations"),
        /// Sesuai ekspektasi (2).
        SesuaiEkspektasi = ("sesuai_ekspektasi", "Sesuai Ekspektasi", "meets expectations"),
        /// Di atas ekspektasi (3).
        DiAtasEkspektasi = ("di_atas_ekspektasi", "Di Atas Ekspektasi", "diatas ekspektasi", "above expectations"),
    }
}

impl Rating {
    /// Level 1..=3.
    pub fn level(self) -> u8 {
        self as u8 + 1
    }
}

labeled_enum! {
    /// Employee predikat (PermenPANRB 6/2022). Declared low to high, so
    /// `Predikat::SangatBaik > Predikat::Baik`.
    pub enum Predikat {
        /// Sangat Kurang.
        SangatKurang = ("sangat_kurang", "Sangat Kurang"),
        /// Kurang/Misconduct.
        Kurang = ("kurang", "Kurang/Misconduct", "Kurang", "Misconduct"),
        /// Butuh Perbaikan (legacy "Cukup" maps here).
        ButuhPerbaikan = ("butuh_perbaikan", "Butuh Perbaikan", "Cukup"),
        /// Baik.
        Baik = ("baik", "Baik"),
        /// Sangat Baik.
        SangatBaik = ("sangat_baik", "Sangat Baik"),
    }
}

/// The PermenPANRB 6/2022 matrix: predikat from hasil kerja and perilaku kerja.
pub fn predikat(work_result: Rating, work_behavior: Rating) -> Predikat {
    use Rating::*;
    match (work_result, work_behavior) {
        (DiBawahEkspektasi, DiBawahEkspektasi) => Predikat::SangatKurang,
        (DiBawahEkspektasi, _) => Predikat::ButuhPerbaikan,
        (_, DiBawahEkspektasi) => Predikat::Kurang,
        (DiAtasEkspektasi, DiAtasEkspektasi) => Predikat::SangatBaik,
        _ => Predikat::Baik,
    }
}

/// One yearly appraisal: a predikat, or both ratings, or all three (then they must agree).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Appraisal {
    /// Appraisal year.
    pub year: i16,
    /// Predikat as reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predikat: Option<Predikat>,
    /// Rating hasil kerja.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_result: Option<Rating>,
    /// Rating perilaku kerja.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_behavior: Option<Rating>,
}

impl Appraisal {
    /// The effective predikat: as reported, else derived from both ratings.
    pub fn effective_predikat(&self) -> Option<Predikat> {
        self.predikat.or(match (self.work_result, self.work_behavior) {
            (Some(r), Some(b)) => Some(predikat(r, b)),
            _ => None,
        })
    }
}

/// The level (1-based) each predikat maps to on the kinerja axis, indexed by
/// `Predikat as usize` (`None`: not mapped, or mapped to no level of the grid).
pub fn predikat_levels(
    mapping: &std::collections::BTreeMap<Predikat, String>,
    grid: &crate::nine_box::Grid,
) -> [Option<u8>; 5] {
    let mut t = [None; 5];
    for p in Predikat::ALL {
        t[*p as usize] = mapping.get(p).and_then(|c| grid.performance_index(c));
    }
    t
}

/// Picks the appraisal years the kinerja axis uses (PermenPANRB 20/2025
/// Ps. 17): `appraisals` most recent first, each with its level (`None`: not
/// usable under the policy); the first `years` usable ones are passed to `keep`.
#[inline]
pub fn take_years<T>(appraisals: impl IntoIterator<Item = (T, Option<u8>)>, years: u8, mut keep: impl FnMut(T, u8)) {
    let mut n = 0usize;
    for (a, level) in appraisals {
        if n >= usize::from(years) {
            break;
        }
        if let Some(l) = level {
            keep(a, l);
            n += 1;
        }
    }
}

/// The kinerja level from the yearly levels used (most recent first), or
/// `None` when fewer than `min_years` (and at least one) are usable.
#[inline]
pub fn kinerja_level(levels: &[u8], min_years: u8, combine: crate::policy::Combine) -> Option<u8> {
    if levels.len() < usize::from(min_years) || levels.is_empty() {
        return None;
    }
    Some(combine.apply(levels))
}

//! Competencies (PermenPANRB 38/2017), job competency standards (SKJ) and the
//! Job Person Match (JPM).
//!
//! Eight managerial competencies and one socio-cultural (*Perekat Bangsa*),
//! each at levels 1-5. Technical competencies are an open set per jabatan and
//! travel under their own keys.
//!
//! ```
//! use meritkit::competency::{jpm, JpmCap, SelectionCategory, MappingCategory};
//! // 9 competencies required at level 3, attained 3 each except two at 2:
//! let req = [3u8; 9];
//! let att = [3u8, 3, 3, 3, 3, 3, 3, 2, 2];
//! let v = jpm(att.iter().zip(req.iter()).map(|(a, r)| (f64::from(*a), f64::from(*r))), JpmCap::CapTotal).unwrap();
//! assert!((v - 25.0 / 27.0 * 100.0).abs() < 1e-12);
//! assert_eq!(SelectionCategory::of(v), SelectionCategory::MemenuhiSyarat);
//! assert_eq!(MappingCategory::of(v), MappingCategory::Optimal);
//! ```

use crate::labeled_enum;
use crate::position::PositionKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

labeled_enum! {
    /// The 8 managerial and 1 socio-cultural competencies (PermenPANRB 38/2017).
    pub enum Competency {
        /// M: Integritas.
        Integritas = ("integritas", "Integritas"),
        /// M: Kerja Sama.
        KerjaSama = ("kerja_sama", "Kerja Sama"),
        /// M: Komunikasi.
        Komunikasi = ("komunikasi", "Komunikasi"),
        /// M: Orientasi pada Hasil.
        OrientasiPadaHasil = ("orientasi_pada_hasil", "Orientasi pada Hasil"),
        /// M: Pelayanan Publik.
        PelayananPublik = ("pelayanan_publik", "Pelayanan Publik"),
        /// M: Pengembangan Diri dan Orang Lain.
        PengembanganDiriDanOrangLain = ("pengembangan_diri_dan_orang_lain", "Pengembangan Diri dan Orang Lain"),
        /// M: Mengelola Perubahan.
        MengelolaPerubahan = ("mengelola_perubahan", "Mengelola Perubahan"),
        /// M: Pengambilan Keputusan.
        PengambilanKeputusan = ("pengambilan_keputusan", "Pengambilan Keputusan"),
        /// SK: Perekat Bangsa.
        PerekatBangsa = ("perekat_bangsa", "Perekat Bangsa"),
    }
}

/// Uniform required level over the 8 + 1 competencies, by position kind: the
/// reference preset (each instansi sets its own SKJ; the PermenPANRB 38/2017
/// Lampiran table is not confirmed against the signed text; JF levels low confidence).
pub fn preset_required_level(kind: PositionKind) -> u8 {
    use PositionKind::*;
    match kind {
        JptUtama | JptMadya => 5,
        JptPratama => 4,
        Administrator => 3,
        Pengawas => 2,
        Pelaksana => 1,
        AhliUtama => 4,
        AhliMadya => 3,
        AhliMuda => 2,
        AhliPertama => 1,
        Penyelia => 2,
        Mahir | Terampil | Pemula => 1,
    }
}

/// A competency standard (SKJ): required level per competency key.
pub type Standard = BTreeMap<String, u8>;

#[cfg(feature = "tsify")]
const _: () = {
    use crate::label::__ts::wasm_bindgen;
    #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
    const TS: &'static str = "/** Competency standard (SKJ): required level 1-5 per competency key. */\nexport type Standard = Record<string, number>;";
};

/// The preset SKJ for a position kind: the 9 standard competencies at the
/// uniform level of [`preset_required_level`].
pub fn preset_standard(kind: PositionKind) -> Standard {
    preset_standard_ref(kind).clone()
}

/// [`preset_standard`] without allocation (built once).
pub fn preset_standard_ref(kind: PositionKind) -> &'static Standard {
    static CACHE: std::sync::OnceLock<Vec<Standard>> = std::sync::OnceLock::new();
    let all = CACHE.get_or_init(|| {
        PositionKind::ALL
            .iter()
            .map(|k| {
                let lvl = preset_required_level(*k);
                Competency::ALL.iter().map(|c| (c.code().to_string(), lvl)).collect()
            })
            .collect()
    });
    &all[PositionKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)]
}

/// How JPM treats attainment above the requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum JpmCap {
    /// `min(100, Σa/Σr×100)` (preset; `valsix/kaltim_asses`).
    #[default]
    CapTotal,
    /// No cap (values above 100 possible).
    None,
    /// `Σ min(a_i, r_i) / Σ r_i × 100`.
    CapEach,
}

/// JPM (%) = Σ attained / Σ required × 100 over the standard's competencies,
/// with the cap variant. `None` when the required sum is 0. Summed in the
/// iteration order given (callers pass a sorted map for determinism).
pub fn jpm(pairs: impl IntoIterator<Item = (f64, f64)>, cap: JpmCap) -> Option<f64> {
    jpm_covered(pairs.into_iter().map(|(a, r)| (Some(a), r)), cap)
}

/// [`jpm`] over `(attained, required)` pairs of a standard, where a person may
/// lack a level: `None` unless every competency of the standard is attained.
/// The one JPM computation of every scoring path.
#[inline]
pub fn jpm_covered(pairs: impl IntoIterator<Item = (Option<f64>, f64)>, cap: JpmCap) -> Option<f64> {
    let (mut a, mut r) = (0.0f64, 0.0f64);
    for (att, req) in pairs {
        let att = att?;
        a += if cap == JpmCap::CapEach { att.min(req) } else { att };
        r += req;
    }
    if r <= 0.0 {
        return None;
    }
    let v = a / r * 100.0;
    Some(if cap == JpmCap::CapTotal { v.min(100.0) } else { v })
}

/// The level a person attained in competency `key` of a standard: as given,
/// else under the normalised key (`"Kerja Sama"` = `kerja_sama`; of two keys
/// that normalise alike, the last in key order, as
/// [`crate::scoring::jpm_against`] reads them).
pub fn attained_level(levels: &BTreeMap<String, f64>, key: &str) -> Option<f64> {
    Levels::new(levels).get(key)
}

/// A person's competency levels looked up by the standard's keys: the exact
/// key, else the key as written by people (labels, other case or spacing)
/// normalised, the last such key winning; the normalised keys are built once,
/// on the first lookup that needs them.
pub struct Levels<'a> {
    levels: &'a BTreeMap<String, f64>,
    normalized: Option<BTreeMap<String, f64>>,
}

impl<'a> Levels<'a> {
    /// The levels of a person.
    pub fn new(levels: &'a BTreeMap<String, f64>) -> Levels<'a> {
        Levels { levels, normalized: None }
    }

    /// The level attained in competency `key`.
    pub fn get(&mut self, key: &str) -> Option<f64> {
        match self.levels.get(key) {
            Some(a) => Some(*a),
            None => self
                .normalized
                .get_or_insert_with(|| self.levels.iter().map(|(k, v)| (crate::label::normalize(k), *v)).collect())
                .get(key)
                .copied(),
        }
    }
}

/// One competency of a standard against a person: the pair JPM sums, and the
/// gap between them.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardPair<'a> {
    /// Competency key of the standard.
    pub key: &'a str,
    /// Required level (1-5).
    pub required: u8,
    /// Attained level; `None` when the person has no level for it.
    pub attained: Option<f64>,
}

impl StandardPair<'_> {
    /// Gap = required − attained (positive: a shortfall; negative: above the
    /// standard); `None` without an attained level.
    pub fn gap(&self) -> Option<f64> {
        self.attained.map(|a| f64::from(self.required) - a)
    }
}

/// The standard's competencies, in key order, each with the person's level
/// ([`attained_level`]): the pairs [`jpm_of_pairs`] sums, and the gaps.
pub fn standard_pairs<'a>(levels: &BTreeMap<String, f64>, standard: &'a Standard) -> Vec<StandardPair<'a>> {
    let mut l = Levels::new(levels);
    standard.iter().map(|(k, &r)| StandardPair { key: k.as_str(), required: r, attained: l.get(k) }).collect()
}

/// JPM over [`standard_pairs`] ([`jpm_covered`]: `None` unless every
/// competency of the standard is attained).
pub fn jpm_of_pairs(pairs: &[StandardPair<'_>], cap: JpmCap) -> Option<f64> {
    jpm_covered(pairs.iter().map(|p| (p.attained, f64::from(p.required))), cap)
}

/// The JPM a person is scored with: computed from competency levels when they
/// cover the standard, else as reported by the assessment centre; with its
/// origin (`computed`, `reported`).
#[inline]
pub fn jpm_or_reported(computed: Option<f64>, reported: Option<f64>) -> Option<(f64, &'static str)> {
    computed.map(|v| (v, "computed")).or_else(|| reported.map(|v| (v, "reported")))
}

labeled_enum! {
    /// JPM category for selection / filling a position (believed Peraturan BKN 26/2019):
    /// MS ≥ 80 %, MMS 68 % ≤ JPM < 80 %, KMS < 68 %.
    pub enum SelectionCategory {
        /// KMS – Kurang Memenuhi Syarat (< 68 %).
        KurangMemenuhiSyarat = ("kurang_memenuhi_syarat", "Kurang Memenuhi Syarat", "KMS"),
        /// MMS – Masih Memenuhi Syarat (68 % ≤ JPM < 80 %).
        MasihMemenuhiSyarat = ("masih_memenuhi_syarat", "Masih Memenuhi Syarat", "MMS"),
        /// MS – Memenuhi Syarat (≥ 80 %).
        MemenuhiSyarat = ("memenuhi_syarat", "Memenuhi Syarat", "MS"),
    }
}

impl SelectionCategory {
    /// Classifies the unrounded JPM; lower bounds inclusive.
    pub fn of(jpm: f64) -> Self {
        if jpm >= 80.0 {
            SelectionCategory::MemenuhiSyarat
        } else if jpm >= 68.0 {
            SelectionCategory::MasihMemenuhiSyarat
        } else {
            SelectionCategory::KurangMemenuhiSyarat
        }
    }
}

labeled_enum! {
    /// JPM category for mapping (pemetaan): O ≥ 90 %, CO 78 % ≤ JPM < 90 %, KO < 78 %.
    pub enum MappingCategory {
        /// KO – Kurang Optimal (< 78 %).
        KurangOptimal = ("kurang_optimal", "Kurang Optimal", "KO"),
        /// CO – Cukup Optimal (78 % ≤ JPM < 90 %).
        CukupOptimal = ("cukup_optimal", "Cukup Optimal", "CO"),
        /// O – Optimal (≥ 90 %).
        Optimal = ("optimal", "Optimal", "O"),
    }
}

impl MappingCategory {
    /// Classifies the unrounded JPM; lower bounds inclusive.
    pub fn of(jpm: f64) -> Self {
        if jpm >= 90.0 {
            MappingCategory::Optimal
        } else if jpm >= 78.0 {
            MappingCategory::CukupOptimal
        } else {
            MappingCategory::KurangOptimal
        }
    }
}

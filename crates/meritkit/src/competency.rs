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

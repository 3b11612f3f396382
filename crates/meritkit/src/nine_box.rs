//! The national 9-box (*kotak talenta*), PermenPANRB 3/2020 as amended by
//! 20/2025 (axes: Ps. 17).
//!
//! ```text
//!                        Potensial →  Rendah  Menengah  Tinggi
//! Kinerja  Di atas ekspektasi            4        7        9
//!          Sesuai ekspektasi             2        5        8
//!          Di bawah ekspektasi           1        3        6
//! ```
//!
//! The box number is a pure function of the two levels (never of drawing
//! orientation); talent-pool membership derives from the number: KRS instansi
//! = boxes 7, 8, 9; KRS nasional = box 9.
//!
//! ```
//! use meritkit::nine_box::{box_number, Grid};
//! assert_eq!(box_number(3, 3), 9); // kinerja di atas, potensial tinggi
//! assert_eq!(box_number(3, 1), 4); // kinerja di atas, potensial rendah
//! assert_eq!(box_number(1, 3), 6); // kinerja di bawah, potensial tinggi
//! let g = Grid::asn();
//! assert_eq!(g.box_def(9).unwrap().talent_pool.len(), 2);
//! ```

use crate::error::{Code, Message, Problem};
use serde::{Deserialize, Serialize};

/// `BOX[p-1][k-1]`: the canonical numbering.
pub const BOX: [[u8; 3]; 3] = [[1, 2, 4], [3, 5, 7], [6, 8, 9]];

/// Canonical box for kinerja level `k` and potensial level `p` (both 1..=3).
/// Out-of-range levels are clamped into 1..=3.
pub fn box_number(k: u8, p: u8) -> u8 {
    let k = usize::from(k.clamp(1, 3)) - 1;
    let p = usize::from(p.clamp(1, 3)) - 1;
    BOX[p][k]
}

/// A talent pool (kelompok rencana suksesi).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    /// KRS instansi.
    Instansi,
    /// KRS nasional.
    Nasional,
}

impl Pool {
    /// Wire code.
    pub fn code(self) -> &'static str {
        match self {
            Pool::Instansi => "instansi",
            Pool::Nasional => "nasional",
        }
    }
}

/// One level of an axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    /// Wire code (`rendah`, `di_atas_ekspektasi`, ...).
    pub code: String,
    /// Display label.
    pub label: Message,
}

/// One box of the grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct BoxDef {
    /// Box number.
    pub number: u16,
    /// Official description (Indonesian) and its English rendering.
    pub description: Message,
    /// Talent pools the box belongs to.
    #[serde(default)]
    pub talent_pool: Vec<Pool>,
    /// Recommended follow-ups (rekomendasi tindak lanjut): official Indonesian text.
    #[serde(default)]
    pub follow_up: Vec<String>,
    /// English rendering of the follow-ups (display only).
    #[serde(default)]
    pub follow_up_en: Vec<String>,
    /// Optional display name (e.g. English "Star"): not regulation text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// A talent grid: performance levels (rows, low → high), potential levels
/// (columns, low → high), numbering `numbers[p][k]` and the boxes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Name of the grid (`asn_3x3`).
    pub name: String,
    /// Kinerja levels, lowest first.
    pub performance_levels: Vec<LevelDef>,
    /// Potensial levels, lowest first.
    pub potential_levels: Vec<LevelDef>,
    /// `numbers[p-1][k-1]` = box number.
    pub numbers: Vec<Vec<u16>>,
    /// Definition of each box.
    pub boxes: Vec<BoxDef>,
}

fn lv(code: &str, id: &str, en: &str) -> LevelDef {
    LevelDef { code: code.into(), label: Message::new(en, id) }
}

fn bx(number: u16, id: &str, en: &str, pool: &[Pool], fu: &[&str], fu_en: &[&str]) -> BoxDef {
    BoxDef {
        number,
        description: Message::new(en, id),
        talent_pool: pool.to_vec(),
        follow_up: fu.iter().map(|s| s.to_string()).collect(),
        follow_up_en: fu_en.iter().map(|s| s.to_string()).collect(),
        display_name: None,
    }
}

impl Grid {
    /// The ASN 3×3 grid: canonical numbering, official descriptions, KRS
    /// membership and follow-ups (PermenPANRB 3/2020 Lampiran, as the public
    /// implementations agree; not confirmed against the signed text).
    pub fn asn() -> Grid {
        use Pool::*;
        Grid {
            name: "asn_3x3".into(),
            performance_levels: vec![
                lv("di_bawah_ekspektasi", "Di Bawah Ekspektasi", "Below expectations"),
                lv("sesuai_ekspektasi", "Sesuai Ekspektasi", "Meets expectations"),
                lv("di_atas_ekspektasi", "Di Atas Ekspektasi", "Above expectations"),
            ],
            potential_levels: vec![
                lv("rendah", "Rendah", "Low"),
                lv("menengah", "Menengah", "Medium"),
                lv("tinggi", "Tinggi", "High"),
            ],
            numbers: BOX.iter().map(|r| r.iter().map(|&n| u16::from(n)).collect()).collect(),
            boxes: vec![
                bx(1, "Kinerja di bawah ekspektasi dan potensial rendah", "Performance below expectations, low potential", &[],
                    &["diproses sesuai ketentuan peraturan perundang-undangan"],
                    &["handled according to the laws and regulations"]),
                bx(2, "Kinerja sesuai ekspektasi dan potensial rendah", "Performance meets expectations, low potential", &[],
                    &["bimbingan kinerja", "pengembangan kompetensi", "penempatan yang sesuai"],
                    &["performance coaching", "competency development", "suitable placement"]),
                bx(3, "Kinerja di bawah ekspektasi dan potensial menengah", "Performance below expectations, medium potential", &[],
                    &["bimbingan kinerja", "konseling kinerja", "pengembangan kompetensi", "penempatan yang sesuai"],
                    &["performance coaching", "performance counselling", "competency development", "suitable placement"]),
                bx(4, "Kinerja di atas ekspektasi dan potensial rendah", "Performance above expectations, low potential", &[],
                    &["rotasi", "pengembangan kompetensi"],
                    &["rotation", "competency development"]),
                bx(5, "Kinerja sesuai ekspektasi dan potensial menengah", "Performance meets expectations, medium potential", &[],
                    &["penempatan yang sesuai", "bimbingan kinerja", "pengembangan kompetensi"],
                    &["suitable placement", "performance coaching", "competency development"]),
                bx(6, "Kinerja di bawah ekspektasi dan potensial tinggi", "Performance below expectations, high potential", &[],
                    &["penempatan yang sesuai", "bimbingan kinerja", "konseling kinerja"],
                    &["suitable placement", "performance coaching", "performance counselling"]),
                bx(7, "Kinerja di atas ekspektasi dan potensial menengah", "Performance above expectations, medium potential", &[Instansi],
                    &["dipertahankan", "masuk kelompok rencana suksesi instansi", "rotasi/pengayaan jabatan", "pengembangan kompetensi", "tugas belajar"],
                    &["retain", "enter the agency succession pool", "rotation/job enrichment", "competency development", "study assignment"]),
                bx(8, "Kinerja sesuai ekspektasi dan potensial tinggi", "Performance meets expectations, high potential", &[Instansi],
                    &["dipertahankan", "masuk kelompok rencana suksesi instansi", "rotasi/perluasan jabatan", "bimbingan kinerja"],
                    &["retain", "enter the agency succession pool", "rotation/job enlargement", "performance coaching"]),
                bx(9, "Kinerja di atas ekspektasi dan potensial tinggi", "Performance above expectations, high potential", &[Instansi, Nasional],
                    &["dipromosikan dan dipertahankan", "masuk kelompok rencana suksesi instansi/nasional", "penghargaan"],
                    &["promote and retain", "enter the agency/national succession pool", "recognition"]),
            ],
        }
    }

    /// Number of performance levels.
    pub fn performance_count(&self) -> usize {
        self.performance_levels.len()
    }
    /// Number of potential levels.
    pub fn potential_count(&self) -> usize {
        self.potential_levels.len()
    }
    /// Box number for 1-based levels; `None` if out of range.
    pub fn number(&self, k: u8, p: u8) -> Option<u16> {
        let row = self.numbers.get(usize::from(p).checked_sub(1)?)?;
        row.get(usize::from(k).checked_sub(1)?).copied()
    }
    /// The definition of box `n`.
    pub fn box_def(&self, n: u16) -> Option<&BoxDef> {
        self.boxes.iter().find(|b| b.number == n)
    }
    /// 1-based index of a performance level code.
    pub fn performance_index(&self, code: &str) -> Option<u8> {
        self.performance_levels.iter().position(|l| l.code == code).and_then(|i| u8::try_from(i + 1).ok())
    }
    /// 1-based index of a potential level code.
    pub fn potential_index(&self, code: &str) -> Option<u8> {
        self.potential_levels.iter().position(|l| l.code == code).and_then(|i| u8::try_from(i + 1).ok())
    }

    /// Checks the grid: non-empty axes (at most 9 levels each), unique level codes,
    /// `numbers` of the right shape holding each of 1..=N×M once, one box
    /// definition per number.
    pub fn check(&self, path: &str) -> Vec<Problem> {
        let mut ps = Vec::new();
        let (nk, np) = (self.performance_levels.len(), self.potential_levels.len());
        let bad = |p: &mut Vec<Problem>, sub: &str, en: String, id: String| {
            p.push(Problem::new(Code::InvalidPolicy, format!("{path}.{sub}"), en, id))
        };
        for (axis, n, levels) in [("performance_levels", nk, &self.performance_levels), ("potential_levels", np, &self.potential_levels)] {
            if !(1..=9).contains(&n) {
                bad(&mut ps, axis, format!("an axis needs 1 to 9 levels, got {n}"), format!("sumbu harus punya 1 sampai 9 tingkat, ada {n}"));
            }
            let mut codes: Vec<&str> = levels.iter().map(|l| l.code.as_str()).collect();
            crate::sort::stable(&mut codes);
            if codes.windows(2).any(|w| w[0] == w[1]) {
                bad(&mut ps, axis, "level codes must be unique".into(), "kode tingkat harus unik".into());
            }
        }
        if self.numbers.len() != np || self.numbers.iter().any(|r| r.len() != nk) {
            bad(&mut ps, "numbers", format!("numbers must have {np} rows (potential) of {nk} entries (performance)"),
                format!("numbers harus {np} baris (potensial) masing-masing {nk} nilai (kinerja)"));
            return ps;
        }
        let mut all: Vec<u16> = self.numbers.iter().flatten().copied().collect();
        crate::sort::stable(&mut all);
        let expect: Vec<u16> = (1..=(nk * np) as u16).collect();
        if all != expect {
            bad(&mut ps, "numbers", format!("numbers must contain each of 1..={} exactly once", nk * np),
                format!("numbers harus memuat setiap angka 1..={} tepat sekali", nk * np));
        }
        for n in expect {
            let c = self.boxes.iter().filter(|b| b.number == n).count();
            if c != 1 {
                bad(&mut ps, "boxes", format!("box {n} must be defined exactly once (found {c})"),
                    format!("kotak {n} harus didefinisikan tepat sekali (ada {c})"));
            }
        }
        ps
    }
}

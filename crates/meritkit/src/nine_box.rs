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

/// Which axis runs down the rows of a drawn grid ([`Grid::layout`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Kinerja on the rows, highest at the top; potensial on the columns,
    /// lowest at the left: the figure of PermenPANRB 3/2020 (Lampiran). The default.
    #[default]
    PerformanceRows,
    /// Potensial on the rows, highest at the top; kinerja on the columns, lowest at the left.
    PotentialRows,
}

/// A grid as drawn: the levels down the rows (top first) and across the
/// columns (left first), and the box number in each cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Layout {
    /// Which axis runs down the rows.
    pub orientation: Orientation,
    /// The row levels, top first.
    pub rows: Vec<LevelDef>,
    /// The column levels, left first.
    pub columns: Vec<LevelDef>,
    /// `cells[row][column]`: the box number drawn there.
    pub cells: Vec<Vec<u16>>,
}

/// A talent grid: kinerja (performance) levels and potensial levels, each
/// lowest first, the numbering and the boxes. The numbering is stored
/// potensial-major: `numbers[p - 1][k - 1]` is the box at potensial level `p`
/// and kinerja level `k` ([`Grid::number`]`(k, p)`). This is storage order only:
/// every renderer draws [`Grid::layout`] (by default kinerja on the rows, as the
/// official figure).
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
    /// `numbers[p-1][k-1]` = box number at potensial level `p`, kinerja level `k`.
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
                bx(
                    1,
                    "Kinerja di bawah ekspektasi dan potensial rendah",
                    "Performance below expectations, low potential",
                    &[],
                    &["diproses sesuai ketentuan peraturan perundang-undangan"],
                    &["handled according to the laws and regulations"],
                ),
                bx(
                    2,
                    "Kinerja sesuai ekspektasi dan potensial rendah",
                    "Performance meets expectations, low potential",
                    &[],
                    &["bimbingan kinerja", "pengembangan kompetensi", "penempatan yang sesuai"],
                    &["performance coaching", "competency development", "suitable placement"],
                ),
                bx(
                    3,
                    "Kinerja di bawah ekspektasi dan potensial menengah",
                    "Performance below expectations, medium potential",
                    &[],
                    &["bimbingan kinerja", "konseling kinerja", "pengembangan kompetensi", "penempatan yang sesuai"],
                    &[
                        "performance coaching",
                        "performance counselling",
                        "competency development",
                        "suitable placement",
                    ],
                ),
                bx(
                    4,
                    "Kinerja di atas ekspektasi dan potensial rendah",
                    "Performance above expectations, low potential",
                    &[],
                    &["rotasi", "pengembangan kompetensi"],
                    &["rotation", "competency development"],
                ),
                bx(
                    5,
                    "Kinerja sesuai ekspektasi dan potensial menengah",
                    "Performance meets expectations, medium potential",
                    &[],
                    &["penempatan yang sesuai", "bimbingan kinerja", "pengembangan kompetensi"],
                    &["suitable placement", "performance coaching", "competency development"],
                ),
                bx(
                    6,
                    "Kinerja di bawah ekspektasi dan potensial tinggi",
                    "Performance below expectations, high potential",
                    &[],
                    &["penempatan yang sesuai", "bimbingan kinerja", "konseling kinerja"],
                    &["suitable placement", "performance coaching", "performance counselling"],
                ),
                bx(
                    7,
                    "Kinerja di atas ekspektasi dan potensial menengah",
                    "Performance above expectations, medium potential",
                    &[Instansi],
                    &[
                        "dipertahankan",
                        "masuk kelompok rencana suksesi instansi",
                        "rotasi/pengayaan jabatan",
                        "pengembangan kompetensi",
                        "tugas belajar",
                    ],
                    &[
                        "retain",
                        "enter the agency succession pool",
                        "rotation/job enrichment",
                        "competency development",
                        "study assignment",
                    ],
                ),
                bx(
                    8,
                    "Kinerja sesuai ekspektasi dan potensial tinggi",
                    "Performance meets expectations, high potential",
                    &[Instansi],
                    &[
                        "dipertahankan",
                        "masuk kelompok rencana suksesi instansi",
                        "rotasi/perluasan jabatan",
                        "bimbingan kinerja",
                    ],
                    &["retain", "enter the agency succession pool", "rotation/job enlargement", "performance coaching"],
                ),
                bx(
                    9,
                    "Kinerja di atas ekspektasi dan potensial tinggi",
                    "Performance above expectations, high potential",
                    &[Instansi, Nasional],
                    &[
                        "dipromosikan dan dipertahankan",
                        "masuk kelompok rencana suksesi instansi/nasional",
                        "penghargaan",
                    ],
                    &["promote and retain", "enter the agency/national succession pool", "recognition"],
                ),
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
    /// The 1-based (kinerja, potensial) levels of box `n` (the inverse of [`Grid::number`]); `None` when
    /// the grid has no such box.
    pub fn levels_of(&self, n: u16) -> Option<(u8, u8)> {
        self.numbers.iter().enumerate().find_map(|(p, row)| {
            let k = row.iter().position(|&b| b == n)?;
            Some((u8::try_from(k + 1).ok()?, u8::try_from(p + 1).ok()?))
        })
    }

    /// Box number for 1-based levels; `None` if out of range.
    pub fn number(&self, k: u8, p: u8) -> Option<u16> {
        let row = self.numbers.get(usize::from(p).checked_sub(1)?)?;
        row.get(usize::from(k).checked_sub(1)?).copied()
    }
    /// The grid as drawn, the one layout every renderer uses (the CLI's
    /// table, the HTML report, the web demo, Python's notebook view).
    ///
    /// ```
    /// use meritkit::nine_box::{Grid, Orientation};
    /// let g = Grid::asn();
    /// // KemenPANRB's figure: kinerja on the rows (di atas ekspektasi at the top),
    /// // potensial on the columns (rendah at the left)
    /// let l = g.layout(Orientation::PerformanceRows);
    /// assert_eq!(l.cells, vec![vec![4, 7, 9], vec![2, 5, 8], vec![1, 3, 6]]);
    /// assert_eq!(l.rows[0].code, "di_atas_ekspektasi");
    /// assert_eq!(l.columns[0].code, "rendah");
    /// let t = g.layout(Orientation::PotentialRows);
    /// assert_eq!(t.cells, vec![vec![6, 8, 9], vec![3, 5, 7], vec![1, 2, 4]]);
    /// ```
    pub fn layout(&self, orientation: Orientation) -> Layout {
        let (rows, columns) = match orientation {
            Orientation::PerformanceRows => (&self.performance_levels, &self.potential_levels),
            Orientation::PotentialRows => (&self.potential_levels, &self.performance_levels),
        };
        let cells = (1..=rows.len())
            .rev()
            .map(|r| {
                (1..=columns.len())
                    .map(|c| {
                        let (r, c) = (u8::try_from(r).unwrap_or(0), u8::try_from(c).unwrap_or(0));
                        let (k, p) = match orientation {
                            Orientation::PerformanceRows => (r, c),
                            Orientation::PotentialRows => (c, r),
                        };
                        self.number(k, p).unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        Layout { orientation, rows: rows.iter().rev().cloned().collect(), columns: columns.clone(), cells }
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

    /// Checks the grid: non-empty axes (at most [`MAX_GRID_LEVELS`] levels
    /// each, else `limit_exceeded`), unique level codes, `numbers` of the
    /// right shape holding each of 1..=N×M once, one box definition per
    /// number and none for a number outside the grid. Linear in the size of
    /// the grid (a count per box number, a set of level codes).
    pub fn check(&self, path: &str) -> Vec<Problem> {
        self.check_with_limit(path, MAX_GRID_LEVELS)
    }

    fn check_with_limit(&self, path: &str, max_levels: usize) -> Vec<Problem> {
        let mut ps = Vec::new();
        let (nk, np) = (self.performance_levels.len(), self.potential_levels.len());
        let bad = |p: &mut Vec<Problem>, code: Code, sub: &str, en: String, id: String| {
            p.push(Problem::new(code, format!("{path}.{sub}"), en, id))
        };
        let mut too_big = false;
        for (axis, n, levels) in
            [("performance_levels", nk, &self.performance_levels), ("potential_levels", np, &self.potential_levels)]
        {
            if n == 0 {
                bad(
                    &mut ps,
                    Code::InvalidPolicy,
                    axis,
                    format!("an axis needs 1 to {max_levels} levels, got 0"),
                    format!("sumbu harus punya 1 sampai {max_levels} tingkat, ada 0"),
                );
            } else if n > max_levels {
                too_big = true;
                bad(
                    &mut ps,
                    Code::LimitExceeded,
                    axis,
                    format!("an axis has at most {max_levels} levels, got {n}"),
                    format!("sumbu paling banyak {max_levels} tingkat, ada {n}"),
                );
            }
            let mut seen = std::collections::HashSet::with_capacity(levels.len());
            if !levels.iter().all(|l| seen.insert(l.code.as_str())) {
                bad(
                    &mut ps,
                    Code::InvalidPolicy,
                    axis,
                    "level codes must be unique".into(),
                    "kode tingkat harus unik".into(),
                );
            }
        }
        let cells = nk * np;
        if too_big || self.boxes.len() > max_levels * max_levels {
            if self.boxes.len() > max_levels * max_levels {
                bad(
                    &mut ps,
                    Code::LimitExceeded,
                    "boxes",
                    format!("a grid has at most {} boxes, got {}", max_levels * max_levels, self.boxes.len()),
                    format!("grid paling banyak {} kotak, ada {}", max_levels * max_levels, self.boxes.len()),
                );
            }
            return ps;
        }
        if self.numbers.len() != np || self.numbers.iter().any(|r| r.len() != nk) {
            bad(
                &mut ps,
                Code::InvalidPolicy,
                "numbers",
                format!("numbers must have {np} rows (potential) of {nk} entries (performance)"),
                format!("numbers harus {np} baris (potensial) masing-masing {nk} nilai (kinerja)"),
            );
            return ps;
        }
        // How often each number 1..=cells occurs in `numbers` and in `boxes` (index 0 unused).
        let mut in_numbers = vec![0usize; cells + 1];
        let mut in_boxes = vec![0usize; cells + 1];
        let mut outside = 0usize;
        for &n in self.numbers.iter().flatten() {
            match in_numbers.get_mut(usize::from(n)).filter(|_| n > 0) {
                Some(c) => *c += 1,
                None => outside += 1,
            }
        }
        if outside > 0 || in_numbers.iter().skip(1).any(|&c| c != 1) {
            bad(
                &mut ps,
                Code::InvalidPolicy,
                "numbers",
                format!("numbers must contain each of 1..={cells} exactly once"),
                format!("numbers harus memuat setiap angka 1..={cells} tepat sekali"),
            );
        }
        for (i, b) in self.boxes.iter().enumerate() {
            match in_boxes.get_mut(usize::from(b.number)).filter(|_| b.number > 0) {
                Some(c) => *c += 1,
                None => bad(
                    &mut ps,
                    Code::InvalidPolicy,
                    &format!("boxes[{i}].number"),
                    format!("box {} is not a number of the grid (1..={cells})", b.number),
                    format!("kotak {} bukan nomor pada grid (1..={cells})", b.number),
                ),
            }
        }
        for (n, &c) in in_boxes.iter().enumerate().skip(1) {
            if c != 1 {
                bad(
                    &mut ps,
                    Code::InvalidPolicy,
                    "boxes",
                    format!("box {n} must be defined exactly once (found {c})"),
                    format!("kotak {n} harus didefinisikan tepat sekali (ada {c})"),
                );
            }
        }
        self.check_texts(&mut |sub, problem| {
            let (code, en, id) = match problem {
                TextProblem::Empty => {
                    (Code::InvalidPolicy, "a label must not be empty".into(), "label tidak boleh kosong".into())
                }
                TextProblem::Repeated => (
                    Code::InvalidPolicy,
                    "two levels of an axis have the same label".into(),
                    "dua tingkat pada satu sumbu berlabel sama".into(),
                ),
                TextProblem::NotOneLine => (
                    Code::InvalidPolicy,
                    "must be one line of text, without control or invisible characters".into(),
                    "harus satu baris teks, tanpa karakter kendali atau tak terlihat".into(),
                ),
                TextProblem::TooLong(n) => (
                    Code::LimitExceeded,
                    format!("text of {n} characters; at most {MAX_TEXT_CHARS}"),
                    format!("teks {n} karakter; paling panjang {MAX_TEXT_CHARS}"),
                ),
            };
            bad(&mut ps, code, &sub, en, id);
        });
        ps
    }

    /// The texts people read (level labels, box descriptions, follow-ups, display names): each one line
    /// ([`crate::diag::one_line`]) of at most [`MAX_TEXT_CHARS`]; level labels not blank and, per axis and
    /// language, not repeated. `report(sub_path, problem)` per problem.
    fn check_texts(&self, report: &mut dyn FnMut(String, TextProblem)) {
        let mut out: Vec<(String, TextProblem)> = Vec::new();
        let text = |out: &mut Vec<(String, TextProblem)>, sub: String, t: &str| {
            let n = t.chars().count();
            if n > MAX_TEXT_CHARS {
                out.push((sub, TextProblem::TooLong(n)));
            } else if !crate::diag::one_line(t) {
                out.push((sub, TextProblem::NotOneLine));
            }
        };
        let blank = |t: &str| t.chars().all(|c| c.is_whitespace() || crate::diag::is_invisible(c) || c == '\u{2800}');
        for (axis, levels) in
            [("performance_levels", &self.performance_levels), ("potential_levels", &self.potential_levels)]
        {
            let mut seen = std::collections::HashSet::new();
            for (i, l) in levels.iter().enumerate() {
                for (lang, t) in [("en", &l.label.en), ("id", &l.label.id)] {
                    let sub = format!("{axis}[{i}].label.{lang}");
                    if blank(t) {
                        out.push((sub, TextProblem::Empty));
                    } else if !seen.insert((lang, crate::label::normalize(t))) {
                        out.push((sub, TextProblem::Repeated));
                    } else {
                        text(&mut out, sub, t);
                    }
                }
            }
        }
        for (i, b) in self.boxes.iter().enumerate() {
            text(&mut out, format!("boxes[{i}].description.en"), &b.description.en);
            text(&mut out, format!("boxes[{i}].description.id"), &b.description.id);
            for (j, t) in b.follow_up.iter().enumerate() {
                text(&mut out, format!("boxes[{i}].follow_up[{j}]"), t);
            }
            for (j, t) in b.follow_up_en.iter().enumerate() {
                text(&mut out, format!("boxes[{i}].follow_up_en[{j}]"), t);
            }
            if let Some(t) = &b.display_name {
                text(&mut out, format!("boxes[{i}].display_name"), t);
            }
        }
        for (sub, p) in out {
            report(sub, p);
        }
    }
}

/// What is wrong with a text of the grid.
enum TextProblem {
    Empty,
    Repeated,
    NotOneLine,
    TooLong(usize),
}

/// Longest text of a grid (a label, a description, a follow-up), in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// Most levels per grid axis (and so at most `MAX_GRID_LEVELS²` boxes): a
/// larger grid is refused with `limit_exceeded` before any other check. The
/// 3×3 ASN grid needs 3; raising it means changing this constant (box
/// numbers of the columnar outputs are `u8`, so at most 15).
pub const MAX_GRID_LEVELS: usize = 9;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_descriptions_are_one_line_and_labels_not_empty() {
        let mut g = Grid::asn();
        g.potential_levels[2].label.id = "Tinggi\u{1b}[2J".into();
        g.potential_levels[1].label.en = " ".into();
        g.boxes[8].description.id = "baris satu\nbaris dua".into();
        g.boxes[0].follow_up[0] = "=HYPERLINK\u{202E}".into();
        g.performance_levels[0].label.id = "\u{3164}\u{00AD}".into(); // looks empty: a Hangul filler, a soft hyphen
        g.performance_levels[2].label.en = "below EXPECTATIONS".into(); // the same label as level 1
        g.boxes[4].display_name = Some("x".repeat(MAX_TEXT_CHARS + 1));
        g.boxes[5].description.en = "tag\u{E0041}".into();
        let paths: Vec<String> = g.check("grid").into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "grid.performance_levels[0].label.id",
                "grid.performance_levels[2].label.en",
                "grid.potential_levels[1].label.en",
                "grid.potential_levels[2].label.id",
                "grid.boxes[0].follow_up[0]",
                "grid.boxes[4].display_name",
                "grid.boxes[5].description.en",
                "grid.boxes[8].description.id"
            ]
        );
        assert!(Grid::asn().check("grid").is_empty());
    }

    /// An n×n grid with numbers 1..=n² and one box per number.
    fn square(n: usize) -> Grid {
        let level = |a: &str, i: usize| LevelDef {
            code: format!("{a}{i}"),
            label: Message::new(format!("{a} {i}"), format!("{a} {i}")),
        };
        Grid {
            name: "big".into(),
            performance_levels: (0..n).map(|i| level("k", i)).collect(),
            potential_levels: (0..n).map(|i| level("p", i)).collect(),
            numbers: (0..n).map(|p| (0..n).map(|k| (p * n + k + 1) as u16).collect()).collect(),
            boxes: (1..=n * n).map(|b| bx(b as u16, "x", "x", &[], &[], &[])).collect(),
        }
    }

    #[test]
    fn a_255_by_255_grid_is_refused_by_the_limit() {
        let g = square(255);
        let ps = g.check("grid");
        let codes: Vec<(Code, &str)> = ps.iter().map(|p| (p.code, p.path.as_str())).collect();
        assert_eq!(
            codes,
            vec![
                (Code::LimitExceeded, "grid.performance_levels"),
                (Code::LimitExceeded, "grid.potential_levels"),
                (Code::LimitExceeded, "grid.boxes"),
            ]
        );
    }

    #[test]
    fn the_full_check_of_a_255_by_255_grid_is_linear() {
        // 65 025 boxes: a check that looks each number up in the box list
        // (the old one) does 4·10⁹ comparisons, minutes in a debug build.
        let mut g = square(255);
        assert!(g.check_with_limit("grid", 255).is_empty());
        g.boxes.swap_remove(10); // box 11 gone, the last moved into its place
        g.boxes.push(bx(1, "x", "x", &[], &[], &[])); // box 1 twice
        g.boxes.push(bx(0, "x", "x", &[], &[], &[])); // not a number of the grid
        g.numbers[3][4] = 7; // 7 twice, 3·255+5 missing
        let ps = g.check_with_limit("grid", 256);
        let got: Vec<(&str, &str)> = ps.iter().map(|p| (p.path.as_str(), p.message.en.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("grid.numbers", "numbers must contain each of 1..=65025 exactly once"),
                ("grid.boxes[65025].number", "box 0 is not a number of the grid (1..=65025)"),
                ("grid.boxes", "box 1 must be defined exactly once (found 2)"),
                ("grid.boxes", "box 11 must be defined exactly once (found 0)"),
            ]
        );
    }

    #[test]
    fn the_asn_grid_passes_and_duplicate_codes_are_found() {
        assert!(Grid::asn().check("grid").is_empty());
        let mut g = Grid::asn();
        g.potential_levels[2].code = "rendah".into();
        let ps = g.check("grid");
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].path, "grid.potential_levels");
        assert_eq!(ps[0].code, Code::InvalidPolicy);
    }
}

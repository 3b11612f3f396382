//! Column mapping: from an agency's spreadsheet headers (SIASN, SIMATA and
//! assessment-centre exports, hand-made sheets) to the flat layout of
//! [`crate::flat`].
//!
//! A built-in mapping knows the usual Indonesian headers (`NIP`, `Nama`,
//! `Unit Kerja`, `Jabatan`, `Jenis Jabatan`, `Golongan`, `Pendidikan`,
//! `Predikat Kinerja 2025`, the nine competency names of PermenPANRB 38/2017,
//! the eight potential aspects of PermenPANRB 20/2025 Ps. 17, `Nilai Potensi`,
//! `JPM`, ...), in the *wide* layout: one column per appraisal year and one per
//! competency. Headers are compared case- and space-insensitively (every run
//! of non-alphanumeric characters counts as one separator), so `UNIT KERJA`,
//! `Unit  Kerja` and `unit_kerja` are the same header. The flat column names
//! themselves (`nip`, `performance_2025`, `competency_integritas`) are always
//! accepted.
//!
//! An agency with other headers writes a small TOML file:
//!
//! ```toml
//! builtin = true          # also use the built-in Indonesian headers (default)
//! unknown = "error"       # or "ignore": unknown headers become warnings
//! ignore = ["Keterangan"] # headers to skip without a warning
//!
//! [columns]
//! "NIP Baru" = "nip"
//! "Nilai SKP {year}" = "performance_{year}"   # wide layout: one column per year
//! "Kompetensi Integritas" = "competency_integritas"
//! ```
//!
//! Unknown headers and two headers landing on the same field are errors that
//! name the cell (`Pegawai!C1`); nothing is dropped silently.
//!
//! ```
//! use meritkit::mapping::{ColumnMapping, map_headers};
//! use meritkit::flat::Cell;
//! let headers = ["No", "NIP", "Nama", "UNIT KERJA", "Jenis Jabatan", "Predikat Kinerja 2025", "Integritas", "Nilai Potensi"];
//! let m = map_headers(&headers, &ColumnMapping::builtin(), &|c| format!("{}1", meritkit::mapping::column_letter(c))).unwrap();
//! assert_eq!(m.targets[3].as_deref(), Some("unit"));
//! assert_eq!(m.targets[5].as_deref(), Some("performance_2025"));
//! assert_eq!(m.targets[6].as_deref(), Some("competency_integritas"));
//! let v = m.to_value(&[Cell::Num(1.0), Cell::Str("198503152010011002".into()), Cell::Str("Contoh".into()),
//!     Cell::Str("Dinas Pangan".into()), Cell::Str("Administrator".into()), Cell::Str("Sangat Baik".into()),
//!     Cell::Num(3.0), Cell::Num(80.0)]);
//! assert_eq!(v["performance"][0]["year"], 2025);
//! assert_eq!(v["competency"]["integritas"], 3.0);
//! ```

use crate::competency::Competency;
use crate::error::{Code, Problem};
use crate::flat::{Cell, FlatLayout};
use crate::model::{Employee, POTENTIAL_ASPECTS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What to do with a header that no mapping knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnknownHeaders {
    /// Stop with an `unknown_column` error per header (default: nothing is dropped silently).
    #[default]
    Error,
    /// Skip the column with an `unknown_column` warning.
    Ignore,
}

fn yes() -> bool {
    true
}

/// A column mapping (TOML or JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// Also use the built-in Indonesian headers.
    #[serde(default = "yes")]
    pub builtin: bool,
    /// Unknown headers: `error` or `ignore`.
    #[serde(default)]
    pub unknown: UnknownHeaders,
    /// Headers to skip silently.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Header → flat column. A header may contain `{year}` (four digits), and
    /// its target then too: `"Nilai SKP {year}" = "performance_{year}"`.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl Default for ColumnMapping {
    fn default() -> Self {
        ColumnMapping::builtin()
    }
}

/// Headers every built-in mapping skips silently (row numbers).
const BUILTIN_IGNORE: &[&str] = &["No", "No.", "Nomor", "No Urut", "Nomor Urut"];

/// Built-in headers → flat columns (besides competencies, aspects and year patterns).
const BUILTIN: &[(&str, &str)] = &[
    ("NIP", "nip"),
    ("NIP Baru", "nip"),
    ("NIP/NI PPPK", "nip"),
    ("NI PPPK", "nip"),
    ("Nama", "name"),
    ("Nama Pegawai", "name"),
    ("Nama Lengkap", "name"),
    ("Unit Kerja", "unit"),
    ("OPD", "unit"),
    ("Perangkat Daerah", "unit"),
    ("Unit Organisasi", "unit"),
    ("Satuan Kerja", "unit"),
    ("Jabatan", "position_title"),
    ("Nama Jabatan", "position_title"),
    ("Jenis Jabatan", "position_kind"),
    ("Kategori Jabatan", "position_kind"),
    ("TMT Jabatan", "position_since"),
    ("Golongan", "rank"),
    ("Golongan/Ruang", "rank"),
    ("Gol/Ruang", "rank"),
    ("Gol", "rank"),
    ("Pendidikan", "education"),
    ("Pendidikan Terakhir", "education"),
    ("Tingkat Pendidikan", "education"),
    ("Tanggal Lahir", "birth_date"),
    ("Tgl Lahir", "birth_date"),
    ("JPM", "jpm"),
    ("JPM (%)", "jpm"),
    ("Job Person Match", "jpm"),
    ("Nilai Potensi", "potential_score"),
    ("Nilai Potensial", "potential_score"),
    ("Skor Potensi", "potential_score"),
    ("Nilai Penilaian Potensi", "potential_assessment_score"),
    ("Nilai Asesmen Potensi", "potential_assessment_score"),
    ("Nilai Rekam Jejak", "track_record_score"),
    ("Nilai Kinerja", "performance_score"),
    ("Skor Kinerja", "performance_score"),
    ("Jenis Kelamin", "attr_jenis_kelamin"),
    ("Agama", "attr_agama"),
    ("Asal Kabupaten", "attr_asal_kabupaten"),
    ("Asal Daerah", "attr_asal_daerah"),
];

/// Built-in year patterns: header prefix → flat prefix (`… 2025` → `…_2025`).
const BUILTIN_YEARS: &[(&str, &str)] = &[
    ("Predikat Kinerja", "performance_"),
    ("Predikat SKP", "performance_"),
    ("Predikat", "performance_"),
    ("Kinerja", "performance_"),
    ("SKP", "performance_"),
    ("Hasil Kerja", "work_result_"),
    ("Rating Hasil Kerja", "work_result_"),
    ("Perilaku Kerja", "work_behavior_"),
    ("Rating Perilaku Kerja", "work_behavior_"),
];

/// Compares headers: lower case, every run of non-alphanumeric characters one
/// `_`, trimmed; a byte-order mark is ignored.
///
/// ```
/// assert_eq!(meritkit::mapping::header_key(" UNIT  Kerja "), "unit_kerja");
/// assert_eq!(meritkit::mapping::header_key("JPM (%)"), "jpm");
/// assert_eq!(meritkit::mapping::header_key("NIP/NI PPPK"), "nip_ni_pppk");
/// ```
pub fn header_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sep = false;
    for ch in s.trim_start_matches('\u{feff}').chars() {
        if ch.is_alphanumeric() {
            if sep && !out.is_empty() {
                out.push('_');
            }
            sep = false;
            out.extend(ch.to_lowercase());
        } else {
            sep = true;
        }
    }
    out
}

/// Spreadsheet column letters of a 0-based column index (0 → `A`, 26 → `AA`).
///
/// ```
/// use meritkit::mapping::column_letter;
/// assert_eq!(column_letter(0), "A");
/// assert_eq!(column_letter(25), "Z");
/// assert_eq!(column_letter(27), "AB");
/// ```
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Splits `<prefix>_<YYYY>` (an optional `_tahun` before the year).
fn split_year(key: &str) -> Option<(&str, &str)> {
    let (head, y) = key.rsplit_once('_')?;
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.strip_suffix("_tahun").unwrap_or(head), y))
}

struct Resolver {
    exact: BTreeMap<String, String>,
    years: Vec<(String, String)>,
    ignore: Vec<String>,
    unknown: UnknownHeaders,
}

impl Resolver {
    fn new(m: &ColumnMapping) -> Result<Resolver, Vec<Problem>> {
        let mut exact = BTreeMap::new();
        let mut years = Vec::new();
        let mut ignore: Vec<String> = m.ignore.iter().map(|h| header_key(h)).collect();
        let mut problems = Vec::new();
        if m.builtin {
            for (h, t) in BUILTIN {
                exact.insert(header_key(h), (*t).to_string());
            }
            for c in Competency::ALL {
                exact.insert(header_key(c.label()), format!("competency_{}", c.code()));
                exact.insert(header_key(&format!("Kompetensi {}", c.label())), format!("competency_{}", c.code()));
            }
            for a in POTENTIAL_ASPECTS {
                exact.insert(a.to_string(), format!("potential_aspect_{a}"));
            }
            for (h, t) in BUILTIN_YEARS {
                years.push((header_key(h), (*t).to_string()));
            }
            ignore.extend(BUILTIN_IGNORE.iter().map(|h| header_key(h)));
        }
        // The agency's own entries win over the built-in ones.
        for (h, t) in &m.columns {
            let path = format!("columns.{h:?}");
            if let Some(prefix) = h.strip_suffix("{year}") {
                match t.strip_suffix("{year}") {
                    Some(tp) if FlatLayout::new(&[format!("{tp}2025")]).is_ok() => {
                        years.insert(0, (header_key(prefix), tp.to_string()));
                    }
                    _ => problems.push(Problem::new(Code::InvalidInput, path,
                        format!("a `{{year}}` header needs a target ending in `{{year}}` that names a flat column (e.g. `performance_{{year}}`), not `{}`", crate::diag::key(t)),
                        format!("header dengan `{{year}}` memerlukan target berakhiran `{{year}}` yang merupakan kolom datar (mis. `performance_{{year}}`), bukan `{}`", crate::diag::key(t)))),
                }
            } else if FlatLayout::new(&[t.as_str()]).is_ok() {
                // A protected source header renamed to a target that does not name the same ground
                // (`"Jenis Kelamin" = "attr_grp"`) would hide it from the guard on rules, weights and standards.
                if let Some(g) =
                    crate::protected::ground(h).filter(|g| crate::protected::ground(t).map(|x| x.code) != Some(g.code))
                {
                    let (attr, law) = (g.code, g.law);
                    problems.push(Problem::new(Code::ProtectedAttribute, path.clone(),
                        format!("this header names the protected attribute `{attr}` ({law}) and the mapping renames it to a column that does not: map it to `attr_{attr}` (the guard then refuses rules, weights and standards on it) or leave it out"),
                        format!("header ini menyebut atribut terlindung `{attr}` ({law}) dan pemetaan mengganti namanya menjadi kolom yang tidak menyebutnya: petakan ke `attr_{attr}` (penjaga lalu menolak aturan, bobot, dan standar atasnya) atau hilangkan")));
                }
                exact.insert(header_key(h), t.clone());
            } else {
                problems.push(Problem::new(
                    Code::InvalidInput,
                    path,
                    format!(
                        "`{}` is not a column of the flat layout; known: {}",
                        crate::diag::key(t),
                        FlatLayout::PATTERNS.join(", ")
                    ),
                    format!(
                        "`{}` bukan kolom tata letak datar; yang dikenal: {}",
                        crate::diag::key(t),
                        FlatLayout::PATTERNS.join(", ")
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(Resolver { exact, years, ignore, unknown: m.unknown })
        } else {
            Err(problems)
        }
    }

    /// `Ok(Some(target))`, `Ok(None)` = skip silently, `Err(())` = unknown.
    fn resolve(&self, header: &str) -> Result<Option<String>, ()> {
        let key = header_key(header);
        if self.ignore.contains(&key) {
            return Ok(None);
        }
        if let Some(t) = self.exact.get(&key) {
            return Ok(Some(t.clone()));
        }
        if let Some((head, y)) = split_year(&key) {
            if let Some((_, t)) = self.years.iter().find(|(p, _)| *p == head) {
                return Ok(Some(format!("{t}{y}")));
            }
        }
        // A flat column name as such.
        let raw = header.trim().trim_start_matches('\u{feff}');
        if FlatLayout::new(&[raw]).is_ok() {
            return Ok(Some(raw.to_string()));
        }
        if FlatLayout::new(&[key.as_str()]).is_ok() {
            return Ok(Some(key));
        }
        Err(())
    }
}

/// The result of mapping a header row.
#[derive(Clone, Debug)]
pub struct HeaderMap {
    /// Per input column: the flat column it feeds, or `None` when skipped.
    pub targets: Vec<Option<String>>,
    /// Non-fatal findings (skipped unknown or empty headers).
    pub warnings: Vec<Problem>,
    layout: FlatLayout,
    kept: Vec<usize>,
}

impl HeaderMap {
    /// The flat layout of the kept columns.
    pub fn layout(&self) -> &FlatLayout {
        &self.layout
    }

    /// Converts one row (cells in the input's column order) into a record
    /// value for [`crate::api::parse_row`].
    pub fn to_value(&self, cells: &[Cell]) -> serde_json::Value {
        self.layout.value_of(self.kept.iter().map(|&i| cells.get(i).unwrap_or(&Cell::Null)))
    }

    /// The input columns that feed a record field, in input order.
    pub fn kept(&self) -> &[usize] {
        &self.kept
    }

    /// True when the cell at input column `i` feeds a record field.
    pub fn is_kept(&self, i: usize) -> bool {
        self.targets.get(i).is_some_and(Option::is_some)
    }
}

/// A header for a message: `` `Unit Kerja` `` when [`crate::diag::plausible_label`], else `fallback`.
fn shown(h: &str, fallback: &str) -> String {
    crate::diag::label(h).map_or_else(|| fallback.to_string(), |l| format!("`{l}`"))
}

/// Maps a header row. `locate(i)` names input column `i` in messages (e.g.
/// `Pegawai!C1`). Errors: `unknown_column` for a header no mapping knows
/// (unless the mapping says `unknown = "ignore"`), `duplicate_column` for two
/// headers feeding the same field; an empty header is skipped with an
/// `empty_header` warning. Every problem is reported, not just the first. A
/// header is named in a message only when it looks like a column name
/// ([`crate::diag::plausible_label`]), else by its cell.
pub fn map_headers<S: AsRef<str>>(
    headers: &[S],
    mapping: &ColumnMapping,
    locate: &dyn Fn(usize) -> String,
) -> Result<HeaderMap, Vec<Problem>> {
    let resolver = Resolver::new(mapping)?;
    let mut targets = Vec::with_capacity(headers.len());
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.as_ref();
        if header_key(h).is_empty() {
            warnings.push(Problem::new(
                Code::EmptyHeader,
                locate(i),
                "column without a header: skipped",
                "kolom tanpa judul: dilewati",
            ));
            targets.push(None);
            continue;
        }
        match resolver.resolve(h) {
            Ok(Some(t)) => {
                if let Some(&j) = seen.get(&t) {
                    problems.push(Problem::new(
                        Code::DuplicateColumn,
                        locate(i),
                        format!(
                            "header {} feeds `{t}`, as does {} at {}",
                            shown(h, "the header"),
                            shown(headers[j].as_ref(), "the header"),
                            locate(j)
                        ),
                        format!(
                            "judul {} mengisi `{t}`, sama dengan {} di {}",
                            shown(h, "ini"),
                            shown(headers[j].as_ref(), "judul"),
                            locate(j)
                        ),
                    ));
                } else {
                    seen.insert(t.clone(), i);
                }
                targets.push(Some(t));
            }
            Ok(None) => targets.push(None),
            Err(()) => {
                // A header is named only when it looks like a column name
                // (`diag::plausible_label`): a headerless file's first data
                // row (a name, a NIP, a date) is named by its cell only.
                let p = match crate::diag::label(h) {
                    Some(l) => Problem::new(Code::UnknownColumn, locate(i),
                        format!("unknown header `{l}`: add it to a column mapping (--mapping FILE.toml) or to its `ignore` list"),
                        format!("judul kolom `{l}` tidak dikenal: tambahkan ke pemetaan kolom (--mapping BERKAS.toml) atau ke daftar `ignore`")),
                    None => Problem::new(Code::UnknownColumn, locate(i),
                        "unknown header (not shown: it does not look like a column name; is the first row data?): add it to a column mapping (--mapping FILE.toml) or to its `ignore` list",
                        "judul kolom tidak dikenal (tidak ditampilkan: tidak tampak seperti nama kolom; apakah baris pertama berisi data?): tambahkan ke pemetaan kolom (--mapping BERKAS.toml) atau ke daftar `ignore`"),
                };
                match resolver.unknown {
                    UnknownHeaders::Error => problems.push(p),
                    UnknownHeaders::Ignore => warnings.push(p),
                }
                targets.push(None);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let kept: Vec<usize> = targets.iter().enumerate().filter(|(_, t)| t.is_some()).map(|(i, _)| i).collect();
    let names: Vec<&str> = kept.iter().filter_map(|&i| targets[i].as_deref()).collect();
    let layout = FlatLayout::new(&names)?;
    Ok(HeaderMap { targets, warnings, layout, kept })
}

impl ColumnMapping {
    /// The built-in Indonesian mapping alone.
    pub fn builtin() -> ColumnMapping {
        ColumnMapping { builtin: true, unknown: UnknownHeaders::Error, ignore: vec![], columns: BTreeMap::new() }
    }

    /// Parses a TOML mapping; problems carry the TOML location.
    pub fn from_toml(text: &str) -> Result<ColumnMapping, Vec<Problem>> {
        crate::read::from_toml_text(text).map_err(|e| {
            let mut p = e.problem();
            p.message.en = format!("invalid column mapping: {}", p.message.en);
            p.message.id = format!("pemetaan kolom tidak valid: {}", p.message.id);
            p.path = if p.path.is_empty() { "mapping".into() } else { format!("mapping.{}", p.path) };
            vec![Problem { code: Code::InvalidInput, ..p }]
        })
    }
}

fn title_case(key: &str) -> String {
    key.split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if !matches!(w, "dan" | "pada") => f.to_uppercase().chain(c).collect(),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The built-in Indonesian header of a flat column: the inverse of the
/// built-in mapping (for exports and templates).
///
/// ```
/// use meritkit::mapping::indonesian_header;
/// assert_eq!(indonesian_header("unit"), "Unit Kerja");
/// assert_eq!(indonesian_header("performance_2025"), "Predikat Kinerja 2025");
/// assert_eq!(indonesian_header("competency_kerja_sama"), "Kerja Sama");
/// ```
pub fn indonesian_header(flat: &str) -> String {
    if let Some((h, _)) = BUILTIN.iter().find(|(_, t)| *t == flat) {
        return (*h).to_string();
    }
    use crate::flat::{Column, YearField};
    match Column::classify(flat) {
        Some(Column::Year(y, f)) => {
            let h = match f {
                YearField::Predikat => "Predikat Kinerja",
                YearField::WorkResult => "Hasil Kerja",
                YearField::WorkBehavior => "Perilaku Kerja",
            };
            format!("{h} {y}")
        }
        Some(Column::Competency(k)) => Competency::parse(&k)
            .map(|c| c.label().to_string())
            .unwrap_or_else(|| format!("Kompetensi {}", title_case(&k))),
        Some(Column::PotentialAspect(k) | Column::Attr(k)) => title_case(&k),
        _ => flat.to_string(),
    }
}

/// One employee as flat `(column, cell)` pairs with official labels
/// ("Sangat Baik", "III/d", "S-1"), in a stable column order. Fields the flat
/// layout cannot carry (track-record items, discipline, position history) are
/// named in the second value.
pub fn flatten_employee(e: &Employee) -> (Vec<(String, Cell)>, Vec<&'static str>) {
    let cells = crate::flat::record_cells(e, crate::flat::Style::Labels);
    (cells.into_iter().map(|(c, v)| (c.name(), v)).collect(), crate::flat::unflattened(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(i: usize) -> String {
        format!("Pegawai!{}1", column_letter(i))
    }

    #[test]
    fn indonesian_headers_in_any_case_and_spacing() {
        let h = [
            "nip",
            "NAMA",
            "Unit  Kerja",
            "jenis_jabatan",
            "Golongan/Ruang",
            "Pendidikan Terakhir",
            "Predikat Kinerja Tahun 2024",
            "SKP 2025",
            "Hasil Kerja 2025",
            "Perilaku Kerja 2025",
            "Kerja Sama",
            "Perekat Bangsa",
            "Kemampuan Intelektual",
            "Nilai Potensi",
            "JPM (%)",
            "Jenis Kelamin",
        ];
        let m = map_headers(&h, &ColumnMapping::builtin(), &loc).unwrap();
        let t: Vec<&str> = m.targets.iter().map(|t| t.as_deref().unwrap()).collect();
        assert_eq!(
            t,
            [
                "nip",
                "name",
                "unit",
                "position_kind",
                "rank",
                "education",
                "performance_2024",
                "performance_2025",
                "work_result_2025",
                "work_behavior_2025",
                "competency_kerja_sama",
                "competency_perekat_bangsa",
                "potential_aspect_kemampuan_intelektual",
                "potential_score",
                "jpm",
                "attr_jenis_kelamin"
            ]
        );
    }

    #[test]
    fn unknown_and_duplicate_headers_name_the_cell() {
        let e = map_headers(&["NIP", "Hobi", "NIP Baru"], &ColumnMapping::builtin(), &loc).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].code, Code::UnknownColumn);
        assert_eq!(e[0].path, "Pegawai!B1");
        assert!(e[0].message.id.contains("Hobi"));
        assert_eq!(e[1].code, Code::DuplicateColumn);
        assert_eq!(e[1].path, "Pegawai!C1");
        assert!(e[1].message.en.contains("Pegawai!A1"));
    }

    #[test]
    fn custom_mapping_with_year_pattern_and_ignore() {
        let m = ColumnMapping::from_toml(
            "unknown = \"ignore\"\nignore = [\"Keterangan\"]\n[columns]\n\"NIP Baru 18 Digit\" = \"nip\"\n\"Nilai SKP {year}\" = \"performance_{year}\"\n",
        )
        .unwrap();
        let r = map_headers(&["NIP Baru 18 digit", "nilai skp 2025", "Keterangan", "Hobi", ""], &m, &loc).unwrap();
        assert_eq!(r.targets[0].as_deref(), Some("nip"));
        assert_eq!(r.targets[1].as_deref(), Some("performance_2025"));
        assert_eq!(r.targets[2], None);
        assert_eq!(r.targets[3], None);
        let codes: Vec<Code> = r.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, [Code::UnknownColumn, Code::EmptyHeader]);
    }

    #[test]
    fn bad_mapping_targets_are_reported() {
        let m = ColumnMapping::from_toml("[columns]\n\"X\" = \"gaji\"\n\"Y {year}\" = \"performance\"\n").unwrap();
        let e = map_headers(&["X"], &m, &loc).unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(ColumnMapping::from_toml("colums = 1").is_err());
    }

    #[test]
    fn flatten_then_map_round_trips() {
        let pop = crate::generate::population(&crate::generate::Options { count: 30, ..Default::default() });
        for e in &pop {
            let (cols, _) = flatten_employee(e);
            let headers: Vec<String> = cols.iter().map(|(c, _)| indonesian_header(c)).collect();
            let m = map_headers(&headers, &ColumnMapping::builtin(), &loc).unwrap();
            let cells: Vec<Cell> = cols.iter().map(|(_, c)| c.clone()).collect();
            let back = crate::api::parse_row(&m.to_value(&cells)).unwrap();
            let mut want = e.clone();
            want.track_record.clear();
            want.discipline.clear();
            want.position_history.clear();
            assert_eq!(back, want);
        }
    }
}

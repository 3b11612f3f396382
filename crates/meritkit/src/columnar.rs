//! Columnar (struct-of-arrays) scoring: the fast path for large populations
//! held as columns (Arrow, NumPy, typed arrays).
//!
//! Inputs are the already-reduced axis inputs: the predikat used for kinerja
//! (or a kinerja score) and the potential score. Levels and boxes come out as
//! `u8` columns, `0` meaning "not placed" (missing input). The answers equal
//! those of [`crate::scoring::score`] for the same policy and inputs.
//!
//! ```
//! use meritkit::{columnar::{score_columns, Columns, PerformanceColumn, predikat_code}, policy::Policy, performance::Predikat};
//! let p = Policy::preset("permenpanrb_3_2020").unwrap();
//! let pred = [predikat_code(Some(Predikat::SangatBaik)), predikat_code(Some(Predikat::Baik)), 0];
//! let pot = [95.0, 80.0, 50.0];
//! let out = score_columns(&Columns { performance: PerformanceColumn::Predikat(&pred), potential_score: &pot, unit: None }, &p).unwrap();
//! assert_eq!(out.boxes, vec![9, 5, 0]);
//! ```

use crate::error::{Code, Error, Problem};
use crate::performance::Predikat;
use crate::policy::{Cutoffs, PerformanceSource, Policy, Scope};
use std::collections::BTreeMap;

/// Kinerja input column.
#[derive(Clone, Copy, Debug)]
pub enum PerformanceColumn<'a> {
    /// Predikat codes ([`predikat_code`]): 0 missing, 1 sangat_kurang .. 5 sangat_baik.
    Predikat(&'a [u8]),
    /// Kinerja scores (NaN = missing), for `source = "score"` policies.
    Score(&'a [f64]),
}

/// The input columns (equal lengths).
#[derive(Clone, Copy, Debug)]
pub struct Columns<'a> {
    /// Kinerja input.
    pub performance: PerformanceColumn<'a>,
    /// Potential score 0-100 (NaN = missing).
    pub potential_score: &'a [f64],
    /// Unit id per row, needed for `scope = "unit"` cut-offs.
    pub unit: Option<&'a [u32]>,
}

/// Output columns; 0 = not placed.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ColumnarOutput {
    /// Box number.
    pub boxes: Vec<u8>,
    /// Kinerja level index (1-based).
    pub performance_level: Vec<u8>,
    /// Potensial level index (1-based).
    pub potential_level: Vec<u8>,
}

/// Encodes a predikat: 0 for none, 1 = sangat_kurang .. 5 = sangat_baik.
pub fn predikat_code(p: Option<Predikat>) -> u8 {
    p.map(|p| p as u8 + 1).unwrap_or(0)
}

fn bad(msg: &str, id: &str) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, "", msg, id)])
}

/// Levels for a score column under cut-offs (0 for NaN).
fn level_column(c: &Cutoffs, xs: &[f64], unit: Option<&[u32]>, levels: usize) -> Result<Vec<u8>, Error> {
    if let Cutoffs::Fixed { thresholds } = c {
        if let [t1, t2] = thresholds.as_slice() {
            let (t1, t2) = (*t1, *t2);
            return Ok(xs
                .iter()
                .map(|&x| if x.is_nan() { 0 } else { 1 + u8::from(x >= t1) + u8::from(x >= t2) })
                .collect());
        }
        return Ok(xs.iter().map(|&x| if x.is_nan() { 0 } else { crate::scoring::fixed_level(thresholds, x) }).collect());
    }
    let per_unit = matches!(c, Cutoffs::Percentile { scope: Scope::Unit, .. } | Cutoffs::Distribution { scope: Scope::Unit, .. });
    let key = |i: usize| -> Result<u32, Error> {
        if !per_unit {
            return Ok(0);
        }
        unit.and_then(|u| u.get(i).copied())
            .ok_or_else(|| bad("scope `unit` needs a unit column", "scope `unit` memerlukan kolom unit"))
    };
    let mut groups: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for (i, &x) in xs.iter().enumerate() {
        if !x.is_nan() {
            groups.entry(key(i)?).or_default().push(x);
        }
    }
    let lv: BTreeMap<u32, crate::scoring::LevelTable> =
        groups.into_iter().map(|(k, v)| (k, crate::scoring::LevelTable::new(c, v, levels))).collect();
    let mut out = Vec::with_capacity(xs.len());
    for (i, &x) in xs.iter().enumerate() {
        out.push(if x.is_nan() { 0 } else { lv.get(&key(i)?).map(|l| l.level(x)).unwrap_or(0) });
    }
    Ok(out)
}

/// Scores columns under a policy.
pub fn score_columns(cols: &Columns<'_>, policy: &Policy) -> Result<ColumnarOutput, Error> {
    let n = cols.potential_score.len();
    let grid = policy.grid();
    let (nk, np) = (grid.performance_count(), grid.potential_count());
    if let Some(u) = cols.unit {
        if u.len() != n {
            return Err(bad("columns differ in length", "panjang kolom berbeda"));
        }
    }
    let perf_level: Vec<u8> = match (cols.performance, policy.performance.source) {
        (PerformanceColumn::Predikat(p), PerformanceSource::Predikat) => {
            if p.len() != n {
                return Err(bad("columns differ in length", "panjang kolom berbeda"));
            }
            let mut table = [0u8; 6];
            for pr in Predikat::ALL {
                table[usize::from(predikat_code(Some(*pr)))] =
                    policy.performance.mapping.get(pr).and_then(|c| grid.performance_index(c)).unwrap_or(0);
            }
            p.iter().map(|&c| table.get(usize::from(c)).copied().unwrap_or(0)).collect()
        }
        (PerformanceColumn::Score(s), PerformanceSource::Score) => {
            if s.len() != n {
                return Err(bad("columns differ in length", "panjang kolom berbeda"));
            }
            let c = policy.performance.cutoffs.as_ref().ok_or_else(|| bad("policy has no performance cutoffs", "kebijakan tidak punya cutoffs kinerja"))?;
            level_column(c, s, cols.unit, nk)?
        }
        _ => {
            return Err(bad(
                "the performance column does not match the policy's performance source",
                "kolom kinerja tidak sesuai dengan sumber kinerja pada kebijakan",
            ))
        }
    };
    let pot_level = level_column(&policy.potential.cutoffs, cols.potential_score, cols.unit, np)?;
    let mut table = vec![0u8; (nk + 1) * (np + 1)];
    for k in 1..=nk {
        for p in 1..=np {
            table[p * (nk + 1) + k] = grid.number(k as u8, p as u8).and_then(|b| u8::try_from(b).ok()).unwrap_or(0);
        }
    }
    let stride = nk + 1;
    let boxes = perf_level
        .iter()
        .zip(&pot_level)
        .map(|(&k, &p)| table.get(usize::from(p) * stride + usize::from(k)).copied().unwrap_or(0))
        .collect();
    Ok(ColumnarOutput { boxes, performance_level: perf_level, potential_level: pot_level })
}

// ---------------------------------------------------------------------------
// Flat tables (DataFrames, Arrow): the full default semantics, columnar.
// ---------------------------------------------------------------------------

use crate::api::parse_row;
use crate::competency::jpm as jpm_of;
use crate::error::RowError;
use crate::flat::{Cell, FlatLayout};
use crate::label::normalize;
use crate::model::POTENTIAL_ASPECTS;
use crate::nine_box::Pool;
use crate::nip::Nip;
use crate::performance::Rating;
use crate::policy::{Combine, Input, MissingComponent, PotentialSource};
use crate::position::PositionKind;
use crate::scoring::{score_rows, Context, GroupSummary, LevelTable, ParsedRow, PolicyInfo, ScoreOutput, Status, Summary};
use jiff::civil::Date;
use std::borrow::Cow;
use std::collections::HashMap;

/// One column of a flat table (see [`crate::flat`] for the column names).
#[derive(Clone, Debug)]
pub enum FlatColumn<'a> {
    /// Text cells; `None` is an empty cell.
    Text(Vec<Option<&'a str>>),
    /// Numbers; NaN is an empty cell.
    Number(Vec<f64>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
    /// A column with no values at all.
    Empty(usize),
    /// Text in the Arrow `LargeUtf8` layout (64-bit offsets; pandas' `str`
    /// columns), borrowed without copying; absent where the validity bit is clear.
    LargeUtf8 {
        /// All values, concatenated.
        values: &'a str,
        /// `len + 1` offsets into `values`.
        offsets: &'a [i64],
        /// Validity bitmap (`None`: every cell is present).
        valid: Option<Bits<'a>>,
    },
    /// Numbers borrowed from an Arrow `Float64` buffer without copying;
    /// absent where the validity bit is clear (or the value is NaN).
    Float {
        /// The values.
        values: &'a [f64],
        /// Validity bitmap (`None`: every cell is present).
        valid: Option<Bits<'a>>,
    },
    /// Text in the Arrow layout, borrowed without copying: cell `i` is
    /// `values[offsets[i]..offsets[i + 1]]`, absent where `valid[i]` is false.
    Utf8 {
        /// All values, concatenated.
        values: &'a str,
        /// `len + 1` offsets into `values`.
        offsets: &'a [i32],
        /// Validity per row (`None`: every cell is present).
        valid: Option<Vec<bool>>,
    },
}

/// A validity bitmap borrowed from Arrow (least-significant bit first):
/// cell `i` is present when bit `offset + i` is set.
#[derive(Clone, Copy, Debug)]
pub struct Bits<'a> {
    /// The bitmap bytes.
    pub bytes: &'a [u8],
    /// Bit offset of cell 0.
    pub offset: usize,
}

impl Bits<'_> {
    /// Whether cell `i` is present.
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        let j = self.offset + i;
        self.bytes.get(j >> 3).is_some_and(|b| (b >> (j & 7)) & 1 == 1)
    }
}

impl<'a> FlatColumn<'a> {
    fn len(&self) -> usize {
        match self {
            FlatColumn::Float { values, .. } => values.len(),
            FlatColumn::LargeUtf8 { offsets, .. } => offsets.len().saturating_sub(1),
            FlatColumn::Text(v) => v.len(),
            FlatColumn::Utf8 { offsets, .. } => offsets.len().saturating_sub(1),
            FlatColumn::Number(v) => v.len(),
            FlatColumn::Bool(v) => v.len(),
            FlatColumn::Empty(n) => *n,
        }
    }

    /// Cell `i` as the flat layout reads it.
    pub fn cell(&self, i: usize) -> Cell {
        match self {
            FlatColumn::Utf8 { .. } | FlatColumn::LargeUtf8 { .. } => self.raw(i).map(|s| Cell::Str(s.to_string())).unwrap_or(Cell::Null),
            FlatColumn::Text(v) => v.get(i).copied().flatten().map(|s| Cell::Str(s.to_string())).unwrap_or(Cell::Null),
            FlatColumn::Number(v) => v.get(i).map(|&x| Cell::Num(x)).unwrap_or(Cell::Null),
            FlatColumn::Float { .. } => self.num(i).map(Cell::Num).unwrap_or(Cell::Null),
            FlatColumn::Bool(v) => v.get(i).copied().flatten().map(Cell::Bool).unwrap_or(Cell::Null),
            FlatColumn::Empty(_) => Cell::Null,
        }
    }

    #[inline]
    fn raw(&self, i: usize) -> Option<&'a str> {
        match self {
            FlatColumn::Utf8 { values, offsets, valid } => {
                if valid.as_ref().is_some_and(|v| !v.get(i).copied().unwrap_or(false)) {
                    return None;
                }
                let (a, b) = (*offsets.get(i)?, *offsets.get(i + 1)?);
                values.get(usize::try_from(a).ok()?..usize::try_from(b).ok()?)
            }
            FlatColumn::LargeUtf8 { values, offsets, valid } => {
                if valid.as_ref().is_some_and(|v| !v.get(i)) {
                    return None;
                }
                let (a, b) = (*offsets.get(i)?, *offsets.get(i + 1)?);
                values.get(usize::try_from(a).ok()?..usize::try_from(b).ok()?)
            }
            FlatColumn::Text(v) => v.get(i).copied().flatten(),
            _ => None,
        }
    }

    /// Trimmed, non-empty text (the flat layout's reading of a text cell).
    #[inline]
    fn text(&self, i: usize) -> Option<&'a str> {
        match self {
            FlatColumn::Utf8 { .. } | FlatColumn::LargeUtf8 { .. } => self.raw(i).map(trim).filter(|s| !s.is_empty()),
            FlatColumn::Text(v) => v.get(i).copied().flatten().map(trim).filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    #[inline]
    fn num(&self, i: usize) -> Option<f64> {
        match self {
            FlatColumn::Number(v) => v.get(i).copied().filter(|x| !x.is_nan()),
            FlatColumn::Float { values, valid } => {
                if valid.as_ref().is_some_and(|v| !v.get(i)) {
                    return None;
                }
                values.get(i).copied().filter(|x| !x.is_nan())
            }
            _ => None,
        }
    }
}

/// `str::trim`, with a shortcut for the common case of no surrounding space.
#[inline]
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if a > b' ' && a < 0x80 && b > b' ' && b < 0x80 => s,
        _ => s.trim(),
    }
}

/// FNV-1a: a fast hasher for the short code strings of [`Lookup`].
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// A flat table: column names (as in [`FlatLayout`]) and equally long columns.
#[derive(Clone, Debug)]
pub struct FlatTable<'a> {
    /// Column names.
    pub names: Vec<String>,
    /// Columns, in the order of `names`.
    pub columns: Vec<FlatColumn<'a>>,
}

impl<'a> FlatTable<'a> {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map(FlatColumn::len).unwrap_or(0)
    }

    /// Validates the names and lengths.
    pub fn layout(&self) -> Result<FlatLayout, Error> {
        if self.names.len() != self.columns.len() {
            return Err(Error::Input(vec![Problem::new(Code::InvalidInput, "columns", "names and columns differ in number", "jumlah nama dan kolom berbeda")]));
        }
        let n = self.rows();
        if let Some(i) = self.columns.iter().position(|c| c.len() != n) {
            return Err(Error::Input(vec![Problem::new(Code::InvalidInput, format!("columns[{i}]"), "columns differ in length", "panjang kolom berbeda")]));
        }
        FlatLayout::new(&self.names).map_err(Error::Input)
    }

    /// Row `i` through the record parser (the row path).
    pub fn parsed_row(&self, layout: &FlatLayout, i: usize) -> ParsedRow {
        let cells: Vec<Cell> = self.columns.iter().map(|c| c.cell(i)).collect();
        parse_row(&layout.to_value(&cells))
    }

    /// Every row through the record parser.
    pub fn parsed_rows(&self, layout: &FlatLayout) -> Vec<ParsedRow> {
        (0..self.rows()).map(|i| self.parsed_row(layout, i)).collect()
    }
}

/// Row status in [`FlatScore::status`].
pub const STATUS_ERROR: u8 = 0;
/// Row placed on the grid.
pub const STATUS_PLACED: u8 = 1;
/// Row holding (an axis missing, policy `missing = "holding"`).
pub const STATUS_HOLDING: u8 = 2;

/// The columnar answer: one entry per input row, in input order.
#[derive(Clone, Debug, PartialEq)]
pub struct FlatScore<'a> {
    /// Policy identity.
    pub policy: PolicyInfo,
    /// [`STATUS_ERROR`], [`STATUS_PLACED`] or [`STATUS_HOLDING`].
    pub status: Vec<u8>,
    /// NIP as read (trimmed), when readable.
    pub nip: Vec<Option<Cow<'a, str>>>,
    /// Name, for scored rows.
    pub name: Vec<Option<Cow<'a, str>>>,
    /// Unit, when readable.
    pub unit: Vec<Option<Cow<'a, str>>>,
    /// Position kind, for scored rows.
    pub position_kind: Vec<Option<PositionKind>>,
    /// Box number, 0 = none.
    pub boxes: Vec<u16>,
    /// Kinerja level index (1-based), 0 = none.
    pub performance_level: Vec<u8>,
    /// Potensial level index (1-based), 0 = none.
    pub potential_level: Vec<u8>,
    /// Kinerja score (NaN = none).
    pub performance_score: Vec<f64>,
    /// Potensial score (NaN = none).
    pub potential_score: Vec<f64>,
    /// JPM % (NaN = none).
    pub jpm: Vec<f64>,
    /// Latest predikat ([`predikat_code`]).
    pub latest_predikat: Vec<u8>,
    /// Number of warnings per row.
    pub warnings: Vec<u32>,
    /// Number of errors per row.
    pub error_count: Vec<u32>,
    /// First error code per row.
    pub error_code: Vec<Option<Code>>,
    /// First error path per row.
    pub error_path: Vec<Option<String>>,
    /// Every row error, in input order (as in [`ScoreOutput::errors`]).
    pub errors: Vec<RowError>,
    /// Counts, identical to [`ScoreOutput::summary`].
    pub summary: Summary,
    /// Rows that went through the row path (anomalies, or the whole table).
    pub row_path_rows: usize,
}

impl<'a> FlatScore<'a> {
    fn with_capacity(n: usize, policy: PolicyInfo) -> Self {
        FlatScore {
            policy,
            status: Vec::with_capacity(n),
            nip: Vec::with_capacity(n),
            name: Vec::with_capacity(n),
            unit: Vec::with_capacity(n),
            position_kind: Vec::with_capacity(n),
            boxes: Vec::with_capacity(n),
            performance_level: Vec::with_capacity(n),
            potential_level: Vec::with_capacity(n),
            performance_score: Vec::with_capacity(n),
            potential_score: Vec::with_capacity(n),
            jpm: Vec::with_capacity(n),
            latest_predikat: Vec::with_capacity(n),
            warnings: Vec::with_capacity(n),
            error_count: Vec::with_capacity(n),
            error_code: Vec::with_capacity(n),
            error_path: Vec::with_capacity(n),
            errors: Vec::new(),
            summary: Summary::default(),
            row_path_rows: 0,
        }
    }

    /// The row path's answer as columns (rows in input order; `rows` are the
    /// inputs `out` was computed from).
    pub fn from_output(rows: &[ParsedRow], out: &ScoreOutput, policy: &Policy) -> FlatScore<'static> {
        let grid = policy.grid();
        let mut fs = FlatScore::with_capacity(rows.len(), out.policy.clone());
        let mut res = out.results.iter().peekable();
        let mut errs = out.errors.iter().peekable();
        for (i, r) in rows.iter().enumerate() {
            let mut row_errs: Vec<&RowError> = Vec::new();
            while let Some(e) = errs.next_if(|e| e.row == i) {
                row_errs.push(e);
            }
            let placement = res.next_if(|p| p.row == i);
            fs.push_row(&grid, r, placement, &row_errs);
        }
        fs.summary = out.summary.clone();
        fs.errors = out.errors.clone();
        fs.row_path_rows = rows.len();
        fs
    }

    fn append(&mut self, o: FlatScore<'a>) {
        self.status.extend(o.status);
        self.nip.extend(o.nip);
        self.name.extend(o.name);
        self.unit.extend(o.unit);
        self.position_kind.extend(o.position_kind);
        self.boxes.extend(o.boxes);
        self.performance_level.extend(o.performance_level);
        self.potential_level.extend(o.potential_level);
        self.performance_score.extend(o.performance_score);
        self.potential_score.extend(o.potential_score);
        self.jpm.extend(o.jpm);
        self.latest_predikat.extend(o.latest_predikat);
        self.warnings.extend(o.warnings);
        self.error_count.extend(o.error_count);
        self.error_code.extend(o.error_code);
        self.error_path.extend(o.error_path);
        self.errors.extend(o.errors);
        self.row_path_rows += o.row_path_rows;
    }

    fn push_row(&mut self, grid: &crate::nine_box::Grid, r: &ParsedRow, placement: Option<&crate::scoring::Placement>, row_errs: &[&RowError]) {
        let (nip, unit) = match r {
            Ok(e) => (Some(e.nip.clone()), Some(e.unit.clone())),
            Err(f) => (f.nip.clone(), f.unit.clone()),
        };
        self.nip.push(nip.map(Cow::Owned));
        self.unit.push(unit.map(Cow::Owned));
        self.error_count.push(row_errs.len() as u32);
        self.error_code.push(row_errs.first().map(|e| e.code));
        self.error_path.push(row_errs.first().map(|e| e.path.clone()));
        match placement {
            Some(p) => {
                self.status.push(if p.status == Status::Placed { STATUS_PLACED } else { STATUS_HOLDING });
                self.name.push(p.name.clone().map(Cow::Owned));
                self.position_kind.push(Some(p.position_kind));
                self.boxes.push(p.box_.unwrap_or(0));
                self.performance_level.push(p.performance_level.as_deref().and_then(|c| grid.performance_index(c)).unwrap_or(0));
                self.potential_level.push(p.potential_level.as_deref().and_then(|c| grid.potential_index(c)).unwrap_or(0));
                self.performance_score.push(p.performance_score.unwrap_or(f64::NAN));
                self.potential_score.push(p.potential_score.unwrap_or(f64::NAN));
                self.jpm.push(p.jpm.unwrap_or(f64::NAN));
                self.latest_predikat.push(predikat_code(p.latest_predikat));
                self.warnings.push(p.warnings.len() as u32);
            }
            None => {
                self.status.push(STATUS_ERROR);
                self.name.push(None);
                self.position_kind.push(None);
                self.boxes.push(0);
                self.performance_level.push(0);
                self.potential_level.push(0);
                self.performance_score.push(f64::NAN);
                self.potential_score.push(f64::NAN);
                self.jpm.push(f64::NAN);
                self.latest_predikat.push(0);
                self.warnings.push(0);
            }
        }
    }
}

/// Kind of a column target, for the fast path.
enum Role {
    Nip,
    Name,
    Unit,
    Kind,
    Since,
    Rank,
    Education,
    BirthDate,
    Num(NumField),
    Year(usize, YearField),
    Competency(String),
    Aspect(String),
    Ignored,
}

#[derive(Clone, Copy)]
enum NumField {
    Jpm,
    PotentialScore,
    PotentialAssessment,
    TrackRecord,
    PerformanceScore,
}

#[derive(Clone, Copy)]
enum YearField {
    Predikat,
    WorkResult,
    WorkBehavior,
}

fn year_of(s: &str) -> Option<i16> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn de_str<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(s)).ok()
}

/// Caches the parse of repeated text values (codes and labels). Values of
/// at most 15 bytes (every code, label and ISO date) are keyed by their bytes
/// packed into a `u128` with the length (an integer compare, no `memcmp`);
/// longer ones by the string.
struct Lookup<'a, T> {
    short: HashMap<u128, Option<T>, std::hash::BuildHasherDefault<Mix>>,
    long: FnvMap<&'a str, Option<T>>,
}

/// A multiplicative hash for packed keys.
#[derive(Default)]
struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u128(&mut self, x: u128) {
        let folded = (x as u64) ^ ((x >> 64) as u64).rotate_left(29);
        self.0 = (folded ^ (folded >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[inline]
fn pack(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..b.len()].copy_from_slice(b);
    k[15] = b.len() as u8;
    Some(u128::from_le_bytes(k))
}

impl<'a, T: Copy + serde::de::DeserializeOwned> Lookup<'a, T> {
    fn new() -> Self {
        Lookup { short: HashMap::default(), long: FnvMap::default() }
    }
    #[inline]
    fn get(&mut self, s: &'a str) -> Option<T> {
        self.get_with(s, de_str::<T>)
    }
    #[inline]
    fn get_with(&mut self, s: &'a str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        match pack(s) {
            Some(k) => *self.short.entry(k).or_insert_with(|| parse(s)),
            None => *self.long.entry(s).or_insert_with(|| parse(s)),
        }
    }
}

/// Whether the policy's semantics can run column by column: kinerja from the
/// predikat, fixed potential cut-offs (no population-relative cut-offs).
fn fast_policy(policy: &Policy) -> bool {
    policy.performance.source == PerformanceSource::Predikat
        && matches!(policy.potential.cutoffs, Cutoffs::Fixed { .. })
}

/// Scores a flat table (DataFrame / Arrow columns) with exactly the answers
/// of [`crate::scoring::score_rows`] on the same rows read through
/// [`FlatLayout`]. Clean rows are scored column by column (NIP validation,
/// latest-year predikat from `performance_YYYY` or the two ratings, potential
/// from `potential_score` or the policy's weighted composite, JPM from the
/// competency columns); every row with an anomaly (an error, a warning, a
/// missing axis) goes through the row path, so its errors are the row path's
/// errors. Policies with population-relative cut-offs, and tables whose
/// column types differ from the layout's (numbers as text...), are scored
/// entirely by the row path.
///
/// ```
/// use meritkit::columnar::{score_flat, FlatColumn, FlatTable};
/// use meritkit::{policy::Policy, scoring::Context};
/// let t = FlatTable {
///     names: vec!["nip".into(), "unit".into(), "position_kind".into(), "performance_2025".into(), "potential_score".into()],
///     columns: vec![
///         FlatColumn::Text(vec![Some("198503152010011002"), Some("123")]),
///         FlatColumn::Text(vec![Some("Dinas Pangan"), Some("Dinas Pangan")]),
///         FlatColumn::Text(vec![Some("pelaksana"), Some("pelaksana")]),
///         FlatColumn::Text(vec![Some("Sangat Baik"), Some("Baik")]),
///         FlatColumn::Number(vec![90.0, 70.0]),
///     ],
/// };
/// let p = Policy::preset("permenpanrb_3_2020").unwrap();
/// let out = score_flat(&t, &p, &Context::default()).unwrap();
/// assert_eq!(out.boxes, vec![9, 0]);
/// assert_eq!(out.errors[0].code.as_str(), "nip_format");
/// ```
pub fn score_flat<'a>(table: &'a FlatTable<'a>, policy: &Policy, ctx: &Context) -> Result<FlatScore<'a>, Error> {
    let layout = table.layout()?;
    let n = table.rows();
    // Roles, and whether the column types fit the fast path.
    let mut roles = Vec::with_capacity(table.names.len());
    let mut years: Vec<i16> = Vec::new();
    let mut typed = true;
    let mut comp_norm: Vec<String> = Vec::new();
    for (name, col) in table.names.iter().zip(&table.columns) {
        let name = name.trim().trim_start_matches('\u{feff}');
        let text = matches!(col, FlatColumn::Text(_) | FlatColumn::Utf8 { .. } | FlatColumn::LargeUtf8 { .. } | FlatColumn::Empty(_));
        let num = matches!(col, FlatColumn::Number(_) | FlatColumn::Float { .. } | FlatColumn::Empty(_));
        let mut year_role = |y: i16, f: YearField| {
            let idx = years.iter().position(|&x| x == y).unwrap_or_else(|| {
                years.push(y);
                years.len() - 1
            });
            Role::Year(idx, f)
        };
        let (role, ok) = match name {
            "nip" => (Role::Nip, text),
            "name" => (Role::Name, text),
            "unit" => (Role::Unit, text),
            "position_kind" => (Role::Kind, text),
            "position_title" => (Role::Ignored, true),
            "position_since" => (Role::Since, text),
            "rank" => (Role::Rank, text),
            "education" => (Role::Education, text),
            "birth_date" => (Role::BirthDate, text),
            "jpm" => (Role::Num(NumField::Jpm), num),
            "potential_score" => (Role::Num(NumField::PotentialScore), num),
            "potential_assessment_score" => (Role::Num(NumField::PotentialAssessment), num),
            "track_record_score" => (Role::Num(NumField::TrackRecord), num),
            "performance_score" => (Role::Num(NumField::PerformanceScore), num),
            _ => {
                if let Some(y) = name.strip_prefix("performance_").or_else(|| name.strip_prefix("predikat_")).and_then(year_of) {
                    (year_role(y, YearField::Predikat), text)
                } else if let Some(y) = name.strip_prefix("work_result_").and_then(year_of) {
                    (year_role(y, YearField::WorkResult), text)
                } else if let Some(y) = name.strip_prefix("work_behavior_").and_then(year_of) {
                    (year_role(y, YearField::WorkBehavior), text)
                } else if let Some(k) = name.strip_prefix("competency_") {
                    comp_norm.push(normalize(k));
                    (Role::Competency(k.to_string()), num)
                } else if let Some(k) = name.strip_prefix("potential_aspect_") {
                    (Role::Aspect(k.to_string()), num)
                } else {
                    (Role::Ignored, true) // attr_*: text attributes, never read by scoring
                }
            }
        };
        typed &= ok;
        roles.push(role);
    }
    // Two columns for the same (year, field) or competency keys equal after
    // normalisation: leave the merging rules to the row path.
    let mut seen_year_fields: Vec<(usize, u8)> = Vec::new();
    for r in &roles {
        if let Role::Year(i, f) = r {
            let key = (*i, *f as u8);
            typed &= !seen_year_fields.contains(&key);
            seen_year_fields.push(key);
        }
    }
    let mut cn = comp_norm.clone();
    crate::sort::stable(&mut cn);
    cn.dedup();
    typed &= cn.len() == comp_norm.len();

    if !typed || !fast_policy(policy) {
        let rows = table.parsed_rows(&layout);
        let out = score_rows(&rows, policy, ctx);
        let mut fs = FlatScore::from_output(&rows, &out, policy);
        fs.row_path_rows = n;
        return Ok(fs);
    }
    fast(table, &layout, &roles, years.len(), &years, policy, ctx)
}

struct Cols<'t, 'a> {
    nip: Option<&'t FlatColumn<'a>>,
    name: Option<&'t FlatColumn<'a>>,
    unit: Option<&'t FlatColumn<'a>>,
    kind: Option<&'t FlatColumn<'a>>,
    since: Option<&'t FlatColumn<'a>>,
    rank: Option<&'t FlatColumn<'a>>,
    education: Option<&'t FlatColumn<'a>>,
    birth: Option<&'t FlatColumn<'a>>,
    nums: [Option<&'t FlatColumn<'a>>; 5],
    /// Per year index: (predikat, work_result, work_behavior).
    years: Vec<[Option<&'t FlatColumn<'a>>; 3]>,
    /// Competency (normalised key, raw key, column), sorted by raw key.
    comp: Vec<(String, &'t FlatColumn<'a>)>,
    /// Aspects (raw key, known, column), sorted by raw key.
    aspects: Vec<(String, bool, &'t FlatColumn<'a>)>,
}

fn fast<'a>(
    table: &'a FlatTable<'a>,
    layout: &FlatLayout,
    roles: &[Role],
    nyears: usize,
    years: &[i16],
    policy: &Policy,
    ctx: &Context,
) -> Result<FlatScore<'a>, Error> {
    let n = table.rows();
    let grid = policy.grid();
    let mut c = Cols {
        nip: None, name: None, unit: None, kind: None, since: None, rank: None, education: None, birth: None,
        nums: [None; 5],
        years: vec![[None; 3]; nyears],
        comp: Vec::new(),
        aspects: Vec::new(),
    };
    for (r, col) in roles.iter().zip(&table.columns) {
        match r {
            Role::Nip => c.nip = Some(col),
            Role::Name => c.name = Some(col),
            Role::Unit => c.unit = Some(col),
            Role::Kind => c.kind = Some(col),
            Role::Since => c.since = Some(col),
            Role::Rank => c.rank = Some(col),
            Role::Education => c.education = Some(col),
            Role::BirthDate => c.birth = Some(col),
            Role::Num(f) => c.nums[*f as usize] = Some(col),
            Role::Year(i, f) => c.years[*i][*f as usize] = Some(col),
            Role::Competency(k) => c.comp.push((k.clone(), col)),
            Role::Aspect(k) => c.aspects.push((k.clone(), POTENTIAL_ASPECTS.contains(&k.as_str()), col)),
            Role::Ignored => {}
        }
    }
    crate::sort::stable_by(&mut c.comp, |a, b| a.0.cmp(&b.0));
    crate::sort::stable_by(&mut c.aspects, |a, b| a.0.cmp(&b.0));
    // Year indices, most recent first.
    let mut order: Vec<usize> = (0..nyears).collect();
    crate::sort::stable_by(&mut order, |&a, &b| years[b].cmp(&years[a]));

    // Per position kind: the JPM standard as (index into c.comp, required level).
    let comp_index: BTreeMap<String, usize> = c.comp.iter().enumerate().map(|(i, (k, _))| (normalize(k), i)).collect();
    // Level lookup tables.
    let pot_table = LevelTable::new(&policy.potential.cutoffs, vec![], grid.potential_count());
    let mut pred_level = [0u8; 6];
    for pr in Predikat::ALL {
        pred_level[usize::from(predikat_code(Some(*pr)))] =
            policy.performance.mapping.get(pr).and_then(|c| grid.performance_index(c)).unwrap_or(0);
    }
    let perf = &policy.performance;
    let pot = &policy.potential;

    type SRow<'a> = (Option<Cow<'a, str>>, u8, u16, bool, Vec<Code>);
    let run = |range: std::ops::Range<usize>| -> (FlatScore<'a>, Vec<SRow<'a>>) {
    let mut standards: FnvMap<PositionKind, Option<Vec<(usize, f64)>>> = FnvMap::default();
    let mut dates: Lookup<Date> = Lookup::new();
    let mut kinds: Lookup<PositionKind> = Lookup::new();
    let mut ranks: Lookup<crate::rank::Rank> = Lookup::new();
    let mut edus: Lookup<crate::rank::Education> = Lookup::new();
    let mut preds: Lookup<Predikat> = Lookup::new();
    let mut ratings: Lookup<Rating> = Lookup::new();
    let mut fs = FlatScore::with_capacity(range.len(), PolicyInfo::of(policy));
    let mut summary_rows: Vec<SRow<'a>> = Vec::with_capacity(range.len());
    let mut levels_buf: Vec<u8> = Vec::with_capacity(nyears);
    let mut comp_vals: Vec<f64> = vec![0.0; c.comp.len()];
    let mut comp_present: Vec<bool> = vec![false; c.comp.len()];

    for i in range {
        // ---- the fast reading of row i; `None` sends the row to the row path.
        let fast_row = (|| -> Option<(u16, u8, u8, f64, Option<f64>, u8, PositionKind)> {
            let nip_s = c.nip?.text(i)?;
            let nip = Nip::parse(nip_s, ctx.today).ok()?;
            if nip.age_at_appointment() < 18 {
                return None;
            }
            c.unit?.text(i)?;
            let kind = kinds.get(c.kind?.text(i)?)?;
            if let Some(col) = c.rank {
                if let Some(s) = col.text(i) {
                    ranks.get(s)?;
                }
            }
            if let Some(col) = c.education {
                if let Some(s) = col.text(i) {
                    edus.get(s)?;
                }
            }
            if let Some(col) = c.birth {
                if let Some(s) = col.text(i) {
                    let d: Date = dates.get_with(s, crate::date::parse_ymd)?;
                    if d != nip.birth_date() || ctx.today.is_some_and(|t| d > t) {
                        return None;
                    }
                }
            }
            if let Some(col) = c.since {
                if let Some(s) = col.text(i) {
                    let d: Date = dates.get_with(s, crate::date::parse_ymd)?;
                    if ctx.today.is_some_and(|t| d > t) {
                        return None;
                    }
                }
            }
            let num = |f: NumField| c.nums[f as usize].and_then(|col| col.num(i));
            for f in [NumField::PotentialScore, NumField::PotentialAssessment, NumField::TrackRecord, NumField::PerformanceScore] {
                if let Some(v) = num(f) {
                    if !(v.is_finite() && (0.0..=100.0).contains(&v)) {
                        return None;
                    }
                }
            }
            let jpm_reported = num(NumField::Jpm);
            if let Some(v) = jpm_reported {
                if !(v.is_finite() && (0.0..=200.0).contains(&v)) {
                    return None;
                }
            }
            for (j, (_, col)) in c.comp.iter().enumerate() {
                match col.num(i) {
                    Some(v) => {
                        if !(v.is_finite() && v.fract() == 0.0 && (1.0..=5.0).contains(&v)) {
                            return None;
                        }
                        comp_vals[j] = v;
                        comp_present[j] = true;
                    }
                    None => comp_present[j] = false,
                }
            }
            let mut aspect_sum = 0.0;
            let mut aspect_n = 0usize;
            for (_, known, col) in &c.aspects {
                if let Some(v) = col.num(i) {
                    if !(*known && v.is_finite() && (1.0..=5.0).contains(&v)) {
                        return None;
                    }
                    aspect_sum += v;
                    aspect_n += 1;
                }
            }
            // Appraisals, most recent year first.
            levels_buf.clear();
            let mut latest: Option<Option<Predikat>> = None;
            for &y in &order {
                let [pc, rc, bc] = c.years[y];
                let p = pc.and_then(|col| col.text(i));
                let r = rc.and_then(|col| col.text(i));
                let b = bc.and_then(|col| col.text(i));
                if p.is_none() && r.is_none() && b.is_none() {
                    continue;
                }
                if ctx.today.is_some_and(|t| years[y] > t.year()) {
                    return None;
                }
                let p = match p {
                    Some(s) => Some(preds.get(s)?),
                    None => None,
                };
                let r = match r {
                    Some(s) => Some(ratings.get(s)?),
                    None => None,
                };
                let b = match b {
                    Some(s) => Some(ratings.get(s)?),
                    None => None,
                };
                let eff = match (p, r, b) {
                    (Some(p), Some(r), Some(b)) => {
                        if crate::performance::predikat(r, b) != p {
                            return None;
                        }
                        p
                    }
                    (Some(p), _, _) => p,
                    (None, Some(r), Some(b)) => crate::performance::predikat(r, b),
                    _ => return None,
                };
                if latest.is_none() {
                    latest = Some(Some(eff));
                }
                if levels_buf.len() < usize::from(perf.years) {
                    let l = pred_level[usize::from(predikat_code(Some(eff)))];
                    if l > 0 {
                        levels_buf.push(l);
                    }
                }
            }
            let nl = levels_buf.len();
            if nl < usize::from(perf.min_years) || nl == 0 {
                return None;
            }
            let k = match perf.combine {
                Combine::Latest => levels_buf[0],
                Combine::Worst => levels_buf.iter().copied().min().unwrap_or(1),
                Combine::Average => {
                    let sum: u32 = levels_buf.iter().map(|&l| u32::from(l)).sum();
                    ((2 * sum + nl as u32) / (2 * nl as u32)) as u8
                }
            };
            // JPM: computed when the competency columns cover the standard, else reported.
            let std = standards.entry(kind).or_insert_with(|| {
                let s = policy.jpm.standard(kind);
                if s.is_empty() {
                    return None;
                }
                s.iter().map(|(key, &r)| comp_index.get(key).map(|&j| (j, f64::from(r)))).collect()
            });
            let jpm_v: Option<f64> = match std {
                Some(pairs) if pairs.iter().all(|&(j, _)| comp_present[j]) => {
                    jpm_of(pairs.iter().map(|&(j, r)| (comp_vals[j], r)), policy.jpm.cap)
                }
                _ => jpm_reported,
            };
            // Potential.
            let pscore = num(NumField::PotentialScore);
            let direct = matches!(pot.source, PotentialSource::Score) || (pot.source == PotentialSource::ScoreOrComposite && pscore.is_some());
            let ps = if direct {
                pscore?
            } else {
                let mut present_w = 0.0;
                let mut any_missing = false;
                let mut vals = [None; 8];
                for (ci, comp) in pot.components.iter().enumerate() {
                    let v = match comp.input {
                        Input::Jpm => jpm_v.map(|j| j.min(100.0)),
                        Input::PotentialAssessment => {
                            if aspect_n > 0 {
                                Some(aspect_sum / aspect_n as f64 / 5.0 * 100.0)
                            } else {
                                num(NumField::PotentialAssessment)
                            }
                        }
                        Input::TrackRecord => num(NumField::TrackRecord),
                        Input::PotentialScore => pscore,
                    };
                    if v.is_some() {
                        present_w += comp.weight;
                    } else {
                        any_missing = true;
                    }
                    if let Some(slot) = vals.get_mut(ci) {
                        *slot = v;
                    } else {
                        return None;
                    }
                }
                if present_w <= 0.0 || (any_missing && pot.missing_component == MissingComponent::Missing) {
                    return None;
                }
                let mut score = 0.0;
                for (ci, comp) in pot.components.iter().enumerate() {
                    let v = vals[ci];
                    let eff = if v.is_some() && present_w > 0.0 { comp.weight / present_w } else { 0.0 };
                    score += v.map(|v| v * eff).unwrap_or(0.0);
                }
                score
            };
            let p = pot_table.level(ps);
            let number = grid.number(k, p)?;
            Some((number, k, p, ps, jpm_v, predikat_code(latest.flatten()), kind))
        })();
        match fast_row {
            Some((number, k, p, ps, jpm_v, latest, kind)) => {
                let unit = c.unit.and_then(|col| col.text(i)).map(Cow::Borrowed);
                let u = unit.clone();
                fs.status.push(STATUS_PLACED);
                fs.nip.push(c.nip.and_then(|col| col.text(i)).map(Cow::Borrowed));
                fs.name.push(c.name.and_then(|col| col.text(i)).map(Cow::Borrowed));
                fs.unit.push(unit);
                fs.position_kind.push(Some(kind));
                fs.boxes.push(number);
                fs.performance_level.push(k);
                fs.potential_level.push(p);
                fs.performance_score.push(f64::NAN);
                fs.potential_score.push(ps);
                fs.jpm.push(jpm_v.unwrap_or(f64::NAN));
                fs.latest_predikat.push(latest);
                fs.warnings.push(0);
                fs.error_count.push(0);
                fs.error_code.push(None);
                fs.error_path.push(None);
                summary_rows.push((u, STATUS_PLACED, number, false, Vec::new()));
            }
            None => {
                // The row path, for this row alone (cut-offs are fixed, so a
                // row's answer does not depend on the others).
                fs.row_path_rows += 1;
                let row = table.parsed_row(layout, i);
                let out = score_rows(std::slice::from_ref(&row), policy, ctx);
                let errs: Vec<RowError> = out.errors.iter().map(|e| RowError { row: i, ..e.clone() }).collect();
                let refs: Vec<&RowError> = errs.iter().collect();
                fs.push_row(&grid, &row, out.results.first(), &refs);
                let u = fs.unit.last().cloned().flatten();
                let mut codes: Vec<Code> = Vec::new();
                for e in &errs {
                    if !codes.contains(&e.code) {
                        codes.push(e.code);
                    }
                }
                let st = fs.status.last().copied().unwrap_or(STATUS_ERROR);
                let warn = fs.warnings.last().copied().unwrap_or(0) > 0;
                summary_rows.push((u, st, fs.boxes.last().copied().unwrap_or(0), warn, codes));
                fs.errors.extend(errs);
            }
        }
    }
    (fs, summary_rows)
    };
    // Rows are independent here (fixed cut-offs): score chunks on all cores.
    let threads = std::thread::available_parallelism().map(|t| t.get()).unwrap_or(1).min(8);
    let parts: Vec<(FlatScore<'a>, Vec<SRow<'a>>)> = if n < 20_000 || threads < 2 {
        vec![run(0..n)]
    } else {
        let chunk = n.div_ceil(threads);
        let run = &run;
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..threads)
                .map(|t| {
                    let r = (t * chunk).min(n)..((t + 1) * chunk).min(n);
                    s.spawn(move || run(r))
                })
                .collect();
            hs.into_iter().map(|h| h.join()).collect::<Result<Vec<_>, _>>()
        })
        .map_err(|_| Error::Request(vec![Problem::new(Code::Internal, "", "a scoring thread failed", "sebuah thread penilaian gagal")]))?
    };
    // The first part is the base (no fresh copy of it); the others are appended.
    let mut parts = parts.into_iter();
    let (mut fs, mut summary_rows) = parts.next().unwrap_or_else(|| (FlatScore::with_capacity(0, PolicyInfo::of(policy)), Vec::new()));
    for (part, rows) in parts {
        fs.append(part);
        summary_rows.extend(rows);
    }
    // Summary, as the row path counts it: flat counters per group in one pass
    // (maps only at the end), then the same GroupSummary values.
    let numbers: Vec<u16> = (1..=(grid.performance_count() * grid.potential_count()) as u16).collect();
    let pools: Vec<Vec<Pool>> = (0..=numbers.len() as u16).map(|b| grid.box_def(b).map(|d| d.talent_pool.clone()).unwrap_or_default()).collect();
    #[derive(Clone)]
    struct Acc {
        rows: usize,
        errors: usize,
        warnings: usize,
        placed: usize,
        holding: usize,
        /// Count per box number (index = number; 0 unused).
        boxes: Vec<usize>,
        codes: BTreeMap<Code, usize>,
    }
    let acc0 = Acc { rows: 0, errors: 0, warnings: 0, placed: 0, holding: 0, boxes: vec![0; numbers.len() + 1], codes: BTreeMap::new() };
    let add = |g: &mut Acc, st: u8, b: u16, warn: bool, codes: &[Code]| {
        g.rows += 1;
        if !codes.is_empty() {
            g.errors += 1;
            for code in codes {
                *g.codes.entry(*code).or_insert(0) += 1;
            }
        }
        if st != STATUS_ERROR {
            if warn {
                g.warnings += 1;
            }
            if b > 0 {
                g.placed += 1;
                if let Some(c) = g.boxes.get_mut(usize::from(b)) {
                    *c += 1;
                }
            } else {
                g.holding += 1;
            }
        }
    };
    let mut total = acc0.clone();
    let mut unit_ids: FnvMap<&str, usize> = FnvMap::default();
    let mut unit_names: Vec<&str> = Vec::new();
    let mut unit_accs: Vec<Acc> = Vec::new();
    for (u, st, b, warn, codes) in &summary_rows {
        add(&mut total, *st, *b, *warn, codes);
        if let Some(u) = u.as_deref() {
            let id = *unit_ids.entry(u).or_insert_with(|| {
                unit_names.push(u);
                unit_accs.push(acc0.clone());
                unit_accs.len() - 1
            });
            if let Some(g) = unit_accs.get_mut(id) {
                add(g, *st, *b, *warn, codes);
            }
        }
    }
    let finish = |unit: Option<String>, a: Acc| {
        let mut g = GroupSummary { unit, rows: a.rows, placed: a.placed, holding: a.holding, errors: a.errors, warnings: a.warnings, error_codes: a.codes, ..Default::default() };
        g.talent_pool.insert(Pool::Instansi, 0);
        g.talent_pool.insert(Pool::Nasional, 0);
        for &n in &numbers {
            let c = a.boxes.get(usize::from(n)).copied().unwrap_or(0);
            g.boxes.insert(n, c);
            for pool in pools.get(usize::from(n)).map(Vec::as_slice).unwrap_or(&[]) {
                *g.talent_pool.entry(*pool).or_insert(0) += c;
            }
        }
        g
    };
    let total = finish(None, total);
    let mut units: Vec<GroupSummary> = unit_names.iter().zip(unit_accs).map(|(u, a)| finish(Some((*u).to_string()), a)).collect();
    crate::sort::stable_by(&mut units, |a, b| a.unit.cmp(&b.unit));
    fs.summary = Summary { total, units };
    Ok(fs)
}

/// An owned column (for generated tables).
#[derive(Clone, Debug, PartialEq)]
pub enum OwnedColumn {
    /// Text cells.
    Text(Vec<Option<String>>),
    /// Numbers (NaN = empty).
    Number(Vec<f64>),
}

/// An owned flat table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OwnedTable {
    /// Column names.
    pub names: Vec<String>,
    /// Columns.
    pub columns: Vec<OwnedColumn>,
}

impl OwnedTable {
    /// A borrowed view for [`score_flat`].
    pub fn view(&self) -> FlatTable<'_> {
        FlatTable {
            names: self.names.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| match c {
                    OwnedColumn::Text(v) => FlatColumn::Text(v.iter().map(|s| s.as_deref()).collect()),
                    OwnedColumn::Number(v) => FlatColumn::Number(v.clone()),
                })
                .collect(),
        }
    }
}

/// Records as a flat table (the [`crate::flat`] columns): one column per
/// field present in any record; yearly appraisals as `performance_<YYYY>`,
/// `work_result_<YYYY>`, `work_behavior_<YYYY>`; maps as
/// `competency_<key>`, `potential_aspect_<key>`, `attr_<key>`. Histories
/// (discipline, position history, track-record items) have no flat form and
/// are left out.
///
/// ```
/// use meritkit::{columnar::employees_to_flat, generate::{population, Options}};
/// let t = employees_to_flat(&population(&Options { count: 10, ..Options::default() }));
/// assert!(t.names.iter().any(|n| n == "competency_integritas"));
/// ```
pub fn employees_to_flat(emps: &[crate::model::Employee]) -> OwnedTable {
    use std::collections::BTreeSet;

    let mut years: BTreeSet<i16> = BTreeSet::new();
    let mut comp: BTreeSet<&str> = BTreeSet::new();
    let mut aspects: BTreeSet<&str> = BTreeSet::new();
    let mut attrs: BTreeSet<&str> = BTreeSet::new();
    for e in emps {
        years.extend(e.performance.iter().map(|a| a.year));
        comp.extend(e.competency.keys().map(String::as_str));
        aspects.extend(e.potential_aspects.keys().map(String::as_str));
        attrs.extend(e.attributes.keys().map(String::as_str));
    }
    let mut t = OwnedTable::default();
    let text = |t: &mut OwnedTable, name: String, f: &dyn Fn(&crate::model::Employee) -> Option<String>| {
        t.names.push(name);
        t.columns.push(OwnedColumn::Text(emps.iter().map(f).collect()));
    };
    text(&mut t, "nip".into(), &|e| Some(e.nip.clone()));
    text(&mut t, "name".into(), &|e| e.name.clone());
    text(&mut t, "unit".into(), &|e| Some(e.unit.clone()));
    text(&mut t, "position_kind".into(), &|e| Some(e.position.kind.code().to_string()));
    text(&mut t, "position_title".into(), &|e| e.position.title.clone());
    text(&mut t, "position_since".into(), &|e| e.position.since.map(crate::date::ymd));
    text(&mut t, "rank".into(), &|e| e.rank.map(|r| r.code().to_string()));
    text(&mut t, "education".into(), &|e| e.education.map(|r| r.code().to_string()));
    text(&mut t, "birth_date".into(), &|e| e.birth_date.map(crate::date::ymd));
    for &y in years.iter().rev() {
        let get = move |e: &crate::model::Employee| e.performance.iter().find(|a| a.year == y).cloned();
        text(&mut t, format!("performance_{y}"), &|e| get(e).and_then(|a| a.predikat).map(|p| p.code().to_string()));
        text(&mut t, format!("work_result_{y}"), &|e| get(e).and_then(|a| a.work_result).map(|p| p.code().to_string()));
        text(&mut t, format!("work_behavior_{y}"), &|e| get(e).and_then(|a| a.work_behavior).map(|p| p.code().to_string()));
    }
    let num = |t: &mut OwnedTable, name: String, f: &dyn Fn(&crate::model::Employee) -> Option<f64>| {
        t.names.push(name);
        t.columns.push(OwnedColumn::Number(emps.iter().map(|e| f(e).unwrap_or(f64::NAN)).collect()));
    };
    for k in &comp {
        num(&mut t, format!("competency_{k}"), &|e| e.competency.get(*k).copied());
    }
    for k in &aspects {
        num(&mut t, format!("potential_aspect_{k}"), &|e| e.potential_aspects.get(*k).copied());
    }
    num(&mut t, "jpm".into(), &|e| e.jpm);
    num(&mut t, "potential_score".into(), &|e| e.potential_score);
    num(&mut t, "potential_assessment_score".into(), &|e| e.potential_assessment_score);
    num(&mut t, "track_record_score".into(), &|e| e.track_record_score);
    num(&mut t, "performance_score".into(), &|e| e.performance_score);
    for k in &attrs {
        text(&mut t, format!("attr_{k}"), &|e| e.attributes.get(*k).cloned());
    }
    t
}

#[cfg(test)]
mod flat_tests {
    use super::*;
    use crate::generate::{population, Options};

    fn set_text(t: &mut OwnedTable, col: &str, row: usize, v: Option<&str>) {
        let i = t.names.iter().position(|n| n == col).unwrap();
        match &mut t.columns[i] {
            OwnedColumn::Text(c) => c[row] = v.map(str::to_string),
            OwnedColumn::Number(_) => panic!("{col} is numeric"),
        }
    }
    fn set_num(t: &mut OwnedTable, col: &str, row: usize, v: f64) {
        let i = t.names.iter().position(|n| n == col).unwrap();
        match &mut t.columns[i] {
            OwnedColumn::Number(c) => c[row] = v,
            OwnedColumn::Text(_) => panic!("{col} is text"),
        }
    }

    /// A generated population with one anomaly per kind in the first rows.
    fn table_with_bad_rows(count: usize) -> OwnedTable {
        let mut t = employees_to_flat(&population(&Options { count, seed: 11, ..Options::default() }));
        set_text(&mut t, "nip", 0, Some("12345")); // nip_format
        set_text(&mut t, "nip", 1, None); // missing nip
        set_num(&mut t, "competency_integritas", 2, 7.0); // out of range
        set_num(&mut t, "competency_integritas", 3, 2.5); // not whole
        set_text(&mut t, "performance_2025", 4, Some("hebat")); // unknown predikat
        set_text(&mut t, "work_result_2025", 4, None);
        set_text(&mut t, "work_behavior_2025", 4, None);
        set_text(&mut t, "unit", 5, Some("   ")); // empty unit
        set_text(&mut t, "position_kind", 6, Some("kepala_seksi")); // unknown kind
        set_num(&mut t, "potential_score", 7, 130.0); // out of range
        // no appraisal at all → missing performance
        for c in ["performance_2025", "work_result_2025", "work_behavior_2025", "performance_2024", "work_result_2024", "work_behavior_2024"] {
            set_text(&mut t, c, 8, None);
        }
        set_text(&mut t, "birth_date", 9, Some("1901-01-01")); // mismatch with NIP
        set_text(&mut t, "performance_2025", 10, Some("Sangat Baik")); // contradicts ratings if any
        set_text(&mut t, "work_result_2025", 10, Some("di_bawah_ekspektasi"));
        set_text(&mut t, "work_behavior_2025", 10, Some("di_bawah_ekspektasi"));
        set_text(&mut t, "rank", 11, Some("V/z"));
        set_text(&mut t, "position_since", 12, Some("2031-01-01")); // future (with a date)
        set_text(&mut t, "performance_2025", 13, Some("  Baik ")); // label with spaces: fine
        set_text(&mut t, "work_result_2025", 13, None);
        set_text(&mut t, "work_behavior_2025", 13, None);
        set_num(&mut t, "jpm", 14, 250.0);
        t
    }

    fn same_as_row_path(t: &OwnedTable, policy: &Policy, ctx: &Context) -> usize {
        let view = t.view();
        let fast = score_flat(&view, policy, ctx).unwrap();
        let layout = view.layout().unwrap();
        let rows = view.parsed_rows(&layout);
        let out = score_rows(&rows, policy, ctx);
        let mut slow = FlatScore::from_output(&rows, &out, policy);
        slow.row_path_rows = fast.row_path_rows;
        // NaN != NaN: compare the float columns bitwise.
        let bits = |v: &Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&fast.potential_score), bits(&slow.potential_score));
        assert_eq!(bits(&fast.jpm), bits(&slow.jpm));
        assert_eq!(bits(&fast.performance_score), bits(&slow.performance_score));
        let strip = |mut f: FlatScore<'_>| {
            f.potential_score.clear();
            f.jpm.clear();
            f.performance_score.clear();
            format!("{f:?}")
        };
        assert_eq!(fast.summary, out.summary);
        assert_eq!(fast.errors, out.errors);
        assert_eq!(strip(fast.clone()), strip(slow));
        fast.row_path_rows
    }

    #[test]
    fn columnar_equals_row_path_default_policy() {
        // more than the parallel threshold, so that the chunked path runs too
        let t = table_with_bad_rows(24_000);
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let slow_rows = same_as_row_path(&t, &p, &Context::default());
        // the fast path really ran for most rows
        assert!(slow_rows < 24_000 / 4, "row path used for {slow_rows} rows");
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)) };
        same_as_row_path(&t, &p, &ctx);
    }

    #[test]
    fn borrowed_float_columns_with_a_validity_bitmap_give_the_same_answers() {
        let t = table_with_bad_rows(2000);
        // Number columns as Arrow would hand them over: values plus a bitmap
        // where NaN cells are null (value 0.0 behind the cleared bit).
        let bufs: Vec<Option<(Vec<f64>, Vec<u8>)>> = t
            .columns
            .iter()
            .map(|c| match c {
                OwnedColumn::Number(v) => {
                    let mut bits = vec![0u8; (v.len() + 1).div_ceil(8)];
                    let vals: Vec<f64> = v.iter().map(|x| if x.is_nan() { 0.0 } else { *x }).collect();
                    for (i, x) in v.iter().enumerate() {
                        if !x.is_nan() {
                            bits[(i + 1) >> 3] |= 1 << ((i + 1) & 7); // offset 1
                        }
                    }
                    Some((vals, bits))
                }
                OwnedColumn::Text(_) => None,
            })
            .collect();
        let mut view = t.view();
        for (col, b) in view.columns.iter_mut().zip(&bufs) {
            if let Some((values, bytes)) = b {
                *col = FlatColumn::Float { values, valid: Some(Bits { bytes, offset: 1 }) };
            }
        }
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)) };
        let a = score_flat(&view, &p, &ctx).unwrap();
        let base = t.view();
        let b = score_flat(&base, &p, &ctx).unwrap();
        let bits = |v: &Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(a.boxes, b.boxes);
        assert_eq!(bits(&a.potential_score), bits(&b.potential_score));
        assert_eq!(bits(&a.jpm), bits(&b.jpm));
        assert_eq!(a.errors, b.errors);
        assert_eq!(a.summary, b.summary);
        assert_eq!(a.row_path_rows, b.row_path_rows);
        // and the row path reads the same cells
        let layout = view.layout().unwrap();
        assert_eq!(format!("{:?}", view.parsed_rows(&layout)), format!("{:?}", t.view().parsed_rows(&layout)));
    }

    #[test]
    fn large_utf8_text_columns_give_the_same_answers() {
        let t = table_with_bad_rows(2000);
        let bufs: Vec<Option<(String, Vec<i64>, Vec<u8>)>> = t
            .columns
            .iter()
            .map(|c| match c {
                OwnedColumn::Text(v) => {
                    let mut values = String::new();
                    let mut offsets = vec![0i64];
                    let mut bits = vec![0u8; v.len().div_ceil(8)];
                    for (i, s) in v.iter().enumerate() {
                        values.push_str(s.as_deref().unwrap_or(""));
                        offsets.push(values.len() as i64);
                        if s.is_some() {
                            bits[i >> 3] |= 1 << (i & 7);
                        }
                    }
                    Some((values, offsets, bits))
                }
                OwnedColumn::Number(_) => None,
            })
            .collect();
        let mut view = t.view();
        for (col, b) in view.columns.iter_mut().zip(&bufs) {
            if let Some((values, offsets, bytes)) = b {
                *col = FlatColumn::LargeUtf8 { values, offsets, valid: Some(Bits { bytes, offset: 0 }) };
            }
        }
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)) };
        let a = score_flat(&view, &p, &ctx).unwrap();
        let base = t.view();
        let b = score_flat(&base, &p, &ctx).unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert!(a.row_path_rows < 2000 / 4);
    }

    #[test]
    fn packed_lookup_keys_are_exact() {
        // same bytes, different lengths; 15 and 16 bytes (packed and not)
        assert_ne!(pack("baik"), pack("baik\0"));
        assert_eq!(pack("sangat_baik"), pack("sangat_baik"));
        assert!(pack("butuh_perbaikan").is_some() && pack("butuh_perbaikan!").is_none());
        let mut l: Lookup<'_, Predikat> = Lookup::new();
        assert_eq!(l.get("Sangat Baik"), Some(Predikat::SangatBaik));
        assert_eq!(l.get("butuh_perbaikan"), Some(Predikat::ButuhPerbaikan));
        assert_eq!(l.get("sangat baik!"), None);
        assert_eq!(l.get("Sangat Baik"), Some(Predikat::SangatBaik));
    }

    #[test]
    fn arrow_layout_text_columns_give_the_same_answers() {
        let t = table_with_bad_rows(2000);
        let bufs: Vec<Option<(String, Vec<i32>, Vec<bool>)>> = t
            .columns
            .iter()
            .map(|c| match c {
                OwnedColumn::Text(v) => {
                    let mut values = String::new();
                    let mut offsets = vec![0i32];
                    for s in v {
                        values.push_str(s.as_deref().unwrap_or(""));
                        offsets.push(values.len() as i32);
                    }
                    Some((values, offsets, v.iter().map(Option::is_some).collect()))
                }
                OwnedColumn::Number(_) => None,
            })
            .collect();
        let mut view = t.view();
        for (col, b) in view.columns.iter_mut().zip(&bufs) {
            if let Some((values, offsets, valid)) = b {
                *col = FlatColumn::Utf8 { values, offsets, valid: Some(valid.clone()) };
            }
        }
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)) };
        let a = score_flat(&view, &p, &ctx).unwrap();
        let base = t.view();
        let b = score_flat(&base, &p, &ctx).unwrap();
        assert_eq!(format!("{:?}", a.boxes), format!("{:?}", b.boxes));
        assert_eq!(a.errors, b.errors);
        assert_eq!(a.summary, b.summary);
        assert_eq!(a.row_path_rows, b.row_path_rows);
    }

    #[test]
    fn columnar_equals_row_path_every_preset() {
        let t = table_with_bad_rows(800);
        for name in crate::policy::PRESETS {
            let p = Policy::preset(name).unwrap();
            same_as_row_path(&t, &p, &Context::default());
        }
    }

    #[test]
    fn bad_rows_keep_their_codes_and_the_rest_is_scored() {
        let t = table_with_bad_rows(200);
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)) };
        let view = t.view();
        let out = score_flat(&view, &p, &ctx).unwrap();
        let code = |r: usize| out.error_code[r].map(|c| c.as_str());
        assert_eq!(code(0), Some("nip_format"));
        assert_eq!(code(2), Some("competency_level_out_of_range"));
        assert_eq!(code(3), Some("competency_level_out_of_range"));
        assert_eq!(code(7), Some("score_out_of_range"));
        assert_eq!(code(8), Some("missing_performance"));
        assert_eq!(code(9), Some("birth_date_mismatch"));
        assert_eq!(code(10), Some("predikat_mismatch"));
        assert_eq!(code(12), Some("date_in_future"));
        assert_eq!(code(14), Some("score_out_of_range"));
        assert_eq!(out.status[13], STATUS_PLACED);
        for r in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14] {
            assert_eq!(out.status[r], STATUS_ERROR, "row {r}");
        }
        // every row is accounted for
        assert_eq!(out.summary.total.rows, 200);
        assert_eq!(out.summary.total.placed + out.summary.total.holding + out.summary.total.errors, 200);
    }
}

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

/// Decodes [`predikat_code`].
pub fn predikat_of_code(c: u8) -> Option<Predikat> {
    Predikat::ALL.iter().copied().find(|&p| predikat_code(Some(p)) == c)
}

fn bad(msg: &str, id: &str) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, "", msg, id)])
}

/// Levels for a score column under cut-offs (0 for NaN), by [`crate::cutoffs`].
fn level_column(c: &Cutoffs, xs: &[f64], unit: Option<&[u32]>, levels: usize) -> Result<Vec<u8>, Error> {
    let per_unit = crate::cutoffs::scope(c) == Some(Scope::Unit);
    let key = |i: usize| -> Result<u32, Error> {
        if !per_unit {
            return Ok(0);
        }
        unit.and_then(|u| u.get(i).copied())
            .ok_or_else(|| bad("scope `unit` needs a unit column", "scope `unit` memerlukan kolom unit"))
    };
    let mut items = Vec::new();
    if crate::cutoffs::scope(c).is_some() {
        for (i, &x) in xs.iter().enumerate() {
            if !x.is_nan() {
                items.push((key(i)?, x));
            }
        }
    }
    let tables = crate::cutoffs::Tables::new(c, levels, items.into_iter());
    if !per_unit {
        let Some(t) = tables.get(0) else { return Ok(vec![0; xs.len()]) };
        return Ok(t.levels(xs));
    }
    let mut out = Vec::with_capacity(xs.len());
    for (i, &x) in xs.iter().enumerate() {
        out.push(if x.is_nan() { 0 } else { tables.get(key(i)?).map(|l| l.level(x)).unwrap_or(0) });
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
            let levels = crate::performance::predikat_levels(&policy.performance.mapping, &grid);
            let mut table = [0u8; 6];
            for pr in Predikat::ALL {
                table[usize::from(predikat_code(Some(*pr)))] = levels[*pr as usize].unwrap_or(0);
            }
            p.iter().map(|&c| table.get(usize::from(c)).copied().unwrap_or(0)).collect()
        }
        (PerformanceColumn::Score(s), PerformanceSource::Score) => {
            if s.len() != n {
                return Err(bad("columns differ in length", "panjang kolom berbeda"));
            }
            let c = policy
                .performance
                .cutoffs
                .as_ref()
                .ok_or_else(|| bad("policy has no performance cutoffs", "kebijakan tidak punya cutoffs kinerja"))?;
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

use crate::error::RowError;
use crate::flat::{Cell, Column, FlatLayout, YearField};
use crate::label::normalize;
use crate::model;
use crate::nip::Nip;
use crate::performance::Rating;
use crate::position::PositionKind;
use crate::read::parse_row;
use crate::scoring::{Acc, Context, ParsedRow, PolicyInfo, ScoreOutput, Status, Summary};
use std::borrow::Cow;

/// One column of a flat table (see [`crate::flat`] for the column names).
/// More layouts may come: match with a wildcard arm.
#[derive(Clone, Debug)]
#[non_exhaustive]
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
    /// One column held in consecutive parts (Arrow chunks), each borrowed as
    /// it is: part `k` holds rows `starts[k]..starts[k + 1]` (the last part
    /// runs to the end). The parts are text columns or number columns.
    Chunked {
        /// The parts, in row order.
        parts: Vec<FlatColumn<'a>>,
        /// First row of each part (`starts[0] == 0`).
        starts: Vec<usize>,
    },
    /// Text in the Arrow layout, borrowed without copying: cell `i` is
    /// `values[offsets[i]..offsets[i + 1]]`, absent where `valid[i]` is false.
    Utf8 {
        /// All values, concatenated.
        values: &'a str,
        /// `len + 1` offsets into `values`.
        offsets: &'a [i32],
        /// Validity bitmap (`None`: every cell is present).
        valid: Option<Bits<'a>>,
    },
    /// Text in the Arrow `Utf8View` layout (polars' strings), borrowed without
    /// copying: 16 bytes per cell in `views` (little-endian length; up to 12
    /// bytes inline after it, else a 4-byte prefix, the buffer index and the
    /// offset into that buffer); absent where the validity bit is clear.
    Utf8View {
        /// The views, 16 bytes per cell.
        views: &'a [u8],
        /// The data buffers the longer values point into.
        buffers: Vec<&'a str>,
        /// Validity bitmap (`None`: every cell is present).
        valid: Option<Bits<'a>>,
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
            FlatColumn::Utf8View { views, .. } => views.len() / 16,
            FlatColumn::Number(v) => v.len(),
            FlatColumn::Bool(v) => v.len(),
            FlatColumn::Empty(n) => *n,
            FlatColumn::Chunked { parts, starts } => {
                starts.last().copied().unwrap_or(0) + parts.last().map_or(0, FlatColumn::len)
            }
        }
    }

    /// Builds a [`FlatColumn::Chunked`] from its parts (one part is returned as is).
    pub fn chunked(mut parts: Vec<FlatColumn<'a>>) -> FlatColumn<'a> {
        if parts.len() == 1 {
            if let Some(p) = parts.pop() {
                return p;
            }
        }
        let mut starts = Vec::with_capacity(parts.len());
        let mut at = 0;
        for p in &parts {
            starts.push(at);
            at += p.len();
        }
        FlatColumn::Chunked { parts, starts }
    }

    /// The part holding row `i` and the row's index in it.
    #[inline]
    fn part(parts: &[FlatColumn<'a>], starts: &[usize], i: usize) -> Option<(usize, usize)> {
        let k = starts.partition_point(|&s| s <= i).checked_sub(1)?;
        let local = i - starts[k];
        parts.get(k).filter(|p| local < p.len()).map(|_| (k, local))
    }

    /// Whether the flat layout reads this column as text (or as numbers).
    fn is_text(&self) -> bool {
        match self {
            FlatColumn::Text(_)
            | FlatColumn::Utf8 { .. }
            | FlatColumn::LargeUtf8 { .. }
            | FlatColumn::Utf8View { .. }
            | FlatColumn::Empty(_) => true,
            FlatColumn::Chunked { parts, .. } => parts.iter().all(FlatColumn::is_text),
            _ => false,
        }
    }

    fn is_num(&self) -> bool {
        match self {
            FlatColumn::Number(_) | FlatColumn::Float { .. } | FlatColumn::Empty(_) => true,
            FlatColumn::Chunked { parts, .. } => parts.iter().all(FlatColumn::is_num),
            _ => false,
        }
    }

    /// Cell `i` as the flat layout reads it.
    pub fn cell(&self, i: usize) -> Cell {
        match self {
            FlatColumn::Utf8 { .. } | FlatColumn::LargeUtf8 { .. } | FlatColumn::Utf8View { .. } => {
                self.raw(i).map(|s| Cell::Str(s.to_string())).unwrap_or(Cell::Null)
            }
            FlatColumn::Text(v) => v.get(i).copied().flatten().map(|s| Cell::Str(s.to_string())).unwrap_or(Cell::Null),
            FlatColumn::Number(v) => v.get(i).map(|&x| Cell::Num(x)).unwrap_or(Cell::Null),
            FlatColumn::Float { .. } => self.num(i).map(Cell::Num).unwrap_or(Cell::Null),
            FlatColumn::Bool(v) => v.get(i).copied().flatten().map(Cell::Bool).unwrap_or(Cell::Null),
            FlatColumn::Empty(_) => Cell::Null,
            FlatColumn::Chunked { parts, starts } => match Self::part(parts, starts, i) {
                Some((k, l)) => parts[k].cell(l),
                None => Cell::Null,
            },
        }
    }

    #[inline]
    fn raw(&self, i: usize) -> Option<&'a str> {
        match self {
            FlatColumn::Utf8 { values, offsets, valid } => offset_text(values, offsets, valid.as_ref(), i),
            FlatColumn::LargeUtf8 { values, offsets, valid } => offset_text(values, offsets, valid.as_ref(), i),
            FlatColumn::Text(v) => v.get(i).copied().flatten(),
            FlatColumn::Utf8View { views, buffers, valid } => {
                if valid.as_ref().is_some_and(|v| !v.get(i)) {
                    return None;
                }
                view_text(views, buffers, i)
            }
            FlatColumn::Chunked { parts, starts } => Self::part(parts, starts, i).and_then(|(k, l)| parts[k].raw(l)),
            _ => None,
        }
    }

    /// Rows `start..start + out.len()` as trimmed, non-empty text (the flat
    /// layout's reading of a text cell) into `out`: one dispatch on the layout
    /// per block, not per cell.
    fn texts_into(&self, start: usize, out: &mut [Option<&'a str>]) {
        match self {
            FlatColumn::LargeUtf8 { values, offsets, valid } => {
                offset_texts_into(values, offsets, valid.as_ref(), start, out)
            }
            FlatColumn::Utf8 { values, offsets, valid } => {
                offset_texts_into(values, offsets, valid.as_ref(), start, out)
            }
            FlatColumn::Text(v) => {
                for (j, o) in out.iter_mut().enumerate() {
                    *o = clean(v.get(start + j).copied().flatten());
                }
            }
            FlatColumn::Utf8View { views, buffers, valid } => {
                for (j, o) in out.iter_mut().enumerate() {
                    let i = start + j;
                    *o = if valid.as_ref().is_none_or(|v| v.get(i)) {
                        clean(view_text(views, buffers, i))
                    } else {
                        None
                    };
                }
            }
            FlatColumn::Chunked { parts, starts } => {
                Self::split(parts, starts, start, out.len(), |p, s, r| p.texts_into(s, &mut out[r]))
            }
            _ => out.fill(None),
        }
    }

    /// Calls `f(part, start in part, range of the block)` for every part
    /// overlapping rows `start..start + len`.
    fn split(
        parts: &[FlatColumn<'a>],
        starts: &[usize],
        start: usize,
        len: usize,
        mut f: impl FnMut(&FlatColumn<'a>, usize, std::ops::Range<usize>),
    ) {
        let end = start + len;
        let mut at = start;
        while at < end {
            let Some((k, l)) = Self::part(parts, starts, at) else { break };
            let take = (parts[k].len() - l).min(end - at);
            f(&parts[k], l, at - start..at - start + take);
            at += take;
        }
    }

    /// [`FlatColumn::num`] of rows `start..start + out.len()` into `out`,
    /// NaN where absent.
    fn nums_into(&self, start: usize, out: &mut [f64]) {
        match self {
            FlatColumn::Float { values, valid: None } if values.len() >= start + out.len() => {
                out.copy_from_slice(&values[start..start + out.len()]);
            }
            FlatColumn::Float { values, valid: Some(bits) } => {
                for (j, o) in out.iter_mut().enumerate() {
                    *o =
                        if bits.get(start + j) { values.get(start + j).copied().unwrap_or(f64::NAN) } else { f64::NAN };
                }
            }
            FlatColumn::Number(v) if v.len() >= start + out.len() => out.copy_from_slice(&v[start..start + out.len()]),
            FlatColumn::Chunked { parts, starts } => {
                out.fill(f64::NAN);
                Self::split(parts, starts, start, out.len(), |p, s, r| p.nums_into(s, &mut out[r]));
            }
            _ => {
                for (j, o) in out.iter_mut().enumerate() {
                    *o = self.num(start + j).unwrap_or(f64::NAN);
                }
            }
        }
    }

    /// [`Self::nums_into`], for a column of numbers or of numbers written as
    /// text ([`crate::flat::text_number`]); a text cell that is not a finite
    /// number clears its row's `ok` (the row path names it). `scratch` holds the texts.
    fn nums_checked_into(&self, start: usize, out: &mut [f64], ok: &mut [bool], scratch: &mut [Option<&'a str>]) {
        if !self.is_text() || matches!(self, FlatColumn::Empty(_)) {
            return self.nums_into(start, out);
        }
        let texts = &mut scratch[..out.len()];
        self.texts_into(start, texts);
        for ((o, t), ok) in out.iter_mut().zip(texts.iter()).zip(ok.iter_mut()) {
            *o = match t.map(crate::flat::text_number) {
                None => f64::NAN,
                Some(Some(x)) => x,
                Some(None) => {
                    *ok = false;
                    f64::NAN
                }
            };
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
            FlatColumn::Chunked { parts, starts } => Self::part(parts, starts, i).and_then(|(k, l)| parts[k].num(l)),
            _ => None,
        }
    }
}

/// The flat layout's reading of a text cell: trimmed, empty = absent.
#[inline]
fn clean(s: Option<&str>) -> Option<&str> {
    s.map(crate::text::trim).filter(|s| !s.is_empty())
}

/// Cell `i` of an Arrow offsets layout (`Utf8`, `LargeUtf8`), untrimmed.
#[inline]
fn offset_text<'a, O: Copy>(values: &'a str, offsets: &[O], valid: Option<&Bits<'_>>, i: usize) -> Option<&'a str>
where
    usize: TryFrom<O>,
{
    if valid.is_some_and(|v| !v.get(i)) {
        return None;
    }
    let (a, b) = (*offsets.get(i)?, *offsets.get(i + 1)?);
    values.get(usize::try_from(a).ok()?..usize::try_from(b).ok()?)
}

/// [`FlatColumn::texts_into`] for an Arrow offsets layout: one window of the
/// offsets per block.
#[inline]
fn offset_texts_into<'a, O: Copy>(
    values: &'a str,
    offsets: &[O],
    valid: Option<&Bits<'_>>,
    start: usize,
    out: &mut [Option<&'a str>],
) where
    usize: TryFrom<O>,
{
    let offs = offsets.get(start..start + out.len() + 1).unwrap_or(&[]);
    for (j, o) in out.iter_mut().enumerate() {
        *o = match (offs.get(j), offs.get(j + 1)) {
            (Some(&a), Some(&b)) if valid.is_none_or(|v| v.get(start + j)) => {
                clean(values.get(usize::try_from(a).unwrap_or(usize::MAX)..usize::try_from(b).unwrap_or(0)))
            }
            _ => None,
        };
    }
}

/// Cell `i` of a `Utf8View` column (see [`FlatColumn::Utf8View`]).
#[inline]
fn view_text<'a>(views: &'a [u8], buffers: &[&'a str], i: usize) -> Option<&'a str> {
    let v = views.get(i * 16..i * 16 + 16)?;
    let word = |k: usize| -> Option<usize> {
        let mut b = [0u8; 4];
        b.copy_from_slice(v.get(k..k + 4)?);
        usize::try_from(u32::from_le_bytes(b)).ok()
    };
    let len = word(0)?;
    if len <= 12 {
        std::str::from_utf8(v.get(4..4 + len)?).ok()
    } else {
        let (buf, off) = (word(8)?, word(12)?);
        buffers.get(buf)?.get(off..off + len)
    }
}

/// Hash map with rustc's fast non-cryptographic hasher (internal caches only).
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

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
            return Err(Error::Input(vec![Problem::new(
                Code::InvalidInput,
                "columns",
                "names and columns differ in number",
                "jumlah nama dan kolom berbeda",
            )]));
        }
        let n = self.rows();
        if let Some(i) = self.columns.iter().position(|c| c.len() != n) {
            return Err(Error::Input(vec![Problem::new(
                Code::InvalidInput,
                format!("columns[{i}]"),
                "columns differ in length",
                "panjang kolom berbeda",
            )]));
        }
        FlatLayout::new(&self.names).map_err(Error::Input)
    }

    /// Each row's NIP cell as the flat layout reads it (trimmed; `None` when
    /// empty or when there is no NIP column).
    pub(crate) fn nips(&self) -> Vec<Option<&'a str>> {
        let mut texts: Vec<Option<&'a str>> = vec![None; self.rows()];
        let col =
            self.names.iter().position(|name| Column::classify(crate::flat::clean_name(name)) == Some(Column::Nip));
        if let Some(col) = col.and_then(|k| self.columns.get(k)) {
            crate::parallel::chunks(&mut texts, crate::scoring::NIP_CHUNK, |at, part| col.texts_into(at, part));
        }
        texts
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
    /// Per row, what its placement and explanation are made of
    /// ([`crate::scoring::Stream::placement`]); empty unless the stream keeps
    /// them ([`crate::scoring::Stream::keep_placements`]).
    pub detail: Vec<RowDetail>,
    /// The appraisal years the kernel's explained rows used ([`RowDetail::Kernel`] ranges).
    pub detail_years: Vec<crate::scoring::YearInput>,
    /// The potential components of the kernel's explained rows ([`RowDetail::Kernel`] ranges).
    pub detail_components: Vec<KeptComponent>,
}

/// One component of a kernel row's potential composite, kept compactly (40
/// bytes, where its explanation takes 72): what the row itself decided. The
/// component's input and configured weight are the policy's (a row's range
/// holds one entry per policy component, in policy order), and the
/// contribution follows from the value; [`KeptComponent::explanation`] makes
/// the [`crate::scoring::ComponentExplanation`] when the row is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeptComponent {
    /// Its value (0-100), `None` when missing.
    pub value: Option<f64>,
    /// The weight applied (renormalised over the present components).
    pub effective_weight: f64,
    /// Where the value came from (`computed`, `reported`, `aspects`).
    pub from: Option<&'static str>,
}

impl KeptComponent {
    /// The explanation of this component of the policy's composite (`c`, the
    /// policy component at its position).
    pub fn explanation(&self, c: &crate::policy::Component) -> crate::scoring::ComponentExplanation {
        crate::scoring::ComponentExplanation::of(c, self.value, self.from, self.effective_weight)
    }
}

/// What one row's explanation is made of, kept structured and compact while
/// a part is scored and formatted only when it is written
/// ([`crate::scoring::Stream::placement`]).
#[derive(Clone, Debug, PartialEq)]
pub enum RowDetail {
    /// An error row: its errors say why.
    None,
    /// A row the kernel placed: the years it used (a range of
    /// [`FlatScore::detail_years`]), the potential composite's components
    /// (a range of [`FlatScore::detail_components`]), whether the potential
    /// came from the reported score, and whether the composite's weights were
    /// renormalised. The rest is in the row's columns and the policy.
    Kernel {
        /// Start and end in [`FlatScore::detail_years`] (filled with full detail only).
        years: (u32, u32),
        /// Start and end in [`FlatScore::detail_components`] (filled with full detail only).
        components: (u32, u32),
        /// The reported `potential_score` is the axis score.
        direct: bool,
        /// The composite's weights were renormalised over present components.
        renormalized: bool,
    },
    /// A row the record path answered (an anomaly): its placement as made there.
    Record(Box<crate::scoring::Placement>),
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
            detail: Vec::new(),
            detail_years: Vec::new(),
            detail_components: Vec::new(),
        }
    }

    /// The row path's answer as columns (rows in input order; `rows` are the
    /// inputs `out` was computed from).
    pub fn from_output(rows: &[ParsedRow], out: &ScoreOutput, policy: &Policy) -> FlatScore<'static> {
        let get = |i: usize| rows[i].as_ref();
        let mut fs = FlatScore::from_placements(rows.len(), &get, 0, &out.results, out.errors.clone(), policy);
        fs.summary = out.summary.clone();
        fs
    }

    /// The row path's placements and errors of `rows` (numbered from `base`)
    /// as columns; the summary is left empty.
    pub(crate) fn from_placements(
        n: usize,
        get: RecordGet<'_, '_>,
        base: usize,
        results: &[crate::scoring::Placement],
        errors: Vec<RowError>,
        policy: &Policy,
    ) -> FlatScore<'static> {
        let grid = policy.grid();
        let mut fs = FlatScore::with_capacity(n, PolicyInfo::of(policy));
        let mut res = results.iter().peekable();
        let mut errs = errors.iter().peekable();
        for i in 0..n {
            let r = get(i);
            let mut row_errs: Vec<&RowError> = Vec::new();
            while let Some(e) = errs.next_if(|e| e.row == base + i) {
                row_errs.push(e);
            }
            let placement = res.next_if(|p| p.row == base + i);
            fs.push_row(&grid, r, placement, &row_errs);
        }
        fs.errors = errors;
        fs.row_path_rows = n;
        fs
    }

    /// The same answer owning its texts.
    pub fn into_owned(self) -> FlatScore<'static> {
        let own = |v: Vec<Option<Cow<'a, str>>>| -> Vec<Option<Cow<'static, str>>> {
            v.into_iter().map(|c| c.map(|c| Cow::Owned(c.into_owned()))).collect()
        };
        FlatScore {
            policy: self.policy,
            status: self.status,
            nip: own(self.nip),
            name: own(self.name),
            unit: own(self.unit),
            position_kind: self.position_kind,
            boxes: self.boxes,
            performance_level: self.performance_level,
            potential_level: self.potential_level,
            performance_score: self.performance_score,
            potential_score: self.potential_score,
            jpm: self.jpm,
            latest_predikat: self.latest_predikat,
            warnings: self.warnings,
            error_count: self.error_count,
            error_code: self.error_code,
            error_path: self.error_path,
            errors: self.errors,
            summary: self.summary,
            row_path_rows: self.row_path_rows,
            detail: self.detail,
            detail_years: self.detail_years,
            detail_components: self.detail_components,
        }
    }

    /// Appends the rows of `o` (a later part of the same input; the summary is not merged).
    pub fn append(&mut self, o: FlatScore<'a>) {
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
        // (the kernel's ranges shift past what this part holds)
        let (ys, cs) = (self.detail_years.len() as u32, self.detail_components.len() as u32);
        self.detail.extend(o.detail.into_iter().map(|d| match d {
            RowDetail::Kernel { years, components, direct, renormalized } => RowDetail::Kernel {
                years: (years.0 + ys, years.1 + ys),
                components: (components.0 + cs, components.1 + cs),
                direct,
                renormalized,
            },
            d => d,
        }));
        self.detail_years.extend(o.detail_years);
        self.detail_components.extend(o.detail_components);
    }

    /// Keeps the record path's placements of this answer's rows (numbered
    /// from `base`) as their [`RowDetail`]: an answer made by the record path
    /// alone, explained.
    pub(crate) fn keep_placements(&mut self, base: usize, results: Vec<crate::scoring::Placement>) {
        let mut res = results.into_iter().peekable();
        self.detail = (0..self.status.len())
            .map(|i| match res.next_if(|p| p.row == base + i) {
                Some(p) => RowDetail::Record(Box::new(p)),
                None => RowDetail::None,
            })
            .collect();
    }

    fn push_row(
        &mut self,
        grid: &crate::nine_box::Grid,
        r: Result<&crate::model::Employee, &crate::scoring::ParseFailure>,
        placement: Option<&crate::scoring::Placement>,
        row_errs: &[&RowError],
    ) {
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
                self.performance_level
                    .push(p.performance_level.as_deref().and_then(|c| grid.performance_index(c)).unwrap_or(0));
                self.potential_level
                    .push(p.potential_level.as_deref().and_then(|c| grid.potential_index(c)).unwrap_or(0));
                self.performance_score.push(p.performance_score.unwrap_or(f64::NAN));
                self.potential_score.push(p.potential_score.unwrap_or(f64::NAN));
                self.jpm.push(p.jpm.unwrap_or(f64::NAN));
                self.latest_predikat.push(predikat_code(p.latest_predikat));
                self.warnings.push(p.warnings.len() as u32);
            }
            None => self.push_unplaced(),
        }
    }

    /// The placement columns of a row that is not placed (an error row: its errors describe it).
    fn push_unplaced(&mut self) {
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

/// Kind of a column target, for the fast path.
pub(crate) enum Role {
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
pub(crate) enum NumField {
    Jpm,
    PotentialScore,
    PotentialAssessment,
    TrackRecord,
    PerformanceScore,
}

fn de_str<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(s)).ok()
}

/// Caches the parse of repeated text values (codes and labels) of one
/// column. Values of at most 24 bytes (every code, label and ISO date) are
/// keyed by their bytes read as up to three little-endian words plus the
/// length ([`words`]: exact, no hashing of bytes, no `memcmp`) in a small
/// open-addressing table; longer values, and the rare overflow, go to a map
/// keyed by the string.
struct Lookup<'a, T> {
    slots: Vec<Slot<T>>,
    long: FastMap<&'a str, Option<T>>,
}

#[derive(Clone, Copy)]
struct Slot<T> {
    key: [u64; 3],
    /// Length + 1; 0 = empty slot.
    len: u32,
    val: Option<T>,
}

const SLOTS: usize = 256;

/// The bytes of `b` (at most 24) as three words: with the length they
/// determine the bytes exactly (overlapping reads for 4-7 and 9-24 bytes).
#[inline]
fn words(b: &[u8]) -> Option<[u64; 3]> {
    #[inline]
    fn w8(r: &[u8]) -> u64 {
        let mut a = [0u8; 8];
        a.copy_from_slice(&r[..8]);
        u64::from_le_bytes(a)
    }
    #[inline]
    fn w4(r: &[u8]) -> u64 {
        let mut a = [0u8; 4];
        a.copy_from_slice(&r[..4]);
        u64::from(u32::from_le_bytes(a))
    }
    let n = b.len();
    Some(match n {
        0..=3 => [b.iter().enumerate().fold(0u64, |x, (i, &c)| x | u64::from(c) << (8 * i)), 0, 0],
        4..=7 => [w4(b) | w4(&b[n - 4..]) << 32, 0, 0],
        8..=16 => [w8(b), w8(&b[n - 8..]), 0],
        17..=24 => [w8(b), w8(&b[8..]), w8(&b[n - 8..])],
        _ => return None,
    })
}

impl<'a, T: Copy + serde::de::DeserializeOwned> Lookup<'a, T> {
    fn new() -> Self {
        Lookup { slots: vec![Slot { key: [0; 3], len: 0, val: None }; SLOTS], long: FastMap::default() }
    }
    #[inline]
    fn get(&mut self, s: &'a str) -> Option<T> {
        self.get_with(s, de_str::<T>)
    }
    #[inline]
    fn get_with(&mut self, s: &'a str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        if let Some(key) = words(s.as_bytes()) {
            let len = s.len() as u32 + 1;
            let h = (key[0] ^ key[1].rotate_left(21) ^ key[2].rotate_left(42) ^ u64::from(len))
                .wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let mut idx = (h >> 56) as usize % SLOTS;
            for _ in 0..4 {
                let slot = &self.slots[idx];
                if slot.len == len && slot.key == key {
                    return slot.val;
                }
                if slot.len == 0 {
                    let val = parse(s);
                    self.slots[idx] = Slot { key, len, val };
                    return val;
                }
                idx = (idx + 1) % SLOTS;
            }
        }
        *self.long.entry(s).or_insert_with(|| parse(s))
    }
}

/// Whether the policy's semantics can run column by column: kinerja from the
/// predikat (the potensial cut-offs may be fixed or relative to the
/// population: the kernel reads levels from the tables of
/// [`crate::scoring::Stream`]).
pub(crate) fn fast_policy(policy: &Policy) -> bool {
    policy.performance.source == PerformanceSource::Predikat
}

/// Scores a flat table (DataFrame / Arrow columns) with exactly the answers
/// of [`crate::scoring::score_rows`] on the same rows read through
/// [`FlatLayout`]. Clean rows are scored column by column (NIP validation,
/// latest-year predikat from `performance_YYYY` or the two ratings, potential
/// from `potential_score` or the policy's weighted composite, JPM from the
/// competency columns); every row with an anomaly (an error, a warning, a
/// missing axis) goes through the row path, so its errors are the row path's
/// errors. With population-relative cut-offs (percentile, distribution) the
/// kernel first reads every row's potensial score (the population), then
/// scores. Policies whose kinerja comes from a score, and tables whose column
/// types differ from the layout's, are scored entirely by the row path.
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
    // One table is a stream of one part (crate::scoring::Stream): observed first when the cut-offs need the
    // population, then scored; clean rows by the kernel, a row with an anomaly by the record path.
    let layout = table.layout()?;
    let n = table.rows();
    let row = |i: usize| table.parsed_row(&layout, i);
    let anomalous = vec![false; n];
    let mut stream = crate::scoring::Stream::new(policy, ctx, usize::MAX);
    let refused = |e: crate::scoring::TooManyErrorRows| {
        Error::internal(format!("error rows refused at row {} without a limit", e.row))
    };
    // (with fixed cut-offs the observing pass would only count error rows, and nothing limits them here)
    if stream.needs_population() {
        stream.observe_table(table, &row, &anomalous).map_err(refused)?;
    }
    let mut fs = stream.score_table(table, &row, &anomalous).map_err(refused)?;
    fs.summary = stream.finish();
    Ok(fs)
}

/// What [`fast`] reads its rows from: a flat table's columns (with each
/// column's role), or typed records. Either way the rows are read into the
/// same block buffers and combined by the same code.
#[derive(Clone, Copy)]
pub(crate) enum Feed<'a, 'r> {
    /// A flat table and its columns' roles ([`roles`]).
    Table(&'a FlatTable<'a>, &'r [Role]),
    /// Records (their number and row `i`).
    Records(usize, RecordGet<'r, 'a>),
}

/// Row `i` of records: the record, or the failure of a row that could not be read as one.
pub(crate) type RecordGet<'r, 'a> =
    &'r (dyn Fn(usize) -> Result<&'a crate::model::Employee, &'a crate::scoring::ParseFailure> + Sync);

/// The most appraisal years one run of [`fast`] keeps for records (each
/// row looks at every year kept): a record with yet another year takes the
/// row path, whose answer is the same.
const MAX_RECORD_YEARS: usize = 32;

/// What a competency key of a record is to [`fast`] (found once per run).
#[derive(Clone, Copy)]
enum KeyClass {
    /// A key of a JPM standard, in normal form: its index in the kernel's competency buffers.
    Standard(usize),
    /// Another key in normal form, outside the protected-attribute guard: its level is checked, not used.
    Other,
    /// A key the row path must answer for (not in normal form, or named after a protected ground).
    RowPath,
}

/// The rows of a table as [`fast`] needs them besides its columns.
pub(crate) struct RowSource<'r> {
    /// Row `i` of the table through the record parser (the row path).
    pub row: &'r (dyn Fn(usize) -> ParsedRow + Sync),
    /// Rows known to need the row path (a cell the reader already found
    /// wrong); `None`: none.
    pub anomalous: Option<&'r [bool]>,
    /// The number of the table's first row in the whole input.
    pub base: usize,
    /// Per row of the table: the first earlier row of the whole input with its NIP.
    pub first_of: &'r [Option<usize>],
    /// Keep each row's [`RowDetail`] (explained as the context's detail asks).
    pub keep: bool,
}

/// The role of each column and the appraisal years, when every column has
/// the type its name says (else `None`: the row path reads the table).
pub(crate) fn roles(table: &FlatTable<'_>) -> Option<(Vec<Role>, Vec<i16>)> {
    // Roles, and whether the column types fit the fast path.
    let mut roles = Vec::with_capacity(table.names.len());
    let mut years: Vec<i16> = Vec::new();
    let mut typed = true;
    let mut comp_norm: Vec<String> = Vec::new();
    for (name, col) in table.names.iter().zip(&table.columns) {
        let (text, num) = (col.is_text(), col.is_num());
        let mut year_role = |y: i16, f: YearField| {
            let idx = years.iter().position(|&x| x == y).unwrap_or_else(|| {
                years.push(y);
                years.len() - 1
            });
            Role::Year(idx, f)
        };
        // the flat schema's classification (crate::flat), and whether the column type fits it
        let column = Column::classify(crate::flat::clean_name(name));
        let ok = match column.as_ref().map(Column::kind) {
            Some(crate::flat::Kind::Text) => text,
            // (numbers written as text are read as the record parser reads them: flat::text_number)
            Some(crate::flat::Kind::Number) => num || text,
            None => true,
        };
        let role = match column {
            Some(Column::Nip) => Role::Nip,
            Some(Column::Name) => Role::Name,
            Some(Column::Unit) => Role::Unit,
            Some(Column::PositionKind) => Role::Kind,
            Some(Column::PositionSince) => Role::Since,
            Some(Column::Rank) => Role::Rank,
            Some(Column::Education) => Role::Education,
            Some(Column::BirthDate) => Role::BirthDate,
            Some(Column::Jpm) => Role::Num(NumField::Jpm),
            Some(Column::PotentialScore) => Role::Num(NumField::PotentialScore),
            Some(Column::PotentialAssessmentScore) => Role::Num(NumField::PotentialAssessment),
            Some(Column::TrackRecordScore) => Role::Num(NumField::TrackRecord),
            Some(Column::PerformanceScore) => Role::Num(NumField::PerformanceScore),
            Some(Column::Year(y, f)) => year_role(y, f),
            Some(Column::Competency(k)) => {
                comp_norm.push(normalize(&k));
                Role::Competency(k)
            }
            Some(Column::PotentialAspect(k)) => Role::Aspect(k),
            // position_title, attr_*: never read by scoring
            Some(Column::PositionTitle | Column::Attr(_)) | None => Role::Ignored,
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
    typed.then_some((roles, years))
}

/// The summary counts of one chunk of rows: the total and per unit (units in
/// order of first appearance).
pub(crate) struct Tally<'a> {
    nboxes: usize,
    pub(crate) total: Acc,
    ids: FastMap<Cow<'a, str>, usize>,
    pub(crate) units: Vec<(Cow<'a, str>, Acc)>,
    /// The previous row's unit (rows often come sorted or grouped by unit).
    last: usize,
    /// [`Pass::Observe`]: `(unit, potensial score)` of each row that takes
    /// part in the population, in row order.
    pub(crate) population: Vec<(Cow<'a, str>, f64)>,
    /// [`Pass::Observe`]: the rows (of the table) with errors, in row order.
    pub(crate) error_rows: Vec<usize>,
}

impl<'a> Tally<'a> {
    fn new(nboxes: usize) -> Self {
        Tally {
            nboxes,
            total: Acc::new(nboxes),
            ids: FastMap::default(),
            units: Vec::new(),
            last: usize::MAX,
            population: Vec::new(),
            error_rows: Vec::new(),
        }
    }
    #[inline]
    fn add(&mut self, unit: Option<&Cow<'a, str>>, st: u8, b: u16, warn: bool, codes: &[Code]) {
        self.total.add(st, b, warn, codes);
        if let Some(u) = unit {
            let id = match self.units.get(self.last) {
                Some((l, _)) if l.as_ref() == u.as_ref() => self.last,
                _ => match self.ids.get(u.as_ref()) {
                    Some(&id) => id,
                    None => {
                        self.units.push((u.clone(), Acc::new(self.nboxes)));
                        self.ids.insert(u.clone(), self.units.len() - 1);
                        self.units.len() - 1
                    }
                },
            };
            self.last = id;
            if let Some((_, g)) = self.units.get_mut(id) {
                g.add(st, b, warn, codes);
            }
        }
    }
    fn merge(&mut self, o: Tally<'a>) {
        self.population.extend(o.population);
        self.error_rows.extend(o.error_rows);
        self.total.merge(&o.total);
        for (u, a) in o.units {
            match self.ids.get(u.as_ref()) {
                Some(&id) => {
                    if let Some((_, g)) = self.units.get_mut(id) {
                        g.merge(&a);
                    }
                }
                None => {
                    self.ids.insert(u.clone(), self.units.len());
                    self.units.push((u, a));
                }
            }
        }
    }
}

impl Tally<'_> {
    /// Adds these counts to a summary's (total and units by name).
    pub(crate) fn merge_into(self, total: &mut Acc, units: &mut BTreeMap<String, Acc>) {
        total.merge(&self.total);
        for (u, a) in self.units {
            match units.get_mut(u.as_ref()) {
                Some(g) => g.merge(&a),
                None => {
                    units.insert(u.into_owned(), a);
                }
            }
        }
    }
}

/// What a run of [`fast`] is for: the first pass of population-relative
/// cut-offs (each row's potensial score, in [`Tally::population`]; the
/// answer is left empty), or the answer, its levels read from the tables.
#[derive(Clone, Copy)]
pub(crate) enum Pass<'l> {
    Observe,
    Score(&'l crate::scoring::Levels),
}

/// Rows per block of [`fast`]'s column passes.
const BLOCK: usize = 512;

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

// The column passes index several block buffers by the same row offset `j`.
#[allow(clippy::needless_range_loop)]
pub(crate) fn fast<'a>(
    feed: Feed<'a, '_>,
    years: &[i16],
    policy: &Policy,
    ctx: &Context,
    src: &RowSource<'_>,
    pass: Pass<'_>,
) -> (FlatScore<'a>, Tally<'a>) {
    let (n, table, roles): (usize, Option<&'a FlatTable<'a>>, &[Role]) = match feed {
        Feed::Table(t, roles) => (t.rows(), Some(t), roles),
        Feed::Records(n, ..) => (n, None, &[]),
    };
    let nyears = years.len();
    let grid = policy.grid();
    let mut c = Cols {
        nip: None,
        name: None,
        unit: None,
        kind: None,
        since: None,
        rank: None,
        education: None,
        birth: None,
        nums: [None; 5],
        years: vec![[None; 3]; nyears],
        comp: Vec::new(),
        aspects: Vec::new(),
    };
    for (r, col) in roles.iter().zip(table.map_or(&[][..], |t| &t.columns[..])) {
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
            Role::Aspect(k) => c.aspects.push((k.clone(), model::aspect_known(k), col)),
            Role::Ignored => {}
        }
    }
    crate::sort::stable_by(&mut c.comp, |a, b| a.0.cmp(&b.0));
    crate::sort::stable_by(&mut c.aspects, |a, b| a.0.cmp(&b.0));
    // The competency keys, sorted: the table's competency columns, or (of records) the keys of the JPM
    // standards in normal form, the only ones whose levels the kernel uses (any other key of a record is
    // classed when first met: KeyClass).
    let standard_keys: Vec<String>;
    let comp_keys: Vec<&str> = match feed {
        Feed::Table(..) => c.comp.iter().map(|(k, _)| k.as_str()).collect(),
        Feed::Records(..) => {
            let mut keys: Vec<String> = PositionKind::ALL
                .iter()
                .flat_map(|&kind| policy.jpm.standard_ref(kind).keys())
                .filter(|k| normalize(k) == **k)
                .cloned()
                .collect();
            crate::sort::stable(&mut keys);
            keys.dedup();
            standard_keys = keys;
            standard_keys.iter().map(String::as_str).collect()
        }
    };
    let comp_keys = &comp_keys;
    // Year indices, most recent first.
    let mut order: Vec<usize> = (0..nyears).collect();
    crate::sort::stable_by(&mut order, |&a, &b| years[b].cmp(&years[a]));

    // Per position kind: the JPM standard as (index into c.comp, required level).
    // (of records, the keys are the standards' own in normal form: a record's key in another form,
    // "integritas_", is KeyClass::RowPath and never takes the code's place in the index)
    let comp_index: BTreeMap<String, usize> = comp_keys.iter().enumerate().map(|(i, k)| (normalize(k), i)).collect();
    // Competency keys the protected-attribute guard refuses (the record checks' own test, crate::protected).
    let comp_protected: Vec<bool> = comp_keys.iter().map(|k| crate::protected::ground(k).is_some()).collect();
    let comp_protected = &comp_protected;
    let pred_levels = crate::performance::predikat_levels(&policy.performance.mapping, &grid);
    let perf = &policy.performance;
    let pot = &policy.potential;
    // Placements kept (crate::scoring::Stream::keep_placements): each row keeps what its placement and its
    // explanation are made of (RowDetail); the years and components with full detail only.
    let explain = src.keep;
    let full = explain && ctx.detail.full();

    let nboxes = grid.performance_count() * grid.potential_count();
    // Rows repeating an earlier NIP: the row path's duplicate_nip error rows.
    let first_of = src.first_of;
    // (`room`: the rows the answer's columns are made for at once: the first part's columns take every
    // part's rows, appended without growing; an explained row takes the policy's years and components)
    let run = |range: std::ops::Range<usize>, room: usize| -> (FlatScore<'a>, Tally<'a>) {
        let mut standards: FastMap<PositionKind, Option<Vec<(usize, f64)>>> = FastMap::default();
        let mut kinds: Lookup<PositionKind> = Lookup::new();
        let mut ranks: Lookup<crate::rank::Rank> = Lookup::new();
        let mut edus: Lookup<crate::rank::Education> = Lookup::new();
        let mut preds: Lookup<Predikat> = Lookup::new();
        let mut ratings: Lookup<Rating> = Lookup::new();
        let mut fs = FlatScore::with_capacity(room, PolicyInfo::of(policy));
        if explain {
            fs.detail.reserve(room);
        }
        if full {
            // (a hint, as far as memory allows: a policy may name up to 255 years, most rows have two or three)
            let _ = fs.detail_years.try_reserve(room.saturating_mul(usize::from(perf.years).min(4)));
            let _ = fs.detail_components.try_reserve(room.saturating_mul(pot.components.len().min(8)));
        }
        let mut tally = Tally::new(nboxes);
        let mut levels_buf: Vec<u8> = Vec::with_capacity(nyears);
        // The appraisal years, most recent first (the index of `eff` and `derived`): the table's year
        // columns, or the years of the records, each added where it belongs when first met.
        let mut ryears: Vec<i16> = order.iter().map(|&y| years[y]).collect();
        // Records: the class of each competency key met, and the previous record's keys with theirs
        // (records mostly carry the same keys as the record before: those are not looked up again).
        let mut key_class: FastMap<&'a str, KeyClass> = FastMap::default();
        let mut prev_keys: Vec<(&'a str, KeyClass)> = Vec::new();
        let ncomp = comp_keys.len();
        // Block buffers: the rows are read column by column within a block of
        // BLOCK rows (each column streamed on its own, which the CPU prefetches
        // well), then combined row by row from these small buffers.
        let mut ok = [true; BLOCK];
        let mut nip_s: [&'a str; BLOCK] = [""; BLOCK];
        // birth date in the NIP (digits 1-8), for the birth_date check
        let mut nip_bd: [jiff::civil::Date; BLOCK] = [jiff::civil::Date::constant(2000, 1, 1); BLOCK];
        let mut tb: [Option<&'a str>; BLOCK] = [None; BLOCK];
        let mut tr: [Option<&'a str>; BLOCK] = [None; BLOCK];
        let mut tq: [Option<&'a str>; BLOCK] = [None; BLOCK];
        let mut name: [Option<&'a str>; BLOCK] = [None; BLOCK];
        let mut unit: [Option<&'a str>; BLOCK] = [None; BLOCK];
        let mut kind: [PositionKind; BLOCK] = [PositionKind::Pelaksana; BLOCK];
        let mut nums = [[f64::NAN; BLOCK]; 5];
        let mut comp = vec![f64::NAN; BLOCK * ncomp.max(1)];
        let mut fb = [f64::NAN; BLOCK];
        let mut aspect_sum = [0.0f64; BLOCK];
        let mut aspect_n = [0u32; BLOCK];
        // Per year (in `order`, most recent first): effective predikat code (0 = no appraisal).
        let mut eff = vec![[0u8; BLOCK]; nyears];
        // Per year (as `eff`): the predikat was derived from the two ratings (explained rows).
        let mut derived = vec![[false; BLOCK]; nyears];
        let mut row_years: Vec<crate::scoring::YearInput> = Vec::new();
        let mut row_comps: Vec<KeptComponent> = Vec::new();

        let mut start = range.start;
        while start < range.end {
            let end = (start + BLOCK).min(range.end);
            let len = end - start;
            match src.anomalous {
                Some(a) => {
                    for j in 0..len {
                        ok[j] = !a.get(start + j).copied().unwrap_or(true);
                    }
                }
                None => ok[..len].fill(true),
            }
            // ---- column passes: a failed check sends the row to the row path.
            match feed {
                Feed::Table(..) => {
                    match c.nip {
                        Some(col) => {
                            col.texts_into(start, &mut tb[..len]);
                            for j in 0..len {
                                match tb[j].map(|s| (s, Nip::parse(s, ctx.today))) {
                                    Some((s, Ok(nip))) if model::appointment_plausible(&nip) => {
                                        nip_s[j] = s;
                                        nip_bd[j] = nip.birth_date();
                                    }
                                    _ => ok[j] = false,
                                }
                            }
                        }
                        None => ok[..len].fill(false),
                    }
                    match c.unit {
                        Some(col) => {
                            col.texts_into(start, &mut unit[..len]);
                            for j in 0..len {
                                ok[j] &= unit[j].is_some_and(model::unit_ok);
                            }
                        }
                        None => ok[..len].fill(false),
                    }
                    match c.kind {
                        Some(col) => {
                            col.texts_into(start, &mut tb[..len]);
                            for j in 0..len {
                                match tb[j].and_then(|s| kinds.get(s)) {
                                    Some(k) => kind[j] = k,
                                    None => ok[j] = false,
                                }
                            }
                        }
                        None => ok[..len].fill(false),
                    }
                    if let Some(col) = c.rank {
                        col.texts_into(start, &mut tb[..len]);
                        for j in 0..len {
                            if let Some(s) = tb[j] {
                                ok[j] &= ranks.get(s).is_some();
                            }
                        }
                    }
                    if let Some(col) = c.education {
                        col.texts_into(start, &mut tb[..len]);
                        for j in 0..len {
                            if let Some(s) = tb[j] {
                                ok[j] &= edus.get(s).is_some();
                            }
                        }
                    }
                    if let Some(col) = c.birth {
                        col.texts_into(start, &mut tb[..len]);
                        for j in 0..len {
                            if !ok[j] {
                                continue;
                            }
                            if let Some(s) = tb[j] {
                                ok[j] &= crate::date::parse_ymd(s).is_some_and(|d| {
                                    model::birth_date_matches_date(nip_bd[j], d) && !model::date_in_future(d, ctx.today)
                                });
                            }
                        }
                    }
                    if let Some(col) = c.since {
                        col.texts_into(start, &mut tb[..len]);
                        for j in 0..len {
                            if let Some(s) = tb[j] {
                                ok[j] &=
                                    crate::date::parse_ymd(s).is_some_and(|d| !model::date_in_future(d, ctx.today));
                            }
                        }
                    }
                    for (f, slot) in nums.iter_mut().enumerate() {
                        match c.nums[f] {
                            Some(col) => {
                                let in_range =
                                    if f == NumField::Jpm as usize { model::jpm_ok } else { model::score_ok };
                                col.nums_checked_into(start, &mut slot[..len], &mut ok[..len], &mut tb[..len]);
                                for j in 0..len {
                                    let v = slot[j];
                                    // NaN (absent) passes; present values must pass the record check
                                    ok[j] &= v.is_nan() || in_range(v);
                                }
                            }
                            None => slot[..len].fill(f64::NAN),
                        }
                    }
                    for (ci, (_, col)) in c.comp.iter().enumerate() {
                        col.nums_checked_into(start, &mut fb[..len], &mut ok[..len], &mut tb[..len]);
                        // A competency named after a protected ground is a row error wherever it holds a level
                        // (model::check_employee, UU 5/2014 Ps. 1): such a row takes the row path, which names it.
                        let protected = comp_protected[ci];
                        for j in 0..len {
                            let v = fb[j];
                            comp[j * ncomp + ci] = v;
                            ok[j] &= v.is_nan() || (!protected && model::competency_level_ok(v));
                        }
                    }
                    aspect_sum[..len].fill(0.0);
                    aspect_n[..len].fill(0);
                    for (_, known, col) in &c.aspects {
                        col.nums_checked_into(start, &mut fb[..len], &mut ok[..len], &mut tb[..len]);
                        for j in 0..len {
                            let v = fb[j];
                            if !v.is_nan() {
                                ok[j] &= *known && model::aspect_level_ok(v);
                                aspect_sum[j] += v;
                                aspect_n[j] += 1;
                            }
                        }
                    }
                    for (oi, &y) in order.iter().enumerate() {
                        let [pc, rc, bc] = c.years[y];
                        let future = model::year_in_future(years[y], ctx.today);
                        let e = &mut eff[oi];
                        e[..len].fill(0);
                        let d = &mut derived[oi];
                        // effective predikat: 1..5 = code, 0 = no appraisal this year
                        let fill = |col: Option<&FlatColumn<'a>>, buf: &mut [Option<&'a str>]| match col {
                            Some(col) => col.texts_into(start, buf),
                            None => buf.fill(None),
                        };
                        fill(pc, &mut tb[..len]);
                        fill(rc, &mut tr[..len]);
                        fill(bc, &mut tq[..len]);
                        for j in 0..len {
                            let (p, r, b) = (tb[j], tr[j], tq[j]);
                            if p.is_none() && r.is_none() && b.is_none() {
                                continue;
                            }
                            if future {
                                ok[j] = false;
                                continue;
                            }
                            // a cell that does not parse is the row path's invalid_value
                            let p = match p.map(|s| preds.get(s)) {
                                Some(None) => {
                                    ok[j] = false;
                                    continue;
                                }
                                p => p.flatten(),
                            };
                            let (r, b) = (r.map(|s| ratings.get(s)), b.map(|s| ratings.get(s)));
                            if matches!(r, Some(None)) || matches!(b, Some(None)) {
                                ok[j] = false;
                                continue;
                            }
                            d[j] = p.is_none();
                            match model::appraisal_check(p, r.flatten(), b.flatten()) {
                                model::AppraisalCheck::Ok(p) => e[j] = predikat_code(Some(p)),
                                _ => ok[j] = false,
                            }
                        }
                    }

                    match c.name {
                        Some(col) => col.texts_into(start, &mut name[..len]),
                        None => name[..len].fill(None),
                    }
                }
                // ---- records ([`Feed::Records`]): the same buffers, filled from each record's typed fields,
                // with the record checks (model::check_employee) as the cell-level checks the columns take.
                // A row takes the kernel only when every check passes, without even a warning, and the
                // record says nothing the flat columns could not: the row path answers any other row, so
                // its errors and warnings are that path's own.
                Feed::Records(_, get) => {
                    for e in eff.iter_mut() {
                        e[..len].fill(0);
                    }
                    // (the block's records, their texts and appraisals read ahead: crate::warm)
                    crate::warm::touch((start..end).filter_map(|i| get(i).ok()).flat_map(|e| {
                        use crate::warm::first;
                        let keys = e.competency.keys().chain(e.potential_aspects.keys()).map(|k| first(k));
                        [first(&e.nip), first(&e.unit)]
                            .into_iter()
                            .chain(keys)
                            .chain(e.performance.first().map(|a| a.year as u8))
                    }));
                    for j in 0..len {
                        let Ok(e) = get(start + j) else {
                            ok[j] = false;
                            continue;
                        };
                        if !ok[j] {
                            continue;
                        }
                        let nip = match Nip::parse(&e.nip, ctx.today) {
                            Ok(nip) if model::appointment_plausible(&nip) => nip,
                            _ => {
                                ok[j] = false;
                                continue;
                            }
                        };
                        let present = |v: Option<f64>, good: fn(f64) -> bool| v.is_none_or(good);
                        ok[j] = model::unit_ok(&e.unit)
                            && e.birth_date.is_none_or(|d| {
                                model::birth_date_matches_date(nip.birth_date(), d)
                                    && !model::date_in_future(d, ctx.today)
                            })
                            && e.position.since.is_none_or(|d| !model::date_in_future(d, ctx.today))
                            && present(e.jpm, model::jpm_ok)
                            && present(e.potential_score, model::score_ok)
                            && present(e.potential_assessment_score, model::score_ok)
                            && present(e.track_record_score, model::score_ok)
                            && present(e.performance_score, model::score_ok);
                        if !ok[j] {
                            continue;
                        }
                        nip_s[j] = e.nip.as_str();
                        unit[j] = Some(e.unit.as_str());
                        name[j] = e.name.as_deref();
                        kind[j] = e.position.kind;
                        nums[NumField::Jpm as usize][j] = e.jpm.unwrap_or(f64::NAN);
                        nums[NumField::PotentialScore as usize][j] = e.potential_score.unwrap_or(f64::NAN);
                        nums[NumField::PotentialAssessment as usize][j] =
                            e.potential_assessment_score.unwrap_or(f64::NAN);
                        nums[NumField::TrackRecord as usize][j] = e.track_record_score.unwrap_or(f64::NAN);
                        nums[NumField::PerformanceScore as usize][j] = e.performance_score.unwrap_or(f64::NAN);
                        // competencies: each key's class, the previous record's key at the same place tried first
                        let row_comp = &mut comp[j * ncomp..(j + 1) * ncomp];
                        row_comp.fill(f64::NAN);
                        for (at, (k, &v)) in e.competency.iter().enumerate() {
                            let k = k.as_str();
                            let class = match prev_keys.get(at) {
                                Some(&(pk, class)) if pk == k => class,
                                _ => {
                                    let class = *key_class.entry(k).or_insert_with(|| {
                                        // (a key named after a protected ground is a row error:
                                        // model::check_employee; one not in normal form is compared as
                                        // given first by the row path)
                                        if normalize(k) != k || crate::protected::ground(k).is_some() {
                                            KeyClass::RowPath
                                        } else {
                                            comp_keys.binary_search(&k).map_or(KeyClass::Other, KeyClass::Standard)
                                        }
                                    });
                                    prev_keys.truncate(at);
                                    prev_keys.push((k, class));
                                    class
                                }
                            };
                            match class {
                                KeyClass::Standard(ci) if model::competency_level_ok(v) => row_comp[ci] = v,
                                KeyClass::Other if model::competency_level_ok(v) => {}
                                _ => ok[j] = false,
                            }
                        }
                        // aspects: summed in key order, as the columns are
                        let (mut sum, mut count) = (0.0f64, 0u32);
                        for (k, &v) in &e.potential_aspects {
                            ok[j] &= model::aspect_known(k) && model::aspect_level_ok(v);
                            sum += v;
                            count += 1;
                        }
                        aspect_sum[j] = sum;
                        aspect_n[j] = count;
                        // appraisals: each year's effective predikat, as the year's three cells give it
                        for a in &e.performance {
                            let empty = a.predikat.is_none() && a.work_result.is_none() && a.work_behavior.is_none();
                            let p = match model::appraisal_check(a.predikat, a.work_result, a.work_behavior) {
                                model::AppraisalCheck::Ok(p) if !empty && !model::year_in_future(a.year, ctx.today) => {
                                    p
                                }
                                _ => {
                                    ok[j] = false;
                                    continue;
                                }
                            };
                            let oi = match ryears.iter().position(|&y| y == a.year) {
                                Some(oi) => oi,
                                None if ryears.len() < MAX_RECORD_YEARS => {
                                    let oi = ryears.iter().position(|&y| y < a.year).unwrap_or(ryears.len());
                                    ryears.insert(oi, a.year);
                                    eff.insert(oi, [0u8; BLOCK]);
                                    derived.insert(oi, [false; BLOCK]);
                                    oi
                                }
                                None => {
                                    ok[j] = false;
                                    continue;
                                }
                            };
                            // (a year given twice is the record checks' duplicate_appraisal_year)
                            match eff.get_mut(oi).and_then(|e| e.get_mut(j)) {
                                Some(code @ 0) => {
                                    *code = predikat_code(Some(p));
                                    if let Some(d) = derived.get_mut(oi).and_then(|d| d.get_mut(j)) {
                                        *d = a.predikat.is_none();
                                    }
                                }
                                _ => ok[j] = false,
                            }
                        }
                    }
                }
            }

            // ---- row by row from the buffers.
            for j in 0..len {
                let i = start + j;
                let fast_row = (|| -> Option<(u8, f64, Option<f64>, u8, bool, bool)> {
                    if !ok[j] {
                        return None;
                    }
                    levels_buf.clear();
                    row_years.clear();
                    row_comps.clear();
                    // effective predikat codes, most recent year first; the latest predikat is the first
                    let codes = eff.iter().enumerate().map(|(oi, e)| (oi, e[j])).filter(|&(_, code)| code != 0);
                    let latest = codes.clone().next().map_or(0, |(_, code)| code);
                    let usable =
                        codes.map(|(oi, code)| ((oi, code), pred_levels.get(usize::from(code) - 1).copied().flatten()));
                    crate::performance::take_years(usable, perf.years, |(oi, code), l| {
                        levels_buf.push(l);
                        if full {
                            row_years.push(crate::scoring::YearInput {
                                year: ryears.get(oi).copied().unwrap_or_default(),
                                predikat: predikat_of_code(code),
                                derived: derived[oi][j],
                                work_result: None,
                                level: l,
                            });
                        }
                    });
                    let k = crate::performance::kinerja_level(&levels_buf, perf.min_years, perf.combine)?;
                    let num = |f: NumField| Some(nums[f as usize][j]).filter(|v| !v.is_nan());
                    let row_comp = &comp[j * ncomp..(j + 1) * ncomp];
                    // JPM: computed when the competency columns cover the standard, else reported.
                    let std = standards.entry(kind[j]).or_insert_with(|| {
                        let s = policy.jpm.standard_ref(kind[j]);
                        if s.is_empty() {
                            return None;
                        }
                        s.iter().map(|(key, &r)| comp_index.get(key).map(|&ci| (ci, f64::from(r)))).collect()
                    });
                    let computed = match std {
                        Some(pairs) => crate::competency::jpm_covered(
                            pairs.iter().map(|&(ci, r)| (Some(row_comp[ci]).filter(|v| !v.is_nan()), r)),
                            policy.jpm.cap,
                        ),
                        None => None,
                    };
                    let jpm_v = crate::competency::jpm_or_reported(computed, num(NumField::Jpm));
                    let inputs = crate::potential::Inputs {
                        potential_score: num(NumField::PotentialScore),
                        jpm: jpm_v,
                        aspects_score: crate::potential::aspects_score(aspect_sum[j], aspect_n[j] as usize),
                        assessment_score: num(NumField::PotentialAssessment),
                        track_record_score: num(NumField::TrackRecord),
                    };
                    let outcome = crate::potential::evaluate(pot, &inputs, |_, value, from, effective_weight| {
                        if full {
                            row_comps.push(KeptComponent { value, effective_weight, from });
                        }
                    });
                    let (direct, renormalized) = match outcome {
                        crate::potential::Outcome::Direct(_) => (true, false),
                        crate::potential::Outcome::Composite { renormalized, .. } => (false, renormalized),
                    };
                    let ps = outcome.score()?;
                    Some((k, ps, jpm_v.map(|j| j.0), latest, direct, renormalized))
                })();
                // A clean row repeating an earlier NIP: its one error is the repeat (Perka BKN 22/2007).
                let repeats = first_of.get(i).copied().flatten();
                let levels = match pass {
                    Pass::Score(levels) => levels,
                    Pass::Observe => {
                        // The row's potensial score, when it takes part in the population: no errors, not
                        // a repeated NIP (crate::scoring::Stream::observe, whose test a row with an anomaly takes).
                        match (repeats, fast_row, unit[j]) {
                            (Some(_), _, _) => tally.error_rows.push(i),
                            (None, Some((_, ps, ..)), Some(u)) => tally.population.push((Cow::Borrowed(u), ps)),
                            (None, _, _) => {
                                let row = (src.row)(i);
                                let (score, error) = crate::scoring::observe_one(&row, policy, &pred_levels, ctx);
                                if error {
                                    tally.error_rows.push(i);
                                }
                                if let (Some(s), Ok(e)) = (score, row) {
                                    tally.population.push((Cow::Owned(e.unit), s));
                                }
                            }
                        }
                        continue;
                    }
                };
                // A clean row's potensial level, from its unit's table (fixed thresholds: the one table).
                let fast_row = fast_row.and_then(|(k, ps, jpm_v, latest, direct, renormalized)| {
                    let p = levels.pot(unit[j]?)?.level(ps);
                    Some((grid.number(k, p)?, k, p, ps, jpm_v, latest, (direct, renormalized)))
                });
                match fast_row.map(|r| (r, repeats)) {
                    Some((_, Some(first))) => {
                        let u = unit[j].map(Cow::Borrowed);
                        tally.add(u.as_ref(), STATUS_ERROR, 0, false, &[Code::DuplicateNip]);
                        let e = crate::scoring::duplicate_nip_error(src.base + i, Some(nip_s[j].to_string()), first);
                        fs.nip.push(Some(Cow::Borrowed(nip_s[j])));
                        fs.unit.push(u);
                        fs.push_unplaced();
                        fs.error_count.push(1);
                        fs.error_code.push(Some(e.code));
                        fs.error_path.push(Some(e.path.clone()));
                        fs.errors.push(e);
                        if explain {
                            fs.detail.push(RowDetail::None);
                        }
                    }
                    Some(((number, k, p, ps, jpm_v, latest, (direct, renormalized)), None)) => {
                        if explain {
                            let ys = fs.detail_years.len() as u32;
                            fs.detail_years.append(&mut row_years);
                            let cs = fs.detail_components.len() as u32;
                            fs.detail_components.append(&mut row_comps);
                            fs.detail.push(RowDetail::Kernel {
                                years: (ys, fs.detail_years.len() as u32),
                                components: (cs, fs.detail_components.len() as u32),
                                direct,
                                renormalized,
                            });
                        }
                        let u = unit[j].map(Cow::Borrowed);
                        tally.add(u.as_ref(), STATUS_PLACED, number, false, &[]);
                        fs.status.push(STATUS_PLACED);
                        fs.nip.push(Some(Cow::Borrowed(nip_s[j])));
                        fs.name.push(name[j].map(Cow::Borrowed));
                        fs.unit.push(u);
                        fs.position_kind.push(Some(kind[j]));
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
                    }
                    None => {
                        // The record path, for this row alone, its levels from the same tables.
                        fs.row_path_rows += 1;
                        let row = (src.row)(i);
                        // (explained as asked; else the placement alone, whose explanation nobody reads)
                        let rctx = if explain { *ctx } else { Context::placements(ctx.today) };
                        let (mut placement, mut errs) =
                            crate::scoring::score_one(src.base + i, &row, policy, &rctx, &grid, &pred_levels, levels);
                        if let Some(&Some(first)) = first_of.get(i) {
                            // as score_rows on the whole table: an error row, never placed
                            placement = None;
                            let nip = match &row {
                                Ok(e) => Some(e.nip.clone()),
                                Err(f) => f.nip.clone(),
                            };
                            errs.push(crate::scoring::duplicate_nip_error(src.base + i, nip, first));
                        }
                        let refs: Vec<&RowError> = errs.iter().collect();
                        fs.push_row(&grid, row.as_ref(), placement.as_ref(), &refs);
                        if explain {
                            fs.detail.push(placement.map_or(RowDetail::None, |p| RowDetail::Record(Box::new(p))));
                        }
                        let mut codes: Vec<Code> = Vec::new();
                        for e in &errs {
                            if !codes.contains(&e.code) {
                                codes.push(e.code);
                            }
                        }
                        let st = fs.status.last().copied().unwrap_or(STATUS_ERROR);
                        let warn = fs.warnings.last().copied().unwrap_or(0) > 0;
                        tally.add(
                            fs.unit.last().and_then(Option::as_ref),
                            st,
                            fs.boxes.last().copied().unwrap_or(0),
                            warn,
                            &codes,
                        );
                        fs.errors.extend(errs);
                    }
                }
            }
            start = end;
        }
        (fs, tally)
    };
    // Rows are independent here (the level tables are made before): score chunks on all cores.
    let threads = crate::parallel::threads();
    let chunk = n.div_ceil(threads).max(1);
    let parts = crate::parallel::map(n.div_ceil(chunk), n >= 20_000 && threads >= 2, |t| {
        let range = (t * chunk).min(n)..((t + 1) * chunk).min(n);
        let room = if t == 0 { n } else { range.len() };
        run(range, room)
    });
    // The first part is the base (no fresh copy of it); the others are appended.
    let mut parts = parts.into_iter();
    let (mut fs, mut tally) =
        parts.next().unwrap_or_else(|| (FlatScore::with_capacity(0, PolicyInfo::of(policy)), Tally::new(nboxes)));
    for (part, t) in parts {
        fs.append(part);
        tally.merge(t);
    }
    (fs, tally)
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
    use crate::flat::{record_cells, Kind, Style};
    use std::collections::BTreeSet;

    // the flat schema's one writer, codes on the wire
    let rows: Vec<Vec<(Column, Cell)>> = emps.iter().map(|e| record_cells(e, Style::Codes)).collect();
    let (mut years, mut comp, mut aspects, mut attrs) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for (c, _) in rows.iter().flatten() {
        match c {
            Column::Year(y, _) => {
                years.insert(*y);
            }
            Column::Competency(k) => {
                comp.insert(k.clone());
            }
            Column::PotentialAspect(k) => {
                aspects.insert(k.clone());
            }
            Column::Attr(k) => {
                attrs.insert(k.clone());
            }
            _ => {}
        }
    }
    let mut cols = vec![
        Column::Nip,
        Column::Name,
        Column::Unit,
        Column::PositionKind,
        Column::PositionTitle,
        Column::PositionSince,
        Column::Rank,
        Column::Education,
        Column::BirthDate,
    ];
    for &y in years.iter().rev() {
        cols.extend([YearField::Predikat, YearField::WorkResult, YearField::WorkBehavior].map(|f| Column::Year(y, f)));
    }
    cols.extend(comp.into_iter().map(Column::Competency));
    cols.extend(aspects.into_iter().map(Column::PotentialAspect));
    cols.extend([
        Column::Jpm,
        Column::PotentialScore,
        Column::PotentialAssessmentScore,
        Column::TrackRecordScore,
        Column::PerformanceScore,
    ]);
    cols.extend(attrs.into_iter().map(Column::Attr));
    let index: BTreeMap<&Column, usize> = cols.iter().enumerate().map(|(i, c)| (c, i)).collect();
    let mut columns: Vec<OwnedColumn> = cols
        .iter()
        .map(|c| match c.kind() {
            Kind::Text => OwnedColumn::Text(vec![None; rows.len()]),
            Kind::Number => OwnedColumn::Number(vec![f64::NAN; rows.len()]),
        })
        .collect();
    for (i, row) in rows.iter().enumerate() {
        for (c, cell) in row {
            match (index.get(c).and_then(|&j| columns.get_mut(j)), cell) {
                (Some(OwnedColumn::Text(v)), Cell::Str(s)) => v[i] = Some(s.clone()),
                (Some(OwnedColumn::Number(v)), Cell::Num(x)) => v[i] = *x,
                _ => {}
            }
        }
    }
    OwnedTable { names: cols.iter().map(Column::name).collect(), columns }
}

#[cfg(test)]
mod flat_tests {
    use super::*;
    use crate::generate::{population, Options};
    use crate::scoring::score_rows;
    use jiff::civil::Date;

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
        for c in [
            "performance_2025",
            "work_result_2025",
            "work_behavior_2025",
            "performance_2024",
            "work_result_2024",
            "work_behavior_2024",
        ] {
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
        set_text(&mut t, "birth_date", 15, Some("abc")); // not a date
        set_text(&mut t, "nip", 16, Some("198503152010011002"));
        set_text(&mut t, "birth_date", 16, Some("1985/03/15")); // the NIP's digits, wrong separators
        set_text(&mut t, "position_since", 17, Some("2020-02-30")); // not a calendar date
        set_text(&mut t, "nip", 18, Some("198503152010011003"));
        set_text(&mut t, "birth_date", 18, Some(" 1985-03-15")); // equal to the NIP's date: fine
        set_text(&mut t, "nip", 19, Some("198503152010011004"));
        set_text(&mut t, "birth_date", 19, Some("1985-03-16")); // one day off
                                                                // NIPs repeating an earlier row's: duplicate_nip error rows
        set_text(&mut t, "nip", 20, Some("198503152010011003")); // row 18's, an otherwise clean row
        set_text(&mut t, "birth_date", 20, None);
        set_text(&mut t, "nip", 21, Some(" 198503152010011002 ")); // row 16's (an error row), with spaces
        set_text(&mut t, "nip", 22, Some("12345")); // row 0's malformed NIP
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
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)), ..Default::default() };
        same_as_row_path(&t, &p, &ctx);
    }

    #[test]
    fn relative_cut_offs_run_on_the_kernel_with_the_row_paths_answers() {
        // Percentile rank per unit (the preset: its missing axes are row errors, yet such rows are in the
        // population), and a guided distribution over everyone: the kernel reads each row's potensial score
        // first, then its level from the population's tables.
        let t = table_with_bad_rows(24_000);
        let mut dist = Policy::preset("permenpanrb_3_2020").unwrap();
        dist.potential.cutoffs = Cutoffs::Distribution {
            shares: vec![0.2, 0.6, 0.2],
            scope: Scope::All,
            rounding: crate::policy::Rounding::Up,
        };
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)), ..Default::default() };
        for p in [Policy::preset("percentile_unit").unwrap(), dist] {
            let slow_rows = same_as_row_path(&t, &p, &ctx);
            assert!(slow_rows < 24_000 / 4, "{}: row path used for {slow_rows} rows", p.name);
            // the levels are relative: about 20 % of the placed rows are on the top potensial level
            let view = t.view();
            let out = score_flat(&view, &p, &ctx).unwrap();
            let placed = out.status.iter().filter(|&&s| s == STATUS_PLACED).count();
            let top =
                out.potential_level.iter().zip(&out.status).filter(|&(&l, &s)| s == STATUS_PLACED && l == 3).count();
            assert!(
                placed > 20_000 && (top as f64 / placed as f64 - 0.2).abs() < 0.05,
                "{}: {top} of {placed}",
                p.name
            );
        }
    }

    #[test]
    fn the_first_pass_refuses_at_the_first_row_past_the_limit() {
        // With relative cut-offs a file is observed before anything is written: a file with too many rows
        // with errors is refused there, at the row past the limit that the answer's own errors name.
        let t = table_with_bad_rows(3000);
        let view = t.view();
        let layout = view.layout().unwrap();
        let rows = view.parsed_rows(&layout);
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)), ..Default::default() };
        let p = Policy::preset("percentile_unit").unwrap();
        let out = score_rows(&rows, &p, &ctx);
        let mut error_rows: Vec<usize> = out.errors.iter().map(|e| e.row).collect();
        error_rows.dedup();
        assert!(error_rows.len() > 20, "{}", error_rows.len());
        let anomalous = vec![false; rows.len()];
        for limit in [0, 7, 20] {
            let mut s = crate::scoring::Stream::new(&p, &ctx, limit);
            let e = s.observe_table(&view, &|i| view.parsed_row(&layout, i), &anomalous).unwrap_err();
            assert_eq!(e.row, error_rows[limit], "limit {limit}");
            // the record path, observing records, refuses at the same row
            let mut s = crate::scoring::Stream::new(&p, &ctx, limit);
            assert_eq!(s.observe(&rows).unwrap_err().row, error_rows[limit]);
        }
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
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)), ..Default::default() };
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

    /// Validity bitmap (Arrow, least-significant bit first) of a text column.
    fn validity(v: &[Option<String>]) -> Vec<u8> {
        let mut bits = vec![0u8; v.len().div_ceil(8)];
        for (i, s) in v.iter().enumerate() {
            if s.is_some() {
                bits[i >> 3] |= 1 << (i & 7);
            }
        }
        bits
    }

    /// A text column in the Arrow offsets layout: all values concatenated, `len + 1` offsets.
    fn offsets_layout(v: &[Option<String>]) -> (String, Vec<i64>) {
        let mut values = String::new();
        let mut offsets = vec![0i64];
        for s in v {
            values.push_str(s.as_deref().unwrap_or(""));
            offsets.push(values.len() as i64);
        }
        (values, offsets)
    }

    /// `view` (the columns of `t` in another layout) gives exactly the answers of `t`'s plain view,
    /// mostly through the column passes, and the row path reads the same cells.
    fn same_answers_as_plain(t: &OwnedTable, view: &FlatTable<'_>) {
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)), ..Default::default() };
        let a = score_flat(view, &p, &ctx).unwrap();
        let base = t.view();
        let b = score_flat(&base, &p, &ctx).unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert!(a.row_path_rows < base.rows() / 4, "row path used for {} rows", a.row_path_rows);
        let layout = view.layout().unwrap();
        assert_eq!(format!("{:?}", view.parsed_rows(&layout)), format!("{:?}", base.parsed_rows(&layout)));
    }

    /// Each text column of `t` converted by `f` to another layout; `None` for number columns (kept as they are).
    fn text_columns<T>(t: &OwnedTable, f: impl Fn(&[Option<String>]) -> T) -> Vec<Option<T>> {
        t.columns
            .iter()
            .map(|c| match c {
                OwnedColumn::Text(v) => Some(f(v)),
                OwnedColumn::Number(_) => None,
            })
            .collect()
    }

    #[test]
    fn utf8_view_text_columns_give_the_same_answers() {
        let t = table_with_bad_rows(2000);
        // views: inline up to 12 bytes, else into one of two buffers (cells alternate between them)
        let bufs = text_columns(&t, |v| {
            let mut views = Vec::new();
            let mut data = [String::new(), String::new()];
            for (i, s) in v.iter().enumerate() {
                let s = s.as_deref().unwrap_or("");
                let mut view = [0u8; 16];
                view[..4].copy_from_slice(&(s.len() as u32).to_le_bytes());
                if s.len() <= 12 {
                    view[4..4 + s.len()].copy_from_slice(s.as_bytes());
                } else {
                    let b = i % 2;
                    view[4..8].copy_from_slice(&s.as_bytes()[..4]);
                    view[8..12].copy_from_slice(&(b as u32).to_le_bytes());
                    view[12..16].copy_from_slice(&(data[b].len() as u32).to_le_bytes());
                    data[b].push_str(s);
                }
                views.extend_from_slice(&view);
            }
            (views, data, validity(v))
        });
        let mut view = t.view();
        for (col, b) in view.columns.iter_mut().zip(&bufs) {
            if let Some((views, data, bytes)) = b {
                *col = FlatColumn::Utf8View {
                    views,
                    buffers: vec![data[0].as_str(), data[1].as_str()],
                    valid: Some(Bits { bytes, offset: 0 }),
                };
            }
        }
        same_answers_as_plain(&t, &view);
    }

    #[test]
    fn large_utf8_text_columns_give_the_same_answers() {
        let t = table_with_bad_rows(2000);
        let bufs = text_columns(&t, |v| (offsets_layout(v), validity(v)));
        let mut view = t.view();
        for (col, b) in view.columns.iter_mut().zip(&bufs) {
            if let Some(((values, offsets), bytes)) = b {
                *col = FlatColumn::LargeUtf8 { values, offsets, valid: Some(Bits { bytes, offset: 0 }) };
            }
        }
        same_answers_as_plain(&t, &view);
    }

    #[test]
    fn arrow_layout_text_columns_give_the_same_answers() {
        let t = table_with_bad_rows(2000);
        let bufs = text_columns(&t, |v| {
            let (values, offsets) = offsets_layout(v);
            (values, offsets.into_iter().map(|o| o as i32).collect::<Vec<i32>>(), validity(v))
        });
        let mut view = t.view();
        for (col, b) in view.columns.iter_mut().zip(&bufs) {
            if let Some((values, offsets, bytes)) = b {
                *col = FlatColumn::Utf8 { values, offsets, valid: Some(Bits { bytes, offset: 0 }) };
            }
        }
        same_answers_as_plain(&t, &view);
    }

    #[test]
    fn chunked_columns_give_the_same_answers() {
        let t = table_with_bad_rows(2000);
        let view = t.view();
        let p = Policy::preset("permenpanrb_3_2020").unwrap();
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)), ..Default::default() };
        let whole = score_flat(&view, &p, &ctx).unwrap();
        // uneven parts, one of a single row, boundaries inside and across blocks
        let cuts = [0, 700, 701, 1024, 1536, 2000];
        let columns: Vec<FlatColumn<'_>> = view
            .columns
            .iter()
            .map(|c| {
                let parts = cuts
                    .windows(2)
                    .map(|w| match c {
                        FlatColumn::Text(v) => FlatColumn::Text(v[w[0]..w[1]].to_vec()),
                        FlatColumn::Number(v) => FlatColumn::Number(v[w[0]..w[1]].to_vec()),
                        other => panic!("unexpected column {other:?}"),
                    })
                    .collect();
                FlatColumn::chunked(parts)
            })
            .collect();
        assert!(columns.iter().all(|c| matches!(c, FlatColumn::Chunked { .. })));
        let chunked = FlatTable { names: view.names.clone(), columns };
        let out = score_flat(&chunked, &p, &ctx).unwrap();
        assert_eq!(format!("{out:?}"), format!("{whole:?}"));
        assert!(out.row_path_rows < 100, "the column passes ran: {}", out.row_path_rows);
        // the row path reads the same cells
        let layout = chunked.layout().unwrap();
        assert_eq!(format!("{:?}", chunked.parsed_row(&layout, 1700)), format!("{:?}", view.parsed_row(&layout, 1700)));
    }

    #[test]
    fn lookup_keys_are_exact() {
        // the words with the length determine the bytes, for every length up to 24
        let samples = [
            "",
            "a",
            "ab",
            "abc",
            "baik",
            "baik\0",
            "kurang",
            "III/a!!",
            "sangat_b",
            "sangat_baik",
            "butuh_perbaikan",
            "butuh_perbaikan!",
            "di_atas_ekspektasi",
            "di_bawah_ekspektasi",
            "sesuai_ekspektasi",
            "123456789012345678901234",
        ];
        for a in samples {
            for b in samples {
                let same = words(a.as_bytes()).is_some_and(|k| Some(k) == words(b.as_bytes())) && a.len() == b.len();
                assert_eq!(same, a == b, "{a:?} vs {b:?}");
            }
        }
        // overlapping reads: differences in the middle of 17-24 byte values are seen
        assert_ne!(words(b"di_atas_ekspektasiX"), words(b"di_atas_ekspektasjX"));
        assert_ne!(words(b"abcdefghijklmnopqrstuvwx"), words(b"abcdefghiXklmnopqrstuvwx"));
        assert!(words(&[b'x'; 25]).is_none());
        let mut l: Lookup<'_, Predikat> = Lookup::new();
        assert_eq!(l.get("Sangat Baik"), Some(Predikat::SangatBaik));
        assert_eq!(l.get("butuh_perbaikan"), Some(Predikat::ButuhPerbaikan));
        assert_eq!(l.get("sangat baik!"), None);
        assert_eq!(l.get("Sangat Baik"), Some(Predikat::SangatBaik));
        // more distinct values than slots: the overflow map answers the same
        let mut r: Lookup<'_, crate::performance::Rating> = Lookup::new();
        let junk: Vec<String> = (0..1000).map(|i| format!("x{i}")).collect();
        for j in &junk {
            assert_eq!(r.get(j), None);
        }
        assert_eq!(r.get("di_atas_ekspektasi"), Some(crate::performance::Rating::DiAtasEkspektasi));
        assert_eq!(r.get("Di Atas Ekspektasi"), Some(crate::performance::Rating::DiAtasEkspektasi));
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
        let ctx = Context { today: Some(Date::constant(2026, 1, 2)), ..Default::default() };
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
        assert_eq!(code(15), Some("invalid_value"));
        assert_eq!(code(16), Some("invalid_value"));
        assert_eq!(code(17), Some("invalid_value"));
        assert_eq!(code(19), Some("birth_date_mismatch"));
        assert_eq!(code(20), Some("duplicate_nip"));
        let dup: Vec<(usize, &str)> = out
            .errors
            .iter()
            .filter(|e| e.code == Code::DuplicateNip)
            .map(|e| (e.row, e.message.en.as_str()))
            .collect();
        let first = |r: usize| {
            format!("the same NIP as input row {r} (0-based, like `row`): two people cannot share a NIP, so this row is not scored")
        };
        assert_eq!(dup, vec![(20, first(18).as_str()), (21, first(16).as_str()), (22, first(0).as_str())]);
        assert_eq!(out.summary.total.error_codes.get(&Code::DuplicateNip), Some(&3));
        assert_eq!(out.status[13], STATUS_PLACED);
        assert_eq!(out.status[18], STATUS_PLACED);
        for r in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22] {
            assert_eq!(out.status[r], STATUS_ERROR, "row {r}");
        }
        // every row is accounted for
        assert_eq!(out.summary.total.rows, 200);
        assert_eq!(out.summary.total.placed + out.summary.total.holding + out.summary.total.errors, 200);
    }
}

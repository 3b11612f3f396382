//! Multi-criteria decision methods (MCDM) on a decision matrix: SAW, TOPSIS,
//! profile matching and AHP weights (Fishburn 1967; Hwang & Yoon 1981;
//! Kusrini 2007; Saaty 1980).
//!
//! Every function is pure and deterministic: `f64` sums run in a fixed order
//! (criterion index, then alternative index), nothing depends on thread
//! scheduling, and no transcendental function other than `sqrt` (exact in
//! IEEE 754) is used, so native and WebAssembly builds agree bit for bit.
//!
//! ```
//! use meritkit::mcdm::{DecisionMatrix, CriterionType::*, Normalisation, saw::saw};
//! // Two candidates, two benefit criteria, equal weights, `linear` (x / max):
//! let m = DecisionMatrix::new(2, 2, vec![80.0, 4.0, 100.0, 2.0]).unwrap();
//! let v = saw(&m, &[0.5, 0.5], &[Benefit, Benefit], Normalisation::Linear, None).unwrap();
//! assert!((v[0] - (0.5 * 0.8 + 0.5 * 1.0)).abs() < 1e-15);
//! assert!((v[1] - (0.5 * 1.0 + 0.5 * 0.5)).abs() < 1e-15);
//! ```

pub mod ahp;
pub mod profile_matching;
pub mod saw;
pub mod topsis;

use crate::error::{Code, Error, Problem};
use serde::{Deserialize, Serialize};

/// Whether more (benefit) or less (cost) of a criterion is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriterionType {
    /// More is better.
    Benefit,
    /// Less is better.
    Cost,
}

/// A multi-criteria method run on a bare matrix ([`crate::api::mcdm`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MatrixMethod {
    /// Simple additive weighting ([`saw::saw`]; linear normalisation by default).
    Saw,
    /// TOPSIS ([`topsis::topsis`]; vector normalisation by default).
    Topsis,
}

/// Column normalisations (names and cost forms as in `pymcdm`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// Benefit `x / max`; cost `min / x` (x > 0). Classic SAW in Indonesian work.
    #[default]
    Linear,
    /// Benefit `x / max`; cost `1 - x / max`.
    Max,
    /// Benefit `(x - min)/(max - min)`; cost `(max - x)/(max - min)`; all equal → 1.
    MinMax,
    /// Benefit `x / √Σx²`; cost `1 - x / √Σx²`.
    Vector,
    /// Benefit `x / Σx`; cost `(1/x) / Σ(1/x)` (x > 0).
    Sum,
    /// Benefit `(x - lo)/(hi - lo)`; cost `(hi - x)/(hi - lo)` on fixed scale bounds:
    /// the only normalisation that does not depend on who else is in the pool.
    FixedRange,
}

/// A decision matrix: `rows` alternatives × `cols` criteria, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionMatrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

pub(crate) fn bad(path: impl Into<String>, en: impl Into<String>, id: impl Into<String>) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, path, en, id)])
}

impl DecisionMatrix {
    /// Builds a matrix; every value must be finite.
    pub fn new(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self, Error> {
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(bad(
                "matrix",
                "matrix size does not match rows × columns",
                "ukuran matriks tidak sesuai baris × kolom",
            ));
        }
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(bad(
                format!("matrix[{}][{}]", i / cols.max(1), i % cols.max(1)),
                "value must be a finite number",
                "nilai harus bilangan terhingga",
            ));
        }
        Ok(DecisionMatrix { rows, cols, data })
    }
    /// From rows (each of the same length).
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self, Error> {
        let cols = rows.first().map_or(0, Vec::len);
        if let Some(i) = rows.iter().position(|r| r.len() != cols) {
            return Err(bad(
                format!("matrix[{i}]"),
                "every row needs the same number of criteria",
                "setiap baris harus memiliki jumlah kriteria yang sama",
            ));
        }
        DecisionMatrix::new(rows.len(), cols, rows.iter().flatten().copied().collect())
    }
    /// Number of alternatives.
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Number of criteria.
    pub fn cols(&self) -> usize {
        self.cols
    }
    /// Value at (alternative, criterion).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.cols + j]
    }
    /// One criterion column.
    pub fn column(&self, j: usize) -> Vec<f64> {
        (0..self.rows).map(|i| self.get(i, j)).collect()
    }
}

/// Checks weights and types against the matrix; returns weights scaled to sum 1.
pub fn check_weights(m: &DecisionMatrix, weights: &[f64], types: &[CriterionType]) -> Result<Vec<f64>, Error> {
    if weights.len() != m.cols() || types.len() != m.cols() {
        return Err(bad(
            "weights",
            format!("need one weight and one criterion type per criterion ({})", m.cols()),
            format!("diperlukan satu bobot dan satu jenis kriteria untuk setiap kriteria ({})", m.cols()),
        ));
    }
    crate::weights::normalize(weights).map_err(|e| {
        let p = e.problem(Code::InvalidRequest, "weights", |i| format!("weights[{i}]"));
        bad(p.path, p.message.en, p.message.id)
    })
}

/// Normalises one column. `range` is required for [`Normalisation::FixedRange`].
/// Errors on a zero or negative value where the form divides by x, and on an
/// empty range. An empty column (no alternatives) normalises to an empty
/// column: there is nothing to divide (the bounds of `fixed_range` are still checked).
pub fn normalize_column(
    col: &[f64],
    ty: CriterionType,
    norm: Normalisation,
    range: Option<(f64, f64)>,
) -> Result<Vec<f64>, Error> {
    let mut out = col.to_vec();
    normalize_column_in_place(&mut out, ty, norm, range)?;
    Ok(out)
}

/// [`normalize_column`] in place (SAW and TOPSIS normalise their own column
/// copies: no second buffer per criterion). On an error `col` is unchanged.
pub(crate) fn normalize_column_in_place(
    col: &mut [f64],
    ty: CriterionType,
    norm: Normalisation,
    range: Option<(f64, f64)>,
) -> Result<(), Error> {
    if col.is_empty() && norm != Normalisation::FixedRange {
        return Ok(());
    }
    let mut max = f64::NEG_INFINITY;
    let mut min = f64::INFINITY;
    for &x in col.iter() {
        max = max.max(x);
        min = min.min(x);
    }
    match (norm, ty) {
        (Normalisation::Linear | Normalisation::Max, CriterionType::Benefit) => {
            if max == 0.0 {
                return Err(bad(
                    "matrix",
                    "x / max needs a non-zero maximum",
                    "x / max memerlukan nilai maksimum bukan nol",
                ));
            }
            map_in_place(col, |x| x / max);
        }
        (Normalisation::Linear, CriterionType::Cost) => {
            if col.iter().any(|&x| x <= 0.0) {
                return Err(bad("matrix", "min / x needs positive values", "min / x memerlukan nilai positif"));
            }
            map_in_place(col, |x| min / x);
        }
        (Normalisation::Max, CriterionType::Cost) => {
            if max == 0.0 {
                return Err(bad(
                    "matrix",
                    "1 - x / max needs a non-zero maximum",
                    "1 - x / max memerlukan nilai maksimum bukan nol",
                ));
            }
            map_in_place(col, |x| 1.0 - x / max);
        }
        (Normalisation::MinMax, _) => {
            let d = max - min;
            if d == 0.0 {
                col.fill(1.0);
            } else if ty == CriterionType::Benefit {
                map_in_place(col, |x| (x - min) / d);
            } else {
                map_in_place(col, |x| (max - x) / d);
            }
        }
        (Normalisation::Vector, _) => {
            let mut ss = 0.0;
            for x in col.iter() {
                ss += x * x;
            }
            let n = ss.sqrt();
            if n == 0.0 {
                return Err(bad(
                    "matrix",
                    "vector normalisation of an all-zero column",
                    "normalisasi vektor pada kolom yang semuanya nol",
                ));
            }
            if ty == CriterionType::Benefit {
                map_in_place(col, |x| x / n);
            } else {
                map_in_place(col, |x| 1.0 - x / n);
            }
        }
        (Normalisation::Sum, CriterionType::Benefit) => {
            let mut s = 0.0;
            for x in col.iter() {
                s += x;
            }
            if s == 0.0 {
                return Err(bad(
                    "matrix",
                    "sum normalisation of a zero-sum column",
                    "normalisasi jumlah pada kolom berjumlah nol",
                ));
            }
            map_in_place(col, |x| x / s);
        }
        (Normalisation::Sum, CriterionType::Cost) => {
            if col.iter().any(|&x| x <= 0.0) {
                return Err(bad(
                    "matrix",
                    "(1/x) / Σ(1/x) needs positive values",
                    "(1/x) / Σ(1/x) memerlukan nilai positif",
                ));
            }
            let mut s = 0.0;
            for x in col.iter() {
                s += 1.0 / x;
            }
            map_in_place(col, |x| (1.0 / x) / s);
        }
        (Normalisation::FixedRange, _) => {
            let (lo, hi) = range.ok_or_else(|| {
                bad(
                    "ranges",
                    "fixed_range needs the scale bounds of every criterion",
                    "fixed_range memerlukan batas skala setiap kriteria",
                )
            })?;
            if !(lo.is_finite() && hi.is_finite() && hi > lo) {
                return Err(bad("ranges", "scale bounds need lo < hi", "batas skala harus lo < hi"));
            }
            let d = hi - lo;
            if ty == CriterionType::Benefit {
                map_in_place(col, |x| (x - lo) / d);
            } else {
                map_in_place(col, |x| (hi - x) / d);
            }
        }
    }
    Ok(())
}

fn map_in_place(col: &mut [f64], f: impl Fn(f64) -> f64) {
    for x in col.iter_mut() {
        *x = f(*x);
    }
}

/// Normalises every column; returns the normalised matrix (row-major, same shape).
pub fn normalize(
    m: &DecisionMatrix,
    types: &[CriterionType],
    norm: Normalisation,
    ranges: Option<&[(f64, f64)]>,
) -> Result<DecisionMatrix, Error> {
    let cols = normalized_columns(m, types, norm, ranges)?;
    let mut data = vec![0.0; m.rows * m.cols];
    for (j, col) in cols.iter().enumerate() {
        for (i, v) in col.iter().enumerate() {
            data[i * m.cols + j] = *v;
        }
    }
    Ok(DecisionMatrix { rows: m.rows, cols: m.cols, data })
}

/// The columns of `m`, each contiguous: one row-major pass instead of one
/// strided pass per criterion (100,000 × 11 is 8.8 MB, read once).
pub(crate) fn columns(m: &DecisionMatrix) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = (0..m.cols).map(|_| Vec::with_capacity(m.rows)).collect();
    if m.cols > 0 {
        for row in m.data.chunks_exact(m.cols) {
            for (col, &x) in out.iter_mut().zip(row) {
                col.push(x);
            }
        }
    }
    out
}

/// [`normalize`] as one contiguous column per criterion (what SAW and TOPSIS
/// read): the same values, the same errors.
pub(crate) fn normalized_columns(
    m: &DecisionMatrix,
    types: &[CriterionType],
    norm: Normalisation,
    ranges: Option<&[(f64, f64)]>,
) -> Result<Vec<Vec<f64>>, Error> {
    if types.len() != m.cols {
        return Err(bad(
            "types",
            format!("need one criterion type per criterion ({})", m.cols),
            format!("diperlukan satu jenis kriteria untuk setiap kriteria ({})", m.cols),
        ));
    }
    let mut out = columns(m);
    for ((j, col), &ty) in out.iter_mut().enumerate().zip(types) {
        let r = ranges.and_then(|r| r.get(j).copied());
        normalize_column_in_place(col, ty, norm, r).map_err(|e| match e {
            Error::Request(mut ps) => {
                for p in &mut ps {
                    if p.path == "matrix" {
                        p.path = format!("matrix[*][{j}]");
                    }
                }
                Error::Request(ps)
            }
            other => other,
        })?;
    }
    Ok(out)
}

/// Order of alternatives by descending score, ties by ascending index (stable).
/// Uses `total_cmp`, so the order is total and deterministic.
pub fn order_desc(scores: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    // The comparator never says Equal for two indices, so every sort gives this
    // one order. Natively the unstable sort (no indirection; 100,000 scores in a
    // few ms); in WebAssembly the crate's one shared sort (`crate::sort`: module size).
    #[cfg(not(target_arch = "wasm32"))]
    idx.sort_unstable_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    #[cfg(target_arch = "wasm32")]
    crate::sort::stable_by(&mut idx, |&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    idx
}

/// Competition ranks ("1224") of an already ordered list of scores: equal
/// scores share the rank of the first of them.
pub fn competition_ranks(sorted_scores: &[f64]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sorted_scores.len());
    for (i, s) in sorted_scores.iter().enumerate() {
        if i > 0 && sorted_scores[i - 1] == *s {
            let prev = out[i - 1];
            out.push(prev);
        } else {
            out.push(i + 1);
        }
    }
    out
}

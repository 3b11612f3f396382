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

//! AHP criterion weights from a pairwise comparison matrix (Saaty 1977, 1980).
//!
//! Weights = principal right eigenvector, by power iteration: start from the
//! uniform vector, `w ← A w / Σ(A w)`, until `max_i |w_i - w'_i| ≤ 1e-12`
//! ([`TOLERANCE`]) or [`MAX_ITERATIONS`] (an error if not converged; a
//! positive reciprocal matrix is primitive, so the iteration converges).
//! `λmax = mean_i (A w)_i / w_i`, `CI = (λmax - n)/(n - 1)`, `CR = CI / RI(n)`;
//! `n ≤ 2` → `CR = 0`. `CR > 0.10` is an error unless the caller overrides it.
//!
//! ```
//! use meritkit::mcdm::ahp::{ahp, SAATY_RI};
//! // A consistent matrix: weights proportional to 4 : 2 : 1, CR = 0.
//! let a = vec![vec![1.0, 2.0, 4.0], vec![0.5, 1.0, 2.0], vec![0.25, 0.5, 1.0]];
//! let r = ahp(&a, &SAATY_RI, false).unwrap();
//! assert!((r.weights[0] - 4.0 / 7.0).abs() < 1e-12);
//! assert!(r.consistency_ratio.abs() < 1e-12);
//! ```

use crate::error::{Code, Error, Problem};
use serde::{Deserialize, Serialize};

/// Saaty's random consistency index for n = 1..=10 (Saaty 1980).
pub const SAATY_RI: [f64; 10] = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];
/// Convergence tolerance of the power iteration (max absolute change of a weight).
pub const TOLERANCE: f64 = 1e-12;
/// Iteration limit.
pub const MAX_ITERATIONS: usize = 10_000;
/// Accepted consistency ratio.
pub const CR_LIMIT: f64 = 0.10;

/// AHP result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AhpResult {
    /// Criterion weights (sum 1), in matrix order.
    pub weights: Vec<f64>,
    /// Principal eigenvalue.
    pub lambda_max: f64,
    /// Consistency index `(λmax - n)/(n - 1)`.
    pub consistency_index: f64,
    /// Random index used.
    pub random_index: f64,
    /// Consistency ratio `CI / RI` (0 for n ≤ 2).
    pub consistency_ratio: f64,
    /// `CR ≤ 0.10`.
    pub consistent: bool,
    /// Power-iteration steps taken.
    pub iterations: usize,
    /// Rule applied.
    pub rule: String,
}

fn bad(path: String, en: String, id: String) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, path, en, id)])
}

/// Derives weights and consistency from a pairwise matrix. `ri[n-1]` is the
/// random index for n criteria.
pub fn ahp(a: &[Vec<f64>], ri: &[f64], allow_inconsistent: bool) -> Result<AhpResult, Error> {
    let n = a.len();
    if n == 0 {
        return Err(bad("matrix".into(), "the pairwise matrix is empty".into(), "matriks perbandingan kosong".into()));
    }
    // Every row's length first: the reciprocity check below reads a[j][i] of later rows.
    if let Some(i) = a.iter().position(|row| row.len() != n) {
        return Err(bad(
            format!("matrix[{i}]"),
            "the pairwise matrix must be square".into(),
            "matriks perbandingan harus persegi".into(),
        ));
    }
    for (i, row) in a.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            if !(x.is_finite() && x > 0.0) {
                return Err(bad(
                    format!("matrix[{i}][{j}]"),
                    "entries must be positive numbers".into(),
                    "isi matriks harus bilangan positif".into(),
                ));
            }
            let rec = a[j][i];
            if ((x * rec) - 1.0).abs() > 1e-6 {
                return Err(bad(
                    format!("matrix[{i}][{j}]"),
                    format!("not reciprocal: a[{i}][{j}] × a[{j}][{i}] must be 1"),
                    format!("tidak resiprokal: a[{i}][{j}] × a[{j}][{i}] harus 1"),
                ));
            }
        }
    }
    let mut w = vec![1.0 / n as f64; n];
    let mut it = 0;
    let aw = |w: &[f64]| -> Vec<f64> {
        a.iter()
            .map(|row| {
                let mut s = 0.0;
                for (x, wj) in row.iter().zip(w) {
                    s += x * wj;
                }
                s
            })
            .collect()
    };
    loop {
        it += 1;
        let v = aw(&w);
        let mut s = 0.0;
        for x in &v {
            s += x;
        }
        let next: Vec<f64> = v.iter().map(|x| x / s).collect();
        let mut delta: f64 = 0.0;
        for (x, y) in next.iter().zip(&w) {
            delta = delta.max((x - y).abs());
        }
        w = next;
        if delta <= TOLERANCE {
            break;
        }
        if it >= MAX_ITERATIONS {
            return Err(Error::Internal(vec![Problem::new(
                Code::Internal,
                "matrix",
                "power iteration did not converge",
                "iterasi pangkat tidak konvergen",
            )]));
        }
    }
    let v = aw(&w);
    let mut lambda = 0.0;
    for (x, wi) in v.iter().zip(&w) {
        lambda += x / wi;
    }
    lambda /= n as f64;
    let (ci, rix, cr) = if n <= 2 {
        (0.0, 0.0, 0.0)
    } else {
        let rix = *ri.get(n - 1).ok_or_else(|| {
            bad(
                "ri".into(),
                format!("the random index table has no value for n = {n}"),
                format!("tabel indeks acak tidak memuat nilai untuk n = {n}"),
            )
        })?;
        if !(rix.is_finite() && rix > 0.0) {
            return Err(bad(
                format!("ri[{}]", n - 1),
                "random index must be positive".into(),
                "indeks acak harus positif".into(),
            ));
        }
        let ci = (lambda - n as f64) / (n as f64 - 1.0);
        (ci, rix, ci / rix)
    };
    let consistent = cr <= CR_LIMIT;
    if !consistent && !allow_inconsistent {
        return Err(Error::Request(vec![Problem::new(
            Code::InconsistentMatrix,
            "matrix",
            format!("consistency ratio {cr:.4} exceeds 0.10 (Saaty); revise the judgements or set allow_inconsistent"),
            format!(
                "rasio konsistensi {cr:.4} melebihi 0,10 (Saaty); perbaiki penilaian atau setel allow_inconsistent"
            ),
        )]));
    }
    Ok(AhpResult {
        weights: w,
        lambda_max: lambda,
        consistency_index: ci,
        random_index: rix,
        consistency_ratio: cr,
        consistent,
        iterations: it,
        rule:
            "Saaty (1980): principal eigenvector by power iteration (tolerance 1e-12); CR = CI / RI, accept CR ≤ 0.10"
                .into(),
    })
}

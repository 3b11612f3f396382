//! TOPSIS (Hwang & Yoon 1981): closeness to the ideal solution.
//!
//! With the classic vector normalisation `r_ij = x_ij / √Σ_i x_ij²`,
//! `v_ij = w_j r_ij`, ideal `A⁺_j` = max (benefit) or min (cost) of `v_·j`,
//! anti-ideal the opposite, `D±_i = √Σ_j (v_ij - A±_j)²`,
//! `C_i = D⁻_i / (D⁺_i + D⁻_i)`; `D⁺ + D⁻ = 0` gives `C = 0.5` (the tie-break decides).
//!
//! The implementation follows `pymcdm`: the normalisation already turns cost
//! criteria into benefit ones (vector cost: `1 - x/√Σx²`), then the ideal is
//! the column maximum. For the vector normalisation this is the classic method
//! exactly: `1 - r` is an affine flip, so every distance is unchanged.
//!
//! ```
//! use meritkit::mcdm::{DecisionMatrix, CriterionType::*, Normalisation, topsis::topsis};
//! let m = DecisionMatrix::new(3, 1, vec![1.0, 2.0, 3.0]).unwrap();
//! let c = topsis(&m, &[1.0], &[Benefit], Normalisation::Vector, None).unwrap();
//! // one criterion: C = (x - min) / (max - min)
//! assert!((c[0] - 0.0).abs() < 1e-15 && (c[1] - 0.5).abs() < 1e-12 && (c[2] - 1.0).abs() < 1e-15);
//! ```

use super::{check_weights, normalized_columns, CriterionType, DecisionMatrix, Normalisation};
use crate::error::Error;

/// Closeness coefficients in [0, 1] (higher is better). Weights are scaled to sum 1.
pub fn topsis(
    m: &DecisionMatrix,
    weights: &[f64],
    types: &[CriterionType],
    norm: Normalisation,
    ranges: Option<&[(f64, f64)]>,
) -> Result<Vec<f64>, Error> {
    let w = check_weights(m, weights, types)?;
    let r = normalized_columns(m, types, norm, ranges)?;
    Ok(closeness_columns(&r, m.rows(), &w))
}

/// TOPSIS on an already normalised (benefit-oriented) matrix.
pub fn closeness(r: &super::DecisionMatrix, w: &[f64]) -> Vec<f64> {
    closeness_columns(&super::columns(r), r.rows(), w)
}

/// TOPSIS on normalised columns (one per criterion, `n` values each), column by
/// column: every sum still runs over the criteria in order for each alternative.
fn closeness_columns(cols: &[Vec<f64>], n: usize, w: &[f64]) -> Vec<f64> {
    let mut dp = vec![0.0; n];
    let mut dn = vec![0.0; n];
    for (col, &wj) in cols.iter().zip(w) {
        let mut pis = f64::NEG_INFINITY;
        let mut nis = f64::INFINITY;
        for &x in col {
            let v = wj * x;
            pis = pis.max(v);
            nis = nis.min(v);
        }
        for ((p, q), &x) in dp.iter_mut().zip(dn.iter_mut()).zip(col) {
            let v = wj * x;
            *p += (v - pis) * (v - pis);
            *q += (v - nis) * (v - nis);
        }
    }
    dp.iter()
        .zip(&dn)
        .map(|(&dp, &dn)| {
            let (dp, dn) = (dp.sqrt(), dn.sqrt());
            if dp + dn == 0.0 {
                0.5
            } else {
                dn / (dp + dn)
            }
        })
        .collect()
}

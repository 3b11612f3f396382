//! SAW (simple additive weighting, weighted sum): `V_i = Σ_j w_j r_ij` with
//! `Σ w_j = 1` and `r` a column normalisation (Fishburn 1967,
//! MacCrimmon 1968; Hwang & Yoon 1981 §3.1).
//!
//! ```
//! use meritkit::mcdm::{DecisionMatrix, CriterionType::*, Normalisation, saw::saw};
//! // Cost criterion under `linear`: min / x.
//! let m = DecisionMatrix::new(2, 1, vec![2.0, 4.0]).unwrap();
//! assert_eq!(saw(&m, &[1.0], &[Cost], Normalisation::Linear, None).unwrap(), vec![1.0, 0.5]);
//! ```

use super::{check_weights, normalized_columns, CriterionType, DecisionMatrix, Normalisation};
use crate::error::Error;

/// SAW scores, one per alternative (higher is better). Weights are scaled to sum 1.
pub fn saw(
    m: &DecisionMatrix,
    weights: &[f64],
    types: &[CriterionType],
    norm: Normalisation,
    ranges: Option<&[(f64, f64)]>,
) -> Result<Vec<f64>, Error> {
    let w = check_weights(m, weights, types)?;
    let r = normalized_columns(m, types, norm, ranges)?;
    Ok(weighted_sum_columns(&r, m.rows(), &w))
}

/// `Σ_j w_j r_ij` summed in criterion order.
pub fn weighted_sum(r: &DecisionMatrix, w: &[f64]) -> Vec<f64> {
    weighted_sum_columns(&super::columns(r), r.rows(), w)
}

/// [`weighted_sum`] on normalised columns (one per criterion, `n` values each):
/// column by column, each alternative's sum still runs over the criteria in order.
fn weighted_sum_columns(cols: &[Vec<f64>], n: usize, w: &[f64]) -> Vec<f64> {
    let mut s = vec![0.0; n];
    for (col, &wj) in cols.iter().zip(w) {
        for (acc, &x) in s.iter_mut().zip(col) {
            *acc += wj * x;
        }
    }
    s
}

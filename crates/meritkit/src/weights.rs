//! Weight normalisation: the one function every weighted sum uses (the
//! potential composite, succession criteria, SAW / TOPSIS).
//!
//! Weights must be finite and ≥ 0, and not all zero. They are scaled by the
//! largest weight before they are summed, so the sum never overflows (weights
//! of `1e308` are as good as weights of `1`) and subnormal weights keep their
//! proportions: the effective weights are finite and sum to 1 (within a few
//! ulps).
//!
//! ```
//! use meritkit::weights::normalize;
//! let w = normalize(&[1e308, 1e308, f64::MAX]).unwrap();
//! assert!(w.iter().all(|x| x.is_finite()));
//! assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
//! assert_eq!(normalize(&[0.5, 0.3, 0.2]).unwrap().len(), 3);
//! assert!(normalize(&[0.0, 0.0]).is_err());
//! assert!(normalize(&[1.0, f64::NAN]).is_err());
//! ```

use crate::error::{Code, Problem};

/// Why a list of weights cannot be normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightError {
    /// The weight at this index is NaN or infinite.
    NotFinite(usize),
    /// The weight at this index is negative.
    Negative(usize),
    /// No weight (an empty list) or every weight is zero.
    AllZero,
}

impl WeightError {
    /// A located problem (`code`, and `path` = the list's path; a weight's
    /// path is `{path}[i]`, or `item(i)` when given).
    pub fn problem(self, code: Code, path: &str, item: impl Fn(usize) -> String) -> Problem {
        match self {
            WeightError::NotFinite(i) => Problem::new(
                code,
                item(i),
                "weight must be a finite number (not NaN or infinity)",
                "bobot harus bilangan terhingga (bukan NaN atau tak hingga)",
            ),
            WeightError::Negative(i) => Problem::new(code, item(i), "weight must be ≥ 0", "bobot harus ≥ 0"),
            WeightError::AllZero => {
                Problem::new(code, path, "weights must not all be zero", "bobot tidak boleh semuanya nol")
            }
        }
    }
}

/// Checks weights: each finite and ≥ 0, at least one positive. Returns the
/// largest weight.
pub fn check(weights: &[f64]) -> Result<f64, WeightError> {
    let mut max = 0.0f64;
    for (i, &w) in weights.iter().enumerate() {
        if !w.is_finite() {
            return Err(WeightError::NotFinite(i));
        }
        if w < 0.0 {
            return Err(WeightError::Negative(i));
        }
        if w > max {
            max = w;
        }
    }
    if max > 0.0 {
        Ok(max)
    } else {
        Err(WeightError::AllZero)
    }
}

/// Every problem of a list of weights at once (each bad weight, then "all
/// zero" when no weight is positive): for policy checks.
pub fn problems(weights: &[f64]) -> Vec<WeightError> {
    let mut out = Vec::new();
    for (i, &w) in weights.iter().enumerate() {
        if !w.is_finite() {
            out.push(WeightError::NotFinite(i));
        } else if w < 0.0 {
            out.push(WeightError::Negative(i));
        }
    }
    if out.is_empty() && !weights.iter().any(|&w| w > 0.0) {
        out.push(WeightError::AllZero);
    }
    out
}

/// Normalises in place: `w[i] / max` summed, then each divided by that sum.
/// On error the slice is left unchanged.
pub fn normalize_in_place(w: &mut [f64]) -> Result<(), WeightError> {
    let max = check(w)?;
    let mut sum = 0.0;
    for x in w.iter_mut() {
        *x /= max; // in [0, 1]: the sum is at most w.len()
        sum += *x;
    }
    // sum ≥ 1 (the largest weight scales to exactly 1)
    for x in w.iter_mut() {
        *x /= sum;
    }
    Ok(())
}

/// The effective weights (finite, summing to 1).
pub fn normalize(weights: &[f64]) -> Result<Vec<f64>, WeightError> {
    let mut w = weights.to_vec();
    normalize_in_place(&mut w)?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_weights() {
        assert_eq!(normalize(&[1.0, f64::INFINITY]), Err(WeightError::NotFinite(1)));
        assert_eq!(normalize(&[f64::NAN]), Err(WeightError::NotFinite(0)));
        assert_eq!(normalize(&[1.0, -0.5]), Err(WeightError::Negative(1)));
        assert_eq!(normalize(&[]), Err(WeightError::AllZero));
        assert_eq!(normalize(&[0.0, -0.0]), Err(WeightError::AllZero));
        assert_eq!(problems(&[f64::NAN, -1.0, 0.0]), vec![WeightError::NotFinite(0), WeightError::Negative(1)]);
        assert_eq!(problems(&[0.0]), vec![WeightError::AllZero]);
        assert!(problems(&[0.0, 2.0]).is_empty());
    }

    #[test]
    fn huge_and_tiny_weights_keep_their_proportions() {
        // 1e308 × 3 overflows a plain sum to infinity (every share 0).
        let w = normalize(&[1e308, 1e308, 1e308]).unwrap();
        for x in &w {
            assert!((x - 1.0 / 3.0).abs() < 1e-15);
        }
        let w = normalize(&[f64::MAX, f64::MAX / 2.0]).unwrap();
        assert!((w[0] - 2.0 / 3.0).abs() < 1e-15 && (w[1] - 1.0 / 3.0).abs() < 1e-15);
        let tiny = f64::from_bits(1); // the smallest subnormal
        let w = normalize(&[tiny, tiny * 3.0]).unwrap();
        assert_eq!(w, vec![0.25, 0.75]);
    }
}

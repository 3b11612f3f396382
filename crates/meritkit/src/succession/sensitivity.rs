//! Sensitivity of a ranking to its weights (meritkit definition): each weight moved
//! by ±10 % and the weights renormalised; the top-k and Spearman ρ of the full
//! ranking against the baseline are reported.

use super::candidate::Candidate;
use super::policy::Criterion;
use super::ranking::{candidate_scores, order, Row, SensitivityCase};
use super::target::Method;
use super::SuccessionPolicy;
use std::collections::BTreeMap;

/// Spearman ρ between two strict rankings of the same items:
/// `1 - 6 Σ d² / (n (n² - 1))`; `None` for fewer than 2 items.
///
/// ```
/// use meritkit::succession::sensitivity::spearman;
/// assert_eq!(spearman(&[0, 1, 2], &[0, 1, 2]), Some(1.0));
/// assert_eq!(spearman(&[0, 1, 2], &[2, 1, 0]), Some(-1.0));
/// ```
pub fn spearman(pos_a: &[usize], pos_b: &[usize]) -> Option<f64> {
    let n = pos_a.len();
    if n < 2 || pos_b.len() != n {
        return None;
    }
    let mut d2 = 0.0;
    for (a, b) in pos_a.iter().zip(pos_b) {
        let d = *a as f64 - *b as f64;
        d2 += d * d;
    }
    let nf = n as f64;
    Some(1.0 - 6.0 * d2 / (nf * (nf * nf - 1.0)))
}

fn positions(order: &[usize]) -> Vec<usize> {
    let mut p = vec![0; order.len()];
    for (pos, &i) in order.iter().enumerate() {
        p[i] = pos;
    }
    p
}

/// The report for one position.
pub(crate) fn report(
    rows: &[Row],
    criteria: &[(Criterion, f64)],
    base_scores: &[f64],
    cands: &[Candidate<'_>],
    method: Method,
    pol: &SuccessionPolicy,
    salt: u64,
) -> Vec<SensitivityCase> {
    let k = pol.top;
    let base_order = order(rows, base_scores, cands, &pol.tie_break, salt, None);
    let base_pos = positions(&base_order);
    let nip = |i: usize| cands[rows[i].ci].employee.nip.clone();
    let base_top: Vec<String> = base_order.iter().take(k).map(|&i| nip(i)).collect();
    let mut out = Vec::new();
    // Moved from the effective weights (sum 1), never from the raw ones: a raw
    // weight near f64::MAX times 1.1 would overflow.
    let base = super::ranking::scaled_weights(criteria);
    for j in 0..criteria.len() {
        for change in [-0.1, 0.1] {
            let mut raw: Vec<(Criterion, f64)> =
                criteria.iter().zip(&base).map(|((c, _), w)| (c.clone(), *w)).collect();
            raw[j].1 *= 1.0 + change;
            let w = super::ranking::scaled_weights(&raw);
            let mut notes = Vec::new();
            let s = candidate_scores(rows, &raw, &w, method, pol, &mut notes);
            let o = order(rows, &s.scores, cands, &pol.tie_break, salt, None);
            let top: Vec<String> = o.iter().take(k).map(|&i| nip(i)).collect();
            let entered = top.iter().filter(|n| !base_top.contains(n)).cloned().collect();
            let left = base_top.iter().filter(|n| !top.contains(n)).cloned().collect();
            out.push(SensitivityCase {
                criterion: criteria[j].0.key(),
                change,
                weights: raw.iter().zip(&w).map(|((c, _), w)| (c.key(), *w)).collect::<BTreeMap<_, _>>(),
                top_changed: top != base_top,
                top,
                entered,
                left,
                spearman_rho: spearman(&base_pos, &positions(&o)),
            });
        }
    }
    out
}

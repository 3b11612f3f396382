//! Profile matching (GAP analysis; Kusrini 2007, *Konsep dan Aplikasi Sistem
//! Pendukung Keputusan*): the method most used in Indonesian promotion work.
//!
//! For each factor, `gap = attained - required`; the GAP table turns a gap
//! into a weight (default: 0 → 5, +1 → 4.5, -1 → 4, +2 → 3.5, -2 → 3,
//! +3 → 2.5, -3 → 2, +4 → 1.5, -4 → 1). Per aspect
//! `N = cf × mean(core weights) + (1 - cf) × mean(secondary weights)`
//! (cf = 60 % by default; an aspect with only core or only secondary factors
//! uses that mean alone); total = `Σ aspect_weight × N` (aspect weights scaled to sum 1).
//!
//! ```
//! use meritkit::mcdm::profile_matching::GapTable;
//! let t = GapTable::default();
//! assert_eq!(t.weight(0.0), Some(5.0));
//! assert_eq!(t.weight(-1.0), Some(4.0));
//! assert_eq!(t.weight(2.0), Some(3.5));
//! assert_eq!(t.weight(0.5), None); // gaps are whole numbers
//! ```

use serde::{Deserialize, Serialize};

/// One row of the GAP table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct GapWeight {
    /// Gap (attained - required), a whole number.
    pub gap: i32,
    /// Weight.
    pub weight: f64,
}

/// The GAP → weight table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(transparent)]
pub struct GapTable(pub Vec<GapWeight>);

impl Default for GapTable {
    /// Kusrini (2007) GAP table.
    fn default() -> Self {
        let rows = [(0, 5.0), (1, 4.5), (-1, 4.0), (2, 3.5), (-2, 3.0), (3, 2.5), (-3, 2.0), (4, 1.5), (-4, 1.0)];
        GapTable(rows.iter().map(|&(gap, weight)| GapWeight { gap, weight }).collect())
    }
}

impl GapTable {
    /// Weight of a gap; `None` for a fractional gap or one outside the table.
    pub fn weight(&self, gap: f64) -> Option<f64> {
        if !gap.is_finite() || gap.fract() != 0.0 {
            return None;
        }
        self.0.iter().find(|g| f64::from(g.gap) == gap).map(|g| g.weight)
    }
    /// Highest weight in the table (the score of a perfect match).
    pub fn max_weight(&self) -> f64 {
        self.0.iter().map(|g| g.weight).fold(f64::NEG_INFINITY, f64::max)
    }
    /// Lowest weight in the table.
    pub fn min_weight(&self) -> f64 {
        self.0.iter().map(|g| g.weight).fold(f64::INFINITY, f64::min)
    }
}

/// One evaluated factor of an aspect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FactorScore {
    /// Factor key.
    pub key: String,
    /// Required level.
    pub required: f64,
    /// Attained level.
    pub attained: f64,
    /// `attained - required`.
    pub gap: f64,
    /// GAP-table weight.
    pub weight: f64,
    /// Core (true) or secondary factor.
    pub core: bool,
}

/// `N = cf × NCF + (1 - cf) × NSF` over evaluated factors, summed in the
/// given order. Returns `(N, NCF, NSF)`; `None` when there are no factors.
pub fn aspect_value(factors: &[FactorScore], core_share: f64) -> Option<(f64, Option<f64>, Option<f64>)> {
    let mean = |core: bool| {
        let (mut s, mut c) = (0.0, 0usize);
        for f in factors.iter().filter(|f| f.core == core) {
            s += f.weight;
            c += 1;
        }
        (c > 0).then(|| s / c as f64)
    };
    let (ncf, nsf) = (mean(true), mean(false));
    let n = match (ncf, nsf) {
        (Some(a), Some(b)) => core_share * a + (1.0 - core_share) * b,
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => return None,
    };
    Some((n, ncf, nsf))
}

/// Evaluates factors: `(key, required, attained, core)` → scores; `Err(key)`
/// for the first factor whose gap is not in the table.
pub fn evaluate<'a>(
    table: &GapTable,
    factors: impl IntoIterator<Item = (&'a str, f64, f64, bool)>,
) -> Result<Vec<FactorScore>, String> {
    factors
        .into_iter()
        .map(|(key, required, attained, core)| {
            let gap = attained - required;
            table
                .weight(gap)
                .map(|weight| FactorScore { key: key.to_string(), required, attained, gap, weight, core })
                .ok_or_else(|| key.to_string())
        })
        .collect()
}

//! Levels from cut-offs: a score (0-100) → a level of an axis (1..=N), by
//! fixed thresholds, percentile rank or a guided distribution (see
//! [`Cutoffs`]). Every scoring path (records, flat rows, columns) builds its
//! [`LevelTable`]s here and asks them for levels.
//!
//! ```
//! use meritkit::cutoffs::LevelTable;
//! use meritkit::policy::Cutoffs;
//! let t = LevelTable::new(&Cutoffs::Fixed { thresholds: vec![60.0, 80.0] }, vec![], 3);
//! assert_eq!((t.level(59.9), t.level(60.0), t.level(80.0)), (1, 2, 3));
//! ```

use crate::policy::{Cutoffs, Rounding, Scope};
use std::collections::BTreeMap;

/// Fixed thresholds: level = 1 + number of thresholds ≤ x.
pub fn fixed_level(thresholds: &[f64], x: f64) -> u8 {
    1 + thresholds.iter().filter(|&&t| t <= x).count() as u8
}

/// A population's scores as a histogram: its distinct scores ascending, each
/// with how many hold it. Equal scores (`==`, so `-0.0` and `0.0`) are one
/// entry, written `0.0`. The one form every level table is computed from: a
/// whole population's scores ([`histogram`]) or the merged summaries of its
/// partitions ([`crate::partition`]).
pub type Histogram = Vec<(f64, u64)>;

/// The histogram of a population's scores (NaN never takes part: callers
/// give scores that passed their checks).
pub fn histogram(mut scores: Vec<f64>) -> Histogram {
    scores.sort_by(f64::total_cmp);
    let mut h: Histogram = Vec::new();
    for s in scores {
        match h.last_mut() {
            Some((v, c)) if *v == s => *c += 1,
            _ => h.push((s + 0.0, 1)),
        }
    }
    h
}

/// Score → level table for one population (one scope).
pub struct LevelTable {
    score_thresholds: Vec<Option<f64>>,
    population: u64,
    /// The distinct scores ascending, each with the number of scores strictly
    /// below it (the percentile rank; empty when no rank is asked for).
    below: Vec<(f64, u64)>,
}

impl LevelTable {
    /// Builds the table from the population's scores.
    pub fn new(cut: &Cutoffs, scores: Vec<f64>, levels: usize) -> LevelTable {
        LevelTable::from_histogram(cut, &histogram(scores), levels)
    }

    /// Builds the table from the population's [`Histogram`]: the thresholds
    /// in score units of the cut-offs (the one computation of relative
    /// cut-offs, for a whole population and for merged partition summaries).
    pub fn from_histogram(cut: &Cutoffs, hist: &[(f64, u64)], levels: usize) -> LevelTable {
        let population: u64 = hist.iter().map(|&(_, c)| c).sum();
        let mut below = Vec::with_capacity(hist.len());
        let mut acc = 0u64;
        for &(s, c) in hist {
            below.push((s, acc));
            acc += c;
        }
        let n = population;
        let score_thresholds = match cut {
            Cutoffs::Fixed { thresholds } => thresholds.iter().map(|&t| Some(t)).collect(),
            Cutoffs::Percentile { thresholds, .. } => {
                // Smallest score whose rank (share strictly below) reaches t.
                thresholds
                    .iter()
                    .map(|&t| below.iter().find(|&&(_, b)| b as f64 / n as f64 >= t).map(|&(s, _)| s))
                    .collect()
            }
            Cutoffs::Distribution { shares, rounding, .. } => {
                // Descending order; cumulative quotas from the top level down. `top[g]`: the
                // distinct scores descending, each with the count of scores at or above it.
                let mut top: Vec<(f64, u64)> = Vec::with_capacity(hist.len());
                let mut acc = 0u64;
                for &(s, c) in hist.iter().rev() {
                    acc += c;
                    top.push((s, acc));
                }
                // The group (index into `top`) of the score at descending position k (0-based).
                let group = |k: u64| top.partition_point(|&(_, end)| end <= k);
                let mut th = vec![None; levels.saturating_sub(1)];
                let mut cum_share = 0.0;
                let mut pos = 0u64;
                for lvl in (2..=levels).rev() {
                    cum_share += shares.get(lvl - 1).copied().unwrap_or(0.0);
                    let raw = cum_share * n as f64;
                    let q = match rounding {
                        Rounding::Nearest => (raw + 0.5 - 1e-9).floor(),
                        Rounding::Up => (raw - 1e-9).ceil(),
                        Rounding::Down => (raw + 1e-9).floor(),
                    };
                    let mut end = (q.max(0.0) as u64).min(n).max(pos);
                    if end > pos && end < n {
                        // the last admitted (position end - 1) tied with the next: the tied group stays below
                        let g = group(end - 1);
                        if top.get(g).is_some_and(|&(_, group_end)| group_end != end) {
                            let group_start = g.checked_sub(1).and_then(|p| top.get(p)).map_or(0, |&(_, e)| e);
                            end = group_start.max(pos);
                        }
                    }
                    if end > pos {
                        th[lvl - 2] = top.get(group(end - 1)).map(|&(s, _)| s);
                    }
                    pos = end;
                }
                // Make thresholds consistent: an unreached level inherits nothing.
                th
            }
        };
        let keep_ranks = matches!(cut, Cutoffs::Percentile { .. });
        LevelTable { score_thresholds, population, below: if keep_ranks { below } else { Vec::new() } }
    }

    /// Lower bounds in score units of levels 2..=N (`None`: level not reached by anyone).
    pub fn score_thresholds(&self) -> &[Option<f64>] {
        &self.score_thresholds
    }

    /// Size of the population the table was built from (0 for fixed thresholds).
    pub fn population(&self) -> usize {
        self.population as usize
    }

    /// [`LevelTable::level`] of each score, 0 for NaN (a missing score): the
    /// batch form for columns. Two ascending thresholds (the common 3-level
    /// axis) take a branch-free form that gives the same levels (with
    /// ascending bounds, "the highest level whose bound is reached" is "1 +
    /// the number of bounds reached").
    pub fn levels(&self, xs: &[f64]) -> Vec<u8> {
        if let [Some(t1), Some(t2)] = self.score_thresholds[..] {
            if t1 <= t2 {
                return xs
                    .iter()
                    .map(|&x| if x.is_nan() { 0 } else { 1 + u8::from(x >= t1) + u8::from(x >= t2) })
                    .collect();
            }
        }
        xs.iter().map(|&x| if x.is_nan() { 0 } else { self.level(x) }).collect()
    }

    /// Level (1-based) of a score.
    pub fn level(&self, x: f64) -> u8 {
        // highest level whose lower bound is reached; levels without a bound are skipped
        let mut lvl = 1u8;
        for (i, t) in self.score_thresholds.iter().enumerate() {
            if let Some(t) = t {
                if x >= *t {
                    lvl = (i + 2) as u8;
                }
            }
        }
        lvl
    }

    /// Percentile rank of a score: the share of the population strictly below it.
    pub fn rank(&self, x: f64) -> f64 {
        if self.population == 0 {
            return 0.0;
        }
        // (the scores strictly below x: those below the first distinct score not below x)
        let i = self.below.partition_point(|&(v, _)| v < x);
        let below = match self.below.get(i) {
            Some(&(_, b)) => b,
            None => self.population,
        };
        below as f64 / self.population as f64
    }
}

/// The population scope of relative cut-offs (`None` for fixed thresholds).
pub fn scope(c: &Cutoffs) -> Option<Scope> {
    match c {
        Cutoffs::Fixed { .. } => None,
        Cutoffs::Percentile { scope, .. } | Cutoffs::Distribution { scope, .. } => Some(*scope),
    }
}

/// The level tables of one axis: one for the whole population, or one per
/// unit (scope `unit`); a single table for fixed thresholds.
pub struct Tables<K> {
    per_unit: bool,
    tables: BTreeMap<Option<K>, LevelTable>,
}

impl<K: Ord> Tables<K> {
    /// Builds the tables from the population: `(unit, score)` of every row
    /// that takes part (rows with a score, no errors).
    pub fn new(c: &Cutoffs, levels: usize, items: impl Iterator<Item = (K, f64)>) -> Self {
        let mut groups: BTreeMap<Option<K>, Vec<f64>> = BTreeMap::new();
        let per_unit = scope(c) == Some(Scope::Unit);
        if scope(c).is_some() {
            for (unit, s) in items {
                groups.entry(if per_unit { Some(unit) } else { None }).or_default().push(s);
            }
        } else {
            groups.insert(None, vec![]);
        }
        Tables { per_unit, tables: groups.into_iter().map(|(k, v)| (k, LevelTable::new(c, v, levels))).collect() }
    }

    /// The tables as given (a resolved policy's, [`crate::partition`]):
    /// `per_unit` keys them by `Some(unit)`, else the one table is `None`'s.
    pub fn from_parts(per_unit: bool, tables: BTreeMap<Option<K>, LevelTable>) -> Self {
        Tables { per_unit, tables }
    }

    /// Whether each unit has its own table (scope `unit`): else every unit
    /// gets the one table.
    pub fn per_unit(&self) -> bool {
        self.per_unit
    }

    /// The table that applies to a row of `unit`.
    pub fn get(&self, unit: K) -> Option<&LevelTable> {
        self.tables.get(&if self.per_unit { Some(unit) } else { None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_batch_levels_are_the_levels_one_by_one() {
        let xs: Vec<f64> = (-20..=2200)
            .map(|i| f64::from(i) / 20.0)
            .chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0])
            .collect();
        let pop: Vec<f64> = (0..50).map(|i| f64::from(i * 37 % 101)).collect();
        let cuts = [
            Cutoffs::Fixed { thresholds: vec![60.0, 80.0] },
            Cutoffs::Fixed { thresholds: vec![70.0, 70.0] },
            Cutoffs::Fixed { thresholds: vec![50.0, 70.0, 90.0] },
            Cutoffs::Percentile { thresholds: vec![0.3, 0.8], scope: Scope::All },
            Cutoffs::Distribution { shares: vec![0.2, 0.7, 0.1], scope: Scope::All, rounding: Rounding::Nearest },
            Cutoffs::Distribution { shares: vec![0.9, 0.0, 0.1], scope: Scope::All, rounding: Rounding::Down },
        ];
        for c in &cuts {
            let levels = match c {
                Cutoffs::Fixed { thresholds } => thresholds.len() + 1,
                Cutoffs::Distribution { shares, .. } => shares.len(),
                Cutoffs::Percentile { thresholds, .. } => thresholds.len() + 1,
            };
            let t = LevelTable::new(c, pop.clone(), levels);
            let one: Vec<u8> = xs.iter().map(|&x| if x.is_nan() { 0 } else { t.level(x) }).collect();
            assert_eq!(t.levels(&xs), one, "{c:?}");
            // and a missing score is never a level
            assert_eq!(t.levels(&[f64::NAN]), vec![0]);
        }
        // the fixed 3-level axis: bounds inclusive
        let t = LevelTable::new(&cuts[0], vec![], 3);
        assert_eq!(t.levels(&[59.99, 60.0, 79.99, 80.0]), vec![1, 2, 2, 3]);
    }
}

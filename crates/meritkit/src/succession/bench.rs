//! Bench strength (meritkit definition, not regulation) and the per-stage
//! adverse-impact report (UGESP, 29 CFR 1607.4(C)-(D)).

use super::candidate::Candidate;
use super::ranking::PositionResult;
use super::Run;
use crate::fairness::{adverse_impact as impact, GroupCount, ImpactReport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A person shortlisted for several positions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Overlap {
    /// NIP.
    pub nip: String,
    /// Position ids.
    pub positions: Vec<String>,
}

/// Bench strength of a unit or of the whole organisation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct BenchSummary {
    /// Unit; null for the whole organisation.
    pub unit: Option<String>,
    /// Target positions.
    pub positions: usize,
    /// Critical positions.
    pub critical_positions: usize,
    /// Critical positions with at least one ready-now successor.
    pub critical_with_ready_now: usize,
    /// `critical_with_ready_now / critical_positions`; null without critical positions.
    pub coverage: Option<f64>,
    /// Positions with at least one ready-now successor.
    pub positions_with_ready_now: usize,
    /// Ids of positions at risk.
    pub positions_at_risk: Vec<String>,
    /// People shortlisted for several positions (within the unit's positions).
    pub overlap: Vec<Overlap>,
}

/// Per unit and overall.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct BenchReport {
    /// Whole organisation.
    pub overall: BenchSummary,
    /// Per unit, sorted by name.
    pub units: Vec<BenchSummary>,
}

fn summary(unit: Option<String>, items: &[&PositionResult]) -> BenchSummary {
    let mut s = BenchSummary { unit, positions: items.len(), ..Default::default() };
    let mut by_nip: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in items {
        if r.critical {
            s.critical_positions += 1;
            if r.bench.has_ready_now {
                s.critical_with_ready_now += 1;
            }
        }
        if r.bench.has_ready_now {
            s.positions_with_ready_now += 1;
        }
        if r.bench.at_risk {
            s.positions_at_risk.push(r.id.clone());
        }
        for c in &r.candidates {
            by_nip.entry(c.nip.as_str()).or_default().push(r.id.clone());
        }
    }
    s.coverage = (s.critical_positions > 0).then(|| s.critical_with_ready_now as f64 / s.critical_positions as f64);
    s.overlap = by_nip
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(n, positions)| Overlap { nip: n.to_string(), positions })
        .collect();
    s
}

/// Bench strength per unit and overall.
pub fn report(results: &[PositionResult]) -> BenchReport {
    let all: Vec<&PositionResult> = results.iter().collect();
    let mut units: BTreeMap<&str, Vec<&PositionResult>> = BTreeMap::new();
    for r in results {
        units.entry(r.unit.as_str()).or_default().push(r);
    }
    BenchReport {
        overall: summary(None, &all),
        units: units.into_iter().map(|(u, v)| summary(Some(u.to_string()), &v)).collect(),
    }
}

/// Group value of a candidate for a column ([`crate::fairness::group_of`]).
pub fn group_value(c: &Candidate<'_>, column: &str, run: &Run<'_>) -> String {
    crate::fairness::group_of(c.employee, c.nip.as_ref(), column, run.today, &run.policy.age_bands)
}

pub use crate::fairness::age_band;

/// Adverse impact at three person-level stages: `pool` (considered: every
/// scored record; selected: in the pool of at least one position),
/// `eligible` (considered: in some pool; selected: passed eligibility for at
/// least one of those positions), `shortlisted` (considered: eligible for some
/// position; selected: shortlisted for at least one).
pub fn adverse_impact(results: &[PositionResult], cands: &[Candidate<'_>], run: &Run<'_>) -> Vec<ImpactReport> {
    let n = cands.len();
    let (mut pool, mut elig, mut short) = (vec![false; n], vec![false; n], vec![false; n]);
    for r in results {
        for &i in r.pool_idx.iter() {
            pool[i as usize] = true;
        }
        for &i in r.eligible_idx.iter() {
            elig[i as usize] = true;
        }
        for &i in &r.shortlist_idx {
            short[i] = true;
        }
    }
    let mut out = Vec::new();
    for col in &run.policy.group_columns {
        let groups: Vec<String> = cands.iter().map(|c| group_value(c, col, run)).collect();
        #[allow(clippy::type_complexity)]
        let stages: [(&str, &Vec<bool>, Option<&Vec<bool>>); 3] =
            [("pool", &pool, None), ("eligible", &elig, Some(&pool)), ("shortlisted", &short, Some(&elig))];
        for (stage, sel, base) in stages {
            let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
            for i in 0..n {
                if base.is_none_or(|v| v[i]) {
                    let e = counts.entry(groups[i].as_str()).or_insert((0, 0));
                    e.0 += 1;
                    if sel[i] {
                        e.1 += 1;
                    }
                }
            }
            let gc: Vec<GroupCount> = counts
                .into_iter()
                .map(|(g, (c, s))| GroupCount { group: g.to_string(), considered: c, selected: s })
                .collect();
            let mut rep = impact(&gc, &run.policy.fairness);
            rep.stage = Some(stage.into());
            rep.column = Some(col.clone());
            out.push(rep);
        }
    }
    out
}

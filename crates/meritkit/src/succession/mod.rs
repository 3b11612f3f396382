//! Succession planning (PermenPANRB 3/2020 jo 20/2025; SE MenPANRB 10/2021;
//! adverse impact per UGESP, 29 CFR 1607.4(D)): for each target position a ranked,
//! explained shortlist drawn from the talent pool, readiness, bench strength
//! and an adverse-impact report per funnel stage.
//!
//! **Pipeline, gates first** (a strength on one criterion can never buy back a
//! disqualifying weakness): pool (box) → eligibility rule set
//! ([`gate::EligibilityGate`]) → exclusions (incumbent; BUP of the target kind
//! within the horizon; already shortlisted elsewhere under exclusive
//! assignment) → data (every ranking criterion present) → compensatory
//! ranking (profile matching, SAW or TOPSIS) → deterministic tie-break
//! (score ↓, box ↓, JPM ↓, latest predikat ↓, NIP ↑) → top-k. Every person
//! not ranked is reported with the gate and the reason.
//!
//! Positions are ranked in parallel (rayon, native builds) unless exclusive
//! assignment makes them depend on each other; the parallel map keeps input
//! order and each position's work is sequential, so the output is identical
//! to the sequential path.

pub mod bench;
pub mod candidate;
pub mod gate;
pub mod policy;
pub mod ranking;
pub mod readiness;
pub mod rules_gate;
pub mod sensitivity;
pub mod target;

use crate::error::{Message, RowError};
use crate::fairness::ImpactReport;
use crate::policy::Policy;
use crate::scoring::{PolicyInfo, ScoreOutput};
use candidate::Candidate;
use gate::EligibilityGate;
use jiff::civil::Date;
pub use policy::SuccessionPolicy;
use serde::{Deserialize, Serialize};
pub use target::{Method, PoolPolicy, TargetPosition};

/// Policies named in the output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct PoliciesInfo {
    /// Scoring policy (9-box, JPM).
    pub scoring: PolicyInfo,
    /// Succession policy.
    pub succession: policy::SuccessionPolicyInfo,
    /// Succession settings actually used (method, top, weights...).
    pub settings: SuccessionPolicy,
}

/// The whole answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct SuccessionOutput {
    /// Policies.
    pub policy: PoliciesInfo,
    /// Reference date.
    pub date: String,
    /// One entry per target position, in input order.
    pub positions: Vec<ranking::PositionResult>,
    /// Bench strength per unit and overall.
    pub bench: bench::BenchReport,
    /// Adverse impact per group column and stage.
    pub adverse_impact: Vec<ImpactReport>,
    /// Records that could not be scored (never candidates), in input order.
    pub errors: Vec<RowError>,
}

/// Everything a run needs besides the data.
pub struct Run<'a> {
    /// Scoring policy.
    pub scoring: &'a Policy,
    /// Succession policy.
    pub policy: &'a SuccessionPolicy,
    /// Method override for every position without its own.
    pub method: Option<Method>,
    /// Reference date.
    pub today: Date,
    /// Eligibility gate.
    pub gate: &'a dyn EligibilityGate,
    /// Rank positions in parallel (native builds; same output either way).
    pub parallel: bool,
    /// Produce a sensitivity report per position.
    pub sensitivity: bool,
}

/// Builds candidate facts from a scoring output (every placed or holding
/// row), in canonical order (NIP, then input row): every sum over candidates
/// then runs in the same order whatever the input order, so scores are
/// bit-identical when the records are shuffled, and exclusions are listed by NIP.
pub fn candidates<'a>(
    rows: &'a [crate::scoring::ParsedRow],
    scored: &'a ScoreOutput,
    run: &Run<'_>,
) -> Vec<Candidate<'a>> {
    let mut v: Vec<Candidate<'a>> = scored
        .results
        .iter()
        .filter_map(|p| {
            let e = rows.get(p.row)?.as_ref().ok()?;
            Some(Candidate::new(p.row, e, p, run.today, run.policy.performance_years))
        })
        .collect();
    crate::sort::stable_by(&mut v, |a, b| a.employee.nip.cmp(&b.employee.nip).then(a.row.cmp(&b.row)));
    v
}

/// Ranks every target position. `positions` must already be checked
/// ([`check_positions`]).
pub fn plan(
    positions: &[TargetPosition],
    cands: &[Candidate<'_>],
    scored: &ScoreOutput,
    run: &Run<'_>,
) -> Result<SuccessionOutput, crate::Error> {
    let criteria = run.policy.criteria()?;
    // Eligibility outcomes shared by positions with the same gate cache key (e.g. the rule set).
    let mut eligibility: std::collections::BTreeMap<String, Vec<Vec<gate::GateResult>>> =
        std::collections::BTreeMap::new();
    for t in positions {
        if let Some(k) = run.gate.cache_key(t) {
            if let std::collections::btree_map::Entry::Vacant(slot) = eligibility.entry(k) {
                slot.insert(crate::parallel::map(cands.len(), run.parallel, |i| {
                    run.gate.check(t, &cands[i], run.today)
                }));
            }
        }
    }
    // Pool members per pool policy (candidate indices, ascending), so that a position
    // visits only its pool when no per-person exclusion list is needed.
    let mut pools: std::collections::BTreeMap<PoolPolicy, ranking::PoolIndex> = std::collections::BTreeMap::new();
    for t in positions {
        pools.entry(t.pool).or_insert_with(|| {
            let mut ix = ranking::PoolIndex::default();
            let mut members = Vec::new();
            for (i, c) in cands.iter().enumerate() {
                match c.box_ {
                    None => ix.no_box += 1,
                    Some(b) if t.pool.admits(b) => members.push(i as u32),
                    Some(_) => ix.not_in_pool += 1,
                }
            }
            ix.members = std::sync::Arc::new(members);
            ix
        });
    }
    // Pool members passing each cached rule set.
    let mut survivors: std::collections::BTreeMap<(PoolPolicy, String), ranking::Survivors> =
        std::collections::BTreeMap::new();
    for t in positions {
        let (Some(k), Some(ix)) = (run.gate.cache_key(t), pools.get(&t.pool)) else { continue };
        let Some(outcomes) = eligibility.get(&k) else { continue };
        survivors.entry((t.pool, k)).or_insert_with(|| {
            let mut sv = ranking::Survivors::default();
            let mut list = Vec::new();
            for &ci in ix.members.iter() {
                match outcomes.get(ci as usize).and_then(|f| f.first()) {
                    None => list.push(ci),
                    Some(first) => {
                        sv.failed += 1;
                        *sv.by_code.entry(first.code.clone().unwrap_or_default()).or_insert(0) += 1;
                    }
                }
            }
            sv.list = std::sync::Arc::new(list);
            sv
        });
    }
    let ctx =
        ranking::Ctx { run, criteria: &criteria, eligibility: &eligibility, pools: &pools, survivors: &survivors };
    let mut results: Vec<ranking::PositionResult> = Vec::with_capacity(positions.len());
    if run.policy.exclusive {
        let mut taken = vec![false; cands.len()];
        for t in positions {
            let r = ranking::rank_position(t, cands, &ctx, Some(&taken));
            for &i in &r.shortlist_idx {
                taken[i] = true;
            }
            results.push(r);
        }
    } else {
        results = crate::parallel::map(positions.len(), run.parallel, |i| {
            ranking::rank_position(&positions[i], cands, &ctx, None)
        });
    }
    let bench = bench::report(&results);
    let adverse_impact = bench::adverse_impact(&results, cands, run);
    Ok(SuccessionOutput {
        policy: PoliciesInfo {
            scoring: scored.policy.clone(),
            succession: run.policy.info(),
            settings: run.policy.clone(),
        },
        date: crate::date::ymd(run.today),
        positions: results,
        bench,
        adverse_impact,
        errors: scored.errors.clone(),
    })
}

/// Checks target positions: unique ids, non-empty id/title/unit, SKJ levels 1-5, no SKJ competency named
/// after a protected attribute ([`crate::protected`]), usable rule set.
pub fn check_positions(positions: &[TargetPosition], gate: &dyn EligibilityGate) -> Vec<crate::Problem> {
    use crate::error::{Code, Problem};
    let mut ps = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, t) in positions.iter().enumerate() {
        if t.id.trim().is_empty() {
            ps.push(Problem::new(
                Code::MissingField,
                format!("positions[{i}].id"),
                "position id is empty",
                "id jabatan kosong",
            ));
        } else if !seen.insert(t.id.clone()) {
            ps.push(Problem::new(
                Code::InvalidValue,
                format!("positions[{i}].id"),
                format!("duplicate position id `{}`", crate::diag::key(&t.id)),
                format!("id jabatan `{}` ganda", crate::diag::key(&t.id)),
            ));
        }
        if let Some(s) = &t.standard {
            if s.is_empty() {
                ps.push(Problem::new(
                    Code::InvalidValue,
                    format!("positions[{i}].standard"),
                    "competency standard is empty",
                    "standar kompetensi kosong",
                ));
            }
            for (k, v) in s {
                ps.extend(crate::protected::check_key(
                    k,
                    &|| format!("positions[{i}].standard.{k}"),
                    "competency standard",
                ));
                if !(1..=5).contains(v) {
                    ps.push(Problem::new(
                        Code::CompetencyLevelOutOfRange,
                        format!("positions[{i}].standard.{k}"),
                        "required level must be 1-5",
                        "level yang disyaratkan harus 1-5",
                    ));
                }
            }
        }
        if let PoolPolicy::MinBox(n) = t.pool {
            if !(1..=9).contains(&n) {
                ps.push(Problem::new(
                    Code::InvalidValue,
                    format!("positions[{i}].pool.min_box"),
                    "min_box must be 1-9",
                    "min_box harus 1-9",
                ));
            }
        }
        for m in gate.check_target(t) {
            ps.push(Problem { code: Code::InvalidValue, path: format!("positions[{i}].rule_set"), message: m });
        }
    }
    ps
}

/// A note attached to a position.
pub fn note(en: impl Into<String>, id: impl Into<String>) -> Message {
    Message::new(en, id)
}

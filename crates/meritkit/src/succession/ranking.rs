//! Ranking one target position: gates, criteria, scores, tie-break, top-k,
//! readiness, explanations.

use super::candidate::{years_until, Candidate};
use super::gate::{Gate, GateResult};
use super::policy::{Criterion, ExcludedDetail, TieBreak};
use super::readiness::{Facts, Readiness};
use super::target::{Method, PoolPolicy, TargetPosition};
use super::Run;
use crate::competency::{jpm, Standard};
use crate::error::Message;
use crate::mcdm::profile_matching::{aspect_value, FactorScore};
use crate::mcdm::{normalize_column, CriterionType, Normalisation};
use crate::position::PositionKind;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Shared per-run context.
pub struct Ctx<'a> {
    /// The run.
    pub run: &'a Run<'a>,
    /// Parsed criteria with raw weights.
    pub criteria: &'a [(Criterion, f64)],
    /// Cached eligibility outcomes per gate cache key, indexed by candidate.
    pub eligibility: &'a BTreeMap<String, Vec<Vec<GateResult>>>,
    /// Pool members per pool policy.
    pub pools: &'a BTreeMap<PoolPolicy, PoolIndex>,
    /// Pool members passing eligibility, per (pool policy, gate cache key).
    pub survivors: &'a BTreeMap<(PoolPolicy, String), Survivors>,
}

/// Pool members that pass one eligibility rule set, and the failures counted by first code.
#[derive(Clone, Debug, Default)]
pub struct Survivors {
    /// Candidate indices, ascending.
    pub list: std::sync::Arc<Vec<u32>>,
    /// Pool members failing eligibility.
    pub failed: usize,
    /// Failures per first reason code.
    pub by_code: BTreeMap<String, usize>,
}

/// Candidates of one pool policy.
#[derive(Clone, Debug, Default)]
pub struct PoolIndex {
    /// Member candidate indices, ascending.
    pub members: std::sync::Arc<Vec<u32>>,
    /// Candidates without a box.
    pub no_box: usize,
    /// Candidates with a box outside the pool.
    pub not_in_pool: usize,
}

/// One line of a candidate's explanation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Contribution {
    /// Criterion key (or competency key in profile matching).
    pub criterion: String,
    /// Raw value.
    pub value: f64,
    /// Where the value came from (`computed`, `reported`), when it matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Normalised value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalised: Option<f64>,
    /// Weight (scaled to sum 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// SAW: `weight × normalised`; TOPSIS: the weighted normalised value `v_ij`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contribution: Option<f64>,
    /// TOPSIS ideal `A⁺_j`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ideal: Option<f64>,
    /// TOPSIS anti-ideal `A⁻_j`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anti_ideal: Option<f64>,
    /// Profile matching: required level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<f64>,
    /// Profile matching: gap = attained - required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// Profile matching: GAP-table weight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_weight: Option<f64>,
    /// Profile matching: core factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core: Option<bool>,
}

fn contrib(criterion: String, value: f64) -> Contribution {
    Contribution {
        criterion,
        value,
        source: None,
        normalised: None,
        weight: None,
        contribution: None,
        ideal: None,
        anti_ideal: None,
        required: None,
        gap: None,
        gap_weight: None,
        core: None,
    }
}

/// A shortlisted (or emergency) candidate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Shortlisted {
    /// Strict position 1..k.
    pub rank: usize,
    /// Competition rank on the full-precision score (1, 2, 2, 4).
    pub competition_rank: usize,
    /// NIP.
    pub nip: String,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit.
    pub unit: String,
    /// Current position kind.
    pub position_kind: PositionKind,
    /// Full-precision score.
    pub score: f64,
    /// Readiness code.
    pub readiness: Readiness,
    /// Which readiness rule decided (stable form, e.g. `rule 0: box 9 in [9, 8]`).
    pub readiness_rule: String,
    /// Why, for people (English and Indonesian).
    pub readiness_reason: Message,
    /// Box.
    #[serde(rename = "box")]
    pub box_: Option<u16>,
    /// JPM against the target SKJ.
    pub jpm: Option<f64>,
    /// Profile matching: core and secondary factor means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core_factor: Option<f64>,
    /// Profile matching secondary factor mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_factor: Option<f64>,
    /// TOPSIS distance to the ideal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub d_plus: Option<f64>,
    /// TOPSIS distance to the anti-ideal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub d_minus: Option<f64>,
    /// Criterion-by-criterion reason for the score.
    pub contributions: Vec<Contribution>,
    /// Gates passed.
    pub gates: Vec<GateResult>,
}

/// A person not ranked for the position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Excluded {
    /// NIP.
    pub nip: String,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First gate failed.
    pub gate: Gate,
    /// Reason code of the first failure.
    pub code: String,
    /// Reason.
    pub reason: Message,
    /// Every failure at that gate (eligibility reports all failed rules).
    pub failures: Vec<GateResult>,
}

/// Counts through the funnel.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Funnel {
    /// Scored records considered.
    pub considered: usize,
    /// In the pool.
    pub in_pool: usize,
    /// Passed eligibility.
    pub eligible: usize,
    /// Ranked (passed every gate).
    pub ranked: usize,
    /// Shortlisted (top k).
    pub shortlisted: usize,
    /// Exclusions per gate.
    pub excluded_by_gate: BTreeMap<Gate, usize>,
    /// Exclusions per reason code.
    pub excluded_by_code: BTreeMap<String, usize>,
}

/// Bench strength of one position.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct PositionBench {
    /// Ranked candidates per readiness code.
    pub readiness_counts: BTreeMap<Readiness, usize>,
    /// Ready-now candidates among the ranked.
    pub ready_now_count: usize,
    /// At least one ready-now successor.
    pub has_ready_now: bool,
    /// Best score.
    pub top_score: Option<f64>,
    /// Incumbent's BUP date for the target kind, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incumbent_retirement_date: Option<String>,
    /// Incumbent reaches BUP within 1 year.
    pub incumbent_retiring_within_1_year: bool,
    /// Incumbent reaches BUP within 2 years.
    pub incumbent_retiring_within_2_years: bool,
    /// Position at risk.
    pub at_risk: bool,
    /// Why (`no_eligible_successor`, `incumbent_retiring_without_ready_now`).
    pub risk_reasons: Vec<String>,
}

/// One weight perturbation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct SensitivityCase {
    /// Criterion moved.
    pub criterion: String,
    /// Relative change (+0.1 or -0.1) before renormalising.
    pub change: f64,
    /// Weights used (scaled to sum 1), by criterion key.
    pub weights: BTreeMap<String, f64>,
    /// Top-k NIPs under the changed weights.
    pub top: Vec<String>,
    /// Whether the top-k (as an ordered list) changed.
    pub top_changed: bool,
    /// NIPs that entered the top-k.
    pub entered: Vec<String>,
    /// NIPs that left the top-k.
    pub left: Vec<String>,
    /// Spearman ρ of the full ranking against the baseline (null for fewer than 2).
    pub spearman_rho: Option<f64>,
}

/// The result for one position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct PositionResult {
    /// Position id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Unit.
    pub unit: String,
    /// Kind.
    pub kind: PositionKind,
    /// Critical.
    pub critical: bool,
    /// Method used.
    pub method: Method,
    /// Eligibility rule set used.
    pub rule_set: String,
    /// Pool policy.
    pub pool: PoolPolicy,
    /// SKJ used.
    pub standard: Standard,
    /// Shortlist, best first.
    pub candidates: Vec<Shortlisted>,
    /// People not ranked, with gate and reason (empty in `summary` detail mode).
    pub excluded: Vec<Excluded>,
    /// Funnel counts.
    pub funnel: Funnel,
    /// Emergency successor (best candidate passing the hard gates regardless of pool and readiness).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emergency_successor: Option<Shortlisted>,
    /// Bench strength.
    pub bench: PositionBench,
    /// Sensitivity report, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Vec<SensitivityCase>>,
    /// Notes (e.g. a criterion that does not discriminate).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Message>,
    /// Candidate indices shortlisted (internal).
    #[serde(skip)]
    pub shortlist_idx: Vec<usize>,
    /// Candidate indices in the pool (internal, for the funnel report).
    #[serde(skip)]
    pub pool_idx: std::sync::Arc<Vec<u32>>,
    /// Candidate indices ranked (internal).
    #[serde(skip)]
    pub ranked_idx: Vec<u32>,
    /// Candidate indices eligible (internal).
    #[serde(skip)]
    pub eligible_idx: std::sync::Arc<Vec<u32>>,
}

/// A ranked candidate.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) ci: usize,
    pub(crate) values: Vec<f64>,
    pub(crate) jpm: Option<f64>,
    pub(crate) jpm_source: Option<&'static str>,
    pub(crate) factors: Vec<FactorScore>,
}

/// SKJ slots of a position.
struct Slot {
    /// Index among the nine standard competencies, if one.
    std: Option<usize>,
    key: String,
    required: f64,
    core: bool,
}

fn pass(gate: Gate, rule: Option<String>, en: &str, id: &str) -> GateResult {
    GateResult::pass(gate, rule, en, id)
}

/// Ranks one position. `taken` marks candidates shortlisted earlier (exclusive assignment).
pub fn rank_position(
    t: &TargetPosition,
    cands: &[Candidate<'_>],
    ctx: &Ctx<'_>,
    taken: Option<&[bool]>,
) -> PositionResult {
    let run = ctx.run;
    let pol = run.policy;
    let method = t.method.or(run.method).unwrap_or(pol.method);
    let standard: Standard = t.standard.clone().unwrap_or_else(|| run.scoring.jpm.standard(t.kind));
    let slots: Vec<Slot> = standard
        .iter()
        .map(|(k, v)| {
            let key = crate::label::normalize(k);
            Slot {
                std: crate::competency::Competency::ALL.iter().position(|c| c.code() == key),
                core: pol.core_factors.contains(&key),
                key,
                required: f64::from(*v),
            }
        })
        .collect();
    let criteria: Vec<(Criterion, f64)> =
        if method == Method::ProfileMatching { vec![] } else { ctx.criteria.to_vec() };
    let exp_kinds = pol.experience_kinds_for(t.kind);
    let rule_set = t.rule_set.clone().unwrap_or_else(|| run.gate.rule_set(t));
    let horizon =
        crate::date::add_days(run.today, (pol.retirement_horizon_years * 365.25).round() as i64).unwrap_or(run.today);
    let detail = pol.excluded_detail == ExcludedDetail::All;
    let mut funnel = Funnel { considered: cands.len(), ..Funnel::default() };
    let mut excluded = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut wide: Vec<Row> = Vec::new();
    let mut pool_idx = std::sync::Arc::new(Vec::new());
    let mut eligible_idx = std::sync::Arc::new(Vec::new());
    let incumbent = t.incumbent_nip.as_deref().map(str::trim);
    let salt = tie_salt(&t.id);
    let cached = run.gate.cache_key(t).and_then(|k| ctx.eligibility.get(&k));
    // Counting never allocates for known codes; the detailed entry (messages) is built
    // only in `all` detail mode, so large pools stay cheap.
    let mut exclude =
        |c: &Candidate<'_>, gate: Gate, code: &str, make: &dyn Fn() -> Vec<GateResult>, funnel: &mut Funnel| {
            *funnel.excluded_by_gate.entry(gate).or_insert(0) += 1;
            match funnel.excluded_by_code.get_mut(code) {
                Some(n) => *n += 1,
                None => {
                    funnel.excluded_by_code.insert(code.to_string(), 1);
                }
            }
            if detail {
                let fails = make();
                let first = fails
                    .first()
                    .cloned()
                    .unwrap_or_else(|| GateResult::fail(gate, None, code, "excluded", "dikecualikan"));
                excluded.push(Excluded {
                    nip: c.employee.nip.clone(),
                    name: c.employee.name.clone(),
                    gate: first.gate,
                    code: code.to_string(),
                    reason: first.reason,
                    failures: fails,
                });
            }
        };
    // Fast path: no exclusion list and no emergency successor → visit pool members only
    // and count the others in bulk (same counts as the full scan).
    let fast = ctx.pools.get(&t.pool).filter(|_| !detail && !pol.emergency_successor);
    let surv = fast.and(run.gate.cache_key(t)).and_then(|k| ctx.survivors.get(&(t.pool, k)));
    let all: Vec<u32>;
    let visit: &[u32] = match fast {
        Some(ix) => {
            for (code, n) in [("no_box", ix.no_box), ("not_in_pool", ix.not_in_pool)] {
                if n > 0 {
                    *funnel.excluded_by_gate.entry(Gate::Pool).or_insert(0) += n;
                    funnel.excluded_by_code.insert(code.to_string(), n);
                }
            }
            match surv {
                // Pool and eligibility already decided for this rule set: visit the survivors.
                Some(sv) => {
                    funnel.in_pool = ix.members.len();
                    pool_idx = std::sync::Arc::clone(&ix.members);
                    if sv.failed > 0 {
                        *funnel.excluded_by_gate.entry(Gate::Eligibility).or_insert(0) += sv.failed;
                    }
                    for (code, n) in &sv.by_code {
                        *funnel.excluded_by_code.entry(code.clone()).or_insert(0) += n;
                    }
                    funnel.eligible = sv.list.len();
                    eligible_idx = std::sync::Arc::clone(&sv.list);
                    &sv.list
                }
                None => &ix.members,
            }
        }
        None => {
            all = (0..cands.len() as u32).collect();
            &all
        }
    };
    let pre = surv.is_some() && fast.is_some();
    let mut pool_list: Vec<u32> = Vec::new();
    let mut elig_list: Vec<u32> = Vec::new();
    for &ci in visit {
        let ci = ci as usize;
        let c = &cands[ci];
        let in_pool = match c.box_ {
            None => {
                exclude(
                    c,
                    Gate::Pool,
                    "no_box",
                    &|| {
                        vec![GateResult::fail(
                            Gate::Pool,
                            Some(t.pool.describe()),
                            "no_box",
                            "not placed on the 9-box (holding): not in any talent pool",
                            "belum dipetakan pada kotak talenta (holding): tidak masuk kelompok rencana suksesi",
                        )]
                    },
                    &mut funnel,
                );
                continue;
            }
            Some(b) => t.pool.admits(b),
        };
        if pre {
            // pool member that passed eligibility (precomputed)
        } else if in_pool {
            funnel.in_pool += 1;
            pool_list.push(ci as u32);
        } else {
            let b = c.box_.unwrap_or(0);
            exclude(
                c,
                Gate::Pool,
                "not_in_pool",
                &|| {
                    vec![GateResult::fail(
                        Gate::Pool,
                        Some(t.pool.describe()),
                        "not_in_pool",
                        format!("box {b} is outside the pool ({})", t.pool.describe()),
                        format!("kotak {b} di luar kelompok rencana suksesi ({})", t.pool.describe()),
                    )]
                },
                &mut funnel,
            );
            if !pol.emergency_successor {
                continue;
            }
        }
        let report = in_pool; // people outside the pool are already reported at the pool gate
        let owned;
        let fails: &[GateResult] = if pre {
            &[]
        } else {
            match cached.and_then(|v| v.get(ci)) {
                Some(f) => f,
                None => {
                    owned = run.gate.check(t, c, run.today);
                    &owned
                }
            }
        };
        if !fails.is_empty() {
            if report {
                let code = fails[0].code.clone().unwrap_or_default();
                exclude(c, Gate::Eligibility, &code, &|| fails.to_vec(), &mut funnel);
            }
            continue;
        }
        if report && !pre {
            funnel.eligible += 1;
            elig_list.push(ci as u32);
        }
        let mut hard = None;
        if incumbent.is_some_and(|n| n == c.employee.nip.trim()) {
            hard = Some(GateResult::fail(
                Gate::Incumbent,
                None,
                "incumbent",
                "the incumbent of this position",
                "pejabat yang sedang menduduki jabatan ini",
            ));
        } else if let Some(rd) = c.retirement_date(t.kind) {
            if rd <= horizon {
                let rd = crate::date::ymd(rd);
                hard = Some(GateResult::fail(
                    Gate::Retirement,
                    Some(format!("BUP {} (PP 11/2017 Ps. 239)", t.kind.retirement_age())),
                    "retirement_within_horizon",
                    format!(
                        "reaches BUP {} on {rd}, within {} year(s)",
                        t.kind.retirement_age(),
                        pol.retirement_horizon_years
                    ),
                    format!(
                        "mencapai BUP {} pada {rd}, dalam {} tahun",
                        t.kind.retirement_age(),
                        pol.retirement_horizon_years
                    ),
                ));
            }
        }
        if hard.is_none() && taken.is_some_and(|tk| tk[ci]) {
            hard = Some(GateResult::fail(
                Gate::ExclusiveAssignment,
                None,
                "shortlisted_elsewhere",
                "already shortlisted for an earlier position (exclusive assignment)",
                "sudah masuk daftar pendek jabatan sebelumnya (penugasan eksklusif)",
            ));
        }
        if let Some(h) = hard {
            if report {
                let code = h.code.clone().unwrap_or_default();
                exclude(c, h.gate, &code, &|| vec![h.clone()], &mut funnel);
            }
            continue;
        }
        match values(c, &criteria, &slots, &exp_kinds, ctx, method) {
            Ok(row) => {
                let row = Row { ci, ..row };
                match (report, pol.emergency_successor) {
                    (true, true) => {
                        rows.push(row.clone());
                        wide.push(row);
                    }
                    (true, false) => rows.push(row),
                    (false, true) => wide.push(row),
                    (false, false) => {}
                }
            }
            Err(missing) => {
                if report {
                    exclude(
                        c,
                        Gate::Data,
                        "missing_criterion",
                        &|| {
                            vec![GateResult::fail(
                                Gate::Data,
                                None,
                                "missing_criterion",
                                format!("missing ranking input: {missing}"),
                                format!("masukan pemeringkatan tidak ada: {missing}"),
                            )]
                        },
                        &mut funnel,
                    );
                }
            }
        }
    }
    if !pre {
        pool_idx = std::sync::Arc::new(pool_list);
        eligible_idx = std::sync::Arc::new(elig_list);
    }
    funnel.ranked = rows.len();
    let mut notes = Vec::new();
    let weights = scaled_weights(&criteria);
    let scored = candidate_scores(&rows, &criteria, &weights, method, pol, &mut notes);
    let top_order = order(&rows, &scored.scores, cands, &pol.tie_break, salt, Some(pol.top));
    let ranked_idx: Vec<u32> = rows.iter().map(|r| r.ci as u32).collect();
    let gates_passed = |c: &Candidate<'_>| -> Vec<GateResult> {
        vec![
            pass(
                Gate::Pool,
                Some(t.pool.describe()),
                &format!("box {} in the pool", c.placement.box_.unwrap_or(0)),
                &format!("kotak {} dalam kelompok", c.placement.box_.unwrap_or(0)),
            ),
            pass(
                Gate::Eligibility,
                Some(rule_set.clone()),
                "meets the eligibility rule set",
                "memenuhi aturan kelayakan",
            ),
            pass(Gate::Incumbent, None, "not the incumbent", "bukan pejabat saat ini"),
            pass(
                Gate::Retirement,
                Some(format!("BUP {}", t.kind.retirement_age())),
                "does not reach BUP within the horizon",
                "tidak mencapai BUP dalam batas waktu",
            ),
            pass(
                Gate::ExclusiveAssignment,
                None,
                if pol.exclusive { "not shortlisted for an earlier position" } else { "exclusive assignment off" },
                if pol.exclusive {
                    "belum masuk daftar pendek jabatan lain"
                } else {
                    "penugasan eksklusif tidak aktif"
                },
            ),
            pass(Gate::Data, None, "every ranking input present", "seluruh masukan pemeringkatan tersedia"),
        ]
    };
    let mut candidates = Vec::with_capacity(top_order.len());
    let mut shortlist_idx = Vec::with_capacity(top_order.len());
    for (pos, &ri) in top_order.iter().enumerate() {
        let comp = top_order.iter().position(|&o| scored.scores[o] == scored.scores[ri]).unwrap_or(pos) + 1;
        let row = &rows[ri];
        let c = &cands[row.ci];
        shortlist_idx.push(row.ci);
        candidates.push(shortlisted(
            pos + 1,
            comp,
            row,
            ri,
            &scored,
            &criteria,
            &weights,
            method,
            c,
            t,
            run,
            gates_passed(c),
        ));
    }
    funnel.shortlisted = candidates.len();
    // Readiness over all ranked candidates.
    let mut bench = PositionBench::default();
    for r in Readiness::ALL {
        bench.readiness_counts.insert(r, 0);
    }
    for row in &rows {
        let c = &cands[row.ci];
        let r = run.policy.readiness.code(&facts(c, row, t, run));
        *bench.readiness_counts.entry(r).or_insert(0) += 1;
    }
    bench.ready_now_count = bench.readiness_counts.get(&Readiness::ReadyNow).copied().unwrap_or(0);
    bench.has_ready_now = bench.ready_now_count > 0;
    bench.top_score = top_order.first().map(|&i| scored.scores[i]);
    if let Some(inc) = incumbent {
        if let Some(c) = cands.iter().find(|c| c.employee.nip.trim() == inc) {
            if let Some(rd) = c.retirement_date(t.kind) {
                let y = years_until(run.today, rd);
                bench.incumbent_retirement_date = Some(crate::date::ymd(rd));
                bench.incumbent_retiring_within_1_year = y <= 1.0;
                bench.incumbent_retiring_within_2_years = y <= 2.0;
            }
        }
    }
    if rows.is_empty() {
        bench.risk_reasons.push("no_eligible_successor".into());
    }
    if bench.incumbent_retiring_within_2_years && !bench.has_ready_now {
        bench.risk_reasons.push("incumbent_retiring_without_ready_now".into());
    }
    bench.at_risk = !bench.risk_reasons.is_empty();
    let emergency_successor = if pol.emergency_successor && !wide.is_empty() {
        let mut n2 = Vec::new();
        let s2 = candidate_scores(&wide, &criteria, &weights, method, pol, &mut n2);
        let o2 = order(&wide, &s2.scores, cands, &pol.tie_break, salt, Some(1));
        o2.first().map(|&ri| {
            let row = &wide[ri];
            let c = &cands[row.ci];
            let mut gates = gates_passed(c);
            if let (Some(g), Some(b)) = (gates.first_mut(), c.placement.box_) {
                if !t.pool.admits(b) {
                    *g = pass(
                        Gate::Pool,
                        Some(t.pool.describe()),
                        "emergency successor: the pool gate is waived",
                        "suksesor darurat: gerbang kelompok dikesampingkan",
                    );
                }
            }
            shortlisted(1, 1, row, ri, &s2, &criteria, &weights, method, c, t, run, gates)
        })
    } else {
        None
    };
    let sensitivity = (run.sensitivity && method != Method::ProfileMatching)
        .then(|| super::sensitivity::report(&rows, &criteria, &scored.scores, cands, method, pol, salt));
    if run.sensitivity && method == Method::ProfileMatching {
        notes.push(Message::new(
            "no sensitivity report: profile matching has no criterion weights",
            "tidak ada laporan sensitivitas: profile matching tidak memakai bobot kriteria",
        ));
    }
    PositionResult {
        id: t.id.clone(),
        title: t.title.clone(),
        unit: t.unit.clone(),
        kind: t.kind,
        critical: t.critical,
        method,
        rule_set,
        pool: t.pool,
        standard,
        candidates,
        excluded,
        funnel,
        emergency_successor,
        bench,
        sensitivity,
        notes,
        shortlist_idx,
        pool_idx,
        ranked_idx,
        eligible_idx,
    }
}

fn facts(c: &Candidate<'_>, row: &Row, t: &TargetPosition, run: &Run<'_>) -> Facts {
    Facts {
        box_: c.box_.unwrap_or(0),
        jpm: row.jpm,
        years_in_position: c.years_in_position,
        years_to_bup: c.retirement_date(t.kind).map(|d| years_until(run.today, d)),
    }
}

fn readiness(c: &Candidate<'_>, row: &Row, t: &TargetPosition, run: &Run<'_>) -> (Readiness, String, Message) {
    run.policy.readiness.assign(&facts(c, row, t, run))
}

#[allow(clippy::too_many_arguments)]
fn shortlisted(
    rank: usize,
    comp: usize,
    row: &Row,
    ri: usize,
    s: &Scored,
    criteria: &[(Criterion, f64)],
    weights: &[f64],
    method: Method,
    c: &Candidate<'_>,
    t: &TargetPosition,
    run: &Run<'_>,
    gates: Vec<GateResult>,
) -> Shortlisted {
    let (readiness, readiness_rule, readiness_reason) = readiness(c, row, t, run);
    let mut contributions = Vec::new();
    let (mut core_factor, mut secondary_factor, mut d_plus, mut d_minus) = (None, None, None, None);
    match method {
        Method::ProfileMatching => {
            for f in &row.factors {
                contributions.push(Contribution {
                    required: Some(f.required),
                    gap: Some(f.gap),
                    gap_weight: Some(f.weight),
                    core: Some(f.core),
                    ..contrib(f.key.clone(), f.attained)
                });
            }
            if let Some((_, a, b)) = aspect_value(&row.factors, run.policy.core_share) {
                core_factor = a;
                secondary_factor = b;
            }
        }
        Method::Saw | Method::Topsis => {
            for (j, (cr, _)) in criteria.iter().enumerate() {
                let norm = s.normalised[j][ri];
                let mut x = Contribution {
                    normalised: Some(norm),
                    weight: Some(weights[j]),
                    contribution: Some(weights[j] * norm),
                    ..contrib(cr.key(), row.values[j])
                };
                if *cr == Criterion::Jpm {
                    x.source = row.jpm_source.map(str::to_string);
                }
                if method == Method::Topsis {
                    x.ideal = s.ideal.get(j).copied();
                    x.anti_ideal = s.anti_ideal.get(j).copied();
                }
                contributions.push(x);
            }
            if method == Method::Topsis {
                d_plus = s.d_plus.get(ri).copied();
                d_minus = s.d_minus.get(ri).copied();
            }
        }
    }
    Shortlisted {
        rank,
        competition_rank: comp,
        nip: c.employee.nip.clone(),
        name: c.employee.name.clone(),
        unit: c.employee.unit.clone(),
        position_kind: c.employee.position.kind,
        score: s.scores[ri],
        readiness,
        readiness_rule,
        readiness_reason,
        box_: c.placement.box_,
        jpm: row.jpm,
        core_factor,
        secondary_factor,
        d_plus,
        d_minus,
        contributions,
        gates,
    }
}

/// Weights scaled to sum 1 (criteria order).
/// (crate::weights: scaled by the largest weight first, so no overflow; the
/// criteria were checked by `SuccessionPolicy::criteria`, all zero otherwise).
pub(crate) fn scaled_weights(criteria: &[(Criterion, f64)]) -> Vec<f64> {
    let mut w: Vec<f64> = criteria.iter().map(|(_, w)| *w).collect();
    if crate::weights::normalize_in_place(&mut w).is_err() {
        w.iter_mut().for_each(|x| *x = 0.0);
    }
    w
}

fn values(
    c: &Candidate<'_>,
    criteria: &[(Criterion, f64)],
    slots: &[Slot],
    exp_kinds: &[PositionKind],
    ctx: &Ctx<'_>,
    method: Method,
) -> Result<Row, String> {
    let pol = ctx.run.policy;
    // JPM against the target SKJ: computed when the levels cover it, else as reported.
    let lvl = |s: &Slot| match s.std {
        Some(i) => c.standard_levels[i],
        None => c.level(&s.key),
    };
    let covered = slots.iter().all(|s| lvl(s).is_some());
    let (jpm_v, jpm_source) = if covered && !slots.is_empty() {
        (jpm(slots.iter().map(|s| (lvl(s).unwrap_or(0.0), s.required)), ctx.run.scoring.jpm.cap), Some("computed"))
    } else {
        (c.employee.jpm, c.employee.jpm.map(|_| "reported"))
    };
    let need_factors =
        method == Method::ProfileMatching || criteria.iter().any(|(k, _)| matches!(k, Criterion::CompetencyFit));
    let mut factors = Vec::new();
    if need_factors {
        if !covered {
            let missing: Vec<&str> =
                slots.iter().filter(|s| c.level(&s.key).is_none()).map(|s| s.key.as_str()).collect();
            return Err(format!("competency levels for {}", missing.join(", ")));
        }
        for s in slots {
            let a = c.level(&s.key).unwrap_or(0.0);
            match pol.gap_table.weight(a - s.required) {
                Some(w) => factors.push(FactorScore {
                    key: s.key.clone(),
                    required: s.required,
                    attained: a,
                    gap: a - s.required,
                    weight: w,
                    core: s.core,
                }),
                None => return Err(format!("gap {} of {} outside the GAP table", a - s.required, s.key)),
            }
        }
    }
    let mut vals = Vec::with_capacity(criteria.len());
    for (cr, _) in criteria {
        let v = match cr {
            Criterion::Jpm => jpm_v,
            Criterion::PotentialScore => c.placement.potential_score,
            Criterion::Performance => c.performance_mean,
            Criterion::Box => c.placement.box_.map(f64::from),
            Criterion::ExperienceYears => Some(c.experience_years(exp_kinds)),
            Criterion::Rank => c.employee.rank.map(|r| match r {
                crate::rank::Rank::Pns(g) => f64::from(g.ordinal()),
                crate::rank::Rank::Pppk(g) => f64::from(g.ordinal()),
            }),
            Criterion::Education => c.employee.education.map(|e| f64::from(e.qualification_rank())),
            Criterion::CompetencyFit => aspect_value(&factors, pol.core_share).map(|x| x.0),
            Criterion::Gap(k) => {
                let req = slots.iter().find(|s| s.key == *k).map(|s| s.required);
                match (req, c.level(k)) {
                    (Some(r), Some(a)) => pol.gap_table.weight(a - r),
                    _ => None,
                }
            }
        };
        match v {
            Some(v) if v.is_finite() => vals.push(v),
            _ => return Err(cr.key()),
        }
    }
    Ok(Row { ci: 0, values: vals, jpm: jpm_v, jpm_source, factors })
}

/// Scores and method internals.
pub(crate) struct Scored {
    pub(crate) scores: Vec<f64>,
    /// normalised[j][i]
    pub(crate) normalised: Vec<Vec<f64>>,
    pub(crate) ideal: Vec<f64>,
    pub(crate) anti_ideal: Vec<f64>,
    pub(crate) d_plus: Vec<f64>,
    pub(crate) d_minus: Vec<f64>,
}

#[allow(clippy::needless_range_loop)]
pub(crate) fn candidate_scores(
    rows: &[Row],
    criteria: &[(Criterion, f64)],
    w: &[f64],
    method: Method,
    pol: &super::SuccessionPolicy,
    notes: &mut Vec<Message>,
) -> Scored {
    let n = rows.len();
    let mut out = Scored {
        scores: vec![0.0; n],
        normalised: vec![],
        ideal: vec![],
        anti_ideal: vec![],
        d_plus: vec![],
        d_minus: vec![],
    };
    if n == 0 {
        return out;
    }
    if method == Method::ProfileMatching {
        for (i, r) in rows.iter().enumerate() {
            out.scores[i] = aspect_value(&r.factors, pol.core_share).map_or(0.0, |x| x.0);
        }
        return out;
    }
    let norm = if method == Method::Saw { pol.saw_normalisation } else { pol.topsis_normalisation };
    for (j, (cr, _)) in criteria.iter().enumerate() {
        let col: Vec<f64> = rows.iter().map(|r| r.values[j]).collect();
        let range = (norm == Normalisation::FixedRange).then(|| cr.range());
        let nc = normalize_column(&col, CriterionType::Benefit, norm, range).unwrap_or_else(|_| {
            notes.push(Message::new(
                format!("criterion `{}` cannot be normalised with `{:?}` (e.g. all zero): it does not discriminate and counts 0", cr.key(), norm),
                format!("kriteria `{}` tidak dapat dinormalisasi dengan `{:?}` (mis. semuanya nol): tidak membedakan dan dihitung 0", cr.key(), norm),
            ));
            vec![0.0; n]
        });
        out.normalised.push(nc);
    }
    match method {
        Method::Saw => {
            for i in 0..n {
                let mut s = 0.0;
                for (j, wj) in w.iter().enumerate() {
                    s += wj * out.normalised[j][i];
                }
                out.scores[i] = s;
            }
        }
        _ => {
            let k = criteria.len();
            out.ideal = vec![f64::NEG_INFINITY; k];
            out.anti_ideal = vec![f64::INFINITY; k];
            for j in 0..k {
                for i in 0..n {
                    let v = w[j] * out.normalised[j][i];
                    out.ideal[j] = out.ideal[j].max(v);
                    out.anti_ideal[j] = out.anti_ideal[j].min(v);
                }
            }
            out.d_plus = vec![0.0; n];
            out.d_minus = vec![0.0; n];
            for i in 0..n {
                let (mut dp, mut dn) = (0.0, 0.0);
                for j in 0..k {
                    let v = w[j] * out.normalised[j][i];
                    dp += (v - out.ideal[j]) * (v - out.ideal[j]);
                    dn += (v - out.anti_ideal[j]) * (v - out.anti_ideal[j]);
                }
                let (dp, dn) = (dp.sqrt(), dn.sqrt());
                out.d_plus[i] = dp;
                out.d_minus[i] = dn;
                out.scores[i] = if dp + dn == 0.0 { 0.5 } else { dn / (dp + dn) };
            }
        }
    }
    out
}

/// The last tie-break key of a candidate for one position: a hash of the NIP
/// salted with the position id. Deterministic (the same input gives the same
/// order on every machine and in every binding) but, unlike the NIP itself,
/// not ordered by birth date (NIP digits 1-8) or sex (digit 15): the NIP
/// ascending made the older person, then the man, win every exact tie
/// (UU 5/2014 Ps. 1: merit decisions without distinction by age or sex). The salt keeps
/// one person from winning every tie across positions.
fn tie_key(salt: u64, nip: &str) -> u64 {
    // FNV-1a over the trimmed NIP, then the splitmix64 finaliser (full avalanche).
    let mut h = salt ^ 0xcbf2_9ce4_8422_2325;
    for b in nip.trim().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The salt of [`tie_key`] for one target position (FNV-1a of its id).
pub(crate) fn tie_salt(position_id: &str) -> u64 {
    position_id.bytes().fold(0x8422_2325_cbf2_9ce4_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The tie-break comparator: score ↓, the chain, then [`tie_key`] ↑, NIP ↑,
/// input row ↑ (the last two only on a hash collision or a repeated NIP).
pub(crate) fn compare(
    a: usize,
    b: usize,
    rows: &[Row],
    scores: &[f64],
    cands: &[Candidate<'_>],
    chain: &[TieBreak],
    salt: u64,
) -> Ordering {
    let o = scores[b].total_cmp(&scores[a]);
    if o != Ordering::Equal {
        return o;
    }
    let (ca, cb) = (&cands[rows[a].ci], &cands[rows[b].ci]);
    for t in chain {
        let o = match t {
            TieBreak::Box => cb.placement.box_.cmp(&ca.placement.box_),
            TieBreak::Jpm => opt_cmp(rows[b].jpm, rows[a].jpm),
            TieBreak::LatestPredikat => cb.latest_predikats.first().cmp(&ca.latest_predikats.first()),
            TieBreak::PotentialScore => opt_cmp(cb.placement.potential_score, ca.placement.potential_score),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    tie_key(salt, &ca.employee.nip)
        .cmp(&tie_key(salt, &cb.employee.nip))
        .then_with(|| ca.employee.nip.cmp(&cb.employee.nip))
        .then(ca.row.cmp(&cb.row))
}

fn opt_cmp(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

/// Indices of the best `top` rows in order (all when `top` is None), by partial selection.
pub(crate) fn order(
    rows: &[Row],
    scores: &[f64],
    cands: &[Candidate<'_>],
    chain: &[TieBreak],
    salt: u64,
    top: Option<usize>,
) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    let cmp = |a: &usize, b: &usize| compare(*a, *b, rows, scores, cands, chain, salt);
    if let Some(k) = top {
        if k == 0 {
            return vec![];
        }
        if idx.len() > k {
            idx.select_nth_unstable_by(k - 1, cmp);
            idx.truncate(k);
        }
    }
    idx.sort_unstable_by(cmp);
    idx
}

#[cfg(test)]
mod tie_tests {
    use super::{tie_key, tie_salt};

    /// NIP digits 1-8 are the birth date (Perka BKN 22/2007): over many pairs of otherwise
    /// identical candidates, the older one must not win the last tie-break systematically.
    #[test]
    fn last_tie_break_is_not_ordered_by_birth_date_or_sex() {
        let salt = tie_salt("J1");
        let (mut older_first, mut man_first, n) = (0, 0, 2000);
        for i in 0..n {
            let y = 1965 + (i % 30);
            let (m, d) = (1 + i % 12, 1 + i % 28);
            let older = format!("{y:04}{m:02}{d:02}200501{}{:03}", 1 + i % 2, i % 1000);
            let younger = format!("{:04}{m:02}{d:02}200501{}{:03}", y + 5, 1 + i % 2, i % 1000);
            older_first += usize::from(tie_key(salt, &older) < tie_key(salt, &younger));
            let man = format!("{y:04}{m:02}{d:02}2005011{:03}", i % 1000);
            let woman = format!("{y:04}{m:02}{d:02}2005012{:03}", i % 1000);
            man_first += usize::from(tie_key(salt, &man) < tie_key(salt, &woman));
        }
        // NIP ascending gave n of n to the older person and to the man; a fair coin gives ~n/2.
        for wins in [older_first, man_first] {
            assert!(wins > n * 2 / 5 && wins < n * 3 / 5, "{wins} of {n}");
        }
    }

    #[test]
    fn the_salt_changes_who_wins_a_tie_between_positions() {
        let (a, b) = ("196502222007011005", "197001012000032001");
        let flips = (0..64).filter(|i| {
            let s = tie_salt(&format!("J{i}"));
            tie_key(s, a) < tie_key(s, b)
        });
        let n = flips.count();
        assert!(n > 8 && n < 56, "{n} of 64");
    }
}

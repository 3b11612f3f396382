//! Talent scoring: each record → kinerja level, potensial level → box.
//!
//! The batch functions lose nothing: every input row comes back either in
//! `results` (placed, or `holding` when the policy says so) or with at least
//! one entry in `errors`. One bad row never stops the others. Results keep the
//! input order, and a row's result does not depend on the order of the other
//! rows (percentile and distribution cut-offs work on sorted values).

use crate::competency::{jpm_covered, jpm_or_reported, MappingCategory, SelectionCategory};
use crate::cutoffs::Tables;
pub use crate::cutoffs::{fixed_level, LevelTable};
use crate::error::{Code, Message, Problem, RowError};
use crate::model::{check_employee, Employee};
use crate::nine_box::{Grid, Pool};
use crate::performance::{Predikat, Rating};
use crate::policy::{Combine, Cutoffs, Input, MissingData, PerformanceSource, Policy, Scope};
use crate::position::PositionKind;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Call context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// Reference date: dates after it are errors. `None` skips future checks.
    pub today: Option<Date>,
    /// How much of each placement's explanation the answer carries.
    pub detail: Detail,
}

impl Context {
    /// For callers that keep only the placements (a CSV, a count, a rule
    /// check): reference date `today`, no explanation.
    pub fn placements(today: Option<Date>) -> Context {
        Context { today, detail: Detail::None }
    }
}

/// How much of each placement's [`Explanation`] an answer carries. The
/// placements themselves (box, levels, scores, pools, warnings) and the
/// errors do not depend on it.
///
/// ```
/// use meritkit::scoring::{score, Context, Detail};
/// # use meritkit::{model::Employee, policy::Policy};
/// # let e: Employee = serde_json::from_value(serde_json::json!({"nip": "198503152010011002", "unit": "Dinas Pangan",
/// #     "position": {"kind": "pelaksana"}, "potential_score": 95, "performance": [{"year": 2025, "predikat": "sangat_baik"}]})).unwrap();
/// let p = Policy::preset("permenpanrb_3_2020").unwrap();
/// let full = score(std::slice::from_ref(&e), &p, &Context::default());
/// let none = score(std::slice::from_ref(&e), &p, &Context { detail: Detail::None, ..Context::default() });
/// assert_eq!(full.results[0].box_, Some(9));
/// assert_eq!(none.results[0].box_, Some(9));
/// assert!(full.results[0].explanation.is_some() && none.results[0].explanation.is_none());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Detail {
    /// No explanation (`explanation` left out): for callers that keep only
    /// the placement (a CSV, a count).
    None,
    /// Each axis's source, score, level, missing reason and rule, and the
    /// box; without the per-year inputs, the composite's components and the
    /// cut-off rule.
    Summary,
    /// Everything (the default).
    #[default]
    Full,
    /// Everything, and the explanation in words: `explanation.text`, one
    /// sentence per step in English and Bahasa Indonesia with official labels
    /// ([`crate::explain::describe`]), formatted only when asked for.
    Text,
}

impl Detail {
    /// Whether the per-year inputs, the components and the cut-off rule are kept.
    pub fn full(self) -> bool {
        matches!(self, Detail::Full | Detail::Text)
    }
}

/// Policy identity repeated in every output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct PolicyInfo {
    /// Policy name.
    pub name: String,
    /// SHA-256 of the canonical JSON policy.
    pub fingerprint: String,
    /// Policy fields every result here rests on that are local practice or a
    /// meritkit default, not national law (from the policy's `basis`):
    /// e.g. `performance.mapping`, `potential.cutoffs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub local_choices: Vec<String>,
}

impl PolicyInfo {
    /// From a policy.
    pub fn of(p: &Policy) -> Self {
        PolicyInfo { name: p.name.clone(), fingerprint: p.fingerprint(), local_choices: p.local_choices() }
    }
}

/// Placement status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// On the grid.
    Placed,
    /// Unplaced: an axis is missing and the policy says `holding`.
    Holding,
}

/// One year used on the kinerja axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct YearInput {
    /// Year.
    pub year: i16,
    /// Effective predikat (reported or derived by the PermenPANRB 6/2022 matrix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predikat: Option<Predikat>,
    /// Whether the predikat was derived from the two ratings.
    pub derived: bool,
    /// Work-result rating, when used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_result: Option<Rating>,
    /// The level this year maps to (1-based).
    pub level: u8,
}

/// One component of the potential composite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct ComponentExplanation {
    /// Input.
    pub input: Input,
    /// Its value (0-100), or null when missing.
    pub value: Option<f64>,
    /// Where the value came from (`computed`, `reported`, `aspects`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<std::borrow::Cow<'static, str>>,
    /// Weight as configured.
    pub weight: f64,
    /// Weight actually applied (normalised over present components).
    pub effective_weight: f64,
    /// `value × effective_weight`.
    pub contribution: f64,
}

impl ComponentExplanation {
    /// One component as [`crate::potential::evaluate`] reports it: its value
    /// (`None`: missing), where the value came from, the weight applied; the
    /// contribution is `value × effective_weight` (0 when missing).
    pub fn of(
        c: &crate::policy::Component,
        value: Option<f64>,
        from: Option<&'static str>,
        effective_weight: f64,
    ) -> Self {
        ComponentExplanation {
            input: c.input,
            value,
            from: from.map(std::borrow::Cow::Borrowed),
            weight: c.weight,
            effective_weight,
            contribution: value.map(|v| v * effective_weight).unwrap_or(0.0),
        }
    }
}

/// The cut-off rule applied to a score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct CutoffExplanation {
    /// `fixed`, `percentile` or `distribution`.
    pub method: std::borrow::Cow<'static, str>,
    /// `all` or `unit` for relative methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Configured thresholds (fixed: score; percentile: rank) or shares.
    pub configured: Vec<f64>,
    /// Lower bounds in score units actually used for levels 2..=N (null = level not reached by anyone).
    pub score_thresholds: Vec<Option<f64>>,
    /// For relative methods: the size of the population compared against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<usize>,
    /// For percentile: this person's rank (share of scores strictly below).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentile_rank: Option<f64>,
}

/// How one axis was decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct AxisExplanation {
    /// Source (`predikat`, `work_result`, `score`, `potential_score`, `composite`).
    pub source: std::borrow::Cow<'static, str>,
    /// Years used (kinerja from appraisals).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<YearInput>,
    /// How years combined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine: Option<Combine>,
    /// The axis score (0-100) when numeric.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Composite components.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentExplanation>,
    /// True when weights were renormalised over present components.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub renormalized: bool,
    /// Cut-off rule applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cutoffs: Option<CutoffExplanation>,
    /// Resulting level code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Why the axis is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Message>,
    /// The rule and its source.
    pub rule: std::borrow::Cow<'static, str>,
}

/// How the box was decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct BoxExplanation {
    /// Box number.
    pub number: u16,
    /// Kinerja level (1-based).
    pub performance_index: u8,
    /// Potensial level (1-based).
    pub potential_index: u8,
    /// Grid name.
    pub grid: String,
    /// Rule.
    pub rule: std::borrow::Cow<'static, str>,
}

/// Why a person landed where they did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Explanation {
    /// Kinerja axis.
    pub performance: AxisExplanation,
    /// Potensial axis.
    pub potential: AxisExplanation,
    /// The box.
    #[serde(rename = "box", skip_serializing_if = "Option::is_none")]
    pub box_: Option<BoxExplanation>,
    /// The explanation in words (only with [`Detail::Text`]): the kinerja
    /// axis, the potensial axis and the box, each with its legal basis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text: Vec<Message>,
}

/// The placement of one employee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Placement {
    /// 0-based input row.
    pub row: usize,
    /// NIP.
    pub nip: String,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit (OPD).
    pub unit: String,
    /// Position kind.
    pub position_kind: PositionKind,
    /// `placed` or `holding`.
    pub status: Status,
    /// Box number.
    #[serde(rename = "box")]
    pub box_: Option<u16>,
    /// Kinerja level code.
    pub performance_level: Option<String>,
    /// Potensial level code.
    pub potential_level: Option<String>,
    /// Kinerja score, when the axis is numeric.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performance_score: Option<f64>,
    /// Potensial score (0-100).
    pub potential_score: Option<f64>,
    /// JPM (%), when computable.
    pub jpm: Option<f64>,
    /// JPM selection category (MS/MMS/KMS).
    pub jpm_selection: Option<SelectionCategory>,
    /// JPM mapping category (O/CO/KO).
    pub jpm_mapping: Option<MappingCategory>,
    /// Latest predikat.
    pub latest_predikat: Option<Predikat>,
    /// Talent pools (derived from the box number).
    pub talent_pool: Vec<Pool>,
    /// Official box description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Message>,
    /// Recommended follow-ups (official text).
    pub follow_up: Vec<String>,
    /// Missing inputs (holding only): `performance`, `potential`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Warnings (plausibility).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Problem>,
    /// Explanation, as much as the call's [`Detail`] asks for (left out for `none`).
    // (written as a `sorted_json::part`: many placements carry the same one)
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "crate::sorted_json::part")]
    pub explanation: Option<Explanation>,
}

/// Counts for a unit or for the whole input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct GroupSummary {
    /// Unit name; `null` for the whole input.
    pub unit: Option<String>,
    /// Input rows attributed to the group.
    pub rows: usize,
    /// Placed on the grid.
    pub placed: usize,
    /// Holding (unplaced).
    pub holding: usize,
    /// Rows with errors.
    pub errors: usize,
    /// Count per box number ("1".."9"), every box present.
    pub boxes: BTreeMap<u16, usize>,
    /// Talent-pool sizes.
    pub talent_pool: BTreeMap<Pool, usize>,
    /// Data quality: count of rows per error code.
    #[cfg_attr(feature = "tsify", tsify(type = "Partial<Record<Code, number>>"))]
    pub error_codes: BTreeMap<Code, usize>,
    /// Rows with warnings.
    pub warnings: usize,
}

/// Whole-batch summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Summary {
    /// The whole input.
    pub total: GroupSummary,
    /// Per unit, sorted by unit name.
    pub units: Vec<GroupSummary>,
}

/// When an answer's placements hold: the reference date they were made for
/// and, when the caller names one, the period (`2026`, `2026-S1`). Placements
/// are effective-dated so that periods can be compared (`movement`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct AsOf {
    /// Reference date `YYYY-MM-DD`.
    pub date: String,
    /// The caller's period label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

impl AsOf {
    /// The `as_of` of an answer scored on `today` (none without a reference date).
    pub fn of(today: Option<Date>, period: Option<&str>) -> Option<AsOf> {
        today.map(|d| AsOf { date: crate::date::ymd(d), period: period.map(str::to_string) })
    }

    /// Problems of a period label (at most 64 characters, no control or invisible character) at `path`,
    /// and of a period given without its reference date (`dated` false: `missing_field` at `date`).
    pub fn check_period(period: &str, path: &str, dated: bool) -> Vec<Problem> {
        let mut out = Vec::new();
        if period.trim().is_empty()
            || period.chars().count() > 64
            || period.chars().any(crate::diag::is_invisible)
            || period.chars().any(char::is_control)
        {
            out.push(Problem::new(
                Code::InvalidValue,
                path,
                "expected a period label of 1-64 visible characters (e.g. 2026)",
                "harus label periode 1-64 karakter yang terlihat (mis. 2026)",
            ));
        }
        if !dated {
            out.push(Problem::new(
                Code::MissingField,
                "date",
                "a period needs its reference date",
                "periode memerlukan tanggal acuannya",
            ));
        }
        out
    }
}

/// The batch answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct ScoreOutput {
    /// Policy identity.
    pub policy: PolicyInfo,
    /// The reference date (and period) the placements hold for; absent when none was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOf>,
    /// Scored rows, in input order.
    pub results: Vec<Placement>,
    /// Row errors, in input order.
    pub errors: Vec<RowError>,
    /// Counts.
    pub summary: Summary,
}

/// A row that could not even be read as a record.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseFailure {
    /// NIP if readable.
    pub nip: Option<String>,
    /// Unit if readable (for per-unit data-quality counts).
    pub unit: Option<String>,
    /// Problems.
    pub problems: Vec<Problem>,
}

/// A row as handed to the batch scorer.
pub type ParsedRow = Result<Employee, ParseFailure>;

enum Raw {
    Level(u8),
    Score(f64),
    Missing(Message),
}

struct Prepared {
    warnings: Vec<Problem>,
    perf: Raw,
    perf_ex: AxisExplanation,
    pot: Raw,
    pot_ex: AxisExplanation,
    jpm: Option<f64>,
    latest: Option<Predikat>,
}

// The citations of each step, language-neutral: the words are in [`crate::explain`].
const PERF_RULE: &str = "PermenPANRB 20/2025 Ps. 17; PermenPANRB 6/2022";
const POT_RULE: &str = "PermenPANRB 20/2025 Ps. 17";
const BOX_RULE: &str = "PermenPANRB 3/2020 jo 20/2025";

fn axis_ex(source: &'static str, rule: &'static str) -> AxisExplanation {
    AxisExplanation {
        source: std::borrow::Cow::Borrowed(source),
        years: vec![],
        combine: None,
        score: None,
        components: vec![],
        renormalized: false,
        cutoffs: None,
        level: None,
        missing: None,
        rule: std::borrow::Cow::Borrowed(rule),
    }
}

fn prepare_performance(
    e: &Employee,
    policy: &Policy,
    pred_levels: &[Option<u8>; 5],
    detail: Detail,
    ex: &mut AxisExplanation,
) -> Raw {
    let perf = &policy.performance;
    match perf.source {
        PerformanceSource::Score => match e.performance_score {
            Some(s) => {
                ex.score = Some(s);
                Raw::Score(s)
            }
            None => Raw::Missing(Message::new("no performance score", "tidak ada nilai kinerja")),
        },
        PerformanceSource::Predikat | PerformanceSource::WorkResult => {
            let mut apps: Vec<&crate::performance::Appraisal> = e.performance.iter().collect();
            crate::sort::stable_by_key(&mut apps, |a| std::cmp::Reverse(a.year));
            let mut used = Vec::new();
            let work_result = perf.source == PerformanceSource::WorkResult;
            let levels = apps.into_iter().map(|a| {
                let level = if work_result {
                    a.work_result.map(|r| r.level())
                } else {
                    a.effective_predikat().and_then(|p| pred_levels[p as usize])
                };
                (a, level)
            });
            crate::performance::take_years(levels, perf.years, |a, level| {
                let (predikat, work_result) =
                    if work_result { (None, a.work_result) } else { (a.effective_predikat(), None) };
                used.push(YearInput { year: a.year, predikat, derived: a.predikat.is_none(), work_result, level });
            });
            ex.combine = Some(perf.combine);
            let n = used.len();
            let levels: Vec<u8> = used.iter().map(|y| y.level).collect();
            if detail.full() {
                ex.years = used;
            }
            match crate::performance::kinerja_level(&levels, perf.min_years, perf.combine) {
                Some(lvl) => Raw::Level(lvl),
                None => Raw::Missing(Message::new(
                    format!("{n} usable appraisal year(s), policy needs {}", perf.min_years),
                    format!("{n} tahun penilaian yang dapat dipakai, kebijakan memerlukan {}", perf.min_years),
                )),
            }
        }
    }
}

/// JPM of a record against the standard of its position kind: computed from
/// competency levels when they cover the standard, else as reported.
pub fn record_jpm(e: &Employee, policy: &Policy) -> Option<(f64, &'static str)> {
    let std = policy.jpm.standard_ref(e.position.kind);
    jpm_or_reported(jpm_against(e, std, policy.jpm.cap), e.jpm)
}

/// JPM of a record's competency levels against a standard; `None` when the
/// record does not cover every competency of the standard. Keys are compared
/// as given, then normalized ("Kerja Sama" = `kerja_sama`).
pub fn jpm_against(e: &Employee, std: &crate::competency::Standard, cap: crate::competency::JpmCap) -> Option<f64> {
    if e.competency.is_empty() {
        return None;
    }
    let mut levels = crate::competency::Levels::new(&e.competency);
    jpm_covered(std.iter().map(|(k, &r)| (levels.get(k), f64::from(r))), cap)
}

fn prepare_potential(
    e: &Employee,
    policy: &Policy,
    jpm_v: Option<(f64, &'static str)>,
    detail: Detail,
    ex: &mut AxisExplanation,
) -> Raw {
    let x = crate::potential::Inputs {
        potential_score: e.potential_score,
        jpm: jpm_v,
        aspects_score: crate::potential::aspects_score(e.potential_aspects.values().sum(), e.potential_aspects.len()),
        assessment_score: e.potential_assessment_score,
        track_record_score: e.track_record_score,
    };
    let mut missing: Vec<Input> = Vec::new();
    let outcome = crate::potential::evaluate(&policy.potential, &x, |c, value, from, effective_weight| {
        if value.is_none() {
            missing.push(c.input);
        }
        if !detail.full() {
            return;
        }
        ex.components.push(ComponentExplanation::of(c, value, from, effective_weight));
    });
    match outcome {
        crate::potential::Outcome::Direct(s) => {
            ex.source = std::borrow::Cow::Borrowed("potential_score");
            ex.score = s;
            match s {
                Some(s) => Raw::Score(s),
                None => Raw::Missing(Message::new("no potential score", "tidak ada nilai potensial")),
            }
        }
        crate::potential::Outcome::Composite { score, renormalized } => {
            ex.source = std::borrow::Cow::Borrowed("composite");
            match score {
                Some(score) => {
                    ex.renormalized = renormalized;
                    ex.score = Some(score);
                    Raw::Score(score)
                }
                None => {
                    let names = |lang: fn((&'static str, &'static str)) -> &'static str| {
                        missing.iter().map(|i| lang(crate::explain::input_label(*i))).collect::<Vec<_>>().join(", ")
                    };
                    Raw::Missing(Message::new(
                        format!("missing potential component(s): {}", names(|l| l.0)),
                        format!("komponen potensial tidak ada: {}", names(|l| l.1)),
                    ))
                }
            }
        }
    }
}

fn prepare(
    e: &Employee,
    policy: &Policy,
    pred_levels: &[Option<u8>; 5],
    ctx: &Context,
) -> Result<Prepared, Vec<Problem>> {
    let (_nip, errs, warnings) = check_employee(e, ctx.today);
    if !errs.is_empty() {
        return Err(errs);
    }
    let source = match policy.performance.source {
        PerformanceSource::Predikat => "predikat",
        PerformanceSource::WorkResult => "work_result",
        PerformanceSource::Score => "score",
    };
    let mut perf_ex = axis_ex(source, PERF_RULE);
    let perf = prepare_performance(e, policy, pred_levels, ctx.detail, &mut perf_ex);
    let jpm_v = record_jpm(e, policy);
    let mut pot_ex = axis_ex("composite", POT_RULE);
    let pot = prepare_potential(e, policy, jpm_v, ctx.detail, &mut pot_ex);
    let latest = e.performance.iter().max_by_key(|a| a.year).and_then(|a| a.effective_predikat());
    Ok(Prepared { warnings, perf, perf_ex, pot, pot_ex, jpm: jpm_v.map(|j| j.0), latest })
}

fn cut_explanation(c: &Cutoffs, lv: &LevelTable, x: f64) -> CutoffExplanation {
    let (method, configured) = match c {
        Cutoffs::Fixed { thresholds } => ("fixed", thresholds.clone()),
        Cutoffs::Percentile { thresholds, .. } => ("percentile", thresholds.clone()),
        Cutoffs::Distribution { shares, .. } => ("distribution", shares.clone()),
    };
    let relative = !matches!(c, Cutoffs::Fixed { .. });
    CutoffExplanation {
        method: std::borrow::Cow::Borrowed(method),
        scope: crate::cutoffs::scope(c),
        configured,
        score_thresholds: lv.score_thresholds().to_vec(),
        population: relative.then_some(lv.population()),
        percentile_rank: matches!(c, Cutoffs::Percentile { .. }).then(|| lv.rank(x)),
    }
}

/// Counts of one group (a unit or the total) while rows are scored: the one
/// summary count of every path (records, flat rows, columns).
#[derive(Clone)]
pub(crate) struct Acc {
    rows: usize,
    errors: usize,
    warnings: usize,
    placed: usize,
    holding: usize,
    /// Count per box number (index = number; 0 unused).
    boxes: Vec<usize>,
    codes: BTreeMap<Code, usize>,
}

impl Acc {
    pub(crate) fn new(nboxes: usize) -> Self {
        Acc {
            rows: 0,
            errors: 0,
            warnings: 0,
            placed: 0,
            holding: 0,
            boxes: vec![0; nboxes + 1],
            codes: BTreeMap::new(),
        }
    }
    #[inline]
    /// One row: its status ([`crate::columnar::crate::columnar::STATUS_ERROR`], ...), box (0 = none), whether it
    /// has warnings, and its distinct error codes.
    pub(crate) fn add(&mut self, st: u8, b: u16, warn: bool, codes: &[Code]) {
        self.rows += 1;
        if !codes.is_empty() {
            self.errors += 1;
            for code in codes {
                *self.codes.entry(*code).or_insert(0) += 1;
            }
        }
        if st != crate::columnar::STATUS_ERROR {
            if warn {
                self.warnings += 1;
            }
            if b > 0 {
                self.placed += 1;
                if let Some(c) = self.boxes.get_mut(usize::from(b)) {
                    *c += 1;
                }
            } else {
                self.holding += 1;
            }
        }
    }
    pub(crate) fn merge(&mut self, o: &Acc) {
        self.rows += o.rows;
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.placed += o.placed;
        self.holding += o.holding;
        for (a, b) in self.boxes.iter_mut().zip(&o.boxes) {
            *a += b;
        }
        for (k, v) in &o.codes {
            *self.codes.entry(*k).or_insert(0) += v;
        }
    }

    /// The group's summary; `pools[b]`: the talent pools of box `b` ([`box_pools`]).
    pub(crate) fn finish(self, unit: Option<String>, pools: &[Vec<Pool>]) -> GroupSummary {
        let nboxes = self.boxes.len().saturating_sub(1);
        let mut g = GroupSummary {
            unit,
            rows: self.rows,
            placed: self.placed,
            holding: self.holding,
            errors: self.errors,
            warnings: self.warnings,
            error_codes: self.codes,
            ..Default::default()
        };
        g.talent_pool.insert(Pool::Instansi, 0);
        g.talent_pool.insert(Pool::Nasional, 0);
        for n in 1..=nboxes as u16 {
            let c = self.boxes.get(usize::from(n)).copied().unwrap_or(0);
            g.boxes.insert(n, c);
            for pool in pools.get(usize::from(n)).map(Vec::as_slice).unwrap_or(&[]) {
                *g.talent_pool.entry(*pool).or_insert(0) += c;
            }
        }
        g
    }
}

/// The talent pools of each box number (index = number; 0 unused).
pub(crate) fn box_pools(grid: &Grid) -> Vec<Vec<Pool>> {
    let nboxes = grid.performance_count() * grid.potential_count();
    (0..=nboxes as u16).map(|b| grid.box_def(b).map(|d| d.talent_pool.clone()).unwrap_or_default()).collect()
}

/// For each row, the first earlier row with the same NIP (compared trimmed;
/// rows without a NIP, or with an empty one, never match). Two people cannot
/// share a NIP (Perka BKN 22/2007), so every path (scoring, the columnar
/// path, validation, succession) treats the later rows the same way: each
/// becomes an error row with [`duplicate_nip_error`], never placed and never
/// counted in the 9-box; the first occurrence is kept.
pub fn first_rows_by_nip<'a>(nips: impl Iterator<Item = Option<&'a str>>) -> Vec<Option<usize>> {
    let nips: Vec<Option<&str>> = nips.collect();
    NipFirsts::default().note_part(&nips, 0)
}

/// The first row of each NIP seen so far: how [`first_rows_by_nip`] and a
/// [`Stream`] (whose rows arrive in parts) find a repeated NIP. A NIP of up
/// to 18 digits is kept as one number (16 bytes an entry: a million NIPs take
/// about 34 MB), anything else as text. The numbers are kept in
/// [`NIP_SHARDS`] tables by a hash of the number, and a part's NIPs are noted
/// shard by shard ([`NipFirsts::note_part`]): one table of a million NIPs is
/// a cache miss a row, a shard's stays in the cache while it is filled.
#[derive(Default)]
struct NipFirsts {
    /// The tables of the numbers (made on first use).
    digits: Vec<NipTable>,
    text: rustc_hash::FxHashMap<Box<str>, usize>,
}

/// One shard of [`NipFirsts`]' numbers: a number and the first row that carries it.
type NipTable = rustc_hash::FxHashMap<u64, usize>;

/// A shard's table and its rows of a part, in row order: number, row, and the row's answer.
type ShardRun<'t> = (&'t mut NipTable, &'t mut [(u64, usize, Option<usize>)]);

/// Shards of [`NipFirsts`]' numbers.
const NIP_SHARDS: usize = 256;

/// A NIP as [`NipFirsts`] keeps it.
#[derive(Clone, Copy)]
enum NipKey<'s> {
    /// Up to 18 digits. The strings of n digits are numbered after every shorter one
    /// ((10^n - 1) / 9 of them): "007" and "7" stay apart, and 18 digits stay below 1.2e18.
    Digits(u64),
    /// Any other text (trimmed).
    Text(&'s str),
}

impl NipKey<'_> {
    /// The key of a NIP cell (`None`: no NIP, or only spaces).
    fn of(nip: Option<&str>) -> Option<NipKey<'_>> {
        let nip = Some(crate::text::trim(nip?)).filter(|k| !k.is_empty())?;
        let b = nip.as_bytes();
        Some(if b.len() <= 18 && b.iter().all(u8::is_ascii_digit) {
            let v = b.iter().fold(0u64, |v, &d| v * 10 + u64::from(d - b'0'));
            NipKey::Digits(v + (10u64.pow(b.len() as u32) - 1) / 9)
        } else {
            NipKey::Text(nip)
        })
    }
}

/// Numbers from which [`NipFirsts::note_part`] notes its shards on all cores. Below, noting them
/// takes a few milliseconds at most, less than 256 tasks handed to threads that may be busy
/// elsewhere (the CLI scores parts of 8,192 rows while other threads read and write).
const NIP_SHARDS_APART: usize = 1 << 16;

/// Rows whose NIPs one task reads ([`NipFirsts::note_part`]'s keys, a part's NIP cells).
pub(crate) const NIP_CHUNK: usize = 8192;

/// The NIPs of a part of `n` records (`None` for a row that could not be read as one), read in
/// chunks on all cores.
fn record_nips<'a>(n: usize, get: RecordGet<'_, 'a>) -> Vec<Option<&'a str>> {
    let mut nips = vec![None; n];
    crate::parallel::chunks(&mut nips, NIP_CHUNK, |at, part| {
        for (j, nip) in part.iter_mut().enumerate() {
            *nip = row_nip(get(at + j));
        }
    });
    nips
}

/// Notes that row `row` carries the number `v` in its shard's table: the earlier row that carries
/// it, if any (noting the same row again answers `None`).
fn note_number(table: &mut NipTable, v: u64, row: usize) -> Option<usize> {
    let first = *table.entry(v).or_insert(row);
    (first != row).then_some(first)
}

/// The shard of a number (a hash other than the tables' own, whose bits place entries within a table).
fn nip_shard(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % NIP_SHARDS
}

impl NipFirsts {
    /// Notes that row `row` carries `nip`: the earlier row that carries it, if any
    /// (noting the same row again answers `None`).
    fn note(&mut self, nip: Option<&str>, row: usize) -> Option<usize> {
        self.note_key(NipKey::of(nip)?, row)
    }

    /// The tables of the numbers, made on first use.
    fn shards(&mut self) -> &mut [NipTable] {
        if self.digits.is_empty() {
            self.digits.resize_with(NIP_SHARDS, Default::default);
        }
        &mut self.digits
    }

    fn note_key(&mut self, key: NipKey<'_>, row: usize) -> Option<usize> {
        match key {
            NipKey::Digits(v) => note_number(self.shards().get_mut(nip_shard(v))?, v, row),
            NipKey::Text(nip) => {
                let first = match self.text.get(nip) {
                    Some(&first) => first,
                    None => *self.text.entry(nip.into()).or_insert(row),
                };
                (first != row).then_some(first)
            }
        }
    }

    /// NIPs noted (distinct).
    fn len(&self) -> usize {
        self.text.len() + self.digits.iter().map(NipTable::len).sum::<usize>()
    }

    /// [`NipFirsts::note`] on the NIPs of a part whose first row is row
    /// `base`, per row: the earlier row that carries its NIP. The numbers
    /// are noted shard by shard, each shard's in row order, so every answer
    /// is the one noting row by row gives (the same NIP is always in the
    /// same shard).
    fn note_part(&mut self, nips: &[Option<&str>], base: usize) -> Vec<Option<usize>> {
        let n = nips.len();
        // The keys, in chunks on all cores once there are enough; each batch of a chunk has its texts
        // read ahead (crate::warm).
        const BATCH: usize = 32;
        let mut keys: Vec<Option<NipKey<'_>>> = vec![None; n];
        crate::parallel::chunks(&mut keys, NIP_CHUNK, |at, chunk| {
            for (b, out) in chunk.chunks_mut(BATCH).enumerate() {
                let from = at + b * BATCH;
                let batch = nips.get(from..from + out.len()).unwrap_or_default();
                crate::warm::touch(batch.iter().flatten().map(|s| crate::warm::first(s)));
                for (key, &nip) in out.iter_mut().zip(batch) {
                    *key = NipKey::of(nip);
                }
            }
        });
        let mut out = vec![None; n];
        // text at once, numbers counted per shard
        let mut counts = [0usize; NIP_SHARDS];
        for (j, key) in keys.iter().enumerate() {
            match *key {
                Some(NipKey::Digits(v)) => counts[nip_shard(v)] += 1,
                Some(key @ NipKey::Text(_)) => out[j] = self.note_key(key, base + j),
                None => {}
            }
        }
        // Room for the numbers not noted yet (a second pass over the same rows adds nothing): a hint,
        // and only as far as memory allows.
        let new = base.saturating_add(n).saturating_sub(self.len()).min(n);
        if new > 0 {
            for (table, &count) in self.shards().iter_mut().zip(&counts) {
                let _ = table.try_reserve(count.min(new));
            }
        }
        // the rows of each shard, in row order (a counting sort)
        let mut starts = [0usize; NIP_SHARDS];
        let mut at = 0;
        for (start, &count) in starts.iter_mut().zip(&counts) {
            *start = at;
            at += count;
        }
        let mut order: Vec<(u64, usize, Option<usize>)> = vec![(0, 0, None); at];
        for (j, key) in keys.iter().enumerate() {
            if let Some(NipKey::Digits(v)) = *key {
                let start = &mut starts[nip_shard(v)];
                if let Some(slot) = order.get_mut(*start) {
                    *slot = (v, j, None);
                }
                *start += 1;
            }
        }
        // Each shard noted on its own (on all cores once there are enough): its rows are a run of
        // `order`, each answered in place.
        let parallel = order.len() >= NIP_SHARDS_APART;
        let mut shards: Vec<ShardRun<'_>> = Vec::with_capacity(NIP_SHARDS);
        let mut rows = order.as_mut_slice();
        for (table, &count) in self.shards().iter_mut().zip(&counts) {
            let (mine, rest) = std::mem::take(&mut rows).split_at_mut_checked(count).unwrap_or_default();
            rows = rest;
            shards.push((table, mine));
        }
        crate::parallel::for_each_mut(&mut shards, parallel, |_, (table, rows)| {
            for (v, j, first) in rows.iter_mut() {
                *first = note_number(table, *v, base + *j);
            }
        });
        for &(_, j, first) in &order {
            if let Some(slot) = out.get_mut(j) {
                *slot = first;
            }
        }
        out
    }
}

/// The error of a row whose NIP an earlier row (`first`, 0-based like `row`)
/// already carries. The message names the first row, never the NIP.
pub fn duplicate_nip_error(row: usize, nip: Option<String>, first: usize) -> RowError {
    RowError {
        row,
        nip,
        code: Code::DuplicateNip,
        path: "nip".into(),
        message: Message::new(
            format!("the same NIP as input row {first} (0-based, like `row`): two people cannot share a NIP, so this row is not scored"),
            format!("NIP sama dengan baris input {first} (dihitung dari 0, seperti `row`): dua orang tidak dapat memiliki NIP yang sama, jadi baris ini tidak dinilai"),
        ),
    }
}

/// Rows with errors one answer may carry, by default: 500,000 (about 2.3 KB
/// of memory each in the CLI, measured: a debug build, two errors per row). Every error
/// row is kept (with its messages) until the answer is written, so a file of
/// millions of one-character lines would otherwise take gigabytes; past the
/// limit the whole input is refused with [`Code::TooManyErrors`], naming the
/// row where it was passed. Raise it with `max_error_rows` in a score or
/// validate request, `--max-error-rows` / `MERITKIT_MAX_ERROR_ROWS` in the CLI.
pub const MAX_ERROR_ROWS: usize = 500_000;

/// More rows with errors than allowed ([`MAX_ERROR_ROWS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyErrorRows {
    /// 0-based input row of the first error row past the limit.
    pub row: usize,
    /// The limit.
    pub limit: usize,
}

impl TooManyErrorRows {
    /// The refusal, placed at `place` (`records[7]`, `line 9`); `raise` names
    /// the setting that raises the limit (`max_error_rows`, `--max-error-rows`).
    pub fn problem(&self, place: &str, raise: &str) -> Problem {
        let limit = self.limit;
        Problem::new(
            Code::TooManyErrors,
            place,
            format!(
                "more than {limit} rows with errors: the input is refused from {place} on, where the limit was \
                 passed (correct the file, or raise the limit with {raise})"
            ),
            format!(
                "lebih dari {limit} baris bermasalah: masukan ditolak mulai {place}, tempat batas terlampaui \
                 (perbaiki berkas, atau naikkan batas dengan {raise})"
            ),
        )
    }
}

/// Counts the rows that failed to parse; the first one past `limit` is an error.
pub fn check_parse_failures(rows: &[ParsedRow], limit: usize) -> Result<(), TooManyErrorRows> {
    let mut n = 0usize;
    for (i, r) in rows.iter().enumerate() {
        if r.is_err() {
            n += 1;
            if n > limit {
                return Err(TooManyErrorRows { row: i, limit });
            }
        }
    }
    Ok(())
}

/// Scores typed records.
pub fn score(employees: &[Employee], policy: &Policy, ctx: &Context) -> ScoreOutput {
    unlimited(score_impl(employees.len(), |i| Ok(&employees[i]), policy, ctx, usize::MAX), policy)
}

/// Scores rows some of which may have failed to parse.
pub fn score_rows(rows: &[ParsedRow], policy: &Policy, ctx: &Context) -> ScoreOutput {
    // (one instance of the kernel for both entry points)
    unlimited(score_rows_within(rows, policy, ctx, usize::MAX), policy)
}

/// The answer of a call without an error-row limit (`usize::MAX` rows cannot be exceeded).
fn unlimited(r: Result<ScoreOutput, TooManyErrorRows>, policy: &Policy) -> ScoreOutput {
    r.unwrap_or_else(|_| ScoreOutput {
        policy: PolicyInfo::of(policy),
        as_of: None,
        results: Vec::new(),
        errors: Vec::new(),
        summary: Summary::default(),
    })
}

/// [`score_rows`], refusing the input when more than `max_error_rows` rows
/// have errors (checked before scoring for rows that failed to parse, and
/// while scoring for the rest, so no more are ever kept).
pub fn score_rows_within(
    rows: &[ParsedRow],
    policy: &Policy,
    ctx: &Context,
    max_error_rows: usize,
) -> Result<ScoreOutput, TooManyErrorRows> {
    check_parse_failures(rows, max_error_rows)?;
    score_impl(rows.len(), |i| rows[i].as_ref(), policy, ctx, max_error_rows)
}

/// `f` on `0..n`, in order: on rayon's threads in native builds once there
/// are enough rows to pay for them (the answer is the same either way).
pub(crate) fn map_rows<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    crate::parallel::map(n, n >= 4096, f)
}

fn score_impl<'a>(
    n: usize,
    get: impl Fn(usize) -> Result<&'a Employee, &'a ParseFailure> + Sync + Send,
    policy: &Policy,
    ctx: &Context,
    max_error_rows: usize,
) -> Result<ScoreOutput, TooManyErrorRows> {
    score_in(Stream::new(policy, ctx, max_error_rows), n, get, ctx)
}

/// One batch scored in `stream` (a new stream, or one with a resolved
/// policy's levels: [`crate::partition`]).
pub(crate) fn score_in<'a>(
    stream: Stream<'_>,
    n: usize,
    get: impl Fn(usize) -> Result<&'a Employee, &'a ParseFailure> + Sync + Send,
    ctx: &Context,
) -> Result<ScoreOutput, TooManyErrorRows> {
    Ok(explained_in(stream, n, &get, ctx)?.into_output())
}

/// One batch scored in `stream` by the columnar kernel fed with the records
/// ([`Stream::score_records`]), each row's explanation kept compactly.
fn explained_in<'a, 'p>(
    mut stream: Stream<'p>,
    n: usize,
    get: RecordGet<'_, 'a>,
    ctx: &Context,
) -> Result<Explained<'a, 'p>, TooManyErrorRows> {
    // One batch is a stream of one part, observed first when the cut-offs need the population.
    let first = stream.scored;
    stream.keep_placements();
    if stream.needs_population() {
        stream.observe_records_with(n, get)?;
    }
    let answer = stream.score_records_with(n, get)?;
    let summary = stream.summary();
    Ok(Explained { stream, answer, summary, first, as_of: AsOf::of(ctx.today, None) })
}

/// Typed records scored, each row's explanation kept compactly (structured,
/// in the columns of [`crate::columnar::FlatScore`] and its
/// [`crate::columnar::RowDetail`]) and made into a [`Placement`] only when
/// asked for ([`Explained::placement`]): the explained answer of
/// [`score`] without building every placement. [`Explained::into_output`]
/// gives exactly [`score`]'s answer.
///
/// ```
/// use meritkit::scoring::{score, score_explained, Context};
/// # use meritkit::{generate::{population, Options}, policy::Policy};
/// let people = population(&Options { count: 50, ..Options::default() });
/// let p = Policy::preset("permenpanrb_3_2020").unwrap();
/// let ex = score_explained(&people, &p, &Context::default());
/// let placed = ex.answer().boxes.iter().filter(|&&b| b > 0).count();
/// assert_eq!(placed, ex.summary().total.placed);
/// let whole = score(&people, &p, &Context::default());
/// assert_eq!(ex.placement(whole.results[0].row).as_ref(), Some(&whole.results[0]));
/// assert_eq!(ex.into_output(), whole);
/// ```
pub fn score_explained<'a, 'p>(employees: &'a [Employee], policy: &'p Policy, ctx: &Context) -> Explained<'a, 'p> {
    let stream = Stream::new(policy, ctx, usize::MAX);
    match explained_in(stream, employees.len(), &|i| Ok(&employees[i]), ctx) {
        Ok(ex) => ex,
        // (no limit on error rows: never refused)
        Err(_) => Explained {
            stream: Stream::new(policy, ctx, usize::MAX),
            answer: crate::columnar::FlatScore::from_placements(0, &|i| Ok(&employees[i]), 0, &[], Vec::new(), policy),
            summary: Summary::default(),
            first: 0,
            as_of: AsOf::of(ctx.today, None),
        },
    }
}

/// The answer of [`score_explained`]: the answer's columns, the row errors
/// and the counts, each placement made when asked for.
pub struct Explained<'a, 'p> {
    stream: Stream<'p>,
    answer: crate::columnar::FlatScore<'a>,
    summary: Summary,
    first: usize,
    as_of: Option<AsOf>,
}

impl<'a, 'p> Explained<'a, 'p> {
    /// The answer as columns, one entry per input row (boxes, levels, scores,
    /// the first error of each row), and every row error.
    pub fn answer(&self) -> &crate::columnar::FlatScore<'a> {
        &self.answer
    }

    /// The counts (total and per unit).
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The placement of input row `row` (0-based), explained as the context's
    /// detail asks: `None` for an error row.
    pub fn placement(&self, row: usize) -> Option<Placement> {
        self.stream.placement(&self.answer, row.checked_sub(self.first)?, self.first)
    }

    /// The whole answer, every placement made: [`score`]'s answer.
    pub fn into_output(self) -> ScoreOutput {
        use crate::columnar::RowDetail;
        let Explained { stream, mut answer, summary, first, as_of } = self;
        let details = std::mem::take(&mut answer.detail);
        // (the kernel's placements made on all cores; the record path's are moved)
        let made = map_rows(details.len(), |j| match details.get(j) {
            Some(d @ RowDetail::Kernel { .. }) => stream.kernel_placement(&answer, d, j, first),
            _ => None,
        });
        let mut results = Vec::with_capacity(details.len());
        for (d, made) in details.into_iter().zip(made) {
            match d {
                RowDetail::Record(p) => results.push(*p),
                _ => results.extend(made),
            }
        }
        ScoreOutput { policy: answer.policy, as_of, results, errors: answer.errors, summary }
    }
}

/// The level tables that levels are read from: one table for the policy's
/// fixed thresholds, or the tables of the observed population (one per unit
/// for scope `unit`). Every path (records, the columnar kernel) reads its
/// levels here.
pub(crate) struct Levels {
    perf: Option<Tables<u32>>,
    pot: Tables<u32>,
    unit_ids: rustc_hash::FxHashMap<String, u32>,
    /// The tables of a resolved policy: a row whose unit has none is a
    /// `unit_not_in_summary` error (its population was not summarised).
    resolved: bool,
}

impl Levels {
    /// The tables of a resolved policy ([`crate::partition`]), units numbered by `unit_ids`.
    pub(crate) fn resolved(
        perf: Option<Tables<u32>>,
        pot: Tables<u32>,
        unit_ids: rustc_hash::FxHashMap<String, u32>,
    ) -> Levels {
        Levels { perf, pot, unit_ids, resolved: true }
    }

    /// The kinerja table of a row of `unit` (`None`: kinerja has no cut-offs,
    /// or the unit is outside the observed population: as in one batch).
    pub(crate) fn perf(&self, unit: &str) -> Option<&LevelTable> {
        self.unit_table(self.perf.as_ref()?, unit)
    }

    /// The potensial table of a row of `unit` (`None`: the unit is outside the observed population).
    pub(crate) fn pot(&self, unit: &str) -> Option<&LevelTable> {
        self.unit_table(&self.pot, unit)
    }

    fn unit_table<'t>(&self, lv: &'t Tables<u32>, unit: &str) -> Option<&'t LevelTable> {
        lv.get(if lv.per_unit() { self.unit_ids.get(unit).copied().unwrap_or(u32::MAX) } else { 0 })
    }
}

/// What a stream's first pass observed: the units by number, and the kinerja
/// and potensial populations as `(unit number, score)`.
pub(crate) type Observed<'s> = (&'s rustc_hash::FxHashMap<String, u32>, &'s [(u32, f64)], &'s [(u32, f64)]);

/// Scores a population that arrives in parts (a file read piece by piece)
/// with the answers of [`score_rows`] on all of it at once: rows are numbered
/// across the parts, a NIP repeated in a later part is a `duplicate_nip`
/// error there, and the summary counts every part. Memory holds the NIPs
/// seen (about 40 bytes each) and, for population-relative cut-offs, each
/// observed row's unit and scores — never the parts themselves.
///
/// With population-relative cut-offs (percentile, distribution) every part
/// is first given to [`Stream::observe`], in order, and then to
/// [`Stream::score`] in the same order; with fixed cut-offs
/// ([`Stream::needs_population`] is false) `score` alone suffices.
///
/// ```
/// use meritkit::scoring::{score_rows, Context, ParsedRow, Stream};
/// # use meritkit::{model::Employee, policy::Policy};
/// let rows: Vec<ParsedRow> = (0..4).map(|i| Ok(serde_json::from_value::<Employee>(serde_json::json!({
///     "nip": format!("19850315201001100{}", 1 + i % 3), "unit": "Dinas Pangan", "position": {"kind": "pelaksana"},
///     "potential_score": 60 + 10 * i, "performance": [{"year": 2025, "predikat": "baik"}]})).unwrap())).collect();
/// let p = Policy::preset("permenpanrb_3_2020").unwrap();
/// let ctx = Context::default();
/// let mut s = Stream::new(&p, &ctx, usize::MAX);
/// let (first, _) = s.score(&rows[..2]).unwrap();
/// let (second, errors) = s.score(&rows[2..]).unwrap();
/// let whole = score_rows(&rows, &p, &ctx);
/// assert_eq!(first.len() + second.len(), whole.results.len());
/// assert_eq!(errors[0].code.as_str(), "duplicate_nip"); // row 3 repeats row 0's NIP
/// assert_eq!(s.finish(), whole.summary);
/// ```
pub struct Stream<'p> {
    policy: &'p Policy,
    ctx: Context,
    grid: std::borrow::Cow<'p, Grid>,
    pred_levels: [Option<u8>; 5],
    max_error_rows: usize,
    nips: NipFirsts,
    /// Rows given to `observe` and to `score` so far.
    observed: usize,
    scored: usize,
    error_rows: usize,
    /// Rows with errors seen by `observe` (a refusal is found in the first pass, before anything is written).
    observed_error_rows: usize,
    /// Units of the observed population, and `(unit, score)` of each row in it.
    unit_ids: rustc_hash::FxHashMap<String, u32>,
    perf_population: Vec<(u32, f64)>,
    pot_population: Vec<(u32, f64)>,
    /// The level tables, built at the first `score`.
    levels: Option<Levels>,
    total: Acc,
    units: BTreeMap<String, Acc>,
    /// `score_table` keeps what [`Stream::placement`] needs of each row.
    keep: bool,
    /// The levels come from a resolved policy: nothing is observed.
    resolved: bool,
}

impl<'p> Stream<'p> {
    /// A stream scored with `policy`; more than `max_error_rows` rows with errors refuse it.
    pub fn new(policy: &'p Policy, ctx: &Context, max_error_rows: usize) -> Self {
        let grid = policy.grid();
        let pred_levels = crate::performance::predikat_levels(&policy.performance.mapping, &grid);
        let nboxes = grid.performance_count() * grid.potential_count();
        Stream {
            policy,
            ctx: *ctx,
            grid,
            pred_levels,
            max_error_rows,
            nips: NipFirsts::default(),
            observed: 0,
            scored: 0,
            error_rows: 0,
            observed_error_rows: 0,
            unit_ids: rustc_hash::FxHashMap::default(),
            perf_population: Vec::new(),
            pot_population: Vec::new(),
            levels: None,
            total: Acc::new(nboxes),
            units: BTreeMap::new(),
            keep: false,
            resolved: false,
        }
    }

    /// A stream scored with the levels of a resolved policy (`policy` is its
    /// original policy): a part is scored without being observed, and its
    /// first row is row `first_row` of the whole input ([`crate::partition`]).
    pub(crate) fn with_levels(
        policy: &'p Policy,
        levels: Levels,
        ctx: &Context,
        max_error_rows: usize,
        first_row: usize,
    ) -> Self {
        let mut s = Stream::new(policy, ctx, max_error_rows);
        s.levels = Some(levels);
        s.resolved = true;
        s.observed = first_row;
        s.scored = first_row;
        s
    }

    /// What the first pass observed: the units (numbered) and the `(unit,
    /// score)` of each row in the kinerja and the potensial populations
    /// ([`crate::partition::summarise_rows`]).
    pub(crate) fn observed_population(&self) -> Observed<'_> {
        (&self.unit_ids, &self.perf_population, &self.pot_population)
    }

    /// Makes [`Stream::score_table`] keep, for every row, what
    /// [`Stream::placement`] needs to make its placement: the parts' answers
    /// can then be written as placements (explained as the context's detail
    /// asks), not only as columns.
    pub fn keep_placements(&mut self) {
        self.keep = true;
    }

    /// The kinerja cut-offs, when kinerja comes from a score.
    fn perf_cutoffs(&self) -> Option<&'p Cutoffs> {
        perf_cutoffs(self.policy)
    }

    /// Whether a level depends on the population (percentile or distribution
    /// cut-offs): every row must then be observed before any is scored.
    pub fn needs_population(&self) -> bool {
        !self.resolved && crate::cutoffs::scope(&self.policy.potential.cutoffs).is_some()
            || self.perf_cutoffs().and_then(crate::cutoffs::scope).is_some()
    }

    /// Each row's checks and axis inputs (they depend on the row alone).
    fn prepare<'a>(
        &self,
        n: usize,
        get: &(impl Fn(usize) -> Result<&'a Employee, &'a ParseFailure> + Sync + Send),
        ctx: &Context,
    ) -> Vec<Result<Prepared, Vec<Problem>>> {
        let (policy, pred_levels) = (self.policy, &self.pred_levels);
        map_rows(n, |i| match get(i) {
            Ok(e) => prepare(e, policy, pred_levels, ctx),
            // (the row's problems are copied once, into its row errors, below)
            Err(_) => Err(Vec::new()),
        })
    }

    /// The first pass over a part (needed for population-relative cut-offs;
    /// with fixed ones it only counts): notes each row's NIP and, for a row
    /// that takes part in the population (no errors, not a repeated NIP, a
    /// score), its unit and score. The rows with errors are counted as
    /// [`Stream::score`] counts them, so a stream with more than
    /// `max_error_rows` of them is refused here, at the same row, before
    /// anything is scored or written.
    pub fn observe(&mut self, rows: &[ParsedRow]) -> Result<(), TooManyErrorRows> {
        self.observe_by_record_path(rows.len(), &|i| rows[i].as_ref())
    }

    /// [`Stream::observe`] on `n` rows given by `get`.
    fn observe_by_record_path(&mut self, n: usize, get: RecordGet<'_, '_>) -> Result<(), TooManyErrorRows> {
        let prepared = self.prepare(n, &get, &Context::placements(self.ctx.today));
        self.observe_prepared(n, &get, &prepared)
    }

    /// The rows with errors the first pass ([`Stream::observe`]) counted.
    pub fn observed_error_rows(&self) -> usize {
        self.observed_error_rows
    }

    /// Counts an observed row with errors (row `row` of the whole input).
    fn observed_error(&mut self, row: usize) -> Result<(), TooManyErrorRows> {
        self.observed_error_rows += 1;
        if self.observed_error_rows > self.max_error_rows {
            return Err(TooManyErrorRows { row, limit: self.max_error_rows });
        }
        Ok(())
    }

    /// [`Stream::observe`] on a part given as a flat table, as
    /// [`Stream::score_table`] takes it: where the policy and the column
    /// types allow it, the columnar kernel computes each row's scores and only
    /// a row with an anomaly is read by `row`.
    pub fn observe_table<'a>(
        &mut self,
        table: &'a crate::columnar::FlatTable<'a>,
        row: &(dyn Fn(usize) -> ParsedRow + Sync),
        anomalous: &[bool],
    ) -> Result<(), TooManyErrorRows> {
        use crate::columnar::Feed;
        let n = anomalous.len();
        let Some((roles, years)) = self.kernel_roles(table, n) else {
            let rows = map_rows(n, row);
            return self.observe(&rows);
        };
        self.observe_kernel(Feed::Table(table, &roles), &years, table.nips(), row, Some(anomalous))
    }

    /// [`Stream::observe`] on a part of records, read by the columnar kernel
    /// where the policy allows it ([`Stream::score_records`]).
    pub fn observe_records(&mut self, rows: &[ParsedRow]) -> Result<(), TooManyErrorRows> {
        self.observe_records_with(rows.len(), &|i| rows[i].as_ref())
    }

    /// [`Stream::observe_records`] on `n` rows given by `get`.
    fn observe_records_with<'a>(&mut self, n: usize, get: RecordGet<'_, 'a>) -> Result<(), TooManyErrorRows> {
        use crate::columnar::Feed;
        if !crate::columnar::fast_policy(self.policy) {
            return self.observe_by_record_path(n, get);
        }
        let row = |i: usize| owned_row(get(i));
        let nips = record_nips(n, get);
        self.observe_kernel(Feed::Records(n, get), &[], nips, &row, None)
    }

    /// The first pass of the kernel over a part (a table or records).
    fn observe_kernel(
        &mut self,
        feed: crate::columnar::Feed<'_, '_>,
        years: &[i16],
        nips: Vec<Option<&str>>,
        row: &(dyn Fn(usize) -> ParsedRow + Sync),
        anomalous: Option<&[bool]>,
    ) -> Result<(), TooManyErrorRows> {
        use crate::columnar::{fast, Pass, RowSource};
        let n = nips.len();
        let base = self.observed;
        let first_of = self.note_nips(nips, base);
        let src = RowSource { row, anomalous, base, first_of: &first_of, keep: false };
        let (_, tally) = fast(feed, years, self.policy, &self.ctx, &src, Pass::Observe);
        // (with fixed cut-offs the pass only counts the error rows)
        if crate::cutoffs::scope(&self.policy.potential.cutoffs).is_some() {
            for (unit, score) in tally.population {
                let id = self.unit_id(&unit);
                self.pot_population.push((id, score));
            }
        }
        self.observed += n;
        for j in tally.error_rows {
            self.observed_error(base + j)?;
        }
        Ok(())
    }

    /// The number of an observed unit.
    fn unit_id(&mut self, unit: &str) -> u32 {
        let next = self.unit_ids.len() as u32;
        match self.unit_ids.get(unit) {
            Some(&id) => id,
            None => *self.unit_ids.entry(unit.to_string()).or_insert(next),
        }
    }

    fn observe_prepared<'a>(
        &mut self,
        n: usize,
        get: &impl Fn(usize) -> Result<&'a Employee, &'a ParseFailure>,
        prepared: &[Result<Prepared, Vec<Problem>>],
    ) -> Result<(), TooManyErrorRows> {
        let perf = self.perf_cutoffs().and_then(crate::cutoffs::scope).is_some();
        let pot = crate::cutoffs::scope(&self.policy.potential.cutoffs).is_some();
        for (i, prep) in prepared.iter().enumerate().take(n) {
            let (nip, unit) = match get(i) {
                Ok(e) => (Some(e.nip.as_str()), Some(e.unit.as_str())),
                Err(f) => (f.nip.as_deref(), f.unit.as_deref()),
            };
            // (rows repeating an earlier NIP are error rows: not in any population)
            if self.nips.note(nip, self.observed + i).is_some() {
                self.observed_error(self.observed + i)?;
                continue;
            }
            // (an error row, a failed check or an axis missing under `missing = "error"`, is in no
            // population: it is not placed, so it moves no one else's level)
            if prep.as_ref().map_or(true, |p| missing_is_error(self.policy, p)) {
                self.observed_error(self.observed + i)?;
                continue;
            }
            let (Ok(p), Some(unit)) = (prep, unit) else { continue };
            let id = self.unit_id(unit);
            if let (true, Raw::Score(s)) = (perf, &p.perf) {
                self.perf_population.push((id, *s));
            }
            if let (true, Raw::Score(s)) = (pot, &p.pot) {
                self.pot_population.push((id, *s));
            }
        }
        self.observed += n;
        Ok(())
    }

    /// Scores the next part: its placements and row errors, rows numbered
    /// from the first row of the first part.
    pub fn score(&mut self, rows: &[ParsedRow]) -> Result<(Vec<Placement>, Vec<RowError>), TooManyErrorRows> {
        let get = |i: usize| rows[i].as_ref();
        let ctx = self.ctx;
        let prepared = self.prepare(rows.len(), &get, &ctx);
        self.place(rows.len(), &get, prepared)
    }

    /// Scores the next part of records with the answers [`Stream::score`]
    /// gives, as columns (a [`crate::columnar::FlatScore`]; with
    /// [`Stream::keep_placements`], each placement made by
    /// [`Stream::placement`] when it is written). The records are read by the
    /// columnar kernel where the policy allows it: a record the record checks
    /// find clean is combined by the kernel; any other row (an error, a
    /// warning, a missing axis) by the record path, as [`Stream::score`]
    /// would. With population-relative cut-offs every part is first given to
    /// [`Stream::observe_records`] (or [`Stream::observe`]).
    pub fn score_records<'a>(
        &mut self,
        rows: &'a [ParsedRow],
    ) -> Result<crate::columnar::FlatScore<'a>, TooManyErrorRows> {
        self.score_records_with(rows.len(), &|i| rows[i].as_ref())
    }

    /// [`Stream::score_records`] on `n` rows given by `get`.
    fn score_records_with<'a>(
        &mut self,
        n: usize,
        get: RecordGet<'_, 'a>,
    ) -> Result<crate::columnar::FlatScore<'a>, TooManyErrorRows> {
        use crate::columnar::Feed;
        if !crate::columnar::fast_policy(self.policy) {
            return self.score_by_record_path(n, get);
        }
        let row = |i: usize| owned_row(get(i));
        let nips = record_nips(n, get);
        self.score_kernel(Feed::Records(n, get), &[], nips, &row, None)
    }

    /// The columns' roles for the columnar kernel, when the policy and the
    /// table allow it (`None`: the rows are read by the record parser).
    fn kernel_roles(
        &self,
        table: &crate::columnar::FlatTable<'_>,
        n: usize,
    ) -> Option<(Vec<crate::columnar::Role>, Vec<i16>)> {
        let fits = !table.columns.is_empty() && table.rows() == n && table.layout().is_ok();
        if fits && crate::columnar::fast_policy(self.policy) {
            crate::columnar::roles(table)
        } else {
            None
        }
    }

    /// Scores the next part given as a flat table (a part of a CSV file, an
    /// Arrow batch) with the answers [`Stream::score`] gives on its rows read
    /// by `row` (row `i` of the table through the record parser), as columns.
    /// Where the policy and the column types allow it, the rows are read
    /// column by column and only a row with an anomaly is read by `row`
    /// ([`crate::columnar::score_flat`]). `anomalous` has one entry per row
    /// (so it counts the rows of a table without columns) and marks the rows
    /// the reader already found wrong; columns of another length send every
    /// row to `row`. With population-relative cut-offs every part is first
    /// given to [`Stream::observe_table`] (or [`Stream::observe`]).
    pub fn score_table<'a>(
        &mut self,
        table: &'a crate::columnar::FlatTable<'a>,
        row: &(dyn Fn(usize) -> ParsedRow + Sync),
        anomalous: &[bool],
    ) -> Result<crate::columnar::FlatScore<'a>, TooManyErrorRows> {
        use crate::columnar::Feed;
        let n = anomalous.len();
        let Some((roles, years)) = self.kernel_roles(table, n) else {
            let rows = map_rows(n, row);
            return self.score_by_record_path(n, &|i| rows[i].as_ref());
        };
        self.score_kernel(Feed::Table(table, &roles), &years, table.nips(), row, Some(anomalous))
    }

    /// A part of `n` rows given by `get` scored by the record path alone
    /// ([`Stream::score`]), as columns (each placement kept when the stream keeps them).
    fn score_by_record_path(
        &mut self,
        n: usize,
        get: RecordGet<'_, '_>,
    ) -> Result<crate::columnar::FlatScore<'static>, TooManyErrorRows> {
        let base = self.scored;
        let ctx = self.ctx;
        let prepared = self.prepare(n, &get, &ctx);
        let (results, errors) = self.place(n, &get, prepared)?;
        let mut fs = crate::columnar::FlatScore::from_placements(n, get, base, &results, errors, self.policy);
        if self.keep {
            fs.keep_placements(base, results);
        }
        Ok(fs)
    }

    /// Notes the NIPs of a part whose first row is row `base` of the input:
    /// per row, the first earlier row with its NIP.
    fn note_nips(&mut self, nips: Vec<Option<&str>>, base: usize) -> Vec<Option<usize>> {
        self.nips.note_part(&nips, base)
    }

    /// A part scored by the kernel (a table or records), counted into the summary.
    fn score_kernel<'a>(
        &mut self,
        feed: crate::columnar::Feed<'a, '_>,
        years: &[i16],
        nips: Vec<Option<&str>>,
        row: &(dyn Fn(usize) -> ParsedRow + Sync),
        anomalous: Option<&[bool]>,
    ) -> Result<crate::columnar::FlatScore<'a>, TooManyErrorRows> {
        use crate::columnar::{fast, Pass, RowSource};
        let n = nips.len();
        let base = self.scored;
        let first_of = self.note_nips(nips, base);
        let src = RowSource { row, anomalous, base, first_of: &first_of, keep: self.keep };
        let levels = self.take_levels();
        let (fs, tally) = fast(feed, years, self.policy, &self.ctx, &src, Pass::Score(&levels));
        self.levels = Some(levels);
        self.scored += n;
        tally.merge_into(&mut self.total, &mut self.units);
        for (j, &count) in fs.error_count.iter().enumerate() {
            if count > 0 {
                self.error_rows += 1;
                if self.error_rows > self.max_error_rows {
                    return Err(TooManyErrorRows { row: base + j, limit: self.max_error_rows });
                }
            }
        }
        Ok(fs)
    }

    /// Row `j` of a part [`Stream::score_table`] answered, as the placement
    /// [`Stream::score`] gives for it, explained as the stream's
    /// [`Context::detail`] asks (`None` for an error row). `first` is the
    /// number of the part's first row in the whole input. A row the kernel
    /// placed is made here from the structured record the kernel kept of it
    /// ([`crate::columnar::RowDetail`]): formatted only when written. The
    /// part must come from this stream after [`Stream::keep_placements`]
    /// (else no row has a placement).
    pub fn placement(&self, fs: &crate::columnar::FlatScore<'_>, j: usize, first: usize) -> Option<Placement> {
        use crate::columnar::RowDetail;
        match fs.detail.get(j)? {
            RowDetail::Record(p) => Some((**p).clone()),
            d => self.kernel_placement(fs, d, j, first),
        }
    }

    /// The placement of row `j` of `fs` the kernel placed (`d`, its detail; `None` for any other detail).
    fn kernel_placement(
        &self,
        fs: &crate::columnar::FlatScore<'_>,
        d: &crate::columnar::RowDetail,
        j: usize,
        first: usize,
    ) -> Option<Placement> {
        use crate::columnar::RowDetail;
        match d {
            RowDetail::None | RowDetail::Record(_) => None,
            RowDetail::Kernel { years, components, direct, renormalized } => {
                let detail = self.ctx.detail;
                let unit = fs.unit.get(j)?.as_deref()?;
                let ps = *fs.potential_score.get(j)?;
                let mut perf_ex = axis_ex("predikat", PERF_RULE);
                perf_ex.combine = Some(self.policy.performance.combine);
                let mut pot_ex = axis_ex(if *direct { "potential_score" } else { "composite" }, POT_RULE);
                pot_ex.score = Some(ps);
                pot_ex.renormalized = *renormalized;
                if detail.full() {
                    perf_ex.years = fs.detail_years.get(years.0 as usize..years.1 as usize)?.to_vec();
                    // (one kept entry per policy component, in policy order: crate::potential::evaluate)
                    let kept = fs.detail_components.get(components.0 as usize..components.1 as usize)?;
                    let policy_components = &self.policy.potential.components;
                    if !kept.is_empty() && kept.len() != policy_components.len() {
                        return None;
                    }
                    pot_ex.components = kept.iter().zip(policy_components).map(|(k, c)| k.explanation(c)).collect();
                    let lv = self.levels.as_ref().and_then(|l| l.pot(unit));
                    pot_ex.cutoffs = lv.map(|lv| cut_explanation(&self.policy.potential.cutoffs, lv, ps));
                }
                let level = |v: &[u8]| v.get(j).copied().filter(|&l| l > 0);
                let axes = Axes {
                    k: level(&fs.performance_level),
                    p: level(&fs.potential_level),
                    perf_ex,
                    pot_ex,
                    jpm: fs.jpm.get(j).copied().filter(|v| !v.is_nan()),
                    latest: crate::columnar::predikat_of_code(*fs.latest_predikat.get(j)?),
                };
                let who = Who {
                    nip: fs.nip.get(j)?.as_deref()?,
                    name: fs.name.get(j)?.as_deref(),
                    unit,
                    kind: (*fs.position_kind.get(j)?)?,
                };
                Some(placement_of(first + j, who, axes, Vec::new(), Vec::new(), &self.grid, detail))
            }
        }
    }

    /// The counts of every row scored so far (total and per unit), the stream kept.
    pub fn summary(&self) -> Summary {
        let pools = box_pools(&self.grid);
        Summary {
            total: self.total.clone().finish(None, &pools),
            units: self.units.iter().map(|(u, a)| a.clone().finish(Some(u.clone()), &pools)).collect(),
        }
    }

    /// The counts of every row scored (total and per unit).
    pub fn finish(self) -> Summary {
        let pools = box_pools(&self.grid);
        Summary {
            total: self.total.finish(None, &pools),
            units: self.units.into_iter().map(|(u, a)| a.finish(Some(u), &pools)).collect(),
        }
    }

    /// The level tables (built from the observed population at the first part scored).
    fn take_levels(&mut self) -> Levels {
        match self.levels.take() {
            Some(l) => l,
            None => {
                let grid = &self.grid;
                let perf = std::mem::take(&mut self.perf_population);
                let pot = std::mem::take(&mut self.pot_population);
                let perf_lv = self.perf_cutoffs().map(|c| Tables::new(c, grid.performance_count(), perf.into_iter()));
                Levels {
                    perf: perf_lv,
                    pot: Tables::new(&self.policy.potential.cutoffs, grid.potential_count(), pot.into_iter()),
                    unit_ids: std::mem::take(&mut self.unit_ids),
                    resolved: false,
                }
            }
        }
    }

    fn place<'a>(
        &mut self,
        n: usize,
        get: &impl Fn(usize) -> Result<&'a Employee, &'a ParseFailure>,
        prepared: Vec<Result<Prepared, Vec<Problem>>>,
    ) -> Result<(Vec<Placement>, Vec<RowError>), TooManyErrorRows> {
        let levels = self.take_levels();
        let r = self.place_with(n, get, prepared, &levels);
        self.levels = Some(levels);
        r
    }

    fn place_with<'a>(
        &mut self,
        n: usize,
        get: &impl Fn(usize) -> Result<&'a Employee, &'a ParseFailure>,
        prepared: Vec<Result<Prepared, Vec<Problem>>>,
        levels: &Levels,
    ) -> Result<(Vec<Placement>, Vec<RowError>), TooManyErrorRows> {
        let nboxes = self.grid.performance_count() * self.grid.potential_count();
        let mut results = Vec::new();
        let mut errors = Vec::new();
        for (j, prep) in prepared.into_iter().enumerate().take(n) {
            let i = self.scored + j;
            let row = get(j);
            let (nip, unit): (Option<&str>, Option<&str>) = match row {
                Ok(e) => (Some(e.nip.as_str()), Some(e.unit.as_str())),
                Err(f) => (f.nip.as_deref(), f.unit.as_deref()),
            };
            let (mut placement, mut row_errors) = place_one(i, row, prep, self.policy, &self.ctx, &self.grid, levels);
            if let Some(first) = self.nips.note(nip, i) {
                placement = None;
                row_errors.push(duplicate_nip_error(i, nip.map(str::to_string), first));
            }
            // Summaries.
            let mut codes: Vec<Code> = Vec::new();
            for re in &row_errors {
                if !codes.contains(&re.code) {
                    codes.push(re.code);
                }
            }
            let (st, b, warn) = match &placement {
                None => (crate::columnar::STATUS_ERROR, 0, false),
                Some(p) => {
                    let st = if p.status == Status::Placed {
                        crate::columnar::STATUS_PLACED
                    } else {
                        crate::columnar::STATUS_HOLDING
                    };
                    (st, p.box_.unwrap_or(0), !p.warnings.is_empty())
                }
            };
            self.total.add(st, b, warn, &codes);
            if let Some(u) = unit {
                match self.units.get_mut(u) {
                    Some(a) => a.add(st, b, warn, &codes),
                    None => {
                        self.units.entry(u.to_string()).or_insert_with(|| Acc::new(nboxes)).add(st, b, warn, &codes)
                    }
                }
            }
            if !row_errors.is_empty() {
                self.error_rows += 1;
                if self.error_rows > self.max_error_rows {
                    return Err(TooManyErrorRows { row: i, limit: self.max_error_rows });
                }
            }
            errors.extend(row_errors);
            if let Some(p) = placement {
                results.push(p);
            }
        }
        self.scored += n;
        Ok((results, errors))
    }
}

/// The NIP of a row as read (a record's, or the one a failed row kept).
fn row_nip<'a>(r: Result<&'a Employee, &'a ParseFailure>) -> Option<&'a str> {
    match r {
        Ok(e) => Some(e.nip.as_str()),
        Err(f) => f.nip.as_deref(),
    }
}

/// A row as an owned [`ParsedRow`] (for the record path, which answers a row with an anomaly).
fn owned_row(r: Result<&Employee, &ParseFailure>) -> ParsedRow {
    r.cloned().map_err(Clone::clone)
}

/// Row `i` of records ([`crate::columnar::RecordGet`]).
type RecordGet<'r, 'a> = crate::columnar::RecordGet<'r, 'a>;

/// The kinerja cut-offs of a policy, when kinerja comes from a score.
fn perf_cutoffs(policy: &Policy) -> Option<&Cutoffs> {
    match policy.performance.source {
        PerformanceSource::Score => policy.performance.cutoffs.as_ref(),
        _ => None,
    }
}

/// The record path for one row of the whole input (numbered `i`): its
/// placement, or its row errors, with levels read from `levels`. A NIP
/// repeated from an earlier row and the counts are the caller's. The
/// columnar kernel answers a row with an anomaly here.
pub(crate) fn score_one(
    i: usize,
    row: &ParsedRow,
    policy: &Policy,
    ctx: &Context,
    grid: &Grid,
    pred_levels: &[Option<u8>; 5],
    levels: &Levels,
) -> (Option<Placement>, Vec<RowError>) {
    let prep = match row {
        Ok(e) => prepare(e, policy, pred_levels, ctx),
        Err(_) => Err(Vec::new()),
    };
    place_one(i, row.as_ref(), prep, policy, ctx, grid, levels)
}

/// What the first pass learns of one row (the record path's
/// [`Stream::observe`], for one row; a repeated NIP aside): the potensial
/// score with which it takes part in the population (it passes its checks
/// and has the score), and whether it is an error row.
pub(crate) fn observe_one(
    row: &ParsedRow,
    policy: &Policy,
    pred_levels: &[Option<u8>; 5],
    ctx: &Context,
) -> (Option<f64>, bool) {
    let Ok(e) = row else { return (None, true) };
    match prepare(e, policy, pred_levels, &Context::placements(ctx.today)) {
        Ok(p) => match (missing_is_error(policy, &p), p.pot) {
            // (an error row is in no population)
            (true, _) => (None, true),
            (false, Raw::Score(s)) => (Some(s), false),
            (false, _) => (None, false),
        },
        Err(_) => (None, true),
    }
}

/// Whether a row whose checks pass is an error row all the same: an axis is
/// missing and the policy says `missing = "error"` (once its population is
/// observed, a score always has its level).
fn missing_is_error(policy: &Policy, p: &Prepared) -> bool {
    policy.missing == MissingData::Error && (matches!(p.perf, Raw::Missing(_)) || matches!(p.pot, Raw::Missing(_)))
}

/// One row's placement or row errors from its prepared inputs and the level tables.
fn place_one(
    i: usize,
    row: Result<&Employee, &ParseFailure>,
    prep: Result<Prepared, Vec<Problem>>,
    policy: &Policy,
    ctx: &Context,
    grid: &Grid,
    levels: &Levels,
) -> (Option<Placement>, Vec<RowError>) {
    let nip = match row {
        Ok(e) => Some(e.nip.clone()),
        Err(f) => f.nip.clone(),
    };
    let mut row_errors: Vec<RowError> = Vec::new();
    let (p, e) = match (prep, row) {
        (Err(ps), row) => {
            let parsed = match row {
                Err(f) => f.problems.as_slice(),
                Ok(_) => &[],
            };
            for p in parsed.iter().cloned().chain(ps) {
                row_errors.push(RowError::from_problem(i, nip.clone(), p));
            }
            return (None, row_errors);
        }
        (Ok(p), Ok(e)) => (p, e),
        (Ok(_), Err(_)) => {
            let m = Message::new("row could not be processed", "baris tidak dapat diproses");
            return (None, vec![RowError { row: i, nip, code: Code::Internal, path: String::new(), message: m }]);
        }
    };
    let Prepared { warnings, perf, mut perf_ex, pot, mut pot_ex, jpm, latest } = p;
    if levels.resolved {
        // A score of a unit the resolved policy has no table for: its population was not summarised.
        let untabled = (matches!(perf, Raw::Score(_))
            && perf_cutoffs(policy).and_then(crate::cutoffs::scope).is_some()
            && levels.perf(&e.unit).is_none())
            || (matches!(pot, Raw::Score(_)) && levels.pot(&e.unit).is_none());
        if untabled {
            let message = Message::new(
                "the resolved policy has no cut-offs for this row's unit: its population was not in the summary",
                "kebijakan yang telah ditetapkan tidak memiliki batas untuk unit baris ini: populasinya tidak ada dalam ringkasan",
            );
            return (None, vec![RowError { row: i, nip, code: Code::UnitNotInSummary, path: "unit".into(), message }]);
        }
    }
    let resolve = |raw: Raw, ex: &mut AxisExplanation, lv: Option<&LevelTable>, cut: Option<&Cutoffs>| -> Option<u8> {
        match raw {
            Raw::Level(l) => Some(l),
            Raw::Score(s) => {
                let (Some(l), Some(cut)) = (lv, cut) else {
                    // (only a stream scored before its population was observed: the row is never lost)
                    ex.missing = Some(Message::new(
                        "the score has no cut-offs: its population was not observed",
                        "skor tidak memiliki batas: populasinya belum diamati",
                    ));
                    return None;
                };
                if ctx.detail.full() {
                    ex.cutoffs = Some(cut_explanation(cut, l, s));
                }
                Some(l.level(s))
            }
            Raw::Missing(m) => {
                ex.missing = Some(m);
                None
            }
        }
    };
    let k = resolve(perf, &mut perf_ex, levels.perf(&e.unit), perf_cutoffs(policy));
    let pl = resolve(pot, &mut pot_ex, levels.pot(&e.unit), Some(&policy.potential.cutoffs));
    let mut missing = Vec::new();
    if k.is_none() {
        missing.push("performance".to_string());
    }
    if pl.is_none() {
        missing.push("potential".to_string());
    }
    if !missing.is_empty() && policy.missing == MissingData::Error {
        // (an axis is missing: each missing axis is its row error, the policy says `error`)
        for (ex, code, path, en, id) in [
            (
                &perf_ex,
                Code::MissingPerformance,
                "performance",
                "kinerja axis missing",
                "sumbu kinerja tidak dapat dihitung",
            ),
            (
                &pot_ex,
                Code::MissingPotential,
                "potential",
                "potensial axis missing",
                "sumbu potensial tidak dapat dihitung",
            ),
        ] {
            if let Some(m) = &ex.missing {
                let message = Message::new(format!("{en}: {}", m.en), format!("{id}: {}", m.id));
                row_errors.push(RowError { row: i, nip: nip.clone(), code, path: path.into(), message });
            }
        }
        return (None, row_errors);
    }
    let who = Who { nip: &e.nip, name: e.name.as_deref(), unit: &e.unit, kind: e.position.kind };
    let axes = Axes { k, p: pl, perf_ex, pot_ex, jpm, latest };
    (Some(placement_of(i, who, axes, missing, warnings, grid, ctx.detail)), row_errors)
}

/// Whose placement: a row's identity as read.
struct Who<'e> {
    nip: &'e str,
    name: Option<&'e str>,
    unit: &'e str,
    kind: PositionKind,
}

/// A row's two axes as decided: levels (1-based), their explanations (levels
/// not yet named), JPM and the latest predikat.
struct Axes {
    k: Option<u8>,
    p: Option<u8>,
    perf_ex: AxisExplanation,
    pot_ex: AxisExplanation,
    jpm: Option<f64>,
    latest: Option<Predikat>,
}

/// The placement of one row from its axes: the box, its pools, description
/// and follow-ups from the grid, the JPM categories, and the explanation the
/// detail asks for. The one constructor of a [`Placement`]: the record path
/// and the columnar kernel's explained rows ([`Stream::placement`]) both end here.
fn placement_of(
    i: usize,
    who: Who<'_>,
    axes: Axes,
    missing: Vec<String>,
    warnings: Vec<Problem>,
    grid: &Grid,
    detail: Detail,
) -> Placement {
    let Axes { k, p: pl, mut perf_ex, mut pot_ex, jpm, latest } = axes;
    let code_k = k.and_then(|k| grid.performance_levels.get(usize::from(k) - 1)).map(|l| l.code.clone());
    let code_p = pl.and_then(|p| grid.potential_levels.get(usize::from(p) - 1)).map(|l| l.code.clone());
    let number = match (k, pl) {
        (Some(k), Some(p)) => grid.number(k, p),
        _ => None,
    };
    let def = number.and_then(|n| grid.box_def(n));
    let box_ex = match (number, k, pl) {
        (Some(number), Some(k), Some(p)) => Some(BoxExplanation {
            number,
            performance_index: k,
            potential_index: p,
            grid: grid.name.clone(),
            rule: std::borrow::Cow::Borrowed(BOX_RULE),
        }),
        _ => None,
    };
    Placement {
        row: i,
        nip: who.nip.to_string(),
        name: who.name.map(str::to_string),
        unit: who.unit.to_string(),
        position_kind: who.kind,
        status: if number.is_some() { Status::Placed } else { Status::Holding },
        box_: number,
        performance_level: code_k.clone(),
        potential_level: code_p.clone(),
        performance_score: perf_ex.score,
        potential_score: pot_ex.score,
        jpm,
        jpm_selection: jpm.map(SelectionCategory::of),
        jpm_mapping: jpm.map(MappingCategory::of),
        latest_predikat: latest,
        talent_pool: def.map(|d| d.talent_pool.clone()).unwrap_or_default(),
        description: def.map(|d| d.description.clone()),
        follow_up: def.map(|d| d.follow_up.clone()).unwrap_or_default(),
        missing,
        warnings,
        explanation: (detail != Detail::None).then(|| {
            perf_ex.level = code_k.clone();
            pot_ex.level = code_p.clone();
            let mut ex = Explanation { performance: perf_ex, potential: pot_ex, box_: box_ex, text: Vec::new() };
            if detail == Detail::Text {
                ex.text = crate::explain::describe(&ex, grid);
            }
            ex
        }),
    }
}

#[cfg(test)]
mod nip_firsts_tests {
    use super::NipFirsts;
    use proptest::prelude::*;

    /// The answer by definition (Perka BKN 22/2007: one NIP, one person): per row, the first
    /// earlier row whose NIP, spaces around it aside, is the same text.
    fn by_definition(nips: &[Option<String>]) -> Vec<Option<usize>> {
        let key = |n: &Option<String>| n.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string);
        (0..nips.len())
            .map(|i| {
                let k = key(&nips[i])?;
                (0..i).find(|&j| key(&nips[j]).as_deref() == Some(k.as_str()))
            })
            .collect()
    }

    /// NIP-like texts from a small alphabet, so that they repeat: digits of 1-20 (past 18 they are
    /// kept as text), leading zeros ("007" is not "7"), spaces around, other characters, nothing.
    fn nip() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            "[0-9]{1,3}".prop_map(Some),
            "[0-1]{18}".prop_map(Some),
            "[0-1]{17,20}".prop_map(Some),
            "[ ]{0,2}0{0,2}[1-2]{1,2}[ \t]{0,2}".prop_map(Some),
            "[a-b0-1 ]{0,4}".prop_map(Some),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Noting a part at once (shard by shard) answers what the definition does, over parts of a
        /// stream, and a second pass over the same rows (the cut-offs' first pass) changes nothing.
        #[test]
        fn parts_are_noted_as_the_definition_says(
            nips in prop::collection::vec(nip(), 0..300),
            cuts in prop::collection::vec(0usize..300, 0..4),
            second_pass in any::<bool>(),
        ) {
            let expected = by_definition(&nips);
            let texts: Vec<Option<&str>> = nips.iter().map(Option::as_deref).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (nips.len() + 1)).collect();
            cuts.push(0);
            cuts.push(nips.len());
            cuts.sort_unstable();
            let mut firsts = NipFirsts::default();
            let mut got = Vec::new();
            for w in cuts.windows(2) {
                let part = &texts[w[0]..w[1]];
                if second_pass {
                    firsts.note_part(part, w[0]);
                }
                got.extend(firsts.note_part(part, w[0]));
            }
            prop_assert_eq!(&got, &expected);
            // row by row, as the record path notes them
            let mut firsts = NipFirsts::default();
            let one_by_one: Vec<Option<usize>> = texts.iter().enumerate().map(|(i, n)| firsts.note(*n, i)).collect();
            prop_assert_eq!(&one_by_one, &expected);
            prop_assert_eq!(super::first_rows_by_nip(texts.iter().copied()), expected);
        }
    }

    /// A part's NIPs are read in chunks on all cores: every row's own NIP, in row order, from a
    /// flat table's cells and from records alike.
    #[test]
    fn nips_read_in_chunks_are_every_rows_own() {
        let pop = crate::generate::population(&crate::generate::Options {
            count: 3 * super::NIP_CHUNK + 17,
            seed: 7,
            ..Default::default()
        });
        let expected: Vec<Option<&str>> = pop.iter().map(|e| Some(e.nip.as_str())).collect();
        let table = crate::columnar::employees_to_flat(&pop);
        let view = table.view();
        assert_eq!(view.nips(), expected);
        let get = |i: usize| -> Result<&crate::model::Employee, &super::ParseFailure> { Ok(&pop[i]) };
        assert_eq!(super::record_nips(pop.len(), &get), expected);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

        /// Parts large enough to be noted on all cores (keys in chunks, shards on their own tasks)
        /// answer what noting row by row does (which the property above holds to the definition),
        /// and count the same distinct NIPs.
        #[test]
        fn large_parts_are_noted_as_row_by_row(seed in any::<u64>(), cut in 0usize..100_000, second_pass in any::<bool>()) {
            let mut x = seed | 1;
            let mut next = move || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; x };
            // 100,000 rows: 18-digit NIPs from a pool of 20,000 (so that they repeat, near and far),
            // shorter digits, padded digits, text, nothing
            let nips: Vec<Option<String>> = (0..100_000)
                .map(|_| match next() % 16 {
                    0 => None,
                    1 => Some(format!("{}", next() % 500)),
                    2 => Some(format!(" {:03} ", next() % 500)),
                    3 => Some(format!("x{}", next() % 300)),
                    _ => Some(format!("{:018}", 199_001_012_015_011_001u64 + next() % 20_000)),
                })
                .collect();
            let texts: Vec<Option<&str>> = nips.iter().map(Option::as_deref).collect();
            let mut firsts = NipFirsts::default();
            let one_by_one: Vec<Option<usize>> = texts.iter().enumerate().map(|(i, n)| firsts.note(*n, i)).collect();
            // the whole at once: enough numbers for their shards to be noted on all cores
            let numbers = nips.iter().flatten().filter(|n| n.len() == 18).count();
            prop_assert!(numbers >= super::NIP_SHARDS_APART, "{numbers}");
            prop_assert_eq!(&NipFirsts::default().note_part(&texts, 0), &one_by_one);
            let cut = cut.min(texts.len());
            let mut parts = NipFirsts::default();
            let mut got = Vec::new();
            for (part, base) in [(&texts[..cut], 0), (&texts[cut..], cut)] {
                if second_pass {
                    parts.note_part(part, base);
                }
                got.extend(parts.note_part(part, base));
            }
            prop_assert_eq!(got, one_by_one);
            prop_assert_eq!(parts.len(), firsts.len());
        }
    }
}

//! Partitions of one population scored apart (a national population, a cluster): the exact,
//! mergeable per-partition summary of the scores that population-relative cut-offs need, the
//! policy resolved against the merged summary (its thresholds fixed and fingerprinted: the
//! record of what was applied), scoring a partition with it, and the merge of the answers' counts.
//!
//! Two passes: each partition is summarised ([`summarise_rows`], [`summarise_table`]), the
//! summaries merged ([`merge`]: associative and commutative, exact) and the policy resolved
//! ([`resolve`]); then each partition is scored with the resolved policy ([`score_rows`],
//! [`score_table`]). The thresholds come from [`crate::cutoffs::LevelTable::from_histogram`], the
//! one computation the single-machine call makes too, and the resolved tables keep each scope's
//! histogram, so every placement (levels, boxes, explanation with its population and percentile
//! rank) and every count are those of one call on the whole input.
//!
//! ```
//! use meritkit::{partition, policy::Policy, scoring::{score, Context}};
//! # use meritkit::model::Employee;
//! let opts = meritkit::generate::Options { count: 40, seed: 7, ..Default::default() };
//! let people: Vec<Employee> = meritkit::generate::population(&opts);
//! let p = Policy::preset("percentile_unit").unwrap();
//! let ctx = Context::default();
//! let rows: Vec<_> = people.iter().cloned().map(Ok).collect();
//! let (a, b) = rows.split_at(15);
//! let summary = partition::merge(&[
//!     partition::summarise_rows(a, &p, &ctx).unwrap(),
//!     partition::summarise_rows(b, &p, &ctx).unwrap(),
//! ]).unwrap();
//! let resolved = partition::resolve(&p, &summary).unwrap();
//! let first = partition::score_rows(a, &resolved, &ctx, 0).unwrap();
//! let second = partition::score_rows(b, &resolved, &ctx, a.len()).unwrap();
//! let whole = score(&people, &p, &ctx);
//! assert_eq!([first.results, second.results].concat(), whole.results);
//! assert_eq!(partition::merge_score_summaries(&[first.summary, second.summary]).unwrap(), whole.summary);
//! ```

use crate::columnar::{FlatScore, FlatTable};
use crate::cutoffs::{Histogram, LevelTable, Tables};
use crate::error::{Code, Error, Problem};
use crate::policy::{Cutoffs, Policy, Scope};
use crate::scoring::{Context, GroupSummary, Levels, ParsedRow, ScoreOutput, Stream};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` of a partition summary.
pub const SUMMARY_FORMAT: &str = "meritkit.partition_summary/1";
/// The `format` of a resolved policy.
pub const RESOLVED_FORMAT: &str = "meritkit.resolved_policy/1";
/// The most distinct `(scope, score)` entries a summary (or a resolved policy) holds, over all
/// its axes and scopes: a summary that would hold more is refused (`limit_exceeded`). Scores
/// have limited precision (appraisals, one or two decimals), so a population of millions has
/// far fewer distinct scores per scope; this bounds what a partition ships.
pub const MAX_SUMMARY_SCORES: usize = 2_000_000;

/// A score on the wire: its shortest decimal text that reads back as the same `f64` (Rust's,
/// Python's and JavaScript's readers alike), so that summaries and resolved policies carry
/// exact scores through JSON.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score(pub f64);

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        // only the form meritkit writes (`-0`, `+5`, `5.` or `5.0` would make equal scores
        // look different and merges depend on their order)
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && (x + 0.0).to_string() == text => Ok(Score(x + 0.0)),
            _ => Err(serde::de::Error::custom(
                "expected a finite score written as meritkit writes it (shortest decimal text)",
            )),
        }
    }
}

/// One scope's scores: the unit (`null` for scope `all`), its population and its histogram
/// (distinct scores ascending, each with its count).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeScores {
    /// The unit (scope `unit`); `null` for the whole population (scope `all`).
    pub unit: Option<String>,
    /// The rows of the scope's population (the sum of the counts).
    pub population: u64,
    /// `[score, count]`, scores ascending and distinct.
    pub scores: Vec<(Score, u64)>,
}

/// The populations of one relative axis, one per scope, units ascending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AxisScores {
    /// `all` or `unit`, as the policy's cut-offs say.
    pub scope: Scope,
    /// One entry per scope key.
    pub scopes: Vec<ScopeScores>,
}

/// What one partition (or several, merged) contributes to the population-relative cut-offs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// [`SUMMARY_FORMAT`].
    pub format: String,
    /// The fingerprint of the policy summarised for.
    pub policy_fingerprint: String,
    /// The reference date the rows were checked at (`YYYY-MM-DD`), when one was given.
    #[serde(default)]
    pub date: Option<String>,
    /// Input rows summarised (with their error rows).
    pub rows: u64,
    /// The potensial populations (`null`: fixed cut-offs).
    #[serde(default)]
    pub potential: Option<AxisScores>,
    /// The kinerja populations (`null`: kinerja not from a score, or fixed cut-offs).
    #[serde(default)]
    pub performance: Option<AxisScores>,
}

/// One scope's resolved cut-offs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolvedTable {
    /// The unit (scope `unit`); `null` for the whole population.
    pub unit: Option<String>,
    /// The size of the population the thresholds come from.
    pub population: u64,
    /// Lower bounds in score units of levels 2..=N (`null`: the level is reached by no one).
    pub score_thresholds: Vec<Option<Score>>,
    /// The population's histogram (`[score, count]`), from which the thresholds are computed
    /// again when the policy is read, and a placement's percentile rank.
    pub scores: Vec<(Score, u64)>,
}

/// The resolved cut-offs of one relative axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolvedAxis {
    /// `percentile` or `distribution`.
    pub method: String,
    /// `all` or `unit`.
    pub scope: Scope,
    /// One table per scope key, units ascending.
    pub tables: Vec<ResolvedTable>,
}

/// A policy resolved against a population: the original policy, its fingerprint, the
/// population per scope and the thresholds its relative cut-offs give there, fingerprinted.
/// Scoring any part of the population with it gives the placements of the original policy on
/// the whole population.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolvedPolicy {
    /// [`RESOLVED_FORMAT`].
    pub format: String,
    /// The original policy (relative cut-offs as configured).
    pub policy: Policy,
    /// Its fingerprint.
    pub policy_fingerprint: String,
    /// The reference date the population was checked at.
    #[serde(default)]
    pub date: Option<String>,
    /// Input rows summarised.
    pub rows: u64,
    /// The potensial axis's resolved cut-offs (`null`: fixed).
    #[serde(default)]
    pub potential: Option<ResolvedAxis>,
    /// The kinerja axis's resolved cut-offs (`null`: fixed or not from a score).
    #[serde(default)]
    pub performance: Option<ResolvedAxis>,
    /// SHA-256 of the canonical JSON of everything above (this field empty).
    pub fingerprint: String,
}

fn request(path: &str, en: &str, id: &str) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, path, en, id)])
}

fn too_large(path: &str) -> Error {
    Error::Request(vec![Problem::new(
        Code::LimitExceeded,
        path,
        format!("more than {MAX_SUMMARY_SCORES} distinct scores in one summary"),
        format!("lebih dari {MAX_SUMMARY_SCORES} skor berbeda dalam satu ringkasan"),
    )])
}

/// The kinerja cut-offs of a policy, when kinerja comes from a score.
fn perf_cutoffs(p: &Policy) -> Option<&Cutoffs> {
    match p.performance.source {
        crate::policy::PerformanceSource::Score => p.performance.cutoffs.as_ref(),
        _ => None,
    }
}

/// The relative axes of a policy: `(name, cut-offs, levels)` of each axis whose cut-offs are
/// percentile or distribution.
fn relative_axes(p: &Policy) -> Vec<(&'static str, &Cutoffs, usize)> {
    let grid = p.grid();
    let mut out = Vec::new();
    if let Some(c) = perf_cutoffs(p).filter(|c| crate::cutoffs::scope(c).is_some()) {
        out.push(("performance", c, grid.performance_count()));
    }
    if crate::cutoffs::scope(&p.potential.cutoffs).is_some() {
        out.push(("potential", &p.potential.cutoffs, grid.potential_count()));
    }
    out
}

fn date_text(ctx: &Context) -> Option<String> {
    ctx.today.map(crate::date::ymd)
}

fn wire(h: &[(f64, u64)]) -> Vec<(Score, u64)> {
    h.iter().map(|&(s, c)| (Score(s), c)).collect()
}

fn unwire(h: &[(Score, u64)]) -> Histogram {
    h.iter().map(|&(Score(s), c)| (s, c)).collect()
}

/// The summary of what `stream` observed of `rows` rows.
fn summary_of(stream: &Stream<'_>, policy: &Policy, ctx: &Context, rows: usize) -> Result<Summary, Error> {
    let (unit_ids, perf, pot) = stream.observed_population();
    let mut names: Vec<&str> = vec![""; unit_ids.len()];
    for (u, &id) in unit_ids {
        if let Some(slot) = names.get_mut(id as usize) {
            *slot = u;
        }
    }
    let axis = |c: &Cutoffs, population: &[(u32, f64)]| -> Option<AxisScores> {
        let scope = crate::cutoffs::scope(c)?;
        let mut groups: BTreeMap<Option<&str>, Vec<f64>> = BTreeMap::new();
        for &(id, s) in population {
            let key = (scope == Scope::Unit).then(|| names.get(id as usize).copied().unwrap_or(""));
            groups.entry(key).or_default().push(s);
        }
        let scopes = groups
            .into_iter()
            .map(|(unit, scores)| {
                let h = crate::cutoffs::histogram(scores);
                ScopeScores {
                    unit: unit.map(str::to_string),
                    population: h.iter().map(|&(_, c)| c).sum(),
                    scores: wire(&h),
                }
            })
            .collect();
        Some(AxisScores { scope, scopes })
    };
    let s = Summary {
        format: SUMMARY_FORMAT.into(),
        policy_fingerprint: policy.fingerprint(),
        date: date_text(ctx),
        rows: rows as u64,
        potential: axis(&policy.potential.cutoffs, pot),
        performance: perf_cutoffs(policy).and_then(|c| axis(c, perf)),
    };
    s.check_size("")?;
    Ok(s)
}

/// The summary of one partition given as rows (records, or rows that failed to parse):
/// the scores of the rows that take part in each relative axis's population, as one call on
/// these rows would observe them.
pub fn summarise_rows(rows: &[ParsedRow], policy: &Policy, ctx: &Context) -> Result<Summary, Error> {
    let mut stream = Stream::new(policy, ctx, usize::MAX);
    if stream.needs_population() {
        stream.observe(rows).map_err(|e| Error::internal(format!("error rows refused at row {}", e.row)))?;
    }
    summary_of(&stream, policy, ctx, rows.len())
}

/// [`summarise_rows`] on a partition given as a flat table (an Arrow batch, a DataFrame):
/// the columnar kernel's observing pass, as [`crate::columnar::score_flat`] makes it.
pub fn summarise_table(table: &FlatTable<'_>, policy: &Policy, ctx: &Context) -> Result<Summary, Error> {
    let layout = table.layout()?;
    let n = table.rows();
    let row = |i: usize| table.parsed_row(&layout, i);
    let mut stream = Stream::new(policy, ctx, usize::MAX);
    if stream.needs_population() {
        stream
            .observe_table(table, &row, &vec![false; n])
            .map_err(|e| Error::internal(format!("error rows refused at row {}", e.row)))?;
    }
    summary_of(&stream, policy, ctx, n)
}

/// A count that would pass 2^64 - 1 when merged: refused, never wrapped.
fn overflow(path: &str) -> Error {
    Error::Request(vec![Problem::new(
        Code::LimitExceeded,
        path,
        "the merged counts exceed 2^64 - 1 (summaries counted more rows than exist)",
        "jumlah gabungan melebihi 2^64 - 1 (ringkasan menghitung lebih banyak baris daripada yang ada)",
    )])
}

/// Merges two histograms (ascending, distinct) into one.
fn merge_histograms(a: &[(Score, u64)], b: &[(Score, u64)], path: &str) -> Result<Vec<(Score, u64)>, Error> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(&(x, c)), Some(&(y, d))) if x.0 == y.0 => {
                out.push((x, c.checked_add(d).ok_or_else(|| overflow(path))?));
                i += 1;
                j += 1;
            }
            (Some(&(x, c)), Some(&(y, _))) if x.0 < y.0 => {
                out.push((x, c));
                i += 1;
            }
            (Some(&(x, c)), None) => {
                out.push((x, c));
                i += 1;
            }
            (_, Some(&(y, d))) => {
                out.push((y, d));
                j += 1;
            }
            (None, None) => break,
        }
    }
    Ok(out)
}

fn merge_axes(a: Option<AxisScores>, b: Option<AxisScores>, path: &str) -> Result<Option<AxisScores>, Error> {
    match (a, b) {
        (None, None) => Ok(None),
        (Some(a), Some(b)) if a.scope == b.scope => {
            let mut scopes: BTreeMap<Option<String>, ScopeScores> =
                a.scopes.into_iter().map(|s| (s.unit.clone(), s)).collect();
            for s in b.scopes {
                match scopes.get_mut(&s.unit) {
                    Some(t) => {
                        t.scores = merge_histograms(&t.scores, &s.scores, path)?;
                        t.population = t.population.checked_add(s.population).ok_or_else(|| overflow(path))?;
                    }
                    None => {
                        scopes.insert(s.unit.clone(), s);
                    }
                }
            }
            Ok(Some(AxisScores { scope: a.scope, scopes: scopes.into_values().collect() }))
        }
        _ => Err(request(
            path,
            "the summaries disagree on this axis's scope",
            "ringkasan berbeda pada cakupan sumbu ini",
        )),
    }
}

impl Summary {
    /// Checks a summary read from outside: its format, its scopes (units ascending and
    /// distinct, `null` alone for scope `all`), its histograms (finite scores ascending and
    /// distinct, counts at least 1, summing to the population) and its size.
    pub fn check(&self, path: &str) -> Result<(), Error> {
        let at = |p: &str| if path.is_empty() { p.to_string() } else { format!("{path}.{p}") };
        if self.format != SUMMARY_FORMAT {
            return Err(request(&at("format"), "not a meritkit partition summary", "bukan ringkasan partisi meritkit"));
        }
        if let Some(d) = &self.date {
            crate::api::parse_date(d).map_err(|_| {
                request(&at("date"), "the date must be YYYY-MM-DD", "tanggal harus berbentuk YYYY-MM-DD")
            })?;
        }
        for (name, axis) in [("potential", &self.potential), ("performance", &self.performance)] {
            let Some(axis) = axis else { continue };
            let mut last: Option<&Option<String>> = None;
            for (k, s) in axis.scopes.iter().enumerate() {
                let here = at(&format!("{name}.scopes[{k}]"));
                let keyed = s.unit.is_some() == (axis.scope == Scope::Unit);
                if !keyed || last.is_some_and(|l| *l >= s.unit) {
                    return Err(request(
                        &format!("{here}.unit"),
                        "scopes must be one per unit, ascending (scope unit) or one without a unit (scope all)",
                        "cakupan harus satu per unit, urut naik (cakupan unit) atau satu tanpa unit (cakupan all)",
                    ));
                }
                last = Some(&s.unit);
                let ascending = s.scores.windows(2).all(|w| w[0].0 .0 < w[1].0 .0);
                let counted = s.scores.iter().all(|&(_, c)| c > 0);
                let total = s.scores.iter().try_fold(0u64, |t, &(_, c)| t.checked_add(c));
                if !ascending || !counted || total != Some(s.population) {
                    return Err(request(
                        &format!("{here}.scores"),
                        "scores must be distinct and ascending, counts at least 1 and summing to the population",
                        "skor harus berbeda dan urut naik, jumlah minimal 1 dan totalnya sama dengan populasi",
                    ));
                }
            }
        }
        self.check_size(path)
    }

    fn check_size(&self, path: &str) -> Result<(), Error> {
        let n: usize = [&self.potential, &self.performance]
            .into_iter()
            .flatten()
            .flat_map(|a| &a.scopes)
            .map(|s| s.scores.len())
            .sum();
        if n > MAX_SUMMARY_SCORES {
            return Err(too_large(path));
        }
        Ok(())
    }

    /// This summary and `other` as one (the summary of both partitions together): exact,
    /// associative and commutative. Refused when they were made for different policies or
    /// reference dates, or when the merged summary would exceed [`MAX_SUMMARY_SCORES`].
    pub fn merge(self, other: Summary) -> Result<Summary, Error> {
        if self.policy_fingerprint != other.policy_fingerprint {
            return Err(request(
                "summaries.policy_fingerprint",
                "the summaries were made for different policies",
                "ringkasan dibuat untuk kebijakan yang berbeda",
            ));
        }
        if self.date != other.date {
            return Err(request(
                "summaries.date",
                "the summaries were made at different reference dates",
                "ringkasan dibuat pada tanggal acuan yang berbeda",
            ));
        }
        let s = Summary {
            format: SUMMARY_FORMAT.into(),
            policy_fingerprint: self.policy_fingerprint,
            date: self.date,
            rows: self.rows.checked_add(other.rows).ok_or_else(|| overflow("summaries.rows"))?,
            potential: merge_axes(self.potential, other.potential, "summaries.potential")?,
            performance: merge_axes(self.performance, other.performance, "summaries.performance")?,
        };
        s.check_size("summaries")?;
        Ok(s)
    }
}

/// The summaries of several partitions as one ([`Summary::merge`] over them, each checked
/// first); an empty list is refused.
pub fn merge(summaries: &[Summary]) -> Result<Summary, Error> {
    let mut it = summaries.iter().enumerate();
    let Some((_, first)) = it.next() else {
        return Err(request("summaries", "no summary to merge", "tidak ada ringkasan untuk digabung"));
    };
    first.check("summaries[0]")?;
    let mut acc = first.clone();
    for (k, s) in it {
        s.check(&format!("summaries[{k}]"))?;
        acc = acc.merge(s.clone())?;
    }
    Ok(acc)
}

/// The table of one scope, and its record.
fn table_of(cut: &Cutoffs, s: &ScopeScores, levels: usize) -> (LevelTable, ResolvedTable) {
    let h = unwire(&s.scores);
    let t = LevelTable::from_histogram(cut, &h, levels);
    let record = ResolvedTable {
        unit: s.unit.clone(),
        population: s.population,
        score_thresholds: t.score_thresholds().iter().map(|t| t.map(Score)).collect(),
        scores: s.scores.clone(),
    };
    (t, record)
}

/// Resolves `policy` against the merged summary of its whole population: the same policy, its
/// relative cut-offs' thresholds computed per scope from the summary (as one call on the whole
/// population computes them), recorded with the population sizes and fingerprinted. A policy
/// with fixed cut-offs resolves to itself (no tables). Refused when the summary was made for
/// another policy.
pub fn resolve(policy: &Policy, summary: &Summary) -> Result<ResolvedPolicy, Error> {
    summary.check("summary")?;
    let policy_fingerprint = policy.fingerprint();
    if summary.policy_fingerprint != policy_fingerprint {
        return Err(request(
            "summary.policy_fingerprint",
            "the summary was made for another policy",
            "ringkasan dibuat untuk kebijakan lain",
        ));
    }
    let mut axes: [Option<ResolvedAxis>; 2] = [None, None];
    for (name, cut, levels) in relative_axes(policy) {
        let (slot, given) = match name {
            "performance" => (&mut axes[0], &summary.performance),
            _ => (&mut axes[1], &summary.potential),
        };
        let scope = crate::cutoffs::scope(cut).unwrap_or_default();
        let empty = AxisScores { scope, scopes: Vec::new() };
        let given = given.as_ref().unwrap_or(&empty);
        if given.scope != scope {
            return Err(request(
                &format!("summary.{name}.scope"),
                "the summary's scope is not the policy's",
                "cakupan ringkasan bukan cakupan kebijakan",
            ));
        }
        let method = if matches!(cut, Cutoffs::Percentile { .. }) { "percentile" } else { "distribution" };
        let tables = given.scopes.iter().map(|s| table_of(cut, s, levels).1).collect();
        *slot = Some(ResolvedAxis { method: method.into(), scope, tables });
    }
    let [performance, potential] = axes;
    let mut r = ResolvedPolicy {
        format: RESOLVED_FORMAT.into(),
        policy: policy.clone(),
        policy_fingerprint,
        date: summary.date.clone(),
        rows: summary.rows,
        potential,
        performance,
        fingerprint: String::new(),
    };
    r.fingerprint = r.computed_fingerprint();
    Ok(r)
}

impl ResolvedPolicy {
    fn computed_fingerprint(&self) -> String {
        let mut view = self.clone();
        view.fingerprint = String::new();
        crate::policy::fingerprint_of(&view)
    }

    /// The resolved policy as canonical JSON (sorted keys, floats written so that they read
    /// back as the same numbers: [`crate::policy::canonical_json_of`]), the text to ship to the
    /// workers that score the partitions.
    pub fn to_json(&self) -> String {
        crate::policy::canonical_json_of(self)
    }

    /// Reads a resolved policy from JSON text, checked ([`ResolvedPolicy::check`], and each
    /// table as scoring reads it).
    pub fn from_json_str(s: &str) -> Result<ResolvedPolicy, Error> {
        let r: ResolvedPolicy = crate::read::from_json_text(s).map_err(|e| Error::Policy(vec![e.problem()]))?;
        r.check()?;
        r.levels()?;
        Ok(r)
    }

    /// Checks a resolved policy read from outside: its format, its policy (and that policy's
    /// fingerprint) and its own fingerprint; anything that does not match refuses it
    /// (`invalid_policy`). Scoring ([`score_rows`], [`score_table`]) computes each table's
    /// thresholds and population again from its histogram and refuses a table that does not
    /// match, so a resolved policy is applied only as it was recorded.
    pub fn check(&self) -> Result<(), Error> {
        let bad = |path: &str, en: &str, id: &str| Error::Policy(vec![Problem::new(Code::InvalidPolicy, path, en, id)]);
        if self.format != RESOLVED_FORMAT {
            return Err(bad(
                "format",
                "not a meritkit resolved policy",
                "bukan kebijakan meritkit yang telah ditetapkan",
            ));
        }
        let problems = self.policy.check();
        if !problems.is_empty() {
            return Err(Error::Policy(problems));
        }
        if self.policy.fingerprint() != self.policy_fingerprint {
            return Err(bad(
                "policy_fingerprint",
                "the policy's fingerprint does not match",
                "sidik kebijakan tidak cocok",
            ));
        }
        if self.computed_fingerprint() != self.fingerprint {
            return Err(bad(
                "fingerprint",
                "the resolved policy was altered",
                "kebijakan yang telah ditetapkan telah diubah",
            ));
        }
        // its tables as a summary: units ascending and distinct, histograms well formed, the
        // date a date, the size bounded (the checks a summary gets); each axis's method the policy's
        let axis = |a: &Option<ResolvedAxis>| {
            a.as_ref().map(|a| AxisScores {
                scope: a.scope,
                scopes: a
                    .tables
                    .iter()
                    .map(|t| ScopeScores { unit: t.unit.clone(), population: t.population, scores: t.scores.clone() })
                    .collect(),
            })
        };
        let as_summary = Summary {
            format: SUMMARY_FORMAT.into(),
            policy_fingerprint: self.policy_fingerprint.clone(),
            date: self.date.clone(),
            rows: self.rows,
            potential: axis(&self.potential),
            performance: axis(&self.performance),
        };
        as_summary.check("").map_err(|e| {
            Error::Policy(e.problems().iter().map(|p| Problem { code: Code::InvalidPolicy, ..p.clone() }).collect())
        })?;
        for (name, given) in [("potential", &self.potential), ("performance", &self.performance)] {
            let cut = match name {
                "potential" => Some(&self.policy.potential.cutoffs),
                _ => perf_cutoffs(&self.policy),
            };
            let method = match cut {
                Some(Cutoffs::Percentile { .. }) => "percentile",
                Some(Cutoffs::Distribution { .. }) => "distribution",
                _ => "fixed",
            };
            if given.as_ref().is_some_and(|a| a.method != method) {
                return Err(bad(
                    &format!("{name}.method"),
                    "the method is not the policy's cut-off method",
                    "metode bukan metode batas kebijakan",
                ));
            }
        }
        Ok(())
    }

    /// The level tables of the resolved policy, each table's thresholds and population computed
    /// again from its histogram and compared with the record (`invalid_policy` when they differ).
    pub(crate) fn levels(&self) -> Result<Levels, Error> {
        let bad = |path: &str, en: &str, id: &str| Error::Policy(vec![Problem::new(Code::InvalidPolicy, path, en, id)]);
        let grid = self.policy.grid();
        let mut unit_ids: rustc_hash::FxHashMap<String, u32> = rustc_hash::FxHashMap::default();
        let relative = relative_axes(&self.policy);
        let mut tables = |name: &str, cut: &Cutoffs, levels: usize| -> Result<Tables<u32>, Error> {
            let given = match name {
                "performance" => &self.performance,
                _ => &self.potential,
            };
            let Some(axis) = given.as_ref().filter(|_| relative.iter().any(|(n, ..)| *n == name)) else {
                if given.is_some() {
                    return Err(bad(name, "a table for fixed cut-offs", "tabel untuk batas tetap"));
                }
                return Ok(Tables::new(cut, levels, std::iter::empty()));
            };
            let per_unit = crate::cutoffs::scope(cut) == Some(Scope::Unit);
            let mut out = BTreeMap::new();
            for (k, t) in axis.tables.iter().enumerate() {
                let s = ScopeScores { unit: t.unit.clone(), population: t.population, scores: t.scores.clone() };
                let (table, record) = table_of(cut, &s, levels);
                let sum: u64 = t.scores.iter().map(|&(_, c)| c).sum();
                let same = record.score_thresholds.len() == t.score_thresholds.len()
                    && record
                        .score_thresholds
                        .iter()
                        .zip(&t.score_thresholds)
                        .all(|(a, b)| a.map(|x| x.0.to_bits()) == b.map(|x| x.0.to_bits()));
                if !same || sum != t.population || axis.scope != crate::cutoffs::scope(cut).unwrap_or_default() {
                    return Err(bad(
                        &format!("{name}.tables[{k}]"),
                        "the thresholds are not those of the recorded population",
                        "batas bukan batas dari populasi yang tercatat",
                    ));
                }
                let key = match (&t.unit, per_unit) {
                    (Some(u), true) => {
                        let next = unit_ids.len() as u32;
                        Some(*unit_ids.entry(u.clone()).or_insert(next))
                    }
                    (None, false) => None,
                    _ => {
                        return Err(bad(
                            &format!("{name}.tables[{k}].unit"),
                            "a table's unit does not match the scope",
                            "unit tabel tidak sesuai cakupan",
                        ))
                    }
                };
                out.insert(key, table);
            }
            Ok(Tables::from_parts(per_unit, out))
        };
        let perf = match perf_cutoffs(&self.policy) {
            Some(c) => Some(tables("performance", c, grid.performance_count())?),
            None if self.performance.is_some() => {
                return Err(bad("performance", "a table for an axis without cut-offs", "tabel untuk sumbu tanpa batas"))
            }
            None => None,
        };
        let pot = tables("potential", &self.policy.potential.cutoffs, grid.potential_count())?;
        Ok(Levels::resolved(perf, pot, unit_ids))
    }

    /// The reference date to score with: the one the population was summarised at; another
    /// given date is refused (the population would differ).
    fn context(&self, ctx: &Context) -> Result<Context, Error> {
        let recorded = self.date.as_deref().map(crate::api::parse_date).transpose()?;
        match (ctx.today, recorded) {
            (Some(a), Some(b)) if a != b => Err(request(
                "date",
                "the date is not the one the population was summarised at",
                "tanggal bukan tanggal saat populasi diringkas",
            )),
            (Some(_), None) => Err(request(
                "date",
                "the population was summarised without a reference date",
                "populasi diringkas tanpa tanggal acuan",
            )),
            _ => Ok(Context { today: recorded, ..*ctx }),
        }
    }
}

/// Scores one partition given as rows with a resolved policy: the answer of one call on the
/// whole population for these rows (placements, explanations, errors), rows numbered from
/// `first_row` (the partition's first row in the whole input), and the counts of these rows
/// (merge them with [`merge_score_summaries`]). A NIP repeated in another partition is not
/// seen here. A row of a unit with a score but no table in a scope-`unit` policy is a
/// `unit_not_in_summary` error.
pub fn score_rows(
    rows: &[ParsedRow],
    resolved: &ResolvedPolicy,
    ctx: &Context,
    first_row: usize,
) -> Result<ScoreOutput, Error> {
    let ctx = resolved.context(ctx)?;
    check_first_row(first_row, rows.len())?;
    let stream = Stream::with_levels(&resolved.policy, resolved.levels()?, &ctx, usize::MAX, first_row);
    crate::scoring::score_in(stream, rows.len(), |i| rows[i].as_ref(), &ctx)
        .map_err(|e| Error::internal(format!("error rows refused at row {}", e.row)))
}

/// [`score_rows`] on a partition given as a flat table, by the columnar kernel (as
/// [`crate::columnar::score_flat`] scores a whole table).
pub fn score_table<'a>(
    table: &'a FlatTable<'a>,
    resolved: &ResolvedPolicy,
    ctx: &Context,
    first_row: usize,
) -> Result<FlatScore<'a>, Error> {
    let ctx = resolved.context(ctx)?;
    let layout = table.layout()?;
    let n = table.rows();
    check_first_row(first_row, n)?;
    let row = |i: usize| table.parsed_row(&layout, i);
    let mut stream = Stream::with_levels(&resolved.policy, resolved.levels()?, &ctx, usize::MAX, first_row);
    let mut fs = stream
        .score_table(table, &row, &vec![false; n])
        .map_err(|e| Error::internal(format!("error rows refused at row {}", e.row)))?;
    fs.summary = stream.finish();
    Ok(fs)
}

/// Row numbers from `first_row` must stay row numbers (at most `i64::MAX`: Arrow's `row`
/// column is an `int64`).
fn check_first_row(first_row: usize, rows: usize) -> Result<(), Error> {
    match first_row.checked_add(rows) {
        Some(end) if end as u64 <= i64::MAX as u64 => Ok(()),
        _ => Err(request(
            "first_row",
            "first_row plus the partition's rows must stay within 2^63 - 1",
            "first_row ditambah jumlah baris partisi harus tetap dalam 2^63 - 1",
        )),
    }
}

fn add_group(a: &mut GroupSummary, b: &GroupSummary) -> Result<(), Error> {
    let add = |x: &mut usize, y: usize| -> Result<(), Error> {
        *x = x.checked_add(y).ok_or_else(|| overflow("summaries"))?;
        Ok(())
    };
    add(&mut a.rows, b.rows)?;
    add(&mut a.placed, b.placed)?;
    add(&mut a.holding, b.holding)?;
    add(&mut a.errors, b.errors)?;
    add(&mut a.warnings, b.warnings)?;
    for (k, v) in &b.boxes {
        add(a.boxes.entry(*k).or_default(), *v)?;
    }
    for (k, v) in &b.talent_pool {
        add(a.talent_pool.entry(*k).or_default(), *v)?;
    }
    for (k, v) in &b.error_codes {
        add(a.error_codes.entry(*k).or_default(), *v)?;
    }
    Ok(())
}

/// The counts of several partitions' answers as the counts of one answer on all their rows
/// (totals and per unit, units by name): exact, associative and commutative; counts that would
/// pass `usize::MAX` are refused (`limit_exceeded`), never wrapped.
pub fn merge_score_summaries(summaries: &[crate::scoring::Summary]) -> Result<crate::scoring::Summary, Error> {
    let mut total = GroupSummary::default();
    let mut units: BTreeMap<Option<String>, GroupSummary> = BTreeMap::new();
    for s in summaries {
        add_group(&mut total, &s.total)?;
        for u in &s.units {
            match units.get_mut(&u.unit) {
                Some(g) => add_group(g, u)?,
                None => {
                    units.insert(u.unit.clone(), u.clone());
                }
            }
        }
    }
    Ok(crate::scoring::Summary { total, units: units.into_values().collect() })
}

//! Merit-rule validation: declarative eligibility rules, data-quality checks
//! and the protected-attribute guard (UU 5/2014, UU 20/2023, PP 11/2017 jo
//! PP 17/2020, PP 94/2021).
//!
//! A [`RuleSet`] is data (TOML or JSON, JSON Schema in [`schema`]); nothing in
//! it can execute code or reach the file system. Each employee is evaluated at
//! a reference date; each rule gives `pass`, `fail` or `unknown` (data missing:
//! never silently pass or fail) with the actual and expected values and a
//! reason in English and Bahasa Indonesia.
//!
//! ```
//! use meritkit::rules::{builtin, validate_employees, Outcome};
//! let set = builtin("jpt_pratama").unwrap();
//! let e: meritkit::Employee = serde_json::from_str(r#"{
//!   "nip": "196801012000031001", "unit": "Dinas Pangan",
//!   "position": {"kind": "administrator", "since": "2020-01-01"},
//!   "rank": "IV/b", "education": "S2",
//!   "performance": [{"year": 2024, "predikat": "Baik"}, {"year": 2025, "predikat": "Sangat Baik"}]
//! }"#).unwrap();
//! let date = "2026-01-02".parse().unwrap();
//! let out = validate_employees(&[e], &set, date, &meritkit::Policy::preset("permenpanrb_3_2020").unwrap());
//! let age = out.results[0].rules.iter().find(|r| r.id == "usia_maksimal").unwrap();
//! assert_eq!(age.outcome, Outcome::Fail); // 58 years old: above the JPT Pratama limit of 56
//! assert_eq!(age.reason.id, "usia 58 tahun melebihi batas 56 tahun untuk JPT Pratama");
//! assert!(!out.results[0].eligible);
//! ```

mod builtin;
pub mod check;
pub mod distribution;
pub mod guard;
pub mod predicate;

pub use builtin::{builtin, BUILTIN};
pub use check::{check, parse_rule_set, parse_rule_set_value};
pub use predicate::Predicate;

use crate::error::{Message, Problem, RowError};
use crate::model::Employee;
use crate::nip::Nip;
use crate::policy::Policy;
use crate::scoring::{ParsedRow, Placement};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// `error` makes the person ineligible; `warning` does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Failing (or unknown, unless allowed) makes the employee ineligible.
    Error,
    /// Reported only.
    Warning,
}

/// Outcome of one rule for one employee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The rule holds.
    Pass,
    /// The rule does not hold.
    Fail,
    /// Data needed by the rule is missing.
    Unknown,
}

/// A message template; `{actual}` and `{expected}` are replaced.
pub type Template = Message;

/// One rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier (`[a-z0-9_]`, at most 64 characters).
    pub id: String,
    /// Short title shown instead of the `id`, in English and Bahasa Indonesia
    /// ("Minimum education" / "Pendidikan minimal"). Display text only, never
    /// a condition. Every built-in rule has one; optional in rule files (when
    /// absent, displays fall back to the `id`: [`Rule::title_or_id`]).
    #[serde(default = "Rule::no_title", skip_serializing_if = "Rule::title_is_empty")]
    pub title: Message,
    /// Legal source, e.g. "PP 11/2017 Ps. 107 jo PP 17/2020".
    pub citation: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// Message when the rule fails; placeholders `{actual}`, `{expected}`.
    pub message: Template,
    /// Optional note (confidence, interpretation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the rule comes from: kind of source, instrument, article,
    /// confidence, note ([`crate::basis`]). Every built-in rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<crate::basis::Basis>,
    /// The condition.
    pub when: Predicate,
}

impl Rule {
    fn no_title() -> Message {
        Message::new("", "")
    }
    fn title_is_empty(t: &Message) -> bool {
        t.en.trim().is_empty() && t.id.trim().is_empty()
    }
    /// True when the rule has a title in at least one language.
    pub fn has_title(&self) -> bool {
        !Self::title_is_empty(&self.title)
    }
    /// Why the rule could not be judged, by its title: the data it needs.
    pub fn unknown_reason(&self) -> Message {
        let (title, (en, id)) = (self.title_or_id(), self.when.needs());
        Message::new(
            format!("{}: unknown, missing {en}", title.en),
            format!("{}: tidak dapat dinilai, data tidak ada: {id}", title.id),
        )
    }
    /// The title for display; a language without one falls back to the `id`.
    ///
    /// ```
    /// let set = meritkit::rules::builtin("administrator").unwrap();
    /// let r = set.rules.iter().find(|r| r.id == "pendidikan_minimal").unwrap();
    /// assert_eq!(r.title_or_id().id, "Pendidikan minimal");
    /// assert_eq!(r.title_or_id().en, "Minimum education");
    /// ```
    pub fn title_or_id(&self) -> Message {
        let pick = |t: &str| if t.trim().is_empty() { self.id.clone() } else { t.trim().to_string() };
        Message::new(pick(&self.title.en), pick(&self.title.id))
    }
}

/// A rule set: the data an agency writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Name (`[a-z0-9_]`).
    pub name: String,
    /// Version of the rule set.
    pub version: String,
    /// The regulation it implements.
    pub implements: String,
    /// Description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// When true, an `unknown` error-severity rule does not make the employee ineligible.
    #[serde(default)]
    pub allow_unknown: bool,
    /// The rules, evaluated in order.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Canonical JSON (keys sorted, no whitespace).
    pub fn canonical_json(&self) -> String {
        crate::policy::canonical_json_of(self)
    }
    /// SHA-256 (hex) of the canonical JSON.
    pub fn fingerprint(&self) -> String {
        crate::policy::fingerprint_of(self)
    }
    /// Identity for answers.
    pub fn info(&self) -> RuleSetInfo {
        RuleSetInfo {
            name: self.name.clone(),
            version: self.version.clone(),
            implements: self.implements.clone(),
            fingerprint: self.fingerprint(),
        }
    }
    /// True when some rule needs 9-box scoring.
    pub fn needs_scoring(&self) -> bool {
        self.rules.iter().any(|r| r.when.needs_scoring())
    }
    /// The set with every eselon-derived rank floor (`rank_at_least` with
    /// `eselon`) taken from `eselon`: the eselon of the target position, or
    /// of its kind in the policy. Floors with an explicit `pns` bound are
    /// left alone.
    ///
    /// ```
    /// use meritkit::rank::Eselon;
    /// let set = meritkit::rules::builtin("jpt_madya").unwrap();
    /// let sekda = set.with_eselon(Eselon::IB); // a provincial Sekda
    /// let floor = sekda.rules.iter().find(|r| r.id == "pangkat_minimal").unwrap();
    /// assert_eq!(floor.when.expected().show(true), "IV/b");
    /// ```
    pub fn with_eselon(&self, eselon: crate::rank::Eselon) -> RuleSet {
        let mut out = self.clone();
        for r in &mut out.rules {
            r.when.set_eselon(eselon);
        }
        out
    }
    /// The eselon a policy gives for the kind this set is named after
    /// (`jpt_madya`, `administrator`, ...), if any.
    pub fn policy_eselon(&self, policy: &Policy) -> Option<crate::rank::Eselon> {
        crate::position::PositionKind::parse(&self.name).and_then(|k| policy.eselon.get(&k).copied())
    }
    /// TOML text.
    pub fn to_toml(&self) -> Result<String, crate::Error> {
        toml::to_string_pretty(self).map_err(|e| crate::Error::internal(format_args!("TOML writer: {e}")))
    }
}

/// JSON Schema of rule files (built by `schemars`; with the `schema` feature
/// off, the same schema from `schemas/rules.schema.json`).
pub fn schema() -> serde_json::Value {
    #[cfg(feature = "schema")]
    {
        serde_json::to_value(schemars::schema_for!(RuleSet)).unwrap_or(serde_json::Value::Null)
    }
    #[cfg(not(feature = "schema"))]
    {
        crate::schemas::embedded(crate::schemas::RULES)
    }
}

/// A value in an outcome (actual or expected). Durations travel as months,
/// ages as years.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// Nothing (unknown).
    None,
    /// Nothing found (no sanction, no future date): `"none"` / "tidak ada".
    Absent,
    /// Boolean.
    Bool(bool),
    /// Integer.
    Int(i64),
    /// Number.
    Num(f64),
    /// Age or other whole years.
    Years(i32),
    /// Duration in whole months.
    Months(i32),
    /// Enumeration: code (wire) and label (messages).
    Label(&'static str, &'static str),
    /// Free text.
    Text(std::borrow::Cow<'static, str>),
    /// A word the engine says (`valid`, `consistent`, a NIP problem): its code on the wire, its text
    /// per language in messages.
    Word(std::borrow::Cow<'static, str>, Message),
    /// A list.
    List(Vec<Val>),
}

impl Val {
    /// A fixed word: `code` on the wire, `en` / `id` in messages.
    pub fn word(code: &'static str, en: &'static str, id: &'static str) -> Val {
        Val::Word(code.into(), Message::new(en, id))
    }
    /// JSON form: codes for enumerations, numbers for years and months.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Val::None => J::Null,
            Val::Absent => J::String("none".into()),
            Val::Bool(b) => J::Bool(*b),
            Val::Int(i) => J::from(*i),
            Val::Num(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
            Val::Years(y) | Val::Months(y) => J::from(*y),
            Val::Label(c, _) => J::String((*c).into()),
            Val::Text(t) | Val::Word(t, _) => J::String(t.to_string()),
            Val::List(v) => J::Array(v.iter().map(Val::to_json).collect()),
        }
    }
    /// Text for messages.
    pub fn show(&self, en: bool) -> String {
        match self {
            Val::None => if en { "unknown" } else { "tidak diketahui" }.into(),
            Val::Absent => if en { "none" } else { "tidak ada" }.into(),
            Val::Bool(b) => match (b, en) {
                (true, true) => "yes".into(),
                (false, true) => "no".into(),
                (true, false) => "ya".into(),
                (false, false) => "tidak".into(),
            },
            Val::Int(i) => i.to_string(),
            Val::Num(x) => format!("{}", (x * 100.0).round() / 100.0),
            Val::Years(y) => y.to_string(),
            Val::Months(m) => {
                let (y, mo) = (m.div_euclid(12), m.rem_euclid(12));
                let ys = if y == 1 { "year" } else { "years" };
                let ms = if mo == 1 { "month" } else { "months" };
                match (en, mo) {
                    (true, 0) => format!("{y} {ys}"),
                    (true, _) => format!("{y} {ys} {mo} {ms}"),
                    (false, 0) => format!("{y} tahun"),
                    (false, _) => format!("{y} tahun {mo} bulan"),
                }
            }
            Val::Label(_, l) => (*l).into(),
            Val::Text(t) => t.to_string(),
            Val::Word(_, m) => if en { &m.en } else { &m.id }.clone(),
            Val::List(v) => v.iter().map(|x| x.show(en)).collect::<Vec<_>>().join(if en { " or " } else { " atau " }),
        }
    }
}

/// Result of one predicate.
#[derive(Clone, Debug, PartialEq)]
pub struct Eval {
    /// Outcome.
    pub outcome: Outcome,
    /// Actual value.
    pub actual: Val,
}

/// One employee prepared for evaluation at a date.
pub struct Subject<'a> {
    /// The record.
    pub e: &'a Employee,
    /// Reference date.
    pub date: Date,
    /// Parsed NIP (validated against the date).
    pub nip: Option<Nip>,
    /// Why the NIP did not parse.
    pub nip_problem: Option<Problem>,
    /// Birth date: `birth_date`, else from the NIP.
    pub birth: Option<Date>,
    /// 9-box placement, when the rule set needs scoring.
    pub placement: Option<&'a Placement>,
    /// How many input rows carry this NIP.
    pub nip_count: usize,
}

impl<'a> Subject<'a> {
    /// Prepares a record.
    pub fn new(e: &'a Employee, date: Date) -> Self {
        let (nip, nip_problem) = match Nip::parse(&e.nip, Some(date)) {
            Ok(n) => (Some(n), None),
            Err(p) => (None, Some(p)),
        };
        let birth = e.birth_date.or_else(|| nip.as_ref().map(Nip::birth_date));
        Subject { e, date, nip, nip_problem, birth, placement: None, nip_count: 1 }
    }
}

/// Identity of the rule set in every answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct RuleSetInfo {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Regulation implemented.
    pub implements: String,
    /// SHA-256 of the canonical JSON.
    pub fingerprint: String,
}

/// One rule's outcome for one employee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct RuleResult {
    /// Rule id.
    pub id: String,
    /// pass / fail / unknown.
    pub outcome: Outcome,
    /// Actual value (null when unknown). Durations in months, ages in years.
    #[cfg_attr(feature = "tsify", tsify(type = "unknown"))]
    pub actual: serde_json::Value,
    /// Expected value.
    #[cfg_attr(feature = "tsify", tsify(type = "unknown"))]
    pub expected: serde_json::Value,
    /// Why, in English and Bahasa Indonesia.
    pub reason: Message,
    /// Severity of the rule.
    pub severity: Severity,
    /// True for statutory age/retirement limits (the only lawful use of age).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub statutory: bool,
}

/// One employee's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct EmployeeResult {
    /// 0-based input row.
    pub row: usize,
    /// NIP as given.
    pub nip: String,
    /// Unit (OPD).
    pub unit: String,
    /// True when no error-severity rule failed and none is unknown (unless the set allows unknown).
    pub eligible: bool,
    /// Every rule, in rule-set order.
    pub rules: Vec<RuleResult>,
}

/// Counts for one unit or overall.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct GroupCounts {
    /// Unit; absent for the overall counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Input rows.
    pub rows: usize,
    /// Eligible employees.
    pub eligible: usize,
    /// Evaluated but not eligible.
    pub ineligible: usize,
    /// Rows that could not be read (in `errors`).
    pub errors: usize,
    /// Per rule id: how many employees it made ineligible.
    pub excluded_by: BTreeMap<String, usize>,
}

/// Per-rule counts over the whole input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct RuleCount {
    /// Rule id.
    pub id: String,
    /// Severity.
    pub severity: Severity,
    /// Passes.
    pub pass: usize,
    /// Failures.
    pub fail: usize,
    /// Unknowns.
    pub unknown: usize,
    /// Employees this rule made ineligible.
    pub excluded: usize,
}

/// Summary of a validation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct ValidateSummary {
    /// Overall counts.
    pub total: GroupCounts,
    /// Per unit, sorted by unit.
    pub units: Vec<GroupCounts>,
    /// Per rule.
    pub rules: Vec<RuleCount>,
}

/// Output of [`validate_rows`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct ValidateOutput {
    /// The rule set used.
    pub rule_set: RuleSetInfo,
    /// Reference date.
    pub date: String,
    /// One result per readable row, in input order.
    pub results: Vec<EmployeeResult>,
    /// Rows that could not be read.
    pub errors: Vec<RowError>,
    /// Counts.
    pub summary: ValidateSummary,
}

fn bump(m: &mut BTreeMap<String, usize>, k: &str) {
    match m.get_mut(k) {
        Some(v) => *v += 1,
        None => {
            m.insert(k.to_string(), 1);
        }
    }
}

fn render(t: &str, actual: &str, expected: &str) -> String {
    t.replace("{actual}", actual).replace("{expected}", expected)
}

/// Evaluates one rule set for one subject, compactly (no messages): the
/// outcome and actual value per rule, and eligibility.
pub fn evaluate(set: &RuleSet, s: &Subject<'_>, policy: &Policy) -> (bool, Vec<Eval>) {
    let mut eligible = true;
    let mut out = Vec::with_capacity(set.rules.len());
    for r in &set.rules {
        let ev = r.when.eval(s, policy);
        if r.severity == Severity::Error
            && (ev.outcome == Outcome::Fail || (ev.outcome == Outcome::Unknown && !set.allow_unknown))
        {
            eligible = false;
        }
        out.push(ev);
    }
    (eligible, out)
}

/// How many rows carry each NIP (trimmed), over every row including
/// unreadable ones. 18-digit NIPs are keyed by their numeric value.
#[derive(Debug, Default)]
pub struct NipCounts {
    digits: HashMap<u64, u32, std::hash::BuildHasherDefault<MixHasher>>,
    other: HashMap<String, u32>,
}

/// A fast hasher for 64-bit keys (a multiply-xorshift mix); not for untrusted strings.
#[derive(Debug, Default)]
pub struct MixHasher(u64);

impl std::hash::Hasher for MixHasher {
    fn finish(&self) -> u64 {
        let mut x = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^= x >> 32;
        x
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | u64::from(*b)).rotate_left(5);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn nip_key(nip: &str) -> Option<u64> {
    let b = nip.as_bytes();
    if b.len() == 18 && b.iter().all(u8::is_ascii_digit) {
        Some(b.iter().fold(0u64, |a, &c| a * 10 + u64::from(c - b'0')))
    } else {
        None
    }
}

impl NipCounts {
    /// Counts the NIPs given.
    pub fn new<'a>(nips: impl Iterator<Item = Option<&'a str>>) -> Self {
        let mut c = NipCounts::default();
        for n in nips.flatten() {
            let n = n.trim();
            match nip_key(n) {
                Some(k) => *c.digits.entry(k).or_insert(0) += 1,
                None => *c.other.entry(n.to_string()).or_insert(0) += 1,
            }
        }
        c
    }
    /// How many rows carry this NIP (1 when unseen).
    pub fn get(&self, nip: &str) -> usize {
        let n = nip.trim();
        let c = match nip_key(n) {
            Some(k) => self.digits.get(&k).copied(),
            None => self.other.get(n).copied(),
        };
        c.map_or(1, |c| c as usize)
    }
}

/// Validates typed records.
pub fn validate_employees(employees: &[Employee], set: &RuleSet, date: Date, policy: &Policy) -> ValidateOutput {
    let scored = set
        .needs_scoring()
        .then(|| crate::scoring::score(employees, policy, &crate::scoring::Context::placements(Some(date))));
    validate_impl(employees.len(), |i| Ok(&employees[i]), scored.as_ref(), set, date, policy)
}

/// Validates rows (some may have failed to parse: they come back in `errors`).
/// Every row comes back either as a result or as at least one error.
pub fn validate_rows(rows: &[ParsedRow], set: &RuleSet, date: Date, policy: &Policy) -> ValidateOutput {
    let scored = set
        .needs_scoring()
        .then(|| crate::scoring::score_rows(rows, policy, &crate::scoring::Context::placements(Some(date))));
    validate_impl(rows.len(), |i| rows[i].as_ref(), scored.as_ref(), set, date, policy)
}

fn placements_of(n: usize, scored: Option<&crate::scoring::ScoreOutput>) -> Vec<Option<&Placement>> {
    let mut placements: Vec<Option<&Placement>> = vec![None; n];
    if let Some(s) = scored {
        for p in &s.results {
            if let Some(slot) = placements.get_mut(p.row) {
                *slot = Some(p);
            }
        }
    }
    placements
}

/// Eligibility only (no messages, no summary): the fast path for callers
/// that need the yes/no per employee, e.g. to pre-filter a candidate list.
/// Same outcomes as [`validate_employees`].
pub fn eligible_flags(employees: &[Employee], set: &RuleSet, date: Date, policy: &Policy) -> Vec<bool> {
    let scored = set
        .needs_scoring()
        .then(|| crate::scoring::score(employees, policy, &crate::scoring::Context::placements(Some(date))));
    let placements = placements_of(employees.len(), scored.as_ref());
    let counts = NipCounts::new(employees.iter().map(|e| Some(e.nip.as_str())));
    let first_of = crate::scoring::first_rows_by_nip(employees.iter().map(|e| Some(e.nip.as_str())));
    employees
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if first_of.get(i).is_some_and(Option::is_some) {
                return false; // a duplicate_nip error row in validate_employees
            }
            let mut s = Subject::new(e, date);
            s.placement = placements[i];
            s.nip_count = counts.get(&e.nip);
            set.rules.iter().all(|r| {
                r.severity == Severity::Warning
                    || match r.when.eval(&s, policy).outcome {
                        Outcome::Pass => true,
                        Outcome::Fail => false,
                        Outcome::Unknown => set.allow_unknown,
                    }
            })
        })
        .collect()
}

fn validate_impl<'a>(
    n: usize,
    get: impl Fn(usize) -> Result<&'a Employee, &'a crate::scoring::ParseFailure>,
    scored: Option<&crate::scoring::ScoreOutput>,
    set: &RuleSet,
    date: Date,
    policy: &Policy,
) -> ValidateOutput {
    // Rank floors from the eselon the policy gives for the set's kind.
    let specialised = set.policy_eselon(policy).map(|e| set.with_eselon(e));
    let set = specialised.as_ref().unwrap_or(set);
    let placements = placements_of(n, scored);
    let counts = NipCounts::new((0..n).map(|i| match get(i) {
        Ok(e) => Some(e.nip.as_str()),
        Err(f) => f.nip.as_deref(),
    }));
    let expected: Vec<(serde_json::Value, String, String)> = set
        .rules
        .iter()
        .map(|r| {
            let x = r.when.expected();
            (x.to_json(), x.show(true), x.show(false))
        })
        .collect();
    let statutory: Vec<bool> = set.rules.iter().map(|r| r.when.is_statutory()).collect();
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let mut rule_counts: Vec<RuleCount> = set
        .rules
        .iter()
        .map(|r| RuleCount { id: r.id.clone(), severity: r.severity, pass: 0, fail: 0, unknown: 0, excluded: 0 })
        .collect();
    let mut units: BTreeMap<String, GroupCounts> = BTreeMap::new();
    let mut total = GroupCounts::default();
    // Rows repeating an earlier NIP are error rows, as in scoring.
    let first_of = crate::scoring::first_rows_by_nip((0..n).map(|i| match get(i) {
        Ok(e) => Some(e.nip.as_str()),
        Err(f) => f.nip.as_deref(),
    }));
    for (i, placement) in placements.iter().enumerate() {
        if let Some(&Some(first)) = first_of.get(i) {
            let (unit, nip) = match get(i) {
                Ok(e) => (e.unit.clone(), Some(e.nip.clone())),
                Err(f) => (f.unit.clone().unwrap_or_default(), f.nip.clone()),
            };
            if let Err(f) = get(i) {
                for p in &f.problems {
                    errors.push(RowError::from_problem(i, f.nip.clone(), p.clone()));
                }
            }
            errors.push(crate::scoring::duplicate_nip_error(i, nip, first));
            let g = units.entry(unit).or_default();
            g.rows += 1;
            g.errors += 1;
            total.rows += 1;
            total.errors += 1;
            continue;
        }
        match get(i) {
            Err(f) => {
                let g = units.entry(f.unit.clone().unwrap_or_default()).or_default();
                g.rows += 1;
                g.errors += 1;
                total.rows += 1;
                total.errors += 1;
                for p in &f.problems {
                    errors.push(RowError::from_problem(i, f.nip.clone(), p.clone()));
                }
                if f.problems.is_empty() {
                    errors.push(RowError::from_problem(
                        i,
                        f.nip.clone(),
                        Problem::new(crate::Code::InvalidInput, "", "unreadable row", "baris tidak dapat dibaca"),
                    ));
                }
            }
            Ok(e) => {
                let mut s = Subject::new(e, date);
                s.placement = *placement;
                s.nip_count = counts.get(&e.nip);
                let (eligible, evals) = evaluate(set, &s, policy);
                if !units.contains_key(&e.unit) {
                    units.insert(e.unit.clone(), GroupCounts::default());
                }
                let Some(g) = units.get_mut(&e.unit) else { continue };
                g.rows += 1;
                total.rows += 1;
                if eligible {
                    g.eligible += 1;
                    total.eligible += 1;
                } else {
                    g.ineligible += 1;
                    total.ineligible += 1;
                }
                let mut rr = Vec::with_capacity(evals.len());
                for (k, (rule, ev)) in set.rules.iter().zip(evals).enumerate() {
                    let (ej, een, eid) = &expected[k];
                    let c = &mut rule_counts[k];
                    match ev.outcome {
                        Outcome::Pass => c.pass += 1,
                        Outcome::Fail => c.fail += 1,
                        Outcome::Unknown => c.unknown += 1,
                    }
                    let excluded = rule.severity == Severity::Error
                        && (ev.outcome == Outcome::Fail || (ev.outcome == Outcome::Unknown && !set.allow_unknown));
                    if excluded {
                        c.excluded += 1;
                        bump(&mut g.excluded_by, &rule.id);
                        bump(&mut total.excluded_by, &rule.id);
                    }
                    let reason = match ev.outcome {
                        Outcome::Fail => Message::new(
                            render(&rule.message.en, &ev.actual.show(true), een),
                            render(&rule.message.id, &ev.actual.show(false), eid),
                        ),
                        Outcome::Pass => {
                            let title = rule.title_or_id();
                            Message::new(
                                format!("{}: met (actual {}; required {})", title.en, ev.actual.show(true), een),
                                format!("{}: terpenuhi (nilai {}; syarat {})", title.id, ev.actual.show(false), eid),
                            )
                        }
                        Outcome::Unknown => rule.unknown_reason(),
                    };
                    rr.push(RuleResult {
                        id: rule.id.clone(),
                        outcome: ev.outcome,
                        actual: ev.actual.to_json(),
                        expected: ej.clone(),
                        reason,
                        severity: rule.severity,
                        statutory: statutory[k],
                    });
                }
                results.push(EmployeeResult { row: i, nip: e.nip.clone(), unit: e.unit.clone(), eligible, rules: rr });
            }
        }
    }
    let units = units
        .into_iter()
        .map(|(u, mut g)| {
            g.unit = Some(u);
            g
        })
        .collect();
    ValidateOutput {
        rule_set: set.info(),
        date: crate::date::ymd(date),
        results,
        errors,
        summary: ValidateSummary { total, units, rules: rule_counts },
    }
}

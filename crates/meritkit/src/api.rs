//! The JSON-facing API that every binding calls (Python, WebAssembly, CLI).
//!
//! Requests are typed structs with `deny_unknown_fields`; answers are tagged:
//! `{"ok": true, "value": ...}` or `{"ok": false, "error": {"kind", "code",
//! "message", "problems": [...]}}`. Bindings only convert and map errors.
//!
//! ```
//! let answer = meritkit::api::score_json(r#"{"records": [{"nip": "123", "unit": "X", "position": {"kind": "pelaksana"}}]}"#);
//! let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
//! assert_eq!(v["ok"], true);
//! assert_eq!(v["value"]["errors"][0]["code"], "nip_format");
//! ```

use crate::calibration::ops as cal;
use crate::error::{Code, Error, Message, Problem};
use crate::performance::Predikat;
use crate::policy::{Policy, PRESETS};
use crate::rules::{
    self, distribution,
    distribution::{DistributionReport, OrgPredikat},
    RuleSet, RuleSetInfo, ValidateOutput,
};
use crate::scoring::{Context, ParsedRow, ScoreOutput};
pub use crate::source::Source;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Maximum number of records in one request.
pub const MAX_RECORDS: usize = 20_000_000;

/// A scoring request.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// The records (each parsed on its own; a bad one becomes a row error).
    #[cfg_attr(feature = "tsify", tsify(type = "Employee[]"))]
    pub records: Vec<serde_json::Value>,
    /// Preset name or inline policy; `permenpanrb_3_2020` when absent.
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "string | Policy | { file: string } | { text: string } | null"))]
    pub policy: Option<Source>,
    /// Reference date `YYYY-MM-DD` for future-date checks; the answer's `as_of.date`.
    #[serde(default)]
    pub date: Option<String>,
    /// The period the placements are for (`2026`): the answer's `as_of.period` (needs `date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Rows with errors the answer may carry; more refuse the request with
    /// `too_many_errors` ([`crate::scoring::MAX_ERROR_ROWS`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_error_rows: Option<usize>,
    /// How much of each placement's explanation the answer carries: `none`,
    /// `summary`, `full` (the default) or `text` (full, and in words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "\"none\" | \"summary\" | \"full\" | \"text\" | null"))]
    pub detail: Option<crate::scoring::Detail>,
}

/// A failure that stops the whole call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct ErrorAnswer {
    /// `policy_error`, `rule_set_error`, `request_error`, `input_error` or `internal_error`.
    pub kind: String,
    /// Code of the first problem.
    pub code: Code,
    /// Summary message.
    pub message: Message,
    /// Every problem.
    pub problems: Vec<Problem>,
}

impl From<&Error> for ErrorAnswer {
    fn from(e: &Error) -> Self {
        let ps = e.problems().to_vec();
        let first = ps
            .first()
            .cloned()
            .unwrap_or_else(|| Problem::new(Code::Internal, "", "unknown error", "kesalahan tidak dikenal"));
        let (en, id) = e.title();
        ErrorAnswer {
            kind: e.kind().into(),
            code: first.code,
            message: Message::new(format!("{en}: {}", first.message.en), format!("{id}: {}", first.message.id)),
            problems: ps,
        }
    }
}

/// Tagged answer.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "ok")]
pub enum Answer<T> {
    /// Success.
    #[serde(rename = "true")]
    Ok {
        /// Value.
        value: T,
    },
    /// Failure.
    #[serde(rename = "false")]
    Err {
        /// Error.
        error: ErrorAnswer,
    },
}

/// A result as the tagged JSON answer (the exact bytes [`call_json`] returns).
pub fn answer_json<T: Serialize>(r: Result<T, Error>) -> String {
    /// `{"ok": true, "value": ...}` / `{"ok": false, "error": ...}`.
    #[derive(Serialize)]
    struct Tagged<V, E> {
        ok: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<V>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<E>,
    }
    let written = match r {
        Ok(value) => crate::sorted_json::to_string(&Tagged::<_, ()> { ok: true, value: Some(value), error: None }),
        Err(e) => crate::sorted_json::to_string(&Tagged::<(), _> {
            ok: false,
            value: None,
            error: Some(ErrorAnswer::from(&e)),
        }),
    };
    written.unwrap_or_else(|_| r#"{"ok":false,"error":{"kind":"internal","code":"internal","message":{"en":"serialization failed","id":"serialisasi gagal"},"problems":[]}}"#.into())
}

pub(crate) fn request_error(path: &str, en: String, id: String) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, path, en, id)])
}

/// Parses a reference date.
pub fn parse_date(s: &str) -> Result<Date, Error> {
    crate::date::parse_ymd(s.trim()).ok_or_else(|| {
        request_error("date", "date must be YYYY-MM-DD".into(), "tanggal harus berformat YYYY-MM-DD".into())
    })
}

/// The policy a request names ([`crate::source::policy`]; the JSON API reads no file).
pub fn resolve_policy(src: Option<&Source>) -> Result<Policy, Error> {
    crate::source::policy(src, &crate::source::NoFiles)
}

pub use crate::read::{parse_record, parse_row};

/// Refuses requests with more than [`MAX_RECORDS`] records.
fn check_record_count(n: usize) -> Result<(), Error> {
    if n > MAX_RECORDS {
        return Err(Error::Request(vec![Problem::new(
            Code::LimitExceeded,
            "records",
            format!("at most {MAX_RECORDS} records per request"),
            format!("paling banyak {MAX_RECORDS} baris per permintaan"),
        )]));
    }
    Ok(())
}

/// Scores a request.
pub fn score(req: &ScoreRequest) -> Result<ScoreOutput, Error> {
    check_record_count(req.records.len())?;
    score_records(req, req.records.iter().map(parse_row).collect())
}

/// Scores a request that is given away: each record's JSON value is dropped
/// once read (the values of the whole request are not held while it is scored).
fn score_owned(mut req: ScoreRequest) -> Result<ScoreOutput, Error> {
    check_record_count(req.records.len())?;
    let rows = std::mem::take(&mut req.records).into_iter().map(|v| parse_row(&v)).collect();
    score_records(&req, rows)
}

/// Scores a request's records as read (its `records` are not read again).
fn score_records(req: &ScoreRequest, rows: Vec<ParsedRow>) -> Result<ScoreOutput, Error> {
    let policy = resolve_policy(req.policy.as_ref())?;
    let today = req.date.as_deref().map(parse_date).transpose()?;
    if let Some(p) = &req.period {
        let ps = crate::scoring::AsOf::check_period(p, "period", today.is_some());
        if !ps.is_empty() {
            return Err(Error::Request(ps));
        }
    }
    let limit = req.max_error_rows.unwrap_or(crate::scoring::MAX_ERROR_ROWS);
    let mut out = crate::scoring::score_rows_within(
        &rows,
        &policy,
        &Context { today, detail: req.detail.unwrap_or_default() },
        limit,
    )
    .map_err(too_many_error_rows)?;
    out.as_of = crate::scoring::AsOf::of(today, req.period.as_deref());
    Ok(out)
}

/// The refusal of a request with more error rows than its limit.
fn too_many_error_rows(e: crate::scoring::TooManyErrorRows) -> Error {
    Error::Request(vec![e.problem(&format!("records[{}]", e.row), "max_error_rows")])
}

/// Parses a request from JSON text.
pub fn parse_request<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, Error> {
    crate::read::from_json_text(s).map_err(|e| {
        let syntax = e.syntax;
        let mut p = e.problem();
        p.code = match p.code {
            Code::InvalidValue if syntax => Code::InvalidInput,
            c => c,
        };
        Error::Request(vec![p])
    })
}

/// `score` from JSON text to a tagged JSON answer. Never panics.
///
/// ```
/// use meritkit::api::{answer_json, score, score_json, ScoreRequest};
/// # use meritkit::generate::{population, Options};
/// let records = serde_json::to_value(population(&Options { count: 40, ..Options::default() })).unwrap();
/// let text = serde_json::json!({"records": records, "date": "2026-06-30", "period": "2026"}).to_string();
/// let req: ScoreRequest = serde_json::from_str(&text).unwrap();
/// // the answer made a placement at a time is the one made of one JSON value
/// assert_eq!(score_json(&text), answer_json(score(&req)));
/// ```
pub fn score_json(request: &str) -> String {
    match score_text(request) {
        Ok(out) => score_answer_json(&out),
        Err(e) => answer_json::<()>(Err(e)),
    }
}

/// `score` from JSON text to a tagged answer whose value is in the packed form
/// of [`crate::sorted_json::Packed`]: `{"ok":true,"packed":{"shapes":[...],
/// "shared":[...],"value":...}}`, the parts of each placement and error (the
/// explanation, the description, the talent pool, ...) said once however many
/// carry them. Unpacked, the value is [`score_json`]'s; a refusal is
/// [`score_json`]'s answer itself. For the wasm package, whose JavaScript
/// builds the answer's objects from it (`bindings/wasm`).
///
/// ```
/// use meritkit::api::{score_json, score_packed_json};
/// let request = r#"{"records": [{"nip": "199001012015031001", "performance": [{"year": 2025, "predikat": "baik"}], "potential_score": 81}]}"#;
/// let packed: serde_json::Value = serde_json::from_str(&score_packed_json(request)).unwrap();
/// assert_eq!(packed["ok"], true);
/// assert!(packed["packed"]["shapes"].is_array() && packed["packed"]["shared"].is_array());
/// // a refusal is the plain answer
/// assert_eq!(score_packed_json("{}"), score_json("{}"));
/// ```
pub fn score_packed_json(request: &str) -> String {
    /// The depth of a placement's parts: the answer (0), `results` (1), a placement (2).
    const PARTS: u32 = 3;
    match score_text(request) {
        Ok(out) => {
            let mut packed = crate::sorted_json::Packed::new(PARTS);
            let mut value = Vec::with_capacity(out.results.len().saturating_mul(160).saturating_add(4096));
            let doc = packed.write(&mut value, &out).map(|()| {
                let mut doc = br#"{"ok":true,"packed":"#.to_vec();
                doc.extend_from_slice(&packed.finish(&value));
                doc.push(b'}');
                doc
            });
            match doc.map(String::from_utf8) {
                Ok(Ok(text)) => text,
                _ => score_answer_json(&out),
            }
        }
        Err(e) => answer_json::<()>(Err(e)),
    }
}

/// A score request's text scored: each record read from its own text where it can be ([`read_score_text`]).
fn score_text(request: &str) -> Result<ScoreOutput, Error> {
    match read_score_text(request) {
        Some((req, rows)) => score_records(&req, rows),
        None => parse_request::<ScoreRequest>(request).and_then(score_owned),
    }
}

/// A score request read from its text with each record parsed straight from
/// its own text, `None` when [`parse_request`] is to read it (and say what is
/// wrong with it, in its words and at its place).
///
/// The same request and rows as [`parse_request`] + [`score_owned`] make, without
/// a `serde_json::Value` of each record in between (building one cost more
/// than scoring it): the request's members other than `records` are read by
/// [`parse_request`] itself from a request holding them alone; a record that
/// reads as a record is that record (the typed read gives the same from text
/// as from a value, and refuses a repeated key at any depth: every struct of a
/// record refuses repeated fields, its maps repeated keys,
/// [`crate::read::unique_map`]); any other is read as the whole request
/// would read it (its value, then [`parse_row`]), and one that would refuse
/// the whole request ([`crate::read::strict_value`], at the record's depth in
/// the request) hands it all back.
fn read_score_text(request: &str) -> Option<(ScoreRequest, Vec<ParsedRow>)> {
    use serde_json::value::RawValue;
    /// The members of a request, each as its text.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Members<'a> {
        #[serde(borrow)]
        records: Vec<&'a RawValue>,
        #[serde(borrow, default)]
        policy: Option<&'a RawValue>,
        #[serde(borrow, default)]
        date: Option<&'a RawValue>,
        #[serde(borrow, default)]
        period: Option<&'a RawValue>,
        #[serde(borrow, default)]
        max_error_rows: Option<&'a RawValue>,
        #[serde(borrow, default)]
        detail: Option<&'a RawValue>,
    }
    let m = Members::deserialize(&mut serde_json::Deserializer::from_str(request)).ok()?;
    if m.records.len() > MAX_RECORDS {
        return None;
    }
    let mut rest = String::from(r#"{"records":[]"#);
    for (key, text) in [
        ("policy", m.policy),
        ("date", m.date),
        ("period", m.period),
        ("max_error_rows", m.max_error_rows),
        ("detail", m.detail),
    ] {
        if let Some(t) = text {
            rest.push_str(&format!(r#","{key}":{}"#, t.get()));
        }
    }
    rest.push('}');
    let req = parse_request::<ScoreRequest>(&rest).ok()?;
    let rows = crate::parallel::map(m.records.len(), m.records.len() >= 4096, |i| {
        let text = m.records.get(i)?.get();
        if text.starts_with('{') {
            let mut de = serde_json::Deserializer::from_str(text);
            if let Some(e) = crate::read::parse_record_unlocated(&mut de) {
                if de.end().is_ok() {
                    return Some(Ok(e));
                }
            }
        }
        // (read two levels down, where it sits in the request, so that serde_json's nesting limit refuses it
        // exactly where it refuses the whole request)
        let v = crate::read::strict_value(&format!("[[{text}]]"))?;
        Some(parse_row(v.get(0)?.get(0)?))
    });
    Some((req, rows.into_iter().collect::<Option<Vec<_>>>()?))
}

/// `answer_json(Ok(out))`, byte for byte, written a part at a time: each field
/// of the answer, and the placements in blocks (on rayon's threads in native
/// builds), written with sorted keys ([`crate::sorted_json`]) and joined.
fn score_answer_json(out: &ScoreOutput) -> String {
    fn put<T: Serialize>(s: &mut Vec<u8>, v: &T) -> Result<(), crate::sorted_json::Error> {
        crate::sorted_json::to_writer(s, v)
    }
    let mut s: Vec<u8> = Vec::with_capacity(out.results.len().saturating_mul(1024).saturating_add(4096));
    // (the answer's keys in their sorted order: as_of, errors, policy, results, summary)
    let written = (|| {
        s.extend_from_slice(br#"{"ok":true,"value":{"#);
        if let Some(a) = &out.as_of {
            s.extend_from_slice(br#""as_of":"#);
            put(&mut s, a)?;
            s.push(b',');
        }
        s.extend_from_slice(br#""errors":"#);
        put(&mut s, &out.errors)?;
        s.extend_from_slice(br#","policy":"#);
        put(&mut s, &out.policy)?;
        s.extend_from_slice(br#","results":["#);
        // (placements written a block at a time, the blocks on rayon's threads in native builds)
        const BLOCK: usize = 2048;
        let blocks = out.results.len().div_ceil(BLOCK);
        let texts = crate::parallel::map(blocks, blocks > 1, |b| {
            let mut t = Vec::with_capacity(BLOCK * 1024);
            let mut values = crate::sorted_json::Values::default();
            for (i, p) in out.results.iter().enumerate().skip(b * BLOCK).take(BLOCK) {
                if i > 0 {
                    t.push(b',');
                }
                values.write(&mut t, p)?;
            }
            Ok::<_, crate::sorted_json::Error>(t)
        });
        for t in texts {
            s.extend_from_slice(&t?);
        }
        s.extend_from_slice(br#"],"summary":"#);
        put(&mut s, &out.summary)?;
        s.extend_from_slice(b"}}");
        Ok::<_, crate::sorted_json::Error>(())
    })();
    match written.map(|()| String::from_utf8(s)) {
        Ok(Ok(text)) => text,
        _ => answer_json(Ok::<_, Error>(out)),
    }
}

/// A preset's identity.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct PresetInfo {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Local practice (not national law).
    pub local_practice: bool,
    /// Fingerprint.
    pub fingerprint: String,
}

/// The built-in presets.
pub fn presets() -> Vec<PresetInfo> {
    PRESETS
        .iter()
        .filter_map(|n| Policy::preset(n).ok())
        .map(|p| PresetInfo {
            fingerprint: p.fingerprint(),
            name: p.name,
            description: p.description,
            local_practice: p.local_practice,
        })
        .collect()
}

/// A preset policy, as a JSON value.
pub fn preset_policy(name: &str) -> Result<serde_json::Value, Error> {
    let p = Policy::preset(name)?;
    serde_json::to_value(&p).map_err(Error::internal)
}

/// `presets` as a tagged JSON answer.
pub fn presets_json() -> String {
    answer_json(Ok::<_, Error>(presets()))
}

/// Checks a policy (JSON or TOML text): the tagged answer carries the
/// policy's name and fingerprint, or every problem.
pub fn check_policy_json(text: &str) -> String {
    answer_json(Policy::from_str_any(text).map(|p| crate::scoring::PolicyInfo::of(&p)))
}

/// JSON Schema of policy files.
pub fn policy_schema() -> serde_json::Value {
    Policy::json_schema()
}

/// JSON Schema of employee records (built by `schemars`; with the `schema`
/// feature off, the same schema from `schemas/record.schema.json`).
pub fn record_schema() -> serde_json::Value {
    #[cfg(feature = "schema")]
    {
        serde_json::to_value(schemars::schema_for!(crate::model::Employee)).unwrap_or(serde_json::Value::Null)
    }
    #[cfg(not(feature = "schema"))]
    {
        crate::schemas::embedded(crate::schemas::RECORD)
    }
}

/// A succession request.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct SuccessionRequest {
    /// Employee records (each parsed and scored on its own; a bad one becomes a row error).
    #[cfg_attr(feature = "tsify", tsify(type = "Employee[]"))]
    pub records: Vec<serde_json::Value>,
    /// Target positions.
    pub positions: Vec<crate::succession::TargetPosition>,
    /// Method for positions without their own (`profile_matching`, `saw`, `topsis`).
    #[serde(default)]
    pub method: Option<crate::succession::Method>,
    /// Shortlist length (policy default 10).
    #[serde(default)]
    pub top: Option<usize>,
    /// Reference date `YYYY-MM-DD` (required for reproducible retirement checks).
    #[serde(default)]
    pub date: Option<String>,
    /// Scoring policy: preset name or object (`permenpanrb_3_2020` when absent).
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "string | Policy | { file: string } | { text: string } | null"))]
    pub policy: Option<Source>,
    /// Succession policy (defaults in `SuccessionPolicy::default`).
    #[serde(default)]
    pub succession_policy: Option<crate::succession::SuccessionPolicy>,
    /// Criterion weights replacing the policy's.
    #[serde(default)]
    pub weights: Option<std::collections::BTreeMap<String, f64>>,
    /// Produce a sensitivity report per position.
    #[serde(default)]
    pub sensitivity: bool,
    /// Group columns for the adverse-impact report.
    #[serde(default)]
    pub group_columns: Option<Vec<String>>,
    /// Name an emergency successor per position.
    #[serde(default)]
    pub emergency_successor: Option<bool>,
    /// Exclusive assignment.
    #[serde(default)]
    pub exclusive: Option<bool>,
    /// Eligibility gate: `rules` (the merit-rule engine, built-in rule set per
    /// target kind; default) or `builtin` (the minimal gate of `succession::gate`).
    #[serde(default)]
    pub gate: Option<crate::succession::gate::GateKind>,
    /// Target positions allowed ([`MAX_POSITIONS`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_positions: Option<usize>,
    /// Position × employee pairs allowed ([`MAX_PAIRS`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pairs: Option<usize>,
    /// Rows with errors allowed ([`crate::scoring::MAX_ERROR_ROWS`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_error_rows: Option<usize>,
}

impl SuccessionRequest {
    /// A request for `positions` at `date` with every option at its default
    /// (the same values an omitted JSON field gets); records are passed
    /// separately as parsed rows, or set `records`. Set options with struct
    /// update syntax: `SuccessionRequest { top: Some(5), ..SuccessionRequest::new(ps, date) }`.
    pub fn new(positions: Vec<crate::succession::TargetPosition>, date: impl Into<String>) -> Self {
        SuccessionRequest {
            records: vec![],
            positions,
            method: None,
            top: None,
            date: Some(date.into()),
            policy: None,
            succession_policy: None,
            weights: None,
            sensitivity: false,
            group_columns: None,
            emergency_successor: None,
            exclusive: None,
            gate: None,
            max_positions: None,
            max_pairs: None,
            max_error_rows: None,
        }
    }
}

/// Target positions one succession request may hold, by default: 10,000
/// (`max_positions` of the request; `--max-positions` / `MERITKIT_MAX_POSITIONS` in the CLI).
pub const MAX_POSITIONS: usize = 10_000;

/// Position × candidate pairs one succession request may evaluate, by default:
/// 2,000,000 (`max_pairs`; `--max-pairs` / `MERITKIT_MAX_PAIRS`). Each pair
/// is kept in the answer (a shortlisted candidate or an exclusion with its
/// reasons): about 0.9 KB each, measured (1,000 positions × 1,508 people,
/// 1.4 GB); so the default stays under 2 GB. Pairs are counted as positions ×
/// input rows, before anything is computed.
pub const MAX_PAIRS: usize = 2_000_000;

/// Refuses a succession request larger than its limits (before any work).
fn check_succession_size(req: &SuccessionRequest, rows: usize) -> Result<(), Error> {
    let n = req.positions.len();
    let max_positions = req.max_positions.unwrap_or(MAX_POSITIONS);
    let max_pairs = req.max_pairs.unwrap_or(MAX_PAIRS);
    if n > max_positions {
        return Err(Error::Request(vec![Problem::new(
            Code::LimitExceeded,
            "positions",
            format!(
                "{n} target positions: at most {max_positions} per request (raise the limit with max_positions, \
                 --max-positions in the CLI)"
            ),
            format!(
                "{n} jabatan target: paling banyak {max_positions} per permintaan (naikkan batas dengan \
                 max_positions, --max-positions di CLI)"
            ),
        )]));
    }
    let pairs = n.saturating_mul(rows);
    if pairs > max_pairs {
        return Err(Error::Request(vec![Problem::new(
            Code::LimitExceeded,
            "positions",
            format!(
                "{n} target positions × {rows} employees = {pairs} pairs to evaluate: at most {max_pairs} (split the \
                 positions into several runs, or raise the limit with max_pairs, --max-pairs in the CLI)"
            ),
            format!(
                "{n} jabatan target × {rows} pegawai = {pairs} pasangan yang dinilai: paling banyak {max_pairs} (bagi \
                 jabatan ke beberapa kali proses, atau naikkan batas dengan max_pairs, --max-pairs di CLI)"
            ),
        )]));
    }
    Ok(())
}

/// Runs succession with the gate the request names (`rules` by default).
pub fn succession(req: &SuccessionRequest) -> Result<crate::succession::SuccessionOutput, Error> {
    check_record_count(req.records.len())?;
    let rows: Vec<ParsedRow> = req.records.iter().map(parse_row).collect();
    succession_rows_gated(&rows, req)
}

/// Runs succession on already-read rows (CLI, bindings with their own
/// readers) with the gate the request names: the one place a gate name
/// becomes a gate. `req.records` is ignored.
pub fn succession_rows_gated(
    rows: &[ParsedRow],
    req: &SuccessionRequest,
) -> Result<crate::succession::SuccessionOutput, Error> {
    use crate::succession::gate::GateKind;
    match req.gate.unwrap_or_default() {
        GateKind::Rules => {
            let scoring = resolve_policy(req.policy.as_ref())?;
            let gate = crate::succession::rules_gate::RulesGate::new(&scoring, vec![])?;
            succession_rows(rows, req, &gate, true)
        }
        GateKind::Builtin => succession_rows(rows, req, &crate::succession::gate::BuiltinGate, true),
    }
}

/// Runs succession with a given eligibility gate; `parallel` ranks positions
/// on several threads (same output).
pub fn succession_with(
    req: &SuccessionRequest,
    gate: &dyn crate::succession::gate::EligibilityGate,
    parallel: bool,
) -> Result<crate::succession::SuccessionOutput, Error> {
    check_record_count(req.records.len())?;
    let rows: Vec<ParsedRow> = req.records.iter().map(parse_row).collect();
    succession_rows(&rows, req, gate, parallel)
}

/// Runs succession on already-read rows (CLI, bindings with their own
/// readers); `req.records` is ignored.
pub fn succession_rows(
    rows: &[ParsedRow],
    req: &SuccessionRequest,
    gate: &dyn crate::succession::gate::EligibilityGate,
    parallel: bool,
) -> Result<crate::succession::SuccessionOutput, Error> {
    use crate::succession::{check_positions, plan, Run};
    let scoring = resolve_policy(req.policy.as_ref())?;
    let today = match req.date.as_deref() {
        Some(d) => parse_date(d)?,
        None => {
            return Err(request_error(
                "date",
                "date (YYYY-MM-DD) is required: retirement and readiness depend on it".into(),
                "date (YYYY-MM-DD) wajib: pensiun dan kesiapan bergantung padanya".into(),
            ))
        }
    };
    let mut pol = req.succession_policy.clone().unwrap_or_default();
    if let Some(t) = req.top {
        pol.top = t;
    }
    if let Some(w) = &req.weights {
        pol.weights = w.clone();
    }
    if let Some(g) = &req.group_columns {
        pol.group_columns = g.clone();
    }
    if let Some(e) = req.emergency_successor {
        pol.emergency_successor = e;
    }
    if let Some(e) = req.exclusive {
        pol.exclusive = e;
    }
    pol.criteria()?;
    check_succession_size(req, rows.len())?;
    let ps = check_positions(&req.positions, gate);
    if !ps.is_empty() {
        return Err(Error::Request(ps));
    }
    let limit = req.max_error_rows.unwrap_or(crate::scoring::MAX_ERROR_ROWS);
    let scored = crate::scoring::score_rows_within(rows, &scoring, &Context::placements(Some(today)), limit)
        .map_err(too_many_error_rows)?;
    let run = Run {
        scoring: &scoring,
        policy: &pol,
        method: req.method,
        today,
        gate,
        parallel,
        sensitivity: req.sensitivity,
    };
    let cands = crate::succession::candidates(rows, &scored, &run);
    plan(&req.positions, &cands, &scored, &run)
}

/// A standalone adverse-impact request: either `counts`, or `records` +
/// `group_column` + `selected` (one flag per record).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct AdverseImpactRequest {
    /// Counts per group.
    #[serde(default)]
    pub counts: Option<Vec<crate::fairness::GroupCount>>,
    /// Records (group read from `group_column`: `sex`, `age_band`, `unit` or an `attributes` key).
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "Employee[] | null"))]
    pub records: Option<Vec<serde_json::Value>>,
    /// Group column.
    #[serde(default)]
    pub group_column: Option<String>,
    /// Selected flag per record.
    #[serde(default)]
    pub selected: Option<Vec<bool>>,
    /// Reference date (for `age_band`).
    #[serde(default)]
    pub date: Option<String>,
    /// Age-band bounds.
    #[serde(default)]
    pub age_bands: Option<Vec<u8>>,
    /// Options.
    #[serde(default)]
    pub options: Option<crate::fairness::Options>,
}

/// The most people one group of an `adverse_impact` request may count (`considered`): a billion,
/// far above any civil service (Indonesia's is 4-5 million), so that the tests' sums of counts
/// stay exact. Our default.
pub const MAX_GROUP_COUNT: u64 = 1_000_000_000;

/// Adverse-impact table.
pub fn adverse_impact(req: &AdverseImpactRequest) -> Result<crate::fairness::ImpactReport, Error> {
    let opts = req.options.clone().unwrap_or_default();
    // every problem of the options and counts at once
    let mut problems = Vec::new();
    if !(opts.threshold.is_finite() && opts.threshold > 0.0 && opts.threshold <= 1.0) {
        problems.push(Problem::new(
            Code::InvalidRequest,
            "options.threshold",
            "threshold must be in (0, 1]",
            "ambang harus dalam (0, 1]",
        ));
    }
    // (a negative or zero critical value would call every difference significant, none at all)
    if !(opts.z_critical.is_finite() && opts.z_critical > 0.0) {
        problems.push(Problem::new(
            Code::InvalidRequest,
            "options.z_critical",
            "z_critical must be a finite number above 0 (1.96: two-sided 5 %)",
            "z_critical harus bilangan terhingga di atas 0 (1,96: dua sisi 5 %)",
        ));
    }
    if req.counts.is_none() && !problems.is_empty() {
        return Err(Error::Request(problems));
    }
    match (&req.counts, &req.records) {
        (Some(c), None) => {
            let mut first_of: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for (i, g) in c.iter().enumerate() {
                // one row per group: a repeated name would make two rows of one group, one of them the reference
                if let Some(&j) = first_of.get(g.group.as_str()) {
                    problems.push(Problem::new(
                        Code::InvalidRequest,
                        format!("counts[{i}].group"),
                        format!("the group of counts[{j}] again: each group is counted once"),
                        format!("kelompok counts[{j}] terulang: setiap kelompok dihitung sekali"),
                    ));
                } else {
                    first_of.insert(g.group.as_str(), i);
                }
                if g.considered > MAX_GROUP_COUNT {
                    problems.push(Problem::new(
                        Code::InvalidRequest,
                        format!("counts[{i}].considered"),
                        format!("considered must be at most {MAX_GROUP_COUNT}"),
                        format!("jumlah yang dipertimbangkan paling banyak {MAX_GROUP_COUNT}"),
                    ));
                }
                if g.selected > g.considered {
                    problems.push(Problem::new(
                        Code::InvalidRequest,
                        format!("counts[{i}].selected"),
                        "selected exceeds considered",
                        "jumlah terpilih melebihi jumlah yang dipertimbangkan",
                    ));
                }
            }
            if !problems.is_empty() {
                return Err(Error::Request(problems));
            }
            Ok(crate::fairness::adverse_impact(c, &opts))
        }
        (None, Some(recs)) => {
            let col = req.group_column.clone().ok_or_else(|| {
                request_error(
                    "group_column",
                    "group_column is required with records".into(),
                    "group_column wajib bila memakai records".into(),
                )
            })?;
            let sel = req.selected.as_ref().ok_or_else(|| {
                request_error(
                    "selected",
                    "selected flags are required with records".into(),
                    "penanda selected wajib bila memakai records".into(),
                )
            })?;
            if sel.len() != recs.len() {
                return Err(request_error(
                    "selected",
                    "need one selected flag per record".into(),
                    "diperlukan satu penanda selected per baris".into(),
                ));
            }
            let today = req.date.as_deref().map(parse_date).transpose()?;
            let bands = req.age_bands.clone().unwrap_or_else(|| crate::fairness::DEFAULT_AGE_BANDS.to_vec());
            if col == "age_band" && today.is_none() {
                return Err(request_error(
                    "date",
                    "date is required for age_band".into(),
                    "date wajib untuk age_band".into(),
                ));
            }
            // (the date only matters for age_band)
            let today = today.unwrap_or(jiff::civil::Date::constant(2000, 1, 1));
            let mut counts: std::collections::BTreeMap<String, (u64, u64)> = std::collections::BTreeMap::new();
            for (i, v) in recs.iter().enumerate() {
                let e = parse_record(v).map_err(|mut p| {
                    p.path =
                        if p.path.is_empty() { format!("records[{i}]") } else { format!("records[{i}].{}", p.path) };
                    Error::Request(vec![p])
                })?;
                let nip = crate::nip::Nip::parse(&e.nip, None).ok();
                let g = crate::fairness::group_of(&e, nip.as_ref(), &col, today, &bands);
                let c = counts.entry(g).or_insert((0, 0));
                c.0 += 1;
                if sel[i] {
                    c.1 += 1;
                }
            }
            let gc: Vec<_> = counts
                .into_iter()
                .map(|(group, (considered, selected))| crate::fairness::GroupCount { group, considered, selected })
                .collect();
            let mut r = crate::fairness::adverse_impact(&gc, &opts);
            r.column = Some(col);
            Ok(r)
        }
        _ => Err(request_error(
            "counts",
            "give either counts or records (with group_column and selected)".into(),
            "berikan counts atau records (dengan group_column dan selected)".into(),
        )),
    }
}

/// An AHP request.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AhpRequest {
    /// Pairwise comparison matrix (Saaty 1-9 scale with reciprocals).
    pub matrix: Vec<Vec<f64>>,
    /// Random index table, RI for n = 1, 2, ... (Saaty's when absent).
    #[serde(default)]
    pub ri: Option<Vec<f64>>,
    /// Accept CR > 0.10.
    #[serde(default)]
    pub allow_inconsistent: bool,
}

/// An MCDM request (cross-checks against other implementations).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct McdmRequest {
    /// `saw` or `topsis`.
    pub method: crate::mcdm::MatrixMethod,
    /// Alternatives × criteria.
    pub matrix: Vec<Vec<f64>>,
    /// Weights (scaled to sum 1).
    pub weights: Vec<f64>,
    /// Criterion types.
    pub types: Vec<crate::mcdm::CriterionType>,
    /// Normalisation (`linear` for SAW, `vector` for TOPSIS when absent).
    #[serde(default)]
    pub normalisation: Option<crate::mcdm::Normalisation>,
    /// Scale bounds per criterion for `fixed_range`.
    #[serde(default)]
    pub ranges: Option<Vec<(f64, f64)>>,
}

/// MCDM answer.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct McdmAnswer {
    /// Method.
    pub method: crate::mcdm::MatrixMethod,
    /// Normalisation used.
    pub normalisation: crate::mcdm::Normalisation,
    /// Score per alternative (input order).
    pub scores: Vec<f64>,
    /// Alternative indices, best first (ties: lower index first).
    pub order: Vec<usize>,
    /// Competition rank per alternative (input order).
    pub ranks: Vec<usize>,
}

/// Runs SAW or TOPSIS on a matrix.
pub fn mcdm(req: &McdmRequest) -> Result<McdmAnswer, Error> {
    let m = crate::mcdm::DecisionMatrix::from_rows(&req.matrix)?;
    mcdm_matrix(&m, req.method, &req.weights, &req.types, req.normalisation, req.ranges.as_deref())
}

/// [`mcdm`] on a matrix already built (the Python binding's NumPy entry builds
/// it from the array's bytes): the same checks, computation and answer, with
/// `method`, `weights`, `types`, `normalisation` and `ranges` as in [`McdmRequest`].
pub fn mcdm_matrix(
    m: &crate::mcdm::DecisionMatrix,
    method: crate::mcdm::MatrixMethod,
    weights: &[f64],
    types: &[crate::mcdm::CriterionType],
    normalisation: Option<crate::mcdm::Normalisation>,
    ranges: Option<&[(f64, f64)]>,
) -> Result<McdmAnswer, Error> {
    use crate::mcdm::{MatrixMethod, Normalisation};
    let (norm, scores) = match method {
        MatrixMethod::Saw => {
            let n = normalisation.unwrap_or(Normalisation::Linear);
            (n, crate::mcdm::saw::saw(m, weights, types, n, ranges)?)
        }
        MatrixMethod::Topsis => {
            let n = normalisation.unwrap_or(Normalisation::Vector);
            (n, crate::mcdm::topsis::topsis(m, weights, types, n, ranges)?)
        }
    };
    let order = crate::mcdm::order_desc(&scores);
    let sorted: Vec<f64> = order.iter().map(|&i| scores[i]).collect();
    let comp = crate::mcdm::competition_ranks(&sorted);
    let mut ranks = vec![0; scores.len()];
    for (p, &i) in order.iter().enumerate() {
        ranks[i] = comp[p];
    }
    Ok(McdmAnswer { method, normalisation: norm, scores, order, ranks })
}

/// A validation request: `{"records": [...], "rules": "jpt_pratama" | {...}, "date": "YYYY-MM-DD", "policy"?: ...}`.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// The records (each parsed on its own; a bad one becomes a row error).
    #[cfg_attr(feature = "tsify", tsify(type = "Employee[]"))]
    pub records: Vec<serde_json::Value>,
    /// Built-in rule-set name or an inline rule set.
    #[cfg_attr(
        feature = "tsify",
        tsify(type = "string | Record<string, unknown> | { file: string } | { text: string }")
    )]
    pub rules: Source,
    /// Reference date `YYYY-MM-DD`.
    pub date: String,
    /// Scoring policy for 9-box / talent-pool predicates (preset name or
    /// inline); `permenpanrb_3_2020` when absent.
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "string | Policy | { file: string } | { text: string } | null"))]
    pub policy: Option<Source>,
    /// Rows with errors the answer may carry; more refuse the request with
    /// `too_many_errors` ([`crate::scoring::MAX_ERROR_ROWS`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_error_rows: Option<usize>,
}

/// The rule set a request names ([`crate::source::rule_set`]; the JSON API reads no file).
pub fn resolve_rules(src: &Source) -> Result<RuleSet, Error> {
    crate::source::rule_set(src, &crate::source::NoFiles)
}

/// Validates a request: every row comes back as a result or as errors.
pub fn validate(req: &ValidateRequest) -> Result<ValidateOutput, Error> {
    check_record_count(req.records.len())?;
    let set = resolve_rules(&req.rules)?;
    let policy = resolve_policy(req.policy.as_ref())?;
    let date = parse_date(&req.date)?;
    let rows: Vec<ParsedRow> = req.records.iter().map(parse_row).collect();
    let limit = req.max_error_rows.unwrap_or(crate::scoring::MAX_ERROR_ROWS);
    crate::scoring::check_parse_failures(&rows, limit).map_err(too_many_error_rows)?;
    let out = rules::validate_rows(&rows, &set, date, &policy);
    check_error_rows(&out.errors, limit).map_err(too_many_error_rows)?;
    Ok(out)
}

/// The first row past `limit` distinct rows in `errors` (in row order), if any.
pub fn check_error_rows(errors: &[crate::RowError], limit: usize) -> Result<(), crate::scoring::TooManyErrorRows> {
    let mut n = 0usize;
    let mut last = None;
    for e in errors {
        if last != Some(e.row) {
            last = Some(e.row);
            n += 1;
            if n > limit {
                return Err(crate::scoring::TooManyErrorRows { row: e.row, limit });
            }
        }
    }
    Ok(())
}

/// A built-in rule set's identity.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RuleSetSummary {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Regulation implemented.
    pub implements: String,
    /// Description.
    pub description: String,
    /// Number of rules.
    pub rules: usize,
    /// Fingerprint.
    pub fingerprint: String,
}

/// The built-in rule sets.
pub fn rule_sets() -> Result<Vec<RuleSetSummary>, Error> {
    rules::BUILTIN
        .iter()
        .map(|(n, _)| {
            rules::builtin(n).map(|s| RuleSetSummary {
                fingerprint: s.fingerprint(),
                name: s.name,
                version: s.version,
                implements: s.implements,
                description: s.description,
                rules: s.rules.len(),
            })
        })
        .collect()
}

/// A distribution-check request (SE MenPANRB 3/2023): either one unit
/// (`org_predikat` + `predikat`) or several (`units`).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistributionRequest {
    /// Organisation predikat (one unit).
    #[serde(default)]
    pub org_predikat: Option<OrgPredikat>,
    /// Employee predikat (one unit).
    #[serde(default)]
    pub predikat: Option<Vec<Predikat>>,
    /// Several units.
    #[serde(default)]
    pub units: Option<Vec<UnitDistribution>>,
}

/// One unit of a distribution request.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitDistribution {
    /// Unit name.
    pub unit: String,
    /// Organisation predikat.
    pub org_predikat: OrgPredikat,
    /// Employee predikat.
    pub predikat: Vec<Predikat>,
}

/// Checks distributions: one report, or `{"units": [...], "ok"}`.
pub fn distribution_check(req: &DistributionRequest) -> Result<serde_json::Value, Error> {
    let bad = |en: &str, id: &str| Error::Request(vec![Problem::new(Code::InvalidDistribution, "", en, id)]);
    match (&req.org_predikat, &req.predikat, &req.units) {
        (Some(o), Some(p), None) => {
            Ok(serde_json::to_value(distribution::check(*o, p)).unwrap_or(serde_json::Value::Null))
        }
        (None, None, Some(us)) => {
            let reports: Vec<DistributionReport> = us
                .iter()
                .map(|u| {
                    let mut r = distribution::check(u.org_predikat, &u.predikat);
                    r.unit = Some(u.unit.clone());
                    r
                })
                .collect();
            let ok = reports.iter().all(|r| r.ok);
            Ok(serde_json::json!({"units": reports, "ok": ok}))
        }
        _ => Err(bad(
            "give either `org_predikat` and `predikat`, or `units`",
            "isi `org_predikat` dan `predikat`, atau `units`",
        )),
    }
}

/// Checks a rule file (TOML or JSON text): name, version and fingerprint, or every located problem.
pub fn check_rules(text: &str) -> Result<RuleSetInfo, Error> {
    rules::parse_rule_set(text).map(|s| s.info())
}

/// Accepts an empty request (`{}`, `null` or nothing) for functions without parameters.
fn parse_empty(request: &str) -> Result<(), Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Empty {}
    if request.trim().is_empty() || request.trim() == "null" {
        return Ok(());
    }
    // (an object with no field: serde would also take `[]` for a struct of none)
    if !request.trim_start().starts_with('{') {
        return Err(request_error(
            "",
            "the request must be an object with no field, null or empty".into(),
            "permintaan harus objek tanpa isian, null atau kosong".into(),
        ));
    }
    parse_request::<Empty>(request).map(|_| ())
}

/// A header-mapping request: `{"headers": [...], "mapping"?: {...}}` (the
/// mapping as in [`crate::mapping::ColumnMapping`]; the built-in Indonesian
/// headers when absent).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapHeadersRequest {
    /// Header cells, in column order.
    pub headers: Vec<String>,
    /// Column mapping.
    #[serde(default)]
    pub mapping: Option<crate::mapping::ColumnMapping>,
}

/// The answer: the flat column each header feeds (`null` = skipped) and warnings.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
pub struct MapHeadersAnswer {
    /// Per header: flat column name or `null`.
    pub targets: Vec<Option<String>>,
    /// Skipped headers (`empty_header`, or `unknown_column` under `unknown = "ignore"`).
    pub warnings: Vec<Problem>,
}

/// Maps spreadsheet headers to flat columns ([`crate::mapping::map_headers`]);
/// problems name the column as `columns[i]`.
pub fn map_headers(req: &MapHeadersRequest) -> Result<MapHeadersAnswer, Error> {
    let mapping = req.mapping.clone().unwrap_or_default();
    let m = crate::mapping::map_headers(&req.headers, &mapping, &|i| format!("columns[{i}]")).map_err(Error::Input)?;
    Ok(MapHeadersAnswer { targets: m.targets.clone(), warnings: m.warnings.clone() })
}

/// A request for the grid as drawn.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct GridLayoutRequest {
    /// Preset name or inline policy (default `permenpanrb_3_2020`): its grid.
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "string | Policy | { file: string } | { text: string } | null"))]
    pub policy: Option<Source>,
    /// Which axis runs down the rows (default `performance_rows`, as the regulation's figure).
    #[serde(default)]
    pub orientation: crate::nine_box::Orientation,
}

/// The grid of a policy as drawn ([`crate::nine_box::Grid::layout`]): the one
/// layout every renderer (CLI, report, web demo, Python) draws.
///
/// ```
/// use meritkit::api::{grid_layout, GridLayoutRequest};
/// let l = grid_layout(&GridLayoutRequest::default()).unwrap();
/// assert_eq!(l.cells[0], vec![4, 7, 9]); // top row: kinerja di atas ekspektasi
/// ```
pub fn grid_layout(req: &GridLayoutRequest) -> Result<crate::nine_box::Layout, Error> {
    Ok(resolve_policy(req.policy.as_ref())?.grid().layout(req.orientation))
}

/// A comparison of placements over time ([`crate::movement`]): two or more periods of one population,
/// in chronological order.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    /// The periods (at most [`crate::movement::MAX_PERIODS`]), each date on or after the one before.
    pub periods: Vec<ComparePeriod>,
    /// Preset name or inline policy; `permenpanrb_3_2020` when absent. Its grid gives the boxes, levels
    /// and pools; records are scored with it.
    #[serde(default)]
    pub policy: Option<Source>,
    /// The smallest grid distance listed in `large_moves` (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_move: Option<u32>,
    /// `full` (the default) or `summary` (without the per-person lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<crate::movement::Detail>,
    /// Rows with errors (over every period) the answer may carry; more refuse the request with
    /// `too_many_errors` ([`crate::scoring::MAX_ERROR_ROWS`] when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_error_rows: Option<usize>,
}

/// One period of a [`CompareRequest`]: `records` (scored with the request's policy at `date`) or the
/// `results` of an earlier score answer, not both.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComparePeriod {
    /// Label, unique (`2025`).
    pub period: String,
    /// Reference date `YYYY-MM-DD`.
    pub date: String,
    /// Employee records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<Vec<serde_json::Value>>,
    /// Results of an earlier score answer (only `nip`, `unit`, `box`, `status` and `row` are read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<serde_json::Value>>,
}

/// Compares the placements of the request's periods ([`crate::movement::compare`]).
pub fn compare(req: &CompareRequest) -> Result<crate::movement::Comparison, Error> {
    use crate::movement::{Options, Period, Rows, MAX_PERIODS};
    if req.periods.len() > MAX_PERIODS {
        return Err(Error::Request(vec![Problem::new(
            Code::LimitExceeded,
            "periods",
            format!("at most {MAX_PERIODS} periods per comparison"),
            format!("paling banyak {MAX_PERIODS} periode per perbandingan"),
        )]));
    }
    let policy = resolve_policy(req.policy.as_ref())?;
    let mut parsed: Vec<Option<Vec<ParsedRow>>> = Vec::with_capacity(req.periods.len());
    let mut dates = Vec::with_capacity(req.periods.len());
    for (i, p) in req.periods.iter().enumerate() {
        dates.push(parse_date(&p.date).map_err(|_| {
            request_error(
                &format!("periods[{i}].date"),
                "date must be YYYY-MM-DD".into(),
                "tanggal harus berformat YYYY-MM-DD".into(),
            )
        })?);
        match (&p.records, &p.results) {
            (Some(r), None) => {
                check_record_count(r.len()).map_err(|_| {
                    Error::Request(vec![Problem::new(
                        Code::LimitExceeded,
                        format!("periods[{i}].records"),
                        format!("at most {MAX_RECORDS} records per period"),
                        format!("paling banyak {MAX_RECORDS} baris per periode"),
                    )])
                })?;
                parsed.push(Some(r.iter().map(parse_row).collect()));
            }
            (None, Some(r)) => {
                check_record_count(r.len()).map_err(|_| {
                    Error::Request(vec![Problem::new(
                        Code::LimitExceeded,
                        format!("periods[{i}].results"),
                        format!("at most {MAX_RECORDS} results per period"),
                        format!("paling banyak {MAX_RECORDS} hasil per periode"),
                    )])
                })?;
                parsed.push(None);
            }
            _ => {
                return Err(request_error(
                    &format!("periods[{i}]"),
                    "give a period either `records` or `results`".into(),
                    "isi periode dengan `records` atau `results`, salah satu".into(),
                ))
            }
        }
    }
    let periods: Vec<Period<'_>> = req
        .periods
        .iter()
        .zip(&parsed)
        .zip(dates)
        .map(|((p, rows), date)| Period {
            label: p.period.clone(),
            date,
            rows: match (rows, &p.results) {
                (Some(rows), _) => Rows::Records(rows),
                (None, Some(results)) => Rows::Results(results),
                (None, None) => Rows::Results(&[]),
            },
        })
        .collect();
    let d = Options::default();
    let opts = Options {
        min_move: req.min_move.unwrap_or(d.min_move),
        detail: req.detail.unwrap_or(d.detail),
        max_error_rows: req.max_error_rows.unwrap_or(d.max_error_rows),
    };
    crate::movement::compare(&periods, &policy, &opts)
}

/// Names of the functions [`call_json`] dispatches.
/// (with the functions of native builds only: [`NATIVE_FUNCTIONS`])
pub const FUNCTIONS: &[&str] = &[
    "score",
    "presets",
    "preset_policy",
    "check_policy",
    "policy_schema",
    "record_schema",
    "version",
    "demo_records",
    "demo_positions",
    "flat_records",
    "validate",
    "rule_sets",
    "rule_set",
    "check_rules",
    "rules_schema",
    "distribution_check",
    "succession",
    "adverse_impact",
    "ahp_weights",
    "mcdm",
    "raters",
    "map_headers",
    "grid_layout",
    "labels",
    "compare",
    "calibration_snapshot",
    "calibration_append",
    "calibration_report",
    "calibration_verify",
    "calibration_export",
    "calibration_guideline_preset",
    "development_plan",
];

/// The functions of native builds only (not in the WebAssembly package, whose size budget
/// they would break): partitions of one population scored apart ([`crate::partition`]).
/// Their shared vectors are in `tests/vectors/native/`.
pub const NATIVE_FUNCTIONS: &[&str] =
    &["partition_summary", "merge_summaries", "resolve_policy", "score_partition", "merge_score_summaries"];

/// A partition summary request: the partition's records, the policy and the reference date.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartitionSummaryRequest {
    /// The partition's records.
    pub records: Vec<serde_json::Value>,
    /// Preset name or inline policy; `permenpanrb_3_2020` when absent.
    #[serde(default)]
    pub policy: Option<Source>,
    /// Reference date `YYYY-MM-DD` (the same for every partition).
    #[serde(default)]
    pub date: Option<String>,
}

/// Summaries to merge.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MergeSummariesRequest {
    /// The partitions' summaries.
    pub summaries: Vec<crate::partition::Summary>,
}

/// A policy to resolve against the merged summary of its population.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResolvePolicyRequest {
    /// Preset name or inline policy; `permenpanrb_3_2020` when absent.
    #[serde(default)]
    pub policy: Option<Source>,
    /// The merged summary.
    pub summary: crate::partition::Summary,
}

/// A partition to score with a resolved policy.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScorePartitionRequest {
    /// The partition's records.
    pub records: Vec<serde_json::Value>,
    /// The resolved policy (`resolve_policy`'s answer).
    pub resolved_policy: crate::partition::ResolvedPolicy,
    /// Reference date: the resolved policy's when absent (another is refused).
    #[serde(default)]
    pub date: Option<String>,
    /// The number of the partition's first row in the whole input (0 when absent).
    #[serde(default)]
    pub first_row: usize,
    /// How much of each placement's explanation the answer carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<crate::scoring::Detail>,
}

/// Score answers' summaries to merge.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MergeScoreSummariesRequest {
    /// The partitions' `summary` sections.
    pub summaries: Vec<crate::scoring::Summary>,
}

/// The native-only functions ([`NATIVE_FUNCTIONS`]) by name: `None` for another name.
#[cfg(not(target_arch = "wasm32"))]
fn call_native(function: &str, request: &str) -> Option<String> {
    use crate::partition as part;
    let rows_of = |records: &[serde_json::Value]| -> Result<Vec<ParsedRow>, Error> {
        check_record_count(records.len())?;
        Ok(records.iter().map(parse_row).collect())
    };
    Some(match function {
        "partition_summary" => answer_json(parse_request::<PartitionSummaryRequest>(request).and_then(|r| {
            let policy = resolve_policy(r.policy.as_ref())?;
            let today = r.date.as_deref().map(parse_date).transpose()?;
            part::summarise_rows(&rows_of(&r.records)?, &policy, &Context { today, ..Context::default() })
        })),
        "merge_summaries" => {
            answer_json(parse_request::<MergeSummariesRequest>(request).and_then(|r| part::merge(&r.summaries)))
        }
        "resolve_policy" => answer_json(
            parse_request::<ResolvePolicyRequest>(request)
                .and_then(|r| part::resolve(&resolve_policy(r.policy.as_ref())?, &r.summary)),
        ),
        "score_partition" => answer_json(parse_request::<ScorePartitionRequest>(request).and_then(|r| {
            let today = r.date.as_deref().map(parse_date).transpose()?;
            let ctx = Context { today, detail: r.detail.unwrap_or_default() };
            r.resolved_policy.check()?;
            part::score_rows(&rows_of(&r.records)?, &r.resolved_policy, &ctx, r.first_row)
        })),
        "merge_score_summaries" => answer_json(
            parse_request::<MergeScoreSummariesRequest>(request)
                .and_then(|r| part::merge_score_summaries(&r.summaries)),
        ),
        _ => return None,
    })
}

/// Every function name this build answers.
fn known_functions() -> String {
    #[cfg(not(target_arch = "wasm32"))]
    let all = [FUNCTIONS, NATIVE_FUNCTIONS].concat();
    #[cfg(target_arch = "wasm32")]
    let all = FUNCTIONS.to_vec();
    all.join(", ")
}

/// A flat table (CSV, spreadsheet) to turn into records: column names as in
/// [`crate::flat`], and rows of cells (text, number, boolean or null).
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct FlatRequest {
    /// Column names (header row).
    pub columns: Vec<String>,
    /// Rows, cells in column order; short rows are padded with empty cells.
    #[cfg_attr(feature = "tsify", tsify(type = "(string | number | boolean | null)[][]"))]
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// Converts a flat table into record values (one per row, in order), ready
/// for [`score`]. Unknown or duplicate columns are a request error listing
/// every problem; bad cell values are left for the record parser to report
/// per row, so no row is lost.
///
/// ```
/// use meritkit::api::{flat_records, FlatRequest};
/// let req = FlatRequest { columns: vec!["nip".into(), "performance_2025".into(), "potential_score".into()],
///     rows: vec![vec!["198503152010011002".into(), "Sangat Baik".into(), "91,5".into()]] };
/// let rows = flat_records(&req).unwrap();
/// assert_eq!(rows[0]["performance"][0]["predikat"], "Sangat Baik");
/// assert_eq!(rows[0]["potential_score"], 91.5);
/// ```
pub fn flat_records(req: &FlatRequest) -> Result<Vec<serde_json::Value>, Error> {
    use crate::flat::{Cell, FlatLayout};
    let layout = FlatLayout::new(&req.columns).map_err(Error::Request)?;
    Ok(req
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<Cell> = row
                .iter()
                .map(|v| match v {
                    serde_json::Value::Null => Cell::Null,
                    serde_json::Value::Bool(b) => Cell::Bool(*b),
                    serde_json::Value::Number(n) => n.as_f64().map(Cell::Num).unwrap_or(Cell::Null),
                    serde_json::Value::String(s) => Cell::Str(s.clone()),
                    other => Cell::Str(other.to_string()),
                })
                .collect();
            layout.to_value(&cells)
        })
        .collect())
}

/// Dispatches a function by name with a JSON request and returns the tagged
/// JSON answer. The shared test vectors (`tests/vectors/`) run through this
/// one entry point in Rust, Python and JavaScript.
pub fn call_json(function: &str, request: &str) -> String {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NameReq {
        name: String,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct TextReq {
        text: String,
    }
    match function {
        "score" => score_json(request),
        "presets" => presets_json(),
        "preset_policy" => answer_json(parse_request::<NameReq>(request).and_then(|r| preset_policy(&r.name))),
        "check_policy" => match parse_request::<TextReq>(request) {
            Ok(r) => check_policy_json(&r.text),
            Err(e) => answer_json::<()>(Err(e)),
        },
        "policy_schema" => answer_json(Ok::<_, Error>(policy_schema())),
        "record_schema" => answer_json(Ok::<_, Error>(record_schema())),
        "version" => answer_json(Ok::<_, Error>(crate::VERSION)),
        "succession" => answer_json(parse_request::<SuccessionRequest>(request).and_then(|r| succession(&r))),
        "adverse_impact" => {
            answer_json(parse_request::<AdverseImpactRequest>(request).and_then(|r| adverse_impact(&r)))
        }
        "ahp_weights" => answer_json(parse_request::<AhpRequest>(request).and_then(|r| {
            crate::mcdm::ahp::ahp(
                &r.matrix,
                r.ri.as_deref().unwrap_or(&crate::mcdm::ahp::SAATY_RI),
                r.allow_inconsistent,
            )
        })),
        "mcdm" => answer_json(parse_request::<McdmRequest>(request).and_then(|r| mcdm(&r))),
        "raters" => {
            answer_json(parse_request::<crate::raters::Request>(request).and_then(|r| crate::raters::analyse(&r)))
        }
        "map_headers" => answer_json(parse_request::<MapHeadersRequest>(request).and_then(|r| map_headers(&r))),
        "grid_layout" => answer_json(parse_request::<GridLayoutRequest>(request).and_then(|r| grid_layout(&r))),
        "labels" => answer_json(parse_empty(request).map(|()| crate::catalogue::catalogue())),
        "compare" => answer_json(parse_request::<CompareRequest>(request).and_then(|r| compare(&r))),
        "calibration_snapshot" => {
            answer_json(parse_request::<cal::SnapshotRequest>(request).and_then(|r| cal::snapshot(&r)))
        }
        "calibration_append" => answer_json(parse_request::<cal::AppendRequest>(request).and_then(|r| cal::append(&r))),
        "calibration_report" => answer_json(parse_request::<cal::ReportRequest>(request).and_then(|r| cal::report(&r))),
        "calibration_export" => answer_json(parse_request::<cal::ExportRequest>(request).and_then(|r| cal::export(&r))),
        "calibration_verify" => answer_json(parse_request::<cal::VerifyRequest>(request).map(|r| cal::verify(&r))),
        "calibration_guideline_preset" => {
            answer_json(parse_request::<cal::GuidelinePresetRequest>(request).and_then(|r| cal::guideline_preset(&r)))
        }

        "development_plan" => answer_json(
            parse_request::<crate::development::DevelopmentRequest>(request)
                .and_then(|r| crate::development::development_plan(&r)),
        ),
        "validate" => answer_json(parse_request::<ValidateRequest>(request).and_then(|r| validate(&r))),
        "rule_sets" => answer_json(rule_sets()),
        "rule_set" => answer_json(parse_request::<NameReq>(request).and_then(|r| rules::builtin(&r.name))),
        "check_rules" => answer_json(parse_request::<TextReq>(request).and_then(|r| check_rules(&r.text))),
        "rules_schema" => answer_json(Ok::<_, Error>(rules::schema())),
        "distribution_check" => {
            answer_json(parse_request::<DistributionRequest>(request).and_then(|r| distribution_check(&r)))
        }
        "demo_records" => answer_json(parse_empty(request).map(|()| crate::generate::demo_rows())),
        "demo_positions" => answer_json(parse_empty(request).map(|()| crate::generate::demo_positions())),
        "flat_records" => answer_json(parse_request::<FlatRequest>(request).and_then(|r| flat_records(&r))),
        #[cfg(not(target_arch = "wasm32"))]
        other if NATIVE_FUNCTIONS.contains(&other) => call_native(other, request).unwrap_or_default(),
        // The typed name is not quoted (messages never echo input).
        _ => answer_json::<()>(Err(request_error(
            "function",
            format!("unknown function name; known: {}", known_functions()),
            format!("nama fungsi tidak dikenal; yang ada: {}", known_functions()),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> serde_json::Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn demo_records_are_the_generator_rows() {
        let v = parse(&call_json("demo_records", "{}"));
        assert_eq!(v["ok"], true);
        assert_eq!(v["value"].as_array().unwrap().len(), crate::generate::demo_rows().len());
        let v = parse(&call_json("demo_records", r#"{"x": 1}"#));
        assert_eq!(v["error"]["code"], "unknown_field");
    }

    #[test]
    fn demo_positions_are_valid_succession_targets() {
        let v = parse(&call_json("demo_positions", "{}"));
        let positions = v["value"].clone();
        assert_eq!(positions.as_array().unwrap().len(), crate::generate::demo_positions().len());
        // they parse as the `positions` of a succession request and rank against the demo records
        let req =
            serde_json::json!({"records": crate::generate::demo_rows(), "positions": positions, "date": "2026-01-02"});
        let out = parse(&call_json("succession", &req.to_string()));
        assert_eq!(out["ok"], true, "{out}");
        assert_eq!(out["value"]["positions"][0]["id"], "DIKBUD-KADIS");
        assert_eq!(out["value"]["positions"][0]["kind"], "jpt_pratama");
    }

    #[test]
    fn flat_records_reports_every_bad_column() {
        let v = parse(&call_json("flat_records", r#"{"columns": ["nip", "bogus", "nip"], "rows": []}"#));
        assert_eq!(v["ok"], false);
        let codes: Vec<&str> =
            v["error"]["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["unknown_field", "invalid_input"]);
    }

    #[test]
    fn flat_records_build_scorable_records() {
        let req = r#"{"columns": ["nip", "unit", "position_kind", "performance_2025", "potential_score"],
            "rows": [["198503152010011002", "Dinas Pangan", "administrator", "Sangat Baik", "91.5"], ["x", "", null]]}"#;
        let v = parse(&call_json("flat_records", req));
        let rows = v["value"].clone();
        assert_eq!(rows.as_array().unwrap().len(), 2);
        let scored = parse(&call_json("score", &serde_json::json!({"records": rows}).to_string()));
        // Sangat Baik + potential 91.5 is box 9 (PermenPANRB 3/2020 jo 20/2025 Ps. 17); the bad row is an error, not lost.
        assert_eq!(scored["value"]["results"][0]["box"], 9);
        assert_eq!(scored["value"]["errors"][0]["row"], 1);
    }
}

//! The JSON-facing calibration operations (`calibration_*` in
//! [`crate::api::call_json`]): take a snapshot, append an event, report,
//! verify a JSONL log, and the guideline presets. The log travels as its
//! entries; the caller stores them (a file, SQLite, IndexedDB).

use super::guideline::{self, Guideline};
use super::log::{Entry, Log, Refusal, Verification};
use super::session::{Event, SessionPolicy, SessionReport, Snapshot, Subject};
use crate::api::{parse_date, parse_row, request_error, resolve_policy};
use crate::error::{Code, Error, Problem};
use crate::scoring::{Context, Detail, ParsedRow};
use crate::source::Source;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `calibration_snapshot`: open a session on proposed placements, either
/// scored here from `records` (with `policy` and `date`) or given as `subjects`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct SnapshotRequest {
    /// Session id.
    pub session: String,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Employee records, scored with `policy` on `date`.
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "Employee[] | null"))]
    pub records: Option<Vec<serde_json::Value>>,
    /// Or the proposed placements themselves.
    #[serde(default)]
    pub subjects: Option<Vec<Subject>>,
    /// Preset name or inline policy; `permenpanrb_3_2020` when absent.
    #[serde(default)]
    #[cfg_attr(feature = "tsify", tsify(type = "string | Policy | null"))]
    pub policy: Option<Source>,
    /// Reference date `YYYY-MM-DD` of the scoring (and of `age_band`).
    #[serde(default)]
    pub date: Option<String>,
    /// With `records`: group columns kept for the adverse-impact report of the
    /// moves (`sex`, `age_band`, `unit` or an `attributes` key).
    #[serde(default)]
    pub group_by: Vec<String>,
    /// Rows with errors the answer may carry (as `score`).
    #[serde(default)]
    pub max_error_rows: Option<usize>,
    /// Who takes the snapshot.
    pub actor: String,
    /// When (RFC 3339).
    pub time: String,
}

/// The first entry of the new log, and the rows that could not be placed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct SnapshotAnswer {
    /// The snapshot entry (sequence 1).
    pub entry: Entry,
    /// Record rows with errors: not in the session (never silently).
    pub errors: Vec<crate::RowError>,
}

/// Most group columns of a snapshot.
const MAX_GROUP_COLUMNS: usize = 8;

/// What a snapshot is taken with, besides the rows.
#[derive(Clone, Copy, Debug)]
pub struct SnapshotParams<'a> {
    /// Session id.
    pub session: &'a str,
    /// Title.
    pub title: Option<&'a str>,
    /// The scoring policy.
    pub policy: &'a crate::policy::Policy,
    /// Reference date of the scoring.
    pub today: Option<jiff::civil::Date>,
    /// Group columns for the adverse-impact report of the moves.
    pub group_by: &'a [String],
    /// Rows with errors allowed.
    pub max_error_rows: usize,
    /// Who.
    pub actor: &'a str,
    /// When (RFC 3339).
    pub time: &'a str,
}

/// Takes a snapshot.
pub fn snapshot(req: &SnapshotRequest) -> Result<SnapshotAnswer, Error> {
    let policy = resolve_policy(req.policy.as_ref())?;
    let today = req.date.as_deref().map(parse_date).transpose()?;
    let params = SnapshotParams {
        session: &req.session,
        title: req.title.as_deref(),
        policy: &policy,
        today,
        group_by: &req.group_by,
        max_error_rows: req.max_error_rows.unwrap_or(crate::scoring::MAX_ERROR_ROWS),
        actor: &req.actor,
        time: &req.time,
    };
    match (&req.records, &req.subjects) {
        (Some(recs), None) => {
            if recs.len() > super::session::MAX_SUBJECTS {
                return Err(Error::Request(vec![Problem::new(
                    Code::LimitExceeded,
                    "records",
                    format!("at most {} records", super::session::MAX_SUBJECTS),
                    format!("paling banyak {} baris", super::session::MAX_SUBJECTS),
                )]));
            }
            let rows: Vec<ParsedRow> = recs.iter().map(parse_row).collect();
            snapshot_rows(&rows, &params)
        }
        (None, Some(s)) if req.group_by.is_empty() => open(s.clone(), Vec::new(), &params),
        _ => Err(request_error(
            "records",
            "give either records (with policy, date, group_by) or subjects".into(),
            "berikan records (dengan policy, date, group_by) atau subjects".into(),
        )),
    }
}

/// A snapshot of rows as read (records, CSV or spreadsheet rows), scored by
/// the one scoring kernel; rows with errors come back as `errors`.
pub fn snapshot_rows(rows: &[ParsedRow], p: &SnapshotParams<'_>) -> Result<SnapshotAnswer, Error> {
    if p.group_by.len() > MAX_GROUP_COLUMNS {
        return Err(request_error(
            "group_by",
            format!("at most {MAX_GROUP_COLUMNS} group columns"),
            format!("paling banyak {MAX_GROUP_COLUMNS} kolom kelompok"),
        ));
    }
    if p.group_by.iter().any(|c| c == "age_band") && p.today.is_none() {
        return Err(request_error("date", "date is required for age_band".into(), "date wajib untuk age_band".into()));
    }
    // a group column must be one the records can have: a typo would give every subject `unknown`
    for (i, c) in p.group_by.iter().enumerate() {
        let known = matches!(c.as_str(), "sex" | "age_band" | "unit")
            || rows.iter().any(|r| r.as_ref().is_ok_and(|e| e.attributes.contains_key(c)));
        if !known {
            return Err(request_error(
                &format!("group_by[{i}]"),
                "expected sex, age_band, unit or an attribute key that some record has".into(),
                "harus sex, age_band, unit atau kunci atribut yang dimiliki suatu baris".into(),
            ));
        }
    }
    let out = crate::scoring::score_rows_within(
        rows,
        p.policy,
        &Context { today: p.today, detail: Detail::None },
        p.max_error_rows,
    )
    .map_err(|e| Error::Request(vec![e.problem(&format!("records[{}]", e.row), "max_error_rows")]))?;
    let on = p.today.unwrap_or(jiff::civil::Date::constant(2000, 1, 1));
    let subjects = out
        .results
        .iter()
        .map(|r| {
            let groups: BTreeMap<String, String> = match rows.get(r.row) {
                Some(Ok(e)) => {
                    let nip = crate::nip::Nip::parse(&e.nip, None).ok();
                    p.group_by
                        .iter()
                        .map(|c| {
                            let g =
                                crate::fairness::group_of(e, nip.as_ref(), c, on, &crate::fairness::DEFAULT_AGE_BANDS);
                            (c.clone(), g)
                        })
                        .collect()
                }
                _ => BTreeMap::new(),
            };
            Subject::of(r, groups)
        })
        .collect();
    open(subjects, out.errors, p)
}

fn open(subjects: Vec<Subject>, errors: Vec<crate::RowError>, p: &SnapshotParams<'_>) -> Result<SnapshotAnswer, Error> {
    let event = Event::Snapshot(Box::new(Snapshot {
        session: p.session.to_string(),
        title: p.title.map(str::to_string),
        policy: SessionPolicy { name: p.policy.name.clone(), fingerprint: p.policy.fingerprint() },
        grid: p.policy.grid.clone(),
        subjects,
    }));
    let mut log = Log::new();
    let entry = log.append(p.time, p.actor, event).map_err(Error::Request)?.clone();
    Ok(SnapshotAnswer { entry, errors })
}

/// The log's entries replayed; a refused entry is a request error at `log[i]`.
pub fn replay(entries: &[Entry]) -> Result<Log, Error> {
    Log::replay(entries.iter().cloned()).map_err(|r| at_entry(&r))
}

fn at_entry(r: &Refusal) -> Error {
    let i = r.line.saturating_sub(1);
    Error::Request(
        r.problems
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p.path = if p.path.is_empty() { format!("log[{i}]") } else { format!("log[{i}].{}", p.path) };
                p
            })
            .collect(),
    )
}

/// `calibration_append`: the next entry for an event, checked against the
/// session the log replays to.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct AppendRequest {
    /// The log so far.
    pub log: Vec<Entry>,
    /// Who.
    pub actor: String,
    /// When (RFC 3339).
    pub time: String,
    /// What.
    pub event: Event,
}

/// Appends an event: the new entry (store it after the others), or every problem.
pub fn append(req: &AppendRequest) -> Result<Entry, Error> {
    let mut log = replay(&req.log)?;
    let e = log.append(&req.time, &req.actor, req.event.clone()).map_err(Error::Request)?;
    Ok(e.clone())
}

/// `calibration_report`: the session a log replays to.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// The log.
    pub log: Vec<Entry>,
    /// `summary` (counts, guidelines, impact) or `full` (also each person and every move; the default).
    #[serde(default)]
    pub detail: Option<ReportDetail>,
}

/// How much of a session report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ReportDetail {
    /// Without the people and the moves.
    Summary,
    /// Everything.
    #[default]
    Full,
}

/// Reports a session.
pub fn report(req: &ReportRequest) -> Result<SessionReport, Error> {
    let log = replay(&req.log)?;
    Ok(log.session().report(req.detail.unwrap_or_default() == ReportDetail::Full))
}

/// `calibration_export`: the log as JSON Lines, each line its entry's
/// canonical JSON (what `calibration_verify` checks), after replaying it.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// The log.
    pub log: Vec<Entry>,
}

/// Exports a log as JSON Lines.
pub fn export(req: &ExportRequest) -> Result<String, Error> {
    Ok(replay(&req.log)?.to_jsonl())
}

/// `calibration_verify`: checks a JSONL log.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The log as JSON Lines.
    pub jsonl: String,
    /// The hash of an entry recorded elsewhere (the head in the meeting's
    /// minutes): the log must still hold it.
    #[serde(default)]
    pub head: Option<String>,
}

/// Verifies a JSONL log.
pub fn verify(req: &VerifyRequest) -> Verification {
    match &req.head {
        Some(h) => super::log::verify_head(&req.jsonl, h),
        None => super::log::verify(&req.jsonl),
    }
}

/// `calibration_guideline_preset`: guidelines of a named preset.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct GuidelinePresetRequest {
    /// `se_menpanrb_3_2023`.
    pub name: String,
    /// The organisation's predikat (for `se_menpanrb_3_2023`).
    pub org_predikat: crate::rules::distribution::OrgPredikat,
}

/// The names [`guideline_preset`] knows.
pub const GUIDELINE_PRESETS: &[&str] = &["se_menpanrb_3_2023"];

/// A preset's guidelines.
pub fn guideline_preset(req: &GuidelinePresetRequest) -> Result<Vec<Guideline>, Error> {
    match req.name.as_str() {
        "se_menpanrb_3_2023" => Ok(guideline::se_menpanrb_3_2023(req.org_predikat)),
        _ => Err(Error::Request(vec![Problem::new(
            Code::UnknownPreset,
            "name",
            format!("unknown guideline preset; known: {}", GUIDELINE_PRESETS.join(", ")),
            format!("preset pedoman tidak dikenal; yang ada: {}", GUIDELINE_PRESETS.join(", ")),
        )])),
    }
}

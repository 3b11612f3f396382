//! The API functions the service exposes (every name of [`meritkit::api::FUNCTIONS`]) with the
//! schemas of their request and of their answer's `value`, from the core's own types.

use meritkit::api;
use meritkit::calibration::ops as cal;
use schemars::{generate::SchemaGenerator, JsonSchema, Schema};
use std::collections::BTreeMap;

/// A schema built by a generator.
pub type MakeSchema = fn(&mut SchemaGenerator) -> Schema;

/// What a function's request is.
#[derive(Clone, Copy)]
pub enum Req {
    /// No parameter: `{}`, `null` or an empty body.
    Empty,
    /// A typed request (JSON object).
    Typed(MakeSchema),
}

/// One function of the API.
pub struct Function {
    /// Name, as in `call_json` and the route `/v1/{name}`.
    pub name: &'static str,
    /// What it does (the OpenAPI summary).
    pub summary: &'static str,
    /// Its request.
    pub request: Req,
    /// The schema of the answer's `value`.
    pub answer: MakeSchema,
}

fn s<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

fn object(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({"type": "object"})
}

fn objects(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({"type": "array", "items": {"type": "object"}})
}

/// `{"name": ...}` (a preset or a built-in rule set).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct NameRequest {
    /// Name.
    pub name: String,
}

/// `{"text": ...}` (a policy or rule file's text, JSON or TOML).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct TextRequest {
    /// The file's text.
    pub text: String,
}

/// Every function, in the order of [`api::FUNCTIONS`] then [`api::NATIVE_FUNCTIONS`] (the partition functions: their
/// request and answer types have no schema in the core yet, so the document says `object`).
pub const FUNCTIONS: &[Function] = &[
    f("score", "Score records onto the 9-box", Req::Typed(s::<api::ScoreRequest>), s::<meritkit::scoring::ScoreOutput>),
    f("presets", "The built-in scoring policies", Req::Empty, s::<Vec<api::PresetInfo>>),
    f("preset_policy", "One built-in policy in full", Req::Typed(s::<NameRequest>), object),
    f("check_policy", "Check a policy file", Req::Typed(s::<TextRequest>), s::<meritkit::scoring::PolicyInfo>),
    f("policy_schema", "JSON Schema of policy files", Req::Empty, object),
    f("record_schema", "JSON Schema of employee records", Req::Empty, object),
    f("version", "The engine's version", Req::Empty, s::<String>),
    f("demo_records", "Fictional demo records", Req::Empty, objects),
    f("demo_positions", "Fictional demo target positions", Req::Empty, objects),
    f("flat_records", "Flat table rows to records", Req::Typed(s::<api::FlatRequest>), objects),
    f(
        "validate",
        "Check records against merit rules",
        Req::Typed(s::<api::ValidateRequest>),
        s::<meritkit::rules::ValidateOutput>,
    ),
    f("rule_sets", "The built-in rule sets", Req::Empty, s::<Vec<api::RuleSetSummary>>),
    f("rule_set", "One built-in rule set in full", Req::Typed(s::<NameRequest>), s::<meritkit::rules::RuleSet>),
    f("check_rules", "Check a rule file", Req::Typed(s::<TextRequest>), s::<meritkit::rules::RuleSetInfo>),
    f("rules_schema", "JSON Schema of rule files", Req::Empty, object),
    f(
        "distribution_check",
        "Predikat distribution check (SE MenPANRB 3/2023)",
        Req::Typed(s::<api::DistributionRequest>),
        object,
    ),
    f(
        "succession",
        "Rank successors for target positions",
        Req::Typed(s::<api::SuccessionRequest>),
        s::<meritkit::succession::SuccessionOutput>,
    ),
    f(
        "adverse_impact",
        "Adverse impact (four-fifths rule, Fisher's exact test)",
        Req::Typed(s::<api::AdverseImpactRequest>),
        s::<meritkit::fairness::ImpactReport>,
    ),
    f("ahp_weights", "AHP criterion weights", Req::Typed(s::<api::AhpRequest>), s::<meritkit::mcdm::ahp::AhpResult>),
    f("mcdm", "SAW or TOPSIS on a matrix", Req::Typed(s::<api::McdmRequest>), s::<api::McdmAnswer>),
    f(
        "raters",
        "Several raters: standardisation and agreement",
        Req::Typed(s::<meritkit::raters::Request>),
        s::<meritkit::raters::Analysis>,
    ),
    f(
        "map_headers",
        "Spreadsheet headers to flat columns",
        Req::Typed(s::<api::MapHeadersRequest>),
        s::<api::MapHeadersAnswer>,
    ),
    f("grid_layout", "The 9-box as drawn", Req::Typed(s::<api::GridLayoutRequest>), s::<meritkit::nine_box::Layout>),
    f(
        "labels",
        "Labels of every code (en / id)",
        Req::Empty,
        s::<BTreeMap<String, BTreeMap<String, meritkit::Message>>>,
    ),
    f(
        "compare",
        "Placements over time: movement between periods",
        Req::Typed(s::<api::CompareRequest>),
        s::<meritkit::movement::Comparison>,
    ),
    f(
        "calibration_snapshot",
        "A calibration session's first entry (not stored)",
        Req::Typed(s::<cal::SnapshotRequest>),
        s::<cal::SnapshotAnswer>,
    ),
    f(
        "calibration_append",
        "Append an event to a given log (not stored)",
        Req::Typed(s::<cal::AppendRequest>),
        s::<meritkit::calibration::log::Entry>,
    ),
    f(
        "calibration_report",
        "Report of a given log",
        Req::Typed(s::<cal::ReportRequest>),
        s::<meritkit::calibration::session::SessionReport>,
    ),
    f(
        "calibration_verify",
        "Verify a given log",
        Req::Typed(s::<cal::VerifyRequest>),
        s::<meritkit::calibration::log::Verification>,
    ),
    f("calibration_export", "A given log as canonical JSONL", Req::Typed(s::<cal::ExportRequest>), s::<String>),
    f(
        "calibration_guideline_preset",
        "A distribution guideline preset",
        Req::Typed(s::<cal::GuidelinePresetRequest>),
        s::<Vec<meritkit::calibration::guideline::Guideline>>,
    ),
    f(
        "development_plan",
        "Competency gaps and development plans",
        Req::Typed(s::<meritkit::development::DevelopmentRequest>),
        s::<meritkit::development::DevelopmentOutput>,
    ),
    f(
        "partition_summary",
        "A partition's exact summary of the scores relative cut-offs need",
        Req::Typed(object),
        object,
    ),
    f("merge_summaries", "Merge partition summaries", Req::Typed(object), object),
    f("resolve_policy", "The policy resolved against a merged summary", Req::Typed(object), object),
    f("score_partition", "Score one partition with a resolved policy", Req::Typed(object), object),
    f("merge_score_summaries", "Merge the counts of partitions' answers", Req::Typed(object), object),
];

const fn f(name: &'static str, summary: &'static str, request: Req, answer: MakeSchema) -> Function {
    Function { name, summary, request, answer }
}

/// The function of a name.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The body of a stored session's new event: `{"actor", "time"?, "event"}`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct EventRequest {
    /// Who acts.
    pub actor: String,
    /// When (RFC 3339); the time the store's write lock was taken when absent.
    #[serde(default)]
    pub time: Option<String>,
    /// The event.
    pub event: meritkit::calibration::session::Event,
}

/// The body of an import: `{"jsonl": ...}`, an exported log.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ImportRequest {
    /// The log as JSON Lines (as `export` writes it).
    pub jsonl: String,
}

/// One stored session (the store's `SessionInfo`, as it is written).
#[derive(JsonSchema)]
#[allow(dead_code)]
pub struct SessionInfo {
    /// Session id.
    pub session: String,
    /// Entries.
    pub entries: u64,
    /// State after the last entry.
    pub status: meritkit::calibration::session::SessionStatus,
    /// Hash of the last entry.
    pub head: String,
    /// The first problem, when the session does not verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<meritkit::Problem>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    #[test]
    fn every_api_function_is_served_once() {
        let names: Vec<&str> = super::FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(names, [meritkit::api::FUNCTIONS, meritkit::api::NATIVE_FUNCTIONS].concat());
    }
}

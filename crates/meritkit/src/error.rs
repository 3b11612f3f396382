//! Structured, bilingual errors.
//!
//! Every problem the engine reports carries a stable [`Code`], a field `path`
//! (JSON-pointer-like, e.g. `performance[0].predikat`) and a [`Message`] in
//! English and Bahasa Indonesia. Messages never contain a NIP or a name: the
//! caller gets those as separate fields where it asked for them.

use serde::{Deserialize, Serialize};

/// A message in English (`en`) and Bahasa Indonesia (`id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// English text.
    pub en: String,
    /// Bahasa Indonesia text.
    pub id: String,
}

impl Message {
    /// Builds a bilingual message.
    pub fn new(en: impl Into<String>, id: impl Into<String>) -> Self {
        Message { en: en.into(), id: id.into() }
    }
}

macro_rules! codes {
    ($($(#[$m:meta])* $v:ident = $s:literal),+ $(,)?) => {
        /// Stable error and warning codes. The string forms are part of the public
        /// wire format and never change meaning.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, schemars::JsonSchema)]
        #[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum Code { $($(#[$m])* $v),+ }
        // Written as its string through `as_str` (one match for every
        // serializer, where the derive made one per serializer).
        impl Serialize for Code {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl Code {
            /// The stable snake_case string.
            pub fn as_str(self) -> &'static str { match self { $(Code::$v => $s),+ } }
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$v),+];
        }
    };
}

codes! {
    /// Input could not be parsed at all (not JSON, not an array, ...).
    InvalidInput = "invalid_input",
    /// A spreadsheet or CSV header that no column mapping knows.
    UnknownColumn = "unknown_column",
    /// Two headers feed the same field.
    DuplicateColumn = "duplicate_column",
    /// A column without a header (skipped, warning).
    EmptyHeader = "empty_header",
    /// A sheet (or CSV file) without a header row or without data rows.
    EmptySheet = "empty_sheet",
    /// Merged cells in the data area of a sheet.
    MergedCells = "merged_cells",
    /// A formula cell without a cached value (the file was never recalculated and saved).
    FormulaWithoutValue = "formula_without_value",
    /// A text file in an encoding other than UTF-8 (UTF-16, Windows-1252, ...).
    UnsupportedEncoding = "unsupported_encoding",
    /// A required field is absent.
    MissingField = "missing_field",
    /// A field that the format does not know.
    UnknownField = "unknown_field",
    /// A value of the wrong type (string where a number is expected, ...).
    InvalidType = "invalid_type",
    /// A value of the right type but not allowed (unknown enumeration label, ...).
    InvalidValue = "invalid_value",
    /// NIP is not 18 digits.
    NipFormat = "nip_format",
    /// NIP birth date (digits 1-8) is not a real calendar date or lies in the future.
    NipBirthDate = "nip_birth_date",
    /// NIP TMT (digits 9-14) is not a valid year-month.
    NipAppointment = "nip_appointment",
    /// NIP TMT CPNS is before the birth date.
    NipAppointmentBeforeBirth = "nip_appointment_before_birth",
    /// NIP sex digit (15) is not 1 or 2.
    NipSexDigit = "nip_sex_digit",
    /// NIP serial (16-18) is 000.
    NipSerial = "nip_serial",
    /// `birth_date` disagrees with the NIP.
    BirthDateMismatch = "birth_date_mismatch",
    /// A competency level outside 1..=5.
    CompetencyLevelOutOfRange = "competency_level_out_of_range",
    /// A score outside 0..=100 (or not finite).
    ScoreOutOfRange = "score_out_of_range",
    /// An appraisal gives a predikat that contradicts its ratings (PermenPANRB 6/2022 matrix).
    PredikatMismatch = "predikat_mismatch",
    /// An appraisal has neither a predikat nor both ratings.
    AppraisalIncomplete = "appraisal_incomplete",
    /// Two appraisals for the same year.
    DuplicateAppraisalYear = "duplicate_appraisal_year",
    /// No usable performance data for the performance axis.
    MissingPerformance = "missing_performance",
    /// No usable data for the potential axis.
    MissingPotential = "missing_potential",
    /// A date lies in the future.
    DateInFuture = "date_in_future",
    /// A policy file problem.
    InvalidPolicy = "invalid_policy",
    /// A named preset that does not exist.
    UnknownPreset = "unknown_preset",
    /// A request (API call) problem.
    InvalidRequest = "invalid_request",
    /// Input too large for the configured limits.
    LimitExceeded = "limit_exceeded",
    /// An AHP pairwise matrix whose consistency ratio exceeds the accepted limit.
    InconsistentMatrix = "inconsistent_matrix",
    /// Protected attribute used for selection or weighting.
    ProtectedAttribute = "protected_attribute",
    /// An unexpected internal failure (a bug): reported, never a crash.
    Internal = "internal",
    /// A rule-set file problem (empty name, bad identifier, value out of range, ...).
    InvalidRuleSet = "invalid_rule_set",
    /// A named built-in rule set that does not exist.
    UnknownRuleSet = "unknown_rule_set",
    /// An `all` / `any` combinator with no operand.
    EmptyCombinator = "empty_combinator",
    /// Bounds that no record can satisfy together (age at least 60 and at most 56, ...).
    ContradictoryBounds = "contradictory_bounds",
    /// Two rules with the same `id`.
    DuplicateRuleId = "duplicate_rule_id",
    /// A message template with an unknown `{placeholder}` or unbalanced braces.
    InvalidTemplate = "invalid_template",
    /// The same NIP on more than one input row.
    DuplicateNip = "duplicate_nip",
    /// An appraisal year missing from the records.
    MissingAppraisalYear = "missing_appraisal_year",
    /// A performance-distribution request problem (SE MenPANRB 3/2023).
    InvalidDistribution = "invalid_distribution",
    /// An output path that is the same file as an input or as another output (it would be overwritten).
    OutputOverwritesInput = "output_overwrites_input",
    /// A pseudonymisation (redaction) key shorter than the minimum.
    WeakRedactKey = "weak_redact_key",
    /// The row taken as the header holds data (a NIP, a date) or no known header: no header row.
    MissingHeaderRow = "missing_header_row",
    /// A cell with data in a column without a header (an error of its row; a warning when the mapping ignores unknown columns).
    UnnamedColumn = "unnamed_column",
    /// Further visible sheets of a workbook hold data that is not read (warning).
    UnreadSheets = "unread_sheets",
    /// More rows with errors than the limit (`max_error_rows`): the whole input is refused.
    TooManyErrors = "too_many_errors",
    /// An age or retirement setting without a recognisable citation of the statute that sets it.
    BasisRequired = "basis_required",
    /// A NIP in one period and another NIP in the next share birth date, TMT CPNS and unit: possibly one person
    /// whose NIP was changed; never matched or counted as new and gone silently.
    NipChanged = "nip_changed",
    /// A calibration event that the session's state does not allow (a move after finalising, a second snapshot, ...).
    SessionState = "session_state",
    /// A calibration move whose `from` is not the subject's current calibrated value (someone moved them first).
    StaleMove = "stale_move",
    /// A calibration move or guideline naming a subject that is not in the session's snapshot.
    UnknownSubject = "unknown_subject",
    /// A distribution guideline in `enforce` mode that the calibrated placements fail: finalising is blocked.
    GuidelineFailed = "guideline_failed",
    /// A calibration log entry out of sequence (a number skipped, repeated or out of order).
    LogSequence = "log_sequence",
    /// A calibration log entry whose bytes do not hash to its `hash` (the entry was altered).
    LogHashMismatch = "log_hash_mismatch",
    /// A calibration log entry whose `prev` is not the hash of the entry before it (an entry removed, inserted or replaced).
    LogChainBroken = "log_chain_broken",
    /// Another process is writing to the same calibration store: try again.
    StoreBusy = "store_busy",
    /// A calibration session that the store does not hold.
    UnknownSession = "unknown_session",
    /// A calibration session id that the store already holds.
    SessionExists = "session_exists",
    /// HTTP service: no route or function of this name (`meritkit serve`).
    NotFound = "not_found",
    /// HTTP service: the route exists, but not for this method.
    MethodNotAllowed = "method_not_allowed",
    /// HTTP service: a missing or wrong bearer token.
    Unauthorized = "unauthorized",
    /// HTTP service: told to listen on a non-loopback address without a bearer token (refused to start).
    TokenRequired = "token_required",
    /// HTTP service: a request body larger than the configured limit.
    BodyTooLarge = "body_too_large",
    /// HTTP service: more rows (records, ratings, subjects, ...) in one request than the configured limit.
    TooManyRows = "too_many_rows",
    /// HTTP service: every worker is busy (the concurrency limit): try again shortly.
    Busy = "busy",
    /// HTTP service: the request took longer than the configured time limit.
    Timeout = "timeout",
    /// A row scored with a resolved policy (partitions) whose unit has no
    /// cut-offs there: its unit's population was not in the merged summary.
    UnitNotInSummary = "unit_not_in_summary",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One located problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Problem {
    /// Stable code.
    pub code: Code,
    /// Where: a dotted path with `[i]` indices; empty for the whole document.
    pub path: String,
    /// What, in English and Bahasa Indonesia.
    pub message: Message,
}

impl Problem {
    /// Creates a problem.
    pub fn new(code: Code, path: impl Into<String>, en: impl Into<String>, id: impl Into<String>) -> Self {
        Problem { code, path: path.into(), message: Message::new(en, id) }
    }
}

/// A problem with one input row of a batch. The row is never dropped silently:
/// it comes back either as a result or with at least one `RowError`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct RowError {
    /// 0-based index of the row in the input.
    pub row: usize,
    /// The row's NIP, when it could be read (a field of its own; never inside the message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nip: Option<String>,
    /// Stable code.
    pub code: Code,
    /// Path of the offending field inside the row.
    pub path: String,
    /// Bilingual message.
    pub message: Message,
}

impl RowError {
    /// Attaches a row index (and NIP) to a problem.
    pub fn from_problem(row: usize, nip: Option<String>, p: Problem) -> Self {
        RowError { row, nip, code: p.code, path: p.path, message: p.message }
    }
}

/// Errors that stop a whole call (as opposed to [`RowError`]s, which stop one row).
///
/// One family per kind of failure, so that no caller has to guess it from a
/// code or a path: what the user gave is wrong (a policy, a rule set, the
/// request, the input), or meritkit itself failed ([`Error::Internal`], a bug
/// to report, never the user's fault). New families may be added.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The scoring or succession policy is unusable.
    #[error("invalid policy: {}", summarize(.0))]
    Policy(Vec<Problem>),
    /// The merit rule set is unusable (unknown, malformed, or selecting on a protected attribute).
    #[error("invalid rule set: {}", summarize(.0))]
    RuleSet(Vec<Problem>),
    /// The request is malformed (bad JSON, wrong shape, limits).
    #[error("invalid request: {}", summarize(.0))]
    Request(Vec<Problem>),
    /// The input data as a whole is unusable (not a table, unreadable).
    #[error("invalid input: {}", summarize(.0))]
    Input(Vec<Problem>),
    /// meritkit failed where it should not (code `internal`): a bug, not bad input.
    #[error("internal error: {}", summarize(.0))]
    Internal(Vec<Problem>),
}

fn summarize(ps: &[Problem]) -> String {
    let mut s = String::new();
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        if p.path.is_empty() {
            s.push_str(&format!("[{}] {}", p.code, p.message.en));
        } else {
            s.push_str(&format!("[{}] {}: {}", p.code, p.path, p.message.en));
        }
    }
    s
}

impl Error {
    /// The family code: `policy_error`, `rule_set_error`, `request_error`,
    /// `input_error` or `internal_error`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Policy(_) => "policy_error",
            Error::RuleSet(_) => "rule_set_error",
            Error::Request(_) => "request_error",
            Error::Input(_) => "input_error",
            Error::Internal(_) => "internal_error",
        }
    }
    /// The family's name for people, in English and Indonesian.
    pub fn title(&self) -> (&'static str, &'static str) {
        match self {
            Error::Policy(_) => ("invalid policy", "kebijakan tidak valid"),
            Error::RuleSet(_) => ("invalid rule set", "himpunan aturan tidak valid"),
            Error::Request(_) => ("invalid request", "permintaan tidak valid"),
            Error::Input(_) => ("invalid input", "masukan tidak valid"),
            Error::Internal(_) => ("internal error", "kesalahan internal"),
        }
    }
    /// Every problem carried.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Policy(p) | Error::RuleSet(p) | Error::Request(p) | Error::Input(p) | Error::Internal(p) => p,
        }
    }
    /// An internal failure (code `internal`) with what failed, e.g. a
    /// serialiser's own message (never user data).
    pub fn internal(what: impl std::fmt::Display) -> Error {
        Error::Internal(vec![Problem::new(
            Code::Internal,
            "",
            // (the family's title, "internal error", is said once, by the error's own text; the detail
            // is the component's own words, in English)
            what.to_string(),
            format!("{what} (rincian teknis dalam bahasa Inggris)"),
        )])
    }
}

/// Converts a serde error (with its path) into a [`Problem`] with a stable
/// code. The message is written again from our own catalogue
/// ([`crate::diag`]): it names the field, the expected form and the position,
/// never the offending value (serde's own text quotes it).
pub fn problem_from_serde(path: String, msg: &str) -> Problem {
    crate::diag::diagnose(path, msg, false, "JSON").problem()
}

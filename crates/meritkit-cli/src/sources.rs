//! What a command is given by name: the scoring policy, the rule set, the
//! succession policy and the reference date. A policy or rule-set argument is read by the core's one
//! rule ([`meritkit::source::Source::from_arg`]: a name has no `/`, `\` or
//! `.toml` / `.json` ending, anything else is a file) and resolved by the core
//! ([`meritkit::source`]); files are read by the CLI's bounded reader.

use meritkit::error::Error;
use meritkit::rules::RuleSet;
use meritkit::source::{Files, Source};
use meritkit::Policy;
use std::path::Path;

/// The CLI's reader of policy and rule files: at most `--max-config-bytes`
/// (and a rule file at most [`meritkit::rules::check::MAX_BYTES`]), UTF-8,
/// errors that name the file's role, never its path or content.
struct ConfigFiles {
    label: &'static str,
}

impl Files for ConfigFiles {
    fn read(&self, path: &Path) -> Result<String, Error> {
        if self.label == "rules" {
            if !path.exists() {
                // (a name spelled as a path: named as a missing file, not as an unknown built-in; the path not echoed)
                return Err(Error::Input(vec![meritkit::Problem::new(
                    meritkit::Code::InvalidRuleSet,
                    "rules",
                    "the rule file does not exist (a built-in rule-set name has no `/`, `\\` or file extension)",
                    "berkas aturan tidak ada (nama himpunan aturan bawaan tidak memuat `/`, `\\` atau ekstensi berkas)",
                )]));
            }
            let max = meritkit::rules::check::MAX_BYTES;
            if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > max as u64) {
                return Err(Error::Input(vec![meritkit::Problem::new(
                    meritkit::Code::LimitExceeded,
                    "",
                    format!("the rule file is larger than {max} bytes"),
                    format!("berkas aturan lebih besar dari {max} byte"),
                )]));
            }
        }
        crate::input::read_config_text(path, self.label)
    }
}

/// The scoring policy `spec` names: a preset, or a TOML / JSON file.
pub fn policy(spec: &str) -> Result<Policy, Error> {
    meritkit::source::policy(Some(&Source::from_arg(spec)), &ConfigFiles { label: "policy" })
}

/// The merit rule set `spec` names: a built-in rule set, or a TOML / JSON file.
pub fn rule_set(spec: &str) -> Result<RuleSet, Error> {
    meritkit::source::rule_set(&Source::from_arg(spec), &ConfigFiles { label: "rules" })
}

/// The policy in a file (a command whose argument is a file: `policy check`).
pub fn policy_file(path: &Path) -> Result<Policy, Error> {
    meritkit::source::policy(Some(&Source::File(path.to_path_buf())), &ConfigFiles { label: "policy" })
}

/// The rule set in a file (`rules check`).
pub fn rule_set_file(path: &Path) -> Result<RuleSet, Error> {
    meritkit::source::rule_set(&Source::File(path.to_path_buf()), &ConfigFiles { label: "rules" })
}

/// The policy `spec` names, for a request of [`meritkit::api`] (resolved here, passed inline).
pub fn policy_source(spec: &str) -> Result<Source, Error> {
    serde_json::to_value(policy(spec)?).map(Source::Inline).map_err(Error::internal)
}

/// Today's date (UTC), or the given one.
pub fn reference_date(s: Option<&str>) -> Result<jiff::civil::Date, Error> {
    match s {
        Some(s) => meritkit::api::parse_date(s),
        None => Ok(jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()),
    }
}

/// The succession policy in a file (`succession --succession-policy`).
pub fn succession_policy(path: &std::path::Path) -> Result<meritkit::succession::SuccessionPolicy, Error> {
    let text = crate::input::read_config_text(path, "succession_policy").map_err(crate::input::as_policy_error)?;
    succession_policy_text(&text)
}

/// A succession policy from the (UTF-8, BOM already dropped) text of its
/// file, as `meritkit succession --succession-policy` reads it: JSON when it
/// starts with `{`, else TOML. Errors are located and never quote a value.
pub fn succession_policy_text(text: &str) -> Result<meritkit::succession::SuccessionPolicy, Error> {
    let r = if text.trim_start().starts_with('{') {
        meritkit::read::from_json_text::<meritkit::succession::SuccessionPolicy>(text)
    } else {
        meritkit::read::from_toml_text::<meritkit::succession::SuccessionPolicy>(text)
    };
    r.map_err(|e| {
        let p = e.problem();
        let path =
            if p.path.is_empty() { "succession_policy".to_string() } else { format!("succession_policy.{}", p.path) };
        Error::Policy(vec![meritkit::Problem::new(
            meritkit::Code::InvalidPolicy,
            path,
            format!("invalid succession policy: {}", p.message.en),
            format!("kebijakan suksesi tidak valid: {}", p.message.id),
        )])
    })
}

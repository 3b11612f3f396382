//! Built-in rule sets, kept as TOML data beside this file (`builtin/*.toml`)
//! so they read exactly like an agency's own rule file: PP 11/2017 jo PP
//! 17/2020 Ps. 54, 107, 239; PP 100/2000 jo PP 13/2002 Ps. 5 (rank floors);
//! PP 94/2021 (sanction levels); Perka BKN 22/2007 (NIP). Each rule's
//! `basis` gives the kind of source, instrument, article and confidence.

use super::RuleSet;
use crate::error::{Code, Error, Problem};

/// Names and TOML text of the built-in rule sets.
pub const BUILTIN: &[(&str, &str)] = &[
    ("jpt_utama", include_str!("builtin/jpt_utama.toml")),
    ("jpt_madya", include_str!("builtin/jpt_madya.toml")),
    ("jpt_pratama", include_str!("builtin/jpt_pratama.toml")),
    ("administrator", include_str!("builtin/administrator.toml")),
    ("pengawas", include_str!("builtin/pengawas.toml")),
    ("talent_pool_entry", include_str!("builtin/talent_pool_entry.toml")),
    ("data_quality", include_str!("builtin/data_quality.toml")),
];

/// A built-in rule set by name.
pub fn builtin(name: &str) -> Result<RuleSet, Error> {
    match BUILTIN.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => super::parse_rule_set(text).map_err(|e| {
            // A built-in that does not parse is a bug, reported as such.
            Error::Internal(
                e.problems()
                    .iter()
                    .cloned()
                    .map(|mut p| {
                        p.code = Code::Internal;
                        p
                    })
                    .collect(),
            )
        }),
        None => {
            let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            Err(Error::RuleSet(vec![Problem::new(
                Code::UnknownRuleSet,
                "rules",
                // (the name typed is not repeated: messages never echo input, as for an unknown preset)
                format!("unknown rule set name; built-in: {}", names.join(", ")),
                format!("nama himpunan aturan tidak dikenal; bawaan: {}", names.join(", ")),
            )]))
        }
    }
}

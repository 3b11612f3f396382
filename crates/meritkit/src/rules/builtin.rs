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

#[cfg(test)]
mod tests {
    use super::{builtin, BUILTIN};

    /// English words that must not appear in Indonesian texts (issue #13:
    /// Indonesian, official labels, no codes or English). "status" is
    /// Indonesian too ("status PNS").
    const ENGLISH: &str = "or and the of for with equivalent below above required least than is not \
        years rank education sanction active ended ago left until invalid appointed structure \
        recorded outside experience minimum maximum age";

    fn words(t: &str) -> Vec<String> {
        let t = t.replace("{actual}", " ").replace("{expected}", " ");
        t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    }

    fn english_in(t: &str) -> Vec<String> {
        words(t).into_iter().filter(|w| ENGLISH.split_whitespace().any(|e| e == w)).collect()
    }

    #[test]
    fn every_builtin_rule_has_a_bilingual_title() {
        for (name, _) in BUILTIN {
            let set = builtin(name).unwrap();
            for r in &set.rules {
                let at = format!("{name}/{}", r.id);
                assert!(r.has_title(), "{at}: no title");
                for t in [&r.title.en, &r.title.id] {
                    assert!(!t.trim().is_empty(), "{at}: empty title");
                    assert_eq!(t.trim(), t.as_str(), "{at}: title has outer spaces");
                    let n = t.split_whitespace().count();
                    assert!((2..=6).contains(&n), "{at}: title {t:?} has {n} words (2-6)");
                    assert!(t.chars().next().is_some_and(|c| !c.is_lowercase()), "{at}: title {t:?} not capitalised");
                }
                let id = &r.title.id;
                assert!(!id.contains('_'), "{at}: Indonesian title {id:?} holds a code");
                assert_ne!(id, &r.id, "{at}: Indonesian title is the id");
                let en = english_in(id);
                assert!(en.is_empty(), "{at}: Indonesian title {id:?} has English {en:?}");
                assert_eq!(r.title_or_id(), r.title, "{at}");
            }
        }
    }

    #[test]
    fn builtin_indonesian_messages_have_no_english_and_no_codes() {
        for (name, _) in BUILTIN {
            let set = builtin(name).unwrap();
            for r in &set.rules {
                let t = &r.message.id;
                let en = english_in(t);
                assert!(en.is_empty(), "{name}/{}: {t:?} has English {en:?}", r.id);
                let bare = t.replace("{actual}", "").replace("{expected}", "");
                assert!(!bare.contains('_'), "{name}/{}: {t:?} holds a code", r.id);
            }
        }
    }
}

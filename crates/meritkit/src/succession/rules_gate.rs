//! The merit-rule engine ([`crate::rules`]) as the succession eligibility gate.
//!
//! Each target position uses its `rule_set` or, by default, the built-in rule
//! set named after its kind (`jpt_utama`, `jpt_madya`, `jpt_pratama`,
//! `administrator`, `pengawas`). A rule of severity `error` that fails — or is
//! `unknown` (data missing) unless the set allows unknowns — excludes the
//! candidate; the gate reports every such rule with its id as the reason code
//! and the rule's own bilingual message. Kinds without a built-in rule set
//! (jabatan fungsional, pelaksana) have no eligibility rules: everyone passes.

use super::candidate::Candidate;
use super::gate::{EligibilityGate, Gate, GateResult};
use super::target::TargetPosition;
use crate::error::Message;
use crate::policy::Policy;
use crate::rules::{evaluate, Outcome, RuleSet, Severity, Subject};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Kinds with a built-in rule set.
const KIND_SETS: [&str; 5] = ["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"];

/// Eligibility through merit rule sets.
pub struct RulesGate {
    sets: BTreeMap<String, RuleSet>,
    /// Sets with eselon-derived rank floors, specialised per eselon (built once).
    by_eselon: BTreeMap<(String, crate::rank::Eselon), RuleSet>,
    scoring: Policy,
}

impl RulesGate {
    /// The built-in rule sets (every one of [`crate::rules::BUILTIN`]) plus any
    /// extra sets given, evaluated with the scoring policy (for rules on the box or JPM).
    pub fn new(scoring: &Policy, extra: Vec<RuleSet>) -> Result<Self, crate::Error> {
        let mut sets = BTreeMap::new();
        for (name, _) in crate::rules::BUILTIN {
            sets.insert(name.to_string(), crate::rules::builtin(name)?);
        }
        for s in extra {
            sets.insert(s.name.clone(), s);
        }
        let mut by_eselon = BTreeMap::new();
        for (name, set) in &sets {
            if set.rules.iter().any(|r| r.when.uses_eselon()) {
                for e in crate::rank::Eselon::ALL {
                    by_eselon.insert((name.clone(), *e), set.with_eselon(*e));
                }
            }
        }
        Ok(RulesGate { sets, by_eselon, scoring: scoring.clone() })
    }
    /// The eselon that sets rank floors for a target: its own, else the
    /// scoring policy's for its kind; `None` keeps the rule set's assumed one.
    fn eselon(&self, t: &TargetPosition) -> Option<crate::rank::Eselon> {
        t.eselon.or_else(|| self.scoring.eselon.get(&t.kind).copied())
    }
    fn set_name(&self, t: &TargetPosition) -> Option<String> {
        match &t.rule_set {
            Some(r) => Some(r.clone()),
            None => KIND_SETS.contains(&t.kind.code()).then(|| t.kind.code().to_string()),
        }
    }
}

fn render(t: &str, actual: &str, expected: &str) -> String {
    t.replace("{actual}", actual).replace("{expected}", expected)
}

impl EligibilityGate for RulesGate {
    fn rule_set(&self, target: &TargetPosition) -> String {
        self.set_name(target).unwrap_or_else(|| "none".into())
    }
    fn cache_key(&self, target: &TargetPosition) -> Option<String> {
        Some(match self.eselon(target) {
            Some(e) => format!("{}@{}", self.rule_set(target), e.code()),
            None => self.rule_set(target),
        })
    }
    fn check_target(&self, target: &TargetPosition) -> Vec<Message> {
        match self.set_name(target) {
            Some(n) if !self.sets.contains_key(&n) => {
                let known: Vec<&str> = self.sets.keys().map(String::as_str).collect();
                vec![Message::new(
                    format!("unknown rule set `{}`; known: {}", crate::diag::key(&n), known.join(", ")),
                    format!("himpunan aturan `{}` tidak dikenal; yang ada: {}", crate::diag::key(&n), known.join(", ")),
                )]
            }
            _ => vec![],
        }
    }
    fn check(&self, target: &TargetPosition, c: &Candidate<'_>, today: Date) -> Vec<GateResult> {
        let Some(name) = self.set_name(target) else {
            return vec![];
        };
        let special = self.eselon(target).and_then(|e| self.by_eselon.get(&(name.clone(), e)));
        let Some(set) = special.or_else(|| self.sets.get(&name)) else {
            return vec![];
        };
        let mut subject = Subject::new(c.employee, today);
        subject.placement = Some(c.placement);
        let (eligible, evals) = evaluate(set, &subject, &self.scoring);
        if eligible {
            return vec![];
        }
        let mut out = Vec::new();
        for (rule, ev) in set.rules.iter().zip(evals) {
            if rule.severity != Severity::Error {
                continue;
            }
            let reason = match ev.outcome {
                Outcome::Pass => continue,
                Outcome::Unknown if set.allow_unknown => continue,
                Outcome::Fail => {
                    let exp = rule.when.expected();
                    Message::new(
                        render(&rule.message.en, &ev.actual.show(true), &exp.show(true)),
                        render(&rule.message.id, &ev.actual.show(false), &exp.show(false)),
                    )
                }
                Outcome::Unknown => rule.unknown_reason(),
            };
            let mut g = GateResult::fail(
                Gate::Eligibility,
                Some(format!("{} ({})", set.name, rule.citation)),
                &rule.id,
                reason.en,
                reason.id,
            );
            if ev.outcome == Outcome::Unknown {
                g.code = Some(format!("{}_unknown", rule.id));
            }
            out.push(g);
        }
        out
    }
}

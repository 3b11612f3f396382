//! Checking rule files before use: parsing (TOML or JSON) with located errors,
//! limits that make untrusted files safe, and semantic checks (empty
//! combinators, contradictory bounds, ranges, templates, the guard).
//!
//! Every problem has a stable code and a path (`rules[2].when.of[0].years`);
//! syntax and type errors also carry `line X column Y` in the message.
//!
//! ```
//! use meritkit::rules::parse_rule_set;
//! let err = parse_rule_set("name = \"x\"\nversion = \"1\"\nimplements = \"-\"\nrules = []\nfoo = 1\n").unwrap_err();
//! assert_eq!(err.problems()[0].code, meritkit::Code::UnknownField);
//! ```

use super::{guard, Predicate, RuleSet};
use crate::error::{problem_from_serde, Code, Error, Problem};

/// Largest rule file, in bytes.
pub const MAX_BYTES: usize = 256 * 1024;
/// Deepest bracket nesting in the raw text (checked before parsing).
pub const MAX_TEXT_DEPTH: usize = 64;
/// Deepest predicate nesting (`all` / `any` / `not`).
pub const MAX_DEPTH: usize = 16;
/// Most rules in a set.
pub const MAX_RULES: usize = 500;
/// Most predicate nodes in a set.
pub const MAX_NODES: usize = 10_000;
/// Longest string (characters).
pub const MAX_STRING: usize = 2_000;
/// Longest list (kinds, boxes, values).
pub const MAX_LIST: usize = 1_000;
/// Longest identifier (rule id, set name).
pub const MAX_ID: usize = 64;

use crate::read::line_col;

fn limit(path: &str, en: String, id: String) -> Problem {
    Problem::new(Code::LimitExceeded, path, en, id)
}

/// Size and raw nesting limits, before any parsing.
fn text_limits(text: &str) -> Result<(), Error> {
    if text.len() > MAX_BYTES {
        return Err(Error::RuleSet(vec![limit(
            "",
            format!("rule file is {} bytes; at most {MAX_BYTES}", text.len()),
            format!("berkas aturan {} byte; paling besar {MAX_BYTES}", text.len()),
        )]));
    }
    let (mut depth, mut in_str, mut esc, mut quote) = (0usize, false, false, '"');
    for (i, ch) in text.char_indices() {
        if in_str {
            if esc {
                esc = false;
            } else if ch == '\\' && quote == '"' {
                esc = true;
            } else if ch == quote || ch == '\n' {
                in_str = false;
            }
            continue;
        }
        match ch {
            '"' | '\'' => {
                in_str = true;
                quote = ch;
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_TEXT_DEPTH {
                    let (l, c) = line_col(text, i);
                    return Err(Error::RuleSet(vec![limit(
                        "",
                        format!("nesting deeper than {MAX_TEXT_DEPTH} at line {l} column {c}"),
                        format!("sarang lebih dalam dari {MAX_TEXT_DEPTH} pada baris {l} kolom {c}"),
                    )]));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn checked(set: RuleSet) -> Result<RuleSet, Error> {
    let ps = check(&set);
    if ps.is_empty() {
        Ok(set)
    } else {
        Err(Error::RuleSet(ps))
    }
}

/// Parses and checks a rule file: JSON when it starts with `{`, else TOML.
pub fn parse_rule_set(text: &str) -> Result<RuleSet, Error> {
    text_limits(text)?;
    let set: RuleSet = if text.trim_start().starts_with('{') {
        crate::read::from_json_text(text)
    } else {
        crate::read::from_toml_text(text)
    }
    .map_err(|e| Error::RuleSet(vec![e.problem()]))?;
    let toml = !text.trim_start().starts_with('{');
    checked(set).map_err(|e| match e {
        Error::RuleSet(ps) if toml => Error::RuleSet(ps.into_iter().map(|p| locate_rule(text, p)).collect()),
        other => other,
    })
}

/// For a TOML file, adds the line of the `[[rules]]` table a semantic problem is in.
fn locate_rule(text: &str, mut p: Problem) -> Problem {
    let Some(i) = p.path.strip_prefix("rules[").and_then(|r| r.split(']').next()).and_then(|n| n.parse::<usize>().ok())
    else {
        return p;
    };
    let line =
        text.lines().enumerate().filter(|(_, l)| l.trim_start().starts_with("[[rules]]")).nth(i).map(|(n, _)| n + 1);
    if let Some(line) = line {
        p.message.en.push_str(&format!(" (rule at line {line})"));
        p.message.id.push_str(&format!(" (aturan pada baris {line})"));
    }
    p
}

/// Parses and checks a rule set given as a JSON value (API requests).
pub fn parse_rule_set_value(v: &serde_json::Value, prefix: &str) -> Result<RuleSet, Error> {
    let set: RuleSet = crate::read::read(v).map_err(|e| {
        let path = if e.path.is_empty() {
            prefix.to_string()
        } else if prefix.is_empty() {
            e.path
        } else {
            format!("{prefix}.{}", e.path)
        };
        Error::RuleSet(vec![problem_from_serde(path, &e.error.to_string())])
    })?;
    checked(set).map_err(|e| match e {
        Error::RuleSet(ps) if !prefix.is_empty() => Error::RuleSet(
            ps.into_iter()
                .map(|mut p| {
                    p.path = if p.path.is_empty() { prefix.to_string() } else { format!("{prefix}.{}", p.path) };
                    p
                })
                .collect(),
        ),
        other => other,
    })
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_ID && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn check_template(t: &str, path: &str, ps: &mut Vec<Problem>) {
    let mut rest = t;
    while let Some(i) = rest.find(['{', '}']) {
        if rest[i..].starts_with('}') {
            ps.push(Problem::new(
                Code::InvalidTemplate,
                path,
                "unbalanced `}` in message template",
                "`}` tanpa pasangan pada templat pesan",
            ));
            return;
        }
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                let name = &after[..j];
                if name != "actual" && name != "expected" {
                    ps.push(Problem::new(
                        Code::InvalidTemplate,
                        path,
                        format!("unknown placeholder `{{{name}}}`; known: {{actual}}, {{expected}}"),
                        format!("placeholder `{{{name}}}` tidak dikenal; yang ada: {{actual}}, {{expected}}"),
                    ));
                }
                rest = &after[j + 1..];
            }
            None => {
                ps.push(Problem::new(
                    Code::InvalidTemplate,
                    path,
                    "unbalanced `{` in message template",
                    "`{` tanpa pasangan pada templat pesan",
                ));
                return;
            }
        }
    }
}

fn string_limit(s: &str, path: &str, ps: &mut Vec<Problem>) {
    let n = s.chars().count();
    if n > MAX_STRING {
        ps.push(limit(
            path,
            format!("string of {n} characters; at most {MAX_STRING}"),
            format!("teks {n} karakter; paling panjang {MAX_STRING}"),
        ));
    }
}

fn list_limit(n: usize, path: &str, ps: &mut Vec<Problem>) {
    if n > MAX_LIST {
        ps.push(limit(
            path,
            format!("list of {n} items; at most {MAX_LIST}"),
            format!("daftar {n} butir; paling banyak {MAX_LIST}"),
        ));
    }
    if n == 0 {
        ps.push(Problem::new(Code::InvalidRuleSet, path, "list must not be empty", "daftar tidak boleh kosong"));
    }
}

fn bad(path: &str, en: impl Into<String>, id: impl Into<String>) -> Problem {
    Problem::new(Code::InvalidRuleSet, path, en, id)
}

/// Every problem of a parsed rule set (semantics, limits, guard), located.
pub fn check(set: &RuleSet) -> Vec<Problem> {
    let mut ps = Vec::new();
    if !is_ident(&set.name) {
        ps.push(bad(
            "name",
            format!("name must be 1-{MAX_ID} characters of a-z, 0-9, _"),
            format!("nama harus 1-{MAX_ID} karakter a-z, 0-9, _"),
        ));
    }
    if set.version.trim().is_empty() {
        ps.push(bad("version", "version is empty", "versi kosong"));
    }
    if set.implements.trim().is_empty() {
        ps.push(bad("implements", "implements (the regulation) is empty", "implements (peraturan) kosong"));
    }
    for (f, v) in [("version", &set.version), ("implements", &set.implements), ("description", &set.description)] {
        string_limit(v, f, &mut ps);
    }
    if set.rules.len() > MAX_RULES {
        ps.push(limit(
            "rules",
            format!("{} rules; at most {MAX_RULES}", set.rules.len()),
            format!("{} aturan; paling banyak {MAX_RULES}", set.rules.len()),
        ));
        return ps;
    }
    if set.rules.is_empty() {
        ps.push(bad(
            "rules",
            "a rule set needs at least one rule",
            "himpunan aturan memerlukan paling sedikit satu aturan",
        ));
    }
    let mut nodes = 0usize;
    let mut seen: Vec<&str> = Vec::new();
    for (i, r) in set.rules.iter().enumerate() {
        let rp = format!("rules[{i}]");
        if !is_ident(&r.id) {
            ps.push(bad(
                &format!("{rp}.id"),
                format!("rule id must be 1-{MAX_ID} characters of a-z, 0-9, _"),
                format!("id aturan harus 1-{MAX_ID} karakter a-z, 0-9, _"),
            ));
        }
        if seen.contains(&r.id.as_str()) {
            ps.push(Problem::new(
                Code::DuplicateRuleId,
                format!("{rp}.id"),
                format!("rule id `{}` is used twice", crate::diag::key(&r.id)),
                format!("id aturan `{}` dipakai dua kali", crate::diag::key(&r.id)),
            ));
        }
        seen.push(&r.id);
        if r.citation.trim().is_empty() {
            ps.push(bad(
                &format!("{rp}.citation"),
                "citation is empty: name the legal source",
                "citation kosong: sebutkan dasar hukumnya",
            ));
        }
        string_limit(&r.citation, &format!("{rp}.citation"), &mut ps);
        // The title is optional display text (never a key or a condition),
        // but when given it is given in both languages, on one line.
        if r.has_title() {
            for (lang, t) in [("en", &r.title.en), ("id", &r.title.id)] {
                let p = format!("{rp}.title.{lang}");
                string_limit(t, &p, &mut ps);
                if t.trim().is_empty() {
                    ps.push(bad(
                        &p,
                        "title is empty: give the title in both languages (en and id) or leave it out",
                        "judul kosong: isi judul dalam kedua bahasa (en dan id) atau hapus judulnya",
                    ));
                } else if !crate::diag::one_line(t) {
                    ps.push(bad(&p, "title must be one line of text", "judul harus satu baris teks"));
                }
            }
        }
        if let Some(b) = &r.basis {
            string_limit(&b.instrument, &format!("{rp}.basis.instrument"), &mut ps);
            string_limit(&b.article, &format!("{rp}.basis.article"), &mut ps);
            string_limit(&b.note, &format!("{rp}.basis.note"), &mut ps);
            for mut p in b.check(&format!("{rp}.basis")) {
                p.code = crate::Code::InvalidRuleSet;
                ps.push(p);
            }
        }
        if let Some(n) = &r.note {
            string_limit(n, &format!("{rp}.note"), &mut ps);
        }
        for (lang, t) in [("en", &r.message.en), ("id", &r.message.id)] {
            let p = format!("{rp}.message.{lang}");
            string_limit(t, &p, &mut ps);
            if t.trim().is_empty() {
                ps.push(bad(&p, "message template is empty", "templat pesan kosong"));
            }
            check_template(t, &p, &mut ps);
        }
        check_predicate(&r.when, &format!("{rp}.when"), 1, &mut nodes, &mut ps);
        if nodes > MAX_NODES {
            ps.push(limit(
                "rules",
                format!("more than {MAX_NODES} predicates"),
                format!("lebih dari {MAX_NODES} predikat aturan"),
            ));
            return ps;
        }
    }
    // The error-severity rules must all pass together: contradictions across them.
    let top: Vec<(String, &Predicate)> = set
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.severity == super::Severity::Error)
        .map(|(i, r)| (format!("rules[{i}].when"), &r.when))
        .collect();
    contradictions(&top, "rules", &mut ps);
    ps.extend(guard::check(set));
    ps
}

fn duration(years: u16, months: u16, path: &str, ps: &mut Vec<Problem>) {
    if years > 100 || months > 1200 {
        ps.push(bad(
            path,
            "duration out of range (years at most 100, months at most 1200)",
            "durasi di luar batas (tahun paling banyak 100, bulan paling banyak 1200)",
        ));
    }
}

/// Checks one predicate (one arm per kind).
pub fn check_predicate(p: &Predicate, path: &str, depth: usize, nodes: &mut usize, ps: &mut Vec<Problem>) {
    *nodes += 1;
    if depth > MAX_DEPTH {
        ps.push(limit(
            path,
            format!("predicates nested deeper than {MAX_DEPTH}"),
            format!("predikat aturan bersarang lebih dalam dari {MAX_DEPTH}"),
        ));
        return;
    }
    match p {
        Predicate::All { of } | Predicate::Any { of } => {
            if of.is_empty() {
                ps.push(Problem::new(
                    Code::EmptyCombinator,
                    format!("{path}.of"),
                    format!("`{}` needs at least one operand", p.kind_name()),
                    format!("`{}` memerlukan paling sedikit satu operand", p.kind_name()),
                ));
            }
            if of.len() > MAX_LIST {
                list_limit(of.len(), &format!("{path}.of"), ps);
            }
            for (i, c) in of.iter().enumerate() {
                check_predicate(c, &format!("{path}.of[{i}]"), depth + 1, nodes, ps);
                if *nodes > MAX_NODES {
                    return;
                }
            }
            if let Predicate::All { of } = p {
                let items: Vec<(String, &Predicate)> =
                    of.iter().enumerate().map(|(i, c)| (format!("{path}.of[{i}]"), c)).collect();
                contradictions(&items, path, ps);
            }
        }
        Predicate::Not { of } => check_predicate(of, &format!("{path}.of"), depth + 1, nodes, ps),
        Predicate::EducationAtLeast { .. } => {}
        Predicate::RankAtLeast { pns, pppk, eselon } => {
            if pns.is_none() && pppk.is_none() && eselon.is_none() {
                ps.push(bad(
                    path,
                    "give a `pns` bound, an `eselon`, a `pppk` bound, or both kinds",
                    "isi batas `pns`, `eselon`, `pppk`, atau keduanya",
                ));
            }
            if pns.is_some() && eselon.is_some() {
                ps.push(bad(
                    path,
                    "give either `pns` or `eselon`, not both",
                    "isi `pns` atau `eselon`, bukan keduanya",
                ));
            }
        }
        Predicate::RankAtMost { pns, pppk } => {
            if pns.is_none() && pppk.is_none() {
                ps.push(bad(
                    path,
                    "give a `pns` bound, a `pppk` bound, or both",
                    "isi batas `pns`, `pppk`, atau keduanya",
                ));
            }
        }
        Predicate::PositionKindIn { kinds } => list_limit(kinds.len(), &format!("{path}.kinds"), ps),
        Predicate::YearsInPosition { years, months } | Predicate::ServiceYearsAtLeast { years, months } => {
            duration(*years, *months, path, ps)
        }
        Predicate::CumulativeYearsIn { kinds, years, months } => {
            list_limit(kinds.len(), &format!("{path}.kinds"), ps);
            duration(*years, *months, path, ps);
        }
        Predicate::AgeAtMost { citation, .. } | Predicate::AgeAtLeast { citation, .. } => {
            // The statutory bounds of `years` are the guard's (crate::statute).
            string_limit(citation, &format!("{path}.citation"), ps);
        }
        Predicate::YearsToRetirementAtLeast { years, months, citation, .. } => {
            duration(*years, *months, path, ps);
            string_limit(citation, &format!("{path}.citation"), ps);
        }
        Predicate::PredikatLastYears { years, .. } => {
            if !(1..=10).contains(years) {
                ps.push(bad(&format!("{path}.years"), "years must be 1-10", "tahun harus 1-10"));
            }
        }
        Predicate::NoDiscipline { years, months, .. } => duration(*years, *months, path, ps),
        Predicate::JpmAtLeast { percent, .. } => {
            if !(percent.is_finite() && (0.0..=200.0).contains(percent)) {
                ps.push(bad(&format!("{path}.percent"), "percent must be 0-200", "persen harus 0-200"));
            }
        }
        Predicate::NineBoxIn { boxes } => {
            list_limit(boxes.len(), &format!("{path}.boxes"), ps);
            if boxes.iter().any(|b| !(1..=81).contains(b)) {
                ps.push(bad(&format!("{path}.boxes"), "box numbers must be 1-81", "nomor kotak harus 1-81"));
            }
        }
        Predicate::TalentPool { .. } => {}
        Predicate::FieldPresent { field } => {
            string_limit(field, &format!("{path}.field"), ps);
            let ok = super::predicate::FIELDS.contains(&field.as_str())
                || field.strip_prefix("attributes.").is_some_and(|k| !k.trim().is_empty());
            if !ok {
                ps.push(Problem::new(
                    Code::InvalidValue,
                    format!("{path}.field"),
                    format!(
                        "unknown field `{}`; known: {}, attributes.<key>",
                        crate::diag::key(field),
                        super::predicate::FIELDS.join(", ")
                    ),
                    format!(
                        "kolom `{}` tidak dikenal; yang ada: {}, attributes.<key>",
                        crate::diag::key(field),
                        super::predicate::FIELDS.join(", ")
                    ),
                ));
            }
        }
        Predicate::AttributeIn { key, values } => {
            string_limit(key, &format!("{path}.key"), ps);
            list_limit(values.len(), &format!("{path}.values"), ps);
            for (i, v) in values.iter().enumerate() {
                string_limit(v, &format!("{path}.values[{i}]"), ps);
            }
        }
        // Bounded by the guard (crate::statute::APPOINTMENT_AGE_MAX).
        Predicate::AppointmentAgeAtLeast { .. } => {}
        Predicate::AppraisalYearsComplete { years } => {
            if !(1..=10).contains(years) {
                ps.push(bad(&format!("{path}.years"), "years must be 1-10", "tahun harus 1-10"));
            }
        }
        Predicate::NipValid
        | Predicate::NipMatchesBirthDate
        | Predicate::NipMatchesSex
        | Predicate::CompetencyLevelsValid
        | Predicate::UniqueNip
        | Predicate::NoFutureDates => {}
    }
}

/// Bounds that cannot hold together among predicates that must all pass.
fn contradictions(items: &[(String, &Predicate)], at: &str, ps: &mut Vec<Problem>) {
    // Flatten nested `all`.
    let mut flat: Vec<(&str, &Predicate)> = Vec::new();
    fn push<'a>(p: &'a Predicate, path: &'a str, flat: &mut Vec<(&'a str, &'a Predicate)>) {
        match p {
            Predicate::All { of } => of.iter().for_each(|c| push(c, path, flat)),
            _ => flat.push((path, p)),
        }
    }
    for (path, p) in items {
        push(p, path, &mut flat);
    }
    let mut contra = |a: &str, b: &str, what: &str| {
        ps.push(Problem::new(
            Code::ContradictoryBounds,
            at.to_string(),
            format!("contradictory bounds: {what} ({a} and {b}) can never both hold"),
            format!("batas saling bertentangan: {what} ({a} dan {b}) tidak mungkin terpenuhi bersama"),
        ));
    };
    for (i, (pa, a)) in flat.iter().enumerate() {
        for (pb, b) in flat.iter().skip(i + 1) {
            match (a, b) {
                (Predicate::AgeAtLeast { years: lo, .. }, Predicate::AgeAtMost { years: hi, .. })
                | (Predicate::AgeAtMost { years: hi, .. }, Predicate::AgeAtLeast { years: lo, .. })
                    if lo > hi =>
                {
                    contra(pa, pb, &format!("age at least {lo} and at most {hi}"))
                }
                (Predicate::RankAtLeast { pns: lp, pppk: lk, .. }, Predicate::RankAtMost { pns: hp, pppk: hk })
                | (Predicate::RankAtMost { pns: hp, pppk: hk }, Predicate::RankAtLeast { pns: lp, pppk: lk, .. }) => {
                    if let (Some(l), Some(h)) = (lp, hp) {
                        if l > h {
                            contra(pa, pb, &format!("rank at least {} and at most {}", l.label(), h.label()));
                        }
                    }
                    if let (Some(l), Some(h)) = (lk, hk) {
                        if l > h {
                            contra(pa, pb, &format!("PPPK rank at least {} and at most {}", l.label(), h.label()));
                        }
                    }
                }
                (Predicate::PositionKindIn { kinds: ka }, Predicate::PositionKindIn { kinds: kb })
                    if !ka.is_empty() && !kb.is_empty() && !ka.iter().any(|k| kb.contains(k)) =>
                {
                    contra(pa, pb, "position kind in two disjoint sets")
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_rule_set;
    use crate::Code;

    fn file(title: &str) -> String {
        format!(
            "name = \"x\"\nversion = \"1\"\nimplements = \"-\"\n\n[[rules]]\nid = \"pendidikan_minimal\"\n{title}\
             citation = \"PP 11/2017 Ps. 54\"\nseverity = \"error\"\nmessage = {{ en = \"e\", id = \"i\" }}\n\
             when = {{ kind = \"education_at_least\", level = \"s1\" }}\n"
        )
    }

    #[test]
    fn a_user_file_without_title_still_loads_and_falls_back_to_the_id() {
        let set = parse_rule_set(&file("")).unwrap();
        let r = &set.rules[0];
        assert!(!r.has_title());
        assert_eq!(r.title_or_id(), crate::error::Message::new("pendidikan_minimal", "pendidikan_minimal"));
        // Absent stays absent: the canonical form (and the fingerprint) of old files does not change.
        assert!(!set.canonical_json().contains("\"title\""));
        assert!(!set.to_toml().unwrap().contains("title"));
    }

    #[test]
    fn a_title_is_read_written_and_round_trips() {
        let set =
            parse_rule_set(&file("title = { en = \"Minimum education\", id = \"Pendidikan minimal\" }\n")).unwrap();
        let r = &set.rules[0];
        assert_eq!(r.title.id, "Pendidikan minimal");
        assert_eq!(r.title_or_id().en, "Minimum education");
        assert_eq!(parse_rule_set(&set.to_toml().unwrap()).unwrap(), set);
        assert_eq!(parse_rule_set(&serde_json::to_string(&set).unwrap()).unwrap(), set);
        assert!(set
            .canonical_json()
            .contains("\"title\":{\"en\":\"Minimum education\",\"id\":\"Pendidikan minimal\"}"));
    }

    #[test]
    fn a_title_in_one_language_only_is_refused_where_it_is() {
        let e = parse_rule_set(&file("title = { en = \"Minimum education\", id = \" \" }\n")).unwrap_err();
        let ps = e.problems();
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!(ps[0].code, Code::InvalidRuleSet);
        assert!(ps[0].path.ends_with("rules[0].title.id"), "{}", ps[0].path);
        let e = parse_rule_set(&file("title = { en = \"a\\nb\", id = \"Pendidikan\" }\n")).unwrap_err();
        assert!(e.problems()[0].path.ends_with("rules[0].title.en"));
        // Both keys are required inside a title.
        assert!(parse_rule_set(&file("title = { id = \"Pendidikan minimal\" }\n")).is_err());
    }

    #[test]
    fn a_title_is_display_text_not_a_key_for_the_guard() {
        // Words naming protected attributes in a title select on nothing.
        let set = parse_rule_set(&file("title = { en = \"Sex and religion\", id = \"Jenis kelamin dan agama\" }\n"));
        assert!(set.is_ok(), "{set:?}");
    }
}

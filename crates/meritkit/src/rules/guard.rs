//! Protected-attribute guard of rule sets: where a rule names a key
//! (`field_present`, `attribute_in`) it goes through [`crate::protected`].
//!
//! The merit system forbids selection on: latar belakang politik, ras, warna
//! kulit, agama, asal usul, jenis kelamin, status pernikahan, umur, kondisi
//! kecacatan (UU 5/2014 Ps. 1) and suku, ras, warna kulit, agama, asal-usul,
//! jenis kelamin, status pernikahan, umur, berkebutuhan khusus (UU 20/2023,
//! penjelasan Ps. 28(2) huruf d). A rule set that selects on any of them, by its
//! Indonesian or English name, is refused. Values derived from the NIP (sex,
//! birth date) count too. The one exception is statutory age limits (JPT age
//! caps, BUP): only the dedicated `age_at_most` / `age_at_least` /
//! `years_to_retirement_at_least` predicates, each with a `citation`, never
//! under `not`, and reported as statutory.
//!
//! ```
//! use meritkit::rules::guard::protected;
//! assert_eq!(protected("Agama").unwrap().0, "agama");
//! assert_eq!(protected("gender").unwrap().0, "jenis_kelamin");
//! assert_eq!(protected("asal_kabupaten").unwrap().0, "asal_usul");
//! assert!(protected("region").is_none());
//! ```

use super::{Predicate, RuleSet};
use crate::error::{Code, Problem};

const BOTH: &str = "UU 5/2014 Ps. 1 and UU 20/2023 penjelasan Ps. 28(2) huruf d";

/// If `name` names a protected attribute (see [`crate::protected`], which
/// owns the normaliser and the names), its canonical name and law.
pub fn protected(name: &str) -> Option<(&'static str, &'static str)> {
    crate::protected::ground(name).map(|g| (g.code, g.law))
}

fn refuse(path: &str, what: &str, name: &str) -> Option<Problem> {
    crate::protected::check_key(name, &|| path.to_string(), what)
}

/// Every guard violation in a rule set, located.
pub fn check(set: &RuleSet) -> Vec<Problem> {
    let mut ps = Vec::new();
    for (i, r) in set.rules.iter().enumerate() {
        walk(&r.when, &format!("rules[{i}].when"), false, &mut ps);
    }
    ps
}

fn walk(p: &Predicate, path: &str, negated: bool, ps: &mut Vec<Problem>) {
    match p {
        Predicate::FieldPresent { field } => {
            ps.extend(refuse(&format!("{path}.field"), "field_present", field));
        }
        Predicate::AttributeIn { key, .. } => {
            ps.extend(refuse(&format!("{path}.key"), "attribute_in", key));
        }
        Predicate::AgeAtMost { citation, .. }
        | Predicate::AgeAtLeast { citation, .. }
        | Predicate::YearsToRetirementAtLeast { citation, .. } => {
            if citation.trim().is_empty() {
                ps.push(Problem::new(Code::ProtectedAttribute, format!("{path}.citation"),
                    format!("{}: age (`umur`, {BOTH}) may be used only for a statutory limit: give the `citation` of the statute", p.kind_name()),
                    format!("{}: umur ({BOTH}) hanya boleh dipakai untuk batas menurut peraturan: isi `citation` peraturannya", p.kind_name())));
            }
            if negated {
                ps.push(Problem::new(Code::ProtectedAttribute, path.to_string(),
                    format!("{} under `not` turns a statutory age limit into selection on age (`umur`, {BOTH})", p.kind_name()),
                    format!("{} di dalam `not` mengubah batas usia menurut peraturan menjadi seleksi berdasarkan umur ({BOTH})", p.kind_name())));
            }
        }
        _ => {}
    }
    match p {
        Predicate::Not { of } => walk(of, &format!("{path}.of"), !negated, ps),
        _ => {
            for (i, c) in p.children().iter().enumerate() {
                walk(c, &format!("{path}.of[{i}]"), negated, ps);
            }
        }
    }
}

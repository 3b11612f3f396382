//! Protected-attribute guard of rule sets: where a rule names a key
//! (`field_present`, `attribute_in`) it goes through [`crate::protected`].
//!
//! The merit system forbids selection on: latar belakang politik, ras, warna
//! kulit, agama, asal usul, jenis kelamin, status pernikahan, umur, kondisi
//! kecacatan (UU 5/2014 Ps. 1) and suku, ras, warna kulit, agama, asal-usul,
//! jenis kelamin, status pernikahan, umur, berkebutuhan khusus (UU 20/2023,
//! penjelasan Ps. 28(2) huruf d). A rule set that selects on any of them, by its
//! Indonesian or English name, is refused. Values derived from the NIP (sex,
//! birth date) count too, and so do the *values* of `attribute_in` that name
//! a protected category (`perempuan`, `islam`: [`crate::protected::value_ground`]).
//! The one exception is statutory age limits (JPT age caps, BUP): only the
//! dedicated `age_at_most` / `age_at_least` / `years_to_retirement_at_least`
//! predicates (and `appointment_age_at_least`), each with a recognisable
//! citation and a number within the statutory values ([`crate::statute`]),
//! never under `not`, and reported as statutory.
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
        // `appointment_age_at_least` has no citation of its own: the rule's must name the statute.
        if uses_appointment_age(&r.when) {
            ps.extend(crate::statute::require_citation(
                &r.citation,
                format!("rules[{i}].citation"),
                "appointment_age_at_least",
            ));
        }
    }
    ps
}

fn uses_appointment_age(p: &Predicate) -> bool {
    matches!(p, Predicate::AppointmentAgeAtLeast { .. })
        || match p {
            Predicate::Not { of } => uses_appointment_age(of),
            _ => p.children().iter().any(uses_appointment_age),
        }
}

fn walk(p: &Predicate, path: &str, negated: bool, ps: &mut Vec<Problem>) {
    match p {
        Predicate::FieldPresent { field } => {
            ps.extend(refuse(&format!("{path}.field"), "field_present", field));
        }
        Predicate::AttributeIn { key, values } => {
            ps.extend(refuse(&format!("{path}.key"), "attribute_in", key));
            // A neutral key compared with a protected category (`kategori` in [`perempuan`]) selects on it.
            for (j, v) in values.iter().enumerate() {
                if let Some(g) = crate::protected::value_ground(v) {
                    ps.push(crate::protected::refusal(format!("{path}.values[{j}]"), "attribute_in value", g));
                }
            }
        }
        Predicate::AgeAtMost { .. }
        | Predicate::AgeAtLeast { .. }
        | Predicate::YearsToRetirementAtLeast { .. }
        | Predicate::AppointmentAgeAtLeast { .. } => {
            use crate::statute::{out_of_bound, AGE_AT_LEAST, AGE_AT_MOST, APPOINTMENT_AGE_MAX, HORIZON_MAX_YEARS};
            if let Predicate::AgeAtMost { citation, .. }
            | Predicate::AgeAtLeast { citation, .. }
            | Predicate::YearsToRetirementAtLeast { citation, .. } = p
            {
                ps.extend(crate::statute::require_citation(citation, format!("{path}.citation"), p.kind_name()));
            }
            let years = format!("{path}.years");
            match p {
                Predicate::AgeAtMost { years: y, .. } if !(AGE_AT_MOST.0..=AGE_AT_MOST.1).contains(y) => {
                    ps.push(out_of_bound(
                        years,
                        "age_at_most.years",
                        f64::from(AGE_AT_MOST.0),
                        f64::from(AGE_AT_MOST.1),
                        false,
                        "PP 11/2017 Ps. 23, 107, 239",
                    ));
                }
                Predicate::AgeAtLeast { years: y, .. } if !(AGE_AT_LEAST.0..=AGE_AT_LEAST.1).contains(y) => {
                    ps.push(out_of_bound(
                        years,
                        "age_at_least.years",
                        f64::from(AGE_AT_LEAST.0),
                        f64::from(AGE_AT_LEAST.1),
                        false,
                        "PP 11/2017 Ps. 23; PP 49/2018 Ps. 16",
                    ));
                }
                Predicate::AppointmentAgeAtLeast { years: y, .. } if *y > APPOINTMENT_AGE_MAX => {
                    ps.push(out_of_bound(
                        years,
                        "appointment_age_at_least.years",
                        0.0,
                        f64::from(APPOINTMENT_AGE_MAX),
                        false,
                        "PP 11/2017 Ps. 23; PP 49/2018 Ps. 16",
                    ));
                }
                Predicate::YearsToRetirementAtLeast { years: y, months: m, .. }
                    if f64::from(*y) + f64::from(*m) / 12.0 > HORIZON_MAX_YEARS =>
                {
                    ps.push(out_of_bound(
                        path.to_string(),
                        "years_to_retirement_at_least",
                        0.0,
                        HORIZON_MAX_YEARS,
                        true,
                        "PP 11/2017 Ps. 107, 239",
                    ));
                }
                _ => {}
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

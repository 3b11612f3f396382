//! Protected-attribute guard (UU 5/2014 Ps. 1; UU 20/2023 penjelasan Ps. 28(2) huruf d).
//!
//! The merit system forbids selection on: latar belakang politik, ras, warna
//! kulit, agama, asal usul, jenis kelamin, status pernikahan, umur, kondisi
//! kecacatan (UU 5/2014 Ps. 1) and suku, ras, warna kulit, agama, asal-usul,
//! jenis kelamin, status pernikahan, umur, berkebutuhan khusus (UU 20/2023,
//! penjelasan Ps. 28(2) d). A rule set that selects on any of them, by its
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
use crate::label::normalize;

const UU5: &str = "UU 5/2014 Ps. 1";
const UU20: &str = "UU 20/2023 penjelasan Ps. 28(2) d";
const BOTH: &str = "UU 5/2014 Ps. 1 and UU 20/2023 penjelasan Ps. 28(2) d";

/// The guarded union: canonical name, the law(s), and accepted aliases
/// (compared after [`normalize`]).
pub const PROTECTED: &[(&str, &str, &[&str])] = &[
    ("politik", UU5, &["politik", "latar_belakang_politik", "afiliasi_politik", "partai", "partai_politik", "political_affiliation", "politics", "political", "party"]),
    ("suku", UU20, &["suku", "suku_bangsa", "etnis", "etnik", "ethnicity", "ethnic", "ethnic_group", "tribe"]),
    ("ras", BOTH, &["ras", "race"]),
    ("warna_kulit", BOTH, &["warna_kulit", "skin_colour", "skin_color", "colour", "color"]),
    ("agama", BOTH, &["agama", "kepercayaan", "religion", "faith", "belief"]),
    ("asal_usul", BOTH, &["asal_usul", "asal", "daerah_asal", "tempat_lahir", "origin", "place_of_origin", "place_of_birth", "birthplace", "national_origin"]),
    ("jenis_kelamin", BOTH, &["jenis_kelamin", "kelamin", "jk", "sex", "gender"]),
    ("status_pernikahan", BOTH, &["status_pernikahan", "status_perkawinan", "status_kawin", "pernikahan", "perkawinan", "marital_status", "marital", "married"]),
    ("umur", BOTH, &["umur", "usia", "age", "birth_date", "tanggal_lahir", "tgl_lahir", "tahun_lahir", "date_of_birth", "dob", "birth_year"]),
    ("disabilitas", BOTH, &["disabilitas", "kecacatan", "kondisi_kecacatan", "cacat", "difabel", "berkebutuhan_khusus", "disability", "disabled", "special_needs"]),
];

/// If `name` names a protected attribute (or an alias), its canonical name and law.
pub fn protected(name: &str) -> Option<(&'static str, &'static str)> {
    let n = normalize(name);
    let n = n.strip_prefix("attributes_").unwrap_or(&n);
    // A name also counts when an alias is one of its `_`-separated parts
    // (`asal_kabupaten`, `agama_pegawai`, `status_jenis_kelamin`).
    let hit = |a: &str| {
        n == a
            || (n.len() > a.len()
                && (n.starts_with(a) && n.as_bytes().get(a.len()) == Some(&b'_')
                    || n.ends_with(a) && n.as_bytes().get(n.len() - a.len() - 1) == Some(&b'_')
                    || n.contains(&format!("_{a}_"))))
    };
    PROTECTED.iter().find(|(_, _, aliases)| aliases.iter().any(|a| hit(a))).map(|(c, law, _)| (*c, *law))
}

fn refuse(path: &str, what: &str, attr: &str, law: &str) -> Problem {
    Problem::new(
        Code::ProtectedAttribute,
        path,
        format!("{what} selects on the protected attribute `{attr}` ({law}): merit selection may not use it"),
        format!("{what} memilih berdasarkan atribut terlindung `{attr}` ({law}): seleksi berbasis merit tidak boleh menggunakannya"),
    )
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
            if let Some((a, law)) = protected(field) {
                ps.push(refuse(&format!("{path}.field"), "field_present", a, law));
            }
        }
        Predicate::AttributeIn { key, .. } => {
            if let Some((a, law)) = protected(key) {
                ps.push(refuse(&format!("{path}.key"), "attribute_in", a, law));
            }
        }
        Predicate::AgeAtMost { citation, .. } | Predicate::AgeAtLeast { citation, .. } | Predicate::YearsToRetirementAtLeast { citation, .. } => {
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

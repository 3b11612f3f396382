//! Pseudonyms for `--redact`: names and NIPs are replaced by a keyed hash
//! (HMAC-SHA256 with the user's key), stable across runs with the same key and
//! not reversible without it. The same NIP always gets the same pseudonym, so
//! reports made on different dates can still be compared.

use hmac::{Hmac, Mac};
use meritkit::scoring::ScoreOutput;
use meritkit::RowError;
use sha2::Sha256;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

/// The global `--show-personal-data` flag (off by default).
pub static SHOW_PERSONAL: AtomicBool = AtomicBool::new(false);

/// Whether row errors, messages, stderr and reports may name a row by its NIP.
pub fn show_personal() -> bool {
    SHOW_PERSONAL.load(Ordering::Relaxed)
}

/// Row errors as the CLI shows them: without the row's NIP, unless
/// `--show-personal-data` (the row index and file position identify the row).
pub fn hide_error_nips(errors: &mut [RowError]) {
    if !show_personal() {
        for e in errors {
            e.nip = None;
        }
    }
}

/// Where input row `row` sits in the file (`line 7`, `Pegawai!7`, `#3`); empty when unknown.
pub fn origin(origins: &[String], row: usize) -> String {
    origin_str(origins, row).to_owned()
}

/// [`origin`], borrowed.
pub fn origin_str(origins: &[String], row: usize) -> &str {
    origins.get(row).map_or("", String::as_str)
}

/// One line per error row, as `score` and `succession` print them: row, origin,
/// code, path and message (the NIP only with `--show-personal-data`); each
/// input-derived part through the terminal escaper. Messages never hold values.
pub fn row_error_lines(errors: &[RowError], origins: &[String], lang: crate::Lang) -> String {
    use crate::i18n::t;
    use crate::safe::term;
    use std::fmt::Write as _;
    let mut s = String::new();
    for e in errors {
        let o = origin(origins, e.row);
        let who = if o.is_empty() { e.row.to_string() } else { format!("{} ({o})", e.row) };
        let who = match (&e.nip, show_personal()) {
            (Some(n), true) => format!("{who} {n}"),
            _ => who,
        };
        let _ = writeln!(
            s,
            "{}",
            t::ROW_ERROR_LINE.fmt(
                lang,
                &[&t::ROW.get(lang), &term(&who), &e.code, &term(&e.path), &term(crate::i18n::pick(&e.message, lang))]
            )
        );
    }
    s
}

/// An error row as JSON, with its `origin` (the file position of the row).
fn error_value(e: &RowError, origins: &[String]) -> serde_json::Value {
    error_value_at(e, origins.get(e.row).map(String::as_str))
}

/// An error row as JSON, with `origin` when it is known.
pub fn error_value_at(e: &RowError, origin: Option<&str>) -> serde_json::Value {
    let mut v = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    if let (Some(o), Some(obj)) = (origin, v.as_object_mut()) {
        obj.insert("origin".into(), serde_json::Value::String(o.to_string()));
    }
    v
}

fn values<'a, T: serde::Serialize>(xs: &'a [T]) -> Box<dyn Iterator<Item = serde_json::Value> + 'a> {
    Box::new(xs.iter().map(|x| serde_json::to_value(x).unwrap_or(serde_json::Value::Null)))
}

/// Writes a JSON answer whose `errors[]` entries each get an `origin`, the
/// same text as [`json_with_origins`], streamed: `take` moves the answer's
/// big arrays out (results, errors, positions), and they are written one
/// element at a time, then put back.
pub fn write_json_with_origins<T: serde::Serialize, R: serde::Serialize>(
    answer: &mut T,
    results_key: &'static str,
    take: impl Fn(&mut T, Option<(Vec<R>, Vec<RowError>)>) -> Option<(Vec<R>, Vec<RowError>)>,
    origins: &[String],
    out: Option<&std::path::Path>,
) -> Result<(), meritkit::error::Error> {
    let Some((results, errors)) = take(answer, None) else {
        return crate::output::emit(&json_with_origins(answer, origins), out);
    };
    let small = serde_json::to_value(&*answer).unwrap_or(serde_json::Value::Null);
    let r = crate::output::write_json_answer(
        &small,
        vec![(results_key, values(&results)), ("errors", Box::new(errors.iter().map(|e| error_value(e, origins))))],
        out,
    );
    take(answer, Some((results, errors)));
    r
}

/// Pretty JSON of an answer whose `errors[]` entries each get an `origin`
/// (the file position of the row).
pub fn json_with_origins<T: serde::Serialize>(answer: &T, origins: &[String]) -> String {
    let mut v = serde_json::to_value(answer).unwrap_or(serde_json::Value::Null);
    if let Some(errors) = v.get_mut("errors").and_then(|e| e.as_array_mut()) {
        for e in errors {
            let row = e.get("row").and_then(serde_json::Value::as_u64).unwrap_or(u64::MAX);
            if let (Some(o), Some(obj)) = (usize::try_from(row).ok().and_then(|r| origins.get(r)), e.as_object_mut()) {
                obj.insert("origin".into(), serde_json::Value::String(o.clone()));
            }
        }
    }
    crate::output::json(&v)
}

/// A keyed pseudonymiser.
pub struct Redactor {
    key: Vec<u8>,
}

impl Redactor {
    /// From the user's key.
    pub fn new(key: &str) -> Redactor {
        Redactor { key: key.as_bytes().to_vec() }
    }

    fn tag(&self, domain: &str, value: &str) -> String {
        // HMAC accepts keys of any length: `new_from_slice` cannot fail for it.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else { return String::new() };
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value.trim().as_bytes());
        let bytes = mac.finalize().into_bytes();
        bytes.iter().take(5).map(|b| format!("{b:02X}")).collect()
    }

    /// Pseudonym of a NIP: `ASN-` and 10 hex digits (never 18 digits, so it cannot pass for a NIP).
    pub fn nip(&self, nip: &str) -> String {
        format!("ASN-{}", self.tag("nip", nip))
    }

    /// Pseudonym of a file name (a redacted report's audit trail): its
    /// extension and a keyed hash, `file-3FA2C91B0D.xlsx` (a file is often named
    /// after the person or carries a NIP).
    pub fn file(&self, name: &str) -> String {
        let ext = std::path::Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .filter(|e| !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()));
        match ext {
            Some(e) => format!("file-{}.{e}", self.tag("file", name)),
            None => format!("file-{}", self.tag("file", name)),
        }
    }

    /// Pseudonym of a name.
    pub fn name(&self, name: &str) -> String {
        format!("Pegawai {}", self.tag("name", name))
    }

    /// Replaces every NIP (also inside longer text) and every name (whole
    /// cell) of the input in report tables by its pseudonym: the same
    /// pseudonyms as [`Redactor::apply`], whatever column carries them.
    pub fn apply_tables(
        &self,
        tables: &mut [crate::report::DataTable],
        nips: &HashSet<String>,
        names: &HashSet<String>,
    ) {
        for tb in tables {
            for row in &mut tb.rows {
                for v in row.iter_mut() {
                    let crate::report::Val::Text(s) = v else { continue };
                    if names.contains(s.as_str()) {
                        *s = self.name(s);
                        continue;
                    }
                    for n in nips {
                        if s.contains(n.as_str()) {
                            *s = s.replace(n.as_str(), &self.nip(n));
                        }
                    }
                }
            }
        }
    }

    /// Replaces every NIP and name in a scoring answer.
    pub fn apply(&self, out: &mut ScoreOutput) {
        for r in &mut out.results {
            r.nip = self.nip(&r.nip);
            r.name = r.name.as_deref().map(|n| self.name(n));
        }
        for e in &mut out.errors {
            e.nip = e.nip.as_deref().map(|n| self.nip(n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_keyed_and_distinct() {
        let a = Redactor::new("rahasia");
        let b = Redactor::new("kunci lain");
        assert_eq!(a.nip("198503152010011002"), a.nip("198503152010011002"));
        assert_ne!(a.nip("198503152010011002"), b.nip("198503152010011002"));
        assert_ne!(a.nip("198503152010011002"), a.nip("198503152010011003"));
        assert!(!a.nip("198503152010011002").contains("1985"));
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?") = 5bdcc146bf...
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert!(format!("{:x}", mac.finalize().into_bytes()).starts_with("5bdcc146bf60754e"));
    }
}

//! Pseudonyms for `--redact`: names and NIPs are replaced by a keyed hash
//! (HMAC-SHA256 with the user's key), stable across runs with the same key and
//! not reversible without it. The same NIP always gets the same pseudonym, so
//! reports made on different dates can still be compared.

use hmac::{Hmac, Mac};
use meritkit::scoring::ScoreOutput;
use sha2::Sha256;
use std::collections::HashSet;

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

    /// Pseudonym of a name.
    pub fn name(&self, name: &str) -> String {
        format!("Pegawai {}", self.tag("name", name))
    }

    /// Replaces every NIP (also inside longer text) and every name (whole
    /// cell) of the input in report tables by its pseudonym: the same
    /// pseudonyms as [`Redactor::apply`], whatever column carries them.
    pub fn apply_tables(&self, tables: &mut [crate::report::DataTable], nips: &HashSet<String>, names: &HashSet<String>) {
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

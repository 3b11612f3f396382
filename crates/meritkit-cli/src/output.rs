//! Writing results: table, JSON, CSV; errors to stderr.

use crate::Lang;
use meritkit::error::Error;
use std::io::Write;
use std::path::Path;

/// Prints a whole-call error to stderr in the chosen language.
/// Set while a rule file or rule set is being loaded, so that its problems
/// are headed "invalid rule set" (rule sets share the `policy_error` family).
pub static RULES_CONTEXT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn print_error(e: &Error, lang: Lang) {
    let rules = RULES_CONTEXT.load(std::sync::atomic::Ordering::Relaxed);
    let head = match (e, lang) {
        (Error::Policy(_), Lang::En) if rules => "invalid rule set",
        (Error::Policy(_), Lang::Id) if rules => "himpunan aturan tidak valid",
        (Error::Policy(_), Lang::En) => "invalid policy",
        (Error::Policy(_), Lang::Id) => "kebijakan tidak valid",
        (Error::Request(_), Lang::En) => "invalid request",
        (Error::Request(_), Lang::Id) => "permintaan tidak valid",
        (Error::Input(_), Lang::En) => "invalid input",
        (Error::Input(_), Lang::Id) => "masukan tidak valid",
    };
    eprintln!("meritkit: {head}");
    for p in e.problems() {
        let m = if lang == Lang::En { &p.message.en } else { &p.message.id };
        if p.path.is_empty() {
            eprintln!("  [{}] {m}", p.code);
        } else {
            eprintln!("  [{}] {}: {m}", p.code, p.path);
        }
    }
}

/// Writes text to a file or stdout.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), Error> {
    match out {
        Some(p) => std::fs::write(p, text).map_err(|e| {
            Error::Input(vec![meritkit::Problem::new(
                meritkit::Code::InvalidInput,
                "output",
                format!("cannot write output file: {e}"),
                format!("berkas keluaran tidak dapat ditulis: {e}"),
            )])
        }),
        None => {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// Serializes any value as pretty JSON.
pub fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

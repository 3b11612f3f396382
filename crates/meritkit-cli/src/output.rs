//! Writing results: table, JSON, CSV; errors to stderr.

use crate::i18n::{pick, t};
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
    let head = match e {
        Error::Policy(_) if rules => t::ERR_INVALID_RULE_SET,
        Error::Policy(_) => t::ERR_INVALID_POLICY,
        Error::Request(_) => t::ERR_INVALID_REQUEST,
        Error::Input(_) => t::ERR_INVALID_INPUT,
    }
    .get(lang);
    eprintln!("meritkit: {head}");
    for p in e.problems() {
        // Paths and messages may carry keys of the input: no control sequence reaches the terminal.
        let m = crate::safe::term(pick(&p.message, lang));
        if p.path.is_empty() {
            eprintln!("  [{}] {m}", p.code);
        } else {
            eprintln!("  [{}] {}: {m}", p.code, crate::safe::term(&p.path));
        }
    }
}

/// File-level warnings of a reader (merged cells, an unnamed column skipped,
/// other sheets not read, ...) on stderr, one line each: `meritkit: warning
/// [code] path: message`. Stdout (JSON, CSV, table) is left as it is.
pub fn print_warnings(warnings: &[meritkit::Problem], lang: Lang) {
    for p in warnings {
        let m = crate::safe::term(pick(&p.message, lang));
        let w = t::WARNING.get(lang);
        if p.path.is_empty() {
            eprintln!("meritkit: {w} [{}] {m}", p.code);
        } else {
            eprintln!("meritkit: {w} [{}] {}: {m}", p.code, crate::safe::term(&p.path));
        }
    }
}

/// An `invalid_input` error from a catalogue entry with arguments, in both languages.
pub fn problem(
    code: meritkit::Code,
    path: impl Into<String>,
    text: crate::i18n::Text,
    args: &[&dyn std::fmt::Display],
) -> meritkit::Problem {
    meritkit::Problem::new(code, path, text.fmt(Lang::En, args), text.fmt(Lang::Id, args))
}

/// Writes text to a file or stdout.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), Error> {
    emit_bytes(text.as_bytes(), out)
}

/// Writes bytes to a file or stdout.
pub fn emit_bytes(bytes: &[u8], out: Option<&Path>) -> Result<(), Error> {
    match out {
        Some(p) => std::fs::write(p, bytes).map_err(|e| {
            Error::Input(vec![problem(meritkit::Code::InvalidInput, "output", t::ERR_WRITE_OUTPUT, &[&e])])
        }),
        None => {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(bytes);
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

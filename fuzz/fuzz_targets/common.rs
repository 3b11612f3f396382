//! Shared by the targets: a small fixed population to run accepted inputs on.
#![allow(dead_code)]

use std::sync::OnceLock;

/// Reference date for every run.
pub const DATE: &str = "2026-01-02";

/// A few demo records: six well-formed ones (varied kinds and ranks) and the
/// demo's deliberately bad rows (one per row-error code).
pub fn records() -> &'static [serde_json::Value] {
    static ROWS: OnceLock<Vec<serde_json::Value>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let all = meritkit::generate::demo_rows();
        let n = all.len();
        let mut v: Vec<serde_json::Value> = all.iter().step_by(250).take(6).cloned().collect();
        v.extend(all[n.saturating_sub(8)..].iter().cloned());
        v
    })
}

/// The same records, parsed.
pub fn rows() -> &'static [meritkit::scoring::ParsedRow] {
    static ROWS: OnceLock<Vec<meritkit::scoring::ParsedRow>> = OnceLock::new();
    ROWS.get_or_init(|| records().iter().map(meritkit::api::parse_row).collect())
}

/// Wraps libFuzzer's aborting panic hook (installed before the first input):
/// a panic located in calamine's sources (its known unchecked shared-string
/// index, docs/reliability.md) unwinds to the reader's `catch_unwind`, as in
/// the CLI, which reports an unreadable workbook. Any other panic still
/// aborts and is a crash. Used by the `table` and `positions` targets.
pub fn let_calamine_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                return;
            }
            abort(info);
        }));
    });
}

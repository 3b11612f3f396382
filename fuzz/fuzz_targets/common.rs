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

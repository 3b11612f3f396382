//! The CLI's table reader on arbitrary bytes: the first byte picks the file
//! name (so the format: workbook kinds, CSV, TSV, JSON, JSONL), the rest is
//! the file. `read_table_from_bytes` never panics; every record of an
//! accepted table has an origin.
//!
//! One known panic is let through to the reader's own containment: calamine
//! 0.30.1 indexes shared strings unchecked (`xlsx/cells_reader.rs`, see
//! docs/reliability.md); `read_table_from_bytes` catches it
//! (`catch_unwind`) and reports an unreadable workbook, as the CLI does. Only a
//! panic located in calamine's sources is let through; any other panic still
//! aborts and is a crash.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use meritkit_cli::input::Options;

/// Keep `scripts/fuzz-seeds.py` (selector byte of the seeds) in step.
const NAMES: &[&str] = &["x.xlsx", "x.xlsm", "x.xls", "x.xlsb", "x.ods", "x.csv", "x.tsv", "x.json", "x.jsonl"];

fuzz_target!(|data: &[u8]| {
    common::let_calamine_panics_unwind();
    let Some((&sel, bytes)) = data.split_first() else { return };
    let name = NAMES[sel as usize % NAMES.len()];
    if let Ok(t) = meritkit_cli::read_table_from_bytes(name, bytes, &Options::default()) {
        assert_eq!(t.rows.len(), t.origins.len(), "a record without an origin");
    }
});

//! Inputs found by the cargo-fuzz targets (`fuzz/`, docs/reliability.md),
//! kept as regression tests: each runs the function the target ran on the
//! committed (minimised) input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::error::Error;
use meritkit_cli::input::Options;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/fuzz-regressions/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A workbook whose cell names a shared string past the end of the
/// shared-string table (`<c t="s"><v>N</v></c>`, N >= the table's length).
/// calamine 0.30.1 indexes the table unchecked (`xlsx/cells_reader.rs:356`,
/// `read_v`) and panics. The right answer is an input error (the workbook is
/// damaged), never a panic and never a row read with a made-up value.
#[test]
fn xlsx_shared_string_index_past_the_table_is_an_input_error() {
    let bytes = data("table-xlsx-shared-string-index.xlsx");
    let r = std::panic::catch_unwind(|| meritkit_cli::read_table_from_bytes("x.xlsx", &bytes, &Options::default()));
    let r = r.expect("reading a damaged workbook must not panic");
    match r {
        Err(Error::Input(ps)) => assert!(!ps.is_empty()),
        other => panic!("expected an input error, got {other:?}"),
    }
}

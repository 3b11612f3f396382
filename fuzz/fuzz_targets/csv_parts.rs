//! The CSV reader of `meritkit score`, reading a file in parts, against the
//! whole-file reader on the same bytes: the first byte picks the name (`.csv`
//! or `.tsv`), the second the block size (8 to 2,048 bytes, so most inputs
//! are cut into several parts), the rest is the file. Whenever the file is
//! read in parts, the records, their origins and any refusal must be the
//! whole-file reader's. Neither may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meritkit_cli::input::Options;

fuzz_target!(|data: &[u8]| {
    let [sel, size, bytes @ ..] = data else { return };
    let name = if sel % 2 == 0 { "x.csv" } else { "x.tsv" };
    let block = 8 * (1 + usize::from(*size));
    let dir = std::env::temp_dir().join(format!("meritkit-fuzz-parts-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let opts = Options::default();
    let Some(parts) = meritkit_cli::read_csv_in_parts(&path, &opts, block) else { return };
    let whole = meritkit_cli::read_table_from_bytes(name, bytes, &opts);
    match (parts, whole) {
        (Ok((rows, origins)), Ok(t)) => {
            assert_eq!(rows, t.rows, "records differ");
            assert_eq!(origins, t.origins, "origins differ");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "refusals differ"),
        (a, b) => panic!("one reader refused: parts {:?}, whole {:?}", a.is_ok(), b.is_ok()),
    }
});

//! The JSON array reader of `meritkit score`, reading a `.json` file in
//! parts, against the whole-file reader on the same bytes: the first byte
//! picks the records per part (1 to 8), the second the block size (1 to 256
//! bytes, so most inputs are cut mid-record), the rest is the file. The
//! stream may leave a file to the whole-file reader (it never names a
//! refusal itself); whenever it reads a file to its end, the whole-file
//! reader must read it too, with the same records and origins. Neither may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meritkit_cli::input::Options;
use meritkit_cli::json_stream::JsonArray;

fuzz_target!(|data: &[u8]| {
    let [sel, size, bytes @ ..] = data else { return };
    let records = 1 + usize::from(sel % 8);
    let block = 1 + usize::from(*size);
    let dir = std::env::temp_dir().join(format!("meritkit-fuzz-json-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("x.json");
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let opts = Options::default();
    let Some(mut s) = JsonArray::open_with(&path, &opts, block, records) else { return };
    let (mut rows, mut origins) = (Vec::new(), Vec::new());
    loop {
        match s.next_part() {
            Ok(Some(p)) => {
                assert!(!p.rows.is_empty() && p.rows.len() <= records, "a part holds 1 to {records} records");
                rows.extend(p.rows);
                origins.extend(p.origins);
            }
            Ok(None) => break,
            Err(_) => return, // (left to the whole-file reader)
        }
    }
    match meritkit_cli::read_table_from_bytes("x.json", bytes, &opts) {
        Ok(t) => {
            assert_eq!(rows, t.rows, "records differ");
            assert_eq!(origins, t.origins, "origins differ");
        }
        Err(e) => panic!("the stream read a file the whole-file reader refuses: {e:?}"),
    }
});

//! `meritkit::calibration::log::verify` on any bytes as a JSONL log: never a
//! panic; a log it accepts reads back (`log::read`) to entries whose export is
//! byte for byte the input (so no altered byte can pass), replays to the same
//! head, and every refusal names a line inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meritkit::calibration::log;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let v = log::verify(text);
    if v.ok {
        let read = log::read(text).unwrap_or_else(|_| panic!("verify accepted what read refuses"));
        let again = read.to_jsonl();
        assert!(again == text, "an accepted log does not export to its own bytes");
        let replayed =
            log::Log::replay(read.entries().to_vec()).unwrap_or_else(|r| panic!("replay refused line {}", r.line));
        assert_eq!(replayed.session().head(), read.session().head());
        assert_eq!(v.entries, read.entries().len());
    } else {
        let bad = v.first_bad.unwrap_or_else(|| panic!("a refusal without its line"));
        let lines = text.split('\n').count().max(1);
        assert!(bad.line >= 1 && bad.line <= lines, "line {} of {lines}", bad.line);
        assert!(!bad.problems.is_empty());
        assert_eq!(v.entries, bad.line - 1, "the entries before the first bad one all match");
    }
});

//! The Indonesian output of `meritkit demo` is in words: official labels, no
//! snake_case code and no English word, except where a code is shown on
//! purpose (named below).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

/// English words our English texts use; none of them is Indonesian (`level`,
/// `rating`, `data` and the acronyms JPM, KRS, SAW, AIR, BUP are used in
/// Indonesian too, and are not listed).
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "from",
    "with",
    "is",
    "are",
    "not",
    "in",
    "to",
    "for",
    "box",
    "boxes",
    "score",
    "missing",
    "ready",
    "year",
    "years",
    "performance",
    "potential",
    "basis",
    "below",
    "above",
    "meets",
    "expectations",
    "eligible",
    "shortlisted",
    "rule",
    "rules",
    "talent",
    "pool",
    "weights",
    "fixed",
    "candidate",
    "incumbent",
    "retirement",
    "assignment",
    "education",
    "rank",
    "experience",
    "computed",
    "reported",
    "unknown",
    "none",
    "agency",
    "national",
    "bench",
    "strength",
    "overlap",
    "female",
    "male",
    "sex",
    "method",
    "excluded",
    "funnel",
];

/// Policy names are identifiers a user gives (like file names), shown as written.
const IDENTIFIERS: &[&str] = &["permenpanrb_3_2020", "succession_default"];

/// The part of a line to read: for a row error (`baris N [code] path: message`)
/// the message only (the stable error code and the record's field path are
/// shown for the user to look up and fix); text between backticks is a
/// literal input value (e.g. the accepted codes of a field) and is dropped.
fn readable(line: &str) -> String {
    let t = line.trim_start();
    let text = match (t.starts_with("baris "), t.find("] ")) {
        (true, Some(i)) => t[i + 2..].split_once(": ").map(|(_, m)| m).unwrap_or(""),
        _ => t,
    };
    text.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

#[test]
fn indonesian_demo_has_no_codes_and_no_english() {
    let out = Command::new(env!("CARGO_BIN_EXE_meritkit")).args(["--lang", "id", "demo"]).output().expect("run demo");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // the parts a reader must find in words (so the scan cannot pass on an empty output)
    for must in
        ["Siap Sekarang", "Pendidikan minimal", "tidak termasuk kelompok talenta", "jenis kelamin", "JPT Pratama"]
    {
        assert!(text.contains(must), "{must}");
    }
    let mut problems = Vec::new();
    for line in text.lines() {
        let body = readable(line);
        for token in body.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()) {
            if IDENTIFIERS.contains(&token) {
                continue;
            }
            let code =
                token.contains('_') && token.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if code || ENGLISH.contains(&token.to_lowercase().as_str()) {
                problems.push(format!("{token}: {line}"));
            }
        }
    }
    assert!(problems.is_empty(), "codes or English words in the Indonesian demo:\n{}", problems.join("\n"));
}

#[test]
fn the_scan_finds_a_code_and_an_english_word() {
    // the scanner itself: a readiness code and English words are caught, a row error's code is not
    assert_eq!(readable("  baris 3 [nip_format] nip: NIP harus tepat 18 digit"), "NIP harus tepat 18 digit");
    assert_eq!(readable("seharusnya salah satu dari `jpt_utama`, `pemula`"), "seharusnya salah satu dari  ,  ");
    let flagged = |s: &str| {
        s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w.contains('_') || ENGLISH.contains(&w.to_lowercase().as_str()))
    };
    assert!(flagged("kotak 9 ready_now"));
    assert!(flagged("bench: 3"));
    assert!(!flagged("kotak 9 Siap Sekarang"));
}

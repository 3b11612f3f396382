//! `score` on a JSON array of records read in parts
//! (crates/meritkit-cli/src/json_stream.rs): the same answer as the
//! whole-file reader (the same file on stdin) across parts, for fixed and
//! population-relative cut-offs, to CSV and JSON; every malformed file is
//! refused as the whole-file reader refuses it, and leaves no output file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::run;

use std::path::PathBuf;
use std::process::{Command, Output};

const RECORDS: usize = 20_000;

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-json-stream-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A NIP (Perka BKN 22/2007: birth date, TMT CPNS, sex, serial) unique per `i`.
fn nip(i: usize) -> String {
    let (year, month, day, serial) = (1970 + i % 25, 1 + (i / 25) % 12, 1 + (i / 300) % 28, 1 + i / 8400);
    format!("{year}{month:02}{day:02}201001{}{serial:03}", 1 + i % 2)
}

/// A JSON array of `RECORDS` records (three parts) with faults spread over the parts: a record that
/// is not an object, a NIP of the wrong form, a missing unit, a repeated NIP in a later part, a
/// derived predikat, a competency level out of range; pretty-printed (`pretty`) or on one line.
fn records(pretty: bool) -> String {
    let units = ["Dinas Pangan", "Dinas Kesehatan", "BKPSDM", "Bappeda"];
    let predikat = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"];
    let items: Vec<serde_json::Value> = (0..RECORDS)
        .map(|i| {
            let mut r = serde_json::json!({
                "nip": nip(i),
                "name": format!("Pegawai \"{i}\" \u{202e}"),
                "unit": units[i % 4],
                "position": {"kind": "pelaksana", "title": "Pengadministrasi Umum"},
                "potential_score": 40 + (i * 37) % 61,
                "performance": [{"year": 2025, "predikat": predikat[(i / 4) % 5]}],
            });
            match i {
                5 => r = serde_json::json!(17),
                9_000 => r["nip"] = "12".into(),
                12_345 => {
                    r.as_object_mut().unwrap().remove("unit");
                }
                17_000 => r["nip"] = nip(10).into(),
                18_000 => {
                    r["performance"] = serde_json::json!([{"year": 2025, "work_result": "diatas_ekspektasi", "work_behavior": "diatas_ekspektasi"}])
                }
                19_000 => r["competency"] = serde_json::json!({"integritas": 9}),
                _ => {}
            }
            r
        })
        .collect();
    if pretty {
        serde_json::to_string_pretty(&items).unwrap()
    } else {
        serde_json::to_string(&items).unwrap()
    }
}

/// The lines of a CSV answer (their origins are `#N` from the file and from stdin alike).
fn lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout).lines().map(str::to_string).collect()
}

#[test]
fn an_array_read_in_parts_answers_as_the_array_read_whole() {
    for (pretty, policy) in [(false, "permenpanrb_3_2020"), (true, "percentile_unit")] {
        let text = records(pretty);
        let p = dir().join(format!("records-{pretty}.json"));
        std::fs::write(&p, &text).unwrap();
        // JSON, explained: the same answer
        let parts = run(&["-f", "json", "-p", policy, "--compact"], &p, None);
        let whole = run(&["-f", "json", "-p", policy, "--compact"], &p, Some(text.as_bytes()));
        assert_eq!(parts.status.code(), Some(3), "{}", String::from_utf8_lossy(&parts.stderr));
        assert_eq!(parts.stderr, whole.stderr);
        let a: serde_json::Value = serde_json::from_slice(&parts.stdout).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
        assert!(a == b, "{policy}: the JSON answers differ");
        assert_eq!(a["summary"]["total"]["rows"], RECORDS);
        // each fault is its row's error, named by its place in the array
        let errors = a["errors"].as_array().unwrap();
        let codes: Vec<(u64, &str, &str)> = errors
            .iter()
            .map(|e| (e["row"].as_u64().unwrap(), e["code"].as_str().unwrap(), e["origin"].as_str().unwrap_or("")))
            .collect();
        for (row, code) in
            [(5, "invalid_type"), (9_000, "nip_format"), (12_345, "missing_field"), (17_000, "duplicate_nip")]
        {
            assert!(
                codes.iter().any(|&(r, c, o)| r == row && c == code && o == format!("#{}", row + 1)),
                "{row} {code}: {codes:?}"
            );
        }
        assert!(codes.iter().any(|&(r, c, _)| r == 19_000 && c == "competency_level_out_of_range"), "{codes:?}");
        // the predikat derived from the two ratings (PermenPANRB 6/2022): diatas + diatas = sangat_baik
        let derived = a["results"].as_array().unwrap().iter().find(|r| r["row"] == 18_000).unwrap();
        assert_eq!(derived["latest_predikat"], "sangat_baik");
        assert_eq!(derived["explanation"]["performance"]["years"][0]["derived"], true);
        // no NIP in any message
        assert!(!errors.iter().any(|e| e["message"].to_string().contains(&nip(10))));
        // CSV: line for line
        let parts = run(&["-f", "csv", "-p", policy], &p, None);
        let whole = run(&["-f", "csv", "-p", policy], &p, Some(text.as_bytes()));
        assert_eq!(parts.status.code(), Some(3));
        assert_eq!(lines(&parts), lines(&whole), "{policy}: the CSV answers differ");
        assert!(lines(&parts).len() > RECORDS, "a line for every record at least");
    }
}

#[test]
fn a_malformed_array_is_refused_as_read_whole_and_leaves_no_output_file() {
    let good = records(false);
    let cut = good.len() / 3 * 2; // in the third part
    let at_brace = good[cut..].find("{\"").unwrap() + cut;
    let cases: Vec<(&str, String)> = vec![
        ("empty", "[]".into()),
        ("empty with space", " [ \n ] ".into()),
        ("trailing comma", format!("{},]", &good[..good.len() - 1])),
        ("missing comma late", format!("{}{}", &good[..at_brace - 1], &good[at_brace..])),
        ("syntax error late", format!("{}{{\"nip\" 1}},{}", &good[..at_brace], &good[at_brace..])),
        ("unclosed", good[..good.len() - 1].to_string()),
        ("garbage after", format!("{good} x")),
        ("two arrays", format!("{good}[]")),
        ("form feed between", format!("[\u{c}{}", &good[1..])),
        ("number out of range", format!("{}{{\"nip\": 1e999}},{}", &good[..at_brace], &good[at_brace..])),
        ("deep", format!("[{}{}]", "[".repeat(200), "]".repeat(200))),
        ("invalid utf-8", String::new()),
    ];
    for (name, text) in cases {
        let bytes = if name == "invalid utf-8" {
            let mut b = good.clone().into_bytes();
            let q = cut + good[cut..].find("Pegawai").unwrap();
            b[q] = 0xFF;
            b
        } else {
            text.into_bytes()
        };
        let p = dir().join("bad.json");
        std::fs::write(&p, &bytes).unwrap();
        let out_file = dir().join("bad-out.json");
        let _ = std::fs::remove_file(&out_file);
        let parts = run(&["-f", "json", "-o", out_file.to_str().unwrap()], &p, None);
        let whole = run(&["-f", "json"], &p, Some(&bytes));
        assert_eq!(parts.status.code(), Some(2), "{name}: {}", String::from_utf8_lossy(&parts.stderr));
        assert_eq!(parts.stderr, whole.stderr, "{name}");
        assert!(!out_file.exists(), "{name}: no partial output file");
        // to stdout (two passes): nothing written
        let to_stdout = run(&["-f", "json"], &p, None);
        assert_eq!(to_stdout.status.code(), Some(2), "{name}");
        assert!(to_stdout.stdout.is_empty(), "{name}: nothing on stdout");
        assert_eq!(to_stdout.stderr, whole.stderr, "{name}");
    }
}

#[test]
fn limits_passed_late_refuse_the_array_as_read_whole() {
    let text = records(false);
    let p = dir().join("limits.json");
    std::fs::write(&p, &text).unwrap();
    // the reader's limits: found by the first pass, before anything is written
    for limit in [["--max-rows", "15000"], ["--max-cells", "100000"]] {
        let parts = run(&["-f", "json", limit[0], limit[1]], &p, None);
        let whole = run(&["-f", "json", limit[0], limit[1]], &p, Some(text.as_bytes()));
        assert_eq!(parts.status.code(), Some(2), "{limit:?}: {}", String::from_utf8_lossy(&parts.stderr));
        assert_eq!(parts.stderr, whole.stderr, "{limit:?}");
        assert!(parts.stdout.is_empty(), "{limit:?}: nothing written");
    }
    // too many error rows (the third, row 12,345 the record without a unit, passes the limit of two), to
    // stdout and to a file this run creates (one pass: the file removed)
    let out_file = dir().join("limits-out.json");
    let _ = std::fs::remove_file(&out_file);
    let whole = run(&["-f", "json", "--max-error-rows", "2"], &p, Some(text.as_bytes()));
    let err = String::from_utf8_lossy(&whole.stderr).to_string();
    assert!(err.contains("too_many_errors") && err.contains("#12346"), "{err}");
    for out in [None, Some(out_file.to_str().unwrap())] {
        let mut args = vec!["-f", "json", "--max-error-rows", "2"];
        args.extend(out.iter().flat_map(|o| ["-o", *o]));
        let parts = run(&args, &p, None);
        assert_eq!(parts.status.code(), Some(2));
        assert_eq!(parts.stderr, whole.stderr);
    }
    assert!(!out_file.exists(), "no partial output file");
}

#[test]
fn the_stream_itself_reads_an_array_in_parts_and_leaves_a_malformed_one() {
    use meritkit_cli::json_stream::JsonArray;
    let opts = meritkit_cli::input::Options::default();
    for pretty in [false, true] {
        let p = dir().join(format!("own-{pretty}.json"));
        std::fs::write(&p, records(pretty)).unwrap();
        let mut s = JsonArray::open(&p, &opts).expect("an array in a .json file is read in parts");
        let (mut n, mut parts) = (0, 0);
        while let Some(part) = s.next_part().unwrap() {
            assert_eq!(part.origins[0], format!("#{}", n + 1));
            n += part.rows.len();
            parts += 1;
        }
        assert_eq!((n, parts), (RECORDS, 3));
        assert_eq!(s.next_part().unwrap().map(|p| p.rows.len()), None, "nothing after the end");
    }
    // not an array, not a .json file: read whole
    let p = dir().join("stream.json");
    std::fs::write(&p, "{\"nip\": \"1\"}\n{\"nip\": \"2\"}\n").unwrap();
    assert!(JsonArray::open(&p, &opts).is_none());
    let p = dir().join("array.txt");
    std::fs::write(&p, "[{\"nip\": \"1\"}]").unwrap();
    assert!(JsonArray::open(&p, &opts).is_none());
    // malformed in the second part: refused there
    let good = records(false);
    let at = good.len() / 2 + good[good.len() / 2..].find(",{\"").unwrap(); // (between two records)
    let p = dir().join("own-bad.json");
    std::fs::write(&p, format!("{}]]{}", &good[..at], &good[at..])).unwrap();
    let mut s = JsonArray::open(&p, &opts).unwrap();
    let mut refused = false;
    for _ in 0..4 {
        match s.next_part() {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                refused = true;
                break;
            }
        }
    }
    assert!(refused, "a broken array is left to the whole-file reader");
}

/// Found by the attack: in one pass (a new output file) an output that cannot
/// be written hid the input's refusal, which the whole-file reader names first.
#[test]
fn an_unwritable_output_does_not_hide_a_refused_input() {
    let p = dir().join("refused-nodir.json");
    let bytes = b"[{\"nip\":\"1\"}]x".to_vec();
    std::fs::write(&p, &bytes).unwrap();
    let out = "/nonexistent-meritkit-dir/x.json";
    let parts = run(&["-f", "json", "-o", out], &p, None);
    let whole = run(&["-f", "json", "-o", out], &p, Some(&bytes));
    assert_eq!(parts.status.code(), Some(2));
    assert_eq!(parts.stderr, whole.stderr);
    assert!(String::from_utf8_lossy(&parts.stderr).contains("line 1"), "the input's refusal is named");
}

/// Found by the attack: `score -i f.json >> f.json` appended the answer to
/// the file being read, which then changed under the second pass (refused,
/// half an answer appended). Such a run reads the file whole first.
#[test]
fn an_answer_appended_to_its_own_input_is_made_from_the_whole_file() {
    let text = records(false);
    let p = dir().join("appended.json");
    let whole = run(&["-f", "csv"], &p, Some(text.as_bytes()));
    std::fs::write(&p, &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "score", "--date", "2026-01-02", "-f", "csv", "-i"])
        .arg(&p)
        .stdout(std::fs::OpenOptions::new().append(true).open(&p).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let after = std::fs::read(&p).unwrap();
    assert_eq!(&after[..text.len()], text.as_bytes());
    assert_eq!(&after[text.len()..], &whole.stdout[..], "the whole answer, appended");
}

/// A key repeated in a record (at its top, in a map, in a nested struct) is an error of that record's
/// row, never a value silently kept: in an array read in parts as read whole, and in JSONL. The row
/// keeps its unit; a key that does not look like a field name (a person's name) is not shown.
#[test]
fn a_repeated_key_is_an_error_of_its_record() {
    let mut text = records(false);
    let faults = [
        (3_000, r#""competency":{"integritas":3,"integritas":4},"#, "competency"),
        (7_000, r#""attributes":{"Budi Santoso":"a","Budi Santoso":"b"},"#, "attributes"),
        (11_000, r#""unit":"BKPSDM","#, ""),
        (15_000, r#""performance":[{"year":2024,"predikat":"baik","year":2025}],"#, "performance[0]"),
    ];
    for (i, add, _) in faults {
        let at = text.find(&format!(r#""nip":"{}""#, nip(i))).unwrap();
        text.insert_str(at, add);
    }
    let p = dir().join("repeated.json");
    std::fs::write(&p, &text).unwrap();
    let parts = run(&["-f", "json", "--compact", "--detail", "none"], &p, None);
    let whole = run(&["-f", "json", "--compact", "--detail", "none"], &p, Some(text.as_bytes()));
    assert_eq!(parts.status.code(), Some(3));
    let a: serde_json::Value = serde_json::from_slice(&parts.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
    assert!(a == b, "the JSON answers differ");
    assert_eq!(a["summary"]["total"]["rows"], RECORDS);
    let errors = a["errors"].as_array().unwrap();
    for (i, _, path) in faults {
        let e = errors.iter().find(|e| e["row"] == i).unwrap_or_else(|| panic!("row {i}: no error"));
        assert_eq!((e["code"].as_str(), e["path"].as_str()), (Some("invalid_value"), Some(path)), "row {i}");
        assert!(e["message"]["en"].as_str().unwrap().starts_with("duplicate field"), "row {i}");
        assert!(!a["results"].as_array().unwrap().iter().any(|r| r["row"] == i), "row {i} placed");
    }
    assert!(!errors.iter().any(|e| e.to_string().contains("Budi")), "a key that is a name is not shown");
    // JSONL, read whole: the same
    let jsonl = "{\"nip\":\"198503152010011002\",\"unit\":\"Dinas A\",\"unit\":\"Dinas B\",\"position\":{\"kind\":\"pelaksana\"},\"performance\":[{\"year\":2025,\"predikat\":\"baik\"}],\"potential_score\":80}\n\
                 {\"nip\":\"198503152010011003\",\"unit\":\"Dinas A\",\"position\":{\"kind\":\"pelaksana\",\"kind\":\"pengawas\"},\"performance\":[{\"year\":2025,\"predikat\":\"baik\"}],\"potential_score\":80}\n\
                 {\"nip\":\"198503152010011004\",\"unit\":\"Dinas A\",\"position\":{\"kind\":\"pelaksana\"},\"performance\":[{\"year\":2025,\"predikat\":\"baik\"}],\"potential_score\":80}\n";
    let p = dir().join("repeated.jsonl");
    std::fs::write(&p, jsonl).unwrap();
    let o = run(&["-f", "json", "--compact", "--detail", "none"], &p, None);
    assert_eq!(o.status.code(), Some(3));
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<(&str, &str)> = a["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["origin"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    assert_eq!(paths, [("line 1", ""), ("line 2", "position")]);
    assert_eq!(a["summary"]["total"]["placed"], 1);
    // the first row's unit is its first: it counts there
    let units = a["summary"]["units"].as_array().unwrap();
    assert!(units.iter().any(|u| u["unit"] == "Dinas A" && u["errors"] == 2), "{units:?}");
}

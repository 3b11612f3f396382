//! `score` on a CSV file read in parts (crates/meritkit-cli/src/csv_stream.rs):
//! the same answer as the whole-file reader (the same file on stdin), across
//! parts and blocks, for fixed and population-relative cut-offs; refusals named
//! as the whole-file reader names them; no partial output file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::run;

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meritkit"))
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-stream-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

const ROWS: usize = 70_000;

/// A NIP (Perka BKN 22/2007: birth date, TMT CPNS, sex, serial) unique per `i`.
fn nip(i: usize) -> String {
    let (year, month, day, serial) = (1970 + i % 25, 1 + (i / 25) % 12, 1 + (i / 300) % 28, 1 + i / 8400);
    format!("{year}{month:02}{day:02}201001{}{serial:03}", 1 + i % 2)
}

/// A CSV of `ROWS` rows (about 5.7 MB: more than one 4 MiB block, five parts) where
/// row 60,000 repeats row 10's NIP and a few rows are faulty.
fn big_csv(name: &str) -> (PathBuf, Vec<u8>) {
    // (one file per test: tests run at once, and a file rewritten while read is refused)
    let p = dir().join(name);
    let mut s = String::from("nip,unit,position_kind,position_title,performance_2025,potential_score\n");
    let units = ["Dinas Pangan", "Dinas Kesehatan", "BKPSDM", "Bappeda"];
    let predikat = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"];
    for i in 0..ROWS {
        let n = match i {
            60_000 => nip(10),
            50_001 => "12".to_string(),
            _ => nip(i),
        };
        let score = if i == 45_000 { "nan".to_string() } else { format!("{}", 40 + (i * 37) % 61) };
        s.push_str(&format!(
            "{n},{},pelaksana,Pengadministrasi Umum,{},{score}\n",
            units[i % 4],
            predikat[(i / 4) % 5]
        ));
    }
    std::fs::write(&p, &s).unwrap();
    (p, s.into_bytes())
}

#[test]
fn a_file_read_in_parts_answers_as_the_file_read_whole() {
    let (p, bytes) = big_csv("parts.csv");
    assert!(bytes.len() > 4 << 20);
    for policy in ["permenpanrb_3_2020", "percentile_unit"] {
        // CSV: byte for byte
        let parts = run(&["-f", "csv", "-p", policy], &p, None);
        let whole = run(&["-f", "csv", "-p", policy], &p, Some(&bytes));
        assert_eq!(parts.status.code(), Some(3), "{}", String::from_utf8_lossy(&parts.stderr));
        assert_eq!(parts.status.code(), whole.status.code());
        assert_eq!(parts.stderr, whole.stderr);
        assert!(parts.stdout == whole.stdout, "{policy}: the CSV answers differ");
        let text = String::from_utf8(parts.stdout).unwrap();
        assert_eq!(text.lines().count(), ROWS + 1, "one line per input row");
        // the NIP repeated in a later part: an error there, naming the first row (Perka BKN 22/2007)
        let dup = text.lines().find(|l| l.starts_with("60000,")).unwrap();
        assert!(dup.contains("duplicate_nip") && dup.contains("input row 10 "), "{dup}");
        assert!(dup.ends_with("line 60002"), "{dup}");
        // To a file this run creates (with fixed cut-offs: one pass) and to one that exists (two): the same bytes.
        let out_file = dir().join(format!("parts-{policy}.csv"));
        let _ = std::fs::remove_file(&out_file);
        for _ in 0..2 {
            let to_file = run(&["-f", "csv", "-p", policy, "-o", out_file.to_str().unwrap()], &p, None);
            assert_eq!(to_file.status.code(), Some(3));
            assert_eq!(to_file.stderr, whole.stderr);
            assert!(std::fs::read(&out_file).unwrap() == text.as_bytes(), "{policy}: the file differs from stdout");
        }
        // JSON: the same answer (entries in another order)
        let parts = run(&["-f", "json", "-p", policy], &p, None);
        let whole = run(&["-f", "json", "-p", policy], &p, Some(&bytes));
        let a: serde_json::Value = serde_json::from_slice(&parts.stdout).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
        assert!(a == b, "{policy}: the JSON answers differ");
        assert_eq!(a["summary"]["total"]["rows"], ROWS);
        assert_eq!(a["errors"].as_array().unwrap().len(), 3);
        let total: u64 =
            a["summary"]["total"]["boxes"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(total as usize, ROWS - 3);
        // Explained in words and compact (each result on its line): the same answer from the kernel as from
        // the record path of the file read whole.
        let args = ["-f", "json", "-p", policy, "--detail", "text", "--compact"];
        let parts = run(&args, &p, None);
        let whole = run(&args, &p, Some(&bytes));
        let text = String::from_utf8(parts.stdout).unwrap();
        assert_eq!(text.lines().filter(|l| l.starts_with("{\"row\":")).count(), ROWS - 3, "one line per result");
        let a: serde_json::Value = serde_json::from_str(&text).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
        assert!(a == b, "{policy}: the compact answers differ");
        let first = &a["results"][0]["explanation"];
        assert!(first["text"].as_array().is_some_and(|t| t.len() == 3), "kinerja, potensial and the box in words");
        assert_eq!(first["performance"]["source"], "predikat");
        assert_eq!(a["summary"]["total"]["rows"], ROWS);
    }
}

#[test]
fn a_file_refused_late_is_named_as_read_whole_and_leaves_no_output_file() {
    let (_, mut bytes) = big_csv("late-base.csv");
    // a stray quote at line 65,001: past the first block and part
    let at = bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(65_000 - 1).unwrap().0 + 1;
    bytes.insert(at, b'"');
    let p = dir().join("late.csv");
    std::fs::write(&p, &bytes).unwrap();
    let out_file = dir().join("late-out.csv");
    let parts = run(&["-f", "csv", "-o", out_file.to_str().unwrap()], &p, None);
    let whole = run(&["-f", "csv"], &p, Some(&bytes));
    assert_eq!(parts.status.code(), Some(2));
    assert_eq!(parts.stderr, whole.stderr);
    let err = String::from_utf8_lossy(&parts.stderr);
    assert!(err.contains("line 65001"), "{err}");
    assert!(!out_file.exists(), "no partial output file");
    let left: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".partial-"))
        .collect();
    assert!(left.is_empty(), "no temporary file left behind");
}

/// A line feed file with a carriage return inside a cell (`95` as `9` CR `5`): read as a line break, the row was
/// cut in two, its person scored with a potensial score of 9 and the rest an error row. The file is refused at that
/// line, read in parts as read whole; a file of lone CR line ends, and CR CR LF line ends (a file converted twice),
/// read as before.
#[test]
fn a_carriage_return_inside_a_cell_of_a_line_feed_file_refuses_it_at_its_line() {
    let (_, base) = big_csv("cr-base.csv");
    let text = String::from_utf8(base).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    // line 65,001 (past the first block and part), and line 3 (in the first block)
    for at in [65_000, 2] {
        let mut cut = lines.clone();
        let l = &mut cut[at];
        let i = l.rfind(',').unwrap() + 2;
        l.insert(i, '\r');
        let bytes = cut.join("\n").into_bytes();
        let p = dir().join(format!("cr-{at}.csv"));
        std::fs::write(&p, &bytes).unwrap();
        let out_file = dir().join(format!("cr-{at}-out.csv"));
        let parts = run(&["-f", "csv", "-o", out_file.to_str().unwrap()], &p, None);
        let whole = run(&["-f", "csv"], &p, Some(&bytes));
        assert_eq!(parts.status.code(), Some(2), "{}", String::from_utf8_lossy(&parts.stderr));
        assert_eq!(parts.stderr, whole.stderr);
        let err = String::from_utf8_lossy(&parts.stderr);
        assert!(err.contains(&format!("line {}", at + 1)) && err.contains("carriage return"), "{err}");
        assert!(!out_file.exists(), "no partial output file");
    }
    // the same rows with lone CR line ends, and with CR CR LF: every row read, the same answer as LF
    lines.truncate(2_001);
    let lf = run(&["-f", "csv"], &dir().join("unused"), Some(lines.join("\n").as_bytes()));
    assert_eq!(lf.status.code(), Some(0));
    for nl in ["\r", "\r\r\n"] {
        let p = dir().join(format!("cr-lines-{}.csv", nl.len()));
        std::fs::write(&p, lines.join(nl)).unwrap();
        let out = run(&["-f", "csv"], &p, None);
        assert_eq!(out.status.code(), Some(0), "{nl:?}: {}", String::from_utf8_lossy(&out.stderr));
        let rows = |o: &[u8]| {
            String::from_utf8_lossy(o).lines().map(|l| l.rsplit_once(',').unwrap().0.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(rows(&out.stdout), rows(&lf.stdout), "{nl:?}");
    }
    // a line feed (or CR LF) inside a cell of a file of lone CR line ends is refused the same way, from a file (read
    // whole: parts are cut after line feeds) as from stdin, wherever it sits, the last line included
    for (at, nl) in [(5, "\n"), (1_500, "\n"), (2_000, "\n"), (7, "\r\n")] {
        let mut cut = lines.clone();
        cut[at].insert(20, if nl == "\n" { '\n' } else { '\u{0}' });
        let bytes = cut.join("\r").replace('\u{0}', nl);
        let p = dir().join(format!("cr-lf-{at}.csv"));
        std::fs::write(&p, &bytes).unwrap();
        let file = run(&["-f", "csv"], &p, None);
        let piped = run(&["-f", "csv"], &p, Some(bytes.as_bytes()));
        assert_eq!(file.status.code(), Some(2), "{at}");
        assert_eq!(file.stderr, piped.stderr);
        let err = String::from_utf8_lossy(&file.stderr);
        assert!(err.contains(&format!("line {}", at + 1)) && err.contains("line feed (LF"), "{err}");
    }
    // no row is cut by: CR CR LF as the first line end, a stray CR starting a line or followed only by spaces; in a
    // file of CR lines, CR CR LF (a blank line ended by CR LF)
    let h = &lines[0];
    let (r1, r2) = (&lines[1], &lines[2]);
    for text in [
        format!("{h}\r\r\n{r1}\n{r2}\n"),
        format!("\r{h}\n{r1}\n{r2}\n"),
        format!("{h}\n{r1}\r \n{r2}\r\t"),
        format!("{h}\r{r1}\r\r\n{r2}\r"),
    ] {
        let out = run(&["-f", "csv"], &dir().join("unused"), Some(text.as_bytes()));
        assert_eq!(out.status.code(), Some(0), "{text:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3, "{text:?}");
    }
    // a stray CR in the header line of an LF file makes it a file of CR lines (its first line ends with one): it is
    // refused at the first line an LF cuts, and the message points at the first line's CR
    let text = format!("{}\r{}\n{r1}\n{r2}\n", &h[..5], &h[5..]);
    let out = run(&["-f", "csv"], &dir().join("unused"), Some(text.as_bytes()));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code() == Some(2)
            && err.contains("line 2")
            && err.contains("first line ends with a carriage return"),
        "{err}"
    );
}

#[test]
fn too_many_error_rows_found_late_refuse_the_file_at_that_row() {
    let (p, bytes) = big_csv("many-errors.csv");
    let c = |stdin: Option<&[u8]>| {
        let mut c = bin();
        c.args(["--lang", "en", "--max-error-rows", "2", "score", "--date", "2026-01-02", "-f", "csv", "-i"]);
        match stdin {
            None => c.arg(&p).output().unwrap(),
            Some(b) => {
                let f = dir().join("stdin-copy.csv");
                std::fs::write(&f, b).unwrap();
                c.arg("-").stdin(std::fs::File::open(&f).unwrap()).output().unwrap()
            }
        }
    };
    let parts = c(None);
    let whole = c(Some(&bytes));
    assert_eq!(parts.status.code(), Some(2));
    assert_eq!(parts.stderr, whole.stderr);
    // the third error row (row 60,000, the repeated NIP) passes the limit of two
    let err = String::from_utf8_lossy(&parts.stderr);
    assert!(err.contains("too_many_errors") && err.contains("line 60002"), "{err}");
}

#[test]
fn an_answer_written_over_its_own_input_is_made_from_the_whole_file() {
    let (p, bytes) = big_csv("over-input.csv");
    let whole = run(&["-f", "csv"], &p, Some(&bytes));
    let out = bin()
        .args(["--lang", "en", "score", "--date", "2026-01-02", "-f", "csv", "-i"])
        .arg(&p)
        .arg("-o")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&p).unwrap() == whole.stdout, "the input was replaced by its whole answer");
}

#[test]
fn too_many_error_rows_are_found_before_the_csv_is_written_to_stdout() {
    // (they were found while the lines were written, which then ended with a `refused` line: the first
    // pass now counts them, with fixed cut-offs too)
    let (p, _) = big_csv("refused-line.csv");
    let out = bin()
        .args(["--lang", "en", "--max-error-rows", "2", "score", "--date", "2026-01-02", "-f", "csv", "-i"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing written");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("too_many_errors") && err.contains("line 60002"), "{err}");
}

/// Found by the attack on the JSON path: with fixed cut-offs the first pass
/// only checked that the file reads, so too many error rows were found while
/// the answer was written: an existing output file was emptied and stdout
/// got JSON cut short. The first pass now counts the rows with errors as the
/// answer does (`Stream::observe`): refused before anything is written.
#[test]
fn too_many_error_rows_refuse_the_file_before_anything_is_written() {
    let (p, bytes) = big_csv("many-errors-first.csv");
    let out_file = dir().join("existing-answer.json");
    for format in ["json", "csv"] {
        std::fs::write(&out_file, "{\"old\": 1}\n").unwrap();
        let whole = run(&["-f", format, "--max-error-rows", "2"], &p, Some(&bytes));
        let to_stdout = run(&["-f", format, "--max-error-rows", "2"], &p, None);
        let to_file = run(&["-f", format, "--max-error-rows", "2", "-o", out_file.to_str().unwrap()], &p, None);
        for o in [&to_stdout, &to_file] {
            assert_eq!(o.status.code(), Some(2), "{format}");
            assert_eq!(o.stderr, whole.stderr, "{format}");
            assert!(o.stdout.is_empty(), "{format}: nothing on stdout");
        }
        assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "{\"old\": 1}\n", "{format}: the file is untouched");
    }
}

/// Found by the attack: an answer cut short by a closed pipe (`| head`) exited
/// 0 although the file has rows with errors, which the first pass counted.
#[test]
fn an_answer_cut_short_by_a_closed_pipe_still_says_that_rows_had_errors() {
    use std::io::Read;
    let (p, _) = big_csv("closed-pipe.csv");
    for format in ["json", "csv"] {
        let mut c = Command::new(env!("CARGO_BIN_EXE_meritkit"));
        c.args(["--lang", "en", "score", "--date", "2026-01-02", "-f", format, "-i"]).arg(&p);
        let mut child = c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut head = [0u8; 100];
        out.read_exact(&mut head).unwrap();
        drop(out);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(3), "{format}: rows with errors");
    }
}

#[test]
fn compact_json_puts_each_element_of_a_top_level_array_on_its_line() {
    let out = dir().join("demo-export.json");
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--compact", "demo", "--export"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let n = v.as_array().unwrap().len();
    assert!(n > 100);
    assert_eq!(text.lines().count(), n + 2, "[, one line per record, ]");
}

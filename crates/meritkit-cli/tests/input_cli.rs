//! How the binary opens its input: read once (stdin, `/dev/stdin`, FIFOs
//! work for every format) and JSON read as records with every element
//! accounted for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meritkit"))
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-input-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The demo's records as JSON values (1508 fictional employees), exported
/// once per process: the tests run in parallel, and a test that found the file
/// while another was still writing it read half a file.
fn demo_records() -> Vec<serde_json::Value> {
    static RECORDS: std::sync::OnceLock<Vec<serde_json::Value>> = std::sync::OnceLock::new();
    RECORDS
        .get_or_init(|| {
            let p = dir().join("demo.json");
            let out = bin().args(["demo", "--export"]).arg(&p).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap()
        })
        .clone()
}

fn score_args(input: &str) -> Vec<String> {
    ["--lang", "en", "score", "--input", input, "--format", "json", "--date", "2026-01-02"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Runs `score` with `stdin_bytes` piped into stdin; waits at most 120 s.
fn score_piped(input: &str, stdin_bytes: Vec<u8>) -> Output {
    let mut child = bin()
        .args(score_args(input))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let w = std::thread::spawn(move || {
        let _ = stdin.write_all(&stdin_bytes);
    });
    let out = wait(child, 120);
    w.join().unwrap();
    out
}

fn wait(child: std::process::Child, secs: u64) -> Output {
    // Output is collected on a thread (a full pipe would block the child); the
    // time limit catches an input that is waited on a second time.
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg(id.to_string()).status();
            panic!("still running after {secs} s (input read twice?)");
        }
    }
}

/// Rows accounted for: results + errors.
fn accounted(out: &Output) -> (usize, usize) {
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (v["results"].as_array().unwrap().len(), v["errors"].as_array().unwrap().len())
}

#[test]
fn every_format_reads_from_stdin() {
    let recs = demo_records();
    let some: Vec<_> = recs.iter().take(20).cloned().collect();
    let json = serde_json::to_vec(&some).unwrap();
    let jsonl: Vec<u8> = some.iter().flat_map(|r| format!("{r}\n").into_bytes()).collect();
    for (what, bytes) in [("json", json.clone()), ("jsonl", jsonl)] {
        for input in ["-", "/dev/stdin"] {
            let out = score_piped(input, bytes.clone());
            let (r, e) = accounted(&out);
            assert_eq!(r + e, 20, "{what} via {input}: every record accounted for");
            assert!(r > 0, "{what} via {input}");
        }
    }
    // CSV and XLSX from stdin: the demo exported as a workbook, then as bytes.
    let xlsx = dir().join("demo.xlsx");
    let out = bin().args(["demo", "--export-xlsx"]).arg(&xlsx).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let from_file = accounted(&bin().args(score_args(xlsx.to_str().unwrap())).output().unwrap());
    let from_stdin = accounted(&score_piped("-", std::fs::read(&xlsx).unwrap()));
    assert_eq!(from_file, from_stdin, "XLSX from stdin reads as from the file");
    assert_eq!(from_file.0 + from_file.1, recs.len());
    let csv = "nip;unit;position_kind;rank;performance_2024;performance_2025;potential_score\n\
               198001012005011001;Dinas Pangan;pengawas;III/c;Baik;Sangat Baik;91\n";
    assert_eq!(accounted(&score_piped("-", csv.as_bytes().to_vec())), (1, 0));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_once() {
    let fifo = dir().join("in.fifo");
    let _ = std::fs::remove_file(&fifo);
    let st = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(st.success());
    let recs = demo_records();
    let bytes = serde_json::to_vec(&recs[..5]).unwrap();
    let child =
        bin().args(score_args(fifo.to_str().unwrap())).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let f2 = fifo.clone();
    let w = std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new().write(true).open(&f2).unwrap();
        f.write_all(&bytes).unwrap();
    });
    let out = wait(child, 60);
    w.join().unwrap();
    let (r, e) = accounted(&out);
    assert_eq!(r + e, 5);
}

fn write(name: &str, text: &str) -> String {
    let p = dir().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn run(path: &str) -> Output {
    bin().args(score_args(path)).output().unwrap()
}

#[test]
fn empty_json_is_refused_like_empty_csv() {
    for (name, text) in
        [("empty.json", ""), ("blank.jsonl", "\n  \n"), ("empty-array.json", " [ ] "), ("empty.csv", "")]
    {
        let out = run(&write(name, text));
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("[empty_sheet]"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn json_objects_pretty_or_concatenated_are_records() {
    let recs = demo_records();
    // One pretty-printed object: one record (it used to give one error per line).
    let one = serde_json::to_string_pretty(&recs[0]).unwrap();
    assert_eq!(accounted(&run(&write("one.json", &one))), (1, 0));
    // Pretty objects one after the other, and compact ones on one line.
    let many: String = recs[..3].iter().map(|r| serde_json::to_string_pretty(r).unwrap() + "\n").collect();
    assert_eq!(accounted(&run(&write("many.json", &many))), (3, 0));
    let glued: String = recs[..3].iter().map(|r| r.to_string()).collect();
    assert_eq!(accounted(&run(&write("glued.jsonl", &glued))), (3, 0));
}

#[test]
fn a_bad_jsonl_line_is_one_error_naming_its_line() {
    let recs = demo_records();
    let text = format!("{}\n{{\"nip\": \"199001012015011001\",, oops\n{}\n\n{}\n", recs[0], recs[1], recs[2]);
    let out = run(&write("bad.jsonl", &text));
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["results"].as_array().unwrap().len(), 3);
    let errs = v["errors"].as_array().unwrap();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0]["path"], "line 2");
    let msg = errs[0]["message"].to_string();
    assert!(!msg.contains("199001012015011001") && !msg.contains("oops"), "no input text in messages: {msg}");
    // A line that does not close its object does not take the next line with it.
    let text = format!("{{\"nip\": \"1\"\n{}\n", recs[1]);
    let v: serde_json::Value = serde_json::from_slice(&run(&write("open.jsonl", &text)).stdout).unwrap();
    assert_eq!((v["results"].as_array().unwrap().len(), v["errors"].as_array().unwrap().len()), (1, 1));
}

#[test]
fn json_array_elements_that_are_not_objects_are_error_rows() {
    let recs = demo_records();
    let text = serde_json::to_string(&serde_json::json!([recs[0], 5, "x", null, [1], recs[1]])).unwrap();
    let out = run(&write("mixed.json", &text));
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["results"].as_array().unwrap().len(), 2);
    let paths: Vec<&str> = v["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["#2", "#3", "#4", "#5"]);
    // Invalid JSON: line and column, never the parser's text quoting the input.
    let out = run(&write("broken.json", "[{\"nip\": \"199001012015011001\" \"unit\": 1}]"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1") && !err.contains("199001012015011001"), "{err}");
}

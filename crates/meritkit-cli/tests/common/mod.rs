//! Shared by the tests of `score` on files read in parts (stream_cli.rs, json_stream_cli.rs).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `meritkit --lang en score --date 2026-01-02 ARGS -i INPUT`, or with the
/// bytes `stdin` on stdin (`-i -`: the file read whole).
pub fn run(args: &[&str], input: &Path, stdin: Option<&[u8]>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_meritkit"));
    c.args(["--lang", "en", "score", "--date", "2026-01-02"]).args(args).arg("-i");
    match stdin {
        None => {
            c.arg(input);
            c.output().unwrap()
        }
        Some(bytes) => {
            c.arg("-").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
            let mut child = c.spawn().unwrap();
            let mut w = child.stdin.take().unwrap();
            let bytes = bytes.to_vec();
            let t = std::thread::spawn(move || {
                let _ = w.write_all(&bytes);
            });
            let out = child.wait_with_output().unwrap();
            t.join().unwrap();
            out
        }
    }
}

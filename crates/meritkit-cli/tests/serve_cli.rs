//! `meritkit serve` as a process: refuses to listen beyond loopback without a token (exit 2,
//! `token_required`); on SIGTERM finishes the request at work, then exits 0.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

fn meritkit() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_meritkit"));
    c.env_remove("MERITKIT_TOKEN").env_remove("MERITKIT_STORE");
    c
}

#[test]
fn a_non_loopback_bind_without_a_token_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite");
    let out =
        meritkit().args(["--lang", "en", "serve", "--bind", "0.0.0.0:0", "--store"]).arg(&store).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[token_required] bind:"), "{err}");
    assert!(!store.exists(), "nothing is created before the refusal");
    // an empty token file is refused too
    let token = dir.path().join("token");
    std::fs::write(&token, "\n").unwrap();
    let out = meritkit().args(["serve", "--bind", "0.0.0.0:0", "--token-file"]).arg(&token).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sigterm_finishes_the_request_at_work_then_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = meritkit()
        .args(["serve", "--bind", "127.0.0.1:0", "--store"])
        .arg(dir.path().join("s.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("{line}")).to_string();
    let people = meritkit::generate::population(&meritkit::generate::Options { count: 20_000, ..Default::default() });
    let body = serde_json::json!({"records": people, "date": "2026-01-02"}).to_string();
    let a = addr.clone();
    let slow = std::thread::spawn(move || {
        let mut s = std::net::TcpStream::connect(&a).unwrap();
        write!(
            s,
            "POST /v1/score HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    });
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!slow.is_finished(), "the request should still be at work");
    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let answer = slow.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{}", &answer[..answer.len().min(200)]);
    assert!(answer.contains(r#""rows":20000"#));
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut logs = String::new();
    child.stderr.take().unwrap().read_to_string(&mut logs).unwrap();
    // one JSON object a line; the request logged with its status
    let lines: Vec<serde_json::Value> = logs.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.iter().any(|l| l["route"] == "/v1/{function}" && l["status"] == 200), "{logs}");
    assert!(lines.iter().any(|l| l["message"].as_str().is_some_and(|m| m.starts_with("shutting down"))), "{logs}");
    assert!(!logs.contains(&people[0].nip), "no NIP in the logs");
}

//! The service against the attacks of its review: every array counted against the row limit; CSRF and
//! DNS rebinding on loopback without a token (Content-Type, Host, Origin, Sec-Fetch-Site); a declared
//! oversized body refused before reading, a slow body cut, the worker's slot taken before reading; the
//! stop bounded; store writes not cut by the time limit; bearer scheme case; limits and origins checked
//! at start; verify with a head.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{request, Server};
use meritkit_serve::{Config, StoreAt};
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn code(r: &common::Resp) -> String {
    r.json()["error"]["code"].as_str().unwrap_or("").to_string()
}

/// The error envelope, whole.
fn envelope(r: &common::Resp) {
    let v = r.json();
    assert_eq!(v["ok"], false, "{}", r.body);
    for k in ["kind", "code"] {
        assert!(v["error"][k].is_string(), "{}", r.body);
    }
    assert!(v["error"]["message"]["en"].is_string() && v["error"]["message"]["id"].is_string());
    assert!(v["error"]["problems"].is_array());
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[test]
fn every_array_counts_against_the_row_limit() {
    let server = Server::start(|c| c.max_rows = 100);
    // map_headers.headers, mcdm.matrix: top-level arrays beyond records/rows
    let headers: Vec<String> = (0..101).map(|i| format!("h{i}")).collect();
    let r = server.call("POST", "/v1/map_headers", &json!({"headers": headers}).to_string());
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(code(&r), "too_many_rows");
    assert_eq!(r.json()["error"]["problems"][0]["path"], "headers");
    envelope(&r);
    let matrix: Vec<Vec<u32>> = (0..101).map(|_| vec![1, 2]).collect();
    let r = server.call("POST", "/v1/mcdm", &json!({"matrix": matrix}).to_string());
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(code(&r), "too_many_rows");
    // nested arrays: elements at any depth against 64 per row
    let inner: Vec<u32> = (0..7000).collect();
    let r = server.call("POST", "/v1/mcdm", &json!({"matrix": [inner]}).to_string());
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(code(&r), "too_many_rows");
    assert!(r.json()["error"]["message"]["en"].as_str().unwrap().contains("array elements"));
    // within the limits: answered by the API
    let headers: Vec<String> = (0..100).map(|i| format!("h{i}")).collect();
    let r = server.call("POST", "/v1/map_headers", &json!({"headers": headers}).to_string());
    assert_ne!(code(&r), "too_many_rows", "{}", r.body);
}

#[test]
fn csrf_and_dns_rebinding_are_refused_without_a_token() {
    let server = Server::start(|c| c.allow_hosts = vec!["simpeg.example.go.id".into()]);
    let ev = r#"{"actor": "a", "event": {"type": "start"}}"#;
    let path = "/v1/calibration/sessions/x/events";
    // a body that is not application/json: 415
    let r = server.call_with("POST", path, &[("Content-Type", "text/plain")], ev);
    assert_eq!(r.status, 415, "{}", r.body);
    assert_eq!(r.json()["error"]["problems"][0]["path"], "content-type");
    envelope(&r);
    let r = server.call_with("POST", "/v1/version", &[("Content-Type", "application/x-www-form-urlencoded")], "a=1");
    assert_eq!(r.status, 415);
    // parameters are fine; an empty POST needs none
    let r = server.call_with("POST", "/v1/version", &[("Content-Type", "Application/JSON; charset=utf-8")], "{}");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(server.call("POST", "/v1/version", "").status, 200);
    // another site's page: 403
    let r = server.call_with("POST", path, &[("Origin", "https://evil.example")], ev);
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.json()["error"]["problems"][0]["path"], "origin");
    envelope(&r);
    let r = server.call_with("GET", "/v1/calibration/sessions", &[("Sec-Fetch-Site", "cross-site")], "");
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(server.call_with("GET", "/v1/version", &[("Sec-Fetch-Site", "same-origin")], "").status, 200);
    // a rebound name: 421; loopback names, any port, and the allowed hosts pass
    let r = server.call_with("POST", path, &[("Host", "rebind.evil.example")], ev);
    assert_eq!(r.status, 421, "{}", r.body);
    assert_eq!(r.json()["error"]["problems"][0]["path"], "host");
    envelope(&r);
    for host in ["localhost:1234", "LOCALHOST", "127.0.0.1", "[::1]:80", "simpeg.example.go.id:8443"] {
        let r = raw_host(server.addr, host);
        assert!(r.starts_with("HTTP/1.1 200"), "{host}: {r}");
    }
    for host in ["evil.example", "127.0.0.2", "simpeg.example.go.id.evil.example", "localhost:x"] {
        let r = raw_host(server.addr, host);
        assert!(r.starts_with("HTTP/1.1 421"), "{host}: {r}");
    }
    // health, readiness and the document answer any host (probes)
    assert!(raw_path(server.addr, "/healthz", "10.1.2.3:8080").starts_with("HTTP/1.1 200"));
    // nothing was appended
    let r = server.call("GET", "/v1/calibration/sessions/x/report", "");
    assert_eq!(r.status, 404);
}

#[test]
fn with_a_token_origins_are_left_to_the_token_and_cors() {
    let server = Server::start(|c| c.token = Some("rahasia-bkpsdm".into()));
    let auth = ("Authorization", "Bearer rahasia-bkpsdm");
    let r = server.call_with("GET", "/v1/version", &[auth, ("Origin", "https://app.example")], "");
    assert_eq!(r.status, 200, "{}", r.body);
    // the scheme is case-insensitive (RFC 7235)
    for scheme in ["BEARER", "bearer", "Bearer", "bEaReR"] {
        let v = format!("{scheme} rahasia-bkpsdm");
        let r = server.call_with("GET", "/v1/version", &[("Authorization", &v)], "");
        assert_eq!(r.status, 200, "{scheme}: {}", r.body);
    }
    let r = server.call_with("GET", "/v1/version", &[("Authorization", "Basic rahasia-bkpsdm")], "");
    assert_eq!(r.status, 401);
    // a rebound host is still refused
    let r = server.call_with("GET", "/v1/version", &[auth, ("Host", "rebind.evil.example")], "");
    assert_eq!(r.status, 421);
}

fn raw_host(addr: std::net::SocketAddr, host: &str) -> String {
    raw_path(addr, "/v1/version", host)
}

fn raw_path(addr: std::net::SocketAddr, path: &str, host: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn a_declared_oversized_body_is_refused_before_reading() {
    let server = Server::start(|c| c.max_body_bytes = 1024 * 1024);
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let t = Instant::now();
    write!(
        s,
        "POST /v1/score HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut buf = [0u8; 4096];
    let n = s.read(&mut buf).unwrap();
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(head.contains("body_too_large"), "{head}");
    assert!(t.elapsed() < Duration::from_secs(2));
}

/// Sends a request head and part of its body, then waits.
fn slow_body(addr: std::net::SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /v1/score HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"rec"
    )
    .unwrap();
    s
}

#[test]
fn a_slow_body_is_cut_and_holds_a_worker_meanwhile() {
    let server = Server::start(|c| {
        c.timeout = Duration::from_millis(800);
        c.max_concurrent = 1;
    });
    let mut s = slow_body(server.addr);
    // the slot is taken before the body is read: a second request is refused at once (asked until
    // the head has been read, as a loaded machine may take a while; the body's limit is 800 ms)
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    let r = loop {
        let r = server.call("GET", "/v1/version", "");
        if r.status != 200 || t.elapsed() > Duration::from_millis(500) {
            break r;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(code(&r), "busy");
    // the body never completes: 408 in the error JSON
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 408"), "{out}");
    assert!(out.contains(r#""code":"timeout""#), "{out}");
    // and the slot is free again
    assert_eq!(server.call("GET", "/v1/version", "").status, 200);
}

#[test]
fn the_stop_is_bounded_when_a_client_stays_connected() {
    let mut server = Server::start(|c| c.timeout = Duration::from_secs(1));
    // a request head never finished, and a body never finished
    let mut head = TcpStream::connect(server.addr).unwrap();
    head.write_all(b"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let _body = slow_body(server.addr);
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    server.stop().unwrap();
    // the time limit and five seconds at most
    assert!(t.elapsed() < Duration::from_secs(9), "{:?}", t.elapsed());
}

#[test]
fn store_writes_are_not_cut_by_the_time_limit() {
    let server = Server::start(|c| c.timeout = Duration::from_millis(1));
    let snapshot = json!({"session": "s1", "actor": "fasilitator", "time": "2026-03-02T09:00:00Z",
        "date": "2026-01-02", "records": meritkit::generate::demo_rows()});
    // (the body of a few kB arrives at once; the write takes longer than 1 ms)
    let r = server.call("POST", "/v1/calibration/sessions", &snapshot.to_string());
    assert!(r.status == 200 || code(&r) == "timeout" && r.status == 408, "{}", r.body);
    if r.status == 200 {
        assert_eq!(r.json()["value"]["entry"]["seq"], 1);
    }
    // whatever was answered is what the store holds
    let at = StoreAt::new(server.store.to_str().unwrap());
    let held = at.call("calibration_sessions", "{}");
    assert_eq!(held.contains("\"s1\""), r.status == 200, "{held}");
}

#[test]
fn verify_takes_a_head() {
    let server = Server::start(|_| {});
    let snapshot = json!({"session": "v1", "actor": "fasilitator", "time": "2026-03-02T09:00:00Z",
        "date": "2026-01-02", "records": meritkit::generate::demo_rows()});
    let r = server.call("POST", "/v1/calibration/sessions", &snapshot.to_string());
    assert_eq!(r.status, 200, "{}", r.body);
    let head = r.json()["value"]["entry"]["hash"].as_str().unwrap().to_string();
    let ev = json!({"actor": "fasilitator", "time": "2026-03-02T09:05:00Z", "event": {"type": "start"}});
    assert_eq!(server.call("POST", "/v1/calibration/sessions/v1/events", &ev.to_string()).status, 200);
    let at = StoreAt::new(server.store.to_str().unwrap());
    let r = server.call("GET", &format!("/v1/calibration/sessions/v1/verify?head={head}"), "");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["value"]["ok"], true, "{}", r.body);
    assert_eq!(r.body, at.verify_head("v1", &head));
    let bogus = "0".repeat(head.len());
    let r = server.call("GET", &format!("/v1/calibration/sessions/v1/verify?head={bogus}"), "");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["value"]["ok"], false, "{}", r.body);
    let r = server.call("GET", "/v1/calibration/sessions/v1/verify?head=", "");
    assert_eq!(r.status, 422, "{}", r.body);
    envelope(&r);
    let r = server.call("GET", "/v1/calibration/sessions/nope/verify?head=abc", "");
    assert_eq!(r.status, 404, "{}", r.body);
}

#[test]
fn bodies_that_are_not_json_answer_400() {
    let server = Server::start(|_| {});
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    for body in ["", "1e400", r#"{"records": 1e400}"#, deep.as_str(), "{\"records\": ["] {
        let r = request(server.addr, "POST", "/v1/score", &[("Content-Type", "application/json")], body.as_bytes());
        assert_eq!(r.status, 400, "{body:.20}: {}", r.body);
        envelope(&r);
    }
}

fn config() -> Config {
    Config::new(StoreAt::new("/nonexistent/s.sqlite"))
}

#[test]
fn the_configuration_is_checked_at_start() {
    let code_of = |c: &Config| c.check().err().map(|e| e.problems()[0].code.as_str().to_string());
    let path_of = |c: &Config| c.check().err().map(|e| e.problems()[0].path.clone());
    assert_eq!(code_of(&config()), None);
    let mut c = config();
    c.max_concurrent = usize::MAX;
    assert_eq!(path_of(&c).as_deref(), Some("max_concurrent"));
    let mut c = config();
    c.max_body_bytes = usize::MAX;
    assert_eq!(path_of(&c).as_deref(), Some("max_body_mb"));
    let mut c = config();
    c.timeout = Duration::from_secs(u64::MAX);
    assert_eq!(path_of(&c).as_deref(), Some("timeout_s"));
    let mut c = config();
    c.max_rows = usize::MAX;
    assert_eq!(path_of(&c).as_deref(), Some("max_rows"));
    // tokens: printable ASCII without spaces
    for t in ["a b", "rahasia\u{e9}", "tab\there"] {
        let mut c = config();
        c.token = Some(t.into());
        assert_eq!(path_of(&c).as_deref(), Some("token"), "{t:?}");
    }
    // origins: scheme://host[:port] only
    for o in [
        "https://x.example/path",
        "https://*.example",
        "http://a b",
        "https://x.example?q=1",
        "ftp://x.example",
        "https://",
        "https://x.example:99999",
        "https://user@x.example",
    ] {
        let mut c = config();
        c.cors_origins = vec![o.into()];
        assert_eq!(path_of(&c).as_deref(), Some("cors_origin[0]"), "{o}");
    }
    for o in ["https://simpeg.example.go.id", "HTTP://localhost:8080", "http://10.0.0.1:3000", "https://[::1]:8443"] {
        let mut c = config();
        c.cors_origins = vec![o.into()];
        assert_eq!(code_of(&c), None, "{o}");
    }
    // allowed hosts: names or addresses; * only with a token
    let mut c = config();
    c.allow_hosts = vec!["https://x.example".into()];
    assert_eq!(path_of(&c).as_deref(), Some("allow_host[0]"));
    c.allow_hosts = vec!["*".into()];
    assert_eq!(code_of(&c).as_deref(), Some("token_required"));
    c.token = Some("t0ken".into());
    assert_eq!(code_of(&c), None);
}

#[test]
fn a_slow_request_head_is_cut() {
    let server = Server::start(|c| c.timeout = Duration::from_secs(1));
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"GET /v1/version HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let t = Instant::now();
    let mut out = Vec::new();
    // the server closes the connection once the head has taken longer than the limit
    let closed = s.read_to_end(&mut out).is_ok();
    assert!(closed, "the connection was closed by the server");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    // and serves others meanwhile and after
    assert_eq!(server.call("GET", "/v1/version", "").status, 200);
}

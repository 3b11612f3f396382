//! A server started in-process on 127.0.0.1:0 and a small blocking HTTP/1.1 client.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use meritkit_serve::{Config, StoreAt};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;

pub struct Server {
    pub addr: SocketAddr,
    pub store: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    _dir: TempDir,
}

/// A directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("meritkit-serve-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Server {
    /// Starts a server with the defaults changed by `tune` (the store in a fresh directory).
    pub fn start(tune: impl FnOnce(&mut Config)) -> Server {
        let dir = TempDir::new();
        let store = dir.0.join("store.sqlite");
        let mut cfg = Config::new(StoreAt::new(store.to_str().unwrap()));
        cfg.bind = "127.0.0.1:0".parse().unwrap();
        tune(&mut cfg);
        cfg.check().unwrap();
        cfg.store.ensure().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (atx, arx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            rt.block_on(async move {
                let l = tokio::net::TcpListener::bind(cfg.bind).await.unwrap();
                atx.send(l.local_addr().unwrap()).unwrap();
                meritkit_serve::serve(cfg, l, async move {
                    let _ = rx.await;
                })
                .await
            })
        });
        let addr = arx.recv().unwrap();
        Server { addr, store, stop: Some(tx), thread: Some(thread), _dir: dir }
    }

    /// Asks the server to stop and waits for it (requests at work finish first).
    pub fn stop(&mut self) -> std::io::Result<()> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => t.join().unwrap(),
            None => Ok(()),
        }
    }

    pub fn call(&self, method: &str, path: &str, body: &str) -> Resp {
        request(self.addr, method, path, &[], body.as_bytes())
    }

    pub fn call_with(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Resp {
        request(self.addr, method, path, headers, body.as_bytes())
    }

    /// On a server of one worker (`max_concurrent = 1`): sends `body` to `/v1/score` from a thread and asks
    /// `/v1/version` until a probe is refused, the request holding the worker (its slot is taken before its
    /// body is read, and its body takes a while to send). A probe can take the one worker before the request
    /// arrives: then the request is the one refused, and the round is run again. The request's thread and the
    /// refused probe's answer.
    pub fn hold_the_worker(&self, body: &str) -> (std::thread::JoinHandle<Resp>, Resp) {
        use std::time::{Duration, Instant};
        for _ in 0..10 {
            let (addr, body) = (self.addr, body.to_owned());
            let first = std::thread::spawn(move || request(addr, "POST", "/v1/score", &[], body.as_bytes()));
            let r = loop {
                let t = Instant::now();
                let r = self.call("GET", "/v1/version", "");
                assert!(t.elapsed() < Duration::from_secs(1), "answered quickly");
                if r.status != 200 || first.is_finished() {
                    break r;
                }
                std::thread::sleep(Duration::from_millis(20));
            };
            if r.status == 503 {
                return (first, r);
            }
            // the request was the one refused (a probe held the worker): not a success either way
            let first = first.join().unwrap();
            assert_eq!(first.status, 503, "the request finished while every probe was answered: {}", r.body);
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the request never held the worker");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One request on its own connection (`Connection: close`).
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) && !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // (the server may answer before reading the whole body: 413)
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Resp {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Resp { status, headers, body: String::from_utf8(body).unwrap() }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..end]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + n]);
        b = &b[end + 2 + n + 2..];
    }
}

/// A score request of `n` generated (fictional, valid) employees.
pub fn big_score_request(n: usize) -> String {
    let people = meritkit::generate::population(&meritkit::generate::Options { count: n, ..Default::default() });
    serde_json::json!({"records": people, "date": "2026-01-02"}).to_string()
}

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// Every shared vector: (file name, function, request text).
pub fn vectors() -> Vec<(String, String, String)> {
    // (native/: the functions of native builds only, served too)
    let mut files: Vec<PathBuf> = [vectors_dir(), vectors_dir().join("native")]
        .iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            (
                f.file_name().unwrap().to_string_lossy().into_owned(),
                case["function"].as_str().unwrap().to_string(),
                case["request"].to_string(),
            )
        })
        .collect()
}

//! The log lines: one JSON object per request with its id, route template, status, time and size;
//! never a body, so never a NIP or a name (own test binary: the log subscriber is process-wide).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Server;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Sink {
    type Writer = Sink;
    fn make_writer(&'a self) -> Sink {
        self.clone()
    }
}

#[test]
fn logs_carry_the_request_and_never_a_nip_or_a_name() {
    let sink = Sink::default();
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_writer(sink.clone())
        .init();
    let server = Server::start(|c| c.max_rows = 3);
    let nip = "198503152010011002";
    let name = "Siti Nurhaliza Daeng";
    let good = json!({"records": [{"nip": nip, "name": name, "unit": "Dinas Pangan", "position": {"kind": "pengawas"},
        "performance": [{"year": 2025, "predikat": "Sangat Baik"}], "potential_score": 91.5}]});
    let bad = json!({"records": [{"nip": "19850315201001100X", "name": name, "unit": "Dinas Pangan"}]});
    let too_many = json!({"records": [{"nip": nip, "name": name}, {}, {}, {}]});
    let r = server.call_with("POST", "/v1/score", &[("x-request-id", "req-good")], &good.to_string());
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["value"]["results"][0]["box"], 9);
    assert_eq!(server.call_with("POST", "/v1/score", &[("x-request-id", "req-bad")], &bad.to_string()).status, 200);
    assert_eq!(
        server.call_with("POST", "/v1/score", &[("x-request-id", "req-many")], &too_many.to_string()).status,
        422
    );
    assert_eq!(
        server
            .call_with("POST", "/v1/score", &[("x-request-id", "req-syntax")], &format!("{{\"nip\": \"{nip}\""))
            .status,
        400
    );
    // a NIP in the path is not logged either (the route template is)
    assert_eq!(
        server
            .call_with("GET", &format!("/v1/calibration/sessions/{nip}/report"), &[("x-request-id", "req-path")], "")
            .status,
        404
    );
    assert_eq!(server.call_with("GET", &format!("/x/{nip}"), &[("x-request-id", "req-404")], "").status, 404);
    let mut s = server;
    s.stop().unwrap();
    let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(!text.contains(nip) && !text.contains("Siti") && !text.contains("Nurhaliza"), "{text}");
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let line =
        |id: &str| lines.iter().find(|l| l["request_id"] == id).unwrap_or_else(|| panic!("no line for {id}: {text}"));
    let good = line("req-good");
    assert_eq!(good["method"], "POST");
    assert_eq!(good["route"], "/v1/{function}");
    assert_eq!(good["status"], 200);
    assert!(good["ms"].as_f64().unwrap() >= 0.0);
    assert!(good["bytes"].as_u64().unwrap() > 100);
    assert_eq!(line("req-many")["status"], 422);
    assert_eq!(line("req-syntax")["status"], 400);
    assert_eq!(line("req-path")["route"], "/v1/calibration/sessions/{id}/report");
    assert_eq!(line("req-404")["route"], "(none)");
}

//! The service against the API it serves: every shared vector answered by
//! `POST /v1/{function}` with the bytes of `call_json`, each answer valid
//! against the OpenAPI document; stored sessions; limits, token, CORS,
//! health, readiness and graceful shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{big_score_request, vectors, Resp, Server};
use meritkit_serve::openapi;
use serde_json::{json, Value};
use std::time::Duration;

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Checks an answer against the document's schema of its operation and status.
fn conforms(doc: &Value, path: &str, method: &str, r: &Resp) -> Result<(), String> {
    let status = r.status.to_string();
    let op = format!("/paths/{}/{method}", pointer_escape(path));
    let resp = doc
        .pointer(&format!("{op}/responses/{status}"))
        .ok_or_else(|| format!("{method} {path}: status {status} is not documented"))?;
    let ctype = r.header("content-type").unwrap_or("");
    let media = resp["content"].as_object().and_then(|c| c.keys().find(|k| ctype.starts_with(k.as_str())).cloned());
    let media = media.ok_or_else(|| format!("{method} {path} {status}: content type {ctype} is not documented"))?;
    for (name, h) in resp["headers"].as_object().into_iter().flatten() {
        if h["required"] == true && r.header(name).is_none() {
            return Err(format!("{method} {path} {status}: header {name} missing"));
        }
    }
    if media != "application/json" {
        return Ok(());
    }
    let mut root = doc.clone();
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    let uri = format!("#{op}/responses/{status}/content/{}/schema", pointer_escape(&media));
    root["$ref"] = json!(uri.replace('{', "%7B").replace('}', "%7D"));
    let v = jsonschema::validator_for(&root).map_err(|e| format!("schema does not compile: {e}"))?;
    let answer = r.json();
    let errors: Vec<String> = v.iter_errors(&answer).take(5).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{method} {path} {status}: {}", errors.join("; ")))
    }
}

#[test]
fn every_vector_is_answered_as_call_json_and_conforms_to_the_document() {
    let server = Server::start(|_| {});
    let doc = openapi::document();
    let mut failures = vec![];
    let cases = vectors();
    assert!(cases.len() >= 50, "expected the shared vectors");
    let mut functions = std::collections::BTreeSet::new();
    for (file, function, request) in &cases {
        let r = server.call("POST", &format!("/v1/{function}"), request);
        let expected = meritkit::api::call_json(function, request);
        if r.body != expected {
            failures.push(format!("{file}: the body differs from call_json's answer"));
            continue;
        }
        let ok = expected.starts_with(r#"{"ok":true"#);
        if ok != (r.status == 200) {
            failures.push(format!("{file}: status {} for ok = {ok}", r.status));
        }
        if let Err(e) = conforms(&doc, &format!("/v1/{function}"), "post", &r) {
            failures.push(format!("{file}: {e}"));
        }
        functions.insert(function.clone());
    }
    // the parameterless functions, by POST and GET
    for f in meritkit_serve::GET_FUNCTIONS {
        for method in ["POST", "GET"] {
            let r = server.call(method, &format!("/v1/{f}"), "");
            assert_eq!(r.status, 200, "{method} /v1/{f}: {}", r.body);
            assert_eq!(r.body, meritkit::api::call_json(f, "{}"), "{method} /v1/{f}");
            if let Err(e) = conforms(&doc, &format!("/v1/{f}"), &method.to_ascii_lowercase(), &r) {
                failures.push(e);
            }
        }
        functions.insert(f.to_string());
    }
    // the functions no vector calls: a small valid request each
    for (f, req) in [
        ("preset_policy", json!({"name": "permenpanrb_3_2020"})),
        ("check_policy", json!({"text": "name = \"x\""})),
        ("rule_set", json!({"name": "jpt_pratama"})),
        ("demo_records", json!({})),
        ("flat_records", json!({"columns": ["nip", "unit"], "rows": [["198503152010011002", "Dinas Pangan"]]})),
        (
            "succession",
            json!({"records": meritkit::generate::demo_rows(), "positions": meritkit::generate::demo_positions(), "date": "2026-01-02"}),
        ),
        ("score", json!({"records": meritkit::generate::demo_rows(), "date": "2026-01-02", "period": "2026"})),
    ] {
        let req = req.to_string();
        let r = server.call("POST", &format!("/v1/{f}"), &req);
        assert_eq!(r.body, meritkit::api::call_json(f, &req), "{f}");
        if let Err(e) = conforms(&doc, &format!("/v1/{f}"), "post", &r) {
            failures.push(e);
        }
        functions.insert(f.to_string());
    }
    let all = [meritkit::api::FUNCTIONS, meritkit::api::NATIVE_FUNCTIONS].concat();
    let missing: Vec<&&str> = all.iter().filter(|f| !functions.contains(**f)).collect();
    assert!(missing.is_empty(), "functions never called: {missing:?}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_demo_score_places_the_regulation_boxes() {
    let server = Server::start(|_| {});
    // Sangat Baik + potential 91.5: box 9 (PermenPANRB 3/2020 jo 20/2025)
    let req = json!({"records": [{"nip": "198503152010011002", "unit": "Dinas Pangan", "position": {"kind": "pengawas"},
        "performance": [{"year": 2025, "predikat": "Sangat Baik"}], "potential_score": 91.5}]});
    let r = server.call("POST", "/v1/score", &req.to_string());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json()["value"]["results"][0]["box"], 9);
}

#[test]
fn refusals_have_their_status_and_the_error_json() {
    let server = Server::start(|_| {});
    let doc = openapi::document();
    let check = |r: &Resp, status: u16, code: &str, path: &str, method: &str| {
        assert_eq!(r.status, status, "{}", r.body);
        let v = r.json();
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["code"], code, "{}", r.body);
        assert!(v["error"]["message"]["en"].is_string() && v["error"]["message"]["id"].is_string());
        assert_eq!(v["error"]["problems"][0]["code"], code);
        conforms(&doc, path, method, r).unwrap();
    };
    // not JSON: 400, the API's answer
    let r = server.call("POST", "/v1/score", "{\"records\": [");
    check(&r, 400, "invalid_input", "/v1/score", "post");
    assert_eq!(r.body, meritkit::api::call_json("score", "{\"records\": ["));
    // JSON, but not a score request: 422
    check(
        &server.call("POST", "/v1/score", r#"{"records": [], "bogus": 1}"#),
        422,
        "unknown_field",
        "/v1/score",
        "post",
    );
    // a policy error: 422
    check(
        &server.call("POST", "/v1/score", r#"{"records": [], "policy": "no_such"}"#),
        422,
        "unknown_preset",
        "/v1/score",
        "post",
    );
    // an unknown function or route: 404
    let r = server.call("POST", "/v1/no_such_function", "{}");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = server.call("GET", "/nothing/here", "");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["code"], "not_found");
    // a method the route does not take: 405
    let r = server.call("DELETE", "/v1/score", "");
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    let r = server.call("GET", "/v1/score", "");
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    // a path that is not UTF-8: 400, in the error JSON too (not the router's plain text)
    for (method, path, template) in [
        ("POST", "/v1/%FF", "/v1/score"),
        ("GET", "/v1/calibration/sessions/%FF/report", "/v1/calibration/sessions/{id}/report"),
    ] {
        let r = server.call(method, path, "");
        check(&r, 400, "invalid_input", template, &method.to_ascii_lowercase());
    }
    // every answer carries a request id; the caller's is echoed
    let r = server.call_with("GET", "/v1/version", &[("x-request-id", "simpeg-42")], "");
    assert_eq!(r.header("x-request-id"), Some("simpeg-42"));
    let r = server.call("GET", "/v1/version", "");
    assert!(r.header("x-request-id").is_some_and(|id| !id.is_empty()));
}

#[test]
fn body_and_row_limits_refuse_with_413_and_422() {
    let server = Server::start(|c| {
        c.max_body_bytes = 4096;
        c.max_rows = 2;
    });
    let doc = openapi::document();
    let big = format!(r#"{{"records": [], "date": "{}"}}"#, "x".repeat(5000));
    let r = server.call("POST", "/v1/score", &big);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "body_too_large");
    conforms(&doc, "/v1/score", "post", &r).unwrap();
    let three = json!({"records": [{"nip": "1"}, {"nip": "2"}, {"nip": "3"}]}).to_string();
    let r = server.call("POST", "/v1/score", &three);
    assert_eq!(r.status, 422, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"]["code"], "too_many_rows");
    assert_eq!(v["error"]["problems"][0]["path"], "records");
    assert!(v["error"]["message"]["en"].as_str().unwrap().contains("3 rows"));
    conforms(&doc, "/v1/score", "post", &r).unwrap();
    // the periods of a comparison count together
    let cmp = json!({"periods": [{"period": "a", "date": "2025-12-31", "records": [{}, {}]},
                                 {"period": "b", "date": "2026-12-31", "records": [{}]}]});
    let r = server.call("POST", "/v1/compare", &cmp.to_string());
    assert_eq!(r.json()["error"]["code"], "too_many_rows");
    // two rows pass
    let two = json!({"records": [{"nip": "1"}, {"nip": "2"}]}).to_string();
    assert_eq!(server.call("POST", "/v1/score", &two).status, 200);
}

#[test]
fn concurrency_and_time_limits_refuse_with_503_and_retry_after() {
    let slow = big_score_request(20_000);
    // one worker: a second request while the first is at work is refused at once
    let server = Server::start(|c| c.max_concurrent = 1);
    let (first, r) = server.hold_the_worker(&slow);
    assert_eq!(first.join().unwrap().status, 200, "the request at work was answered");
    assert_eq!(r.json()["error"]["code"], "busy");
    assert_eq!(r.json()["error"]["kind"], "service_error");
    assert_eq!(r.header("retry-after"), Some("1"));
    conforms(&openapi::document(), "/v1/version", "get", &r).unwrap();
    // health is not limited
    assert_eq!(server.call("GET", "/healthz", "").status, 200);

    let server = Server::start(|c| c.timeout = Duration::from_millis(100));
    let r = server.call("POST", "/v1/score", &slow);
    assert_eq!(r.status, 503, "{}", &r.body[..r.body.len().min(300)]);
    assert_eq!(r.json()["error"]["code"], "timeout");
    assert_eq!(r.header("retry-after"), Some("1"));
}

#[test]
fn a_token_is_asked_when_configured_and_compared() {
    let server = Server::start(|c| c.token = Some("rahasia-bkpsdm-sulbar".into()));
    let doc = openapi::document();
    let r = server.call("GET", "/v1/version", "");
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"]["code"], "unauthorized");
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    conforms(&doc, "/v1/version", "get", &r).unwrap();
    let r = server.call_with("GET", "/v1/version", &[("Authorization", "Bearer rahasia-bkpsdm-sulbaR")], "");
    assert_eq!(r.status, 401);
    let r = server.call_with("GET", "/v1/calibration/sessions", &[("Authorization", "Basic eDp5")], "");
    assert_eq!(r.status, 401);
    let r = server.call_with("GET", "/v1/version", &[("Authorization", "Bearer rahasia-bkpsdm-sulbar")], "");
    assert_eq!(r.status, 200);
    // health, readiness and the document are open
    for p in ["/healthz", "/readyz", "/openapi.json"] {
        assert_eq!(server.call("GET", p, "").status, 200, "{p}");
    }
    // no token on loopback: nothing asked
    let open = Server::start(|_| {});
    assert_eq!(open.call("GET", "/v1/version", "").status, 200);
}

#[test]
fn a_non_loopback_address_without_a_token_is_refused() {
    let mut cfg = meritkit_serve::Config::new(meritkit_serve::StoreAt::new("unused.sqlite"));
    cfg.bind = "0.0.0.0:8080".parse().unwrap();
    let e = cfg.check().unwrap_err();
    assert_eq!(e.problems()[0].code, meritkit::Code::TokenRequired);
    assert_eq!(e.problems()[0].path, "bind");
    cfg.token = Some("t0ken-of-enough-length".into());
    assert!(cfg.check().is_ok());
    cfg.bind = "[::1]:8080".parse().unwrap();
    cfg.token = None;
    assert!(cfg.check().is_ok(), "IPv6 loopback needs no token");
}

#[test]
fn health_and_readiness() {
    let server = Server::start(|_| {});
    let r = server.call("GET", "/healthz", "");
    assert_eq!((r.status, r.body.as_str()), (200, r#"{"ok":true}"#));
    let r = server.call("GET", "/readyz", "");
    assert_eq!((r.status, r.body.as_str()), (200, r#"{"ok":true}"#));
    // the store gone: not ready, still healthy
    std::fs::remove_file(&server.store).unwrap();
    let r = server.call("GET", "/readyz", "");
    assert_eq!(r.status, 503);
    assert_eq!(r.json()["ok"], false);
    assert_eq!(server.call("GET", "/healthz", "").status, 200);
    // a store call meanwhile is the service's failure (503, the store's answer), not the caller's
    let r = server.call("GET", "/v1/calibration/sessions", "");
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.json()["error"]["problems"][0]["path"], "store");
    assert_eq!(r.header("retry-after"), Some("1"));
    conforms(&openapi::document(), "/v1/calibration/sessions", "get", &r).unwrap();
}

#[test]
fn cors_is_off_unless_an_origin_is_given() {
    let origin = [("Origin", "https://simpeg.example.go.id")];
    // (without a token, a request from a page of another origin is refused: 403)
    let server = Server::start(|_| {});
    let r = server.call_with("GET", "/v1/version", &origin, "");
    assert_eq!(r.status, 403);
    assert!(r.headers.iter().all(|(k, _)| !k.starts_with("access-control-")), "{:?}", r.headers);
    let server = Server::start(|c| c.token = Some("t0ken".into()));
    let r = server.call_with("GET", "/v1/version", &[origin[0], ("Authorization", "Bearer t0ken")], "");
    assert_eq!(r.status, 200);
    assert!(r.headers.iter().all(|(k, _)| !k.starts_with("access-control-")), "{:?}", r.headers);
    let server = Server::start(|c| c.cors_origins = vec!["https://simpeg.example.go.id".into()]);
    let r = server.call_with("GET", "/v1/version", &origin, "");
    assert_eq!(r.header("access-control-allow-origin"), Some("https://simpeg.example.go.id"));
    let r = server.call_with("GET", "/v1/version", &[("Origin", "https://elsewhere.example")], "");
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[test]
fn stored_sessions_answer_as_the_store() {
    let server = Server::start(|_| {});
    sessions_flow(&server, server.store.to_str().unwrap(), "sulbar-2026");
}

/// The same in PostgreSQL (`MERITKIT_TEST_POSTGRES`, started by scripts/test.d/10-rust.sh; required when
/// `MERITKIT_REQUIRE_POSTGRES=1`).
#[test]
fn stored_sessions_in_postgresql() {
    let Ok(url) = std::env::var("MERITKIT_TEST_POSTGRES") else {
        assert!(
            std::env::var("MERITKIT_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "MERITKIT_REQUIRE_POSTGRES=1 but MERITKIT_TEST_POSTGRES is not set"
        );
        eprintln!("MERITKIT_TEST_POSTGRES not set: the PostgreSQL half is skipped");
        return;
    };
    let u = url.clone();
    let server = Server::start(move |c| c.store = meritkit_serve::StoreAt::new(&u));
    assert_eq!(server.call("GET", "/readyz", "").status, 200);
    let id = format!(
        "serve-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    );
    sessions_flow(&server, &url, &id);
}

fn sessions_flow(server: &Server, store: &str, id: &str) {
    let doc = openapi::document();
    let at = meritkit_serve::StoreAt::new(store);
    let snapshot = json!({"session": id, "actor": "fasilitator", "time": "2026-03-02T09:00:00Z",
        "date": "2026-01-02", "records": meritkit::generate::demo_rows()});
    let r = server.call("POST", "/v1/calibration/sessions", &snapshot.to_string());
    assert_eq!(r.status, 200, "{}", r.body);
    conforms(&doc, "/v1/calibration/sessions", "post", &r).unwrap();
    let first = r.json()["value"]["entry"].clone();
    assert_eq!(first["seq"], 1);
    // the same id again: 409
    let r = server.call("POST", "/v1/calibration/sessions", &snapshot.to_string());
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["error"]["code"], "session_exists");
    conforms(&doc, "/v1/calibration/sessions", "post", &r).unwrap();
    // an event
    let ev = json!({"actor": "fasilitator", "time": "2026-03-02T09:05:00Z", "event": {"type": "start"}});
    let p = "/v1/calibration/sessions/{id}/events";
    let r = server.call("POST", &format!("/v1/calibration/sessions/{id}/events"), &ev.to_string());
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["value"]["seq"], 2);
    assert_eq!(r.json()["value"]["prev"], first["hash"]);
    conforms(&doc, p, "post", &r).unwrap();
    // a body naming another session is refused
    let r = server.call(
        "POST",
        &format!("/v1/calibration/sessions/{id}/events"),
        &json!({"session": "x", "actor": "a", "event": {"type": "start"}}).to_string(),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    // reads answer as the store does
    for (path, function, req) in [
        (format!("/v1/calibration/sessions/{id}/report"), "calibration_report", json!({"session": id})),
        (
            format!("/v1/calibration/sessions/{id}/report?detail=summary"),
            "calibration_report",
            json!({"session": id, "detail": "summary"}),
        ),
        (format!("/v1/calibration/sessions/{id}/verify"), "calibration_verify", json!({"session": id})),
        ("/v1/calibration/sessions".to_string(), "calibration_sessions", json!({})),
    ] {
        let r = server.call("GET", &path, "");
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert_eq!(r.body, at.call(function, &req.to_string()), "{path}");
        let template = if path.contains("/report") {
            "/v1/calibration/sessions/{id}/report"
        } else if path.contains("/verify") {
            "/v1/calibration/sessions/{id}/verify"
        } else {
            "/v1/calibration/sessions"
        };
        conforms(&doc, template, "get", &r).unwrap();
    }
    assert_eq!(server.call("GET", &format!("/v1/calibration/sessions/{id}/verify"), "").json()["value"]["ok"], true);
    let r = server.call("GET", &format!("/v1/calibration/sessions/{id}/report?detail=bogus"), "");
    assert_eq!(r.status, 422);
    // export: the JSONL itself
    let r = server.call("GET", &format!("/v1/calibration/sessions/{id}/export"), "");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    let stored: Value =
        serde_json::from_str(&at.call("calibration_export", &json!({"session": id}).to_string())).unwrap();
    assert_eq!(r.body, stored["value"].as_str().unwrap());
    assert_eq!(r.body.lines().count(), 2);
    conforms(&doc, "/v1/calibration/sessions/{id}/export", "get", &r).unwrap();
    // it verifies as a log given inline, and cannot be imported again under its id
    let jsonl = r.body.clone();
    let r = server.call("POST", "/v1/calibration/import", &json!({"jsonl": jsonl}).to_string());
    assert_eq!(r.status, 409, "{}", r.body);
    // an unknown session: 404
    let r = server.call("GET", "/v1/calibration/sessions/nope/report", "");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["code"], "unknown_session");
    conforms(&doc, "/v1/calibration/sessions/{id}/report", "get", &r).unwrap();
    let r = server.call("GET", "/v1/calibration/sessions/nope/export", "");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[test]
fn graceful_shutdown_finishes_requests_at_work() {
    // one worker: stopped once the request is at work (a probe refused `busy`; a fixed wait made the test
    // depend on the machine's speed)
    let mut server = Server::start(|c| c.max_concurrent = 1);
    let addr = server.addr;
    let (slow, _) = server.hold_the_worker(&big_score_request(20_000));
    let t = std::time::Instant::now();
    server.stop().unwrap();
    let r = slow.join().unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["value"]["summary"]["total"]["rows"], 20_000);
    assert!(t.elapsed() > Duration::from_millis(10), "the server waited for the request");
    // and accepts nothing more
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn the_committed_document_is_the_generated_one() {
    let path = common::vectors_dir().join("../../docs/openapi.json");
    let text = serde_json::to_string_pretty(&openapi::document()).unwrap() + "\n";
    if std::env::var_os("MERITKIT_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "docs/openapi.json differs from the generated document: run MERITKIT_WRITE_OPENAPI=1 cargo test -p meritkit-serve --test service"
    );
    let doc = openapi::document();
    assert_eq!(doc["openapi"], "3.1.0");
    // one operation per API function
    for f in [meritkit::api::FUNCTIONS, meritkit::api::NATIVE_FUNCTIONS].concat() {
        assert!(doc["paths"][format!("/v1/{f}")]["post"].is_object(), "{f}");
    }
    // every reference resolves
    let mut refs = vec![];
    collect_refs(&doc, &mut refs);
    for r in refs {
        assert!(doc.pointer(r.trim_start_matches('#')).is_some(), "unresolved {r}");
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

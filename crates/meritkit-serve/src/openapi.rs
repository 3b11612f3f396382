//! The OpenAPI 3.1 document of the service (`GET /openapi.json`), built from
//! the same `schemars` schemas as the core's types: request bodies with the
//! deserialising contract (what is accepted), answers with the serialising
//! one (what is written). `docs/openapi.json` is a copy kept equal by a test.

use crate::functions::{self, Function, MakeSchema, Req, FUNCTIONS};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{json, Map, Value};

/// The path the document is served at.
pub const PATH: &str = "/openapi.json";

const PREFIX: &str = "#/components/schemas/";

fn generator(serialize: bool) -> SchemaGenerator {
    let mut s = SchemaSettings::draft2020_12();
    s.definitions_path = "/components/schemas".into();
    if serialize {
        s = s.for_serialize();
    }
    s.into_generator()
}

/// The statuses an error answer comes with, and when.
const ERRORS: &[(&str, &str)] = &[
    ("400", "The body is not JSON, or the path cannot be read (`invalid_input`)."),
    ("401", "A bearer token is configured and the request has none or another (`unauthorized`)."),
    (
        "403",
        "No token is configured and the request comes from another site: an `Origin` that is not a \
         `--cors-origin`, or `Sec-Fetch-Site: cross-site` (`invalid_request`, path `origin`).",
    ),
    ("404", "No such function or stored session (`not_found`, `unknown_session`)."),
    ("409", "The session already exists, or a move's `from` is stale (`session_exists`, `stale_move`)."),
    ("408", "The body was not received within the time limit (`timeout`)."),
    ("413", "The body is larger than the limit, declared or sent (`body_too_large`)."),
    ("415", "A POST body without `Content-Type: application/json` (`invalid_request`, path `content-type`)."),
    (
        "421",
        "The `Host` is not a loopback name, the bound address or an `--allow-host` (`invalid_request`, path \
         `host`).",
    ),
    (
        "422",
        "The request is refused: a policy, rule set, request or input error, or more rows (or array elements \
         at any depth) than the limit (`too_many_rows`).",
    ),
    ("500", "An internal error (a bug), reported as an answer."),
    (
        "503",
        "Every worker is busy (`busy`), the request took longer than the limit (`timeout`; never for the \
         calibration writes, which the store bounds) or the store is busy (`store_busy`) or cannot be opened (the store's problem, path `store`): try again after `Retry-After` \
         seconds.",
    ),
];

fn request_id_header() -> Value {
    json!({"description": "The request's id (the caller's `x-request-id` when it sent a usable one); logs carry it.",
           "required": true, "schema": {"type": "string"}})
}

fn ok_response(value: Value, description: &str) -> Value {
    json!({
        "description": description,
        "headers": {"x-request-id": request_id_header()},
        "content": {"application/json": {"schema": {
            "type": "object", "required": ["ok", "value"], "additionalProperties": false,
            "properties": {"ok": {"const": true}, "value": value}
        }}}
    })
}

fn error_responses(responses: &mut Map<String, Value>, statuses: &[&str]) {
    for (status, description) in ERRORS {
        if !statuses.contains(status) {
            continue;
        }
        let mut headers = Map::new();
        headers.insert("x-request-id".into(), request_id_header());
        if *status == "503" {
            headers.insert(
                "retry-after".into(),
                json!({"description": "Seconds to wait before trying again.", "required": true,
                       "schema": {"type": "string", "pattern": "^[0-9]+$"}}),
            );
        }
        responses.insert(
            (*status).into(),
            json!({"description": description, "headers": headers,
                   "content": {"application/json": {"schema": {"$ref": format!("{PREFIX}ErrorEnvelope")}}}}),
        );
    }
}

/// Every status an `/v1` operation may answer with besides 200.
const ALL_ERRORS: &[&str] = &["400", "401", "403", "404", "408", "409", "413", "415", "421", "422", "500", "503"];

fn body(schema: Value, required: bool) -> Value {
    json!({"required": required, "content": {"application/json": {"schema": schema}}})
}

struct Builder {
    req: SchemaGenerator,
    res: SchemaGenerator,
    paths: Map<String, Value>,
}

impl Builder {
    fn schema(g: &mut SchemaGenerator, make: MakeSchema) -> Value {
        make(g).to_value()
    }

    fn operation(&mut self, f: &Function, get: bool) -> Value {
        let mut responses = Map::new();
        responses
            .insert("200".into(), ok_response(Builder::schema(&mut self.res, f.answer), "The answer (`ok: true`)."));
        error_responses(&mut responses, ALL_ERRORS);
        let mut op = json!({
            "operationId": if get { format!("{}_get", f.name) } else { f.name.to_string() },
            "summary": f.summary,
            "tags": ["api"],
            "responses": responses,
        });
        if !get {
            op["requestBody"] = match f.request {
                Req::Empty => body(json!({"type": "object", "additionalProperties": false}), false),
                Req::Typed(make) => body(Builder::schema(&mut self.req, make), true),
            };
        }
        op
    }

    fn add(&mut self, path: &str, method: &str, op: Value) {
        let entry = self.paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method] = op;
    }
}

fn session_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "description": "Session id.", "schema": {"type": "string"}})
}

/// The document.
pub fn document() -> Value {
    let mut b = Builder { req: generator(false), res: generator(true), paths: Map::new() };
    for f in FUNCTIONS {
        let path = format!("/v1/{}", f.name);
        let op = b.operation(f, false);
        b.add(&path, "post", op);
        if crate::GET_FUNCTIONS.contains(&f.name) {
            let op = b.operation(f, true);
            b.add(&path, "get", op);
        }
    }
    calibration_paths(&mut b);
    let mut health = Map::new();
    for (path, id, what) in [
        ("/healthz", "healthz", "The process is up."),
        ("/readyz", "readyz", "The process is up and the calibration store can be opened."),
    ] {
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({"description": what, "headers": {"x-request-id": request_id_header()},
                   "content": {"application/json": {"schema": {"type": "object", "required": ["ok"],
                   "properties": {"ok": {"const": true}}}}}}),
        );
        error_responses(&mut responses, &["503"]);
        health.insert(
            path.into(),
            json!({"get": {"operationId": id, "summary": what, "tags": ["service"],
            "security": [], "responses": responses}}),
        );
    }
    b.paths.extend(health);
    b.paths.insert(
        PATH.into(),
        json!({"get": {"operationId": "openapi", "summary": "This document.", "tags": ["service"], "security": [],
            "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                "headers": {"x-request-id": request_id_header()},
                "content": {"application/json": {"schema": {"type": "object"}}}}}}}),
    );
    let mut schemas = b.req.take_definitions(true);
    let answers = b.res.take_definitions(true);
    merge_answer_definitions(&mut schemas, answers, &mut b.paths);
    let mut error_gen = generator(true);
    let error_ref = error_gen.subschema_for::<meritkit::api::ErrorAnswer>().to_value();
    merge_answer_definitions(&mut schemas, error_gen.take_definitions(true), &mut Map::new());
    schemas.insert(
        "ErrorEnvelope".into(),
        json!({"type": "object", "required": ["ok", "error"], "additionalProperties": false,
               "description": "A refused request: the API's error answer.",
               "properties": {"ok": {"const": false}, "error": error_ref}}),
    );
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "meritkit",
            "version": meritkit::VERSION,
            "description": "Talent management of Indonesian civil servants (9-box, merit system) over HTTP/JSON: \
                every function of meritkit's JSON API (`POST /v1/{function}`, the same request and answer as \
                `call_json`) and stored calibration sessions. Answers are tagged: `{\"ok\": true, \"value\": ...}` \
                or `{\"ok\": false, \"error\": {\"kind\", \"code\", \"message\", \"problems\"}}`. See docs/service.md.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"}
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {}],
        "tags": [
            {"name": "api", "description": "The functions of meritkit's JSON API."},
            {"name": "calibration", "description": "Calibration sessions kept in the store."},
            {"name": "service", "description": "Health, readiness and this document."}
        ],
        "paths": b.paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                "description": "Required when the service was started with a token (always when it listens \
                                beyond loopback)."}}
        }
    })
}

/// Adds the answers' definitions to the requests': a name both have with
/// different schemas (the two contracts differ) is given to the answer as
/// `<name>Answer`, and the answer side's references follow.
fn merge_answer_definitions(
    schemas: &mut Map<String, Value>,
    answers: Map<String, Value>,
    paths: &mut Map<String, Value>,
) {
    let renamed: Vec<String> =
        answers.iter().filter(|(k, v)| schemas.get(*k).is_some_and(|r| r != *v)).map(|(k, _)| k.clone()).collect();
    let rename = |v: &mut Value| rename_refs(v, &renamed);
    let mut added = Map::new();
    for (k, mut v) in answers {
        rename(&mut v);
        let name = if renamed.contains(&k) { format!("{k}Answer") } else { k };
        added.insert(name, v);
    }
    // (only answers' schemas reference answer definitions: the 200 responses)
    for item in paths.values_mut() {
        if let Some(ops) = item.as_object_mut() {
            for op in ops.values_mut() {
                if let Some(r) = op.pointer_mut("/responses/200") {
                    rename(r);
                }
            }
        }
    }
    schemas.extend(added);
}

fn rename_refs(v: &mut Value, renamed: &[String]) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                if let Some(name) = r.strip_prefix(PREFIX) {
                    if renamed.iter().any(|n| n == name) {
                        *r = format!("{PREFIX}{name}Answer");
                    }
                }
            }
            for x in m.values_mut() {
                rename_refs(x, renamed);
            }
        }
        Value::Array(a) => {
            for x in a {
                rename_refs(x, renamed);
            }
        }
        _ => {}
    }
}

fn calibration_paths(b: &mut Builder) {
    use meritkit::calibration::{log, ops, session};
    let op = |b: &mut Builder,
              path: &str,
              method: &str,
              id: &str,
              summary: &str,
              request: Option<MakeSchema>,
              answer: Option<MakeSchema>,
              params: Vec<Value>| {
        let mut responses = Map::new();
        match answer {
            Some(a) => {
                responses.insert("200".into(), ok_response(Builder::schema(&mut b.res, a), "The answer (`ok: true`)."));
            }
            None => {
                responses.insert(
                    "200".into(),
                    json!({"description": "The session's log as canonical JSON Lines (one entry a line).",
                           "headers": {"x-request-id": request_id_header()},
                           "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}),
                );
            }
        }
        error_responses(&mut responses, ALL_ERRORS);
        let mut o = json!({"operationId": id, "summary": summary, "tags": ["calibration"], "responses": responses});
        if let Some(r) = request {
            o["requestBody"] = body(Builder::schema(&mut b.req, r), true);
        }
        if !params.is_empty() {
            o["parameters"] = Value::Array(params);
        }
        b.add(path, method, o);
    };
    fn s<T: schemars::JsonSchema>(g: &mut SchemaGenerator) -> schemars::Schema {
        g.subschema_for::<T>()
    }
    op(
        b,
        "/v1/calibration/sessions",
        "post",
        "calibration_session_create",
        "Open a stored session with its snapshot (as `calibration_snapshot`, stored)",
        Some(s::<ops::SnapshotRequest>),
        Some(s::<ops::SnapshotAnswer>),
        vec![],
    );
    // The new session's id, for the operations on it (OpenAPI links: clients and stateful testers follow them).
    let id = json!({"id": "$response.body#/value/entry/event/session"});
    let mut links = Map::new();
    for (name, target) in [
        ("append", "calibration_session_append"),
        ("report", "calibration_session_report"),
        ("verify", "calibration_session_verify"),
        ("export", "calibration_session_export"),
    ] {
        links.insert(name.into(), json!({"operationId": target, "parameters": id}));
    }
    if let Some(r) = b.paths.get_mut("/v1/calibration/sessions").and_then(|p| p.pointer_mut("/post/responses/200")) {
        r["links"] = Value::Object(links);
    }
    op(
        b,
        "/v1/calibration/sessions",
        "get",
        "calibration_sessions",
        "Every stored session, verified",
        None,
        Some(s::<Vec<functions::SessionInfo>>),
        vec![],
    );
    op(
        b,
        "/v1/calibration/sessions/{id}/events",
        "post",
        "calibration_session_append",
        "Append an event to a stored session",
        Some(s::<functions::EventRequest>),
        Some(s::<log::Entry>),
        vec![session_param()],
    );
    op(
        b,
        "/v1/calibration/sessions/{id}/report",
        "get",
        "calibration_session_report",
        "A stored session's report",
        None,
        Some(s::<session::SessionReport>),
        vec![
            session_param(),
            json!({"name": "detail", "in": "query", "required": false,
                   "description": "`full` (the default) or `summary`.",
                   "schema": {"type": "string", "enum": ["summary", "full"]}}),
        ],
    );
    op(
        b,
        "/v1/calibration/sessions/{id}/verify",
        "get",
        "calibration_session_verify",
        "Verify a stored session's log (with `head`: and that it still holds the entry of that hash)",
        None,
        Some(s::<log::Verification>),
        vec![
            session_param(),
            json!({"name": "head", "in": "query", "required": false,
                   "description": "The hash of an entry the session must still hold (a head kept earlier).",
                   "schema": {"type": "string", "minLength": 1}}),
        ],
    );
    op(
        b,
        "/v1/calibration/sessions/{id}/export",
        "get",
        "calibration_session_export",
        "A stored session's log as JSON Lines",
        None,
        None,
        vec![session_param()],
    );
    op(
        b,
        "/v1/calibration/import",
        "post",
        "calibration_import",
        "Import an exported log as a new stored session",
        Some(s::<functions::ImportRequest>),
        Some(s::<functions::SessionInfo>),
        vec![],
    );
}

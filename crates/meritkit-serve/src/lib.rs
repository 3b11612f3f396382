//! `meritkit serve`: meritkit's JSON API over HTTP (axum on tokio), for the
//! personnel systems that cannot link Rust or import Python but can call HTTP.
//!
//! * `POST /v1/{function}` for every function of [`meritkit::api::call_json`],
//!   with the same request and the same answer bytes (`GET` too for the
//!   parameterless ones: [`GET_FUNCTIONS`]);
//! * stored calibration sessions under `/v1/calibration/...` (the store crate);
//! * `GET /healthz`, `GET /readyz`, `GET /openapi.json` (OpenAPI 3.1 built
//!   from the core's schemas: [`openapi::document`]).
//!
//! Safe by default: loopback unless told, a bearer token required to listen
//! anywhere else ([`Config::check`]), limits on the body, the rows, the time
//! and the number of requests at work, each refused with the API's error
//! JSON; logs carry a request id, the route template, the status, the time and
//! the size, never a body (so never a NIP or a name); CORS only for the origins
//! given; SIGTERM or SIGINT stops accepting and finishes the requests at work.
#![forbid(unsafe_code)]

mod functions;
pub mod openapi;
mod rows;
mod store;

pub use store::StoreAt;

use axum::body::Body;
use axum::extract::{MatchedPath, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use meritkit::error::{Code, Error, Message, Problem};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Parameterless functions also answered on `GET /v1/{function}`.
pub const GET_FUNCTIONS: &[&str] = &[
    "presets",
    "policy_schema",
    "record_schema",
    "version",
    "rule_sets",
    "rules_schema",
    "labels",
    "demo_records",
    "demo_positions",
];

/// Defaults of the limits.
pub mod defaults {
    /// Listen address.
    pub const BIND: &str = "127.0.0.1:8080";
    /// Largest request body: 64 MiB.
    pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
    /// Most rows (records, rows, ratings, subjects, counts, results) in one request.
    pub const MAX_ROWS: usize = 200_000;
    /// Longest time a request may take.
    pub const TIMEOUT_S: u64 = 60;
    /// Requests at work at once (more are refused with `busy`).
    pub const MAX_CONCURRENT: usize = 8;
    /// Seconds a refused caller is told to wait (`Retry-After`).
    pub const RETRY_AFTER_S: u64 = 1;
    /// Seconds added to the time limit for the requests at work to finish after a stop signal.
    pub const GRACE_EXTRA_S: u64 = 5;
}

/// Upper bounds of the limits ([`Config::check`]).
pub mod bounds {
    /// Largest `--max-body-mb`, in bytes: 4 GiB.
    pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024 * 1024;
    /// Largest `--max-rows`.
    pub const MAX_ROWS: usize = 100_000_000;
    /// Longest `--timeout-s`: a day.
    pub const TIMEOUT_S: u64 = 86_400;
    /// Largest `--max-concurrent`.
    pub const MAX_CONCURRENT: usize = 4096;
}

/// The host names always accepted in `Host` (any port).
pub const LOOPBACK_HOSTS: &[&str] = &["localhost", "127.0.0.1", "[::1]"];

/// How the service runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Bearer token every `/v1` request must carry (none: no token asked).
    pub token: Option<String>,
    /// The calibration store.
    pub store: StoreAt,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Most rows in one request.
    pub max_rows: usize,
    /// Longest time one request may take.
    pub timeout: Duration,
    /// Requests at work at once.
    pub max_concurrent: usize,
    /// Origins allowed by CORS (none: no CORS header is ever sent).
    pub cors_origins: Vec<String>,
    /// Host names accepted in the `Host` header besides the loopback names and the bound address
    /// (`*`: any, with a token only).
    pub allow_hosts: Vec<String>,
}

impl Config {
    /// A configuration with every default, the store at `store`.
    pub fn new(store: StoreAt) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            store,
            max_body_bytes: defaults::MAX_BODY_BYTES,
            max_rows: defaults::MAX_ROWS,
            timeout: Duration::from_secs(defaults::TIMEOUT_S),
            max_concurrent: defaults::MAX_CONCURRENT,
            cors_origins: vec![],
            allow_hosts: vec![],
        }
    }

    /// Refuses what is unsafe or unusable: a non-loopback address without a
    /// token (`token_required`), an empty token, zero limits, a bad CORS origin.
    pub fn check(&self) -> Result<(), Error> {
        let refuse = |code, path: &str, en: &str, id: &str| Err(Error::Request(vec![Problem::new(code, path, en, id)]));
        if let Some(t) = &self.token {
            if t.trim().is_empty() {
                return refuse(Code::InvalidValue, "token", "the bearer token is empty", "token bearer kosong");
            }
            if !t.bytes().all(|b| b.is_ascii_graphic()) {
                return refuse(
                    Code::InvalidValue,
                    "token",
                    "the bearer token must be printable ASCII without spaces",
                    "token bearer harus berupa ASCII tercetak tanpa spasi",
                );
            }
        }
        if !self.bind.ip().is_loopback() && self.token.is_none() {
            return refuse(
                Code::TokenRequired,
                "bind",
                "listening beyond this computer (a non-loopback address) needs a bearer token: give --token-file \
                 or MERITKIT_TOKEN, or bind 127.0.0.1",
                "mendengarkan di luar komputer ini (alamat bukan loopback) memerlukan token bearer: berikan \
                 --token-file atau MERITKIT_TOKEN, atau bind 127.0.0.1",
            );
        }
        if self.max_body_bytes == 0 || self.max_rows == 0 || self.max_concurrent == 0 || self.timeout.is_zero() {
            return refuse(
                Code::InvalidValue,
                "limits",
                "the body, row, time and concurrency limits must be above zero",
                "batas isi, baris, waktu dan konkurensi harus lebih dari nol",
            );
        }
        let limits: [(&str, bool, String); 4] = [
            (
                "max_body_mb",
                self.max_body_bytes > bounds::MAX_BODY_BYTES,
                format!("{} MiB", bounds::MAX_BODY_BYTES >> 20),
            ),
            ("max_rows", self.max_rows > bounds::MAX_ROWS, bounds::MAX_ROWS.to_string()),
            ("timeout_s", self.timeout > Duration::from_secs(bounds::TIMEOUT_S), format!("{} s", bounds::TIMEOUT_S)),
            ("max_concurrent", self.max_concurrent > bounds::MAX_CONCURRENT, bounds::MAX_CONCURRENT.to_string()),
        ];
        for (path, over, most) in limits {
            if over {
                return refuse(
                    Code::InvalidValue,
                    path,
                    &format!("this limit is too large: at most {most}"),
                    &format!("batas ini terlalu besar: paling banyak {most}"),
                );
            }
        }
        for (i, h) in self.allow_hosts.iter().enumerate() {
            if h == "*" && self.token.is_none() {
                return refuse(
                    Code::TokenRequired,
                    &format!("allow_host[{i}]"),
                    "any host (*) is accepted only with a bearer token",
                    "host apa pun (*) hanya diterima dengan token bearer",
                );
            }
            if h != "*" && normal_host(h).is_none() {
                return refuse(
                    Code::InvalidValue,
                    &format!("allow_host[{i}]"),
                    "an allowed host is a DNS name or an IP address, without scheme, port or path",
                    "host yang diizinkan berupa nama DNS atau alamat IP, tanpa skema, port atau path",
                );
            }
        }
        for (i, o) in self.cors_origins.iter().enumerate() {
            let ok = valid_origin(o) && HeaderValue::from_str(o).is_ok();
            if !ok {
                return refuse(
                    Code::InvalidValue,
                    &format!("cors_origin[{i}]"),
                    "a CORS origin is a scheme and host without a path (https://simpeg.example.go.id)",
                    "origin CORS berupa skema dan host tanpa path (https://simpeg.example.go.id)",
                );
            }
        }
        Ok(())
    }
}

/// A host name as compared: lower case, an IPv6 address in brackets; `None` when it is not a DNS name or
/// an IP address.
fn normal_host(h: &str) -> Option<String> {
    let h = h.to_ascii_lowercase();
    if let Ok(ip) = h.parse::<std::net::Ipv4Addr>() {
        return Some(ip.to_string());
    }
    let bare = h.strip_prefix('[').and_then(|x| x.strip_suffix(']')).unwrap_or(&h);
    if let Ok(ip) = bare.parse::<std::net::Ipv6Addr>() {
        return Some(format!("[{ip}]"));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    (h.len() <= 253 && h.split('.').all(label_ok)).then_some(h)
}

/// Whether an origin is `scheme://host[:port]` (http or https, a DNS name or an IP address).
fn valid_origin(o: &str) -> bool {
    let Some((scheme, rest)) = o.split_once("://") else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    split_port(rest).is_some_and(|(host, _)| normal_host(host).is_some())
}

/// `host[:port]` split (an IPv6 address in brackets); `None` when the port is not a number.
fn split_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        return match rest {
            "" => Some((host, None)),
            r => r.strip_prefix(':').and_then(|p| p.parse().ok()).map(|p| (host, Some(p))),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => port.parse().ok().map(|p| (host, Some(p))),
        None => Some((authority, None)),
    }
}

struct App {
    cfg: Config,
    token_hash: Option<[u8; 32]>,
    work: Arc<Semaphore>,
    /// Host names accepted in `Host` (normalised); `None`: any.
    hosts: Option<Vec<String>>,
    /// CORS origins, lower case.
    origins: Vec<String>,
}

type Shared = Arc<App>;

/// An error answer: the API's JSON (`{"ok": false, "error": ...}`) with a status.
fn refusal(status: StatusCode, kind: &str, code: Code, path: &str, en: String, id: String) -> Response {
    let p = Problem::new(code, path, en, id);
    let answer = meritkit::api::ErrorAnswer {
        kind: kind.into(),
        code,
        message: Message::new(
            format!("{}: {}", title(status).0, p.message.en),
            format!("{}: {}", title(status).1, p.message.id),
        ),
        problems: vec![p],
    };
    let text = serde_json::to_string(&serde_json::json!({"ok": false, "error": answer})).unwrap_or_default();
    json_response(status, text)
}

fn title(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        503 => ("service unavailable", "layanan tidak tersedia"),
        _ => ("request refused", "permintaan ditolak"),
    }
}

fn json_response(status: StatusCode, text: String) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(defaults::RETRY_AFTER_S));
    }
    r
}

fn not_found() -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "request_error",
        Code::NotFound,
        "",
        "no such route or function (see /openapi.json)".into(),
        "rute atau fungsi tidak ada (lihat /openapi.json)".into(),
    )
}

/// The status of an API answer: 200 when `ok`; for a refusal, by its code and kind. A store call refused
/// for the store itself (path `store`: it cannot be opened or read) is the service's failure: 503.
fn status_of(answer: &str, body_is_json: bool, store_call: bool) -> StatusCode {
    if answer.starts_with(r#"{"ok":true"#) {
        return StatusCode::OK;
    }
    #[derive(serde::Deserialize)]
    struct Head {
        error: Inner,
    }
    #[derive(serde::Deserialize)]
    struct Inner {
        kind: String,
        code: String,
        #[serde(default)]
        problems: Vec<At>,
    }
    #[derive(serde::Deserialize)]
    struct At {
        path: String,
    }
    let Ok(h) = serde_json::from_str::<Head>(answer) else {
        return StatusCode::INTERNAL_SERVER_ERROR;
    };
    match (h.error.kind.as_str(), h.error.code.as_str()) {
        ("internal_error", _) => StatusCode::INTERNAL_SERVER_ERROR,
        (_, "store_busy") => StatusCode::SERVICE_UNAVAILABLE,
        (_, "unknown_session") => StatusCode::NOT_FOUND,
        (_, "session_exists" | "stale_move") => StatusCode::CONFLICT,
        _ if store_call && h.error.problems.first().is_some_and(|p| p.path == "store") => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        ("request_error", _) if !body_is_json => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Whether a body is JSON as the API reads it (an empty one is not: a function that takes a request
/// refuses it with 400; nor a number out of range, nor nesting past 128).
fn is_json(body: &str) -> bool {
    rows::is_json(body)
}

/// A request at work: its worker's slot (taken before the body is read) and its deadline.
struct Job {
    permit: OwnedSemaphorePermit,
    deadline: tokio::time::Instant,
}

impl Job {
    /// Takes a worker's slot: `busy` when every worker is taken.
    fn start(app: &App) -> Result<Job, Response> {
        let Ok(permit) = app.work.clone().try_acquire_owned() else {
            return Err(refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                "service_error",
                Code::Busy,
                "",
                format!("{} requests are at work already: try again shortly", app.cfg.max_concurrent),
                format!("{} permintaan sedang dikerjakan: coba lagi sebentar lagi", app.cfg.max_concurrent),
            ));
        };
        let now = tokio::time::Instant::now();
        let deadline = now.checked_add(app.cfg.timeout).unwrap_or(now + Duration::from_secs(bounds::TIMEOUT_S));
        Ok(Job { permit, deadline })
    }

    /// The body as text, read before the deadline, within the body and row limits; or the refusal.
    async fn read(&self, app: &App, mut body: Body) -> Result<String, Response> {
        use http_body_util::BodyExt;
        let max = app.cfg.max_body_bytes;
        let mut buf: Vec<u8> = Vec::new();
        let read = async {
            while let Some(frame) = body.frame().await {
                let Ok(frame) = frame else {
                    return Err(refusal(
                        StatusCode::BAD_REQUEST,
                        "request_error",
                        Code::InvalidInput,
                        "",
                        "the body could not be read".into(),
                        "isi permintaan tidak dapat dibaca".into(),
                    ));
                };
                if let Ok(data) = frame.into_data() {
                    if buf.len().saturating_add(data.len()) > max {
                        return Err(too_large(max));
                    }
                    buf.extend_from_slice(&data);
                }
            }
            Ok(())
        };
        match tokio::time::timeout_at(self.deadline, read).await {
            Ok(Ok(())) => {}
            Ok(Err(r)) => return Err(r),
            Err(_) => {
                return Err(refusal(
                    StatusCode::REQUEST_TIMEOUT,
                    "request_error",
                    Code::Timeout,
                    "",
                    format!("the body was not received within {} s", app.cfg.timeout.as_secs_f64()),
                    format!("isi permintaan tidak diterima dalam {} detik", app.cfg.timeout.as_secs_f64()),
                ))
            }
        }
        let text = String::from_utf8(buf).map_err(|_| {
            refusal(
                StatusCode::BAD_REQUEST,
                "request_error",
                Code::InvalidInput,
                "",
                "the body is not UTF-8 text".into(),
                "isi permintaan bukan teks UTF-8".into(),
            )
        })?;
        let max_rows = app.cfg.max_rows;
        match rows::over_limit(&text, max_rows) {
            None => Ok(text),
            Some(rows::Over::Rows(path, n)) => Err(refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                "request_error",
                Code::TooManyRows,
                &path,
                format!("{n} rows in one request: at most {max_rows} (--max-rows); split the request"),
                format!("{n} baris dalam satu permintaan: paling banyak {max_rows} (--max-rows); bagi permintaannya"),
            )),
            Some(rows::Over::Elements(n)) => {
                let most = max_rows.saturating_mul(rows::ELEMENTS_PER_ROW);
                Err(refusal(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "request_error",
                    Code::TooManyRows,
                    "",
                    format!(
                        "over {most} array elements and object entries in one request ({} per row of --max-rows, \
                         counted {n}); split the request",
                        rows::ELEMENTS_PER_ROW
                    ),
                    format!(
                        "lebih dari {most} elemen larik dan entri objek dalam satu permintaan ({} per baris \
                         --max-rows, terhitung {n}); bagi permintaannya",
                        rows::ELEMENTS_PER_ROW
                    ),
                ))
            }
        }
    }

    /// Runs the blocking work; `cut`: refused with `timeout` past the deadline (the answer is then
    /// dropped; the worker's slot is held until its work ends). Store writes are not cut: a write
    /// whose answer is dropped would still commit (the store bounds itself: `store_busy`).
    async fn run(
        self,
        app: &App,
        cut: bool,
        work: impl FnOnce() -> String + Send + 'static,
    ) -> Result<String, Response> {
        let Job { permit, deadline } = self;
        let job = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        });
        let done = if cut {
            match tokio::time::timeout_at(deadline, job).await {
                Ok(done) => done,
                Err(_) => {
                    return Err(refusal(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "service_error",
                        Code::Timeout,
                        "",
                        format!("the request took longer than {} s", app.cfg.timeout.as_secs_f64()),
                        format!("permintaan memakan waktu lebih dari {} detik", app.cfg.timeout.as_secs_f64()),
                    ))
                }
            }
        } else {
            job.await
        };
        done.map_err(|_| {
            refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                Code::Internal,
                "",
                "the request's work stopped unexpectedly".into(),
                "pekerjaan permintaan berhenti tanpa terduga".into(),
            )
        })
    }
}

fn too_large(max: usize) -> Response {
    refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        "request_error",
        Code::BodyTooLarge,
        "",
        format!("the body is larger than {max} bytes (--max-body-mb)"),
        format!("isi permintaan lebih dari {max} bita (--max-body-mb)"),
    )
}

/// Who answers a request: the API (`call_json`) or the store.
#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    Api,
    Store,
}

/// Whether the request timeout cuts the work: not for store writes (see [`Job::run`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    Yes,
    No,
}

async fn answer(
    app: &App,
    job: Job,
    by: By,
    cut: Cut,
    text: String,
    work: impl FnOnce(&str) -> String + Send + 'static,
) -> Response {
    let body_is_json = is_json(&text);
    match job.run(app, cut == Cut::Yes, move || work(&text)).await {
        Ok(answer) => json_response(status_of(&answer, body_is_json, by == By::Store), answer),
        Err(r) => r,
    }
}

/// A slot taken, then the body read under the limits: the job and the text, or the refusal.
async fn start_with_body(app: &App, body: Body) -> Result<(Job, String), Response> {
    let job = Job::start(app)?;
    let text = job.read(app, body).await?;
    Ok((job, text))
}

type PathId = Result<Path<String>, axum::extract::rejection::PathRejection>;

/// A path's parameter, or the refusal in the error JSON (one that is not UTF-8 once decoded).
fn session_id(id: PathId) -> Result<String, Response> {
    id.map(|Path(id)| id).map_err(|_| {
        refusal(
            StatusCode::BAD_REQUEST,
            "request_error",
            Code::InvalidInput,
            "",
            "the path cannot be read (percent-encoding that is not UTF-8)".into(),
            "path tidak dapat dibaca (percent-encoding yang bukan UTF-8)".into(),
        )
    })
}

async fn call_post(State(app): State<Shared>, name: PathId, body: Body) -> Response {
    let name = match session_id(name) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let Some(f) = functions::function(&name) else {
        return not_found();
    };
    let (job, text) = match start_with_body(&app, body).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    answer(&app, job, By::Api, Cut::Yes, text, move |t| meritkit::api::call_json(f.name, t)).await
}

async fn call_get(State(app): State<Shared>, name: PathId) -> Response {
    let name = match session_id(name) {
        Ok(n) => n,
        Err(r) => return r,
    };
    match GET_FUNCTIONS.iter().find(|n| **n == name) {
        Some(n) => match Job::start(&app) {
            Ok(job) => {
                answer(&app, job, By::Api, Cut::Yes, String::new(), move |t| meritkit::api::call_json(n, t)).await
            }
            Err(r) => r,
        },
        None if functions::function(&name).is_some() => method_not_allowed().await,
        None => not_found(),
    }
}

async fn sessions_create(State(app): State<Shared>, body: Body) -> Response {
    let (job, text) = match start_with_body(&app, body).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let at = app.cfg.store.clone();
    answer(&app, job, By::Store, Cut::No, text, move |t| at.call("calibration_snapshot", t)).await
}

async fn sessions_list(State(app): State<Shared>) -> Response {
    let job = match Job::start(&app) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let at = app.cfg.store.clone();
    answer(&app, job, By::Store, Cut::Yes, String::new(), move |_| at.call("calibration_sessions", "{}")).await
}

async fn session_append(State(app): State<Shared>, id: PathId, body: Body) -> Response {
    let id = match session_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let (job, text) = match start_with_body(&app, body).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    // The body is {actor, time?, event}; the session is the path's (a body naming one is
    // refused). A body that is not an object goes to the store as it is: the store refuses it.
    let request = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(m)) if m.contains_key("session") => {
            return refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                "request_error",
                Code::UnknownField,
                "session",
                "the session is the one of the path: the body names none".into(),
                "sesi adalah sesi pada path: isi permintaan tidak menyebutnya".into(),
            )
        }
        Ok(serde_json::Value::Object(mut m)) => {
            m.insert("session".into(), serde_json::Value::String(id));
            serde_json::Value::Object(m).to_string()
        }
        _ => text,
    };
    let at = app.cfg.store.clone();
    answer(&app, job, By::Store, Cut::No, request, move |t| at.call("calibration_append", t)).await
}

fn session_request(id: String, detail: Option<&str>) -> String {
    let mut m = serde_json::Map::new();
    m.insert("session".into(), serde_json::Value::String(id));
    if let Some(d) = detail {
        m.insert("detail".into(), serde_json::Value::String(d.into()));
    }
    serde_json::Value::Object(m).to_string()
}

/// The one query parameter `name` of a query string (`allowed`: its values; `None`: any non-empty one).
fn query_param(query: Option<&str>, name: &str, allowed: Option<&[&str]>) -> Result<Option<String>, Response> {
    let mut value = None;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some((k, v)) if k == name && !v.is_empty() && allowed.is_none_or(|a| a.contains(&v)) => {
                value = Some(v.to_string())
            }
            _ => {
                let values = match allowed {
                    Some(a) => a.iter().map(|v| format!("{name}={v}")).collect::<Vec<_>>(),
                    None => vec![format!("{name}=...")],
                };
                return Err(refusal(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "request_error",
                    Code::InvalidRequest,
                    name,
                    format!("the only query parameter is {}", values.join(" or ")),
                    format!("satu-satunya parameter kueri adalah {}", values.join(" atau ")),
                ));
            }
        }
    }
    Ok(value)
}

async fn session_report(State(app): State<Shared>, id: PathId, RawQuery(q): RawQuery) -> Response {
    let id = match session_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let detail = match query_param(q.as_deref(), "detail", Some(&["summary", "full"])) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let job = match Job::start(&app) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let at = app.cfg.store.clone();
    answer(&app, job, By::Store, Cut::Yes, session_request(id, detail.as_deref()), move |t| {
        at.call("calibration_report", t)
    })
    .await
}

async fn session_verify(State(app): State<Shared>, id: PathId, RawQuery(q): RawQuery) -> Response {
    let id = match session_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let head = match query_param(q.as_deref(), "head", None) {
        Ok(h) => h,
        Err(r) => return r,
    };
    let job = match Job::start(&app) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let at = app.cfg.store.clone();
    match head {
        None => {
            answer(&app, job, By::Store, Cut::Yes, session_request(id, None), move |t| at.call("calibration_verify", t))
                .await
        }
        Some(h) => answer(&app, job, By::Store, Cut::Yes, "{}".into(), move |_| at.verify_head(&id, &h)).await,
    }
}

async fn session_export(State(app): State<Shared>, id: PathId) -> Response {
    let id = match session_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let job = match Job::start(&app) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let at = app.cfg.store.clone();
    let r =
        answer(&app, job, By::Store, Cut::Yes, session_request(id, None), move |t| at.call("calibration_export", t))
            .await;
    if r.status() != StatusCode::OK {
        return r;
    }
    // The answer's value is the JSONL text: sent as it is.
    let (parts, body) = r.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return not_found();
    };
    #[derive(serde::Deserialize)]
    struct Export {
        value: String,
    }
    match serde_json::from_slice::<Export>(&bytes) {
        Ok(e) => {
            let mut r = Response::from_parts(parts, axum::body::Body::from(e.value));
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"));
            r
        }
        Err(_) => json_response(StatusCode::INTERNAL_SERVER_ERROR, String::from_utf8_lossy(&bytes).into_owned()),
    }
}

async fn import(State(app): State<Shared>, body: Body) -> Response {
    let (job, text) = match start_with_body(&app, body).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let at = app.cfg.store.clone();
    answer(&app, job, By::Store, Cut::No, text, move |t| at.call("calibration_import", t)).await
}

async fn healthz() -> Response {
    json_response(StatusCode::OK, r#"{"ok":true}"#.into())
}

async fn readyz(State(app): State<Shared>) -> Response {
    let at = app.cfg.store.clone();
    match tokio::task::spawn_blocking(move || at.ready()).await {
        Ok(Ok(())) => json_response(StatusCode::OK, r#"{"ok":true}"#.into()),
        _ => refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_error",
            Code::InvalidInput,
            "store",
            "the calibration store cannot be opened".into(),
            "penyimpanan kalibrasi tidak dapat dibuka".into(),
        ),
    }
}

async fn openapi_json() -> Response {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    json_response(StatusCode::OK, TEXT.get_or_init(|| openapi::document().to_string()).clone())
}

async fn method_not_allowed() -> Response {
    refusal(
        StatusCode::METHOD_NOT_ALLOWED,
        "request_error",
        Code::MethodNotAllowed,
        "",
        "this route does not take this method (see /openapi.json)".into(),
        "rute ini tidak menerima metode ini (lihat /openapi.json)".into(),
    )
}

async fn fallback() -> Response {
    not_found()
}

/// Bearer token check on `/v1` (health, readiness and the document are open).
async fn auth(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let Some(want) = &app.token_hash else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    if matches!(path, "/healthz" | "/readyz" | openapi::PATH) {
        return next.run(req).await;
    }
    // (the scheme is case-insensitive: RFC 7235)
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| hash(t.trim()));
    let ok = given.is_some_and(|g| bool::from(subtle::ConstantTimeEq::ct_eq(&g[..], &want[..])));
    if ok {
        return next.run(req).await;
    }
    let mut r = refusal(
        StatusCode::UNAUTHORIZED,
        "request_error",
        Code::Unauthorized,
        "authorization",
        "a bearer token is required (Authorization: Bearer <token>), and this one is missing or wrong".into(),
        "token bearer wajib (Authorization: Bearer <token>), dan token ini tidak ada atau salah".into(),
    );
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

/// Whether a route is open to any host and origin: health, readiness and the document (probes send the
/// pod's address as `Host`; none of them changes or reveals anything of the callers').
fn open_route(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | openapi::PATH)
}

/// The checks before any reading (against DNS rebinding, cross-site requests and oversized bodies): the
/// `Host` is a loopback name, the bound address or an allowed host (421); without a token, a cross-site
/// request or an `Origin` that is not a CORS origin is refused (403); a POST body is `application/json`
/// (415); a declared `Content-Length` over the body limit is refused before reading (413).
async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let h = req.headers();
    let refuse = |status: StatusCode, path: &str, en: &str, id: &str| {
        refusal(status, "request_error", Code::InvalidRequest, path, en.into(), id.into())
    };
    if !open_route(req.uri().path()) {
        if let Some(hosts) = &app.hosts {
            // (one Host only: two are refused)
            let mut given = h.get_all(header::HOST).iter();
            let host = match (given.next(), given.next()) {
                (Some(v), None) => v.to_str().ok(),
                (None, _) => req.uri().authority().map(|a| a.as_str()),
                (Some(_), Some(_)) => None,
            };
            let ok = host
                .and_then(split_port)
                .and_then(|(name, _)| normal_host(name))
                .is_some_and(|name| hosts.contains(&name));
            if !ok {
                return refuse(
                    StatusCode::MISDIRECTED_REQUEST,
                    "host",
                    "this host name is not served here (a loopback name, the bound address or --allow-host)",
                    "nama host ini tidak dilayani di sini (nama loopback, alamat yang didengarkan atau --allow-host)",
                );
            }
        }
        if app.token_hash.is_none() {
            let origin = h.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("").to_ascii_lowercase());
            let allowed = origin.as_ref().is_some_and(|o| app.origins.contains(o));
            let cross_site = h.get("sec-fetch-site").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
            if (origin.is_some() || cross_site) && !allowed {
                return refuse(
                    StatusCode::FORBIDDEN,
                    "origin",
                    "a request from another site is refused when no token is asked (--cors-origin allows an origin)",
                    "permintaan dari situs lain ditolak bila token tidak diminta (--cors-origin mengizinkan origin)",
                );
            }
        }
    }
    if req.method() == Method::POST {
        let length =
            h.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
        let has_body = length.is_some_and(|n| n > 0) || h.contains_key(header::TRANSFER_ENCODING);
        let json = h
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")));
        if has_body && !json {
            return refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "content-type",
                "a request body is JSON: send Content-Type: application/json",
                "isi permintaan berupa JSON: kirim Content-Type: application/json",
            );
        }
        if length.is_some_and(|n| n > app.cfg.max_body_bytes as u64) {
            return too_large(app.cfg.max_body_bytes);
        }
    }
    next.run(req).await
}

fn hash(token: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes()).into()
}

/// Any refusal made below the handlers (the router's or the HTTP layer's: a path that is not UTF-8, ...)
/// in the API's error JSON, never plain text; its status and headers kept.
async fn json_errors(req: Request, next: Next) -> Response {
    let r = next.run(req).await;
    let status = r.status();
    let json = r.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if status.as_u16() < 400 || json {
        return r;
    }
    let (kind, code) = match status.as_u16() {
        404 => ("request_error", Code::NotFound),
        405 => ("request_error", Code::MethodNotAllowed),
        413 => ("request_error", Code::BodyTooLarge),
        500..=599 => ("internal_error", Code::Internal),
        _ => ("request_error", Code::InvalidInput),
    };
    let mut out = refusal(
        status,
        kind,
        code,
        "",
        format!("the request could not be read as sent (HTTP {})", status.as_u16()),
        format!("permintaan tidak dapat dibaca sebagaimana dikirim (HTTP {})", status.as_u16()),
    );
    for (k, v) in r.headers() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH && !out.headers().contains_key(k) {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

static REQUEST_SEQ: AtomicU64 = AtomicU64::new(0);

/// A request id: the caller's `x-request-id` when it is short and plain, else a new one.
fn request_id(headers: &HeaderMap) -> String {
    let given = headers.get("x-request-id").and_then(|v| v.to_str().ok()).filter(|s| {
        !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
    });
    match given {
        Some(s) => s.to_string(),
        None => {
            let n = REQUEST_SEQ.fetch_add(1, Ordering::Relaxed);
            let t =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or(0);
            format!("{:x}-{:x}-{n:x}", t, std::process::id())
        }
    }
}

/// One JSON log line per request: id, method, route template, status, time, size (never a body or a raw path).
async fn log(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let id = request_id(req.headers());
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let mut r = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        r.headers_mut().insert("x-request-id", v);
    }
    let bytes = axum::body::HttpBody::size_hint(r.body()).exact();
    tracing::info!(
        request_id = %id,
        method = %method,
        route = route.as_deref().unwrap_or("(none)"),
        status = r.status().as_u16(),
        ms = start.elapsed().as_secs_f64() * 1000.0,
        bytes = bytes.unwrap_or(0),
        "request"
    );
    r
}

/// The service's routes and layers.
pub fn router(cfg: Config) -> Router {
    let cors = cors_layer(&cfg.cors_origins);
    let hosts = if cfg.allow_hosts.iter().any(|h| h == "*") {
        None
    } else {
        let mut hosts: Vec<String> = LOOPBACK_HOSTS.iter().map(|h| h.to_string()).collect();
        hosts.extend(cfg.allow_hosts.iter().filter_map(|h| normal_host(h)));
        if !cfg.bind.ip().is_unspecified() {
            hosts.extend(normal_host(&cfg.bind.ip().to_string()));
        }
        Some(hosts)
    };
    let origins = cfg.cors_origins.iter().map(|o| o.to_ascii_lowercase()).collect();
    let app: Shared = Arc::new(App {
        token_hash: cfg.token.as_deref().map(|t| hash(t.trim())),
        work: Arc::new(Semaphore::new(cfg.max_concurrent.clamp(1, bounds::MAX_CONCURRENT))),
        hosts,
        origins,
        cfg,
    });
    let r = Router::new()
        .route("/v1/calibration/sessions", post(sessions_create).get(sessions_list))
        .route("/v1/calibration/sessions/{id}/events", post(session_append))
        .route("/v1/calibration/sessions/{id}/report", get(session_report))
        .route("/v1/calibration/sessions/{id}/verify", get(session_verify))
        .route("/v1/calibration/sessions/{id}/export", get(session_export))
        .route("/v1/calibration/import", post(import))
        .route("/v1/{function}", post(call_post).get(call_get))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(openapi::PATH, get(openapi_json))
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app.clone(), auth))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app);
    let r = r.layer(middleware::from_fn(json_errors));
    let r = match cors {
        Some(c) => r.layer(c),
        None => r,
    };
    r.layer(middleware::from_fn(log))
}

fn cors_layer(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    if origins.is_empty() {
        return None;
    }
    let list: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(list))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([header::HeaderName::from_static("x-request-id"), header::RETRY_AFTER]),
    )
}

/// Longest time a client may take to send a request's head (method, path, headers): the time limit, at most
/// 30 s.
pub fn header_read_timeout(cfg: &Config) -> Duration {
    cfg.timeout.min(Duration::from_secs(30))
}

/// Serves on `listener` until `shutdown` completes, then finishes the requests at work for at most the
/// time limit and [`defaults::GRACE_EXTRA_S`] more (a client holding its connection open cannot hold the
/// stop). Each connection is HTTP/1.1 with a header read timeout ([`header_read_timeout`]).
pub async fn serve(
    cfg: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let grace = cfg.timeout.min(Duration::from_secs(bounds::TIMEOUT_S)) + Duration::from_secs(defaults::GRACE_EXTRA_S);
    let head_timeout = header_read_timeout(&cfg);
    let app = router(cfg);
    // (`stop`: tells the connections to finish; `open`: held by each connection, closed when all are done)
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let (open_tx, open_rx) = tokio::sync::watch::channel(());
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => {
                    // (too many open files, a connection reset before it was accepted: try again shortly)
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut stop = stop_rx.clone();
        let open = open_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(head_timeout);
            let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
                }
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(open_rx);
    if tokio::time::timeout(grace, open_tx.closed()).await.is_err() {
        tracing::warn!(seconds = grace.as_secs(), "stopped with requests or connections still open");
    }
    Ok(())
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing the requests at work");
}

/// Installs the JSON log lines on stderr (once per process).
pub fn init_logs() {
    let _ = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs the service until SIGTERM/SIGINT (the `meritkit serve` command):
/// checks the configuration, creates the store, binds, prints
/// `listening on http://ADDR` on stdout and serves. An unusable
/// configuration or address is an [`Error`] (the CLI's exit 2).
pub fn run(cfg: Config) -> Result<(), Error> {
    cfg.check()?;
    init_logs();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(Error::internal)?;
    let out = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(cfg.bind).await.map_err(|_| {
            Error::Request(vec![Problem::new(
                Code::InvalidValue,
                "bind",
                "the address cannot be listened on (in use? not this computer's?)",
                "alamat tidak dapat didengarkan (sedang dipakai? bukan milik komputer ini?)",
            )])
        })?;
        // (the store is created once the address is ours: a failed bind creates nothing)
        let at = cfg.store.clone();
        tokio::task::spawn_blocking(move || at.ensure()).await.map_err(Error::internal)??;
        let addr = listener.local_addr().map_err(Error::internal)?;
        println!("listening on http://{addr}");
        tracing::info!(addr = %addr, "listening");
        // The first signal stops accepting and finishes the requests at work (bounded: [`serve`]);
        // a second one stops at once.
        let first = Arc::new(tokio::sync::Notify::new());
        let told = first.clone();
        let shutdown = async move {
            signal().await;
            told.notify_one();
        };
        let second = async move {
            first.notified().await;
            signal().await;
            tracing::warn!("a second signal: stopping now, requests at work unfinished");
        };
        tokio::select! {
            r = serve(cfg, listener, shutdown) => r.map_err(Error::internal),
            _ = second => Ok(()),
        }
    });
    // (blocking work still running is not waited for)
    rt.shutdown_timeout(Duration::from_millis(200));
    out
}

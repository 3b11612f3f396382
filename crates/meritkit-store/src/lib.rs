//! Storage of calibration logs: every session of an agency, each entry
//! stored as its canonical JSON line, in a SQLite file (the default: one file
//! per agency) or in a PostgreSQL database (a `postgres://` URL: its
//! `meritkit` schema).
//!
//! Appending runs in one write transaction: the writer takes the session's
//! write lock (SQLite: `BEGIN IMMEDIATE` on the file; PostgreSQL: a
//! transaction-scoped advisory lock on the session), reads and verifies the
//! session's entries, checks the event against the state they fold to,
//! inserts the sealed entry and commits. A second writer waits up to
//! [`BUSY_WAIT_MS`] and then gets `store_busy`, never a corrupt log; a writer
//! killed before its commit leaves the store as it was, a committed entry is
//! never lost. Triggers refuse `UPDATE` and `DELETE` (and, on PostgreSQL,
//! `TRUNCATE`) on the log table, and every read verifies the hash chain, so an
//! edit made around them is still found.
//!
//! ```
//! use meritkit::calibration::{example_snapshot, session::Event};
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = meritkit_store::Store::open(&dir.path().join("bkpsdm.sqlite")).unwrap();
//! store.create("2026-03-02T09:00:00Z", "tim", example_snapshot()).unwrap();
//! store.append("contoh-2026", "2026-03-02T09:05:00Z", "tim", Event::Start {}).unwrap();
//! let log = store.load("contoh-2026").unwrap();
//! assert_eq!(log.entries().len(), 2);
//! assert!(meritkit::calibration::log::verify(&store.export("contoh-2026").unwrap()).ok);
//! ```
#![forbid(unsafe_code)]

mod postgres;
mod sqlite;

use meritkit::calibration::log::{self, Entry, Log};
use meritkit::calibration::session::{Event, SessionStatus};
use meritkit::error::{Code, Error, Problem};
use std::path::{Path, PathBuf};

/// How long a writer waits for another one before `store_busy`.
pub const BUSY_WAIT_MS: u64 = 5_000;

/// The store layout this version writes and reads.
const SCHEMA_VERSION: &str = "calibration_log/1";

/// The line given for a stored row that is not its session's entry at its
/// place (a number out of order, a value of another type): no entry matches
/// it, so `verify` names it.
const MISPLACED_ROW: &str = "(a stored row that is not this session's entry at this place)";

/// Where a store lives: a SQLite file, or a PostgreSQL database.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created on the first write).
    File(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db`); the
    /// store is the database's `meritkit` schema (created on the first write).
    Postgres(String),
}

impl Location {
    /// `postgres://...` and `postgresql://...` (any case) and libpq's
    /// `key=value` form (`host=... dbname=...`) name a PostgreSQL database;
    /// anything else is the path of a SQLite file.
    pub fn parse(s: &str) -> Location {
        for scheme in ["postgres://", "postgresql://"] {
            if s.get(..scheme.len()).is_some_and(|p| p.eq_ignore_ascii_case(scheme)) {
                return Location::Postgres(format!("{scheme}{}", &s[scheme.len()..]));
            }
        }
        // libpq's form: starts with a keyword and `=` (a file name rarely does)
        let key = s.trim_start().split('=').next().unwrap_or("").trim_end();
        if s.contains('=') && !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Location::Postgres(s.to_string());
        }
        Location::File(PathBuf::from(s))
    }
}

impl std::fmt::Debug for Location {
    /// A URL is never shown: it may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(p) => f.debug_tuple("File").field(p).finish(),
            Location::Postgres(_) => f.write_str("Postgres(..)"),
        }
    }
}

/// Rows to insert: (sequence number, canonical line).
type Rows = Vec<(i64, String)>;
/// Given the session's stored lines (under the write lock), the rows to insert.
type Insert<'a> = dyn FnMut(Vec<String>) -> Result<Rows, Error> + 'a;

/// What a storage engine does for the store; everything else (verifying,
/// folding, refusing) is the store's, the same for every engine.
trait Backend: Send {
    /// The session's lines in order of their stored number ([`MISPLACED_ROW`]
    /// for a row whose number is not its place).
    fn lines(&self, session: &str) -> Result<Vec<String>, Error>;
    /// Every session id, sorted.
    fn session_ids(&self) -> Result<Vec<String>, Error>;
    /// Under the session's write lock: reads its lines, asks `f` for the rows
    /// to insert, inserts them and commits (nothing when `f` refuses).
    fn write(&mut self, session: &str, f: &mut Insert<'_>) -> Result<(), Error>;
}

/// A store of calibration sessions.
pub struct Store {
    backend: Box<dyn Backend>,
}

/// One session of a store.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SessionInfo {
    /// Session id.
    pub session: String,
    /// Entries.
    pub entries: u64,
    /// State after the last entry.
    pub status: SessionStatus,
    /// Hash of the last entry.
    pub head: String,
    /// The first problem, when the session does not verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// The session a store row is filed under must be the one its snapshot names.
fn check_session_id(log: &Log, session: &str) -> Result<(), Error> {
    match log.session().snapshot() {
        Some(s) if s.session == session => Ok(()),
        _ => Err(problem(
            Code::LogChainBroken,
            "session.entries[0]",
            "the rows of this session were copied from another session (its snapshot names another id)",
            "baris sesi ini disalin dari sesi lain (snapshot-nya menyebut id lain)",
        )),
    }
}

/// Most a given time may lie ahead of the clock: one later than that would
/// make every later entry (stamped by the clock) "before the previous one".
const MAX_AHEAD_MS: i64 = 10 * 60 * 1000;

fn not_ahead(time: &str) -> Result<(), Error> {
    let now = meritkit::date::rfc3339_millis(&jiff::Timestamp::now().to_string()).unwrap_or(i64::MAX);
    match meritkit::date::rfc3339_millis(time) {
        Some(t) if t > now.saturating_add(MAX_AHEAD_MS) => Err(problem(
            Code::InvalidValue,
            "time",
            "the time lies in the future (more than 10 minutes ahead of this computer's clock)",
            "waktu berada di masa depan (lebih dari 10 menit di depan jam komputer ini)",
        )),
        _ => Ok(()),
    }
}

fn problem(code: Code, path: &str, en: impl Into<String>, id: impl Into<String>) -> Error {
    Error::Input(vec![Problem::new(code, path, en, id)])
}

fn unknown_session() -> Error {
    problem(
        Code::UnknownSession,
        "session",
        "the store holds no session of this id",
        "penyimpanan tidak berisi sesi dengan id ini",
    )
}

/// The lines as one JSONL text (not verified); `unknown_session` when there are none.
fn text_of(lines: Vec<String>) -> Result<String, Error> {
    if lines.is_empty() {
        return Err(unknown_session());
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(text)
}

/// The lines read as a verified log of `session`.
fn read_log(lines: Vec<String>, session: &str) -> Result<Log, Error> {
    let text = text_of(lines)?;
    let log = log::read(&text).map_err(|b| {
        let (_, r) = *b;
        Error::Input(
            r.problems
                .into_iter()
                .map(|mut p| {
                    p.path = format!(
                        "session.entries[{}]{}{}",
                        r.line - 1,
                        if p.path.is_empty() { "" } else { "." },
                        p.path
                    );
                    p
                })
                .collect(),
        )
    })?;
    check_session_id(&log, session)?;
    Ok(log)
}

fn row_of(e: &Entry) -> Result<(i64, String), Error> {
    let seq = i64::try_from(e.seq)
        .map_err(|_| problem(Code::LimitExceeded, "seq", "too many entries", "entri terlalu banyak"))?;
    Ok((seq, log::line_of(e)))
}

impl Store {
    /// Opens a SQLite store to write, creating it when the file is absent or
    /// empty. A SQLite database of another program (tables, no meritkit
    /// schema) is refused, never changed; so are `:memory:` and SQLite URIs
    /// (`file:...`), which would keep nothing.
    pub fn open(path: &Path) -> Result<Store, Error> {
        Ok(Store { backend: Box::new(sqlite::Sqlite::open(path)?) })
    }

    /// Opens an existing SQLite store to read only (`verify`, `report`,
    /// `export`, `list`): nothing is created or changed, a read-only file is
    /// read, and a writer holding the store does not block it.
    pub fn open_read(path: &Path) -> Result<Store, Error> {
        Ok(Store { backend: Box::new(sqlite::Sqlite::open_read(path)?) })
    }

    /// Opens a store at a location to write ([`Store::open`] for a file; for
    /// PostgreSQL the `meritkit` schema is created when the database has none).
    pub fn open_at(at: &Location) -> Result<Store, Error> {
        match at {
            Location::File(p) => Store::open(p),
            Location::Postgres(url) => Ok(Store { backend: Box::new(postgres::Postgres::open(url, true)?) }),
        }
    }

    /// Opens a store at a location to read only ([`Store::open_read`]; on
    /// PostgreSQL every read is a read-only transaction and nothing is created).
    pub fn open_read_at(at: &Location) -> Result<Store, Error> {
        match at {
            Location::File(p) => Store::open_read(p),
            Location::Postgres(url) => Ok(Store { backend: Box::new(postgres::Postgres::open(url, false)?) }),
        }
    }

    /// A session, verified entry by entry.
    pub fn load(&self, session: &str) -> Result<Log, Error> {
        read_log(self.backend.lines(session)?, session)
    }

    /// Verifies a session's entries as stored (the JSONL [`log::verify`]
    /// checks), naming the first that does not match; `unknown_session` when
    /// the store holds none.
    pub fn verify(&self, session: &str) -> Result<log::Verification, Error> {
        self.verify_head(session, None)
    }

    /// [`Store::verify`], and with `head` that the session still holds the
    /// entry of that hash ([`log::verify_head`]).
    pub fn verify_head(&self, session: &str, head: Option<&str>) -> Result<log::Verification, Error> {
        let text = self.export_raw(session)?;
        let mut v = match head {
            Some(h) => log::verify_head(&text, h),
            None => log::verify(&text),
        };
        if v.ok {
            if let Ok(log) = log::read(&text) {
                if let Err(e) = check_session_id(&log, session) {
                    v.ok = false;
                    v.entries = 0;
                    v.head = None;
                    v.first_bad = Some(log::Refusal { line: 1, seq: Some(1), problems: e.problems().to_vec() });
                    v.message = meritkit::error::Message::new(
                        "entry 1 does not match: the session was copied from another",
                        "entri 1 tidak cocok: sesi disalin dari sesi lain",
                    );
                }
            }
        }
        Ok(v)
    }

    /// The session's lines as stored (not verified), for `verify`.
    pub fn export_raw(&self, session: &str) -> Result<String, Error> {
        text_of(self.backend.lines(session)?)
    }

    /// The session's log as JSON Lines.
    pub fn export(&self, session: &str) -> Result<String, Error> {
        Ok(self.load(session)?.to_jsonl())
    }

    /// Opens a session with its snapshot event.
    pub fn create(&mut self, time: &str, actor: &str, snapshot: Event) -> Result<Entry, Error> {
        not_ahead(time)?;
        let mut log = Log::new();
        let e = log.append(time, actor, snapshot).map_err(Error::Request)?.clone();
        let Event::Snapshot(s) = &e.event else {
            return Err(Error::Request(vec![Problem::new(
                Code::SessionState,
                "event.type",
                "a session opens with its snapshot",
                "sesi dibuka dengan snapshot",
            )]));
        };
        let row = row_of(&e)?;
        let mut row = Some(row);
        self.backend.write(&s.session, &mut |lines| {
            if !lines.is_empty() {
                return Err(session_exists());
            }
            Ok(row.take().into_iter().collect())
        })?;
        Ok(e)
    }

    /// Appends an event to a session: the new entry, or every problem.
    pub fn append(&mut self, session: &str, time: &str, actor: &str, event: Event) -> Result<Entry, Error> {
        self.append_at(session, Some(time), actor, event)
    }

    /// [`Store::append`], stamped with the time the write lock was taken
    /// when `time` is `None` (so that concurrent writers log times in order).
    pub fn append_at(&mut self, session: &str, time: Option<&str>, actor: &str, event: Event) -> Result<Entry, Error> {
        if let Some(t) = time {
            not_ahead(t)?;
        }
        let mut event = Some(event);
        let mut appended = None;
        self.backend.write(session, &mut |lines| {
            let mut log = read_log(lines, session)?;
            let now = jiff::Timestamp::now().to_string();
            let event = event.take().ok_or_else(|| {
                Error::Internal(vec![Problem::new(
                    Code::Internal,
                    "event",
                    "the event was used twice",
                    "peristiwa dipakai dua kali",
                )])
            })?;
            let e = log.append(time.unwrap_or(&now), actor, event).map_err(Error::Request)?.clone();
            let row = row_of(&e)?;
            appended = Some(e);
            Ok(vec![row])
        })?;
        appended.ok_or_else(|| {
            Error::Internal(vec![Problem::new(
                Code::Internal,
                "event",
                "nothing was appended",
                "tidak ada yang ditambahkan",
            )])
        })
    }

    /// Imports a JSONL log as a new session after verifying every entry.
    pub fn import(&mut self, jsonl: &str) -> Result<SessionInfo, Error> {
        let log = log::read(jsonl).map_err(|b| {
            let (_, r) = *b;
            Error::Input(
                r.problems
                    .into_iter()
                    .map(|mut p| {
                        p.path = format!("line {}{}{}", r.line, if p.path.is_empty() { "" } else { "." }, p.path);
                        p
                    })
                    .collect(),
            )
        })?;
        let Some(session) = log.session().snapshot().map(|s| s.session.clone()) else {
            return Err(problem(Code::EmptySheet, "", "the log has no entry", "log tidak berisi entri"));
        };
        let rows = log.entries().iter().map(row_of).collect::<Result<Rows, Error>>()?;
        let mut rows = Some(rows);
        self.backend.write(&session, &mut |lines| {
            if !lines.is_empty() {
                return Err(session_exists());
            }
            Ok(rows.take().unwrap_or_default())
        })?;
        Ok(info(&session, &log))
    }

    /// Every session (verified), by id.
    pub fn sessions(&self) -> Result<Vec<SessionInfo>, Error> {
        // every session verified on its own: one that does not verify is listed with its first problem
        Ok(self
            .backend
            .session_ids()?
            .into_iter()
            .map(|id| match self.load(&id) {
                Ok(l) => info(&id, &l),
                Err(e) => SessionInfo {
                    problem: e.problems().first().cloned(),
                    session: id,
                    entries: 0,
                    status: SessionStatus::Empty,
                    head: String::new(),
                },
            })
            .collect())
    }
}

fn session_exists() -> Error {
    problem(
        Code::SessionExists,
        "session",
        "the store already holds a session of this id: choose another id",
        "penyimpanan sudah berisi sesi dengan id ini: pilih id lain",
    )
}

fn info(session: &str, log: &Log) -> SessionInfo {
    let (seq, hash) = log.session().head();
    SessionInfo {
        session: session.to_string(),
        entries: seq,
        status: log.session().status(),
        head: hash.unwrap_or_default().to_string(),
        problem: None,
    }
}

/// The store's JSON operations (for the Python binding and any other caller
/// that speaks the JSON API): `calibration_snapshot` (as the API's, stored),
/// `calibration_append` (`{session, actor, time?, event}`),
/// `calibration_report` (`{session, detail?}`), `calibration_export`,
/// `calibration_verify` (`{session}`), `calibration_import` (`{jsonl}`) and
/// `calibration_sessions` (`{}`). The answer is the API's tagged JSON.
pub fn call_json(path: &Path, function: &str, request: &str) -> String {
    call_json_at(&Location::File(path.to_path_buf()), function, request)
}

/// [`call_json`] on a store at any [`Location`].
pub fn call_json_at(at: &Location, function: &str, request: &str) -> String {
    use meritkit::api::{answer_json, parse_request};
    use meritkit::calibration::ops;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct AppendReq {
        session: String,
        actor: String,
        #[serde(default)]
        time: Option<String>,
        event: Event,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SessionReq {
        session: String,
        #[serde(default)]
        detail: Option<ops::ReportDetail>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ImportReq {
        jsonl: String,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Empty {}
    let open = || Store::open_at(at);
    let read = || Store::open_read_at(at);
    match function {
        "calibration_snapshot" => answer_json(parse_request::<ops::SnapshotRequest>(request).and_then(|r| {
            let answer = ops::snapshot(&r)?;
            let entry = open()?.create(&answer.entry.time, &answer.entry.actor, answer.entry.event.clone())?;
            Ok(ops::SnapshotAnswer { entry, errors: answer.errors })
        })),
        "calibration_append" => answer_json(
            parse_request::<AppendReq>(request)
                .and_then(|r| open()?.append_at(&r.session, r.time.as_deref(), &r.actor, r.event)),
        ),
        "calibration_report" => answer_json(parse_request::<SessionReq>(request).and_then(|r| {
            let log = read()?.load(&r.session)?;
            Ok(log.session().report(r.detail.unwrap_or_default() == ops::ReportDetail::Full))
        })),
        "calibration_export" => {
            answer_json(parse_request::<SessionReq>(request).and_then(|r| read()?.export(&r.session)))
        }
        "calibration_verify" => {
            answer_json(parse_request::<SessionReq>(request).and_then(|r| read()?.verify(&r.session)))
        }
        "calibration_import" => answer_json(parse_request::<ImportReq>(request).and_then(|r| open()?.import(&r.jsonl))),
        "calibration_sessions" => answer_json(parse_request::<Empty>(request).and_then(|_| read()?.sessions())),
        _ => answer_json::<()>(Err(Error::Request(vec![Problem::new(
            Code::InvalidRequest,
            "function",
            "unknown store function; known: calibration_snapshot, calibration_append, calibration_report, calibration_export, calibration_verify, calibration_import, calibration_sessions",
            "fungsi penyimpanan tidak dikenal; yang ada: calibration_snapshot, calibration_append, calibration_report, calibration_export, calibration_verify, calibration_import, calibration_sessions",
        )]))),
    }
}

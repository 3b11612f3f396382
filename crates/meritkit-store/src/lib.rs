//! SQLite storage of calibration logs: one file per agency holds every
//! session, each entry stored as its canonical JSON line.
//!
//! Appending runs in one `BEGIN IMMEDIATE` transaction: the writer takes the
//! file's write lock, reads and verifies the session's entries, checks the
//! event against the state they fold to, inserts the sealed entry and
//! commits. A second writer waits up to [`BUSY_WAIT_MS`] and then gets
//! `store_busy`, never a corrupt log; a writer killed before its commit leaves
//! the file as it was (SQLite's journal), a committed entry is never lost.
//! Triggers refuse `UPDATE` and `DELETE` on the log table, and every read
//! verifies the hash chain, so an edit made around them is still found.
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

use meritkit::calibration::log::{self, Entry, Log};
use meritkit::calibration::session::{Event, SessionStatus};
use meritkit::error::{Code, Error, Problem};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::Path;

/// How long a writer waits for another one before `store_busy`.
pub const BUSY_WAIT_MS: u64 = 5_000;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meritkit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS calibration_log (
    session TEXT NOT NULL,
    seq INTEGER NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (session, seq)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS calibration_log_no_update BEFORE UPDATE ON calibration_log
    BEGIN SELECT RAISE(ABORT, 'the calibration log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS calibration_log_no_delete BEFORE DELETE ON calibration_log
    BEGIN SELECT RAISE(ABORT, 'the calibration log is append-only'); END;
INSERT OR IGNORE INTO meritkit_meta (key, value) VALUES ('schema', 'calibration_log/1');
";

/// A store (one SQLite file).
pub struct Store {
    conn: Connection,
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

/// `:memory:`, an empty path and SQLite URIs keep nothing on disk: refused.
fn check_path(path: &Path) -> Result<(), Error> {
    let s = path.to_string_lossy();
    if s.is_empty() || s.starts_with(':') || s.starts_with("file:") {
        return Err(problem(
            Code::InvalidInput,
            "store",
            "expected the path of a store file (`:memory:` and `file:` URIs keep nothing)",
            "harus jalur berkas penyimpanan (`:memory:` dan URI `file:` tidak menyimpan apa pun)",
        ));
    }
    Ok(())
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

/// A SQLite failure as a located error (the path names the store; SQLite's
/// text never carries a value of ours).
fn sql(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => problem(
            Code::StoreBusy,
            "store",
            "another meritkit is writing to this store: try again when it has finished",
            "meritkit lain sedang menulis ke penyimpanan ini: coba lagi setelah selesai",
        ),
        Some(ErrorCode::NotADatabase) => problem(
            Code::InvalidInput,
            "store",
            "the file is not a SQLite store of meritkit",
            "berkas ini bukan penyimpanan SQLite meritkit",
        ),
        Some(ErrorCode::CannotOpen | ErrorCode::SystemIoFailure | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            problem(
                Code::InvalidInput,
                "store",
                "the store file cannot be opened or written (a directory? a device? no permission? a read-only file?)",
                "berkas penyimpanan tidak dapat dibuka atau ditulisi (direktori? perangkat? tanpa izin? berkas hanya-baca?)",
            )
        }
        None if matches!(e, rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::FromSqlConversionFailure(..)) => {
            problem(
                Code::InvalidInput,
                "store",
                "the store's log table is not as meritkit writes it (a value of another type)",
                "tabel log penyimpanan tidak seperti yang ditulis meritkit (nilai bertipe lain)",
            )
        }
        Some(ErrorCode::ConstraintViolation) => problem(
            Code::SessionExists,
            "store",
            "the store already holds this entry (another writer appended first?): reload and try again",
            "penyimpanan sudah berisi entri ini (penulis lain lebih dulu?): muat ulang lalu coba lagi",
        ),
        // (SQLite's own text may carry the path or a value: not shown)
        Some(_) => problem(
            Code::InvalidInput,
            "store",
            "the store is not a meritkit store as written by this version (SQLite refused a query on it)",
            "penyimpanan bukan penyimpanan meritkit versi ini (SQLite menolak kueri padanya)",
        ),
        None => Error::Internal(vec![Problem::new(Code::Internal, "store", "the store could not be read", "penyimpanan tidak dapat dibaca")]),
    }
}

impl Store {
    /// Opens a store to write, creating it when the file is absent or empty.
    /// A SQLite database of another program (tables, no meritkit schema) is
    /// refused, never changed; so are `:memory:` and SQLite URIs (`file:...`),
    /// which would keep nothing.
    pub fn open(path: &Path) -> Result<Store, Error> {
        check_path(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_WAIT_MS)).map_err(sql)?;
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).map_err(sql)?;
        if tables == 0 {
            conn.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} COMMIT;")).map_err(sql)?;
        }
        Store::checked(conn)
    }

    /// Opens an existing store to read only (`verify`, `report`, `export`,
    /// `list`): nothing is created or changed, a read-only file is read, and
    /// a writer holding the store does not block it.
    pub fn open_read(path: &Path) -> Result<Store, Error> {
        check_path(path)?;
        if !path.is_file() {
            return Err(problem(
                Code::InvalidInput,
                "store",
                "there is no store file at this path",
                "tidak ada berkas penyimpanan pada jalur ini",
            ));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_WAIT_MS)).map_err(sql)?;
        Store::checked(conn)
    }

    fn checked(conn: Connection) -> Result<Store, Error> {
        let not_ours = || {
            problem(
                Code::InvalidInput,
                "store",
                "the file is a SQLite database of another program, or of another version of meritkit: choose another store file",
                "berkas ini basis data SQLite program lain atau versi meritkit lain: pilih berkas penyimpanan lain",
            )
        };
        let schema: Option<String> = conn
            .query_row("SELECT value FROM meritkit_meta WHERE key = 'schema'", [], |r| r.get(0))
            .optional()
            .map_err(|_| not_ours())?;
        if schema.as_deref() != Some("calibration_log/1") {
            return Err(not_ours());
        }
        Ok(Store { conn })
    }

    /// The session's lines in order of their stored number. A row whose
    /// number is not its place (1, 2, ...) or whose line is not text is given
    /// as a line that no entry matches, so that `verify` names it; the log
    /// checks that the entry on line n has sequence number n.
    fn lines(conn: &Connection, session: &str) -> Result<Vec<String>, Error> {
        use rusqlite::types::Value;
        let mut st = conn
            .prepare_cached("SELECT seq, line FROM calibration_log WHERE session = ?1 ORDER BY seq")
            .map_err(sql)?;
        let rows =
            st.query_map(params![session], |r| Ok((r.get::<_, Value>(0)?, r.get::<_, Value>(1)?))).map_err(sql)?;
        let mut out = Vec::new();
        for (i, row) in rows.enumerate() {
            let (seq, line) = row.map_err(sql)?;
            match (seq, line) {
                (Value::Integer(n), Value::Text(t)) if usize::try_from(n).ok() == Some(i + 1) => out.push(t),
                _ => out.push(String::from("(a stored row that is not this session's entry at this place)")),
            }
        }
        Ok(out)
    }

    /// The session's lines as one JSONL text (not verified); `unknown_session` when there are none.
    fn text(conn: &Connection, session: &str) -> Result<String, Error> {
        let lines = Store::lines(conn, session)?;
        if lines.is_empty() {
            return Err(problem(
                Code::UnknownSession,
                "session",
                "the store holds no session of this id",
                "penyimpanan tidak berisi sesi dengan id ini",
            ));
        }
        let mut text = lines.join("\n");
        text.push('\n');
        Ok(text)
    }

    fn read(conn: &Connection, session: &str) -> Result<Log, Error> {
        let text = Store::text(conn, session)?;
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

    /// A session, verified entry by entry.
    pub fn load(&self, session: &str) -> Result<Log, Error> {
        Store::read(&self.conn, session)
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
        Store::text(&self.conn, session)
    }

    /// The session's log as JSON Lines.
    pub fn export(&self, session: &str) -> Result<String, Error> {
        Ok(self.load(session)?.to_jsonl())
    }

    fn insert(tx: &rusqlite::Transaction<'_>, session: &str, e: &Entry) -> Result<(), Error> {
        let seq = i64::try_from(e.seq)
            .map_err(|_| problem(Code::LimitExceeded, "seq", "too many entries", "entri terlalu banyak"))?;
        tx.execute(
            "INSERT INTO calibration_log (session, seq, line) VALUES (?1, ?2, ?3)",
            params![session, seq, log::line_of(e)],
        )
        .map_err(sql)?;
        Ok(())
    }

    fn exists(conn: &Connection, session: &str) -> Result<bool, Error> {
        conn.query_row("SELECT 1 FROM calibration_log WHERE session = ?1 LIMIT 1", params![session], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(sql)
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
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        if Store::exists(&tx, &s.session)? {
            return Err(session_exists());
        }
        Store::insert(&tx, &s.session, &e)?;
        tx.commit().map_err(sql)?;
        Ok(e)
    }

    /// Appends an event to a session: the new entry, or every problem.
    pub fn append(&mut self, session: &str, time: &str, actor: &str, event: Event) -> Result<Entry, Error> {
        self.append_at(session, Some(time), actor, event)
    }

    /// [`Store::append`], stamped with the time the write lock was taken
    /// when `time` is `None` (so that concurrent writers log times in order).
    pub fn append_at(&mut self, session: &str, time: Option<&str>, actor: &str, event: Event) -> Result<Entry, Error> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let mut log = Store::read(&tx, session)?;
        let now;
        let time = match time {
            Some(t) => {
                not_ahead(t)?;
                t
            }
            None => {
                now = jiff::Timestamp::now().to_string();
                &now
            }
        };
        let e = log.append(time, actor, event).map_err(Error::Request)?.clone();
        Store::insert(&tx, session, &e)?;
        tx.commit().map_err(sql)?;
        Ok(e)
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
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        if Store::exists(&tx, &session)? {
            return Err(session_exists());
        }
        for e in log.entries() {
            Store::insert(&tx, &session, e)?;
        }
        tx.commit().map_err(sql)?;
        Ok(info(&session, &log))
    }

    /// Every session (verified), by id.
    pub fn sessions(&self) -> Result<Vec<SessionInfo>, Error> {
        let mut st = self.conn.prepare("SELECT DISTINCT session FROM calibration_log ORDER BY session").map_err(sql)?;
        let ids = st
            .query_map([], |r| r.get::<_, rusqlite::types::Value>(0))
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        // every session verified on its own: one that does not verify is listed with its first problem
        Ok(ids
            .into_iter()
            .map(|id| {
                let id = match id {
                    rusqlite::types::Value::Text(t) => t,
                    _ => String::from("(not a session id)"),
                };
                match self.load(&id) {
                    Ok(l) => info(&id, &l),
                    Err(e) => SessionInfo {
                        problem: e.problems().first().cloned(),
                        session: id,
                        entries: 0,
                        status: SessionStatus::Empty,
                        head: String::new(),
                    },
                }
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
    let open = || Store::open(path);
    let read = || Store::open_read(path);
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

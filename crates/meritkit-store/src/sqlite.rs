//! The SQLite backend: one file per agency (the default store).

use crate::{problem, Backend, Insert, BUSY_WAIT_MS, SCHEMA_VERSION};
use meritkit::error::{Code, Error, Problem};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::Path;

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

/// A store file.
pub(crate) struct Sqlite {
    conn: Connection,
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

impl Sqlite {
    /// Opens a store to write, creating it when the file is absent or empty.
    /// A SQLite database of another program (tables, no meritkit schema) is
    /// refused, never changed; so are `:memory:` and SQLite URIs (`file:...`).
    pub(crate) fn open(path: &Path) -> Result<Sqlite, Error> {
        check_path(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_WAIT_MS)).map_err(sql)?;
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).map_err(sql)?;
        if tables == 0 {
            conn.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} COMMIT;")).map_err(sql)?;
        }
        Sqlite::checked(conn)
    }

    /// Opens an existing store to read only: nothing is created or changed,
    /// a read-only file is read, and a writer holding the store does not block it.
    pub(crate) fn open_read(path: &Path) -> Result<Sqlite, Error> {
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
        Sqlite::checked(conn)
    }

    fn checked(conn: Connection) -> Result<Sqlite, Error> {
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
        if schema.as_deref() != Some(SCHEMA_VERSION) {
            return Err(not_ours());
        }
        Ok(Sqlite { conn })
    }

    fn lines_of(conn: &Connection, session: &str) -> Result<Vec<String>, Error> {
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
                _ => out.push(crate::MISPLACED_ROW.to_string()),
            }
        }
        Ok(out)
    }
}

impl Backend for Sqlite {
    fn lines(&self, session: &str) -> Result<Vec<String>, Error> {
        Sqlite::lines_of(&self.conn, session)
    }

    fn session_ids(&self) -> Result<Vec<String>, Error> {
        let mut st = self.conn.prepare("SELECT DISTINCT session FROM calibration_log ORDER BY session").map_err(sql)?;
        let ids = st
            .query_map([], |r| r.get::<_, rusqlite::types::Value>(0))
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        Ok(ids
            .into_iter()
            .map(|id| match id {
                rusqlite::types::Value::Text(t) => t,
                _ => String::from("(not a session id)"),
            })
            .collect())
    }

    fn write(&mut self, session: &str, f: &mut Insert<'_>) -> Result<(), Error> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let lines = Sqlite::lines_of(&tx, session)?;
        for (seq, line) in f(lines)? {
            tx.execute(
                "INSERT INTO calibration_log (session, seq, line) VALUES (?1, ?2, ?3)",
                params![session, seq, line],
            )
            .map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }
}

//! The PostgreSQL backend: a store in the `meritkit` schema of a database
//! (for a service that several machines share, or an agency's own server).
//!
//! Writers of one session are serialised by a transaction-scoped advisory
//! lock on the session id (other sessions and every reader go on: reads are
//! read-only transactions on a snapshot). The connection is plain TCP or a
//! Unix socket without TLS: reach a remote server through a tunnel or a
//! socket. The URL is never shown in a message (it may carry a password).

use crate::{problem, Backend, Insert, BUSY_WAIT_MS, MISPLACED_ROW, SCHEMA_VERSION};
use meritkit::error::{Code, Error, Problem};
use postgres::error::SqlState;
use postgres::{Client, NoTls};
use std::sync::Mutex;

/// Creates the schema once, only where the database has no `meritkit` schema
/// at all (under an advisory lock, so two first writers do not race): a
/// schema of that name that another program made is refused, never changed.
/// `TRUNCATE` is refused as well as `UPDATE` and `DELETE`.
const SCHEMA: &str = "
CREATE SCHEMA meritkit;
CREATE TABLE meritkit.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE meritkit.calibration_log (
    session TEXT NOT NULL,
    seq BIGINT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (session, seq)
);
CREATE FUNCTION meritkit.append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the calibration log is append-only'; END $$;
CREATE TRIGGER calibration_log_append_only BEFORE UPDATE OR DELETE ON meritkit.calibration_log
    FOR EACH ROW EXECUTE FUNCTION meritkit.append_only();
CREATE TRIGGER calibration_log_no_truncate BEFORE TRUNCATE ON meritkit.calibration_log
    FOR EACH STATEMENT EXECUTE FUNCTION meritkit.append_only();
INSERT INTO meritkit.meta (key, value) VALUES ('schema', 'calibration_log/1');
";

/// The advisory lock key of schema creation (any fixed number of ours).
const SCHEMA_LOCK: i64 = 0x6d65_7269_746b;

/// A store in a PostgreSQL database.
pub(crate) struct Postgres {
    client: Mutex<Client>,
    write: bool,
}

/// A PostgreSQL failure as a located error (the server's text may carry a
/// value or the URL: never shown).
fn pg(e: postgres::Error) -> Error {
    match e.code() {
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE || *c == SqlState::QUERY_CANCELED => problem(
            Code::StoreBusy,
            "store",
            "another meritkit is writing to this session: try again when it has finished",
            "meritkit lain sedang menulis ke sesi ini: coba lagi setelah selesai",
        ),
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => problem(
            Code::SessionExists,
            "store",
            "the store already holds this entry (another writer appended first?): reload and try again",
            "penyimpanan sudah berisi entri ini (penulis lain lebih dulu?): muat ulang lalu coba lagi",
        ),
        Some(c) if c.code().starts_with("28") => problem(
            Code::InvalidInput,
            "store",
            "the PostgreSQL server refused the login (check the user and its password: in the URL or PGPASSWORD)",
            "server PostgreSQL menolak login (periksa pengguna dan kata sandinya: di URL atau PGPASSWORD)",
        ),
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => problem(
            Code::InvalidInput,
            "store",
            "the PostgreSQL server has no database of the name given (create it first: createdb)",
            "server PostgreSQL tidak memiliki basis data dengan nama itu (buat dahulu: createdb)",
        ),
        Some(c) if c.code().starts_with("08") || c.code().starts_with("57P") => problem(
            Code::InvalidInput,
            "store",
            "the PostgreSQL server cannot be reached or is shutting down",
            "server PostgreSQL tidak dapat dihubungi atau sedang berhenti",
        ),
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE || *c == SqlState::READ_ONLY_SQL_TRANSACTION => problem(
            Code::InvalidInput,
            "store",
            "the database user may not read or write meritkit's schema (grant it, or create the store as its owner)",
            "pengguna basis data tidak boleh membaca atau menulis skema meritkit (beri hak, atau buat penyimpanan sebagai pemiliknya)",
        ),
        Some(_) => problem(
            Code::InvalidInput,
            "store",
            "the database is not a meritkit store as written by this version (PostgreSQL refused a query on it)",
            "basis data bukan penyimpanan meritkit versi ini (PostgreSQL menolak kueri padanya)",
        ),
        None => problem(
            Code::InvalidInput,
            "store",
            "the PostgreSQL server cannot be reached or refused the connection (check the URL, that the server runs, the user and its password)",
            "server PostgreSQL tidak dapat dihubungi atau menolak koneksi (periksa URL, server berjalan, pengguna dan kata sandinya)",
        ),
    }
}

fn poisoned() -> Error {
    Error::Internal(vec![Problem::new(
        Code::Internal,
        "store",
        "the store connection was left unusable by an earlier failure",
        "koneksi penyimpanan tidak dapat dipakai setelah kegagalan sebelumnya",
    )])
}

impl Postgres {
    /// Connects; with `write`, creates the `meritkit` schema when the
    /// database has none. A database whose `meritkit` schema is not a store
    /// of this version is refused, never changed.
    pub(crate) fn open(url: &str, write: bool) -> Result<Postgres, Error> {
        let mut config: postgres::Config = url.parse().map_err(|_| {
            problem(
                Code::InvalidInput,
                "store",
                "expected a PostgreSQL URL of the form postgres://user[:password]@host[:port]/database (or libpq's host=... dbname=... form)",
                "harus URL PostgreSQL berbentuk postgres://pengguna[:sandi]@host[:port]/basisdata (atau bentuk libpq host=... dbname=...)",
            )
        })?;
        config.application_name("meritkit");
        // the password from the environment, as libpq does, so that it need not be on a command line
        if config.get_password().is_none() {
            if let Ok(p) = std::env::var("PGPASSWORD") {
                config.password(p);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_millis(BUSY_WAIT_MS));
        }
        let mut client = config.connect(NoTls).map_err(pg)?;
        let present = |c: &mut Client| -> Result<bool, Error> {
            let row = c.query_one("SELECT to_regclass('meritkit.meta') IS NOT NULL", &[]).map_err(pg)?;
            row.try_get::<_, bool>(0).map_err(pg)
        };
        let not_ours = || {
            problem(
                Code::InvalidInput,
                "store",
                "the database has no meritkit store, or one of another version (its `meritkit` schema)",
                "basis data tidak berisi penyimpanan meritkit, atau berisi versi lain (skema `meritkit`-nya)",
            )
        };
        if write && !present(&mut client)? {
            let mut tx = client.transaction().map_err(pg)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).map_err(pg)?;
            let row = tx.query_one("SELECT to_regnamespace('meritkit') IS NOT NULL", &[]).map_err(pg)?;
            if row.try_get::<_, bool>(0).map_err(pg)? {
                // made by a first writer meanwhile (then it has `meta`), or another program's: checked below
                tx.rollback().map_err(pg)?;
            } else {
                tx.batch_execute(SCHEMA).map_err(pg)?;
                tx.commit().map_err(pg)?;
            }
        }
        if !present(&mut client)? {
            return Err(not_ours());
        }
        let schema = client
            .query_opt("SELECT value FROM meritkit.meta WHERE key = 'schema'", &[])
            .map_err(|_| not_ours())?
            .and_then(|r| r.try_get::<_, String>(0).ok());
        if schema.as_deref() != Some(SCHEMA_VERSION) {
            return Err(not_ours());
        }
        Ok(Postgres { client: Mutex::new(client), write })
    }

    fn lines_of(c: &mut impl postgres::GenericClient, session: &str) -> Result<Vec<String>, Error> {
        let rows = c
            .query("SELECT seq, line FROM meritkit.calibration_log WHERE session = $1 ORDER BY seq", &[&session])
            .map_err(pg)?;
        let mut out = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            match (r.try_get::<_, i64>(0), r.try_get::<_, String>(1)) {
                (Ok(n), Ok(t)) if usize::try_from(n).ok() == Some(i + 1) => out.push(t),
                _ => out.push(MISPLACED_ROW.to_string()),
            }
        }
        Ok(out)
    }
}

impl Backend for Postgres {
    fn lines(&self, session: &str) -> Result<Vec<String>, Error> {
        let mut c = self.client.lock().map_err(|_| poisoned())?;
        let mut tx = c.build_transaction().read_only(true).start().map_err(pg)?;
        let lines = Postgres::lines_of(&mut tx, session)?;
        tx.commit().map_err(pg)?;
        Ok(lines)
    }

    fn session_ids(&self) -> Result<Vec<String>, Error> {
        let mut c = self.client.lock().map_err(|_| poisoned())?;
        let rows =
            c.query("SELECT DISTINCT session FROM meritkit.calibration_log ORDER BY session", &[]).map_err(pg)?;
        Ok(rows
            .iter()
            .map(|r| r.try_get::<_, String>(0).unwrap_or_else(|_| String::from("(not a session id)")))
            .collect())
    }

    fn write(&mut self, session: &str, f: &mut Insert<'_>) -> Result<(), Error> {
        if !self.write {
            return Err(problem(
                Code::InvalidInput,
                "store",
                "the store was opened to read only",
                "penyimpanan dibuka hanya untuk dibaca",
            ));
        }
        let c = self.client.get_mut().map_err(|_| poisoned())?;
        let mut tx = c.transaction().map_err(pg)?;
        tx.batch_execute(&format!("SET LOCAL lock_timeout = '{BUSY_WAIT_MS}ms'")).map_err(pg)?;
        tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &[&session]).map_err(pg)?;
        let lines = Postgres::lines_of(&mut tx, session)?;
        let rows = f(lines)?;
        for (seq, line) in rows {
            tx.execute(
                "INSERT INTO meritkit.calibration_log (session, seq, line) VALUES ($1, $2, $3)",
                &[&session, &seq, &line],
            )
            .map_err(pg)?;
        }
        tx.commit().map_err(pg)
    }
}

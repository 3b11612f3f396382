//! The same store promises on both engines: SQLite (a temporary file) and
//! PostgreSQL (a fresh database on the server named by
//! `MERITKIT_TEST_POSTGRES`, which `scripts/test.d/10-rust.sh` starts; with
//! `MERITKIT_REQUIRE_POSTGRES=1` a missing server fails the tests instead of
//! skipping the PostgreSQL half).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::calibration::example_snapshot;
use meritkit::calibration::log;
use meritkit::calibration::session::{Event, Move, SessionStatus, Value};
use meritkit_store::{Location, Store};
use std::sync::atomic::{AtomicUsize, Ordering};

static DB: AtomicUsize = AtomicUsize::new(0);

/// A fresh PostgreSQL database (its URL), or `None` when no server is configured.
fn fresh_postgres() -> Option<String> {
    let Ok(url) = std::env::var("MERITKIT_TEST_POSTGRES") else {
        assert!(
            std::env::var("MERITKIT_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "MERITKIT_REQUIRE_POSTGRES=1 but MERITKIT_TEST_POSTGRES is not set"
        );
        eprintln!("MERITKIT_TEST_POSTGRES not set: the PostgreSQL half is skipped");
        return None;
    };
    let name = format!("t_{}_{}", std::process::id(), DB.fetch_add(1, Ordering::SeqCst));
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test server answers");
    admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let base = url.rsplit_once('/').unwrap().0;
    Some(format!("{base}/{name}"))
}

/// Every location to test: a SQLite file, and a PostgreSQL database when there is a server.
fn locations(dir: &tempfile::TempDir, name: &str) -> Vec<Location> {
    let mut v = vec![Location::File(dir.path().join(format!("{name}.sqlite")))];
    if let Some(url) = fresh_postgres() {
        v.push(Location::Postgres(url));
    }
    v
}

fn box_move(nip: &str, from: u16, to: u16) -> Event {
    Event::Move {
        moves: vec![Move { nip: nip.into(), from: Value::Box(Some(from)), to: Value::Box(Some(to)) }],
        reason_code: "evidence_new_appraisal".into(),
        reason: "penilaian kinerja terbaru".into(),
    }
}

fn code(e: &meritkit::error::Error) -> String {
    e.problems().first().map(|p| p.code.to_string()).unwrap_or_default()
}

/// Runs raw SQL on a location (the tamperer's tool), returning whether it succeeded.
fn raw(at: &Location, sql: &str) -> bool {
    match at {
        Location::File(p) => rusqlite::Connection::open(p).and_then(|c| c.execute_batch(sql)).is_ok(),
        Location::Postgres(url) => {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            c.batch_execute(&sql.replace("calibration_log", "meritkit.calibration_log")).is_ok()
        }
    }
}

#[test]
fn a_session_lives_and_verifies_on_every_engine() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(&dir, "cycle") {
        let mut s = Store::open_at(&at).unwrap();
        s.create("2026-03-02T09:00:00Z", "tim", example_snapshot()).unwrap();
        // a second snapshot of the same id is refused, the first kept
        let again = s.create("2026-03-02T09:00:01Z", "tim", example_snapshot()).unwrap_err();
        assert_eq!(code(&again), "session_exists", "{at:?}");
        s.append("contoh-2026", "2026-03-02T09:01:00Z", "tim", Event::Start {}).unwrap();
        // box 9 -> 8 for the first subject; a stale `from` is refused (the fold's check, on every engine)
        s.append("contoh-2026", "2026-03-02T09:02:00Z", "ketua", box_move("198503152010011002", 9, 8)).unwrap();
        let stale =
            s.append("contoh-2026", "2026-03-02T09:03:00Z", "ketua", box_move("198503152010011002", 9, 7)).unwrap_err();
        assert_eq!(code(&stale), "stale_move", "{at:?}");
        s.append("contoh-2026", "2026-03-02T09:04:00Z", "ketua", Event::Finalise {}).unwrap();

        let log = s.load("contoh-2026").unwrap();
        assert_eq!(log.entries().len(), 4, "{at:?}: the refused events left nothing");
        assert_eq!(log.session().status(), SessionStatus::Finalised);
        let jsonl = s.export("contoh-2026").unwrap();
        let v = log::verify(&jsonl);
        assert!(v.ok && v.entries == 4, "{at:?}");
        assert!(s.verify("contoh-2026").unwrap().ok);
        let head = log.session().head().1.unwrap().to_string();
        assert!(s.verify_head("contoh-2026", Some(&head)).unwrap().ok);
        assert_eq!(code(&s.load("nope").unwrap_err()), "unknown_session");

        // listed, and readable by a read-only open
        let r = Store::open_read_at(&at).unwrap();
        let list = r.sessions().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].entries, list[0].status, list[0].head.as_str()), (4, SessionStatus::Finalised, &*head));
        assert_eq!(r.export("contoh-2026").unwrap(), jsonl);

        // the exported log imports into another engine's store unchanged (and only once)
        let other = Location::File(dir.path().join(format!("copy-{}.sqlite", list.len() + jsonl.len())));
        let mut o = Store::open_at(&other).unwrap();
        assert_eq!(o.import(&jsonl).unwrap().entries, 4);
        assert_eq!(o.export("contoh-2026").unwrap(), jsonl);
        assert_eq!(code(&o.import(&jsonl).unwrap_err()), "session_exists");
        std::fs::remove_file(match &other {
            Location::File(p) => p,
            Location::Postgres(_) => unreachable!(),
        })
        .unwrap();
    }
}

#[test]
fn edits_are_refused_and_forged_rows_found() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(&dir, "tamper") {
        let mut s = Store::open_at(&at).unwrap();
        s.create("2026-03-02T09:00:00Z", "tim", example_snapshot()).unwrap();
        s.append("contoh-2026", "2026-03-02T09:01:00Z", "tim", Event::Start {}).unwrap();
        // the append-only triggers
        assert!(!raw(&at, "UPDATE calibration_log SET line = 'x' WHERE seq = 2"), "{at:?}: update allowed");
        assert!(!raw(&at, "DELETE FROM calibration_log WHERE seq = 2"), "{at:?}: delete allowed");
        if let Location::Postgres(_) = at {
            assert!(!raw(&at, "TRUNCATE calibration_log"), "truncate allowed");
        }
        assert!(s.verify("contoh-2026").unwrap().ok);
        // an inserted row that the chain does not hold: entry 3 named, appends refused
        assert!(raw(&at, "INSERT INTO calibration_log (session, seq, line) VALUES ('contoh-2026', 3, '{\"seq\":3}')"));
        let v = s.verify("contoh-2026").unwrap();
        assert!(!v.ok, "{at:?}");
        assert_eq!(v.first_bad.as_ref().map(|b| b.line), Some(3), "{at:?}");
        assert!(s.append("contoh-2026", "2026-03-02T09:02:00Z", "tim", Event::Finalise {}).is_err());
        // rows copied under another id do not pass as that session
        assert!(raw(
            &at,
            "INSERT INTO calibration_log (session, seq, line) SELECT 'salinan', seq, line FROM calibration_log WHERE session = 'contoh-2026' AND seq < 3"
        ));
        assert!(!s.verify("salinan").unwrap().ok, "{at:?}");
        let list = s.sessions().unwrap();
        assert!(list.iter().all(|i| i.problem.is_some()), "{at:?}: both sessions listed with their problem");
    }
}

/// Six writers move six people at the same moment: every move is logged
/// once, in some order, and the chain verifies.
#[test]
fn concurrent_writers_serialise() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(&dir, "writers") {
        let mut s = Store::open_at(&at).unwrap();
        s.create("2026-03-02T09:00:00Z", "tim", example_snapshot()).unwrap();
        s.append("contoh-2026", "2026-03-02T09:01:00Z", "tim", Event::Start {}).unwrap();
        let subjects = [
            ("198503152010011002", 9),
            ("196502222007011005", 5),
            ("197001012000031001", 7),
            ("198001012005012002", 8),
            ("199001012015031003", 2),
            ("198801012012012004", 5),
        ];
        let results: Vec<Result<(), String>> = std::thread::scope(|sc| {
            let hs: Vec<_> = subjects
                .iter()
                .map(|&(nip, b)| {
                    let at = at.clone();
                    sc.spawn(move || {
                        let mut w = Store::open_at(&at).map_err(|e| code(&e))?;
                        w.append_at("contoh-2026", None, "anggota", box_move(nip, b, if b == 5 { 6 } else { 5 }))
                            .map(|_| ())
                            .map_err(|e| code(&e))
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        // SQLite may turn a writer away after its wait (store_busy), PostgreSQL queues them
        for r in &results {
            assert!(
                matches!(r, Ok(()) | Err(_)) && r.as_ref().err().is_none_or(|c| c == "store_busy"),
                "{at:?}: {r:?}"
            );
        }
        let done = results.iter().filter(|r| r.is_ok()).count();
        let log = s.load("contoh-2026").unwrap();
        assert_eq!(log.entries().len(), 2 + done, "{at:?}");
        if let Location::Postgres(_) = at {
            assert_eq!(done, 6, "PostgreSQL writers wait for each other");
        }
        assert!(s.verify("contoh-2026").unwrap().ok);
    }
}

#[test]
fn postgres_reads_create_nothing_and_urls_stay_secret() {
    let Some(url) = fresh_postgres() else { return };
    // a read-only open of a database without a store: refused, nothing created
    let e = Store::open_read_at(&Location::Postgres(url.clone())).err().unwrap();
    assert_eq!(code(&e), "invalid_input");
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let n: i64 = c.query_one("SELECT count(*) FROM pg_namespace WHERE nspname = 'meritkit'", &[]).unwrap().get(0);
    assert_eq!(n, 0, "a read created the schema");
    // another program's `meritkit` schema is refused, never changed
    c.batch_execute("CREATE SCHEMA meritkit; CREATE TABLE meritkit.meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meritkit.meta VALUES ('schema', 'lain/9')").unwrap();
    let e = Store::open_at(&Location::Postgres(url.clone())).err().unwrap();
    assert_eq!(code(&e), "invalid_input");
    let v: String = c.query_one("SELECT value FROM meritkit.meta", &[]).unwrap().get(0);
    assert_eq!(v, "lain/9");
    // a wrong password or an unreachable server: the message never carries the URL or its password
    let port = url.rsplit_once(':').unwrap().1.split('/').next().unwrap().to_string();
    for bad in [
        format!("postgres://meritkit:RAHASIA-sandi@127.0.0.1:{port}/tidak_ada"),
        "postgres://meritkit:RAHASIA-sandi@127.0.0.1:1/meritkit".to_string(),
        "postgres://RAHASIA-sandi@@@".to_string(),
    ] {
        let e = Store::open_at(&Location::Postgres(bad.clone())).err().unwrap();
        let shown = serde_json::to_string(&e.problems()).unwrap() + &format!("{:?}", Location::Postgres(bad));
        assert!(!shown.contains("RAHASIA"), "{shown}");
        assert_eq!(code(&e), "invalid_input");
    }
}

/// The attack's finding: a `meritkit` schema made by another program (with
/// other tables, or its own `calibration_log`) is refused and left exactly
/// as it was; libpq's key=value form and PGPASSWORD work; wrong passwords and
/// unknown databases say so without the secret.
#[test]
fn postgres_foreign_schemas_and_logins() {
    let Some(url) = fresh_postgres() else { return };
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(
        "CREATE SCHEMA meritkit; CREATE TABLE meritkit.payroll (id int); \
         CREATE TABLE meritkit.calibration_log (id int, data text); INSERT INTO meritkit.calibration_log VALUES (1, 'x')",
    )
    .unwrap();
    let e = Store::open_at(&Location::Postgres(url.clone())).err().unwrap();
    assert_eq!(code(&e), "invalid_input");
    let tables: i64 = c.query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'meritkit'", &[]).unwrap().get(0);
    assert_eq!(tables, 2, "tables were added to the other program's schema");
    let funcs: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'meritkit'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(funcs, 0, "a function was added to the other program's schema");
    // its rows are still its own to delete (no trigger of ours on its table)
    c.batch_execute("DELETE FROM meritkit.calibration_log").unwrap();

    // libpq's key=value form reaches the same server; PGPASSWORD is read, never shown
    let rest = url.strip_prefix("postgres://meritkit@127.0.0.1:").unwrap();
    let (port, _) = rest.split_once('/').unwrap();
    let fresh = fresh_postgres().unwrap();
    let db = fresh.rsplit_once('/').unwrap().1;
    let kv = format!("host=127.0.0.1 port={port} user=meritkit dbname={db}");
    assert!(matches!(Location::parse(&kv), Location::Postgres(_)));
    let mut s = Store::open_at(&Location::parse(&kv)).unwrap();
    s.create("2026-03-02T09:00:00Z", "tim", example_snapshot()).unwrap();
    assert_eq!(Store::open_read_at(&Location::parse(&fresh)).unwrap().sessions().unwrap().len(), 1);
    let e = Store::open_at(&Location::parse(&format!("POSTGRES://meritkit@127.0.0.1:{port}/tidak_ada"))).err().unwrap();
    let msg = serde_json::to_string(&e.problems()).unwrap();
    assert!(msg.contains("no database of the name given"), "{msg}");
}

/// The documented deployment: the store created by its owner, the service run
/// as a role that may read and append only; that role cannot disable the
/// triggers, change or remove an entry.
#[test]
fn postgres_append_only_role() {
    let Some(url) = fresh_postgres() else { return };
    let mut owner = Store::open_at(&Location::Postgres(url.clone())).unwrap();
    owner.create("2026-03-02T09:00:00Z", "tim", example_snapshot()).unwrap();
    let role = format!("penilai_{}", std::process::id());
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(&format!(
        "CREATE ROLE {role} LOGIN; GRANT USAGE ON SCHEMA meritkit TO {role}; \
         GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA meritkit TO {role}"
    ))
    .unwrap();
    let as_role = url.replacen("postgres://meritkit@", &format!("postgres://{role}@"), 1);
    let mut s = Store::open_at(&Location::Postgres(as_role.clone())).unwrap();
    s.append("contoh-2026", "2026-03-02T09:01:00Z", "anggota", Event::Start {}).unwrap();
    assert!(s.verify("contoh-2026").unwrap().ok);
    let mut r = postgres::Client::connect(&as_role, postgres::NoTls).unwrap();
    for sql in [
        "ALTER TABLE meritkit.calibration_log DISABLE TRIGGER ALL",
        "UPDATE meritkit.calibration_log SET line = 'x'",
        "DELETE FROM meritkit.calibration_log",
        "TRUNCATE meritkit.calibration_log",
    ] {
        assert!(r.batch_execute(sql).is_err(), "the append-only role could run: {sql}");
    }
    assert_eq!(
        Store::open_read_at(&Location::Postgres(as_role)).unwrap().load("contoh-2026").unwrap().entries().len(),
        2
    );
}

#[test]
fn locations_parse() {
    assert!(matches!(Location::parse("postgres://a@b/c"), Location::Postgres(_)));
    assert!(matches!(Location::parse("PostgreSQL://a@b/c"), Location::Postgres(_)));
    assert!(matches!(Location::parse("bkpsdm.sqlite"), Location::File(_)));
    assert!(matches!(Location::parse("postgres.sqlite"), Location::File(_)));
    assert!(matches!(Location::parse("host=db dbname=bkpsdm"), Location::Postgres(_)));
    assert!(matches!(Location::parse("data/a=b.sqlite"), Location::File(_)));
    assert_eq!(Location::parse("POSTGRESQL://a@b/c"), Location::Postgres("postgresql://a@b/c".into()));
}

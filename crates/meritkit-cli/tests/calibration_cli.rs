//! `meritkit calibration`: a session from an employee file kept in SQLite (and PostgreSQL),
//! finalising blocked by an enforce guideline, a log whose changed byte is
//! located, several writers at once, and writers killed mid-session.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mk(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "calibration", "--store"])
        .arg(store)
        .args(["--actor", "tim-penilai"])
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// 19 people: three in box 9 (Sangat Baik, potential 95), the rest Baik with potential 75 (box 2 by the preset cut-offs).
fn nineteen(dir: &Path) -> PathBuf {
    let mut csv = String::from("nip,unit,position_kind,performance_2025,potential_score\n");
    for i in 0..19 {
        let (p, s) = if i < 3 { ("Sangat Baik", 95) } else { ("Baik", 75) };
        csv.push_str(&format!("198503152010011{:03},Dinas Pangan,pengawas,{p},{s}\n", i + 1));
    }
    let f = dir.join("pegawai.csv");
    std::fs::write(&f, csv).unwrap();
    f
}

fn report(store: &Path, session: &str) -> serde_json::Value {
    let o = mk(store, &["report", "--session", session, "-f", "json"]);
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn a_session_from_a_file_to_a_verified_log() {
    let dir = tempfile::tempdir().unwrap();
    session_cycle(&dir.path().join("bkpsdm.sqlite"), dir.path());
}

/// The same cycle with the store in PostgreSQL (`--store postgres://...`): a
/// fresh database on the server of `MERITKIT_TEST_POSTGRES` (started by
/// `scripts/test.d/10-rust.sh`; skipped without one unless
/// `MERITKIT_REQUIRE_POSTGRES=1`).
#[test]
fn a_session_in_postgres() {
    let Ok(url) = std::env::var("MERITKIT_TEST_POSTGRES") else {
        assert_ne!(std::env::var("MERITKIT_REQUIRE_POSTGRES").as_deref(), Ok("1"), "no MERITKIT_TEST_POSTGRES");
        eprintln!("MERITKIT_TEST_POSTGRES not set: skipped");
        return;
    };
    let name = format!("cli_{}", std::process::id());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let db = format!("{}/{name}", url.rsplit_once('/').unwrap().0);
    let dir = tempfile::tempdir().unwrap();
    session_cycle(Path::new(&db), dir.path());
    // listed from the database; the URL never shown
    let o = mk(Path::new(&db), &["list"]);
    assert!(o.status.success() && text(&o).contains("s1"), "{}", text(&o));
    let o = mk(Path::new(&db.replace("meritkit@", "meritkit:RAHASIA@").replace(&name, "tidak_ada")), &["list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!text(&o).contains("RAHASIA"), "{}", text(&o));
}

fn session_cycle(store: &Path, dir: &Path) {
    let store = store.to_path_buf();
    let input = nineteen(dir);
    let o = mk(
        &store,
        &[
            "snapshot",
            "-i",
            input.to_str().unwrap(),
            "--session",
            "s1",
            "--date",
            "2026-01-02",
            "--time",
            "2026-03-02T09:00:00Z",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let guide = dir.join("g.json");
    std::fs::write(&guide, r#"[{"id": "box9", "select": {"box": [9]}, "op": "<=", "percent": 10, "mode": "enforce"}]"#)
        .unwrap();
    let o = mk(
        &store,
        &["guidelines", "--session", "s1", "--file", guide.to_str().unwrap(), "--time", "2026-03-02T09:01:00Z"],
    );
    assert!(o.status.success(), "{}", text(&o));
    // 3 of 19 in box 9, at most 2 (1.9 rounded up): finalising is refused, exit 2
    let o = mk(&store, &["finalise", "--session", "s1", "--time", "2026-03-02T09:02:00Z"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("guideline_failed"), "{}", text(&o));
    let o = mk(
        &store,
        &[
            "move",
            "--session",
            "s1",
            "--nip",
            "198503152010011001",
            "--from-box",
            "9",
            "--to-box",
            "8",
            "--reason-code",
            "bukti_baru",
            "--reason",
            "rapat",
            "--time",
            "2026-03-02T10:00:00Z",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = mk(&store, &["finalise", "--session", "s1", "--time", "2026-03-02T10:01:00Z"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = report(&store, "s1");
    assert_eq!(r["status"], "finalised");
    assert_eq!(r["guidelines"][0]["count"], 2);
    assert_eq!(r["subjects"][0]["raw"]["box"], 9);
    assert_eq!(r["subjects"][0]["calibrated"]["box"], 8);
    // verify in the store, export, change one byte, verify the file: line 3 named, exit 1
    assert!(mk(&store, &["verify", "--session", "s1"]).status.success());
    let log = dir.join("s1.jsonl");
    assert!(mk(&store, &["export", "--session", "s1", "-o", log.to_str().unwrap()]).status.success());
    let mut bytes = std::fs::read(&log).unwrap();
    let at = bytes.windows(5).position(|w| w == b"rapat").unwrap();
    bytes[at] = b'R';
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, &bytes).unwrap();
    let o = mk(&store, &["verify", "--jsonl", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("line 3 [log_hash_mismatch]"), "{}", text(&o));
    // import: the intact log into another store, never the altered one, never twice
    let other = dir.join("other.sqlite");
    assert!(mk(&other, &["import", log.to_str().unwrap()]).status.success());
    assert_eq!(mk(&other, &["import", log.to_str().unwrap()]).status.code(), Some(2));
    let third = dir.join("third.sqlite");
    let o = mk(&third, &["import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("log_hash_mismatch"));
    assert_eq!(report(&other, "s1")["head"], r["head"]);
    // the messages never carry the NIP of the people moved
    let o = mk(
        &store,
        &[
            "move",
            "--session",
            "s1",
            "--nip",
            "198503152010011002",
            "--from-box",
            "9",
            "--to-box",
            "8",
            "--reason-code",
            "x",
            "--reason",
            "y",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!text(&o).contains("198503152010011002"), "{}", text(&o));
}

#[test]
fn the_store_refuses_edits_and_finds_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite");
    let input = nineteen(dir.path());
    assert!(mk(&store, &["snapshot", "-i", input.to_str().unwrap(), "--session", "s1", "--date", "2026-01-02"])
        .status
        .success());
    assert!(mk(&store, &["begin", "--session", "s1"]).status.success());
    // a sqlite3 user cannot update or delete the log (triggers), and an edit made around them is found
    let c = rusqlite_free_edit(&store);
    assert!(c, "the store let an entry be updated");
    let o = mk(&store, &["verify", "--session", "s1"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

/// Tries UPDATE (refused by the trigger), then drops the trigger and edits a line.
fn rusqlite_free_edit(store: &Path) -> bool {
    let sh = |sql: &str| {
        Command::new("python3")
            .args([
                "-c",
                &format!("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript({sql:?}); c.commit()"),
                store.to_str().unwrap(),
            ])
            .output()
            .unwrap()
    };
    let refused = !sh("UPDATE calibration_log SET line = replace(line, 'tim-penilai', 'orang-lain') WHERE seq = 2;")
        .status
        .success();
    let deleted = !sh("DELETE FROM calibration_log WHERE seq = 2;").status.success();
    assert!(refused && deleted, "UPDATE and DELETE must be refused");
    sh("DROP TRIGGER calibration_log_no_update; UPDATE calibration_log SET line = replace(line, 'tim-penilai', 'orang-lain') WHERE seq = 2;")
        .status
        .success()
}

/// Many writers at once, some killed at random moments: the store stays a
/// valid log, and every writer that reported success has its entry.
#[test]
fn concurrent_and_killed_writers_lose_nothing_committed() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.sqlite");
    let nip = |i: usize| format!("198503{:02}2010011{:03}", 10 + i / 999, i % 999 + 1);
    // a bigger snapshot, so that each append takes a while (reads and verifies it)
    let mut csv = String::from("nip,unit,position_kind,performance_2025,potential_score\n");
    for i in 0..3000 {
        csv.push_str(&format!("{},Dinas {},pengawas,Baik,75\n", nip(i), i % 6));
    }
    let input = dir.path().join("p.csv");
    std::fs::write(&input, csv).unwrap();
    let o = mk(&store, &["snapshot", "-i", input.to_str().unwrap(), "--session", "s1", "--date", "2026-01-02"]);
    assert!(o.status.success(), "{}", text(&o));
    let mut done = Vec::new();
    let mut rng = 12345u64;
    for round in 0..8 {
        let mut children = Vec::new();
        for k in 0..4 {
            let i = round * 4 + k;
            let c = Command::new(env!("CARGO_BIN_EXE_meritkit"))
                .args(["--lang", "en", "calibration", "--store"])
                .arg(&store)
                .args(["--actor", "a", "move", "--session", "s1", "--nip", &nip(i), "--from-box", "2", "--to-box", "5"])
                .args(["--reason-code", "x", "--reason", "y"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            children.push((i, c));
        }
        // kill one of the four after a pseudo-random delay
        rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        std::thread::sleep(std::time::Duration::from_millis(rng >> 58));
        let victim = (rng >> 40) as usize % 4;
        let _ = children[victim].1.kill();
        for (i, c) in children {
            let o = c.wait_with_output().unwrap();
            if o.status.success() {
                done.push(i);
            } else if o.status.code().is_some() {
                // a clear refusal (store_busy), never another failure
                assert!(
                    String::from_utf8_lossy(&o.stderr).contains("store_busy"),
                    "{}",
                    String::from_utf8_lossy(&o.stderr)
                );
            }
        }
    }
    let o = mk(&store, &["verify", "--session", "s1"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = report(&store, "s1");
    let moved: std::collections::BTreeSet<String> =
        r["move_log"].as_array().unwrap().iter().map(|m| m["nip"].as_str().unwrap().to_string()).collect();
    for i in &done {
        assert!(moved.contains(&nip(*i)), "a committed move was lost");
    }
    assert!(done.len() >= 8 * 3 - 8, "too few writers succeeded: {}", done.len());
    assert_eq!(r["head"]["seq"].as_u64().unwrap() as usize, 1 + moved.len());
}

/// `meritkit demo --review`: two periods, a session finalised after the
/// guideline holds, the export verified, one changed byte found on line 3.
#[test]
fn the_review_demo_runs_the_whole_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("demo.jsonl");
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["--lang", "en", "demo", "--review", "--review-log"])
        .arg(&log)
        .output()
        .unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Movement 2026 → 2027"), "{out}");
    // 3 % of the placed people, rounded up: finalising refused first, then the session is finalised
    assert!(out.contains("finalise refused: [guideline_failed]"), "{out}");
    assert!(out.contains("; finalised"), "{out}");
    assert!(out.contains("all 4 entries match"), "{out}");
    assert!(out.contains("line 3: [log_hash_mismatch]"), "{out}");
    // the exported log verifies on its own, through `calibration verify`
    let o = mk(&dir.path().join("s.sqlite"), &["verify", "--jsonl", log.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
}

/// What the attack found in the store: another program's database is not
/// changed, reading needs no write access, `:memory:` keeps nothing and is
/// refused, rows copied under another session id and a tampered session are
/// named (the others still listed), a future time and a mistyped group
/// column are refused, and a log cut or rewritten fails against its head.
#[test]
fn the_store_holds_its_ground() {
    let dir = tempfile::tempdir().unwrap();
    let input = nineteen(dir.path());
    let py = |db: &Path, sql: &str| {
        let o = Command::new("python3")
            .args([
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
            ])
            .arg(db)
            .arg(sql)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    // another program's SQLite database: refused, never altered
    let other = dir.path().join("other.db");
    py(&other, "CREATE TABLE pegawai (id INTEGER);");
    let before = std::fs::read(&other).unwrap();
    let o = mk(&other, &["snapshot", "-i", input.to_str().unwrap(), "--session", "s1", "--date", "2026-01-02"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(mk(&other, &["list"]).status.code(), Some(2));
    assert_eq!(std::fs::read(&other).unwrap(), before, "another program's database was changed");
    // reading a store that does not exist creates nothing
    let absent = dir.path().join("absent.sqlite");
    assert_eq!(mk(&absent, &["list"]).status.code(), Some(2));
    assert!(!absent.exists());
    // :memory: and URIs keep nothing: refused
    for m in [":memory:", "file:x?mode=memory"] {
        let o =
            mk(Path::new(m), &["snapshot", "-i", input.to_str().unwrap(), "--session", "s1", "--date", "2026-01-02"]);
        assert_eq!(o.status.code(), Some(2), "{m}: {}", text(&o));
    }
    // a real store; then read-only: verify, report, export and list still work
    let store = dir.path().join("s.sqlite");
    let o = mk(
        &store,
        &["snapshot", "-i", input.to_str().unwrap(), "--session", "s1", "--date", "2026-01-02", "--group-by", "sex"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = mk(
        &store,
        &["snapshot", "-i", input.to_str().unwrap(), "--session", "s2", "--date", "2026-01-02", "--group-by", "sexx"],
    );
    assert_eq!(o.status.code(), Some(2), "a mistyped group column: {}", text(&o));
    assert!(text(&o).contains("group_by[0]"));
    let o = mk(&store, &["begin", "--session", "s1", "--time", "9000-01-01T00:00:00Z"]);
    assert_eq!(o.status.code(), Some(2), "a time in the future: {}", text(&o));
    assert!(mk(&store, &["begin", "--session", "s1"]).status.success());
    let mut perm = std::fs::metadata(&store).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&store, perm.clone()).unwrap();
    for args in
        [&["verify", "--session", "s1"][..], &["report", "--session", "s1"], &["export", "--session", "s1"], &["list"]]
    {
        let o = mk(&store, args);
        assert!(o.status.success(), "{args:?} on a read-only store: {}", text(&o));
    }
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(&store, perm).unwrap();
    let head = report(&store, "s1")["head"]["hash"].as_str().unwrap().to_string();
    // the rows of s1 copied as s2: named, and `list` still lists s1
    py(&store, "INSERT INTO calibration_log (session, seq, line) SELECT 's2', seq, line FROM calibration_log WHERE session = 's1';");
    let o = mk(&store, &["verify", "--session", "s2"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = mk(&store, &["list"]);
    assert!(o.status.success());
    let l = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(l.lines().any(|x| x.starts_with("s1\tin_progress")), "{l}");
    assert!(l.lines().any(|x| x.starts_with("s2\tDOES NOT VERIFY")), "{l}");
    // an exported log cut before its recorded head, or without its last line feed
    let log = dir.path().join("s1.jsonl");
    assert!(mk(&store, &["export", "--session", "s1", "-o", log.to_str().unwrap()]).status.success());
    let full = std::fs::read_to_string(&log).unwrap();
    let first_line = format!("{}\n", full.lines().next().unwrap());
    std::fs::write(&log, &first_line).unwrap();
    assert!(mk(&store, &["verify", "--jsonl", log.to_str().unwrap()]).status.success(), "a prefix is a log of its own");
    let o = mk(&store, &["verify", "--jsonl", log.to_str().unwrap(), "--head", &head]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    std::fs::write(&log, full.trim_end()).unwrap();
    assert_eq!(mk(&store, &["verify", "--jsonl", log.to_str().unwrap()]).status.code(), Some(1));
    std::fs::write(&log, format!("\u{feff}{full}")).unwrap();
    assert_eq!(mk(&store, &["verify", "--jsonl", log.to_str().unwrap()]).status.code(), Some(1));
}

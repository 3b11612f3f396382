//! Calibration sessions: the documented rounding of distribution guidelines,
//! finalising blocked in enforce mode, moves against the current value, and a
//! log where any changed byte is found and located.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::calibration::guideline::{limit, Bounds, Guideline, Mode, Op, Select};
use meritkit::calibration::log::{self, Log};
use meritkit::calibration::session::{Change, Event, Move, SessionPolicy, SessionStatus, Snapshot, Subject, Value};
use meritkit::error::Code;
use proptest::prelude::*;

const T0: &str = "2026-03-02T09:00:00Z";

fn nip(i: usize) -> String {
    // 1985-03-15 birth, TMT 2010-01, male, serial i+1: valid NIPs (Perka BKN 22/2007)
    format!("198503152010011{:03}", i + 1)
}

/// `n` people of two units with the boxes given (cycled), sex from a group column.
fn snapshot(boxes: &[u16]) -> Event {
    Event::Snapshot(Box::new(Snapshot {
        session: "sulbar-2026".into(),
        title: Some("Kalibrasi 2026".into()),
        policy: SessionPolicy { name: "permenpanrb_3_2020".into(), fingerprint: "a".repeat(64) },
        grid: None,
        subjects: boxes
            .iter()
            .enumerate()
            .map(|(i, b)| Subject {
                nip: nip(i),
                unit: if i % 2 == 0 { "Dinas Pangan".into() } else { "Dinas Kesehatan".into() },
                box_: Some(*b),
                predikat: None,
                groups: [("sex".to_string(), if i % 3 == 0 { "female" } else { "male" }.to_string())].into(),
            })
            .collect(),
    }))
}

fn at_most(id: &str, boxes: &[u16], percent: f64, mode: Mode) -> Guideline {
    Guideline {
        id: id.into(),
        select: Select { boxes: Some(boxes.to_vec()), ..Select::default() },
        op: Op::AtMost,
        percent,
        percent_max: None,
        mode,
        per_unit: false,
        basis: Some("keputusan tim penilai kinerja (local)".into()),
    }
}

fn box_move(i: usize, from: u16, to: u16) -> Move {
    Move { nip: nip(i), from: Value::Box(Some(from)), to: Value::Box(Some(to)) }
}

fn moved(moves: Vec<Move>) -> Event {
    Event::Move { moves, reason_code: "bukti_kinerja_baru".into(), reason: "rapat tim penilai kinerja".into() }
}

fn codes(ps: &[meritkit::error::Problem]) -> Vec<Code> {
    ps.iter().map(|p| p.code).collect()
}

#[test]
fn rounding_follows_the_documented_rule() {
    // SAP's documented rounding: percent × headcount, up for ≤ / <, down for ≥ / >.
    assert_eq!(limit(Op::AtMost, 10.0, 19), Some(2)); // 1.9 → at most 2
    assert_eq!(limit(Op::AtLeast, 10.0, 19), Some(1)); // 1.9 → at least 1
    assert_eq!(limit(Op::AtMost, 10.0, 20), Some(2)); // exact stays exact
    assert_eq!(limit(Op::AtMost, 70.0, 3), Some(3)); // 2.1 → 3
    assert_eq!(limit(Op::AtLeast, 60.0, 4), Some(2)); // 2.4 → 2
    let g = |op, percent, percent_max| Guideline {
        id: "g".into(),
        select: Select { boxes: Some(vec![9]), ..Select::default() },
        op,
        percent,
        percent_max,
        mode: Mode::Warn,
        per_unit: false,
        basis: None,
    };
    // 19 at ≤ 10 %: 2 allowed, 3 not
    assert!(g(Op::AtMost, 10.0, None).holds(2, 19));
    assert!(!g(Op::AtMost, 10.0, None).holds(3, 19));
    // < 10 % of 20 (2 people): fewer than 2
    assert_eq!(g(Op::Below, 10.0, None).bounds(20), Some(Bounds { min: None, max: Some(1) }));
    // "at least some" is > 0 %: at least one person; "none" is = 0 %
    assert_eq!(g(Op::Above, 0.0, None).bounds(19), Some(Bounds { min: Some(1), max: None }));
    assert!(!g(Op::Above, 0.0, None).holds(0, 19));
    assert!(g(Op::Exactly, 0.0, None).holds(0, 19));
    assert!(!g(Op::Exactly, 0.0, None).holds(1, 19));
    // < 0 %: nobody can be fewer than none
    assert!(!g(Op::Below, 0.0, None).holds(0, 19));
    // between 10 % and 20 % of 19: 1.9 down to 1, 3.8 up to 4
    assert_eq!(g(Op::Between, 10.0, Some(20.0)).bounds(19), Some(Bounds { min: Some(1), max: Some(4) }));
    // = rounds to the nearest person: 25 % of 10 = 2.5 → 3
    assert_eq!(limit(Op::Exactly, 25.0, 10), Some(3));
    // exact arithmetic: 0.1 % of 1000 is exactly 1 (no float residue rounding it up to 2)
    assert_eq!(limit(Op::AtMost, 0.1, 1000), Some(1));
    assert_eq!(limit(Op::AtLeast, 0.1, 1000), Some(1));
    // a percentage outside 0-100 has no limit
    assert_eq!(limit(Op::AtMost, 100.5, 10), None);
    assert_eq!(limit(Op::AtMost, f64::NAN, 10), None);
}

proptest! {
    /// So that Σ lower limits ≤ N ≤ Σ upper limits for any curve summing to 100 %.
    #[test]
    fn lower_limits_never_exceed_the_headcount(n in 0usize..5_000, cuts in proptest::collection::vec(0u32..=1000, 1..6)) {
        let total: u32 = cuts.iter().sum::<u32>().max(1);
        // integer per-mille shares that sum to exactly 100 %
        let mut shares: Vec<f64> = cuts.iter().map(|c| f64::from(c * 100_000 / total) / 1000.0).collect();
        let rest = 100.0 - shares.iter().sum::<f64>();
        shares[0] += rest;
        prop_assume!(shares.iter().all(|s| (0.0..=100.0).contains(s)));
        let lower: usize = shares.iter().map(|s| limit(Op::AtLeast, *s, n).unwrap()).sum();
        let upper: usize = shares.iter().map(|s| limit(Op::AtMost, *s, n).unwrap()).sum();
        prop_assert!(lower <= n + 1, "lower {lower} n {n}");
        prop_assert!(upper + 1 >= n, "upper {upper} n {n}");
    }
}

/// 19 people, three in box 9.
fn nineteen() -> Vec<u16> {
    let mut b = vec![9, 9, 9];
    b.extend([5u16; 10]);
    b.extend([7u16; 6]);
    b
}

#[test]
fn enforce_blocks_finalising_until_the_guideline_holds() {
    let mut log = Log::new();
    log.append(T0, "fasilitator", snapshot(&nineteen())).unwrap();
    log.append(
        T0,
        "fasilitator",
        Event::Guidelines { guidelines: vec![at_most("box9_max10", &[9], 10.0, Mode::Enforce)] },
    )
    .unwrap();
    // 3 of 19 in box 9, at most 2 allowed (10 % × 19 = 1.9, rounded up)
    let r = log.session().report(false);
    assert_eq!((r.guidelines[0].count, r.guidelines[0].bounds.max), (3, Some(2)));
    assert!(!r.finalisable);
    let refused = log.append("2026-03-02T10:00:00Z", "ketua", Event::Finalise {}).unwrap_err();
    assert_eq!(codes(&refused), [Code::GuidelineFailed]);
    assert_eq!(refused[0].path, "guidelines.box9_max10");
    assert_eq!(log.entries().len(), 2, "a refused event is not logged");
    // one person of box 9 to box 8: 2 of 19 hold
    log.append("2026-03-02T10:05:00Z", "anggota-1", moved(vec![box_move(0, 9, 8)])).unwrap();
    assert_eq!(log.session().status(), SessionStatus::InProgress);
    log.append("2026-03-02T10:10:00Z", "ketua", Event::Finalise {}).unwrap();
    assert_eq!(log.session().status(), SessionStatus::Finalised);
    // locked
    let e = log.append("2026-03-02T10:11:00Z", "anggota-1", moved(vec![box_move(1, 9, 8)])).unwrap_err();
    assert_eq!(codes(&e), [Code::SessionState]);
    // reopened with a logged reason, then moves are allowed again
    assert_eq!(
        codes(&log.append("2026-03-02T10:12:00Z", "ketua", Event::Reopen { reason: " ".into() }).unwrap_err()),
        [Code::InvalidValue]
    );
    log.append("2026-03-02T10:12:00Z", "ketua", Event::Reopen { reason: "keberatan pegawai".into() }).unwrap();
    log.append("2026-03-02T10:13:00Z", "anggota-1", moved(vec![box_move(1, 9, 8)])).unwrap();
    let r = log.session().report(true);
    assert_eq!(r.status, SessionStatus::InProgress);
    let statuses: Vec<SessionStatus> = r.history.iter().map(|h| h.status).collect();
    assert_eq!(
        statuses,
        [SessionStatus::SetUp, SessionStatus::InProgress, SessionStatus::Finalised, SessionStatus::InProgress]
    );
    assert_eq!(r.history[3].reason.as_deref(), Some("keberatan pegawai"));
    // raw and calibrated side by side
    let s0 = &r.subjects.as_ref().unwrap()[0];
    assert_eq!((s0.raw.box_, s0.calibrated.box_), (Some(9), Some(8)));
    // box 9 → 8: potensial stays tinggi, kinerja from di atas to sesuai ekspektasi: down
    assert_eq!(s0.calibrated.performance_level.as_deref(), Some("sesuai_ekspektasi"));
    assert_eq!(s0.calibrated.potential_level.as_deref(), Some("tinggi"));
    assert_eq!(s0.change, Change::Down);
    assert_eq!((r.changed, r.moved_down, r.moved_up), (2, 2, 0));
    let nine = r.distribution.iter().find(|d| d.box_ == Some(9)).unwrap();
    assert_eq!((nine.raw, nine.calibrated), (3, 1));
}

#[test]
fn warn_mode_reports_but_does_not_block() {
    let mut log = Log::new();
    log.append(T0, "f", snapshot(&nineteen())).unwrap();
    log.append(T0, "f", Event::Guidelines { guidelines: vec![at_most("box9", &[9], 10.0, Mode::Warn)] }).unwrap();
    assert!(!log.session().report(false).guidelines[0].ok);
    log.append(T0, "f", Event::Finalise {}).unwrap();
    assert_eq!(log.session().status(), SessionStatus::Finalised);
}

#[test]
fn per_unit_guidelines_count_each_unit() {
    let mut log = Log::new();
    log.append(T0, "f", snapshot(&nineteen())).unwrap();
    let mut g = at_most("box9_unit", &[9], 10.0, Mode::Enforce);
    g.per_unit = true;
    log.append(T0, "f", Event::Guidelines { guidelines: vec![g] }).unwrap();
    let r = log.session().report(false);
    // units alternate: Dinas Pangan has 10 people (rows 0,2,...), two of them in box 9 (rows 0, 2)
    let pangan = r.guidelines.iter().find(|g| g.unit.as_deref() == Some("Dinas Pangan")).unwrap();
    assert_eq!((pangan.headcount, pangan.count, pangan.bounds.max, pangan.ok), (10, 2, Some(1), false));
    let kes = r.guidelines.iter().find(|g| g.unit.as_deref() == Some("Dinas Kesehatan")).unwrap();
    assert_eq!((kes.headcount, kes.count, kes.ok), (9, 1, true));
}

#[test]
fn moves_are_checked_against_the_current_value() {
    let mut log = Log::new();
    log.append(T0, "f", snapshot(&[9, 5, 2])).unwrap();
    log.append(T0, "a", moved(vec![box_move(1, 5, 8)])).unwrap();
    // someone else saw the old value
    let e = log.append(T0, "b", moved(vec![box_move(1, 5, 7)])).unwrap_err();
    assert_eq!(codes(&e), [Code::StaleMove]);
    assert_eq!(e[0].path, "event.moves[0].from");
    // every problem at once: an unknown person, a box outside the grid, a repeated person, a mixed kind
    let e = log
        .append(
            T0,
            "b",
            moved(vec![
                Move { nip: "199901012020011001".into(), from: Value::Box(Some(5)), to: Value::Box(Some(8)) },
                box_move(2, 2, 10),
                box_move(0, 9, 8),
                box_move(0, 9, 7),
                Move { nip: nip(1), from: Value::Box(Some(8)), to: Value::Predikat(None) },
            ]),
        )
        .unwrap_err();
    assert_eq!(codes(&e), [Code::UnknownSubject, Code::InvalidValue, Code::InvalidValue, Code::InvalidValue]);
    assert_eq!(e[1].path, "event.moves[1].to");
    assert_eq!(e[2].path, "event.moves[3].nip");
    // a level move keeps the other axis: box 2 (kinerja sesuai, potensial rendah) to potensial tinggi is box 8
    log.append(
        T0,
        "a",
        moved(vec![Move {
            nip: nip(2),
            from: Value::PotentialLevel("rendah".into()),
            to: Value::PotentialLevel("tinggi".into()),
        }]),
    )
    .unwrap();
    let r = log.session().report(true);
    assert_eq!(r.subjects.as_ref().unwrap()[2].calibrated.box_, Some(8));
    // no NIP or name inside any message
    for p in &e {
        assert!(!p.message.en.contains("1985") && !p.message.id.contains("1985"), "{p:?}");
    }
}

#[test]
fn the_first_event_is_the_snapshot_and_only_once() {
    let mut log = Log::new();
    assert_eq!(codes(&log.append(T0, "f", Event::Start {}).unwrap_err()), [Code::SessionState]);
    log.append(T0, "f", snapshot(&[5])).unwrap();
    assert_eq!(codes(&log.append(T0, "f", snapshot(&[5])).unwrap_err()), [Code::SessionState]);
    // time never goes back, and an actor is named
    let e = log.append("2026-03-01T09:00:00Z", "", Event::Start {}).unwrap_err();
    assert_eq!(codes(&e), [Code::InvalidValue, Code::InvalidValue]);
}

#[test]
fn a_snapshot_with_a_repeated_nip_is_refused() {
    let Event::Snapshot(mut s) = snapshot(&[5, 5]) else { unreachable!() };
    s.subjects[1].nip = s.subjects[0].nip.clone();
    let e = Log::new().append(T0, "f", Event::Snapshot(s.clone())).unwrap_err();
    assert_eq!(codes(&e), [Code::DuplicateNip]);
    assert_eq!(e[0].path, "event.subjects[1].nip");
    // a NIP with spaces is not as a snapshot writes it (moves name NIPs exactly)
    s.subjects[1].nip = format!(" {} ", s.subjects[0].nip);
    let e = Log::new().append(T0, "f", Event::Snapshot(s)).unwrap_err();
    assert_eq!(codes(&e), [Code::InvalidValue]);
}

fn session_log() -> Log {
    let mut log = Log::new();
    log.append(T0, "f", snapshot(&nineteen())).unwrap();
    log.append(T0, "f", Event::Guidelines { guidelines: vec![at_most("box9", &[9], 10.0, Mode::Enforce)] }).unwrap();
    log.append("2026-03-02T10:00:00Z", "a", moved(vec![box_move(0, 9, 8), box_move(3, 5, 7)])).unwrap();
    log.append("2026-03-02T11:00:00Z", "k", Event::Finalise {}).unwrap();
    log
}

#[test]
fn any_changed_byte_is_found_on_its_line() {
    let log = session_log();
    let text = log.to_jsonl();
    let v = log::verify(&text);
    assert!(v.ok, "{v:?}");
    assert_eq!(v.entries, 4);
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).filter(|&i| i < text.len()).collect();
    let line_of = |pos: usize| line_starts.iter().rposition(|&s| s <= pos).unwrap() + 1;
    let bytes = text.as_bytes();
    // every byte of the short entries, and a stride through the long snapshot line
    let positions: Vec<usize> = (0..bytes.len()).filter(|&i| line_of(i) > 1 || i % 7 == 0).collect();
    for pos in positions {
        for replacement in [b'0', b'x', b' ', b'"'] {
            if bytes[pos] == replacement {
                continue;
            }
            let mut t = bytes.to_vec();
            t[pos] = replacement;
            let Ok(t) = String::from_utf8(t) else { continue };
            let v = log::verify(&t);
            assert!(!v.ok, "byte {pos} changed to {replacement} not detected");
            assert_eq!(v.first_bad.unwrap().line, line_of(pos), "byte {pos}");
            assert_eq!(v.entries, line_of(pos) - 1);
        }
    }
}

#[test]
fn removed_inserted_or_swapped_entries_break_the_chain() {
    let text = session_log().to_jsonl();
    let lines: Vec<&str> = text.lines().collect();
    let join = |ls: &[&str]| ls.iter().map(|l| format!("{l}\n")).collect::<String>();
    // entry 2 removed: entry 3 is out of sequence
    let v = log::verify(&join(&[lines[0], lines[2], lines[3]]));
    let bad = v.first_bad.unwrap();
    assert_eq!((bad.line, bad.problems[0].code), (2, Code::LogSequence));
    // entries 2 and 3 swapped
    let v = log::verify(&join(&[lines[0], lines[2], lines[1], lines[3]]));
    assert_eq!(v.first_bad.unwrap().line, 2);
    // a forged entry 2 (renumbered and rehashed, but the chain points at the real entry 1 of another log)
    let other = {
        let mut l = Log::new();
        l.append(T0, "f", snapshot(&[5])).unwrap();
        l.append(T0, "f", Event::Start {}).unwrap();
        l.to_jsonl()
    };
    let forged: Vec<&str> = other.lines().collect();
    let v = log::verify(&join(&[lines[0], forged[1]]));
    let bad = v.first_bad.unwrap();
    assert_eq!((bad.line, bad.problems[0].code), (2, Code::LogChainBroken));
    // Windows line ends are a changed byte too
    assert!(!log::verify(&text.replace('\n', "\r\n")).ok);
    // an empty log is not a session
    assert!(!log::verify("").ok);
}

#[test]
fn replaying_gives_the_same_session() {
    let log = session_log();
    let again = Log::replay(log.entries().to_vec()).unwrap();
    assert_eq!(again.session().report(true), log.session().report(true));
    let read = log::read(&log.to_jsonl()).unwrap();
    assert_eq!(read.session().report(true), log.session().report(true));
    assert_eq!(read.session().head(), log.session().head());
}

#[test]
fn the_moves_are_tested_for_adverse_impact() {
    // 10 people: rows 0, 3, 6, 9 female (4), the rest male (6); every man moved up, no woman
    let mut log = Log::new();
    log.append(T0, "f", snapshot(&[5; 10])).unwrap();
    let ups: Vec<Move> = (0..10).filter(|i| i % 3 != 0).map(|i| box_move(i, 5, 8)).collect();
    log.append(T0, "a", moved(ups)).unwrap();
    let r = log.session().report(false);
    let up = r.impact.iter().find(|x| x.stage.as_deref() == Some("calibration_moved_up")).unwrap();
    assert_eq!(up.column.as_deref(), Some("sex"));
    let female = up.groups.iter().find(|g| g.group == "female").unwrap();
    let male = up.groups.iter().find(|g| g.group == "male").unwrap();
    assert_eq!((female.considered, female.selected, male.considered, male.selected), (4, 0, 6, 6));
    // rate 0 against 1: impact ratio 0, below four-fifths (29 CFR 1607.4(D))
    assert_eq!(female.impact_ratio, Some(0.0));
    assert_eq!(female.four_fifths_flag, Some(true));
    assert_eq!(up.reference_group.as_deref(), Some("male"));
    assert_eq!(r.by_actor[0].people, 6);
}

#[test]
fn a_rewritten_log_passes_only_without_its_recorded_head() {
    // someone with write access drops the move and re-chains the rest with recomputed hashes
    let log = session_log();
    let head = log.entries().last().unwrap().hash.clone();
    let mut forged = Log::new();
    for e in log.entries().iter().filter(|e| !matches!(e.event, Event::Move { .. })) {
        forged.append(&e.time, &e.actor, e.event.clone()).ok();
    }
    let text = forged.to_jsonl();
    // the chain alone cannot tell: it is a valid log of its own
    assert!(log::verify(&text).ok);
    // the head recorded in the minutes can
    let v = log::verify_head(&text, &head);
    assert!(!v.ok);
    assert_eq!(v.first_bad.unwrap().problems[0].code, Code::LogChainBroken);
    assert!(log::verify_head(&log.to_jsonl(), &head).ok);
}

#[test]
fn every_line_ends_with_a_line_feed_and_nothing_precedes_the_first() {
    let text = session_log().to_jsonl();
    let cut = text.strip_suffix('\n').unwrap();
    let v = log::verify(cut);
    assert_eq!((v.ok, v.first_bad.unwrap().line), (false, 4));
    let v = log::verify(&format!("\u{feff}{text}"));
    assert_eq!((v.ok, v.first_bad.unwrap().line), (false, 1));
}

#[test]
fn moves_name_the_nip_exactly_as_the_snapshot() {
    let mut log = Log::new();
    log.append(T0, "f", snapshot(&[9, 5])).unwrap();
    let padded = Move { nip: format!(" {} ", nip(0)), from: Value::Box(Some(9)), to: Value::Box(Some(8)) };
    assert_eq!(codes(&log.append(T0, "a", moved(vec![padded])).unwrap_err()), [Code::UnknownSubject]);
}

#[test]
fn a_failing_per_unit_guideline_names_its_unit() {
    let mut log = Log::new();
    log.append(T0, "f", snapshot(&nineteen())).unwrap();
    let mut g = at_most("box9_unit", &[9], 10.0, Mode::Enforce);
    g.per_unit = true;
    log.append(T0, "f", Event::Guidelines { guidelines: vec![g] }).unwrap();
    let e = log.append(T0, "k", Event::Finalise {}).unwrap_err();
    assert_eq!(e.len(), 1, "only Dinas Pangan fails");
    assert!(e[0].message.en.contains("`Dinas Pangan`") && e[0].message.id.contains("`Dinas Pangan`"), "{e:?}");
}

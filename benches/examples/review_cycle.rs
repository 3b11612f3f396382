//! The talent-review benchmarks (issue 15), timed here and run beside their
//! pandas equivalents by `benches/python/bench_review.py`:
//!
//! * `movement N`: the movement matrix of two periods of N placements each
//!   (`movement::compare` on typed placements, `Rows::Marks`; 1 % gone, 1 % new, 20 % moved);
//! * `replay P M`: a calibration session of P people and M single-person
//!   moves, appended event by event (each checked and hashed), then the
//!   exported JSONL log read back and verified entry by entry.
//!
//! The data follow formulas that the Python script repeats, and the counts
//! printed (JSON on stdout) are compared with pandas' there.
use meritkit::calibration::log::{self, Log};
use meritkit::calibration::session::{Event, Move, SessionPolicy, Snapshot, Subject, Value};
use std::time::Instant;

fn box_a(i: usize) -> u16 {
    1 + (i * 7 % 9) as u16
}

fn box_b(i: usize) -> u16 {
    if i.is_multiple_of(5) {
        1 + ((i * 7 + 3) % 9) as u16
    } else {
        box_a(i)
    }
}

fn nip(i: usize) -> String {
    format!("{i:018}")
}

struct Rows {
    nips: Vec<String>,
    units: Vec<String>,
    boxes: Vec<u16>,
}

impl Rows {
    fn push(&mut self, i: usize, b: u16) {
        self.nips.push(nip(i));
        self.units.push(format!("OPD-{:02}", i % 40));
        self.boxes.push(b);
    }
    fn marks(&self) -> Vec<meritkit::movement::Mark<'_>> {
        (0..self.nips.len())
            .map(|j| meritkit::movement::Mark { nip: &self.nips[j], unit: &self.units[j], box_: Some(self.boxes[j]) })
            .collect()
    }
}

fn movement(n: usize) {
    let gone = n / 100;
    let (mut a, mut b) =
        (Rows { nips: vec![], units: vec![], boxes: vec![] }, Rows { nips: vec![], units: vec![], boxes: vec![] });
    (0..n).for_each(|i| a.push(i, box_a(i)));
    // the last 1 % are gone in B; 1 % new people join
    (0..n - gone).for_each(|i| b.push(i, box_b(i)));
    (n..n + gone).for_each(|i| b.push(i, box_a(i)));
    let policy = meritkit::policy::Policy::preset("permenpanrb_3_2020").unwrap_or_else(|e| panic!("{e}"));
    let date = |y| jiff::civil::Date::new(y, 12, 31).unwrap_or_else(|e| panic!("{e}"));
    let (ma, mb) = (a.marks(), b.marks());
    let periods = [
        meritkit::movement::Period {
            label: "2025".into(),
            date: date(2025),
            rows: meritkit::movement::Rows::Marks(&ma),
        },
        meritkit::movement::Period {
            label: "2026".into(),
            date: date(2026),
            rows: meritkit::movement::Rows::Marks(&mb),
        },
    ];
    let opts = meritkit::movement::Options { detail: meritkit::movement::Detail::Summary, ..Default::default() };
    let t = Instant::now();
    let out = meritkit::movement::compare(&periods, &policy, &opts).unwrap_or_else(|e| panic!("{e}"));
    let secs = t.elapsed().as_secs_f64();
    let c = &out.changes[0];
    let cells: Vec<(u16, u16, usize)> =
        c.matrix.iter().map(|x| (x.from_box.unwrap_or(0), x.to_box.unwrap_or(0), x.count)).collect();
    println!(
        "{}",
        serde_json::json!({"what": "movement", "n": n, "seconds": secs, "matched": c.counts.matched,
            "new": c.counts.new, "gone": c.counts.gone, "cells": cells})
    );
}

fn replay(people: usize, moves: usize) {
    let subjects: Vec<Subject> = (0..people)
        .map(|i| Subject {
            nip: nip(i),
            unit: format!("OPD-{:02}", i % 40),
            box_: Some(5),
            predikat: None,
            groups: Default::default(),
        })
        .collect();
    let snap = Event::Snapshot(Box::new(Snapshot {
        session: "bench".into(),
        title: None,
        policy: SessionPolicy { name: "permenpanrb_3_2020".into(), fingerprint: "0".repeat(64) },
        grid: None,
        subjects,
    }));
    let time = "2026-03-02T09:00:00Z";
    let mut log = Log::new();
    let t = Instant::now();
    log.append(time, "f", snap).unwrap_or_else(|e| panic!("{e:?}"));
    let t_snap = t.elapsed().as_secs_f64();
    // move k: person k % people, from its current box to the next (5 → 8 → 9 → 5 ...)
    let next = |b: u16| match b {
        5 => 8,
        8 => 9,
        _ => 5,
    };
    let mut current = vec![5u16; people];
    let t = Instant::now();
    for k in 0..moves {
        let p = k % people;
        let (from, to) = (current[p], next(current[p]));
        current[p] = to;
        let ev = Event::Move {
            moves: vec![Move { nip: nip(p), from: Value::Box(Some(from)), to: Value::Box(Some(to)) }],
            reason_code: "bench".into(),
            reason: "benchmark".into(),
        };
        log.append(time, "a", ev).unwrap_or_else(|e| panic!("{e:?}"));
    }
    let t_moves = t.elapsed().as_secs_f64();
    let text = log.to_jsonl();
    let t = Instant::now();
    let v = log::verify(&text);
    let t_verify = t.elapsed().as_secs_f64();
    assert!(v.ok);
    let r = log.session().report(false);
    let dist: Vec<(u16, usize)> = r.distribution.iter().map(|d| (d.box_.unwrap_or(0), d.calibrated)).collect();
    println!(
        "{}",
        serde_json::json!({"what": "replay", "people": people, "moves": moves, "snapshot_seconds": t_snap,
            "append_seconds": t_moves, "verify_seconds": t_verify, "log_bytes": text.len(), "calibrated": dist})
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    match args.get(1).map(String::as_str) {
        Some("replay") => replay(arg(2, 100_000), arg(3, 10_000)),
        _ => movement(arg(2, 1_000_000)),
    }
}
